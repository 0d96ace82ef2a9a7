//! The users service's SQL, on its own database file.

use sqlx::{Row, SqlitePool};

use crate::api::contract::UserJson;
use crate::db;

pub enum AddError {
    EmailTaken,
    QuotaReached(i64),
    Database(sqlx::Error),
}

#[tracing::instrument(name = "users::store::add", skip_all, fields(kind = "repository"))]
pub async fn add(pool: &SqlitePool, sandbox: &str, user: &UserJson, password_hash: &str, limit: i64) -> Result<(), AddError> {
    let mut tx = db::begin_write(pool).await.map_err(AddError::Database)?;
    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users WHERE sandbox = ?")
        .bind(sandbox)
        .fetch_one(&mut *tx)
        .await
        .map_err(AddError::Database)?;
    if count >= limit {
        return Err(AddError::QuotaReached(limit));
    }
    let inserted = sqlx::query("INSERT INTO users (id, sandbox, email, name, password_hash, created_at) VALUES (?, ?, ?, ?, ?, ?)")
        .bind(&user.id)
        .bind(sandbox)
        .bind(&user.email)
        .bind(&user.name)
        .bind(password_hash)
        .bind(&user.created_at)
        .execute(&mut *tx)
        .await;
    match inserted {
        Err(err) if db::is_unique_violation(&err) => return Err(AddError::EmailTaken),
        other => other.map_err(AddError::Database)?,
    };
    crate::db::touch_sandbox(&mut tx, sandbox).await.map_err(AddError::Database)?;
    tx.commit().await.map_err(AddError::Database)
}

#[tracing::instrument(name = "users::store::find", skip_all, fields(kind = "repository"))]
pub async fn find(pool: &SqlitePool, sandbox: &str, id: &str) -> Result<Option<UserJson>, sqlx::Error> {
    let row = sqlx::query("SELECT id, email, name, created_at FROM users WHERE sandbox = ? AND id = ?")
        .bind(sandbox)
        .bind(id)
        .fetch_optional(pool)
        .await?;
    row.as_ref().map(from_row).transpose()
}

#[tracing::instrument(name = "users::store::list", skip_all, fields(kind = "repository"))]
pub async fn list(pool: &SqlitePool, sandbox: &str) -> Result<Vec<UserJson>, sqlx::Error> {
    let rows = sqlx::query("SELECT id, email, name, created_at FROM users WHERE sandbox = ? ORDER BY created_at DESC, id DESC")
        .bind(sandbox)
        .fetch_all(pool)
        .await?;
    rows.iter().map(from_row).collect()
}

pub async fn purge(pool: &SqlitePool, sandbox: &str) -> Result<(), sqlx::Error> {
    let mut tx = db::begin_write(pool).await?;
    sqlx::query("DELETE FROM users WHERE sandbox = ?").bind(sandbox).execute(&mut *tx).await?;
    sqlx::query("DELETE FROM sandboxes WHERE id = ?").bind(sandbox).execute(&mut *tx).await?;
    tx.commit().await
}

fn from_row(row: &sqlx::sqlite::SqliteRow) -> Result<UserJson, sqlx::Error> {
    Ok(UserJson {
        id: row.try_get("id")?,
        email: row.try_get("email")?,
        name: row.try_get("name")?,
        created_at: row.try_get("created_at")?,
    })
}
