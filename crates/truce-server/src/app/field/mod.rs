//! Field capture: reports filed from a phone with ODK Collect (or
//! KoboCollect, or Enketo) over OpenRosa, as the same principal would file
//! them through the API.
//!
//! A phone cannot hold a Truce account's session or key, so a principal
//! enrols each device ([`enrol_device`]): the device gets a random secret,
//! used either in the path (`/v1/key/{secret}/…`, ODK Central's app-user
//! style, which is what the settings QR code carries) or with HTTP Basic
//! or Digest under the device's id. Only the secret's SHA-256 and its
//! Digest HA1 are kept, and revoking the device ends both.
//!
//! A submission ([`receive`]) is an XForm instance and the files it names.
//! Each file goes through the evidence intake ([`super::evidence::receive`]:
//! sniffed, hashed, EXIF read, its receipt in the log), the XML is kept as
//! a blob, and once every file the instance names has arrived the report is
//! filed through [`super::cases::file`], the API's own filing, citing the
//! files as evidence with the instanceID in their description. The
//! instanceID is kept with the XML's hash and the case it became
//! (`truce-store`'s `field_submissions`), so a resend after a lost answer,
//! or the later posts of a large submission, file nothing twice, across
//! restarts. An edit (`deprecatedID`) is refused: a filed allegation is a
//! signed record that is never rewritten; what follows it is a command on
//! the case.

pub mod xform;

use jiff::Timestamp;
use md5::{Digest, Md5};
use truce_core::case::{Allegation, Casualties, Estimate, EvidenceRef, Location};
use truce_core::ids::{ParticipantId, ProvisionId};
use truce_core::vocab::ActType;
use truce_store::{FieldDeviceRow, FieldSubmissionRow, StoreError};

use super::accounts::{random_hex, token_hash};
use super::evidence::{self, Upload};
use super::{App, AppError, Caller, Credential, Principal};

/// The realm of HTTP Basic and Digest.
pub const REALM: &str = "truce";

/// The project id in the OpenRosa paths: one deployment is one project.
pub const PROJECT: &str = "1";

/// The most characters of a device's name.
const MAX_DEVICE_NAME: usize = 80;

/// MD5(device:realm:secret), hex: the Digest HA1.
pub fn ha1(device: &str, secret: &str) -> String {
    hex::encode(Md5::digest(format!("{device}:{REALM}:{secret}").as_bytes()))
}

/// MD5 of `text`, hex (Digest's other hashes, and form hashes).
pub fn md5_hex(bytes: &[u8]) -> String {
    hex::encode(Md5::digest(bytes))
}

/// A device just enrolled: its id and the secret, shown once, with the
/// settings ODK Collect reads from a QR code.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct Enrolled {
    /// The device's id (the user name for Basic and Digest).
    pub device: String,
    /// Its secret (the password, and the token in the path). Shown once.
    pub secret: String,
    /// The server URL with the secret in the path, as ODK Collect's
    /// "server URL" (no user name or password needed).
    pub token_url: String,
    /// The server URL for HTTP Basic or Digest with `device` and `secret`.
    pub server_url: String,
    /// ODK Collect's settings: the JSON, zlib-deflated, base64.
    pub collect_settings: String,
    /// `collect_settings` as a QR code, SVG.
    pub qr_svg: String,
}

/// ODK Collect's settings for `server_url` (zlib-deflated JSON in base64),
/// the text its "Configure with QR code" reads.
pub fn collect_settings(server_url: &str, project: &str) -> Result<String, AppError> {
    use std::io::Write;
    let json = serde_json::json!({
        "general": {"server_url": server_url, "form_update_mode": "match_exactly", "autosend": "wifi_and_cellular"},
        "admin": {},
        "project": {"name": project, "icon": "T"},
    });
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    z.write_all(json.to_string().as_bytes()).map_err(AppError::internal)?;
    let deflated = z.finish().map_err(AppError::internal)?;
    use base64::Engine;
    Ok(base64::engine::general_purpose::STANDARD.encode(deflated))
}

/// `text` as a QR code, SVG.
pub fn qr_svg(text: &str) -> Result<String, AppError> {
    let code = qrcode::QrCode::new(text.as_bytes()).map_err(AppError::internal)?;
    Ok(code.render::<qrcode::render::svg::Color>().min_dimensions(240, 240).build())
}

/// Enrols a device called `name` for the caller, who must be a principal
/// whose key the server holds (a phone's reports are signed with it).
/// `base` is the server's address as the phone reaches it (`https://host`).
pub async fn enrol_device(
    app: &App,
    caller: &Caller,
    now: Timestamp,
    name: &str,
    base: &str,
) -> Result<Enrolled, AppError> {
    let principal = caller.require()?;
    let name = name.trim();
    if name.is_empty() || name.chars().count() > MAX_DEVICE_NAME || name.chars().any(char::is_control) {
        return Err(AppError::field("name", format!("give the device a name of 1 to {MAX_DEVICE_NAME} characters")));
    }
    if app.signing_key(&principal.id)?.is_none() {
        return Err(AppError::forbidden(format!(
            "{} signs with its own key; a phone cannot sign for it, so no device can be enrolled",
            principal.id
        )));
    }
    let device = format!("device-{}", random_hex(6)?);
    let secret = random_hex(24)?;
    app.store()
        .create_field_device(&FieldDeviceRow {
            id: device.clone(),
            principal: principal.id.clone(),
            name: name.to_owned(),
            token_hash: token_hash(&secret),
            ha1: ha1(&device, &secret),
            created_at: now.as_second(),
            revoked_at: None,
        })
        .await?;
    let token_url = format!("{base}/v1/key/{secret}/projects/{PROJECT}");
    let server_url = format!("{base}/v1/projects/{PROJECT}");
    let collect_settings = collect_settings(&token_url, &format!("Truce: {name}"))?;
    let qr_svg = qr_svg(&collect_settings)?;
    Ok(Enrolled { device, secret, token_url, server_url, collect_settings, qr_svg })
}

/// The caller's devices, revoked ones included, oldest first.
pub async fn devices(app: &App, caller: &Caller) -> Result<Vec<FieldDeviceRow>, AppError> {
    Ok(app.store().field_devices_of(&caller.require()?.id).await?)
}

/// Revokes the caller's device `id`.
pub async fn revoke_device(app: &App, caller: &Caller, now: Timestamp, id: &str) -> Result<(), AppError> {
    let principal = caller.require()?;
    if app.store().revoke_field_device(&principal.id, id, now.as_second()).await? {
        Ok(())
    } else {
        Err(AppError::not_found(format!("no device {id} in force")))
    }
}

/// The caller a device stands for: its principal, if the device is not
/// revoked and the principal not suspended.
fn device_caller(app: &App, device: Option<FieldDeviceRow>) -> Result<Caller, AppError> {
    let device = device
        .filter(|d| d.revoked_at.is_none())
        .ok_or_else(|| AppError::unauthenticated("the device is not enrolled, or was revoked"))?;
    super::accounts::caller_of(app, device.principal, Credential::Token)
}

/// The caller the secret in an app-user path stands for.
pub async fn caller_by_device_token(app: &App, secret: &str) -> Result<Caller, AppError> {
    device_caller(app, app.store().field_device_by_token(&token_hash(secret)).await?)
}

/// A device's Digest HA1, if it is enrolled and not revoked (what the
/// adapter checks a Digest response or a Basic password against).
pub async fn device_ha1(app: &App, device: &str) -> Result<Option<String>, AppError> {
    Ok(app.store().field_device(device).await?.filter(|d| d.revoked_at.is_none()).map(|d| d.ha1))
}

/// The caller device `id` stands for, once its credential was checked.
pub async fn caller_by_device(app: &App, device: &str) -> Result<Caller, AppError> {
    device_caller(app, app.store().field_device(device).await?)
}

/// A form as the form list offers it.
#[derive(Debug, Clone)]
pub struct Form {
    /// Its id.
    pub id: &'static str,
    /// Its name.
    pub name: &'static str,
    /// Its version: the agreement's version, the form's revision and the
    /// start of the agreement text's hash.
    pub version: String,
    /// The agreement version it was made for.
    pub agreement_version: u32,
    /// The XForm.
    pub xml: String,
    /// MD5 of the XForm, hex.
    pub md5: String,
}

/// The incident report under the agreement in force.
pub fn incident_form(app: &App) -> Result<Form, AppError> {
    let agreement = app.ledger().agreement().ok_or(AppError::NoAgreement)?;
    let sha = app.ledger().agreement_sha256().unwrap_or_default();
    let agreement_version = agreement.identity.version;
    let version = format!("{agreement_version}.{}.{}", xform::FORM_REVISION, sha.get(..8).unwrap_or(&sha));
    let xml = xform::incident_report(&agreement, &version);
    let md5 = md5_hex(xml.as_bytes());
    Ok(Form { id: xform::INCIDENT_FORM, name: "Incident report", version, agreement_version, xml, md5 })
}

/// A submission as posted: the instance XML and the files sent with it.
#[derive(Debug, Clone)]
pub struct Submission {
    /// The `xml_submission_file` part.
    pub xml: Vec<u8>,
    /// Every other file part: (file name, bytes).
    pub files: Vec<(String, Vec<u8>)>,
}

/// What became of a submission.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Filed as this case (now, or by an earlier post of the same instance).
    Filed {
        /// The case.
        case: String,
    },
    /// Kept; these files it names have not arrived yet.
    Waiting {
        /// Their names.
        missing: Vec<String>,
    },
}

/// The answers of an instance, read by element name.
#[derive(Debug)]
struct Instance {
    form_id: String,
    version: String,
    instance_id: String,
    deprecated_id: Option<String>,
    answers: std::collections::BTreeMap<String, String>,
}

/// Reads an instance: its root's `id` and `version`, `meta/instanceID`,
/// and every leaf's text by its element name.
fn parse(xml: &[u8]) -> Result<Instance, AppError> {
    let text = std::str::from_utf8(xml).map_err(|_| AppError::field("xml_submission_file", "is not UTF-8"))?;
    let doc = roxmltree::Document::parse(text)
        .map_err(|e| AppError::field("xml_submission_file", format!("is not well-formed XML: {e}")))?;
    let root = doc.root_element();
    let form_id = root
        .attribute("id")
        .ok_or_else(|| AppError::field("xml_submission_file", "the root element has no form `id` attribute"))?
        .to_owned();
    let version = root.attribute("version").unwrap_or("").to_owned();
    let mut answers = std::collections::BTreeMap::new();
    for node in root.descendants().filter(|n| n.is_element() && *n != root && !n.children().any(|c| c.is_element())) {
        answers.insert(node.tag_name().name().to_owned(), node.text().unwrap_or("").trim().to_owned());
    }
    let instance_id = answers
        .get("instanceID")
        .filter(|v| !v.is_empty())
        .cloned()
        .ok_or_else(|| AppError::field("meta/instanceID", "is missing: every submission carries its instanceID"))?;
    if instance_id.chars().count() > 200 {
        return Err(AppError::field("meta/instanceID", "is longer than 200 characters"));
    }
    let deprecated_id = answers.get("deprecatedID").filter(|v| !v.is_empty()).cloned();
    Ok(Instance { form_id, version, instance_id, deprecated_id, answers })
}

impl Instance {
    fn get(&self, name: &str) -> Option<&str> {
        self.answers.get(name).map(String::as_str).filter(|v| !v.is_empty())
    }

    fn required(&self, name: &str) -> Result<&str, AppError> {
        self.get(name).ok_or_else(|| AppError::field(name, "is required"))
    }

    /// The file names the instance's photo questions name, in order.
    fn photos(&self) -> Vec<String> {
        (1..=xform::PHOTOS).filter_map(|n| self.get(&format!("photo{n}")).map(str::to_owned)).collect()
    }

    fn count(&self, name: &str) -> Result<u32, AppError> {
        let v = self.required(name)?;
        v.parse::<u32>().map_err(|_| AppError::field(name, format!("{v:?} is not a whole number of people")))
    }

    fn estimate(&self, base: &str) -> Result<Option<Estimate>, AppError> {
        match self.get(&format!("{base}_known")) {
            None | Some("unknown") => Ok(None),
            Some("known") => Ok(Some(Estimate {
                low: self.count(&format!("{base}_low"))?,
                best: self.count(&format!("{base}_best"))?,
                high: self.count(&format!("{base}_high"))?,
            })),
            Some(other) => {
                Err(AppError::field(format!("{base}_known"), format!("{other:?} is not `known` or `unknown`")))
            }
        }
    }

    /// The allegation the answers state, citing `evidence`. The core
    /// checks it further when it is filed (a party that is one, provisions
    /// the agreement has, a sane casualty range).
    fn allegation(&self, evidence: Vec<EvidenceRef>) -> Result<Allegation, AppError> {
        let accused =
            ParticipantId::parse(self.required("accused")?).map_err(|e| AppError::field("accused", e.to_string()))?;
        let provisions = self
            .required("provisions")?
            .split_whitespace()
            .map(|p| ProvisionId::parse(p).map_err(|e| AppError::field("provisions", e.to_string())))
            .collect::<Result<Vec<_>, _>>()?;
        let acts = self
            .required("acts")?
            .split_whitespace()
            .map(|a| {
                ActType::ALL
                    .into_iter()
                    .find(|t| t.as_str() == a)
                    .ok_or_else(|| AppError::field("acts", format!("{a:?} is not an act type")))
            })
            .collect::<Result<Vec<_>, _>>()?;
        let when = self.required("occurred_at")?;
        let occurred_at = when.parse::<Timestamp>().map_err(|e| {
            AppError::field("occurred_at", format!("{when:?} is not a date and time with its offset: {e}"))
        })?;
        let location = match self.get("location") {
            None => None,
            Some(point) => {
                let mut parts = point.split_whitespace().map(str::parse::<f64>);
                let bad = || AppError::field("location", format!("{point:?} is not a geopoint (latitude longitude …)"));
                let lat = parts.next().ok_or_else(bad)?.map_err(|_| bad())?;
                let lon = parts.next().ok_or_else(bad)?.map_err(|_| bad())?;
                if !(-90.0..=90.0).contains(&lat) || !(-180.0..=180.0).contains(&lon) {
                    return Err(bad());
                }
                Some(Location { lat, lon, precision: 1, place_name: self.get("place_name").unwrap_or("").to_owned() })
            }
        };
        Ok(Allegation {
            accused,
            provisions,
            acts,
            occurred_at,
            occurred_until: None,
            time_precision: truce_core::case::TimePrecision::Exact,
            location,
            summary: self.required("summary")?.to_owned(),
            narrative: self.get("narrative").unwrap_or("").to_owned(),
            casualties: Casualties {
                civilians_killed: self.estimate("civilians_killed")?,
                combatants_killed: self.estimate("combatants_killed")?,
                ..Casualties::default()
            },
            evidence,
        })
    }
}

/// Submissions are taken one at a time, so that two posts of the same
/// instance racing each other cannot both file it.
static INTAKE: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// Receives a submission from `principal` (ODK Central's decision tree):
/// an unseen instance is kept and, once every file it names is here,
/// filed; the same instance with byte-identical XML adds the files it
/// brings; with other XML it is a `Conflict`. An unknown form or version
/// is `NotFound`; a form made for an agreement no longer in force is
/// `Conflict` (closed); an edit (`deprecatedID`) is `NotFound` when the
/// instance it replaces is unknown and `Conflict` otherwise.
pub async fn receive(
    app: &App,
    principal: &Principal,
    now: Timestamp,
    submission: Submission,
) -> Result<Outcome, AppError> {
    let instance = parse(&submission.xml)?;
    let form = incident_form(app)?;
    if instance.form_id != form.id {
        return Err(AppError::not_found(format!("form {} does not exist", instance.form_id)));
    }
    if instance.version != form.version {
        let older = instance
            .version
            .split('.')
            .next()
            .and_then(|v| v.parse::<u32>().ok())
            .is_some_and(|v| v < form.agreement_version);
        return Err(if older {
            AppError::conflict(format!(
                "form version {} was made for an agreement no longer in force and is closed; \
                 update the form ({}) and fill it in again",
                instance.version, form.version
            ))
        } else {
            AppError::not_found(format!("form version {} does not exist", instance.version))
        });
    }
    let _one_at_a_time = INTAKE.lock().await;
    if let Some(old) = &instance.deprecated_id {
        return Err(match app.store().field_submission(old).await? {
            None => AppError::not_found(format!("the submission {old} this one edits does not exist")),
            Some(_) => AppError::conflict(
                "a filed report is a signed record and is not edited; add what changed to its case \
                 (a reply, a comment, new evidence) from the desk or the API",
            ),
        });
    }
    let xml_sha256 = truce_node::blobs::sha256_hex(&submission.xml);
    let existing = app.store().field_submission(&instance.instance_id).await?;
    if let Some(row) = &existing
        && (row.principal != principal.id || row.xml_sha256 != xml_sha256)
    {
        return Err(AppError::conflict(
            "a submission already exists with this ID, but with different XML; resubmissions to attach \
             additional files must resubmit an identical xml_submission_file",
        ));
    }
    // The answers are checked before anything is kept, so a report the
    // server cannot read leaves nothing behind.
    instance.allegation(Vec::new())?;
    let named = instance.photos();
    for (filename, _) in &submission.files {
        if !named.contains(filename) {
            return Err(AppError::field(filename.clone(), "is not a file this submission names"));
        }
    }
    // The files, each through the evidence intake.
    let mut received = Vec::new();
    for (filename, bytes) in submission.files {
        let upload = Upload {
            bytes,
            filename: filename.clone(),
            description: Some(format!("{filename} from field submission {}", instance.instance_id)),
        };
        let r = evidence::receive(app, principal, now, upload).await.map_err(|e| match e {
            AppError::Invalid { reason, .. } | AppError::Unsupported { reason, .. } => {
                AppError::field(filename.clone(), reason)
            }
            other => other,
        })?;
        received.push((filename, r.sha256));
    }
    if existing.is_none() {
        let blob = app.blobs().put(&submission.xml).map_err(AppError::internal)?;
        match app
            .store()
            .create_field_submission(&FieldSubmissionRow {
                instance_id: instance.instance_id.clone(),
                principal: principal.id.clone(),
                form_id: instance.form_id.clone(),
                form_version: instance.version.clone(),
                xml_sha256: blob,
                case_id: None,
                received_at: now.as_second(),
            })
            .await
        {
            Ok(()) => {}
            Err(StoreError::Conflict { .. }) => {
                return Err(AppError::conflict("the submission was received twice at once; send it again"));
            }
            Err(e) => return Err(e.into()),
        }
    }
    for (filename, sha256) in &received {
        app.store().put_field_attachment(&instance.instance_id, filename, sha256).await?;
    }
    if let Some(case) = existing.and_then(|row| row.case_id) {
        return Ok(Outcome::Filed { case });
    }
    let held = app.store().field_attachments(&instance.instance_id).await?;
    let missing: Vec<String> = named.iter().filter(|n| !held.iter().any(|(h, _)| h == *n)).cloned().collect();
    if !missing.is_empty() {
        return Ok(Outcome::Waiting { missing });
    }
    let cited = named
        .iter()
        .filter_map(|n| held.iter().find(|(h, _)| h == n))
        .map(|(filename, sha256)| EvidenceRef {
            sha256: sha256.clone(),
            description: format!("{filename} from field submission {}", instance.instance_id),
        })
        .collect();
    let filing = super::cases::file(app, principal, now, None, instance.allegation(cited)?).await?;
    let case = filing.id.to_string();
    app.store().set_field_submission_case(&instance.instance_id, &case).await?;
    Ok(Outcome::Filed { case })
}

/// The submission a device gave `instance_id`, for its principal: the
/// case it became and its XML, for tracing a case back to the device.
pub async fn submission_xml(
    app: &App,
    caller: &Caller,
    instance_id: &str,
) -> Result<(FieldSubmissionRow, Vec<u8>), AppError> {
    let principal = caller.require()?;
    let row = app
        .store()
        .field_submission(instance_id)
        .await?
        .filter(|r| r.principal == principal.id)
        .ok_or_else(|| AppError::not_found(format!("no submission {instance_id}")))?;
    let xml =
        app.blobs().get(&row.xml_sha256).map_err(AppError::internal)?.ok_or_else(|| {
            AppError::internal(format!("the XML of submission {instance_id} is not in the blob store"))
        })?;
    Ok((row, xml))
}
