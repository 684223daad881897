//! The incident report as an XForm, made from the agreement in force.
//!
//! The parties a report may accuse, the provisions it may cite and the
//! acts each provision names come from the agreement, so the form cannot
//! be a fixed file: when an amendment enters into force the choices
//! change, and so do the form's version and hash, which is how ODK Collect
//! knows to download it again. The questions themselves are fixed here
//! (and in `forms/incident_report.md`, the XLSForm that pyxform checks in
//! CI); the instance they produce is read back by [`super::parse`], which
//! finds each answer by its element name, wherever a group puts it.
//!
//! Labels are in the six languages of the pages (`itext`). The parties'
//! names come from the agreement in each language; provision titles and
//! act names are the agreement's and the vocabulary's English words.

use crate::app::xml::escape;
use truce_core::Agreement;
use truce_core::vocab::ActType;

/// The form's id, as the instance's root element and its `id` attribute.
pub const INCIDENT_FORM: &str = "truce_incident_report";

/// Moved on whenever the questions below change, so a changed form gets a
/// new version even under the same agreement.
pub const FORM_REVISION: u32 = 1;

/// The languages of the form: (XForm language name, tag).
pub const LANGUAGES: [(&str, &str); 6] = [
    ("English (en)", "en"),
    ("Urdu (ur)", "ur"),
    ("Pashto (ps)", "ps"),
    ("Dari (prs)", "fa"),
    ("Turkish (tr)", "tr"),
    ("Arabic (ar)", "ar"),
];

/// A question's label in each of [`LANGUAGES`], in order (machine-drafted
/// beyond English, as the pages' translations are).
type Labels = [&'static str; 6];

const TITLE: Labels =
    ["Incident report", "واقعے کی رپورٹ", "د پېښې راپور", "گزارش رویداد", "Olay raporu", "تقرير حادثة"];

/// Every question: (element name, XForm type, required, labels).
const QUESTIONS: [(&str, &str, bool, Labels); 17] = [
    (
        "accused",
        "select1",
        true,
        [
            "Which party is accused?",
            "کس فریق پر الزام ہے؟",
            "کوم اړخ تورن دی؟",
            "کدام طرف متهم است؟",
            "Hangi taraf suçlanıyor?",
            "أي طرف متهم؟",
        ],
    ),
    (
        "provisions",
        "select",
        true,
        [
            "Which provisions were breached?",
            "کن شقوں کی خلاف ورزی ہوئی؟",
            "کومې مادې مات شوې؟",
            "کدام مواد نقض شد؟",
            "Hangi hükümler ihlal edildi?",
            "ما البنود التي انتهكت؟",
        ],
    ),
    (
        "acts",
        "select",
        true,
        ["What was done?", "کیا کیا گیا؟", "څه وشول؟", "چه انجام شد؟", "Ne yapıldı?", "ماذا حدث؟"],
    ),
    (
        "occurred_at",
        "dateTime",
        true,
        ["When did it happen?", "یہ کب ہوا؟", "دا کله وشول؟", "چه وقت رخ داد؟", "Ne zaman oldu?", "متى حدث ذلك؟"],
    ),
    (
        "location",
        "geopoint",
        false,
        ["Where did it happen?", "یہ کہاں ہوا؟", "دا چېرته وشول؟", "کجا رخ داد؟", "Nerede oldu?", "أين حدث ذلك؟"],
    ),
    (
        "place_name",
        "string",
        false,
        ["Name of the place", "جگہ کا نام", "د ځای نوم", "نام محل", "Yerin adı", "اسم المكان"],
    ),
    (
        "summary",
        "string",
        true,
        [
            "One line: what happened",
            "ایک سطر: کیا ہوا",
            "یوه کرښه: څه پېښ شول",
            "یک سطر: چه رخ داد",
            "Tek satır: ne oldu",
            "سطر واحد: ماذا حدث",
        ],
    ),
    ("narrative", "string", false, ["The account", "تفصیل", "بشپړ حال", "شرح کامل", "Anlatım", "الرواية"]),
    (
        "civilians_killed_known",
        "select1",
        true,
        [
            "Civilians killed: is the number known?",
            "ہلاک شہری: کیا تعداد معلوم ہے؟",
            "وژل شوي ملکي: شمېر معلوم دی؟",
            "غیرنظامیان کشته: آیا تعداد معلوم است؟",
            "Ölen siviller: sayı biliniyor mu?",
            "المدنيون القتلى: هل العدد معروف؟",
        ],
    ),
    (
        "civilians_killed_low",
        "int",
        false,
        [
            "Civilians killed: lowest",
            "ہلاک شہری: کم از کم",
            "وژل شوي ملکي: لږ تر لږه",
            "غیرنظامیان کشته: کمترین",
            "Ölen siviller: en az",
            "المدنيون القتلى: الأدنى",
        ],
    ),
    (
        "civilians_killed_best",
        "int",
        false,
        [
            "Civilians killed: best estimate",
            "ہلاک شہری: بہترین اندازہ",
            "وژل شوي ملکي: غوره اټکل",
            "غیرنظامیان کشته: بهترین برآورد",
            "Ölen siviller: en iyi tahmin",
            "المدنيون القتلى: أفضل تقدير",
        ],
    ),
    (
        "civilians_killed_high",
        "int",
        false,
        [
            "Civilians killed: highest",
            "ہلاک شہری: زیادہ سے زیادہ",
            "وژل شوي ملکي: ډېر تر ډېره",
            "غیرنظامیان کشته: بیشترین",
            "Ölen siviller: en çok",
            "المدنيون القتلى: الأعلى",
        ],
    ),
    (
        "combatants_killed_known",
        "select1",
        true,
        [
            "Combatants killed: is the number known?",
            "ہلاک جنگجو: کیا تعداد معلوم ہے؟",
            "وژل شوي جنګیالي: شمېر معلوم دی؟",
            "نظامیان کشته: آیا تعداد معلوم است؟",
            "Ölen savaşanlar: sayı biliniyor mu?",
            "المقاتلون القتلى: هل العدد معروف؟",
        ],
    ),
    (
        "combatants_killed_low",
        "int",
        false,
        [
            "Combatants killed: lowest",
            "ہلاک جنگجو: کم از کم",
            "وژل شوي جنګیالي: لږ تر لږه",
            "نظامیان کشته: کمترین",
            "Ölen savaşanlar: en az",
            "المقاتلون القتلى: الأدنى",
        ],
    ),
    (
        "combatants_killed_best",
        "int",
        false,
        [
            "Combatants killed: best estimate",
            "ہلاک جنگجو: بہترین اندازہ",
            "وژل شوي جنګیالي: غوره اټکل",
            "نظامیان کشته: بهترین برآورد",
            "Ölen savaşanlar: en iyi tahmin",
            "المقاتلون القتلى: أفضل تقدير",
        ],
    ),
    (
        "combatants_killed_high",
        "int",
        false,
        [
            "Combatants killed: highest",
            "ہلاک جنگجو: زیادہ سے زیادہ",
            "وژل شوي جنګیالي: ډېر تر ډېره",
            "نظامیان کشته: بیشترین",
            "Ölen savaşanlar: en çok",
            "المقاتلون القتلى: الأعلى",
        ],
    ),
    ("photo", "binary", false, ["Photo", "تصویر", "انځور", "عکس", "Fotoğraf", "صورة"]),
];

/// How many photos a report may carry (`photo1` … `photo3`).
pub const PHOTOS: usize = 3;

const KNOWN: [(&str, Labels); 2] = [
    ("known", ["Known", "معلوم", "معلوم", "معلوم", "Biliniyor", "معروف"]),
    ("unknown", ["Unknown", "نامعلوم", "نامعلوم", "نامعلوم", "Bilinmiyor", "غير معروف"]),
];

/// An act type in words: `shelling_artillery` → `Shelling artillery`.
fn act_words(act: ActType) -> String {
    let words = act.as_str().replace('_', " ");
    let mut chars = words.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

/// The choices of a select question: (value, label in each language).
fn choices(agreement: &Agreement, name: &str) -> Vec<(String, Vec<String>)> {
    let same = |label: String| LANGUAGES.iter().map(|_| label.clone()).collect::<Vec<_>>();
    match name {
        "accused" => agreement
            .parties()
            .map(|p| (p.id.to_string(), LANGUAGES.iter().map(|(_, tag)| p.name(tag).to_owned()).collect()))
            .collect(),
        "provisions" => {
            agreement.provisions.iter().map(|p| (p.id.to_string(), same(format!("{}: {}", p.id, p.title)))).collect()
        }
        "acts" => {
            // The acts some provision names, in the vocabulary's order.
            ActType::ALL
                .into_iter()
                .filter(|a| agreement.provisions.iter().any(|p| p.prohibited_acts.contains(a)))
                .map(|a| (a.as_str().to_owned(), same(act_words(a))))
                .collect()
        }
        _ if name.ends_with("_known") => KNOWN
            .iter()
            .map(|(value, labels)| ((*value).to_owned(), labels.iter().map(|l| (*l).to_owned()).collect()))
            .collect(),
        _ => Vec::new(),
    }
}

/// The element names of the instance, in order (photos numbered).
fn fields() -> Vec<(String, &'static str, bool, &'static Labels)> {
    let mut out = Vec::new();
    for (name, kind, required, labels) in &QUESTIONS {
        if *name == "photo" {
            for n in 1..=PHOTOS {
                out.push((format!("photo{n}"), *kind, *required, labels));
            }
        } else {
            out.push(((*name).to_owned(), *kind, *required, labels));
        }
    }
    out
}

/// The XForm of the incident report under `agreement`, version `version`.
pub fn incident_report(agreement: &Agreement, version: &str) -> String {
    let fields = fields();
    let mut x = String::new();
    x.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    x.push_str(
        "<h:html xmlns=\"http://www.w3.org/2002/xforms\" xmlns:h=\"http://www.w3.org/1999/xhtml\" \
         xmlns:jr=\"http://openrosa.org/javarosa\" xmlns:odk=\"http://www.opendatakit.org/xforms\" \
         xmlns:orx=\"http://openrosa.org/xforms\" xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\">\n",
    );
    x.push_str(&format!("<h:head>\n<h:title>{}</h:title>\n<model odk:xforms-version=\"1.0.0\">\n", escape(TITLE[0])));
    // The labels, one translation per language.
    x.push_str("<itext>\n");
    for (lang_index, (lang, _)) in LANGUAGES.iter().enumerate() {
        let default = if lang_index == 0 { " default=\"true()\"" } else { "" };
        x.push_str(&format!("<translation lang=\"{}\"{default}>\n", escape(lang)));
        for (name, _, _, labels) in &fields {
            let label = labels.get(lang_index).copied().unwrap_or(labels[0]);
            x.push_str(&format!("<text id=\"/data/{name}:label\"><value>{}</value></text>\n", escape(label)));
            for (n, (_, choice_labels)) in choices(agreement, name).iter().enumerate() {
                let label = choice_labels.get(lang_index).map_or("", String::as_str);
                x.push_str(&format!("<text id=\"/data/{name}/{n}:label\"><value>{}</value></text>\n", escape(label)));
            }
        }
        x.push_str("</translation>\n");
    }
    x.push_str("</itext>\n");
    // The instance.
    x.push_str(&format!("<instance>\n<data id=\"{INCIDENT_FORM}\" version=\"{}\">\n", escape(version)));
    for (name, ..) in &fields {
        x.push_str(&format!("<{name}/>\n"));
    }
    x.push_str("<meta>\n<instanceID/>\n</meta>\n</data>\n</instance>\n");
    // The bindings.
    for (name, kind, required, _) in &fields {
        let kind = match *kind {
            "select" | "select1" => "string",
            other => other,
        };
        let required = if *required { " required=\"true()\"" } else { "" };
        let media = if kind == "binary" { " orx:max-pixels=\"2048\"" } else { "" };
        let relevant = if name.ends_with("_low") || name.ends_with("_best") || name.ends_with("_high") {
            let base = name.rsplit_once('_').map_or(name.as_str(), |(b, _)| b);
            format!(" relevant=\"/data/{base}_known = 'known'\" required=\"true()\"")
        } else {
            String::new()
        };
        x.push_str(&format!("<bind nodeset=\"/data/{name}\" type=\"{kind}\"{required}{relevant}{media}/>\n"));
    }
    x.push_str("<bind nodeset=\"/data/meta/instanceID\" type=\"string\" readonly=\"true()\" jr:preload=\"uid\"/>\n");
    x.push_str("</model>\n</h:head>\n<h:body>\n");
    for (name, kind, ..) in &fields {
        let label = format!("<label ref=\"jr:itext('/data/{name}:label')\"/>");
        match *kind {
            "select" | "select1" => {
                x.push_str(&format!("<{kind} ref=\"/data/{name}\">{label}\n"));
                for (n, (value, _)) in choices(agreement, name).iter().enumerate() {
                    x.push_str(&format!(
                        "<item><label ref=\"jr:itext('/data/{name}/{n}:label')\"/><value>{}</value></item>\n",
                        escape(value)
                    ));
                }
                x.push_str(&format!("</{kind}>\n"));
            }
            "binary" => x.push_str(&format!("<upload ref=\"/data/{name}\" mediatype=\"image/*\">{label}</upload>\n")),
            _ => x.push_str(&format!("<input ref=\"/data/{name}\">{label}</input>\n")),
        }
    }
    x.push_str("</h:body>\n</h:html>\n");
    x
}

/// A cell of a markdown XLSForm: no `|`, no line break.
fn cell(text: &str) -> String {
    text.replace('|', "/").replace(['\n', '\r'], " ")
}

/// The same form as an XLSForm in pyxform's markdown flavour, for
/// `agreement`: the source shipped in `forms/`, which pyxform compiles and
/// ODK Validate checks in CI, so the questions rendered above are held to
/// what the ODK tools make of them.
pub fn incident_report_xlsform(agreement: &Agreement) -> String {
    let mut md = String::from(
        "<!-- The incident report as an XLSForm (pyxform's markdown flavour), written by\n     \
         truce_server::app::field::xform::incident_report_xlsform for agreements/doha-istanbul-2025.toml.\n     \
         The server renders the XForm itself from the agreement in force; CI compiles this file\n     \
         with pyxform and ODK Validate and checks its instance against the served form. -->\n\n| survey |\n| | type | name |",
    );
    for (lang, _) in LANGUAGES {
        md.push_str(&format!(" label::{lang} |"));
    }
    md.push_str(" required | relevant |\n");
    for (name, kind, required, labels) in fields() {
        let kind = match kind {
            "select1" if name.ends_with("_known") => "select_one known".to_owned(),
            "select1" => format!("select_one {name}"),
            "select" => format!("select_multiple {name}"),
            "string" => "text".to_owned(),
            "int" => "integer".to_owned(),
            "binary" => "image".to_owned(),
            other => other.to_owned(),
        };
        let relevant = if name.ends_with("_low") || name.ends_with("_best") || name.ends_with("_high") {
            let base = name.rsplit_once('_').map_or(name.as_str(), |(b, _)| b);
            format!("${{{base}_known}} = 'known'")
        } else {
            String::new()
        };
        let required = if required || !relevant.is_empty() { "yes" } else { "" };
        md.push_str(&format!("| | {kind} | {name} |"));
        for label in labels {
            md.push_str(&format!(" {} |", cell(label)));
        }
        md.push_str(&format!(" {required} | {relevant} |\n"));
    }
    md.push_str("\n| choices |\n| | list_name | name |");
    for (lang, _) in LANGUAGES {
        md.push_str(&format!(" label::{lang} |"));
    }
    md.push('\n');
    for list in ["accused", "provisions", "acts", "civilians_killed_known"] {
        let list_name = if list.ends_with("_known") { "known" } else { list };
        for (value, labels) in choices(agreement, list) {
            md.push_str(&format!("| | {list_name} | {} |", cell(&value)));
            for label in labels {
                md.push_str(&format!(" {} |", cell(&label)));
            }
            md.push('\n');
        }
    }
    md.push_str(&format!(
        "\n| settings |\n| | form_id | form_title | version |\n| | {INCIDENT_FORM} | {} | {FORM_REVISION} |\n",
        cell(TITLE[0])
    ));
    md
}

#[cfg(test)]
mod tests {
    fn doha() -> truce_core::Agreement {
        truce_core::Agreement::from_toml(include_str!("../../../../../agreements/doha-istanbul-2025.toml"))
            .expect("the demo agreement parses")
    }

    /// The choices are the agreement's: a provision the agreement drops
    /// leaves the form (and so its MD5 changes and Collect fetches it again),
    /// and only the acts some provision names are offered.
    #[test]
    fn the_form_follows_the_agreement() {
        let agreement = doha();
        let form = super::incident_report(&agreement, "1.1.abcdef01");
        assert!(form.contains("<value>P6</value>") && form.contains("<value>fortification</value>"));
        assert!(!form.contains("<value>hostile_propaganda</value>"), "no provision names it");
        assert!(form.contains("version=\"1.1.abcdef01\""));
        let mut amended = agreement.clone();
        amended.provisions.retain(|p| p.id.as_str() != "P6");
        let changed = super::incident_report(&amended, "1.1.abcdef01");
        assert!(!changed.contains("<value>P6</value>") && !changed.contains("<value>fortification</value>"));
        assert_ne!(crate::app::field::md5_hex(form.as_bytes()), crate::app::field::md5_hex(changed.as_bytes()));
        // Six translations, the parties named in each language.
        assert_eq!(form.matches("<translation lang=").count(), 6);
        let pak = &agreement.participants[&truce_core::ids::ParticipantId::parse("PAK").expect("id")];
        assert!(form.contains(&super::escape(pak.name("ur"))));
    }

    /// The XLSForm shipped in `forms/` is what this module writes for the
    /// demo agreement: change the questions, and the file must be written
    /// again (`TRUCE_WRITE_FORMS=1 cargo test -p truce-server shipped_xlsform`).
    #[test]
    fn the_shipped_xlsform_is_what_the_questions_make() {
        let md = super::incident_report_xlsform(&doha());
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../forms/incident_report.md");
        if std::env::var_os("TRUCE_WRITE_FORMS").is_some() {
            std::fs::write(path, &md).expect("forms/ is writable");
        }
        let shipped = std::fs::read_to_string(path).expect("forms/incident_report.md exists");
        assert_eq!(shipped, md, "forms/incident_report.md is stale: run with TRUCE_WRITE_FORMS=1");
    }
}
