//! The gateway: the one public face of the microservices. It serves the
//! demo contract by routing each request over HTTP to the service that owns
//! it, and turns "could not reach it" into a clear 503 — so a service down
//! breaks only what needs that service.

use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{any, delete, get, post, put};
use axum::{Extension, Json, Router};
use serde::{Deserialize, Serialize};

use super::edge::{FaultMode, Mode, TraceContext};
use super::hop::{self, Answer, Hop};
use crate::api::input::{created, failed, form_error, form_return_to, Format, FromForm, Input, BODY_LIMIT_BYTES};
use crate::api::sandbox::SandboxId;
use crate::api::ApiError;
use crate::trace::TraceId;

/// Orders may wait up to 1 s for users, and a sign-up may queue for argon2
/// behind a room's burst of sign-ups for seconds. The gateway waits for its
/// services nearly as long as a request may last (REQUEST_TIMEOUT_SECS, 15 s
/// by default): giving up sooner would tell a client "failed" about a user
/// the users service then creates anyway.
const HOP_TIMEOUT: Duration = Duration::from_secs(12);
pub const SERVICES: [&str; 3] = ["users", "orders", "payments"];

pub struct Gateway {
    pub users_url: String,
    pub orders_url: String,
    pub payments_url: String,
    pub client: reqwest::Client,
}

impl Gateway {
    fn url_of(&self, service: &str) -> Option<&str> {
        match service {
            "users" => Some(&self.users_url),
            "orders" => Some(&self.orders_url),
            "payments" => Some(&self.payments_url),
            _ => None,
        }
    }
}

pub fn router(gateway: Arc<Gateway>) -> Router {
    Router::new()
        .route("/users", any(to_users))
        .route("/users/{*rest}", any(to_users))
        .route("/orders", any(to_orders))
        .route("/orders/{*rest}", any(to_orders))
        .route("/payments", get(to_payments))
        .route("/events/redeliver", post(redeliver_everywhere))
        .route("/sandbox", delete(reset_everywhere))
        .route("/faults", put(set_fault).post(set_fault).get(faults))
        .with_state(gateway)
        .layer(axum::middleware::from_fn(forms_come_back))
}

/// A form post answered with an error by a service (one that is down, say)
/// goes back to its page with the error, as the other demos' forms do;
/// programs still get the JSON error.
async fn forms_come_back(request: Request<Body>, next: axum::middleware::Next) -> Response {
    let (parts, body) = request.into_parts();
    let Ok(body) = axum::body::to_bytes(body, BODY_LIMIT_BYTES).await else {
        return ApiError::new(StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large", "the body is over the limit").into_response();
    };
    let content_type = parts.headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok());
    let return_to = form_return_to(content_type, &body);
    let response = next.run(Request::from_parts(parts, Body::from(body))).await;
    let Some(return_to) = return_to.filter(|_| response.status().is_client_error() || response.status().is_server_error()) else {
        return response;
    };
    let status = response.status();
    let body = axum::body::to_bytes(response.into_body(), BODY_LIMIT_BYTES).await.unwrap_or_default();
    let error = serde_json::from_slice::<serde_json::Value>(&body).ok();
    let text = |key: &str| error.as_ref().and_then(|e| e["error"][key].as_str()).map(str::to_owned);
    let mut err = ApiError::new(status, "service_error", text("message").unwrap_or_else(|| format!("the service answered {status}")));
    if let Some(field) = text("field") {
        err = err.with_field(&field);
    }
    form_error(&return_to, &err)
}

async fn to_users(
    State(gateway): State<Arc<Gateway>>,
    sandbox: Extension<SandboxId>,
    trace: Extension<TraceId>,
    request: Request<Body>,
) -> Response {
    let base = gateway.users_url.clone();
    forward(&gateway, "users", &base, sandbox.0, trace.0, request).await
}

async fn to_orders(
    State(gateway): State<Arc<Gateway>>,
    sandbox: Extension<SandboxId>,
    trace: Extension<TraceId>,
    request: Request<Body>,
) -> Response {
    let base = gateway.orders_url.clone();
    forward(&gateway, "orders", &base, sandbox.0, trace.0, request).await
}

async fn to_payments(
    State(gateway): State<Arc<Gateway>>,
    sandbox: Extension<SandboxId>,
    trace: Extension<TraceId>,
    request: Request<Body>,
) -> Response {
    let base = gateway.payments_url.clone();
    forward(&gateway, "payments", &base, sandbox.0, trace.0, request).await
}

/// `POST /events/redeliver`: both publishers send their events again; the
/// idempotent consumers must leave everything as it was.
#[tracing::instrument(name = "gateway::redeliver", skip_all, fields(kind = "gateway"))]
async fn redeliver_everywhere(
    State(gateway): State<Arc<Gateway>>,
    Extension(sandbox): Extension<SandboxId>,
    Extension(trace): Extension<TraceId>,
) -> Response {
    let context = TraceContext { trace_id: Some(trace.0), depth: 0 };
    let mut requeued = 0;
    for service in ["orders", "payments"] {
        let url = format!("{}/outbox/redeliver", gateway.url_of(service).unwrap_or_default());
        match hop::call(
            &gateway.client,
            Hop { method: reqwest::Method::POST, url, content_type: None, body: Vec::new(), timeout: HOP_TIMEOUT },
            &sandbox,
            &context,
        )
        .await
        {
            Answer::Reply { status: 200, body, .. } => {
                requeued += serde_json::from_slice::<serde_json::Value>(&body).ok().and_then(|v| v["requeued"].as_u64()).unwrap_or(0);
            }
            _ => return unavailable(service).into_response(),
        }
    }
    Json(serde_json::json!({ "requeued": requeued })).into_response()
}

// ANCHOR: forward
/// Sends the request on to `service` as it came (method, path, query,
/// content type, body) and its answer back as it went.
#[tracing::instrument(name = "gateway::forward", skip_all, fields(kind = "gateway"))]
async fn forward(gateway: &Gateway, service: &str, base: &str, sandbox: SandboxId, trace: TraceId, request: Request<Body>) -> Response {
    let (parts, body) = request.into_parts();
    let Ok(body) = axum::body::to_bytes(body, BODY_LIMIT_BYTES).await else {
        return ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "payload_too_large",
            format!("the body is over the {} KiB limit", BODY_LIMIT_BYTES / 1024),
        )
        .into_response();
    };
    let path = parts.uri.path_and_query().map_or("/", |p| p.as_str());
    let content_type = parts.headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok());
    let context = TraceContext { trace_id: Some(trace.0), depth: 0 };
    let url = format!("{base}{path}");
    match hop::call(
        &gateway.client,
        Hop { method: parts.method, url, content_type, body: body.to_vec(), timeout: HOP_TIMEOUT },
        &sandbox,
        &context,
    )
    .await
    {
        Answer::Reply { status, body, content_type, location, allow } => {
            let mut response = Response::builder().status(status);
            if let Some(content_type) = content_type {
                response = response.header(header::CONTENT_TYPE, content_type);
            }
            if let Some(location) = location {
                response = response.header(header::LOCATION, location);
            }
            if let Some(allow) = allow {
                response = response.header(header::ALLOW, allow);
            }
            response.body(Body::from(body)).unwrap_or_else(|err| ApiError::internal(err).into_response())
        }
        Answer::Unreachable(detail) => {
            tracing::warn!(service, %detail, "service unreachable");
            unavailable(service).into_response()
        }
    }
}
// ANCHOR_END: forward

// ANCHOR: unavailable
fn unavailable(service: &str) -> ApiError {
    ApiError::new(
        StatusCode::SERVICE_UNAVAILABLE,
        "service_unavailable",
        format!("the {service} service is unavailable; the rest of the system still answers — try again shortly"),
    )
}
// ANCHOR_END: unavailable

/// Each service forgets the sandbox in its own database.
#[tracing::instrument(name = "gateway::reset", skip_all, fields(kind = "gateway"))]
async fn reset_everywhere(
    State(gateway): State<Arc<Gateway>>,
    Extension(sandbox): Extension<SandboxId>,
    Extension(trace): Extension<TraceId>,
) -> Response {
    let context = TraceContext { trace_id: Some(trace.0), depth: 0 };
    for service in SERVICES {
        let url = format!("{}/sandbox", gateway.url_of(service).unwrap_or_default());
        match hop::call(
            &gateway.client,
            Hop { method: reqwest::Method::DELETE, url, content_type: None, body: Vec::new(), timeout: HOP_TIMEOUT },
            &sandbox,
            &context,
        )
        .await
        {
            Answer::Reply { status: 204, .. } => {}
            _ => return unavailable(service).into_response(),
        }
    }
    StatusCode::NO_CONTENT.into_response()
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FaultRequest {
    service: String,
    mode: Mode,
}

impl FromForm for FaultRequest {
    fn from_form(body: &[u8]) -> Result<Self, ApiError> {
        #[derive(Deserialize)]
        struct Form {
            service: Option<String>,
            mode: Option<String>,
        }
        let form: Form = serde_html_form::from_bytes(body).map_err(|_| ApiError::validation("", "the form is malformed"))?;
        let mode = match form.mode.as_deref() {
            Some("none") => Mode::None,
            Some("down") => Mode::Down,
            Some("slow") => Mode::Slow,
            _ => return Err(ApiError::validation("mode", "mode must be none, down or slow")),
        };
        Ok(Self { service: form.service.unwrap_or_default(), mode })
    }
}

/// `PUT /faults {"service": "users", "mode": "down" | "slow" | "none"}` (or
/// the same as a form `POST`): for this sandbox only, the service's edge
/// answers as if it were down or late. Everyone else's calls are untouched.
async fn set_fault(State(gateway): State<Arc<Gateway>>, Extension(sandbox): Extension<SandboxId>, input: Input<FaultRequest>) -> Response {
    let request = input.value;
    let Some(base) = gateway.url_of(&request.service) else {
        return failed(&input.format, ApiError::validation("service", "service must be users, orders or payments"));
    };
    let body = serde_json::to_vec(&FaultMode { mode: request.mode }).unwrap_or_default();
    let context = TraceContext { trace_id: None, depth: 0 };
    match hop::call(
        &gateway.client,
        Hop {
            method: reqwest::Method::PUT,
            url: format!("{base}/faults"),
            content_type: Some("application/json"),
            body,
            timeout: HOP_TIMEOUT,
        },
        &sandbox,
        &context,
    )
    .await
    {
        Answer::Reply { status: 200, .. } => match input.format {
            Format::Json => faults(State(gateway), Extension(sandbox)).await,
            format => created(&format, StatusCode::OK, ()),
        },
        _ => failed(&input.format, unavailable(&request.service)),
    }
}

#[derive(Serialize)]
struct FaultsView {
    users: Option<Mode>,
    orders: Option<Mode>,
    payments: Option<Mode>,
}

/// The faults in force for this sandbox (`null` for a service not answering).
async fn faults(State(gateway): State<Arc<Gateway>>, Extension(sandbox): Extension<SandboxId>) -> Response {
    let context = TraceContext { trace_id: None, depth: 0 };
    let mut modes = Vec::new();
    for service in SERVICES {
        let url = format!("{}/faults", gateway.url_of(service).unwrap_or_default());
        let mode = match hop::call(
            &gateway.client,
            Hop { method: reqwest::Method::GET, url, content_type: None, body: Vec::new(), timeout: HOP_TIMEOUT },
            &sandbox,
            &context,
        )
        .await
        {
            Answer::Reply { status: 200, body, .. } => serde_json::from_slice::<FaultMode>(&body).ok().map(|f| f.mode),
            _ => None,
        };
        modes.push(mode);
    }
    Json(FaultsView { users: modes[0], orders: modes[1], payments: modes[2] }).into_response()
}
