//! The witness's data directory, and the one way its files are written.
//!
//! A witness's whole promise is that it never cosigns two checkpoints of a
//! log that contradict each other. That promise lives in the latest
//! checkpoint it cosigned per log, so that file is written the only safe
//! way (a temporary file, fsync, rename over the old one, fsync of the
//! directory) before the cosignature leaves the process: a crash leaves the
//! old file or the new one, never a torn one and never an older one than
//! what a log was told.
//!
//! ```text
//! DIR/                       mode 0700
//!   witness.key              mode 0600: base64 Ed25519 seed and a newline
//!   witness.toml             the witness's name and the logs it trusts
//!   lock                     held by the one process serving DIR
//!   checkpoints/<hex sha256(origin)>   latest cosigned checkpoint per log
//!   evidence/<time>-<hash>.txt         validly signed, inconsistent requests
//! ```

use std::fs::{File, OpenOptions};
use std::io::Write as _;
use std::os::unix::fs::{OpenOptionsExt as _, PermissionsExt as _};
use std::path::{Path, PathBuf};

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use serde::{Deserialize, Serialize};
use sha2::{Digest as _, Sha256};
use truce_ledger::checkpoint::parse_log_vkey;
use truce_ledger::note::valid_key_name;
use truce_ledger::{Cosigner, SigningKey};

use crate::error::WitnessError;

/// The key file's name.
pub const KEY_FILE: &str = "witness.key";
/// The settings file's name.
pub const CONFIG_FILE: &str = "witness.toml";
/// The lock file's name.
pub const LOCK_FILE: &str = "lock";
/// The folder of latest cosigned checkpoints.
pub const CHECKPOINTS: &str = "checkpoints";
/// The folder of evidence.
pub const EVIDENCE: &str = "evidence";

/// A log the witness trusts: its origin and the verifier keys (type 0x01)
/// whose signature makes a checkpoint of that origin the log's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TrustedLog {
    /// The origin line of its checkpoints.
    pub origin: String,
    /// Its verifier keys; a checkpoint needs a valid signature of one, and
    /// no failing line of any.
    pub vkeys: Vec<String>,
}

impl TrustedLog {
    /// A log trusted under `vkey`, with the origin given or, by default, the
    /// key's name (which tlog-checkpoint says should be the origin).
    pub fn from_vkey(vkey: &str, origin: Option<&str>) -> Result<TrustedLog, WitnessError> {
        let vkey = vkey.trim();
        parse_log_vkey(vkey).map_err(|reason| WitnessError::InvalidVkey { vkey: vkey.to_owned(), reason })?;
        let origin = match origin {
            Some(origin) => origin,
            None => vkey.split_once('+').map_or(vkey, |(name, _)| name),
        };
        if !valid_key_name(origin) {
            return Err(WitnessError::InvalidOrigin { origin: origin.to_owned() });
        }
        Ok(TrustedLog { origin: origin.to_owned(), vkeys: vec![vkey.to_owned()] })
    }

    /// Checks what a settings file says of a log.
    fn check(&self) -> Result<(), WitnessError> {
        if !valid_key_name(&self.origin) {
            return Err(WitnessError::InvalidOrigin { origin: self.origin.clone() });
        }
        for vkey in &self.vkeys {
            parse_log_vkey(vkey).map_err(|reason| WitnessError::InvalidVkey { vkey: vkey.clone(), reason })?;
        }
        Ok(())
    }
}

/// What `witness.toml` holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// The witness's name: the key name of its cosignatures.
    pub name: String,
    /// The logs it trusts.
    #[serde(default, rename = "log")]
    pub logs: Vec<TrustedLog>,
}

/// Lowercase hex SHA-256 of an origin: the name of its checkpoint file and
/// of its monitoring path.
pub fn origin_hash(origin: &str) -> String {
    hex::encode(Sha256::digest(origin.as_bytes()))
}

/// A witness data directory.
#[derive(Debug, Clone)]
pub struct WitnessDir {
    path: PathBuf,
}

impl WitnessDir {
    /// The directory at `path` (nothing is read yet).
    pub fn new(path: impl Into<PathBuf>) -> WitnessDir {
        WitnessDir { path: path.into() }
    }

    /// Where it is.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Creates a witness here: the directory (0700), its settings with
    /// `name` and no log, and the key file (0600), written last and never
    /// replaced. Returns the cosigner, whose `vkey()` the witness's
    /// operator publishes.
    pub fn init(&self, name: &str, key: &SigningKey) -> Result<Cosigner, WitnessError> {
        let cosigner =
            Cosigner::new(name, key.clone()).map_err(|_| WitnessError::InvalidName { name: name.to_owned() })?;
        let key_path = self.path.join(KEY_FILE);
        if key_path.exists() {
            return Err(WitnessError::AlreadyInitialized { path: key_path });
        }
        std::fs::create_dir_all(&self.path).map_err(|e| WitnessError::file(&self.path, e))?;
        std::fs::set_permissions(&self.path, std::fs::Permissions::from_mode(0o700))
            .map_err(|e| WitnessError::file(&self.path, e))?;
        self.write_settings(&Settings { name: name.to_owned(), logs: Vec::new() })?;
        let mut file =
            OpenOptions::new().write(true).create_new(true).mode(0o600).open(&key_path).map_err(|e| {
                match e.kind() {
                    std::io::ErrorKind::AlreadyExists => WitnessError::AlreadyInitialized { path: key_path.clone() },
                    _ => WitnessError::file(&key_path, e),
                }
            })?;
        file.write_all(format!("{}\n", BASE64.encode(key.to_seed())).as_bytes())
            .and_then(|()| file.sync_all())
            .map_err(|e| WitnessError::file(&key_path, e))?;
        sync_dir(&self.path)?;
        Ok(cosigner)
    }

    /// The witness's key, refused when group or others may read it.
    pub fn key(&self) -> Result<SigningKey, WitnessError> {
        let path = self.path.join(KEY_FILE);
        let corrupt = |reason: &str| WitnessError::Corrupt { path: path.clone(), reason: reason.to_owned() };
        let meta = std::fs::metadata(&path).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => WitnessError::NotInitialized { path: self.path.clone() },
            _ => WitnessError::file(&path, e),
        })?;
        let mode = meta.permissions().mode() & 0o777;
        if mode & 0o077 != 0 {
            return Err(corrupt(&format!("mode is {mode:o}; others can read the key; run chmod 600 on it")));
        }
        let text = std::fs::read_to_string(&path).map_err(|e| WitnessError::file(&path, e))?;
        let bytes = BASE64.decode(text.trim()).map_err(|_| corrupt("not base64"))?;
        let seed: [u8; 32] = bytes.try_into().map_err(|_| corrupt("not a 32-byte Ed25519 seed"))?;
        Ok(SigningKey::from_seed(seed))
    }

    /// The settings, checked: a valid name, valid origins and log keys.
    pub fn settings(&self) -> Result<Settings, WitnessError> {
        let path = self.path.join(CONFIG_FILE);
        let text = std::fs::read_to_string(&path).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => WitnessError::NotInitialized { path: self.path.clone() },
            _ => WitnessError::file(&path, e),
        })?;
        let settings: Settings =
            toml::from_str(&text).map_err(|e| WitnessError::Corrupt { path: path.clone(), reason: e.to_string() })?;
        let wrap = |error: WitnessError| WitnessError::Corrupt { path: path.clone(), reason: error.to_string() };
        if !valid_key_name(&settings.name) {
            return Err(wrap(WitnessError::InvalidName { name: settings.name.clone() }));
        }
        for log in &settings.logs {
            log.check().map_err(wrap)?;
        }
        Ok(settings)
    }

    /// The cosigner: the name from the settings and the key.
    pub fn cosigner(&self) -> Result<Cosigner, WitnessError> {
        let settings = self.settings()?;
        Cosigner::new(&settings.name, self.key()?).map_err(|_| WitnessError::InvalidName { name: settings.name })
    }

    /// Trusts a log: adds its origin, or adds the key to the keys of an
    /// origin already trusted (a log rotating its key). Trusting the same
    /// key again changes nothing. A running witness reads the settings when
    /// it starts.
    pub fn trust(&self, log: &TrustedLog) -> Result<Settings, WitnessError> {
        log.check()?;
        let mut settings = self.settings()?;
        match settings.logs.iter_mut().find(|known| known.origin == log.origin) {
            Some(known) => {
                for vkey in &log.vkeys {
                    if !known.vkeys.contains(vkey) {
                        known.vkeys.push(vkey.clone());
                    }
                }
            }
            None => settings.logs.push(log.clone()),
        }
        self.write_settings(&settings)?;
        Ok(settings)
    }

    fn write_settings(&self, settings: &Settings) -> Result<(), WitnessError> {
        let text = toml::to_string(settings)
            .map_err(|e| WitnessError::Corrupt { path: self.path.join(CONFIG_FILE), reason: e.to_string() })?;
        let text = format!("# The witness's name and the logs it trusts (`truce witness add-log`).\n{text}");
        write_atomically(&self.path, CONFIG_FILE, text.as_bytes())
    }

    /// Takes the directory's lock for this process, or says who holds it.
    pub(crate) fn lock(&self) -> Result<File, WitnessError> {
        let path = self.path.join(LOCK_FILE);
        let file = OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(false)
            .mode(0o600)
            .open(&path)
            .map_err(|e| WitnessError::file(&path, e))?;
        match file.try_lock() {
            Ok(()) => Ok(file),
            Err(std::fs::TryLockError::WouldBlock) => Err(WitnessError::Locked { path }),
            Err(std::fs::TryLockError::Error(e)) => Err(WitnessError::file(&path, e)),
        }
    }

    /// The folder of checkpoint files, created if missing.
    pub(crate) fn checkpoints(&self) -> Result<PathBuf, WitnessError> {
        let dir = self.path.join(CHECKPOINTS);
        std::fs::create_dir_all(&dir).map_err(|e| WitnessError::file(&dir, e))?;
        Ok(dir)
    }

    /// The folder of evidence, created if missing.
    pub(crate) fn evidence_dir(&self) -> Result<PathBuf, WitnessError> {
        let dir = self.path.join(EVIDENCE);
        std::fs::create_dir_all(&dir).map_err(|e| WitnessError::file(&dir, e))?;
        Ok(dir)
    }
}

/// Replaces `dir/name` with `bytes` so that a crash leaves the old content
/// or the new, whole: a temporary file written and synced, renamed over the
/// old one, and the directory synced so the rename itself is durable.
/// Callers serialize writes of the same file.
pub(crate) fn write_atomically(dir: &Path, name: &str, bytes: &[u8]) -> Result<(), WitnessError> {
    let temporary = dir.join(format!(".{name}.tmp"));
    let target = dir.join(name);
    let mut file = OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .open(&temporary)
        .map_err(|e| WitnessError::file(&temporary, e))?;
    file.write_all(bytes).and_then(|()| file.sync_all()).map_err(|e| WitnessError::file(&temporary, e))?;
    drop(file);
    std::fs::rename(&temporary, &target).map_err(|e| WitnessError::file(&target, e))?;
    sync_dir(dir)
}

/// Makes the entries of a directory (a rename, a new file) durable.
pub(crate) fn sync_dir(dir: &Path) -> Result<(), WitnessError> {
    File::open(dir).and_then(|d| d.sync_all()).map_err(|e| WitnessError::file(dir, e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn init_makes_a_private_key_and_refuses_to_run_twice() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = WitnessDir::new(tmp.path().join("w"));
        let key = SigningKey::from_seed([4; 32]);
        let cosigner = dir.init("witness.example/a", &key).unwrap();
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(dir.path()), 0o700);
        assert_eq!(mode(&dir.path().join(KEY_FILE)), 0o600);
        assert_eq!(dir.cosigner().unwrap().vkey(), cosigner.vkey());
        assert!(matches!(dir.init("witness.example/a", &key), Err(WitnessError::AlreadyInitialized { .. })));
        std::fs::set_permissions(dir.path().join(KEY_FILE), std::fs::Permissions::from_mode(0o644)).unwrap();
        let error = dir.key().unwrap_err().to_string();
        assert!(error.contains("others can read the key"), "{error}");
        assert!(!error.contains(&BASE64.encode(key.to_seed())), "errors never show the key");
    }

    #[test]
    fn a_bad_name_or_vkey_is_refused_with_its_reason() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = WitnessDir::new(tmp.path());
        let error = dir.init("two words", &SigningKey::from_seed([4; 32])).unwrap_err();
        assert!(error.to_string().starts_with("name \"two words\""), "{error}");
        for (vkey, reason) in [
            ("example.com/log", "expected"),
            ("example.com/log+zzzzzzzz+AQ==", "key"),
            ("example.com/log+00000000+AQ==", "key"),
        ] {
            let error = TrustedLog::from_vkey(vkey, None).unwrap_err().to_string();
            assert!(error.starts_with(&format!("vkey {vkey:?}")) && error.contains(reason), "{error}");
        }
        let log = truce_ledger::LogIdentity::new("log.example/a", SigningKey::from_seed([1; 32])).unwrap();
        let error = TrustedLog::from_vkey(&log.vkey(), Some("bad origin")).unwrap_err();
        assert!(matches!(error, WitnessError::InvalidOrigin { .. }));
    }

    #[test]
    fn trusting_adds_keys_to_an_origin_once() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = WitnessDir::new(tmp.path());
        dir.init("witness.example/a", &SigningKey::from_seed([4; 32])).unwrap();
        let one = truce_ledger::LogIdentity::new("log.example/a", SigningKey::from_seed([1; 32])).unwrap();
        let two = truce_ledger::LogIdentity::new("log.example/a", SigningKey::from_seed([2; 32])).unwrap();
        dir.trust(&TrustedLog::from_vkey(&one.vkey(), None).unwrap()).unwrap();
        dir.trust(&TrustedLog::from_vkey(&one.vkey(), None).unwrap()).unwrap();
        let settings = dir.trust(&TrustedLog::from_vkey(&two.vkey(), None).unwrap()).unwrap();
        assert_eq!(settings.logs.len(), 1);
        assert_eq!(settings.logs[0].origin, "log.example/a");
        assert_eq!(settings.logs[0].vkeys, [one.vkey(), two.vkey()]);
        assert_eq!(dir.settings().unwrap(), settings);
    }
}
