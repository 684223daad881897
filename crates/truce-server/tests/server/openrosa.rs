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

/// A Digest `Authorization` answering `challenge` for `method uri`.
fn digest(challenge: &str, device: &str, secret: &str, method: &str, uri: &str) -> String {
    let nonce = challenge.split("nonce=\"").nth(1).unwrap().split('"').next().unwrap();
    let ha1 = md5_hex(format!("{device}:truce:{secret}").as_bytes());
    let ha2 = md5_hex(format!("{method}:{uri}").as_bytes());
    let response = md5_hex(format!("{ha1}:{nonce}:00000001:0a4f113b:auth:{ha2}").as_bytes());
    format!(
        "Digest username=\"{device}\", realm=\"truce\", nonce=\"{nonce}\", uri=\"{uri}\", qop=auth, \
         nc=00000001, cnonce=\"0a4f113b\", response=\"{response}\", algorithm=MD5"
    )
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
        let auth = digest(&challenge, &id, &secret, "POST", "/v1/projects/1/submission");
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
        let tmp = tempfile::tempdir().unwrap();
        let photo = tmp.path().join("chaman.jpg");
        std::fs::write(&photo, CHAMAN).unwrap();
        let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");
        let mut command = std::process::Command::new("python3");
        command
            .arg(format!("{root}/crates/truce-server/tests/openrosa/collect.py"))
            .arg(&server.base)
            .arg(device["device"].as_str().unwrap())
            .arg(device["secret"].as_str().unwrap())
            .arg(&photo)
            .arg(format!("{root}/forms/incident_report.md"));
        // Off the runtime's thread: the server under test runs on it.
        let output = tokio::task::spawn_blocking(move || command.output())
            .await
            .unwrap()
            .expect("python3 runs (.ci/run installs pyxform and requests)");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(output.status.success(), "collect.py failed: {stderr}");
        let report: Value = serde_json::from_slice(&output.stdout).unwrap();
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
