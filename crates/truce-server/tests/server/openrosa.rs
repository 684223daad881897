//! Field capture over OpenRosa, driven as ODK Collect drives it: the form
//! list, the form, `HEAD` on the submission URL, a multipart post with a
//! photo, a resend after a lost answer (also across a restart), a changed
//! instance, an unknown version, a missing part and bad credentials, with
//! the device's secret in the path and with HTTP Digest.

use reqwest::multipart::{Form, Part};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use truce_node::blobs::sha256_hex;
use truce_server::app::field::md5_hex;

use crate::common::{Session, TestServer, databases, now_minus};

const CHAMAN: &[u8] = include_bytes!("../fixtures/chaman.jpg");

/// Enrols a device for `session`'s principal.
async fn enrol(session: &Session) -> Value {
    let response = session.post("/api/v1/me/field-devices", &json!({"name": "Field phone 1"})).await;
    assert_eq!(response.status(), 201);
    response.json().await.unwrap()
}

/// The text of `<tag>` in `xml`.
fn element(xml: &str, tag: &str) -> String {
    let doc = roxmltree::Document::parse(xml).unwrap();
    doc.descendants().find(|n| n.tag_name().name() == tag).and_then(|n| n.text()).unwrap_or("").to_owned()
}

/// An instance of the incident report, as Collect writes it.
fn instance(version: &str, instance_id: &str, summary: &str, photo: Option<&str>) -> String {
    format!(
        "<?xml version='1.0' ?><data id=\"truce_incident_report\" version=\"{version}\" \
         xmlns:orx=\"http://openrosa.org/xforms\"><accused>AFG</accused><provisions>P1</provisions>\
         <acts>shelling_artillery</acts><occurred_at>{when}</occurred_at>\
         <location>30.92 66.45 1200 5</location><place_name>Chaman</place_name><summary>{summary}</summary>\
         <narrative>Shells landed near the gate.</narrative><civilians_killed_known>known</civilians_killed_known>\
         <civilians_killed_low>1</civilians_killed_low><civilians_killed_best>2</civilians_killed_best>\
         <civilians_killed_high>4</civilians_killed_high><combatants_killed_known>unknown</combatants_killed_known>\
         <photo1>{photo}</photo1><photo2/><photo3/><orx:meta><orx:instanceID>{instance_id}</orx:instanceID></orx:meta></data>",
        when = now_minus(3),
        photo = photo.unwrap_or(""),
    )
}

fn form(xml: &str, photo: Option<(&str, &[u8])>) -> Form {
    let mut form = Form::new().part(
        "xml_submission_file",
        Part::bytes(xml.as_bytes().to_vec()).file_name("submission.xml").mime_str("text/xml").unwrap(),
    );
    if let Some((name, bytes)) = photo {
        form = form.part(
            name.to_owned(),
            Part::bytes(bytes.to_vec()).file_name(name.to_owned()).mime_str("image/jpeg").unwrap(),
        );
    }
    form
}

/// Checks an OpenRosa answer's status and headers; its body.
async fn openrosa(response: reqwest::Response, status: u16, what: &str) -> String {
    let got = response.status().as_u16();
    let headers = response.headers().clone();
    let body = response.text().await.unwrap();
    assert_eq!(got, status, "{what}: {body}");
    assert_eq!(headers["x-openrosa-version"], "1.0", "{what}");
    assert!(headers.contains_key("x-openrosa-accept-content-length"), "{what}");
    assert!(headers["content-type"].to_str().unwrap().starts_with("text/xml"), "{what}");
    // Every answer but a form, a list or a 204 is the envelope (a HEAD's has no body).
    if status == 201 {
        assert!(!body.is_empty(), "{what}: a 201 has the envelope");
    }
    if status != 204 && status != 200 && !body.is_empty() {
        assert!(body.contains("<OpenRosaResponse xmlns=\"http://openrosa.org/http/response\""), "{what}: {body}");
    }
    body
}

/// A Digest `Authorization` answering `challenge` for `method uri`, the
/// nonce's `nc`-th use (each count is good once).
fn digest_nc(challenge: &str, device: &str, secret: &str, method: &str, uri: &str, nc: u32) -> String {
    let nonce = challenge.split("nonce=\"").nth(1).unwrap().split('"').next().unwrap();
    let ha1 = md5_hex(format!("{device}:truce:{secret}").as_bytes());
    let ha2 = md5_hex(format!("{method}:{uri}").as_bytes());
    let response = md5_hex(format!("{ha1}:{nonce}:{nc:08x}:0a4f113b:auth:{ha2}").as_bytes());
    format!(
        "Digest username=\"{device}\", realm=\"truce\", nonce=\"{nonce}\", uri=\"{uri}\", qop=auth, \
         nc={nc:08x}, cnonce=\"0a4f113b\", response=\"{response}\", algorithm=MD5"
    )
}

/// The first use of a challenge's nonce ([`digest_nc`]).
fn digest(challenge: &str, device: &str, secret: &str, method: &str, uri: &str) -> String {
    digest_nc(challenge, device, secret, method, uri, 1)
}

#[tokio::test]
async fn a_phone_files_a_report_over_openrosa_as_collect_does() {
    for db in databases().await {
        let mut server = TestServer::start(db).await;
        let pak = server.login("pak-liaison").await;
        let device = enrol(&pak).await;
        let secret = device["secret"].as_str().unwrap().to_owned();
        let id = device["device"].as_str().unwrap().to_owned();
        assert!(device["qr_svg"].as_str().unwrap().starts_with("<?xml"));
        // The QR code's text is Collect's settings: zlib-deflated JSON, base64.
        {
            use base64::Engine;
            use std::io::Read;
            let z =
                base64::engine::general_purpose::STANDARD.decode(device["collect_settings"].as_str().unwrap()).unwrap();
            let mut json = String::new();
            flate2::read::ZlibDecoder::new(&z[..]).read_to_string(&mut json).unwrap();
            let settings: Value = serde_json::from_str(&json).unwrap();
            assert_eq!(settings["general"]["server_url"], device["token_url"]);
            assert!(settings["admin"].is_object() && settings["project"]["name"].is_string());
        }
        let phone = reqwest::Client::new();
        let key = format!("/v1/key/{secret}/projects/1");

        // The form list, and the form whose hash it gives.
        let list =
            openrosa(phone.get(server.url(&format!("{key}/formList"))).send().await.unwrap(), 200, "formList").await;
        let version = element(&list, "version");
        let download = element(&list, "downloadUrl");
        assert_eq!(element(&list, "formID"), "truce_incident_report");
        let xform = openrosa(phone.get(&download).send().await.unwrap(), 200, "form").await;
        assert_eq!(element(&list, "hash"), format!("md5:{}", md5_hex(xform.as_bytes())));
        assert!(xform.contains("<translation lang=\"Urdu (ur)\"") && xform.contains(">P1: "), "{xform}");
        let manifest = openrosa(phone.get(element(&list, "manifestUrl")).send().await.unwrap(), 200, "manifest").await;
        assert!(manifest.contains("xformsManifest"));

        // HEAD on the submission URL, as Collect asks before posting.
        let submission = server.url(&format!("{key}/submission"));
        openrosa(phone.head(&submission).send().await.unwrap(), 204, "HEAD").await;

        // The post, with the photo.
        let uuid = "uuid:6b1f7c1e-1111-4d6a-9a55-0d0c0a0b0c01";
        let xml = instance(&version, uuid, "Shelling near the Chaman gate", Some("chaman.jpg"));
        let body = openrosa(
            phone.post(&submission).multipart(form(&xml, Some(("chaman.jpg", CHAMAN)))).send().await.unwrap(),
            201,
            "post",
        )
        .await;
        let case = body
            .split("It is case ")
            .nth(1)
            .unwrap()
            .trim_end_matches(|c: char| c != '.' && !c.is_alphanumeric())
            .split('.')
            .next()
            .unwrap()
            .to_owned();

        // The case, as the API files it, with the photo as evidence.
        let view: Value = pak.get(&format!("/api/v1/cases/{case}")).await.json().await.unwrap();
        assert_eq!(view["case"]["allegation"]["summary"], "Shelling near the Chaman gate", "{view}");
        assert_eq!(view["case"]["complainant"]["participant"], "PAK", "filed as the device's principal");
        assert_eq!(
            view["case"]["allegation"]["casualties"]["civilians_killed"],
            json!({"low": 1, "best": 2, "high": 4})
        );
        // The photo went through the evidence intake: its EXIF was read and checked against the incident.
        assert!(view["evidence"][0]["exif"]["lat"].is_number(), "{view}");
        let evidence = view["evidence"].as_array().unwrap();
        assert_eq!(evidence.len(), 1, "{view}");
        assert_eq!(evidence[0]["sha256"], sha256_hex(CHAMAN));
        assert_eq!(evidence[0]["content_type"], "image/jpeg");
        // The XML kept, tracing the case to the device's instance.
        let kept: Value = pak.get(&format!("/api/v1/me/field-submissions/{uuid}")).await.json().await.unwrap();
        assert_eq!(kept["case_id"], case.as_str());
        assert_eq!(kept["xml"], xml.as_str());
        assert_eq!(kept["xml_sha256"], sha256_hex(xml.as_bytes()));

        // A resend after a lost answer: 201, the same case, no second one.
        let again = openrosa(
            phone.post(&submission).multipart(form(&xml, Some(("chaman.jpg", CHAMAN)))).send().await.unwrap(),
            201,
            "resend",
        )
        .await;
        assert!(again.contains(&case), "{again}");
        let listed: Value = pak.get("/api/v1/cases?q=Chaman%20gate").await.json().await.unwrap();
        let same: Vec<_> = listed["cases"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|c| c["summary"] == "Shelling near the Chaman gate")
            .collect();
        assert_eq!(same.len(), 1, "{listed}");

        // The same instanceID with other XML: 409.
        let changed = instance(&version, uuid, "Shelling near the Chaman gate, changed", Some("chaman.jpg"));
        openrosa(phone.post(&submission).multipart(form(&changed, None)).send().await.unwrap(), 409, "changed").await;
        // An unknown version: 404. A version of an older agreement: closed, 409.
        let unknown = instance("9.9.nothing", "uuid:other-1", "x", None);
        openrosa(phone.post(&submission).multipart(form(&unknown, None)).send().await.unwrap(), 404, "unknown version")
            .await;
        let older = instance("0.1.abcdef01", "uuid:other-2", "x", None);
        openrosa(phone.post(&submission).multipart(form(&older, None)).send().await.unwrap(), 409, "closed form").await;
        // An edit is refused: a filed report is not rewritten.
        let edit = xml.replace(
            "<orx:instanceID>uuid:6b1f7c1e-1111-4d6a-9a55-0d0c0a0b0c01</orx:instanceID>",
            &format!("<orx:instanceID>uuid:edit-1</orx:instanceID><orx:deprecatedID>{uuid}</orx:deprecatedID>"),
        );
        let refused =
            openrosa(phone.post(&submission).multipart(form(&edit, None)).send().await.unwrap(), 409, "edit").await;
        assert!(refused.contains("nature=\"error\""), "{refused}");
        // No `xml_submission_file`: 400.
        let no_xml = Form::new().part("chaman.jpg", Part::bytes(CHAMAN.to_vec()).file_name("chaman.jpg"));
        openrosa(phone.post(&submission).multipart(no_xml).send().await.unwrap(), 400, "missing part").await;
        // A bad key, and no credentials: 401 with the Digest challenge.
        openrosa(phone.head(server.url("/v1/key/0000/projects/1/submission")).send().await.unwrap(), 401, "bad key")
            .await;
        let plain = server.url("/v1/projects/1/submission");
        let challenged = phone.head(&plain).send().await.unwrap();
        assert_eq!(challenged.status(), StatusCode::UNAUTHORIZED);
        let challenge = challenged
            .headers()
            .get_all("www-authenticate")
            .iter()
            .map(|v| v.to_str().unwrap().to_owned())
            .find(|v| v.starts_with("Digest"))
            .unwrap();
        assert!(challenge.contains("qop=\"auth\""), "{challenge}");

        // Digest with the device's id and secret, and a wrong secret.
        let auth = digest(&challenge, &id, &secret, "HEAD", "/v1/projects/1/submission");
        openrosa(phone.head(&plain).header("authorization", auth).send().await.unwrap(), 204, "digest").await;
        let wrong = digest(&challenge, &id, "not-the-secret", "HEAD", "/v1/projects/1/submission");
        openrosa(phone.head(&plain).header("authorization", wrong).send().await.unwrap(), 401, "wrong digest").await;
        // A multipart post over Digest, split in two posts as Collect splits a large one.
        let split = "uuid:6b1f7c1e-2222-4d6a-9a55-0d0c0a0b0c02";
        let xml2 = instance(&version, split, "Second report over Digest", Some("chaman.jpg"));
        let auth = digest_nc(&challenge, &id, &secret, "POST", "/v1/projects/1/submission", 2);
        let first = openrosa(
            phone
                .request(Method::POST, &plain)
                .header("authorization", &auth)
                .multipart(form(&xml2, None))
                .send()
                .await
                .unwrap(),
            201,
            "first of two posts",
        )
        .await;
        assert!(first.contains("waiting for chaman.jpg"), "{first}");

        // The instance is remembered across a restart: the second post files it once.
        server = server.restart().await;
        let phone = reqwest::Client::new();
        let submission = server.url(&format!("{key}/submission"));
        let second = openrosa(
            phone.post(&submission).multipart(form(&xml2, Some(("chaman.jpg", CHAMAN)))).send().await.unwrap(),
            201,
            "second post",
        )
        .await;
        assert!(second.contains("It is case "), "{second}");
        let after = openrosa(
            phone.post(&submission).multipart(form(&xml, Some(("chaman.jpg", CHAMAN)))).send().await.unwrap(),
            201,
            "resend after restart",
        )
        .await;
        assert!(after.contains(&case), "{after}");

        // A revoked device is refused at once.
        let pak = server.login("pak-liaison").await;
        let response = pak
            .client
            .delete(server.url(&format!("/api/v1/me/field-devices/{id}")))
            .header("x-csrf-token", &pak.csrf)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 204);
        openrosa(phone.head(&submission).send().await.unwrap(), 401, "revoked").await;
        server.stop().await;
    }
}

/// Runs `tests/openrosa/collect.py` against `server` as `device`, with
/// the Chaman photo named `photo`, the shipped XLSForm `xlsform` and the
/// script's further arguments (the form to fill and the case); its report.
async fn collect_py(server: &TestServer, device: &Value, photo: &str, xlsform: &str, more: &[&str]) -> Value {
    let tmp = tempfile::tempdir().unwrap();
    let photo = tmp.path().join(photo);
    std::fs::write(&photo, CHAMAN).unwrap();
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");
    let mut command = std::process::Command::new("python3");
    command
        .arg(format!("{root}/crates/truce-server/tests/openrosa/collect.py"))
        .arg(&server.base)
        .arg(device["device"].as_str().unwrap())
        .arg(device["secret"].as_str().unwrap())
        .arg(&photo)
        .arg(format!("{root}/forms/{xlsform}"))
        .args(more);
    // Off the runtime's thread: the server under test runs on it.
    let output = tokio::task::spawn_blocking(move || command.output())
        .await
        .unwrap()
        .expect("python3 runs (.ci/run installs pyxform and requests)");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "collect.py failed: {stderr}");
    serde_json::from_slice(&output.stdout).unwrap()
}

/// A client nobody here wrote: `tests/openrosa/collect.py` fetches the form
/// list and the form over Digest (Python `requests`), has ODK Validate check
/// the served XForm and pyxform compile the shipped XLSForm to the same
/// instance, fills the served instance, and posts it with a photo twice.
/// `.ci/run` installs pyxform, requests and Java first.
#[tokio::test]
async fn a_python_client_files_over_digest_a_form_odk_validate_accepts() {
    for db in databases().await {
        let server = TestServer::start(db).await;
        let pak = server.login("pak-liaison").await;
        let device = enrol(&pak).await;
        let report = collect_py(&server, &device, "chaman.jpg", "incident_report.md", &[]).await;
        let instance_id = report["instance_id"].as_str().unwrap();
        let messages = report["messages"].as_array().unwrap();
        assert!(messages.iter().all(|m| m.as_str().unwrap().contains("It is case ")), "{report}");

        // One case, with the photo as evidence and the XML kept.
        let kept: Value = pak.get(&format!("/api/v1/me/field-submissions/{instance_id}")).await.json().await.unwrap();
        let case = kept["case_id"].as_str().unwrap();
        assert!(messages.iter().all(|m| m.as_str().unwrap().contains(case)), "{report}");
        let view: Value = pak.get(&format!("/api/v1/cases/{case}")).await.json().await.unwrap();
        assert_eq!(view["case"]["allegation"]["summary"], "Filed by a phone written elsewhere");
        assert_eq!(
            view["case"]["allegation"]["casualties"]["combatants_killed"],
            json!({"low": 0, "best": 1, "high": 2})
        );
        assert_eq!(view["evidence"][0]["sha256"], sha256_hex(CHAMAN));
        server.stop().await;
    }
}

/// The desk page enrols a phone without JavaScript: the form posts with
/// the CSRF field, the answer shows the QR code and the key URL once (and
/// is never stored), the key URL works, and the revoke button ends it.
#[tokio::test]
async fn a_phone_is_enrolled_and_revoked_from_the_desk() {
    for db in databases().await {
        let server = TestServer::start(db).await;
        let browser =
            reqwest::Client::builder().cookie_store(true).redirect(reqwest::redirect::Policy::none()).build().unwrap();
        let login = browser
            .post(server.url("/login"))
            .form(&[("principal", "afg-liaison"), ("password", truce_server::run::DEMO_PASSWORD), ("next", "/desk")])
            .send()
            .await
            .unwrap();
        assert_eq!(login.status(), 303);
        let desk = browser.get(server.url("/desk")).send().await.unwrap().text().await.unwrap();
        assert!(desk.contains("href=\"/desk/devices\""), "the desk links to the phones");
        let page = browser.get(server.url("/desk/devices?lang=ur")).send().await.unwrap().text().await.unwrap();
        assert!(page.contains("فون کا اندراج کریں"), "the page is in Urdu: {page}");
        let csrf = {
            let at = page.find("name=\"csrf\" value=\"").expect("a CSRF field") + 19;
            page[at..at + page[at..].find('"').unwrap()].to_owned()
        };
        // Without the CSRF field nothing is enrolled.
        let forged = browser.post(server.url("/desk/devices")).form(&[("name", "Phone")]).send().await.unwrap();
        assert_eq!(forged.status(), 403);
        let enrolled = browser
            .post(server.url("/desk/devices"))
            .form(&[("csrf", csrf.as_str()), ("name", "Phone at Torkham")])
            .send()
            .await
            .unwrap();
        assert_eq!(enrolled.status(), 200);
        assert!(enrolled.headers()["cache-control"].to_str().unwrap().contains("no-store"));
        let html = enrolled.text().await.unwrap();
        assert!(html.contains("<svg"), "the QR code is on the page");
        let token_url = html.split("<code><bdi>").nth(1).unwrap().split('<').next().unwrap().to_owned();
        assert!(token_url.starts_with(&format!("{}/v1/key/", server.base)), "{token_url}");
        let phone = reqwest::Client::new();
        openrosa(phone.head(format!("{token_url}/submission")).send().await.unwrap(), 204, "enrolled").await;

        // The list shows it; revoking ends it.
        let listed = browser.get(server.url("/desk/devices")).send().await.unwrap().text().await.unwrap();
        assert!(listed.contains("Phone at Torkham"));
        let id = listed.split("/desk/devices/").nth(1).unwrap().split('/').next().unwrap().to_owned();
        let revoked = browser
            .post(server.url(&format!("/desk/devices/{id}/revoke")))
            .form(&[("csrf", csrf.as_str())])
            .send()
            .await
            .unwrap();
        assert_eq!(revoked.status(), 303);
        openrosa(phone.head(format!("{token_url}/submission")).send().await.unwrap(), 401, "revoked").await;
        server.stop().await;
    }
}

/// Files a case as PAK's liaison and takes it to the investigation, tasked
/// to the joint verification team (JVT); returns its id.
async fn tasked_case(server: &TestServer) -> String {
    let pak = server.login("pak-liaison").await;
    let allegation = json!({
        "accused": "AFG", "provisions": ["P1"], "acts": ["shelling_artillery"], "occurred_at": now_minus(3),
        "location": {"lat": 30.92, "lon": 66.45, "precision": 2, "place_name": "Chaman"},
        "summary": "Shelling near Chaman, to be visited",
    });
    let filed: Value = pak.post("/api/v1/cases", &json!({"allegation": allegation})).await.json().await.unwrap();
    let case = filed["case"].as_str().unwrap_or_else(|| panic!("filed: {filed}")).to_owned();
    let chair = server.login("qat-chair").await;
    let afg = server.login("afg-liaison").await;
    let path = format!("/api/v1/cases/{case}/commands");
    for (who, command) in [
        (&chair, json!({"type": "acknowledge.v1"})),
        (&chair, json!({"type": "admit.v1"})),
        (&chair, json!({"type": "notify_accused.v1"})),
        (&afg, json!({"type": "submit_reply.v1", "reply": {"position": "denies", "text": "No fire from our posts."}})),
        (&chair, json!({"type": "task_investigation.v1", "team": "JVT"})),
    ] {
        let r = who.post(&path, &command).await;
        assert!(r.status().is_success(), "{command}: {}", r.text().await.unwrap());
    }
    case
}

/// An instance of the site observation, as Collect writes it.
fn observation(version: &str, instance_id: &str, case: &str, observed: &str, photo: Option<&str>) -> String {
    let breach = if observed == "breach" {
        "<accused>AFG</accused><provisions>P1</provisions><acts>shelling_artillery</acts>\
         <civilians_killed_known>known</civilians_killed_known><civilians_killed_low>1</civilians_killed_low>\
         <civilians_killed_best>1</civilians_killed_best><civilians_killed_high>3</civilians_killed_high>\
         <combatants_killed_known>unknown</combatants_killed_known>"
    } else {
        "<accused/><provisions/><acts/><civilians_killed_known/><combatants_killed_known/>"
    };
    format!(
        "<?xml version='1.0' ?><data id=\"truce_site_observation\" version=\"{version}\" \
         xmlns:orx=\"http://openrosa.org/xforms\"><case>{case}</case><visited_at>{when}</visited_at>\
         <location>30.921 66.452 1190 4</location><place_name>Chaman gate</place_name>\
         <sector>chaman_kandahar</sector><observed>{observed}</observed>{breach}\
         <summary>Visited the gate and the impact site</summary><narrative>Craters by the customs shed.</narrative>\
         <photo1>{photo}</photo1><photo2/><photo3/><orx:meta><orx:instanceID>{instance_id}</orx:instanceID></orx:meta></data>",
        when = now_minus(1),
        photo = photo.unwrap_or(""),
    )
}

/// A monitor's phone lists both forms, with links from the configured
/// public URL whatever `Host` it sends; its site observation on the case
/// its team is tasked on becomes the team's report on that case, with the
/// photo as evidence, once however often it is sent; a breach seen on a
/// visit of the team's own becomes the team's allegation; a visit of its
/// own that saw nothing is refused. A liaison's phone is offered only the
/// incident report and cannot send an observation.
#[tokio::test]
async fn a_monitors_site_observation_becomes_the_teams_report() {
    for db in databases().await {
        let server = TestServer::start(db).await;
        let case = tasked_case(&server).await;
        let jvt = server.login("jvt-monitor").await;
        let device = enrol(&jvt).await;
        assert!(device["token_url"].as_str().unwrap().starts_with(&server.base), "{device}");
        let secret = device["secret"].as_str().unwrap();
        let phone = reqwest::Client::new();
        let key = format!("/v1/key/{secret}/projects/1");

        // Both forms, their links from the public URL, not from Host.
        let list = openrosa(
            phone.get(server.url(&format!("{key}/formList"))).header("host", "evil.example").send().await.unwrap(),
            200,
            "formList",
        )
        .await;
        assert!(list.contains("<formID>truce_incident_report</formID>"), "{list}");
        assert!(list.contains("<formID>truce_site_observation</formID>"), "{list}");
        assert!(!list.contains("evil.example"), "{list}");
        let download = format!("{}{key}/forms/truce_site_observation.xml", server.base);
        assert!(list.contains(&format!("<downloadUrl>{download}</downloadUrl>")), "{list}");
        let xform = openrosa(phone.get(&download).send().await.unwrap(), 200, "form").await;
        assert!(list.contains(&format!("<hash>md5:{}</hash>", md5_hex(xform.as_bytes()))));
        let version = {
            let doc = roxmltree::Document::parse(&xform).unwrap();
            doc.descendants().find(|n| n.tag_name().name() == "data").unwrap().attribute("version").unwrap().to_owned()
        };
        // Six languages, the acts in each in the pages' words.
        assert_eq!(xform.matches("<translation lang=").count(), 6);
        assert!(xform.contains("<translation lang=\"Urdu (ur)\">"));
        openrosa(
            phone.get(format!("{}{key}/forms/truce_site_observation/manifest", server.base)).send().await.unwrap(),
            200,
            "manifest",
        )
        .await;
        let submission = server.url(&format!("{key}/submission"));
        openrosa(phone.head(&submission).send().await.unwrap(), 204, "HEAD").await;

        // Nothing observed, on the tasked case, with a photo; sent twice.
        let xml = observation(&version, "uuid:obs-1", &case, "nothing", Some("gate.jpg"));
        for what in ["observation", "resend"] {
            let body = openrosa(
                phone.post(&submission).multipart(form(&xml, Some(("gate.jpg", CHAMAN)))).send().await.unwrap(),
                201,
                what,
            )
            .await;
            assert!(
                element(&body, "message").contains(&format!("the monitors' report on case {case}.")),
                "{what}: {body}"
            );
        }
        let view: Value = jvt.get(&format!("/api/v1/cases/{case}")).await.json().await.unwrap();
        let report = &view["case"]["investigation"];
        let summary = report["summary"].as_str().unwrap_or_else(|| panic!("{view}"));
        assert!(summary.starts_with("Visited the gate and the impact site"), "{summary}");
        assert!(summary.contains("Nothing observed.") && summary.contains("sector chaman_kandahar"), "{summary}");
        assert!(summary.contains("Craters by the customs shed."), "{summary}");
        assert_eq!(report["evidence"][0]["sha256"], sha256_hex(CHAMAN), "{report}");
        assert_ne!(view["case"]["status"], "under_investigation", "the report moved the case on");
        let kept: Value = jvt.get("/api/v1/me/field-submissions/uuid:obs-1").await.json().await.unwrap();
        assert_eq!(kept["case_id"], case.as_str());
        assert_eq!(kept["form_id"], "truce_site_observation");

        // A breach seen on a visit of the team's own: the team's allegation.
        let xml = observation(&version, "uuid:obs-2", "", "breach", None);
        let body =
            openrosa(phone.post(&submission).multipart(form(&xml, None)).send().await.unwrap(), 201, "own").await;
        let message = element(&body, "message");
        let filed = message
            .strip_prefix("full submission upload was successful! It is case ")
            .and_then(|rest| rest.strip_suffix('.'))
            .unwrap_or_else(|| panic!("{body}"))
            .to_owned();
        let view: Value = jvt.get(&format!("/api/v1/cases/{filed}")).await.json().await.unwrap();
        assert_eq!(view["case"]["complainant"], json!({"kind": "participant", "participant": "JVT"}), "{view}");
        assert_eq!(
            view["case"]["allegation"]["casualties"]["civilians_killed"],
            json!({"low": 1, "best": 1, "high": 3})
        );
        assert_eq!(view["case"]["allegation"]["location"]["place_name"], "Chaman gate");

        // A visit of its own that saw nothing: no record can hold it.
        let xml = observation(&version, "uuid:obs-3", "", "nothing", None);
        let body =
            openrosa(phone.post(&submission).multipart(form(&xml, None)).send().await.unwrap(), 400, "nothing").await;
        assert!(body.contains("observed: ") && body.contains("name the case"), "{body}");
        assert_eq!(jvt.get("/api/v1/me/field-submissions/uuid:obs-3").await.status(), 404, "nothing was kept");

        // A liaison's phone: the incident report only.
        let pak = server.login("pak-liaison").await;
        let pak_device = enrol(&pak).await;
        let pak_key = format!("/v1/key/{}/projects/1", pak_device["secret"].as_str().unwrap());
        let list =
            openrosa(phone.get(server.url(&format!("{pak_key}/formList"))).send().await.unwrap(), 200, "pak list")
                .await;
        assert!(list.contains("truce_incident_report") && !list.contains("truce_site_observation"), "{list}");
        openrosa(
            phone.get(server.url(&format!("{pak_key}/forms/truce_site_observation.xml"))).send().await.unwrap(),
            404,
            "pak form",
        )
        .await;
        let xml = observation(&version, "uuid:obs-4", &case, "nothing", None);
        let pak_submission = server.url(&format!("{pak_key}/submission"));
        openrosa(phone.post(&pak_submission).multipart(form(&xml, None)).send().await.unwrap(), 404, "pak post").await;
        server.stop().await;
    }
}

/// The configured public URL, path prefix included, is what the form list
/// and a device's QR code name, and a Digest answer signed for the path
/// under that prefix (as a phone behind the proxy signs it) is accepted.
#[tokio::test]
async fn links_come_from_the_public_url_behind_a_proxy() {
    for db in databases().await {
        let mut limits = crate::common::test_limits();
        limits.public_url = Some("https://truce.example/field".to_owned());
        let server = TestServer::start_with(db, limits).await;
        let pak = server.login("pak-liaison").await;
        let device = enrol(&pak).await;
        assert!(device["token_url"].as_str().unwrap().starts_with("https://truce.example/field/v1/key/"), "{device}");
        assert_eq!(device["server_url"], "https://truce.example/field/v1/projects/1");
        let phone = reqwest::Client::new();
        let (id, secret) = (device["device"].as_str().unwrap(), device["secret"].as_str().unwrap());
        let path = "/v1/projects/1/formList";
        let challenge = phone.get(server.url(path)).send().await.unwrap();
        assert_eq!(challenge.status(), 401);
        let header = challenge.headers()["www-authenticate"].to_str().unwrap().to_owned();
        // The phone asked the proxy for /field/v1/…, and signs that.
        let auth = digest(&header, id, secret, "GET", &format!("/field{path}"));
        let list = openrosa(
            phone
                .get(server.url(path))
                .header("authorization", auth)
                .header("host", "evil.example")
                .header("x-forwarded-proto", "gopher")
                .send()
                .await
                .unwrap(),
            200,
            "formList via the proxy",
        )
        .await;
        assert!(
            list.contains(
                "<downloadUrl>https://truce.example/field/v1/projects/1/forms/truce_incident_report.xml</downloadUrl>"
            ),
            "{list}"
        );
        server.stop().await;
    }
}

/// RFC 7616's nonce count: each (nonce, nc) is good once, so a request
/// captured on the wire cannot be replayed; the next count is accepted.
#[tokio::test]
async fn digest_refuses_a_replayed_nonce_count() {
    for db in databases().await {
        let server = TestServer::start(db).await;
        let pak = server.login("pak-liaison").await;
        let device = enrol(&pak).await;
        let phone = reqwest::Client::new();
        let (id, secret) = (device["device"].as_str().unwrap(), device["secret"].as_str().unwrap());
        let path = "/v1/projects/1/submission";
        let challenge = phone.head(server.url(path)).send().await.unwrap();
        let header = challenge.headers()["www-authenticate"].to_str().unwrap().to_owned();
        assert!(!header.contains("stale"), "{header}");
        let auth = digest(&header, id, secret, "HEAD", path);
        openrosa(phone.head(server.url(path)).header("authorization", &auth).send().await.unwrap(), 204, "first").await;
        openrosa(phone.head(server.url(path)).header("authorization", &auth).send().await.unwrap(), 401, "replayed")
            .await;
        let next = digest_nc(&header, id, secret, "HEAD", path, 2);
        openrosa(phone.head(server.url(path)).header("authorization", &next).send().await.unwrap(), 204, "next count")
            .await;
        openrosa(
            phone.head(server.url(path)).header("authorization", &next).send().await.unwrap(),
            401,
            "next replayed",
        )
        .await;
        server.stop().await;
    }
}

/// The site observation through the client nobody here wrote: Python
/// `requests` over Digest picks it from the monitor's form list, ODK
/// Validate checks it as served, pyxform compiles the shipped XLSForm to
/// the same instance, and the filled instance becomes the team's report
/// on the case, once, with its photo.
#[tokio::test]
async fn a_python_client_files_a_site_observation_odk_validate_accepts() {
    for db in databases().await {
        let server = TestServer::start(db).await;
        let case = tasked_case(&server).await;
        let jvt = server.login("jvt-monitor").await;
        let device = enrol(&jvt).await;
        let report =
            collect_py(&server, &device, "gate.jpg", "site_observation.md", &["truce_site_observation", &case]).await;
        let messages = report["messages"].as_array().unwrap();
        assert!(
            messages.iter().all(|m| m.as_str().unwrap().ends_with(&format!("the monitors' report on case {case}."))),
            "{report}"
        );
        let view: Value = jvt.get(&format!("/api/v1/cases/{case}")).await.json().await.unwrap();
        let summary = view["case"]["investigation"]["summary"].as_str().unwrap_or_else(|| panic!("{view}"));
        assert!(summary.starts_with("Filed by a phone written elsewhere"), "{summary}");
        assert!(summary.contains("Observed: "), "the first choice is a breach: {summary}");
        assert!(summary.contains("Combatants killed: low 0, best 1, high 2."), "{summary}");
        assert_eq!(view["case"]["investigation"]["evidence"][0]["sha256"], sha256_hex(CHAMAN));
        server.stop().await;
    }
}

/// An administrator issues a phone for a monitor, through the API and
/// from the desk: the phone stands for the monitor (the monitor's forms,
/// nothing of the administrator's), names the administrator wherever it
/// is listed, and the administrator can revoke it. Nobody else may issue
/// one, and none is issued for an administrator or an unknown principal.
#[tokio::test]
async fn an_administrator_issues_a_phone_for_a_monitor() {
    for db in databases().await {
        let server = TestServer::start(db).await;
        let admin = server.login("admin").await;
        let issued = admin.post("/api/v1/principals/jvt-monitor/field-devices", &json!({"name": "JVT phone 2"})).await;
        assert_eq!(issued.status(), 201);
        let issued: Value = issued.json().await.unwrap();
        let token_url = issued["token_url"].as_str().unwrap().to_owned();
        assert!(token_url.starts_with(&server.base), "{issued}");
        let phone = reqwest::Client::new();
        let list = openrosa(phone.get(format!("{token_url}/formList")).send().await.unwrap(), 200, "issued list").await;
        assert!(list.contains("truce_site_observation"), "the monitor's forms: {list}");

        // The monitor sees who issued it; so does the administrator.
        let jvt = server.login("jvt-monitor").await;
        let mine: Value = jvt.get("/api/v1/me/field-devices").await.json().await.unwrap();
        assert_eq!(mine[0]["id"], issued["device"]);
        assert_eq!(mine[0]["issued_by"], "admin");
        let theirs: Value = admin.get("/api/v1/principals/jvt-monitor/field-devices").await.json().await.unwrap();
        assert_eq!(theirs[0]["issued_by"], "admin");

        // Nobody else issues or lists; no phone for an administrator or a stranger.
        let pak = server.login("pak-liaison").await;
        let r = pak.post("/api/v1/principals/jvt-monitor/field-devices", &json!({"name": "Not mine"})).await;
        assert_eq!(r.status(), 403);
        assert_eq!(pak.get("/api/v1/principals/jvt-monitor/field-devices").await.status(), 403);
        let r = admin.post("/api/v1/principals/admin/field-devices", &json!({"name": "Admin phone"})).await;
        assert_eq!(r.status(), 422);
        let body: Value = r.json().await.unwrap();
        assert_eq!(body["field"], "principal", "{body}");
        let r = admin.post("/api/v1/principals/nobody/field-devices", &json!({"name": "Phone"})).await;
        assert_eq!(r.status(), 404);

        // From the desk: the form on the principals page, the code once.
        let browser =
            reqwest::Client::builder().cookie_store(true).redirect(reqwest::redirect::Policy::none()).build().unwrap();
        let login = browser
            .post(server.url("/login"))
            .form(&[("principal", "admin"), ("password", truce_server::run::DEMO_PASSWORD), ("next", "/desk")])
            .send()
            .await
            .unwrap();
        assert_eq!(login.status(), 303);
        let page = browser.get(server.url("/desk/admin/principals")).send().await.unwrap().text().await.unwrap();
        assert!(page.contains("action=\"/desk/admin/principals/afg-liaison/devices\""), "the issue form");
        assert!(!page.contains("action=\"/desk/admin/principals/admin/devices\""), "none for an administrator");
        assert!(page.contains("JVT phone 2"), "the issued phone is listed");
        let csrf = {
            let at = page.find("name=\"csrf\" value=\"").expect("a CSRF field") + 19;
            page[at..at + page[at..].find('"').unwrap()].to_owned()
        };
        let forged = browser
            .post(server.url("/desk/admin/principals/afg-liaison/devices"))
            .form(&[("name", "P")])
            .send()
            .await
            .unwrap();
        assert_eq!(forged.status(), 403);
        let answer = browser
            .post(server.url("/desk/admin/principals/afg-liaison/devices?lang=ur"))
            .form(&[("csrf", csrf.as_str()), ("name", "Phone at Torkham")])
            .send()
            .await
            .unwrap();
        assert_eq!(answer.status(), 200);
        assert!(answer.headers()["cache-control"].to_str().unwrap().contains("no-store"));
        let html = answer.text().await.unwrap();
        assert!(html.contains("<svg"), "the QR code is on the page");
        let afg = server.login("afg-liaison").await;
        let afg_phones: Value = afg.get("/api/v1/me/field-devices").await.json().await.unwrap();
        assert_eq!(afg_phones[0]["name"], "Phone at Torkham");
        assert_eq!(afg_phones[0]["issued_by"], "admin");
        let desk = afg.client.get(server.url("/desk/devices")).send().await.unwrap().text().await.unwrap();
        assert!(desk.contains("issued by admin"), "the holder sees who issued it");

        // The administrator revokes the monitor's phone.
        let revoked =
            admin
                .client
                .delete(server.url(&format!(
                    "/api/v1/principals/jvt-monitor/field-devices/{}",
                    issued["device"].as_str().unwrap()
                )))
                .header("x-csrf-token", &admin.csrf)
                .send()
                .await
                .unwrap();
        assert_eq!(revoked.status(), 204);
        openrosa(phone.get(format!("{token_url}/formList")).send().await.unwrap(), 401, "revoked").await;
        server.stop().await;
    }
}
