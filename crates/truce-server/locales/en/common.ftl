# Truce: messages shared by every page (English, the reference language).
# Every message id used anywhere must be defined here.

site-name = Truce
skip-to-content = Skip to content
nav-label = Main
nav-findings = Findings
nav-reports = Reports
nav-data = Open data
nav-verify = Verify
nav-agreement = Agreement
nav-talks = Talks
nav-desk = My desk
nav-admin = Principals
nav-login = Log in
nav-logout = Log out ({ $principal })
switch-language = Language
switch-calendar = Calendar
calendar-gregorian = Gregorian
calendar-persian = Solar Hijri
calendar-islamic = Islamic (Hijri)
sample-data = Sample data.
footer-log = Every change here is a signed record in a public transparency log.
not-found-title = Not found
not-found-body = There is nothing here, or nothing you may see.
test-fallback-probe = English text

status-reported = Reported
status-acknowledged = Acknowledged
status-admitted = Admitted
status-inadmissible = Inadmissible
status-merged = Merged into another case
status-withdrawn = Withdrawn by its filer
status-awaiting-reply = Awaiting reply
status-reply-received = Reply received
status-reply-overdue = Reply overdue
status-under-investigation = Under investigation
status-findings-submitted = Findings submitted
status-deliberation = In deliberation
status-determined = Determined
status-appealed = Appealed
status-appeal-review = Appeal under review
status-final = Final
status-penalty-proposed = Penalty proposed
status-penalty-deliberation = Penalty in deliberation
status-penalty-decided = Penalty decided
status-complied = Complied
status-not-complied = Not complied
status-closed = Closed

# The time zone switcher (lead).
switch-zone = Time
