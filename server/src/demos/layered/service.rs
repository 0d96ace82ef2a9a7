//! Business logic layer: the rules of users and orders. It knows the
//! repository below it and nothing of HTTP above it; it decides *what* may
//! be stored, the repository decides *how*.

use super::repository::{NewOrder, NewUser, Repository};
use crate::api::contract::{CreateOrder, CreateUser, OrderJson, UserJson};
use crate::api::sandbox::SandboxId;
use crate::clock::now_rfc3339;
use crate::password;
use crate::rules::{self, Violation};

// ANCHOR: service_error
#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    #[error("{}", .0.message)]
    Invalid(Violation),
    #[error("email already taken")]
    EmailTaken,
    #[error("user not found")]
    UserNotFound,
    #[error("order not found")]
    OrderNotFound,
    #[error("{0}")]
    QuotaReached(String),
    #[error("unexpected: {0}")]
    Unexpected(String),
}
// ANCHOR_END: service_error

impl From<Violation> for ServiceError {
    fn from(violation: Violation) -> Self {
        Self::Invalid(violation)
    }
}

impl From<password::HashError> for ServiceError {
    fn from(err: password::HashError) -> Self {
        Self::Unexpected(err.to_string())
    }
}

impl From<sqlx::Error> for ServiceError {
    fn from(err: sqlx::Error) -> Self {
        Self::Unexpected(err.to_string())
    }
}

// ANCHOR: service
pub struct Service {
    repository: Repository,
}
// ANCHOR_END: service

impl Service {
    pub fn new(repository: Repository) -> Self {
        Self { repository }
    }

    // ANCHOR: create_user
    /// Checks the input, hashes the password, and stores the user — all
    /// writes in one transaction, so a failure leaves nothing behind.
    #[tracing::instrument(skip_all, fields(kind = "service"))]
    pub async fn create_user(&self, sandbox: &SandboxId, input: CreateUser) -> Result<UserJson, ServiceError> {
        let email = rules::email(&input.email)?;
        let name = rules::name(&input.name)?;
        let password_hash = password::hash(rules::password(&input.password)?.to_owned()).await?;

        let mut tx = self.repository.begin().await?;
        if self.repository.count_users(&mut tx, sandbox).await? >= rules::USERS_PER_SANDBOX {
            return Err(ServiceError::QuotaReached(format!(
                "your sandbox holds the maximum of {} users; reset it to start again",
                rules::USERS_PER_SANDBOX
            )));
        }
        if self.repository.email_exists(&mut tx, sandbox, &email).await? {
            return Err(ServiceError::EmailTaken);
        }
        let user = NewUser { id: new_id(), email, name, password_hash, created_at: now_rfc3339() };
        self.repository.insert_user(&mut tx, sandbox, &user).await?;
        tx.commit().await?;
        Ok(UserJson { id: user.id, email: user.email, name: user.name, created_at: user.created_at })
    }
    // ANCHOR_END: create_user

    #[tracing::instrument(skip_all, fields(kind = "service"))]
    pub async fn get_user(&self, sandbox: &SandboxId, id: &str) -> Result<UserJson, ServiceError> {
        let id = parse_id("id", id)?;
        self.repository.find_user(sandbox, &id).await?.ok_or(ServiceError::UserNotFound)
    }

    #[tracing::instrument(skip_all, fields(kind = "service"))]
    pub async fn list_users(&self, sandbox: &SandboxId) -> Result<Vec<UserJson>, ServiceError> {
        Ok(self.repository.list_users(sandbox).await?)
    }

    // ANCHOR: create_order
    /// An order for a user of the same sandbox; the total is computed here,
    /// never trusted from the client.
    #[tracing::instrument(skip_all, fields(kind = "service"))]
    pub async fn create_order(&self, sandbox: &SandboxId, input: CreateOrder) -> Result<OrderJson, ServiceError> {
        let user_id = parse_id("user_id", &input.user_id)?;
        let items = rules::order_items(input.items)?;
        let total_cents = items.iter().map(|item| item.quantity * item.unit_price_cents).sum();

        let mut tx = self.repository.begin().await?;
        let user = self.repository.find_user_in(&mut tx, sandbox, &user_id).await?.ok_or(ServiceError::UserNotFound)?;
        if self.repository.count_orders(&mut tx, sandbox).await? >= rules::ORDERS_PER_SANDBOX {
            return Err(ServiceError::QuotaReached(format!(
                "your sandbox holds the maximum of {} orders; reset it to start again",
                rules::ORDERS_PER_SANDBOX
            )));
        }
        let order = NewOrder { id: new_id(), user_id, items, total_cents, status: "pending".into(), created_at: now_rfc3339() };
        self.repository.insert_order(&mut tx, sandbox, &order).await?;
        tx.commit().await?;
        Ok(OrderJson {
            id: order.id,
            user_id: user.id,
            user_name: user.name,
            user_email: user.email,
            items: order.items,
            total_cents: order.total_cents,
            status: order.status,
            created_at: order.created_at,
        })
    }
    // ANCHOR_END: create_order

    #[tracing::instrument(skip_all, fields(kind = "service"))]
    pub async fn get_order(&self, sandbox: &SandboxId, id: &str) -> Result<OrderJson, ServiceError> {
        let id = parse_id("id", id)?;
        self.repository.find_order(sandbox, &id).await?.ok_or(ServiceError::OrderNotFound)
    }

    #[tracing::instrument(skip_all, fields(kind = "service"))]
    pub async fn list_orders(&self, sandbox: &SandboxId, user_id: Option<&str>) -> Result<Vec<OrderJson>, ServiceError> {
        let user_id = user_id.map(|id| parse_id("user_id", id)).transpose()?;
        Ok(self.repository.list_orders(sandbox, user_id.as_deref()).await?)
    }

    #[tracing::instrument(skip_all, fields(kind = "service"))]
    pub async fn reset(&self, sandbox: &SandboxId) -> Result<(), ServiceError> {
        Ok(self.repository.delete_sandbox(sandbox).await?)
    }
}

/// Ids are UUIDs; anything else is refused before it reaches the database.
fn parse_id(field: &str, raw: &str) -> Result<String, Violation> {
    uuid::Uuid::parse_str(raw)
        .map(|id| id.to_string())
        .map_err(|_| Violation { field: field.into(), message: format!("{field} must be a UUID") })
}

/// UUID v7: random, and sorts by creation time.
fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}
