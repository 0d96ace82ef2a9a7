//! The SQLite persistence adapter: the outbound persistence port over the
//! demo's database file. SQLite's codes become the port's errors here.

use std::collections::HashMap;

use async_trait::async_trait;
use sqlx::{Row, SqlitePool};

use super::super::super::core::domain::{Order, OrderLine, Tenant, User};
use super::super::super::core::ports::outbound::{StoreError, UserStore};
use crate::db;

pub struct SqliteStore {
    pool: SqlitePool,
}

impl SqliteStore {
    pub fn new(pool: SqlitePool) -> Self {
        Self { pool }
    }
}

fn unavailable(err: impl std::fmt::Display) -> StoreError {
    StoreError::Unavailable(err.to_string())
}

#[async_trait]
impl UserStore for SqliteStore {
    // ANCHOR: sqlite_adapter
    #[tracing::instrument(name = "SqliteStore::add_user", skip_all, fields(kind = "adapter"))]
    async fn add_user(&self, tenant: &Tenant, user: &User, limit: i64) -> Result<(), StoreError> {
        let mut tx = db::begin_write(&self.pool).await.map_err(unavailable)?;
        let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users WHERE sandbox = ?")
            .bind(&tenant.0)
            .fetch_one(&mut *tx)
            .await
            .map_err(unavailable)?;
        if count >= limit {
            return Err(StoreError::QuotaReached(limit));
        }
        let inserted = sqlx::query("INSERT INTO users (id, sandbox, email, name, password_hash, created_at) VALUES (?, ?, ?, ?, ?, ?)")
            .bind(&user.id)
            .bind(&tenant.0)
            .bind(&user.email)
            .bind(&user.name)
            .bind(&user.password_hash)
            .bind(&user.created_at)
            .execute(&mut *tx)
            .await;
        match inserted {
            Err(err) if db::is_unique_violation(&err) => return Err(StoreError::EmailTaken),
            other => other.map_err(unavailable)?,
        };
        touch(&mut tx, tenant).await?;
        tx.commit().await.map_err(unavailable)
    }
    // ANCHOR_END: sqlite_adapter

    #[tracing::instrument(name = "SqliteStore::user", skip_all, fields(kind = "adapter"))]
    async fn user(&self, tenant: &Tenant, id: &str) -> Result<Option<User>, StoreError> {
        let row = sqlx::query("SELECT id, email, name, password_hash, created_at FROM users WHERE sandbox = ? AND id = ?")
            .bind(&tenant.0)
            .bind(id)
            .fetch_optional(&self.pool)
            .await
            .map_err(unavailable)?;
        row.as_ref().map(user_from_row).transpose()
    }

    #[tracing::instrument(name = "SqliteStore::users", skip_all, fields(kind = "adapter"))]
    async fn users(&self, tenant: &Tenant) -> Result<Vec<User>, StoreError> {
        let rows =
            sqlx::query("SELECT id, email, name, password_hash, created_at FROM users WHERE sandbox = ? ORDER BY created_at DESC, id DESC")
                .bind(&tenant.0)
                .fetch_all(&self.pool)
                .await
                .map_err(unavailable)?;
        rows.iter().map(user_from_row).collect()
    }

    #[tracing::instrument(name = "SqliteStore::add_order", skip_all, fields(kind = "adapter"))]
    async fn add_order(&self, tenant: &Tenant, order: &Order, limit: i64) -> Result<(), StoreError> {
        let mut tx = db::begin_write(&self.pool).await.map_err(unavailable)?;
        let owner: Option<i64> = sqlx::query_scalar("SELECT 1 FROM users WHERE sandbox = ? AND id = ?")
            .bind(&tenant.0)
            .bind(&order.user_id)
            .fetch_optional(&mut *tx)
            .await
            .map_err(unavailable)?;
        if owner.is_none() {
            return Err(StoreError::UnknownUser);
        }
        let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM orders WHERE sandbox = ?")
            .bind(&tenant.0)
            .fetch_one(&mut *tx)
            .await
            .map_err(unavailable)?;
        if count >= limit {
            return Err(StoreError::QuotaReached(limit));
        }
        sqlx::query("INSERT INTO orders (id, sandbox, user_id, total_cents, status, created_at) VALUES (?, ?, ?, ?, ?, ?)")
            .bind(&order.id)
            .bind(&tenant.0)
            .bind(&order.user_id)
            .bind(order.total_cents())
            .bind(&order.status)
            .bind(&order.created_at)
            .execute(&mut *tx)
            .await
            .map_err(unavailable)?;
        for (position, line) in order.lines.iter().enumerate() {
            sqlx::query("INSERT INTO order_items (order_id, position, product, quantity, unit_price_cents) VALUES (?, ?, ?, ?, ?)")
                .bind(&order.id)
                .bind(position as i64)
                .bind(&line.product)
                .bind(line.quantity)
                .bind(line.unit_price_cents)
                .execute(&mut *tx)
                .await
                .map_err(unavailable)?;
        }
        touch(&mut tx, tenant).await?;
        tx.commit().await.map_err(unavailable)
    }

    #[tracing::instrument(name = "SqliteStore::order", skip_all, fields(kind = "adapter"))]
    async fn order(&self, tenant: &Tenant, id: &str) -> Result<Option<Order>, StoreError> {
        Ok(self.select(tenant, " AND o.id = ?", Some(id)).await?.pop())
    }

    #[tracing::instrument(name = "SqliteStore::orders", skip_all, fields(kind = "adapter"))]
    async fn orders(&self, tenant: &Tenant, user_id: Option<&str>) -> Result<Vec<Order>, StoreError> {
        match user_id {
            Some(user_id) => self.select(tenant, " AND o.user_id = ?", Some(user_id)).await,
            None => self.select(tenant, "", None).await,
        }
    }

    #[tracing::instrument(name = "SqliteStore::clear", skip_all, fields(kind = "adapter"))]
    async fn clear(&self, tenant: &Tenant) -> Result<(), StoreError> {
        let mut tx = db::begin_write(&self.pool).await.map_err(unavailable)?;
        sqlx::query("DELETE FROM users WHERE sandbox = ?").bind(&tenant.0).execute(&mut *tx).await.map_err(unavailable)?;
        sqlx::query("DELETE FROM sandboxes WHERE id = ?").bind(&tenant.0).execute(&mut *tx).await.map_err(unavailable)?;
        tx.commit().await.map_err(unavailable)
    }
}

impl SqliteStore {
    /// Orders and their lines in two queries; `filter` is a fixed clause.
    async fn select(&self, tenant: &Tenant, filter: &'static str, value: Option<&str>) -> Result<Vec<Order>, StoreError> {
        let orders_sql = format!("SELECT o.id, o.user_id, o.status, o.created_at FROM orders o WHERE o.sandbox = ?{filter} ORDER BY o.created_at DESC, o.id DESC");
        let lines_sql = format!(
            "SELECT oi.order_id, oi.product, oi.quantity, oi.unit_price_cents FROM order_items oi \
             JOIN orders o ON o.id = oi.order_id WHERE o.sandbox = ?{filter} ORDER BY oi.order_id, oi.position"
        );
        let query = |sql: String| {
            let query = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(tenant.0.clone());
            match value {
                Some(value) => query.bind(value.to_owned()),
                None => query,
            }
        };
        let rows = query(orders_sql).fetch_all(&self.pool).await.map_err(unavailable)?;
        let line_rows = query(lines_sql).fetch_all(&self.pool).await.map_err(unavailable)?;
        let mut lines: HashMap<String, Vec<OrderLine>> = HashMap::new();
        for row in &line_rows {
            let order_id: String = row.try_get("order_id").map_err(unavailable)?;
            lines.entry(order_id).or_default().push(OrderLine {
                product: row.try_get("product").map_err(unavailable)?,
                quantity: row.try_get("quantity").map_err(unavailable)?,
                unit_price_cents: row.try_get("unit_price_cents").map_err(unavailable)?,
            });
        }
        rows.iter()
            .map(|row| {
                let id: String = row.try_get("id").map_err(unavailable)?;
                Ok(Order {
                    lines: lines.remove(&id).unwrap_or_default(),
                    id,
                    user_id: row.try_get("user_id").map_err(unavailable)?,
                    status: row.try_get("status").map_err(unavailable)?,
                    created_at: row.try_get("created_at").map_err(unavailable)?,
                })
            })
            .collect()
    }
}

fn user_from_row(row: &sqlx::sqlite::SqliteRow) -> Result<User, StoreError> {
    Ok(User {
        id: row.try_get("id").map_err(unavailable)?,
        email: row.try_get("email").map_err(unavailable)?,
        name: row.try_get("name").map_err(unavailable)?,
        password_hash: row.try_get("password_hash").map_err(unavailable)?,
        created_at: row.try_get("created_at").map_err(unavailable)?,
    })
}

async fn touch(tx: &mut sqlx::Transaction<'static, sqlx::Sqlite>, tenant: &Tenant) -> Result<(), StoreError> {
    crate::db::touch_sandbox(tx, &tenant.0).await.map_err(unavailable)?;
    Ok(())
}
