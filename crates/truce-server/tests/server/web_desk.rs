//! Web pages: the desks, the case page and its forms, filing, logging in —
//! over HTTP as a browser without JavaScript uses them (forms posted
//! URL-encoded or multipart, the CSRF token in a hidden field, redirects
//! after each post), on SQLite and PostgreSQL.

use reqwest::redirect::Policy;
use reqwest::{Client, Response, multipart};
use serde_json::Value;
use truce_server::run::DEMO_PASSWORD;
use truce_server::web::{CalendarKind, Lang, calendar};

use crate::common::{TestServer, databases};

/// A browser-like client: cookies kept, redirects not followed (so each
/// test sees where a form sends it).
fn browser() -> Client {
    Client::builder().cookie_store(true).redirect(Policy::none()).build().unwrap()
}

/// A page the way a person at the browser is logged in to.
struct Web<'a> {
    server: &'a TestServer,
    client: Client,
}

impl Web<'_> {
    async fn get(&self, path: &str) -> (u16, String) {
        let r = self.client.get(self.server.url(path)).send().await.unwrap();
        (r.status().as_u16(), r.text().await.unwrap())
    }

    /// The CSRF token of the session, as every page's forms carry it.
    async fn csrf(&self) -> String {
        let (_, html) = self.get("/desk").await;
        hidden(&html, "csrf").unwrap_or_else(|| panic!("no csrf field on /desk: {html}"))
    }

    async fn post_form(&self, path: &str, fields: &[(&str, &str)]) -> Response {
        self.client.post(self.server.url(path)).form(fields).send().await.unwrap()
    }

    /// Posts `fields` with the session's CSRF field, as a form on a page does.
    async fn submit(&self, path: &str, fields: &[(&str, &str)]) -> Response {
        let csrf = self.csrf().await;
        let mut all = vec![("csrf", csrf.as_str())];
        all.extend_from_slice(fields);
        self.post_form(path, &all).await
    }
}

/// The value of the hidden input `name` in `html`.
fn hidden(html: &str, name: &str) -> Option<String> {
    let at = html.find(&format!("name=\"{name}\" value=\""))?;
    let rest = &html[at + name.len() + 15..];
    Some(rest[..rest.find('"')?].to_owned())
}

fn location(r: &Response) -> String {
    r.headers().get("location").and_then(|v| v.to_str().ok()).unwrap_or("").to_owned()
}

async fn web_login<'a>(server: &'a TestServer, principal: &str) -> Web<'a> {
    let client = browser();
    let r = client
        .post(server.url("/login"))
        .form(&[("principal", principal), ("password", DEMO_PASSWORD), ("next", "/desk")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303, "login as {principal}");
    assert_eq!(location(&r), "/desk");
    Web { server, client }
}

/// The fields of an allegation against AFG filed from the guided form.
fn allegation_fields<'a>(summary: &'a str, when: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("op", "file"),
        ("allegation.accused", "AFG"),
        ("place", ""),
        ("lat", "30.93"),
        ("lon", "66.44"),
        ("precision", "2"),
        ("occurred_at", when),
        ("tz", "PKT"),
        ("allegation.acts", "armed_clash"),
        ("allegation.provisions", "P1"),
        ("allegation.casualties.combatants_killed.low", "2"),
        ("allegation.casualties.combatants_killed.best", "3"),
        ("allegation.casualties.combatants_killed.high", "5"),
        ("allegation.summary", summary),
        ("allegation.narrative", "Fire on a post before dawn."),
    ]
}

/// Two hours ago, as a `datetime-local` value in Pakistan time.
fn two_hours_ago_pkt() -> String {
    let t = truce_node::clock::now().checked_sub(jiff::SignedDuration::from_hours(2)).unwrap();
    let offset = jiff::tz::Offset::from_seconds(5 * 3600).unwrap();
    offset.to_datetime(t).strftime("%Y-%m-%dT%H:%M").to_string()
}

/// Files an allegation through `/file` and returns the new case's id.
async fn file_case(web: &Web<'_>, summary: &str) -> String {
    let when = two_hours_ago_pkt();
    let r = web.submit("/file", &allegation_fields(summary, &when)).await;
    assert_eq!(r.status(), 303, "{}", r.text().await.unwrap());
    let to = location(&r);
    if let Some(token) = to.strip_prefix("/follow/") {
        // A filer who may not see its case (the public) follows it by a token.
        let (status, html) = web.get(&to).await;
        assert_eq!(status, 200, "{html}");
        let api = format!("/api/v1/follow/{token}");
        let followed: Value = web.client.get(web.server.url(&api)).send().await.unwrap().json().await.unwrap();
        let id = followed["case"].as_str().unwrap().to_owned();
        assert!(html.contains(&id), "{html}");
        return id;
    }
    to.strip_prefix("/cases/").unwrap_or_else(|| panic!("redirected to {to}")).to_owned()
}

async fn api_case(server: &TestServer, principal: &str, id: &str) -> Value {
    let s = server.login(principal).await;
    let r = s.get(&format!("/api/v1/cases/{id}")).await;
    assert_eq!(r.status(), 200);
    r.json().await.unwrap()
}

#[tokio::test]
async fn a_wrong_password_shows_the_form_again_and_sets_no_cookie() {
    for db in databases().await {
        let server = TestServer::start(db).await;
        let client = browser();
        let r = client
            .post(server.url("/login"))
            .form(&[("principal", "pak-liaison"), ("password", "not the password"), ("next", "/desk")])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 401);
        assert!(r.headers().get("set-cookie").is_none(), "no cookie on a failed login");
        let html = r.text().await.unwrap();
        assert!(html.contains("the principal, the password or the second-factor code is wrong"), "{html}");
        assert!(
            html.contains(r#"action="/login""#) && html.contains(r#"value="pak-liaison""#),
            "the form again: {html}"
        );
        // The right password sent from another site's page opens nothing (login CSRF).
        let form = [("principal", "pak-liaison"), ("password", truce_server::run::DEMO_PASSWORD), ("next", "/desk")];
        for (name, value) in [("sec-fetch-site", "cross-site"), ("origin", "https://elsewhere.example")] {
            let r = client.post(server.url("/login")).header(name, value).form(&form).send().await.unwrap();
            assert_eq!(r.status(), 403, "{name}: {value}");
            assert!(r.headers().get("set-cookie").is_none(), "no cookie for a login from another site");
        }
        // Still not logged in: the desk sends to the login page.
        let r = client.get(server.url("/desk")).send().await.unwrap();
        assert_eq!((r.status().as_u16(), location(&r)), (303, "/login?next=%2Fdesk".to_owned()));
        server.stop().await;
    }
}

#[tokio::test]
async fn logging_in_sets_the_session_cookie_and_logging_out_ends_it() {
    for db in databases().await {
        let server = TestServer::start(db).await;
        let client = browser();
        let r = client
            .post(server.url("/login"))
            .form(&[("principal", "afg-liaison"), ("password", DEMO_PASSWORD), ("next", "/cases/x")])
            .send()
            .await
            .unwrap();
        assert_eq!((r.status().as_u16(), location(&r)), (303, "/cases/x".to_owned()));
        let cookie = r.headers().get("set-cookie").unwrap().to_str().unwrap().to_owned();
        assert!(
            cookie.starts_with("truce_session=") && cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict")
        );
        let web = Web { server: &server, client };
        let (status, html) = web.get("/desk").await;
        assert_eq!(status, 200);
        assert!(html.contains("Party desk") && html.contains("afg-liaison"), "{html}");
        // The API accepts the same cookie.
        let me = web.client.get(server.url("/api/v1/me")).send().await.unwrap();
        assert_eq!(me.status(), 200);
        // A return address off the site is not followed.
        let r = browser()
            .post(server.url("/login"))
            .form(&[("principal", "afg-liaison"), ("password", DEMO_PASSWORD), ("next", "//evil.example/")])
            .send()
            .await
            .unwrap();
        assert_eq!(location(&r), "/desk");
        // Logging out needs the CSRF field too, then ends the session.
        let r = web.post_form("/logout", &[]).await;
        assert_eq!(r.status(), 403);
        let r = web.submit("/logout", &[]).await;
        assert_eq!((r.status().as_u16(), location(&r)), (303, "/".to_owned()));
        assert_eq!(web.client.get(server.url("/api/v1/me")).send().await.unwrap().status(), 401);
        server.stop().await;
    }
}

#[tokio::test]
async fn a_form_without_its_csrf_field_is_refused_and_changes_nothing() {
    for db in databases().await {
        let server = TestServer::start(db).await;
        let pak = web_login(&server, "pak-liaison").await;
        let before = server.login("pak-liaison").await.get("/api/v1/cases?limit=200").await.text().await.unwrap();
        let when = two_hours_ago_pkt();
        let r = pak.post_form("/file", &allegation_fields("no csrf", &when)).await;
        assert_eq!(r.status(), 403);
        let mut wrong = allegation_fields("wrong csrf", &when);
        wrong.push(("csrf", "00000000000000000000000000000000"));
        assert_eq!(pak.post_form("/file", &wrong).await.status(), 403);
        let after = server.login("pak-liaison").await.get("/api/v1/cases?limit=200").await.text().await.unwrap();
        assert_eq!(before, after, "nothing was filed");

        // A command on a case, likewise.
        let id = file_case(&pak, "acknowledge me").await;
        let qat = web_login(&server, "qat-chair").await;
        let r = qat.post_form(&format!("/cases/{id}/acknowledge"), &[]).await;
        assert_eq!(r.status(), 403);
        assert_eq!(api_case(&server, "qat-chair", &id).await["case"]["status"], "reported");
        let r = qat.submit(&format!("/cases/{id}/acknowledge"), &[]).await;
        assert_eq!((r.status().as_u16(), location(&r)), (303, format!("/cases/{id}")));
        assert_eq!(api_case(&server, "qat-chair", &id).await["case"]["status"], "acknowledged");
        server.stop().await;
    }
}

#[tokio::test]
async fn a_party_files_through_the_guided_form_and_sees_it_in_the_history() {
    for db in databases().await {
        let server = TestServer::start(db).await;
        let pak = web_login(&server, "pak-liaison").await;
        let (status, form) = pak.get("/file").await;
        assert_eq!(status, 200);
        assert!(form.contains(r#"enctype="multipart/form-data""#) && form.contains(r#"name="occurred_at""#), "{form}");
        // Multipart, as the browser sends it, with an evidence file.
        let csrf = pak.csrf().await;
        let when = two_hours_ago_pkt();
        let mut parts = multipart::Form::new().text("csrf", csrf);
        for (k, v) in allegation_fields("Mortar fire on the Chaman post", &when) {
            parts = parts.text(k.to_owned(), v.to_owned());
        }
        let file = multipart::Part::bytes(b"Witness statement: fire from 04:10.\n".to_vec()).file_name("witness.txt");
        parts = parts.part("evidence_file", file).text("evidence_description", "Witness statement");
        let r = pak.client.post(server.url("/file")).multipart(parts).send().await.unwrap();
        assert_eq!(r.status(), 303, "{}", r.text().await.unwrap());
        let to = location(&r);
        let id = to.strip_prefix("/cases/").unwrap().to_owned();
        let (status, html) = pak.get(&to).await;
        assert_eq!(status, 200);
        assert!(html.contains("Mortar fire on the Chaman post"), "{html}");
        assert!(html.contains("Allegation filed") && html.contains("pak-liaison"), "history: {html}");
        let view = api_case(&server, "pak-liaison", &id).await;
        let record = view["timeline"][0]["record_index"].as_u64().unwrap();
        assert!(html.contains(&format!(r#"href="/api/v1/records/{record}""#)), "record link: {html}");
        assert!(html.contains(&format!(r#"href="/api/v1/records/{record}/proof""#)), "proof link: {html}");
        // The time was read as Pakistan time and stored in UTC.
        let occurred: jiff::Timestamp = view["case"]["allegation"]["occurred_at"].as_str().unwrap().parse().unwrap();
        let offset = jiff::tz::Offset::from_seconds(5 * 3600).unwrap();
        assert_eq!(offset.to_datetime(occurred).strftime("%Y-%m-%dT%H:%M").to_string(), when);
        let casualties = &view["case"]["allegation"]["casualties"]["combatants_killed"];
        assert_eq!(
            (casualties["low"].as_u64(), casualties["best"].as_u64(), casualties["high"].as_u64()),
            (Some(2), Some(3), Some(5))
        );
        // Figures left empty are not stated: absent from the record, and said so on the page, never zero.
        let stated = view["case"]["allegation"]["casualties"].as_object().unwrap();
        assert_eq!(stated.keys().collect::<Vec<_>>(), ["combatants_killed"], "{stated:?}");
        assert!(html.contains("not stated"), "the page says which figures were not stated");
        // A text file records no place or time: the page says so, and does not call it a fit.
        assert!(
            html.contains("No embedded place") && html.contains("No embedded time") && !html.contains("fits"),
            "{html}"
        );
        // The evidence is cited, downloadable by its filer, and linked.
        let sha = view["evidence"][0]["sha256"].as_str().unwrap().to_owned();
        assert!(html.contains(&format!("/api/v1/cases/{id}/evidence/{sha}")), "{html}");
        // The placement is shown: sector and distance to the line.
        assert!(html.contains("Distance from the line") && html.contains("Nearest crossing"), "{html}");
        server.stop().await;
    }
}

#[tokio::test]
async fn a_place_name_with_several_matches_comes_back_with_choices() {
    for db in databases().await {
        let server = TestServer::start(db).await;
        let pak = web_login(&server, "pak-liaison").await;
        let when = two_hours_ago_pkt();
        let mut fields = allegation_fields("Shelling near Spin Boldak", &when);
        fields.retain(|(k, _)| !matches!(*k, "lat" | "lon" | "place" | "op"));
        fields.push(("place", "Spin Boldak"));
        fields.push(("op", "lookup"));
        let r = pak.submit("/file", &fields).await;
        assert_eq!(r.status(), 200);
        let html = r.text().await.unwrap();
        assert!(html.contains("2 places match"), "{html}");
        assert_eq!(html.matches(r#"name="place_choice""#).count(), 2, "{html}");
        assert!(html.contains("Kandahar, Afghanistan") && html.contains("(border crossing)"), "{html}");
        // What was typed is kept.
        assert!(html.contains(r#"value="Shelling near Spin Boldak""#), "{html}");
        // Filing without choosing: the same choice, as an error on the field.
        let mut file = fields.clone();
        file.retain(|(k, _)| *k != "op");
        file.push(("op", "file"));
        let r = pak.submit("/file", &file).await;
        assert_eq!(r.status(), 422);
        let html = r.text().await.unwrap();
        assert!(html.contains("several places have this name"), "{html}");
        let choice = html.split(r#"name="place_choice" value=""#).nth(1).unwrap();
        let choice = choice[..choice.find('"').unwrap()].replace("&amp;", "&");
        // Choosing one files the case there.
        file.push(("place_choice", &choice));
        let r = pak.submit("/file", &file).await;
        assert_eq!(r.status(), 303);
        let id = location(&r).strip_prefix("/cases/").unwrap().to_owned();
        let view = api_case(&server, "pak-liaison", &id).await;
        assert_eq!(view["case"]["allegation"]["location"]["place_name"], "Spin Boldak");
        // An unknown name is an error on the place, with spellings to try.
        let mut bad = fields.clone();
        bad.retain(|(k, _)| *k != "place");
        bad.push(("place", "Parachnar"));
        let r = pak.submit("/file", &bad).await;
        assert_eq!(r.status(), 422);
        let html = r.text().await.unwrap();
        assert!(html.contains("did you mean") && html.contains("file-place-error"), "{html}");
        server.stop().await;
    }
}

#[tokio::test]
async fn a_bad_field_is_named_next_to_it_and_nothing_is_filed() {
    for db in databases().await {
        let server = TestServer::start(db).await;
        let pak = web_login(&server, "pak-liaison").await;
        let when = two_hours_ago_pkt();
        let mut fields = allegation_fields("", &when);
        fields.retain(|(k, _)| *k != "allegation.acts");
        fields.push(("allegation.acts", "air_drone_strike"));
        fields.retain(|(k, _)| *k != "allegation.summary");
        fields.push(("allegation.summary", "Drone over the post"));
        fields.retain(|(k, _)| *k != "allegation.provisions");
        fields.push(("allegation.provisions", "P6"));
        // The core refuses: no cited provision covers the act; the message sits by the acts.
        let r = pak.submit("/file", &fields).await;
        assert_eq!(r.status(), 422);
        let html = r.text().await.unwrap();
        assert!(
            html.contains("file-allegation-acts-error") && html.contains("none of the cited provisions covers"),
            "{html}"
        );
        assert!(html.contains(r#"value="Drone over the post""#), "typed values are kept: {html}");
        // A form-level check: a summary is required.
        fields.retain(|(k, _)| *k != "allegation.summary");
        let r = pak.submit("/file", &fields).await;
        assert_eq!(r.status(), 422);
        let html = r.text().await.unwrap();
        assert!(html.contains("file-allegation-summary-error"), "{html}");
        // A high figure alone is not turned into an exact count: refused by the best estimate's box.
        fields.push(("allegation.summary", "Drone over the post"));
        fields.retain(|(k, _)| !k.starts_with("allegation.casualties"));
        fields.push(("allegation.casualties.civilians_killed.high", "58"));
        let r = pak.submit("/file", &fields).await;
        assert_eq!(r.status(), 422);
        let html = r.text().await.unwrap();
        assert!(
            html.contains("file-allegation-casualties-civilians-killed-best-error")
                && html.contains("Give the best estimate alone, or low, best and high together."),
            "{html}"
        );
        server.stop().await;
    }
}

#[tokio::test]
async fn a_party_cannot_see_a_case_it_is_not_party_to_until_it_is_published() {
    for db in databases().await {
        let server = TestServer::start(db).await;
        let public = web_login(&server, "public").await;
        let id = file_case(&public, "Gunfire heard across the line").await;
        for principal in ["pak-liaison", "jvt-monitor"] {
            let web = web_login(&server, principal).await;
            let (status, html) = web.get(&format!("/cases/{id}")).await;
            assert_eq!(status, 404, "{principal}");
            assert!(!html.contains("Gunfire heard"), "{principal}: {html}");
            // A form posted at it is the same 404.
            let r = web.submit(&format!("/cases/{id}/appeal"), &[("grounds", "x")]).await;
            assert_eq!(r.status(), 404, "{principal}");
        }
        let (status, _) = Web { server: &server, client: browser() }.get(&format!("/cases/{id}")).await;
        assert_eq!(status, 404);
        // The accused and the mediators see it.
        for principal in ["afg-liaison", "qat-chair"] {
            let (status, html) = web_login(&server, principal).await.get(&format!("/cases/{id}")).await;
            assert_eq!(status, 200, "{principal}");
            assert!(html.contains("Gunfire heard"), "{principal}");
        }
        // A published case is anyone's to read.
        let (status, html) = Web { server: &server, client: browser() }.get("/cases/2025-10-12-border-posts").await;
        assert_eq!(status, 200);
        assert!(html.contains("Penalty decided") || html.contains("Closed"), "{html}");
        server.stop().await;
    }
}

#[tokio::test]
async fn the_mediator_inbox_lists_a_case_needing_action_with_its_due_date() {
    for db in databases().await {
        let server = TestServer::start(db).await;
        let pak = web_login(&server, "pak-liaison").await;
        let id = file_case(&pak, "Sniper fire at Torkham").await;
        let due: jiff::Timestamp = api_case(&server, "qat-chair", &id).await["case"]["deadlines"]["acknowledge_by"]
            .as_str()
            .unwrap()
            .parse()
            .unwrap();
        let qat = web_login(&server, "qat-chair").await;
        let (status, html) = qat.get("/desk").await;
        assert_eq!(status, 200);
        assert!(html.contains("Mediator desk"), "{html}");
        let row = html.split(&format!("href=\"/cases/{id}#actions\"")).nth(1).expect("the case is in the inbox");
        let row = &row[..row.find("</tr>").unwrap()];
        assert!(row.contains("Acknowledge receipt"), "{row}");
        let shown = calendar::datetime(Lang::En, CalendarKind::Gregorian, due);
        assert!(row.contains(&shown), "due {shown} in {row}");
        assert!(!row.contains("Possible duplicates"), "a report alone has none: {row}");
        // An overdue case of the demo is flagged.
        assert!(html.contains("overdue"), "{html}");
        // Administrators see the mediators' inbox.
        let (status, html) = web_login(&server, "admin").await.get("/desk").await;
        assert_eq!(status, 200);
        assert!(html.contains("Mediator desk") && html.contains(&id), "{html}");
        // The accused's desk shows it against them; the monitors' does not.
        let (_, html) = web_login(&server, "afg-liaison").await.get("/desk").await;
        assert!(html.contains("Sniper fire at Torkham"), "{html}");
        let (_, html) = web_login(&server, "jvt-monitor").await.get("/desk").await;
        assert!(html.contains("Monitor desk") && !html.contains("Sniper fire at Torkham"), "{html}");
        server.stop().await;
    }
}

/// Posts a case form as `web` after checking that the case page offers it.
async fn act(web: &Web<'_>, id: &str, action: &str, fields: &[(&str, &str)]) {
    let (status, html) = web.get(&format!("/cases/{id}")).await;
    assert_eq!(status, 200);
    let form = format!(r#"action="/cases/{id}/{action}""#);
    assert!(html.contains(&form), "the case page does not offer {action}: {html}");
    let r = web.submit(&format!("/cases/{id}/{action}"), fields).await;
    let status = r.status().as_u16();
    let to = location(&r);
    assert_eq!((status, to.as_str()), (303, format!("/cases/{id}").as_str()), "{action}: {}", r.text().await.unwrap());
}

/// The walk the browser test follows: one case from filing to a decided
/// penalty, each role logged in with its own session, through the forms alone.
#[tokio::test]
async fn one_case_walks_from_filing_to_a_decided_penalty_through_the_forms() {
    for db in databases().await {
        let server = TestServer::start(db).await;
        let pak = web_login(&server, "pak-liaison").await;
        let id = file_case(&pak, "Artillery fire on the Angoor Adda post").await;
        let qat = web_login(&server, "qat-chair").await;
        let tur = web_login(&server, "tur-mediator").await;
        let afg = web_login(&server, "afg-liaison").await;
        let jvt = web_login(&server, "jvt-monitor").await;

        act(&qat, &id, "acknowledge", &[]).await;
        act(&qat, &id, "admit", &[("note", "Within P1.")]).await;
        act(&qat, &id, "notify", &[]).await;
        // The party may not reply to its own allegation: no form is offered.
        let (_, html) = pak.get(&format!("/cases/{id}")).await;
        assert!(!html.contains(&format!("/cases/{id}/reply")), "{html}");
        act(&afg, &id, "reply", &[("reply.position", "denies"), ("reply.text", "Our posts answered fire.")]).await;
        act(&qat, &id, "task", &[("team", "JVT"), ("due", "")]).await;
        let (_, desk) = jvt.get("/desk").await;
        assert!(desk.contains(&format!("/cases/{id}#act-report")), "assigned: {desk}");
        act(
            &jvt,
            &id,
            "report",
            &[("report.summary", "Craters consistent with 82 mm mortar fire from across the line.")],
        )
        .await;
        act(&qat, &id, "propose-finding", &crate::common::WALK_FINDING).await;
        // The motion, its rule and its votes are on the page for the mediators.
        let (_, html) = tur.get(&format!("/cases/{id}")).await;
        assert!(html.contains("Motion under vote") && html.contains("Consensus"), "{html}");
        act(&qat, &id, "vote", &[("approve", "yes")]).await;
        act(&tur, &id, "vote", &[("approve", "yes")]).await;
        act(&afg, &id, "appeal", &[("grounds", "The posts fired first.")]).await;
        // Each party appeals in its own window; one decision disposes of both.
        act(&pak, &id, "appeal", &[("grounds", "The severity is understated.")]).await;
        act(&qat, &id, "appeal-decision", &[("decision.outcome", "uphold"), ("reason", "The report stands.")]).await;
        act(&qat, &id, "vote", &[("approve", "yes")]).await;
        act(&tur, &id, "vote", &[("approve", "yes")]).await;
        // The engine's proposal and its explanation.
        let (_, html) = qat.get(&format!("/cases/{id}")).await;
        assert!(html.contains("The engine proposes level") && html.contains("severity serious"), "{html}");
        act(&qat, &id, "propose-penalty", &[("level", ""), ("reason", "")]).await;
        act(&qat, &id, "vote", &[("approve", "yes")]).await;
        act(&tur, &id, "vote", &[("approve", "yes")]).await;

        let view = api_case(&server, "qat-chair", &id).await;
        assert_eq!(view["case"]["status"], "penalty_decided");
        // Published now: the public reads the whole history with the decided penalty.
        let (status, html) = Web { server: &server, client: browser() }.get(&format!("/cases/{id}")).await;
        assert_eq!(status, 200);
        assert!(html.contains("Penalty decided") && html.contains("Vote cast"), "{html}");
        let entries = view["timeline"].as_array().unwrap().len();
        assert_eq!(html.matches("/proof\"").count(), entries, "every entry linked to its proof");
        server.stop().await;
    }
}

#[tokio::test]
async fn a_refused_command_comes_back_with_the_core_reason_by_the_form() {
    for db in databases().await {
        let server = TestServer::start(db).await;
        let qat = web_login(&server, "qat-chair").await;
        let pak = web_login(&server, "pak-liaison").await;
        let id = file_case(&pak, "A case to rule on").await;
        act(&qat, &id, "acknowledge", &[]).await;
        let r = qat.submit(&format!("/cases/{id}/inadmissible"), &[("reason", "  ")]).await;
        assert_eq!(r.status(), 422);
        let html = r.text().await.unwrap();
        assert!(html.contains("inadmissible-reason-error") && html.contains("is required"), "{html}");
        // A command at the wrong stage: 409 with the core's words.
        let r = qat.submit(&format!("/cases/{id}/notify"), &[]).await;
        assert_eq!(r.status(), 409);
        let html = r.text().await.unwrap();
        assert!(html.contains("is not possible while case"), "{html}");
        server.stop().await;
    }
}

#[tokio::test]
async fn duplicates_are_shown_side_by_side_and_merged_through_the_form() {
    for db in databases().await {
        let server = TestServer::start(db).await;
        let pak = web_login(&server, "pak-liaison").await;
        let first = file_case(&pak, "Shelling at the Chaman gate").await;
        let public = web_login(&server, "public").await;
        let second = file_case(&public, "Heard shelling at Chaman").await;
        let qat = web_login(&server, "qat-chair").await;
        act(&qat, &first, "acknowledge", &[]).await;
        act(&qat, &second, "acknowledge", &[]).await;
        // The inbox flags each with the other, and links to the comparison.
        let (_, desk) = qat.get("/desk").await;
        assert!(desk.contains("Cases with possible duplicates: 2."), "{desk}");
        for (case, other) in [(&first, &second), (&second, &first)] {
            let row = desk.split(&format!("href=\"/cases/{case}#actions\"")).nth(1).expect("in the inbox");
            let row = &row[..row.find("</tr>").unwrap()];
            assert!(row.contains("Possible duplicates:"), "{row}");
            assert!(row.contains(&format!(r#"href="/cases/{other}""#)), "{row}");
            assert!(row.contains(&format!(r#"href="/cases/{case}/merge""#)), "{row}");
        }
        // The case page links to the comparison; the comparison lists the other report.
        let (_, html) = qat.get(&format!("/cases/{second}")).await;
        assert!(html.contains(&format!(r#"href="/cases/{second}/merge""#)), "{html}");
        let (status, html) = qat.get(&format!("/cases/{second}/merge")).await;
        assert_eq!(status, 200);
        assert!(html.contains(&format!("Candidate {first}")) && html.contains("Shelling at the Chaman gate"), "{html}");
        assert!(html.contains("0.0 km") || html.contains(" km"), "{html}");
        // A wrong target comes back on the comparison page with the core's reason.
        let r = qat.submit(&format!("/cases/{second}/merge"), &[("into", &second), ("note", "")]).await;
        assert_eq!(r.status(), 422);
        let html = r.text().await.unwrap();
        assert!(html.contains("cannot be merged into itself") && html.contains("merge-into-error"), "{html}");
        let r = qat.submit(&format!("/cases/{second}/merge"), &[("into", &first), ("note", "Same clash.")]).await;
        assert_eq!((r.status().as_u16(), location(&r)), (303, format!("/cases/{second}")));
        assert_eq!(api_case(&server, "qat-chair", &second).await["case"]["status"], "merged");
        let (_, html) = qat.get(&format!("/cases/{first}")).await;
        assert!(html.contains(&format!(r#"href="/cases/{second}""#)), "the duplicate is linked: {html}");
        server.stop().await;
    }
}

#[tokio::test]
async fn a_one_time_password_must_be_changed_before_the_desk() {
    for db in databases().await {
        let server = TestServer::start(db).await;
        let admin = server.login("admin").await;
        let r = admin
            .post("/api/v1/principals", &serde_json::json!({"id": "jvt-2", "participant": "JVT", "role": "monitor"}))
            .await;
        assert_eq!(r.status(), 201);
        let created: Value = r.json().await.unwrap();
        let once = created["one_time_password"].as_str().unwrap().to_owned();
        let client = browser();
        let r = client
            .post(server.url("/login"))
            .form(&[("principal", "jvt-2"), ("password", once.as_str()), ("next", "/desk")])
            .send()
            .await
            .unwrap();
        assert_eq!((r.status().as_u16(), location(&r)), (303, "/account/password".to_owned()));
        let web = Web { server: &server, client };
        // Every desk page sends to the password change first.
        let r = web.client.get(server.url("/desk")).send().await.unwrap();
        assert_eq!(location(&r), "/account/password");
        let (status, html) = web.get("/account/password").await;
        assert_eq!(status, 200);
        let csrf = hidden(&html, "csrf").unwrap();
        let fresh = "a much longer passphrase";
        // Mismatched confirmation: the form again, the field named.
        let r = web
            .post_form(
                "/account/password",
                &[("csrf", &csrf), ("current", &once), ("new", fresh), ("confirm", "other")],
            )
            .await;
        assert_eq!(r.status(), 422);
        assert!(r.text().await.unwrap().contains("password-confirm-error"));
        let r = web
            .post_form("/account/password", &[("csrf", &csrf), ("current", &once), ("new", fresh), ("confirm", fresh)])
            .await;
        assert_eq!((r.status().as_u16(), location(&r)), (303, "/login?changed=1".to_owned()));
        // The session ended; the new password works and the desk opens.
        assert_eq!(web.client.get(server.url("/api/v1/me")).send().await.unwrap().status(), 401);
        let r = web
            .client
            .post(server.url("/login"))
            .form(&[("principal", "jvt-2"), ("password", fresh), ("next", "/desk")])
            .send()
            .await
            .unwrap();
        assert_eq!(location(&r), "/desk");
        let (status, html) = web.get("/desk").await;
        assert_eq!(status, 200);
        assert!(html.contains("Monitor desk"), "{html}");
        server.stop().await;
    }
}

#[tokio::test]
async fn a_click_on_the_map_fills_in_the_coordinates() {
    for db in databases().await {
        let server = TestServer::start(db).await;
        let pak = web_login(&server, "pak-liaison").await;
        let (status, form) = pak.get("/file").await;
        assert_eq!(status, 200);
        assert!(form.contains(r#"type="image" name="map" src="/file/map.svg?lang=en""#), "{form}");
        let map = pak.client.get(server.url("/file/map.svg")).send().await.unwrap();
        assert_eq!(map.headers()["content-type"], "image/svg+xml");
        assert!(map.text().await.unwrap().contains("id=\"border\""));

        // A pixel on the land: the form comes back with the place under it.
        let options = truce_server::web::desk::file::pick_map_options();
        let (lat, lon) = truce_geo::position_at(&options, 200.0, 250.0).unwrap();
        let r = pak.submit("/file", &[("map.x", "200"), ("map.y", "250"), ("allegation.summary", "kept")]).await;
        assert_eq!(r.status(), 200);
        let html = r.text().await.unwrap();
        assert!(
            html.contains(&format!("value=\"{lat:.4}\"")) && html.contains(&format!("value=\"{lon:.4}\"")),
            "{html}"
        );
        assert!((23.0..39.0).contains(&lat) && (60.0..78.0).contains(&lon), "{lat},{lon}");
        assert!(html.contains("Coordinates from the map") && html.contains("value=\"kept\""), "{html}");

        // The legend is not the map: the field is named and nothing is filed.
        let before = server.login("pak-liaison").await.get("/api/v1/cases?limit=200").await.text().await.unwrap();
        let r = pak.submit("/file", &[("map.x", "600"), ("map.y", "100")]).await;
        assert_eq!(r.status(), 422);
        let html = r.text().await.unwrap();
        assert!(html.contains("file-map-error") && html.contains("outside the map area"), "{html}");
        let after = server.login("pak-liaison").await.get("/api/v1/cases?limit=200").await.text().await.unwrap();
        assert_eq!(before, after);
        server.stop().await;
    }
}

#[tokio::test]
async fn a_liaison_announces_a_delegation_and_answers_a_communique_from_the_desk() {
    for db in databases().await {
        let server = TestServer::start(db).await;
        let tur = server.login("tur-mediator").await;
        let afg_api = server.login("afg-liaison").await;
        let plan = serde_json::json!({"type": "plan_round.v1", "round": "ankara-2025-12", "title": "Fourth round",
            "venue": "Ankara", "starts_on": "2025-12-10", "ends_on": "2025-12-11", "time_zone": "Europe/Istanbul",
            "host": "TUR", "mediators": ["TUR", "QAT"], "agenda": [{"id": "modalities", "title": "Modalities"}]});
        assert_eq!(tur.post("/api/v1/talks/commands", &plan).await.status(), 201);
        let afg_delegation = serde_json::json!({"type": "announce_delegation.v1", "round": "ankara-2025-12",
            "participant": "AFG", "members": [{"name": "A", "title": "Director", "rank": "director_general", "head": true}]});
        assert_eq!(afg_api.post("/api/v1/talks/commands", &afg_delegation).await.status(), 201);

        let pak = web_login(&server, "pak-liaison").await;
        let (_, desk) = pak.get("/desk").await;
        assert!(desk.contains("href=\"/desk/talks\""), "the desk leads to the talks");
        let (status, html) = pak.get("/desk/talks").await;
        assert_eq!(status, 200);
        assert!(
            html.contains("Announce your delegation") && html.contains("action=\"/desk/talks/announce\""),
            "{html}"
        );
        // A rank the ladder does not have: the page again, naming the field.
        let member =
            [("round", "ankara-2025-12"), ("name0", "Khawaja Asif"), ("title0", "Minister of Defence"), ("head", "0")];
        let mut bad = member.to_vec();
        bad.push(("rank0", "field_marshal"));
        let r = pak.submit("/desk/talks/announce", &bad).await;
        assert_eq!(r.status().as_u16(), 422);
        let html = r.text().await.unwrap();
        assert!(html.contains("members[0].rank") && html.contains("field_marshal is not on the agreement"), "{html}");
        let mut good = member.to_vec();
        good.push(("rank0", "minister"));
        let r = pak.submit("/desk/talks/announce", &good).await;
        assert_eq!(r.status().as_u16(), 303);
        assert!(location(&r).starts_with("/desk/talks?done="), "{}", location(&r));
        // Announced, and everyone sees the rule it fails.
        let (_, public) = pak.get("/talks/rounds/ankara-2025-12?lang=en").await;
        assert!(public.contains("Khawaja Asif") && public.contains("heads-within-one-rung"), "{public}");
        assert!(public.contains("4 rungs apart, at most 1 allowed"), "{public}");

        let draft = serde_json::json!({"type": "draft_communique.v1", "communique": "ankara-statement",
            "round": "ankara-2025-12", "title": "Ankara statement", "signatories": ["PAK", "AFG"],
            "texts": {"en": "Both sides commit in writing."}, "authoritative": "en"});
        assert_eq!(tur.post("/api/v1/talks/commands", &draft).await.status(), 201);
        let afg = web_login(&server, "afg-liaison").await;
        let (_, desk) = afg.get("/desk/talks").await;
        assert!(desk.contains("/desk/talks/communiques/ankara-statement"), "awaiting AFG's answer");
        let (status, html) = afg.get("/desk/talks/communiques/ankara-statement").await;
        assert_eq!(status, 200);
        assert!(html.contains("truce keys sign --key PARTICIPANT.key "), "the statement to sign offline is shown");
        let r = afg
            .submit(
                "/desk/talks/decline",
                &[("communique", "ankara-statement"), ("version", "1"), ("reason", "Verbal only")],
            )
            .await;
        assert_eq!(r.status().as_u16(), 303, "{}", r.text().await.unwrap());
        let (_, html) = afg.get("/desk/talks/communiques/ankara-statement").await;
        assert!(html.contains("Declined: Verbal only"), "{html}");
        // Pakistan signs with its own key, made offline; the desk only carries it.
        let pak_api = server.login("pak-liaison").await;
        let seen: Value = pak_api.get("/api/v1/communiques/ankara-statement").await.json().await.unwrap();
        use base64::Engine as _;
        let statement = base64::engine::general_purpose::STANDARD.decode(seen["statement"].as_str().unwrap()).unwrap();
        let forged = truce_node::consent::sign_statement(&server.participant_key("AFG"), &statement);
        let r = pak
            .submit("/desk/talks/sign", &[("communique", "ankara-statement"), ("version", "1"), ("signature", &forged)])
            .await;
        assert_eq!(r.status().as_u16(), 422);
        let html = r.text().await.unwrap();
        assert!(html.contains("Refused: signature: ") && html.contains("participant key"), "{html}");
        let signature = truce_node::consent::sign_statement(&server.participant_key("PAK"), &statement);
        let r = pak
            .submit(
                "/desk/talks/sign",
                &[("communique", "ankara-statement"), ("version", "1"), ("signature", &signature)],
            )
            .await;
        assert_eq!(r.status().as_u16(), 303);
        let (_, html) = pak.get("/desk/talks/communiques/ankara-statement").await;
        assert!(html.contains("Signed (record"), "{html}");
        server.stop().await;
    }
}

/// Filing known only to the day, amending before admission, the mediators'
/// note and the filer's withdrawal, all through the forms.
#[tokio::test]
async fn the_filer_amends_and_withdraws_and_the_mediators_note_through_the_forms() {
    for db in databases().await {
        let server = TestServer::start(db).await;
        let pak = web_login(&server, "pak-liaison").await;
        let yesterday = truce_node::clock::now().checked_sub(jiff::SignedDuration::from_hours(30)).unwrap();
        let day = jiff::tz::Offset::UTC.to_datetime(yesterday).date().to_string();
        let mut fields: Vec<(&str, &str)> = allegation_fields("Shelling known only to the day", "")
            .into_iter()
            .filter(|(name, _)| *name != "occurred_at")
            .collect();
        fields.push(("occurred_day", &day));
        // A time and a day both given: neither is dropped in silence.
        let when = two_hours_ago_pkt();
        let mut both = fields.clone();
        both.push(("occurred_at", when.as_str()));
        let refused = pak.submit("/file", &both).await;
        assert_eq!(refused.status(), 422);
        assert!(refused.text().await.unwrap().contains("Give either the time or the day"));
        let r = pak.submit("/file", &fields).await;
        assert_eq!(r.status(), 303, "{}", r.text().await.unwrap());
        let id = location(&r).strip_prefix("/cases/").unwrap().to_owned();
        let filed = api_case(&server, "pak-liaison", &id).await;
        assert_eq!(filed["case"]["allegation"]["time_precision"], "day");
        assert_eq!(filed["case"]["allegation"]["occurred_at"], format!("{day}T00:00:00Z"));
        let (_, html) = pak.get(&format!("/cases/{id}")).await;
        assert!(html.contains("(the day only)"), "{html}");

        // The amendment form comes filled with the allegation as it stands.
        let (status, html) = pak.get(&format!("/cases/{id}/amend")).await;
        assert_eq!(status, 200);
        assert!(html.contains(r#"value="Shelling known only to the day""#), "{html}");
        assert!(html.contains(&format!(r#"value="{day}""#)), "the day is kept: {html}");
        let mut amended: Vec<(&str, &str)> = fields
            .iter()
            .map(
                |(n, v)| if *n == "allegation.summary" { (*n, "Mortar fire, known only to the day") } else { (*n, *v) },
            )
            .collect();
        let refused = pak.submit(&format!("/cases/{id}/amend"), &amended).await;
        assert_eq!(refused.status(), 422, "an amendment needs its reason");
        assert!(
            refused.text().await.unwrap().contains("Mortar fire, known only to the day"),
            "the form keeps what was typed"
        );
        amended.push(("reason", "The weapon was a mortar."));
        let r = pak.submit(&format!("/cases/{id}/amend"), &amended).await;
        assert_eq!((r.status().as_u16(), location(&r)), (303, format!("/cases/{id}")));
        let view = api_case(&server, "pak-liaison", &id).await;
        assert_eq!(view["case"]["allegation"]["summary"], "Mortar fire, known only to the day");
        assert_eq!(view["case"]["amendments"][0]["reason"], "The weapon was a mortar.");
        // Nobody else is offered the amendment.
        let afg = web_login(&server, "afg-liaison").await;
        let (_, html) = afg.get(&format!("/cases/{id}")).await;
        assert!(!html.contains(&format!("/cases/{id}/amend")));

        let chair = web_login(&server, "qat-chair").await;
        act(&chair, &id, "note", &[("text", "Internal: ask about the second post.")]).await;
        let (_, html) = chair.get(&format!("/cases/{id}")).await;
        assert!(html.contains("Internal: ask about the second post."));
        let (_, html) = pak.get(&format!("/cases/{id}")).await;
        assert!(!html.contains("Internal: ask about the second post."), "a party read the mediators' note");

        act(&pak, &id, "withdraw", &[("reason", "Filed in error.")]).await;
        assert_eq!(api_case(&server, "pak-liaison", &id).await["case"]["status"], "withdrawn");
        server.stop().await;
    }
}

/// No raw identifier of the agreement's penalty ladder in front of people:
/// a case history names a measure as the agreement does ("Referral to a
/// principals' meeting"), not by its id (`principals_referral`).
#[tokio::test]
async fn case_histories_name_penalty_measures_in_words() {
    let server = TestServer::start(None).await;
    let chair = server.login("qat-chair").await;
    let list: serde_json::Value = chair.get("/api/v1/cases?limit=200").await.json().await.unwrap();
    let ids: Vec<String> =
        list["cases"].as_array().unwrap().iter().map(|c| c["id"].as_str().unwrap().to_owned()).collect();
    let ladder = ["formal_notice", "public_attribution", "principals_referral", "benefit_suspension"];
    let mut measures_named = 0;
    for id in &ids {
        let html = chair.get(&format!("/cases/{id}")).await.text().await.unwrap();
        // The text people read: tags and attribute values dropped.
        let mut text = String::new();
        let mut in_tag = false;
        for ch in html.chars() {
            match ch {
                '<' => in_tag = true,
                '>' => in_tag = false,
                c if !in_tag => text.push(c),
                _ => {}
            }
        }
        for raw in ladder {
            assert!(!text.contains(raw), "{id}: the history shows the id {raw}");
        }
        measures_named += ["Formal notice", "Public attribution", "Referral to a principals", "Suspension of agreed"]
            .iter()
            .filter(|m| text.contains(*m))
            .count();
    }
    assert!(measures_named > 0, "no case history names a penalty measure: the test checks nothing");
    server.stop().await;
}
