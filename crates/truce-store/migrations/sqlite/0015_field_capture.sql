-- Field capture over OpenRosa (ODK Collect and its kin).
--
-- A device is enrolled for one principal with a random secret. The secret
-- is kept only as its SHA-256 (for the app-user path `/v1/key/{secret}/…`)
-- and as the Digest HA1, MD5(device:realm:secret), which RFC 2617 needs to
-- check a response and which HTTP Basic is checked against too.
create table field_devices (
    id text not null,
    principal text not null,
    name text not null,
    token_hash text not null,
    ha1 text not null,
    created_at bigint not null,
    revoked_at bigint,
    constraint field_devices_pk primary key (id),
    constraint field_devices_token_unique unique (token_hash)
);
create index field_devices_by_principal on field_devices (principal);

-- Each submission by the instanceID the device gave it: the hash of its XML
-- as first received (the blob is kept), the case it was filed as once every
-- file it names has arrived, and those files. A resend after a lost answer
-- finds its row here, across restarts, and files nothing twice.
create table field_submissions (
    instance_id text not null,
    principal text not null,
    form_id text not null,
    form_version text not null,
    xml_sha256 text not null,
    case_id text,
    received_at bigint not null,
    constraint field_submissions_pk primary key (instance_id)
);
create table field_attachments (
    instance_id text not null,
    filename text not null,
    sha256 text not null,
    constraint field_attachments_pk primary key (instance_id, filename),
    constraint field_attachments_submission_fk foreign key (instance_id) references field_submissions (instance_id)
);
