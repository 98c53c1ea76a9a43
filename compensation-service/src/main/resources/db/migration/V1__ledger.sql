-- The credit ledger: one row per credit, written once. credit_id is derived from
-- (outage_id, policy_id, policy_version, subscriber_id), so a replay maps to the same row.
CREATE TABLE credit (
    credit_id       uuid        PRIMARY KEY,
    outage_id       text        NOT NULL,
    policy_id       text        NOT NULL,
    policy_version  integer     NOT NULL,
    subscriber_id   text        NOT NULL,
    billing_account text        NOT NULL,
    kind            text        NOT NULL CHECK (kind IN ('MONETARY', 'ALLOWANCE', 'FREE_USAGE_WINDOW', 'TOPUP_BONUS')),
    amount_minor    bigint      NOT NULL CHECK (amount_minor >= 0),
    currency        char(3)     NOT NULL,
    tax_included    boolean     NOT NULL,
    reason_code     text        NOT NULL,
    trace           jsonb       NOT NULL,
    granted_at      timestamptz NOT NULL,
    CONSTRAINT credit_once_per_outage_policy_subscriber
        UNIQUE (outage_id, policy_id, policy_version, subscriber_id)
);

CREATE INDEX credit_billing_account ON credit (billing_account);

-- Transactional outbox: a row per newly booked credit, written in the same transaction as the credit,
-- published to credits.v1 in seq order by the relay.
CREATE TABLE credit_outbox (
    credit_id    uuid        PRIMARY KEY REFERENCES credit (credit_id),
    seq          bigint      GENERATED ALWAYS AS IDENTITY,
    payload      jsonb       NOT NULL,
    created_at   timestamptz NOT NULL,
    published_at timestamptz
);

CREATE UNIQUE INDEX credit_outbox_seq ON credit_outbox (seq);
CREATE INDEX credit_outbox_pending ON credit_outbox (seq) WHERE published_at IS NULL;

-- One row per compensation run of an outage under a policy version.
CREATE TABLE outage_compensation (
    run_id                  bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    outage_id               text        NOT NULL,
    outage_version          bigint      NOT NULL,
    policy_id               text        NOT NULL,
    policy_version          integer     NOT NULL,
    status                  text        NOT NULL CHECK (status IN ('RUNNING', 'COMPLETED', 'FAILED', 'SKIPPED')),
    started_at              timestamptz NOT NULL,
    completed_at            timestamptz,
    subscribers_evaluated   bigint      NOT NULL DEFAULT 0,
    credits_count           bigint      NOT NULL DEFAULT 0,
    total_minor_by_currency jsonb       NOT NULL DEFAULT '{}'::jsonb,
    detail                  text
);

CREATE INDEX outage_compensation_outage ON outage_compensation (outage_id, policy_id, policy_version);
