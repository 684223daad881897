//! Publishing the log to object storage: the checkpoint, every hash tile
//! and every entry bundle in the C2SP tlog-tiles layout, written through
//! the `object_store` crate to an S3-compatible bucket, Google Cloud
//! Storage, Azure Blob Storage or local files, so that any static host or
//! CDN in front of the bucket serves the log without Truce.
//!
//! Why a copy and not the store itself: the server reads tiles from its
//! database, which is where the compare-and-set on the log's head makes
//! the log's history final; the bucket is a publication of what the
//! database holds, written by the sequencing server after each commit.
//! Files go tiles first and the checkpoint last, so a reader never sees a
//! checkpoint whose tiles are not there yet; full tiles never change, and
//! a partial tile is written under its own width (`.p/W`). The checkpoint
//! is replaced only by a larger one: before writing, the publisher reads
//! the one there and leaves it if it is as large (a server that has just
//! lost the lease cannot take the bucket back to an older tree for long:
//! the next publication by the leader restores it).
//!
//! Configured in `truce.toml` (docs/operations.md, "Object storage"):
//!
//! ```toml
//! [object_store]
//! url = "s3://bucket/log"
//! [object_store.options]
//! aws_endpoint = "https://s3.example.org"
//! ```
//!
//! Options not in the file come from the environment (`AWS_…`, `GOOGLE_…`,
//! `AZURE_…`, as the crate's builders name them), so secrets need not be
//! written in the settings.

use std::collections::BTreeMap;
use std::sync::Arc;

use object_store::path::Path as ObjectPath;
use object_store::{ObjectStore, ObjectStoreExt as _, PutPayload};
use serde::{Deserialize, Serialize};
use truce_store::Store;

use crate::error::NodeError;
use crate::publish::{changed_files, tile_file_bytes};
use crate::sequencer::{LedgerObserver, SequencerRole};

/// The `[object_store]` table of `truce.toml`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ObjectStoreSettings {
    /// Where: `s3://bucket/prefix`, `gs://bucket/prefix`,
    /// `az://container/prefix`, `file:///absolute/path` or `memory:///`.
    pub url: String,
    /// The crate's configuration keys (`aws_endpoint`, `aws_region`,
    /// `aws_allow_http`, …), over the ones the environment gives.
    #[serde(default)]
    pub options: BTreeMap<String, String>,
}

/// The object store `settings` name (the table `table` of `truce.toml`,
/// named in errors) and the prefix under which files go.
pub(crate) fn open_url(
    settings: &ObjectStoreSettings,
    table: &str,
) -> Result<(Arc<dyn ObjectStore>, ObjectPath), NodeError> {
    // HTTPS for the object stores' clients uses rustls with ring; a
    // provider installed already (by another part of the process) stays.
    let _ = rustls::crypto::ring::default_provider().install_default();
    let url = reqwest::Url::parse(&settings.url)
        .map_err(|e| NodeError::Other(format!("{table}.url {:?}: {e}", settings.url)))?;
    let mut options: BTreeMap<String, String> = std::env::vars()
        .filter(|(key, _)| ENV_PREFIXES.iter().any(|p| key.starts_with(p)))
        .map(|(key, value)| (key.to_ascii_lowercase(), value))
        .collect();
    options.extend(settings.options.clone());
    let (objects, prefix) = object_store::parse_url_opts(&url, options)
        .map_err(|e| NodeError::Other(format!("{table}.url {:?}: {e}", settings.url)))?;
    Ok((Arc::from(objects), prefix))
}

/// A bucket (or directory) the log is published to, with the prefix the
/// files go under.
#[derive(Debug, Clone)]
pub struct Publication {
    objects: Arc<dyn ObjectStore>,
    prefix: ObjectPath,
}

/// Environment variables that configure the crate's builders.
const ENV_PREFIXES: [&str; 3] = ["AWS_", "GOOGLE_", "AZURE_"];

impl Publication {
    /// Opens the object store the settings name.
    pub fn open(settings: &ObjectStoreSettings) -> Result<Publication, NodeError> {
        let (objects, prefix) = open_url(settings, "object_store")?;
        Ok(Publication { objects, prefix })
    }

    fn path(&self, rel: &str) -> ObjectPath {
        rel.split('/').fold(self.prefix.clone(), |path, part| path.clone().join(part))
    }

    async fn put(&self, rel: &str, bytes: Vec<u8>) -> Result<(), NodeError> {
        self.objects
            .put(&self.path(rel), PutPayload::from(bytes))
            .await
            .map(|_| ())
            .map_err(|e| NodeError::Other(format!("object store: writing {rel}: {e}")))
    }

    /// The tree size of the checkpoint published there, if any.
    pub async fn published_size(&self) -> Result<Option<u64>, NodeError> {
        match self.objects.get(&self.path("checkpoint")).await {
            Ok(found) => {
                let bytes =
                    found.bytes().await.map_err(|e| NodeError::Other(format!("object store: checkpoint: {e}")))?;
                let text = String::from_utf8_lossy(&bytes);
                let size = text.lines().nth(1).and_then(|line| line.parse::<u64>().ok());
                size.map(Some).ok_or_else(|| NodeError::Other("object store: the checkpoint there is malformed".into()))
            }
            Err(object_store::Error::NotFound { .. }) => Ok(None),
            Err(e) => Err(NodeError::Other(format!("object store: reading the checkpoint: {e}"))),
        }
    }

    /// Publishes the store's latest checkpoint, writing the tiles and
    /// bundles that are new or grew since a tree of `from` entries. Returns
    /// the size now published.
    pub async fn publish(&self, store: &Store, from: u64) -> Result<u64, NodeError> {
        let Some((size, note)) = store.latest_checkpoint().await? else { return Ok(from) };
        if size <= from {
            return Ok(from);
        }
        for file in changed_files(from, size)? {
            self.put(&file.path(), tile_file_bytes(store, file, size).await?).await?;
        }
        if self.published_size().await?.is_some_and(|there| there >= size) {
            return Ok(size);
        }
        self.put("checkpoint", note.into_bytes()).await?;
        Ok(size)
    }

    /// Publishes after every commit, for as long as the log is followed:
    /// on the server that sequences (a follower leaves it to the leader).
    /// A failure is logged and tried again at the next commit or within
    /// seconds; the files are written again from the last size published.
    pub fn start(self, store: Store, observer: LedgerObserver) -> tokio::task::JoinHandle<()> {
        tokio::spawn(async move {
            let mut checkpoints = observer.checkpoints();
            let mut published: Option<u64> = None;
            loop {
                if observer.role() != SequencerRole::Follower {
                    let from = match published {
                        Some(size) => Ok(size),
                        None => self.published_size().await.map(Option::unwrap_or_default),
                    };
                    match from {
                        Ok(from) => match self.publish(&store, from).await {
                            Ok(size) => published = Some(size),
                            Err(e) => {
                                tracing::warn!(error = %e, "publishing the log to object storage; will try again")
                            }
                        },
                        Err(e) => tracing::warn!(error = %e, "reading the published checkpoint; will try again"),
                    }
                } else {
                    // Another server publishes meanwhile: read where it got to when leading.
                    published = None;
                }
                tokio::select! {
                    changed = checkpoints.changed() => if changed.is_err() { break },
                    () = tokio::time::sleep(std::time::Duration::from_secs(2)) => {}
                }
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_url_the_crate_does_not_know_is_refused_by_name() {
        let settings = ObjectStoreSettings { url: "ftp://example.org/log".into(), options: BTreeMap::new() };
        let e = Publication::open(&settings).unwrap_err().to_string();
        assert!(e.contains("object_store.url") && e.contains("ftp://"), "{e}");
    }
}
