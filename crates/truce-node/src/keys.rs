//! Key files: the log's key and principals' keys, as 0600 files.
//!
//! A key file holds the base64 Ed25519 seed and a newline, nothing else. It
//! is created with mode 0600 and refused when others can read it. Errors
//! name the file and the problem, never the key.

use std::io::Write as _;
use std::os::unix::fs::{OpenOptionsExt as _, PermissionsExt as _};
use std::path::Path;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use truce_ledger::SigningKey;

use crate::error::NodeError;

/// A new key from the operating system's random source.
pub fn generate() -> Result<SigningKey, NodeError> {
    let mut seed = [0u8; 32];
    getrandom::fill(&mut seed).map_err(|e| NodeError::Random(e.to_string()))?;
    Ok(SigningKey::from_seed(seed))
}

/// 32 random bytes, for commitment salts.
pub fn random_salt() -> Result<[u8; 32], NodeError> {
    let mut salt = [0u8; 32];
    getrandom::fill(&mut salt).map_err(|e| NodeError::Random(e.to_string()))?;
    Ok(salt)
}

/// Writes a new key file with mode 0600; refuses to overwrite one.
pub fn write(path: &Path, key: &SigningKey) -> Result<(), NodeError> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| NodeError::file(dir, e))?;
    }
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
        .map_err(|e| NodeError::file(path, e))?;
    let text = format!("{}\n", BASE64.encode(key.to_seed()));
    file.write_all(text.as_bytes()).map_err(|e| NodeError::file(path, e))?;
    file.sync_all().map_err(|e| NodeError::file(path, e))?;
    Ok(())
}

/// Reads a key file, refusing one that group or others can read.
pub fn read(path: &Path) -> Result<SigningKey, NodeError> {
    let key_error = |reason: &str| NodeError::Key { path: path.display().to_string(), reason: reason.to_owned() };
    let meta = std::fs::metadata(path).map_err(|e| NodeError::file(path, e))?;
    let mode = meta.permissions().mode() & 0o777;
    if mode & 0o077 != 0 {
        return Err(key_error(&format!("mode is {mode:o}; others can read it; run chmod 600 on it")));
    }
    let text = std::fs::read_to_string(path).map_err(|e| NodeError::file(path, e))?;
    let bytes = BASE64.decode(text.trim()).map_err(|_| key_error("not base64"))?;
    let seed: [u8; 32] = bytes.try_into().map_err(|_| key_error("not a 32-byte Ed25519 seed"))?;
    Ok(SigningKey::from_seed(seed))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_round_trip_with_mode_0600_and_wide_ones_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("k/log.key");
        let key = generate().unwrap();
        write(&path, &key).unwrap();
        assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
        assert_eq!(read(&path).unwrap().to_seed(), key.to_seed());
        assert!(write(&path, &key).is_err(), "never overwrites a key");
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        let err = read(&path).unwrap_err().to_string();
        assert!(err.contains("others can read it"), "{err}");
        let seed = BASE64.encode(key.to_seed());
        assert!(!err.contains(&seed), "errors never show the key");
    }
}
