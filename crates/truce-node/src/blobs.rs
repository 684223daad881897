//! The content-addressed blob store: agreement texts and evidence files.
//!
//! Log entries are limited to 65,535 bytes, so large documents live here and
//! records hold their SHA-256. An evidence file is evidence only if the copy
//! held is exactly the one received, so a blob is written once and never
//! replaced: its bytes go to a temporary file of a unique name, synced, made
//! read-only, and then *linked* into place, which fails if a blob is already
//! there (a rename would silently replace it); the directory is synced
//! before `put` returns. Storing bytes that are already held checks the held
//! copy instead of touching it. Reading checks the hash, so a changed file
//! is detected rather than served. The trait lets object storage replace
//! the filesystem later.

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
    /// The size of the blob with this SHA-256, without reading or checking
    /// its content; `None` if absent.
    fn size(&self, sha256: &str) -> Result<Option<u64>, NodeError> {
        Ok(self.get(sha256)?.map(|b| b.len() as u64))
    }
}

/// SHA-256 of `bytes`, lower-case hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// A SHA-256 in lower-case hex split where blobs are kept, `ab` and
/// `cdef…` (on disk and in a bucket alike); `None` if it is not one, so
/// that no other name can reach a path.
pub(crate) fn shard(sha256: &str) -> Option<(&str, &str)> {
    let valid = sha256.len() == 64 && sha256.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
    valid.then(|| sha256.split_at(2))
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
        let (head, tail) = shard(sha256)?;
        Some(self.root.join("sha256").join(head).join(tail))
    }
}

/// Whether the blob at `path` holds exactly `bytes`' hash.
fn check_held(path: &Path, sha256: &str) -> Result<(), NodeError> {
    let held = std::fs::read(path).map_err(|e| NodeError::file(path, e))?;
    if sha256_hex(&held) != sha256 {
        return Err(NodeError::Other(format!(
            "blob {} was modified: its content no longer matches its hash; it is left as found",
            path.display()
        )));
    }
    Ok(())
}

/// Writes a new blob at `path` without ever replacing one there: a unique
/// temporary file, synced and made read-only, is hard-linked into place
/// (linking fails if the name exists) and then unlinked. Returns `false`
/// if a blob was already at `path`.
fn write_new(path: &Path, bytes: &[u8]) -> Result<bool, NodeError> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(|e| NodeError::file(dir, e))?;
    let mut suffix = [0u8; 8];
    getrandom::fill(&mut suffix).map_err(|e| NodeError::Random(e.to_string()))?;
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("blob");
    let tmp = dir.join(format!(".{name}.{}.tmp", hex::encode(suffix)));
    let written = (|| {
        let mut file = std::fs::OpenOptions::new().write(true).create_new(true).open(&tmp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        let mut permissions = file.metadata()?.permissions();
        permissions.set_readonly(true);
        file.set_permissions(permissions)
    })();
    if let Err(e) = written {
        let _ = std::fs::remove_file(&tmp);
        return Err(NodeError::file(&tmp, e));
    }
    let linked = std::fs::hard_link(&tmp, path);
    let _ = std::fs::remove_file(&tmp);
    match linked {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => return Ok(false),
        Err(e) => return Err(NodeError::file(path, e)),
    }
    // The new name is durable only once its directory is.
    std::fs::File::open(dir).and_then(|d| d.sync_all()).map_err(|e| NodeError::file(dir, e))?;
    Ok(true)
}

impl BlobStore for FsBlobStore {
    fn put(&self, bytes: &[u8]) -> Result<String, NodeError> {
        let hash = sha256_hex(bytes);
        let path = self.path(&hash).ok_or_else(|| NodeError::Other("bad hash".into()))?;
        if path.exists() || !write_new(&path, bytes)? {
            check_held(&path, &hash)?;
        }
        Ok(hash)
    }

    fn size(&self, sha256: &str) -> Result<Option<u64>, NodeError> {
        let Some(path) = self.path(sha256) else { return Ok(None) };
        match std::fs::metadata(&path) {
            Ok(m) if m.is_file() => Ok(Some(m.len())),
            Ok(_) => Ok(None),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(NodeError::file(&path, e)),
        }
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
        assert_eq!(store.size(&hash).unwrap(), Some(14));
        assert_eq!(store.size(&"0".repeat(64)).unwrap(), None);
        let path = store.path(&hash).unwrap();
        assert!(std::fs::metadata(&path).unwrap().permissions().readonly());
        let mut permissions = std::fs::metadata(&path).unwrap().permissions();
        #[allow(clippy::permissions_set_readonly_false)]
        permissions.set_readonly(false);
        std::fs::set_permissions(&path, permissions).unwrap();
        std::fs::write(&path, b"changed").unwrap();
        assert!(store.get(&hash).unwrap_err().to_string().contains("was modified"));
        // Storing the bytes again neither repairs nor replaces the held copy:
        // it reports it.
        assert!(store.put(b"agreement text").unwrap_err().to_string().contains("was modified"));
        assert_eq!(std::fs::read(&path).unwrap(), b"changed");
    }

    #[test]
    fn concurrent_puts_of_the_same_bytes_leave_one_intact_blob_and_no_temporary_files() {
        let dir = tempfile::tempdir().unwrap();
        let store = FsBlobStore::new(dir.path());
        let bytes: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
        let hashes: Vec<String> = std::thread::scope(|scope| {
            let handles: Vec<_> = (0..8).map(|_| scope.spawn(|| store.put(&bytes).unwrap())).collect();
            handles.into_iter().map(|h| h.join().unwrap()).collect()
        });
        assert!(hashes.iter().all(|h| *h == sha256_hex(&bytes)));
        assert_eq!(store.get(&hashes[0]).unwrap().unwrap(), bytes);
        let path = store.path(&hashes[0]).unwrap();
        let names: Vec<_> =
            std::fs::read_dir(path.parent().unwrap()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(names.len(), 1, "only the blob is left: {names:?}");
    }
}
