//! Evidence and agreement texts in object storage, for a deployment of
//! several servers on several machines.
//!
//! A record holds a blob's SHA-256; the blob itself must be readable by
//! every server that serves the case, not only by the one that received
//! the upload. So a deployment may name a bucket in the `[evidence_store]`
//! table of `truce.toml` (an S3-compatible bucket, Google Cloud Storage,
//! Azure Blob Storage or a directory, through the `object_store` crate, as
//! [`crate::objects`] publishes the log). It must be a *private* bucket:
//! evidence is confidential, unlike the log's tiles, which are published
//! for anyone. Blobs go under `sha256/ab/cdef…`, as on disk.
//!
//! The local directory stays: it is written first and read first, so a
//! server reads what it received without a round trip, and the bucket is
//! where the other servers find it. `put` returns only once the bucket
//! holds the bytes (a record citing a blob is not accepted while another
//! server could not read it); `get` checks the hash of what the bucket
//! returns, like the filesystem's, and keeps a checked copy locally.
//!
//! [`BlobStore`] is synchronous (the core applies records without IO of
//! its own and calls it from inside the sequencer), so the bucket's
//! requests run on a small runtime of this store's own, and the caller
//! waits on a channel: this works from any thread, inside or outside an
//! async runtime, and never blocks a runtime's worker on itself.

use std::sync::Arc;
use std::sync::mpsc;

use object_store::path::Path as ObjectPath;
use object_store::{ObjectStore, ObjectStoreExt as _, PutPayload};

use crate::blobs::{BlobStore, FsBlobStore, sha256_hex};
use crate::error::NodeError;
use crate::objects::ObjectStoreSettings;

/// Blobs in a bucket, with a local directory in front of it.
pub struct ObjectBlobStore {
    local: FsBlobStore,
    objects: Arc<dyn ObjectStore>,
    prefix: ObjectPath,
    runtime: Option<tokio::runtime::Runtime>,
}

impl std::fmt::Debug for ObjectBlobStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ObjectBlobStore").field("local", &self.local).field("prefix", &self.prefix).finish()
    }
}

impl Drop for ObjectBlobStore {
    fn drop(&mut self) {
        // Dropped inside an async runtime too (with the server's state):
        // a runtime may only be shut down there without waiting.
        if let Some(runtime) = self.runtime.take() {
            runtime.shutdown_background();
        }
    }
}

impl ObjectBlobStore {
    /// The bucket `settings` names, with `local` in front of it.
    pub fn open(settings: &ObjectStoreSettings, local: FsBlobStore) -> Result<ObjectBlobStore, NodeError> {
        let (objects, prefix) = crate::objects::open_url(settings, "evidence_store")?;
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .thread_name("truce-blobs")
            .enable_all()
            .build()
            .map_err(|e| NodeError::Other(format!("evidence_store: starting its client: {e}")))?;
        Ok(ObjectBlobStore { local, objects, prefix, runtime: Some(runtime) })
    }

    fn path(&self, sha256: &str) -> Option<ObjectPath> {
        let (head, tail) = crate::blobs::shard(sha256)?;
        Some(self.prefix.clone().join("sha256").join(head).join(tail))
    }

    /// Runs `work` on the store's runtime and waits for it.
    fn wait<T: Send + 'static>(
        &self,
        work: impl Future<Output = Result<T, NodeError>> + Send + 'static,
    ) -> Result<T, NodeError> {
        let runtime = self.runtime.as_ref().ok_or_else(|| NodeError::Other("evidence_store: closed".into()))?;
        let (tx, rx) = mpsc::channel();
        runtime.spawn(async move {
            let _ = tx.send(work.await);
        });
        rx.recv().map_err(|_| NodeError::Other("evidence_store: its client stopped".into()))?
    }

    /// The bytes the bucket holds under `sha256`, checked; `None` if absent.
    fn fetch(&self, sha256: &str, path: ObjectPath) -> Result<Option<Vec<u8>>, NodeError> {
        let objects = self.objects.clone();
        let shown = path.to_string();
        let bytes = self.wait(async move {
            match objects.get(&path).await {
                Ok(found) => found
                    .bytes()
                    .await
                    .map(|b| Some(b.to_vec()))
                    .map_err(|e| NodeError::Other(format!("evidence_store: reading {path}: {e}"))),
                Err(object_store::Error::NotFound { .. }) => Ok(None),
                Err(e) => Err(NodeError::Other(format!("evidence_store: reading {path}: {e}"))),
            }
        })?;
        match bytes {
            Some(bytes) if sha256_hex(&bytes) == sha256 => Ok(Some(bytes)),
            Some(_) => Err(NodeError::Other(format!(
                "evidence_store: {shown} was modified: its content no longer matches its hash"
            ))),
            None => Ok(None),
        }
    }
}

impl BlobStore for ObjectBlobStore {
    fn put(&self, bytes: &[u8]) -> Result<String, NodeError> {
        let hash = self.local.put(bytes)?;
        let path = self.path(&hash).ok_or_else(|| NodeError::Other("bad hash".into()))?;
        // Written once: bytes already there are checked, never replaced.
        if self.fetch(&hash, path.clone())?.is_some() {
            return Ok(hash);
        }
        let objects = self.objects.clone();
        let payload = PutPayload::from(bytes.to_vec());
        self.wait(async move {
            objects
                .put(&path, payload)
                .await
                .map(|_| ())
                .map_err(|e| NodeError::Other(format!("evidence_store: writing {path}: {e}")))
        })?;
        Ok(hash)
    }

    fn size(&self, sha256: &str) -> Result<Option<u64>, NodeError> {
        if let Some(size) = self.local.size(sha256)? {
            return Ok(Some(size));
        }
        let Some(path) = self.path(sha256) else { return Ok(None) };
        let objects = self.objects.clone();
        self.wait(async move {
            match objects.head(&path).await {
                Ok(meta) => Ok(Some(meta.size)),
                Err(object_store::Error::NotFound { .. }) => Ok(None),
                Err(e) => Err(NodeError::Other(format!("evidence_store: reading {path}: {e}"))),
            }
        })
    }

    fn get(&self, sha256: &str) -> Result<Option<Vec<u8>>, NodeError> {
        if let Some(bytes) = self.local.get(sha256)? {
            return Ok(Some(bytes));
        }
        let Some(path) = self.path(sha256) else { return Ok(None) };
        let Some(bytes) = self.fetch(sha256, path)? else { return Ok(None) };
        // A checked copy for the next read.
        self.local.put(&bytes)?;
        Ok(Some(bytes))
    }
}

/// A blob store that could not be opened: every use fails with the reason.
#[derive(Debug, Clone)]
pub struct Unavailable(pub String);

impl BlobStore for Unavailable {
    fn put(&self, _bytes: &[u8]) -> Result<String, NodeError> {
        Err(NodeError::Other(format!("the blob store is unavailable: {}", self.0)))
    }

    fn get(&self, _sha256: &str) -> Result<Option<Vec<u8>>, NodeError> {
        Err(NodeError::Other(format!("the blob store is unavailable: {}", self.0)))
    }
}
