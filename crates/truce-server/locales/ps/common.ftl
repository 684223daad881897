# Machine-drafted translation: needs review by a native speaker before use in a deployment.
# common messages (ps, Pashto). The reference is en/common.ftl.
# "test-fallback-probe" is left out on purpose: a test checks the English fallback with it.

## Frame of every page (machine-drafted, needs review)

site-name = Truce
skip-to-content = منځپانګې ته ورشئ
nav-label = اصلي
nav-findings = موندنې
nav-reports = راپورونه
nav-data = پرانیستي معلومات
nav-verify = تایید
nav-agreement = تړون
nav-talks = خبرې اترې
nav-desk = زما میز
nav-admin = واکمن
nav-login = ننوتل
nav-logout = وتل ({ $principal })
switch-language = ژبه
switch-calendar = جنتري
calendar-gregorian = میلادي
calendar-persian = لمریز هجري
calendar-islamic = سپوږمیز هجري
sample-data = نمونه معلومات.
footer-log = دلته هر بدلون په یوه عامه روڼتیا لاګ کې لاسلیک شوی ریکارډ دی.
not-found-title = ونه موندل شو
not-found-body = دلته هېڅ نشته، یا داسې څه نشته چې تاسو یې لیدلی شئ.

## Case statuses (machine-drafted, needs review)

status-reported = راپور شوې
status-acknowledged = ترلاسه کېدل تایید شول
status-admitted = د منلو وړ
status-inadmissible = د منلو وړ نه ده
status-merged = له بلې قضیې سره یوځای شوه
status-withdrawn = د ثبتوونکي له خوا بېرته اخیستل شوې
status-awaiting-reply = د ځواب په تمه
status-reply-received = ځواب ترلاسه شو
status-reply-overdue = ځواب ناوخته دی
status-under-investigation = تر څېړنې لاندې
status-findings-submitted = موندنې وسپارل شوې
status-deliberation = په غور کې
status-determined = پرېکړه وشوه
status-appealed = استیناف شوې
status-appeal-review = استیناف تر غور لاندې
status-final = نهایي
status-penalty-proposed = جزا وړاندیز شوه
status-penalty-deliberation = جزا په غور کې
status-penalty-decided = جزا پرېکړه شوه
status-complied = عمل وشو
status-not-complied = عمل ونه شو
status-closed = تړل شوې

# The time zone switcher (lead).
switch-zone = وخت
