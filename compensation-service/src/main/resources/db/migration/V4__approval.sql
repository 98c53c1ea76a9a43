-- The latest version of every outage compensation has heard of, so that finance can preview the liability of an
-- open outage ("if it ended now").
CREATE TABLE outage (
    outage_id  text        PRIMARY KEY,
    version    bigint      NOT NULL,
    status     text        NOT NULL,
    snapshot   jsonb       NOT NULL,
    updated_at timestamptz NOT NULL
);

-- A resolved outage whose liability is above a configured threshold waits here for a finance user's decision.
-- APPROVED rows are granted (then GRANTED); REJECTED rows are not; a newer resolution SUPERSEDES a pending one.
CREATE TABLE grant_approval (
    outage_id      text        NOT NULL,
    outage_version bigint      NOT NULL,
    status         text        NOT NULL CHECK (status IN ('PENDING', 'APPROVED', 'REJECTED', 'SUPERSEDED', 'GRANTED')),
    snapshot       jsonb       NOT NULL,
    liability      jsonb       NOT NULL,
    why            text        NOT NULL,
    requested_at   timestamptz NOT NULL,
    decided_by     text,
    decided_at     timestamptz,
    reason         text,
    granted_at     timestamptz,
    PRIMARY KEY (outage_id, outage_version)
);

CREATE INDEX grant_approval_status ON grant_approval (status);
CREATE INDEX credit_subscriber ON credit (subscriber_id);
