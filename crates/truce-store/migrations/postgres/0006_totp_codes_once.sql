-- A second-factor code opens one session: the time step of the last code
-- accepted for an account is kept, and a code of that step or an earlier
-- one is refused, so a code seen over a shoulder or in a log is spent.
alter table accounts add column totp_last_step bigint;
