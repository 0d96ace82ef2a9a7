//! Inbound (primary, driving) port: what the application offers. The REST
//! adapter and the CLI adapter both drive the core through this one trait.

use async_trait::async_trait;

use super::super::domain::{Order, OrderLine, Tenant, User};
use crate::rules::Violation;

/// An order with the user who placed it.
#[derive(Debug, Clone)]
pub struct OrderView {
    pub order: Order,
    pub user: User,
}

#[derive(Debug, thiserror::Error)]
pub enum ShopError {
    #[error("{}", .0.message)]
    Invalid(Violation),
    #[error("email already taken")]
    EmailTaken,
    #[error("user not found")]
    UserNotFound,
    #[error("order not found")]
    OrderNotFound,
    #[error("quota of {0} reached")]
    QuotaReached(i64),
    #[error("{0}")]
    Unexpected(String),
}

impl From<Violation> for ShopError {
    fn from(violation: Violation) -> Self {
        Self::Invalid(violation)
    }
}

// ANCHOR: inbound_port
#[async_trait]
pub trait ShopPort: Send + Sync {
    async fn create_user(&self, tenant: &Tenant, email: &str, name: &str, password: &str) -> Result<User, ShopError>;
    async fn get_user(&self, tenant: &Tenant, id: &str) -> Result<User, ShopError>;
    async fn list_users(&self, tenant: &Tenant) -> Result<Vec<User>, ShopError>;
    async fn place_order(&self, tenant: &Tenant, user_id: &str, lines: Vec<OrderLine>) -> Result<OrderView, ShopError>;
    async fn get_order(&self, tenant: &Tenant, id: &str) -> Result<OrderView, ShopError>;
    async fn list_orders(&self, tenant: &Tenant, user_id: Option<&str>) -> Result<Vec<OrderView>, ShopError>;
    async fn reset(&self, tenant: &Tenant) -> Result<(), ShopError>;
}
// ANCHOR_END: inbound_port
