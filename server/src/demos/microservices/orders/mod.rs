//! The orders service: owns orders. It asks the users service about the
//! buyer (synchronously: no user, no order) and announces `order.created`
//! through its outbox; it learns of payments from `payment.completed`.

mod api;
mod store;

pub use api::{router, OrdersService};
pub use store::purge;
