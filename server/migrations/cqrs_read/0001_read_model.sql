-- The CQRS demo's read side: denormalized views the queries read, built
-- only by the projector from the events.
CREATE TABLE users_view (
    id         TEXT PRIMARY KEY NOT NULL,
    sandbox    TEXT NOT NULL,
    email      TEXT NOT NULL,
    name       TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX users_view_by_sandbox ON users_view (sandbox, created_at);

-- An order carries its user's name and email: no join at read time.
CREATE TABLE orders_view (
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
CREATE INDEX orders_view_by_sandbox ON orders_view (sandbox, created_at);
CREATE INDEX orders_view_by_user ON orders_view (sandbox, user_id, created_at);

-- The projector's progress: the last event applied per sandbox, and the
-- global point below which every event is applied (where a restart resumes).
CREATE TABLE positions (
    sandbox      TEXT PRIMARY KEY NOT NULL,
    position     INTEGER NOT NULL,
    last_lag_ms  INTEGER NOT NULL
);
CREATE TABLE checkpoint (
    id       INTEGER PRIMARY KEY CHECK (id = 1),
    position INTEGER NOT NULL
);
INSERT INTO checkpoint (id, position) VALUES (1, 0);
