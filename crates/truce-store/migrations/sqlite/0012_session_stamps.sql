-- Sessions and devices, made safer.
--
-- A password change ended every session, but a login that had checked the
-- old password a moment before could still store its session after that:
-- the session outlived the change. An account now carries a stamp that
-- every change of password moves on, a session the stamp it was opened
-- under, and a session is read only while the two agree, so a session
-- opened with an old password opens nothing, however the two raced.
alter table accounts add column password_stamp bigint not null default 0;
alter table sessions add column password_stamp bigint not null default 0;

-- Whether a session was opened with a one-time password: such a session
-- only changes the password. Kept on the session, so that reading a
-- session needs no second look at the account. Sessions open now keep
-- what their account says.
alter table sessions add column one_time bigint not null default 0;
update sessions set one_time = 1
    where principal in (select principal from accounts where must_change_password <> 0);

-- A device cookie had no end but the browser's: it now has one here too
-- (400 days from its login, as the cookie's Max-Age), and is deleted when
-- its principal's password changes.
alter table devices add column expires_at bigint not null default 0;
update devices set expires_at = created_at + 34560000;
create index devices_principal on devices (principal);
