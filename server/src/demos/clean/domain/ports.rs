//! What the inner rings need from the outside, declared here as traits and
//! implemented in `infrastructure`. The domain never imports sqlx: these
//! traits are how it reaches the database without knowing there is one.

use async_trait::async_trait;

use super::order::{Order, OrderId};
use super::user::{PasswordHash, PlainPassword, User, UserId};
use super::Tenant;

/// Why storing a new record failed.
#[derive(Debug, thiserror::Error)]
pub enum AddError {
    #[error("email already taken")]
    EmailTaken,
    #[error("the user does not exist")]
    UnknownUser,
    #[error("quota of {0} reached")]
    QuotaReached(i64),
    #[error(transparent)]
    Unexpected(#[from] RepositoryError),
}

/// The storage failed; the detail is for the log, not the user.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct RepositoryError(pub String);

// ANCHOR: repository
#[async_trait]
pub trait UserRepository: Send + Sync {
    /// Stores `user`. MUST fail with `EmailTaken` if the tenant already has
    /// the email and `QuotaReached` if it holds `limit` users — both checked
    /// in the same atomic step as the write.
    async fn add(&self, tenant: &Tenant, user: &User, limit: i64) -> Result<(), AddError>;
    async fn by_id(&self, tenant: &Tenant, id: &UserId) -> Result<Option<User>, RepositoryError>;
    /// Newest first.
    async fn list(&self, tenant: &Tenant) -> Result<Vec<User>, RepositoryError>;
    /// Forgets everything of the tenant: users and their orders.
    async fn remove_tenant(&self, tenant: &Tenant) -> Result<(), RepositoryError>;
}

#[async_trait]
pub trait OrderRepository: Send + Sync {
    /// Stores `order`. MUST fail with `UnknownUser` if its user is not the
    /// tenant's and `QuotaReached` if the tenant holds `limit` orders.
    async fn add(&self, tenant: &Tenant, order: &Order, limit: i64) -> Result<(), AddError>;
    async fn by_id(&self, tenant: &Tenant, id: &OrderId) -> Result<Option<Order>, RepositoryError>;
    /// Newest first, optionally only one user's.
    async fn list(&self, tenant: &Tenant, user: Option<&UserId>) -> Result<Vec<Order>, RepositoryError>;
}
// ANCHOR_END: repository

// ANCHOR: hasher
/// Hashing is slow on purpose and a detail the domain leaves outside.
#[async_trait]
pub trait PasswordHasher: Send + Sync {
    async fn hash(&self, password: PlainPassword) -> Result<PasswordHash, RepositoryError>;
}
// ANCHOR_END: hasher
