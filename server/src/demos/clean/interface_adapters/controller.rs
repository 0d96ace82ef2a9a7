//! The HTTP edge of the clean demo: each handler builds a use case from its
//! ports, runs it, and hands the result to the presenter. The one place this
//! demo's errors become HTTP statuses is `impl From<…> for ApiError` below.

use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, post};
use axum::{Extension, Json, Router};

use super::super::application::create_user::{CreateUser, CreateUserError, CreateUserInput};
use super::super::application::get_order::GetOrder;
use super::super::application::get_user::GetUser;
use super::super::application::list_orders::ListOrders;
use super::super::application::list_users::ListUsers;
use super::super::application::place_order::{LineInput, PlaceOrder, PlaceOrderError};
use super::super::application::reset_sandbox::ResetSandbox;
use super::super::application::QueryError;
use super::super::domain::ports::{OrderRepository, PasswordHasher, RepositoryError, UserRepository};
use super::super::domain::Tenant;
use super::presenter;
use crate::api::contract::{CreateOrder, CreateUser as CreateUserBody, OrderFilter};
use crate::api::input::{created, failed, Input};
use crate::api::sandbox::SandboxId;
use crate::api::ApiError;
use crate::clock::now_rfc3339;

// ANCHOR: routes
/// The adapters the use cases run on, chosen once in `clean::router`.
struct Ports {
    users: Arc<dyn UserRepository>,
    orders: Arc<dyn OrderRepository>,
    hasher: Arc<dyn PasswordHasher>,
}

type Deps = State<Arc<Ports>>;

pub fn routes<R>(repository: R, hasher: impl PasswordHasher + 'static) -> Router
where
    R: UserRepository + OrderRepository + Clone + 'static,
{
    let ports = Ports { users: Arc::new(repository.clone()), orders: Arc::new(repository), hasher: Arc::new(hasher) };
    Router::new()
        .route("/users", post(create_user).get(list_users))
        .route("/users/{id}", get(get_user))
        .route("/orders", post(place_order).get(list_orders))
        .route("/orders/{id}", get(get_order))
        .route("/sandbox", delete(reset_sandbox))
        .with_state(Arc::new(ports))
}
// ANCHOR_END: routes

fn tenant(sandbox: &SandboxId) -> Tenant {
    Tenant(sandbox.as_str().to_owned())
}

// ANCHOR: controller
#[tracing::instrument(skip_all, fields(kind = "controller"))]
async fn create_user(State(ports): Deps, Extension(sandbox): Extension<SandboxId>, input: Input<CreateUserBody>) -> Response {
    let use_case = CreateUser { users: ports.users.as_ref(), hasher: ports.hasher.as_ref() };
    let body = input.value;
    let request = CreateUserInput { email: body.email, name: body.name, password: body.password };
    match use_case.execute(&tenant(&sandbox), request, now_rfc3339()).await {
        Ok(user) => created(&input.format, StatusCode::CREATED, presenter::user(&user)),
        Err(err) => failed(&input.format, err.into()),
    }
}
// ANCHOR_END: controller

#[tracing::instrument(skip_all, fields(kind = "controller"))]
async fn list_users(State(ports): Deps, Extension(sandbox): Extension<SandboxId>) -> Response {
    match (ListUsers { users: ports.users.as_ref() }).execute(&tenant(&sandbox)).await {
        Ok(users) => Json(users.iter().map(presenter::user).collect::<Vec<_>>()).into_response(),
        Err(err) => ApiError::from(err).into_response(),
    }
}

#[tracing::instrument(skip_all, fields(kind = "controller"))]
async fn get_user(State(ports): Deps, Extension(sandbox): Extension<SandboxId>, Path(id): Path<String>) -> Response {
    match (GetUser { users: ports.users.as_ref() }).execute(&tenant(&sandbox), &id).await {
        Ok(user) => Json(presenter::user(&user)).into_response(),
        Err(err) => not_found_as("user", err).into_response(),
    }
}

#[tracing::instrument(skip_all, fields(kind = "controller"))]
async fn place_order(State(ports): Deps, Extension(sandbox): Extension<SandboxId>, input: Input<CreateOrder>) -> Response {
    let use_case = PlaceOrder { users: ports.users.as_ref(), orders: ports.orders.as_ref() };
    let lines = input
        .value
        .items
        .into_iter()
        .map(|item| LineInput { product: item.product, quantity: item.quantity, unit_price_cents: item.unit_price_cents })
        .collect();
    match use_case.execute(&tenant(&sandbox), &input.value.user_id, lines, now_rfc3339()).await {
        Ok(details) => created(&input.format, StatusCode::CREATED, presenter::order(&details)),
        Err(err) => failed(&input.format, err.into()),
    }
}

#[tracing::instrument(skip_all, fields(kind = "controller"))]
async fn list_orders(State(ports): Deps, Extension(sandbox): Extension<SandboxId>, Query(filter): Query<OrderFilter>) -> Response {
    let use_case = ListOrders { users: ports.users.as_ref(), orders: ports.orders.as_ref() };
    match use_case.execute(&tenant(&sandbox), filter.user_id.as_deref()).await {
        Ok(orders) => Json(orders.iter().map(presenter::order).collect::<Vec<_>>()).into_response(),
        Err(err) => not_found_as("order", err).into_response(),
    }
}

#[tracing::instrument(skip_all, fields(kind = "controller"))]
async fn get_order(State(ports): Deps, Extension(sandbox): Extension<SandboxId>, Path(id): Path<String>) -> Response {
    let use_case = GetOrder { users: ports.users.as_ref(), orders: ports.orders.as_ref() };
    match use_case.execute(&tenant(&sandbox), &id).await {
        Ok(details) => Json(presenter::order(&details)).into_response(),
        Err(err) => not_found_as("order", err).into_response(),
    }
}

#[tracing::instrument(skip_all, fields(kind = "controller"))]
async fn reset_sandbox(State(ports): Deps, Extension(sandbox): Extension<SandboxId>) -> Response {
    match (ResetSandbox { users: ports.users.as_ref() }).execute(&tenant(&sandbox)).await {
        Ok(()) => StatusCode::NO_CONTENT.into_response(),
        Err(err) => ApiError::from(err).into_response(),
    }
}

// ANCHOR: to_http
impl From<CreateUserError> for ApiError {
    fn from(err: CreateUserError) -> Self {
        match err {
            CreateUserError::Invalid(v) => ApiError::validation(&v.field, v.message),
            CreateUserError::EmailTaken => ApiError::conflict("email", "a user with this email already exists in your sandbox"),
            CreateUserError::QuotaReached(limit) => {
                ApiError::quota(format!("your sandbox holds the maximum of {limit} users; reset it to start again"))
            }
            CreateUserError::Unexpected(err) => ApiError::internal(err),
        }
    }
}

impl From<PlaceOrderError> for ApiError {
    fn from(err: PlaceOrderError) -> Self {
        match err {
            PlaceOrderError::Invalid(v) => ApiError::validation(&v.field, v.message),
            PlaceOrderError::UnknownUser => ApiError::not_found("user").with_field("user_id"),
            PlaceOrderError::QuotaReached(limit) => {
                ApiError::quota(format!("your sandbox holds the maximum of {limit} orders; reset it to start again"))
            }
            PlaceOrderError::Unexpected(err) => ApiError::internal(err),
        }
    }
}
// ANCHOR_END: to_http

impl From<RepositoryError> for ApiError {
    fn from(err: RepositoryError) -> Self {
        ApiError::internal(err)
    }
}

fn not_found_as(what: &str, err: QueryError) -> ApiError {
    match err {
        QueryError::Invalid(v) => ApiError::validation(&v.field, v.message),
        QueryError::NotFound => ApiError::not_found(what),
        QueryError::Unexpected(err) => ApiError::internal(err),
    }
}
