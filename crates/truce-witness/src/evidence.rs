//! Evidence: the validly signed checkpoints a witness refused as
//! inconsistent.
//!
//! A checkpoint the log signed that does not extend what this witness
//! cosigned (a proof that fails, the same size with another root) is
//! either a bug in the log or the log showing a different history to
//! someone else. Either way it is the log's own signature over a
//! contradiction, which the parties need to see, so the request is kept
//! byte for byte, never overwritten, with the time and the reason:
//!
//! ```text
//! truce-witness-evidence/v1
//! time <unix seconds>
//! origin <origin>
//! reason <why it was refused>
//!
//! <the request body, verbatim>
//! ```
//!
//! A file is written under a temporary name and linked to its final name,
//! which fails rather than replace a file already there; the name holds
//! the time and a hash of the body, so the same request sent again in the
//! same second is the same file.

use std::io::Write as _;
use std::os::unix::fs::OpenOptionsExt as _;
use std::path::PathBuf;

use sha2::{Digest as _, Sha256};

use crate::dir::{WitnessDir, sync_dir};
use crate::error::WitnessError;

/// The first line of an evidence file.
pub const EVIDENCE_FORMAT: &str = "truce-witness-evidence/v1";

/// One kept request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Evidence {
    /// The file it is kept in.
    pub file: PathBuf,
    /// When it was refused (Unix seconds).
    pub time: u64,
    /// The origin its checkpoint names.
    pub origin: String,
    /// Why it was refused.
    pub reason: String,
    /// The request body, verbatim.
    pub body: String,
}

/// Keeps a refused request in `dir`'s evidence folder.
pub(crate) fn keep(
    dir: &WitnessDir,
    time: u64,
    origin: &str,
    reason: &str,
    body: &str,
) -> Result<PathBuf, WitnessError> {
    let folder = dir.evidence_dir()?;
    let digest = hex::encode(Sha256::digest(body.as_bytes()));
    let name = format!("{time:012}-{}.txt", digest.get(..16).unwrap_or(&digest));
    let target = folder.join(&name);
    if target.exists() {
        return Ok(target);
    }
    let temporary = folder.join(format!(".{name}.tmp"));
    let text = format!("{EVIDENCE_FORMAT}\ntime {time}\norigin {origin}\nreason {}\n\n{body}", one_line(reason));
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .open(&temporary)
        .map_err(|e| WitnessError::file(&temporary, e))?;
    file.write_all(text.as_bytes()).and_then(|()| file.sync_all()).map_err(|e| WitnessError::file(&temporary, e))?;
    drop(file);
    match std::fs::hard_link(&temporary, &target) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
        Err(e) => return Err(WitnessError::file(&target, e)),
    }
    std::fs::remove_file(&temporary).map_err(|e| WitnessError::file(&temporary, e))?;
    sync_dir(&folder)?;
    Ok(target)
}

fn one_line(text: &str) -> String {
    text.replace(['\n', '\r'], " ")
}

impl WitnessDir {
    /// Every request kept as evidence, oldest first.
    pub fn evidence(&self) -> Result<Vec<Evidence>, WitnessError> {
        let folder = self.path().join(crate::dir::EVIDENCE);
        let entries = match std::fs::read_dir(&folder) {
            Ok(entries) => entries,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(WitnessError::file(&folder, e)),
        };
        let mut found = Vec::new();
        for entry in entries {
            let path = entry.map_err(|e| WitnessError::file(&folder, e))?.path();
            let is_evidence = path.extension().is_some_and(|e| e == "txt")
                && !path.file_name().is_some_and(|n| n.to_string_lossy().starts_with('.'));
            if is_evidence {
                found.push(read(path)?);
            }
        }
        found.sort_by(|a, b| (a.time, &a.file).cmp(&(b.time, &b.file)));
        Ok(found)
    }
}

fn read(file: PathBuf) -> Result<Evidence, WitnessError> {
    let text = std::fs::read_to_string(&file).map_err(|e| WitnessError::file(&file, e))?;
    let corrupt = |reason: &str| WitnessError::Corrupt { path: file.clone(), reason: reason.to_owned() };
    let (head, body) = text.split_once("\n\n").ok_or_else(|| corrupt("no blank line after the header"))?;
    let mut lines = head.split('\n');
    if lines.next() != Some(EVIDENCE_FORMAT) {
        return Err(corrupt("not an evidence file"));
    }
    let mut field = |name: &str| {
        lines
            .next()
            .and_then(|line| line.strip_prefix(name))
            .and_then(|rest| rest.strip_prefix(' '))
            .map(str::to_owned)
            .ok_or_else(|| corrupt(&format!("no `{name}` line")))
    };
    let time = field("time")?.parse().map_err(|_| corrupt("time is not a number"))?;
    let origin = field("origin")?;
    let reason = field("reason")?;
    Ok(Evidence { file: file.clone(), time, origin, reason, body: body.to_owned() })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn evidence_is_kept_read_back_and_never_overwritten() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = WitnessDir::new(tmp.path());
        let first = keep(&dir, 20, "log.example", "a fork\nat size 4", "old 4\n\nbody one\n").unwrap();
        let again = keep(&dir, 20, "log.example", "other words", "old 4\n\nbody one\n").unwrap();
        assert_eq!(first, again);
        keep(&dir, 10, "log.example", "earlier", "old 1\n\nbody two\n").unwrap();
        let kept = dir.evidence().unwrap();
        assert_eq!(kept.len(), 2);
        assert_eq!((kept[0].time, kept[0].reason.as_str()), (10, "earlier"));
        assert_eq!((kept[1].reason.as_str(), kept[1].body.as_str()), ("a fork at size 4", "old 4\n\nbody one\n"));
    }
}
