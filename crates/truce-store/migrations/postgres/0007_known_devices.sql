-- Devices a principal has logged in from. Guesses at a principal's
-- password are limited by its name; a login from a device it logged in
-- from before is not held to that limit, so nobody guessing can lock a
-- real user out. Only the SHA-256 of the device cookie is kept.
create table devices (
    token_hash text primary key,
    principal text not null,
    created_at bigint not null
);
