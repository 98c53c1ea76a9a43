-- How far credits.v1 is known to hold only credits the outbox has marked published: per partition, the offset
-- after the last credit the relay published. Written in the same transaction as the marks, so that after a crash
-- between the broker's commit and the database's, the relay reads credits.v1 from here to its end to find the
-- credits that were published but not marked, instead of publishing them again.
CREATE TABLE credit_outbox_position (
    topic       text        NOT NULL,
    partition   integer     NOT NULL,
    next_offset bigint      NOT NULL CHECK (next_offset >= 0),
    updated_at  timestamptz NOT NULL,
    PRIMARY KEY (topic, partition)
);
