//! The field forms as XForms, made from the agreement in force: a party's
//! incident report, and a monitoring team's site observation.
//!
//! The parties a report may accuse, the provisions it may cite and the
//! acts each provision names come from the agreement, so the forms cannot
//! be fixed files: when an amendment enters into force the choices
//! change, and so do the forms' versions and hashes, which is how ODK
//! Collect knows to download them again. The questions themselves are
//! fixed here ([`FormSpec`]), once for both renderings: the XForm the
//! server serves ([`xform`]) and the XLSForm shipped in `forms/`
//! ([`xlsform`]), which pyxform compiles and ODK Validate checks in CI.
//! Relevance, requirement and constraint expressions are written once, in
//! XLSForm's `${name}` syntax, and turned into the XForm's paths here.
//! The instance they produce is read back by [`super::parse`], which
//! finds each answer by its element name, wherever a group puts it.
//!
//! Every label, hint and choice is in the six languages of the pages
//! (`itext`). The questions' words are written here (machine-drafted
//! beyond English, as the pages' translations are); act types are the
//! pages' own words (the `act-…` messages of [`crate::app::i18n`]); the
//! parties' names come from the agreement in each language. Provision
//! titles and sector names have no translation anywhere in the project
//! (the agreement is signed in English; the sectors are the gazetteer's),
//! so every language shows them as written, after the provision's id.

use crate::app::i18n::{self, Lang};
use crate::app::xml::escape;
use truce_core::Agreement;
use truce_core::vocab::ActType;

/// The incident report's id, as the instance's root element and its `id` attribute.
pub const INCIDENT_FORM: &str = "truce_incident_report";

/// The site observation's id.
pub const OBSERVATION_FORM: &str = "truce_site_observation";

/// The languages of the forms: (XForm language name, tag of the
/// agreement's names), in [`Lang::ALL`]'s order.
pub const LANGUAGES: [(&str, &str); 6] = [
    ("English (en)", "en"),
    ("Urdu (ur)", "ur"),
    ("Pashto (ps)", "ps"),
    ("Dari (prs)", "fa"),
    ("Turkish (tr)", "tr"),
    ("Arabic (ar)", "ar"),
];

/// A text in each of [`LANGUAGES`], in order.
type Labels = [&'static str; 6];

/// How many photos a report may carry (`photo1` … `photo3`).
pub const PHOTOS: usize = 3;

/// What a question asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// One of a list's choices.
    One(&'static str),
    /// Any of a list's choices.
    Many(&'static str),
    DateTime,
    Geopoint,
    Text,
    Integer,
    Image,
}

impl Kind {
    /// The XForm bind type.
    fn bind(self) -> &'static str {
        match self {
            Kind::One(_) | Kind::Many(_) | Kind::Text => "string",
            Kind::DateTime => "dateTime",
            Kind::Geopoint => "geopoint",
            Kind::Integer => "int",
            Kind::Image => "binary",
        }
    }

    /// The XLSForm type.
    fn xlsform(self) -> String {
        match self {
            Kind::One(list) => format!("select_one {list}"),
            Kind::Many(list) => format!("select_multiple {list}"),
            Kind::DateTime => "dateTime".to_owned(),
            Kind::Geopoint => "geopoint".to_owned(),
            Kind::Text => "text".to_owned(),
            Kind::Integer => "integer".to_owned(),
            Kind::Image => "image".to_owned(),
        }
    }
}

/// One question of a form.
#[derive(Debug, Clone)]
struct Question {
    name: String,
    kind: Kind,
    /// `yes`, or an XLSForm expression; `None` when optional.
    required: Option<&'static str>,
    /// An XLSForm expression.
    relevant: Option<String>,
    /// An XLSForm expression on `.` and the message shown when it fails.
    constraint: Option<(&'static str, Labels)>,
    labels: Labels,
    hint: Option<Labels>,
}

impl Question {
    fn new(name: &str, kind: Kind, labels: Labels) -> Self {
        Question { name: name.to_owned(), kind, required: None, relevant: None, constraint: None, labels, hint: None }
    }

    fn required(mut self) -> Self {
        self.required = Some("yes");
        self
    }

    fn relevant(mut self, expression: &str) -> Self {
        self.relevant = Some(expression.to_owned());
        self
    }

    fn hint(mut self, hint: Labels) -> Self {
        self.hint = Some(hint);
        self
    }

    fn constraint(mut self, expression: &'static str, message: Labels) -> Self {
        self.constraint = Some((expression, message));
        self
    }
}

/// A form: its id, title, revision and questions.
#[derive(Debug, Clone)]
pub struct FormSpec {
    /// The form's id.
    pub id: &'static str,
    /// Its title in each language.
    title: Labels,
    /// Moved on whenever the questions change, so a changed form gets a
    /// new version even under the same agreement.
    pub revision: u32,
    questions: Vec<Question>,
}

impl FormSpec {
    /// The form's title in English (the form list's `name`).
    pub fn name(&self) -> &'static str {
        self.title[0]
    }

    /// The form with this id, if it is one of Truce's.
    pub fn by_id(id: &str) -> Option<FormSpec> {
        match id {
            INCIDENT_FORM => Some(incident_report()),
            OBSERVATION_FORM => Some(site_observation()),
            _ => None,
        }
    }
}

const PHOTO: Labels = ["Photo", "تصویر", "انځور", "عکس", "Fotoğraf", "صورة"];
const PLACE_NAME: Labels = ["Name of the place", "جگہ کا نام", "د ځای نوم", "نام محل", "Yerin adı", "اسم المكان"];

/// The questions every report of a breach asks: who, which provisions,
/// what was done. `relevant` limits them to a form's breach branch.
fn breach_questions(relevant: Option<&str>, accused_required: Option<&'static str>) -> Vec<Question> {
    let mut accused = Question::new(
        "accused",
        Kind::One("accused"),
        [
            "Which party is accused?",
            "کس فریق پر الزام ہے؟",
            "کوم اړخ تورن دی؟",
            "کدام طرف متهم است؟",
            "Hangi taraf suçlanıyor?",
            "أي طرف متهم؟",
        ],
    );
    accused.required = accused_required;
    let mut out = vec![
        accused,
        Question::new(
            "provisions",
            Kind::Many("provisions"),
            [
                "Which provisions were breached?",
                "کن شقوں کی خلاف ورزی ہوئی؟",
                "کومې مادې مات شوې؟",
                "کدام مواد نقض شد؟",
                "Hangi hükümler ihlal edildi?",
                "ما البنود التي انتهكت؟",
            ],
        )
        .required()
        .hint([
            "The provisions are named as the agreement words them.",
            "شقوں کے نام معاہدے کے الفاظ میں ہیں۔",
            "مادې د تړون په خپلو ټکو نومول شوې دي.",
            "مواد با واژه‌های خود موافقت‌نامه نام برده شده‌اند.",
            "Hükümler anlaşmanın kendi ifadeleriyle adlandırılmıştır.",
            "تُسمّى البنود بألفاظ الاتفاق نفسه.",
        ]),
        Question::new(
            "acts",
            Kind::Many("acts"),
            ["What was done?", "کیا کیا گیا؟", "څه وشول؟", "چه انجام شد؟", "Ne yapıldı?", "ماذا حدث؟"],
        )
        .required(),
    ];
    if let Some(expression) = relevant {
        for q in &mut out {
            q.relevant = Some(expression.to_owned());
        }
    }
    out
}

/// The casualty questions: for civilians and combatants killed, whether
/// the number is known, then low, best and high when it is.
fn casualty_questions(relevant: Option<&str>) -> Vec<Question> {
    let groups: [(&str, Labels, Labels, Labels, Labels); 2] = [
        (
            "civilians_killed",
            [
                "Civilians killed: is the number known?",
                "ہلاک شہری: کیا تعداد معلوم ہے؟",
                "وژل شوي ملکي: شمېر معلوم دی؟",
                "غیرنظامیان کشته: آیا تعداد معلوم است؟",
                "Ölen siviller: sayı biliniyor mu?",
                "المدنيون القتلى: هل العدد معروف؟",
            ],
            [
                "Civilians killed: lowest",
                "ہلاک شہری: کم از کم",
                "وژل شوي ملکي: لږ تر لږه",
                "غیرنظامیان کشته: کمترین",
                "Ölen siviller: en az",
                "المدنيون القتلى: الأدنى",
            ],
            [
                "Civilians killed: best estimate",
                "ہلاک شہری: بہترین اندازہ",
                "وژل شوي ملکي: غوره اټکل",
                "غیرنظامیان کشته: بهترین برآورد",
                "Ölen siviller: en iyi tahmin",
                "المدنيون القتلى: أفضل تقدير",
            ],
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
            "combatants_killed",
            [
                "Combatants killed: is the number known?",
                "ہلاک جنگجو: کیا تعداد معلوم ہے؟",
                "وژل شوي جنګیالي: شمېر معلوم دی؟",
                "نظامیان کشته: آیا تعداد معلوم است؟",
                "Ölen savaşanlar: sayı biliniyor mu?",
                "المقاتلون القتلى: هل العدد معروف؟",
            ],
            [
                "Combatants killed: lowest",
                "ہلاک جنگجو: کم از کم",
                "وژل شوي جنګیالي: لږ تر لږه",
                "نظامیان کشته: کمترین",
                "Ölen savaşanlar: en az",
                "المقاتلون القتلى: الأدنى",
            ],
            [
                "Combatants killed: best estimate",
                "ہلاک جنگجو: بہترین اندازہ",
                "وژل شوي جنګیالي: غوره اټکل",
                "نظامیان کشته: بهترین برآورد",
                "Ölen savaşanlar: en iyi tahmin",
                "المقاتلون القتلى: أفضل تقدير",
            ],
            [
                "Combatants killed: highest",
                "ہلاک جنگجو: زیادہ سے زیادہ",
                "وژل شوي جنګیالي: ډېر تر ډېره",
                "نظامیان کشته: بیشترین",
                "Ölen savaşanlar: en çok",
                "المقاتلون القتلى: الأعلى",
            ],
        ),
    ];
    let mut out = Vec::new();
    for (base, known, low, best, high) in groups {
        let mut q = Question::new(&format!("{base}_known"), Kind::One("known"), known).required();
        q.relevant = relevant.map(str::to_owned);
        out.push(q);
        let when = format!("${{{base}_known}} = 'known'");
        for (end, labels) in [("low", low), ("best", best), ("high", high)] {
            out.push(Question::new(&format!("{base}_{end}"), Kind::Integer, labels).required().relevant(&when));
        }
    }
    out
}

fn photo_questions() -> Vec<Question> {
    (1..=PHOTOS).map(|n| Question::new(&format!("photo{n}"), Kind::Image, PHOTO)).collect()
}

/// The incident report: what a party's liaison (or anyone who may file)
/// alleges, filed as an allegation.
pub fn incident_report() -> FormSpec {
    let mut questions = breach_questions(None, Some("yes"));
    questions.extend([
        Question::new(
            "occurred_at",
            Kind::DateTime,
            ["When did it happen?", "یہ کب ہوا؟", "دا کله وشول؟", "چه وقت رخ داد؟", "Ne zaman oldu?", "متى حدث ذلك؟"],
        )
        .required(),
        Question::new(
            "location",
            Kind::Geopoint,
            ["Where did it happen?", "یہ کہاں ہوا؟", "دا چېرته وشول؟", "کجا رخ داد؟", "Nerede oldu?", "أين حدث ذلك؟"],
        ),
        Question::new("place_name", Kind::Text, PLACE_NAME),
        Question::new(
            "summary",
            Kind::Text,
            [
                "One line: what happened",
                "ایک سطر: کیا ہوا",
                "یوه کرښه: څه پېښ شول",
                "یک سطر: چه رخ داد",
                "Tek satır: ne oldu",
                "سطر واحد: ماذا حدث",
            ],
        )
        .required(),
        Question::new("narrative", Kind::Text, ["The account", "تفصیل", "بشپړ حال", "شرح کامل", "Anlatım", "الرواية"]),
    ]);
    questions.extend(casualty_questions(None));
    questions.extend(photo_questions());
    FormSpec {
        id: INCIDENT_FORM,
        title: ["Incident report", "واقعے کی رپورٹ", "د پېښې راپور", "گزارش رویداد", "Olay raporu", "تقرير حادثة"],
        revision: 2,
        questions,
    }
}

/// Where the observation's breach questions apply.
const BREACH: &str = "${observed} = 'breach'";

/// The monitoring team's site observation: what a monitor saw on a visit.
/// For a case the team is tasked on it is the team's report on that case;
/// a breach seen on a visit of the team's own is filed as an allegation
/// by the team ([`super::receive`] decides which).
pub fn site_observation() -> FormSpec {
    let mut questions = vec![
        Question::new(
            "case",
            Kind::Text,
            [
                "The case this visit was tasked for",
                "وہ کیس جس کے لیے یہ دورہ سونپا گیا",
                "هغه قضیه چې دا لیدنه ورته سپارل شوې وه",
                "پرونده‌ای که این بازدید برای آن سپرده شد",
                "Bu ziyaretin görevlendirildiği dava",
                "القضية التي كُلّفت بها هذه الزيارة",
            ],
        )
        .hint([
            "Its id, such as 2025-10-15-1a2b3c4d. Leave it empty for a visit of the team's own.",
            "اس کی شناخت، جیسے 2025-10-15-1a2b3c4d۔ ٹیم کے اپنے دورے کے لیے خالی چھوڑیں۔",
            "د هغې پېژند، لکه 2025-10-15-1a2b3c4d. د ټیم د خپلې لیدنې لپاره یې تش پرېږدئ.",
            "شناسهٔ آن، مانند 2025-10-15-1a2b3c4d. برای بازدیدی از سوی خود تیم خالی بگذارید.",
            "Kimliği, örneğin 2025-10-15-1a2b3c4d. Ekibin kendi ziyareti için boş bırakın.",
            "معرّفها، مثل 2025-10-15-1a2b3c4d. اتركه فارغًا لزيارة من تلقاء الفريق.",
        ])
        .constraint(
            "regex(., '^[A-Za-z0-9._-]{1,64}$')",
            [
                "A case id is up to 64 letters, digits, dots and dashes.",
                "کیس کی شناخت زیادہ سے زیادہ 64 حروف، ہندسے، نقطے اور ڈیش ہے۔",
                "د قضیې پېژند تر 64 پورې توري، شمېرې، ټکي او کرښکې دي.",
                "شناسهٔ پرونده حداکثر ۶۴ حرف، رقم، نقطه و خط تیره است.",
                "Dava kimliği en çok 64 harf, rakam, nokta ve tireden oluşur.",
                "معرّف القضية حتى 64 حرفًا ورقمًا ونقطة وشرطة.",
            ],
        ),
        Question::new(
            "visited_at",
            Kind::DateTime,
            [
                "When were you on the site?",
                "آپ موقع پر کب تھے؟",
                "تاسو کله په ځای کې وئ؟",
                "چه وقت در محل بودید؟",
                "Sahada ne zaman bulundunuz?",
                "متى كنت في الموقع؟",
            ],
        )
        .required(),
        Question::new(
            "location",
            Kind::Geopoint,
            ["Where is the site?", "موقع کہاں ہے؟", "ځای چېرته دی؟", "محل کجاست؟", "Saha nerede?", "أين الموقع؟"],
        )
        .required(),
        Question::new("place_name", Kind::Text, PLACE_NAME),
        Question::new(
            "sector",
            Kind::One("sector"),
            [
                "Border sector",
                "سرحدی سیکٹر",
                "د پولې سکټور",
                "بخش مرزی",
                "Sınır kesimi",
                "القطاع الحدودي",
            ],
        ),
        Question::new(
            "observed",
            Kind::One("observed"),
            [
                "What did you observe?",
                "آپ نے کیا دیکھا؟",
                "تاسو څه ولیدل؟",
                "چه مشاهده کردید؟",
                "Ne gözlemlediniz?",
                "ماذا رصدت؟",
            ],
        )
        .required()
        .constraint(
            ". = 'breach' or string-length(${case}) > 0",
            [
                "A visit of the team's own that saw nothing has no record; name the case it was tasked for.",
                "ٹیم کے اپنے دورے کا، جس میں کچھ نہ دیکھا گیا، کوئی ریکارڈ نہیں؛ وہ کیس بتائیں جس کے لیے دورہ سونپا گیا۔",
                "د ټیم خپله لیدنه چې څه یې ونه لیدل هېڅ ثبت نه لري؛ هغه قضیه وښایئ چې ورته سپارل شوې وه.",
                "بازدیدی از سوی خود تیم که چیزی ندید ثبتی ندارد؛ پرونده‌ای را که برایش سپرده شد نام ببرید.",
                "Ekibin hiçbir şey görmediği kendi ziyaretinin kaydı olmaz; görevlendirildiği davayı belirtin.",
                "زيارة من تلقاء الفريق لم ترصد شيئًا لا سجل لها؛ اذكر القضية التي كُلّفت بها.",
            ],
        ),
    ];
    questions.extend(breach_questions(Some(BREACH), Some("string-length(${case}) = 0")));
    questions.extend([
        Question::new(
            "summary",
            Kind::Text,
            [
                "One line: what you found",
                "ایک سطر: آپ نے کیا پایا",
                "یوه کرښه: تاسو څه وموندل",
                "یک سطر: چه یافتید",
                "Tek satır: ne buldunuz",
                "سطر واحد: ماذا وجدت",
            ],
        )
        .required(),
        Question::new(
            "narrative",
            Kind::Text,
            ["What you saw", "آپ نے کیا دیکھا", "تاسو څه ولیدل", "آنچه دیدید", "Gördükleriniz", "ما رأيته"],
        ),
    ]);
    questions.extend(casualty_questions(Some(BREACH)));
    questions.extend(photo_questions());
    FormSpec {
        id: OBSERVATION_FORM,
        title: ["Site observation", "موقع کا مشاہدہ", "د ځای لیدنه", "مشاهدهٔ محل", "Saha gözlemi", "رصد موقع"],
        revision: 1,
        questions,
    }
}

const KNOWN: [(&str, Labels); 2] = [
    ("known", ["Known", "معلوم", "معلوم", "معلوم", "Biliniyor", "معروف"]),
    ("unknown", ["Unknown", "نامعلوم", "نامعلوم", "نامعلوم", "Bilinmiyor", "غير معروف"]),
];

const OBSERVED: [(&str, Labels); 2] = [
    (
        "breach",
        [
            "Acts the agreement prohibits",
            "ایسے اقدامات جن کی معاہدہ ممانعت کرتا ہے",
            "هغه کړنې چې تړون یې منع کوي",
            "اقداماتی که موافقت‌نامه منع می‌کند",
            "Anlaşmanın yasakladığı eylemler",
            "أفعال يحظرها الاتفاق",
        ],
    ),
    (
        "nothing",
        [
            "Nothing observed",
            "کچھ نہیں دیکھا گیا",
            "هېڅ ونه لیدل شول",
            "چیزی مشاهده نشد",
            "Hiçbir şey gözlenmedi",
            "لم يُرصد شيء",
        ],
    ),
];

/// The message id of an act type's name in the pages' catalogue
/// (`shelling_artillery` → `act-shelling-artillery`).
pub fn act_message_id(act: ActType) -> String {
    format!("act-{}", act.as_str().replace('_', "-"))
}

/// The acts some provision of `agreement` names, in the vocabulary's order.
fn acts_named(agreement: &Agreement) -> impl Iterator<Item = ActType> + '_ {
    ActType::ALL.into_iter().filter(|a| agreement.provisions.iter().any(|p| p.prohibited_acts.contains(a)))
}

/// A choice: its value and its label in each language.
type Choice = (String, Vec<String>);

/// The choices of list `list`.
fn choices(agreement: &Agreement, list: &str) -> Vec<Choice> {
    let same = |label: String| LANGUAGES.iter().map(|_| label.clone()).collect::<Vec<_>>();
    let fixed = |table: &[(&str, Labels)]| {
        table
            .iter()
            .map(|(value, labels)| ((*value).to_owned(), labels.iter().map(|l| (*l).to_owned()).collect()))
            .collect()
    };
    match list {
        "accused" => agreement
            .parties()
            .map(|p| (p.id.to_string(), LANGUAGES.iter().map(|(_, tag)| p.name(tag).to_owned()).collect()))
            .collect(),
        "provisions" => {
            agreement.provisions.iter().map(|p| (p.id.to_string(), same(format!("{}: {}", p.id, p.title)))).collect()
        }
        "acts" => acts_named(agreement)
            .map(|a| {
                let id = act_message_id(a);
                (a.as_str().to_owned(), Lang::ALL.iter().map(|&lang| i18n::text(lang, &id)).collect())
            })
            .collect(),
        "sector" => truce_geo::Geography::embedded()
            .map(|g| g.sectors().iter().map(|s| (s.id.clone(), same(s.name.clone()))).collect())
            .unwrap_or_default(),
        "known" => fixed(&KNOWN),
        "observed" => fixed(&OBSERVED),
        _ => Vec::new(),
    }
}

/// An XLSForm expression as the XForm writes it: `${name}` → `/data/name`.
fn xpath(expression: &str) -> String {
    let mut out = String::new();
    let mut rest = expression;
    while let Some(at) = rest.find("${") {
        out.push_str(&rest[..at]);
        match rest[at + 2..].find('}') {
            Some(end) => {
                out.push_str("/data/");
                out.push_str(&rest[at + 2..at + 2 + end]);
                rest = &rest[at + 3 + end..];
            }
            None => {
                out.push_str(&rest[at..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// The lists the form's select questions use, each once, in order.
fn lists(spec: &FormSpec) -> Vec<&'static str> {
    let mut out = Vec::new();
    for q in &spec.questions {
        if let Kind::One(list) | Kind::Many(list) = q.kind
            && !out.contains(&list)
        {
            out.push(list);
        }
    }
    out
}

/// The XForm of `spec` under `agreement`, version `version`.
pub fn xform(spec: &FormSpec, agreement: &Agreement, version: &str) -> String {
    let lists: Vec<(&str, Vec<Choice>)> = lists(spec).into_iter().map(|l| (l, choices(agreement, l))).collect();
    let choices_of = |list: &str| lists.iter().find(|(l, _)| *l == list).map(|(_, c)| c.as_slice()).unwrap_or(&[]);
    let mut x = String::new();
    x.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    x.push_str(
        "<h:html xmlns=\"http://www.w3.org/2002/xforms\" xmlns:h=\"http://www.w3.org/1999/xhtml\" \
         xmlns:jr=\"http://openrosa.org/javarosa\" xmlns:odk=\"http://www.opendatakit.org/xforms\" \
         xmlns:orx=\"http://openrosa.org/xforms\" xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\">\n",
    );
    x.push_str(&format!(
        "<h:head>\n<h:title>{}</h:title>\n<model odk:xforms-version=\"1.0.0\">\n",
        escape(spec.name())
    ));
    // The texts, one translation per language.
    x.push_str("<itext>\n");
    for (lang_index, (lang, _)) in LANGUAGES.iter().enumerate() {
        let default = if lang_index == 0 { " default=\"true()\"" } else { "" };
        x.push_str(&format!("<translation lang=\"{}\"{default}>\n", escape(lang)));
        let text = |id: String, value: &str| format!("<text id=\"{id}\"><value>{}</value></text>\n", escape(value));
        for q in &spec.questions {
            let name = &q.name;
            x.push_str(&text(format!("/data/{name}:label"), q.labels[lang_index]));
            if let Some(hint) = &q.hint {
                x.push_str(&text(format!("/data/{name}:hint"), hint[lang_index]));
            }
            if let Some((_, message)) = &q.constraint {
                x.push_str(&text(format!("/data/{name}:jr:constraintMsg"), message[lang_index]));
            }
            if let Kind::One(list) | Kind::Many(list) = q.kind {
                for (n, (_, labels)) in choices_of(list).iter().enumerate() {
                    let label = labels.get(lang_index).map_or("", String::as_str);
                    x.push_str(&text(format!("/data/{name}/{n}:label"), label));
                }
            }
        }
        x.push_str("</translation>\n");
    }
    x.push_str("</itext>\n");
    // The instance.
    x.push_str(&format!("<instance>\n<data id=\"{}\" version=\"{}\">\n", spec.id, escape(version)));
    for q in &spec.questions {
        x.push_str(&format!("<{}/>\n", q.name));
    }
    x.push_str("<meta>\n<instanceID/>\n</meta>\n</data>\n</instance>\n");
    // The bindings.
    for q in &spec.questions {
        let name = &q.name;
        let mut bind = format!("<bind nodeset=\"/data/{name}\" type=\"{}\"", q.kind.bind());
        match q.required {
            Some("yes") => bind.push_str(" required=\"true()\""),
            Some(expression) => bind.push_str(&format!(" required=\"{}\"", escape(&xpath(expression)))),
            None => {}
        }
        if let Some(expression) = &q.relevant {
            bind.push_str(&format!(" relevant=\"{}\"", escape(&xpath(expression))));
        }
        if let Some((expression, _)) = &q.constraint {
            bind.push_str(&format!(
                " constraint=\"{}\" jr:constraintMsg=\"jr:itext('/data/{name}:jr:constraintMsg')\"",
                escape(&xpath(expression))
            ));
        }
        if q.kind == Kind::Image {
            bind.push_str(" orx:max-pixels=\"2048\"");
        }
        bind.push_str("/>\n");
        x.push_str(&bind);
    }
    x.push_str("<bind nodeset=\"/data/meta/instanceID\" type=\"string\" readonly=\"true()\" jr:preload=\"uid\"/>\n");
    x.push_str("</model>\n</h:head>\n<h:body>\n");
    for q in &spec.questions {
        let name = &q.name;
        let mut texts = format!("<label ref=\"jr:itext('/data/{name}:label')\"/>");
        if q.hint.is_some() {
            texts.push_str(&format!("<hint ref=\"jr:itext('/data/{name}:hint')\"/>"));
        }
        match q.kind {
            Kind::One(list) | Kind::Many(list) => {
                let element = if matches!(q.kind, Kind::One(_)) { "select1" } else { "select" };
                x.push_str(&format!("<{element} ref=\"/data/{name}\">{texts}\n"));
                for (n, (value, _)) in choices_of(list).iter().enumerate() {
                    x.push_str(&format!(
                        "<item><label ref=\"jr:itext('/data/{name}/{n}:label')\"/><value>{}</value></item>\n",
                        escape(value)
                    ));
                }
                x.push_str(&format!("</{element}>\n"));
            }
            Kind::Image => {
                x.push_str(&format!("<upload ref=\"/data/{name}\" mediatype=\"image/*\">{texts}</upload>\n"))
            }
            _ => x.push_str(&format!("<input ref=\"/data/{name}\">{texts}</input>\n")),
        }
    }
    x.push_str("</h:body>\n</h:html>\n");
    x
}

/// A cell of a markdown XLSForm: no `|`, no line break.
fn cell(text: &str) -> String {
    text.replace('|', "/").replace(['\n', '\r'], " ")
}

/// The file in `forms/` that holds `spec` as an XLSForm.
pub fn xlsform_file(spec: &FormSpec) -> String {
    format!("{}.md", spec.id.trim_start_matches("truce_"))
}

/// The same form as an XLSForm in pyxform's markdown flavour, for
/// `agreement`: the source shipped in `forms/`, which pyxform compiles and
/// ODK Validate checks in CI, so the questions rendered above are held to
/// what the ODK tools make of them.
pub fn xlsform(spec: &FormSpec, agreement: &Agreement) -> String {
    let mut md = format!(
        "<!-- The {} as an XLSForm (pyxform's markdown flavour), written by\n     \
         truce_server::app::field::xform::xlsform for agreements/doha-istanbul-2025.toml.\n     \
         The server renders the XForm itself from the agreement in force; CI compiles this file\n     \
         with pyxform and ODK Validate and checks its instance against the served form. -->\n\n| survey |\n| | type | name |",
        spec.name().to_lowercase()
    );
    let columns = |md: &mut String, column: &str| {
        for (lang, _) in LANGUAGES {
            md.push_str(&format!(" {column}::{lang} |"));
        }
    };
    columns(&mut md, "label");
    columns(&mut md, "hint");
    md.push_str(" required | relevant | constraint |");
    columns(&mut md, "constraint_message");
    md.push('\n');
    for q in &spec.questions {
        md.push_str(&format!("| | {} | {} |", q.kind.xlsform(), q.name));
        for label in q.labels {
            md.push_str(&format!(" {} |", cell(label)));
        }
        for n in 0..LANGUAGES.len() {
            md.push_str(&format!(" {} |", q.hint.map_or(String::new(), |h| cell(h[n]))));
        }
        md.push_str(&format!(
            " {} | {} | {} |",
            cell(q.required.unwrap_or("")),
            cell(q.relevant.as_deref().unwrap_or("")),
            cell(q.constraint.map_or("", |(c, _)| c))
        ));
        for n in 0..LANGUAGES.len() {
            md.push_str(&format!(" {} |", q.constraint.map_or(String::new(), |(_, m)| cell(m[n]))));
        }
        md.push('\n');
    }
    md.push_str("\n| choices |\n| | list_name | name |");
    columns(&mut md, "label");
    md.push('\n');
    for list in lists(spec) {
        for (value, labels) in choices(agreement, list) {
            md.push_str(&format!("| | {list} | {} |", cell(&value)));
            for label in labels {
                md.push_str(&format!(" {} |", cell(&label)));
            }
            md.push('\n');
        }
    }
    md.push_str(&format!(
        "\n| settings |\n| | form_id | form_title | version | default_language |\n| | {} | {} | {} | {} |\n",
        spec.id,
        cell(spec.name()),
        spec.revision,
        LANGUAGES[0].0
    ));
    md
}

#[cfg(test)]
mod tests {
    use super::*;

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
        for spec in [incident_report(), site_observation()] {
            let form = xform(&spec, &agreement, "1.1.abcdef01");
            assert!(form.contains("<value>P6</value>") && form.contains("<value>fortification</value>"));
            assert!(!form.contains("<value>hostile_propaganda</value>"), "no provision names it");
            assert!(form.contains("version=\"1.1.abcdef01\""));
            let mut amended = agreement.clone();
            amended.provisions.retain(|p| p.id.as_str() != "P6");
            let changed = xform(&spec, &amended, "1.1.abcdef01");
            assert!(!changed.contains("<value>P6</value>") && !changed.contains("<value>fortification</value>"));
            assert_ne!(super::super::md5_hex(form.as_bytes()), super::super::md5_hex(changed.as_bytes()));
            // Six translations, the parties named in each language.
            assert_eq!(form.matches("<translation lang=").count(), 6);
            let pak = &agreement.participants[&truce_core::ids::ParticipantId::parse("PAK").expect("id")];
            assert!(form.contains(&escape(pak.name("ur"))));
        }
    }

    /// Every act the forms offer is named in each language by the pages'
    /// own catalogue: the message exists in English, and a translation's
    /// word differs from the English one.
    #[test]
    fn act_types_are_named_in_six_languages() {
        let english: std::collections::BTreeSet<String> = i18n::message_ids(Lang::En).into_iter().collect();
        for act in ActType::ALL {
            assert!(english.contains(&act_message_id(act)), "{} has no message", act.as_str());
        }
        let acts = choices(&doha(), "acts");
        let (_, shelling) = acts.iter().find(|(v, _)| v == "shelling_artillery").expect("offered");
        assert_eq!(shelling[0], i18n::text(Lang::En, "act-shelling-artillery"));
        assert_eq!(shelling[1], i18n::text(Lang::Ur, "act-shelling-artillery"));
        for (n, label) in shelling.iter().enumerate().skip(1) {
            assert_ne!(label, &shelling[0], "{} names it in English", LANGUAGES[n].0);
        }
    }

    /// Expressions are written once: `${name}` becomes the XForm's path.
    #[test]
    fn expressions_become_paths() {
        assert_eq!(xpath("${observed} = 'breach'"), "/data/observed = 'breach'");
        assert_eq!(
            xpath(". = 'breach' or string-length(${case}) > 0"),
            ". = 'breach' or string-length(/data/case) > 0"
        );
        assert_eq!(xpath("no reference"), "no reference");
    }

    /// The XLSForms shipped in `forms/` are what this module writes for the
    /// demo agreement: change the questions, and the files must be written
    /// again (`TRUCE_WRITE_FORMS=1 cargo test -p truce-server shipped_xlsform`).
    #[test]
    fn the_shipped_xlsforms_are_what_the_questions_make() {
        for spec in [incident_report(), site_observation()] {
            let md = xlsform(&spec, &doha());
            let path = format!("{}/../../forms/{}", env!("CARGO_MANIFEST_DIR"), xlsform_file(&spec));
            if std::env::var_os("TRUCE_WRITE_FORMS").is_some() {
                std::fs::write(&path, &md).expect("forms/ is writable");
            }
            let shipped = std::fs::read_to_string(&path).unwrap_or_default();
            assert_eq!(shipped, md, "{path} is stale: run with TRUCE_WRITE_FORMS=1");
        }
    }
}
