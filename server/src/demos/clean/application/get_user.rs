//! Use case: one user of the tenant.

use super::super::domain::ports::UserRepository;
use super::super::domain::user::{User, UserId};
use super::super::domain::Tenant;
use super::QueryError;

pub struct GetUser<'a> {
    pub users: &'a dyn UserRepository,
}

impl GetUser<'_> {
    #[tracing::instrument(name = "GetUser::execute", skip_all, fields(kind = "use_case"))]
    pub async fn execute(&self, tenant: &Tenant, id: &str) -> Result<User, QueryError> {
        let id = UserId::parse("id", id)?;
        self.users.by_id(tenant, &id).await?.ok_or(QueryError::NotFound)
    }
}
