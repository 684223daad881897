# Machine-drafted translation: needs review by a native speaker before use in a deployment.
# common messages (prs, Dari: Persian of Afghanistan). The reference is en/common.ftl.
# "test-fallback-probe" is left out on purpose: a test checks the English fallback with it.

## Frame of every page (machine-drafted, needs review)

site-name = Truce
skip-to-content = رفتن به محتوا
nav-label = اصلی
nav-findings = یافته‌ها
nav-reports = گزارش‌ها
nav-data = معلومات باز
nav-verify = تصدیق
nav-agreement = توافقنامه
nav-talks = مذاکرات
nav-desk = میز من
nav-admin = صاحبان اختیار
nav-login = ورود
nav-logout = خروج ({ $principal })
switch-language = زبان
switch-calendar = تقویم
calendar-gregorian = میلادی
calendar-persian = هجری شمسی
calendar-islamic = هجری قمری
sample-data = معلومات نمونه.
footer-log = هر تغییر در اینجا یک سند امضاشده در یک لاگ شفافیت عامه است.
not-found-title = پیدا نشد
not-found-body = اینجا چیزی نیست، یا چیزی نیست که شما اجازهٔ دیدنش را داشته باشید.

## Case statuses (machine-drafted, needs review)

status-reported = گزارش شده
status-acknowledged = دریافت تأیید شد
status-admitted = قابل رسیدگی
status-inadmissible = غیرقابل رسیدگی
status-merged = با قضیهٔ دیگر مدغم شد
status-withdrawn = از سوی ثبت‌کننده پس گرفته شد
status-awaiting-reply = در انتظار پاسخ
status-reply-received = پاسخ دریافت شد
status-reply-overdue = پاسخ به تأخیر افتاد
status-under-investigation = تحت تحقیق
status-findings-submitted = یافته‌ها ارائه شد
status-deliberation = در حال بررسی
status-determined = تصمیم گرفته شد
status-appealed = استیناف شده
status-appeal-review = استیناف تحت بررسی
status-final = نهایی
status-penalty-proposed = مجازات پیشنهاد شد
status-penalty-deliberation = مجازات در حال بررسی
status-penalty-decided = مجازات تعیین شد
status-complied = رعایت شد
status-not-complied = رعایت نشد
status-closed = بسته شد

# The time zone switcher (lead).
switch-zone = وقت
