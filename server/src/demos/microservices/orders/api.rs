//! The orders service's HTTP API.

use std::sync::Arc;
use std::time::Duration;

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, post};
use axum::{Extension, Json, Router};
use sqlx::SqlitePool;

use super::super::bus::{relay::Relay, Envelope, PAYMENT_COMPLETED};
use super::super::edge::TraceContext;
use super::super::hop::{self, Answer, Hop};
use super::store::{self, AddError};
use crate::api::contract::{CreateOrder, OrderFilter, OrderItem, OrderJson, UserJson};
use crate::api::input::{created, failed, Input};
use crate::api::sandbox::SandboxId;
use crate::api::ApiError;
use crate::clock::now_rfc3339;
use crate::rules::{self, Violation};

// ANCHOR: users_timeout
/// How long orders waits for users before answering 503.
pub const USERS_TIMEOUT: Duration = Duration::from_secs(1);
// ANCHOR_END: users_timeout

pub struct OrdersService {
    pub pool: SqlitePool,
    pub users_url: String,
    pub client: reqwest::Client,
    pub relay: Arc<Relay>,
}

type Service = State<Arc<OrdersService>>;

pub fn router(service: Arc<OrdersService>) -> Router {
    let relay = service.relay.clone();
    Router::new()
        .route("/orders", post(place_order).get(list_orders))
        .route("/orders/{id}", get(get_order))
        .route("/events", post(on_event))
        .route("/sandbox", delete(reset))
        .with_state(service)
        .merge(super::super::bus::relay::redeliver_route(relay))
}

// ANCHOR: place_order
#[tracing::instrument(name = "orders::place_order", skip_all, fields(kind = "controller"))]
async fn place_order(
    State(service): Service,
    Extension(sandbox): Extension<SandboxId>,
    Extension(trace): Extension<TraceContext>,
    input: Input<CreateOrder>,
) -> Response {
    let (user_id, items) = match check(input.value) {
        Ok(checked) => checked,
        Err(v) => return failed(&input.format, ApiError::validation(&v.field, v.message)),
    };
    // A synchronous question to another service: who is this user?
    let url = format!("{}/users/{user_id}", service.users_url);
    let user: UserJson = match hop::call(
        &service.client,
        Hop { method: reqwest::Method::GET, url, content_type: None, body: Vec::new(), timeout: USERS_TIMEOUT },
        &sandbox,
        &trace,
    )
    .await
    {
        Answer::Reply { status: 200, body, .. } => match serde_json::from_slice(&body) {
            Ok(user) => user,
            Err(err) => return failed(&input.format, ApiError::internal(err)),
        },
        Answer::Reply { status: 404, .. } => return failed(&input.format, ApiError::not_found("user").with_field("user_id")),
        Answer::Reply { .. } | Answer::Unreachable(_) => return failed(&input.format, users_unavailable()),
    };
    let total_cents = items.iter().map(|item| item.quantity * item.unit_price_cents).sum();
    let order = OrderJson {
        id: uuid::Uuid::now_v7().to_string(),
        user_id: user.id,
        user_name: user.name,
        user_email: user.email,
        items,
        total_cents,
        status: "pending".into(),
        created_at: now_rfc3339(),
    };
    match store::add(&service.pool, sandbox.as_str(), &order, rules::ORDERS_PER_SANDBOX, trace.trace_id.as_deref()).await {
        Ok(()) => {
            service.relay.wake.notify_one();
            created(&input.format, StatusCode::CREATED, order)
        }
        Err(AddError::QuotaReached(limit)) => {
            failed(&input.format, ApiError::quota(format!("your sandbox holds the maximum of {limit} orders; reset it to start again")))
        }
        Err(AddError::Database(err)) => failed(&input.format, ApiError::internal(err)),
    }
}
// ANCHOR_END: place_order

fn users_unavailable() -> ApiError {
    ApiError::new(
        StatusCode::SERVICE_UNAVAILABLE,
        "service_unavailable",
        "the users service is unavailable, so the order could not be checked; nothing was written — try again shortly",
    )
}

/// The orders service owns the rules of an order.
fn check(body: CreateOrder) -> Result<(String, Vec<OrderItem>), Violation> {
    let user_id = uuid::Uuid::parse_str(&body.user_id)
        .map_err(|_| Violation { field: "user_id".into(), message: "user_id must be a UUID".into() })?;
    let items = rules::order_items(body.items)?;
    Ok((user_id.to_string(), items))
}

// ANCHOR: on_event
/// The subscriber side: `payment.completed` marks the order paid — once,
/// however many times the relay delivers it.
#[tracing::instrument(name = "orders::on_event", skip_all, fields(kind = "event"))]
async fn on_event(State(service): Service, Extension(sandbox): Extension<SandboxId>, Json(event): Json<Envelope>) -> Response {
    if event.topic != PAYMENT_COMPLETED {
        return ApiError::validation("topic", format!("orders does not subscribe to {}", event.topic)).into_response();
    }
    let Some(order_id) = event.payload["order_id"].as_str() else {
        return ApiError::validation("payload.order_id", "payment.completed needs an order_id").into_response();
    };
    match store::mark_paid(&service.pool, sandbox.as_str(), &event.id, order_id).await {
        Ok(_) => StatusCode::NO_CONTENT.into_response(),
        Err(err) => ApiError::internal(err).into_response(),
    }
}
// ANCHOR_END: on_event

#[tracing::instrument(name = "orders::get_order", skip_all, fields(kind = "controller"))]
async fn get_order(State(service): Service, Extension(sandbox): Extension<SandboxId>, Path(id): Path<String>) -> Response {
    if uuid::Uuid::parse_str(&id).is_err() {
        return ApiError::validation("id", "id must be a UUID").into_response();
    }
    match store::find(&service.pool, sandbox.as_str(), &id.to_lowercase()).await {
        Ok(Some(order)) => Json(order).into_response(),
        Ok(None) => ApiError::not_found("order").into_response(),
        Err(err) => ApiError::internal(err).into_response(),
    }
}

#[tracing::instrument(name = "orders::list_orders", skip_all, fields(kind = "controller"))]
async fn list_orders(State(service): Service, Extension(sandbox): Extension<SandboxId>, Query(filter): Query<OrderFilter>) -> Response {
    if filter.user_id.as_deref().is_some_and(|id| uuid::Uuid::parse_str(id).is_err()) {
        return ApiError::validation("user_id", "user_id must be a UUID").into_response();
    }
    match store::list(&service.pool, sandbox.as_str(), filter.user_id.as_deref()).await {
        Ok(orders) => Json(orders).into_response(),
        Err(err) => ApiError::internal(err).into_response(),
    }
}

async fn reset(State(service): Service, Extension(sandbox): Extension<SandboxId>) -> Response {
    match store::purge(&service.pool, sandbox.as_str()).await {
        Ok(()) => StatusCode::NO_CONTENT.into_response(),
        Err(err) => ApiError::internal(err).into_response(),
    }
}
