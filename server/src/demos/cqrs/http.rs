//! The HTTP edge of the CQRS demo: writes go to command handlers, reads to
//! query handlers, and the projection can be inspected, slowed and rebuilt.

use std::time::Duration;

use axum::extract::{Path, Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{delete, get, post};
use axum::{Extension, Json, Router};
use serde::{Deserialize, Serialize};

use super::commands::{create_user, place_order, CommandError};
use super::events::Event;
use super::{queries, Cqrs};
use crate::api::contract::{CreateOrder, CreateUser, OrderFilter, UserJson};
use crate::api::input::{created, failed, Action, Format, FromForm, Input};
use crate::api::sandbox::SandboxId;
use crate::api::ApiError;
use crate::trace::TraceId;

const MAX_DELAY_MS: i64 = 10_000;
/// How long `POST /users` waits for its user to reach the read model, so a
/// client can read what it just wrote (orders, by contrast, answer 202):
/// longer than the longest projection delay a reader can set.
const READ_YOUR_WRITES: Duration = Duration::from_millis(MAX_DELAY_MS as u64 + 2_000);

pub fn routes(cqrs: Cqrs) -> Router {
    Router::new()
        .route("/users", post(create_user).get(list_users))
        .route("/users/{id}", get(get_user))
        .route("/orders", post(place_order).get(list_orders))
        .route("/orders/{id}", get(get_order))
        .route("/sandbox", delete(reset))
        .route("/projection", get(projection).put(set_delay).post(set_delay))
        .route("/projection/rebuild", post(rebuild))
        .with_state(cqrs)
}

// ANCHOR: create_user
#[tracing::instrument(name = "http::create_user", skip_all, fields(kind = "controller"))]
async fn create_user(
    State(cqrs): State<Cqrs>,
    Extension(sandbox): Extension<SandboxId>,
    Extension(trace): Extension<TraceId>,
    input: Input<CreateUser>,
) -> Response {
    let body = input.value;
    let command = create_user::CreateUser { email: body.email, name: body.name, password: body.password };
    match create_user::handle(&cqrs.write, sandbox.as_str(), command).await {
        Ok((Event::UserCreated { user_id, email, name, created_at, .. }, sequence)) => {
            cqrs.projector.remember_trace(sandbox.as_str(), sequence, &trace.0).await;
            cqrs.projector.notify();
            cqrs.projector.wait_for(sandbox.as_str(), sequence, READ_YOUR_WRITES).await;
            created(&input.format, StatusCode::CREATED, UserJson { id: user_id, email, name, created_at })
        }
        Ok(_) => failed(&input.format, ApiError::internal("CreateUser recorded an unexpected event")),
        Err(err) => failed(&input.format, to_http(err)),
    }
}
// ANCHOR_END: create_user

// ANCHOR: place_order
/// 202 Accepted: the order is in the event store; it appears at `Location`
/// once the projector has put it in the read model.
#[tracing::instrument(name = "http::place_order", skip_all, fields(kind = "controller"))]
async fn place_order(
    State(cqrs): State<Cqrs>,
    Extension(sandbox): Extension<SandboxId>,
    Extension(trace): Extension<TraceId>,
    input: Input<CreateOrder>,
) -> Response {
    let command = place_order::PlaceOrder { user_id: input.value.user_id, items: input.value.items };
    match place_order::handle(&cqrs.write, sandbox.as_str(), command).await {
        Ok((order_id, sequence)) => {
            cqrs.projector.remember_trace(sandbox.as_str(), sequence, &trace.0).await;
            cqrs.projector.notify();
            let location = format!("/demos/cqrs/api/orders/{order_id}");
            match &input.format {
                Format::Json => {
                    let body = Json(Accepted { id: order_id, status: "projecting", location: location.clone() });
                    (StatusCode::ACCEPTED, [(header::LOCATION, location)], body).into_response()
                }
                Format::Form { return_to } => Redirect::to(&format!("{return_to}#demo")).into_response(),
            }
        }
        Err(err) => failed(&input.format, to_http(err)),
    }
}
// ANCHOR_END: place_order

#[derive(Serialize)]
struct Accepted {
    id: String,
    status: &'static str,
    location: String,
}

#[tracing::instrument(name = "http::list_users", skip_all, fields(kind = "controller"))]
async fn list_users(State(cqrs): State<Cqrs>, Extension(sandbox): Extension<SandboxId>) -> Response {
    respond(queries::list_users(&cqrs.read, sandbox.as_str()).await)
}

#[tracing::instrument(name = "http::get_user", skip_all, fields(kind = "controller"))]
async fn get_user(State(cqrs): State<Cqrs>, Extension(sandbox): Extension<SandboxId>, Path(id): Path<String>) -> Response {
    let id = match parse_id("id", &id) {
        Ok(id) => id,
        Err(err) => return err.into_response(),
    };
    match queries::get_user(&cqrs.read, sandbox.as_str(), &id).await {
        Ok(Some(user)) => Json(user).into_response(),
        Ok(None) => ApiError::not_found("user").into_response(),
        Err(err) => ApiError::internal(err).into_response(),
    }
}

#[tracing::instrument(name = "http::list_orders", skip_all, fields(kind = "controller"))]
async fn list_orders(State(cqrs): State<Cqrs>, Extension(sandbox): Extension<SandboxId>, Query(filter): Query<OrderFilter>) -> Response {
    let user_id = match filter.user_id.as_deref().map(|id| parse_id("user_id", id)).transpose() {
        Ok(user_id) => user_id,
        Err(err) => return err.into_response(),
    };
    respond(queries::list_orders(&cqrs.read, sandbox.as_str(), user_id.as_deref()).await)
}

#[tracing::instrument(name = "http::get_order", skip_all, fields(kind = "controller"))]
async fn get_order(State(cqrs): State<Cqrs>, Extension(sandbox): Extension<SandboxId>, Path(id): Path<String>) -> Response {
    let id = match parse_id("id", &id) {
        Ok(id) => id,
        Err(err) => return err.into_response(),
    };
    match queries::get_order(&cqrs.read, sandbox.as_str(), &id).await {
        Ok(Some(order)) => Json(order).into_response(),
        Ok(None) => ApiError::not_found("order").into_response(),
        Err(err) => ApiError::internal(err).into_response(),
    }
}

#[tracing::instrument(name = "http::reset", skip_all, fields(kind = "controller"))]
async fn reset(State(cqrs): State<Cqrs>, Extension(sandbox): Extension<SandboxId>) -> Response {
    match cqrs.purge(sandbox.as_str()).await {
        Ok(()) => StatusCode::NO_CONTENT.into_response(),
        Err(err) => ApiError::internal(err).into_response(),
    }
}

async fn projection(State(cqrs): State<Cqrs>, Extension(sandbox): Extension<SandboxId>) -> Response {
    respond(cqrs.projector.status(sandbox.as_str()).await)
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Delay {
    delay_ms: i64,
}

impl FromForm for Delay {
    fn from_form(body: &[u8]) -> Result<Self, ApiError> {
        #[derive(Deserialize)]
        struct Form {
            delay_ms: Option<String>,
        }
        let form: Form = serde_html_form::from_bytes(body).map_err(|_| bad_delay())?;
        let delay_ms = form.delay_ms.and_then(|d| d.trim().parse().ok()).ok_or_else(bad_delay)?;
        Ok(Self { delay_ms })
    }
}

fn bad_delay() -> ApiError {
    ApiError::validation("delay_ms", format!("delay_ms must be a whole number from 0 to {MAX_DELAY_MS}"))
}

/// `PUT /projection {"delay_ms": 1500}`: this sandbox's events wait that
/// long before the projector applies them.
async fn set_delay(State(cqrs): State<Cqrs>, Extension(sandbox): Extension<SandboxId>, input: Input<Delay>) -> Response {
    if !(0..=MAX_DELAY_MS).contains(&input.value.delay_ms) {
        return failed(&input.format, bad_delay());
    }
    if let Err(err) = super::write_model::event_store::set_delay_ms(&cqrs.write, sandbox.as_str(), input.value.delay_ms).await {
        return ApiError::internal(err).into_response();
    }
    match cqrs.projector.status(sandbox.as_str()).await {
        Ok(status) => created(&input.format, StatusCode::OK, status),
        Err(err) => ApiError::internal(err).into_response(),
    }
}

#[tracing::instrument(name = "http::rebuild", skip_all, fields(kind = "controller"))]
async fn rebuild(State(cqrs): State<Cqrs>, Extension(sandbox): Extension<SandboxId>, action: Action) -> Response {
    if let Err(err) = cqrs.projector.rebuild(sandbox.as_str()).await {
        return ApiError::internal(err).into_response();
    }
    match cqrs.projector.status(sandbox.as_str()).await {
        Ok(status) => created(&action.format, StatusCode::OK, status),
        Err(err) => ApiError::internal(err).into_response(),
    }
}

fn respond<T: Serialize>(result: Result<T, sqlx::Error>) -> Response {
    match result {
        Ok(body) => Json(body).into_response(),
        Err(err) => ApiError::internal(err).into_response(),
    }
}

fn parse_id(field: &str, raw: &str) -> Result<String, ApiError> {
    uuid::Uuid::parse_str(raw).map(|id| id.to_string()).map_err(|_| ApiError::validation(field, format!("{field} must be a UUID")))
}

/// The one place this demo's command errors become HTTP statuses.
fn to_http(err: CommandError) -> ApiError {
    match err {
        CommandError::Invalid(v) => ApiError::validation(&v.field, v.message),
        CommandError::EmailTaken => ApiError::conflict("email", "a user with this email already exists in your sandbox"),
        CommandError::UnknownUser => ApiError::not_found("user").with_field("user_id"),
        CommandError::QuotaReached(limit) => ApiError::quota(format!("your sandbox holds the maximum of {limit}; reset it to start again")),
        CommandError::Conflict => ApiError::new(StatusCode::CONFLICT, "conflict", "another request changed this first; try again"),
        CommandError::Unexpected(detail) => ApiError::internal(detail),
    }
}
