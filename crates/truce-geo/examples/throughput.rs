//! Points per second for `Geography::place_point`, indexed and naive, on
//! seeded random points in the region; optionally writes the points and our
//! answers to CSV for the PostGIS comparison (`benches/postgis.sh`).
//!
//! ```sh
//! cargo run --release -p truce-geo --example throughput -- [N] [NAIVE_N] [--csv FILE --csv-n M]
//! ```
//!
//! The library itself never reads a clock or writes a file; this example is
//! the measuring edge, so it may.

use std::io::Write as _;
use std::time::Instant;

use truce_geo::{GeoPoint, Geography, Placement};

/// Seed of the point generator: the date of the Doha ceasefire.
const SEED: u64 = 20_251_019;

/// SplitMix64: a tiny seeded generator, so every run (and PostGIS) sees the
/// same points.
struct SplitMix(u64);

impl SplitMix {
    fn next_f64(&mut self) -> f64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        ((z ^ (z >> 31)) >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// Uniform points in the bounding box of the two countries.
fn points(n: usize, seed: u64) -> Vec<GeoPoint> {
    let mut rng = SplitMix(seed);
    let mut out = Vec::with_capacity(n);
    while out.len() < n {
        let lat = 23.7 + rng.next_f64() * 14.8;
        let lon = 60.5 + rng.next_f64() * 16.5;
        if let Ok(point) = GeoPoint::parse(lat, lon) {
            out.push(point);
        }
    }
    out
}

/// CPU seconds this process has used (user + system), from
/// `/proc/self/stat`; `None` where that file does not exist.
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the parenthesised command name; utime and stime are the
    // 14th and 15th fields overall, in clock ticks (100 per second on Linux).
    let rest = stat.rsplit_once(')')?.1;
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let utime: f64 = fields.get(11)?.parse().ok()?;
    let stime: f64 = fields.get(12)?.parse().ok()?;
    Some((utime + stime) / 100.0)
}

#[allow(clippy::disallowed_methods)] // Measuring wall-clock time is the point here.
fn time<T>(f: impl FnOnce() -> T) -> (T, f64) {
    let cpu_start = cpu_seconds();
    let start = Instant::now();
    let value = f();
    let wall = start.elapsed().as_secs_f64();
    if let (Some(a), Some(b)) = (cpu_start, cpu_seconds())
        && wall > 0.2
    {
        println!("  (wall {wall:.3} s, CPU {:.2} s)", b - a);
    }
    (value, wall)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut positional = args.iter().filter(|a| !a.starts_with("--"));
    let n: usize = positional.next().map_or(Ok(1_000_000), |s| s.parse())?;
    let naive_n: usize = positional.next().map_or(Ok(20_000), |s| s.parse())?;
    let flag = |name: &str| args.iter().position(|a| a == name).and_then(|i| args.get(i + 1)).cloned();
    let csv = flag("--csv");
    let csv_n: usize = flag("--csv-n").map_or(Ok(100_000), |s| s.parse())?;

    let (geo, load_s) = time(Geography::embedded);
    let geo = geo?;
    println!("load + index embedded data: {:.1} ms", load_s * 1e3);

    let sample = points(n, SEED);
    let keep = csv_n.max(naive_n).max(n / 5).min(n);
    // Classify everything, keep only what the comparison and the CSV need:
    // storing a million placements would measure the allocator, not us.
    let ((kept, mix), indexed_s) = time(|| {
        let mut kept: Vec<Placement> = Vec::with_capacity(keep);
        let mut mix = [0usize; 4];
        for (i, p) in sample.iter().enumerate() {
            let placement = geo.place_point(p);
            match placement.side {
                Some(truce_geo::Side::Pakistan) => mix[0] += 1,
                Some(truce_geo::Side::Afghanistan) => mix[1] += 1,
                None => mix[2] += 1,
            }
            if placement.sector.is_some() {
                mix[3] += 1;
            }
            if i < keep {
                kept.push(placement);
            }
        }
        (kept, mix)
    });
    let indexed_rate = n as f64 / indexed_s;
    println!(
        "indexed: {n} points in {indexed_s:.3} s = {indexed_rate:.0} points/s ({:.0} ns/point)",
        indexed_s * 1e9 / n as f64
    );
    let (_, warm_s) = time(|| sample.iter().map(|p| geo.place_point(p).border_km).sum::<f64>());
    println!(
        "indexed, second pass (grid cells already filled): {:.0} points/s ({:.0} ns/point)",
        n as f64 / warm_s,
        warm_s * 1e9 / n as f64
    );

    // The same points in a spatially coherent order (0.1° cells, row by
    // row), as real reports cluster: this shows how much of the cost of the
    // random order is cache misses.
    let mut sorted = sample.clone();
    sorted.sort_by_key(|p| ((p.lat() * 10.0).floor() as i64, (p.lon() * 10.0).floor() as i64));
    let (_, sorted_s) = time(|| sorted.iter().map(|p| geo.place_point(p).border_km).sum::<f64>());
    println!(
        "indexed, same points in spatial order: {:.0} points/s ({:.0} ns/point)",
        n as f64 / sorted_s,
        sorted_s * 1e9 / n as f64
    );

    let tree_sample = &sample[..(n / 5).max(1).min(n)];
    let (tree_only, tree_s) =
        time(|| tree_sample.iter().map(|p| geo.place_point_tree_only(p)).collect::<Vec<Placement>>());
    let tree_rate = tree_sample.len() as f64 / tree_s;
    println!(
        "R*-trees and banded polygons only, no grid: {} points in {tree_s:.3} s = {tree_rate:.0} points/s ({:.0} ns/point)",
        tree_sample.len(),
        tree_s * 1e9 / tree_sample.len() as f64
    );
    let tree_disagree = tree_only.iter().zip(&kept).filter(|(a, b)| a != b).count();
    println!("tree-only and indexed disagree on {tree_disagree} of {} points", tree_only.len().min(kept.len()));

    let naive_sample = &sample[..naive_n.min(n)];
    let (naive, naive_s) = time(|| naive_sample.iter().map(|p| geo.place_point_naive(p)).collect::<Vec<Placement>>());
    let naive_rate = naive_sample.len() as f64 / naive_s;
    println!(
        "naive:   {} points in {naive_s:.3} s = {naive_rate:.0} points/s ({:.0} ns/point)",
        naive_sample.len(),
        naive_s * 1e9 / naive_sample.len() as f64
    );
    println!("speed-up of the index: {:.0}x", indexed_rate / naive_rate);
    let disagree = naive.iter().zip(&kept).filter(|(a, b)| a != b).count();
    println!("indexed and naive disagree on {disagree} of {} points", naive.len());
    println!(
        "mix: {} in Pakistan, {} in Afghanistan, {} in neither; {} within a sector",
        mix[0], mix[1], mix[2], mix[3]
    );

    if let Some(path) = csv {
        let mut out = std::io::BufWriter::new(std::fs::File::create(&path)?);
        writeln!(out, "id,lat,lon,side,border_km")?;
        for (id, (p, placement)) in sample.iter().zip(&kept).take(csv_n).enumerate() {
            let side = placement.side.map_or("", |s| s.iso_code());
            writeln!(out, "{id},{},{},{side},{}", p.lat(), p.lon(), placement.border_km)?;
        }
        println!("wrote {} points to {path}", csv_n.min(n));
    }
    Ok(())
}
