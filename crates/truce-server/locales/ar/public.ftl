# Machine-drafted translation: needs review by a native speaker before use in a deployment.
# public messages (ar, Arabic). The reference is en/public.ftl.
# "السجل" is the log; "قيد" is one record in it.

## Shared (machine-drafted, needs review)

bad-request-title = في العنوان خطأ
outcome-violation = انتهاك من { $party }
outcome-confirmed = حادث مؤكَّد غير منسوب
outcome-not-confirmed = غير مؤكَّد
outcome-inconclusive = غير حاسم
outcome-severity-minor = طفيف
outcome-severity-serious = جسيم
outcome-severity-grave = خطير جدًا
finding-accused = الطرف المتهم
finding-occurred = متى
finding-place = أين
finding-status = الحالة
finding-outcome = الاستنتاج
finding-breached = الأحكام المنتهكة
finding-severity-label = الجسامة
finding-final = نهائي منذ
finding-final-on = نهائي منذ { $date }
duration-days = { $count ->
    [zero] { $count } يوم
    [one] يوم واحد
    [two] يومان
    [few] { $count } أيام
    [many] { $count } يومًا
   *[other] { $count } يوم
}
duration-hours = { $count ->
    [zero] { $count } ساعة
    [one] ساعة واحدة
    [two] ساعتان
    [few] { $count } ساعات
    [many] { $count } ساعة
   *[other] { $count } ساعة
}

## Home (machine-drafted, needs review)

home-agreement-heading = الاتفاق
agreement-parties = الأطراف
agreement-mediators = الوسطاء
agreement-signed = تاريخ التوقيع
agreement-in-force = ساري المفعول من
agreement-provisions = الأحكام
agreement-proposal = مقترح، غير متفق عليه
home-agreement-full = نص الاتفاق كاملًا
home-numbers-heading = بالأرقام
home-numbers-hint = القضايا المنشورة فقط: تُنشر القضية متى استقرت نتيجتها. الانتهاكات تُحسب من الاستنتاجات النهائية.
stat-published = القضايا المنشورة
stat-violations = الانتهاكات المؤكَّدة
stat-violations-by = انتهاكات { $party }
stat-confirmed-unattributed = حوادث مؤكَّدة غير منسوبة
stat-not-confirmed = غير مؤكَّدة
stat-inconclusive = غير حاسمة
stat-inadmissible = اعتُبرت غير مقبولة
stat-merged = بلاغات مكرّرة مدموجة
stat-penalties = عقوبات تقرّرت
home-latest-heading = أحدث الاستنتاجات
home-all-findings = كل الاستنتاجات المنشورة
home-map-heading = خريطة الحدود
map-title = الحدود الباكستانية الأفغانية: القطاعات والمعابر والحوادث المنشورة
map-caption = { $count ->
    [0] لا يوجد بعد حادث منشور له موقع.
    [one] يظهر أحدث حادث منشور له موقع، ملوّنًا بحسب استنتاجه.
    [two] يظهر أحدث حادثين منشورين لهما موقع، ملوّنين بحسب استنتاجهما.
    [few] تظهر أحدث { $count } حوادث منشورة لها موقع، ملوّنة بحسب استنتاجاتها.
   *[other] يظهر أحدث { $count } حادثًا منشورًا لها موقع، ملوّنة بحسب استنتاجاتها.
}
home-chart-heading = الانتهاكات المؤكَّدة أسبوعيًا
chart-title = الانتهاكات المؤكَّدة بحسب الطرف وأسبوع ISO
chart-desc = الأسابيع من { $from } إلى { $until }، بحسب تاريخ الحادث.
chart-no-data = لا توجد قضية منشورة بعد.
chart-table-summary = الأرقام في جدول
chart-week = الأسبوع
chart-week-from = من { $date }

## Findings (machine-drafted, needs review)

findings-title = الاستنتاجات
findings-intro = الاستنتاجات في القضايا المنشورة، الأحدث حادثًا أولًا. تعرض صفحة كل قضية تاريخها كاملًا، وكل خطوة مرتبطة بقيدها الموقّع في السجل.
findings-none = لا يوجد استنتاج منشور بعد.
findings-next = الصفحة التالية
findings-download = نزّل كل الاستنتاجات (CSV)
filter-party = الطرف المتهم
filter-provision = الحكم المستشهد به
filter-any = الكل
filter-apply = اعرض
filter-bad-party = { $value } ليس طرفًا في الاتفاق؛ الأطراف: { $known }
filter-bad-provision = { $value } ليس حكمًا من أحكام الاتفاق؛ الأحكام: { $known }
filter-bad-after = ليس مؤشر صفحة من هذه القائمة؛ ابدأ من الصفحة الأولى
filter-unknown = ليس من مرشّحات هذه القائمة؛ المرشّحات هي الطرف والحكم

## Reports (machine-drafted, needs review)

reports-title = التقارير
reports-intro = يغطي التقرير القضايا المنشورة التي وقع حادثها في شهر أو في أسبوع ISO (بتوقيت UTC). كل تقرير يُطبع بشكل نظيف.
reports-none = لا توجد قضية منشورة بعد، ولذلك لا تقارير.
reports-month = الشهر
reports-cases = القضايا المنشورة
reports-weeks = أسابيع ISO
reports-week-cases = { $count ->
    [zero] لا قضايا منشورة
    [one] قضية منشورة واحدة
    [two] قضيتان منشورتان
    [few] { $count } قضايا منشورة
    [many] { $count } قضية منشورة
   *[other] { $count } قضية منشورة
}
report-title-month = التقرير الشهري { $period }
report-title-week = التقرير الأسبوعي { $period }
report-range = من { $from } إلى { $until }
report-intro = القضايا المنشورة فقط، محسوبة بتاريخ الحادث. تُحسب النتائج متى صار الاستنتاج نهائيًا. القضايا الجارية ليست في هذا التقرير.
report-empty = لا توجد قضية منشورة وقع حادثها في { $period }.
report-back = كل التقارير
period-bad-shape = { $value } ليس شهرًا مثل 2025-10 ولا أسبوع ISO مثل 2025-W42
period-bad-year = { $value }: يجب أن تكون السنة بين 2000 و2100
period-bad-month = { $value }: لا يوجد شهر كهذا؛ الأشهر من 01 إلى 12
period-bad-week = { $value }: لا يوجد أسبوع ISO كهذا في تلك السنة
report-summary-heading = الملخص
report-reported = الادعاءات (دون المكرّرة)
report-duplicates = بلاغات مكرّرة مدموجة
report-admissible = مقبولة
report-inadmissible = غير مقبولة
report-confirmed = حوادث مؤكَّدة
report-attributed = انتهاكات منسوبة
report-not-confirmed = غير مؤكَّدة
report-inconclusive = غير حاسمة
report-overdue-replies = ردود متأخرة
report-withdrawn = سحبها مقدّموها
report-casualties-not-stated = ادعاءات لا تذكر أي عدد للضحايا (غير معروف، لا صفر)
report-penalties-decided = عقوبات تقرّرت
report-median-days = وسيط الأيام من التقديم إلى الاستنتاج
report-by-party = بحسب الطرف
report-party = الطرف
report-filed = قدّم
report-against = ضده
report-replies = ردود في الموعد
report-compliance = مؤشر الامتثال
report-compliance-explained = يتراوح مؤشر الامتثال بين 0 و100 (الأعلى أفضل): 60% للسلوك (جسامة الانتهاكات النهائية في الأسبوع)، و20% للردود في الموعد، و20% للعقوبات التي امتُثل لها.
report-see-agreement = قواعد العقوبات
report-by-provision = بحسب الحكم
report-provision = الحكم
report-alleged = مُدّعى
report-breached = مُنتهَك
report-findings = الاستنتاجات
report-case = القضية
report-penalties = عقوبات تقرّرت
report-no-penalties = لم تتقرّر أي عقوبة في هذه القضايا.
report-generated = أُنشئ في { $date }.
penalty-col-level = المستوى
penalty-measure = التدبير
penalty-col-decided = تاريخ القرار
penalty-comply-by = الامتثال قبل
penalty-complied = الامتثال
penalty-complied-yes = نعم
penalty-complied-no = لا
penalty-complied-pending = لم يُسجَّل بعد

## Open data (machine-drafted, needs review)

data-title = البيانات المفتوحة
data-intro = كل قضية منشورة، والاستنتاجات فيها، متاحة للتنزيل. تُقرأ الملفات من إسقاطات السجل كما هي الآن؛ ولا تحوي شيئًا غير علني على هذا الموقع.
data-cases-csv = القضايا المنشورة (CSV)
data-cases-geojson = القضايا المنشورة (GeoJSON، نقاط)
data-findings-csv = الاستنتاجات في القضايا المنشورة (CSV)
data-columns = الأعمدة
data-column = العمود
data-meaning = المعنى
col-id = معرّف القضية؛ صفحتها /cases/ID.
col-status = حالة القضية.
col-accused = معرّف الطرف المتهم.
col-provisions = الأحكام المستشهد بها، تفصل بينها فاصلة منقوطة.
col-occurred-at = وقت وقوع الحادث (RFC 3339، UTC).
col-occurred-until = وقت انتهاء الحادث إن استمر؛ وإلا فارغ.
col-time-precision = مدى دقة معرفة الوقت: exact، أو day (وعندها يكون occurred_at وoccurred_until تاريخين، YYYY-MM-DD: اليوم الأول والأخير).
col-filed-at = وقت تقديم الادعاء.
col-sector = قطاع الحدود الذي يقع فيه الموقع، إن كان قريبًا من الخط.
col-lat-lon = خط العرض وخط الطول (WGS 84). في GeoJSON تُكتب النقطة [خط الطول، خط العرض].
col-summary = الادعاء في سطر واحد كما قُدّم.
col-claimed-casualties = الخسائر البشرية التي يدّعيها البلاغ: التقديرات الدنيا والفضلى والعليا للقتلى والجرحى من المدنيين والمقاتلين. الخانة الفارغة رقم لم يُذكر، وليست صفراً.
col-finding = استنتاج الوقوع: confirmed أو not_confirmed أو inconclusive.
col-responsible-party = الطرف الذي ثبتت مسؤوليته، إن وُجد.
col-provisions-breached = الأحكام التي ثبت انتهاكها، تفصل بينها فاصلة منقوطة.
col-severity = الجسامة الثابتة: minor أو serious أو grave.
col-found-casualties = الخسائر البشرية التي أثبتتها النتيجة، في الأعمدة نفسها (found_…). الخانة الفارغة رقم لم يُذكر، وليست صفراً.
col-final-at = متى اعتُمد الاستنتاج ومتى صار نهائيًا.
col-penalty = العقوبة المقرّرة: المستوى على السلّم، والتدبير، وتاريخ القرار.
col-complied = هل امتثل الطرف (true أو false)، بعد تسجيله.
data-notes = الملفات بترميز UTF-8. الخلايا الفارغة تعني «لا شيء» أو «ليس بعد». القضايا مرتبة الأحدث حادثًا أولًا.
data-api = البيانات نفسها، وأكثر، في واجهة JSON البرمجية:

## Verify (machine-drafted, needs review)

verify-title = التحقق
verify-intro = كل تغيير في قضية قيدٌ موقّع في سجل شفافية علني. يستطيع أي شخص أن يتحقق من أن السجل لم يُعدَّل وأن قيدًا معيّنًا موجود فيه، دون أن يثق بهذا الخادم.
verify-checkpoint = نقطة التحقق الحالية
verify-size = عدد القيود في السجل: { $size }. نقطة التحقق الموقّعة:
verify-no-checkpoint = لا توجد للسجل نقطة تحقق بعد.
verify-origin = مصدر السجل (origin)
verify-vkey = مفتاح التحقق
verify-pin-key = قارن هذا المفتاح بالمفتاح الذي ينشره الأطراف والوسطاء، وثبّت ذلك المفتاح: فالخادم الذي يكذب بشأن سجله سيعرض أيضًا مفتاحًا مطابقًا.
verify-whole-heading = تحقّق من السجل كله
verify-whole = يجلب أمر truce نقطة التحقق وكل بلاطة وكل قيد، ويتحقق من التواقيع والشجرة والقواعد. يطبع سطرًا واحدًا ويخرج بالرمز 1 إذا فشل أي شيء.
verify-one-heading = تحقّق من قيد واحد
verify-one-step-entry = اجلب القيد: مدخله هو البايتات نفسها التي أُدخلت بصمتها في السجل.
verify-one-step-proof = اجلب إثبات تضمينه، وهو ملف c2sp.org/tlog-proof@v1 مقابل أحدث نقطة تحقق.
verify-one-step-check = تحقّق من توقيع نقطة التحقق بالمفتاح الذي ثبّتّه، ثم من الإثبات مقابل جذر نقطة التحقق بأي عميل C2SP (مثل CheckRecord في golang.org/x/mod/sumdb/tlog بلغة Go).
verify-case-pages = كل خطوة في صفحة القضية مرتبطة بقيدها وإثباته.
verify-form-heading = تحقّق من قيد
verify-form-label = رقم القيد
verify-form-submit = اعرض إثباته
verify-record-bad = { $value } ليس رقم قيد (عدد صحيح يبدأ من 0)
verify-record-beyond = لا يوجد القيد { $value }: عدد القيود في السجل { $size }، مرقّمة من 0
verify-record-heading = القيد { $index }
verify-record-entry = القيد (JSON)
verify-record-proof = إثبات تضمينه

## Agreement (machine-drafted, needs review)

agreement-id = المعرّف
agreement-form = الشكل
agreement-ends = ينتهي
agreement-sha256 = بصمة SHA-256 للنص
agreement-text-link = النص كما سُجّل
agreement-sha256-hint = سجّل السجلُّ هذه البصمة عند اعتماد الاتفاق: احسب بصمة النص لتتحقق من أنه النص الساري.
agreement-consent = التواقيع
agreement-consent-none = لم يوقّع أي مشارك هذا الاتفاق في السجل: اعتمده مسؤول المشغّل وحده.
agreement-consent-version = النسخة
agreement-consent-status = الحالة
agreement-consent-signatory = الموقِّع
agreement-consent-signature = التوقيع
consent-draft = مسودة بانتظار التواقيع
consent-superseded = مسودة حلّت محلها أخرى
consent-in-force = سارية
consent-signed = موقَّعة (السجل { $index }): تحقّق
consent-unsigned = غير موقَّعة
agreement-contents = المحتويات
agreement-participants = المشاركون
agreement-participant = المشارك
agreement-role = الدور
agreement-protocol = بروتوكول التحقق
agreement-penalties = العقوبات
agreement-escalation = التصعيد
agreement-sources = المصادر
participant-party = طرف
participant-mediator = وسيط
participant-guarantor = ضامن
participant-monitoring-team = فريق مراقبة
provision-kind = الالتزام
provision-bearers = يُلزم
provision-acts = الأفعال
provision-scope = أين
provision-from = من
provision-until = حتى
scope-whole-border = منطقة الحدود كلها
scope-band = ضمن { $km } كم من الخط
protocol-deadlines = المهل
protocol-deadline-acknowledge = تأكيد الاستلام
protocol-deadline-triage = البتّ في القبول
protocol-deadline-reply = رد الطرف المتهم
protocol-deadline-investigation = التحقيق
protocol-deadline-appeal = الاستئناف
protocol-deadline-compliance = الامتثال للعقوبة
protocol-may-file = من يحق له التقديم
protocol-decision = القرارات
decision-chair = يقرّر الرئيس ({ $chair })
decision-consensus = بالإجماع
decision-k-of-n = الموافقات المطلوبة: { $k } من { $n }
decision-voters = المصوّتون:
standard-occurrence = معيار إثبات وقوع الحادث
standard-direct-act = معيار نسبة فعل مباشر
standard-failure-to-prevent = معيار نسبة التقصير في المنع
publication-delay = تُنشر الاستنتاجات بعد
penalty-description = ما تتضمنه
penalty-base-levels = مستوى البداية بحسب الجسامة
penalty-recidivism = تكرار الانتهاكات
penalty-recidivism-rule = +{ $step } عن كل انتهاك سابق خلال { $window }، بحد أقصى +{ $max }
penalty-aggravating = الظروف المشدّدة
penalty-cap = أعلى مستوى يقترحه المحرّك
escalation-none = لا قواعد تصعيد.
trigger-violations = { $count ->
    [one] انتهاك مؤكَّد واحد من طرف واحد خلال { $within }
    [two] انتهاكان مؤكَّدان من طرف واحد خلال { $within }
    [few] { $count } انتهاكات مؤكَّدة من طرف واحد خلال { $within }
   *[other] { $count } انتهاكًا مؤكَّدًا من طرف واحد خلال { $within }
}
trigger-overdue-reply = يتأخّر رد
trigger-missed-commitment = لا يُنجَز التزامٌ قُطع في المحادثات
trigger-surge = يُطلَق إنذار مبكر ({ $filters })
trigger-non-compliance = لا يُمتثل لعقوبة
trigger-grave-finding = يصبح استنتاج خطير نهائيًا

## Talks
talks-title = المحادثات
talks-intro = جولات المحادثات بين المشاركين، والبيانات التي وقّعوها، والالتزامات التي قطعوها. كل خطوة سجلٌّ موقَّع في السجل.
talks-rounds = الجولات
talks-communiques = البيانات
talks-commitments = الالتزامات
talks-none = لا شيء بعد.
talks-not-found = غير موجود
talks-back = كل المحادثات
talks-col-round = الجولة
talks-col-dates = التواريخ
talks-col-venue = المكان
talks-col-status = الحالة
talks-round-planned = مخطط لها
talks-round-convened = منعقدة
talks-round-adjourned = مؤجلة
talks-round-concluded = مختتمة
talks-round-failed = فاشلة
talks-host = المضيف
talks-mediators = الوسطاء
talks-agenda = جدول الأعمال
talks-outcome = النتيجة
talks-delegations = الوفود
talks-col-participant = المشارك
talks-col-head = رئيس الوفد
talks-col-members = الأعضاء
talks-follows = يحضر بمستوى وفد { $participant }
talks-parity = فحوص التكافؤ
talks-parity-met = مستوفى
talks-parity-failed = غير مستوفى
talks-parity-pending = قيد الانتظار
talks-positions = المواقف المعلنة
talks-history = السجل التاريخي
talks-record = السجل { $index }
talks-communique-joint = نص مشترك وقّعه كل الموقّعين
talks-communique-statement = بيان الوسطاء؛ لم يوقّعه { $participants }
talks-communique-draft = مسودة
talks-authoritative = النص المعتمد
talks-signatures = التواقيع
talks-signed = موقَّع (السجل { $index })
talks-declined = رُفض: { $reason }
talks-not-answered = لا رد
talks-verify-signature = تحقّق من هذا التوقيع
talks-key = مفتاح المشارك
talks-signature-hint = كل توقيع هو توقيع Ed25519 بمفتاح المشارك نفسه على truce/communique-signature/v1 وبايت صفري وJSON القياسي لمعرّف البيان وإصداره ونصوصه. يحمله السجل في الدفتر؛ ويتحقق truce verify منها جميعًا.
talks-col-commitment = الالتزام
talks-col-owners = الملتزم
talks-col-deadline = الموعد النهائي
talks-form-written = كتابيًا
talks-form-verbal = تعهّد شفهي
talks-overdue = متأخر
talks-commitment-open = مفتوح
talks-commitment-met = مُنجَز
talks-commitment-partly-met = مُنجَز جزئيًا
talks-commitment-missed = لم يُنجَز
talks-commitment-withdrawn = مسحوب
talks-commitment-superseded = مُستبدَل
talks-follow-up = تُتابَع في { $round }
talks-decision = القرار: { $reason }
talks-escalation = تصعيد: { $action }

## Withdrawals
agreement-withdrawals = الانسحابات وتعليق المشاركة
withdrawal-kind-withdrawal = انسحاب
withdrawal-kind-suspension = تعليق
withdrawal-kind-resumption = استئناف
withdrawal-in-effect = نافذ منذ { $date }
withdrawal-pending = ينفذ اعتبارًا من { $date }
withdrawal-stops = ما يتوقف: { $text }
withdrawal-continues = ما يستمر: { $text }
withdrawal-unsaid = لا يقول الاتفاق ما يترتب على ذلك.

# The witnesses on the verify page.
verify-witnesses-heading = الشهود
verify-witnesses-intro = يشغّل كل مشارك شاهدًا لا يوقّع نقطة تحقق إلا إذا كانت امتدادًا لكل نقطة تحقق من هذا السجل وقّعها من قبل. نقطة التحقق التي يوقّعها النصاب الذي يحدده الاتفاق تاريخ واحد للجميع: لا يستطيع هذا الخادم أن يعرض على طرف سجلًا مختلفًا.
verify-witnessed-size = آخر نقطة تحقق وقّعها النصاب تشمل { $size } سجلًا:
verify-not-witnessed = لم يوقّع النصاب أي نقطة تحقق بعد، لذا لم يشهد الشهود لهذا السجل بعد.
verify-witness = الشاهد
verify-witness-size = آخر حجم وقّعه
verify-witness-time = وقت التوقيع
verify-witness-state = الحالة
verify-witness-failing = لا يجيب
verify-witness-ok = يجيب
verify-policy = سياسة الشهود (C2SP tlog-policy) مأخوذة من الاتفاق؛ قارنها بنص الاتفاق الموقّع، ثم تحقق بها:

# The split-view alarm.
split-view-alarm = إنذار: يحتفظ شاهد بنقطة تحقق موقّعة بمفتاح هذا السجل ليست في التاريخ الذي يعرضه هذا الخادم. ربما عُرض على أحدٍ سجلٌ مختلف.
split-view-details = اطّلع على نقطتي التحقق
split-view-heading = عرض منقسم
split-view-explained = يحتفظ شاهد بنقطة تحقق موقّعة بمفتاح هذا السجل لا يتضمنها تاريخ هذا الخادم. فإما أن مفتاح السجل وقّع تاريخين مختلفين، وإما أن هذا الخادم فقد جزءًا من تاريخه. قارن الاثنين بنسختك قبل الاعتماد على أي شيء يعرضه هذا الخادم، وأبلغ المشاركين الآخرين.
split-view-witness = يحتفظ شاهد { $witness } بما يلي:
split-view-ours = بينما يحتفظ هذا الخادم بما يلي:

# The maps' own words (lead).
map-sectors = قطاعات الحدود
map-crossings = المعابر
map-crossing-sourced = الموقع من مصدر
map-crossing-approximate = موضوع تقريبيًا على الخط
map-incidents = الحوادث
map-status-reported = مُبلَّغ عنها / مزعومة
map-status-under-investigation = قيد التحقيق
map-status-confirmed = مؤكدة
map-status-not-confirmed = غير مؤكدة
map-status-inconclusive = غير حاسمة
map-status-other = أخرى
map-afghanistan = أفغانستان
map-pakistan = باكستان
map-attribution = الخط والبلدان: Natural Earth 1:10m (ملك عام). الأماكن: GeoNames، CC BY 4.0. ليست حدودًا رسمية: قد ينحرف خط 1:10M بضعة كيلومترات.
file-map-title = انقر حيث وقع الحادث

# The incidents of the map as a list (machine-drafted, needs review)
map-list-link = الحوادث نفسها في قائمة
incidents-heading = الحوادث على الخريطة
incidents-case = القضية
incidents-date = اليوم
incidents-where = المكان
incidents-status = الحالة
incidents-near = على بعد { $km } كم من { $place }

# Daily situation reports
situation-title = تقارير الحالة اليومية
situation-intro = يبيّن تقرير كل يوم ما أُبلغ عنه وما قُبل وما ثبت وما تقرر، حسب قطاع الحدود، مع الإصابات التي تدّعيها البلاغات وإنذارات الإنذار المبكر لذلك اليوم. يحسب Truce الأرقام من السجل؛ وتكتب أمانة الوسطاء السرد ويوافق عليه الوسطاء قبل نشره.
situation-none = لم يُنشر أي تقرير يومي بعد.
situation-day = اليوم
situation-day-title = تقرير الحالة ليوم { $day }
situation-day-intro = يمتد اليوم من منتصف الليل إلى منتصف الليل بتوقيت { $zone }. يعيد كل من يتحقق حساب كل رقم من السجل.
situation-narrative = سرد الأمانة
situation-by-sector = حسب قطاع الحدود
situation-sector = القطاع
situation-reported = بلاغات
situation-admitted = مقبولة
situation-found = تقارير المراقبين
situation-decided = قرارات
situation-killed = قتلى (مُدّعى)
situation-injured = جرحى (مُدّعى)
situation-unstated = بلاغات لا تذكر إصابات
situation-open-deadlines = بانتظار مهلة
situation-overdue = { $count } تجاوزت المهلة
situation-total = كل القطاعات
situation-unplaced = بلا موقع على الحدود
situation-range = { $low }–{ $high } (الأرجح { $best })
situation-claims = الإصابات هي الأرقام التي تدّعيها بلاغات اليوم، كنطاق من أدنى عدد موثوق إلى أعلاه: ادعاءات لا نتائج.
situation-alerts = إنذارات الإنذار المبكر
situation-no-alerts = لا إنذار مبكر لهذا اليوم.
situation-alert = { $sector }: { $method }، { $observed } بلاغات (السجل { $record })
situation-published = نُشر في { $when } بوصفه السجل { $record }.
situation-record = السجل الموقّع
situation-not-published = لم يُنشر تقرير لهذا اليوم.
situation-back = كل التقارير اليومية
situation-bad-day = “{ $value }” ليس يومًا مثل 2025-10-15.

## Early-warning trend charts (web/trend.rs), on the reports and the desk.
map-alert = إنذار مبكر
trend-heading = البلاغات حسب القطاع واليوم
trend-none = لم يُحدَّد لأي بلاغ في هذه الفترة قطاع حدودي.
trend-intro-published = القضايا المنشورة، حسب يوم الحادث (بتوقيت الاتفاق)، رسم بياني لكل قطاع حدودي.
trend-intro-filed = البلاغات كما قُدِّمت مما يحق لك الاطلاع عليه (ادعاءات لا وقائع)، حسب يوم الحادث (بتوقيت الاتفاق)، رسم بياني لكل قطاع حدودي.
trend-intro-band = الشريط الرمادي هو مدى الأعداد اليومية الذي يجعله ماضي القطاع القريب مألوفًا (اختبار بواسون للإنذار المبكر)؛ والعمود الذي يتجاوزه غير مألوف.
trend-legend-count = بلاغات اليوم
trend-legend-band = المدى المألوف
trend-legend-baseline = خط الأساس (المتوسط اليومي)
trend-legend-alert = صدر إنذار مبكر
trend-alerts-on-desk = تُعرض الإنذارات المبكرة على الوسطاء والأطراف في مكاتبهم.
trend-desc = { $sector }: عدد البلاغات { $total }. الأيام فوق المدى المألوف: { $above }. الإنذارات: { $alerts }.
trend-day = اليوم
trend-count = البلاغات
trend-baseline = خط الأساس اليومي
trend-ordinary = المدى المألوف
trend-alerts = الإنذارات
trend-alert-record = السجل { $record }
