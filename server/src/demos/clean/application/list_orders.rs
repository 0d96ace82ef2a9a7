//! Use case: the tenant's orders, newest first, optionally one user's.

use std::collections::HashMap;

use super::super::domain::ports::{OrderRepository, UserRepository};
use super::super::domain::user::UserId;
use super::super::domain::Tenant;
use super::{OrderDetails, QueryError};

pub struct ListOrders<'a> {
    pub users: &'a dyn UserRepository,
    pub orders: &'a dyn OrderRepository,
}

impl ListOrders<'_> {
    /// Two reads whatever the number of orders: the orders, then the users.
    #[tracing::instrument(name = "ListOrders::execute", skip_all, fields(kind = "use_case"))]
    pub async fn execute(&self, tenant: &Tenant, user_id: Option<&str>) -> Result<Vec<OrderDetails>, QueryError> {
        let user_id = user_id.map(|id| UserId::parse("user_id", id)).transpose()?;
        let orders = self.orders.list(tenant, user_id.as_ref()).await?;
        let users: HashMap<String, _> = self.users.list(tenant).await?.into_iter().map(|u| (u.id.0.clone(), u)).collect();
        Ok(orders.into_iter().filter_map(|order| users.get(&order.user_id.0).cloned().map(|user| OrderDetails { order, user })).collect())
    }
}
