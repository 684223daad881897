//! A demo deployment served on a free loopback port, on SQLite and (when
//! `TRUCE_TEST_POSTGRES_URL` is set) on PostgreSQL.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

use truce_node::datadir::DataDir;
use truce_server::Limits;
use truce_server::run::{self, DEMO_PASSWORD, DemoLogin};

pub const DOHA: &str = include_str!("../../../../agreements/doha-istanbul-2025.toml");
pub const OCTOBER: &str = include_str!("../../../../scenarios/october-2025.toml");

/// A running server over a fresh demo deployment.
pub struct TestServer {
    pub base: String,
    pub dir: DataDir,
    pub database: String,
    pub logins: Vec<DemoLogin>,
    pub limits: Limits,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    task: Option<tokio::task::JoinHandle<()>>,
    /// The participants' witnesses, where the deployment has them.
    pub witnesses: Vec<(String, truce_witness::RunningWitness)>,
    /// A participant's cosigning mirror standing as its witness, where the
    /// deployment has one.
    pub mirror: Option<TestMirror>,
    _tmp: tempfile::TempDir,
}

/// A party's mirror that cosigns, standing as its witness: its copy, and
/// a switch that cuts it off from the log's files.
pub struct TestMirror {
    /// The mirror's directory.
    pub dir: std::path::PathBuf,
    /// Its copy, shared with the server that answers `add-checkpoint`.
    pub copy: Arc<Mutex<truce_node::mirror::Mirror>>,
    /// While set, every fetch of the log's files fails.
    pub cut_off: Arc<AtomicBool>,
    /// The mirror's own base URL.
    pub base: String,
}

struct CosigningMirror {
    copy: Arc<Mutex<truce_node::mirror::Mirror>>,
    cosigner: truce_ledger::Cosigner,
    log_base: Arc<OnceLock<String>>,
    cut_off: Arc<AtomicBool>,
    runtime: tokio::runtime::Handle,
}

impl truce_server::mirror::Cosigning for CosigningMirror {
    fn add_checkpoint(&self, body: &[u8]) -> Result<String, truce_node::mirror::CosignRefusal> {
        use truce_node::mirror::MirrorError;
        let base = self.log_base.get().cloned().unwrap_or_default();
        let client = reqwest::Client::new();
        let read = |path: &str| {
            let fail = |message: String| MirrorError::Fetch { path: path.to_owned(), message };
            if self.cut_off.load(Ordering::SeqCst) {
                return Err(fail("cut off from the log".to_owned()));
            }
            self.runtime.block_on(async {
                let response =
                    client.get(format!("{base}/log/{path}")).send().await.map_err(|e| fail(e.to_string()))?;
                if response.status() != 200 {
                    return Err(fail(format!("the server answers {}", response.status())));
                }
                Ok(response.bytes().await.map_err(|e| fail(e.to_string()))?.to_vec())
            })
        };
        let now = u64::try_from(truce_node::clock::now().as_second()).unwrap();
        self.copy.lock().unwrap().add_checkpoint(body, read, &self.cosigner, now, &base)
    }
}

impl TestMirror {
    async fn spawn(
        dir: &std::path::Path,
        log_vkey: &str,
        cosigner: truce_ledger::Cosigner,
        log_base: Arc<OnceLock<String>>,
        listen: SocketAddr,
    ) -> TestMirror {
        let copy = Arc::new(Mutex::new(truce_node::mirror::Mirror::open(dir, log_vkey).unwrap()));
        let cut_off = Arc::new(AtomicBool::new(false));
        let cosigning = CosigningMirror {
            copy: Arc::clone(&copy),
            cosigner,
            log_base,
            cut_off: Arc::clone(&cut_off),
            runtime: tokio::runtime::Handle::current(),
        };
        let files =
            truce_server::mirror::MirrorFiles { dir: dir.to_owned(), vkey: log_vkey.to_owned(), policy: String::new() };
        let listener = tokio::net::TcpListener::bind(listen).await.unwrap();
        tokio::spawn(truce_server::mirror::serve(listener, files, Some(Arc::new(cosigning)), std::future::pending()));
        TestMirror { dir: dir.to_owned(), copy, cut_off, base: format!("http://{listen}") }
    }
}

/// A witness's clock: the wall clock, in Unix seconds.
pub fn witness_clock() -> std::sync::Arc<dyn truce_witness::Clock> {
    std::sync::Arc::new(|| u64::try_from(truce_node::clock::now().as_second()).unwrap_or(1))
}

/// The databases to run against: SQLite, and PostgreSQL if configured.
pub async fn databases() -> Vec<Option<String>> {
    let mut out = vec![None];
    if let Ok(base) = std::env::var("TRUCE_TEST_POSTGRES_URL") {
        out.push(Some(fresh_postgres(&base).await));
    }
    out
}

async fn fresh_postgres(base: &str) -> String {
    use std::sync::atomic::{AtomicU32, Ordering};
    static N: AtomicU32 = AtomicU32::new(0);
    let name = format!("truce_server_{}_{}", std::process::id(), N.fetch_add(1, Ordering::SeqCst));
    let admin = truce_store::Store::open(base).await.unwrap();
    admin.execute_raw(&format!("drop database if exists {name}")).await.unwrap();
    admin.execute_raw(&format!("create database {name}")).await.unwrap();
    admin.close().await;
    let (prefix, _) = base.rsplit_once('/').unwrap();
    format!("{prefix}/{name}")
}

/// The limits of [`TestServer::start`]: plain-HTTP cookies, and no rate
/// limits, since every test client calls from 127.0.0.1.
pub fn test_limits() -> Limits {
    Limits {
        secure_cookies: false,
        rate_per_address: 0,
        rate_per_principal: 0,
        logins_per_address: 0,
        logins_per_principal: 0,
        // Webhook receivers in tests listen on loopback over plain HTTP, and
        // retries come quickly: 0.3 s, then 1.2 s, 4.8 s, 19.2 s.
        webhooks: truce_server::app::webhooks::WebhookSettings {
            first_retry: std::time::Duration::from_millis(300),
            attempts: 6,
            allow_loopback_http: true,
        },
        ..Limits::default()
    }
}

impl TestServer {
    /// Creates the demo deployment (on `database`, SQLite if `None`) and serves it.
    pub async fn start(database: Option<String>) -> TestServer {
        Self::start_with(database, test_limits()).await
    }

    /// Like [`TestServer::start`], with `limits`.
    pub async fn start_with(database: Option<String>, limits: Limits) -> TestServer {
        let tmp = tempfile::tempdir().unwrap();
        let dir = DataDir::new(tmp.path().join("data"));
        let logins = run::create_demo_on(&dir, database.as_deref(), "truce.test/doha-istanbul-2025", DOHA, OCTOBER)
            .await
            .unwrap();
        let database = database.unwrap_or_else(|| dir.default_database());
        let (base, stop, task) = Self::spawn(&dir, &database, &limits).await;
        TestServer {
            base,
            dir,
            database,
            logins,
            limits,
            stop: Some(stop),
            task: Some(task),
            witnesses: Vec::new(),
            mirror: None,
            _tmp: tmp,
        }
    }

    /// Like [`TestServer::start`], with a witness for each participant
    /// named in the agreement (both parties' and one mediator's must
    /// cosign), each a real `truce-witness` on its own loopback port.
    pub async fn start_witnessed(database: Option<String>) -> TestServer {
        Self::start_witnessed_mirroring(database, None).await
    }

    /// Like [`TestServer::start_witnessed`], with the witness of the
    /// participant `mirrored` a cosigning mirror (`truce mirror --cosign`)
    /// that copies this server's log before it cosigns.
    pub async fn start_witnessed_mirroring(database: Option<String>, mirrored: Option<&str>) -> TestServer {
        let tmp = tempfile::tempdir().unwrap();
        let dir = DataDir::new(tmp.path().join("data"));
        let mut table = String::from(
            "\n[witnessing]\nquorum = \"both\"\ngroups = [\n  \
             { name = \"parties\", threshold = \"all\", members = [\"PAK\", \"AFG\"] },\n  \
             { name = \"mediators\", threshold = \"any\", members = [\"QAT\", \"TUR\"] },\n  \
             { name = \"both\", threshold = \"all\", members = [\"parties\", \"mediators\"] },\n]\n",
        );
        let mut planned = Vec::new();
        for (n, participant) in ["PAK", "AFG", "QAT", "TUR"].into_iter().enumerate() {
            let key = truce_ledger::SigningKey::from_seed([u8::try_from(n).unwrap() + 60; 32]);
            let name = format!("witness.{}.test", participant.to_lowercase());
            let vkey = truce_ledger::Cosigner::new(&name, key.clone()).unwrap().vkey();
            // The port stays held until its witness binds it: other tests
            // running beside this one open connections from ephemeral
            // ports, and one of them took a port released early.
            let held = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
            let port = held.local_addr().unwrap().port();
            table.push_str(&format!(
                "\n[[witnessing.witnesses]]\nparticipant = \"{participant}\"\nvkey = \"{vkey}\"\nurl = \"http://127.0.0.1:{port}\"\n"
            ));
            planned.push((participant.to_owned(), name, key, port, held));
        }
        let agreement = format!("{DOHA}{table}");
        let logins =
            run::create_demo_on(&dir, database.as_deref(), "truce.test/doha-istanbul-2025", &agreement, OCTOBER)
                .await
                .unwrap();
        let log = truce_witness::TrustedLog::from_vkey(&dir.identity().unwrap().vkey(), None).unwrap();
        let mut witnesses = Vec::new();
        let mut mirror = None;
        let log_base = Arc::new(OnceLock::new());
        for (participant, name, key, port, held) in planned {
            let clock = witness_clock();
            let listen = SocketAddr::from(([127, 0, 0, 1], port));
            drop(held);
            if mirrored == Some(participant.as_str()) {
                let path = tmp.path().join("mirrors").join(&participant);
                let cosigner = truce_ledger::Cosigner::new(&name, key).unwrap();
                mirror = Some(TestMirror::spawn(&path, &log.vkeys[0], cosigner, Arc::clone(&log_base), listen).await);
                continue;
            }
            let path = tmp.path().join("witnesses").join(&participant);
            let running =
                truce_witness::spawn(&path, &name, key, std::slice::from_ref(&log), listen, clock).await.unwrap();
            witnesses.push((participant, running));
        }
        let database = database.unwrap_or_else(|| dir.default_database());
        let limits = test_limits();
        let (base, stop, task) = Self::spawn(&dir, &database, &limits).await;
        log_base.set(base.clone()).unwrap();
        TestServer {
            base,
            dir,
            database,
            logins,
            limits,
            stop: Some(stop),
            task: Some(task),
            witnesses,
            mirror,
            _tmp: tmp,
        }
    }

    /// Serves `dir` on a free port; returns the base URL, the stop switch and the task.
    async fn spawn(
        dir: &DataDir,
        database: &str,
        limits: &Limits,
    ) -> (String, tokio::sync::oneshot::Sender<()>, tokio::task::JoinHandle<()>) {
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let (ready_tx, ready_rx) = tokio::sync::oneshot::channel::<SocketAddr>();
        let serve_dir = dir.clone();
        let db = database.to_owned();
        let limits = limits.clone();
        let task = tokio::spawn(async move {
            run::serve(
                &serve_dir,
                Some(&db),
                "127.0.0.1:0".parse().unwrap(),
                limits,
                move |addr| {
                    let _ = ready_tx.send(addr);
                },
                async move {
                    let _ = stopped.await;
                },
            )
            .await
            .unwrap();
        });
        let addr = ready_rx.await.unwrap();
        (format!("http://{addr}"), stop, task)
    }

    /// Asks the server to stop (as SIGTERM does) without waiting for it.
    pub fn request_stop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }

    /// Stops the server, finishing what is in flight, and serves the same
    /// deployment again on a new port.
    pub async fn restart(mut self) -> TestServer {
        self.request_stop();
        if let Some(task) = self.task.take() {
            task.await.unwrap();
        }
        let (base, stop, task) = Self::spawn(&self.dir, &self.database, &self.limits).await;
        self.base = base;
        self.stop = Some(stop);
        self.task = Some(task);
        self
    }

    /// The URL of `path`.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// A client with no login.
    pub fn anonymous(&self) -> reqwest::Client {
        reqwest::Client::builder().cookie_store(true).build().unwrap()
    }

    /// A client logged in as `principal`, and its CSRF token.
    pub async fn login(&self, principal: &str) -> Session {
        let client = self.anonymous();
        let response = client
            .post(self.url("/api/v1/session"))
            .json(&serde_json::json!({"principal": principal, "password": DEMO_PASSWORD}))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200, "login as {principal}");
        let me: serde_json::Value = response.json().await.unwrap();
        let csrf = me["csrf_token"].as_str().unwrap().to_owned();
        Session { client, csrf, base: self.base.clone() }
    }

    /// The demo's key of participant `id` (in a deployment it never leaves
    /// the participant's machine).
    pub fn participant_key(&self, id: &str) -> truce_ledger::SigningKey {
        truce_node::keys::read(&run::participant_key_path(&self.dir, id)).unwrap()
    }

    /// `registration`, a `POST /api/v1/principals` body with a `public_key`,
    /// endorsed by its participant's key.
    pub fn endorsed(&self, mut registration: serde_json::Value) -> serde_json::Value {
        let participant = registration["participant"].as_str().unwrap().to_owned();
        let p = truce_node::records::PrincipalRegistered {
            principal: registration["id"].as_str().unwrap().into(),
            participant: Some(participant.clone()),
            role: serde_json::from_value(registration["role"].clone()).unwrap(),
            public_key: registration["public_key"].as_str().unwrap().into(),
            endorsement: None,
            custody: truce_node::records::Custody::Own,
        };
        registration["endorsement"] =
            truce_node::consent::endorse(&self.participant_key(&participant), &p).unwrap().into();
        registration
    }

    /// Stops the server, finishing what is in flight.
    pub async fn stop(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(task) = self.task.take() {
            task.await.unwrap();
        }
    }
}

/// A logged-in browser-like client.
pub struct Session {
    pub client: reqwest::Client,
    pub csrf: String,
    pub base: String,
}

impl Session {
    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client.get(format!("{}{path}", self.base)).send().await.unwrap()
    }

    pub async fn post(&self, path: &str, body: &serde_json::Value) -> reqwest::Response {
        self.client
            .post(format!("{}{path}", self.base))
            .header("x-csrf-token", &self.csrf)
            .json(body)
            .send()
            .await
            .unwrap()
    }
}

/// A time `hours` before now, RFC 3339.
pub fn now_minus(hours: i64) -> String {
    let now = truce_node::clock::now();
    now.checked_sub(jiff::SignedDuration::from_hours(hours)).unwrap().to_string()
}

/// The JSON body of a response that must have succeeded.
pub async fn ok(response: reqwest::Response, what: &str) -> serde_json::Value {
    let status = response.status();
    let body: serde_json::Value = response.json().await.unwrap();
    assert!(status.is_success(), "{what}: {status} {body}");
    body
}

/// The finding the walks put to the vote: the filed case confirmed,
/// attributed to AFG, a serious breach of P1.
pub const WALK_FINDING: [(&str, &str); 9] = [
    ("finding.occurrence", "confirmed"),
    ("finding.occurrence_standard_met", "clear_and_convincing"),
    ("finding.attribution.party", "AFG"),
    ("finding.attribution.basis", "direct_act"),
    ("finding.attribution.standard_met", "clear_and_convincing"),
    ("finding.provisions_breached", "P1"),
    ("finding.severity", "serious"),
    ("finding.acts", "armed_clash"),
    ("finding.reasons", "The monitors traced the fire to Afghan positions."),
];
