//! Presentation layer: turns HTTP into calls on the service and the
//! service's answers (or errors) back into HTTP. No business rule and no SQL
//! here: the controller only ever talks to the layer below, the service.

use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, post};
use axum::{Extension, Json, Router};

use super::service::{Service, ServiceError};
use crate::api::contract::{CreateOrder, CreateUser, OrderFilter};
use crate::api::input::{created, failed, Input};
use crate::api::sandbox::SandboxId;
use crate::api::ApiError;

pub fn routes(service: Service) -> Router {
    Router::new()
        .route("/users", post(create_user).get(list_users))
        .route("/users/{id}", get(get_user))
        .route("/orders", post(create_order).get(list_orders))
        .route("/orders/{id}", get(get_order))
        .route("/sandbox", delete(reset_sandbox))
        .with_state(Arc::new(service))
}

type Service_ = State<Arc<Service>>;

// ANCHOR: create_user
#[tracing::instrument(skip_all, fields(kind = "controller"))]
async fn create_user(State(service): Service_, Extension(sandbox): Extension<SandboxId>, input: Input<CreateUser>) -> Response {
    match service.create_user(&sandbox, input.value).await {
        Ok(user) => created(&input.format, StatusCode::CREATED, user),
        Err(err) => failed(&input.format, to_http(err)),
    }
}
// ANCHOR_END: create_user

#[tracing::instrument(skip_all, fields(kind = "controller"))]
async fn list_users(State(service): Service_, Extension(sandbox): Extension<SandboxId>) -> Response {
    respond(service.list_users(&sandbox).await)
}

#[tracing::instrument(skip_all, fields(kind = "controller"))]
async fn get_user(State(service): Service_, Extension(sandbox): Extension<SandboxId>, Path(id): Path<String>) -> Response {
    respond(service.get_user(&sandbox, &id).await)
}

#[tracing::instrument(skip_all, fields(kind = "controller"))]
async fn create_order(State(service): Service_, Extension(sandbox): Extension<SandboxId>, input: Input<CreateOrder>) -> Response {
    match service.create_order(&sandbox, input.value).await {
        Ok(order) => created(&input.format, StatusCode::CREATED, order),
        Err(err) => failed(&input.format, to_http(err)),
    }
}

#[tracing::instrument(skip_all, fields(kind = "controller"))]
async fn list_orders(State(service): Service_, Extension(sandbox): Extension<SandboxId>, Query(filter): Query<OrderFilter>) -> Response {
    respond(service.list_orders(&sandbox, filter.user_id.as_deref()).await)
}

#[tracing::instrument(skip_all, fields(kind = "controller"))]
async fn get_order(State(service): Service_, Extension(sandbox): Extension<SandboxId>, Path(id): Path<String>) -> Response {
    respond(service.get_order(&sandbox, &id).await)
}

#[tracing::instrument(skip_all, fields(kind = "controller"))]
async fn reset_sandbox(State(service): Service_, Extension(sandbox): Extension<SandboxId>) -> Response {
    match service.reset(&sandbox).await {
        Ok(()) => StatusCode::NO_CONTENT.into_response(),
        Err(err) => to_http(err).into_response(),
    }
}

fn respond<T: serde::Serialize>(result: Result<T, ServiceError>) -> Response {
    match result {
        Ok(body) => Json(body).into_response(),
        Err(err) => to_http(err).into_response(),
    }
}

// ANCHOR: to_http
/// The one place this demo's errors become HTTP statuses.
fn to_http(err: ServiceError) -> ApiError {
    match err {
        ServiceError::Invalid(violation) => ApiError::validation(&violation.field, violation.message),
        ServiceError::EmailTaken => ApiError::conflict("email", "a user with this email already exists in your sandbox"),
        ServiceError::UserNotFound => ApiError::not_found("user").with_field("user_id"),
        ServiceError::OrderNotFound => ApiError::not_found("order"),
        ServiceError::QuotaReached(message) => ApiError::quota(message),
        ServiceError::Unexpected(detail) => ApiError::internal(detail),
    }
}
// ANCHOR_END: to_http
