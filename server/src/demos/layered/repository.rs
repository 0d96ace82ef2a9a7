//! Data access layer: the only part of this demo that speaks SQL. It turns
//! rows into the shapes the service asks for and knows nothing of HTTP or of
//! business rules. Every query is scoped to the caller's sandbox.

use std::collections::HashMap;

use sqlx::{Row, SqliteConnection, SqlitePool};

use crate::api::contract::{OrderItem, OrderJson, UserJson};
use crate::api::sandbox::SandboxId;
use crate::db;

// ANCHOR: tx
/// A write transaction, begun by the service so that all of one request's
/// writes commit or roll back together.
pub type Tx = sqlx::Transaction<'static, sqlx::Sqlite>;
// ANCHOR_END: tx

pub struct NewUser {
    pub id: String,
    pub email: String,
    pub name: String,
    pub password_hash: String,
    pub created_at: String,
}

pub struct NewOrder {
    pub id: String,
    pub user_id: String,
    pub items: Vec<OrderItem>,
    pub total_cents: i64,
    pub status: String,
    pub created_at: String,
}

#[derive(Clone)]
pub struct Repository {
    pool: SqlitePool,
}

impl Repository {
    pub fn new(pool: SqlitePool) -> Self {
        Self { pool }
    }

    // ANCHOR: begin
    pub async fn begin(&self) -> Result<Tx, sqlx::Error> {
        db::begin_write(&self.pool).await
    }
    // ANCHOR_END: begin

    #[tracing::instrument(skip_all, fields(kind = "repository"))]
    pub async fn count_users(&self, tx: &mut Tx, sandbox: &SandboxId) -> Result<i64, sqlx::Error> {
        sqlx::query_scalar("SELECT COUNT(*) FROM users WHERE sandbox = ?").bind(sandbox.as_str()).fetch_one(&mut **tx).await
    }

    // ANCHOR: email_exists
    #[tracing::instrument(skip_all, fields(kind = "repository"))]
    pub async fn email_exists(&self, tx: &mut Tx, sandbox: &SandboxId, email: &str) -> Result<bool, sqlx::Error> {
        let found: Option<i64> = sqlx::query_scalar("SELECT 1 FROM users WHERE sandbox = ? AND email = ?")
            .bind(sandbox.as_str())
            .bind(email)
            .fetch_optional(&mut **tx)
            .await?;
        Ok(found.is_some())
    }
    // ANCHOR_END: email_exists

    // ANCHOR: insert_user
    #[tracing::instrument(skip_all, fields(kind = "repository"))]
    pub async fn insert_user(&self, tx: &mut Tx, sandbox: &SandboxId, user: &NewUser) -> Result<(), sqlx::Error> {
        sqlx::query("INSERT INTO users (id, sandbox, email, name, password_hash, created_at) VALUES (?, ?, ?, ?, ?, ?)")
            .bind(&user.id)
            .bind(sandbox.as_str())
            .bind(&user.email)
            .bind(&user.name)
            .bind(&user.password_hash)
            .bind(&user.created_at)
            .execute(&mut **tx)
            .await?;
        touch(tx, sandbox).await
    }
    // ANCHOR_END: insert_user

    #[tracing::instrument(skip_all, fields(kind = "repository"))]
    pub async fn find_user(&self, sandbox: &SandboxId, id: &str) -> Result<Option<UserJson>, sqlx::Error> {
        let mut conn = self.pool.acquire().await?;
        select_user(&mut conn, sandbox, id).await
    }

    /// The same lookup inside a write transaction, so the user cannot vanish
    /// between the check and the order that refers to it.
    #[tracing::instrument(skip_all, fields(kind = "repository"))]
    pub async fn find_user_in(&self, tx: &mut Tx, sandbox: &SandboxId, id: &str) -> Result<Option<UserJson>, sqlx::Error> {
        select_user(tx, sandbox, id).await
    }

    #[tracing::instrument(skip_all, fields(kind = "repository"))]
    pub async fn list_users(&self, sandbox: &SandboxId) -> Result<Vec<UserJson>, sqlx::Error> {
        let rows = sqlx::query("SELECT id, email, name, created_at FROM users WHERE sandbox = ? ORDER BY created_at DESC, id DESC")
            .bind(sandbox.as_str())
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(user_from_row).collect()
    }

    #[tracing::instrument(skip_all, fields(kind = "repository"))]
    pub async fn count_orders(&self, tx: &mut Tx, sandbox: &SandboxId) -> Result<i64, sqlx::Error> {
        sqlx::query_scalar("SELECT COUNT(*) FROM orders WHERE sandbox = ?").bind(sandbox.as_str()).fetch_one(&mut **tx).await
    }

    // ANCHOR: insert_order
    #[tracing::instrument(skip_all, fields(kind = "repository"))]
    pub async fn insert_order(&self, tx: &mut Tx, sandbox: &SandboxId, order: &NewOrder) -> Result<(), sqlx::Error> {
        sqlx::query("INSERT INTO orders (id, sandbox, user_id, total_cents, status, created_at) VALUES (?, ?, ?, ?, ?, ?)")
            .bind(&order.id)
            .bind(sandbox.as_str())
            .bind(&order.user_id)
            .bind(order.total_cents)
            .bind(&order.status)
            .bind(&order.created_at)
            .execute(&mut **tx)
            .await?;
        for (position, item) in order.items.iter().enumerate() {
            sqlx::query("INSERT INTO order_items (order_id, position, product, quantity, unit_price_cents) VALUES (?, ?, ?, ?, ?)")
                .bind(&order.id)
                .bind(position as i64)
                .bind(&item.product)
                .bind(item.quantity)
                .bind(item.unit_price_cents)
                .execute(&mut **tx)
                .await?;
        }
        touch(tx, sandbox).await
    }
    // ANCHOR_END: insert_order

    #[tracing::instrument(skip_all, fields(kind = "repository"))]
    pub async fn find_order(&self, sandbox: &SandboxId, id: &str) -> Result<Option<OrderJson>, sqlx::Error> {
        Ok(self.select_orders(sandbox, OrderScope::One(id)).await?.pop())
    }

    #[tracing::instrument(skip_all, fields(kind = "repository"))]
    pub async fn list_orders(&self, sandbox: &SandboxId, user_id: Option<&str>) -> Result<Vec<OrderJson>, sqlx::Error> {
        self.select_orders(sandbox, user_id.map_or(OrderScope::All, OrderScope::OfUser)).await
    }

    /// Deletes every row of the sandbox; the foreign keys cascade to orders.
    #[tracing::instrument(skip_all, fields(kind = "repository"))]
    pub async fn delete_sandbox(&self, sandbox: &SandboxId) -> Result<(), sqlx::Error> {
        let mut tx = self.begin().await?;
        sqlx::query("DELETE FROM users WHERE sandbox = ?").bind(sandbox.as_str()).execute(&mut *tx).await?;
        sqlx::query("DELETE FROM sandboxes WHERE id = ?").bind(sandbox.as_str()).execute(&mut *tx).await?;
        tx.commit().await
    }

    /// Orders with their user's name and email and their items: two queries
    /// whatever the number of orders.
    async fn select_orders(&self, sandbox: &SandboxId, scope: OrderScope<'_>) -> Result<Vec<OrderJson>, sqlx::Error> {
        let (filter, value) = match scope {
            OrderScope::All => ("", None),
            OrderScope::One(id) => (" AND o.id = ?", Some(id)),
            OrderScope::OfUser(user_id) => (" AND o.user_id = ?", Some(user_id)),
        };
        let orders_sql = format!(
            "SELECT o.id, o.user_id, u.name AS user_name, u.email AS user_email, o.total_cents, o.status, o.created_at \
             FROM orders o JOIN users u ON u.id = o.user_id WHERE o.sandbox = ?{filter} ORDER BY o.created_at DESC, o.id DESC"
        );
        let items_sql = format!(
            "SELECT oi.order_id, oi.product, oi.quantity, oi.unit_price_cents FROM order_items oi \
             JOIN orders o ON o.id = oi.order_id WHERE o.sandbox = ?{filter} ORDER BY oi.order_id, oi.position"
        );
        let mut conn = self.pool.acquire().await?;
        let query = |sql: String| {
            let query = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(sandbox.as_str());
            match value {
                Some(value) => query.bind(value),
                None => query,
            }
        };
        let rows = query(orders_sql).fetch_all(&mut *conn).await?;
        let item_rows = query(items_sql).fetch_all(&mut *conn).await?;

        let mut items: HashMap<String, Vec<OrderItem>> = HashMap::new();
        for row in &item_rows {
            items.entry(row.try_get("order_id")?).or_default().push(OrderItem {
                product: row.try_get("product")?,
                quantity: row.try_get("quantity")?,
                unit_price_cents: row.try_get("unit_price_cents")?,
            });
        }
        rows.iter()
            .map(|row| {
                let id: String = row.try_get("id")?;
                Ok(OrderJson {
                    items: items.remove(&id).unwrap_or_default(),
                    id,
                    user_id: row.try_get("user_id")?,
                    user_name: row.try_get("user_name")?,
                    user_email: row.try_get("user_email")?,
                    total_cents: row.try_get("total_cents")?,
                    status: row.try_get("status")?,
                    created_at: row.try_get("created_at")?,
                })
            })
            .collect()
    }
}

enum OrderScope<'a> {
    All,
    One(&'a str),
    OfUser(&'a str),
}

async fn select_user(conn: &mut SqliteConnection, sandbox: &SandboxId, id: &str) -> Result<Option<UserJson>, sqlx::Error> {
    let row = sqlx::query("SELECT id, email, name, created_at FROM users WHERE sandbox = ? AND id = ?")
        .bind(sandbox.as_str())
        .bind(id)
        .fetch_optional(conn)
        .await?;
    row.as_ref().map(user_from_row).transpose()
}

fn user_from_row(row: &sqlx::sqlite::SqliteRow) -> Result<UserJson, sqlx::Error> {
    Ok(UserJson {
        id: row.try_get("id")?,
        email: row.try_get("email")?,
        name: row.try_get("name")?,
        created_at: row.try_get("created_at")?,
    })
}

/// Records that the sandbox was just used, for idle expiry.
async fn touch(tx: &mut Tx, sandbox: &SandboxId) -> Result<(), sqlx::Error> {
    db::touch_sandbox(tx, sandbox.as_str()).await
}
