//! Public pages as a browser shows them, in a left-to-right and a
//! right-to-left language, at desktop and phone width.

use fantoccini::Locator;

use crate::common::TestServer;
use crate::driver::Browser;

#[tokio::test(flavor = "multi_thread")]
async fn the_home_page_renders_in_english_and_right_to_left_in_urdu() {
    let server = TestServer::start(None).await;
    let browser = Browser::start(1280, 1000).await;
    let c = &browser.client;

    c.goto(&server.url("/?lang=en")).await.unwrap();
    assert_eq!(browser.attr("html", "dir").await.as_deref(), Some("ltr"));
    assert_eq!(browser.attr("html", "lang").await.as_deref(), Some("en"));
    let title = c.title().await.unwrap();
    assert!(title.contains("Truce"), "title {title:?}");
    assert!(browser.text("main h1").await.contains("Doha ceasefire"), "the agreement's name heads the home page");
    // The map and the chart are drawn, at a readable size.
    for figure in ["figure.map svg", "figure.chart svg"] {
        let (_, _, w, h) = c.find(Locator::Css(figure)).await.unwrap().rectangle().await.unwrap();
        assert!(w > 300.0 && h > 150.0, "{figure} is {w}x{h}");
    }
    browser.full_screenshot("home-en-1280").await;

    // The language switcher sets a cookie: the next page, with no `lang`, stays Urdu.
    c.goto(&server.url("/?lang=ur")).await.unwrap();
    c.goto(&server.url("/findings")).await.unwrap();
    assert_eq!(browser.attr("html", "dir").await.as_deref(), Some("rtl"));
    assert_eq!(browser.attr("html", "lang").await.as_deref(), Some("ur"));
    // Right to left is laid out right to left: the brand sits at the right edge.
    let brand = c.find(Locator::Css("header.site .brand")).await.unwrap();
    let (x, _, w, _) = brand.rectangle().await.unwrap();
    assert!(x + w > 1280.0 * 0.6, "the brand should be on the right in RTL, at x={x} w={w}");
    browser.full_screenshot("findings-ur-1280").await;
    browser.close().await;
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_home_page_fits_a_phone_without_sideways_scrolling() {
    let server = TestServer::start(None).await;
    let browser = Browser::start(390, 844).await;
    let c = &browser.client;
    c.goto(&server.url("/?lang=en")).await.unwrap();
    let overflow = c
        .execute("return document.documentElement.scrollWidth - document.documentElement.clientWidth", vec![])
        .await
        .unwrap()
        .as_i64()
        .unwrap();
    browser.full_screenshot("home-en-390").await;
    assert!(overflow <= 1, "the page scrolls sideways by {overflow}px at phone width");
    browser.close().await;
    server.stop().await;
}

/// Proposes version 2 of the demo's agreement with PAK and AFG as
/// signatories and posts both signatures, as the administrator would carry
/// them; returns the record of the last signature.
async fn co_sign_version_2(server: &TestServer) -> u64 {
    use truce_ledger::SigningKey;
    use truce_node::consent::sign_agreement;
    use truce_node::records::{AgreementAdopted, AgreementSigned, Body, submission};
    let http = reqwest::Client::new();
    let view: serde_json::Value = http.get(server.url("/api/v1/agreement")).send().await.unwrap().json().await.unwrap();
    let (pak, afg) = (SigningKey::from_seed([31; 32]), SigningKey::from_seed([32; 32]));
    let text = format!(
        "{}\n[consent]\nsignatories = [\"PAK\", \"AFG\"]\n[consent.keys]\nPAK = \"{}\"\nAFG = \"{}\"\n",
        view["text"].as_str().unwrap().replacen("version = 1", "version = 2", 1),
        pak.verifying_key().to_base64(),
        afg.verifying_key().to_base64()
    );
    let sha256 = server.dir.blobs().put(text.as_bytes()).unwrap();
    let id = "doha-istanbul-2025";
    let admin = truce_node::keys::read(&server.dir.principal_key_path("admin")).unwrap();
    let mut bodies =
        vec![Body::Proposal(AgreementAdopted { agreement: id.into(), version: 2, sha256: sha256.clone() })];
    for (key, who) in [(&pak, "PAK"), (&afg, "AFG")] {
        let signature = sign_agreement(key, id, 2, &sha256).unwrap();
        let signed = AgreementSigned {
            agreement: id.into(),
            version: 2,
            sha256: sha256.clone(),
            participant: who.into(),
            signature,
        };
        bodies.push(Body::Signature(signed));
    }
    let mut last = 0;
    for body in &bodies {
        let s = submission(&admin, "admin", None, truce_node::clock::now(), body, None).unwrap();
        let payload = serde_json::json!({ "record": serde_json::to_value(s.record()).unwrap() });
        let response = http.post(server.url("/api/v1/records")).json(&payload).send().await.unwrap();
        assert_eq!(response.status().as_u16(), 201);
        let receipt: serde_json::Value = response.json().await.unwrap();
        last = receipt["record_index"].as_u64().unwrap();
    }
    last
}

#[tokio::test(flavor = "multi_thread")]
async fn the_agreement_page_shows_who_signed_in_pashto_on_a_phone() {
    let server = TestServer::start(None).await;
    let browser = Browser::start(390, 844).await;
    let c = &browser.client;
    c.goto(&server.url("/agreement?lang=en")).await.unwrap();
    assert!(browser.text("p.notice").await.contains("adopted it alone"), "the public is told no party signed");
    let last = co_sign_version_2(&server).await;
    c.goto(&server.url("/agreement?lang=ps")).await.unwrap();
    assert_eq!(browser.attr("html", "dir").await.as_deref(), Some("rtl"));
    let table = browser.text("#consent + .table-wrap").await;
    assert!(table.contains("v2") && table.contains("نافذ"), "version 2 is shown in force: {table}");
    let link = c.find(Locator::Css(&format!("a[href='/api/v1/records/{last}']"))).await;
    assert!(link.is_ok(), "the last signature links to its record");
    c.execute("document.getElementById('consent').scrollIntoView()", vec![]).await.unwrap();
    let overflow = c
        .execute("return document.documentElement.scrollWidth - document.documentElement.clientWidth", vec![])
        .await
        .unwrap()
        .as_i64()
        .unwrap();
    browser.full_screenshot("agreement-consent-ps-390").await;
    assert!(overflow <= 1, "the page scrolls sideways by {overflow}px at phone width");
    browser.close().await;
    server.stop().await;
}
