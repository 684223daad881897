//! One case from filing to a decided penalty, in the browser: each role
//! logs in through the login page with its own browser profile and uses
//! only the forms the pages offer. Every page visited is checked to weigh
//! under 100 KB on the wire, and screenshots of each step are kept.

use fantoccini::Locator;

use crate::common::TestServer;
use crate::driver::Browser;

/// The page budget: 100 KB on the wire, images aside.
const PAGE_BUDGET: u64 = 100 * 1024;

/// A role at its own browser.
struct Desk<'a> {
    browser: Browser,
    server: &'a TestServer,
    principal: &'static str,
    shots: u32,
}

impl<'a> Desk<'a> {
    async fn log_in(server: &'a TestServer, principal: &'static str) -> Desk<'a> {
        let browser = Browser::start(1280, 1000).await;
        let desk = Desk { browser, server, principal, shots: 0 };
        desk.open("/login?lang=en").await;
        desk.fill("form[action='/login']", "principal", principal).await;
        desk.fill("form[action='/login']", "password", truce_server::run::DEMO_PASSWORD).await;
        desk.press("form[action='/login'] button[type='submit']").await;
        let url = desk.browser.client.current_url().await.unwrap();
        assert_eq!(url.path(), "/desk", "{principal} lands on the desk after logging in");
        desk.check_page().await;
        desk
    }

    async fn open(&self, path: &str) {
        self.browser.client.goto(&self.server.url(path)).await.unwrap();
        self.check_page().await;
    }

    /// What every page must be: under the size budget, with a label for
    /// every control, one main heading, and a language.
    async fn check_page(&self) {
        let problems = self
            .browser
            .client
            .execute(
                "const out = [];
                 for (const e of document.querySelectorAll('input, select, textarea')) {
                   if (e.type === 'hidden' || e.type === 'submit' || (e.type === 'image' && e.alt.trim())) continue;
                   if (e.labels.length === 0 && !e.getAttribute('aria-label')) out.push('unlabelled ' + (e.name || e.id));
                 }
                 if (document.querySelectorAll('h1').length !== 1) out.push('h1 count ' + document.querySelectorAll('h1').length);
                 if (!document.documentElement.lang) out.push('no lang');
                 for (const b of document.querySelectorAll('button')) if (!b.textContent.trim()) out.push('empty button');
                 return out.join('; ');",
                vec![],
            )
            .await
            .unwrap();
        let url = self.browser.client.current_url().await.unwrap();
        assert_eq!(problems.as_str(), Some(""), "accessibility of {}", url.path());
        self.check_weight(&url).await;
    }

    /// The page's size on the wire, from the browser's own navigation timing.
    async fn check_weight(&self, url: &reqwest::Url) {
        let size = self
            .browser
            .client
            .execute(
                "const n = performance.getEntriesByType('navigation')[0]; \
                 return n ? Math.max(n.transferSize, n.encodedBodySize) : document.documentElement.outerHTML.length;",
                vec![],
            )
            .await
            .unwrap()
            .as_f64()
            .unwrap_or(0.0) as u64;
        assert!(size < PAGE_BUDGET, "{} weighs {size} bytes, over the 100 KB budget", url.path());
    }

    /// Sets a field of the form matching `form`: ticks the checkbox or radio
    /// button with that value, or sets the value of an input, select or textarea.
    async fn fill(&self, form: &str, name: &str, value: &str) {
        let found = self
            .browser
            .client
            .execute(
                "const [form, name, value] = arguments; const f = document.querySelector(form); if (!f) return 'no form';
                 const els = [...f.querySelectorAll('[name]')].filter(e => e.name === name);
                 if (els.length === 0) return 'no field';
                 for (const e of els) {
                   if (e.type === 'checkbox' || e.type === 'radio') { if (e.value === value) { e.checked = true; return 'ok'; } }
                   else { e.value = value; return e.value === value ? 'ok' : 'value refused'; }
                 }
                 return 'no such choice';",
                vec![form.into(), name.into(), value.into()],
            )
            .await
            .unwrap();
        assert_eq!(found.as_str(), Some("ok"), "{}: field {name} = {value:?} in {form}", self.principal);
    }

    /// Clicks a button (a real click: the browser submits the form) and
    /// waits for the page the server answers with. The old page is marked
    /// first, so that its own heading is not mistaken for the new page's.
    async fn press(&self, css: &str) {
        let client = &self.browser.client;
        client.execute("window.truceOldPage = true;", vec![]).await.unwrap();
        let button =
            client.find(Locator::Css(css)).await.unwrap_or_else(|e| panic!("{}: no button {css}: {e}", self.principal));
        button.click().await.unwrap();
        let new_page = async {
            while !matches!(
                client.execute("return window.truceOldPage === true;", vec![]).await,
                Ok(serde_json::Value::Bool(false))
            ) {
                tokio::time::sleep(std::time::Duration::from_millis(50)).await;
            }
        };
        if tokio::time::timeout(std::time::Duration::from_secs(30), new_page).await.is_err() {
            panic!("{}: no new page 30 s after pressing {css}", self.principal);
        }
        client.wait().for_element(Locator::Css("main h1")).await.unwrap();
    }

    /// Uses the case page's form for `action`, as offered to this role.
    async fn act(&mut self, id: &str, action: &str, fields: &[(&str, &str)]) {
        self.open(&format!("/cases/{id}?lang=en")).await;
        let form = format!("form[action='/cases/{id}/{action}']");
        for (name, value) in fields {
            self.fill(&form, name, value).await;
        }
        self.press(&format!("{form} button[type='submit']")).await;
        let url = self.browser.client.current_url().await.unwrap();
        let errors = self
            .browser
            .client
            .execute(
                "return [...document.querySelectorAll('.error, .field-error')].map(e => e.textContent).join(' | ')",
                vec![],
            )
            .await
            .unwrap();
        assert_eq!(url.path(), format!("/cases/{id}"), "{} {action}: {errors}", self.principal);
        assert_eq!(errors.as_str(), Some(""), "{} {action}", self.principal);
        self.shots += 1;
        self.browser.screenshot(&format!("walk-{:02}-{}-{action}", self.shots, self.principal)).await;
    }

    async fn close(self) {
        self.browser.close().await;
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn each_role_walks_one_case_from_filing_to_a_decided_penalty_in_the_browser() {
    let server = TestServer::start(None).await;

    // The party files through the guided form.
    let mut pak = Desk::log_in(&server, "pak-liaison").await;
    pak.open("/file?lang=en").await;
    pak.browser.full_screenshot("walk-00-file-form").await;
    // A click on the map (without JavaScript: an image input) fills in the coordinates.
    pak.press("form[action='/file'] input[type='image'][name='map']").await;
    let lat = pak.browser.attr("form[action='/file'] input[name='lat']", "value").await.unwrap_or_default();
    let lon = pak.browser.attr("form[action='/file'] input[name='lon']", "value").await.unwrap_or_default();
    let (lat, lon): (f64, f64) = (lat.parse().unwrap(), lon.parse().unwrap());
    assert!((23.0..39.0).contains(&lat) && (60.0..78.0).contains(&lon), "the map click gave {lat}, {lon}");
    assert!(pak.browser.text("main").await.contains("Coordinates from the map"));
    let form = "form[action='/file']";
    for (name, value) in [
        ("allegation.accused", "AFG"),
        ("lat", "30.93"),
        ("lon", "66.44"),
        ("precision", "2"),
        ("occurred_at", "2025-10-11T04:10"),
        ("tz", "PKT"),
        ("allegation.acts", "armed_clash"),
        ("allegation.provisions", "P1"),
        ("allegation.casualties.combatants_killed.low", "2"),
        ("allegation.casualties.combatants_killed.best", "3"),
        ("allegation.casualties.combatants_killed.high", "5"),
        ("allegation.summary", "Artillery fire on the Angoor Adda post"),
        ("allegation.narrative", "Fire on a post before dawn."),
    ] {
        pak.fill(form, name, value).await;
    }
    pak.press("form[action='/file'] button[name='op'][value='file']").await;
    let url = pak.browser.client.current_url().await.unwrap();
    let id = url.path().strip_prefix("/cases/").unwrap_or_else(|| panic!("filing went to {url}")).to_owned();
    assert!(pak.browser.text("main").await.contains("Artillery fire on the Angoor Adda post"));
    pak.browser.full_screenshot("walk-01-filed").await;

    let mut qat = Desk::log_in(&server, "qat-chair").await;
    let mut tur = Desk::log_in(&server, "tur-mediator").await;
    let mut afg = Desk::log_in(&server, "afg-liaison").await;
    let mut jvt = Desk::log_in(&server, "jvt-monitor").await;

    // The new case is in the mediators' inbox.
    qat.open("/desk?lang=en").await;
    assert!(qat.browser.text("main").await.contains(&id), "the inbox lists {id}");
    qat.browser.full_screenshot("walk-02-mediator-inbox").await;

    qat.act(&id, "acknowledge", &[]).await;
    qat.act(&id, "admit", &[("note", "Within P1.")]).await;
    qat.act(&id, "notify", &[]).await;
    afg.act(&id, "reply", &[("reply.position", "denies"), ("reply.text", "Our posts answered fire.")]).await;
    qat.act(&id, "task", &[("team", "JVT")]).await;
    jvt.open("/desk?lang=en").await;
    assert!(jvt.browser.text("main").await.contains(&id), "the monitors' desk lists the tasked case");
    jvt.act(&id, "report", &[("report.summary", "Craters consistent with 82 mm mortar fire from across the line.")])
        .await;
    qat.act(&id, "propose-finding", &crate::common::WALK_FINDING).await;
    qat.act(&id, "vote", &[("approve", "yes")]).await;
    tur.act(&id, "vote", &[("approve", "yes")]).await;
    afg.act(&id, "appeal", &[("grounds", "The posts fired first.")]).await;
    // Each party appeals in its own window; one decision disposes of both.
    pak.act(&id, "appeal", &[("grounds", "The severity is understated.")]).await;
    qat.act(&id, "appeal-decision", &[("decision.outcome", "uphold"), ("reason", "The report stands.")]).await;
    qat.act(&id, "vote", &[("approve", "yes")]).await;
    tur.act(&id, "vote", &[("approve", "yes")]).await;
    qat.open(&format!("/cases/{id}?lang=en")).await;
    assert!(qat.browser.text("main").await.contains("The engine proposes level"), "the engine's proposal is shown");
    qat.browser.full_screenshot("walk-03-penalty-proposal").await;
    qat.act(&id, "propose-penalty", &[]).await;
    qat.act(&id, "vote", &[("approve", "yes")]).await;
    tur.act(&id, "vote", &[("approve", "yes")]).await;

    // Published: anyone sees the decided penalty and the whole history,
    // each entry linked to its record's proof.
    let public = Browser::start(1280, 1000).await;
    public.client.goto(&server.url(&format!("/cases/{id}?lang=en"))).await.unwrap();
    let main = public.text("main").await;
    assert!(main.contains("Penalty decided"), "{main}");
    let proofs = public.client.find_all(Locator::Css("a[href$='/proof']")).await.unwrap();
    assert!(proofs.len() >= 15, "every history entry links its proof; found {}", proofs.len());
    public.full_screenshot("walk-04-public-decided").await;
    // The proof link answers with a tlog-proof.
    let href = proofs[0].attr("href").await.unwrap().unwrap();
    let proof = reqwest::get(server.url(&href)).await.unwrap().text().await.unwrap();
    assert!(proof.starts_with("c2sp.org/tlog-proof@v1"), "{proof}");

    for desk in [pak, qat, tur, afg, jvt] {
        desk.close().await;
    }
    public.close().await;
    server.stop().await;
}
