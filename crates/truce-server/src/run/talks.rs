//! The talks of October–November 2025 in the demo (sample data,
//! `scenarios/talks-2025.toml`): the Doha round and the ceasefire signed by
//! both parties' keys, the Istanbul round with its conditional delegation
//! and the joint statement signed by all four, the principal-level meeting
//! that ended in deadlock and the commitment it missed, then, labelled as a
//! counterfactual, the protocol signed by every participant.
//!
//! The demo makes each participant's key here and keeps it in the data
//! directory (`participant-keys/`) so that the story can be played and a
//! tester can sign more; in a deployment each participant makes its key on
//! its own machine (`truce keys new`) and the server never sees it.

use std::collections::BTreeMap;

use serde::Deserialize;
use truce_core::ids::{CommuniqueId, ParticipantId};
use truce_core::talks::TalksCommand;
use truce_ledger::SigningKey;
use truce_node::consent::{communique_statement, sign_agreement, sign_statement};
use truce_node::datadir::DataDir;
use truce_node::records::{AgreementAdopted, AgreementSigned, Body, submission};
use truce_node::{Ledger, NodeError};

use super::ServeError;

/// The story the demo plays.
pub const TALKS_2025: &str = include_str!("../../../../scenarios/talks-2025.toml");

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Story {
    steps: Vec<Step>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Step {
    at: jiff::Timestamp,
    actor: String,
    #[serde(default)]
    command: Option<TalksCommand>,
    #[serde(default)]
    amend: Option<Amend>,
    #[serde(default)]
    sign: Option<Sign>,
}

/// A new version of the agreement, proposed and signed by each signatory.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Amend {
    version: u32,
    signatories: Vec<ParticipantId>,
    note: String,
}

/// A participant's signature of a communiqué's current version.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Sign {
    communique: CommuniqueId,
    participant: ParticipantId,
}

/// Where the demo keeps participant `id`'s key.
pub fn participant_key_path(data: &DataDir, id: &str) -> std::path::PathBuf {
    data.root().join("participant-keys").join(format!("{id}.key"))
}

/// The principals' keys, by principal id, with their participant.
pub(super) type Principals = BTreeMap<String, (SigningKey, Option<String>)>;

/// Plays the story on `ledger`: `text` is the agreement's first version,
/// from which each amendment is made.
pub(super) async fn play(
    ledger: &Ledger,
    data: &DataDir,
    text: &str,
    principals: &Principals,
    story: &str,
) -> Result<(), ServeError> {
    let story: Story = toml::from_str(story).map_err(|e| ServeError::Demo(format!("talks story: {e}")))?;
    let mut participant_keys: BTreeMap<ParticipantId, SigningKey> = BTreeMap::new();
    for step in &story.steps {
        for id in step.amend.iter().flat_map(|a| &a.signatories) {
            if !participant_keys.contains_key(id) {
                let key = truce_node::keys::generate()?;
                truce_node::keys::write(&participant_key_path(data, id.as_str()), &key)?;
                participant_keys.insert(id.clone(), key);
            }
        }
    }
    for (i, step) in story.steps.iter().enumerate() {
        let fail = |e: String| ServeError::Demo(format!("talks story, step {} ({}): {e}", i + 1, step.actor));
        let (key, participant) = principals.get(&step.actor).ok_or_else(|| fail("no such principal".into()))?;
        let post = |body: Body| async move {
            let salt = if crate::app::confidential(&body) { Some(truce_node::keys::random_salt()?) } else { None };
            ledger.submit(submission(key, &step.actor, participant.as_deref(), step.at, &body, salt)?).await?;
            Ok::<(), NodeError>(())
        };
        match (&step.command, &step.amend, &step.sign) {
            (Some(command), None, None) => post(Body::Talks(Box::new(command.clone()))).await?,
            (None, Some(amend), None) => {
                let version = amend_text(text, amend, &participant_keys);
                let sha256 = data.blobs().put(version.as_bytes()).map_err(|e| fail(e.to_string()))?;
                let id =
                    ledger.agreement().map(|a| a.identity.id.to_string()).ok_or_else(|| fail("no agreement".into()))?;
                let proposal =
                    AgreementAdopted { agreement: id.clone(), version: amend.version, sha256: sha256.clone() };
                post(Body::Proposal(proposal)).await?;
                for signatory in &amend.signatories {
                    let key = participant_keys.get(signatory).ok_or_else(|| fail(format!("no key for {signatory}")))?;
                    let signature =
                        sign_agreement(key, &id, amend.version, &sha256).map_err(|e| fail(e.to_string()))?;
                    let body = AgreementSigned {
                        agreement: id.clone(),
                        version: amend.version,
                        sha256: sha256.clone(),
                        participant: signatory.to_string(),
                        signature,
                    };
                    post(Body::Signature(body)).await?;
                }
            }
            (None, None, Some(sign)) => {
                let talks = ledger.talks();
                let c = talks.communiques.get(&sign.communique).ok_or_else(|| fail("no such communiqué".into()))?;
                let current = c.current().ok_or_else(|| fail("the communiqué has no text".into()))?;
                let key = participant_keys.get(&sign.participant).ok_or_else(|| fail("no participant key".into()))?;
                let statement = communique_statement(c, current).map_err(|e| fail(e.to_string()))?;
                let signature = sign_statement(key, &statement);
                let command = TalksCommand::SignCommunique {
                    communique: sign.communique.clone(),
                    version: current.number,
                    participant: sign.participant.clone(),
                    signature,
                };
                post(Body::Talks(Box::new(command))).await?;
            }
            _ => return Err(fail("a step is exactly one of command, amend or sign".into())),
        }
    }
    Ok(())
}

/// Version `amend.version` of `text`: the note leads its summary, and its
/// `[consent]` table names the signatories and every participant key.
fn amend_text(text: &str, amend: &Amend, keys: &BTreeMap<ParticipantId, SigningKey>) -> String {
    let mut out = text.replacen("version = 1", &format!("version = {}", amend.version), 1).replacen(
        "summary = \"\"\"\n",
        &format!("summary = \"\"\"\n{}. \\\n", amend.note),
        1,
    );
    let signatories: Vec<String> = amend.signatories.iter().map(|s| format!("\"{s}\"")).collect();
    out.push_str(&format!("\n[consent]\nsignatories = [{}]\n\n[consent.keys]\n", signatories.join(", ")));
    for (id, key) in keys {
        out.push_str(&format!("{id} = \"{}\"\n", key.verifying_key().to_base64()));
    }
    out
}
