//! Writes a small static C2SP log (checkpoint, hash tiles, entry bundles), a
//! tlog-proof and a consistency proof to a directory, so that an independent
//! implementation (`interop/verify.go`, on Go's `golang.org/x/mod`) can check
//! them. Usage: `cargo run -p truce-ledger --example interop_fixtures -- DIR`.

use std::fs;
use std::path::Path;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use serde_json::json;
use truce_ledger::{
    LogIdentity, Payload, RECORD_FORMAT, Record, SigningKey, TILE_WIDTH, Tree, encode_bundle, encode_tlog_proof,
    new_tiles,
};

const SIZE: u64 = 1000;
const OLD_SIZE: u64 = 700;
const PROVE_INDEX: u64 = 123;

fn write(dir: &Path, name: &str, bytes: &[u8]) -> std::io::Result<()> {
    let path = dir.join(name);
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent)?;
    }
    fs::write(path, bytes)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::env::args().nth(1).ok_or("usage: interop_fixtures DIR")?;
    let dir = Path::new(&dir);
    let author = SigningKey::from_seed([11; 32]);
    let log = LogIdentity::new("truce.example/doha-istanbul-2025", SigningKey::from_seed([22; 32]))?;

    let mut tree = Tree::new();
    let mut entries = Vec::new();
    let start: jiff::Timestamp = "2025-10-19T00:00:00Z".parse()?;
    for i in 0..SIZE {
        let record = Record {
            v: RECORD_FORMAT,
            kind: "reported.v1".into(),
            author: "monitor-7".into(),
            participant: if i % 2 == 0 { Some("mediator-tr".into()) } else { None },
            time: start.checked_add(jiff::SignedDuration::from_millis(i64::try_from(i)? * 1500))?,
            payload: Payload::Body(json!({"seq": i, "place": "Chaman", "note": "café \"quoted\"\n", "ratio": 0.1})),
        };
        let entry = record.sign(&author)?.to_entry()?;
        tree.append(&entry)?;
        entries.push(entry);
    }

    // Publish every tile (and, at level 0, its entry bundle) of the tree.
    for tile in new_tiles(0, SIZE)? {
        write(dir, &tile.path(), &tree.tile(tile.level, tile.n, tile.width)?)?;
        if let Some(path) = tile.entries_path() {
            let first = usize::try_from(tile.n * u64::from(TILE_WIDTH))?;
            let slice: Vec<&[u8]> =
                entries.iter().skip(first).take(usize::from(tile.width)).map(Vec::as_slice).collect();
            write(dir, &path, &encode_bundle(&slice)?)?;
        }
    }

    let root = tree.root()?;
    let checkpoint = log.sign_checkpoint(SIZE, &root)?;
    write(dir, "checkpoint", checkpoint.as_bytes())?;
    write(dir, "log.vkey", log.vkey().as_bytes())?;
    write(dir, "author.pub", author.verifying_key().to_base64().as_bytes())?;

    let proof = tree.inclusion_proof(PROVE_INDEX, SIZE)?;
    write(dir, "record.tlog-proof", encode_tlog_proof(PROVE_INDEX, &proof, &checkpoint).as_bytes())?;
    let index = usize::try_from(PROVE_INDEX)?;
    write(dir, "record.entry", entries.get(index).ok_or("no entry")?)?;

    let old_checkpoint = log.sign_checkpoint(OLD_SIZE, &tree.root_at(OLD_SIZE)?)?;
    write(dir, "old.checkpoint", old_checkpoint.as_bytes())?;
    let consistency: String =
        tree.consistency_proof(OLD_SIZE, SIZE)?.iter().map(|hash| BASE64.encode(hash) + "\n").collect();
    write(dir, "consistency.proof", consistency.as_bytes())?;
    // The checkpoint cosigned by two witnesses (cosignature/v1), with their
    // verifier keys, for a cosignature verifier written in Go.
    let body = truce_ledger::note::SignedNote::parse(&checkpoint)?.text;
    let mut cosigned = checkpoint.clone();
    let mut witness_vkeys = String::new();
    for (n, name) in [(31u8, "witness.pak.example"), (32, "witness.afg.example")] {
        let witness = truce_ledger::Cosigner::new(name, SigningKey::from_seed([n; 32]))?;
        cosigned.push_str(&witness.cosign(&body, 1_760_832_000 + u64::from(n))?);
        witness_vkeys.push_str(&witness.vkey());
        witness_vkeys.push('\n');
    }
    write(dir, "cosigned.checkpoint", cosigned.as_bytes())?;
    write(dir, "witness.vkeys", witness_vkeys.as_bytes())?;
    println!("wrote a {SIZE}-entry log to {}", dir.display());
    Ok(())
}
