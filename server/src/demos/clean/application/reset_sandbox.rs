//! Use case: forget everything of the tenant.

use super::super::domain::ports::{RepositoryError, UserRepository};
use super::super::domain::Tenant;

pub struct ResetSandbox<'a> {
    pub users: &'a dyn UserRepository,
}

impl ResetSandbox<'_> {
    #[tracing::instrument(name = "ResetSandbox::execute", skip_all, fields(kind = "use_case"))]
    pub async fn execute(&self, tenant: &Tenant) -> Result<(), RepositoryError> {
        self.users.remove_tenant(tenant).await
    }
}
