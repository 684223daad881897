//! The `truce` binary as people and scripts use it, plus the repository's
//! tidy checks (module docs everywhere, a core without IO).

use std::path::{Path, PathBuf};
use std::process::Command;

mod support;
use support::rust_files;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn truce(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_truce")).args(args).current_dir(root()).output().unwrap();
    (out.status.code().unwrap_or(-1), String::from_utf8(out.stdout).unwrap(), String::from_utf8(out.stderr).unwrap())
}

#[test]
fn agreement_check_accepts_the_shipped_agreement() {
    let (code, out, err) = truce(&["agreement", "check", "agreements/doha-istanbul-2025.toml"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out, "agreements/doha-istanbul-2025.toml: ok (doha-istanbul-2025 v1, 6 provisions)\n");
}

#[test]
fn agreement_check_prints_every_problem_like_a_compiler_and_fails() {
    let text = std::fs::read_to_string(root().join("agreements/doha-istanbul-2025.toml")).unwrap();
    let broken = text.replacen("bearers = [\"PAK\", \"AFG\"]", "bearers = [\"PAK\", \"AFX\"]", 1).replacen(
        "reply = \"7 days\"",
        "reply = \"a week\"",
        1,
    );
    assert_ne!(broken, text);
    let dir = std::env::temp_dir().join(format!("truce-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("broken.toml");
    std::fs::write(&file, broken).unwrap();
    let (code, out, err) = truce(&["agreement", "check", file.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert_eq!(out, "");
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 3, "{err}");
    assert!(
        lines[0].contains("broken.toml:")
            && lines[0].contains("at `provisions[0].bearers[1]`: unknown participant AFX"),
        "{}",
        lines[0]
    );
    assert!(lines[1].contains("at `protocol.deadlines.reply`: \"a week\" is not a duration"), "{}", lines[1]);
    assert!(lines[2].ends_with("2 problem(s) found"));
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn agreement_check_on_a_missing_file_says_so() {
    let (code, _, err) = truce(&["agreement", "check", "no/such/file.toml"]);
    assert_eq!(code, 2);
    assert!(err.starts_with("error: cannot read no/such/file.toml"), "{err}");
}

#[test]
fn agreement_show_summarises() {
    let (code, out, _) = truce(&["agreement", "show", "agreements/doha-istanbul-2025.toml"]);
    assert_eq!(code, 0);
    assert!(out.starts_with("Doha ceasefire and Istanbul monitoring and verification mechanism (2025)\n"));
    assert!(out.contains("Penalty ladder [PROPOSAL]"));
}

#[test]
fn the_demo_runs_the_sample_scenario_and_labels_it() {
    let (code, out, err) = truce(&["demo", "--report"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("SAMPLE DATA"));
    assert!(out.contains("Counterfactual:"));
    assert!(out.contains(
        "penalty explained: severity grave → base level 3; 1 earlier confirmed violation by PAK within 90 days"
    ));
    assert!(out.contains("Statistics for incidents from 2025-10-09"));
}

#[test]
fn the_demo_draws_the_sample_cases_on_the_map() {
    let out_dir = Path::new(env!("CARGO_TARGET_TMPDIR"));
    let path = out_dir.join("october-2025-map.svg");
    let (code, _, err) = truce(&["demo", "--report", "--map", path.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("wrote a map of 6 sample cases"), "{err}");
    let svg = std::fs::read_to_string(&path).unwrap();
    let incidents = svg.split("<g id=\"incidents\">").nth(1).unwrap().split("<g id=\"").next().unwrap();
    assert_eq!(incidents.matches("<circle").count(), 6);
    for place in ["Chaman", "Urgun", "Mir Ali", "Angoor Adda", "Kabul"] {
        assert!(incidents.contains(place), "{place} is not on the map");
    }
}

#[test]
fn scenario_run_reports_a_step_that_goes_wrong() {
    let text = std::fs::read_to_string(root().join("scenarios/october-2025.toml")).unwrap();
    let broken = text.replacen("expect_error = \"outside the agreement\"\n", "", 1);
    let dir = std::env::temp_dir().join(format!("truce-scenario-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("s.toml");
    std::fs::write(&file, broken).unwrap();
    let (code, _, err) =
        truce(&["scenario", "run", file.to_str().unwrap(), "--agreement", "agreements/doha-istanbul-2025.toml"]);
    assert_eq!(code, 2);
    assert!(err.contains("steps[2] (admit.v1 on 2025-10-09-kabul) was refused: outside the agreement"), "{err}");
    std::fs::remove_dir_all(dir).unwrap();
}

/// Every Rust file under `crates/*/src` starts with a module doc that says why.
#[test]
fn tidy_every_module_has_a_doc() {
    let mut missing = Vec::new();
    for krate in std::fs::read_dir(root().join("crates")).unwrap() {
        for path in rust_files(&krate.unwrap().path().join("src")) {
            let text = std::fs::read_to_string(&path).unwrap();
            let is_test_module = path.file_name().is_some_and(|n| n == "tests.rs");
            if !is_test_module && !text.trim_start().starts_with("//!") {
                missing.push(path.display().to_string());
            }
        }
    }
    assert!(missing.is_empty(), "modules without a `//!` doc: {missing:?}");
}

/// Unsafe code is forbidden in every crate but the binary's, where it is
/// denied, and allowed in one place: the allocator's options in `main.rs`
/// (two blocks, the option set at start and the test that reads it back).
/// A new `unsafe` anywhere fails here, and so does a crate whose lints stop
/// forbidding it.
#[test]
fn tidy_unsafe_code_stays_in_the_allocator_options() {
    let mut found = Vec::new();
    for krate in std::fs::read_dir(root().join("crates")).unwrap() {
        let krate = krate.unwrap().path();
        let manifest = std::fs::read_to_string(krate.join("Cargo.toml")).unwrap();
        let lints_ok = if krate.ends_with("truce-cli") {
            manifest.contains("unsafe_code = \"deny\"")
        } else {
            manifest.contains("[lints]\nworkspace = true")
        };
        assert!(lints_ok, "{} no longer takes the unsafe-code lint it should", krate.display());
        for sub in ["src", "tests", "benches", "examples"] {
            for path in rust_files(&krate.join(sub)) {
                let text = std::fs::read_to_string(&path).unwrap();
                // Spelt in two, so that this file does not match itself.
                let blocks =
                    text.matches(concat!("unsafe", " {")).count() + text.matches(concat!("unsafe", " fn")).count();
                if blocks > 0 {
                    found.push((path.strip_prefix(root()).unwrap().display().to_string(), blocks));
                }
            }
        }
    }
    assert_eq!(found, vec![("crates/truce-cli/src/main.rs".to_owned(), 2)]);
    let workspace = std::fs::read_to_string(root().join("Cargo.toml")).unwrap();
    assert!(workspace.contains("[workspace.lints.rust]\nunsafe_code = \"forbid\""));
}

/// The pure crates depend on nothing that does IO, async or networking.
#[test]
fn tidy_the_pure_crates_stay_pure() {
    const FORBIDDEN: &[&str] =
        &["tokio", "async-std", "sqlx", "axum", "hyper", "reqwest", "mio", "rusqlite", "postgres"];
    for krate in ["truce-core", "truce-geo"] {
        let out = Command::new(env!("CARGO"))
            .args(["tree", "-p", krate, "-e", "normal", "--prefix", "none", "--offline"])
            .current_dir(root())
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let tree = String::from_utf8(out.stdout).unwrap();
        for line in tree.lines() {
            let name = line.split_whitespace().next().unwrap_or("");
            assert!(!FORBIDDEN.contains(&name), "{krate} depends on {name}");
        }
    }
}

/// Kills the sequencer (SIGKILL) in the middle of a burst of appends; after
/// a restart every acknowledged record is there, the tree matches the last
/// checkpoint and nothing is half-written.
#[test]
fn a_killed_sequencer_loses_no_acknowledged_record() {
    use std::io::BufRead as _;
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let data = data.to_str().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_truce"))
        .args([
            "bench",
            "append",
            "--data",
            data,
            "--records",
            "4000",
            "--pad",
            "100",
            "--submitters",
            "64",
            "--print-acks",
        ])
        .current_dir(root())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let mut acked = Vec::new();
    for line in std::io::BufReader::new(stdout).lines() {
        let line = line.unwrap();
        if let Some(i) = line.strip_prefix("ack ") {
            acked.push(i.parse::<u64>().unwrap());
        }
        if acked.len() >= 600 {
            break;
        }
    }
    child.kill().unwrap(); // SIGKILL on Unix
    child.wait().unwrap();
    assert!(acked.len() >= 600, "the burst was under way before the kill");

    let (code, out, err) = truce(&["verify", "--data", data]);
    assert_eq!(code, 0, "{err}");
    let records: u64 = out.strip_prefix("ok: ").unwrap().split_whitespace().next().unwrap().parse().unwrap();
    let max = acked.iter().max().unwrap();
    assert!(*max < records, "acknowledged record {max} is missing: the log holds {records}");
    assert!(records < 4000 + 7, "the kill came before the burst ended");
    // The log takes appends again after the restart.
    let (code, _, err) = truce(&["rebuild", "--data", data]);
    assert_eq!(code, 0, "{err}");
}

#[test]
fn a_data_directory_moved_or_copied_uses_its_own_files() {
    use std::os::unix::fs::PermissionsExt as _;
    let tmp = tempfile::tempdir().unwrap();
    let original = tmp.path().join("original");
    // Made from another working directory, with a relative path.
    let made = Command::new(env!("CARGO_BIN_EXE_truce"))
        .current_dir(tmp.path())
        .args(["init", "--data", "original", "--origin", "truce.test/moved"])
        .output()
        .unwrap();
    assert!(made.status.success(), "{}", String::from_utf8_lossy(&made.stderr));
    let settings = std::fs::read_to_string(original.join("truce.toml")).unwrap();
    assert!(!settings.contains("database"), "the default store is not written down:\n{settings}");
    assert_eq!(std::fs::metadata(original.join("keys")).unwrap().permissions().mode() & 0o777, 0o700);

    // Copied, the original then deleted: the copy still verifies, on its own store.
    let copy = tmp.path().join("copy");
    let status = Command::new("cp").arg("-a").arg(&original).arg(&copy).status().unwrap();
    assert!(status.success());
    let moved = tmp.path().join("moved");
    std::fs::rename(&original, &moved).unwrap();
    let (code, out, err) = truce(&["verify", "--data", copy.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.starts_with("ok: 2 records"), "{out}");
    let (code, out, err) = truce(&["verify", "--data", moved.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}{err}");

    // A settings file naming another data directory's store (what an older
    // version wrote, copied along) is refused, naming the line to fix.
    let foreign = format!("sqlite://{}", moved.join("truce.sqlite").display());
    std::fs::write(copy.join("truce.toml"), format!("{settings}database = \"{foreign}\"\n")).unwrap();
    let (code, out, err) = truce(&["verify", "--data", copy.to_str().unwrap()]);
    assert_eq!(code, 2, "{out}{err}");
    assert!(err.contains("is the store of another data directory"), "{err}");
    // A relative SQLite path is relative to the directory.
    std::fs::write(copy.join("truce.toml"), format!("{settings}database = \"sqlite://truce.sqlite\"\n")).unwrap();
    let (code, out, err) = truce(&["verify", "--data", copy.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}{err}");

    // Keys others can list are refused at start.
    std::fs::set_permissions(copy.join("keys"), std::fs::Permissions::from_mode(0o755)).unwrap();
    let (code, out, err) = truce(&["verify", "--data", copy.to_str().unwrap()]);
    assert_eq!(code, 2, "{out}{err}");
    assert!(err.contains("run chmod 700"), "{err}");
}

#[test]
fn init_log_key_verify_and_tampering_from_the_command_line() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let data = data.to_str().unwrap();
    let (code, out, err) = truce(&["init", "--data", data, "--origin", "truce.test/cli"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("administrator admin: key in"), "{out}");
    let key = tmp.path().join("data/keys/log.key");
    use std::os::unix::fs::PermissionsExt as _;
    assert_eq!(std::fs::metadata(&key).unwrap().permissions().mode() & 0o777, 0o600);
    let (code, out, _) = truce(&["log", "key", "--data", data]);
    assert_eq!(code, 0);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], "origin truce.test/cli");
    assert!(lines[1].starts_with("vkey truce.test/cli+"), "{}", lines[1]);
    let parts: Vec<&str> = lines[1].trim_start_matches("vkey ").splitn(3, '+').collect();
    assert_eq!(parts[0], "truce.test/cli");
    assert_eq!(parts[1].len(), 8, "a hex key id");
    let secret = std::fs::read_to_string(&key).unwrap();
    assert!(!out.contains(secret.trim()), "the log key is never printed");
    let (code, out, err) = truce(&["verify", "--data", data]);
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("ok: 2 records"), "{out}");
    assert!(out.contains("v1: in force by agreement.adopted.v1, the operator's administrator alone"), "{out}");
    // A second init on the same directory is refused.
    let (code, _, err) = truce(&["init", "--data", data]);
    assert_eq!(code, 2);
    assert!(err.contains("already holds a deployment"), "{err}");

    // A text that names its signatories is proposed to them, not put in force by the administrator.
    let shipped = std::fs::read_to_string(root().join("agreements/doha-istanbul-2025.toml")).unwrap();
    let pak = truce_ledger::SigningKey::from_seed([3; 32]).verifying_key().to_base64();
    let afg = truce_ledger::SigningKey::from_seed([4; 32]).verifying_key().to_base64();
    let text = format!(
        "{shipped}\n[consent]\nsignatories = [\"PAK\", \"AFG\"]\n[consent.keys]\nPAK = \"{pak}\"\nAFG = \"{afg}\"\n"
    );
    let file = tmp.path().join("signed.toml");
    std::fs::write(&file, text).unwrap();
    let consent = tmp.path().join("consent");
    let consent = consent.to_str().unwrap();
    let (code, out, err) = truce(&["init", "--data", consent, "--agreement", file.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("proposed, not in force until PAK, AFG sign it"), "{out}");
    let (code, out, err) = truce(&["verify", "--data", consent]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("v1: a draft awaiting signatures; signed by its participants' keys: none; not signed by AFG, PAK"),
        "{out}"
    );
}

#[test]
fn a_published_log_checks_with_the_vkey_alone_and_tampering_shows() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let data = data.to_str().unwrap();
    let (code, _, err) = truce(&["bench", "append", "--data", data, "--records", "600", "--pad", "10"]);
    assert_eq!(code, 0, "{err}");
    let out = tmp.path().join("pub");
    let (code, stdout, err) = truce(&["log", "export", "--data", data, "--out", out.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert!(stdout.starts_with("published 619 records"), "{stdout}");
    assert!(out.join("tile/0/000").exists() && out.join("tile/0/002.p/107").exists());
    assert!(out.join("tile/entries/000").exists() && out.join("tile/entries/002.p/107").exists());
    assert!(out.join("tile/1/000.p/2").exists());
    let (_, key, _) = truce(&["log", "key", "--data", data]);
    let vkey = key.lines().nth(1).unwrap().trim_start_matches("vkey ").to_owned();
    let (code, stdout, err) = truce(&["log", "check", out.to_str().unwrap(), "--vkey", &vkey]);
    assert_eq!(code, 0, "{err}");
    assert!(stdout.starts_with("ok: checkpoint signed for size 619"), "{stdout}");

    let tile = out.join("tile/0/001");
    let mut bytes = std::fs::read(&tile).unwrap();
    bytes[5] ^= 1;
    std::fs::write(&tile, bytes).unwrap();
    let (code, _, err) = truce(&["log", "check", out.to_str().unwrap(), "--vkey", &vkey]);
    assert_eq!(code, 1);
    assert_eq!(err.trim(), "check failed: tile/0/001: differs from the tile the entries imply");

    let (code, _, err) = truce(&["log", "check", out.to_str().unwrap(), "--vkey", "other.example/log+00000000+AQ=="]);
    assert_eq!(code, 1);
    assert!(err.starts_with("check failed:"), "{err}");
}

/// Kills the child process it holds when dropped, so that a failing test
/// leaves no server behind.
struct KillOnDrop(std::process::Child);

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Runs `truce demo` on `listen` over the data directory `data` and waits,
/// up to five minutes, until it is created and served: until its log's
/// checkpoint is published, which the demo's witnesses must cosign first
/// (`/log/checkpoint` answers 503 until their quorum has).
fn serve_demo(data: &str, listen: &str) -> KillOnDrop {
    let mut server = KillOnDrop(
        Command::new(env!("CARGO_BIN_EXE_truce"))
            .args(["demo", "--data", data, "--listen", listen])
            .current_dir(root())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap(),
    );
    let agent: ureq::Agent = ureq::Agent::config_builder().http_status_as_error(false).build().into();
    let checkpoint = format!("http://{listen}/log/checkpoint");
    let mut tries = 0;
    while !agent.get(&checkpoint).call().is_ok_and(|r| r.status() == 200) {
        tries += 1;
        assert!(tries < 1500, "the demo server did not publish a checkpoint on {listen}");
        // A demo that could not bind its port must not pass for another
        // test's server answering there.
        let exited = server.0.try_wait().unwrap();
        assert!(exited.is_none(), "the demo server on {listen} exited: {exited:?}");
        std::thread::sleep(std::time::Duration::from_millis(200));
    }
    server
}

/// A port nothing listens on now and that no other test of this process
/// has been given: tests run side by side, and the system may hand a
/// released port out again.
fn free_port() -> u16 {
    static GIVEN: std::sync::Mutex<std::collections::BTreeSet<u16>> =
        std::sync::Mutex::new(std::collections::BTreeSet::new());
    loop {
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        if GIVEN.lock().unwrap().insert(port) {
            return port;
        }
    }
}

/// `truce import acled` loads an ACLED export into a demo deployment as
/// the secretariat: an ACLED-shaped file (ACLED's header order,
/// illustrative rows) for a period; not while a server holds the SQLite
/// store; a bad row is refused by line and column (exit 1) while the rest
/// is imported and matched against the demo's cases; a second run imports
/// nothing; `truce verify` counts the reports it recomputed. (The demo's
/// own export read back field by field is the server's test.)
#[test]
fn import_acled_loads_an_export_once_and_verify_recomputes_it() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = truce_node::datadir::DataDir::new(tmp.path().join("data"));
    let doha = std::fs::read_to_string(root().join("agreements/doha-istanbul-2025.toml")).unwrap();
    let october = std::fs::read_to_string(root().join("scenarios/october-2025.toml")).unwrap();
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    runtime
        .block_on(truce_server::run::create_demo_on(&dir, None, "truce.test/doha-istanbul-2025", &doha, &october))
        .unwrap();
    let data = dir.root().to_str().unwrap();

    let fixture =
        std::fs::read_to_string(root().join("crates/truce-server/tests/fixtures/acled/illustrative-export.csv"))
            .unwrap();
    let bad = fixture.lines().nth(1).unwrap().replacen("ILL0001", "ILL0099", 1).replacen("30.9170", "-95", 1);
    let shaped = tmp.path().join("acled.csv");
    std::fs::write(&shaped, format!("{fixture}{bad}\n")).unwrap();
    let shaped = shaped.to_str().unwrap();
    let args = ["import", "acled", shaped, "--data", data, "--from", "2025-10-01", "--to", "2025-10-31"];

    // On SQLite the log has one writer: not while a server holds the store.
    let serving = dir.lock_single_server(None).unwrap();
    let (code, out, err) = truce(&args);
    assert_eq!(code, 2, "{out}{err}");
    assert!(out.is_empty(), "nothing imported: {out}");
    drop(serving);

    let (code, out, err) = truce(&args);
    assert_eq!(code, 1, "{out}{err}");
    assert!(
        out.starts_with(&format!(
            "{shaped}: 6 rows: 4 imported, 0 already imported, 1 refused, 1 outside the period or area"
        )),
        "{out}"
    );
    assert!(
        out.contains("imported  line 2: ILL0001 (record ") && out.contains("looks like case 2025-10-15-chaman"),
        "{out}"
    );
    assert!(out.contains("refused   line 7 ILL0099: latitude: -95 is out of range (-90 to 90)"), "{out}");
    let (code, out, err) = truce(&args);
    assert_eq!(code, 1, "{out}{err}");
    assert!(out.contains("6 rows: 0 imported, 4 already imported, 1 refused"), "{out}");
    assert!(out.contains("already   line 2: ILL0001 (record "), "{out}");

    let (code, out, err) = truce(&["verify", "--data", data]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("public-source reports: 4 imported (each event once), 2 of them looking like open cases"),
        "{out}"
    );
}

/// `truce verify --url` checks the log a running server publishes, with the
/// vkey given or (saying so) the server's own; a wrong vkey fails the check
/// (exit 1) and a server that is not there is an error (exit 2).
#[test]
fn verify_url_checks_a_served_log_and_fails_with_a_wrong_vkey() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let data = data.to_str().unwrap();
    let port = free_port();
    let listen = format!("127.0.0.1:{port}");
    let server = serve_demo(data, &listen);
    let (code, key, err) = truce(&["log", "key", "--data", data]);
    assert_eq!(code, 0, "{err}");
    let origin = key.lines().next().unwrap().trim_start_matches("origin ").to_owned();
    let vkey = key.lines().nth(1).unwrap().trim_start_matches("vkey ").to_owned();
    let url = format!("http://{listen}");

    let (code, out, err) = truce(&["verify", "--url", &url, "--vkey", &vkey]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.starts_with(&format!("ok: {url}/log: checkpoint signed for size ")), "{out}");
    assert_eq!(out.lines().count(), 1, "{out}");
    assert!(err.is_empty(), "{err}");

    let (code, out, err) = truce(&["verify", "--url", &format!("{url}/log/")]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.starts_with("ok: "), "{out}");
    assert!(err.contains("trusts the key the server itself serves") && err.contains(&vkey), "{err}");

    // The same origin under another key: the checkpoint is not signed by it.
    let other = truce_ledger::LogIdentity::new(&origin, truce_ledger::SigningKey::from_seed([9; 32])).unwrap().vkey();
    let (code, out, err) = truce(&["verify", "--url", &url, "--vkey", &other]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(out.is_empty(), "{out}");
    assert!(err.starts_with(&format!("verification failed: {url}/log: ")), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");

    // Who signed each version of the agreement, and when.
    let (code, out, err) = truce(&["agreement", "show", "--url", &url]);
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("agreement doha-istanbul-2025 v3 in force"), "{out}");
    assert!(
        out.contains("v2: in force from record") && out.contains("  PAK: signed at 2025-10-18T22:00:00Z (record "),
        "{out}"
    );
    assert!(
        out.contains("  TUR: signed at 2025-11-20T09:00:00Z"),
        "the counterfactual v3 is signed by all four: {out}"
    );

    drop(server);
    // The whole log, offline: the talks' signatures and who held each key.
    let (code, out, err) = truce(&["verify", "--data", data]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("communiqué joint-statement-2025-10-31 v1: published jointly"), "{out}");
    assert!(out.contains("commitment modalities-2025-11-06: missed; escalation missed-commitment"), "{out}");
    assert!(out.contains("records signed by the server for custodial principals"), "{out}");
    let (code, _, err) = truce(&["verify", "--url", &format!("http://127.0.0.1:{}", free_port()), "--vkey", &vkey]);
    assert_eq!(code, 2, "{err}");
    assert!(err.starts_with("error: "), "{err}");
}

#[test]
fn a_participant_makes_its_key_and_signs_a_text_that_names_it() {
    let dir = tempfile::tempdir().unwrap();
    let key = dir.path().join("pak.key");
    let (code, line, err) = truce(&["keys", "new", key.to_str().unwrap(), "--participant", "PAK"]);
    assert_eq!(code, 0, "{err}");
    assert!(line.starts_with("PAK = \"") && line.trim_end().ends_with("=\""), "{line}");
    let (code, _, err) = truce(&["keys", "new", key.to_str().unwrap(), "--participant", "PAK"]);
    assert_ne!(code, 0, "a key is never overwritten");
    assert!(err.contains("pak.key"), "{err}");

    let shipped = std::fs::read_to_string(root().join("agreements/doha-istanbul-2025.toml")).unwrap();
    let text = format!("{shipped}\n[consent]\nsignatories = [\"PAK\", \"AFG\"]\n[consent.keys]\n{line}");
    let file = dir.path().join("agreement.toml");
    std::fs::write(&file, &text).unwrap();
    let (code, out, err) =
        truce(&["agreement", "sign", file.to_str().unwrap(), "--key", key.to_str().unwrap(), "--participant", "PAK"]);
    assert_eq!(code, 0, "{err}");
    let body: truce_node::records::AgreementSigned = serde_json::from_str(&out).unwrap();
    assert_eq!(body.sha256, truce_node::blobs::sha256_hex(text.as_bytes()));
    let public = line.split('"').nth(1).unwrap();
    let public = truce_ledger::VerifyingKey::from_base64(public).unwrap();
    truce_node::consent::verify_agreement(&public, &body.agreement, body.version, &body.sha256, &body.signature)
        .unwrap();

    let (code, _, err) =
        truce(&["agreement", "sign", file.to_str().unwrap(), "--key", key.to_str().unwrap(), "--participant", "QAT"]);
    assert_ne!(code, 0);
    assert!(err.contains("QAT is not a signatory"), "{err}");

    // The same key endorses a principal to act for PAK.
    let liaison = truce_ledger::SigningKey::from_seed([5; 32]).verifying_key().to_base64();
    let endorse = |role: &str, public_key: &str| {
        truce(&[
            "keys",
            "endorse",
            "--key",
            key.to_str().unwrap(),
            "--participant",
            "PAK",
            "--principal",
            "pak-liaison",
            "--role",
            role,
            "--public-key",
            public_key,
        ])
    };
    let (code, out, err) = endorse("party_liaison", &liaison);
    assert_eq!(code, 0, "{err}");
    let request: serde_json::Value = serde_json::from_str(&out).unwrap();
    let registration = truce_node::records::PrincipalRegistered {
        principal: request["id"].as_str().unwrap().into(),
        participant: Some("PAK".into()),
        role: truce_core::Role::PartyLiaison,
        public_key: liaison.clone(),
        endorsement: request["endorsement"].as_str().map(str::to_owned),
        custody: truce_node::records::Custody::Own,
    };
    let keys =
        std::collections::BTreeMap::from([(truce_core::ids::ParticipantId::parse("PAK").unwrap(), public.clone())]);
    let pak = keys.keys().next().unwrap();
    let consent = truce_node::consent::Consent { keys: keys.clone(), ..Default::default() };
    assert_eq!(truce_node::consent::check_endorsement(&consent, Some(pak), &registration), Ok(true));
    // Endorsed as server-held, it covers only a registration that says so.
    let (code, out, err) = truce(&[
        "keys",
        "endorse",
        "--key",
        key.to_str().unwrap(),
        "--participant",
        "PAK",
        "--principal",
        "pak-liaison",
        "--role",
        "party_liaison",
        "--public-key",
        &liaison,
        "--server-held",
    ]);
    assert_eq!(code, 0, "{err}");
    let held: serde_json::Value = serde_json::from_str(&out).unwrap();
    let mut server_held = registration.clone();
    server_held.endorsement = held["endorsement"].as_str().map(str::to_owned);
    assert!(truce_node::consent::check_endorsement(&consent, Some(pak), &server_held).is_err());
    server_held.custody = truce_node::records::Custody::Server;
    assert_eq!(truce_node::consent::check_endorsement(&consent, Some(pak), &server_held), Ok(true));
    let (code, _, err) = endorse("general", &liaison);
    assert_ne!(code, 0);
    assert!(err.contains("--role: general is not a role"), "{err}");
    let (code, _, err) = endorse("party_liaison", "not a key");
    assert_ne!(code, 0);
    assert!(err.contains("--public-key"), "{err}");

    // And signs the statement of a communiqué the API gives it.
    use base64::Engine as _;
    let mut statement = truce_node::consent::COMMUNIQUE_DOMAIN.to_vec();
    statement.extend(br#"{"communique":"joint","texts":{"en":"The ceasefire continues."},"version":1}"#);
    let b64 = base64::engine::general_purpose::STANDARD.encode(&statement);
    let (code, out, err) = truce(&["keys", "sign", "--key", key.to_str().unwrap(), &b64]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("signing a communiqué") && err.contains("The ceasefire continues."), "{err}");
    let signature = base64::engine::general_purpose::STANDARD.decode(out.trim()).unwrap();
    public.verify(&statement, &signature.try_into().unwrap()).unwrap();
    let other = base64::engine::general_purpose::STANDARD.encode(b"truce/agreement-signature/v1\0{}");
    let (code, _, err) = truce(&["keys", "sign", "--key", key.to_str().unwrap(), &other]);
    assert_ne!(code, 0, "an agreement is signed with `truce agreement sign`, which shows the text");
    assert!(err.contains("is not a communiqué or commitment statement"), "{err}");

    // It replaces its key, and endorses the suspension of a principal, each as a body to post.
    let next = dir.path().join("pak-2.key");
    assert_eq!(truce(&["keys", "new", next.to_str().unwrap(), "--participant", "PAK"]).0, 0);
    let (code, out, err) = truce(&[
        "keys",
        "rotate",
        "--key",
        key.to_str().unwrap(),
        "--new",
        next.to_str().unwrap(),
        "--participant",
        "PAK",
    ]);
    assert_eq!(code, 0, "{err}");
    let body: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(body["type"], "participant.key_rotated.v1");
    let mut rotated: truce_node::records::ParticipantKeyRotated = serde_json::from_value({
        let mut b = body.clone();
        b.as_object_mut().unwrap().remove("type");
        b
    })
    .unwrap();
    let mut consent = consent.clone();
    consent.rotate(&rotated, 1).unwrap();
    rotated.proof = rotated.signature.clone();
    assert!(consent.clone().rotate(&rotated, 1).is_err(), "a rotation needs both signatures");
    let (code, out, err) =
        truce(&["keys", "suspend", "--key", next.to_str().unwrap(), "--principal", "pak-liaison", "--reason", "Left"]);
    assert_eq!(code, 0, "{err}");
    let body: serde_json::Value = serde_json::from_str(&out).unwrap();
    let change = truce_node::consent::PrincipalChange::Suspend { reason: "Left" };
    let endorsed = consent.check_principal_change(Some(pak), "pak-liaison", change, body["endorsement"].as_str());
    assert_eq!(endorsed, Ok(true), "the new key in force endorses it");
    let (code, out, err) = truce(&[
        "keys",
        "reactivate",
        "--key",
        next.to_str().unwrap(),
        "--principal",
        "pak-liaison",
        "--reason",
        "Back",
        "--suspended-by",
        "7",
    ]);
    assert_eq!(code, 0, "{err}");
    let body: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(body["type"], "principal.reactivated.v1");
    let endorsement = body["endorsement"].as_str();
    let change = truce_node::consent::PrincipalChange::Reactivate { reason: "Back", suspended_by: 7 };
    let endorsed = consent.check_principal_change(Some(pak), "pak-liaison", change, endorsement);
    assert_eq!(endorsed, Ok(true), "it endorses the end of suspension 7");
    let change = truce_node::consent::PrincipalChange::Reactivate { reason: "Back", suspended_by: 8 };
    assert!(consent.check_principal_change(Some(pak), "pak-liaison", change, endorsement).is_err(), "and no other");
    let (code, _, err) =
        truce(&["keys", "revoke", "--key", next.to_str().unwrap(), "--participant", "PAK", "--reason", " "]);
    assert_ne!(code, 0);
    assert!(err.contains("--reason: must not be empty"), "{err}");

    // And suspends its part in the agreement, signed with its key.
    let (code, out, err) = truce(&[
        "agreement",
        "withdraw",
        "--agreement",
        "doha-istanbul-2025",
        "--key",
        next.to_str().unwrap(),
        "--participant",
        "PAK",
        "--kind",
        "suspension",
        "--sequence",
        "0",
        "--reason",
        "Attacks continue",
    ]);
    assert_eq!(code, 0, "{err}");
    let w: truce_node::records::Withdrawal = serde_json::from_str(&out).unwrap();
    let signature = base64::engine::general_purpose::STANDARD.decode(&w.signature).unwrap();
    let new_public = truce_node::keys::read(&next).unwrap().verifying_key();
    new_public.verify(&truce_node::consent::withdrawal_statement(&w).unwrap(), &signature.try_into().unwrap()).unwrap();
    let (code, _, err) = truce(&[
        "agreement",
        "withdraw",
        "--agreement",
        "doha-istanbul-2025",
        "--key",
        next.to_str().unwrap(),
        "--participant",
        "PAK",
        "--kind",
        "leave",
        "--sequence",
        "0",
        "--reason",
        "x",
    ]);
    assert_ne!(code, 0);
    assert!(err.contains("--kind: leave is not withdrawal, suspension or resumption"), "{err}");
}

/// A witness served by the binary, as a party runs it: init prints a
/// verifier key, a malformed log key is refused by name and reason, a fork
/// is refused and listed as evidence, and a witness killed (SIGKILL) right
/// after cosigning still knows the size when it starts again.
#[test]
fn a_witness_served_by_the_binary_cosigns_keeps_a_fork_and_survives_a_kill() {
    use std::io::BufRead as _;
    use std::os::unix::fs::PermissionsExt as _;
    use truce_ledger::{CosignerKey, LogIdentity, SigningKey, Tree};

    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("witness");
    let data = data.to_str().unwrap();
    let (code, out, err) = truce(&["witness", "init", "--data", data, "--name", "witness.party-a.test"]);
    assert_eq!(code, 0, "{err}");
    let vkey = CosignerKey::parse(out.trim()).unwrap();
    assert_eq!(vkey.name(), "witness.party-a.test");
    let mode = |p: &str| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!((mode(data), mode(&format!("{data}/witness.key"))), (0o700, 0o600));
    let (code, _, err) = truce(&["witness", "init", "--data", data, "--name", "witness.party-a.test"]);
    assert_eq!(code, 2);
    assert!(err.contains("--data") && err.contains("already holds a witness key"), "{err}");

    let log = LogIdentity::new("truce.test/log", SigningKey::from_seed([5; 32])).unwrap();
    let broken = log.vkey().replacen('+', "+0", 1);
    let (code, _, err) = truce(&["witness", "add-log", "--data", data, "--vkey", &broken]);
    assert_eq!(code, 2);
    assert!(err.contains("--vkey") && err.contains("key id is not 8 hex digits"), "{err}");
    let (code, out, err) = truce(&["witness", "add-log", "--data", data, "--vkey", &log.vkey()]);
    assert_eq!((code, out.as_str()), (0, "truce.test/log\n"), "{err}");

    let serve = || {
        let mut child = Command::new(env!("CARGO_BIN_EXE_truce"))
            .args(["witness", "serve", "--data", data, "--listen", "127.0.0.1:0"])
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let mut lines = std::io::BufReader::new(child.stderr.take().unwrap()).lines();
        let url = loop {
            let line = lines.next().expect("the witness printed its address").unwrap();
            if let Some(rest) = line.split(" on ").nth(1) {
                break rest.split('/').take(3).collect::<Vec<_>>().join("/");
            }
        };
        std::thread::spawn(move || lines.for_each(drop));
        (child, url)
    };
    let agent: ureq::Agent = ureq::Agent::config_builder().http_status_as_error(false).build().into();
    let post = |url: &str, body: &str| {
        let mut response = agent.post(format!("{url}/add-checkpoint")).send(body).unwrap();
        (response.status().as_u16(), response.body_mut().read_to_string().unwrap())
    };
    let mut tree = Tree::new();
    for i in 0..10 {
        tree.append(format!("record {i}").as_bytes()).unwrap();
    }
    let checkpoint = |size: u64, root: &[u8; 32]| log.sign_checkpoint(size, root).unwrap();
    let (mut child, url) = serve();
    let (status, line) = post(&url, &format!("old 0\n\n{}", checkpoint(10, &tree.root().unwrap())));
    assert_eq!(status, 200, "{line}");
    assert!(line.starts_with("\u{2014} witness.party-a.test "), "{line}");
    let (status, _) = post(&url, &format!("old 10\n\n{}", checkpoint(10, &[7; 32])));
    assert_eq!(status, 422);
    child.kill().unwrap();
    child.wait().unwrap();

    let (mut child, url) = serve();
    let (status, size) = post(&url, &format!("old 0\n\n{}", checkpoint(10, &tree.root().unwrap())));
    assert_eq!((status, size.as_str()), (409, "10\n"));
    child.kill().unwrap();
    child.wait().unwrap();

    let (code, out, err) = truce(&["witness", "evidence", "--data", data]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out.lines().count(), 1, "{out}");
    assert!(out.contains("truce.test/log") && out.contains("different root"), "{out}");
}

/// `truce mirror` copies the demo's witnessed log, finds nothing new on a
/// second run, serves its copy so that `truce verify --url --policy`
/// passes against it, and refuses to continue a copy under another log's key.
#[test]
fn mirror_copies_the_demo_log_and_serves_a_copy_that_verifies() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let data = data.to_str().unwrap();
    let mirror = tmp.path().join("mirror");
    let mirror = mirror.to_str().unwrap();
    let listen = format!("127.0.0.1:{}", free_port());
    let _server = serve_demo(data, &listen);
    // The container's health check: the server answers; a closed port does not.
    let (code, out, err) = truce(&["healthcheck", "--url", &format!("http://{listen}")]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.starts_with("healthy: "), "{out}");
    let (code, _, err) = truce(&["healthcheck", "--url", &format!("http://127.0.0.1:{}", free_port())]);
    assert_eq!(code, 1, "{err}");
    assert!(err.starts_with("unhealthy: "), "{err}");
    let (code, key, err) = truce(&["log", "key", "--data", data]);
    assert_eq!(code, 0, "{err}");
    let vkey = key.lines().nth(1).unwrap().trim_start_matches("vkey ").to_owned();
    let (code, policy, err) = truce(&["log", "policy", "--data", data]);
    assert_eq!(code, 0, "{err}");
    let policy_file = tmp.path().join("policy.txt");
    std::fs::write(&policy_file, policy).unwrap();
    let policy_file = policy_file.to_str().unwrap();
    let url = format!("http://{listen}");
    let run = || truce(&["mirror", "--url", &url, "--data", mirror, "--vkey", &vkey, "--policy", policy_file]);

    // Until the quorum has cosigned a checkpoint the server answers 503: exit 2.
    let (mut code, mut out, mut err) = run();
    let mut tries = 0;
    while code == 2 && tries < 150 {
        std::thread::sleep(std::time::Duration::from_millis(200));
        (code, out, err) = run();
        tries += 1;
    }
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.starts_with(&format!("ok: {mirror} holds the log up to size ")), "{out}");
    assert!(std::path::Path::new(mirror).join("tile/entries").is_dir());

    // Served, the copy passes `truce verify --url` with the policy.
    let served = format!("127.0.0.1:{}", free_port());
    let _mirror_server = KillOnDrop(
        Command::new(env!("CARGO_BIN_EXE_truce"))
            .args(["mirror", "--url", &url, "--data", mirror, "--vkey", &vkey, "--policy", policy_file])
            .args(["--serve", &served])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap(),
    );
    let mut tries = 0;
    while std::net::TcpStream::connect(&served).is_err() {
        tries += 1;
        assert!(tries < 300, "the mirror did not start serving on {served}");
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    let (code, out, err) =
        truce(&["verify", "--url", &format!("http://{served}"), "--vkey", &vkey, "--policy", policy_file]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("the witness quorum cosigned it"), "{out}");

    // While the serving mirror holds the copy, a second process may not write it.
    let (code, out, err) =
        truce(&["mirror", "--url", &url, "--data", mirror, "--vkey", &vkey, "--policy", policy_file]);
    assert_eq!(code, 2, "{out}{err}");
    assert!(err.contains("another truce mirror process holds this directory"), "{err}");
    drop(_mirror_server);

    // Another log's key for this copy: refused before anything is fetched.
    let other =
        truce_ledger::LogIdentity::new("truce.local/doha-istanbul-2025", truce_ledger::SigningKey::from_seed([9; 32]))
            .unwrap()
            .vkey();
    let mut tries = 0;
    let (code, out, err) = loop {
        let (code, out, err) =
            truce(&["mirror", "--url", &url, "--data", mirror, "--vkey", &other, "--policy", policy_file]);
        // The killed server's lock goes with its process.
        if !err.contains("another truce mirror process") || tries > 50 {
            break (code, out, err);
        }
        tries += 1;
        std::thread::sleep(std::time::Duration::from_millis(100));
    };
    assert_eq!(code, 2, "{out}{err}");
    assert!(err.contains("it copies the log of"), "{err}");

    // Following: records appended to the log reach the copy it serves.
    let followed = format!("127.0.0.1:{}", free_port());
    let _follower = KillOnDrop(
        Command::new(env!("CARGO_BIN_EXE_truce"))
            .args(["mirror", "--url", &url, "--data", mirror, "--vkey", &vkey, "--policy", policy_file])
            .args(["--follow", "1", "--serve", &followed, "--cosign", "mirror.pak.test"])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap(),
    );
    let served_size = || -> Option<u64> {
        let (status, body) = get(&format!("http://{followed}/log/checkpoint"))?;
        (status == 200).then(|| String::from_utf8(body).ok()?.lines().nth(1)?.parse().ok()).flatten()
    };
    let mut tries = 0;
    while served_size().is_none() {
        tries += 1;
        assert!(tries < 300, "the following mirror did not serve a checkpoint");
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    let before = served_size().unwrap_or_default();
    register_observers(&url, 2);
    let mut tries = 0;
    while served_size().unwrap_or_default() < before + 2 {
        tries += 1;
        assert!(tries < 300, "the following mirror still serves size {:?}, not {}", served_size(), before + 2);
        std::thread::sleep(std::time::Duration::from_millis(100));
    }

    // With --cosign it answers add-checkpoint as a witness, for the tree it
    // holds, with the key it made in its directory (0600).
    use base64::Engine as _;
    use std::os::unix::fs::PermissionsExt as _;
    let key_file = std::path::Path::new(mirror).join("cosigner.key");
    assert_eq!(std::fs::metadata(&key_file).unwrap().permissions().mode() & 0o777, 0o600);
    let seed = base64::engine::general_purpose::STANDARD.decode(std::fs::read_to_string(&key_file).unwrap().trim());
    let seed: [u8; 32] = seed.unwrap().try_into().unwrap();
    let cosigner = truce_ledger::Cosigner::new("mirror.pak.test", truce_ledger::SigningKey::from_seed(seed)).unwrap();
    let (_, note) = get(&format!("http://{followed}/log/checkpoint")).unwrap();
    let note = String::from_utf8(note).unwrap();
    let size: u64 = note.lines().nth(1).unwrap().parse().unwrap();
    let agent: ureq::Agent = ureq::Agent::config_builder().http_status_as_error(false).build().into();
    let endpoint = format!("http://{followed}/add-checkpoint");
    let body = truce_ledger::witness::add_checkpoint_body(size, &[], &note);
    let mut response = agent.post(&endpoint).send(body.as_str()).unwrap();
    let line = response.body_mut().read_to_string().unwrap();
    assert_eq!(response.status().as_u16(), 200, "{line}");
    let cosigned = truce_ledger::note::SignedNote::parse(&format!("{note}{line}")).unwrap();
    let key = truce_ledger::CosignerKey::parse(&cosigner.vkey()).unwrap();
    assert!(key.cosignature_on(&cosigned).unwrap().is_some(), "{line}");
    let response = agent.post(&endpoint).send("not a request").unwrap();
    assert_eq!(response.status().as_u16(), 400);
    // --cosign without --serve has nowhere to answer.
    let (code, _, err) = truce(&[
        "mirror",
        "--url",
        &url,
        "--data",
        mirror,
        "--vkey",
        &vkey,
        "--policy",
        policy_file,
        "--cosign",
        "m.test",
    ]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("--serve"), "{err}");
}

/// A GET: the status and body, or `None` if the server cannot be reached.
fn get(url: &str) -> Option<(u16, Vec<u8>)> {
    let agent: ureq::Agent = ureq::Agent::config_builder().http_status_as_error(false).build().into();
    let mut response = agent.get(url).call().ok()?;
    Some((response.status().as_u16(), response.body_mut().read_to_vec().ok()?))
}

/// The demo's administrator logged in at `base`: an agent, the session's
/// cookie header and its CSRF token.
fn admin_session(base: &str) -> (ureq::Agent, String, String) {
    let agent: ureq::Agent = ureq::Agent::config_builder().http_status_as_error(false).build().into();
    let mut login = agent
        .post(&format!("{base}/api/v1/session"))
        .header("content-type", "application/json")
        .send(r#"{"principal":"admin","password":"truce-demo-2025"}"#)
        .unwrap();
    assert_eq!(login.status().as_u16(), 200);
    let cookies: Vec<String> = login
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|value| value.to_str().ok()?.split(';').next().map(str::to_owned))
        .collect();
    let me: serde_json::Value = serde_json::from_str(&login.body_mut().read_to_string().unwrap()).unwrap();
    let csrf = me["csrf_token"].as_str().unwrap().to_owned();
    (agent, cookies.join("; "), csrf)
}

/// A desk page fetched as the demo's administrator.
fn admin_get(base: &str, path: &str) -> String {
    let (agent, cookie, _) = admin_session(base);
    let mut page = agent.get(&format!("{base}{path}")).header("cookie", &cookie).call().unwrap();
    assert_eq!(page.status().as_u16(), 200);
    page.body_mut().read_to_string().unwrap()
}

/// Registers `count` observers in the demo at `base` as its administrator,
/// over the JSON API: `count` records appended to its log.
fn register_observers(base: &str, count: u8) {
    let (agent, cookie, csrf) = admin_session(base);
    for n in 0..count {
        let key = truce_ledger::SigningKey::from_seed([200 + n; 32]).verifying_key().to_base64();
        let body = serde_json::json!({"id": format!("follow-observer-{n}"), "role": "observer", "public_key": key});
        let mut response = agent
            .post(&format!("{base}/api/v1/principals"))
            .header("content-type", "application/json")
            .header("x-csrf-token", &csrf)
            .header("cookie", &cookie)
            .send(body.to_string())
            .unwrap();
        assert_eq!(response.status().as_u16(), 201, "{}", response.body_mut().read_to_string().unwrap_or_default());
    }
}

/// `truce backup` while the demo serves and takes records, `truce restore`
/// elsewhere: the copy verifies, its keys open only with the passphrase,
/// and an archive that would write outside the new directory is refused.
#[test]
fn backup_while_serving_and_restore_elsewhere() {
    use std::os::unix::fs::PermissionsExt as _;
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let data = data.to_str().unwrap();
    let listen = format!("127.0.0.1:{}", free_port());
    let _server = serve_demo(data, &listen);
    let pass = tmp.path().join("pass");
    std::fs::write(&pass, "correct horse battery staple\n").unwrap();
    let pass = pass.to_str().unwrap();
    let archive = tmp.path().join("backup.tar");
    let archive = archive.to_str().unwrap();

    // The administrator's page says no backup was taken yet.
    let admin_page = || admin_get(&format!("http://{listen}"), "/desk/admin/principals");
    assert!(admin_page().contains("No backup of this store has been recorded"), "{}", admin_page());
    // Records are appended while the backup is taken.
    let url = format!("http://{listen}");
    let filing = std::thread::spawn(move || register_observers(&url, 12));
    let (code, out, err) = truce(&["backup", "--data", data, "--out", archive, "--keys", pass]);
    filing.join().unwrap();
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("store: SQLite"), "{out}");
    // Any tar lists it; the keys are in it only sealed.
    let listing = Command::new("tar").args(["-tf", archive]).output().unwrap();
    let listing = String::from_utf8(listing.stdout).unwrap();
    for member in ["truce-backup.json", "truce.toml", "truce.sqlite", "keys/log.vkey", "keys.tar.age"] {
        assert!(listing.lines().any(|l| l == member), "{member} in:\n{listing}");
    }
    assert!(listing.lines().any(|l| l.starts_with("blobs/sha256/")), "{listing}");
    assert!(!listing.contains("log.key\n"), "no key in the clear:\n{listing}");
    // The administrator sees it: when, where, how much.
    let page = admin_page();
    assert!(page.contains(archive) && page.contains("log entries") && page.contains("keys included"), "{page}");
    // The same file again is refused rather than overwritten.
    let (code, _, err) = truce(&["backup", "--data", data, "--out", archive]);
    assert_eq!(code, 2);
    assert!(err.contains("must not exist"), "{err}");

    // Restored elsewhere with the passphrase: verified, keys as init makes them.
    let restored = tmp.path().join("restored");
    let restored_str = restored.to_str().unwrap();
    let (code, out, err) = truce(&["restore", "--from", archive, "--data", restored_str, "--passphrase", pass]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("ok: ") && out.contains(" records, signatures and rules checked"), "{out}");
    assert_eq!(std::fs::metadata(restored.join("keys")).unwrap().permissions().mode() & 0o777, 0o700);
    assert_eq!(std::fs::metadata(restored.join("keys/log.key")).unwrap().permissions().mode() & 0o777, 0o600);
    let settings = std::fs::read_to_string(restored.join("truce.toml")).unwrap();
    assert!(!settings.contains("database"), "{settings}");
    let (code, key_out, _) = truce(&["log", "key", "--data", restored_str]);
    let (_, original_key, _) = truce(&["log", "key", "--data", data]);
    assert_eq!((code, key_out), (0, original_key), "the restored log key is the log's");
    // Not into a directory that holds something.
    let (code, _, err) = truce(&["restore", "--from", archive, "--data", restored_str, "--passphrase", pass]);
    assert_eq!(code, 2);
    assert!(err.contains("is not empty"), "{err}");

    // Without the passphrase: refused, or a verify-only copy when asked for.
    let bare = tmp.path().join("bare");
    let (code, _, err) = truce(&["restore", "--from", archive, "--data", bare.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(err.contains("--without-keys"), "{err}");
    let (code, out, err) = truce(&["restore", "--from", archive, "--data", bare.to_str().unwrap(), "--without-keys"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(!bare.join("keys/log.key").exists());
    // A wrong passphrase does not open the keys.
    let wrong = tmp.path().join("wrong");
    std::fs::write(&wrong, "not the passphrase at all\n").unwrap();
    let (code, _, err) = truce(&[
        "restore",
        "--from",
        archive,
        "--data",
        tmp.path().join("w").to_str().unwrap(),
        "--passphrase",
        wrong.to_str().unwrap(),
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("passphrase does not open the keys"), "{err}");

    // An archive whose member climbs out of the directory is refused.
    let mut bytes = std::fs::read(archive).unwrap();
    let evil = tmp.path().join("evil.tar");
    let mut header = [0u8; 512];
    header[..13].copy_from_slice(b"../escaped.tx");
    header[100..107].copy_from_slice(b"0000644");
    header[124..135].copy_from_slice(b"00000000000");
    header[136..147].copy_from_slice(b"00000000000");
    header[156] = b'0';
    header[257..263].copy_from_slice(b"ustar\0");
    header[263..265].copy_from_slice(b"00");
    header[148..156].copy_from_slice(b"        ");
    let sum: u32 = header.iter().map(|&b| u32::from(b)).sum();
    header[148..155].copy_from_slice(format!("{sum:06o}\0").as_bytes());
    // Replace the end-of-archive blocks with the hostile member, then end again.
    while bytes.ends_with(&[0u8; 512]) {
        bytes.truncate(bytes.len() - 512);
    }
    bytes.extend_from_slice(&header);
    bytes.extend_from_slice(&[0u8; 1024]);
    std::fs::write(&evil, &bytes).unwrap();
    let target = tmp.path().join("inside/dir");
    let (code, _, err) =
        truce(&["restore", "--from", evil.to_str().unwrap(), "--data", target.to_str().unwrap(), "--without-keys"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("outside"), "{err}");
    assert!(!tmp.path().join("inside/escaped.tx").exists());
}

/// A deployment on PostgreSQL: `truce backup` keeps everything but the
/// store and says so; the store goes through `pg_dump`/`pg_restore` as
/// docs/operations.md says, and the restored pair verifies.
#[test]
fn postgres_backup_is_pg_dump_and_the_restored_pair_verifies() {
    let Ok(base) = std::env::var("TRUCE_TEST_POSTGRES_URL") else { return };
    let (prefix, _) = base.rsplit_once('/').unwrap();
    let psql = |sql: &str| {
        let out = Command::new("psql").args([base.as_str(), "-qc", sql]).output().unwrap();
        assert!(out.status.success(), "{sql}: {}", String::from_utf8_lossy(&out.stderr));
    };
    let (from, to) =
        (format!("truce_cli_backup_{}_a", std::process::id()), format!("truce_cli_backup_{}_b", std::process::id()));
    for name in [&from, &to] {
        psql(&format!("drop database if exists {name}"));
        psql(&format!("create database {name}"));
    }
    let (from_url, to_url) = (format!("{prefix}/{from}"), format!("{prefix}/{to}"));
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let data = data.to_str().unwrap();
    let (code, out, err) = truce(&["init", "--data", data, "--database", &from_url, "--origin", "truce.test/pg"]);
    assert_eq!(code, 0, "{out}{err}");
    let archive = tmp.path().join("backup.tar");
    let (code, out, err) = truce(&["backup", "--data", data, "--out", archive.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("PostgreSQL, NOT in the archive"), "{out}");
    let dump = tmp.path().join("truce.dump");
    let status = Command::new("pg_dump").args(["-Fc", "-f", dump.to_str().unwrap(), &from_url]).status().unwrap();
    assert!(status.success());
    let status =
        Command::new("pg_restore").args(["--no-owner", "-d", &to_url, dump.to_str().unwrap()]).status().unwrap();
    assert!(status.success());
    let restored = tmp.path().join("restored");
    let (code, out, err) = truce(&[
        "restore",
        "--from",
        archive.to_str().unwrap(),
        "--data",
        restored.to_str().unwrap(),
        "--database",
        &to_url,
    ]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("ok: 2 records"), "{out}");
    for name in [&from, &to] {
        psql(&format!("drop database if exists {name}"));
    }
}

/// The shipped systemd unit is one systemd accepts, and its hardening keeps
/// the service's exposure low by systemd's own measure.
#[test]
fn the_systemd_unit_verifies_and_is_hardened() {
    let unit = std::fs::read_to_string(root().join("deploy/truce.service")).unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("truce.service");
    std::fs::write(&path, unit.replace("/usr/local/bin/truce", env!("CARGO_BIN_EXE_truce"))).unwrap();
    let verify = Command::new("systemd-analyze").arg("verify").arg(&path).output().unwrap();
    let complaints = String::from_utf8_lossy(&verify.stderr);
    assert!(verify.status.success() && complaints.trim().is_empty(), "{complaints}");
    // An exposure of at most 2.0 on systemd's 0-10 scale ("OK").
    let security = Command::new("systemd-analyze")
        .args(["security", "--offline=true", "--threshold=20"])
        .arg(&path)
        .output()
        .unwrap();
    let report = String::from_utf8_lossy(&security.stdout);
    assert!(security.status.success(), "{report}");
    assert!(report.contains("Overall exposure level for truce.service"), "{report}");
}

/// A PostgreSQL database of its own for one test, dropped at the end; the
/// base URL comes from `TRUCE_TEST_POSTGRES_URL`.
struct TestDatabase {
    base: String,
    name: String,
    url: String,
}

impl TestDatabase {
    fn create(base: &str, name: &str) -> TestDatabase {
        let (prefix, _) = base.rsplit_once('/').unwrap();
        let db = TestDatabase { base: base.to_owned(), name: name.to_owned(), url: format!("{prefix}/{name}") };
        db.psql(&format!("drop database if exists {name} with (force)"));
        db.psql(&format!("create database {name}"));
        db
    }

    fn psql(&self, sql: &str) {
        let out = Command::new("psql").args([self.base.as_str(), "-qc", sql]).output().unwrap();
        assert!(out.status.success(), "{sql}: {}", String::from_utf8_lossy(&out.stderr));
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        let _ = Command::new("psql")
            .args([self.base.as_str(), "-qc", &format!("drop database if exists {} with (force)", self.name)])
            .output();
    }
}

/// `truce serve` over `data` on `port`, its log lines in `log`; waits until it answers.
fn serve_on(data: &str, port: u16, log: &Path) -> KillOnDrop {
    let server = KillOnDrop(
        Command::new(env!("CARGO_BIN_EXE_truce"))
            .args(["serve", "--data", data, "--listen", &format!("127.0.0.1:{port}")])
            .args(["--rate-per-address", "0", "--rate-per-principal", "0"])
            .current_dir(root())
            .stdout(std::process::Stdio::null())
            .stderr(std::fs::File::create(log).unwrap())
            .spawn()
            .unwrap(),
    );
    let mut tries = 0;
    while get(&format!("http://127.0.0.1:{port}/healthz")).is_none_or(|(status, _)| status != 200) {
        tries += 1;
        assert!(tries < 600, "the server on port {port} did not start: {}", std::fs::read_to_string(log).unwrap());
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    server
}

/// What `/healthz` says the server on `port` does: `leader`, `follower`,
/// `alone`, or `None` if it does not answer.
fn sequencer_role(port: u16) -> Option<String> {
    let (status, body) = get(&format!("http://127.0.0.1:{port}/healthz"))?;
    let health: serde_json::Value = serde_json::from_slice(&body).ok()?;
    (status == 200).then(|| health["sequencer"].as_str().unwrap_or_default().to_owned())
}

/// Registers observer `id` by a record the administrator signs with its own
/// key, posted to the server on `port`: the index the server acknowledged,
/// or `None` if it did not.
fn register_signed(agent: &ureq::Agent, port: u16, admin: &truce_ledger::SigningKey, id: &str) -> Option<u64> {
    use truce_node::records::{Body, Custody, PrincipalRegistered, submission};
    let public_key = truce_ledger::SigningKey::from_seed(seed_of(id)).verifying_key().to_base64();
    let body = Body::Principal(PrincipalRegistered {
        principal: id.to_owned(),
        participant: None,
        role: truce_core::Role::Observer,
        public_key,
        endorsement: None,
        custody: Custody::Own,
    });
    let s = submission(admin, "admin", None, truce_node::clock::now(), &body, None).unwrap();
    let payload = serde_json::json!({"record": serde_json::to_value(s.record()).unwrap()});
    let mut response = agent
        .post(&format!("http://127.0.0.1:{port}/api/v1/records"))
        .header("content-type", "application/json")
        .send(payload.to_string())
        .ok()?;
    if response.status().as_u16() != 201 {
        return None;
    }
    let receipt: serde_json::Value = serde_json::from_str(&response.body_mut().read_to_string().ok()?).ok()?;
    receipt["record_index"].as_u64()
}

/// An S3-compatible server (`moto_server`, from scripts/test-requirements.txt)
/// on a free port in a process of its own, with an empty bucket
/// `truce-log` that anyone may read: the server and the bucket's URL.
fn s3_server(log: &Path) -> (KillOnDrop, String) {
    let port = free_port();
    let server = KillOnDrop(
        Command::new("moto_server")
            .args(["-H", "127.0.0.1", "-p", &port.to_string()])
            .stdout(std::process::Stdio::null())
            .stderr(std::fs::File::create(log).unwrap())
            .spawn()
            .expect("moto_server (scripts/test installs it into target/python; put target/python/bin on PATH)"),
    );
    let bucket = format!("http://127.0.0.1:{port}/truce-log");
    let agent: ureq::Agent = ureq::Agent::config_builder().http_status_as_error(false).build().into();
    let mut tries = 0;
    loop {
        match agent.put(&bucket).send("") {
            Ok(response) if response.status().as_u16() == 200 => break,
            _ => {
                tries += 1;
                assert!(tries < 300, "moto_server did not start: {}", std::fs::read_to_string(log).unwrap());
                std::thread::sleep(std::time::Duration::from_millis(100));
            }
        }
    }
    // Readable by anyone, as a bucket behind a static host or CDN is.
    let policy = serde_json::json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*",
        "Action": "s3:GetObject", "Resource": "arn:aws:s3:::truce-log/*"}]});
    let response = agent.put(&format!("{bucket}?policy")).send(policy.to_string()).unwrap();
    assert_eq!(response.status().as_u16(), 200);
    (server, bucket)
}

/// A key seed of its own for each short id (the id's bytes, padded).
fn seed_of(id: &str) -> [u8; 32] {
    let mut seed = [1u8; 32];
    let bytes = id.as_bytes();
    assert!(bytes.len() <= 32, "{id} is too long for a seed");
    seed[..bytes.len()].copy_from_slice(bytes);
    seed
}

/// Posts an evidence file with its receipt signed by the administrator's
/// own key (`/api/v1/evidence/signed`, multipart) to the server on `port`:
/// the index the server acknowledged, or `None` if it did not.
fn post_signed_evidence(agent: &ureq::Agent, port: u16, admin: &truce_ledger::SigningKey, bytes: &[u8]) -> Option<u64> {
    use base64::Engine as _;
    use truce_node::records::{Body, EvidenceReceived, submission};
    let body = Body::Evidence(EvidenceReceived {
        sha256: truce_node::blobs::sha256_hex(bytes),
        size: bytes.len() as u64,
        content_type: "text/plain".into(),
    });
    let s = submission(admin, "admin", None, truce_node::clock::now(), &body, Some([7; 32])).unwrap();
    let reveal = s.reveal().unwrap();
    let record = serde_json::json!({
        "record": serde_json::to_value(s.record()).unwrap(),
        "reveal": {"salt": base64::engine::general_purpose::STANDARD.encode(reveal.salt), "body": reveal.body},
    });
    let boundary = "truce-test-boundary-7f3a";
    let mut form = format!(
        "--{boundary}\r\ncontent-disposition: form-data; name=\"record\"\r\ncontent-type: application/json\r\n\r\n\
         {record}\r\n--{boundary}\r\ncontent-disposition: form-data; name=\"file\"; filename=\"note.txt\"\r\n\
         content-type: text/plain\r\n\r\n"
    )
    .into_bytes();
    form.extend_from_slice(bytes);
    form.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    let mut response = agent
        .post(&format!("http://127.0.0.1:{port}/api/v1/evidence/signed"))
        .header("content-type", &format!("multipart/form-data; boundary={boundary}"))
        .send(&form[..])
        .ok()?;
    if response.status().as_u16() != 201 {
        return None;
    }
    let receipt: serde_json::Value = serde_json::from_str(&response.body_mut().read_to_string().ok()?).ok()?;
    receipt["record_index"].as_u64()
}

/// Three `truce serve` processes on one PostgreSQL database, each with a
/// data directory of its own (as on three machines): exactly one
/// sequences; the others queue their records for it. Under a load of
/// records posted to all three, the leader is killed with SIGKILL; another
/// takes over within seconds, every record any of them acknowledged is in
/// the log exactly once and where its receipt said, and the log verifies.
/// The log is published to an S3-compatible server as it grows, and the
/// bucket, read over plain HTTP, passes the C2SP tile checks. Evidence
/// files uploaded to each server reach the others through a private
/// bucket: every data directory verifies, reading every file the log
/// records.
#[test]
fn three_servers_on_postgres_fail_over_without_losing_an_acknowledged_record() {
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::{Arc, Mutex};
    use std::time::Duration;
    let Ok(base) = std::env::var("TRUCE_TEST_POSTGRES_URL") else { return };
    let db = TestDatabase::create(&base, &format!("truce_cli_failover_{}", std::process::id()));
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let data = data.to_str().unwrap();
    let (code, out, err) = truce(&["init", "--data", data, "--database", &db.url, "--origin", "truce.test/failover"]);
    assert_eq!(code, 0, "{out}{err}");
    let admin = truce_node::keys::read(&truce_node::datadir::DataDir::new(data).principal_key_path("admin")).unwrap();
    // The log is published to an S3-compatible server in a process of its own.
    let (s3, bucket) = s3_server(&tmp.path().join("s3.log"));
    let settings = tmp.path().join("data/truce.toml");
    let mut text = std::fs::read_to_string(&settings).unwrap();
    text.push_str(&format!(
        "\n[object_store]\nurl = \"s3://truce-log/log\"\n\n[object_store.options]\naws_endpoint = \"{}\"\n\
         aws_allow_http = \"true\"\naws_access_key_id = \"testing\"\naws_secret_access_key = \"testing\"\n\
         aws_region = \"us-east-1\"\n",
        bucket.trim_end_matches("/truce-log")
    ));
    // Evidence in a private bucket of the same server.
    let endpoint = bucket.trim_end_matches("/truce-log").to_owned();
    let agent: ureq::Agent = ureq::Agent::config_builder().http_status_as_error(false).build().into();
    assert_eq!(agent.put(&format!("{endpoint}/truce-evidence")).send("").unwrap().status().as_u16(), 200);
    text.push_str(&format!(
        "\n[evidence_store]\nurl = \"s3://truce-evidence/blobs\"\n\n[evidence_store.options]\naws_endpoint = \"{endpoint}\"\n\
         aws_allow_http = \"true\"\naws_access_key_id = \"testing\"\naws_secret_access_key = \"testing\"\n\
         aws_region = \"us-east-1\"\n"
    ));
    std::fs::write(&settings, text).unwrap();
    // A data directory per server: the same keys and settings, blobs of its own.
    let dirs: Vec<String> = (0..3)
        .map(|i| {
            let dir = tmp.path().join(format!("data-{i}"));
            let status = Command::new("cp").arg("-a").arg(data).arg(&dir).status().unwrap();
            assert!(status.success());
            dir.to_str().unwrap().to_owned()
        })
        .collect();

    let ports: Vec<u16> = (0..3).map(|_| free_port()).collect();
    let mut servers: Vec<Option<KillOnDrop>> = ports
        .iter()
        .enumerate()
        .map(|(i, &p)| Some(serve_on(&dirs[i], p, &tmp.path().join(format!("serve-{i}.log")))))
        .collect();
    let leaders = |ports: &[u16]| -> Vec<u16> {
        ports.iter().copied().filter(|&p| sequencer_role(p).as_deref() == Some("leader")).collect()
    };
    let started = truce_node::clock::instant();
    let leader = loop {
        let found = leaders(&ports);
        assert!(found.len() <= 1, "two servers lead at once: {found:?}");
        if let [one] = found[..] {
            break one;
        }
        assert!(started.elapsed() < Duration::from_secs(10), "no server took the sequencer lease");
        std::thread::sleep(Duration::from_millis(50));
    };
    let followers: Vec<u16> = ports.iter().copied().filter(|&p| p != leader).collect();
    assert!(followers.iter().all(|&p| sequencer_role(p).as_deref() == Some("follower")));

    // The load: four clients post to the three servers in turn, each
    // record registering an observer of its own name.
    let acked: Arc<Mutex<Vec<(String, u64, u16)>>> = Arc::default();
    let stop = Arc::new(AtomicBool::new(false));
    let clients: Vec<_> = (0..4)
        .map(|c| {
            let (acked, stop, ports, admin) = (acked.clone(), stop.clone(), ports.clone(), admin.clone());
            std::thread::spawn(move || {
                let agent: ureq::Agent = ureq::Agent::config_builder()
                    .http_status_as_error(false)
                    .timeout_global(Some(Duration::from_secs(30)))
                    .build()
                    .into();
                let mut n = 0u32;
                while !stop.load(Ordering::SeqCst) {
                    let port = ports[(n as usize + c) % ports.len()];
                    let id = format!("observer-{c}-{n}");
                    if let Some(index) = register_signed(&agent, port, &admin, &id) {
                        acked.lock().unwrap().push((id, index, port));
                    }
                    n += 1;
                }
            })
        })
        .collect();
    let count = || acked.lock().unwrap().len();
    let by = |port: u16| acked.lock().unwrap().iter().filter(|(_, _, p)| *p == port).count();
    let loading = truce_node::clock::instant();
    while count() < 150 || followers.iter().any(|&p| by(p) < 20) {
        assert!(loading.elapsed() < Duration::from_secs(60), "the load did not get going: {} acknowledged", count());
        std::thread::sleep(Duration::from_millis(20));
    }

    // An evidence file to each server, under load: each lands in one data
    // directory and in the bucket.
    let mut evidence: Vec<(Vec<u8>, u64, u16)> = Vec::new();
    for &port in &ports {
        let bytes = format!("Evidence sent to the server on port {port}.\n").into_bytes();
        let index = post_signed_evidence(&agent, port, &admin, &bytes).expect("an evidence upload is acknowledged");
        evidence.push((bytes, index, port));
    }

    // SIGKILL the leader under load.
    let leader_at = ports.iter().position(|&p| p == leader).unwrap();
    let mut killed = servers[leader_at].take().unwrap();
    killed.0.kill().unwrap();
    killed.0.wait().unwrap();
    let killed_at = truce_node::clock::instant();
    let before_kill = count();
    let new_leader = loop {
        let found = leaders(&followers);
        assert!(found.len() <= 1, "two servers lead at once: {found:?}");
        if let [one] = found[..] {
            break one;
        }
        assert!(killed_at.elapsed() < Duration::from_secs(5), "no server took over within 5 s of the leader's death");
        std::thread::sleep(Duration::from_millis(20));
    };
    let takeover = killed_at.elapsed();
    // Records acknowledged after the takeover, on both survivors.
    let resumed = truce_node::clock::instant();
    let survivor = followers.iter().copied().find(|&p| p != new_leader).unwrap();
    let (lead_before, follow_before) = (by(new_leader), by(survivor));
    while by(new_leader) < lead_before + 20 || by(survivor) < follow_before + 20 {
        assert!(resumed.elapsed() < Duration::from_secs(30), "the log took no more records after the takeover");
        std::thread::sleep(Duration::from_millis(20));
    }
    // And to the survivor that follows, after the takeover.
    let bytes = b"Evidence sent after the takeover.\n".to_vec();
    let index = post_signed_evidence(&agent, survivor, &admin, &bytes).expect("an upload after the takeover");
    evidence.push((bytes, index, survivor));
    stop.store(true, Ordering::SeqCst);
    for client in clients {
        client.join().unwrap();
    }
    let acked = acked.lock().unwrap().clone();
    eprintln!("takeover after {takeover:?}; {} records acknowledged, {before_kill} before the kill", acked.len());
    // The new leader publishes the whole log to the bucket; a C2SP client
    // reading the bucket over plain HTTP, as a static host serves it,
    // checks the checkpoint, every tile and every entry against the log's key.
    let size = get(&format!("http://127.0.0.1:{new_leader}/healthz"))
        .and_then(|(_, body)| serde_json::from_slice::<serde_json::Value>(&body).ok())
        .and_then(|health| health["log_size"].as_u64())
        .unwrap();
    let published = truce_node::clock::instant();
    let in_bucket = || {
        get(&format!("{bucket}/log/checkpoint"))
            .filter(|(status, _)| *status == 200)
            .and_then(|(_, body)| String::from_utf8(body).ok()?.lines().nth(1)?.parse::<u64>().ok())
    };
    while in_bucket() != Some(size) {
        let at = ports.iter().position(|&p| p == new_leader).unwrap();
        let log = || std::fs::read_to_string(tmp.path().join(format!("serve-{at}.log"))).unwrap_or_default();
        assert!(
            published.elapsed() < Duration::from_secs(20),
            "the bucket holds {:?}, not {size}: {}",
            in_bucket(),
            log()
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    drop(servers);
    // Each file is in the directory of the server it was sent to; the
    // directory of a server that was sent none of them lacks at least one.
    let local = |dir: &str, bytes: &[u8]| {
        use truce_node::blobs::BlobStore as _;
        let store = truce_node::blobs::FsBlobStore::new(Path::new(dir).join("blobs"));
        store.get(&truce_node::blobs::sha256_hex(bytes)).unwrap().is_some()
    };
    for (bytes, _, port) in &evidence {
        let at = ports.iter().position(|p| p == port).unwrap();
        assert!(local(&dirs[at], bytes), "{} lacks the file it was sent", dirs[at]);
    }
    assert!(
        dirs.iter().all(|dir| evidence.iter().any(|(bytes, _, _)| !local(dir, bytes))),
        "every directory holds every file: nothing here shows the bucket carried one"
    );
    let (code, key, err) = truce(&["log", "key", "--data", data]);
    assert_eq!(code, 0, "{err}");
    let vkey = key.lines().nth(1).unwrap().trim_start_matches("vkey ").to_owned();
    let (code, out, err) = truce(&["verify", "--url", &bucket, "--vkey", &vkey]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.starts_with(&format!("ok: {bucket}/log: checkpoint signed for size {size}")), "{out}");

    // The log verifies from every server's directory, each reading every
    // evidence file the log records: those sent to the others come from
    // the evidence bucket.
    for dir in &dirs {
        let (code, out, err) = truce(&["verify", "--data", dir]);
        assert_eq!(code, 0, "{dir}: {out}{err}");
    }
    // The log holds every acknowledged record once, where its receipt said.
    let (code, out, err) = truce(&["verify", "--data", data]);
    assert_eq!(code, 0, "{out}{err}");
    drop(s3);
    let records: u64 = out.strip_prefix("ok: ").unwrap().split_whitespace().next().unwrap().parse().unwrap();
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let entries = rt.block_on(async {
        let store = truce_store::Store::open(&db.url).await.unwrap();
        let entries = store.entries(0, records).await.unwrap();
        store.close().await;
        entries
    });
    assert_eq!(entries.len() as u64, records);
    let mut registered: std::collections::HashMap<String, Vec<u64>> = std::collections::HashMap::new();
    for (index, entry) in &entries {
        let signed = truce_ledger::SignedRecord::from_entry(entry).unwrap();
        if let truce_ledger::Payload::Body(body) = &signed.record.payload
            && let Some(id) = body["principal"].as_str()
        {
            registered.entry(id.to_owned()).or_default().push(*index);
        }
    }
    for (id, index, port) in &acked {
        assert_eq!(
            registered.get(id).map(Vec::as_slice),
            Some(&[*index][..]),
            "{id}, acknowledged by the server on port {port} at index {index}, is not in the log once at that index"
        );
    }
    for (_, index, port) in &evidence {
        let signed = truce_ledger::SignedRecord::from_entry(&entries[*index as usize].1).unwrap();
        assert_eq!(signed.record.kind, "evidence.received.v1", "the upload to port {port} at {index}");
    }
    drop(db);
}

/// A SQLite store runs one server: a second `truce serve` on it is refused
/// by name, saying what to use instead, and the first goes on serving alone.
#[test]
fn a_second_server_on_a_sqlite_store_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let data = data.to_str().unwrap();
    let (code, out, err) = truce(&["init", "--data", data, "--origin", "truce.test/alone"]);
    assert_eq!(code, 0, "{out}{err}");
    let port = free_port();
    let _first = serve_on(data, port, &tmp.path().join("serve.log"));
    assert_eq!(sequencer_role(port).as_deref(), Some("alone"));
    let second = format!("127.0.0.1:{}", free_port());
    let (code, _, err) = truce(&["serve", "--data", data, "--listen", &second]);
    assert_ne!(code, 0);
    assert!(err.contains("another truce serve is running") && err.contains("PostgreSQL"), "{err}");
    assert_eq!(sequencer_role(port).as_deref(), Some("alone"));
}

/// Posts a record registering observer `id`, signed by the administrator,
/// to the server on `port`: the status and the JSON body of the answer.
fn post_registration(
    agent: &ureq::Agent,
    port: u16,
    admin: &truce_ledger::SigningKey,
    id: &str,
) -> (u16, serde_json::Value) {
    use truce_node::records::{Body, Custody, PrincipalRegistered, submission};
    let public_key = truce_ledger::SigningKey::from_seed(seed_of(id)).verifying_key().to_base64();
    let body = Body::Principal(PrincipalRegistered {
        principal: id.to_owned(),
        participant: None,
        role: truce_core::Role::Observer,
        public_key,
        endorsement: None,
        custody: Custody::Own,
    });
    let s = submission(admin, "admin", None, truce_node::clock::now(), &body, None).unwrap();
    let payload = serde_json::json!({"record": serde_json::to_value(s.record()).unwrap()});
    let mut response = agent
        .post(&format!("http://127.0.0.1:{port}/api/v1/records"))
        .header("content-type", "application/json")
        .send(payload.to_string())
        .unwrap();
    let status = response.status().as_u16();
    let text = response.body_mut().read_to_string().unwrap();
    (status, serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text}")))
}

/// Two `truce serve` processes on one PostgreSQL database holding a log of
/// cases: the follower's statistics are the leader's, and a refusal the
/// follower relays from the leader reaches its client with the status,
/// code, field and message the leader gives for the same refusal (not one
/// status for every relayed refusal).
#[test]
fn a_follower_answers_statistics_and_refusals_as_the_leader_does() {
    use std::time::Duration;
    let Ok(base) = std::env::var("TRUCE_TEST_POSTGRES_URL") else { return };
    let db = TestDatabase::create(&base, &format!("truce_cli_follower_{}", std::process::id()));
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let data = data.to_str().unwrap();
    let (code, out, err) = truce(&[
        "bench",
        "append",
        "--data",
        data,
        "--database",
        &db.url,
        "--records",
        "300",
        "--pad",
        "0",
        "--submitters",
        "8",
    ]);
    assert_eq!(code, 0, "{out}{err}");
    let admin = truce_node::keys::read(&truce_node::datadir::DataDir::new(data).principal_key_path("admin")).unwrap();
    // A password for the administrator, who sees every case's statistics.
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let one_time = rt.block_on(async {
        let store = truce_store::Store::open(&db.url).await.unwrap();
        let password =
            truce_server::app::accounts::issue_account(&store, truce_node::clock::now(), "admin").await.unwrap();
        store.close().await;
        password
    });
    let ports: Vec<u16> = (0..2).map(|_| free_port()).collect();
    let _servers: Vec<KillOnDrop> =
        ports.iter().enumerate().map(|(i, &p)| serve_on(data, p, &tmp.path().join(format!("serve-{i}.log")))).collect();
    let started = truce_node::clock::instant();
    let (leader, follower) = loop {
        let roles: Vec<Option<String>> = ports.iter().map(|&p| sequencer_role(p)).collect();
        match (roles[0].as_deref(), roles[1].as_deref()) {
            (Some("leader"), Some("follower")) => break (ports[0], ports[1]),
            (Some("follower"), Some("leader")) => break (ports[1], ports[0]),
            _ => {}
        }
        assert!(started.elapsed() < Duration::from_secs(10), "no leader and follower: {roles:?}");
        std::thread::sleep(Duration::from_millis(50));
    };

    // The administrator's one-time password is changed, then it logs in.
    let session = |port: u16, password: &str| -> (ureq::Agent, String, String) {
        let agent: ureq::Agent = ureq::Agent::config_builder().http_status_as_error(false).build().into();
        let mut login = agent
            .post(&format!("http://127.0.0.1:{port}/api/v1/session"))
            .header("content-type", "application/json")
            .send(serde_json::json!({"principal": "admin", "password": password}).to_string())
            .unwrap();
        let cookies: Vec<String> = login
            .headers()
            .get_all("set-cookie")
            .iter()
            .filter_map(|value| value.to_str().ok()?.split(';').next().map(str::to_owned))
            .collect();
        let text = login.body_mut().read_to_string().unwrap();
        assert_eq!(login.status().as_u16(), 200, "{text}");
        let me: serde_json::Value = serde_json::from_str(&text).unwrap();
        (agent, cookies.join("; "), me["csrf_token"].as_str().unwrap().to_owned())
    };
    let password = "a follower's statistics";
    let (agent, cookie, csrf) = session(leader, &one_time);
    let mut changed = agent
        .post(&format!("http://127.0.0.1:{leader}/api/v1/me/password"))
        .header("content-type", "application/json")
        .header("x-csrf-token", &csrf)
        .header("cookie", &cookie)
        .send(serde_json::json!({"current": one_time, "new": password}).to_string())
        .unwrap();
    assert!(changed.status().is_success(), "{}", changed.body_mut().read_to_string().unwrap_or_default());

    // Statistics: the same cases, counted the same way, on both servers,
    // each read with a session opened on that server.
    let statistics = |port: u16| -> serde_json::Value {
        let (agent, cookie, _) = session(port, password);
        let mut response =
            agent.get(&format!("http://127.0.0.1:{port}/api/v1/statistics")).header("cookie", &cookie).call().unwrap();
        let text = response.body_mut().read_to_string().unwrap();
        assert_eq!(response.status().as_u16(), 200, "{text}");
        serde_json::from_str(&text).unwrap()
    };
    let on_leader = statistics(leader);
    assert!(on_leader["overall"]["reported"].as_u64().is_some_and(|n| n > 0), "{on_leader}");
    assert_eq!(statistics(follower), on_leader);

    // A new principal, through the follower: appended by the leader; both
    // servers then hold the same log and the same statistics.
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(30)))
        .build()
        .into();
    let (status, body) = post_registration(&agent, follower, &admin, "observer-relayed");
    assert_eq!(status, 201, "{body}");
    assert_eq!(statistics(follower), statistics(leader));

    // The same principal registered again is a conflict: the leader says
    // so itself, and the follower relays the leader's answer unchanged.
    let (leader_status, leader_body) = post_registration(&agent, leader, &admin, "observer-relayed");
    assert_eq!(leader_status, 409, "{leader_body}");
    assert_eq!(leader_body["code"], "conflict", "{leader_body}");
    let (follower_status, follower_body) = post_registration(&agent, follower, &admin, "observer-relayed");
    assert_eq!(follower_status, leader_status, "{follower_body}");
    assert_eq!(follower_body, leader_body);
}
