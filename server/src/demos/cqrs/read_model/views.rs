//! The views and the SQL that reads and writes them. An order view carries
//! its user's name and email, copied in when the order is projected, so a
//! query never joins.

use sqlx::{Row, SqlitePool};

use super::super::events::{Event, Recorded};
use crate::api::contract::{OrderItem, OrderJson, UserJson};

pub type Tx = sqlx::Transaction<'static, sqlx::Sqlite>;

// ANCHOR: apply
/// Applies one event to the views. Idempotent (`INSERT OR IGNORE` by id):
/// applying an event twice leaves the views as applying it once.
pub async fn apply(tx: &mut Tx, recorded: &Recorded) -> Result<(), sqlx::Error> {
    match &recorded.event {
        Event::UserCreated { user_id, email, name, created_at, .. } => {
            sqlx::query("INSERT OR IGNORE INTO users_view (id, sandbox, email, name, created_at) VALUES (?, ?, ?, ?, ?)")
                .bind(user_id)
                .bind(&recorded.sandbox)
                .bind(email)
                .bind(name)
                .bind(created_at)
                .execute(&mut **tx)
                .await?;
        }
        Event::OrderPlaced { order_id, user_id, items, total_cents, created_at } => {
            let user = sqlx::query("SELECT name, email FROM users_view WHERE sandbox = ? AND id = ?")
                .bind(&recorded.sandbox)
                .bind(user_id)
                .fetch_optional(&mut **tx)
                .await?;
            let (name, email): (String, String) = match user {
                Some(row) => (row.try_get("name")?, row.try_get("email")?),
                None => (String::new(), String::new()),
            };
            sqlx::query(
                "INSERT OR IGNORE INTO orders_view (id, sandbox, user_id, user_name, user_email, items, total_cents, status, created_at) \
                 VALUES (?, ?, ?, ?, ?, ?, ?, 'pending', ?)",
            )
            .bind(order_id)
            .bind(&recorded.sandbox)
            .bind(user_id)
            .bind(name)
            .bind(email)
            .bind(serde_json::to_string(items).map_err(|err| sqlx::Error::Encode(Box::new(err)))?)
            .bind(total_cents)
            .bind(created_at)
            .execute(&mut **tx)
            .await?;
        }
    }
    Ok(())
}
// ANCHOR_END: apply

pub async fn user(pool: &SqlitePool, sandbox: &str, id: &str) -> Result<Option<UserJson>, sqlx::Error> {
    let row = sqlx::query("SELECT id, email, name, created_at FROM users_view WHERE sandbox = ? AND id = ?")
        .bind(sandbox)
        .bind(id)
        .fetch_optional(pool)
        .await?;
    row.as_ref().map(user_from_row).transpose()
}

pub async fn users(pool: &SqlitePool, sandbox: &str) -> Result<Vec<UserJson>, sqlx::Error> {
    let rows = sqlx::query("SELECT id, email, name, created_at FROM users_view WHERE sandbox = ? ORDER BY created_at DESC, id DESC")
        .bind(sandbox)
        .fetch_all(pool)
        .await?;
    rows.iter().map(user_from_row).collect()
}

pub async fn order(pool: &SqlitePool, sandbox: &str, id: &str) -> Result<Option<OrderJson>, sqlx::Error> {
    let row = sqlx::query(
        "SELECT id, user_id, user_name, user_email, items, total_cents, status, created_at FROM orders_view WHERE sandbox = ? AND id = ?",
    )
    .bind(sandbox)
    .bind(id)
    .fetch_optional(pool)
    .await?;
    row.as_ref().map(order_from_row).transpose()
}

pub async fn orders(pool: &SqlitePool, sandbox: &str, user_id: Option<&str>) -> Result<Vec<OrderJson>, sqlx::Error> {
    let rows = match user_id {
        Some(user_id) => {
            sqlx::query("SELECT id, user_id, user_name, user_email, items, total_cents, status, created_at FROM orders_view WHERE sandbox = ? AND user_id = ? ORDER BY created_at DESC, id DESC")
                .bind(sandbox)
                .bind(user_id)
                .fetch_all(pool)
                .await?
        }
        None => sqlx::query("SELECT id, user_id, user_name, user_email, items, total_cents, status, created_at FROM orders_view WHERE sandbox = ? ORDER BY created_at DESC, id DESC").bind(sandbox).fetch_all(pool).await?,
    };
    rows.iter().map(order_from_row).collect()
}

/// Empties the sandbox's views, in `tx` (reset, expiry, rebuild).
pub async fn clear(tx: &mut Tx, sandbox: &str) -> Result<(), sqlx::Error> {
    for statement in
        ["DELETE FROM users_view WHERE sandbox = ?", "DELETE FROM orders_view WHERE sandbox = ?", "DELETE FROM positions WHERE sandbox = ?"]
    {
        sqlx::query(statement).bind(sandbox).execute(&mut **tx).await?;
    }
    Ok(())
}

pub async fn purge(pool: &SqlitePool, sandbox: &str) -> Result<(), sqlx::Error> {
    let mut tx = crate::db::begin_write(pool).await?;
    clear(&mut tx, sandbox).await?;
    tx.commit().await
}

fn user_from_row(row: &sqlx::sqlite::SqliteRow) -> Result<UserJson, sqlx::Error> {
    Ok(UserJson {
        id: row.try_get("id")?,
        email: row.try_get("email")?,
        name: row.try_get("name")?,
        created_at: row.try_get("created_at")?,
    })
}

fn order_from_row(row: &sqlx::sqlite::SqliteRow) -> Result<OrderJson, sqlx::Error> {
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
