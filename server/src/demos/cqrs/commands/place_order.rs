//! `PlaceOrder`: a new order aggregate for an existing user aggregate.

use sqlx::SqlitePool;

use super::super::write_model::{aggregates, event_store};
use super::CommandError;
use crate::api::contract::OrderItem;
use crate::clock::now_rfc3339;
use crate::rules::{self, Violation};

pub struct PlaceOrder {
    pub user_id: String,
    pub items: Vec<OrderItem>,
}

// ANCHOR: handle
/// Returns the new order's id and the sequence number of its event.
#[tracing::instrument(name = "PlaceOrder::handle", skip_all, fields(kind = "command"))]
pub async fn handle(store: &SqlitePool, sandbox: &str, command: PlaceOrder) -> Result<(String, i64), CommandError> {
    let user_id = uuid::Uuid::parse_str(&command.user_id)
        .map_err(|_| Violation { field: "user_id".into(), message: "user_id must be a UUID".into() })?
        .to_string();
    rules::item_count(command.items.len())?;
    // The write model answers "does this user exist?" from its own events.
    let (user, _) = event_store::load_user(store, sandbox, &user_id).await?;
    let order_id = uuid::Uuid::now_v7().to_string();
    let events = aggregates::place_order(&user, &order_id, &user_id, command.items, &now_rfc3339())?;
    let guard = event_store::Guard::NewOrder { limit: rules::ORDERS_PER_SANDBOX };
    let sequence = event_store::append(store, sandbox, "order", &order_id, 0, &events, guard).await?;
    Ok((order_id, sequence))
}
// ANCHOR_END: handle
