# public messages (en). Machine-drafted translations are marked for review.
# The public pages: home, findings, reports, open data, verify, agreement.

## Shared

bad-request-title = Something in the address is wrong
outcome-violation = Violation by { $party }
outcome-confirmed = Incident confirmed, not attributed
outcome-not-confirmed = Not confirmed
outcome-inconclusive = Inconclusive
outcome-severity-minor = Minor
outcome-severity-serious = Serious
outcome-severity-grave = Grave
finding-accused = Accused
finding-occurred = When
finding-place = Where
finding-status = Status
finding-outcome = Finding
finding-breached = Provisions breached
finding-severity-label = Severity
finding-final = Final since
finding-final-on = final since { $date }
duration-days = { $count ->
    [one] { $count } day
   *[other] { $count } days
}
duration-hours = { $count ->
    [one] { $count } hour
   *[other] { $count } hours
}

## Home

home-agreement-heading = The agreement
agreement-parties = Parties
agreement-mediators = Mediators
agreement-signed = Signed
agreement-in-force = In force from
agreement-provisions = Provisions
agreement-proposal = proposal, not agreed
home-agreement-full = The agreement in full
home-numbers-heading = In numbers
home-numbers-hint = Published cases only: a case is published once its outcome is settled. Violations count final findings.
stat-published = Published cases
stat-violations = Violations confirmed
stat-violations-by = Violations by { $party }
stat-confirmed-unattributed = Incidents confirmed, not attributed
stat-not-confirmed = Not confirmed
stat-inconclusive = Inconclusive
stat-inadmissible = Ruled inadmissible
stat-merged = Duplicates merged
stat-penalties = Penalties decided
home-latest-heading = Latest findings
home-all-findings = All published findings
home-map-heading = Map of the border
map-title = Pakistan–Afghanistan border: sectors, crossings, published incidents
map-caption = { $count ->
    [0] No published incident has a location yet.
    [one] The most recent published incident with a location is shown, coloured by its finding.
   *[other] The { $count } most recent published incidents with a location are shown, coloured by their finding.
}
home-chart-heading = Confirmed violations per week
chart-title = Confirmed violations per party and ISO week
chart-desc = Weeks { $from } to { $until }, by the date of the incident.
chart-no-data = No published case yet.
chart-table-summary = The numbers as a table
chart-week = Week
chart-week-from = from { $date }

## Findings

findings-title = Findings
findings-intro = Findings on published cases, newest incident first. Each case's page shows its whole history, every step linked to its signed log record.
findings-none = No published finding yet.
findings-next = Next page
findings-download = Download all findings (CSV)
filter-party = Accused party
filter-provision = Provision cited
filter-any = Any
filter-apply = Show
filter-bad-party = { $value } is not a party to the agreement; one of { $known }
filter-bad-provision = { $value } is not a provision of the agreement; one of { $known }
filter-bad-after = is not a page cursor from this list; start again from the first page
filter-unknown = is not a filter of this list; the filters are party and provision

## Reports

reports-title = Reports
reports-intro = A report covers the published cases whose incident falls in a month or an ISO week (UTC). Each report prints cleanly.
reports-none = No published case yet, so there is no report.
reports-month = Month
reports-cases = Published cases
reports-weeks = ISO weeks
reports-week-cases = { $count ->
    [one] 1 published case
   *[other] { $count } published cases
}
report-title-month = Monthly report { $period }
report-title-week = Weekly report { $period }
report-range = { $from } to { $until }
report-intro = Published cases only, counted by the date of the incident. Outcomes count once a finding is final. Cases still under way are not in this report.
report-empty = No published case has an incident in { $period }.
report-back = All reports
period-bad-shape = { $value } is not a month such as 2025-10 or an ISO week such as 2025-W42
period-bad-year = { $value }: the year must be between 2000 and 2100
period-bad-month = { $value }: there is no such month; months are 01 to 12
period-bad-week = { $value }: that year has no such ISO week
report-summary-heading = Summary
report-reported = Allegations (without duplicates)
report-duplicates = Duplicates merged
report-admissible = Admissible
report-inadmissible = Inadmissible
report-confirmed = Incidents confirmed
report-attributed = Violations attributed
report-not-confirmed = Not confirmed
report-inconclusive = Inconclusive
report-overdue-replies = Replies overdue
report-withdrawn = Withdrawn by their filer
report-casualties-not-stated = Allegations stating no casualty figure (unknown, not zero)
report-penalties-decided = Penalties decided
report-median-days = Median days from filing to finding
report-by-party = By party
report-party = Party
report-filed = Filed
report-against = Against
report-replies = Replies on time
report-compliance = Compliance index
report-compliance-explained = The compliance index runs from 0 to 100 (higher is better): 60% conduct (severity of final violations per week), 20% replies given on time, 20% penalties complied with.
report-see-agreement = The penalty rules
report-by-provision = By provision
report-provision = Provision
report-alleged = Alleged
report-breached = Breached
report-findings = Findings
report-case = Case
report-penalties = Penalties decided
report-no-penalties = No penalty was decided on these cases.
report-generated = Generated { $date }.
penalty-col-level = Level
penalty-measure = Measure
penalty-col-decided = Decided
penalty-comply-by = Comply by
penalty-complied = Complied
penalty-complied-yes = Yes
penalty-complied-no = No
penalty-complied-pending = Not yet recorded

## Open data

data-title = Open data
data-intro = Every published case, and the findings on them, to download. The files are read from the log's projections as they stand; they hold nothing that is not public on this site.
data-cases-csv = Published cases (CSV)
data-cases-geojson = Published cases (GeoJSON, points)
data-findings-csv = Findings on published cases (CSV)
data-columns = Columns
data-column = Column
data-meaning = Meaning
col-id = The case id; its page is /cases/ID.
col-status = The case's status.
col-accused = The accused party's id.
col-provisions = Provisions cited, separated by semicolons.
col-occurred-at = When the incident happened (RFC 3339, UTC).
col-occurred-until = When the incident ended, for one that lasted; empty otherwise.
col-time-precision = How precisely the time is known: exact, or day (occurred_at and occurred_until are then dates, YYYY-MM-DD: the first and last days).
col-filed-at = When the allegation was filed.
col-sector = The border sector the location falls in, if near the line.
col-lat-lon = Latitude and longitude (WGS 84). In GeoJSON the point is [longitude, latitude].
col-summary = The allegation in one line, as filed.
col-claimed-casualties = Casualties the allegation claims: low, best and high estimates of civilians and combatants killed and injured. An empty cell is a figure not stated, which is not zero.
col-finding = The finding's occurrence: confirmed, not_confirmed or inconclusive.
col-responsible-party = The party found responsible, if any.
col-provisions-breached = Provisions found breached, separated by semicolons.
col-severity = Severity found: minor, serious or grave.
col-found-casualties = Casualties the finding established, in the same columns (found_…). An empty cell is a figure not stated, which is not zero.
col-final-at = When the finding was adopted and when it became final.
col-penalty = The decided penalty: level on the ladder, measure, when decided.
col-complied = Whether the party complied (true or false), once recorded.
data-notes = Files are UTF-8. Empty cells mean "none" or "not yet". Cases are listed newest incident first.
data-api = The same data, and more, is in the JSON API:

## Verify

verify-title = Verify
verify-intro = Every change to a case is a signed record in a public transparency log. Anyone can check that the log has not been altered and that a given record is in it, without trusting this server.
verify-checkpoint = The current checkpoint
verify-size = The log holds { $size } records. Its signed checkpoint:
verify-no-checkpoint = The log has no checkpoint yet.
verify-origin = Log origin
verify-vkey = Verifier key
verify-pin-key = Compare this key with the one the parties and mediators publish, and pin that one: a server that lied about its log would also show a matching key.
verify-whole-heading = Check the whole log
verify-whole = The truce command fetches the checkpoint, every tile and every entry, and checks signatures, the tree and the rules. It prints one line and exits 1 if anything fails.
verify-one-heading = Check one record
verify-one-step-entry = Fetch the record: its entry is the exact bytes that were hashed into the log.
verify-one-step-proof = Fetch its inclusion proof, a c2sp.org/tlog-proof@v1 file against the latest checkpoint.
verify-one-step-check = Check the checkpoint's signature with the key you pinned, then the proof against the checkpoint's root with any C2SP client (for example Go's golang.org/x/mod/sumdb/tlog CheckRecord).
verify-case-pages = Each step on a case's page links to its record and proof.
verify-form-heading = Check a record
verify-form-label = Record number
verify-form-submit = Show its proof
verify-record-bad = { $value } is not a record number (a whole number from 0)
verify-record-beyond = there is no record { $value }: the log holds { $size } records, numbered from 0
verify-record-heading = Record { $index }
verify-record-entry = The record (JSON)
verify-record-proof = Its inclusion proof

## Agreement

agreement-id = Id
agreement-form = Form
agreement-ends = Ends
agreement-sha256 = SHA-256 of the text
agreement-text-link = The text as recorded
agreement-sha256-hint = The log recorded this hash when the agreement was adopted: hash the text to check that it is the one in force.
agreement-consent = Signatures
agreement-consent-none = No participant has signed this agreement in the log: the operator's administrator adopted it alone.
agreement-consent-version = Version
agreement-consent-status = Status
agreement-consent-signatory = Signatory
agreement-consent-signature = Signature
consent-draft = Draft, awaiting signatures
consent-superseded = Superseded draft
consent-in-force = In force
consent-signed = Signed (record { $index }): verify
consent-unsigned = Not signed
agreement-contents = Contents
agreement-participants = Participants
agreement-participant = Participant
agreement-role = Role
agreement-protocol = Verification protocol
agreement-penalties = Penalties
agreement-escalation = Escalation
agreement-sources = Sources
participant-party = Party
participant-mediator = Mediator
participant-guarantor = Guarantor
participant-monitoring-team = Monitoring team
provision-kind = Obligation
provision-bearers = Binds
provision-acts = Acts
provision-scope = Where
provision-from = From
provision-until = Until
scope-whole-border = The whole border region
scope-band = Within { $km } km of the line
protocol-deadlines = Deadlines
protocol-deadline-acknowledge = Acknowledge receipt
protocol-deadline-triage = Decide admissibility
protocol-deadline-reply = Reply by the accused party
protocol-deadline-investigation = Investigation
protocol-deadline-appeal = Appeal
protocol-deadline-compliance = Comply with a penalty
protocol-may-file = Who may file
protocol-decision = Decisions
decision-chair = the chair ({ $chair }) decides
decision-consensus = by consensus
decision-k-of-n = { $k } of { $n } voters must approve
decision-voters = voters:
standard-occurrence = Standard to find an incident occurred
standard-direct-act = Standard to attribute a direct act
standard-failure-to-prevent = Standard to attribute a failure to prevent
publication-delay = Findings published after
penalty-description = What it involves
penalty-base-levels = Starting level by severity
penalty-recidivism = Repeat violations
penalty-recidivism-rule = +{ $step } per earlier violation within { $window }, at most +{ $max }
penalty-aggravating = Aggravating factors
penalty-cap = Highest level the engine proposes
escalation-none = No escalation rules.
trigger-violations = { $count } confirmed violations by one party within { $within }
trigger-overdue-reply = A reply becomes overdue
trigger-missed-commitment = A commitment made in the talks is missed
trigger-surge = An early-warning alert is raised ({ $filters })
trigger-non-compliance = A penalty is not complied with
trigger-grave-finding = A grave finding becomes final

## Talks
talks-title = Talks
talks-intro = Rounds of talks between the participants, the communiqués they signed and the commitments they made. Every step is a signed record in the log.
talks-rounds = Rounds
talks-communiques = Communiqués
talks-commitments = Commitments
talks-none = Nothing yet.
talks-not-found = Not found
talks-back = All talks
talks-col-round = Round
talks-col-dates = Dates
talks-col-venue = Venue
talks-col-status = Status
talks-round-planned = Planned
talks-round-convened = In session
talks-round-adjourned = Adjourned
talks-round-concluded = Concluded
talks-round-failed = Failed
talks-host = Host
talks-mediators = Mediators
talks-agenda = Agenda
talks-outcome = Outcome
talks-delegations = Delegations
talks-col-participant = Participant
talks-col-head = Head of delegation
talks-col-members = Members
talks-follows = Attends at the level of { $participant }'s delegation
talks-parity = Parity checks
talks-parity-met = Met
talks-parity-failed = Failed
talks-parity-pending = Pending
talks-positions = Positions made public
talks-history = History
talks-record = record { $index }
talks-communique-joint = Joint text, signed by every signatory
talks-communique-statement = Mediators' statement; not signed by { $participants }
talks-communique-draft = Draft
talks-authoritative = authoritative
talks-signatures = Signatures
talks-signed = Signed (record { $index })
talks-declined = Declined: { $reason }
talks-not-answered = No answer
talks-verify-signature = verify this signature
talks-key = Participant key
talks-signature-hint = Each signature is an Ed25519 signature by the participant's own key over truce/communique-signature/v1, a zero byte, and the canonical JSON of the communiqué's id, version and texts. The record carries it in the log; truce verify checks every one.
talks-col-commitment = Commitment
talks-col-owners = Owed by
talks-col-deadline = Deadline
talks-form-written = in writing
talks-form-verbal = verbal assurance
talks-overdue = overdue
talks-commitment-open = Open
talks-commitment-met = Met
talks-commitment-partly-met = Partly met
talks-commitment-missed = Missed
talks-commitment-withdrawn = Withdrawn
talks-commitment-superseded = Superseded
talks-follow-up = Followed up at { $round }
talks-decision = Decision: { $reason }
talks-escalation = Escalation: { $action }

## Withdrawals
agreement-withdrawals = Withdrawals and suspensions
withdrawal-kind-withdrawal = withdrawal
withdrawal-kind-suspension = suspension
withdrawal-kind-resumption = resumption
withdrawal-in-effect = in effect since { $date }
withdrawal-pending = in effect from { $date }
withdrawal-stops = What stops: { $text }
withdrawal-continues = What goes on: { $text }
withdrawal-unsaid = The agreement does not say what this does.

# The witnesses on the verify page.
verify-witnesses-heading = Witnesses
verify-witnesses-intro = Each participant runs a witness that cosigns a checkpoint only if it extends every checkpoint of this log the witness cosigned before. A checkpoint cosigned by the quorum the agreement sets is one history for everyone: this server cannot show one party a different log.
verify-witnessed-size = The latest checkpoint the quorum cosigned covers { $size } records:
verify-not-witnessed = No checkpoint has been cosigned by the quorum yet, so this log is not yet vouched for by the witnesses.
verify-witness = Witness
verify-witness-size = Last size cosigned
verify-witness-time = Cosigned at
verify-witness-state = State
verify-witness-failing = not answering
verify-witness-ok = answering
verify-policy = The witness policy (C2SP tlog-policy), from the agreement; compare it with the signed agreement text, then check with it:

# The split-view alarm.
split-view-alarm = Alarm: a witness holds a checkpoint signed with this log's key that is not in the history this server shows. Someone may have been shown a different log.
split-view-details = See the two checkpoints
split-view-heading = Split view
split-view-explained = A witness holds a checkpoint signed with this log's key that this server's history does not contain. Either the log's key signed two different histories, or this server lost part of its own. Compare both with your own copy before relying on anything this server shows, and tell the other participants.
split-view-witness = The witness of { $witness } holds:
split-view-ours = This server holds instead:

# The maps' own words (lead).
map-sectors = Border sectors
map-crossings = Crossings
map-crossing-sourced = position from a source
map-crossing-approximate = placed approximately on the line
map-incidents = Incidents
map-status-reported = reported / alleged
map-status-under-investigation = under investigation
map-status-confirmed = confirmed
map-status-not-confirmed = not confirmed
map-status-inconclusive = inconclusive
map-status-other = other
map-afghanistan = AFGHANISTAN
map-pakistan = PAKISTAN
map-attribution = Line and countries: Natural Earth 1:10m (public domain). Places: GeoNames, CC BY 4.0. Not an authoritative boundary: the 1:10M line is off by up to a few km. Equirectangular projection.
file-map-title = Click where it happened

# The incidents of the map as a list (home page).
map-list-link = The same incidents as a list
incidents-heading = Incidents on the map
incidents-case = Case
incidents-date = Day
incidents-where = Where
incidents-status = Status
incidents-near = { $km } km from { $place }

# Daily situation reports
situation-title = Daily situation reports
situation-intro = Each day's report says what was reported, admitted, found and decided, by border sector, with the casualties the reports claim and the early-warning alerts of the day. Truce computes the numbers from the log; the mediators' secretariat writes the narrative and the mediators approve it before it is published.
situation-none = No daily report has been published yet.
situation-day = Day
situation-day-title = Situation report of { $day }
situation-day-intro = The day runs from midnight to midnight in { $zone }. Every number is recomputed from the log by anyone who verifies it.
situation-narrative = The secretariat's narrative
situation-by-sector = By border sector
situation-sector = Sector
situation-reported = Reported
situation-admitted = Admitted
situation-found = Monitors' reports
situation-decided = Decisions
situation-killed = Killed (claimed)
situation-injured = Injured (claimed)
situation-unstated = Reports stating no casualties
situation-open-deadlines = Waiting on a deadline
situation-overdue = { $count } overdue
situation-total = All sectors
situation-unplaced = No place on the border
situation-range = { $low }–{ $high } (best { $best })
situation-claims = Casualties are the figures the day's reports claim, as ranges from the lowest to the highest credible count: allegations, not findings.
situation-alerts = Early-warning alerts
situation-no-alerts = No early-warning alert for this day.
situation-alert = { $sector }: { $method }, { $observed } reports (record { $record })
situation-published = Published on { $when } as record { $record }.
situation-record = The signed record
situation-not-published = No report of this day has been published.
situation-back = All daily reports
situation-bad-day = “{ $value }” is not a day such as 2025-10-15.

## Early-warning trend charts (web/trend.rs), on the reports and the desk.
map-alert = early-warning alert
trend-heading = Reports per sector and day
trend-none = No report in this period was placed in a border sector.
trend-intro-published = Published cases, by the day of the incident (the agreement's time zone), one chart per border sector.
trend-intro-filed = Reports as filed that you may see (allegations, not facts), by the day of the incident (the agreement's time zone), one chart per border sector.
trend-intro-band = The grey band is the range of daily counts the sector's own recent past makes ordinary (the early-warning Poisson test); a bar above it is unusual.
trend-legend-count = reports on the day
trend-legend-band = ordinary range
trend-legend-baseline = baseline (daily average)
trend-legend-alert = early-warning alert raised
trend-alerts-on-desk = Early-warning alerts are shown to the mediators and the parties on their desks.
trend-desc = { $sector }: { $total } reports. Days above the ordinary range: { $above }. Alerts: { $alerts }.
trend-day = Day
trend-count = Reports
trend-baseline = Baseline a day
trend-ordinary = Ordinary range
trend-alerts = Alerts
trend-alert-record = record { $record }
