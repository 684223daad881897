//! Blobs in a bucket: two servers on two machines (two local directories)
//! share evidence through a real S3-compatible server (`moto_server`, a
//! process of its own, from scripts/test-requirements.txt); what one
//! stores the other reads, checked, and a blob changed in the bucket is
//! refused rather than served.

use std::process::{Child, Command};

use object_store::ObjectStoreExt as _;
use truce_node::blobs::{BlobStore, FsBlobStore, sha256_hex};
use truce_node::object_blobs::ObjectBlobStore;
use truce_node::objects::ObjectStoreSettings;

struct KillOnDrop(Child);

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// `moto_server` on a free port with an empty private bucket `truce-evidence`;
/// the server and its endpoint.
async fn s3_server(log: &std::path::Path) -> (KillOnDrop, String) {
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let server = KillOnDrop(
        Command::new("moto_server")
            .args(["-H", "127.0.0.1", "-p", &port.to_string()])
            .stdout(std::process::Stdio::null())
            .stderr(std::fs::File::create(log).unwrap())
            .spawn()
            .expect("moto_server (scripts/test installs it into target/python; put target/python/bin on PATH)"),
    );
    let endpoint = format!("http://127.0.0.1:{port}");
    let client = reqwest::Client::new();
    for tries in 0.. {
        match client.put(format!("{endpoint}/truce-evidence")).send().await {
            Ok(r) if r.status().is_success() => break,
            _ => {
                assert!(tries < 300, "moto_server did not start: {}", std::fs::read_to_string(log).unwrap());
                tokio::time::sleep(std::time::Duration::from_millis(100)).await;
            }
        }
    }
    (server, endpoint)
}

fn settings(endpoint: &str) -> ObjectStoreSettings {
    let options = [
        ("aws_endpoint", endpoint),
        ("aws_allow_http", "true"),
        ("aws_access_key_id", "testing"),
        ("aws_secret_access_key", "testing"),
        ("aws_region", "us-east-1"),
    ];
    ObjectStoreSettings {
        url: "s3://truce-evidence/deployment".into(),
        options: options.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect(),
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_blob_stored_by_one_server_is_read_checked_by_another_and_a_changed_one_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let (_s3, endpoint) = s3_server(&tmp.path().join("s3.log")).await;
    let bucket = settings(&endpoint);
    let photo = b"JPEG bytes of a crater at Chaman".to_vec();
    let sha = sha256_hex(&photo);

    // Called from inside an async runtime, as the server calls it.
    let a = ObjectBlobStore::open(&bucket, FsBlobStore::new(tmp.path().join("a"))).unwrap();
    let b = ObjectBlobStore::open(&bucket, FsBlobStore::new(tmp.path().join("b"))).unwrap();
    assert_eq!(b.get(&sha).unwrap(), None, "nothing stored yet");
    assert_eq!(b.size(&sha).unwrap(), None);
    assert_eq!(a.put(&photo).unwrap(), sha);
    // The bucket holds it where the layout says, under the prefix, and
    // does not give it to anyone without the keys.
    let (objects, _) = object_store::parse_url_opts(
        &reqwest::Url::parse(&bucket.url).unwrap(),
        bucket.options.iter().map(|(k, v)| (k.clone(), v.clone())),
    )
    .unwrap();
    let key = object_store::path::Path::from(format!("deployment/sha256/{}/{}", &sha[..2], &sha[2..]));
    let held = objects.get(&key).await.unwrap().bytes().await.unwrap();
    assert_eq!(held.as_ref(), photo.as_slice());
    let object = format!("{endpoint}/truce-evidence/{key}");
    let anonymous = reqwest::get(&object).await.unwrap();
    assert_eq!(anonymous.status().as_u16(), 403, "a private bucket");

    // The other machine reads it from the bucket, and keeps a checked copy.
    assert_eq!(b.size(&sha).unwrap(), Some(photo.len() as u64));
    assert_eq!(b.get(&sha).unwrap().as_deref(), Some(photo.as_slice()));
    assert_eq!(FsBlobStore::new(tmp.path().join("b")).get(&sha).unwrap().as_deref(), Some(photo.as_slice()));
    // Storing the same bytes again, from either, changes nothing.
    assert_eq!(b.put(&photo).unwrap(), sha);

    // A blob changed in the bucket is refused by a machine that has no copy.
    objects.put(&key, object_store::PutPayload::from_static(b"something else")).await.unwrap();
    let c = ObjectBlobStore::open(&bucket, FsBlobStore::new(tmp.path().join("c"))).unwrap();
    let refused = c.get(&sha).unwrap_err().to_string();
    assert!(refused.contains("no longer matches its hash"), "{refused}");
    assert_eq!(FsBlobStore::new(tmp.path().join("c")).get(&sha).unwrap(), None, "nothing kept");
    // Not a hash: nothing asked of the bucket.
    assert_eq!(c.get("../../etc/passwd").unwrap(), None);
    drop((a, b, c));
}

/// `[evidence_store]` in `truce.toml`: the data directory's blob store
/// writes to the bucket; a URL no store speaks is refused naming the key.
#[tokio::test(flavor = "multi_thread")]
async fn the_settings_evidence_store_puts_a_data_directorys_blobs_in_the_bucket() {
    let tmp = tempfile::tempdir().unwrap();
    let (_s3, endpoint) = s3_server(&tmp.path().join("s3.log")).await;
    let root = tmp.path().join("data");
    std::fs::create_dir_all(&root).unwrap();
    let data = truce_node::datadir::DataDir::new(&root);
    let mut text = String::from(
        "origin = \"truce.test/blobs\"\n\n[evidence_store]\nurl = \"s3://truce-evidence/deployment\"\n\n[evidence_store.options]\n",
    );
    for (k, v) in &settings(&endpoint).options {
        text.push_str(&format!("{k} = \"{v}\"\n"));
    }
    std::fs::write(data.settings_path(), &text).unwrap();
    let text_bytes = b"Agreement text, version 2".to_vec();
    let sha = data.blob_store().unwrap().put(&text_bytes).unwrap();
    let other = ObjectBlobStore::open(&settings(&endpoint), FsBlobStore::new(tmp.path().join("elsewhere"))).unwrap();
    assert_eq!(other.get(&sha).unwrap().as_deref(), Some(text_bytes.as_slice()));

    std::fs::write(data.settings_path(), text.replace("s3://truce-evidence", "nope://truce-evidence")).unwrap();
    let refused = data.blob_store().map(|_| ()).unwrap_err().to_string();
    assert!(refused.contains("evidence_store.url"), "{refused}");
    let unusable = data.blobs().put(b"x").unwrap_err().to_string();
    assert!(unusable.contains("evidence_store.url"), "every use says why: {unusable}");
}
