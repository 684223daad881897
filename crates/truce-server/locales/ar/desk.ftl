# Machine-drafted translation: needs review by a native speaker before use in a deployment.
# desk messages (ar, Arabic). The reference is en/desk.ftl.

## Logging in, out, and the password (machine-drafted, needs review)

login-title = تسجيل الدخول
login-principal = اسم الدخول
login-password = كلمة المرور
login-totp = الرمز من تطبيق المصادقة
login-totp-hint = فقط إذا كان لحسابك عامل تحقق ثانٍ؛ ستة أرقام.
login-submit = دخول
login-already = أنت مسجّل الدخول باسم { $principal }.
password-title = غيّر كلمة المرور
password-must-change = صدرت كلمة مرورك لاستخدام واحد: اختر كلمة مرور خاصة بك قبل المتابعة.
password-current = كلمة المرور الحالية
password-new = كلمة المرور الجديدة
password-new-hint = 12 حرفًا على الأقل.
password-confirm = كلمة المرور الجديدة مرة أخرى
password-submit = غيّر كلمة المرور
password-mismatch = لا تطابق كلمة المرور الجديدة
password-changed = تم تغيير كلمة المرور. سجّل الدخول بالكلمة الجديدة.

## Forms in general (machine-drafted, needs review)

form-has-errors = في النموذج خطأ؛ انظر الرسائل بجانب الحقول.
field-required = مطلوب
field-optional = اختياري.
field-choose-one = اختر أحد الخيارات
field-not-a-choice = { $value } ليس من الخيارات
field-not-a-number = { $value } ليس عددًا صحيحًا
estimate-partial = أعطِ التقدير الأفضل وحده، أو الأدنى والأفضل والأعلى معًا.
field-not-a-date = { $value } ليس تاريخًا (YYYY-MM-DD)
field-not-a-datetime = { $value } ليس تاريخًا ووقتًا
field-not-a-coordinate = { $value } ليس عددًا من الدرجات، مثل 31.0123
field-note = ملاحظة
field-reason = السبب
evidence-legend = الدليل
evidence-hint = ملف واحد: صورة أو فيديو أو PDF أو نص. يُقرأ نوعه من محتواه، وتدخل بصمته (hash) في السجل.
evidence-file = الملف
evidence-description = ماذا يُظهر
evidence-choose-again = اختر الملف مرة أخرى: لا يحتفظ المتصفح بالملف عند إعادة النموذج.
casualties-legend = الخسائر البشرية
casualties-hint = أعطِ نطاقًا إذا كانت الأرقام موضع خلاف. التقدير الأفضل وحده يُعتمد للثلاثة. اكتب 0 إن لم توجد خسائر، واترك الرقم فارغًا إن لم يكن معروفًا فيبقى غير معروف.
casualties-not-stated = الخسائر البشرية: لم تُذكر.
not-stated = لم يُذكر
casualties-civilians-killed = قتلى مدنيون
casualties-civilians-injured = جرحى مدنيون
casualties-combatants-killed = قتلى مقاتلون
casualties-combatants-injured = جرحى مقاتلون
casualties-who = من
estimate-low = الأدنى
estimate-best = الأرجح
estimate-high = الأعلى
km = { $km } كم

## Desks (machine-drafted, needs review)

desk-mediator = مكتب الوسيط
desk-party = مكتب الطرف
desk-monitor = مكتب المراقب
desk-observer = مكتبك
desk-observer-body = يمكنك قراءة القضايا المنشورة، والإبلاغ عن حادث حيث يسمح الاتفاق للجمهور بذلك.
desk-who = مسجّل الدخول باسم { $principal } ({ $role }).
desk-admin-note = ترى صندوق وارد الوسطاء؛ وبصفتك مسؤول نظام لا تشارك في القضايا.
desk-file = قدّم ادعاءً
desk-file-own = أبلغ عن حادث شوهد في الميدان
desk-against = الادعاءات ضد { $party }
desk-mine = الادعاءات المقدّمة من { $party }
desk-reply = الرد
desk-appeal = الاستئناف
desk-report = قدّم نتائج التحقيق
desk-assigned = التحقيقات المكلّف بها { $team }
desk-team-other = قضايا أخرى لفريقك
inbox-act = بحاجة إلى إجراء
inbox-act-caption = قضايا تنتظر الوسطاء، الأقرب موعدًا أولًا
inbox-waiting = بانتظار الآخرين
inbox-waiting-caption = قضايا تنتظر طرفًا أو المراقبين أو انقضاء مهلة
inbox-counts = بحاجة إلى إجراء: { $act }، بانتظار الآخرين: { $wait }، متأخرة: { $overdue }.
inbox-possible-duplicates = بلاغات مكررة محتملة:
inbox-duplicates-count = قضايا لها بلاغات مكررة محتملة: { $count }. قارنوها قبل قبولها.
inbox-empty = لا شيء هنا.
inbox-case = القضية
inbox-next = الخطوة التالية
inbox-due = الموعد
overdue = متأخرة
next-acknowledge = تأكيد الاستلام
next-triage = البتّ في القبول
next-notify = إخطار الطرف المتهم
next-await-reply = الرد مستحق من الطرف المتهم
next-task = تكليف بتحقيق
next-await-report = التحقيق جارٍ
next-propose-finding = اقتراح استنتاج
next-vote = التصويت على الاقتراح
next-appeal-window = مهلة الاستئناف مفتوحة؛ يُعتمد نهائيًا بعدها
next-decide-appeal = البتّ في الاستئناف
next-decide-penalty = اقتراح العقوبة
next-compliance = تسجيل الامتثال
next-close = إغلاق القضية
next-none = لا شيء آخر
overdue-acknowledgement = لم يُؤكَّد الاستلام في الموعد
overdue-triage = لم يُبتّ في القبول في الموعد
overdue-reply = لا رد قبل انقضاء المهلة
overdue-investigation = تأخّر تقرير التحقيق
overdue-compliance = لم يُسجَّل الامتثال في الموعد

## The case page (machine-drafted, needs review)

case-published = منشورة
case-status = الحالة
case-summary = الملخص
case-allegation = الادعاء
case-accused = الطرف المتهم
case-complainant = مقدّم الادعاء
case-complainant-public = أحد أفراد الجمهور
case-occurred = متى
case-filed = تاريخ التقديم
case-provisions = الأحكام المستشهد بها
case-acts = الأفعال
case-place = أين
case-no-place = لم يُذكر مكان.
case-place-name = المكان
case-coordinates = الإحداثيات
case-on-map = على الخريطة
case-side = جانب الخط
case-border-km = البعد عن الخط
case-sector = قطاع الحدود
case-crossing = أقرب معبر
case-nearest-place = أقرب مكان
side-pakistan = باكستان
side-afghanistan = أفغانستان
side-neither = لا هذا ولا ذاك
side-uncertain = قريب جدًا من الخط بحيث يتعذّر الحكم
side-line-off = من المعروف أن الخط غير دقيق هنا؛ غير مؤكد ضمن { $km } كم
case-deadlines = المهل
deadline-acknowledge = تأكيد الاستلام قبل
deadline-triage = البتّ في القبول قبل
deadline-reply = الرد قبل
deadline-investigation = موعد التحقيق
deadline-appeal = الاستئناف حتى
deadline-compliance = الامتثال قبل
case-merged-into = دُمج هذا البلاغ في
case-duplicates = بلاغات مكرّرة دُمجت في هذه القضية:
case-inadmissible = اعتُبرت غير مقبولة
case-reply = رد الطرف المتهم
case-investigation = التحقيق
case-team = الفريق
case-access-denied = رفض { $by } الوصول في { $place }
case-finding = الاستنتاج
case-final-at = نهائي منذ
case-appeal = الاستئناف
case-penalty = العقوبة
case-escalations = التصعيد
case-evidence = الأدلة
case-no-evidence = لم يُستشهد بأي دليل.
evidence-type = النوع
evidence-checks = الفحوص
evidence-not-readable = (لا يحق لك تنزيله)
evidence-place-fits = المكان مطابق
evidence-no-place = لا مكان مضمَّن في الملف
evidence-no-place-to-compare = لا مكان في القضية للمقارنة
evidence-time-fits = الوقت مطابق
evidence-no-time = لا وقت مضمَّن في الملف
case-motion = اقتراح قيد التصويت
motion-determination = اعتماد هذا الاستنتاج
motion-uphold = تأييد الاستنتاج في الاستئناف
motion-revise = تعديل الاستنتاج في الاستئناف
motion-penalty = تقرير المستوى { $level }: { $measure }
motion-votes = الأصوات المُدلى بها
motion-pending = لم يصوّتوا بعد
vote-voter = المصوّت
rule-chair = يقرّر الرئيس { $chair }؛ المصوّتون: { $voters }.
rule-consensus = الإجماع: يجب أن يوافق المصوّتون جميعًا، وعددهم { $needed } ({ $voters })؛ اعتراض واحد يُسقط الاقتراح.
rule-k-of-n = الموافقات المطلوبة: { $needed } من { $total } ({ $voters }).
case-history = السجل
case-history-hint = كل إدخال سجلٌّ موقّع في السجل العلني؛ يستطيع أي شخص التحقق منه بإثباته وبـ truce verify.
event-by-rules = بحكم القواعد
event-late = متأخر
event-record = سجل رقم { $index }
event-signed-server = وقّعه الخادم نيابةً عن صاحبه
event-signed-own = وُقّع بمفتاح صاحبه
event-proof = الإثبات
event-triage-by = يُبتّ في القبول قبل { $time }
event-reported = قُدّم الادعاء
event-acknowledged = تأكّد الاستلام
event-admitted = اعتُبرت مقبولة
event-ruled-inadmissible = اعتُبرت غير مقبولة
event-merged-into = دُمجت بوصفها مكرّرة في
event-duplicate-merged = دُمج بلاغ مكرّر في هذه القضية
event-accused-notified = أُخطر الطرف المتهم
event-reply-received = ورد الرد
event-reply-overdue = تأخّر الرد
event-investigation-tasked = كُلّف فريق بالتحقيق
event-access-denied = رُفض وصول المراقبين
event-investigation-reported = قُدّم تقرير التحقيق
event-motion-opened = طُرح اقتراح للتصويت
event-vote-cast = أُدلي بصوت
event-motion-adopted = اعتُمد الاقتراح
event-motion-failed = سقط الاقتراح
event-appeal-filed = قُدّم استئناف
event-finding-final = أصبح الاستنتاج نهائيًا
event-penalty-proposed = اقترح المحرّك عقوبة
event-compliance-recorded = سُجّل الامتثال
event-escalation-triggered = تصعيد
event-closed = أُغلقت
event-reopened = أُعيد فتحها بدليل جديد
case-actions = ما يمكنك فعله
actions-none = لا شيء عليك فعله في هذه القضية في مرحلتها الحالية.

## Vocabularies (machine-drafted, needs review)

role-mediator-chair = رئيس الوسطاء
role-mediator = وسيط
role-monitor = مراقب
role-party-liaison = ضابط اتصال الطرف
role-observer = مُشاهِد
role-administrator = مسؤول النظام
act-armed-clash = اشتباك مسلح
act-shelling-artillery = قصف مدفعي أو صاروخي
act-air-drone-strike = غارة جوية أو بطائرة مسيّرة
act-ground-incursion = توغّل بري
act-ied = عبوة ناسفة أو لغم
act-suicide-bombing = تفجير انتحاري
act-cross-border-infiltration = تسلّل عبر الحدود
act-airspace-violation = انتهاك المجال الجوي
act-attack-on-civilians = هجوم على مدنيين
act-abduction = اختطاف
act-fortification = تحصين
act-force-buildup = حشد قوات
act-support-to-armed-group = دعم جماعة مسلحة
act-obstruction-of-monitors = عرقلة عمل المراقبين
act-hostile-propaganda = دعاية عدائية
severity-minor = طفيف
severity-serious = جسيم
severity-grave = خطير جدًا
standard-balance-of-probabilities = رجحان الاحتمالات
standard-clear-and-convincing = واضح ومقنع
standard-beyond-reasonable-doubt = بما لا يدع مجالًا للشك المعقول
occurrence-confirmed = مؤكَّد
occurrence-not-confirmed = غير مؤكَّد
occurrence-inconclusive = غير حاسم
basis-direct-act = فعل مباشر
basis-failure-to-prevent = التقصير في المنع
position-admits = يُقرّ
position-denies = يُنكر
position-partial = يُقرّ جزئيًا

## The forms on a case (machine-drafted, needs review)

action-acknowledge = تأكيد الاستلام
action-admit = اعتبارها مقبولة
action-inadmissible = اعتبارها غير مقبولة
action-merge = دمج بلاغ مكرّر
action-notify = إخطار الطرف المتهم
action-reply = الرد على الادعاء
action-mark-overdue = تسجيل تأخّر الرد
action-task = التكليف بتحقيق
action-access-denial = تسجيل رفض الوصول
action-report = تقديم نتائج التحقيق
action-propose-finding = اقتراح استنتاج
action-vote = التصويت على الاقتراح
action-appeal = استئناف الاستنتاج
action-appeal-decision = البتّ في الاستئناف
action-finalize = جعل الاستنتاج نهائيًا
action-propose-penalty = تقرير العقوبة
action-compliance = تسجيل الامتثال
action-close = إغلاق القضية
action-reopen = إعادة الفتح بدليل جديد
button-acknowledge = تأكيد
button-admit = قبول
button-inadmissible = اعتبارها غير مقبولة
button-merge = دمج
button-notify = إخطار الطرف المتهم
button-reply = إرسال الرد
button-mark-overdue = تسجيل التأخّر
button-task = تكليف الفريق
button-access-denial = تسجيل الرفض
button-report = تقديم النتائج
button-propose-finding = طرح الاستنتاج للتصويت
button-vote = الإدلاء بالصوت
button-appeal = تقديم الاستئناف
button-appeal-decision = طرح القرار للتصويت
button-finalize = جعله نهائيًا
button-propose-penalty = طرح العقوبة للتصويت
button-compliance = تسجيل
button-close = إغلاق
button-reopen = إعادة الفتح
reply-by = الرد مستحق قبل { $time }
reply-position = الموقف
reply-text = روايتك
task-team = الفريق
task-due = الموعد النهائي
task-due-hint = اتركه فارغًا لاعتماد مهلة البروتوكول ({ $default })؛ تنتهي المهلة في نهاية اليوم بتوقيت UTC.
denial-by = الجهة الرافضة
denial-place = أين
denial-description = ماذا حدث
report-due = التقرير مستحق قبل { $time }
report-summary = النتائج والملاحظات
finding-occurrence = هل وقع الحادث؟
finding-occurrence-standard = معيار الإثبات المستوفى لذلك
finding-standard-required = يشترط البروتوكول معيار «{ $standard }» لتأكيد حادث.
finding-attribution = المسؤولية
finding-attribution-hint = لحادث مؤكَّد فقط؛ وإلا فلا يُعتدّ بها.
finding-no-attribution = لا أحد (غير منسوب)
finding-party = الطرف المسؤول
finding-basis = الأساس
finding-attribution-standard = معيار الإثبات المستوفى للإسناد
finding-provisions-breached = الأحكام المنتهكة
finding-severity = الجسامة
finding-no-severity = لا شيء (ليس انتهاكًا)
finding-acts = الأفعال الثابتة
finding-reasons = الأسباب
finding-evidence = الأدلة المعتمدة
vote-choice = صوتك
vote-approve = موافقة
vote-dissent = اعتراض
vote-reason-hint = مطلوب مع الاعتراض؛ ويبقى في السجل.
appeal-until = تُقبل الاستئنافات حتى { $time }
appeal-grounds = أسباب الاستئناف
appeal-outcome = القرار
appeal-uphold = تأييد الاستنتاج
appeal-revise = تعديل الاستنتاج
appeal-revised-finding = الاستنتاج المعدَّل (عند التعديل فقط)
finalize-hint = انقضت مهلة الاستئناف؛ الاستنتاج الذي ينسب انتهاكًا إلى طرف يُحال إلى محرّك العقوبات.
penalty-proposal = يقترح المحرّك المستوى { $level }: { $measure }
penalty-explanation = كيف وصل المحرّك إلى ذلك:
penalty-engine-level = اقتراح المحرّك (المستوى { $level }: { $measure })
penalty-level = المستوى { $level }: { $measure }
penalty-level-label = المستوى
penalty-reason-hint = مطلوب عند مخالفة اقتراح المحرّك.
penalty-decided = تقرّرت العقوبة
penalty-party = الطرف
penalty-decided-at = تاريخ القرار
compliance-by = الامتثال مستحق قبل { $time }
compliance-choice = هل امتثل الطرف؟
compliance-yes = امتثل
compliance-no = لم يمتثل
reopen-needs-evidence = لا يُعاد فتح قضية إلا بدليل جديد: أرفق ملفًا

## Merging duplicates (machine-drafted, needs review)

merge-title = البلاغات المكرّرة للقضية { $case }
merge-back = العودة إلى القضية { $case }
merge-hint = { $hours ->
    [one] القضايا المفتوحة ضد الطرف نفسه خلال ساعة واحدة و{ $km } كم، الأقرب زمنًا أولًا.
    [two] القضايا المفتوحة ضد الطرف نفسه خلال ساعتين و{ $km } كم، الأقرب زمنًا أولًا.
    [few] القضايا المفتوحة ضد الطرف نفسه خلال { $hours } ساعات و{ $km } كم، الأقرب زمنًا أولًا.
   *[other] القضايا المفتوحة ضد الطرف نفسه خلال { $hours } ساعة و{ $km } كم، الأقرب زمنًا أولًا.
}
merge-not-now = الوسطاء وحدهم يدمجون، ولا يُدمج إلا قضية تأكّد استلامها.
merge-none = لا بلاغات مكرّرة محتملة.
merge-not-acknowledged = لم يُؤكَّد استلامها بعد: أكّد الاستلام أولاً ثم ادمج فيها.
merge-compare = قارن البلاغات المكرّرة المحتملة وادمجها
merge-candidate = المرشّحة { $case }
merge-gap-hours = { $hours ->
    [one] بفارق ساعة واحدة
    [two] بفارق ساعتين
    [few] بفارق { $hours } ساعات
   *[other] بفارق { $hours } ساعة
}
merge-this-case = هذه القضية
merge-other-case = المرشّحة
merge-into = ادمج هذه القضية في { $case }
merge-by-id = الدمج في قضية أخرى
merge-into-id = معرّف القضية المراد الدمج فيها

## Filing (machine-drafted, needs review)

file-title = قدّم ادعاءً
file-intro = اذكر أين ومتى وقع الحادث، وما الذي حدث، ومن أُصيب. يؤكّد الوسطاء الاستلام ضمن مهلة البروتوكول.
file-accused = الطرف المتهم
file-where = أين
file-place = اسم المكان
file-place-hint = مدينة أو قرية أو مديرية أو معبر. اضغط «ابحث عن المكان» للاختيار بين الأماكن التي تحمل هذا الاسم.
file-find-place = ابحث عن المكان
file-choose-place = أيّ مكان؟
file-or-coordinates = أو أدخل الإحداثيات بالدرجات العشرية.
file-map-pick = خريطة الحدود: انقر حيث وقع الحادث
file-map-hint = النقر على الخريطة يملأ الإحداثيات؛ تحقّق منها ثم قدّم البلاغ. على الشاشات الصغيرة تنزلق الخريطة جانبياً داخل إطارها.
file-map-picked = الإحداثيات من الخريطة: { $lat }، { $lon }. تحقّق منها وصحّحها إن لزم.
file-map-outside = كانت النقرة خارج منطقة الخريطة؛ انقر على اليابسة أو على الحدود نفسها
file-lat = خط العرض
file-lon = خط الطول
file-precision = ما دقة المكان؟
precision-1 = المكان بالضبط
precision-2 = قرب المكان، أو المديرية
precision-3 = الولاية أو المحافظة فقط
file-when = متى
file-occurred-at = التاريخ والوقت (المحلي)
file-zone = المنطقة الزمنية
zone-pkt = توقيت باكستان (PKT، UTC+5)
zone-aft = توقيت أفغانستان (AFT، UTC+4:30)
zone-utc = UTC
file-what = ماذا
file-acts = ما الذي فُعل
file-provisions = الأحكام المنتهكة
file-summary = الملخص
file-summary-hint = سطر واحد، 300 حرف على الأكثر.
file-narrative = الرواية
file-submit = قدّم الادعاء
place-found = { $count ->
    [one] يطابق مكان واحد.
    [two] يطابق مكانان؛ اختر أحدهما.
    [few] يطابق { $count } أماكن؛ اختر واحدًا.
   *[other] يطابق { $count } مكانًا؛ اختر واحدًا.
}
place-several = عدة أماكن تحمل هذا الاسم؛ اختر واحدًا
place-unknown = لا مكان ولا معبر باسم { $name }
place-did-you-mean = لا مكان ولا معبر باسم { $name }؛ هل تقصد { $suggestions }؟
place-crossing = { $name } (معبر حدودي)

## Added as the English grew (machine-drafted, needs review)

case-form-refused = لم يُقبل النموذج: انظر السبب أدناه.
evidence-not-received = لم يُستلم أي ملف بهذه البصمة

## The talks desk
desk-talks = مكتب المحادثات
desk-talks-link = المحادثات: { $overdue } التزامات متأخرة، { $awaiting } بيانات بانتظار الرد
desk-talks-no-participant = لا يتصرف باسم المشارك في المحادثات إلا ممثلوه
desk-talks-announce = أعلِن وفدك
desk-talks-member = العضو { $n }
desk-talks-name = الاسم
desk-talks-title-field = الصفة
desk-talks-rank = الرتبة
desk-talks-follows = مستوانا يتبع مستوى
desk-talks-follows-none = بلا شرط
desk-talks-position = قدّم موقفًا
desk-talks-item = بند جدول الأعمال
desk-talks-text = النص
desk-talks-visibility = من يمكنه قراءته
desk-talks-visibility-mediators = الوسطاء فقط
desk-talks-visibility-mediators-and-self = الوسطاء ونحن
desk-talks-visibility-all = الجميع
desk-talks-awaiting = بيانات بانتظار الرد
desk-talks-owed = التزامات عليكم
desk-talks-sign-how = وقّع هذا النص على جهازك بمفتاح المشارك والصق التوقيع هنا: الخادم لا يحتفظ بهذا المفتاح أبدًا.
desk-talks-signature = التوقيع (base64)
desk-talks-sign = وقّع
desk-talks-decline = ارفض التوقيع
desk-talks-reason = السبب
desk-talks-confirm = أكّد كتابيًا
desk-talks-convene = افتتح الجولة
desk-talks-adjourn = أجّل
desk-talks-close = اختتم الجولة
desk-talks-draft = صِغ مسودة بيان (المعرّف نفسه ينشئ إصدارًا جديدًا)
desk-talks-draft-submit = احفظ المسودة
desk-talks-communique-id = معرّف البيان
desk-talks-signatories = الموقّعون
desk-talks-language = اللغة
desk-talks-publish = انشر
desk-talks-publish-joint = كنص مشترك (وقّعه كل الموقّعين)
desk-talks-publish-statement = كبيان للوسطاء
desk-talks-decide = قرّر
desk-talks-changes = التغييرات منذ الإصدار { $from }
desk-talks-done = سُجّل في الدفتر برقم { $index }.
desk-talks-refused = رُفض: { $field }: { $reason }

## Delegation ranks (the default ladder)
rank-head-of-state = رئيس الدولة
rank-head-of-government = رئيس الحكومة
rank-minister = وزير
rank-intelligence-chief = رئيس الاستخبارات
rank-national-security-adviser = مستشار الأمن القومي
rank-deputy-minister = نائب وزير
rank-director-general = مدير عام
rank-ambassador = سفير
rank-technical-expert = خبير فني

## Case handling: amendments, withdrawals, extensions, links and notes
event-allegation-amended = عُدِّل الادعاء
event-allegation-withdrawn = سُحب الادعاء
event-case-linked = رُبطت بقضية أخرى
event-note-added = ملاحظة داخلية
action-amend = تعديل الادعاء
button-amend = تعديل الادعاء
amend-open = افتح الادعاء لتعديله
amend-title = تعديل ادعاء القضية { $case }
amend-intro = غيّر ما يلزم تغييره واذكر السبب. تبقى الصيغة السابقة في سجل القضية؛ ويجوز تعديل القضية إلى أن تُعتبر مقبولة.
amend-reason = سبب تعديل الادعاء
action-withdraw = سحب الادعاء
button-withdraw = سحب
withdraw-hint = يُنشر الادعاء المسحوب بوصفه مسحوبًا مع سبب سحبه. ويجوز سحبه إلى أن يُقترح استنتاج.
action-extend = تمديد مهلة
button-extend = اقتراح التمديد
extend-deadline = المهلة
extend-party = مهلة استئناف أيّ طرف
extend-party-hint = لكل طرف في القضية مهلة استئناف خاصة به.
extend-no-party = اختر طرفًا
extend-until = المهلة الجديدة (نهاية اليوم بتوقيت UTC)
extend-until-hint = يجب أن تكون بعد المهلة التي تحلّ محلها. يسري التمديد حين يعتمده المصوّتون.
extend-acknowledgement = تأكيد الاستلام
extend-triage = البتّ في القبول
extend-reply = رد الطرف المتهم
extend-investigation = تقرير المراقبين
extend-appeal = مهلة الاستئناف
extend-compliance = الامتثال للعقوبة
motion-extend = تمديد مهلة { $deadline } حتى { $until }
deadline-appeal-of = استئناف { $party } حتى
deadline-extended = مُمدَّدة
action-link = الربط بقضية أخرى
button-link = ربط القضيتين
link-other = معرّف القضية الأخرى
link-other-hint = مثل PAK-2025-10-15-a1b2.
link-relation = طبيعة الصلة بينهما
link-counter-allegation = ادعاء مضاد
link-related = حوادث ذات صلة
action-note = إضافة ملاحظة داخلية
button-note = إضافة الملاحظة
note-text = الملاحظة
case-notes = ملاحظات داخلية
case-notes-hint = لا يراها إلا الوسطاء؛ ولا يراها أبدًا الأطراف ولا المراقبون ولا الجمهور.
case-links = القضايا المرتبطة
case-withdrawn = سحبها مقدّم الادعاء
case-amended = { $count ->
    [one] عُدِّل الادعاء مرة واحدة:
    [two] عُدِّل الادعاء مرتين:
    [few] عُدِّل الادعاء { $count } مرات:
    [many] عُدِّل الادعاء { $count } مرة:
   *[other] عُدِّل الادعاء { $count } مرة:
}
case-amended-history = كل صيغة منه محفوظة في السجل.
case-possible-duplicates = بلاغات محتملة عن الحادث نفسه:
occurred-day = { $day } (اليوم فقط)
occurred-days = من { $first } إلى { $last } (الأيام فقط)
appeal-decided = بُتّ فيه
appeal-pending = قيد النظر
task-replaces = يُسحب التحقيق من { $team } ويُكلَّف به من جديد.
file-day-only = أو، إن لم يُعرف إلا اليوم، فأدخل اليوم بدلًا من الوقت (وآخر يوم إن امتدّ الحادث عدة أيام).
file-occurred-day = اليوم
file-occurred-last-day = آخر يوم
file-time-or-day = أدخل الوقت أو اليوم، لا كليهما.
follow-title = بلاغك
follow-intro = حالة البلاغ الذي قدّمته. أما القضية نفسها فتُعرض على الجميع بعد نشرها.
follow-case = القضية
follow-status = الحالة
follow-last = آخر خطوة
follow-published = اقرأ القضية المنشورة
follow-not-published = لم يُنشر بعد: الوسطاء يتولّون أمره.
follow-keep = احتفظ بعنوان هذه الصفحة: فهو السبيل الوحيد لمتابعة بلاغك.

## The administrator's page of principals
admin-title = أصحاب الصلاحية
admin-intro = كل صاحب صلاحية مسجّل في السجل. يصبح التعليق أو إعادة التفعيل سجلًّا موقّعًا في السجل العام، وسببه علني. تنتهي جلسات صاحب الصلاحية المعلَّق ورموز API الخاصة به فورًا؛ وبعد إعادة تفعيله يسجّل الدخول مجددًا بكلمة مروره.
admin-principal = صاحب الصلاحية
admin-role = الدور
admin-participant = الطرف
admin-key = مفتاح التوقيع
admin-key-server = لدى الخادم
admin-key-own = مفتاحه الخاص
admin-account = حساب الدخول
admin-status = الحالة
admin-tokens = رموز API
admin-yes = نعم
admin-no = لا
admin-active = نشط
admin-suspended = معلَّق بموجب السجل { $index }
admin-registered = مسجَّل بموجب السجل { $index }
admin-reason = السبب (علني)
admin-endorsement = مصادقة الطرف الذي يتبعه، إن كان الطرف يحتفظ بمفتاحه الخاص (truce keys suspend أو reactivate)
admin-suspend = تعليق
admin-reactivate = إعادة التفعيل
admin-no-tokens = لا شيء
admin-token-created = أُنشئ في { $date }
admin-token-ends = ينتهي في { $date }
admin-revoke = إلغاء
admin-done = قُيّد في السجل بوصفه السجل { $index }.
admin-revoked = أُلغي رمز API؛ لم يعد يفتح شيئًا.
admin-refused = مرفوض: { $field }: { $reason }

## Webhooks (/desk/webhooks). Machine-drafted, needs review.

webhooks-title = خطافات الويب
webhooks-intro = يمكن إبلاغ نظامك الخاص بما يجري في القضايا التي يحق لك رؤيتها: سجّل عنوان https والأحداث التي تريدها. كل إرسال موقّع (Standard Webhooks: HMAC-SHA256 بسرّك) ويُعاد بفواصل متزايدة حتى يصل أو تنفد المحاولات.
webhooks-none = ليس لديك أي خطاف ويب.
webhooks-register = تسجيل خطاف ويب
webhooks-url = العنوان (https)
webhooks-events = الأحداث
webhooks-event-case-filed = تُرفع قضية
webhooks-event-status-changed = تتغير حالة قضية
webhooks-event-finding-final = تصبح نتيجة نهائية
webhooks-event-penalty = يُقترح جزاء أو يُقرر أو يُمتثل له
webhooks-event-escalation = تُصعَّد المسألة (تنبيه CAP)
webhooks-event-communique = يُنشر بيان
webhooks-event-early-warning = يُطلق إنذار مبكر
webhooks-event-other = حدث آخر
webhooks-secret-once = سُجّل خطاف الويب. يظهر سرّ التوقيع الآن فقط: انسخه إلى نظامك.
webhooks-no-deliveries = لم يُرسل شيء بعد.
webhooks-col-event = الحدث
webhooks-col-case = القضية
webhooks-col-status = الحالة
webhooks-col-attempts = المحاولات
webhooks-col-last = آخر محاولة
webhooks-status-pending = في الانتظار
webhooks-status-delivered = وصل
webhooks-status-failed = فشل
webhooks-next = المحاولة التالية { $date }
webhooks-delete = إزالة خطاف الويب هذا
webhooks-refused = مرفوض: { $field }: { $reason }

# The administrator's view of the server (lead).
admin-server = الخادم
admin-backup = آخر نسخة احتياطية
admin-backup-taken = أُخذت في { $time }:
admin-backup-size = { $size } مدخلات في السجل
admin-backup-postgres = مخزن PostgreSQL عبر pg_dump
admin-backup-keys = المفاتيح مشمولة ومختومة
admin-backup-no-keys = دون المفاتيح
admin-backup-none = لم تُسجَّل أي نسخة احتياطية لهذا المخزن: شغّل truce backup ‏(docs/operations.md).
admin-config = الحدود السارية
admin-config-json = أكبر جسم JSON
admin-config-upload = أكبر رفع للأدلة
admin-config-daily = الأدلة لكل شخص يوميًا (بايت · ملفات)
admin-config-timeout = المهلة القصوى للطلب
admin-config-rates = الطلبات في الثانية (لكل عنوان / لكل شخص)
admin-config-logins = محاولات الدخول في الدقيقة (لكل عنوان / لكل شخص)
admin-config-cookies = ملفات تعريف آمنة
admin-config-proxies = الوكلاء الموثوقون
admin-config-webhooks = محاولات خطافات الويب · أول إعادة
admin-witnesses = حالة الشهود
## Phones for field capture (ODK Collect) (machine-drafted, needs review)
devices-title = هواتف الإبلاغ الميداني
devices-intro = هاتف مزوّد بـ ODK Collect يقدّم تقارير الحوادث باسمك، مع صورها كأدلة. سجّل كل هاتف، وامسح رمزه في Collect (Configure with QR code)، وألغِ الهاتف المفقود.
devices-name = اسم الهاتف
devices-enrol = سجّل الهاتف
devices-none = لا يوجد هاتف مسجّل.
devices-once = يُعرض هذا الرمز وكلمة المرور الآن فقط. امسحهما أو انسخهما قبل مغادرة الصفحة.
devices-scan = في ODK Collect: Configure with QR code، ثم امسح هذا الرمز. أو أدخل العنوان أدناه كعنوان URL للخادم.
devices-digest = أو استخدم عنوان URL هذا للخادم مع اسم المستخدم وكلمة المرور أدناه (عبر HTTPS فقط، أو بمصادقة Digest):
devices-user = اسم المستخدم
devices-password = كلمة المرور
devices-revoke = إلغاء
devices-revoked-at = أُلغي في { $date }
devices-revoked = أُلغي الهاتف؛ لم يعد رمزه وكلمة مروره يفتحان أي شيء.
devices-refused = مرفوض: { $field }: { $reason }

# The administrator's registration of principals (machine-drafted, needs review)
admin-list = أصحاب الصلاحية المسجَّلون
admin-register = تسجيل صاحب صلاحية
admin-register-intro = يصبح التسجيل سجلًّا موقّعًا في السجل العام. بلا مفتاح عام، يُنشئ الخادم مفتاح صاحب الصلاحية ويحتفظ به ويعطي كلمة مرور لمرة واحدة يجب تغييرها عند أول دخول. صاحب الصلاحية التابع لطرف يحتفظ بمفتاحه الخاص يحتاج إلى مصادقة ذلك الطرف: إما على مفتاح يحتفظ به صاحب الصلاحية نفسه (truce keys endorse)، أو على مفتاح يُعدّه الخادم هنا ليصادق عليه الطرف.
admin-new-id = معرّف صاحب الصلاحية (حروف، أرقام، _ - .)
admin-no-participant = لا شيء (مدير، مراقب)
admin-public-key = مفتاحه العام الخاص (Ed25519، base64)، إن كان يوقّع سجلاته بنفسه
admin-new-endorsement = مصادقة الطرف، إن كان الطرف يحتفظ بمفتاحه الخاص
admin-register-button = تسجيل
admin-prepare-button = إعداد مفتاح لدى الخادم للمصادقة
admin-registered-done = سُجّل { $id } في السجل بوصفه السجل { $index }.
admin-once = تُعرض كلمة المرور هذه لمرة واحدة الآن فقط. سلّمها للموظف شخصيًا؛ يجب تغييرها عند أول دخول.
admin-one-time-password = كلمة مرور لمرة واحدة
admin-prepared = أُعدّ مفتاح لـ { $id }. يصادق عليه الطرف على جهازه:
admin-prepared-then = ثم الصق المصادقة أدناه، مع المفتاح العام الذي يذكره الأمر، وسجّل.
admin-config-version = الإصدار
admin-config-origin = منشأ السجل
admin-config-vkey = مفتاح التحقق من السجل
admin-config-database = قاعدة البيانات
admin-no-witnesses = لا يسمّي الاتفاق النافذ أي شاهد.
admin-witnesses-public = الجدول نفسه في صفحة التحقق العامة
# An administrator issues a phone for another principal.
# Machine-drafted; for review.
admin-devices = الهواتف
admin-device-name = اسم الهاتف
admin-issue-device = إصدار هاتف
admin-issued-title = هاتف صادر لـ { $principal }
admin-issued-back = العودة إلى أصحاب الصلاحية
devices-issued-by = أصدره { $admin }
admin-issued-intro = يبلّغ هذا الهاتف باسم { $principal }، في حدود ما يراه { $principal } ويفعله فقط، ويسجّلك بوصفك من أصدره. سلّمه مع هذا الرمز وكلمة المرور.

# Early-warning alerts on the desks.
alerts-desk-title = إنذارات مبكرة
alerts-desk-none = لم يُطلق أي إنذار.
alerts-desk-intro = أحدث { $shown } من { $total } إنذارات، محسوبة من البلاغات كما قُدّمت. يقرّ الوسطاء بكل منها مع الإجراء المتخذ.
alerts-desk-day = اليوم
alerts-desk-sector = القطاع
alerts-desk-sector-unknown = خارج القطاعات
alerts-desk-rule = القاعدة
alerts-desk-count = العدد
alerts-desk-count-of = { $statistic } مقابل عتبة { $threshold }
alerts-desk-reports = البلاغات المحسوبة
alerts-desk-reports-seen = { $seen } يمكنك رؤيتها، { $withheld } محجوبة
alerts-desk-acknowledged = الإقرار
alerts-desk-not-acknowledged = ليس بعد
alerts-desk-ack-action = الإجراء المتخذ
alerts-desk-ack-hint = ما فعله الوسطاء بشأن هذا الإنذار، مثل الاتصالات التي أُجريت والمراقبين الذين كُلِّفوا. يقرؤه الطرفان.
alerts-desk-ack-submit = الإقرار بالإنذار
alerts-desk-ack-done = تم الإقرار بالإنذار؛ الإقرار سجل موقَّع في السجل.
alerts-method-surge = تصاعد (الأسبوع الأخير مقابل الأربعة قبله)
alerts-method-poisson = تجاوز بواسون
alerts-method-ewma = المتوسط المتحرك (EWMA)
alerts-method-cusum = المجموع التراكمي (CUSUM)

# Daily situation reports at the desk
desk-situation-mediators = يعدّ الوسطاء تقارير الحالة اليومية ويوافقون عليها؛ التقارير المنشورة في /situation-reports.
desk-situation-intro = أعدّ مسودة يوم انقضى: يحسب Truce أرقامه من السجل. اكتب السرد بلغتك؛ يوافق الوسطاء على النسخة التي قرأوها وفق قاعدة القرار؛ ثم انشره سجلًا موقّعًا.
desk-situation-draft = إعداد مسودة اليوم
desk-situation-redraft = إعادة المسودة من السجل
desk-situation-save = حفظ السرد
desk-situation-approve = الموافقة على النسخة { $version }
desk-situation-publish = نشر
desk-situation-published = منشور
desk-situation-approved = موافق عليه، بانتظار النشر
desk-situation-draft-status = مسودة
desk-situation-version = النسخة { $version }؛ وافق عليها: { $approvals }

## The desk's trends and map of alerts (web/desk/trends.rs).
desk-trends-title = الاتجاهات والإنذارات
desk-trends-readers = الاتجاهات والإنذارات للوسطاء والأطراف وفرق المراقبة.
desk-trends-intro = البلاغات حسب القطاع الحدودي واليوم، مع المدى المألوف لكل قطاع والإنذارات المبكرة الصادرة، والإنذارات على الخريطة.
desk-trends-period = الفترة
desk-trends-period-hint = شهر مثل 2025-10 أو أسبوع ISO مثل 2025-W42.
desk-trends-show = اعرض
desk-trends-of = اتجاهات { $period }
desk-trends-map = الإنذارات على الخريطة
desk-trends-map-caption = { $count } إنذارات في هذه الفترة؛ يحدد مثلث أحمر كل قطاع صدر فيه إنذار (أشر إليه لترى ما الذي أطلقه).
desk-trends-no-early-warning = لا يتضمن الاتفاق النافذ قواعد للإنذار المبكر.
alerts-desk-trends-link = الاتجاهات حسب القطاع والإنذارات على الخريطة

## Public-source reports, ACLED imports (machine-drafted, needs review)
public-sources-title = تقارير المصادر العامة
public-sources-intro = أحداث من مجموعات بيانات عامة (ACLED) استوردتها الأمانة. ليست قضايا: لا تتهم أحدًا ولا تُحسب في أي إحصاء. القضايا المذكورة بجانب كل منها بدت الحادثة نفسها عند استيرادها؛ قارنوا بينها قبل دمج أي تقارير.
public-sources-none = لم يُستورد أي تقرير من مصدر عام.
public-sources-mediators = يقرأ الوسطاء تقارير المصادر العامة.
public-sources-event = الحدث
public-sources-date = التاريخ
public-sources-place = المكان
public-sources-type = النوع
public-sources-fatalities = القتلى
public-sources-matches = تكرارات محتملة
public-sources-no-match = لا شيء
public-sources-import = استيراد ملف مُصدَّر من ACLED
public-sources-import-hint = ملف مُصدَّر من ACLED بصيغة CSV، يبدأ بسطر العناوين وبأسماء أعمدة ACLED. يُستورد كل حدث مرة واحدة، موقّعًا منك، ويُقارن بالقضايا المفتوحة في قطاعه؛ وإرسال الملف نفسه مرة أخرى لا يستورد شيئًا جديدًا.
public-sources-file = الملف (CSV)
public-sources-from = اليوم الأول (اختياري)
public-sources-to = اليوم الأخير (اختياري)
public-sources-area = المنطقة (اختياري): محافظة كما تكتبها ACLED ‏(admin1)، أو معرّف قطاع
public-sources-import-button = استيراد
public-sources-file-missing = اختر ملف CSV
public-sources-not-a-day = { $value } ليس يومًا مثل 2025-10-12
public-sources-refused = لم يُستورد شيء: { $field }: { $reason }
public-sources-result = ما فعله الاستيراد
public-sources-rows = الصفوف المقروءة
public-sources-imported = مُستورد
public-sources-already = مُستورد من قبل
public-sources-refused-rows = مرفوض
public-sources-outside = خارج الفترة أو المنطقة
public-sources-stopped = توقف الاستيراد قبل نهاية الملف: { $reason }. الأحداث المذكورة كمُستوردة موجودة في السجل؛ وبقية الملف ليست فيه.
public-sources-line = السطر
public-sources-column = العمود
public-sources-reason = السبب
public-sources-log-record = قيد السجل
public-sources-record = القيد { $index }
public-sources-differs = عدّلت ACLED هذا الحدث منذ ذلك الحين؛ ويحتفظ السجل بما استورده.
public-sources-imported-list = الأحداث المستوردة
case-public-sources = تقارير المصادر العامة التي بدت هذه الحادثة عند استيرادها:
