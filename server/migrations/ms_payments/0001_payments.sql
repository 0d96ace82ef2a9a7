-- The payments service's own database.
CREATE TABLE payments (
    id           TEXT PRIMARY KEY NOT NULL,
    sandbox      TEXT NOT NULL,
    order_id     TEXT NOT NULL UNIQUE,
    amount_cents INTEGER NOT NULL,
    status       TEXT NOT NULL,
    created_at   TEXT NOT NULL
);
CREATE INDEX payments_by_sandbox ON payments (sandbox);

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

CREATE TABLE processed_events (
    event_id     TEXT PRIMARY KEY NOT NULL,
    processed_at INTEGER NOT NULL
);

CREATE TABLE sandboxes (
    id        TEXT PRIMARY KEY NOT NULL,
    last_seen INTEGER NOT NULL
);
