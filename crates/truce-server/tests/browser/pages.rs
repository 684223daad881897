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

#[tokio::test(flavor = "multi_thread")]
async fn the_agreement_page_shows_who_signed_in_pashto_on_a_phone() {
    let server = TestServer::start(None).await;
    let browser = Browser::start(390, 844).await;
    let c = &browser.client;
    // The demo's version 3 is in force by the signatures of all four participants.
    let http = reqwest::Client::new();
    let view: serde_json::Value = http.get(server.url("/api/v1/agreement")).send().await.unwrap().json().await.unwrap();
    let last = view["versions"][1]["in_force_record"].as_u64().unwrap();
    c.goto(&server.url("/agreement?lang=ps")).await.unwrap();
    assert_eq!(browser.attr("html", "dir").await.as_deref(), Some("rtl"));
    let table = browser.text("#consent + .table-wrap").await;
    assert!(table.contains("v3") && table.contains("نافذ"), "version 3 is shown in force: {table}");
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

/// Logs `principal` in through the login form, in `lang`, and waits for the
/// desk: a tap on an emulated phone returns before the page it leads to.
async fn log_in(browser: &Browser, server: &TestServer, principal: &str, lang: &str) {
    let c = &browser.client;
    c.goto(&server.url(&format!("/login?lang={lang}"))).await.unwrap();
    let form = c.form(Locator::Css("form[action='/login']")).await.unwrap();
    form.set_by_name("principal", principal).await.unwrap();
    form.set_by_name("password", truce_server::run::DEMO_PASSWORD).await.unwrap();
    c.find(Locator::Css("form[action='/login'] button[type='submit']")).await.unwrap().click().await.unwrap();
    for _ in 0..100 {
        if c.current_url().await.unwrap().path() == "/desk" {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("{principal} did not reach the desk: {}", c.current_url().await.unwrap());
}

/// Four reports of shelling at Chaman five minutes ago, filed by Pakistan's
/// liaison: alerts in a sector quiet until then.
async fn file_four_at_chaman(server: &TestServer) {
    let pak = server.login("pak-liaison").await;
    let at = truce_node::clock::now().checked_sub(jiff::SignedDuration::from_mins(5)).unwrap();
    for n in 1..=4 {
        let allegation = serde_json::json!({"allegation": {
            "accused": "AFG", "provisions": ["P1"], "acts": ["shelling_artillery"], "occurred_at": at.to_string(),
            "location": {"lat": 30.92, "lon": 66.45, "precision": 2, "place_name": "Chaman"},
            "summary": format!("Shelling {n}"),
        }});
        assert_eq!(pak.post("/api/v1/cases", &allegation).await.status(), 201);
    }
}

/// Sideways overflow of the page, in CSS pixels.
async fn overflow(browser: &Browser) -> i64 {
    browser
        .client
        .execute("return document.documentElement.scrollWidth - document.documentElement.clientWidth", vec![])
        .await
        .unwrap()
        .as_i64()
        .unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn the_talks_show_the_joint_statement_with_four_signatures_on_a_desktop_and_a_phone_in_urdu() {
    let server = TestServer::start(None).await;
    let browser = Browser::start(1280, 1000).await;
    let c = &browser.client;
    c.goto(&server.url("/talks?lang=en")).await.unwrap();
    assert!(browser.text("main").await.contains("Principal-level meeting"), "the rounds are listed");
    c.find(Locator::LinkText("Joint statement on the Istanbul talks")).await.unwrap().click().await.unwrap();
    assert_eq!(c.current_url().await.unwrap().path(), "/talks/communiques/joint-statement-2025-10-31");
    let verify = c.find_all(Locator::LinkText("verify this signature")).await.unwrap();
    assert_eq!(verify.len(), 4, "each of the four signatures can be checked");
    assert_eq!(browser.attr("section.communique[lang='tr']", "dir").await.as_deref(), Some("ltr"));
    browser.full_screenshot("talks-communique-en-1280").await;
    verify[0].click().await.unwrap();
    assert_eq!(c.current_url().await.unwrap().path(), "/verify", "the link leads to the record's proof");
    browser.close().await;

    let phone = Browser::start(390, 844).await;
    let c = &phone.client;
    c.goto(&server.url("/talks/rounds/istanbul-2025-11?lang=ur")).await.unwrap();
    assert_eq!(phone.attr("html", "dir").await.as_deref(), Some("rtl"));
    let main = phone.text("main").await;
    assert!(main.contains("ناکام") && main.contains("Abdul Haq Wasiq"), "the failed round and its delegations: {main}");
    phone.full_screenshot("talks-round-ur-390").await;
    let sideways = overflow(&phone).await;
    assert!(sideways <= 1, "the round page scrolls sideways by {sideways}px at phone width");
    c.goto(&server.url("/talks?lang=ur")).await.unwrap();
    phone.full_screenshot("talks-ur-390").await;
    let sideways = overflow(&phone).await;
    assert!(sideways <= 1, "the talks page scrolls sideways by {sideways}px at phone width");
    phone.close().await;
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_talks_desk_fits_a_phone_in_pashto() {
    let server = TestServer::start(None).await;
    // A round still to meet, so the liaison has a delegation to announce.
    let tur = server.login("tur-mediator").await;
    let plan = serde_json::json!({"type": "plan_round.v1", "round": "ankara-2025-12", "title": "Fourth round",
        "venue": "Ankara", "starts_on": "2025-12-10", "ends_on": "2025-12-11", "time_zone": "Europe/Istanbul",
        "host": "TUR", "mediators": ["TUR", "QAT"], "agenda": [{"id": "modalities", "title": "Modalities"}]});
    assert_eq!(tur.post("/api/v1/talks/commands", &plan).await.status(), 201);
    let phone = Browser::start(390, 844).await;
    let c = &phone.client;
    log_in(&phone, &server, "pak-liaison", "ps").await;
    c.goto(&server.url("/desk/talks?lang=ps")).await.unwrap();
    assert_eq!(phone.attr("html", "dir").await.as_deref(), Some("rtl"));
    assert!(phone.text("main h1").await.contains("د خبرو اترو مېز"), "the talks desk, in Pashto");
    // Open the first delegation form, as a liaison would.
    c.find(Locator::Css("article.card details summary")).await.unwrap().click().await.unwrap();
    assert!(phone.text("article.card form").await.contains("1"), "the delegation form is open");
    phone.full_screenshot("desk-talks-ps-390").await;
    let sideways = overflow(&phone).await;
    assert!(sideways <= 1, "the talks desk scrolls sideways by {sideways}px at phone width");
    phone.close().await;
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_verify_page_lists_the_witnesses_in_arabic_on_a_phone_and_in_english_on_a_desktop() {
    let server = TestServer::start_witnessed(None).await;
    let http = reqwest::Client::new();
    // Wait for a checkpoint the four witnesses all cosigned.
    let mut cosigned = 0;
    for _ in 0..100 {
        let note = http.get(server.url("/log/checkpoint")).send().await.unwrap().text().await.unwrap();
        cosigned = note.lines().filter(|l| l.starts_with("\u{2014} witness.")).count();
        if cosigned == 4 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(cosigned, 4, "the checkpoint never carried four cosignatures");
    let phone = Browser::start(390, 844).await;
    phone.client.goto(&server.url("/verify?lang=ar")).await.unwrap();
    assert_eq!(phone.attr("html", "dir").await.as_deref(), Some("rtl"));
    let heading = phone.text("#witnesses").await;
    assert_eq!(heading, "الشهود");
    let rows = phone.client.find_all(Locator::Css("#witnesses ~ .table-wrap tbody tr")).await.unwrap();
    assert_eq!(rows.len(), 4, "one row per witness");
    let table = phone.text("#witnesses ~ .table-wrap").await;
    assert!(table.contains("باكستان") && table.contains("يجيب"), "{table}");
    phone.client.execute("document.getElementById('witnesses').scrollIntoView()", vec![]).await.unwrap();
    let sideways = overflow(&phone).await;
    phone.full_screenshot("verify-witnesses-ar-390").await;
    assert!(sideways <= 1, "the page scrolls sideways by {sideways}px at phone width");
    phone.close().await;
    let desktop = Browser::start(1280, 900).await;
    desktop.client.goto(&server.url("/verify?lang=en")).await.unwrap();
    assert!(desktop.text("#witnesses ~ .table-wrap").await.contains("answering"));
    desktop.full_screenshot("verify-witnesses-en-1280").await;
    desktop.close().await;
    server.stop().await;
}

/// A liaison files from a phone: the filing form fits 390 pixels in each
/// right-to-left language and opens at its start, not scrolled sideways.
#[tokio::test(flavor = "multi_thread")]
async fn the_filing_form_fits_a_phone_in_every_right_to_left_language() {
    let server = TestServer::start(None).await;
    let phone = Browser::start(390, 844).await;
    let c = &phone.client;
    log_in(&phone, &server, "pak-liaison", "en").await;
    for lang in ["ur", "ps", "prs", "ar"] {
        c.goto(&server.url(&format!("/file?lang={lang}"))).await.unwrap();
        assert_eq!(phone.attr("html", "dir").await.as_deref(), Some("rtl"), "{lang}");
        phone.full_screenshot(&format!("file-{lang}-390")).await;
        let sideways = overflow(&phone).await;
        assert!(sideways <= 1, "{lang}: the filing form scrolls sideways by {sideways}px at phone width");
        let widest = c
            .execute(
                "return Math.max(...[...document.querySelectorAll('main *')]
                    .filter(e => e.matches('.map-pick') || !e.closest('.map-pick'))
                    .map(e => e.getBoundingClientRect().width))",
                vec![],
            )
            .await
            .unwrap()
            .as_f64()
            .unwrap();
        // The map is drawn at its own size and scrolls inside its box.
        assert!(widest <= 390.0, "{lang}: an element of the form is {widest}px wide");
        let scrolled = c.execute("return Math.abs(window.scrollX)", vec![]).await.unwrap().as_f64().unwrap();
        assert!(scrolled < 1.0, "{lang}: the page opens scrolled sideways by {scrolled}px");
    }
    phone.close().await;
    server.stop().await;
}

/// On right-to-left pages code-like text keeps its order (the Arabic
/// monthly report's period reads 2025-10, not 10-2025; the checkpoint on
/// /verify is laid out left to right), and Urdu is set in Nastaliq.
#[tokio::test(flavor = "multi_thread")]
async fn code_like_text_keeps_its_direction_and_urdu_is_set_in_nastaliq() {
    let server = TestServer::start(None).await;
    let phone = Browser::start(390, 844).await;
    let c = &phone.client;
    c.goto(&server.url("/reports/2025-10?lang=ar")).await.unwrap();
    // Where "2025" and "10" of the title's period are drawn.
    let order = c
        .execute(
            "const h = document.querySelector('main h1');
             const walker = document.createTreeWalker(h, NodeFilter.SHOW_TEXT);
             let node; while ((node = walker.nextNode()) && !node.data.includes('2025-10')) {}
             const at = node.data.indexOf('2025-10');
             const rect = (from, to) => { const r = document.createRange(); r.setStart(node, from); r.setEnd(node, to);
                                          return r.getBoundingClientRect().left; };
             return [rect(at, at + 4), rect(at + 5, at + 7)];",
            vec![],
        )
        .await
        .unwrap();
    let (year, month) = (order[0].as_f64().unwrap(), order[1].as_f64().unwrap());
    phone.screenshot("report-ar-390").await;
    assert!(year < month, "the period reads 10-2025: 2025 at {year}px, 10 at {month}px");
    c.goto(&server.url("/verify?lang=ar")).await.unwrap();
    let style = c
        .execute(
            "const p = document.querySelector('pre'); const s = getComputedStyle(p);
             return [s.direction, s.textAlign];",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(style[0], "ltr");
    assert_eq!(style[1], "left");
    c.goto(&server.url("/?lang=ur")).await.unwrap();
    let font = c.execute("return getComputedStyle(document.body).fontFamily", vec![]).await.unwrap();
    assert!(font.as_str().unwrap().starts_with("\"Noto Nastaliq Urdu\""), "{font}");
    let rendered =
        c.execute("return document.fonts.check('16px \"Noto Nastaliq Urdu\"', 'اردو')", vec![]).await.unwrap();
    assert_eq!(rendered, serde_json::Value::Bool(true), "the Nastaliq font is available to the page");
    phone.full_screenshot("home-ur-390").await;
    // The map in Urdu, at a readable size, scrolling in its own box.
    c.execute("document.querySelector('figure.map').scrollIntoView()", vec![]).await.unwrap();
    phone.screenshot("home-map-ur-390").await;
    phone.close().await;
    server.stop().await;
}

/// A liaison enrols a phone from a phone: the QR code ODK Collect reads and
/// the list of phones fit 390 pixels in Pashto.
#[tokio::test(flavor = "multi_thread")]
async fn a_phone_is_enrolled_from_a_phone_in_pashto() {
    let server = TestServer::start(None).await;
    let phone = Browser::start(390, 844).await;
    let c = &phone.client;
    log_in(&phone, &server, "pak-liaison", "ps").await;
    c.goto(&server.url("/desk/devices?lang=ps")).await.unwrap();
    let form = c.form(Locator::Css("form[action='/desk/devices']")).await.unwrap();
    form.set_by_name("name", "د ټیم تلیفون").await.unwrap();
    c.find(Locator::Css("form[action='/desk/devices'] button[type='submit']")).await.unwrap().click().await.unwrap();
    let mut qr = None;
    for _ in 0..50 {
        if let Ok(svg) = c.find(Locator::Css("main svg")).await {
            qr = Some(svg);
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let qr = qr.expect("the enrolment shows its QR code");
    let (_, _, width, _) = qr.rectangle().await.unwrap();
    assert!(width >= 150.0, "the QR code is {width}px wide: too small for a camera");
    phone.full_screenshot("desk-devices-ps-390").await;
    let sideways = overflow(&phone).await;
    assert!(sideways <= 1, "the phones page scrolls sideways by {sideways}px at phone width");
    phone.close().await;
    server.stop().await;
}

/// The smallest text drawn in the map, in CSS pixels as the screen shows
/// it: each label's font size in the drawing times the drawing's scale.
async fn smallest_map_label(browser: &Browser) -> f64 {
    let script = "const svg = document.querySelector('figure.map svg');
        const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
        const sizes = [...svg.querySelectorAll('text')].filter(t => t.textContent.trim() !== '')
            .map(t => parseFloat(getComputedStyle(t).fontSize) * scale);
        return Math.min(...sizes);";
    browser.client.execute(script, vec![]).await.unwrap().as_f64().unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn the_map_is_readable_on_a_phone_and_its_incidents_are_listed_in_urdu() {
    let server = TestServer::start(None).await;
    let phone = Browser::start(390, 844).await;
    let c = &phone.client;
    c.goto(&server.url("/?lang=ur")).await.unwrap();
    let smallest = smallest_map_label(&phone).await;
    assert!(smallest >= 11.0, "the map's smallest label is {smallest:.1}px on a phone");
    let sideways = overflow(&phone).await;
    assert!(sideways <= 1, "the home page scrolls sideways by {sideways}px at phone width");
    c.execute("document.querySelector('figure.map').scrollIntoView()", vec![]).await.unwrap();
    phone.screenshot("home-map-ur-390").await;
    // The map's link leads to the list of the same incidents.
    let markers = c.find_all(Locator::Css("figure.map g.incident")).await.unwrap().len();
    c.find(Locator::Css("a[href='#incident-list']")).await.unwrap().click().await.unwrap();
    let rows = c.find_all(Locator::Css("#incident-list + .table-wrap tbody tr")).await.unwrap();
    assert_eq!(rows.len(), markers, "a row for each incident drawn");
    // A tap on an emulated phone returns before the page has scrolled.
    let mut top = f64::MAX;
    for _ in 0..50 {
        let script = "return document.getElementById('incident-list').getBoundingClientRect().top";
        top = c.execute(script, vec![]).await.unwrap().as_f64().unwrap();
        if (0.0..844.0).contains(&top) {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!((0.0..844.0).contains(&top), "the list is on the screen after the link, at {top}px");
    phone.screenshot("home-incidents-ur-390").await;
    phone.full_screenshot("home-ur-390").await;
    assert!(overflow(&phone).await <= 1);
    phone.close().await;
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn an_administrator_registers_and_suspends_an_officer_from_a_phone_in_arabic() {
    let server = TestServer::start(None).await;
    let phone = Browser::start(390, 844).await;
    let c = &phone.client;
    log_in(&phone, &server, "admin", "ar").await;
    let page = "/desk/admin/principals";
    c.goto(&server.url(&format!("{page}?lang=ar"))).await.unwrap();
    assert_eq!(phone.attr("html", "dir").await.as_deref(), Some("rtl"));
    let sideways = overflow(&phone).await;
    phone.full_screenshot("admin-ar-390").await;
    assert!(sideways <= 1, "the administrator's page scrolls sideways by {sideways}px at phone width");

    let form = c.form(Locator::Css(&format!("form[action='{page}']"))).await.unwrap();
    form.set_by_name("id", "jvt-phone").await.unwrap();
    form.set_by_name("role", "monitor").await.unwrap();
    form.set_by_name("participant", "JVT").await.unwrap();
    c.find(Locator::Css("button[name='step'][value='register']")).await.unwrap().click().await.unwrap();
    let mut password = None;
    for _ in 0..100 {
        if let Ok(e) = c.find(Locator::Css("#one-time-password")).await {
            password = Some(e.text().await.unwrap());
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let password = password.expect("the registration shows the one-time password");
    assert_eq!(password.len(), 20, "{password}");
    phone.screenshot("admin-registered-ar-390").await;
    let sideways = overflow(&phone).await;
    assert!(sideways <= 1, "the page with the password scrolls sideways by {sideways}px");

    let suspend = format!("form[action='{page}/jvt-phone/suspend']");
    c.find(Locator::Css(&format!("{suspend} input[name='reason']")))
        .await
        .unwrap()
        .send_keys("فُقد الهاتف")
        .await
        .unwrap();
    c.find(Locator::Css(&format!("{suspend} button"))).await.unwrap().click().await.unwrap();
    let mut reactivate = false;
    for _ in 0..100 {
        if c.find(Locator::Css(&format!("form[action='{page}/jvt-phone/reactivate']"))).await.is_ok() {
            reactivate = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(reactivate, "the suspended officer is offered a reactivation");
    assert!(c.current_url().await.unwrap().query().unwrap_or("").starts_with("done="));
    let sideways = overflow(&phone).await;
    phone.full_screenshot("admin-suspended-ar-390").await;
    assert!(sideways <= 1, "after the suspension the page scrolls sideways by {sideways}px");
    phone.close().await;
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_alerts_on_a_mediators_desk_fit_a_phone_in_urdu() {
    let server = TestServer::start(None).await;
    file_four_at_chaman(&server).await;
    let phone = Browser::start(390, 844).await;
    let c = &phone.client;
    log_in(&phone, &server, "qat-chair", "ur").await;
    c.goto(&server.url("/desk?lang=ur")).await.unwrap();
    assert_eq!(phone.attr("html", "dir").await.as_deref(), Some("rtl"));
    let alerts = phone.text("main").await;
    assert!(alerts.contains("ابتدائی انتباہات"), "the alerts' heading, in Urdu");
    assert!(alerts.contains("Chaman – Kandahar"), "the sector by its name");
    assert!(c.find(Locator::Css("#alerts + p + div table tbody tr")).await.is_ok(), "a row for an alert");
    c.execute("document.getElementById('alerts').scrollIntoView()", vec![]).await.unwrap();
    phone.screenshot("desk-alerts-ur-390").await;
    let sideways = overflow(&phone).await;
    assert!(sideways <= 1, "the desk with its alerts scrolls sideways by {sideways}px at phone width");
    phone.close().await;
    server.stop().await;
}

/// Publishes the daily report of `day` through the API, as the mediators
/// would: drafted, written in English, approved by both, published.
async fn publish_daily_report(server: &TestServer, day: &str) {
    let qat = server.login("qat-chair").await;
    let tur = server.login("tur-mediator").await;
    let path = format!("/api/v1/situation-reports/{day}");
    assert_eq!(qat.post(&format!("{path}/draft"), &serde_json::json!({})).await.status(), 201);
    let narrative = serde_json::json!({"lang": "en", "text":
        "SAMPLE. Clashes and shelling were reported at Chaman and Spin Boldak before dawn. A 48-hour truce began at 18:00."});
    let put = qat
        .client
        .put(server.url(&format!("{path}/narrative")))
        .header("x-csrf-token", &qat.csrf)
        .json(&narrative)
        .send()
        .await
        .unwrap();
    assert_eq!(put.status(), 201);
    for s in [&qat, &tur] {
        assert_eq!(s.post(&format!("{path}/approval"), &serde_json::json!({"version": 2})).await.status(), 201);
    }
    assert_eq!(qat.post(&format!("{path}/publication"), &serde_json::json!({})).await.status(), 201);
}

#[tokio::test(flavor = "multi_thread")]
async fn the_daily_report_fits_a_phone_in_arabic_with_its_english_narrative_left_to_right() {
    let server = TestServer::start(None).await;
    publish_daily_report(&server, "2025-10-15").await;
    let phone = Browser::start(390, 844).await;
    let c = &phone.client;
    c.goto(&server.url("/situation-reports?lang=ar")).await.unwrap();
    assert_eq!(phone.attr("html", "dir").await.as_deref(), Some("rtl"));
    assert!(phone.text("main h1").await.contains("تقارير الحالة اليومية"), "the list, in Arabic");
    c.find(Locator::Css("main table a[href='/situation-reports/2025-10-15']")).await.unwrap().click().await.unwrap();
    assert_eq!(c.current_url().await.unwrap().path(), "/situation-reports/2025-10-15");
    assert_eq!(phone.attr("html", "lang").await.as_deref(), Some("ar"));
    // The narrative keeps its own language and direction inside the Arabic page.
    assert_eq!(phone.attr("div.narrative", "lang").await.as_deref(), Some("en"));
    assert_eq!(phone.attr("div.narrative", "dir").await.as_deref(), Some("ltr"));
    assert!(phone.text("div.narrative").await.contains("Spin Boldak"));
    assert!(phone.text("main").await.contains("كل القطاعات"), "the totals row, in Arabic");
    phone.full_screenshot("situation-report-ar-390").await;
    let sideways = overflow(&phone).await;
    assert!(sideways <= 1, "the daily report scrolls sideways by {sideways}px at phone width");
    phone.close().await;

    // The mediators' desk fits a phone in Urdu too.
    let phone = Browser::start(390, 844).await;
    log_in(&phone, &server, "qat-chair", "ur").await;
    phone.client.goto(&server.url("/desk/situation-reports?lang=ur")).await.unwrap();
    assert_eq!(phone.attr("html", "dir").await.as_deref(), Some("rtl"));
    assert!(phone.text("main").await.contains("شائع شدہ"), "the published report, in Urdu");
    phone.full_screenshot("desk-situation-ur-390").await;
    let sideways = overflow(&phone).await;
    assert!(sideways <= 1, "the desk's daily reports scroll sideways by {sideways}px at phone width");
    phone.close().await;
    server.stop().await;
}

/// Waits until the page's path and query are `want` (a tap on an emulated
/// phone returns before the page it leads to).
async fn wait_for_page(browser: &Browser, want: impl Fn(&str) -> bool) {
    for _ in 0..100 {
        let url = browser.client.current_url().await.unwrap();
        let here = format!("{}?{}", url.path(), url.query().unwrap_or(""));
        if want(&here) {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("the page did not change as expected: {}", browser.client.current_url().await.unwrap());
}

/// A mediator acknowledges an alert from its card on a phone in Arabic: a
/// blank action is refused next to the field, the action taken is then
/// recorded and shown; a party reads it and has no form.
#[tokio::test(flavor = "multi_thread")]
async fn a_mediator_acknowledges_an_alert_from_the_desk_on_a_phone_in_arabic() {
    let server = TestServer::start(None).await;
    file_four_at_chaman(&server).await;
    let phone = Browser::start(390, 844).await;
    let c = &phone.client;
    log_in(&phone, &server, "qat-chair", "ar").await;
    c.goto(&server.url("/desk?lang=ar")).await.unwrap();
    assert_eq!(phone.attr("html", "dir").await.as_deref(), Some("rtl"));
    let action = phone.attr("form[action^='/desk/alerts/']", "action").await.expect("an acknowledgement form");
    let form_css = format!("form[action='{action}']");
    assert!(phone.attr(&format!("{form_css} input[name='csrf']"), "value").await.is_some(), "the CSRF field");

    // Spaces only: the browser sends it (the field is filled), the use case refuses it.
    let form = c.form(Locator::Css(&form_css)).await.unwrap();
    form.set_by_name("action", "   ").await.unwrap();
    c.find(Locator::Css(&format!("{form_css} button[type='submit']"))).await.unwrap().click().await.unwrap();
    wait_for_page(&phone, |here| here.starts_with("/desk/alerts/")).await;
    let refused = phone.text(&format!("{form_css} .field-error")).await;
    assert!(refused.contains("الإجراء المتخذ"), "the field's label, in Arabic: {refused}");
    assert!(refused.contains("must say what was done"), "the reason: {refused}");
    c.execute(&format!("document.querySelector(\"{form_css}\").scrollIntoView()"), vec![]).await.unwrap();
    phone.screenshot("desk-alert-ack-refused-ar-390").await;
    let sideways = overflow(&phone).await;
    assert!(sideways <= 1, "the refused form scrolls sideways by {sideways}px at phone width");

    let note = "اتصل الوسطاء بضابطي الاتصال؛ أُرسل المراقبون إلى شمن";
    let form = c.form(Locator::Css(&form_css)).await.unwrap();
    form.set_by_name("action", note).await.unwrap();
    c.find(Locator::Css(&format!("{form_css} button[type='submit']"))).await.unwrap().click().await.unwrap();
    wait_for_page(&phone, |here| here.starts_with("/desk?acknowledged")).await;
    let mut desk = String::new();
    for _ in 0..50 {
        desk = phone.text("main").await;
        if desk.contains(note) {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(desk.contains("تم الإقرار بالإنذار"), "the notice, in Arabic: {desk}");
    assert!(desk.contains(note), "the action taken, on the card");
    assert!(c.find(Locator::Css(&form_css)).await.is_err(), "no second acknowledgement by the same mediators");
    c.execute("document.getElementById('alerts').scrollIntoView()", vec![]).await.unwrap();
    phone.screenshot("desk-alert-ack-done-ar-390").await;
    let sideways = overflow(&phone).await;
    assert!(sideways <= 1, "the desk scrolls sideways by {sideways}px at phone width");
    phone.close().await;

    // The same alert through the API shows the acknowledgement: one use case.
    let record: u64 = action.trim_start_matches("/desk/alerts/").trim_end_matches("/acknowledge").parse().unwrap();
    let pak = server.login("pak-liaison").await;
    let listed: serde_json::Value = pak.get("/api/v1/early-warning").await.json().await.unwrap();
    let text = listed.to_string();
    assert!(text.contains(note), "a party reads the action taken through the API: {text}");
    assert!(text.contains(&format!("\"record\":{record}")), "{text}");

    // A party reads it on its desk and gets no form.
    let party = Browser::start(390, 844).await;
    log_in(&party, &server, "pak-liaison", "ar").await;
    party.client.goto(&server.url("/desk?lang=ar")).await.unwrap();
    assert!(party.text("main").await.contains(note), "the party reads the action taken");
    assert!(party.client.find(Locator::Css("form[action^='/desk/alerts/']")).await.is_err(), "no form for a party");
    party.close().await;
    server.stop().await;
}

/// The trend charts: on a phone in Arabic, the desk's trends draw a chart
/// per sector no wider than the screen, with the alert's marker, and the
/// map with the alert's triangle on its sector (the map scrolls in its own
/// box); on a desktop, the public monthly report has its charts and no
/// alert.
#[tokio::test(flavor = "multi_thread")]
async fn the_trend_charts_and_the_alerts_on_the_map_fit_a_phone_in_arabic() {
    let server = TestServer::start(None).await;
    file_four_at_chaman(&server).await;
    let phone = Browser::start(390, 844).await;
    let c = &phone.client;
    log_in(&phone, &server, "afg-liaison", "ar").await;
    c.goto(&server.url("/desk/trends?lang=ar")).await.unwrap();
    assert_eq!(phone.attr("html", "dir").await.as_deref(), Some("rtl"));
    let text = phone.text("main").await;
    assert!(text.contains("الاتجاهات والإنذارات") && text.contains("Chaman – Kandahar"), "{text}");
    // Every chart fits the phone's width, and is drawn left to right.
    let charts = c
        .execute(
            "return [...document.querySelectorAll('section.trend svg')].map(s => [s.getBoundingClientRect().width, getComputedStyle(s).direction]);",
            vec![],
        )
        .await
        .unwrap();
    let charts = charts.as_array().unwrap();
    assert!(!charts.is_empty(), "a chart for Chaman");
    for chart in charts {
        assert!(chart[0].as_f64().unwrap() <= 390.0, "a chart is {chart}px wide");
        assert_eq!(chart[1], "ltr");
    }
    assert!(c.find(Locator::Css("figure.map path.alert")).await.is_ok(), "the alert's triangle on the map");
    c.execute("document.querySelector('section.trend').scrollIntoView()", vec![]).await.unwrap();
    phone.screenshot("desk-trends-ar-390").await;
    c.execute("document.querySelector('figure.map').scrollIntoView()", vec![]).await.unwrap();
    phone.screenshot("desk-trends-map-ar-390").await;
    let sideways = overflow(&phone).await;
    assert!(sideways <= 1, "the trends page scrolls sideways by {sideways}px at phone width");
    phone.close().await;

    let desktop = Browser::start(1280, 900).await;
    desktop.client.goto(&server.url("/reports/2025-10?lang=en")).await.unwrap();
    let text = desktop.text("main").await;
    assert!(text.contains("Reports per sector and day"), "{text}");
    assert!(desktop.client.find(Locator::Css("section.trend svg")).await.is_ok());
    desktop.client.execute("document.querySelector('section.trend').scrollIntoView()", vec![]).await.unwrap();
    desktop.screenshot("report-trends-en-1280").await;
    desktop.close().await;
    server.stop().await;
}

/// A mediator imports an ACLED export from a phone in Arabic: the file is
/// chosen in the form, and what became of every row fits 390 pixels.
#[tokio::test(flavor = "multi_thread")]
async fn a_mediator_imports_an_acled_export_from_a_phone_in_arabic() {
    let server = TestServer::start(None).await;
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("acled-export.csv");
    std::fs::write(&file, include_str!("../fixtures/acled/illustrative-export.csv")).unwrap();
    let phone = Browser::start(390, 844).await;
    let c = &phone.client;
    log_in(&phone, &server, "qat-chair", "ar").await;
    c.goto(&server.url("/desk/public-sources?lang=ar")).await.unwrap();
    c.find(Locator::Css("#import-file")).await.unwrap().send_keys(file.to_str().unwrap()).await.unwrap();
    c.find(Locator::Css("#import-area")).await.unwrap().send_keys("Balochistan").await.unwrap();
    c.find(Locator::Css("form[action='/desk/public-sources'] button[type='submit']"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let mut summary = None;
    for _ in 0..100 {
        if let Ok(found) = c.find(Locator::Css("#import-summary")).await {
            summary = Some(found);
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let summary = summary.expect("the import's outcome is shown").text().await.unwrap();
    assert!(summary.contains("ما فعله الاستيراد"), "{summary}");
    assert!(summary.contains("ILL0001") && summary.contains("ILL0002"), "{summary}");
    let dir = phone.attr("html", "dir").await;
    assert_eq!(dir.as_deref(), Some("rtl"));
    phone.full_screenshot("desk-public-sources-import-ar-390").await;
    let sideways = overflow(&phone).await;
    assert!(sideways <= 1, "the import's outcome scrolls sideways by {sideways}px at phone width");
    phone.close().await;
    server.stop().await;
}
