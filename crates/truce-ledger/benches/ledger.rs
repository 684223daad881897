//! Micro benchmarks of the ledger's hot paths: signing and strictly
//! verifying a record, appending to the tree, proving and checking inclusion.

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use serde_json::json;
use std::hint::black_box;
use truce_ledger::{Payload, RECORD_FORMAT, Record, SigningKey, Tree, leaf_hash, verify_inclusion};

fn record_of_about_1k() -> Record {
    Record {
        v: RECORD_FORMAT,
        kind: "reported.v1".into(),
        author: "monitor-7".into(),
        participant: Some("mediator-tr".into()),
        time: "2025-10-19T12:30:00Z".parse().unwrap(),
        payload: Payload::Body(json!({"narrative": "x".repeat(850), "place": "Chaman", "count": 3})),
    }
}

fn records(c: &mut Criterion) {
    let key = SigningKey::from_seed([1; 32]);
    let vk = key.verifying_key();
    let record = record_of_about_1k();
    let signed = record.clone().sign(&key).unwrap();
    assert!((900..1200).contains(&signed.to_entry().unwrap().len()));
    c.bench_function("record/sign_1k", |b| b.iter(|| black_box(record.clone()).sign(&key).unwrap()));
    c.bench_function("record/verify_strict_1k", |b| b.iter(|| black_box(&signed).verify(&vk).unwrap()));
    let entry = signed.to_entry().unwrap();
    c.bench_function("record/from_entry_1k", |b| {
        b.iter(|| truce_ledger::SignedRecord::from_entry(black_box(&entry)).unwrap())
    });
}

fn tree(c: &mut Criterion) {
    let entry = vec![7u8; 256];
    c.bench_function("tree/append_256B_x1000", |b| {
        b.iter_batched(
            Tree::new,
            |mut tree| {
                for _ in 0..1000 {
                    tree.append(&entry).unwrap();
                }
                tree
            },
            BatchSize::SmallInput,
        )
    });
    let mut tree = Tree::new();
    for i in 0..100_000u64 {
        tree.append(&i.to_be_bytes()).unwrap();
    }
    let size = tree.size();
    let root = tree.root().unwrap();
    let index = 12_345u64;
    let leaf = leaf_hash(&index.to_be_bytes());
    c.bench_function("tree/inclusion_proof_100k", |b| b.iter(|| tree.inclusion_proof(black_box(index), size).unwrap()));
    let proof = tree.inclusion_proof(index, size).unwrap();
    c.bench_function("tree/verify_inclusion_100k", |b| {
        b.iter(|| verify_inclusion(&leaf, black_box(index), size, &proof, &root).unwrap())
    });
    c.bench_function("tree/consistency_proof_100k", |b| {
        b.iter(|| tree.consistency_proof(black_box(70_001), size).unwrap())
    });
}

// The macros generate undocumented functions; this is a bench harness, not API.
#[allow(missing_docs)]
mod harness {
    use super::*;
    criterion_group!(benches, records, tree);
}
criterion_main!(harness::benches);
