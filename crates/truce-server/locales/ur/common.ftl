# Machine-drafted translation: needs review by a native speaker before use in a deployment.
# common messages (ur, Urdu). The reference is en/common.ftl.
# "test-fallback-probe" is left out on purpose: a test checks the English fallback with it.

## Frame of every page (machine-drafted, needs review)

site-name = Truce
skip-to-content = مواد پر جائیں
nav-label = مرکزی
nav-findings = نتائج
nav-reports = رپورٹیں
nav-data = کھلا ڈیٹا
nav-verify = تصدیق
nav-agreement = معاہدہ
nav-talks = مذاکرات
nav-desk = میرا ڈیسک
nav-admin = اصحابِ اختیار
nav-login = لاگ اِن
nav-logout = لاگ آؤٹ ({ $principal })
switch-language = زبان
switch-calendar = کیلنڈر
calendar-gregorian = عیسوی
calendar-persian = ہجری شمسی
calendar-islamic = ہجری قمری
sample-data = نمونے کا ڈیٹا۔
footer-log = یہاں ہر تبدیلی ایک عوامی شفافیت لاگ میں دستخط شدہ ریکارڈ ہے۔
not-found-title = نہیں ملا
not-found-body = یہاں کچھ نہیں ہے، یا ایسا کچھ نہیں جو آپ دیکھ سکیں۔

## Case statuses (machine-drafted, needs review)

status-reported = رپورٹ شدہ
status-acknowledged = وصولی تسلیم شدہ
status-admitted = قابلِ سماعت
status-inadmissible = ناقابلِ سماعت
status-merged = دوسرے کیس میں ضم
status-withdrawn = درج کنندہ نے واپس لے لیا
status-awaiting-reply = جواب کا انتظار
status-reply-received = جواب موصول
status-reply-overdue = جواب میں تاخیر
status-under-investigation = زیرِ تحقیق
status-findings-submitted = نتائج جمع کرائے گئے
status-deliberation = زیرِ غور
status-determined = فیصلہ ہو گیا
status-appealed = اپیل دائر
status-appeal-review = اپیل زیرِ غور
status-final = حتمی
status-penalty-proposed = سزا تجویز
status-penalty-deliberation = سزا زیرِ غور
status-penalty-decided = سزا طے
status-complied = تعمیل کی گئی
status-not-complied = تعمیل نہیں کی گئی
status-closed = بند

# The time zone switcher (lead).
switch-zone = وقت
