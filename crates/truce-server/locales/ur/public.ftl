# Machine-drafted translation: needs review by a native speaker before use in a deployment.
# public messages (ur, Urdu). The reference is en/public.ftl.

## Shared (machine-drafted, needs review)

bad-request-title = پتے میں کچھ غلط ہے
outcome-violation = { $party } کی خلاف ورزی
outcome-confirmed = واقعہ تصدیق شدہ، کسی پر ذمہ داری عائد نہیں
outcome-not-confirmed = غیر تصدیق شدہ
outcome-inconclusive = غیر حتمی
outcome-severity-minor = معمولی
outcome-severity-serious = سنگین
outcome-severity-grave = نہایت سنگین
finding-accused = ملزم فریق
finding-occurred = کب
finding-place = کہاں
finding-status = حیثیت
finding-outcome = نتیجہ
finding-breached = خلاف ورزی شدہ شقیں
finding-severity-label = سنگینی
finding-final = حتمی از
finding-final-on = { $date } سے حتمی
duration-days = { $count } دن
duration-hours = { $count ->
    [one] { $count } گھنٹہ
   *[other] { $count } گھنٹے
}

## Home (machine-drafted, needs review)

home-agreement-heading = معاہدہ
agreement-parties = فریقین
agreement-mediators = ثالث
agreement-signed = دستخط
agreement-in-force = نافذ از
agreement-provisions = شقیں
agreement-proposal = تجویز، متفقہ نہیں
home-agreement-full = مکمل معاہدہ
home-numbers-heading = اعداد و شمار میں
home-numbers-hint = صرف شائع شدہ کیس: کیس اس وقت شائع ہوتا ہے جب اس کا نتیجہ طے ہو جائے۔ خلاف ورزیوں میں حتمی نتائج گنے جاتے ہیں۔
stat-published = شائع شدہ کیس
stat-violations = تصدیق شدہ خلاف ورزیاں
stat-violations-by = { $party } کی خلاف ورزیاں
stat-confirmed-unattributed = تصدیق شدہ واقعات، ذمہ داری عائد نہیں
stat-not-confirmed = غیر تصدیق شدہ
stat-inconclusive = غیر حتمی
stat-inadmissible = ناقابلِ سماعت قرار
stat-merged = ضم کی گئی دہری اطلاعات
stat-penalties = طے شدہ سزائیں
home-latest-heading = تازہ ترین نتائج
home-all-findings = تمام شائع شدہ نتائج
home-map-heading = سرحد کا نقشہ
map-title = پاکستان–افغانستان سرحد: سیکٹر، گزرگاہیں، شائع شدہ واقعات
map-caption = { $count ->
    [0] ابھی کسی شائع شدہ واقعے کا محلِ وقوع موجود نہیں۔
    [one] محلِ وقوع والا تازہ ترین شائع شدہ واقعہ دکھایا گیا ہے، اس کے نتیجے کے رنگ میں۔
   *[other] محلِ وقوع والے { $count } تازہ ترین شائع شدہ واقعات دکھائے گئے ہیں، ان کے نتائج کے رنگ میں۔
}
home-chart-heading = ہفتہ وار تصدیق شدہ خلاف ورزیاں
chart-title = فریق اور ISO ہفتے کے لحاظ سے تصدیق شدہ خلاف ورزیاں
chart-desc = { $from } سے { $until } تک کے ہفتے، واقعے کی تاریخ کے لحاظ سے۔
chart-no-data = ابھی کوئی شائع شدہ کیس نہیں۔
chart-table-summary = اعداد جدول کی صورت میں
chart-week = ہفتہ
chart-week-from = { $date } سے

## Findings (machine-drafted, needs review)

findings-title = نتائج
findings-intro = شائع شدہ کیسوں کے نتائج، تازہ ترین واقعہ پہلے۔ ہر کیس کا صفحہ اس کی پوری تاریخ دکھاتا ہے، ہر قدم لاگ میں اپنے دستخط شدہ ریکارڈ سے منسلک۔
findings-none = ابھی کوئی شائع شدہ نتیجہ نہیں۔
findings-next = اگلا صفحہ
findings-download = تمام نتائج ڈاؤن لوڈ کریں (CSV)
filter-party = ملزم فریق
filter-provision = حوالہ دی گئی شق
filter-any = کوئی بھی
filter-apply = دکھائیں
filter-bad-party = { $value } معاہدے کا فریق نہیں؛ ان میں سے ایک: { $known }
filter-bad-provision = { $value } معاہدے کی شق نہیں؛ ان میں سے ایک: { $known }
filter-bad-after = اس فہرست کا صفحہ نشان نہیں؛ پہلے صفحے سے دوبارہ شروع کریں
filter-unknown = اس فہرست کا فلٹر نہیں؛ فلٹر فریق اور شق ہیں

## Reports (machine-drafted, needs review)

reports-title = رپورٹیں
reports-intro = رپورٹ ان شائع شدہ کیسوں کا احاطہ کرتی ہے جن کا واقعہ کسی مہینے یا ISO ہفتے (UTC) میں ہوا۔ ہر رپورٹ صاف پرنٹ ہوتی ہے۔
reports-none = ابھی کوئی شائع شدہ کیس نہیں، اس لیے کوئی رپورٹ نہیں۔
reports-month = مہینہ
reports-cases = شائع شدہ کیس
reports-weeks = ISO ہفتے
reports-week-cases = { $count } شائع شدہ کیس
report-title-month = ماہانہ رپورٹ { $period }
report-title-week = ہفتہ وار رپورٹ { $period }
report-range = { $from } تا { $until }
report-intro = صرف شائع شدہ کیس، واقعے کی تاریخ کے لحاظ سے گنے گئے۔ نتائج اس وقت گنے جاتے ہیں جب فیصلہ حتمی ہو۔ جاری کیس اس رپورٹ میں شامل نہیں۔
report-empty = { $period } میں کسی شائع شدہ کیس کا واقعہ نہیں۔
report-back = تمام رپورٹیں
period-bad-shape = { $value } نہ 2025-10 جیسا مہینہ ہے نہ 2025-W42 جیسا ISO ہفتہ
period-bad-year = { $value }: سال 2000 اور 2100 کے درمیان ہونا چاہیے
period-bad-month = { $value }: ایسا کوئی مہینہ نہیں؛ مہینے 01 سے 12 تک ہیں
period-bad-week = { $value }: اس سال میں ایسا کوئی ISO ہفتہ نہیں
report-summary-heading = خلاصہ
report-reported = الزامات (دہری اطلاعات کے بغیر)
report-duplicates = ضم کی گئی دہری اطلاعات
report-admissible = قابلِ سماعت
report-inadmissible = ناقابلِ سماعت
report-confirmed = تصدیق شدہ واقعات
report-attributed = عائد کی گئی خلاف ورزیاں
report-not-confirmed = غیر تصدیق شدہ
report-inconclusive = غیر حتمی
report-overdue-replies = تاخیر شدہ جوابات
report-withdrawn = درج کنندہ کی طرف سے واپس لیے گئے
report-casualties-not-stated = وہ الزامات جن میں ہلاکتوں کی کوئی تعداد نہیں بتائی گئی (نامعلوم، صفر نہیں)
report-penalties-decided = طے شدہ سزائیں
report-median-days = درج ہونے سے نتیجے تک دنوں کا وسطانیہ
report-by-party = فریق کے لحاظ سے
report-party = فریق
report-filed = درج کیے
report-against = خلاف
report-replies = بروقت جوابات
report-compliance = تعمیل کا اشاریہ
report-compliance-explained = تعمیل کا اشاریہ 0 سے 100 تک ہے (زیادہ بہتر ہے): 60% طرزِ عمل (فی ہفتہ حتمی خلاف ورزیوں کی سنگینی)، 20% بروقت جوابات، 20% سزاؤں کی تعمیل۔
report-see-agreement = سزا کے قواعد
report-by-provision = شق کے لحاظ سے
report-provision = شق
report-alleged = الزام
report-breached = خلاف ورزی
report-findings = نتائج
report-case = کیس
report-penalties = طے شدہ سزائیں
report-no-penalties = ان کیسوں میں کوئی سزا طے نہیں ہوئی۔
report-generated = تیار کردہ { $date }۔
penalty-col-level = درجہ
penalty-measure = اقدام
penalty-col-decided = فیصلہ
penalty-comply-by = تعمیل کی آخری تاریخ
penalty-complied = تعمیل
penalty-complied-yes = ہاں
penalty-complied-no = نہیں
penalty-complied-pending = ابھی درج نہیں

## Open data (machine-drafted, needs review)

data-title = کھلا ڈیٹا
data-intro = ہر شائع شدہ کیس، اور اس کے نتائج، ڈاؤن لوڈ کے لیے۔ فائلیں لاگ کی موجودہ صورت سے پڑھی جاتی ہیں؛ ان میں ایسا کچھ نہیں جو اس سائٹ پر عوامی نہ ہو۔
data-cases-csv = شائع شدہ کیس (CSV)
data-cases-geojson = شائع شدہ کیس (GeoJSON، نقاط)
data-findings-csv = شائع شدہ کیسوں کے نتائج (CSV)
data-columns = کالم
data-column = کالم
data-meaning = مطلب
col-id = کیس کی شناخت؛ اس کا صفحہ /cases/ID ہے۔
col-status = کیس کی حیثیت۔
col-accused = ملزم فریق کی شناخت۔
col-provisions = حوالہ دی گئی شقیں، سیمی کولن سے الگ۔
col-occurred-at = واقعہ کب ہوا (RFC 3339، UTC)۔
col-occurred-until = واقعہ کب ختم ہوا، اگر جاری رہا؛ ورنہ خالی۔
col-time-precision = وقت کتنی درستی سے معلوم ہے: exact، یا day (تب occurred_at اور occurred_until تاریخیں ہیں، YYYY-MM-DD: پہلا اور آخری دن)۔
col-filed-at = الزام کب درج ہوا۔
col-sector = سرحدی سیکٹر جس میں محلِ وقوع ہے، اگر لائن کے قریب ہو۔
col-lat-lon = عرض بلد اور طول بلد (WGS 84)۔ GeoJSON میں نقطہ [طول بلد، عرض بلد] ہے۔
col-summary = ایک سطر میں الزام، جیسا درج ہوا۔
col-claimed-casualties = الزام میں دعویٰ کردہ جانی نقصان: ہلاک اور زخمی شہریوں اور جنگجوؤں کے کم، بہترین اور زیادہ اندازے۔ خالی خانہ بیان نہ کیا گیا عدد ہے، صفر نہیں۔
col-finding = واقعے کا نتیجہ: confirmed، not_confirmed یا inconclusive۔
col-responsible-party = ذمہ دار پایا گیا فریق، اگر کوئی ہو۔
col-provisions-breached = خلاف ورزی شدہ پائی گئی شقیں، سیمی کولن سے الگ۔
col-severity = پائی گئی سنگینی: minor، serious یا grave۔
col-found-casualties = فیصلے میں ثابت شدہ جانی نقصان، انہی کالموں میں (found_…)۔ خالی خانہ بیان نہ کیا گیا عدد ہے، صفر نہیں۔
col-final-at = نتیجہ کب منظور ہوا اور کب حتمی ہوا۔
col-penalty = طے شدہ سزا: سیڑھی پر درجہ، اقدام، فیصلے کا وقت۔
col-complied = درج ہونے کے بعد، کیا فریق نے تعمیل کی (true یا false)۔
data-notes = فائلیں UTF-8 میں ہیں۔ خالی خانے کا مطلب "کوئی نہیں" یا "ابھی نہیں" ہے۔ کیس تازہ ترین واقعے کے لحاظ سے پہلے درج ہیں۔
data-api = یہی ڈیٹا، اور مزید، JSON API میں ہے:

## Verify (machine-drafted, needs review)

verify-title = تصدیق
verify-intro = کیس میں ہر تبدیلی ایک عوامی شفافیت لاگ میں دستخط شدہ ریکارڈ ہے۔ کوئی بھی، اس سرور پر بھروسا کیے بغیر، جانچ سکتا ہے کہ لاگ میں ردوبدل نہیں ہوا اور کوئی خاص ریکارڈ اس میں موجود ہے۔
verify-checkpoint = موجودہ چیک پوائنٹ
verify-size = لاگ میں { $size } ریکارڈ ہیں۔ اس کا دستخط شدہ چیک پوائنٹ:
verify-no-checkpoint = لاگ کا ابھی کوئی چیک پوائنٹ نہیں۔
verify-origin = لاگ کا ماخذ (origin)
verify-vkey = تصدیقی کلید
verify-pin-key = اس کلید کا موازنہ فریقین اور ثالثوں کی شائع کردہ کلید سے کریں، اور وہی کلید محفوظ کریں: اپنے لاگ کے بارے میں جھوٹ بولنے والا سرور ملتی جلتی کلید بھی دکھائے گا۔
verify-whole-heading = پورا لاگ جانچیں
verify-whole = truce کمانڈ چیک پوائنٹ، ہر ٹائل اور ہر اندراج حاصل کرتی ہے، اور دستخط، درخت اور قواعد جانچتی ہے۔ یہ ایک سطر لکھتی ہے اور کچھ بھی ناکام ہو تو 1 کے ساتھ ختم ہوتی ہے۔
verify-one-heading = ایک ریکارڈ جانچیں
verify-one-step-entry = ریکارڈ حاصل کریں: اس کا اندراج وہی بائٹس ہیں جن کا ہیش لاگ میں شامل ہوا۔
verify-one-step-proof = اس کا شمولیتی ثبوت حاصل کریں، تازہ ترین چیک پوائنٹ کے مقابل ایک c2sp.org/tlog-proof@v1 فائل۔
verify-one-step-check = چیک پوائنٹ کا دستخط اپنی محفوظ کردہ کلید سے جانچیں، پھر ثبوت کو چیک پوائنٹ کی جڑ کے مقابل کسی بھی C2SP کلائنٹ سے (مثلاً Go کا golang.org/x/mod/sumdb/tlog CheckRecord)۔
verify-case-pages = کیس کے صفحے پر ہر قدم اپنے ریکارڈ اور ثبوت سے منسلک ہے۔
verify-form-heading = ریکارڈ جانچیں
verify-form-label = ریکارڈ نمبر
verify-form-submit = اس کا ثبوت دکھائیں
verify-record-bad = { $value } ریکارڈ نمبر نہیں (0 سے شروع ہونے والا پورا عدد)
verify-record-beyond = ریکارڈ { $value } موجود نہیں: لاگ میں { $size } ریکارڈ ہیں، 0 سے شمار
verify-record-heading = ریکارڈ { $index }
verify-record-entry = ریکارڈ (JSON)
verify-record-proof = اس کا شمولیتی ثبوت

## Agreement (machine-drafted, needs review)

agreement-id = شناخت
agreement-form = صورت
agreement-ends = اختتام
agreement-sha256 = متن کا SHA-256
agreement-text-link = درج شدہ متن
agreement-sha256-hint = معاہدہ منظور ہونے پر لاگ نے یہ ہیش درج کیا: متن کا ہیش نکال کر جانچیں کہ یہی نافذ متن ہے۔
agreement-consent = دستخط
agreement-consent-none = کسی شریک نے اس معاہدے پر لاگ میں دستخط نہیں کیے: آپریٹر کے منتظم نے اسے اکیلے منظور کیا۔
agreement-consent-version = نسخہ
agreement-consent-status = حیثیت
agreement-consent-signatory = دستخط کنندہ
agreement-consent-signature = دستخط
consent-draft = مسودہ، دستخطوں کا منتظر
consent-superseded = بدلا ہوا مسودہ
consent-in-force = نافذ
consent-signed = دستخط شدہ (ریکارڈ { $index }): جانچیں
consent-unsigned = دستخط نہیں ہوئے
agreement-contents = فہرست
agreement-participants = شرکا
agreement-participant = شریک
agreement-role = کردار
agreement-protocol = تصدیقی طریقۂ کار
agreement-penalties = سزائیں
agreement-escalation = کشیدگی میں اضافہ
agreement-sources = ماخذ
participant-party = فریق
participant-mediator = ثالث
participant-guarantor = ضامن
participant-monitoring-team = نگرانی ٹیم
provision-kind = ذمہ داری
provision-bearers = پابند
provision-acts = اقدامات
provision-scope = کہاں
provision-from = از
provision-until = تا
scope-whole-border = پورا سرحدی علاقہ
scope-band = لائن سے { $km } کلومیٹر کے اندر
protocol-deadlines = آخری تاریخیں
protocol-deadline-acknowledge = وصولی تسلیم کرنا
protocol-deadline-triage = قابلِ سماعت ہونے کا فیصلہ
protocol-deadline-reply = ملزم فریق کا جواب
protocol-deadline-investigation = تحقیقات
protocol-deadline-appeal = اپیل
protocol-deadline-compliance = سزا کی تعمیل
protocol-may-file = کون درج کر سکتا ہے
protocol-decision = فیصلے
decision-chair = فیصلہ صدر ({ $chair }) کرتے ہیں
decision-consensus = اتفاقِ رائے سے
decision-k-of-n = { $n } میں سے { $k } ووٹرز کی منظوری لازمی
decision-voters = ووٹرز:
standard-occurrence = واقعہ پیش آنے کا معیارِ ثبوت
standard-direct-act = براہِ راست عمل عائد کرنے کا معیار
standard-failure-to-prevent = روکنے میں ناکامی عائد کرنے کا معیار
publication-delay = نتائج کی اشاعت بعد از
penalty-description = اس میں کیا شامل ہے
penalty-base-levels = سنگینی کے لحاظ سے ابتدائی درجہ
penalty-recidivism = بار بار خلاف ورزیاں
penalty-recidivism-rule = { $window } کے اندر ہر سابقہ خلاف ورزی پر +{ $step }، زیادہ سے زیادہ +{ $max }
penalty-aggravating = سنگین کرنے والے عوامل
penalty-cap = انجن کا تجویز کردہ بلند ترین درجہ
escalation-none = کشیدگی کے کوئی قواعد نہیں۔
trigger-violations = { $count ->
    [one] { $within } کے اندر ایک فریق کی { $count } تصدیق شدہ خلاف ورزی
   *[other] { $within } کے اندر ایک فریق کی { $count } تصدیق شدہ خلاف ورزیاں
}
trigger-overdue-reply = جواب میں تاخیر ہو جائے
trigger-missed-commitment = مذاکرات میں کیا گیا وعدہ پورا نہ ہو
trigger-surge = قبل از وقت انتباہ جاری ہو ({ $filters })
trigger-non-compliance = سزا کی تعمیل نہ ہو
trigger-grave-finding = نہایت سنگین نتیجہ حتمی ہو جائے

## Talks
talks-title = مذاکرات
talks-intro = شرکاء کے درمیان مذاکرات کے دور، ان کے دستخط شدہ اعلامیے اور ان کے وعدے۔ ہر قدم لاگ میں ایک دستخط شدہ ریکارڈ ہے۔
talks-rounds = دور
talks-communiques = اعلامیے
talks-commitments = وعدے
talks-none = ابھی کچھ نہیں۔
talks-not-found = نہیں ملا
talks-back = تمام مذاکرات
talks-col-round = دور
talks-col-dates = تاریخیں
talks-col-venue = مقام
talks-col-status = حالت
talks-round-planned = طے شدہ
talks-round-convened = جاری
talks-round-adjourned = ملتوی
talks-round-concluded = مکمل
talks-round-failed = ناکام
talks-host = میزبان
talks-mediators = ثالث
talks-agenda = ایجنڈا
talks-outcome = نتیجہ
talks-delegations = وفود
talks-col-participant = شریک
talks-col-head = وفد کا سربراہ
talks-col-members = ارکان
talks-follows = { $participant } کے وفد کی سطح پر شرکت
talks-parity = برابری کی جانچ
talks-parity-met = پوری
talks-parity-failed = پوری نہیں
talks-parity-pending = زیر التوا
talks-positions = عوامی مؤقف
talks-history = تاریخچہ
talks-record = ریکارڈ { $index }
talks-communique-joint = مشترکہ متن، تمام دستخط کنندگان کے دستخط کے ساتھ
talks-communique-statement = ثالثوں کا بیان؛ { $participants } نے دستخط نہیں کیے
talks-communique-draft = مسودہ
talks-authoritative = مستند متن
talks-signatures = دستخط
talks-signed = دستخط شدہ (ریکارڈ { $index })
talks-declined = انکار: { $reason }
talks-not-answered = کوئی جواب نہیں
talks-verify-signature = اس دستخط کی تصدیق کریں
talks-key = شریک کی کلید
talks-signature-hint = ہر دستخط شریک کی اپنی کلید سے truce/communique-signature/v1، ایک صفر بائٹ اور اعلامیے کی شناخت، ورژن اور متون کے معیاری JSON پر Ed25519 دستخط ہے۔ ریکارڈ اسے لاگ میں رکھتا ہے؛ truce verify سب کی جانچ کرتا ہے۔
talks-col-commitment = وعدہ
talks-col-owners = ذمہ دار
talks-col-deadline = آخری تاریخ
talks-form-written = تحریری
talks-form-verbal = زبانی یقین دہانی
talks-overdue = تاخیر شدہ
talks-commitment-open = کھلا
talks-commitment-met = پورا ہوا
talks-commitment-partly-met = جزوی طور پر پورا
talks-commitment-missed = پورا نہیں ہوا
talks-commitment-withdrawn = واپس لیا گیا
talks-commitment-superseded = بدل دیا گیا
talks-follow-up = پیروی: { $round }
talks-decision = فیصلہ: { $reason }
talks-escalation = معاملہ اوپر: { $action }

## Withdrawals
agreement-withdrawals = دستبرداری اور معطلی
withdrawal-kind-withdrawal = دستبرداری
withdrawal-kind-suspension = معطلی
withdrawal-kind-resumption = بحالی
withdrawal-in-effect = { $date } سے نافذ
withdrawal-pending = { $date } سے نافذ ہوگی
withdrawal-stops = کیا رکتا ہے: { $text }
withdrawal-continues = کیا جاری رہتا ہے: { $text }
withdrawal-unsaid = معاہدہ یہ نہیں بتاتا کہ اس کا اثر کیا ہے۔

# The witnesses on the verify page.
verify-witnesses-heading = گواہ
verify-witnesses-intro = ہر شریک ایک گواہ چلاتا ہے جو کسی چیک پوائنٹ پر صرف تب مشترکہ دستخط کرتا ہے جب وہ اس لاگ کے ان تمام چیک پوائنٹس کا تسلسل ہو جن پر اس نے پہلے دستخط کیے۔ معاہدے کے طے کردہ کورم کا دستخط شدہ چیک پوائنٹ سب کے لیے ایک ہی تاریخ ہے: یہ سرور کسی فریق کو الگ لاگ نہیں دکھا سکتا۔
verify-witnessed-size = کورم کا دستخط شدہ آخری چیک پوائنٹ { $size } ریکارڈز پر مشتمل ہے:
verify-not-witnessed = ابھی تک کورم نے کسی چیک پوائنٹ پر دستخط نہیں کیے، اس لیے گواہوں نے ابھی اس لاگ کی تصدیق نہیں کی۔
verify-witness = گواہ
verify-witness-size = آخری دستخط شدہ سائز
verify-witness-time = دستخط کا وقت
verify-witness-state = حالت
verify-witness-failing = جواب نہیں دے رہا
verify-witness-ok = جواب دے رہا ہے
verify-policy = معاہدے سے لی گئی گواہوں کی پالیسی (C2SP tlog-policy)؛ اسے دستخط شدہ معاہدے کے متن سے ملائیں، پھر اس سے جانچیں:

# The split-view alarm.
split-view-alarm = خطرہ: ایک گواہ کے پاس اس لاگ کی کلید سے دستخط شدہ ایسا چیک پوائنٹ ہے جو اس سرور کی دکھائی گئی تاریخ میں نہیں۔ ممکن ہے کسی کو مختلف لاگ دکھایا گیا ہو۔
split-view-details = دونوں چیک پوائنٹس دیکھیں
split-view-heading = منقسم منظر
split-view-explained = ایک گواہ کے پاس اس لاگ کی کلید سے دستخط شدہ چیک پوائنٹ ہے جو اس سرور کی تاریخ میں شامل نہیں۔ یا تو لاگ کی کلید نے دو مختلف تاریخوں پر دستخط کیے، یا اس سرور نے اپنی تاریخ کا کچھ حصہ کھو دیا۔ اس سرور کی دکھائی گئی کسی بھی چیز پر بھروسا کرنے سے پہلے دونوں کا اپنی نقل سے موازنہ کریں اور دوسرے شرکاء کو آگاہ کریں۔
split-view-witness = { $witness } کے گواہ کے پاس یہ ہے:
split-view-ours = اس کے بجائے اس سرور کے پاس یہ ہے:

# The maps' own words (lead).
map-sectors = سرحدی سیکٹر
map-crossings = گزرگاہیں
map-crossing-sourced = ماخذ سے مقام
map-crossing-approximate = لکیر پر اندازاً رکھی گئی
map-incidents = واقعات
map-status-reported = رپورٹ شدہ / الزام
map-status-under-investigation = زیرِ تفتیش
map-status-confirmed = تصدیق شدہ
map-status-not-confirmed = تصدیق نہیں ہوئی
map-status-inconclusive = غیر حتمی
map-status-other = دیگر
map-afghanistan = افغانستان
map-pakistan = پاکستان
map-attribution = لکیر اور ممالک: Natural Earth 1:10m (پبلک ڈومین)۔ مقامات: GeoNames، CC BY 4.0۔ مستند سرحد نہیں: 1:10M لکیر چند کلومیٹر تک ہٹی ہو سکتی ہے۔
file-map-title = جہاں واقعہ ہوا وہاں کلک کریں

# The incidents of the map as a list (machine-drafted, needs review)
map-list-link = یہی واقعات فہرست کی صورت میں
incidents-heading = نقشے پر واقعات
incidents-case = کیس
incidents-date = دن
incidents-where = مقام
incidents-status = حالت
incidents-near = { $place } سے { $km } کلومیٹر

# Daily situation reports
situation-title = روزانہ صورتِ حال کی رپورٹیں
situation-intro = ہر دن کی رپورٹ بتاتی ہے کہ سرحدی سیکٹر کے لحاظ سے کیا رپورٹ ہوا، کیا قابلِ سماعت قرار پایا، کیا پایا گیا اور کیا فیصلہ ہوا، رپورٹوں میں دعویٰ کردہ جانی نقصان اور اس دن کے قبل از وقت انتباہات کے ساتھ۔ اعداد و شمار Truce لاگ سے نکالتا ہے؛ ثالثوں کا سیکرٹریٹ بیانیہ لکھتا ہے اور ثالث اشاعت سے پہلے اسے منظور کرتے ہیں۔
situation-none = ابھی تک کوئی روزانہ رپورٹ شائع نہیں ہوئی۔
situation-day = دن
situation-day-title = { $day } کی صورتِ حال کی رپورٹ
situation-day-intro = دن { $zone } میں آدھی رات سے آدھی رات تک ہے۔ ہر عدد کو تصدیق کرنے والا کوئی بھی شخص لاگ سے دوبارہ شمار کرتا ہے۔
situation-narrative = سیکرٹریٹ کا بیانیہ
situation-by-sector = سرحدی سیکٹر کے لحاظ سے
situation-sector = سیکٹر
situation-reported = رپورٹ ہوئیں
situation-admitted = قابلِ سماعت
situation-found = نگرانوں کی رپورٹیں
situation-decided = فیصلے
situation-killed = ہلاک (دعویٰ)
situation-injured = زخمی (دعویٰ)
situation-unstated = جانی نقصان بیان نہ کرنے والی رپورٹیں
situation-open-deadlines = مہلت کی منتظر
situation-overdue = { $count } مہلت گزر چکی
situation-total = تمام سیکٹر
situation-unplaced = سرحد پر کوئی مقام نہیں
situation-range = { $low }–{ $high } (بہترین اندازہ { $best })
situation-claims = جانی نقصان وہ اعداد ہیں جن کا دن کی رپورٹیں دعویٰ کرتی ہیں، کم سے کم سے زیادہ سے زیادہ معتبر تعداد تک: الزامات، نتائج نہیں۔
situation-alerts = قبل از وقت انتباہات
situation-no-alerts = اس دن کے لیے کوئی قبل از وقت انتباہ نہیں۔
situation-alert = { $sector }: { $method }، { $observed } رپورٹیں (ریکارڈ { $record })
situation-published = { $when } کو ریکارڈ { $record } کے طور پر شائع ہوئی۔
situation-record = دستخط شدہ ریکارڈ
situation-not-published = اس دن کی کوئی رپورٹ شائع نہیں ہوئی۔
situation-back = تمام روزانہ رپورٹیں
situation-bad-day = “{ $value }” کوئی دن نہیں، جیسے 2025-10-15۔

## Early-warning trend charts (web/trend.rs), on the reports and the desk.
map-alert = ابتدائی انتباہ
trend-heading = ہر سیکٹر اور دن کی رپورٹیں
trend-none = اس مدت کی کوئی رپورٹ کسی سرحدی سیکٹر میں نہیں رکھی گئی۔
trend-intro-published = شائع شدہ کیس، واقعے کے دن کے لحاظ سے (معاہدے کے ٹائم زون میں)، ہر سرحدی سیکٹر کا ایک چارٹ۔
trend-intro-filed = درج کردہ رپورٹیں جو آپ دیکھ سکتے ہیں (الزامات، حقائق نہیں)، واقعے کے دن کے لحاظ سے (معاہدے کے ٹائم زون میں)، ہر سرحدی سیکٹر کا ایک چارٹ۔
trend-intro-band = سرمئی پٹی روزانہ تعداد کی وہ حد ہے جو سیکٹر کا اپنا حالیہ ماضی معمول بناتا ہے (ابتدائی انتباہ کا پوآسوں ٹیسٹ)؛ اس سے اوپر کا ستون غیر معمولی ہے۔
trend-legend-count = دن کی رپورٹیں
trend-legend-band = معمول کی حد
trend-legend-baseline = بنیادی سطح (روزانہ اوسط)
trend-legend-alert = ابتدائی انتباہ جاری ہوا
trend-alerts-on-desk = ابتدائی انتباہات ثالثوں اور فریقوں کو ان کی ڈیسک پر دکھائے جاتے ہیں۔
trend-desc = { $sector }: { $total } رپورٹیں۔ معمول کی حد سے اوپر کے دن: { $above }۔ انتباہات: { $alerts }۔
trend-day = دن
trend-count = رپورٹیں
trend-baseline = روزانہ بنیادی سطح
trend-ordinary = معمول کی حد
trend-alerts = انتباہات
trend-alert-record = ریکارڈ { $record }
