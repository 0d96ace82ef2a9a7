-- The orders service's own database. It keeps a copy of the user's name and
-- email taken when the order was placed: it never reads the users database.
CREATE TABLE orders (
    id          TEXT PRIMARY KEY NOT NULL,
    sandbox     TEXT NOT NULL,
    user_id     TEXT NOT NULL,
    user_name   TEXT NOT NULL,
    user_email  TEXT NOT NULL,
    items       TEXT NOT NULL,
    total_cents INTEGER NOT NULL,
    status      TEXT NOT NULL,
    created_at  TEXT NOT NULL
);
CREATE INDEX orders_by_sandbox ON orders (sandbox, created_at);

-- Transactional outbox: events written in the same transaction as the
-- change they announce, delivered later by the relay.
CREATE TABLE outbox (
    id              TEXT PRIMARY KEY NOT NULL,
    sandbox         TEXT NOT NULL,
    topic           TEXT NOT NULL,
    payload         TEXT NOT NULL,
    trace_id        TEXT,
    created_at_ms   INTEGER NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_ms INTEGER NOT NULL,
    delivered_at_ms INTEGER
);
CREATE INDEX outbox_due ON outbox (delivered_at_ms, next_attempt_ms);

-- Idempotent consumer: each event id is acted on once.
CREATE TABLE processed_events (
    event_id     TEXT PRIMARY KEY NOT NULL,
    processed_at INTEGER NOT NULL
);

CREATE TABLE sandboxes (
    id        TEXT PRIMARY KEY NOT NULL,
    last_seen INTEGER NOT NULL
);
