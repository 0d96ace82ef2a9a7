//! Queries: questions answered from the read model alone. They never touch
//! the write model or the event store, which is why they are fast and why
//! they may briefly lag behind a command.

use sqlx::SqlitePool;

use super::read_model::views;
use crate::api::contract::{OrderJson, UserJson};

#[tracing::instrument(name = "GetUser", skip_all, fields(kind = "query"))]
pub async fn get_user(read: &SqlitePool, sandbox: &str, id: &str) -> Result<Option<UserJson>, sqlx::Error> {
    views::user(read, sandbox, id).await
}

#[tracing::instrument(name = "ListUsers", skip_all, fields(kind = "query"))]
pub async fn list_users(read: &SqlitePool, sandbox: &str) -> Result<Vec<UserJson>, sqlx::Error> {
    views::users(read, sandbox).await
}

// ANCHOR: get_order
#[tracing::instrument(name = "GetOrder", skip_all, fields(kind = "query"))]
pub async fn get_order(read: &SqlitePool, sandbox: &str, id: &str) -> Result<Option<OrderJson>, sqlx::Error> {
    views::order(read, sandbox, id).await
}
// ANCHOR_END: get_order

#[tracing::instrument(name = "ListOrders", skip_all, fields(kind = "query"))]
pub async fn list_orders(read: &SqlitePool, sandbox: &str, user_id: Option<&str>) -> Result<Vec<OrderJson>, sqlx::Error> {
    views::orders(read, sandbox, user_id).await
}
