//! The idempotent consumer's memory: event ids already acted on.

use super::now_ms;

// ANCHOR: first_time
/// Records `event_id` as processed in the caller's transaction; `false` when
/// it was already, so the caller skips the effect and still answers 2xx.
pub async fn first_time(tx: &mut sqlx::Transaction<'static, sqlx::Sqlite>, event_id: &str) -> Result<bool, sqlx::Error> {
    let inserted = sqlx::query("INSERT OR IGNORE INTO processed_events (event_id, processed_at) VALUES (?, ?)")
        .bind(event_id)
        .bind(now_ms())
        .execute(&mut **tx)
        .await?;
    Ok(inserted.rows_affected() == 1)
}
// ANCHOR_END: first_time
