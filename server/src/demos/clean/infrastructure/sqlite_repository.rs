//! The repository traits of the domain, implemented over SQLite. Database
//! codes become the domain's error variants here, so the use cases never see
//! an sqlx error.

use std::collections::HashMap;

use async_trait::async_trait;
use sqlx::{Row, SqlitePool};

use super::super::domain::order::{Order, OrderId, OrderLine};
use super::super::domain::ports::{AddError, OrderRepository, RepositoryError, UserRepository};
use super::super::domain::user::{Email, PasswordHash, User, UserId, UserName};
use super::super::domain::Tenant;
use crate::db;

#[derive(Clone)]
pub struct SqliteRepository {
    pool: SqlitePool,
}

impl SqliteRepository {
    pub fn new(pool: SqlitePool) -> Self {
        Self { pool }
    }
}

fn unexpected(err: impl std::fmt::Display) -> RepositoryError {
    RepositoryError(err.to_string())
}

#[async_trait]
impl UserRepository for SqliteRepository {
    // ANCHOR: add_user
    #[tracing::instrument(name = "SqliteRepository::add_user", skip_all, fields(kind = "repository"))]
    async fn add(&self, tenant: &Tenant, user: &User, limit: i64) -> Result<(), AddError> {
        let mut tx = db::begin_write(&self.pool).await.map_err(unexpected)?;
        let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users WHERE sandbox = ?")
            .bind(&tenant.0)
            .fetch_one(&mut *tx)
            .await
            .map_err(unexpected)?;
        if count >= limit {
            return Err(AddError::QuotaReached(limit));
        }
        let inserted = sqlx::query("INSERT INTO users (id, sandbox, email, name, password_hash, created_at) VALUES (?, ?, ?, ?, ?, ?)")
            .bind(&user.id.0)
            .bind(&tenant.0)
            .bind(user.email.as_str())
            .bind(user.name.as_str())
            .bind(&user.password_hash.0)
            .bind(&user.created_at)
            .execute(&mut *tx)
            .await;
        match inserted {
            // The UNIQUE (sandbox, email) constraint is the source of truth.
            Err(err) if db::is_unique_violation(&err) => return Err(AddError::EmailTaken),
            other => other.map_err(unexpected)?,
        };
        touch(&mut tx, tenant).await?;
        tx.commit().await.map_err(unexpected)?;
        Ok(())
    }
    // ANCHOR_END: add_user

    #[tracing::instrument(name = "SqliteRepository::user_by_id", skip_all, fields(kind = "repository"))]
    async fn by_id(&self, tenant: &Tenant, id: &UserId) -> Result<Option<User>, RepositoryError> {
        let row = sqlx::query("SELECT id, email, name, password_hash, created_at FROM users WHERE sandbox = ? AND id = ?")
            .bind(&tenant.0)
            .bind(&id.0)
            .fetch_optional(&self.pool)
            .await
            .map_err(unexpected)?;
        row.as_ref().map(user_from_row).transpose()
    }

    #[tracing::instrument(name = "SqliteRepository::list_users", skip_all, fields(kind = "repository"))]
    async fn list(&self, tenant: &Tenant) -> Result<Vec<User>, RepositoryError> {
        let rows =
            sqlx::query("SELECT id, email, name, password_hash, created_at FROM users WHERE sandbox = ? ORDER BY created_at DESC, id DESC")
                .bind(&tenant.0)
                .fetch_all(&self.pool)
                .await
                .map_err(unexpected)?;
        rows.iter().map(user_from_row).collect()
    }

    #[tracing::instrument(name = "SqliteRepository::remove_tenant", skip_all, fields(kind = "repository"))]
    async fn remove_tenant(&self, tenant: &Tenant) -> Result<(), RepositoryError> {
        let mut tx = db::begin_write(&self.pool).await.map_err(unexpected)?;
        sqlx::query("DELETE FROM users WHERE sandbox = ?").bind(&tenant.0).execute(&mut *tx).await.map_err(unexpected)?;
        sqlx::query("DELETE FROM sandboxes WHERE id = ?").bind(&tenant.0).execute(&mut *tx).await.map_err(unexpected)?;
        tx.commit().await.map_err(unexpected)
    }
}

#[async_trait]
impl OrderRepository for SqliteRepository {
    #[tracing::instrument(name = "SqliteRepository::add_order", skip_all, fields(kind = "repository"))]
    async fn add(&self, tenant: &Tenant, order: &Order, limit: i64) -> Result<(), AddError> {
        let mut tx = db::begin_write(&self.pool).await.map_err(unexpected)?;
        let owner: Option<i64> = sqlx::query_scalar("SELECT 1 FROM users WHERE sandbox = ? AND id = ?")
            .bind(&tenant.0)
            .bind(&order.user_id.0)
            .fetch_optional(&mut *tx)
            .await
            .map_err(unexpected)?;
        if owner.is_none() {
            return Err(AddError::UnknownUser);
        }
        let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM orders WHERE sandbox = ?")
            .bind(&tenant.0)
            .fetch_one(&mut *tx)
            .await
            .map_err(unexpected)?;
        if count >= limit {
            return Err(AddError::QuotaReached(limit));
        }
        sqlx::query("INSERT INTO orders (id, sandbox, user_id, total_cents, status, created_at) VALUES (?, ?, ?, ?, ?, ?)")
            .bind(&order.id.0)
            .bind(&tenant.0)
            .bind(&order.user_id.0)
            .bind(order.total_cents())
            .bind(&order.status)
            .bind(&order.created_at)
            .execute(&mut *tx)
            .await
            .map_err(unexpected)?;
        for (position, line) in order.lines.iter().enumerate() {
            sqlx::query("INSERT INTO order_items (order_id, position, product, quantity, unit_price_cents) VALUES (?, ?, ?, ?, ?)")
                .bind(&order.id.0)
                .bind(position as i64)
                .bind(&line.product)
                .bind(line.quantity)
                .bind(line.unit_price_cents)
                .execute(&mut *tx)
                .await
                .map_err(unexpected)?;
        }
        touch(&mut tx, tenant).await?;
        tx.commit().await.map_err(unexpected)?;
        Ok(())
    }

    #[tracing::instrument(name = "SqliteRepository::order_by_id", skip_all, fields(kind = "repository"))]
    async fn by_id(&self, tenant: &Tenant, id: &OrderId) -> Result<Option<Order>, RepositoryError> {
        Ok(self.select(tenant, " AND o.id = ?", Some(&id.0)).await?.pop())
    }

    #[tracing::instrument(name = "SqliteRepository::list_orders", skip_all, fields(kind = "repository"))]
    async fn list(&self, tenant: &Tenant, user: Option<&UserId>) -> Result<Vec<Order>, RepositoryError> {
        match user {
            Some(user) => self.select(tenant, " AND o.user_id = ?", Some(&user.0)).await,
            None => self.select(tenant, "", None).await,
        }
    }
}

impl SqliteRepository {
    /// Orders and their lines in two queries; `filter` is one of the fixed
    /// clauses above, never user text.
    async fn select(&self, tenant: &Tenant, filter: &'static str, value: Option<&str>) -> Result<Vec<Order>, RepositoryError> {
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
        let rows = query(orders_sql).fetch_all(&self.pool).await.map_err(unexpected)?;
        let line_rows = query(lines_sql).fetch_all(&self.pool).await.map_err(unexpected)?;
        let mut lines: HashMap<String, Vec<OrderLine>> = HashMap::new();
        for row in &line_rows {
            let order_id: String = row.try_get("order_id").map_err(unexpected)?;
            lines.entry(order_id).or_default().push(OrderLine {
                product: row.try_get("product").map_err(unexpected)?,
                quantity: row.try_get("quantity").map_err(unexpected)?,
                unit_price_cents: row.try_get("unit_price_cents").map_err(unexpected)?,
            });
        }
        rows.iter()
            .map(|row| {
                let id: String = row.try_get("id").map_err(unexpected)?;
                Ok(Order {
                    lines: lines.remove(&id).unwrap_or_default(),
                    id: OrderId(id),
                    user_id: UserId(row.try_get("user_id").map_err(unexpected)?),
                    status: row.try_get("status").map_err(unexpected)?,
                    created_at: row.try_get("created_at").map_err(unexpected)?,
                })
            })
            .collect()
    }
}

/// Rows were checked on the way in; reading them back re-checks the values
/// so a hand-edited database cannot produce an invalid entity.
fn user_from_row(row: &sqlx::sqlite::SqliteRow) -> Result<User, RepositoryError> {
    let text = |column: &str| row.try_get::<String, _>(column).map_err(unexpected);
    Ok(User {
        id: UserId(text("id")?),
        email: Email::parse(&text("email")?).map_err(|v| unexpected(v.message))?,
        name: UserName::parse(&text("name")?).map_err(|v| unexpected(v.message))?,
        password_hash: PasswordHash(text("password_hash")?),
        created_at: text("created_at")?,
    })
}

async fn touch(tx: &mut sqlx::Transaction<'static, sqlx::Sqlite>, tenant: &Tenant) -> Result<(), RepositoryError> {
    crate::db::touch_sandbox(tx, &tenant.0).await.map_err(unexpected)?;
    Ok(())
}
