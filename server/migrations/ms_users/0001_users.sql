-- The users service's own database: nobody else reads it.
CREATE TABLE users (
    id            TEXT PRIMARY KEY NOT NULL,
    sandbox       TEXT NOT NULL,
    email         TEXT NOT NULL,
    name          TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    UNIQUE (sandbox, email)
);
CREATE INDEX users_by_sandbox ON users (sandbox, created_at);

CREATE TABLE sandboxes (
    id        TEXT PRIMARY KEY NOT NULL,
    last_seen INTEGER NOT NULL
);
