# Machine-drafted translation: needs review by a native speaker before use in a deployment.
# public messages (ps, Pashto, Afghan usage). The reference is en/public.ftl.

## Shared (machine-drafted, needs review)

bad-request-title = په پته کې څه تېروتنه ده
outcome-violation = د { $party } سرغړونه
outcome-confirmed = پېښه تایید شوه، چا ته منسوب نه شوه
outcome-not-confirmed = نه ده تایید شوې
outcome-inconclusive = بې پایلې
outcome-severity-minor = لږ
outcome-severity-serious = جدي
outcome-severity-grave = ډېر جدي
finding-accused = تورن اړخ
finding-occurred = کله
finding-place = چېرته
finding-status = حالت
finding-outcome = موندنه
finding-breached = مات شوي احکام
finding-severity-label = شدت
finding-final = نهایي له
finding-final-on = له { $date } راهیسې نهایي
duration-days = { $count ->
    [one] { $count } ورځ
   *[other] { $count } ورځې
}
duration-hours = { $count ->
    [one] { $count } ساعت
   *[other] { $count } ساعته
}

## Home (machine-drafted, needs review)

home-agreement-heading = تړون
agreement-parties = اړخونه
agreement-mediators = منځګړي
agreement-signed = لاسلیک
agreement-in-force = نافذ له
agreement-provisions = احکام
agreement-proposal = وړاندیز، پرې هوکړه نه ده شوې
home-agreement-full = بشپړ تړون
home-numbers-heading = په شمېرو کې
home-numbers-hint = یوازې خپرې شوې قضیې: قضیه هغه وخت خپرېږي چې پایله یې ټاکل شوې وي. سرغړونې له نهایي موندنو شمېرل کېږي.
stat-published = خپرې شوې قضیې
stat-violations = تایید شوې سرغړونې
stat-violations-by = د { $party } سرغړونې
stat-confirmed-unattributed = تایید شوې پېښې، چا ته نه منسوب
stat-not-confirmed = نه دي تایید شوې
stat-inconclusive = بې پایلې
stat-inadmissible = د منلو وړ نه ګڼل شوې
stat-merged = یوځای شوي تکراري راپورونه
stat-penalties = ټاکل شوې جزاګانې
home-latest-heading = وروستۍ موندنې
home-all-findings = ټولې خپرې شوې موندنې
home-map-heading = د پولې نقشه
map-title = د پاکستان او افغانستان پوله: برخې، بندرونه، خپرې شوې پېښې
map-caption = { $count ->
    [0] تر اوسه هېڅ خپره شوې پېښه ځای نه لري.
    [one] ځای لرونکې تر ټولو وروستۍ خپره شوې پېښه د خپلې موندنې په رنګ ښودل شوې ده.
   *[other] ځای لرونکې { $count } وروستۍ خپرې شوې پېښې د خپلو موندنو په رنګ ښودل شوې دي.
}
home-chart-heading = په اونۍ کې تایید شوې سرغړونې
chart-title = د اړخ او ISO اونۍ له مخې تایید شوې سرغړونې
chart-desc = له { $from } څخه تر { $until } پورې اونۍ، د پېښې د نېټې له مخې.
chart-no-data = تر اوسه هېڅ خپره شوې قضیه نشته.
chart-table-summary = شمېرې د جدول په بڼه
chart-week = اونۍ
chart-week-from = له { $date }

## Findings (machine-drafted, needs review)

findings-title = موندنې
findings-intro = د خپرو شویو قضیو موندنې، وروستۍ پېښه لومړی. د هرې قضیې پاڼه یې ټوله تاریخچه ښيي، هر ګام په لاګ کې له خپل لاسلیک شوي ریکارډ سره تړلی دی.
findings-none = تر اوسه هېڅ خپره شوې موندنه نشته.
findings-next = بله پاڼه
findings-download = ټولې موندنې ښکته کړئ (CSV)
filter-party = تورن اړخ
filter-provision = یاد شوی حکم
filter-any = هر یو
filter-apply = ښودل
filter-bad-party = { $value } د تړون اړخ نه دی؛ له دې څخه یو: { $known }
filter-bad-provision = { $value } د تړون حکم نه دی؛ له دې څخه یو: { $known }
filter-bad-after = د دې لېست د پاڼې نښه نه ده؛ له لومړۍ پاڼې بیا پیل کړئ
filter-unknown = د دې لېست فلټر نه دی؛ فلټرونه اړخ او حکم دي

## Reports (machine-drafted, needs review)

reports-title = راپورونه
reports-intro = یو راپور هغه خپرې شوې قضیې رانغاړي چې پېښه یې په یوه میاشت یا ISO اونۍ (UTC) کې وي. هر راپور پاک چاپېږي.
reports-none = تر اوسه هېڅ خپره شوې قضیه نشته، نو راپور هم نشته.
reports-month = میاشت
reports-cases = خپرې شوې قضیې
reports-weeks = ISO اونۍ
reports-week-cases = { $count ->
    [one] { $count } خپره شوې قضیه
   *[other] { $count } خپرې شوې قضیې
}
report-title-month = میاشتنی راپور { $period }
report-title-week = اونیز راپور { $period }
report-range = له { $from } څخه تر { $until }
report-intro = یوازې خپرې شوې قضیې، د پېښې د نېټې له مخې شمېرل شوې. پایلې هغه وخت شمېرل کېږي چې موندنه نهایي شي. روانې قضیې په دې راپور کې نشته.
report-empty = په { $period } کې د هېڅ خپرې شوې قضیې پېښه نشته.
report-back = ټول راپورونه
period-bad-shape = { $value } نه د 2025-10 په څېر میاشت ده او نه د 2025-W42 په څېر ISO اونۍ
period-bad-year = { $value }: کال باید د 2000 او 2100 ترمنځ وي
period-bad-month = { $value }: داسې میاشت نشته؛ میاشتې له 01 تر 12 دي
period-bad-week = { $value }: په هغه کال کې داسې ISO اونۍ نشته
report-summary-heading = لنډیز
report-reported = ادعاوې (له تکراري پرته)
report-duplicates = یوځای شوي تکراري راپورونه
report-admissible = د منلو وړ
report-inadmissible = د منلو وړ نه
report-confirmed = تایید شوې پېښې
report-attributed = منسوبې شوې سرغړونې
report-not-confirmed = نه دي تایید شوې
report-inconclusive = بې پایلې
report-overdue-replies = ناوخته ځوابونه
report-withdrawn = د ثبتوونکي له خوا بېرته اخیستل شوې
report-casualties-not-stated = هغه ادعاوې چې د تلفاتو هېڅ شمېر نه ښيي (نامعلوم، نه صفر)
report-penalties-decided = ټاکل شوې جزاګانې
report-median-days = له ثبت څخه تر موندنې د ورځو منځنی
report-by-party = د اړخ له مخې
report-party = اړخ
report-filed = ثبت کړې
report-against = پر ضد
report-replies = په وخت ځوابونه
report-compliance = د عمل شاخص
report-compliance-explained = د عمل شاخص له 0 تر 100 دی (لوړ ښه دی): 60% چلند (په اونۍ کې د نهایي سرغړونو شدت)، 20% په وخت ځوابونه، 20% هغه جزاګانې چې عمل پرې شوی.
report-see-agreement = د جزا قواعد
report-by-provision = د حکم له مخې
report-provision = حکم
report-alleged = ادعا شوی
report-breached = مات شوی
report-findings = موندنې
report-case = قضیه
report-penalties = ټاکل شوې جزاګانې
report-no-penalties = په دې قضیو کې هېڅ جزا نه ده ټاکل شوې.
report-generated = جوړ شوی { $date }.
penalty-col-level = کچه
penalty-measure = اقدام
penalty-col-decided = پرېکړه
penalty-comply-by = د عمل وروستۍ نېټه
penalty-complied = عمل
penalty-complied-yes = هو
penalty-complied-no = نه
penalty-complied-pending = تر اوسه نه دی ثبت شوی

## Open data (machine-drafted, needs review)

data-title = پرانیستي معلومات
data-intro = هره خپره شوې قضیه او د هغې موندنې د ښکته کولو لپاره. فایلونه د لاګ له اوسني حالت څخه لوستل کېږي؛ هېڅ داسې څه پکې نشته چې په دې سایټ کې عام نه وي.
data-cases-csv = خپرې شوې قضیې (CSV)
data-cases-geojson = خپرې شوې قضیې (GeoJSON، ټکي)
data-findings-csv = د خپرو شویو قضیو موندنې (CSV)
data-columns = ستنې
data-column = ستنه
data-meaning = مانا
col-id = د قضیې پېژند؛ پاڼه یې /cases/ID ده.
col-status = د قضیې حالت.
col-accused = د تورن اړخ پېژند.
col-provisions = یاد شوي احکام، په سیمي کولن جلا شوي.
col-occurred-at = پېښه کله وشوه (RFC 3339، UTC).
col-occurred-until = پېښه کله پای ته ورسېده، که دوام یې درلود؛ که نه، خالي.
col-time-precision = وخت څومره دقیق معلوم دی: exact، یا day (بیا occurred_at او occurred_until نېټې دي، YYYY-MM-DD: لومړۍ او وروستۍ ورځ).
col-filed-at = ادعا کله ثبت شوه.
col-sector = هغه سرحدي برخه چې ځای پکې دی، که کرښې ته نږدې وي.
col-lat-lon = عرض البلد او طول البلد (WGS 84). په GeoJSON کې ټکی [طول البلد، عرض البلد] دی.
col-summary = ادعا په یوه کرښه کې، لکه څنګه چې ثبت شوې.
col-claimed-casualties = هغه تلفات چې ادعا یې کوي: د وژل شویو او ټپي ملکي وګړو او جنګیالیو ټیټ، غوره او لوړ اټکلونه. خالي خونه یعنې شمېره نه ده ویل شوې، صفر نه ده.
col-finding = د پېښې موندنه: confirmed، not_confirmed یا inconclusive.
col-responsible-party = مسؤل موندل شوی اړخ، که وي.
col-provisions-breached = مات شوي موندل شوي احکام، په سیمي کولن جلا شوي.
col-severity = موندل شوی شدت: minor، serious یا grave.
col-found-casualties = هغه تلفات چې موندنې ثابت کړل، په همدې ستنو کې (found_…). خالي خونه یعنې شمېره نه ده ویل شوې، صفر نه ده.
col-final-at = موندنه کله تصویب او کله نهایي شوه.
col-penalty = ټاکل شوې جزا: په زینه کې کچه، اقدام، د پرېکړې وخت.
col-complied = له ثبت وروسته، ایا اړخ عمل وکړ (true یا false).
data-notes = فایلونه UTF-8 دي. تشه خانه یعنې «هېڅ» یا «لا نه». قضیې د وروستۍ پېښې له مخې لومړی راغلې دي.
data-api = همدا معلومات، او نور، په JSON API کې دي:

## Verify (machine-drafted, needs review)

verify-title = تایید
verify-intro = په قضیه کې هر بدلون په یوه عامه روڼتیا لاګ کې لاسلیک شوی ریکارډ دی. هر څوک کولی شي، پرته له دې چې پر دې سرور باور وکړي، وګوري چې لاګ نه دی بدل شوی او یو ټاکلی ریکارډ پکې شته.
verify-checkpoint = اوسنی کنټرول ټکی
verify-size = لاګ { $size } ریکارډونه لري. لاسلیک شوی کنټرول ټکی یې:
verify-no-checkpoint = لاګ تر اوسه کنټرول ټکی نه لري.
verify-origin = د لاګ سرچینه (origin)
verify-vkey = د تایید کیلي
verify-pin-key = دا کیلي له هغې کیلي سره پرتله کړئ چې اړخونه او منځګړي یې خپروي، او هماغه ټینګه کړئ: هغه سرور چې د خپل لاګ په اړه دروغ وايي، سمون لرونکې کیلي به هم وښيي.
verify-whole-heading = ټول لاګ وازمویئ
verify-whole = د truce کمانډ کنټرول ټکی، هره ټایل او هره برخه راوړي، او لاسلیکونه، ونه او قواعد ازمويي. یوه کرښه چاپوي او که څه ناکام شي په 1 وځي.
verify-one-heading = یو ریکارډ وازمویئ
verify-one-step-entry = ریکارډ راوړئ: برخه یې هماغه بایټونه دي چې هش یې لاګ ته ورننوتی.
verify-one-step-proof = د شمولیت ثبوت یې راوړئ، د وروستي کنټرول ټکي پر وړاندې یو c2sp.org/tlog-proof@v1 فایل.
verify-one-step-check = د کنټرول ټکي لاسلیک په هغې کیلي وازمویئ چې ټینګه مو کړې، بیا ثبوت د کنټرول ټکي د ریښې پر وړاندې په هر C2SP کلاینټ (لکه د Go golang.org/x/mod/sumdb/tlog CheckRecord).
verify-case-pages = د قضیې په پاڼه کې هر ګام له خپل ریکارډ او ثبوت سره تړلی دی.
verify-form-heading = یو ریکارډ وازمویئ
verify-form-label = د ریکارډ شمېره
verify-form-submit = ثبوت یې وښایئ
verify-record-bad = { $value } د ریکارډ شمېره نه ده (له 0 څخه بشپړ عدد)
verify-record-beyond = ریکارډ { $value } نشته: لاګ { $size } ریکارډونه لري، له 0 شمېرل شوي
verify-record-heading = ریکارډ { $index }
verify-record-entry = ریکارډ (JSON)
verify-record-proof = د شمولیت ثبوت یې

## Agreement (machine-drafted, needs review)

agreement-id = پېژند
agreement-form = بڼه
agreement-ends = پای
agreement-sha256 = د متن SHA-256
agreement-text-link = ثبت شوی متن
agreement-sha256-hint = کله چې تړون تصویب شو، لاګ دا هش ثبت کړ: د متن هش وباسئ ترڅو وګورئ چې همدا نافذ متن دی.
agreement-consent = لاسلیکونه
agreement-consent-none = هیڅ ګډون کوونکي دا تړون په لاګ کې نه دی لاسلیک کړی: د چلوونکي مدیر یوازې تصویب کړ.
agreement-consent-version = نسخه
agreement-consent-status = حالت
agreement-consent-signatory = لاسلیک کوونکی
agreement-consent-signature = لاسلیک
consent-draft = مسوده، د لاسلیکونو په تمه
consent-superseded = ځای پر ځای شوې مسوده
consent-in-force = نافذ
consent-signed = لاسلیک شوی (ثبت { $index }): وڅېړئ
consent-unsigned = نه دی لاسلیک شوی
agreement-contents = منځپانګه
agreement-participants = ګډونوال
agreement-participant = ګډونوال
agreement-role = رول
agreement-protocol = د تایید پروتوکول
agreement-penalties = جزاګانې
agreement-escalation = تشدید
agreement-sources = سرچینې
participant-party = اړخ
participant-mediator = منځګړی
participant-guarantor = تضمینوونکی
participant-monitoring-team = د څار ټیم
provision-kind = ژمنه
provision-bearers = پابندوي
provision-acts = کړنې
provision-scope = چېرته
provision-from = له
provision-until = تر
scope-whole-border = ټوله سرحدي سیمه
scope-band = له کرښې { $km } کیلومترو کې
protocol-deadlines = وروستۍ نېټې
protocol-deadline-acknowledge = د ترلاسه کېدو تایید
protocol-deadline-triage = د منلو وړتیا پرېکړه
protocol-deadline-reply = د تورن اړخ ځواب
protocol-deadline-investigation = څېړنه
protocol-deadline-appeal = استیناف
protocol-deadline-compliance = پر جزا عمل
protocol-may-file = څوک ثبتولی شي
protocol-decision = پرېکړې
decision-chair = مشر ({ $chair }) پرېکړه کوي
decision-consensus = په اجماع
decision-k-of-n = له { $n } رایه ورکوونکو { $k } باید موافقه وکړي
decision-voters = رایه ورکوونکي:
standard-occurrence = د پېښې د وقوع معیار
standard-direct-act = د مستقیم عمل د انتساب معیار
standard-failure-to-prevent = په مخنیوي کې د پاتې راتلو د انتساب معیار
publication-delay = موندنې خپرېږي وروسته له
penalty-description = څه پکې شامل دي
penalty-base-levels = د شدت له مخې پیلنۍ کچه
penalty-recidivism = تکراري سرغړونې
penalty-recidivism-rule = په { $window } کې د هرې پخوانۍ سرغړونې لپاره +{ $step }، تر ډېره +{ $max }
penalty-aggravating = سختوونکي عوامل
penalty-cap = تر ټولو لوړه کچه چې انجن یې وړاندیز کوي
escalation-none = د تشدید هېڅ قاعده نشته.
trigger-violations = { $count ->
    [one] په { $within } کې د یوه اړخ { $count } تایید شوې سرغړونه
   *[other] په { $within } کې د یوه اړخ { $count } تایید شوې سرغړونې
}
trigger-overdue-reply = یو ځواب ناوخته شي
trigger-missed-commitment = په خبرو اترو کې شوې ژمنه پوره نه شي
trigger-surge = د مخکینی خبرتیا خبرداری ورکړل شي ({ $filters })
trigger-non-compliance = پر یوه جزا عمل ونه شي
trigger-grave-finding = یوه ډېره جدي موندنه نهایي شي

## Talks
talks-title = خبرې اترې
talks-intro = د ګډونوالو ترمنځ د خبرو اترو پړاوونه، هغه اعلامیې چې لاسلیک یې کړې او هغه ژمنې چې یې کړې. هر ګام په لاګ کې یو لاسلیک شوی ریکارډ دی.
talks-rounds = پړاوونه
talks-communiques = اعلامیې
talks-commitments = ژمنې
talks-none = تر اوسه هیڅ نشته.
talks-not-found = ونه موندل شو
talks-back = ټولې خبرې اترې
talks-col-round = پړاو
talks-col-dates = نېټې
talks-col-venue = ځای
talks-col-status = حالت
talks-round-planned = پلان شوی
talks-round-convened = روان
talks-round-adjourned = ځنډول شوی
talks-round-concluded = پای ته رسېدلی
talks-round-failed = ناکام
talks-host = کوربه
talks-mediators = منځګړي
talks-agenda = اجنډا
talks-outcome = پایله
talks-delegations = پلاوي
talks-col-participant = ګډونوال
talks-col-head = د پلاوي مشر
talks-col-members = غړي
talks-follows = د { $participant } د پلاوي په کچه ګډون کوي
talks-parity = د برابرۍ ازموینې
talks-parity-met = پوره
talks-parity-failed = نه دی پوره
talks-parity-pending = په تمه
talks-positions = عامه دریځونه
talks-history = تاریخچه
talks-record = ریکارډ { $index }
talks-communique-joint = ګډ متن، د ټولو لاسلیک کوونکو لخوا لاسلیک شوی
talks-communique-statement = د منځګړو بیان؛ { $participants } لاسلیک نه دی کړی
talks-communique-draft = مسوده
talks-authoritative = معتبر متن
talks-signatures = لاسلیکونه
talks-signed = لاسلیک شوی (ریکارډ { $index })
talks-declined = رد شو: { $reason }
talks-not-answered = ځواب نشته
talks-verify-signature = دا لاسلیک تایید کړئ
talks-key = د ګډونوال کیلي
talks-signature-hint = هر لاسلیک د ګډونوال په خپله کیلي د truce/communique-signature/v1، یو صفر بایټ او د اعلامیې د پېژند، نسخې او متنونو د معیاري JSON پر سر Ed25519 لاسلیک دی. ریکارډ یې په لاګ کې ساتي؛ truce verify ټول ازمويي.
talks-col-commitment = ژمنه
talks-col-owners = ژمن
talks-col-deadline = وروستۍ نېټه
talks-form-written = لیکلې
talks-form-verbal = شفاهي ډاډ
talks-overdue = ځنډېدلې
talks-commitment-open = پرانیستې
talks-commitment-met = پوره شوې
talks-commitment-partly-met = تر یوې کچې پوره
talks-commitment-missed = نه ده پوره شوې
talks-commitment-withdrawn = بېرته اخیستل شوې
talks-commitment-superseded = ځای یې بل ونیو
talks-follow-up = څارنه په { $round } کې
talks-decision = پرېکړه: { $reason }
talks-escalation = لوړې کچې ته: { $action }

## Withdrawals
agreement-withdrawals = وتل او ځنډول
withdrawal-kind-withdrawal = وتل
withdrawal-kind-suspension = ځنډول
withdrawal-kind-resumption = بیا پیلول
withdrawal-in-effect = له { $date } راهیسې نافذ
withdrawal-pending = له { $date } نافذېږي
withdrawal-stops = څه درېږي: { $text }
withdrawal-continues = څه دوام کوي: { $text }
withdrawal-unsaid = تړون نه وايي چې دا څه اغېز لري.

# The witnesses on the verify page.
verify-witnesses-heading = شاهدان
verify-witnesses-intro = هر ګډون‌وال یو شاهد چلوي چې یوه د څارنې نقطه یوازې هغه وخت لاسلیکوي چې د دې لاګ د ټولو هغو پخوانیو نقطو دوام وي چې ده لاسلیک کړې دي. هغه نقطه چې د تړون ټاکلی نصاب یې لاسلیک کړي، د ټولو لپاره یو تاریخ دی: دا سرور نشي کولی یو اړخ ته بل لاګ وښيي.
verify-witnessed-size = وروستۍ نقطه چې نصاب لاسلیک کړې { $size } ریکارډونه رانغاړي:
verify-not-witnessed = تر اوسه نصاب هېڅ نقطه نه ده لاسلیک کړې، نو شاهدانو لا دا لاګ نه دی تایید کړی.
verify-witness = شاهد
verify-witness-size = وروستی لاسلیک شوی اندازه
verify-witness-time = د لاسلیک وخت
verify-witness-state = حالت
verify-witness-failing = ځواب نه ورکوي
verify-witness-ok = ځواب ورکوي
verify-policy = د شاهدانو پالیسي (C2SP tlog-policy) له تړون څخه؛ له لاسلیک شوي تړون متن سره یې پرتله کړئ، بیا پرې وڅېړئ:

# The split-view alarm.
split-view-alarm = خبرداری: یو شاهد د دې لاګ په کیلي لاسلیک شوې داسې نقطه لري چې په هغه تاریخ کې نشته چې دا سرور یې ښيي. کېدای شي چا ته بل لاګ ښودل شوی وي.
split-view-details = دواړه نقطې وګورئ
split-view-heading = دوه ګونی لید
split-view-explained = یو شاهد د دې لاګ په کیلي لاسلیک شوې نقطه لري چې د دې سرور په تاریخ کې نشته. یا د لاګ کیلي دوه بېل تاریخونه لاسلیک کړي، یا دې سرور د خپل تاریخ یوه برخه له لاسه ورکړې. مخکې له دې چې په هغه څه تکیه وکړئ چې دا سرور یې ښيي، دواړه له خپلې نسخې سره پرتله کړئ او نورو ګډون‌والو ته خبر ورکړئ.
split-view-witness = د { $witness } شاهد دا لري:
split-view-ours = دا سرور پر ځای یې دا لري:

# The maps' own words (lead).
map-sectors = پولي سکټورونه
map-crossings = تېرځایونه
map-crossing-sourced = له سرچینې ځای
map-crossing-approximate = په کرښه نږدې اټکل شوی
map-incidents = پېښې
map-status-reported = راپور شوې / تور
map-status-under-investigation = تر تحقیق لاندې
map-status-confirmed = تایید شوې
map-status-not-confirmed = نه ده تایید شوې
map-status-inconclusive = ناڅرګنده
map-status-other = نور
map-afghanistan = افغانستان
map-pakistan = پاکستان
map-attribution = کرښه او هېوادونه: Natural Earth 1:10m (عامه ملکیت). ځایونه: GeoNames، CC BY 4.0. رسمي پوله نه ده: د 1:10M کرښه ښايي څو کیلومتره توپیر ولري.
file-map-title = چېرته چې پېښه شوې هلته کلیک وکړئ

# The incidents of the map as a list (machine-drafted, needs review)
map-list-link = همدا پېښې د لړلیک په بڼه
incidents-heading = په نقشه کې پېښې
incidents-case = قضیه
incidents-date = ورځ
incidents-where = ځای
incidents-status = حالت
incidents-near = له { $place } څخه { $km } کیلومتره

# Daily situation reports
situation-title = د وضعیت ورځني راپورونه
situation-intro = د هرې ورځې راپور د پولې د سکتور له مخې ښيي چې څه راپور شول، څه ومنل شول، څه وموندل شول او څه پرېکړه وشوه، د راپورونو ادعا شوي تلفات او د هغې ورځې د مخکېنیو خبرتیاوو سره. Truce شمېرې له لاګ څخه شمېري؛ د منځګړو دارالانشا روایت لیکي او منځګړي یې له خپرېدو مخکې تصویبوي.
situation-none = تر اوسه هېڅ ورځنی راپور نه دی خپور شوی.
situation-day = ورځ
situation-day-title = د { $day } د وضعیت راپور
situation-day-intro = ورځ په { $zone } کې له نیمې شپې تر نیمې شپې ده. هر څوک چې یې تاییدوي، هره شمېره له لاګ څخه بیا شمېري.
situation-narrative = د دارالانشا روایت
situation-by-sector = د پولې د سکتور له مخې
situation-sector = سکتور
situation-reported = راپور شوي
situation-admitted = منل شوي
situation-found = د څارونکو راپورونه
situation-decided = پرېکړې
situation-killed = وژل شوي (ادعا)
situation-injured = ټپيان (ادعا)
situation-unstated = هغه راپورونه چې تلفات نه بیانوي
situation-open-deadlines = د مهلت په تمه
situation-overdue = { $count } مهلت تېر شوی
situation-total = ټول سکتورونه
situation-unplaced = په پوله کوم ځای نشته
situation-range = { $low }–{ $high } (غوره اټکل { $best })
situation-claims = تلفات هغه شمېرې دي چې د ورځې راپورونه یې ادعا کوي، له ټیټې تر لوړې باوري شمېرې: تورونه، نه موندنې.
situation-alerts = مخکېنۍ خبرتیاوې
situation-no-alerts = د دې ورځې لپاره مخکېنۍ خبرتیا نشته.
situation-alert = { $sector }: { $method }، { $observed } راپورونه (ریکارډ { $record })
situation-published = په { $when } د ریکارډ { $record } په توګه خپور شو.
situation-record = لاسلیک شوی ریکارډ
situation-not-published = د دې ورځې راپور نه دی خپور شوی.
situation-back = ټول ورځني راپورونه
situation-bad-day = “{ $value }” ورځ نه ده، لکه 2025-10-15.

## Early-warning trend charts (web/trend.rs), on the reports and the desk.
map-alert = د وخت دمخه خبرتیا
trend-heading = د سکتور او ورځې له مخې راپورونه
trend-none = په دې موده کې هېڅ راپور په یوه پولې سکتور کې نه دی ځای شوی.
trend-intro-published = خپاره شوې قضیې، د پېښې د ورځې له مخې (د تړون په وخت)، د هر پولې سکتور لپاره یو چارټ.
trend-intro-filed = هغه راپورونه چې ثبت شوي او تاسو یې لیدلی شئ (تورونه، نه حقیقتونه)، د پېښې د ورځې له مخې (د تړون په وخت)، د هر پولې سکتور لپاره یو چارټ.
trend-intro-band = خړ پټی د ورځنیو شمېرو هغه حد دی چې د سکتور خپل نږدې تېر وخت یې عادي کوي (د وخت دمخه خبرتیا د پواسون ازموینه)؛ له هغه پورته ستنه غیرعادي ده.
trend-legend-count = د ورځې راپورونه
trend-legend-band = عادي حد
trend-legend-baseline = بنسټیزه کچه (ورځنۍ منځنۍ)
trend-legend-alert = د وخت دمخه خبرتیا صادره شوه
trend-alerts-on-desk = د وخت دمخه خبرتیاوې منځګړو او اړخونو ته د دوی په مېزونو ښودل کېږي.
trend-desc = { $sector }: { $total } راپورونه. له عادي حد پورته ورځې: { $above }. خبرتیاوې: { $alerts }.
trend-day = ورځ
trend-count = راپورونه
trend-baseline = ورځنۍ بنسټیزه کچه
trend-ordinary = عادي حد
trend-alerts = خبرتیاوې
trend-alert-record = ریکارډ { $record }
