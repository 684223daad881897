//! Alerts in OASIS CAP 1.2, made from the log.
//!
//! Newsrooms, humanitarian early-warning desks and alerting hubs read the
//! Common Alerting Protocol, so an escalation the agreement's rules set off
//! is published as a CAP alert: the same facts the log holds, in the form
//! their tools already take. An alert is never stored: it is computed from
//! the event that fired (`escalation_triggered.v1`), the case as it stands
//! and the agreement in force, so it cannot drift from the log.
//!
//! Each alert comes from an [`AlertSource`]: an escalation that fired on a
//! case, or an early-warning alert raised on a border sector
//! ([`truce_core::early_warning`]). Both build the same [`Alert`].
//!
//! Who sees an alert is who sees its case ([`truce_core::access`]): an
//! alert on a published case is `Public`, any other is `Restricted` and
//! served only to readers who may see the case, never to the public.
//!
//! The mapping of the case and the agreement onto CAP's urgency, severity
//! and certainty is written out in `docs/api.md` and in [`urgency`],
//! [`severity`] and [`certainty`].

use jiff::Timestamp;
use serde::Serialize;
use truce_core::access::{self, CaseParties, Viewer};
use truce_core::agreement::EscalationTrigger;
use truce_core::case::Occurrence;
use truce_core::early_warning;
use truce_core::vocab::Severity;
use truce_core::{Agreement, Case, EventKind};
use utoipa::ToSchema;

use super::{App, AppError, Caller};

/// The event kind behind escalation alerts.
const ESCALATION_KIND: &str = "escalation_triggered.v1";

/// The CAP 1.2 namespace.
pub const CAP_NAMESPACE: &str = "urn:oasis:names:tc:emergency:cap:1.2";

/// The languages of every alert's `info` blocks: the deployment's six, as
/// CAP's `language` codes (RFC 3066: Dari is `fa`, Persian).
pub const LANGUAGES: [&str; 6] = ["en", "ur", "ps", "fa", "tr", "ar"];

/// What set an alert off.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum AlertSource {
    /// An escalation rule of the agreement fired on a case.
    Escalation {
        /// The case.
        case: String,
        /// The rule's id in the agreement's `escalation` table.
        rule: String,
        /// The party concerned.
        party: String,
        /// What the rule sets in motion, as the agreement words it.
        action: String,
        /// Why it fired, as the log records it.
        reason: String,
    },
    /// An early-warning alert was raised on a border sector: its numbers
    /// only (the reports it counted are read through the API, over the
    /// reader's own scope).
    EarlyWarning {
        /// The border sector (an id of the geography).
        sector: String,
        /// The rule (`surge`, `poisson`, `ewma`, `cusum`).
        method: String,
        /// Reports as `filed` or as `confirmed`.
        basis: String,
        /// The local day tested.
        day: String,
        /// Reports in the rule's window.
        observed: u32,
        /// The statistic the rule compares.
        statistic: f64,
        /// What it is compared with.
        threshold: f64,
    },
}

/// CAP `scope`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
pub enum Scope {
    /// Anyone may read it: its case is published.
    Public,
    /// Only those who may see its case (mediators, the parties to it).
    Restricted,
}

/// One `area`: a description, and a polygon or circle or both.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct AlertArea {
    /// `areaDesc`.
    pub description: String,
    /// The border sector's band as CAP `lat,lon` pairs, closed, if the
    /// incident lies in a sector.
    pub polygon: Option<String>,
    /// `lat,lon radius_km` around the incident, if it has a location.
    pub circle: Option<String>,
}

/// One `info` block, in one language.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct AlertInfo {
    /// CAP `language`.
    pub language: String,
    /// `event`.
    pub event: String,
    /// `headline`.
    pub headline: String,
    /// `description`.
    pub description: String,
    /// `senderName`.
    pub sender_name: String,
}

/// A CAP alert, as one reader may see it.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct Alert {
    /// The alert's id in this deployment's paths (`{record}-{seq}-{case}`).
    pub id: String,
    /// CAP `identifier`: the log's origin and [`Alert::id`].
    pub identifier: String,
    /// CAP `sender`: the log's origin.
    pub sender: String,
    /// CAP `sent`: when the escalation fired, `+00:00`.
    pub sent: String,
    /// The log record that fired it.
    pub record: u64,
    /// What set it off.
    pub source: AlertSource,
    /// CAP `scope`.
    pub scope: Scope,
    /// CAP `urgency`.
    pub urgency: &'static str,
    /// CAP `severity`.
    pub severity: &'static str,
    /// CAP `certainty`.
    pub certainty: &'static str,
    /// One block per language, in [`LANGUAGES`] order.
    pub info: Vec<AlertInfo>,
    /// Where.
    pub area: AlertArea,
}

/// CAP's time form: seconds, and the zone as `+00:00` (the schema refuses `Z`).
pub fn cap_time(at: Timestamp) -> String {
    at.strftime("%Y-%m-%dT%H:%M:%S+00:00").to_string()
}

/// CAP `urgency` of an escalation by its rule's trigger: a grave finding
/// calls for a call between principals now (`Immediate`); a pattern of
/// violations, a surge of reports raised by an early-warning alert, or
/// defiance of a penalty for a meeting within days
/// (`Expected`); an unanswered allegation or a missed commitment for the
/// mediators' next step (`Future`). A rule no longer in the agreement in
/// force is `Unknown`.
pub fn urgency(trigger: Option<&EscalationTrigger>) -> &'static str {
    match trigger {
        Some(EscalationTrigger::GraveFinding) => "Immediate",
        Some(
            EscalationTrigger::ConfirmedViolations { .. }
            | EscalationTrigger::NonCompliance
            | EscalationTrigger::Surge { .. },
        ) => "Expected",
        Some(EscalationTrigger::OverdueReply | EscalationTrigger::MissedCommitment) => "Future",
        None => "Unknown",
    }
}

/// CAP `severity` from the finding's severity: grave → `Extreme`,
/// serious → `Severe`, minor → `Moderate`; no finding yet, or one without
/// a severity, → `Unknown` (nothing is guessed from the allegation).
pub fn severity(case: &Case) -> &'static str {
    match case.finding.as_ref().and_then(|f| f.severity) {
        Some(Severity::Grave) => "Extreme",
        Some(Severity::Serious) => "Severe",
        Some(Severity::Minor) => "Moderate",
        None => "Unknown",
    }
}

/// CAP `certainty` that the incident behind the case happened: a final
/// finding that confirms it → `Observed`; one adopted but still open to
/// appeal → `Likely`; a finding that it did not happen → `Unlikely`; an
/// inconclusive finding, or none (an allegation) → `Possible`.
pub fn certainty(case: &Case) -> &'static str {
    match (&case.finding, case.final_at) {
        (Some(f), Some(_)) if f.occurrence == Occurrence::Confirmed => "Observed",
        (Some(f), None) if f.occurrence == Occurrence::Confirmed => "Likely",
        (Some(f), _) if f.occurrence == Occurrence::NotConfirmed => "Unlikely",
        _ => "Possible",
    }
}

/// The radius (km) of the circle around an incident, from its ACLED
/// precision: the exact place (5 km), near a town (25 km), a province (100 km).
fn radius_km(precision: u8) -> u32 {
    match precision {
        1 => 5,
        2 => 25,
        _ => 100,
    }
}

/// The area of `case`: its sector's band (CAP `lat,lon` pairs, first =
/// last) and a circle around its location, either where known.
fn area_of(case: &Case) -> AlertArea {
    let geo = truce_geo::Geography::embedded().ok();
    let sector = case.placement.as_ref().and_then(|p| p.sector.as_deref());
    let polygon = sector
        .zip(geo)
        .and_then(|(id, geo)| geo.sector_area(id))
        .map(|ring| ring.iter().map(|[lon, lat]| format!("{lat:.4},{lon:.4}")).collect::<Vec<_>>().join(" "));
    let location = case.allegation.location.as_ref();
    let circle = location.map(|l| format!("{:.4},{:.4} {}", l.lat, l.lon, radius_km(l.precision)));
    let sector_name = sector.zip(geo).and_then(|(id, geo)| geo.sector(id)).map(|s| s.name.clone());
    let description = match (location.map(|l| l.place_name.trim()).filter(|n| !n.is_empty()), sector_name) {
        (Some(place), Some(sector)) => format!("{place} ({sector})"),
        (Some(place), None) => place.to_owned(),
        (None, Some(sector)) => sector,
        (None, None) => "Afghanistan–Pakistan border".to_owned(),
    };
    AlertArea { description, polygon, circle }
}

/// The alert's texts in `lang` (a CAP language code). Machine-drafted
/// translations, to be reviewed by native speakers like the pages' own.
fn texts(lang: &str) -> (&'static str, &'static str, &'static str) {
    // (event, "party", "case")
    match lang {
        "ur" => ("جنگ بندی: معاملہ بلند سطح پر", "فریق", "مقدمہ"),
        "ps" => ("اوربند: موضوع لوړې کچې ته ورسېد", "اړخ", "قضیه"),
        "fa" => ("آتش‌بس: موضوع به سطح بالاتر ارجاع شد", "طرف", "پرونده"),
        "tr" => ("Ateşkes: konu üst düzeye taşındı", "Taraf", "Dosya"),
        "ar" => ("وقف إطلاق النار: تصعيد المسألة", "الطرف", "القضية"),
        _ => ("Ceasefire escalation", "Party", "Case"),
    }
}

/// What the trigger says in `lang`.
fn trigger_text(lang: &str, trigger: Option<&EscalationTrigger>) -> &'static str {
    use EscalationTrigger as T;
    match (lang, trigger) {
        ("ur", Some(T::OverdueReply)) => "جواب میں تاخیر ہو گئی",
        ("ur", Some(T::NonCompliance)) => "سزا کی تعمیل نہیں ہوئی",
        ("ur", Some(T::GraveFinding)) => "نہایت سنگین نتیجہ حتمی ہو گیا",
        ("ur", Some(T::ConfirmedViolations { .. })) => "ایک فریق کی مصدقہ خلاف ورزیوں کا سلسلہ",
        ("ur", Some(T::MissedCommitment)) => "مذاکرات کا وعدہ پورا نہیں ہوا",
        ("ur", Some(T::Surge { .. })) => "ابتدائی انتباہ: رپورٹوں میں اضافہ",
        ("ps", Some(T::OverdueReply)) => "ځواب وځنډېد",
        ("ps", Some(T::NonCompliance)) => "جریمه نه ده منل شوې",
        ("ps", Some(T::GraveFinding)) => "ډېره جدي موندنه وروستۍ شوه",
        ("ps", Some(T::ConfirmedViolations { .. })) => "د یوه اړخ د تایید شویو سرغړونو لړۍ",
        ("ps", Some(T::MissedCommitment)) => "د خبرو ژمنه پوره نه شوه",
        ("ps", Some(T::Surge { .. })) => "مخکینۍ خبرتیا: د راپورونو زیاتوالی",
        ("fa", Some(T::OverdueReply)) => "پاسخ به موقع داده نشد",
        ("fa", Some(T::NonCompliance)) => "جریمه رعایت نشد",
        ("fa", Some(T::GraveFinding)) => "یافتهٔ بسیار جدی قطعی شد",
        ("fa", Some(T::ConfirmedViolations { .. })) => "رشتهٔ تخلفات تأییدشدهٔ یک طرف",
        ("fa", Some(T::MissedCommitment)) => "تعهد مذاکرات انجام نشد",
        ("fa", Some(T::Surge { .. })) => "هشدار زودهنگام: افزایش گزارش‌ها",
        ("tr", Some(T::OverdueReply)) => "Yanıt süresi geçti",
        ("tr", Some(T::NonCompliance)) => "Yaptırıma uyulmadı",
        ("tr", Some(T::GraveFinding)) => "Çok ağır bir tespit kesinleşti",
        ("tr", Some(T::ConfirmedViolations { .. })) => "Bir tarafın doğrulanmış ihlallerinden oluşan bir örüntü",
        ("tr", Some(T::MissedCommitment)) => "Görüşmelerdeki bir taahhüt yerine getirilmedi",
        ("tr", Some(T::Surge { .. })) => "Erken uyarı: bildirimlerde ani artış",
        ("ar", Some(T::OverdueReply)) => "تأخر الرد عن موعده",
        ("ar", Some(T::NonCompliance)) => "لم يُمتثل للجزاء",
        ("ar", Some(T::GraveFinding)) => "أصبحت نتيجة بالغة الخطورة نهائية",
        ("ar", Some(T::ConfirmedViolations { .. })) => "نمط من الانتهاكات المؤكدة لطرف واحد",
        ("ar", Some(T::MissedCommitment)) => "لم يُوفَ بالتزام من المحادثات",
        ("ar", Some(T::Surge { .. })) => "إنذار مبكر: تصاعد في البلاغات",
        (_, Some(T::OverdueReply)) => "A reply became overdue",
        (_, Some(T::NonCompliance)) => "A penalty was not complied with",
        (_, Some(T::GraveFinding)) => "A grave finding became final",
        (_, Some(T::ConfirmedViolations { .. })) => "A pattern of confirmed violations by one party",
        (_, Some(T::MissedCommitment)) => "A commitment made in the talks was missed",
        (_, Some(T::Surge { .. })) => "Early warning: a surge of reports",
        (_, None) => "An escalation rule fired",
    }
}

/// The alert for the escalation event `seq` of `case`, made by record
/// `record`, as `viewer` may see it; `None` if it may not.
pub fn escalation_alert(
    origin: &str,
    agreement: &Agreement,
    viewer: &Viewer,
    case: &Case,
    record: u64,
    seq: u64,
    event: &truce_core::Event,
) -> Option<Alert> {
    let EventKind::EscalationTriggered { rule, party, action, reason } = &event.kind else { return None };
    if !access::may_see_case(viewer, CaseParties::of(case)) {
        return None;
    }
    let trigger = agreement.escalation.iter().find(|r| &r.id == rule).map(|r| &r.trigger);
    let id = format!("{record}-{seq}-{}", case.id);
    let info = LANGUAGES
        .iter()
        .map(|lang| {
            let (event_name, party_word, case_word) = texts(lang);
            let party_name = agreement.participant(party).map_or(party.as_str(), |p| p.name(lang));
            let what = trigger_text(lang, trigger);
            AlertInfo {
                language: (*lang).to_owned(),
                event: event_name.to_owned(),
                headline: format!("{what}: {party_name}"),
                description: format!(
                    "{what}. {party_word}: {party_name}. {case_word}: {}. {action} ({reason})",
                    case.id
                ),
                sender_name: agreement.identity.title.clone(),
            }
        })
        .collect();
    Some(Alert {
        identifier: format!("{origin}/alerts/{id}"),
        id,
        sender: origin.to_owned(),
        sent: cap_time(event.at),
        record,
        source: AlertSource::Escalation {
            case: case.id.to_string(),
            rule: rule.to_string(),
            party: party.to_string(),
            action: action.clone(),
            reason: reason.clone(),
        },
        scope: if access::is_published(case.status) { Scope::Public } else { Scope::Restricted },
        urgency: urgency(trigger),
        severity: severity(case),
        certainty: certainty(case),
        info,
        area: area_of(case),
    })
}

/// The texts of an early-warning alert in `lang`: (event, "reports", "threshold").
/// Machine-drafted translations, to be reviewed by native speakers.
fn early_warning_texts(lang: &str) -> (&'static str, &'static str, &'static str) {
    match lang {
        "ur" => ("جنگ بندی: قبل از وقت انتباہ", "رپورٹیں", "حد"),
        "ps" => ("اوربند: مخکې خبرتیا", "راپورونه", "پوله"),
        "fa" => ("آتش‌بس: هشدار زودهنگام", "گزارش‌ها", "آستانه"),
        "tr" => ("Ateşkes: erken uyarı", "bildirim", "eşik"),
        "ar" => ("وقف إطلاق النار: إنذار مبكر", "البلاغات", "العتبة"),
        _ => ("Ceasefire early warning", "reports", "threshold"),
    }
}

/// The CAP alert of the early-warning alert `raised`, as the mediators and
/// the parties read it (`Restricted`: an alert counts reports a party may
/// not see, so the public gets none). Its area is the sector's band.
/// `urgency` is `Expected` (a surge calls for action within days),
/// `severity` `Unknown` (a count says nothing yet of how grave the acts
/// were) and `certainty` `Possible` on reports as filed (allegations),
/// `Likely` on confirmed ones.
pub fn early_warning_alert(origin: &str, agreement: &Agreement, raised: &early_warning::RaisedAlert) -> Alert {
    let signal = &raised.signal;
    let geo = truce_geo::Geography::embedded().ok();
    let sector_name = geo
        .as_ref()
        .and_then(|g| g.sector(&signal.series.sector))
        .map_or_else(|| signal.series.sector.clone(), |s| s.name.clone());
    let polygon = geo
        .as_ref()
        .and_then(|g| g.sector_area(&signal.series.sector))
        .map(|ring| ring.iter().map(|[lon, lat]| format!("{lat:.4},{lon:.4}")).collect::<Vec<_>>().join(" "));
    let id = format!("ew-{}", raised.record);
    let info = LANGUAGES
        .iter()
        .map(|lang| {
            let (event, reports, threshold) = early_warning_texts(lang);
            AlertInfo {
                language: (*lang).to_owned(),
                event: event.to_owned(),
                headline: format!("{event}: {sector_name} ({})", signal.day),
                description: format!(
                    "{sector_name}, {}: {} {reports} ({}, {}); {} {} {threshold} {}",
                    signal.day,
                    signal.observed,
                    signal.series.basis.as_str(),
                    signal.method.as_str(),
                    signal.statistic,
                    if signal.statistic >= signal.threshold { "≥" } else { "<" },
                    signal.threshold,
                ),
                sender_name: agreement.identity.title.clone(),
            }
        })
        .collect();
    Alert {
        identifier: format!("{origin}/alerts/{id}"),
        id,
        sender: origin.to_owned(),
        sent: cap_time(raised.at),
        record: raised.record,
        source: AlertSource::EarlyWarning {
            sector: signal.series.sector.clone(),
            method: signal.method.as_str().to_owned(),
            basis: signal.series.basis.as_str().to_owned(),
            day: signal.day.to_string(),
            observed: signal.observed,
            statistic: signal.statistic,
            threshold: signal.threshold,
        },
        scope: Scope::Restricted,
        urgency: "Expected",
        severity: "Unknown",
        certainty: match signal.series.basis {
            early_warning::Basis::Filed => "Possible",
            early_warning::Basis::Confirmed => "Likely",
        },
        info,
        area: AlertArea { description: sector_name, polygon, circle: None },
    }
}

/// Every alert `caller` may see, newest first.
pub async fn list(app: &App, caller: &Caller) -> Result<Vec<Alert>, AppError> {
    let agreement = app.agreement()?;
    let rows = app.store().events_of_kind(ESCALATION_KIND).await?;
    let mut case_ids: Vec<String> = rows.iter().map(|r| r.case_id.clone()).collect();
    case_ids.sort();
    case_ids.dedup();
    let mut case_rows = Vec::with_capacity(case_ids.len());
    for id in &case_ids {
        if let Some(row) = app.store().case(id).await? {
            case_rows.push(row);
        }
    }
    let cases = super::folded::cases_of(app, &case_rows).await?;
    let events = super::folded::parse(&rows)?;
    let mut out = Vec::new();
    for (row, event) in rows.iter().zip(&events) {
        let Some(case) = cases.iter().find(|c| c.id.as_str() == row.case_id) else { continue };
        if let Some(alert) =
            escalation_alert(app.origin(), &agreement, &caller.viewer, case, row.record_idx, row.seq, event)
        {
            out.push(alert);
        }
    }
    // Early-warning alerts, for the readers `app::early_warning::list`
    // serves (never the public), in the order raised.
    if !matches!(caller.viewer, access::Viewer::Public) {
        out.extend(app.ledger().alerts().raised.iter().map(|a| early_warning_alert(app.origin(), &agreement, a)));
        out.sort_by(|a, b| a.sent.cmp(&b.sent).then(a.record.cmp(&b.record)));
    }
    out.reverse();
    Ok(out)
}

/// The alert `id` if `caller` may see it; not found otherwise, alike.
pub async fn one(app: &App, caller: &Caller, id: &str) -> Result<Alert, AppError> {
    let missing = || AppError::not_found(format!("no alert {id}"));
    if let Some(record) = id.strip_prefix("ew-") {
        let agreement = app.agreement()?;
        let record = record.parse::<u64>().map_err(|_| missing())?;
        if matches!(caller.viewer, access::Viewer::Public) {
            return Err(missing());
        }
        let alerts = app.ledger().alerts();
        let raised = alerts.get(record).ok_or_else(missing)?;
        return Ok(early_warning_alert(app.origin(), &agreement, raised));
    }
    let mut parts = id.splitn(3, '-');
    let (Some(record), Some(seq), Some(case_id)) = (parts.next(), parts.next(), parts.next()) else {
        return Err(missing());
    };
    let (Ok(record), Ok(seq)) = (record.parse::<u64>(), seq.parse::<u64>()) else { return Err(missing()) };
    let agreement = app.agreement()?;
    let rows = app.store().record_events(record).await?;
    let Some(row) = rows.iter().find(|r| r.case_id == case_id && r.seq == seq && r.kind == ESCALATION_KIND) else {
        return Err(missing());
    };
    let Some(case_row) = app.store().case(case_id).await? else { return Err(missing()) };
    let case = super::folded::cases_of(app, std::slice::from_ref(&case_row)).await?.pop().ok_or_else(missing)?;
    let event = super::folded::parse(std::slice::from_ref(row))?.pop().ok_or_else(missing)?;
    escalation_alert(app.origin(), &agreement, &caller.viewer, &case, record, seq, &event).ok_or_else(missing)
}

/// `alert` as a CAP 1.2 XML document.
pub fn to_cap(alert: &Alert) -> String {
    use maud::{PreEscaped, html};
    // (incidents, eventCode name and value, restriction, parameters)
    let (incidents, code, restriction, parameters) = match &alert.source {
        AlertSource::Escalation { case, rule, party, .. } => (
            Some(case.as_str()),
            ("truce:escalation-rule", rule.as_str()),
            format!("The mediators and the participants concerned in case {case} only"),
            vec![("truce:case", case.clone()), ("truce:party", party.clone())],
        ),
        AlertSource::EarlyWarning { sector, method, basis, day, observed, statistic, threshold } => (
            None,
            ("truce:early-warning-rule", method.as_str()),
            "The mediators and the parties only".to_owned(),
            vec![
                ("truce:sector", sector.clone()),
                ("truce:basis", basis.clone()),
                ("truce:day", day.clone()),
                ("truce:observed", observed.to_string()),
                ("truce:statistic", statistic.to_string()),
                ("truce:threshold", threshold.to_string()),
            ],
        ),
    };
    let scope = match alert.scope {
        Scope::Public => "Public",
        Scope::Restricted => "Restricted",
    };
    let body = html! {
        (PreEscaped(r#"<?xml version="1.0" encoding="UTF-8"?>"#))
        "\n"
        alert xmlns=(CAP_NAMESPACE) {
            identifier { (alert.identifier) }
            sender { (alert.sender) }
            sent { (alert.sent) }
            status { "Actual" }
            msgType { "Alert" }
            source { "Truce, record " (alert.record) " of log " (alert.sender) }
            scope { (scope) }
            @if alert.scope == Scope::Restricted {
                restriction { (restriction) }
            }
            @if let Some(incidents) = incidents { incidents { (incidents) } }
            @for info in &alert.info {
                info {
                    language { (info.language) }
                    category { "Security" }
                    event { (info.event) }
                    urgency { (alert.urgency) }
                    severity { (alert.severity) }
                    certainty { (alert.certainty) }
                    eventCode { valueName { (code.0) } value { (code.1) } }
                    effective { (alert.sent) }
                    senderName { (info.sender_name) }
                    headline { (info.headline) }
                    description { (info.description) }
                    @for (name, value) in &parameters { parameter { valueName { (name) } value { (value) } } }
                    area {
                        areaDesc { (alert.area.description) }
                        @if let Some(polygon) = &alert.area.polygon { polygon { (polygon) } }
                        @if let Some(circle) = &alert.area.circle { circle { (circle) } }
                    }
                }
            }
        }
    };
    body.into_string()
}

/// An Atom feed listing `alerts`, each linking to its CAP document at
/// `{base}/{id}.cap`: CAP has no list format, and alerting hubs read CAP
/// through such feeds. `updated` is the newest alert's time (or `now`).
pub fn atom_index(alerts: &[Alert], feed_id: &str, base: &str, now: Timestamp) -> String {
    use maud::{PreEscaped, html};
    let updated = alerts.first().map_or_else(|| cap_time(now), |a| a.sent.clone());
    let feed = html! {
        (PreEscaped(r#"<?xml version="1.0" encoding="UTF-8"?>"#))
        "\n"
        feed xmlns="http://www.w3.org/2005/Atom" {
            id { (feed_id) }
            title { "Truce: CAP alerts" }
            updated { (updated) }
            author { name { "Truce" } }
            @for alert in alerts {
                entry {
                    id { (alert.identifier) }
                    title { (alert.info.first().map_or("", |i| i.headline.as_str())) }
                    updated { (alert.sent) }
                    link rel="alternate" type="application/cap+xml" href={ (base) "/" (alert.id) ".cap" } {}
                    summary { (alert.info.first().map_or("", |i| i.description.as_str())) }
                }
            }
        }
    };
    feed.into_string()
}
