//! Writing to the outbox, inside the caller's transaction: the event exists
//! if and only if the change it announces was committed.

use super::now_ms;

// ANCHOR: enqueue
pub async fn enqueue(
    tx: &mut sqlx::Transaction<'static, sqlx::Sqlite>,
    sandbox: &str,
    topic: &str,
    payload: &serde_json::Value,
    trace_id: Option<&str>,
) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO outbox (id, sandbox, topic, payload, trace_id, created_at_ms, next_attempt_ms) VALUES (?, ?, ?, ?, ?, ?, ?)")
        .bind(uuid::Uuid::now_v7().to_string())
        .bind(sandbox)
        .bind(topic)
        .bind(payload.to_string())
        .bind(trace_id)
        .bind(now_ms())
        .bind(now_ms())
        .execute(&mut **tx)
        .await?;
    Ok(())
}
// ANCHOR_END: enqueue

// ANCHOR: redeliver
/// Marks the sandbox's events undelivered, so the relay sends them again:
/// a way to watch the consumers shrug off duplicates.
pub async fn redeliver(pool: &sqlx::SqlitePool, sandbox: &str) -> Result<u64, sqlx::Error> {
    let done = sqlx::query("UPDATE outbox SET delivered_at_ms = NULL, next_attempt_ms = ? WHERE sandbox = ?")
        .bind(now_ms())
        .bind(sandbox)
        .execute(pool)
        .await?;
    Ok(done.rows_affected())
}
// ANCHOR_END: redeliver
