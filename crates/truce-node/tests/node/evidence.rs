//! Evidence receipts: a record is appended only for a file the blob store
//! holds with the size it claims, and `verify` reads every recorded file
//! back against its hash.

use truce_node::records::{Body, EvidenceReceived, submission};
use truce_node::{Effect, NodeError};

use crate::{databases, deploy};

fn receipt(sha256: &str, size: u64) -> Body {
    Body::Evidence(EvidenceReceived { sha256: sha256.to_owned(), size, content_type: "image/jpeg".into() })
}

#[tokio::test]
async fn an_evidence_receipt_needs_its_file_and_verify_reads_the_file_back() {
    for db in databases().await {
        let d = deploy(db).await;
        let (ledger, handle) = d.start().await;
        let (key, participant) = &d.keys["pak-liaison"];
        let at: jiff::Timestamp = "2025-10-12T08:00:00Z".parse().unwrap();
        let submit = |body: Body| {
            let s = submission(key, "pak-liaison", participant.as_deref(), at, &body, Some([9; 32])).unwrap();
            ledger.submit(s)
        };
        let photo = b"\xff\xd8\xff\xe0 not really a photo".to_vec();
        let sha = truce_node::blobs::sha256_hex(&photo);
        let rejected = |r: Result<_, NodeError>| match r {
            Err(NodeError::Rejected(e)) => e.to_string(),
            other => panic!("expected a rejection, got {other:?}"),
        };

        let err = rejected(submit(receipt(&sha, photo.len() as u64)).await);
        assert_eq!(err, format!("evidence file {sha} is not in the blob store"));
        d.dir.blobs().put(&photo).unwrap();
        let err = rejected(submit(receipt(&sha, 5)).await);
        assert_eq!(
            err,
            format!("evidence file {sha} has {} bytes in the blob store, but the record says 5", photo.len())
        );
        let err = rejected(submit(receipt("../../etc/passwd", 5)).await);
        assert!(err.contains("is not 64 lower-case hex digits"), "{err}");
        let bad_type = Body::Evidence(EvidenceReceived {
            sha256: sha.clone(),
            size: photo.len() as u64,
            content_type: "text/html; charset=utf-8".into(),
        });
        assert!(rejected(submit(bad_type).await).contains("is not a media type"));

        let ok = submit(receipt(&sha, photo.len() as u64)).await.unwrap();
        assert_eq!(ok.effect, Effect::Evidence(sha.clone()));
        drop(ledger);
        handle.await.unwrap();
        let store = d.store().await;
        let entry = String::from_utf8(store.entry(ok.index).await.unwrap()).unwrap();
        assert!(entry.contains("\"commitment\":") && !entry.contains(&sha), "{entry}");
        store.close().await;
        d.verify().await.unwrap();

        // The evidentiary copy changed on disk: verify names the record.
        let path = d.dir.root().join("blobs/sha256").join(&sha[..2]).join(&sha[2..]);
        let mut permissions = std::fs::metadata(&path).unwrap().permissions();
        assert!(permissions.readonly(), "blobs are stored read-only");
        #[allow(clippy::permissions_set_readonly_false)]
        permissions.set_readonly(false);
        std::fs::set_permissions(&path, permissions).unwrap();
        std::fs::write(&path, b"\xff\xd8\xff\xe0 a different photo!").unwrap();
        let err = d.verify().await.unwrap_err().to_string();
        assert!(err.starts_with(&format!("record {}: evidence file {sha}: blob ", ok.index)), "{err}");
        assert!(err.contains("was modified"), "{err}");
    }
}
