//! Field capture: reports filed from a phone with ODK Collect (or
//! KoboCollect, or Enketo) over OpenRosa, as the same principal would file
//! them through the API.
//!
//! Two forms are served ([`xform`]): the incident report, which anyone who
//! may file fills in and which becomes an allegation; and the monitoring
//! team's site observation, offered to monitors only ([`forms_for`]). The
//! core keeps no record of a site visit as such, so an observation becomes
//! the nearest thing the same monitor files through the API: on a case its
//! team is tasked on, the team's report on that case
//! (`submit_investigation_report.v1`, its text stating what the visit saw,
//! "nothing observed" included); a breach seen on a visit of the team's
//! own, an allegation the team files (`file_report.v1`). A visit of the
//! team's own that saw nothing is refused, on the phone (a constraint) and
//! here, because nothing in the log could hold it truthfully.
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
use truce_core::Role;
use truce_core::case::{Allegation, Casualties, Estimate, EvidenceRef, InvestigationReport, Location};
use truce_core::command::Command;
use truce_core::ids::CaseId;
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
/// `base` is the server's public address (`https://host`).
pub async fn enrol_device(
    app: &App,
    caller: &Caller,
    now: Timestamp,
    name: &str,
    base: &str,
) -> Result<Enrolled, AppError> {
    let principal = caller.require()?;
    enrol_for(app, principal, None, now, name, base).await
}

/// Issues a device called `name` for principal `id` (administrators): for
/// an officer without the desk at hand, the administrator enrols the phone
/// and hands it over. The device stands for that principal only, with its
/// scope and nothing of the administrator's; the row names the
/// administrator who issued it (shown wherever the device is listed), and
/// the issue is logged.
pub async fn issue_device(
    app: &App,
    caller: &Caller,
    now: Timestamp,
    id: &str,
    name: &str,
    base: &str,
) -> Result<Enrolled, AppError> {
    let admin = caller.require_admin()?;
    truce_core::ids::PrincipalId::parse(id).map_err(|e| AppError::field("principal", e.to_string()))?;
    if app.ledger().principal(id).is_none() {
        return Err(AppError::not_found(format!("no principal {id} is registered")));
    }
    let holder = super::accounts::caller_of(app, id.to_owned(), Credential::Token)
        .map_err(|_| AppError::field("principal", format!("{id} is suspended: no device is issued for it")))?;
    let holder = holder.require()?;
    if form_ids_for(holder.role).is_empty() {
        return Err(AppError::field("principal", format!("{id} is an administrator, who files nothing from a phone")));
    }
    let enrolled = enrol_for(app, holder, Some(&admin.id), now, name, base).await?;
    tracing::info!(administrator = %admin.id, principal = %id, device = %enrolled.device, "field device issued");
    Ok(enrolled)
}

async fn enrol_for(
    app: &App,
    principal: &Principal,
    issued_by: Option<&str>,
    now: Timestamp,
    name: &str,
    base: &str,
) -> Result<Enrolled, AppError> {
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
            issued_by: issued_by.map(str::to_owned),
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

/// Principal `id`'s devices, revoked ones included (administrators).
pub async fn devices_of(app: &App, caller: &Caller, id: &str) -> Result<Vec<FieldDeviceRow>, AppError> {
    caller.require_admin()?;
    if app.ledger().principal(id).is_none() {
        return Err(AppError::not_found(format!("no principal {id} is registered")));
    }
    Ok(app.store().field_devices_of(id).await?)
}

/// Revokes principal `id`'s device `device` (administrators).
pub async fn revoke_device_of(
    app: &App,
    caller: &Caller,
    now: Timestamp,
    id: &str,
    device: &str,
) -> Result<(), AppError> {
    let admin = caller.require_admin()?;
    if app.store().revoke_field_device(id, device, now.as_second()).await? {
        tracing::info!(administrator = %admin.id, principal = %id, device = %device, "field device revoked");
        Ok(())
    } else {
        Err(AppError::not_found(format!("{id} has no device {device} in force")))
    }
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
    /// The file in `forms/` that holds it as an XLSForm.
    pub xlsform_file: String,
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

/// `spec` under the agreement in force.
fn form_of(app: &App, spec: &xform::FormSpec) -> Result<Form, AppError> {
    let agreement = app.ledger().agreement().ok_or(AppError::NoAgreement)?;
    let sha = app.ledger().agreement_sha256().unwrap_or_default();
    let agreement_version = agreement.identity.version;
    let version = format!("{agreement_version}.{}.{}", spec.revision, sha.get(..8).unwrap_or(&sha));
    let xml = xform::xform(spec, &agreement, &version);
    let md5 = md5_hex(xml.as_bytes());
    Ok(Form {
        id: spec.id,
        name: spec.name(),
        xlsform_file: xform::xlsform_file(spec),
        version,
        agreement_version,
        xml,
        md5,
    })
}

/// The ids of the forms a principal of `role` may fill in: the incident
/// report for whoever may file (not an administrator), and the site
/// observation for monitors as well.
pub fn form_ids_for(role: Role) -> &'static [&'static str] {
    match role {
        Role::Administrator => &[],
        Role::Monitor => &[xform::INCIDENT_FORM, xform::OBSERVATION_FORM],
        Role::MediatorChair | Role::Mediator | Role::PartyLiaison | Role::Observer => &[xform::INCIDENT_FORM],
    }
}

/// The forms the caller may fill in, under the agreement in force.
pub fn forms_for(app: &App, caller: &Caller) -> Result<Vec<Form>, AppError> {
    let principal = caller.require()?;
    form_ids_for(principal.role)
        .iter()
        .filter_map(|id| xform::FormSpec::by_id(id))
        .map(|spec| form_of(app, &spec))
        .collect()
}

/// Form `id`, if the caller may fill it in; any other id is `NotFound`,
/// so a device learns nothing of forms it is not given.
pub fn form_for(app: &App, caller: &Caller, id: &str) -> Result<Form, AppError> {
    let principal = caller.require()?;
    match xform::FormSpec::by_id(id) {
        Some(spec) if form_ids_for(principal.role).contains(&spec.id) => form_of(app, &spec),
        _ => Err(AppError::not_found(format!("form {id} does not exist"))),
    }
}

/// The incident report under the agreement in force.
pub fn incident_form(app: &App) -> Result<Form, AppError> {
    form_of(app, &xform::incident_report())
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
    /// Recorded as the monitoring team's report on this case.
    Reported {
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

    fn acts(&self) -> Result<Vec<ActType>, AppError> {
        self.required("acts")?
            .split_whitespace()
            .map(|a| {
                ActType::ALL
                    .into_iter()
                    .find(|t| t.as_str() == a)
                    .ok_or_else(|| AppError::field("acts", format!("{a:?} is not an act type")))
            })
            .collect()
    }

    fn provisions(&self) -> Result<Vec<ProvisionId>, AppError> {
        self.required("provisions")?
            .split_whitespace()
            .map(|p| ProvisionId::parse(p).map_err(|e| AppError::field("provisions", e.to_string())))
            .collect()
    }

    fn time(&self, name: &str) -> Result<Timestamp, AppError> {
        let when = self.required(name)?;
        when.parse::<Timestamp>()
            .map_err(|e| AppError::field(name, format!("{when:?} is not a date and time with its offset: {e}")))
    }

    fn location(&self) -> Result<Option<Location>, AppError> {
        let Some(point) = self.get("location") else { return Ok(None) };
        let mut parts = point.split_whitespace().map(str::parse::<f64>);
        let bad = || AppError::field("location", format!("{point:?} is not a geopoint (latitude longitude …)"));
        let lat = parts.next().ok_or_else(bad)?.map_err(|_| bad())?;
        let lon = parts.next().ok_or_else(bad)?.map_err(|_| bad())?;
        if !(-90.0..=90.0).contains(&lat) || !(-180.0..=180.0).contains(&lon) {
            return Err(bad());
        }
        Ok(Some(Location { lat, lon, precision: 1, place_name: self.get("place_name").unwrap_or("").to_owned() }))
    }

    fn casualties(&self) -> Result<Casualties, AppError> {
        Ok(Casualties {
            civilians_killed: self.estimate("civilians_killed")?,
            combatants_killed: self.estimate("combatants_killed")?,
            ..Casualties::default()
        })
    }

    /// What a site observation's answers make, citing `evidence`: the
    /// team's report on the case it names, or, for a breach seen on a
    /// visit of the team's own, the team's allegation.
    fn observation(&self, evidence: Vec<EvidenceRef>) -> Result<Observation, AppError> {
        let breach = match self.required("observed")? {
            "breach" => true,
            "nothing" => false,
            other => return Err(AppError::field("observed", format!("{other:?} is not `breach` or `nothing`"))),
        };
        let visited_at = self.time("visited_at")?;
        let location = self.location()?.ok_or_else(|| AppError::field("location", "is required"))?;
        let sector = self.get("sector");
        if let Some(id) = sector
            && truce_geo::Geography::embedded().map_err(AppError::internal)?.sector(id).is_none()
        {
            return Err(AppError::field("sector", format!("{id:?} is not a border sector")));
        }
        let Some(case) = self.get("case") else {
            if !breach {
                return Err(AppError::field(
                    "observed",
                    "a visit of the team's own that observed nothing has no record in the log; \
                     name the case the visit was tasked for",
                ));
            }
            let accused = ParticipantId::parse(self.required("accused")?)
                .map_err(|e| AppError::field("accused", e.to_string()))?;
            return Ok(Observation::Allegation(Box::new(Allegation {
                accused,
                provisions: self.provisions()?,
                acts: self.acts()?,
                occurred_at: visited_at,
                occurred_until: None,
                time_precision: truce_core::case::TimePrecision::Exact,
                location: Some(location),
                summary: self.required("summary")?.to_owned(),
                narrative: self.get("narrative").unwrap_or("").to_owned(),
                casualties: self.casualties()?,
                evidence,
            })));
        };
        let case = CaseId::parse(case).map_err(|e| AppError::field("case", e.to_string()))?;
        // The report states what the visit saw, in the record's own
        // language (the log's words are English), every answer in it.
        let mut text = format!("{}\n\nSite visit at {visited_at}", self.required("summary")?);
        text.push_str(&format!(", at {:.5} {:.5}", location.lat, location.lon));
        if !location.place_name.is_empty() {
            text.push_str(&format!(" ({})", location.place_name));
        }
        if let Some(sector) = sector {
            text.push_str(&format!(", sector {sector}"));
        }
        text.push_str(".\n");
        if breach {
            let acts: Vec<&str> = self.acts()?.iter().map(|a| a.as_str()).collect();
            let provisions: Vec<String> = self.provisions()?.iter().map(ToString::to_string).collect();
            text.push_str(&format!("Observed: {} (provisions {})", acts.join(", "), provisions.join(", ")));
            if let Some(accused) = self.get("accused") {
                text.push_str(&format!(", by {accused}"));
            }
            text.push_str(".\n");
            let casualties = self.casualties()?;
            for (label, estimate) in
                [("Civilians killed", casualties.civilians_killed), ("Combatants killed", casualties.combatants_killed)]
            {
                match estimate {
                    Some(e) => text.push_str(&format!("{label}: low {}, best {}, high {}.\n", e.low, e.best, e.high)),
                    None => text.push_str(&format!("{label}: unknown.\n")),
                }
            }
        } else {
            text.push_str("Nothing observed.\n");
        }
        if let Some(narrative) = self.get("narrative") {
            text.push('\n');
            text.push_str(narrative);
        }
        Ok(Observation::Report { case, report: InvestigationReport { summary: text.trim_end().to_owned(), evidence } })
    }

    /// The allegation the answers state, citing `evidence`. The core
    /// checks it further when it is filed (a party that is one, provisions
    /// the agreement has, a sane casualty range).
    fn allegation(&self, evidence: Vec<EvidenceRef>) -> Result<Allegation, AppError> {
        let accused =
            ParticipantId::parse(self.required("accused")?).map_err(|e| AppError::field("accused", e.to_string()))?;
        Ok(Allegation {
            accused,
            provisions: self.provisions()?,
            acts: self.acts()?,
            occurred_at: self.time("occurred_at")?,
            occurred_until: None,
            time_precision: truce_core::case::TimePrecision::Exact,
            location: self.location()?,
            summary: self.required("summary")?.to_owned(),
            narrative: self.get("narrative").unwrap_or("").to_owned(),
            casualties: self.casualties()?,
            evidence,
        })
    }

    /// What the instance asks to record, citing `evidence`.
    fn record(&self, evidence: Vec<EvidenceRef>) -> Result<Observation, AppError> {
        if self.form_id == xform::OBSERVATION_FORM {
            self.observation(evidence)
        } else {
            Ok(Observation::Allegation(Box::new(self.allegation(evidence)?)))
        }
    }
}

/// What a submission is recorded as.
#[derive(Debug)]
enum Observation {
    /// An allegation, opening a case (boxed: the larger of the two by far).
    Allegation(Box<Allegation>),
    /// The monitoring team's report on a case.
    Report {
        /// The case.
        case: CaseId,
        /// The report.
        report: InvestigationReport,
    },
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
pub async fn receive(app: &App, caller: &Caller, now: Timestamp, submission: Submission) -> Result<Outcome, AppError> {
    let principal = caller.require()?;
    let instance = parse(&submission.xml)?;
    let form = form_for(app, caller, &instance.form_id)?;
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
    instance.record(Vec::new())?;
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
    let outcome = |case: String| {
        if instance.form_id == xform::OBSERVATION_FORM && instance.get("case").is_some() {
            Outcome::Reported { case }
        } else {
            Outcome::Filed { case }
        }
    };
    if let Some(case) = existing.and_then(|row| row.case_id) {
        return Ok(outcome(case));
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
    let case = match instance.record(cited)? {
        Observation::Allegation(allegation) => {
            super::cases::file(app, principal, now, None, *allegation).await?.id.to_string()
        }
        Observation::Report { case, report } => {
            let command = Command::SubmitInvestigationReport { report };
            super::cases::command(app, caller, now, case.as_str(), command).await?;
            case.to_string()
        }
    };
    app.store().set_field_submission_case(&instance.instance_id, &case).await?;
    Ok(outcome(case))
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
