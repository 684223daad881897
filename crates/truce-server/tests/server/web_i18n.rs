//! Web pages in six languages and three calendars, over HTTP: the language
//! comes from `?lang=`, then the `truce_lang` cookie, then
//! `Accept-Language`; right-to-left languages say so in `dir`; `?cal=`
//! shows dates in the Solar Hijri or Islamic calendar and is remembered.
//! Run on SQLite and, when `TRUCE_TEST_POSTGRES_URL` is set, PostgreSQL.

use reqwest::header::{ACCEPT_LANGUAGE, COOKIE, SET_COOKIE};
use serde_json::{Value, json};
use truce_server::web::calendar::{self, CalendarKind};
use truce_server::web::i18n::Lang;

use crate::common::{TestServer, databases};

/// A client that keeps no cookies, so each request says exactly what it sends.
fn bare() -> reqwest::Client {
    reqwest::Client::builder().build().unwrap()
}

async fn page(response: reqwest::Response, what: &str) -> (Vec<String>, String) {
    let status = response.status();
    let cookies =
        response.headers().get_all(SET_COOKIE).iter().filter_map(|v| v.to_str().ok()).map(str::to_owned).collect();
    let body = response.text().await.unwrap();
    assert_eq!(status, 200, "{what}: {body}");
    (cookies, body)
}

/// The `<html …>` start tag of a page.
fn html_tag(body: &str) -> &str {
    let start = body.find("<html").expect("an <html> element");
    let end = body[start..].find('>').expect("the end of the <html> tag");
    &body[start..start + end + 1]
}

#[tokio::test]
async fn the_language_comes_from_the_query_then_the_cookie_then_the_header() {
    for db in databases().await {
        let server = TestServer::start(db).await;
        let client = bare();

        // ?lang=ur: Urdu, right to left, and remembered in a cookie.
        let (cookies, body) = page(client.get(server.url("/?lang=ur")).send().await.unwrap(), "/?lang=ur").await;
        assert!(html_tag(&body).contains(r#"lang="ur" dir="rtl""#), "{}", html_tag(&body));
        let cookie = cookies.iter().find(|c| c.starts_with("truce_lang=")).expect("the language cookie is set");
        assert!(cookie.starts_with("truce_lang=ur;"), "{cookie}");
        assert!(body.contains(&Lang::Ur.endonym().to_owned()), "the switcher names Urdu in Urdu");
        // The frame is translated, not only marked: the Urdu of "Findings".
        assert!(body.contains(">نتائج<"), "the Urdu navigation");

        // The cookie alone, even against the header, keeps Urdu; and no
        // cookie is set again when nothing was chosen.
        let (cookies, body) = page(
            client
                .get(server.url("/"))
                .header(COOKIE, "truce_lang=ur")
                .header(ACCEPT_LANGUAGE, "tr")
                .send()
                .await
                .unwrap(),
            "/ with the cookie",
        )
        .await;
        assert!(html_tag(&body).contains(r#"lang="ur" dir="rtl""#), "{}", html_tag(&body));
        assert!(!cookies.iter().any(|c| c.starts_with("truce_lang=")), "{cookies:?}");

        // ?lang= wins over the cookie.
        let (_, body) = page(
            client.get(server.url("/?lang=tr")).header(COOKIE, "truce_lang=ur").send().await.unwrap(),
            "/?lang=tr with an Urdu cookie",
        )
        .await;
        assert!(html_tag(&body).contains(r#"lang="tr" dir="ltr""#), "{}", html_tag(&body));
        assert!(body.contains(">Bulgular<"), "the Turkish navigation");

        // Accept-Language: Dari is tagged fa-AF and is right to left.
        let (_, body) = page(
            client.get(server.url("/")).header(ACCEPT_LANGUAGE, "fa-AF, en;q=0.5").send().await.unwrap(),
            "/ in fa-AF",
        )
        .await;
        assert!(html_tag(&body).contains(r#"lang="fa-AF" dir="rtl""#), "{}", html_tag(&body));
        for (header, tag) in [("ps", "ps"), ("ar-EG", "ar"), ("tr-TR,tr;q=0.9", "tr")] {
            let (_, body) =
                page(client.get(server.url("/")).header(ACCEPT_LANGUAGE, header).send().await.unwrap(), header).await;
            let dir = if tag == "tr" { "ltr" } else { "rtl" };
            assert!(html_tag(&body).contains(&format!(r#"lang="{tag}" dir="{dir}""#)), "{header}: {}", html_tag(&body));
        }

        // An unknown language: English, no cookie; an unknown one in the
        // query does not hide a known one in the header.
        let (cookies, body) = page(client.get(server.url("/?lang=xx")).send().await.unwrap(), "/?lang=xx").await;
        assert!(html_tag(&body).contains(r#"lang="en" dir="ltr""#), "{}", html_tag(&body));
        assert!(!cookies.iter().any(|c| c.starts_with("truce_lang=")), "{cookies:?}");
        let (_, body) = page(
            client.get(server.url("/?lang=xx")).header(ACCEPT_LANGUAGE, "ar").send().await.unwrap(),
            "/?lang=xx in ar",
        )
        .await;
        assert!(html_tag(&body).contains(r#"lang="ar" dir="rtl""#), "{}", html_tag(&body));

        // The not-found page is in the chosen language too.
        let response = client.get(server.url("/no-such-page?lang=prs")).send().await.unwrap();
        assert_eq!(response.status(), 404);
        let body = response.text().await.unwrap();
        assert!(html_tag(&body).contains(r#"lang="fa-AF" dir="rtl""#), "{}", html_tag(&body));
        assert!(body.contains("پیدا نشد"), "the Dari not-found title");

        server.stop().await;
    }
}

#[tokio::test]
async fn a_case_page_shows_its_dates_in_the_chosen_calendar() {
    for db in databases().await {
        let server = TestServer::start(db).await;
        let pak = server.login("pak-liaison").await;
        let occurred = truce_node::clock::now().checked_sub(jiff::SignedDuration::from_hours(5)).unwrap();
        let allegation = json!({
            "accused": "AFG",
            "provisions": ["P1"],
            "acts": ["shelling_artillery"],
            "occurred_at": occurred.to_string(),
            "location": {"lat": 30.92, "lon": 66.45, "precision": 2, "place_name": "Chaman"},
            "summary": "Calendar test: shelling near Chaman",
        });
        let response = pak.post("/api/v1/cases", &json!({"id": "PAK-CAL-1", "allegation": allegation})).await;
        let status = response.status();
        let filed: Value = response.json().await.unwrap();
        assert!(status.is_success(), "file: {status} {filed}");
        let occurred: jiff::Timestamp = occurred.to_string().parse().unwrap();

        // ?cal=persian: the Solar Hijri date, remembered in a cookie.
        let response = pak.client.get(server.url("/cases/PAK-CAL-1?cal=persian")).send().await.unwrap();
        let (cookies, body) = page(response, "/cases/PAK-CAL-1?cal=persian").await;
        let solar = calendar::datetime(Lang::En, CalendarKind::SolarHijri, occurred);
        assert!(solar.contains(" SH "), "{solar}");
        assert!(body.contains(&solar), "the page shows {solar}");
        assert!(cookies.iter().any(|c| c.starts_with("truce_calendar=persian;")), "{cookies:?}");

        // The cookie (kept by the session's client) brings it back, now in Dari.
        let (_, body) = page(pak.get("/cases/PAK-CAL-1?lang=prs").await, "/cases/PAK-CAL-1?lang=prs").await;
        let dari = calendar::datetime(Lang::Prs, CalendarKind::SolarHijri, occurred);
        assert!(dari.contains("هـ ش"), "{dari}");
        assert!(body.contains(&dari), "the page shows {dari}");

        // The Islamic calendar, in Arabic.
        let (_, body) =
            page(pak.get("/cases/PAK-CAL-1?cal=islamic&lang=ar").await, "/cases/PAK-CAL-1?cal=islamic").await;
        let hijri = calendar::datetime(Lang::Ar, CalendarKind::Islamic, occurred);
        assert!(body.contains(&hijri), "the page shows {hijri}");

        // Back to Gregorian.
        let (_, body) =
            page(pak.get("/cases/PAK-CAL-1?cal=gregorian&lang=en").await, "/cases/PAK-CAL-1?cal=gregorian").await;
        let gregorian = calendar::datetime(Lang::En, CalendarKind::Gregorian, occurred);
        assert!(body.contains(&gregorian), "the page shows {gregorian}");
        assert!(!body.contains(&solar), "no Solar Hijri date is left");

        // An unknown calendar is Gregorian and sets no cookie.
        let response = bare().get(server.url("/?cal=mayan")).send().await.unwrap();
        let (cookies, _) = page(response, "/?cal=mayan").await;
        assert!(!cookies.iter().any(|c| c.starts_with("truce_calendar=")), "{cookies:?}");

        server.stop().await;
    }
}

#[tokio::test]
async fn the_home_page_dates_the_agreement_in_the_solar_hijri_calendar() {
    for db in databases().await {
        let server = TestServer::start(db).await;
        let (_, body) = page(bare().get(server.url("/?cal=persian")).send().await.unwrap(), "/?cal=persian").await;
        let months: Vec<String> = (1..=12).map(|m| calendar_month(Lang::En, m)).collect();
        let shown = months.iter().any(|m| body.contains(&format!(" {m} 14")));
        assert!(shown && body.contains(" SH"), "a Solar Hijri date of the 1400s on the home page");
        // And in Pashto, with the Pashto month names.
        let (_, body) =
            page(bare().get(server.url("/?cal=persian&lang=ps")).send().await.unwrap(), "/?cal=persian&lang=ps").await;
        let shown = (1..=12).any(|m| body.contains(&format!(" {} 14", calendar_month(Lang::Ps, m))));
        assert!(shown, "a Solar Hijri date with a Pashto month name on the home page");
        server.stop().await;
    }
}

/// The name of Solar Hijri month `m` in `lang`, as the pages write it.
fn calendar_month(lang: Lang, m: u8) -> String {
    truce_server::web::i18n::text(lang, &format!("month-persian-{m}"))
}

/// The clock times (HH:MM) followed by `suffix` in `html`, in minutes.
fn clock_times(html: &str, suffix: &str) -> Vec<i32> {
    let needle = format!(" {suffix}");
    let mut out = Vec::new();
    for (at, _) in html.match_indices(&needle) {
        let Some(clock) = html.get(at.saturating_sub(5)..at) else { continue };
        let (h, m) = match clock.split_once(':') {
            Some((h, m)) => (h.parse::<i32>(), m.parse::<i32>()),
            None => continue,
        };
        if let (Ok(h), Ok(m)) = (h, m) {
            out.push(h * 60 + m);
        }
    }
    out
}

/// Times can be read in Pakistan's or Afghanistan's clock as well as UTC,
/// chosen with `?tz=` and remembered.
#[tokio::test]
async fn times_are_shown_in_utc_or_in_either_partys_clock() {
    let server = TestServer::start(None).await;
    let chair = server.login("qat-chair").await;
    let page = |tz: &str| format!("/cases/2025-10-17-paktika{tz}");
    let utc = clock_times(&chair.get(&page("")).await.text().await.unwrap(), "UTC");
    assert!(!utc.is_empty(), "the case page shows clock times");
    let pkt = clock_times(&chair.get(&page("?tz=pkt")).await.text().await.unwrap(), "PKT");
    let expected: Vec<i32> = utc.iter().map(|t| (t + 5 * 60) % (24 * 60)).collect();
    assert_eq!(pkt, expected, "Pakistan's clock is UTC+5");
    let aft = clock_times(&chair.get(&page("?tz=aft")).await.text().await.unwrap(), "AFT");
    let expected: Vec<i32> = utc.iter().map(|t| (t + 4 * 60 + 30) % (24 * 60)).collect();
    assert_eq!(aft, expected, "Afghanistan's clock is UTC+4:30");
    // The choice is remembered (a cookie), and the switcher marks it.
    let remembered = chair.get(&page("")).await.text().await.unwrap();
    assert_eq!(clock_times(&remembered, "AFT").len(), utc.len());
    assert!(clock_times(&remembered, "UTC").is_empty(), "no UTC time left once AFT is chosen");
    let switcher = remembered.find("tz=aft").map(|i| &remembered[i..(i + 80).min(remembered.len())]).unwrap_or("");
    assert!(
        remembered.contains(r#"aria-current="true">Afghanistan time (AFT, UTC+4:30)"#),
        "the switcher marks AFT: {switcher}"
    );
    // An unknown zone is ignored: the remembered one stays.
    let unknown = chair.get(&page("?tz=mars")).await.text().await.unwrap();
    assert_eq!(clock_times(&unknown, "AFT").len(), utc.len());
    server.stop().await;
}

/// The maps speak the page's language: the legend, the statuses, the
/// countries and the attribution, on the home page and on the map a
/// liaison clicks to file.
#[tokio::test]
async fn the_maps_speak_the_pages_language() {
    let server = TestServer::start(None).await;
    let client = server.anonymous();
    let get = |path: &str| {
        let client = client.clone();
        let url = server.url(path);
        async move { client.get(url).send().await.unwrap().text().await.unwrap() }
    };
    let english = get("/?lang=en").await;
    assert!(english.contains(">Border sectors<") && english.contains(">AFGHANISTAN<"), "the English map");
    let urdu = get("/?lang=ur").await;
    for words in [">سرحدی سیکٹر<", ">افغانستان<", ">پاکستان<", ">واقعات<"] {
        assert!(urdu.contains(words), "the Urdu map lacks {words}");
    }
    assert!(!urdu.contains(">Border sectors<") && !urdu.contains(">Incidents<"), "English words left on the Urdu map");
    assert!(urdu.contains("لکیر اور ممالک: Natural Earth"), "the attribution, in Urdu, under the map");
    let pick = get("/file/map.svg?lang=ar").await;
    assert!(pick.contains(">قطاعات الحدود<") && pick.contains(">انقر حيث وقع الحادث<"), "the Arabic map to click on");
    let pick_en = get("/file/map.svg?lang=en").await;
    assert!(pick_en.contains(">Click where it happened<"));
    // The same geometry in every language: a click means the same place.
    let size = |svg: &str| svg.split("viewBox=\"").nth(1).and_then(|r| r.split('"').next()).unwrap_or("").to_owned();
    assert_eq!(size(&pick), size(&pick_en));
    server.stop().await;
}

/// The text between `start` and the next `end` after it in `html`.
fn between<'a>(html: &'a str, start: &str, end: &str) -> &'a str {
    let at = html.find(start).unwrap_or_else(|| panic!("no {start}")) + start.len();
    &html[at..at + html[at..].find(end).unwrap_or_else(|| panic!("no {end} after {start}"))]
}

#[tokio::test]
async fn the_home_pages_map_has_a_list_of_the_same_incidents_in_the_pages_language() {
    let server = TestServer::start(None).await;
    let urdu = server.anonymous().get(server.url("/?lang=ur")).send().await.unwrap().text().await.unwrap();
    let svg = between(&urdu, "<g id=\"incidents\">", "</g>\n</g>");
    let drawn: Vec<&str> = svg.split("<title>").skip(1).map(|t| t.split(" (").next().unwrap()).collect::<Vec<_>>();
    assert!(drawn.len() >= 2, "the demo draws incidents: {svg}");
    assert!(urdu.contains("href=\"#incident-list\""), "the map links its list");
    let list = between(&urdu, "id=\"incident-list\"", "</table>");
    let rows: Vec<&str> = list.split("<tr>").skip(2).collect();
    assert_eq!(rows.len(), drawn.len(), "one row per incident drawn: {list}");
    for id in &drawn {
        assert!(list.contains(&format!("href=\"/cases/{id}\"")), "{id} is in the list");
    }
    assert!(list.contains(">کیس<") && list.contains(">مقام<"), "the list's headings in Urdu: {list}");
    let statuses = ["رپورٹ شدہ", "زیرِ تفتیش", "تصدیق شدہ", "تصدیق نہیں ہوئی", "غیر حتمی", "دیگر"];
    assert!(rows.iter().all(|r| statuses.iter().any(|s| r.contains(s))), "each status in the legend's word: {list}");
    assert!(list.contains("کلومیٹر"), "the nearest place, in Urdu words: {list}");
    // The map's own tooltips name statuses in words too, never a raw identifier.
    assert!(!svg.contains("not_confirmed") && !svg.contains("under_investigation"), "{svg}");
    server.stop().await;
}
