//! Use case: place an order for one of the tenant's users.

use super::super::domain::order::{Order, OrderLine};
use super::super::domain::ports::{AddError, OrderRepository, RepositoryError, UserRepository};
use super::super::domain::user::UserId;
use super::super::domain::Tenant;
use super::OrderDetails;
use crate::rules::{self, Violation};

pub struct LineInput {
    pub product: String,
    pub quantity: i64,
    pub unit_price_cents: i64,
}

#[derive(Debug, thiserror::Error)]
pub enum PlaceOrderError {
    #[error("{}", .0.message)]
    Invalid(Violation),
    #[error("unknown user")]
    UnknownUser,
    #[error("quota of {0} orders reached")]
    QuotaReached(i64),
    #[error(transparent)]
    Unexpected(#[from] RepositoryError),
}

impl From<Violation> for PlaceOrderError {
    fn from(violation: Violation) -> Self {
        Self::Invalid(violation)
    }
}

// ANCHOR: place_order
pub struct PlaceOrder<'a> {
    pub users: &'a dyn UserRepository,
    pub orders: &'a dyn OrderRepository,
}

impl PlaceOrder<'_> {
    #[tracing::instrument(name = "PlaceOrder::execute", skip_all, fields(kind = "use_case"))]
    pub async fn execute(
        &self,
        tenant: &Tenant,
        user_id: &str,
        lines: Vec<LineInput>,
        now: String,
    ) -> Result<OrderDetails, PlaceOrderError> {
        let user_id = UserId::parse("user_id", user_id)?;
        rules::item_count(lines.len())?;
        let lines = lines
            .iter()
            .enumerate()
            .map(|(i, line)| OrderLine::new(i, &line.product, line.quantity, line.unit_price_cents))
            .collect::<Result<Vec<_>, _>>()?;
        let order = Order::place(user_id.clone(), lines, now)?;

        let user = self.users.by_id(tenant, &user_id).await?.ok_or(PlaceOrderError::UnknownUser)?;
        match self.orders.add(tenant, &order, rules::ORDERS_PER_SANDBOX).await {
            Ok(()) => Ok(OrderDetails { order, user }),
            Err(AddError::UnknownUser) => Err(PlaceOrderError::UnknownUser),
            Err(AddError::QuotaReached(limit)) => Err(PlaceOrderError::QuotaReached(limit)),
            Err(AddError::EmailTaken) => Err(PlaceOrderError::Unexpected(RepositoryError("an order has no email".into()))),
            Err(AddError::Unexpected(err)) => Err(err.into()),
        }
    }
}
// ANCHOR_END: place_order

#[cfg(test)]
mod tests {
    use super::super::create_user::{CreateUser, CreateUserInput};
    use super::super::in_memory::{FakeHasher, InMemory};
    use super::*;

    fn tea() -> Vec<LineInput> {
        vec![LineInput { product: "Tea".into(), quantity: 3, unit_price_cents: 250 }]
    }

    #[tokio::test]
    async fn places_an_order_for_a_user_of_the_tenant() {
        let store = InMemory::default();
        let tenant = Tenant("t".into());
        let input = CreateUserInput { email: "ada@example.com".into(), name: "Ada".into(), password: "correct horse".into() };
        let user = CreateUser { users: &store, hasher: &FakeHasher }.execute(&tenant, input, "1".into()).await.unwrap();
        let placed = PlaceOrder { users: &store, orders: &store }.execute(&tenant, &user.id.0, tea(), "2".into()).await.unwrap();
        assert_eq!(placed.order.total_cents(), 750);
        assert_eq!(placed.user.name.as_str(), "Ada");
    }

    #[tokio::test]
    async fn rejects_an_order_for_a_user_in_another_tenant() {
        let store = InMemory::default();
        let input = CreateUserInput { email: "ada@example.com".into(), name: "Ada".into(), password: "correct horse".into() };
        let user = CreateUser { users: &store, hasher: &FakeHasher }.execute(&Tenant("a".into()), input, "1".into()).await.unwrap();
        let result = PlaceOrder { users: &store, orders: &store }.execute(&Tenant("b".into()), &user.id.0, tea(), "2".into()).await;
        assert!(matches!(result, Err(PlaceOrderError::UnknownUser)));
        assert!(store.orders.lock().unwrap().is_empty());
    }
}
