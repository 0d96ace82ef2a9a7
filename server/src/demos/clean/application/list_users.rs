//! Use case: the tenant's users, newest first.

use super::super::domain::ports::{RepositoryError, UserRepository};
use super::super::domain::user::User;
use super::super::domain::Tenant;

pub struct ListUsers<'a> {
    pub users: &'a dyn UserRepository,
}

impl ListUsers<'_> {
    #[tracing::instrument(name = "ListUsers::execute", skip_all, fields(kind = "use_case"))]
    pub async fn execute(&self, tenant: &Tenant) -> Result<Vec<User>, RepositoryError> {
        self.users.list(tenant).await
    }
}
