-- Credits go to credits.v1 built from the ledger's own columns (the event id is the credit id), so new outbox rows
-- carry no payload; rows written before keep theirs.
ALTER TABLE credit_outbox ALTER COLUMN payload DROP NOT NULL;

-- The deterministic credit id from the MD5 (hex) of its name, as java.util.UUID.nameUUIDFromBytes computes it
-- (ComputedCredit.idOf): the version set to 3 and the variant to IETF. The caller computes the MD5 of the name's
-- UTF-8 bytes, md5(convert_to(name, 'UTF8')), once per row: a single-expression function is inlined by the planner
-- when its argument is a column.
CREATE FUNCTION faultline_name_uuid_of_md5(h text) RETURNS uuid
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS $$
        SELECT (substr(h, 1, 12) || '3' || substr(h, 14, 3)
                || to_hex(8 | (('x' || substr(h, 17, 1))::bit(4)::integer & 3)) || substr(h, 18))::uuid
    $$;

-- What a compensation run grants each line profile (lines that every policy assesses alike: the same brand,
-- segment, home region and plan), keyed by the profile's fingerprint. Written when the run starts, deleted when it
-- ends or is taken over. A line whose profile is not here (it changed after the run started) is assessed on its own.
CREATE TABLE grant_profile (
    run_id       bigint  NOT NULL REFERENCES outage_compensation (run_id),
    fingerprint  uuid    NOT NULL,
    awarded      boolean NOT NULL,
    per_account  boolean NOT NULL,
    kind         text,
    amount_minor bigint,
    currency     char(3),
    tax_included boolean,
    reason_code  text,
    trace        jsonb,
    PRIMARY KEY (run_id, fingerprint)
);
