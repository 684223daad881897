-- A principal's uploads are limited per UTC day: the quota sums the files
-- it stored since the day began, which this index finds without a scan.
create index evidence_principal_received on evidence (principal, received_at);
