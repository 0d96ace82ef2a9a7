//! The event store: an append-only, ordered log in the write database.
//! Each aggregate's events carry a version; appending at a version someone
//! else already wrote fails, so two commands racing on one aggregate cannot
//! both win. Events are never updated; a sandbox's whole log is erased only
//! when the sandbox is reset or expires.

use sqlx::{Row, SqlitePool};

use super::super::events::{Event, Recorded};
use super::aggregates::UserState;
use crate::db;

#[derive(Debug, thiserror::Error)]
pub enum AppendError {
    #[error("another command changed this aggregate first")]
    Conflict,
    #[error("email already taken")]
    EmailTaken,
    #[error("quota of {0} reached")]
    QuotaReached(i64),
    #[error(transparent)]
    Database(#[from] sqlx::Error),
}

/// Conditions checked in the same transaction as the append.
pub enum Guard<'a> {
    /// A new user: the email must be free in the sandbox; at most `limit` users.
    NewUser { email: &'a str, limit: i64 },
    /// A new order: at most `limit` orders in the sandbox.
    NewOrder { limit: i64 },
}

// ANCHOR: load_user
/// A user aggregate rebuilt from its events, and its current version.
#[tracing::instrument(name = "EventStore::load_user", skip_all, fields(kind = "repository"))]
pub async fn load_user(pool: &SqlitePool, sandbox: &str, user_id: &str) -> Result<(UserState, i64), sqlx::Error> {
    let rows = sqlx::query("SELECT version, payload FROM events WHERE sandbox = ? AND aggregate_id = ? ORDER BY version")
        .bind(sandbox)
        .bind(user_id)
        .fetch_all(pool)
        .await?;
    let mut state = UserState::default();
    let mut version = 0;
    for row in rows {
        let event: Event = decode(&row.try_get::<String, _>("payload")?)?;
        state = state.apply(&event);
        version = row.try_get("version")?;
    }
    Ok((state, version))
}
// ANCHOR_END: load_user

// ANCHOR: append
/// Appends `events` to the aggregate, which must still be at
/// `expected_version`. Returns the sequence number of the last event.
#[tracing::instrument(name = "EventStore::append", skip_all, fields(kind = "event"))]
pub async fn append(
    pool: &SqlitePool,
    sandbox: &str,
    aggregate_type: &str,
    aggregate_id: &str,
    expected_version: i64,
    events: &[Event],
    guard: Guard<'_>,
) -> Result<i64, AppendError> {
    let mut tx = db::begin_write(pool).await?;
    match guard {
        Guard::NewUser { email, limit } => {
            let users: i64 =
                sqlx::query_scalar("SELECT COUNT(*) FROM user_emails WHERE sandbox = ?").bind(sandbox).fetch_one(&mut *tx).await?;
            if users >= limit {
                return Err(AppendError::QuotaReached(limit));
            }
            let claimed = sqlx::query("INSERT INTO user_emails (sandbox, email, user_id) VALUES (?, ?, ?)")
                .bind(sandbox)
                .bind(email)
                .bind(aggregate_id)
                .execute(&mut *tx)
                .await;
            match claimed {
                Err(err) if db::is_unique_violation(&err) => return Err(AppendError::EmailTaken),
                other => other?,
            };
        }
        Guard::NewOrder { limit } => {
            let orders: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM events WHERE sandbox = ? AND event_type = 'OrderPlaced'")
                .bind(sandbox)
                .fetch_one(&mut *tx)
                .await?;
            if orders >= limit {
                return Err(AppendError::QuotaReached(limit));
            }
        }
    }
    let now_ms = time::OffsetDateTime::now_utc().unix_timestamp_nanos() / 1_000_000;
    let mut last_sequence = 0;
    for (offset, event) in events.iter().enumerate() {
        let inserted = sqlx::query(
            "INSERT INTO events (sandbox, aggregate_type, aggregate_id, version, event_type, payload, recorded_at_ms) VALUES (?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(sandbox)
        .bind(aggregate_type)
        .bind(aggregate_id)
        .bind(expected_version + 1 + offset as i64)
        .bind(event.name())
        .bind(serde_json::to_string(event).map_err(|err| sqlx::Error::Encode(Box::new(err)))?)
        .bind(now_ms as i64)
        .execute(&mut *tx)
        .await;
        last_sequence = match inserted {
            Err(err) if db::is_unique_violation(&err) => return Err(AppendError::Conflict),
            other => other?.last_insert_rowid(),
        };
    }
    crate::db::touch_sandbox(&mut tx, sandbox).await?;
    tx.commit().await?;
    Ok(last_sequence)
}
// ANCHOR_END: append

/// Events after `sequence`, in order: what the projector has not seen yet.
pub async fn events_after(pool: &SqlitePool, sequence: i64, limit: i64) -> Result<Vec<Recorded>, sqlx::Error> {
    let rows = sqlx::query("SELECT sequence, sandbox, payload, recorded_at_ms FROM events WHERE sequence > ? ORDER BY sequence LIMIT ?")
        .bind(sequence)
        .bind(limit)
        .fetch_all(pool)
        .await?;
    rows.iter().map(recorded).collect()
}

/// Every event of one sandbox, in order: what a rebuild replays.
pub async fn sandbox_events(pool: &SqlitePool, sandbox: &str) -> Result<Vec<Recorded>, sqlx::Error> {
    let rows = sqlx::query("SELECT sequence, sandbox, payload, recorded_at_ms FROM events WHERE sandbox = ? ORDER BY sequence")
        .bind(sandbox)
        .fetch_all(pool)
        .await?;
    rows.iter().map(recorded).collect()
}

/// How many of the sandbox's events come after `position`.
pub async fn count_after(pool: &SqlitePool, sandbox: &str, position: i64) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT COUNT(*) FROM events WHERE sandbox = ? AND sequence > ?").bind(sandbox).bind(position).fetch_one(pool).await
}

pub async fn delay_ms(pool: &SqlitePool, sandbox: &str) -> Result<i64, sqlx::Error> {
    let delay: Option<i64> =
        sqlx::query_scalar("SELECT delay_ms FROM projection_delays WHERE sandbox = ?").bind(sandbox).fetch_optional(pool).await?;
    Ok(delay.unwrap_or(0))
}

pub async fn set_delay_ms(pool: &SqlitePool, sandbox: &str, delay_ms: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO projection_delays (sandbox, delay_ms) VALUES (?, ?) ON CONFLICT (sandbox) DO UPDATE SET delay_ms = excluded.delay_ms",
    )
    .bind(sandbox)
    .bind(delay_ms)
    .execute(pool)
    .await?;
    Ok(())
}

/// Erases the sandbox's log and indexes (reset or expiry).
pub async fn purge(pool: &SqlitePool, sandbox: &str) -> Result<(), sqlx::Error> {
    let mut tx = db::begin_write(pool).await?;
    for table in [
        "DELETE FROM events WHERE sandbox = ?",
        "DELETE FROM user_emails WHERE sandbox = ?",
        "DELETE FROM projection_delays WHERE sandbox = ?",
        "DELETE FROM sandboxes WHERE id = ?",
    ] {
        sqlx::query(table).bind(sandbox).execute(&mut *tx).await?;
    }
    tx.commit().await
}

fn recorded(row: &sqlx::sqlite::SqliteRow) -> Result<Recorded, sqlx::Error> {
    Ok(Recorded {
        sequence: row.try_get("sequence")?,
        sandbox: row.try_get("sandbox")?,
        recorded_at_ms: row.try_get("recorded_at_ms")?,
        event: decode(&row.try_get::<String, _>("payload")?)?,
    })
}

fn decode(payload: &str) -> Result<Event, sqlx::Error> {
    serde_json::from_str(payload).map_err(|err| sqlx::Error::Decode(Box::new(err)))
}

#[cfg(test)]
mod tests {
    use super::*;

    static MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("migrations/cqrs_write");

    fn created(id: &str) -> Event {
        Event::UserCreated {
            user_id: id.into(),
            email: format!("{id}@example.com"),
            name: "N".into(),
            password_hash: "h".into(),
            created_at: "t".into(),
        }
    }

    #[tokio::test]
    async fn two_writers_at_the_same_version_cannot_both_append() {
        let dir = tempfile::tempdir().unwrap();
        let pool = db::open(dir.path(), "events", &MIGRATIONS).await.unwrap();
        let guard = || Guard::NewOrder { limit: 10 };
        append(&pool, "sandbox-1", "user", "u1", 0, &[created("u1")], guard()).await.unwrap();
        let second = append(&pool, "sandbox-1", "user", "u1", 0, &[created("u1")], guard()).await;
        assert!(matches!(second, Err(AppendError::Conflict)), "{second:?}");
        let (state, version) = load_user(&pool, "sandbox-1", "u1").await.unwrap();
        assert!(state.exists);
        assert_eq!(version, 1);
    }

    #[tokio::test]
    async fn events_come_back_in_the_order_they_were_appended() {
        let dir = tempfile::tempdir().unwrap();
        let pool = db::open(dir.path(), "events", &MIGRATIONS).await.unwrap();
        for id in ["a", "b", "c"] {
            append(&pool, "sandbox-1", "user", id, 0, &[created(id)], Guard::NewOrder { limit: 10 }).await.unwrap();
        }
        let all = events_after(&pool, 0, 10).await.unwrap();
        let sequences: Vec<i64> = all.iter().map(|e| e.sequence).collect();
        assert!(sequences.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(events_after(&pool, sequences[1], 10).await.unwrap().len(), 1);
    }
}
