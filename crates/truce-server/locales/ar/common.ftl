# Machine-drafted translation: needs review by a native speaker before use in a deployment.
# common messages (ar, Arabic). The reference is en/common.ftl.
# "test-fallback-probe" is left out on purpose: a test checks the English fallback with it.

## Frame of every page (machine-drafted, needs review)

site-name = Truce
skip-to-content = انتقل إلى المحتوى
nav-label = القائمة الرئيسية
nav-findings = الاستنتاجات
nav-reports = التقارير
nav-data = البيانات المفتوحة
nav-verify = التحقق
nav-agreement = الاتفاق
nav-talks = المحادثات
nav-desk = مكتبي
nav-admin = أصحاب الصلاحية
nav-login = تسجيل الدخول
nav-logout = تسجيل الخروج ({ $principal })
switch-language = اللغة
switch-calendar = التقويم
calendar-gregorian = الميلادي
calendar-persian = الهجري الشمسي
calendar-islamic = الهجري القمري
sample-data = بيانات تجريبية.
footer-log = كل تغيير هنا سجلٌّ موقَّع في سجل شفافية علني.
not-found-title = غير موجود
not-found-body = لا شيء هنا، أو لا شيء يحق لك رؤيته.

## Case statuses (machine-drafted, needs review)

status-reported = مُبلَّغ عنها
status-acknowledged = تأكّد الاستلام
status-admitted = مقبولة
status-inadmissible = غير مقبولة
status-merged = دُمجت في قضية أخرى
status-withdrawn = سحبها مقدّم الادعاء
status-awaiting-reply = بانتظار الرد
status-reply-received = ورد الرد
status-reply-overdue = تأخّر الرد
status-under-investigation = قيد التحقيق
status-findings-submitted = قُدّمت نتائج التحقيق
status-deliberation = قيد المداولة
status-determined = صدر القرار
status-appealed = مستأنفة
status-appeal-review = الاستئناف قيد النظر
status-final = نهائية
status-penalty-proposed = اقتُرحت عقوبة
status-penalty-deliberation = العقوبة قيد المداولة
status-penalty-decided = تقرّرت العقوبة
status-complied = تمّ الامتثال
status-not-complied = لم يتمّ الامتثال
status-closed = مغلقة

# The time zone switcher (lead).
switch-zone = الوقت
