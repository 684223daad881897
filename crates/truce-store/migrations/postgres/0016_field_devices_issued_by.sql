-- A device an administrator issued for another principal names the
-- administrator: who put a phone in someone's hands to file as them stays
-- on record beside the device (null: the principal enrolled it itself).
alter table field_devices add column issued_by text;
