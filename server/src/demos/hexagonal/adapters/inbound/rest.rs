//! The REST adapter: translates HTTP to calls on the inbound port and the
//! core's answers back to the contract's JSON and statuses.

use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, post};
use axum::{Extension, Json, Router};

use super::super::super::core::domain::{OrderLine, Tenant, User};
use super::super::super::core::ports::inbound::{OrderView, ShopError, ShopPort};
use crate::api::contract::{CreateOrder, CreateUser, OrderFilter, OrderItem, OrderJson, UserJson};
use crate::api::input::{created, failed, Input};
use crate::api::sandbox::SandboxId;
use crate::api::ApiError;

type Core = State<Arc<dyn ShopPort>>;

pub fn routes(core: Arc<dyn ShopPort>) -> Router {
    Router::new()
        .route("/users", post(create_user).get(list_users))
        .route("/users/{id}", get(get_user))
        .route("/orders", post(place_order).get(list_orders))
        .route("/orders/{id}", get(get_order))
        .route("/sandbox", delete(reset))
        .with_state(core)
}

pub fn tenant(sandbox: &SandboxId) -> Tenant {
    Tenant(sandbox.as_str().to_owned())
}

// ANCHOR: rest_adapter
#[tracing::instrument(name = "rest::create_user", skip_all, fields(kind = "adapter"))]
async fn create_user(State(core): Core, Extension(sandbox): Extension<SandboxId>, input: Input<CreateUser>) -> Response {
    let body = &input.value;
    match core.create_user(&tenant(&sandbox), &body.email, &body.name, &body.password).await {
        Ok(user) => created(&input.format, StatusCode::CREATED, user_json(&user)),
        Err(err) => failed(&input.format, to_http(err)),
    }
}
// ANCHOR_END: rest_adapter

#[tracing::instrument(name = "rest::list_users", skip_all, fields(kind = "adapter"))]
async fn list_users(State(core): Core, Extension(sandbox): Extension<SandboxId>) -> Response {
    respond(core.list_users(&tenant(&sandbox)).await.map(|users| users.iter().map(user_json).collect::<Vec<_>>()))
}

#[tracing::instrument(name = "rest::get_user", skip_all, fields(kind = "adapter"))]
async fn get_user(State(core): Core, Extension(sandbox): Extension<SandboxId>, Path(id): Path<String>) -> Response {
    respond(core.get_user(&tenant(&sandbox), &id).await.map(|user| user_json(&user)))
}

#[tracing::instrument(name = "rest::place_order", skip_all, fields(kind = "adapter"))]
async fn place_order(State(core): Core, Extension(sandbox): Extension<SandboxId>, input: Input<CreateOrder>) -> Response {
    let lines = input
        .value
        .items
        .iter()
        .map(|item| OrderLine { product: item.product.clone(), quantity: item.quantity, unit_price_cents: item.unit_price_cents })
        .collect();
    match core.place_order(&tenant(&sandbox), &input.value.user_id, lines).await {
        Ok(view) => created(&input.format, StatusCode::CREATED, order_json(&view)),
        Err(err) => failed(&input.format, to_http(err)),
    }
}

#[tracing::instrument(name = "rest::list_orders", skip_all, fields(kind = "adapter"))]
async fn list_orders(State(core): Core, Extension(sandbox): Extension<SandboxId>, Query(filter): Query<OrderFilter>) -> Response {
    let orders = core.list_orders(&tenant(&sandbox), filter.user_id.as_deref()).await;
    respond(orders.map(|views| views.iter().map(order_json).collect::<Vec<_>>()))
}

#[tracing::instrument(name = "rest::get_order", skip_all, fields(kind = "adapter"))]
async fn get_order(State(core): Core, Extension(sandbox): Extension<SandboxId>, Path(id): Path<String>) -> Response {
    respond(core.get_order(&tenant(&sandbox), &id).await.map(|view| order_json(&view)))
}

#[tracing::instrument(name = "rest::reset", skip_all, fields(kind = "adapter"))]
async fn reset(State(core): Core, Extension(sandbox): Extension<SandboxId>) -> Response {
    match core.reset(&tenant(&sandbox)).await {
        Ok(()) => StatusCode::NO_CONTENT.into_response(),
        Err(err) => to_http(err).into_response(),
    }
}

fn respond<T: serde::Serialize>(result: Result<T, ShopError>) -> Response {
    match result {
        Ok(body) => Json(body).into_response(),
        Err(err) => to_http(err).into_response(),
    }
}

pub fn user_json(user: &User) -> UserJson {
    UserJson { id: user.id.clone(), email: user.email.clone(), name: user.name.clone(), created_at: user.created_at.clone() }
}

pub fn order_json(view: &OrderView) -> OrderJson {
    OrderJson {
        id: view.order.id.clone(),
        user_id: view.order.user_id.clone(),
        user_name: view.user.name.clone(),
        user_email: view.user.email.clone(),
        items: view
            .order
            .lines
            .iter()
            .map(|l| OrderItem { product: l.product.clone(), quantity: l.quantity, unit_price_cents: l.unit_price_cents })
            .collect(),
        total_cents: view.order.total_cents(),
        status: view.order.status.clone(),
        created_at: view.order.created_at.clone(),
    }
}

// ANCHOR: to_http
/// The one place the core's errors become HTTP statuses.
fn to_http(err: ShopError) -> ApiError {
    match err {
        ShopError::Invalid(v) => ApiError::validation(&v.field, v.message),
        ShopError::EmailTaken => ApiError::conflict("email", "a user with this email already exists in your sandbox"),
        ShopError::UserNotFound => ApiError::not_found("user").with_field("user_id"),
        ShopError::OrderNotFound => ApiError::not_found("order"),
        ShopError::QuotaReached(limit) => ApiError::quota(format!("your sandbox holds the maximum of {limit}; reset it to start again")),
        ShopError::Unexpected(detail) => ApiError::internal(detail),
    }
}
// ANCHOR_END: to_http
