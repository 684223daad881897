//! The demo's witnesses: one per participant, run in this process.
//!
//! A real deployment has each participant run its witness on its own
//! machine (`truce witness serve`); the demo runs all four beside the
//! server so that its `/log/checkpoint` carries four cosignatures any
//! client can check against `truce log policy`. Each keeps its key and
//! state under `<data>/witnesses/<participant>/`, and its port in a file
//! there, because the agreement the parties "signed" names its address.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::Context as _;
use truce_node::datadir::DataDir;
use truce_witness::{RunningWitness, TrustedLog, WitnessDir};

/// The participants that run a witness in the demo.
const PARTICIPANTS: [&str; 4] = ["PAK", "AFG", "QAT", "TUR"];
const PORT_FILE: &str = "port";

fn dir_of(data: &DataDir, participant: &str) -> PathBuf {
    data.root().join("witnesses").join(participant)
}

/// Creates the four witnesses' keys and picks their ports, and returns the
/// agreement's `[witnessing]` table naming them: both parties' witnesses
/// and one mediator's must cosign.
pub fn prepare(data: &DataDir) -> anyhow::Result<String> {
    let mut table = String::from(
        "\n# The demo's witnesses, one per participant (added by `truce demo`).\n[witnessing]\n\
         quorum = \"parties-and-a-mediator\"\ngroups = [\n  \
         { name = \"parties\", threshold = \"all\", members = [\"PAK\", \"AFG\"] },\n  \
         { name = \"mediators\", threshold = \"any\", members = [\"QAT\", \"TUR\"] },\n  \
         { name = \"parties-and-a-mediator\", threshold = \"all\", members = [\"parties\", \"mediators\"] },\n]\n",
    );
    for participant in PARTICIPANTS {
        let dir = dir_of(data, participant);
        let key = truce_node::keys::generate()?;
        let name = format!("witness.{}.truce.demo", participant.to_lowercase());
        let cosigner = WitnessDir::new(&dir).init(&name, &key)?;
        // A free port now; the witness binds it once the log exists.
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|listener| listener.local_addr())
            .context("finding a free port for a demo witness")?
            .port();
        std::fs::write(dir.join(PORT_FILE), format!("{port}\n")).with_context(|| format!("{}", dir.display()))?;
        table.push_str(&format!(
            "\n[[witnessing.witnesses]]\nparticipant = \"{participant}\"\nvkey = \"{}\"\nurl = \"http://127.0.0.1:{port}\"\n",
            cosigner.vkey()
        ));
    }
    Ok(table)
}

/// Starts the demo's witnesses, each trusting the demo's log.
pub async fn start(data: &DataDir) -> anyhow::Result<Vec<RunningWitness>> {
    let log = TrustedLog::from_vkey(&data.identity()?.vkey(), None)?;
    let mut running = Vec::new();
    for participant in PARTICIPANTS {
        let dir = dir_of(data, participant);
        if !dir.exists() {
            continue;
        }
        running.push(start_one(&dir, &log).await.with_context(|| format!("the demo witness of {participant}"))?);
    }
    Ok(running)
}

async fn start_one(dir: &Path, log: &TrustedLog) -> anyhow::Result<RunningWitness> {
    let witness = WitnessDir::new(dir);
    let port: u16 = std::fs::read_to_string(dir.join(PORT_FILE))?.trim().parse().context("the port file")?;
    let listen = SocketAddr::from(([127, 0, 0, 1], port));
    let clock = Arc::new(|| u64::try_from(truce_node::clock::now().as_second()).unwrap_or(1));
    Ok(truce_witness::spawn(dir, &witness.settings()?.name, witness.key()?, std::slice::from_ref(log), listen, clock)
        .await?)
}
