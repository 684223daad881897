-- A member of the public who files cannot see its case before it is
-- published; it follows the case's status with the token it was given at
-- filing. Only the token's SHA-256 is kept.
create table follow_tokens (
    token_hash text primary key,
    case_id text not null,
    created_at bigint not null
);
