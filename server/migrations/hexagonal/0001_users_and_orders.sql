-- The hexagonal demo's tables. Every row belongs to a sandbox; ids are UUIDs.
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

CREATE TABLE orders (
    id          TEXT PRIMARY KEY NOT NULL,
    sandbox     TEXT NOT NULL,
    user_id     TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    total_cents INTEGER NOT NULL,
    status      TEXT NOT NULL,
    created_at  TEXT NOT NULL
);
CREATE INDEX orders_by_sandbox ON orders (sandbox, created_at);

CREATE TABLE order_items (
    order_id         TEXT NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    position         INTEGER NOT NULL,
    product          TEXT NOT NULL,
    quantity         INTEGER NOT NULL,
    unit_price_cents INTEGER NOT NULL,
    PRIMARY KEY (order_id, position)
);

-- When each sandbox was last used, so idle ones can expire.
CREATE TABLE sandboxes (
    id        TEXT PRIMARY KEY NOT NULL,
    last_seen INTEGER NOT NULL
);

-- What the mailbox adapter "sent": the welcome mails a reader can read.
CREATE TABLE mails (
    id         TEXT PRIMARY KEY NOT NULL,
    sandbox    TEXT NOT NULL,
    recipient  TEXT NOT NULL,
    subject    TEXT NOT NULL,
    body       TEXT NOT NULL,
    sent_at    TEXT NOT NULL
);
CREATE INDEX mails_by_sandbox ON mails (sandbox, sent_at);
