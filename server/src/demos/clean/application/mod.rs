//! Application business rules: one use case per file, each orchestrating
//! entities through the ports of `domain`. Imports only `domain` (and the
//! contract's shared limits); knows nothing of HTTP or SQL.

pub mod create_user;
pub mod get_order;
pub mod get_user;
pub mod list_orders;
pub mod list_users;
pub mod place_order;
pub mod reset_sandbox;

use super::domain::order::Order;
use super::domain::ports::RepositoryError;
use super::domain::user::User;
use crate::rules::Violation;

/// An order together with the user who placed it, as the read use cases return it.
#[derive(Debug, Clone)]
pub struct OrderDetails {
    pub order: Order,
    pub user: User,
}

/// Why a read use case found nothing to return.
#[derive(Debug, thiserror::Error)]
pub enum QueryError {
    #[error("{}", .0.message)]
    Invalid(Violation),
    #[error("not found")]
    NotFound,
    #[error(transparent)]
    Unexpected(#[from] RepositoryError),
}

impl From<Violation> for QueryError {
    fn from(violation: Violation) -> Self {
        Self::Invalid(violation)
    }
}

#[cfg(test)]
pub(crate) mod in_memory;
