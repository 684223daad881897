# Machine-drafted translation: needs review by a native speaker before use in a deployment.
# public messages (prs, Dari: Persian of Afghanistan, with Afghan vocabulary). The reference is en/public.ftl.

## Shared (machine-drafted, needs review)

bad-request-title = در آدرس اشتباهی هست
outcome-violation = نقض از سوی { $party }
outcome-confirmed = رویداد تأیید شد، به کسی نسبت داده نشد
outcome-not-confirmed = تأییدنشده
outcome-inconclusive = بی‌نتیجه
outcome-severity-minor = خفیف
outcome-severity-serious = جدی
outcome-severity-grave = بسیار جدی
finding-accused = طرف متهم
finding-occurred = چه وقت
finding-place = کجا
finding-status = وضعیت
finding-outcome = یافته
finding-breached = احکام نقض‌شده
finding-severity-label = شدت
finding-final = نهایی از
finding-final-on = نهایی از { $date }
duration-days = { $count } روز
duration-hours = { $count } ساعت

## Home (machine-drafted, needs review)

home-agreement-heading = توافقنامه
agreement-parties = طرف‌ها
agreement-mediators = میانجی‌ها
agreement-signed = امضا
agreement-in-force = نافذ از
agreement-provisions = احکام
agreement-proposal = پیشنهاد، مورد توافق نیست
home-agreement-full = متن کامل توافقنامه
home-numbers-heading = به ارقام
home-numbers-hint = فقط قضایای نشرشده: یک قضیه وقتی نشر می‌شود که نتیجه‌اش قطعی شود. نقض‌ها از یافته‌های نهایی شمرده می‌شوند.
stat-published = قضایای نشرشده
stat-violations = نقض‌های تأییدشده
stat-violations-by = نقض‌های { $party }
stat-confirmed-unattributed = رویدادهای تأییدشده، بدون انتساب
stat-not-confirmed = تأییدنشده
stat-inconclusive = بی‌نتیجه
stat-inadmissible = غیرقابل رسیدگی شناخته‌شده
stat-merged = گزارش‌های تکراری مدغم‌شده
stat-penalties = مجازات‌های تعیین‌شده
home-latest-heading = تازه‌ترین یافته‌ها
home-all-findings = همهٔ یافته‌های نشرشده
home-map-heading = نقشهٔ سرحد
map-title = سرحد پاکستان و افغانستان: بخش‌ها، بندرها، رویدادهای نشرشده
map-caption = { $count ->
    [0] هنوز هیچ رویداد نشرشده‌ای مکان ندارد.
    [one] تازه‌ترین رویداد نشرشدهٔ دارای مکان، به رنگ یافته‌اش نشان داده شده است.
   *[other] { $count } رویداد نشرشدهٔ تازهٔ دارای مکان، به رنگ یافته‌هایشان نشان داده شده‌اند.
}
home-chart-heading = نقض‌های تأییدشده در هر هفته
chart-title = نقض‌های تأییدشده به تفکیک طرف و هفتهٔ ISO
chart-desc = هفته‌های { $from } تا { $until }، به تاریخ رویداد.
chart-no-data = هنوز هیچ قضیهٔ نشرشده‌ای نیست.
chart-table-summary = ارقام به شکل جدول
chart-week = هفته
chart-week-from = از { $date }

## Findings (machine-drafted, needs review)

findings-title = یافته‌ها
findings-intro = یافته‌ها دربارهٔ قضایای نشرشده، تازه‌ترین رویداد اول. صفحهٔ هر قضیه تاریخچهٔ کاملش را نشان می‌دهد و هر گام به سند امضاشده‌اش در لاگ پیوند دارد.
findings-none = هنوز هیچ یافتهٔ نشرشده‌ای نیست.
findings-next = صفحهٔ بعد
findings-download = دانلود همهٔ یافته‌ها (CSV)
filter-party = طرف متهم
filter-provision = حکم استنادشده
filter-any = همه
filter-apply = نمایش
filter-bad-party = { $value } طرف توافقنامه نیست؛ یکی از این‌ها: { $known }
filter-bad-provision = { $value } حکمی از توافقنامه نیست؛ یکی از این‌ها: { $known }
filter-bad-after = نشانگر صفحهٔ این فهرست نیست؛ از صفحهٔ اول دوباره شروع کنید
filter-unknown = فلتر این فهرست نیست؛ فلترها طرف و حکم هستند

## Reports (machine-drafted, needs review)

reports-title = گزارش‌ها
reports-intro = هر گزارش قضایای نشرشده‌ای را در بر می‌گیرد که رویدادشان در یک ماه یا یک هفتهٔ ISO (به وقت UTC) رخ داده است. هر گزارش به‌خوبی چاپ می‌شود.
reports-none = هنوز هیچ قضیهٔ نشرشده‌ای نیست، پس گزارشی هم نیست.
reports-month = ماه
reports-cases = قضایای نشرشده
reports-weeks = هفته‌های ISO
reports-week-cases = { $count } قضیهٔ نشرشده
report-title-month = گزارش ماهانه { $period }
report-title-week = گزارش هفته‌وار { $period }
report-range = { $from } تا { $until }
report-intro = فقط قضایای نشرشده، به تاریخ رویداد شمرده‌شده. نتیجه‌ها وقتی شمرده می‌شوند که یافته نهایی شود. قضایای جاری در این گزارش نیستند.
report-empty = هیچ قضیهٔ نشرشده‌ای رویدادی در { $period } ندارد.
report-back = همهٔ گزارش‌ها
period-bad-shape = { $value } نه ماهی مانند 2025-10 است و نه هفتهٔ ISO مانند 2025-W42
period-bad-year = { $value }: سال باید میان 2000 و 2100 باشد
period-bad-month = { $value }: چنین ماهی نیست؛ ماه‌ها از 01 تا 12 هستند
period-bad-week = { $value }: آن سال چنین هفتهٔ ISO ندارد
report-summary-heading = خلاصه
report-reported = ادعاها (بدون تکراری‌ها)
report-duplicates = گزارش‌های تکراری مدغم‌شده
report-admissible = قابل رسیدگی
report-inadmissible = غیرقابل رسیدگی
report-confirmed = رویدادهای تأییدشده
report-attributed = نقض‌های منسوب‌شده
report-not-confirmed = تأییدنشده
report-inconclusive = بی‌نتیجه
report-overdue-replies = پاسخ‌های با تأخیر
report-withdrawn = پس‌گرفته‌شده توسط ثبت‌کننده
report-casualties-not-stated = ادعاهایی بدون هیچ رقم تلفات (نامعلوم، نه صفر)
report-penalties-decided = مجازات‌های تعیین‌شده
report-median-days = میانهٔ روزها از ثبت تا یافته
report-by-party = به تفکیک طرف
report-party = طرف
report-filed = ثبت‌کرده
report-against = علیه
report-replies = پاسخ‌های به‌موقع
report-compliance = شاخص رعایت
report-compliance-explained = شاخص رعایت از 0 تا 100 است (بالاتر بهتر است): 60% رفتار (شدت نقض‌های نهایی در هر هفته)، 20% پاسخ‌های به‌موقع، 20% مجازات‌های رعایت‌شده.
report-see-agreement = قواعد مجازات
report-by-provision = به تفکیک حکم
report-provision = حکم
report-alleged = ادعاشده
report-breached = نقض‌شده
report-findings = یافته‌ها
report-case = قضیه
report-penalties = مجازات‌های تعیین‌شده
report-no-penalties = در این قضایا هیچ مجازاتی تعیین نشد.
report-generated = تهیه‌شده در { $date }.
penalty-col-level = سطح
penalty-measure = اقدام
penalty-col-decided = تصمیم
penalty-comply-by = مهلت رعایت
penalty-complied = رعایت
penalty-complied-yes = بلی
penalty-complied-no = نخیر
penalty-complied-pending = هنوز ثبت نشده

## Open data (machine-drafted, needs review)

data-title = معلومات باز
data-intro = هر قضیهٔ نشرشده و یافته‌های آن برای دانلود. فایل‌ها از وضعیت کنونی لاگ خوانده می‌شوند؛ هیچ چیزی در آن‌ها نیست که در این سایت عامه نباشد.
data-cases-csv = قضایای نشرشده (CSV)
data-cases-geojson = قضایای نشرشده (GeoJSON، نقطه‌ها)
data-findings-csv = یافته‌های قضایای نشرشده (CSV)
data-columns = ستون‌ها
data-column = ستون
data-meaning = معنا
col-id = شناسهٔ قضیه؛ صفحه‌اش /cases/ID است.
col-status = وضعیت قضیه.
col-accused = شناسهٔ طرف متهم.
col-provisions = احکام استنادشده، جداشده با نقطه‌ویرگول.
col-occurred-at = زمان رخ‌دادن رویداد (RFC 3339، UTC).
col-occurred-until = زمان پایان رویداد، اگر ادامه داشت؛ در غیر آن خالی.
col-time-precision = زمان با چه دقتی معلوم است: exact، یا day (در آن صورت occurred_at و occurred_until تاریخ‌اند، YYYY-MM-DD: روز نخست و روز آخر).
col-filed-at = زمان ثبت ادعا.
col-sector = بخش سرحدی که مکان در آن است، اگر نزدیک خط باشد.
col-lat-lon = عرض و طول جغرافیایی (WGS 84). در GeoJSON نقطه به شکل [طول، عرض] است.
col-summary = ادعا در یک سطر، چنان‌که ثبت شده.
col-claimed-casualties = تلفاتی که ادعا بیان می‌کند: برآوردهای کم، بهترین و زیاد از غیرنظامیان و نظامیان کشته و زخمی. خانهٔ خالی یعنی رقم بیان نشده، نه صفر.
col-finding = یافتهٔ وقوع: confirmed، not_confirmed یا inconclusive.
col-responsible-party = طرفی که مسئول شناخته شده، اگر باشد.
col-provisions-breached = احکامی که نقض‌شان ثابت شده، جداشده با نقطه‌ویرگول.
col-severity = شدت ثابت‌شده: minor، serious یا grave.
col-found-casualties = تلفاتی که یافته ثابت کرد، در همین ستون‌ها (found_…). خانهٔ خالی یعنی رقم بیان نشده، نه صفر.
col-final-at = زمان تصویب یافته و زمان نهایی شدن آن.
col-penalty = مجازات تعیین‌شده: سطح در نردبان، اقدام، زمان تصمیم.
col-complied = پس از ثبت، آیا طرف رعایت کرد (true یا false).
data-notes = فایل‌ها UTF-8 هستند. خانهٔ خالی یعنی «هیچ» یا «هنوز نه». قضایا به ترتیب تازه‌ترین رویداد اول آمده‌اند.
data-api = همین معلومات، و بیشتر، در JSON API است:

## Verify (machine-drafted, needs review)

verify-title = تصدیق
verify-intro = هر تغییر در یک قضیه سندی امضاشده در یک لاگ شفافیت عامه است. هر کسی می‌تواند، بی‌آن‌که به این سرور اعتماد کند، بررسی کند که لاگ تغییر نکرده و سند مشخصی در آن هست.
verify-checkpoint = نقطهٔ بررسی کنونی
verify-size = لاگ { $size } سند دارد. نقطهٔ بررسی امضاشدهٔ آن:
verify-no-checkpoint = لاگ هنوز نقطهٔ بررسی ندارد.
verify-origin = مبدأ لاگ (origin)
verify-vkey = کلید تصدیق
verify-pin-key = این کلید را با کلیدی که طرف‌ها و میانجی‌ها نشر می‌کنند مقایسه کنید و همان را ثابت نگه دارید: سروری که دربارهٔ لاگش دروغ بگوید، کلید همخوان هم نشان خواهد داد.
verify-whole-heading = بررسی کل لاگ
verify-whole = فرمان truce نقطهٔ بررسی، هر کاشی و هر مدخل را می‌گیرد و امضاها، درخت و قواعد را بررسی می‌کند. یک سطر چاپ می‌کند و اگر چیزی ناکام شود با کد 1 خارج می‌شود.
verify-one-heading = بررسی یک سند
verify-one-step-entry = سند را بگیرید: مدخل آن همان بایت‌هایی است که هش‌شان در لاگ رفته است.
verify-one-step-proof = ثبوت شمول آن را بگیرید، یک فایل c2sp.org/tlog-proof@v1 در برابر تازه‌ترین نقطهٔ بررسی.
verify-one-step-check = امضای نقطهٔ بررسی را با کلیدی که ثابت نگه داشته‌اید بررسی کنید، سپس ثبوت را در برابر ریشهٔ نقطهٔ بررسی با هر کلاینت C2SP (مثلاً CheckRecord در golang.org/x/mod/sumdb/tlog زبان Go).
verify-case-pages = هر گام در صفحهٔ یک قضیه به سند و ثبوت خود پیوند دارد.
verify-form-heading = بررسی یک سند
verify-form-label = شمارهٔ سند
verify-form-submit = نمایش ثبوت آن
verify-record-bad = { $value } شمارهٔ سند نیست (عدد صحیح از 0)
verify-record-beyond = سند { $value } وجود ندارد: لاگ { $size } سند دارد، شماره‌گذاری از 0
verify-record-heading = سند { $index }
verify-record-entry = سند (JSON)
verify-record-proof = ثبوت شمول آن

## Agreement (machine-drafted, needs review)

agreement-id = شناسه
agreement-form = شکل
agreement-ends = پایان
agreement-sha256 = SHA-256 متن
agreement-text-link = متن چنان‌که ثبت شده
agreement-sha256-hint = لاگ این هش را هنگام تصویب توافقنامه ثبت کرد: هش متن را بگیرید تا بررسی کنید همان متن نافذ است.
agreement-consent = امضاها
agreement-consent-none = هیچ مشارکی این توافقنامه را در لاگ امضا نکرده است: مدیر گرداننده آن را به تنهایی تصویب کرد.
agreement-consent-version = نسخه
agreement-consent-status = وضعیت
agreement-consent-signatory = امضاکننده
agreement-consent-signature = امضا
consent-draft = پیش‌نویس، در انتظار امضاها
consent-superseded = پیش‌نویس جایگزین‌شده
consent-in-force = نافذ
consent-signed = امضا شده (ثبت { $index }): بررسی کنید
consent-unsigned = امضا نشده
agreement-contents = فهرست
agreement-participants = اشتراک‌کنندگان
agreement-participant = اشتراک‌کننده
agreement-role = نقش
agreement-protocol = پروتوکول تصدیق
agreement-penalties = مجازات‌ها
agreement-escalation = تشدید
agreement-sources = منابع
participant-party = طرف
participant-mediator = میانجی
participant-guarantor = ضامن
participant-monitoring-team = تیم نظارت
provision-kind = تعهد
provision-bearers = ملزم
provision-acts = اعمال
provision-scope = کجا
provision-from = از
provision-until = تا
scope-whole-border = کل منطقهٔ سرحدی
scope-band = در فاصلهٔ { $km } کیلومتری خط
protocol-deadlines = مهلت‌ها
protocol-deadline-acknowledge = تأیید دریافت
protocol-deadline-triage = تصمیم قابلیت رسیدگی
protocol-deadline-reply = پاسخ طرف متهم
protocol-deadline-investigation = تحقیق
protocol-deadline-appeal = استیناف
protocol-deadline-compliance = رعایت مجازات
protocol-may-file = چه کسی می‌تواند ثبت کند
protocol-decision = تصمیم‌ها
decision-chair = رئیس ({ $chair }) تصمیم می‌گیرد
decision-consensus = با اجماع
decision-k-of-n = { $k } از { $n } رأی‌دهنده باید موافقت کنند
decision-voters = رأی‌دهندگان:
standard-occurrence = معیار اثبات وقوع رویداد
standard-direct-act = معیار انتساب عمل مستقیم
standard-failure-to-prevent = معیار انتساب ناکامی در جلوگیری
publication-delay = یافته‌ها نشر می‌شوند پس از
penalty-description = شامل چه است
penalty-base-levels = سطح آغازین به تناسب شدت
penalty-recidivism = نقض‌های تکراری
penalty-recidivism-rule = +{ $step } برای هر نقض پیشین در { $window }، حداکثر +{ $max }
penalty-aggravating = عوامل تشدیدکننده
penalty-cap = بالاترین سطحی که موتور پیشنهاد می‌کند
escalation-none = هیچ قاعدهٔ تشدیدی نیست.
trigger-violations = { $count } نقض تأییدشده از سوی یک طرف در { $within }
trigger-overdue-reply = پاسخی به تأخیر بیفتد
trigger-missed-commitment = تعهدی که در مذاکرات سپرده شده انجام نشود
trigger-surge = هشدار زودهنگام صادر شود ({ $filters })
trigger-non-compliance = مجازاتی رعایت نشود
trigger-grave-finding = یافته‌ای بسیار جدی نهایی شود

## Talks
talks-title = مذاکرات
talks-intro = دورهای مذاکره میان مشارکت‌کنندگان، اعلامیه‌هایی که امضا کردند و تعهداتی که سپردند. هر گام یک سابقهٔ امضاشده در لاگ است.
talks-rounds = دورها
talks-communiques = اعلامیه‌ها
talks-commitments = تعهدات
talks-none = هنوز چیزی نیست.
talks-not-found = پیدا نشد
talks-back = همهٔ مذاکرات
talks-col-round = دور
talks-col-dates = تاریخ‌ها
talks-col-venue = محل
talks-col-status = وضعیت
talks-round-planned = برنامه‌ریزی‌شده
talks-round-convened = در جریان
talks-round-adjourned = معلق
talks-round-concluded = پایان‌یافته
talks-round-failed = ناکام
talks-host = میزبان
talks-mediators = میانجی‌ها
talks-agenda = دستور کار
talks-outcome = نتیجه
talks-delegations = هیئت‌ها
talks-col-participant = مشارکت‌کننده
talks-col-head = رئیس هیئت
talks-col-members = اعضا
talks-follows = در سطح هیئت { $participant } حضور می‌یابد
talks-parity = بررسی‌های برابری
talks-parity-met = برآورده
talks-parity-failed = برآورده نشده
talks-parity-pending = در انتظار
talks-positions = مواضع علنی
talks-history = تاریخچه
talks-record = سابقهٔ { $index }
talks-communique-joint = متن مشترک، امضاشده توسط همهٔ امضاکنندگان
talks-communique-statement = اعلامیهٔ میانجی‌ها؛ { $participants } امضا نکرد
talks-communique-draft = پیش‌نویس
talks-authoritative = متن معتبر
talks-signatures = امضاها
talks-signed = امضاشده (سابقهٔ { $index })
talks-declined = رد شد: { $reason }
talks-not-answered = بی‌پاسخ
talks-verify-signature = این امضا را تأیید کنید
talks-key = کلید مشارکت‌کننده
talks-signature-hint = هر امضا یک امضای Ed25519 با کلید خود مشارکت‌کننده بر truce/communique-signature/v1، یک بایت صفر و JSON استاندارد شناسه، نسخه و متن‌های اعلامیه است. سابقه آن را در لاگ نگه می‌دارد؛ truce verify همه را بررسی می‌کند.
talks-col-commitment = تعهد
talks-col-owners = متعهد
talks-col-deadline = مهلت
talks-form-written = کتبی
talks-form-verbal = اطمینان شفاهی
talks-overdue = معوق
talks-commitment-open = باز
talks-commitment-met = انجام‌شده
talks-commitment-partly-met = بخشی انجام‌شده
talks-commitment-missed = انجام‌نشده
talks-commitment-withdrawn = پس‌گرفته‌شده
talks-commitment-superseded = جایگزین‌شده
talks-follow-up = پیگیری در { $round }
talks-decision = تصمیم: { $reason }
talks-escalation = ارجاع به سطح بالاتر: { $action }

## Withdrawals
agreement-withdrawals = کناره‌گیری‌ها و تعلیق‌ها
withdrawal-kind-withdrawal = کناره‌گیری
withdrawal-kind-suspension = تعلیق
withdrawal-kind-resumption = ازسرگیری
withdrawal-in-effect = از { $date } نافذ
withdrawal-pending = از { $date } نافذ می‌شود
withdrawal-stops = آنچه متوقف می‌شود: { $text }
withdrawal-continues = آنچه ادامه می‌یابد: { $text }
withdrawal-unsaid = موافقت‌نامه نمی‌گوید این چه اثری دارد.

# The witnesses on the verify page.
verify-witnesses-heading = شاهدان
verify-witnesses-intro = هر مشارک شاهدی دارد که یک نقطهٔ بررسی را تنها وقتی امضا می‌کند که ادامهٔ همهٔ نقطه‌های بررسی پیشینِ همین لاگ باشد که خودش امضا کرده است. نقطهٔ بررسی‌ای که نصاب تعیین‌شده در توافق امضا کند، برای همه یک تاریخچه است: این سرور نمی‌تواند به یک طرف لاگ دیگری نشان دهد.
verify-witnessed-size = آخرین نقطهٔ بررسی که نصاب امضا کرده { $size } رکورد را در بر می‌گیرد:
verify-not-witnessed = هنوز هیچ نقطهٔ بررسی‌ای را نصاب امضا نکرده است، پس شاهدان هنوز این لاگ را تأیید نکرده‌اند.
verify-witness = شاهد
verify-witness-size = آخرین اندازهٔ امضاشده
verify-witness-time = زمان امضا
verify-witness-state = وضعیت
verify-witness-failing = پاسخ نمی‌دهد
verify-witness-ok = پاسخ می‌دهد
verify-policy = سیاست شاهدان (C2SP tlog-policy) برگرفته از توافق؛ آن را با متن امضاشدهٔ توافق مقایسه کنید و سپس با آن بررسی کنید:

# The split-view alarm.
split-view-alarm = هشدار: شاهدی نقطهٔ بررسی‌ای امضاشده با کلید همین لاگ دارد که در تاریخچه‌ای که این سرور نشان می‌دهد نیست. شاید به کسی لاگ دیگری نشان داده شده باشد.
split-view-details = دو نقطهٔ بررسی را ببینید
split-view-heading = نمای دوگانه
split-view-explained = شاهدی نقطهٔ بررسی‌ای امضاشده با کلید این لاگ دارد که تاریخچهٔ این سرور آن را ندارد. یا کلید لاگ دو تاریخچهٔ متفاوت را امضا کرده، یا این سرور بخشی از تاریخچهٔ خود را از دست داده است. پیش از اتکا به هر چه این سرور نشان می‌دهد، هر دو را با نسخهٔ خودتان مقایسه کنید و به دیگر مشارکت‌کنندگان خبر دهید.
split-view-witness = شاهد { $witness } این را دارد:
split-view-ours = این سرور به جای آن این را دارد:

# The maps' own words (lead).
map-sectors = سکتورهای سرحدی
map-crossings = گذرگاه‌ها
map-crossing-sourced = موقعیت از یک منبع
map-crossing-approximate = تقریباً روی خط گذاشته شده
map-incidents = رویدادها
map-status-reported = گزارش‌شده / ادعا
map-status-under-investigation = زیر تحقیق
map-status-confirmed = تأییدشده
map-status-not-confirmed = تأیید نشده
map-status-inconclusive = نامعلوم
map-status-other = دیگر
map-afghanistan = افغانستان
map-pakistan = پاکستان
map-attribution = خط و کشورها: Natural Earth 1:10m (مالکیت عمومی). مکان‌ها: GeoNames، CC BY 4.0. مرز رسمی نیست: خط 1:10M ممکن است تا چند کیلومتر فرق داشته باشد.
file-map-title = جایی که رخ داد کلیک کنید

# The incidents of the map as a list (machine-drafted, needs review)
map-list-link = همین رویدادها به‌صورت فهرست
incidents-heading = رویدادهای روی نقشه
incidents-case = قضیه
incidents-date = روز
incidents-where = مکان
incidents-status = وضعیت
incidents-near = { $km } کیلومتر از { $place }

# Daily situation reports
situation-title = گزارش‌های روزانهٔ وضعیت
situation-intro = گزارش هر روز نشان می‌دهد که به تفکیک سکتور سرحدی چه گزارش شد، چه پذیرفته شد، چه یافته شد و چه تصمیم گرفته شد، با تلفاتی که گزارش‌ها ادعا می‌کنند و هشدارهای پیش از وقت همان روز. Truce ارقام را از لاگ محاسبه می‌کند؛ دارالانشای میانجی‌ها روایت را می‌نویسد و میانجی‌ها پیش از نشر آن را تأیید می‌کنند.
situation-none = تا هنوز هیچ گزارش روزانه نشر نشده است.
situation-day = روز
situation-day-title = گزارش وضعیت { $day }
situation-day-intro = روز از نیمه‌شب تا نیمه‌شب به وقت { $zone } است. هر کسی که تصدیق کند، هر رقم را دوباره از لاگ محاسبه می‌کند.
situation-narrative = روایت دارالانشا
situation-by-sector = به تفکیک سکتور سرحدی
situation-sector = سکتور
situation-reported = گزارش‌شده
situation-admitted = پذیرفته‌شده
situation-found = گزارش‌های ناظران
situation-decided = تصمیم‌ها
situation-killed = کشته (ادعا)
situation-injured = زخمی (ادعا)
situation-unstated = گزارش‌هایی که تلفات را بیان نمی‌کنند
situation-open-deadlines = در انتظار مهلت
situation-overdue = { $count } مهلت گذشته
situation-total = همهٔ سکتورها
situation-unplaced = بدون جای در سرحد
situation-range = { $low }–{ $high } (بهترین تخمین { $best })
situation-claims = تلفات ارقامی است که گزارش‌های روز ادعا می‌کنند، از کمترین تا بیشترین شمار معتبر: ادعاها، نه یافته‌ها.
situation-alerts = هشدارهای پیش از وقت
situation-no-alerts = برای این روز هشدار پیش از وقت نیست.
situation-alert = { $sector }: { $method }، { $observed } گزارش (ریکارد { $record })
situation-published = در { $when } به حیث ریکارد { $record } نشر شد.
situation-record = ریکارد امضاشده
situation-not-published = گزارشی از این روز نشر نشده است.
situation-back = همهٔ گزارش‌های روزانه
situation-bad-day = «{ $value }» روز نیست، مانند 2025-10-15.

## Early-warning trend charts (web/trend.rs), on the reports and the desk.
map-alert = هشدار زودهنگام
trend-heading = گزارش‌ها به تفکیک بخش و روز
trend-none = هیچ گزارشی در این دوره در یک بخش مرزی جای داده نشده است.
trend-intro-published = قضایای نشرشده، بر اساس روز رویداد (به وقت توافق)، یک نمودار برای هر بخش مرزی.
trend-intro-filed = گزارش‌ها آن‌گونه که ثبت شده‌اند و شما اجازهٔ دیدن شان را دارید (ادعا، نه واقعیت)، بر اساس روز رویداد (به وقت توافق)، یک نمودار برای هر بخش مرزی.
trend-intro-band = نوار خاکستری محدودهٔ شمار روزانه‌ای است که گذشتهٔ نزدیک خود بخش آن را عادی می‌سازد (آزمون پواسون هشدار زودهنگام)؛ ستونی بالاتر از آن غیرعادی است.
trend-legend-count = گزارش‌های روز
trend-legend-band = محدودهٔ عادی
trend-legend-baseline = خط مبنا (میانگین روزانه)
trend-legend-alert = هشدار زودهنگام صادر شد
trend-alerts-on-desk = هشدارهای زودهنگام به میانجی‌ها و طرف‌ها در میزهای شان نشان داده می‌شود.
trend-desc = { $sector }: { $total } گزارش. روزهای بالاتر از محدودهٔ عادی: { $above }. هشدارها: { $alerts }.
trend-day = روز
trend-count = گزارش‌ها
trend-baseline = خط مبنای روزانه
trend-ordinary = محدودهٔ عادی
trend-alerts = هشدارها
trend-alert-record = سابقهٔ { $record }
