//! No raw identifiers in front of people: the main pages, public and
//! logged in, in English and in Urdu, are read as a person reads them
//! (their text, not their markup, addresses or code samples) and no
//! snake_case identifier such as `principals_referral` or `not_confirmed`
//! may appear in it. Every such word is a vocabulary's name that the page
//! should have put into words.

use serde_json::Value;

use crate::common::{TestServer, databases};

/// The text of `html` a person reads: the markup, scripts, styles and
/// the code samples (`<code>`, `<pre>`, where an identifier is the point)
/// taken out; tooltips (`<title>` in a drawing) kept, as they are shown.
fn visible_text(html: &str) -> String {
    let mut text = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        text.push_str(&rest[..open]);
        text.push(' ');
        rest = &rest[open..];
        let lower = rest.get(..8).unwrap_or(rest).to_ascii_lowercase();
        let skip_to = ["<script", "<style", "<code", "<pre"].iter().find(|t| lower.starts_with(*t)).map(|t| {
            let name = &t[1..];
            format!("</{name}>")
        });
        match skip_to {
            Some(end) => match rest.find(&end) {
                Some(at) => rest = &rest[at + end.len()..],
                None => rest = "",
            },
            None => match rest.find('>') {
                Some(at) => rest = &rest[at + 1..],
                None => rest = "",
            },
        }
    }
    text.push_str(rest);
    text
}

/// The snake_case words in `text`: lower-case letters and digits joined by underscores.
fn snake_case_words(text: &str) -> Vec<String> {
    text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .filter(|w| {
            let parts: Vec<&str> = w.split('_').collect();
            parts.len() >= 2
                && parts
                    .iter()
                    .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()))
        })
        .map(str::to_owned)
        .collect()
}

#[test]
fn the_reading_finds_identifiers_in_text_and_none_in_code_or_markup() {
    let page = "<p class=\"case_row\">Referred (principals_referral)</p><code>not_confirmed</code><pre>a_b</pre>\
                <svg><title>X-1 (under_investigation)</title></svg><a href=\"/x?y_z=1\">fine words</a>";
    assert_eq!(snake_case_words(&visible_text(page)), ["principals_referral", "under_investigation"]);
    assert!(snake_case_words("A sector: Chaman – Kandahar; 2025-10-17-paktika; TTP_").is_empty());
}

/// The main pages for `who` (none: the public), with the page of each case.
fn pages_of(who: Option<&str>, cases: &[String]) -> Vec<String> {
    let mut paths: Vec<String> = ["/", "/findings", "/reports", "/data", "/verify", "/agreement", "/talks"]
        .into_iter()
        .map(str::to_owned)
        .collect();
    paths.extend(cases.iter().map(|c| format!("/cases/{c}")));
    if let Some(who) = who {
        paths.extend(["/desk", "/desk/talks", "/desk/webhooks", "/desk/devices"].map(str::to_owned));
        if who == "admin" {
            paths.push("/desk/admin/principals".to_owned());
        }
        if who.ends_with("liaison") {
            paths.push("/file".to_owned());
        }
    }
    paths
}

#[tokio::test]
async fn the_main_pages_show_no_raw_identifiers() {
    for db in databases().await {
        let server = TestServer::start(db).await;
        let chair = server.login("qat-chair").await;
        let cases: Value = chair.get("/api/v1/cases").await.json().await.unwrap();
        let cases: Vec<String> = cases["cases"]
            .as_array()
            .or(cases.as_array())
            .unwrap_or_else(|| panic!("no case list: {cases}"))
            .iter()
            .map(|c| c["id"].as_str().unwrap().to_owned())
            .collect();
        assert!(cases.len() >= 3, "the demo has cases: {cases:?}");
        let mut found = Vec::new();
        for who in
            [None, Some("qat-chair"), Some("pak-liaison"), Some("afg-liaison"), Some("jvt-monitor"), Some("admin")]
        {
            let client = match who {
                Some(p) => server.login(p).await.client,
                None => server.anonymous(),
            };
            for path in pages_of(who, &cases) {
                for lang in ["en", "ur"] {
                    let sep = if path.contains('?') { '&' } else { '?' };
                    let r = client.get(server.url(&format!("{path}{sep}lang={lang}"))).send().await.unwrap();
                    if !r.status().is_success() {
                        // A case this reader may not see: nothing of it is shown.
                        continue;
                    }
                    let html = r.text().await.unwrap();
                    for word in snake_case_words(&visible_text(&html)) {
                        found.push(format!("{path} ({lang}, {}): {word}", who.unwrap_or("public")));
                    }
                }
            }
        }
        found.sort();
        found.dedup();
        assert!(found.is_empty(), "raw identifiers shown to people:\n{}", found.join("\n"));
        server.stop().await;
    }
}
