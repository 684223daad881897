//! The witness's side of C2SP tlog-witness `add-checkpoint`, as pure rules.
//!
//! A witness keeps, for each log it trusts, the latest checkpoint it
//! cosigned. It cosigns a new one only if the log signed it and it extends
//! that latest checkpoint, proved by a consistency proof the log sends. So
//! two witnesses that cosigned two checkpoints have, between them, seen one
//! history, and a log that forks must fork in front of a witness that then
//! refuses it. This module decides the answer; storing the latest checkpoint
//! before answering, and keeping refused-but-signed checkpoints as evidence,
//! is the witness service's job.
//!
//! The request body is
//!
//! ```text
//! old <size the log believes the witness last cosigned>
//! <base64 consistency proof hash, at most 63 lines>
//!
//! <the signed checkpoint note>
//! ```

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use thiserror::Error;

use crate::checkpoint::{check_log_signature, checkpoint_fields};
use crate::note::SignedNote;
use crate::{EMPTY_ROOT, Hash, LedgerError, verify_consistency};

/// The most consistency-proof lines a request may carry.
pub const MAX_PROOF_LINES: usize = 63;

/// The media type of a 409 answer's body: the witness's latest size.
pub const SIZE_CONTENT_TYPE: &str = "text/x.tlog.size";

/// The path, below a witness's monitoring prefix, of the latest checkpoint
/// of the log `origin` that it cosigned: `<lowercase hex SHA-256(origin)>/checkpoint`.
pub fn monitoring_path(origin: &str) -> String {
    use sha2::Digest as _;
    format!("{}/checkpoint", hex::encode(sha2::Sha256::digest(origin.as_bytes())))
}

/// Why a witness refuses an `add-checkpoint` request; each reason has the
/// status the specification gives it.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum WitnessRefusal {
    /// The body is not a well-formed request (400).
    #[error("malformed request: {0}")]
    Malformed(&'static str),
    /// The witness trusts no log of this origin (404).
    #[error("unknown log origin {0:?}")]
    UnknownOrigin(String),
    /// No trusted key signed the checkpoint, or a line claiming a trusted
    /// key does not verify (403).
    #[error("checkpoint is not signed by the log: {0}")]
    NotSignedByLog(LedgerError),
    /// The request's old size is not the latest size this witness cosigned
    /// (409; the answer's body is that size).
    #[error("the latest checkpoint cosigned for this log has size {latest}")]
    OldSizeMismatch {
        /// The latest cosigned size, 0 if none.
        latest: u64,
    },
    /// The checkpoint does not extend the latest cosigned one (422). The
    /// request was validly signed, so it is evidence the log misbehaved (or
    /// of a log bug) and worth keeping.
    #[error("checkpoint is not consistent with the latest cosigned one: {0}")]
    Inconsistent(&'static str),
}

impl WitnessRefusal {
    /// The HTTP status the specification gives this refusal.
    pub fn status(&self) -> u16 {
        match self {
            WitnessRefusal::Malformed(_) => 400,
            WitnessRefusal::UnknownOrigin(_) => 404,
            WitnessRefusal::NotSignedByLog(_) => 403,
            WitnessRefusal::OldSizeMismatch { .. } => 409,
            WitnessRefusal::Inconsistent(_) => 422,
        }
    }
}

/// A checkpoint a witness has cosigned, the state it keeps per log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CosignedTree {
    /// The tree size.
    pub size: u64,
    /// The tree root.
    pub root: Hash,
}

/// A parsed `add-checkpoint` request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AddCheckpoint {
    /// The size the log believes this witness cosigned last.
    pub old: u64,
    /// The consistency proof from `old` to the checkpoint.
    pub proof: Vec<Hash>,
    /// The checkpoint note.
    pub note: SignedNote,
    /// The checkpoint's origin.
    pub origin: String,
    /// The checkpoint's size.
    pub size: u64,
    /// The checkpoint's root.
    pub root: Hash,
}

/// The body of an `add-checkpoint` request: what a log sends a witness it
/// believes last cosigned `old` entries, with the consistency proof from
/// there to the checkpoint `note`.
pub fn add_checkpoint_body(old: u64, proof: &[Hash], note: &str) -> String {
    let mut body = format!("old {old}\n");
    for hash in proof {
        body.push_str(&BASE64.encode(hash));
        body.push('\n');
    }
    body.push('\n');
    body.push_str(note);
    body
}

impl AddCheckpoint {
    /// Parses a request body.
    pub fn parse(body: &str) -> Result<AddCheckpoint, WitnessRefusal> {
        let (head, note) =
            body.split_once("\n\n").ok_or(WitnessRefusal::Malformed("no blank line before the checkpoint"))?;
        let mut lines = head.split('\n');
        let old_line = lines.next().unwrap_or_default();
        let old_text =
            old_line.strip_prefix("old ").ok_or(WitnessRefusal::Malformed("first line is not `old <size>`"))?;
        let old: u64 = old_text.parse().map_err(|_| WitnessRefusal::Malformed("old size is not a decimal number"))?;
        if old.to_string() != old_text {
            return Err(WitnessRefusal::Malformed("old size is not in canonical decimal"));
        }
        let proof = lines
            .map(|line| {
                BASE64
                    .decode(line)
                    .ok()
                    .and_then(|bytes| Hash::try_from(bytes).ok())
                    .ok_or(WitnessRefusal::Malformed("a proof line is not base64 of 32 bytes"))
            })
            .collect::<Result<Vec<Hash>, WitnessRefusal>>()?;
        if proof.len() > MAX_PROOF_LINES {
            return Err(WitnessRefusal::Malformed("more than 63 proof lines"));
        }
        let note =
            SignedNote::parse(note).map_err(|_| WitnessRefusal::Malformed("the checkpoint is not a signed note"))?;
        let (origin, size, root) =
            checkpoint_fields(&note.text).map_err(|_| WitnessRefusal::Malformed("the note is not a checkpoint"))?;
        Ok(AddCheckpoint { old, proof, note, origin, size, root })
    }

    /// Decides the request for a witness that trusts `log_vkeys` for this
    /// origin (`None`: an unknown origin) and last cosigned `latest` (`None`:
    /// never). On success, the tree to cosign and to store, before
    /// answering, as the new latest.
    pub fn decide(
        &self,
        log_vkeys: Option<&[String]>,
        latest: Option<&CosignedTree>,
    ) -> Result<CosignedTree, WitnessRefusal> {
        let vkeys = log_vkeys.ok_or_else(|| WitnessRefusal::UnknownOrigin(self.origin.clone()))?;
        let mut signed = Err(WitnessRefusal::NotSignedByLog(LedgerError::MissingSignature(self.origin.clone())));
        for vkey in vkeys {
            match check_log_signature(&self.note, vkey) {
                Ok(()) => signed = Ok(()),
                Err(LedgerError::MissingSignature(_)) => {}
                Err(error) => return Err(WitnessRefusal::NotSignedByLog(error)),
            }
        }
        signed?;
        if self.old > self.size {
            return Err(WitnessRefusal::Malformed("old size is larger than the checkpoint's size"));
        }
        let latest_size = latest.map_or(0, |tree| tree.size);
        if self.old != latest_size {
            return Err(WitnessRefusal::OldSizeMismatch { latest: latest_size });
        }
        if self.size == 0 && self.root != EMPTY_ROOT {
            return Err(WitnessRefusal::Inconsistent("a tree of size 0 must have the empty root"));
        }
        let old_root = latest.map_or(EMPTY_ROOT, |tree| tree.root);
        if self.old == 0 && !self.proof.is_empty() {
            return Err(WitnessRefusal::Inconsistent("a consistency proof from size 0 must be empty"));
        }
        if self.old == self.size {
            if self.root != old_root {
                return Err(WitnessRefusal::Inconsistent(
                    "same size as the latest cosigned checkpoint, different root",
                ));
            }
            if !self.proof.is_empty() {
                return Err(WitnessRefusal::Inconsistent("a consistency proof between equal sizes must be empty"));
            }
        } else if self.old > 0 {
            verify_consistency(self.old, &old_root, self.size, &self.root, &self.proof)
                .map_err(|_| WitnessRefusal::Inconsistent("the consistency proof does not verify"))?;
        }
        Ok(CosignedTree { size: self.size, root: self.root })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{LogIdentity, SigningKey, Tree};

    const ORIGIN: &str = "truce.example/log";

    fn log() -> LogIdentity {
        LogIdentity::new(ORIGIN, SigningKey::from_seed([5; 32])).unwrap()
    }

    fn tree(n: u64) -> Tree {
        let mut tree = Tree::new();
        for i in 0..n {
            tree.append(format!("entry {i}").as_bytes()).unwrap();
        }
        tree
    }

    fn request(old: u64, proof: &[Hash], note: &str) -> String {
        add_checkpoint_body(old, proof, note)
    }

    fn decide(body: &str, latest: Option<&CosignedTree>) -> Result<CosignedTree, WitnessRefusal> {
        let vkeys = [log().vkey()];
        let request = AddCheckpoint::parse(body)?;
        let trusted = (request.origin == ORIGIN).then_some(&vkeys[..]);
        request.decide(trusted, latest)
    }

    #[test]
    fn the_monitoring_path_is_the_hex_sha256_of_the_origin() {
        assert_eq!(monitoring_path("a"), "ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb/checkpoint");
    }

    #[test]
    fn the_first_checkpoint_and_an_extension_are_cosigned() {
        let big = tree(10);
        let first = log().sign_checkpoint(4, &big.root_at(4).unwrap()).unwrap();
        let cosigned = decide(&request(0, &[], &first), None).unwrap();
        assert_eq!(cosigned.size, 4);
        let next = log().sign_checkpoint(10, &big.root().unwrap()).unwrap();
        let proof = big.consistency_proof(4, 10).unwrap();
        assert_eq!(decide(&request(4, &proof, &next), Some(&cosigned)).unwrap().size, 10);
        // The same checkpoint again, with an empty proof, is fine.
        assert!(decide(&request(4, &[], &first), Some(&cosigned)).is_ok());
    }

    #[test]
    fn every_refusal_has_its_status() {
        let big = tree(10);
        let at4 = CosignedTree { size: 4, root: big.root_at(4).unwrap() };
        let next = log().sign_checkpoint(10, &big.root().unwrap()).unwrap();
        let proof = big.consistency_proof(4, 10).unwrap();
        let status = |body: &str, latest: Option<&CosignedTree>| decide(body, latest).unwrap_err().status();
        // 400: malformed bodies, old beyond the checkpoint.
        assert_eq!(status("old x\n\n", None), 400);
        assert_eq!(status(&request(0, &[], "not a note"), None), 400);
        assert_eq!(status(&format!("old 04\n\n{next}"), Some(&at4)), 400);
        assert_eq!(status(&request(11, &[], &next), Some(&at4)), 400);
        // 404: an origin nobody configured.
        let stranger = LogIdentity::new("other.example/log", SigningKey::from_seed([6; 32])).unwrap();
        assert_eq!(status(&request(0, &[], &stranger.sign_checkpoint(0, &EMPTY_ROOT).unwrap()), None), 404);
        // 403: signed by another key under the same name, or a tampered line.
        let impostor = LogIdentity::new(ORIGIN, SigningKey::from_seed([7; 32])).unwrap();
        assert_eq!(status(&request(0, &[], &impostor.sign_checkpoint(0, &EMPTY_ROOT).unwrap()), None), 403);
        let tampered = next.replacen("\n10\n", "\n11\n", 1);
        assert_eq!(status(&request(4, &proof, &tampered), Some(&at4)), 403);
        // 409: the log's idea of the witness's size is stale.
        assert_eq!(decide(&request(2, &proof, &next), Some(&at4)), Err(WitnessRefusal::OldSizeMismatch { latest: 4 }));
        assert_eq!(decide(&request(4, &proof, &next), None), Err(WitnessRefusal::OldSizeMismatch { latest: 0 }));
        // 422: a bad or missing proof, a wrong empty root, a fork at the same size.
        assert_eq!(status(&request(4, &[], &next), Some(&at4)), 422);
        assert_eq!(status(&request(4, &proof[1..], &next), Some(&at4)), 422);
        assert_eq!(status(&request(0, &[], &log().sign_checkpoint(0, &[1; 32]).unwrap()), None), 422);
        assert_eq!(status(&request(0, &proof, &log().sign_checkpoint(4, &at4.root).unwrap()), None), 422);
        let fork = log().sign_checkpoint(4, &[2; 32]).unwrap();
        assert_eq!(status(&request(4, &[], &fork), Some(&at4)), 422);
    }

    #[test]
    fn a_line_of_the_log_key_that_fails_is_refused_even_beside_a_good_one() {
        let note = log().sign_checkpoint(0, &EMPTY_ROOT).unwrap();
        let good_line = note.lines().last().unwrap().to_owned();
        let mut raw = BASE64.decode(good_line.rsplit(' ').next().unwrap()).unwrap();
        raw[10] ^= 1;
        let bad_line = format!("\u{2014} {ORIGIN} {}", BASE64.encode(raw));
        let both = format!("{note}{bad_line}\n");
        assert_eq!(decide(&request(0, &[], &both), None).unwrap_err().status(), 403);
        // A line from a key nobody trusts is ignored.
        let other = format!("{note}\u{2014} someone.example AQIDBAUG\n");
        assert!(decide(&request(0, &[], &other), None).is_ok());
    }
}
