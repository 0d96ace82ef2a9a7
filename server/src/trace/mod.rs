//! Traces: the steps a demo request took through its pattern, recorded from
//! `tracing` spans on the real code path — nothing here lists steps by hand.
//!
//! A demo function opts in with `#[tracing::instrument(fields(kind = "service"))]`
//! (or `"controller"`, `"use_case"`, `"port"`, `"adapter"`, `"repository"` …);
//! [`RecorderLayer`] sees the span open and close under a request's root span
//! and notes its kind, function, source file and duration. Every SQL statement
//! sqlx runs inside is noted too, from sqlx's own `sqlx::query` events.
//! [`middleware`] opens the root span, answers with `X-Trace-Id`, and files
//! the finished trace under the visitor's sandbox.

mod recorder;
mod store;

use std::sync::Arc;
use std::time::Instant;

use axum::body::Body;
use axum::extract::{OriginalUri, Path, Request};
use axum::http::HeaderValue;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use serde::Serialize;
use tracing::Instrument;

use crate::api::{sandbox::SandboxId, ApiError};

pub use recorder::RecorderLayer;
pub use store::TraceStore;

pub const HEADER: &str = "x-trace-id";

/// The current request's trace id, for code that passes it on (HTTP hops).
#[derive(Debug, Clone)]
pub struct TraceId(pub String);

/// One step of a request: a span of the demo's code or a SQL statement.
#[derive(Debug, Clone, Serialize, PartialEq, utoipa::ToSchema)]
pub struct Step {
    /// controller, service, use_case, port, adapter, repository, sql, event, http …
    pub kind: String,
    /// The function that ran, e.g. `create_user`.
    pub function: String,
    /// Its source file, relative to the repository (`server/src/demos/…`).
    pub file: String,
    pub line: u32,
    /// Nesting: 0 for the outermost step.
    pub depth: usize,
    /// Microseconds from the start of the request.
    pub start_us: u64,
    pub duration_us: u64,
    /// For SQL, the statement.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Trace {
    pub id: String,
    pub method: String,
    pub path: String,
    pub status: u16,
    pub duration_us: u64,
    pub steps: Vec<Step>,
    /// When the request began, for steps that come later (event deliveries).
    #[serde(skip)]
    #[schema(ignore)]
    pub started: Instant,
}

/// Wraps a demo router: every request gets a trace id and a root span —
/// even one refused at the door — and the finished trace is filed under the
/// sandbox the inner layers resolved.
pub async fn middleware(store: Extension<Arc<TraceStore>>, mut request: Request<Body>, next: Next) -> Response {
    let id = uuid::Uuid::new_v4().to_string();
    request.extensions_mut().insert(TraceId(id.clone()));
    let method = request.method().to_string();
    // The full path, not the part left after the demo's prefix was stripped.
    let path = request.extensions().get::<OriginalUri>().map_or_else(|| request.uri().path().to_owned(), |uri| uri.path().to_owned());
    let started = Instant::now();

    let active = recorder::begin(&id);
    let span = tracing::info_span!("demo_request", trace_id = %id, method = %method, path = %path);
    let mut response = next.run(request).instrument(span).await;
    let steps = recorder::finish(&id, active);
    // Set by the sandbox layer inside; absent when the sandbox was refused.
    let sandbox = response.extensions().get::<SandboxId>().cloned();

    let trace = Trace {
        id: id.clone(),
        method,
        path,
        status: response.status().as_u16(),
        duration_us: started.elapsed().as_micros() as u64,
        steps,
        started,
    };
    if let Some(sandbox) = sandbox {
        store.insert(&sandbox, trace);
    }
    if let Ok(value) = HeaderValue::from_str(&id) {
        response.headers_mut().insert(HEADER, value);
    }
    show_after_redirect(&mut response, &id);
    response
}

/// A form post is answered `303` back to its page; the page learns which
/// trace to draw from `demo_trace` in that address (it has no JavaScript to
/// read `X-Trace-Id` with).
fn show_after_redirect(response: &mut Response, id: &str) {
    if response.status() != axum::http::StatusCode::SEE_OTHER {
        return;
    }
    let Some(location) = response.headers().get(axum::http::header::LOCATION).and_then(|v| v.to_str().ok()) else { return };
    if !location.starts_with('/') || location.starts_with("//") {
        return;
    }
    let location = crate::api::input::with_query(location, "demo_trace", id);
    if let Ok(value) = HeaderValue::from_str(&location) {
        response.headers_mut().insert(axum::http::header::LOCATION, value);
    }
}

/// `GET /traces/{trace_id}`: only the sandbox that made the request sees it.
pub async fn show(
    Extension(store): Extension<Arc<TraceStore>>,
    Extension(sandbox): Extension<SandboxId>,
    Path(id): Path<String>,
) -> Response {
    match store.get(&sandbox, &id) {
        Some(trace) => Json(trace).into_response(),
        None => ApiError::not_found("trace").into_response(),
    }
}
