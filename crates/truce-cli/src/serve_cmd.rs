//! `truce serve` and `truce demo`: a deployment served over HTTP until
//! Ctrl-C or SIGTERM, which finish the requests and log batch in flight.
//!
//! The server's settings come in layers, each key on its own: a flag wins
//! over its environment variable (clap reads both), which wins over the
//! `[server]` table of the data directory's `truce.toml`, which wins over
//! the defaults of [`truce_server::Limits`]. docs/operations.md lists them.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use anyhow::Context as _;
use truce_node::datadir::{DataDir, ServerSettings};
use truce_server::Limits;
use truce_server::run::{self, DEMO_PASSWORD};

use crate::ledger_cmd::runtime;

/// The address served when nothing says otherwise.
pub const DEFAULT_LISTEN: &str = "127.0.0.1:8080";

/// `truce serve`'s options. Each may also be given by its environment
/// variable or in `[server]` of `truce.toml` (flag > env > file > default).
#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    /// The data directory.
    #[arg(long, env = "TRUCE_DATA", default_value = "truce-data")]
    pub data: PathBuf,
    /// The database URL, overriding the data directory's settings.
    #[arg(long, env = "TRUCE_DATABASE")]
    pub database: Option<String>,
    /// The address to listen on [default: 127.0.0.1:8080].
    #[arg(long, env = "TRUCE_LISTEN", value_parser = parse_from::<SocketAddr>("TRUCE_LISTEN"))]
    pub listen: Option<SocketAddr>,
    /// Largest JSON body accepted, bytes [default: 262144].
    #[arg(long, env = "TRUCE_JSON_BYTES", value_parser = parse_from::<usize>("TRUCE_JSON_BYTES"))]
    pub json_bytes: Option<usize>,
    /// Largest evidence upload accepted, bytes [default: 26214400].
    #[arg(long, env = "TRUCE_UPLOAD_BYTES", value_parser = parse_from::<usize>("TRUCE_UPLOAD_BYTES"))]
    pub upload_bytes: Option<usize>,
    /// Evidence bytes one principal may store a UTC day; 0 for no limit [default: 524288000].
    #[arg(long, env = "TRUCE_DAILY_UPLOAD_BYTES", value_parser = parse_from::<u64>("TRUCE_DAILY_UPLOAD_BYTES"))]
    pub daily_upload_bytes: Option<u64>,
    /// Evidence files one principal may store a UTC day; 0 for no limit [default: 200].
    #[arg(long, env = "TRUCE_DAILY_UPLOADS", value_parser = parse_from::<u64>("TRUCE_DAILY_UPLOADS"))]
    pub daily_uploads: Option<u64>,
    /// Longest a request may take, seconds; 0 for no limit [default: 30].
    #[arg(long, env = "TRUCE_REQUEST_TIMEOUT_SECS", value_parser = parse_from::<u64>("TRUCE_REQUEST_TIMEOUT_SECS"))]
    pub request_timeout_secs: Option<u64>,
    /// Requests per second from one client address; 0 for no limit [default: 200].
    #[arg(long, env = "TRUCE_RATE_PER_ADDRESS", value_parser = parse_from::<u32>("TRUCE_RATE_PER_ADDRESS"))]
    pub rate_per_address: Option<u32>,
    /// Requests per second with one session or API token; 0 for no limit [default: 100].
    #[arg(long, env = "TRUCE_RATE_PER_PRINCIPAL", value_parser = parse_from::<u32>("TRUCE_RATE_PER_PRINCIPAL"))]
    pub rate_per_principal: Option<u32>,
    /// Login attempts per minute from one client address; 0 for no limit [default: 20].
    #[arg(long, env = "TRUCE_LOGINS_PER_ADDRESS", value_parser = parse_from::<u32>("TRUCE_LOGINS_PER_ADDRESS"))]
    pub logins_per_address: Option<u32>,
    /// Login attempts per minute for one principal name; 0 for no limit [default: 5].
    #[arg(long, env = "TRUCE_LOGINS_PER_PRINCIPAL", value_parser = parse_from::<u32>("TRUCE_LOGINS_PER_PRINCIPAL"))]
    pub logins_per_principal: Option<u32>,
    /// Mark session cookies `Secure` (true or false); false only behind plain HTTP [default: true].
    #[arg(long, env = "TRUCE_SECURE_COOKIES", value_parser = parse_from::<bool>("TRUCE_SECURE_COOKIES"))]
    pub secure_cookies: Option<bool>,
    /// Addresses of reverse proxies whose X-Forwarded-For names the client, comma-separated [default: none].
    #[arg(long, env = "TRUCE_TRUSTED_PROXIES", value_delimiter = ',',
        value_parser = parse_from::<std::net::IpAddr>("TRUCE_TRUSTED_PROXIES"))]
    pub trusted_proxies: Option<Vec<std::net::IpAddr>>,
    /// The address phones and readers reach the server at, such as
    /// https://truce.example or https://example.org/truce behind a proxy [default: http://LISTEN].
    #[arg(long, env = "TRUCE_PUBLIC_URL")]
    pub public_url: Option<String>,
}

/// A value parser that, when the bad value came from the environment
/// variable `var`, names the variable (clap names only the flag).
fn parse_from<T>(var: &'static str) -> impl Fn(&str) -> Result<T, String> + Clone + Send + Sync + 'static
where
    T: std::str::FromStr + Clone + Send + Sync + 'static,
    T::Err: std::fmt::Display,
{
    move |value: &str| {
        value.parse::<T>().map_err(|e| match std::env::var(var) {
            Ok(set) if set == value => format!("{var}={value:?}: {e}"),
            _ => e.to_string(),
        })
    }
}

impl ServeArgs {
    /// The flags and environment variables given, as a settings layer.
    fn layer(&self) -> ServerSettings {
        ServerSettings {
            listen: self.listen,
            json_bytes: self.json_bytes,
            upload_bytes: self.upload_bytes,
            daily_upload_bytes: self.daily_upload_bytes,
            daily_uploads: self.daily_uploads,
            request_timeout_secs: self.request_timeout_secs,
            rate_per_address: self.rate_per_address,
            rate_per_principal: self.rate_per_principal,
            logins_per_address: self.logins_per_address,
            logins_per_principal: self.logins_per_principal,
            secure_cookies: self.secure_cookies,
            trusted_proxies: self.trusted_proxies.clone(),
            public_url: self.public_url.clone(),
        }
    }
}

/// A public URL as given, checked: `http` or `https`, a host, no query,
/// fragment or credentials; its trailing `/` dropped.
fn public_url(given: &str) -> anyhow::Result<String> {
    let bad =
        |why: &str| anyhow::anyhow!("public_url (server.public_url, TRUCE_PUBLIC_URL, --public-url) {given:?} {why}");
    let rest = given
        .strip_prefix("https://")
        .or_else(|| given.strip_prefix("http://"))
        .ok_or_else(|| bad("does not start with https:// or http://"))?;
    let host = rest.split('/').next().unwrap_or("");
    if host.is_empty() {
        return Err(bad("names no host"));
    }
    if given.chars().any(|c| c.is_whitespace() || c.is_control() || "?#@\\\"<>".contains(c)) {
        return Err(bad("may hold no space, query, fragment, credentials or quote"));
    }
    Ok(given.trim_end_matches('/').to_owned())
}

/// The address and limits a server runs with: `upper` (flags and
/// environment) over `file` (the `[server]` table) over the defaults.
pub fn resolve(upper: ServerSettings, file: Option<ServerSettings>) -> anyhow::Result<(SocketAddr, Limits)> {
    let s = upper.over(file.unwrap_or_default());
    let d = Limits::default();
    let listen = match s.listen {
        Some(a) => a,
        None => DEFAULT_LISTEN.parse().context("the default listen address")?,
    };
    let limits = Limits {
        json_bytes: s.json_bytes.unwrap_or(d.json_bytes),
        upload_bytes: s.upload_bytes.unwrap_or(d.upload_bytes),
        daily_upload_bytes: s.daily_upload_bytes.unwrap_or(d.daily_upload_bytes),
        daily_uploads: s.daily_uploads.unwrap_or(d.daily_uploads),
        secure_cookies: s.secure_cookies.unwrap_or(d.secure_cookies),
        request_timeout: s.request_timeout_secs.map_or(d.request_timeout, Duration::from_secs),
        rate_per_address: s.rate_per_address.unwrap_or(d.rate_per_address),
        rate_per_principal: s.rate_per_principal.unwrap_or(d.rate_per_principal),
        logins_per_address: s.logins_per_address.unwrap_or(d.logins_per_address),
        logins_per_principal: s.logins_per_principal.unwrap_or(d.logins_per_principal),
        trusted_proxies: s.trusted_proxies.unwrap_or(d.trusted_proxies),
        public_url: s.public_url.map(|u| public_url(&u)).transpose()?,
        webhooks: d.webhooks,
    };
    // A body limit under 1 KiB would refuse even a login.
    anyhow::ensure!(
        limits.json_bytes >= 1024,
        "json_bytes (server.json_bytes, TRUCE_JSON_BYTES, --json-bytes) is {}: use at least 1024",
        limits.json_bytes
    );
    anyhow::ensure!(
        limits.upload_bytes >= limits.json_bytes,
        "upload_bytes (server.upload_bytes, TRUCE_UPLOAD_BYTES, --upload-bytes) is {}: use at least json_bytes ({})",
        limits.upload_bytes,
        limits.json_bytes
    );
    Ok((listen, limits))
}

pub(crate) fn init_logging() -> anyhow::Result<()> {
    use tracing_subscriber::EnvFilter;
    let filter = match std::env::var("TRUCE_LOG") {
        Ok(spec) => EnvFilter::try_new(&spec).with_context(|| format!("TRUCE_LOG={spec:?} is not a log filter"))?,
        Err(_) => EnvFilter::new("info"),
    };
    let builder = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr);
    match std::env::var("TRUCE_LOG_FORMAT").as_deref() {
        Ok("json") => {
            let _ = builder.json().flatten_event(true).with_current_span(true).with_span_list(false).try_init();
        }
        Ok("text") | Err(_) => {
            let _ = builder.try_init();
        }
        Ok(other) => anyhow::bail!("TRUCE_LOG_FORMAT={other:?}: use `text` or `json`"),
    }
    Ok(())
}

pub(crate) async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
    tracing::info!("shutting down: finishing requests in flight");
}

/// `truce serve`.
pub fn serve(args: &ServeArgs) -> anyhow::Result<ExitCode> {
    init_logging()?;
    let dir = DataDir::new(&args.data);
    let settings = dir.settings()?;
    let (listen, limits) = resolve(args.layer(), settings.server)
        .with_context(|| format!("the server settings ({})", dir.settings_path().display()))?;
    runtime()?.block_on(run::serve(
        &dir,
        args.database.as_deref(),
        listen,
        limits,
        |addr| eprintln!("serving {} on http://{addr}/", args.data.display()),
        shutdown_signal(),
    ))?;
    Ok(ExitCode::SUCCESS)
}

/// `truce demo`.
pub fn demo(data: Option<PathBuf>, listen: SocketAddr, agreement: &str, scenario: &str) -> anyhow::Result<ExitCode> {
    init_logging()?;
    let (root, _tmp) = match data {
        Some(d) => (d, None),
        None => {
            let tmp =
                tempfile::Builder::new().prefix("truce-demo-").tempdir().context("creating a temporary directory")?;
            (tmp.path().join("data"), Some(tmp))
        }
    };
    let dir = DataDir::new(&root);
    let rt = runtime()?;
    if dir.log_key_path().exists() {
        println!("serving the existing demo deployment in {}", root.display());
    } else {
        println!("creating the demo deployment in {} …", root.display());
        let agreement = format!("{agreement}{}", crate::demo_witnesses::prepare(&dir)?);
        let logins =
            rt.block_on(run::create_demo_reporting(&dir, None, "truce.demo/doha-istanbul-2025", &agreement, scenario))?;
        println!();
        println!("SAMPLE DATA: the October 2025 incidents as publicly reported; replies, findings and");
        println!("penalties are illustrative, under a counterfactual start of the ceasefire.");
        println!();
        println!("Logins (password {DEMO_PASSWORD} for every one):");
        for l in &logins {
            let participant = l.participant.as_deref().unwrap_or("-");
            println!("  {:<14} {:<4} {}", l.principal, participant, l.role.as_str());
        }
    }
    let witnesses = rt.block_on(crate::demo_witnesses::start(&dir))?;
    for witness in &witnesses {
        println!("witness {} at {}", witness.name, witness.url());
    }
    rt.block_on(run::serve(
        &dir,
        None,
        listen,
        // The demo is served over plain HTTP: a `Secure` session cookie would
        // not come back from a browser that is not on loopback.
        // Webhooks may go to a receiver on this machine over plain HTTP.
        Limits {
            secure_cookies: false,
            webhooks: truce_server::app::webhooks::WebhookSettings { allow_loopback_http: true, ..Default::default() },
            ..Limits::default()
        },
        |addr| {
            println!();
            println!("Truce demo on http://{addr}/  (log in at http://{addr}/login)");
            println!("API: http://{addr}/api/v1/openapi.json");
            println!("Press Ctrl-C to stop.");
        },
        shutdown_signal(),
    ))?;
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use clap::Parser;

    use super::*;

    #[derive(Debug, Parser)]
    struct Cli {
        #[command(flatten)]
        args: ServeArgs,
    }

    fn flags(argv: &[&str]) -> ServerSettings {
        let mut all = vec!["truce"];
        all.extend_from_slice(argv);
        Cli::try_parse_from(all).unwrap().args.layer()
    }

    #[test]
    fn defaults_apply_when_nothing_is_set() {
        let (listen, limits) = resolve(ServerSettings::default(), None).unwrap();
        assert_eq!(listen, DEFAULT_LISTEN.parse::<SocketAddr>().unwrap());
        assert_eq!(limits, Limits::default());
    }

    #[test]
    fn the_file_overrides_the_defaults() {
        let f = Some(ServerSettings {
            listen: Some("0.0.0.0:9000".parse().unwrap()),
            rate_per_address: Some(0),
            secure_cookies: Some(false),
            ..ServerSettings::default()
        });
        let (listen, limits) = resolve(ServerSettings::default(), f).unwrap();
        assert_eq!(listen, "0.0.0.0:9000".parse::<SocketAddr>().unwrap());
        assert_eq!(limits.rate_per_address, 0);
        assert!(!limits.secure_cookies);
        assert_eq!(limits.json_bytes, Limits::default().json_bytes);
    }

    #[test]
    fn a_flag_overrides_the_file_key_by_key() {
        let f = Some(ServerSettings {
            listen: Some("0.0.0.0:9000".parse().unwrap()),
            rate_per_address: Some(7),
            request_timeout_secs: Some(5),
            ..ServerSettings::default()
        });
        let upper = flags(&["--rate-per-address", "5000", "--listen", "127.0.0.1:1"]);
        let (listen, limits) = resolve(upper, f).unwrap();
        assert_eq!(listen, "127.0.0.1:1".parse::<SocketAddr>().unwrap());
        assert_eq!(limits.rate_per_address, 5000);
        // Keys the flags leave alone still come from the file.
        assert_eq!(limits.request_timeout, Duration::from_secs(5));
    }

    #[test]
    fn a_bad_flag_value_names_the_flag() {
        let e = Cli::try_parse_from(["truce", "--rate-per-address", "lots"]).unwrap_err().to_string();
        assert!(e.contains("--rate-per-address"), "{e}");
    }

    #[test]
    fn trusted_proxies_come_from_the_file_or_a_comma_separated_flag() {
        let proxies = vec!["10.0.0.2".parse::<std::net::IpAddr>().unwrap(), "::1".parse().unwrap()];
        let file = Some(ServerSettings { trusted_proxies: Some(proxies.clone()), ..ServerSettings::default() });
        let (_, limits) = resolve(ServerSettings::default(), file.clone()).unwrap();
        assert_eq!(limits.trusted_proxies, proxies);
        let (_, limits) = resolve(flags(&["--trusted-proxies", "10.0.0.7,10.0.0.8"]), file).unwrap();
        assert_eq!(limits.trusted_proxies.len(), 2);
        assert_eq!(limits.trusted_proxies[0], "10.0.0.7".parse::<std::net::IpAddr>().unwrap());
        let e = Cli::try_parse_from(["truce", "--trusted-proxies", "10.0.0.7,proxy"]).unwrap_err().to_string();
        assert!(e.contains("--trusted-proxies") && e.contains("proxy"), "{e}");
    }

    #[test]
    fn the_public_url_comes_from_the_file_or_the_flag_and_is_checked() {
        let file = Some(ServerSettings {
            public_url: Some("https://truce.example/field/".to_owned()),
            ..ServerSettings::default()
        });
        let (_, limits) = resolve(ServerSettings::default(), file.clone()).unwrap();
        assert_eq!(limits.public_url.as_deref(), Some("https://truce.example/field"));
        let (_, limits) = resolve(flags(&["--public-url", "http://10.0.0.5:8080"]), file).unwrap();
        assert_eq!(limits.public_url.as_deref(), Some("http://10.0.0.5:8080"));
        let (_, limits) = resolve(ServerSettings::default(), None).unwrap();
        assert_eq!(limits.public_url, None, "serve fills it with the address it listens on");
        for bad in ["truce.example", "ftp://truce.example", "https://", "https://truce.example/?x=1", "https://u:p@h"] {
            let e = resolve(flags(&["--public-url", bad]), None).unwrap_err().to_string();
            assert!(e.contains("public_url") && e.contains("TRUCE_PUBLIC_URL"), "{bad}: {e}");
        }
    }

    #[test]
    fn a_body_limit_too_small_is_refused_by_name() {
        let e = resolve(flags(&["--json-bytes", "10"]), None).unwrap_err().to_string();
        assert!(e.contains("json_bytes") && e.contains("TRUCE_JSON_BYTES"), "{e}");
    }
}
