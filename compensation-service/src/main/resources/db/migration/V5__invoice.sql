-- Invoices of billing.invoices.v1 as the bill-shock guard saw them: the history its second rule reads, and the
-- holds care releases. A replayed invoice maps to the same row.
CREATE TABLE invoice (
    invoice_id            text        PRIMARY KEY,
    account_id            text        NOT NULL,
    segment               text        NOT NULL,
    amount_minor          bigint      NOT NULL CHECK (amount_minor >= 0),
    currency              char(3)     NOT NULL,
    period_start          date        NOT NULL,
    period_end            date        NOT NULL,
    issued_at             timestamptz NOT NULL,
    status                text        NOT NULL CHECK (status IN ('CLEARED', 'HELD', 'RELEASED')),
    hold_reason           text,
    threshold_minor       bigint,
    held_at               timestamptz,
    hold_published        boolean     NOT NULL DEFAULT false,
    released_amount_minor bigint,
    released_by           text,
    released_at           timestamptz,
    release_reason        text,
    release_published     boolean     NOT NULL DEFAULT false
);

CREATE INDEX invoice_account ON invoice (account_id, issued_at DESC);
CREATE INDEX invoice_held ON invoice (held_at) WHERE status = 'HELD';
