-- An API token may be given an end: after `expires_at` (Unix seconds) it
-- opens nothing, as if revoked. Null: no end, as before.
alter table api_tokens add column expires_at bigint;
