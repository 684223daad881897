//! `c2sp.org/tlog-proof@v1`: one file that proves one record is in the log.
//!
//! A party hands a `.tlog-proof` to anyone (a court, a journalist, the other
//! party) who can check it offline against the log's public key: the
//! checkpoint's signature, then the record's inclusion under the
//! checkpoint's root. Cosignatures travel inside the checkpoint; checking a
//! witness quorum is the policy layer's job, not this module's.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;

use crate::tree::{leaf_hash, verify_inclusion};
use crate::{Checkpoint, Hash, LedgerError, open_checkpoint};

const HEADER: &str = "c2sp.org/tlog-proof@v1";
/// An inclusion proof in a tree of at most 2^64 entries has at most 64 hashes.
const MAX_PROOF_HASHES: usize = 64;

/// A parsed (not yet verified) tlog-proof.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TlogProof {
    /// The entry's index in the log.
    pub index: u64,
    /// The inclusion proof, leaf side first.
    pub proof: Vec<Hash>,
    /// The checkpoint note, verbatim, with any cosignatures.
    pub checkpoint: String,
}

/// Writes a tlog-proof:
/// `c2sp.org/tlog-proof@v1\nindex <n>\n<base64 hash>\n…\n\n<checkpoint note>`.
pub fn encode_tlog_proof(index: u64, proof: &[Hash], checkpoint_note: &str) -> String {
    let mut text = format!("{HEADER}\nindex {index}\n");
    for hash in proof {
        text.push_str(&BASE64.encode(hash));
        text.push('\n');
    }
    text.push('\n');
    text.push_str(checkpoint_note);
    text
}

/// Parses a tlog-proof. An optional `extra` line (opaque, unauthenticated)
/// is accepted if it is base64, and dropped.
pub fn parse_tlog_proof(text: &str) -> Result<TlogProof, LedgerError> {
    let rest = text
        .strip_prefix(HEADER)
        .and_then(|rest| rest.strip_prefix('\n'))
        .ok_or(LedgerError::MalformedTlogProof("missing c2sp.org/tlog-proof@v1 header"))?;
    let (mut line, mut rest) = rest.split_once('\n').ok_or(LedgerError::MalformedTlogProof("missing index line"))?;
    if let Some(extra) = line.strip_prefix("extra ") {
        BASE64.decode(extra).map_err(|_| LedgerError::MalformedTlogProof("extra is not base64"))?;
        (line, rest) = rest.split_once('\n').ok_or(LedgerError::MalformedTlogProof("missing index line"))?;
    }
    let index_text = line.strip_prefix("index ").ok_or(LedgerError::MalformedTlogProof("missing index line"))?;
    let index: u64 = index_text.parse().map_err(|_| LedgerError::MalformedTlogProof("index is not a number"))?;
    if index.to_string() != index_text {
        return Err(LedgerError::MalformedTlogProof("index is not in canonical decimal"));
    }
    let mut proof = Vec::new();
    loop {
        let (line, tail) =
            rest.split_once('\n').ok_or(LedgerError::MalformedTlogProof("missing blank line before checkpoint"))?;
        rest = tail;
        if line.is_empty() {
            break;
        }
        if proof.len() == MAX_PROOF_HASHES {
            return Err(LedgerError::MalformedTlogProof("more than 64 proof hashes"));
        }
        let hash: Hash = BASE64
            .decode(line)
            .ok()
            .and_then(|bytes| bytes.try_into().ok())
            .ok_or(LedgerError::MalformedTlogProof("proof line is not base64 of 32 bytes"))?;
        proof.push(hash);
    }
    if rest.is_empty() {
        return Err(LedgerError::MalformedTlogProof("missing checkpoint"));
    }
    Ok(TlogProof { index, proof, checkpoint: rest.to_owned() })
}

/// Verifies a tlog-proof for `entry` against the log's verifier key: the
/// checkpoint's log signature (strict Ed25519), then the inclusion of
/// `entry`'s leaf hash at `index` under the checkpoint's root. Returns the
/// verified checkpoint, whose cosignatures the caller may check further.
pub fn verify_tlog_proof(text: &str, entry: &[u8], vkey: &str) -> Result<Checkpoint, LedgerError> {
    let parsed = parse_tlog_proof(text)?;
    let checkpoint = open_checkpoint(&parsed.checkpoint, vkey)?;
    verify_inclusion(&leaf_hash(entry), parsed.index, checkpoint.size, &parsed.proof, &checkpoint.root)?;
    Ok(checkpoint)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_spec_shape_with_extra() {
        let h = BASE64.encode([7u8; 32]);
        let text = format!("{HEADER}\nextra YWJj\nindex 12\n{h}\n{h}\n\norigin\n13\n{h}\n\n— origin AAAAAAA=\n");
        let parsed = parse_tlog_proof(&text).unwrap();
        assert_eq!(parsed.index, 12);
        assert_eq!(parsed.proof, vec![[7u8; 32]; 2]);
        assert!(parsed.checkpoint.starts_with("origin\n13\n"));
    }

    #[test]
    fn malformed_proofs_are_refused() {
        let h = BASE64.encode([7u8; 32]);
        for bad in [
            String::new(),
            "c2sp.org/tlog-proof@v2\nindex 1\n\ncp\n".to_string(),
            format!("{HEADER}\nindex 01\n\ncp\n"),
            format!("{HEADER}\nindex x\n\ncp\n"),
            format!("{HEADER}\nextra !!\nindex 1\n\ncp\n"),
            format!("{HEADER}\nindex 1\n{h}\n"),
            format!("{HEADER}\nindex 1\nAAAA\n\ncp\n"),
            format!("{HEADER}\nindex 1\n{h}\n\n"),
            format!("{HEADER}\nindex 1\n{}\ncp\n", format!("{h}\n").repeat(65)),
        ] {
            assert!(matches!(parse_tlog_proof(&bad), Err(LedgerError::MalformedTlogProof(_))), "{bad:?}");
        }
    }
}
