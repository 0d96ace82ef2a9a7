-- The CQRS demo's write side: an append-only event store, plus the few
-- indexes commands need to decide (is this email taken in the sandbox?).
CREATE TABLE events (
    sequence       INTEGER PRIMARY KEY AUTOINCREMENT,
    sandbox        TEXT NOT NULL,
    aggregate_type TEXT NOT NULL,
    aggregate_id   TEXT NOT NULL,
    version        INTEGER NOT NULL,
    event_type     TEXT NOT NULL,
    payload        TEXT NOT NULL,
    recorded_at_ms INTEGER NOT NULL,
    -- Two writers deciding on the same aggregate version: one must lose.
    UNIQUE (aggregate_id, version)
);
CREATE INDEX events_by_sandbox ON events (sandbox, sequence);

-- Set validation for CreateUser: one email per sandbox.
CREATE TABLE user_emails (
    sandbox TEXT NOT NULL,
    email   TEXT NOT NULL,
    user_id TEXT NOT NULL,
    PRIMARY KEY (sandbox, email)
);

-- Per-sandbox teaching knob: how long the projector waits before projecting.
CREATE TABLE projection_delays (
    sandbox  TEXT PRIMARY KEY NOT NULL,
    delay_ms INTEGER NOT NULL
);

CREATE TABLE sandboxes (
    id        TEXT PRIMARY KEY NOT NULL,
    last_seen INTEGER NOT NULL
);
