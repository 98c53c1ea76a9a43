-- The part of subscribers.v1 compensation needs (no contact data). Upserted from the compacted topic;
-- a tombstone deletes the row. Keyset pagination runs over id in byte order.
CREATE TABLE subscriber (
    id              text COLLATE "C" PRIMARY KEY,
    brand           text        NOT NULL,
    billing_account text        NOT NULL,
    segment         text        NOT NULL,
    locale          text        NOT NULL,
    plan_id         text        NOT NULL,
    plan_type       text        NOT NULL,
    currency        char(3)     NOT NULL,
    charges         jsonb       NOT NULL,
    services        text[]      NOT NULL,
    unlimited_data  boolean     NOT NULL,
    home_region     text        NOT NULL,
    platforms       text[]      NOT NULL,
    updated_at      timestamptz NOT NULL
);

CREATE INDEX subscriber_home_region ON subscriber (home_region, id);
CREATE INDEX subscriber_platforms ON subscriber USING gin (platforms);
