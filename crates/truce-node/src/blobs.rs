//! The content-addressed blob store: agreement texts and evidence files.
//!
//! Log entries are limited to 65,535 bytes, so large documents live here and
//! records hold their SHA-256. A blob is written once (to a temporary file,
//! synced, then renamed) and never modified; reading checks the hash, so a
//! changed file is detected rather than served. The trait lets object
//! storage replace the filesystem later.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use sha2::{Digest as _, Sha256};

use crate::error::NodeError;

/// Where blobs live.
pub trait BlobStore: Send + Sync {
    /// Stores `bytes` and returns their SHA-256 (lower-case hex).
    fn put(&self, bytes: &[u8]) -> Result<String, NodeError>;
    /// The bytes with this SHA-256, checked; `None` if absent.
    fn get(&self, sha256: &str) -> Result<Option<Vec<u8>>, NodeError>;
}

/// SHA-256 of `bytes`, lower-case hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// Blobs as files under `root/sha256/ab/cdef…`.
#[derive(Debug, Clone)]
pub struct FsBlobStore {
    root: PathBuf,
}

impl FsBlobStore {
    /// A store rooted at `root`.
    pub fn new(root: impl Into<PathBuf>) -> Self {
        Self { root: root.into() }
    }

    fn path(&self, sha256: &str) -> Option<PathBuf> {
        let valid = sha256.len() == 64 && sha256.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
        if !valid {
            return None;
        }
        let (head, tail) = sha256.split_at(2);
        Some(self.root.join("sha256").join(head).join(tail))
    }
}

fn write_new(path: &Path, bytes: &[u8]) -> Result<(), NodeError> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(|e| NodeError::file(dir, e))?;
    let tmp = path.with_extension("tmp");
    let mut file = std::fs::File::create(&tmp).map_err(|e| NodeError::file(&tmp, e))?;
    file.write_all(bytes).map_err(|e| NodeError::file(&tmp, e))?;
    file.sync_all().map_err(|e| NodeError::file(&tmp, e))?;
    std::fs::rename(&tmp, path).map_err(|e| NodeError::file(path, e))
}

impl BlobStore for FsBlobStore {
    fn put(&self, bytes: &[u8]) -> Result<String, NodeError> {
        let hash = sha256_hex(bytes);
        let path = self.path(&hash).ok_or_else(|| NodeError::Other("bad hash".into()))?;
        if !path.exists() {
            write_new(&path, bytes)?;
        }
        Ok(hash)
    }

    fn get(&self, sha256: &str) -> Result<Option<Vec<u8>>, NodeError> {
        let Some(path) = self.path(sha256) else { return Ok(None) };
        match std::fs::read(&path) {
            Ok(bytes) if sha256_hex(&bytes) == sha256 => Ok(Some(bytes)),
            Ok(_) => Err(NodeError::Other(format!(
                "blob {} was modified: its content no longer matches its hash",
                path.display()
            ))),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(NodeError::file(&path, e)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blobs_are_content_addressed_and_checked_on_read() {
        let dir = tempfile::tempdir().unwrap();
        let store = FsBlobStore::new(dir.path());
        let hash = store.put(b"agreement text").unwrap();
        assert_eq!(hash, sha256_hex(b"agreement text"));
        assert_eq!(store.put(b"agreement text").unwrap(), hash);
        assert_eq!(store.get(&hash).unwrap().unwrap(), b"agreement text");
        assert_eq!(store.get(&"0".repeat(64)).unwrap(), None);
        assert_eq!(store.get("../../etc/passwd").unwrap(), None);
        let path = store.path(&hash).unwrap();
        std::fs::write(&path, b"changed").unwrap();
        assert!(store.get(&hash).unwrap_err().to_string().contains("was modified"));
    }
}
