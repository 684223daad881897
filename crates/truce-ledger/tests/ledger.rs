//! Integration tests for the ledger: records end to end, the Merkle tree
//! against an independent oracle (`ct-merkle`), checkpoints and tlog-proofs.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use ct_merkle::mem_backed_tree::MemoryBackedTree;
use ct_merkle::{ConsistencyProof, InclusionProof, RootHash};
use proptest::prelude::*;
use proptest::test_runner::FileFailurePersistence;
use serde_json::json;
use sha2_oracle::Sha256 as OracleSha256;
use truce_ledger::*;

const ORIGIN: &str = "truce.example/doha-istanbul-2025";

fn author_key() -> SigningKey {
    SigningKey::from_seed([11; 32])
}

fn log_identity() -> LogIdentity {
    LogIdentity::new(ORIGIN, SigningKey::from_seed([22; 32])).unwrap()
}

fn record(body: serde_json::Value) -> Record {
    Record {
        v: RECORD_FORMAT,
        kind: "reported.v1".into(),
        author: "monitor-7".into(),
        participant: Some("mediator-tr".into()),
        time: "2025-10-19T12:30:00.25Z".parse().unwrap(),
        payload: Payload::Body(body),
    }
}

fn entry(i: u64) -> Vec<u8> {
    format!("entry {i}").into_bytes()
}

// ---------------------------------------------------------------- records

#[test]
fn signed_record_round_trips_through_an_entry() {
    let signed = record(json!({"place": "Torkham", "n": 1.5})).sign(&author_key()).unwrap();
    signed.verify(&author_key().verifying_key()).unwrap();
    let bytes = signed.to_entry().unwrap();
    let text = std::str::from_utf8(&bytes).unwrap();
    assert!(text.starts_with(
        r#"{"author":"monitor-7","body":{"n":1.5,"place":"Torkham"},"participant":"mediator-tr","sig":""#
    ));
    assert!(text.ends_with(r#"","time":"2025-10-19T12:30:00.25Z","type":"reported.v1","v":1}"#));
    let parsed = SignedRecord::from_entry(&bytes).unwrap();
    assert_eq!(parsed, signed);
    parsed.verify(&author_key().verifying_key()).unwrap();
    // serde agrees with the entry form.
    assert_eq!(serde_json::from_slice::<SignedRecord>(&bytes).unwrap(), signed);
}

#[test]
fn tampered_fields_and_wrong_keys_are_rejected() {
    let signed = record(json!({"place": "Torkham"})).sign(&author_key()).unwrap();
    let key = author_key().verifying_key();
    let mut tampered = signed.clone();
    tampered.record.author = "monitor-8".into();
    assert_eq!(tampered.verify(&key), Err(LedgerError::BadSignature));
    let mut tampered = signed.clone();
    tampered.record.time = "2025-10-19T12:30:01Z".parse().unwrap();
    assert_eq!(tampered.verify(&key), Err(LedgerError::BadSignature));
    let mut tampered = signed.clone();
    tampered.record.payload = Payload::Body(json!({"place": "Chaman"}));
    assert_eq!(tampered.verify(&key), Err(LedgerError::BadSignature));
    let mut tampered = signed.clone();
    tampered.record.participant = None;
    assert_eq!(tampered.verify(&key), Err(LedgerError::BadSignature));
    let mut tampered = signed.clone();
    tampered.signature[0] ^= 1;
    assert_eq!(tampered.verify(&key), Err(LedgerError::BadSignature));
    let other = SigningKey::from_seed([12; 32]).verifying_key();
    assert_eq!(signed.verify(&other), Err(LedgerError::BadSignature));
    // A tampered entry still parses, but no longer verifies.
    let text = String::from_utf8(signed.to_entry().unwrap()).unwrap().replace("Torkham", "Chaman");
    let parsed = SignedRecord::from_entry(text.as_bytes()).unwrap();
    assert_eq!(parsed.verify(&key), Err(LedgerError::BadSignature));
}

#[test]
fn non_canonical_entries_are_rejected() {
    let signed = record(json!({"b": 1, "a": "x"})).sign(&author_key()).unwrap();
    let canonical = String::from_utf8(signed.to_entry().unwrap()).unwrap();
    let value: serde_json::Value = serde_json::from_str(&canonical).unwrap();
    let variants = [
        format!(" {canonical}"),
        format!("{canonical}\n"),
        canonical.replacen(",", ", ", 1),
        // Reordered keys: "v" first.
        format!("{{\"v\":1,{}", canonical.trim_start_matches('{').replace(",\"v\":1}", "}")),
        // Pretty-printed.
        serde_json::to_string_pretty(&value).unwrap(),
        // A non-canonical time for the same instant.
        canonical.replace("12:30:00.25Z", "12:30:00.250Z"),
        canonical.replace("2025-10-19T12:30:00.25Z", "2025-10-19T12:30:00.25+00:00"),
        // A non-canonical number and escape.
        canonical.replace("\"b\":1", "\"b\":1.0"),
        canonical.replace("\"a\":\"x\"", "\"a\":\"\\u0078\""),
        // A duplicated key.
        canonical.replace("\"b\":1", "\"b\":2,\"b\":1"),
    ];
    for variant in variants {
        assert_ne!(variant, canonical);
        assert_eq!(SignedRecord::from_entry(variant.as_bytes()), Err(LedgerError::NonCanonicalEntry), "{variant}");
    }
}

#[test]
fn unknown_fields_versions_and_shapes_are_rejected() {
    let signed = record(json!({"a": 1})).sign(&author_key()).unwrap();
    let canonical = String::from_utf8(signed.to_entry().unwrap()).unwrap();
    let extra = canonical.replace("\"author\"", "\"aardvark\":1,\"author\"");
    assert!(matches!(SignedRecord::from_entry(extra.as_bytes()), Err(LedgerError::MalformedEntry(_))));
    let v2 = canonical.replace("\"v\":1", "\"v\":2");
    assert_eq!(SignedRecord::from_entry(v2.as_bytes()), Err(LedgerError::UnsupportedVersion { found: 2, expected: 1 }));
    let no_sig = String::from_utf8(record(json!({"a": 1})).canonical_bytes().unwrap()).unwrap();
    assert!(matches!(
        SignedRecord::from_entry(no_sig.as_bytes()),
        Err(LedgerError::InvalidRecord { field: "sig", .. })
    ));
    let both = canonical.replace("\"body\"", "\"commitment\":\"00\",\"body\"");
    assert!(SignedRecord::from_entry(both.as_bytes()).is_err());
    assert!(matches!(SignedRecord::from_entry(b"not json"), Err(LedgerError::MalformedEntry(_))));
    assert!(matches!(SignedRecord::from_entry(b"[]"), Err(LedgerError::MalformedEntry(_))));
}

#[test]
fn confidential_records_carry_a_commitment() {
    let body = json!({"allegation": "shelling", "grid": "42SWD1234"});
    let salt = [42u8; 32];
    let c = commitment(&salt, &body).unwrap();
    assert_ne!(c, commitment(&[43u8; 32], &body).unwrap());
    let mut r = record(json!({}));
    r.payload = Payload::Commitment(c.clone());
    let signed = r.sign(&author_key()).unwrap();
    let bytes = signed.to_entry().unwrap();
    let text = std::str::from_utf8(&bytes).unwrap();
    assert!(text.contains(&format!("\"commitment\":\"{c}\"")) && !text.contains("\"body\""));
    let parsed = SignedRecord::from_entry(&bytes).unwrap();
    parsed.verify(&author_key().verifying_key()).unwrap();
    let Payload::Commitment(found) = &parsed.record.payload else { panic!("expected a commitment") };
    // A reader given (body, salt) recomputes the same commitment.
    assert_eq!(commitment(&salt, &body).unwrap(), *found);
    assert_eq!(record::verify_commitment(&salt, &body, found), Ok(()));
}

#[test]
fn entries_over_the_limit_are_rejected() {
    let big = "x".repeat(MAX_ENTRY);
    let signed = record(json!({"blob": big})).sign(&author_key()).unwrap();
    assert!(matches!(signed.to_entry(), Err(LedgerError::EntryTooLarge { .. })));
    assert!(matches!(SignedRecord::from_entry(&vec![b' '; MAX_ENTRY + 1]), Err(LedgerError::EntryTooLarge { .. })));
    let mut tree = Tree::new();
    assert_eq!(tree.append(&vec![0; MAX_ENTRY + 1]), Err(LedgerError::EntryTooLarge { len: MAX_ENTRY + 1 }));
    assert!(tree.append(&vec![0; MAX_ENTRY]).is_ok());
}

fn json_value() -> impl Strategy<Value = serde_json::Value> {
    let leaf = prop_oneof![
        Just(serde_json::Value::Null),
        any::<bool>().prop_map(serde_json::Value::from),
        (-(1i64 << 53) + 1..(1i64 << 53)).prop_map(serde_json::Value::from),
        any::<f64>().prop_filter("finite", |f| f.is_finite()).prop_map(serde_json::Value::from),
        any::<String>().prop_map(serde_json::Value::from),
    ];
    leaf.prop_recursive(4, 32, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(serde_json::Value::from),
            prop::collection::btree_map(any::<String>(), inner, 0..6)
                .prop_map(|map| serde_json::Value::Object(map.into_iter().collect())),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 200,
        failure_persistence: Some(Box::new(FileFailurePersistence::Direct("tests/ledger.proptest-regressions"))),
        ..ProptestConfig::default()
    })]

    /// Any record survives entry encoding byte for byte, and its signature
    /// still verifies after the round trip.
    #[test]
    fn records_round_trip_through_entries(
        fields in prop::collection::btree_map("[a-z_]{1,8}", json_value(), 0..6),
        author in "\\PC{1,12}",
        participant in proptest::option::of("\\PC{1,12}"),
        seconds in 0i64..253_402_300_799,
        nanos in 0i32..1_000_000_000,
    ) {
        let body = serde_json::Value::Object(fields.into_iter().collect());
        let record = Record {
            v: RECORD_FORMAT,
            kind: "reported.v1".into(),
            author,
            participant,
            time: jiff::Timestamp::new(seconds, nanos).unwrap(),
            payload: Payload::Body(body),
        };
        let signed = record.sign(&author_key()).unwrap();
        let bytes = signed.to_entry().unwrap();
        let parsed = SignedRecord::from_entry(&bytes).unwrap();
        prop_assert_eq!(parsed.to_entry().unwrap(), bytes);
        prop_assert!(parsed.verify(&author_key().verifying_key()).is_ok());
        prop_assert_eq!(parsed.record.time, signed.record.time);
    }
}

#[test]
fn numbers_in_bodies_take_their_rfc8785_form() {
    let body: serde_json::Value =
        serde_json::from_str(r#"{"a":1E30,"b":4.50,"c":2e-3,"d":-0,"e":1e-7,"f":0.1}"#).unwrap();
    let signed = record(body).sign(&author_key()).unwrap();
    let bytes = signed.to_entry().unwrap();
    let text = std::str::from_utf8(&bytes).unwrap();
    assert!(text.contains(r#""body":{"a":1e+30,"b":4.5,"c":0.002,"d":0,"e":1e-7,"f":0.1}"#), "{text}");
    assert_eq!(SignedRecord::from_entry(&bytes).unwrap().to_entry().unwrap(), bytes);
    let unsafe_body = json!({"id": 9_007_199_254_740_993_u64});
    assert!(matches!(record(unsafe_body).sign(&author_key()), Err(LedgerError::UnsafeNumber(_))));
}

// ---------------------------------------------------------------- tree vs oracle

fn build(size: u64) -> (Tree, MemoryBackedTree<OracleSha256, Vec<u8>>) {
    let mut tree = Tree::new();
    let mut oracle = MemoryBackedTree::new();
    for i in 0..size {
        tree.append(&entry(i)).unwrap();
        oracle.push(entry(i));
    }
    (tree, oracle)
}

fn hashes_of(bytes: &[u8]) -> Vec<Hash> {
    bytes.chunks(32).map(|chunk| chunk.try_into().unwrap()).collect()
}

fn oracle_root(oracle: &MemoryBackedTree<OracleSha256, Vec<u8>>) -> Hash {
    oracle.root().as_bytes().as_slice().try_into().unwrap()
}

#[test]
fn small_trees_match_the_oracle_exhaustively() {
    for size in 1..=40u64 {
        let (tree, oracle) = build(size);
        assert_eq!(tree.root().unwrap(), oracle_root(&oracle), "size {size}");
        let root = tree.root().unwrap();
        for index in 0..size {
            let proof = tree.inclusion_proof(index, size).unwrap();
            let expected = oracle.prove_inclusion(index as usize);
            assert_eq!(proof, hashes_of(expected.as_bytes()), "size {size} index {index}");
            verify_inclusion(&leaf_hash(&entry(index)), index, size, &proof, &root).unwrap();
        }
        for old in 1..=size {
            let proof = tree.consistency_proof(old, size).unwrap();
            if old < size {
                let expected = oracle.prove_consistency((size - old) as usize);
                assert_eq!(proof, hashes_of(expected.as_bytes()), "{old} -> {size}");
            } else {
                assert!(proof.is_empty());
            }
            verify_consistency(old, &tree.root_at(old).unwrap(), size, &root, &proof).unwrap();
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 48,
        failure_persistence: Some(Box::new(FileFailurePersistence::Direct("tests/ledger.proptest-regressions"))),
        ..ProptestConfig::default()
    })]

    #[test]
    fn proofs_match_the_oracle(size in 1u64..2000, index_seed in any::<u64>(), old_seed in any::<u64>()) {
        let (tree, oracle) = build(size);
        let root = tree.root().unwrap();
        prop_assert_eq!(root, oracle_root(&oracle));
        let oracle_root_hash = oracle.root();

        let index = index_seed % size;
        let proof = tree.inclusion_proof(index, size).unwrap();
        let oracle_proof = oracle.prove_inclusion(index as usize);
        prop_assert_eq!(&proof, &hashes_of(oracle_proof.as_bytes()));
        prop_assert!(verify_inclusion(&leaf_hash(&entry(index)), index, size, &proof, &root).is_ok());
        // The oracle accepts our proof too.
        let ours = InclusionProof::<OracleSha256>::from_bytes(proof.concat());
        prop_assert!(oracle_root_hash.verify_inclusion(&entry(index), index, &ours).is_ok());

        // Tampering is caught: wrong leaf, index, size, root or proof hash.
        prop_assert!(verify_inclusion(&leaf_hash(b"forged"), index, size, &proof, &root).is_err());
        if size > 1 {
            prop_assert!(verify_inclusion(&leaf_hash(&entry(index)), (index + 1) % size, size, &proof, &root).is_err());
        }
        // (A proof need not fail for another size: RFC 6962 paths for one
        // index can coincide across sizes. The size is bound by the signed
        // checkpoint, not by the proof.)
        let mut bad_root = root;
        bad_root[31] ^= 1;
        prop_assert!(verify_inclusion(&leaf_hash(&entry(index)), index, size, &proof, &bad_root).is_err());
        if !proof.is_empty() {
            let mut bad = proof.clone();
            let at = (index_seed as usize / 7) % bad.len();
            bad[at][0] ^= 0x80;
            prop_assert!(verify_inclusion(&leaf_hash(&entry(index)), index, size, &bad, &root).is_err());
            prop_assert!(verify_inclusion(&leaf_hash(&entry(index)), index, size, &proof[1..], &root).is_err());
        }
        let mut longer = proof.clone();
        longer.push(root);
        prop_assert!(verify_inclusion(&leaf_hash(&entry(index)), index, size, &longer, &root).is_err());

        let old = 1 + old_seed % size;
        let old_root = tree.root_at(old).unwrap();
        let proof = tree.consistency_proof(old, size).unwrap();
        if old < size {
            let oracle_proof = oracle.prove_consistency((size - old) as usize);
            prop_assert_eq!(&proof, &hashes_of(oracle_proof.as_bytes()));
            let ours = ConsistencyProof::<OracleSha256>::from_digests(
                proof.iter().map(<&ct_merkle::digest::Output<OracleSha256>>::from),
            );
            let oracle_old = RootHash::<OracleSha256>::new(old_root.into(), old);
            prop_assert!(oracle_root_hash.verify_consistency(&oracle_old, &ours).is_ok());
        }
        prop_assert!(verify_consistency(old, &old_root, size, &root, &proof).is_ok());
        prop_assert!(verify_consistency(old, &old_root, size, &bad_root, &proof).is_err());
        let mut bad_old = old_root;
        bad_old[0] ^= 1;
        prop_assert!(verify_consistency(old, &bad_old, size, &root, &proof).is_err());
        if !proof.is_empty() {
            let mut bad = proof.clone();
            let at = (old_seed as usize / 3) % bad.len();
            bad[at][5] ^= 4;
            prop_assert!(verify_consistency(old, &old_root, size, &root, &bad).is_err());
        }
        if old > 1 && old < size {
            prop_assert!(verify_consistency(old - 1, &old_root, size, &root, &proof).is_err());
        }

        // Reloading from the stored hashes gives the same tree.
        let reloaded = Tree::from_stored_hashes(size, tree.stored_hashes().to_vec()).unwrap();
        prop_assert_eq!(reloaded.root().unwrap(), root);
    }
}

// ---------------------------------------------------------------- tiles

#[test]
fn tiles_and_bundles_fit_together() {
    let (tree, _) = build(300);
    assert_eq!(tile_path(0, 1234067, None), "tile/0/x001/x234/067");
    assert_eq!(tile_path(0, 1, Some(44)), "tile/0/001.p/44");
    assert_eq!(entries_path(1, Some(44)), "tile/entries/001.p/44");
    let tile = tree.tile(0, 1, 44).unwrap();
    let expected: Vec<u8> = (256..300).flat_map(|i| leaf_hash(&entry(i))).collect();
    assert_eq!(tile, expected);
    let entries: Vec<Vec<u8>> = (256..300).map(entry).collect();
    let refs: Vec<&[u8]> = entries.iter().map(Vec::as_slice).collect();
    let bundle = encode_bundle(&refs).unwrap();
    assert_eq!(decode_bundle(&bundle).unwrap(), entries);
    assert_eq!(decode_bundle(&bundle[..bundle.len() - 1]), Err(LedgerError::TruncatedBundle));
}

// ---------------------------------------------------------------- checkpoints

#[test]
fn checkpoint_note_format_is_c2sp() {
    let log = log_identity();
    let (tree, _) = build(7);
    let root = tree.root().unwrap();
    let note = log.sign_checkpoint(7, &root).unwrap();
    let (text, signature_line) = note.split_once("\n\n").unwrap();
    assert_eq!(text, format!("{ORIGIN}\n7\n{}", BASE64.encode(root)));
    let sig_b64 = signature_line.strip_prefix(&format!("\u{2014} {ORIGIN} ")).unwrap().strip_suffix('\n').unwrap();
    let sig = BASE64.decode(sig_b64).unwrap();
    assert_eq!(sig.len(), 4 + 64);
    assert_eq!(u32::from_be_bytes(sig[..4].try_into().unwrap()), log.key_id());
    // The signature is Ed25519 over the text including its final newline.
    let signed_text = format!("{text}\n");
    let key = SigningKey::from_seed([22; 32]).verifying_key();
    key.verify(signed_text.as_bytes(), &sig[4..].try_into().unwrap()).unwrap();
    assert!(log.vkey().starts_with(&format!("{ORIGIN}+{:08x}+", log.key_id())));
}

#[test]
fn checkpoints_open_and_reject_tampering() {
    let log = log_identity();
    let root = [9u8; 32];
    let note = log.sign_checkpoint(1234, &root).unwrap();
    let checkpoint = open_checkpoint(&note, &log.vkey()).unwrap();
    assert_eq!(checkpoint, Checkpoint { origin: ORIGIN.into(), size: 1234, root, text: note.clone() });

    let other = LogIdentity::new(ORIGIN, SigningKey::from_seed([23; 32])).unwrap();
    assert!(matches!(open_checkpoint(&note, &other.vkey()), Err(LedgerError::MissingSignature(_))));
    let tampered_size = note.replacen("\n1234\n", "\n1235\n", 1);
    assert!(matches!(open_checkpoint(&tampered_size, &log.vkey()), Err(LedgerError::InvalidNoteSignature(_))));
    let tampered_root = note.replacen(&BASE64.encode(root), &BASE64.encode([8u8; 32]), 1);
    assert!(matches!(open_checkpoint(&tampered_root, &log.vkey()), Err(LedgerError::InvalidNoteSignature(_))));
    assert_eq!(open_checkpoint("garbage", &log.vkey()), Err(LedgerError::MalformedNote));
    assert_eq!(open_checkpoint(note.trim_end(), &log.vkey()), Err(LedgerError::MalformedNote));

    // A note signed by a key named after another origin, with that origin's text.
    let impostor = LogIdentity::new("impostor.example/log", SigningKey::from_seed([22; 32])).unwrap();
    let impostor_note = impostor.sign_checkpoint(1, &root).unwrap();
    assert!(open_checkpoint(&impostor_note, &log.vkey()).is_err());
    // The right key name on a checkpoint whose origin line differs.
    let text = format!("other.example/log\n1\n{}\n", BASE64.encode(root));
    let sig = SigningKey::from_seed([22; 32]).sign_bytes(text.as_bytes());
    let mut sig_bytes = log.key_id().to_be_bytes().to_vec();
    sig_bytes.extend_from_slice(&sig);
    let mismatched = format!("{text}\n\u{2014} {ORIGIN} {}\n", BASE64.encode(sig_bytes));
    assert!(matches!(open_checkpoint(&mismatched, &log.vkey()), Err(LedgerError::OriginMismatch { .. })));
}

#[test]
fn unknown_cosignatures_are_kept_and_ignored() {
    let log = log_identity();
    let note = log.sign_checkpoint(3, &[1u8; 32]).unwrap();
    let witness_line = format!("\u{2014} witness.example/w1 {}\n", BASE64.encode([0u8; 72]));
    let cosigned = format!("{note}{witness_line}");
    let checkpoint = open_checkpoint(&cosigned, &log.vkey()).unwrap();
    assert_eq!(checkpoint.text, cosigned);
}

// ---------------------------------------------------------------- tlog-proof

#[test]
fn tlog_proofs_round_trip_and_reject_tampering() {
    let log = log_identity();
    let signed = record(json!({"x": 1})).sign(&author_key()).unwrap();
    let target = signed.to_entry().unwrap();
    let mut tree = Tree::new();
    for i in 0..37 {
        if i == 20 {
            tree.append(&target).unwrap();
        } else {
            tree.append(&entry(i)).unwrap();
        }
    }
    let note = log.sign_checkpoint(tree.size(), &tree.root().unwrap()).unwrap();
    let proof = tree.inclusion_proof(20, tree.size()).unwrap();
    let text = encode_tlog_proof(20, &proof, &note);
    assert!(text.starts_with("c2sp.org/tlog-proof@v1\nindex 20\n"));
    assert_eq!(
        parse_tlog_proof(&text).unwrap(),
        TlogProof { index: 20, proof: proof.clone(), checkpoint: note.clone() }
    );
    let checkpoint = verify_tlog_proof(&text, &target, &log.vkey()).unwrap();
    assert_eq!(checkpoint.size, 37);

    assert_eq!(verify_tlog_proof(&text, &entry(20), &log.vkey()), Err(LedgerError::InvalidProof));
    let wrong_index = encode_tlog_proof(21, &proof, &note);
    assert_eq!(verify_tlog_proof(&wrong_index, &target, &log.vkey()), Err(LedgerError::InvalidProof));
    let mut bad = proof.clone();
    bad[2][7] ^= 1;
    assert_eq!(
        verify_tlog_proof(&encode_tlog_proof(20, &bad, &note), &target, &log.vkey()),
        Err(LedgerError::InvalidProof)
    );
    let out_of_range = encode_tlog_proof(37, &proof, &note);
    assert!(matches!(verify_tlog_proof(&out_of_range, &target, &log.vkey()), Err(LedgerError::IndexOutOfRange { .. })));
    let other = LogIdentity::new(ORIGIN, SigningKey::from_seed([99; 32])).unwrap();
    assert!(verify_tlog_proof(&text, &target, &other.vkey()).is_err());
    let with_extra = text.replacen("index 20", "extra aGVsbG8=\nindex 20", 1);
    assert!(verify_tlog_proof(&with_extra, &target, &log.vkey()).is_ok());
}
