//! A deployment's data directory.
//!
//! ```text
//! DIR/truce.toml                   origin and, unless the default, the database URL
//! DIR/truce.sqlite                 the default store (SQLite, WAL)
//! DIR/keys/log.key                 the log's signing key (0600)
//! DIR/keys/log.vkey                the log's verifier key (public)
//! DIR/keys/principals/<id>.key     principals' keys created here (0600)
//! DIR/blobs/sha256/…               agreement texts and evidence
//! ```
//!
//! Nothing in it names where it lives: the default store is not written
//! down and a SQLite path inside it is relative to it, so a directory
//! moved or copied runs on its own files and never on the original's.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use truce_core::Role;
use truce_ledger::{LogIdentity, SigningKey};
use truce_store::Store;

use crate::blobs::{BlobStore, FsBlobStore};
use crate::error::NodeError;
use crate::records::{AgreementAdopted, Body, PrincipalRegistered, submission};
use crate::sequencer::{Ledger, SequencerConfig};
use crate::{clock, keys};

/// The settings file of a data directory.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// The log's origin line, also its key name.
    pub origin: String,
    /// The database URL; absent for the default, `DIR/truce.sqlite`. A
    /// SQLite path that is not absolute is relative to the directory, so
    /// that a directory moved or copied keeps using its own files.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub database: Option<String>,
    /// How `truce serve` runs (optional; see docs/operations.md).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub server: Option<ServerSettings>,
    /// Where the log is also published as static files (optional; see
    /// [`crate::objects`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub object_store: Option<crate::objects::ObjectStoreSettings>,
    /// Where evidence and agreement texts are kept besides this directory,
    /// for servers on several machines (optional; a private bucket, see
    /// [`crate::object_blobs`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence_store: Option<crate::objects::ObjectStoreSettings>,
}

/// The optional `[server]` table of `truce.toml`. Every key is optional:
/// what is absent comes from the environment, the flags or the defaults
/// (precedence: flag > environment > file > default). Unknown keys are
/// refused, so that a misspelt limit is not silently ignored.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServerSettings {
    /// The address to listen on.
    pub listen: Option<std::net::SocketAddr>,
    /// Largest JSON body accepted, bytes.
    pub json_bytes: Option<usize>,
    /// Largest evidence upload accepted, bytes.
    pub upload_bytes: Option<usize>,
    /// Evidence bytes one principal may store in a UTC day (0: no limit).
    pub daily_upload_bytes: Option<u64>,
    /// Evidence files one principal may store in a UTC day (0: no limit).
    pub daily_uploads: Option<u64>,
    /// Longest a request may take, seconds.
    pub request_timeout_secs: Option<u64>,
    /// Requests per second allowed from one client address (0: no limit).
    pub rate_per_address: Option<u32>,
    /// Requests per second allowed for one session or API token (0: no limit).
    pub rate_per_principal: Option<u32>,
    /// Login attempts per minute allowed from one client address (0: no limit).
    pub logins_per_address: Option<u32>,
    /// Login attempts per minute allowed for one principal name (0: no limit).
    pub logins_per_principal: Option<u32>,
    /// Whether session cookies are marked `Secure`.
    pub secure_cookies: Option<bool>,
    /// Addresses of reverse proxies whose `X-Forwarded-For` is believed.
    pub trusted_proxies: Option<Vec<std::net::IpAddr>>,
    /// The address phones and readers reach the server at.
    pub public_url: Option<String>,
}

impl ServerSettings {
    /// These settings, with every key that is absent here taken from `lower`.
    pub fn over(self, lower: ServerSettings) -> ServerSettings {
        ServerSettings {
            listen: self.listen.or(lower.listen),
            json_bytes: self.json_bytes.or(lower.json_bytes),
            upload_bytes: self.upload_bytes.or(lower.upload_bytes),
            daily_upload_bytes: self.daily_upload_bytes.or(lower.daily_upload_bytes),
            daily_uploads: self.daily_uploads.or(lower.daily_uploads),
            request_timeout_secs: self.request_timeout_secs.or(lower.request_timeout_secs),
            rate_per_address: self.rate_per_address.or(lower.rate_per_address),
            rate_per_principal: self.rate_per_principal.or(lower.rate_per_principal),
            logins_per_address: self.logins_per_address.or(lower.logins_per_address),
            logins_per_principal: self.logins_per_principal.or(lower.logins_per_principal),
            secure_cookies: self.secure_cookies.or(lower.secure_cookies),
            trusted_proxies: self.trusted_proxies.or(lower.trusted_proxies),
            public_url: self.public_url.or(lower.public_url),
        }
    }
}

/// The settings file's name in a data directory.
pub const SETTINGS_FILE: &str = "truce.toml";

/// A data directory.
#[derive(Debug, Clone)]
pub struct DataDir {
    root: PathBuf,
}

impl DataDir {
    /// The directory at `root` (not checked).
    pub fn new(root: impl Into<PathBuf>) -> Self {
        Self { root: root.into() }
    }

    /// Its path.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The settings file.
    pub fn settings_path(&self) -> PathBuf {
        self.root.join(SETTINGS_FILE)
    }

    /// The start-up snapshot of the log's state ([`crate::snapshot`]): a
    /// cache this server writes and reads, never evidence.
    pub fn snapshot_path(&self) -> PathBuf {
        self.root.join("state.snapshot")
    }

    /// The sequencer's settings for this directory: the defaults, with its
    /// start-up snapshot.
    pub fn sequencer_config(&self) -> SequencerConfig {
        SequencerConfig { snapshot: Some(self.snapshot_path()), ..SequencerConfig::default() }
    }

    /// The log key file.
    pub fn log_key_path(&self) -> PathBuf {
        self.root.join("keys/log.key")
    }

    /// A principal's key file.
    pub fn principal_key_path(&self, id: &str) -> PathBuf {
        self.root.join("keys/principals").join(format!("{id}.key"))
    }

    /// Where the server keeps a key it made for principal `id` while the
    /// principal's participant has not yet endorsed it.
    pub fn pending_key_path(&self, id: &str) -> PathBuf {
        self.root.join("keys/pending").join(format!("{id}.key"))
    }

    /// The blob store: this directory's `blobs/`, in front of the bucket
    /// the settings' `[evidence_store]` names if they name one. A bucket
    /// that cannot be opened gives a store whose every use fails with the
    /// reason (`truce serve` opens it with [`DataDir::blob_store`] first,
    /// and so refuses to start).
    pub fn blobs(&self) -> Arc<dyn BlobStore> {
        match self.blob_store() {
            Ok(blobs) => blobs,
            Err(e) => Arc::new(crate::object_blobs::Unavailable(e.to_string())),
        }
    }

    /// The blob store, or why the settings' `[evidence_store]` cannot be
    /// opened.
    pub fn blob_store(&self) -> Result<Arc<dyn BlobStore>, NodeError> {
        let local = FsBlobStore::new(self.root.join("blobs"));
        if !self.settings_path().exists() {
            return Ok(Arc::new(local));
        }
        match self.settings()?.evidence_store {
            Some(bucket) => Ok(Arc::new(crate::object_blobs::ObjectBlobStore::open(&bucket, local)?)),
            None => Ok(Arc::new(local)),
        }
    }

    /// The default database URL.
    pub fn default_database(&self) -> String {
        format!("sqlite://{}", self.root.join("truce.sqlite").display())
    }

    /// Reads the settings.
    pub fn settings(&self) -> Result<Settings, NodeError> {
        let path = self.settings_path();
        let text = std::fs::read_to_string(&path).map_err(|e| NodeError::file(&path, e))?;
        toml_settings(&text).map_err(|e| NodeError::Other(format!("{}: {e}", path.display())))
    }

    /// The log's identity, from its key file and settings. The `keys/`
    /// directory must be closed to group and others (0700), as the key
    /// files must (0600).
    pub fn identity(&self) -> Result<LogIdentity, NodeError> {
        use std::os::unix::fs::PermissionsExt as _;
        let settings = self.settings()?;
        let keys_dir = self.root.join("keys");
        let mode = std::fs::metadata(&keys_dir).map_err(|e| NodeError::file(&keys_dir, e))?.permissions().mode();
        if mode & 0o077 != 0 {
            return Err(NodeError::Key {
                path: keys_dir.display().to_string(),
                reason: format!("mode is {:o}; others can list the keys; run chmod 700 on it", mode & 0o777),
            });
        }
        let key = keys::read(&self.log_key_path())?;
        Ok(LogIdentity::new(&settings.origin, key)?)
    }

    /// The database the settings name: the default when they name none; a
    /// relative SQLite path resolved against this directory. A SQLite
    /// database inside another data directory (what a directory copied
    /// from an older version names) is refused: serving it would write
    /// the original deployment's store from the copy.
    pub fn database(&self, settings: &Settings) -> Result<String, NodeError> {
        let Some(url) = &settings.database else { return Ok(self.default_database()) };
        let Some((path, query)) = sqlite_path(url) else { return Ok(url.clone()) };
        let resolved = if path.is_absolute() { path } else { self.root.join(path) };
        let here = std::path::absolute(&self.root).unwrap_or_else(|_| self.root.clone());
        let there = std::path::absolute(&resolved).unwrap_or_else(|_| resolved.clone());
        if let Some(other) = there.parent()
            && !there.starts_with(&here)
            && other.join(SETTINGS_FILE).exists()
        {
            return Err(NodeError::Other(format!(
                "{}: database = {url:?} is the store of another data directory ({}); a copied or moved \
                 directory must use its own: remove the `database` line to use {}, or name the store to use",
                self.settings_path().display(),
                other.display(),
                self.root.join("truce.sqlite").display()
            )));
        }
        Ok(format!("sqlite://{}{query}", resolved.display()))
    }

    /// The log's verifier key: from the log key when the directory holds
    /// it, else from the public `keys/log.vkey` (a copy restored without
    /// its keys can be verified, not extended). Its name must be the origin.
    pub fn vkey(&self) -> Result<String, NodeError> {
        if self.log_key_path().exists() {
            return Ok(self.identity()?.vkey());
        }
        let path = self.root.join("keys/log.vkey");
        let vkey = std::fs::read_to_string(&path).map_err(|e| NodeError::file(&path, e))?.trim().to_owned();
        truce_ledger::checkpoint::parse_log_vkey(&vkey)
            .map_err(|e| NodeError::Other(format!("{}: {e}", path.display())))?;
        let origin = self.settings()?.origin;
        if vkey.split('+').next() != Some(origin.as_str()) {
            return Err(NodeError::Other(format!("{}: not the key of the log {origin}", path.display())));
        }
        Ok(vkey)
    }

    /// Opens the store named in the settings, or `database` if given.
    pub async fn store(&self, database: Option<&str>) -> Result<Store, NodeError> {
        let url = match database {
            Some(url) => url.to_owned(),
            None => self.database(&self.settings()?)?,
        };
        Ok(Store::open(&url).await?)
    }

    /// Holds the one-server lock of a SQLite store (a file beside it,
    /// `<database>.serve-lock`, locked for as long as the returned file is
    /// open): a second `truce serve` on the same SQLite store is refused by
    /// name, since two sequencers on one SQLite file would each take the
    /// other's records for their own. `None` for PostgreSQL, which
    /// several servers share under the sequencer lease.
    pub fn lock_single_server(&self, database: Option<&str>) -> Result<Option<std::fs::File>, NodeError> {
        let url = match database {
            Some(url) => url.to_owned(),
            None => self.database(&self.settings()?)?,
        };
        let Some((path, _)) = sqlite_path(&url) else { return Ok(None) };
        let lock_path = PathBuf::from(format!("{}.serve-lock", path.display()));
        let file = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&lock_path)
            .map_err(|e| NodeError::file(&lock_path, e))?;
        match file.try_lock() {
            Ok(()) => Ok(Some(file)),
            Err(std::fs::TryLockError::WouldBlock) => Err(NodeError::Other(format!(
                "another truce serve is running on the SQLite store {} (it holds {}): a SQLite store runs one \
                 server; to run several, use PostgreSQL (docs/operations.md, \"Several servers\")",
                path.display(),
                lock_path.display()
            ))),
            Err(std::fs::TryLockError::Error(e)) => Err(NodeError::file(&lock_path, e)),
        }
    }

    /// Starts the sequencer over this directory, with its start-up
    /// snapshot unless `config` names another place for it.
    pub async fn start(
        &self,
        database: Option<&str>,
        mut config: SequencerConfig,
    ) -> Result<(Ledger, tokio::task::JoinHandle<()>), NodeError> {
        config.snapshot.get_or_insert_with(|| self.snapshot_path());
        let store = self.store(database).await?;
        Ledger::start(store, self.blobs(), self.identity()?, config).await
    }

    /// Creates a deployment (a text that names signatories is proposed to
    /// them, not put in force): settings, the log key, the first administrator's
    /// key, and the log's first records (the administrator's registration and
    /// the agreement's adoption). Refuses a directory that already has a log key.
    pub async fn init(
        &self,
        origin: &str,
        database: Option<&str>,
        admin: &str,
        agreement_text: &str,
    ) -> Result<SigningKey, NodeError> {
        if self.log_key_path().exists() {
            return Err(NodeError::Other(format!("{} already holds a deployment", self.root.display())));
        }
        let agreement = truce_core::Agreement::from_toml(agreement_text)
            .map_err(|e| NodeError::Other(format!("agreement:\n{}", e.render("agreement"))))?;
        std::fs::create_dir_all(&self.root).map_err(|e| NodeError::file(&self.root, e))?;
        let keys_dir = self.root.join("keys");
        {
            use std::os::unix::fs::PermissionsExt as _;
            std::fs::create_dir_all(&keys_dir).map_err(|e| NodeError::file(&keys_dir, e))?;
            std::fs::set_permissions(&keys_dir, std::fs::Permissions::from_mode(0o700))
                .map_err(|e| NodeError::file(&keys_dir, e))?;
        }
        let log_key = keys::generate()?;
        let identity = LogIdentity::new(origin, log_key.clone())?;
        let settings = Settings {
            origin: origin.to_owned(),
            database: self.settings_database(database),
            server: None,
            object_store: None,
            evidence_store: None,
        };
        let text = toml::to_string(&settings).map_err(|e| NodeError::Other(format!("settings: {e}")))?;
        std::fs::write(self.settings_path(), text).map_err(|e| NodeError::file(&self.settings_path(), e))?;
        keys::write(&self.log_key_path(), &log_key)?;
        let vkey_path = self.root.join("keys/log.vkey");
        std::fs::write(&vkey_path, format!("{}\n", identity.vkey())).map_err(|e| NodeError::file(&vkey_path, e))?;
        let admin_key = keys::generate()?;
        keys::write(&self.principal_key_path(admin), &admin_key)?;

        let blobs = self.blobs();
        let sha256 = blobs.put(agreement_text.as_bytes())?;
        let (ledger, handle) = self.start(None, SequencerConfig::default()).await?;
        let genesis = Body::Principal(PrincipalRegistered {
            principal: admin.to_owned(),
            participant: None,
            role: Role::Administrator,
            public_key: admin_key.verifying_key().to_base64(),
            endorsement: None,
            custody: crate::records::Custody::Own,
        });
        ledger.submit(submission(&admin_key, admin, None, clock::now(), &genesis, None)?).await?;
        let named = AgreementAdopted {
            agreement: agreement.identity.id.to_string(),
            version: agreement.identity.version,
            sha256,
        };
        // A text that names signatories is only proposed: it is in force
        // once each has signed it with its own key, never by this
        // administrator alone.
        let adopt =
            if agreement.consent.signatories.is_empty() { Body::Agreement(named) } else { Body::Proposal(named) };
        ledger.submit(submission(&admin_key, admin, None, clock::now(), &adopt, None)?).await?;
        drop(ledger);
        handle.await.map_err(|e| NodeError::Other(format!("sequencer: {e}")))?;
        Ok(admin_key)
    }
}

impl DataDir {
    /// What `init` writes for the database given on its command line
    /// (`None`: the default): nothing for the default; a SQLite file inside
    /// the directory relative to it; anything else as given, a relative
    /// SQLite path made absolute (it was relative to where `init` ran).
    fn settings_database(&self, database: Option<&str>) -> Option<String> {
        let url = database?;
        let Some((path, query)) = sqlite_path(url) else { return Some(url.to_owned()) };
        let path = std::path::absolute(&path).unwrap_or(path);
        let root = std::path::absolute(&self.root).unwrap_or_else(|_| self.root.clone());
        if path == root.join("truce.sqlite") && query.is_empty() {
            return None;
        }
        match path.strip_prefix(&root) {
            Ok(inside) => Some(format!("sqlite://{}{query}", inside.display())),
            Err(_) => Some(format!("sqlite://{}{query}", path.display())),
        }
    }
}

/// The file path and the query (with its `?`) of a SQLite URL; `None` for
/// another database or an in-memory one.
fn sqlite_path(url: &str) -> Option<(PathBuf, &str)> {
    let rest = url.strip_prefix("sqlite://").or_else(|| url.strip_prefix("sqlite:"))?;
    let (path, query) = match rest.find('?') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, ""),
    };
    if path.is_empty() || path == ":memory:" {
        return None;
    }
    Some((PathBuf::from(path), query))
}

fn toml_settings(text: &str) -> Result<Settings, String> {
    toml::from_str(text).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_server_table_is_optional_and_read_when_present() {
        let s = toml_settings("origin = \"o\"\ndatabase = \"sqlite://x\"\n").unwrap();
        assert_eq!(s.server, None);
        let s = toml_settings(
            "origin = \"o\"\ndatabase = \"sqlite://x\"\n[server]\nlisten = \"0.0.0.0:9000\"\nrate_per_address = 0\n",
        )
        .unwrap();
        let server = s.server.unwrap();
        assert_eq!(server.listen, Some("0.0.0.0:9000".parse().unwrap()));
        assert_eq!(server.rate_per_address, Some(0));
        assert_eq!(server.json_bytes, None);
    }

    #[test]
    fn an_unknown_server_key_is_refused_by_name() {
        let e = toml_settings("origin = \"o\"\ndatabase = \"d\"\n[server]\nrate_per_adress = 5\n").unwrap_err();
        assert!(e.contains("rate_per_adress"), "{e}");
        let e = toml_settings("origin = \"o\"\ndatabase = \"d\"\n[server]\nlisten = \"nowhere\"\n").unwrap_err();
        assert!(e.contains("listen"), "{e}");
    }

    #[test]
    fn upper_settings_win_key_by_key() {
        let upper = ServerSettings { rate_per_address: Some(1), ..ServerSettings::default() };
        let lower = ServerSettings { rate_per_address: Some(2), json_bytes: Some(3), ..ServerSettings::default() };
        let merged = upper.over(lower);
        assert_eq!(merged.rate_per_address, Some(1));
        assert_eq!(merged.json_bytes, Some(3));
        assert_eq!(merged.listen, None);
    }
}
