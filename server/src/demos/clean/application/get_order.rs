//! Use case: one order of the tenant, with the user who placed it.

use super::super::domain::order::OrderId;
use super::super::domain::ports::{OrderRepository, RepositoryError, UserRepository};
use super::super::domain::user::UserId;
use super::super::domain::Tenant;
use super::{OrderDetails, QueryError};

pub struct GetOrder<'a> {
    pub users: &'a dyn UserRepository,
    pub orders: &'a dyn OrderRepository,
}

impl GetOrder<'_> {
    #[tracing::instrument(name = "GetOrder::execute", skip_all, fields(kind = "use_case"))]
    pub async fn execute(&self, tenant: &Tenant, id: &str) -> Result<OrderDetails, QueryError> {
        let id = OrderId(UserId::parse("id", id)?.0);
        let order = self.orders.by_id(tenant, &id).await?.ok_or(QueryError::NotFound)?;
        let user = self.users.by_id(tenant, &order.user_id).await?.ok_or_else(|| RepositoryError("an order without its user".into()))?;
        Ok(OrderDetails { order, user })
    }
}
