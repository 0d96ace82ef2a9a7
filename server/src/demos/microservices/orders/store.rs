//! The orders service's SQL, on its own database file.

use sqlx::{Row, SqlitePool};

use super::super::bus::{self, outbox};
use crate::api::contract::{OrderItem, OrderJson};
use crate::db;

pub enum AddError {
    QuotaReached(i64),
    Database(sqlx::Error),
}

impl From<sqlx::Error> for AddError {
    fn from(err: sqlx::Error) -> Self {
        Self::Database(err)
    }
}

// ANCHOR: add_with_event
/// Stores the order and its `order.created` event in one transaction:
/// both or neither, so no event is ever lost or announced for nothing.
#[tracing::instrument(name = "orders::store::add", skip_all, fields(kind = "repository"))]
pub async fn add(pool: &SqlitePool, sandbox: &str, order: &OrderJson, limit: i64, trace_id: Option<&str>) -> Result<(), AddError> {
    let mut tx = db::begin_write(pool).await?;
    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM orders WHERE sandbox = ?").bind(sandbox).fetch_one(&mut *tx).await?;
    if count >= limit {
        return Err(AddError::QuotaReached(limit));
    }
    sqlx::query("INSERT INTO orders (id, sandbox, user_id, user_name, user_email, items, total_cents, status, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
        .bind(&order.id)
        .bind(sandbox)
        .bind(&order.user_id)
        .bind(&order.user_name)
        .bind(&order.user_email)
        .bind(serde_json::to_string(&order.items).map_err(|err| sqlx::Error::Encode(Box::new(err)))?)
        .bind(order.total_cents)
        .bind(&order.status)
        .bind(&order.created_at)
        .execute(&mut *tx)
        .await?;
    let event = serde_json::json!({"order_id": order.id, "user_id": order.user_id, "total_cents": order.total_cents});
    outbox::enqueue(&mut tx, sandbox, bus::ORDER_CREATED, &event, trace_id).await?;
    crate::db::touch_sandbox(&mut tx, sandbox).await?;
    tx.commit().await?;
    Ok(())
}
// ANCHOR_END: add_with_event

// ANCHOR: mark_paid
/// Applies `payment.completed` once per event id, however often it arrives.
#[tracing::instrument(name = "orders::store::mark_paid", skip_all, fields(kind = "repository"))]
pub async fn mark_paid(pool: &SqlitePool, sandbox: &str, event_id: &str, order_id: &str) -> Result<bool, sqlx::Error> {
    let mut tx = db::begin_write(pool).await?;
    if !bus::inbox::first_time(&mut tx, event_id).await? {
        return Ok(false);
    }
    sqlx::query("UPDATE orders SET status = 'paid' WHERE sandbox = ? AND id = ? AND status = 'pending'")
        .bind(sandbox)
        .bind(order_id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(true)
}
// ANCHOR_END: mark_paid

#[tracing::instrument(name = "orders::store::find", skip_all, fields(kind = "repository"))]
pub async fn find(pool: &SqlitePool, sandbox: &str, id: &str) -> Result<Option<OrderJson>, sqlx::Error> {
    let row = sqlx::query(
        "SELECT id, user_id, user_name, user_email, items, total_cents, status, created_at FROM orders WHERE sandbox = ? AND id = ?",
    )
    .bind(sandbox)
    .bind(id)
    .fetch_optional(pool)
    .await?;
    row.as_ref().map(from_row).transpose()
}

#[tracing::instrument(name = "orders::store::list", skip_all, fields(kind = "repository"))]
pub async fn list(pool: &SqlitePool, sandbox: &str, user_id: Option<&str>) -> Result<Vec<OrderJson>, sqlx::Error> {
    let rows = match user_id {
        Some(user_id) => sqlx::query("SELECT id, user_id, user_name, user_email, items, total_cents, status, created_at FROM orders WHERE sandbox = ? AND user_id = ? ORDER BY created_at DESC, id DESC")
            .bind(sandbox)
            .bind(user_id)
            .fetch_all(pool)
            .await?,
        None => sqlx::query("SELECT id, user_id, user_name, user_email, items, total_cents, status, created_at FROM orders WHERE sandbox = ? ORDER BY created_at DESC, id DESC")
            .bind(sandbox)
            .fetch_all(pool)
            .await?,
    };
    rows.iter().map(from_row).collect()
}

pub async fn purge(pool: &SqlitePool, sandbox: &str) -> Result<(), sqlx::Error> {
    let mut tx = db::begin_write(pool).await?;
    for statement in ["DELETE FROM orders WHERE sandbox = ?", "DELETE FROM outbox WHERE sandbox = ?", "DELETE FROM sandboxes WHERE id = ?"]
    {
        sqlx::query(statement).bind(sandbox).execute(&mut *tx).await?;
    }
    tx.commit().await
}

fn from_row(row: &sqlx::sqlite::SqliteRow) -> Result<OrderJson, sqlx::Error> {
    let items: Vec<OrderItem> =
        serde_json::from_str(&row.try_get::<String, _>("items")?).map_err(|err| sqlx::Error::Decode(Box::new(err)))?;
    Ok(OrderJson {
        id: row.try_get("id")?,
        user_id: row.try_get("user_id")?,
        user_name: row.try_get("user_name")?,
        user_email: row.try_get("user_email")?,
        items,
        total_cents: row.try_get("total_cents")?,
        status: row.try_get("status")?,
        created_at: row.try_get("created_at")?,
    })
}
