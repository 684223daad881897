//! Criterion benchmarks of classification: the indexed `place_point`
//! against the naive loop over every segment, edge and place, plus the
//! single questions on their own. Points are seeded and uniform over the
//! two countries' bounding box, as in `examples/throughput.rs` (which
//! prints points per second for a million of them).

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use truce_geo::{GeoPoint, Geography};

/// SplitMix64, seeded: the same points on every run.
fn points(n: usize, seed: u64) -> Vec<GeoPoint> {
    let mut state = seed;
    let mut next = move || {
        state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        ((z ^ (z >> 31)) >> 11) as f64 / (1u64 << 53) as f64
    };
    let mut out = Vec::with_capacity(n);
    while out.len() < n {
        if let Ok(point) = GeoPoint::parse(23.7 + next() * 14.8, 60.5 + next() * 16.5) {
            out.push(point);
        }
    }
    out
}

fn classify(c: &mut Criterion) {
    let geo = Geography::embedded().expect("embedded data loads");
    let sample = points(100_000, 20_251_019);
    // Fill the lazy grids once so the measurement is the steady state.
    for p in &sample {
        black_box(geo.place_point(p));
    }

    let mut group = c.benchmark_group("classify");
    group.throughput(Throughput::Elements(sample.len() as u64));
    group.sample_size(10);
    group.bench_function("place_point/indexed", |b| {
        b.iter(|| {
            for p in &sample {
                black_box(geo.place_point(black_box(p)));
            }
        })
    });
    group.bench_function("border_km", |b| {
        b.iter(|| {
            for p in &sample {
                black_box(geo.border_km(black_box(p)));
            }
        })
    });
    group.bench_function("side_of", |b| {
        b.iter(|| {
            for p in &sample {
                black_box(geo.side_of(black_box(p)));
            }
        })
    });
    group.bench_function("nearest_place", |b| {
        b.iter(|| {
            for p in &sample {
                black_box(geo.nearest_place(black_box(p)));
            }
        })
    });
    group.finish();

    let tree_sample = &sample[..20_000];
    let mut trees = c.benchmark_group("classify_tree_only");
    trees.throughput(Throughput::Elements(tree_sample.len() as u64));
    trees.sample_size(10);
    trees.bench_function("place_point/tree_only", |b| {
        b.iter(|| {
            for p in tree_sample {
                black_box(geo.place_point_tree_only(black_box(p)));
            }
        })
    });
    trees.finish();

    let naive_sample = &sample[..2_000];
    let mut naive = c.benchmark_group("classify_naive");
    naive.throughput(Throughput::Elements(naive_sample.len() as u64));
    naive.sample_size(10);
    naive.bench_function("place_point/naive", |b| {
        b.iter(|| {
            for p in naive_sample {
                black_box(geo.place_point_naive(black_box(p)));
            }
        })
    });
    naive.finish();

    let mut names = c.benchmark_group("names");
    names.bench_function("find_place/hit", |b| b.iter(|| black_box(geo.find_place(black_box("Spin Buldak")))));
    names.bench_function("find_place/typo", |b| b.iter(|| black_box(geo.find_place(black_box("Parachnar")))));
    names.finish();
}

// The macros generate undocumented functions; this is a bench harness, not API.
#[allow(missing_docs)]
mod harness {
    use super::*;
    criterion_group!(benches, classify);
}
criterion_main!(harness::benches);
