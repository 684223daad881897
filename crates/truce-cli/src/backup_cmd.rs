//! `truce backup` and `truce restore`: a data directory in one file, taken
//! while the server runs, and put back into a new directory that is then
//! verified.
//!
//! The archive is a plain tar, so any `tar` lists it:
//!
//! ```text
//! truce-backup.json   what it holds: origin, log size, store, keys
//! truce.toml          the settings (a SQLite store inside the directory is left unnamed)
//! truce.sqlite        the store, copied by `VACUUM INTO` (SQLite only)
//! blobs/…             agreement texts and evidence, copied after the store
//! keys/log.vkey       the log's public key
//! keys.tar.age        the keys, only with --keys: a tar encrypted with a passphrase (age, scrypt)
//! ```
//!
//! The order is what makes an online backup consistent: the store first
//! (one read transaction), then the blobs, which are written before the
//! record that names them, so the blobs copied are a superset of what the
//! store needs. A PostgreSQL store is not in the archive: `pg_dump` is the
//! tool for it (docs/operations.md), and the archive says so.
//!
//! Restoring refuses a directory that is not empty, refuses archive
//! members that are not plain files and directories or that would land
//! outside it, and ends with `truce verify` on the result, whose exit
//! status it returns: a backup is known good only once it has replayed.

use std::io::{Read as _, Write as _};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context as _, bail};
use truce_node::datadir::{DataDir, SETTINGS_FILE};

use crate::ledger_cmd::{DataArgs, runtime};

/// The archive's description of itself.
const MANIFEST: &str = "truce-backup.json";
/// The encrypted keys inside the archive.
const KEYS_MEMBER: &str = "keys.tar.age";
/// The format this version writes and reads.
const FORMAT: &str = "truce-backup/1";

/// What a backup holds, written first in the archive.
#[derive(Debug, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Manifest {
    format: String,
    origin: String,
    /// When the backup was taken (RFC 3339).
    taken_at: String,
    /// The log's size in the store copied; `None` when the store is not in the archive.
    log_size: Option<u64>,
    /// `sqlite` when `truce.sqlite` is in the archive; `postgres` when it is not.
    store: String,
    /// Whether `keys.tar.age` is in the archive.
    keys: bool,
}

/// `truce backup`.
#[derive(Debug, clap::Args)]
pub struct BackupArgs {
    #[command(flatten)]
    data: DataArgs,
    /// The archive to write (a tar file); refused if it exists.
    #[arg(long)]
    out: PathBuf,
    /// Include the keys (the log key and the principals' keys held here), encrypted
    /// with the passphrase in this file (its first line). Without it, only the log's
    /// public key is kept: the restored copy can be verified, not extended.
    #[arg(long, value_name = "PASSPHRASE_FILE")]
    keys: Option<PathBuf>,
}

/// `truce restore`.
#[derive(Debug, clap::Args)]
pub struct RestoreArgs {
    /// The archive `truce backup` wrote.
    #[arg(long)]
    from: PathBuf,
    /// The new data directory (absent or empty).
    #[arg(long)]
    data: PathBuf,
    /// The passphrase file the keys were encrypted with, when the archive holds keys.
    #[arg(long, value_name = "PASSPHRASE_FILE")]
    passphrase: Option<PathBuf>,
    /// Restore an archive that holds keys without them (a copy to verify, not to serve).
    #[arg(long, conflicts_with = "passphrase")]
    without_keys: bool,
    /// The database to verify against, for a deployment on PostgreSQL restored with pg_restore.
    #[arg(long)]
    database: Option<String>,
}

fn passphrase(path: &Path) -> anyhow::Result<age::secrecy::SecretString> {
    let text = std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let line = text.lines().next().unwrap_or_default().to_owned();
    if line.chars().count() < 12 {
        bail!("{}: the passphrase must be at least 12 characters", path.display());
    }
    Ok(age::secrecy::SecretString::from(line))
}

/// Appends the file `path` to `archive` as `name`, with a 0600 or 0644 mode.
fn append_file(archive: &mut tar::Builder<impl std::io::Write>, path: &Path, name: &str) -> anyhow::Result<()> {
    let bytes = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
    append_bytes(archive, name, &bytes, 0o644)
}

fn append_bytes(
    archive: &mut tar::Builder<impl std::io::Write>,
    name: &str,
    bytes: &[u8],
    mode: u32,
) -> anyhow::Result<()> {
    let mut header = tar::Header::new_gnu();
    header.set_size(bytes.len() as u64);
    header.set_mode(mode);
    header.set_entry_type(tar::EntryType::Regular);
    header.set_mtime(0);
    archive.append_data(&mut header, name, bytes).with_context(|| format!("archiving {name}"))?;
    Ok(())
}

/// Every file under `root/sub`, as (path, name in the archive), sorted.
fn files_under(root: &Path, sub: &str) -> anyhow::Result<Vec<(PathBuf, String)>> {
    let mut out = Vec::new();
    let mut stack = vec![root.join(sub)];
    while let Some(dir) = stack.pop() {
        let entries = match std::fs::read_dir(&dir) {
            Ok(entries) => entries,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(e) => return Err(e).with_context(|| format!("listing {}", dir.display())),
        };
        for entry in entries {
            let entry = entry.with_context(|| format!("listing {}", dir.display()))?;
            let kind = entry.file_type().with_context(|| format!("reading {}", entry.path().display()))?;
            if kind.is_dir() {
                stack.push(entry.path());
            } else if kind.is_file() {
                let rel = entry.path().strip_prefix(root).map(|p| p.display().to_string()).unwrap_or_default();
                // Half-written files of an upload in progress are not blobs yet.
                if !rel.ends_with(".partial") && !entry.file_name().to_string_lossy().starts_with('.') {
                    out.push((entry.path(), rel));
                }
            }
        }
    }
    out.sort_by(|a, b| a.1.cmp(&b.1));
    Ok(out)
}

/// The settings as they go into the archive: a SQLite store inside the
/// directory is left unnamed (the restored directory uses its own).
fn archived_settings(dir: &DataDir) -> anyhow::Result<(String, bool)> {
    let text = std::fs::read_to_string(dir.settings_path())
        .with_context(|| format!("reading {}", dir.settings_path().display()))?;
    let mut settings: toml::Table = text.parse().with_context(|| format!("{}", dir.settings_path().display()))?;
    let parsed = dir.settings()?;
    let url = dir.database(&parsed)?;
    let sqlite = url.starts_with("sqlite:");
    if sqlite {
        settings.remove("database");
    }
    Ok((toml::to_string(&settings).context("writing the settings")?, sqlite))
}

/// `truce backup`.
pub fn backup(args: BackupArgs) -> anyhow::Result<ExitCode> {
    let dir = DataDir::new(&args.data.data);
    let origin = dir.settings()?.origin;
    let secret = args.keys.as_deref().map(passphrase).transpose()?;
    let file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&args.out)
        .with_context(|| format!("creating {} (it must not exist)", args.out.display()))?;
    let partial = PartialFile(Some(args.out.clone()));
    let mut archive = tar::Builder::new(std::io::BufWriter::new(file));
    let (settings, sqlite) = archived_settings(&dir)?;
    let scratch = tempfile::tempdir().context("a temporary directory")?;
    let copy = scratch.path().join("truce.sqlite");
    let log_size = if sqlite && args.data.database.is_none() {
        Some(runtime()?.block_on(async {
            let store = dir.store(None).await?;
            store.backup_into(&copy).await?;
            store.close().await;
            let copied = truce_store::Store::open(&format!("sqlite://{}", copy.display())).await?;
            let size = copied.log_size().await?;
            copied.close().await;
            Ok::<_, anyhow::Error>(size)
        })?)
    } else {
        None
    };
    let manifest = Manifest {
        format: FORMAT.to_owned(),
        origin: origin.clone(),
        taken_at: truce_node::clock::now().to_string(),
        log_size,
        store: if log_size.is_some() { "sqlite" } else { "postgres" }.to_owned(),
        keys: secret.is_some(),
    };
    let manifest_text = serde_json::to_vec_pretty(&manifest).context("the manifest")?;
    append_bytes(&mut archive, MANIFEST, &manifest_text, 0o644)?;
    append_bytes(&mut archive, SETTINGS_FILE, settings.as_bytes(), 0o644)?;
    if log_size.is_some() {
        // VACUUM INTO leaves no WAL: the copy is one self-contained file.
        append_file(&mut archive, &copy, "truce.sqlite")?;
    }
    let blobs = files_under(dir.root(), "blobs")?;
    for (path, name) in &blobs {
        append_file(&mut archive, path, name)?;
    }
    append_file(&mut archive, &dir.root().join("keys/log.vkey"), "keys/log.vkey")?;
    if let Some(secret) = secret {
        let mut keys = tar::Builder::new(Vec::new());
        for (path, name) in files_under(dir.root(), "keys")? {
            if name != "keys/log.vkey" {
                let bytes = std::fs::read(&path).with_context(|| format!("reading {}", path.display()))?;
                append_bytes(&mut keys, &name, &bytes, 0o600)?;
            }
        }
        let plain = keys.into_inner().context("the keys' archive")?;
        let mut sealed = Vec::new();
        let mut writer =
            age::Encryptor::with_user_passphrase(secret).wrap_output(&mut sealed).context("encrypting the keys")?;
        writer.write_all(&plain).context("encrypting the keys")?;
        writer.finish().context("encrypting the keys")?;
        append_bytes(&mut archive, KEYS_MEMBER, &sealed, 0o600)?;
    }
    let mut out = archive.into_inner().context("finishing the archive")?;
    out.flush().context("writing the archive")?;
    out.get_ref().sync_all().context("writing the archive")?;
    partial.keep();
    // Recorded beside the log, for the administrator's page.
    let record = truce_server::app::principals::LastBackup {
        taken_at: manifest.taken_at.clone(),
        archive: std::path::absolute(&args.out).unwrap_or_else(|_| args.out.clone()).display().to_string(),
        log_size,
        keys: manifest.keys,
    };
    let record = serde_json::to_string(&record).context("the backup record")?;
    runtime()?.block_on(async {
        let store = dir.store(args.data.database.as_deref()).await?;
        store.set_meta(truce_server::app::principals::LAST_BACKUP, &record).await?;
        store.close().await;
        Ok::<_, anyhow::Error>(())
    })?;
    println!("backed up {} to {}", dir.root().display(), args.out.display());
    match log_size {
        Some(size) => println!("store: SQLite, {size} log entries; {} blobs", blobs.len()),
        None => println!(
            "store: PostgreSQL, NOT in the archive; back it up with pg_dump -Fc (docs/operations.md); {} blobs",
            blobs.len()
        ),
    }
    println!(
        "keys: {}",
        if manifest.keys { "encrypted with the passphrase" } else { "not included (the log's public key only)" }
    );
    Ok(ExitCode::SUCCESS)
}

/// Removes a file left half-written by a failed backup.
struct PartialFile(Option<PathBuf>);

impl PartialFile {
    fn keep(mut self) {
        self.0 = None;
    }
}

impl Drop for PartialFile {
    fn drop(&mut self) {
        if let Some(path) = self.0.take() {
            let _ = std::fs::remove_file(path);
        }
    }
}

/// Unpacks `bytes` (a tar) into `root`, plain files and directories only,
/// each within `root`; returns the names unpacked.
fn unpack(bytes: &[u8], root: &Path, what: &str) -> anyhow::Result<Vec<String>> {
    let mut archive = tar::Archive::new(bytes);
    let mut names = Vec::new();
    for entry in archive.entries().with_context(|| format!("reading {what}"))? {
        let mut entry = entry.with_context(|| format!("reading {what}"))?;
        let name = entry.path().with_context(|| format!("reading {what}"))?.display().to_string();
        match entry.header().entry_type() {
            tar::EntryType::Regular | tar::EntryType::Directory => {}
            other => bail!("{what}: {name} is a {other:?}, not a file; refused"),
        }
        if !entry.unpack_in(root).with_context(|| format!("unpacking {name}"))? {
            bail!("{what}: {name} would land outside {}; refused", root.display());
        }
        names.push(name);
    }
    Ok(names)
}

/// `truce restore`.
pub fn restore(args: RestoreArgs) -> anyhow::Result<ExitCode> {
    if args.data.exists()
        && std::fs::read_dir(&args.data).with_context(|| format!("reading {}", args.data.display()))?.next().is_some()
    {
        bail!("{} is not empty: restore into a new directory", args.data.display());
    }
    let mut bytes = Vec::new();
    std::fs::File::open(&args.from)
        .and_then(|mut f| f.read_to_end(&mut bytes))
        .with_context(|| format!("reading {}", args.from.display()))?;
    // The manifest first: an archive of another kind is refused before anything is written.
    let manifest: Manifest = {
        let mut archive = tar::Archive::new(bytes.as_slice());
        let mut entries = archive.entries().context("reading the archive")?;
        let mut first = entries.next().context("the archive is empty")?.context("reading the archive")?;
        if first.path().context("reading the archive")?.as_ref() != Path::new(MANIFEST) {
            bail!("{}: not a truce backup (no {MANIFEST} first)", args.from.display());
        }
        let mut text = Vec::new();
        first.read_to_end(&mut text).context("reading the manifest")?;
        serde_json::from_slice(&text).context(MANIFEST)?
    };
    if manifest.format != FORMAT {
        bail!("{}: format {:?}, this version reads {FORMAT}", args.from.display(), manifest.format);
    }
    let secret = match (manifest.keys, &args.passphrase, args.without_keys) {
        (true, Some(path), _) => Some(passphrase(path)?),
        (true, None, false) => bail!(
            "the backup holds encrypted keys: give --passphrase FILE, or --without-keys for a copy that can be \
             verified but not served"
        ),
        (false, Some(_), _) => bail!("the backup holds no keys; --passphrase has nothing to open"),
        _ => None,
    };
    std::fs::create_dir_all(&args.data).with_context(|| format!("creating {}", args.data.display()))?;
    let names = unpack(&bytes, &args.data, "the archive")?;
    let sealed = args.data.join(KEYS_MEMBER);
    if let Some(secret) = secret {
        let sealed_bytes = std::fs::read(&sealed).with_context(|| format!("the archive lacks {KEYS_MEMBER}"))?;
        let decryptor = age::Decryptor::new(sealed_bytes.as_slice()).context("reading the keys")?;
        let identity = age::scrypt::Identity::new(secret);
        let mut reader = decryptor
            .decrypt(std::iter::once(&identity as &dyn age::Identity))
            .context("the passphrase does not open the keys")?;
        let mut plain = Vec::new();
        reader.read_to_end(&mut plain).context("decrypting the keys")?;
        unpack(&plain, &args.data, "the keys")?;
    }
    if names.iter().any(|n| n == KEYS_MEMBER) {
        std::fs::remove_file(&sealed).with_context(|| format!("removing {}", sealed.display()))?;
    }
    let _ = std::fs::remove_file(args.data.join(MANIFEST));
    set_key_modes(&args.data.join("keys"))?;
    println!("restored the backup of {} taken at {} into {}", manifest.origin, manifest.taken_at, args.data.display());
    if manifest.store != "sqlite" && args.database.is_none() {
        println!(
            "the store is PostgreSQL and not in the archive: restore it with pg_restore (docs/operations.md), then \
             run truce verify --data {} --database URL",
            args.data.display()
        );
        return Ok(ExitCode::SUCCESS);
    }
    crate::ledger_cmd::verify(&DataArgs { data: args.data.clone(), database: args.database.clone() })
}

/// The keys directory 0700 and every file in it 0600, as `truce init` makes them.
fn set_key_modes(keys: &Path) -> anyhow::Result<()> {
    use std::os::unix::fs::PermissionsExt as _;
    let mut stack = vec![keys.to_owned()];
    while let Some(dir) = stack.pop() {
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o700))
            .with_context(|| format!("securing {}", dir.display()))?;
        for entry in std::fs::read_dir(&dir).with_context(|| format!("reading {}", dir.display()))? {
            let entry = entry.with_context(|| format!("reading {}", dir.display()))?;
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.file_name().is_some_and(|n| n != "log.vkey") {
                std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600))
                    .with_context(|| format!("securing {}", path.display()))?;
            }
        }
    }
    Ok(())
}
