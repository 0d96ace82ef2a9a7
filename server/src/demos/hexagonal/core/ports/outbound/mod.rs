//! Outbound (secondary, driven) ports: what the core needs from the world.
//! The core names these traits and never the adapters behind them.

use async_trait::async_trait;

use super::super::domain::{Order, Tenant, User};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("email already taken")]
    EmailTaken,
    #[error("the user does not exist")]
    UnknownUser,
    #[error("quota of {0} reached")]
    QuotaReached(i64),
    #[error("{0}")]
    Unavailable(String),
}

// ANCHOR: outbound_ports
/// Persistence. Every adapter MUST keep tenants apart, return newest first,
/// and check a write's conditions in the same atomic step as the write.
#[async_trait]
pub trait UserStore: Send + Sync {
    /// MUST fail with `EmailTaken` for a duplicate email in the tenant and
    /// `QuotaReached` when the tenant holds `limit` users.
    async fn add_user(&self, tenant: &Tenant, user: &User, limit: i64) -> Result<(), StoreError>;
    async fn user(&self, tenant: &Tenant, id: &str) -> Result<Option<User>, StoreError>;
    async fn users(&self, tenant: &Tenant) -> Result<Vec<User>, StoreError>;
    /// MUST fail with `UnknownUser` when the order's user is not the tenant's.
    async fn add_order(&self, tenant: &Tenant, order: &Order, limit: i64) -> Result<(), StoreError>;
    async fn order(&self, tenant: &Tenant, id: &str) -> Result<Option<Order>, StoreError>;
    async fn orders(&self, tenant: &Tenant, user_id: Option<&str>) -> Result<Vec<Order>, StoreError>;
    async fn clear(&self, tenant: &Tenant) -> Result<(), StoreError>;
}

/// Email. The core says *what* to send; the adapter decides how.
#[async_trait]
pub trait Mailer: Send + Sync {
    async fn send_welcome(&self, tenant: &Tenant, to: &str, name: &str) -> Result<(), StoreError>;
    async fn clear(&self, tenant: &Tenant) -> Result<(), StoreError>;
}
// ANCHOR_END: outbound_ports
