//! What stands at every service's HTTP edge: the sandbox the gateway
//! forwarded, joining the caller's trace, and fault injection — the way
//! toxiproxy sits in front of a service, this layer can answer one
//! sandbox's calls as if the service were down or slow, leaving everyone
//! else's untouched.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::put;
use axum::{Extension, Json, Router};
use serde::{Deserialize, Serialize};
use tracing::Instrument;

use crate::api::sandbox::{SandboxId, HEADER as SANDBOX_HEADER};
use crate::api::ApiError;

// ANCHOR: slow_by
/// Past the 1 s timeout callers use, so "slow" is felt as a timeout.
pub const SLOW_BY: Duration = Duration::from_millis(1_500);
// ANCHOR_END: slow_by
const MAX_SANDBOXES: usize = 10_000;
pub const TRACE_HEADER: &str = "x-trace-id";
pub const DEPTH_HEADER: &str = "x-trace-depth";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    None,
    Down,
    Slow,
}

/// The faults injected into one service, per sandbox.
#[derive(Default)]
pub struct Faults {
    modes: Mutex<HashMap<SandboxId, Mode>>,
}

impl Faults {
    pub fn mode(&self, sandbox: &SandboxId) -> Mode {
        self.modes.lock().unwrap_or_else(|p| p.into_inner()).get(sandbox).copied().unwrap_or(Mode::None)
    }

    pub fn set(&self, sandbox: &SandboxId, mode: Mode) {
        let mut modes = self.modes.lock().unwrap_or_else(|p| p.into_inner());
        if mode == Mode::None {
            modes.remove(sandbox);
        } else if modes.len() < MAX_SANDBOXES || modes.contains_key(sandbox) {
            modes.insert(sandbox.clone(), mode);
        }
    }
}

/// Where the request sits in its trace, for the hops it makes in turn.
#[derive(Clone, Debug)]
pub struct TraceContext {
    pub trace_id: Option<String>,
    pub depth: usize,
}

/// Wraps a service's routes with the edge: sandbox, trace, faults, and the
/// `PUT /faults` control (which the faults themselves never block).
pub fn wrap(service: &'static str, routes: Router, faults: Arc<Faults>) -> Router {
    routes
        .layer(axum::middleware::from_fn_with_state((service, faults.clone()), inject_faults))
        .merge(Router::new().route("/faults", put(set_fault).get(get_fault)).with_state(faults))
        .layer(axum::extract::DefaultBodyLimit::max(crate::api::input::BODY_LIMIT_BYTES))
        .layer(axum::middleware::from_fn_with_state(service, enter))
}

/// Reads the sandbox and trace headers; the service's work becomes a step
/// of the caller's trace.
async fn enter(State(service): State<&'static str>, mut request: Request<Body>, next: Next) -> Response {
    let Some(sandbox) = sandbox_of(request.headers()) else {
        return ApiError::validation("sandbox", "a service call must carry a valid X-Sandbox header").into_response();
    };
    let trace_id = request.headers().get(TRACE_HEADER).and_then(|v| v.to_str().ok()).map(str::to_owned);
    let depth = request.headers().get(DEPTH_HEADER).and_then(|v| v.to_str().ok()).and_then(|v| v.parse().ok()).unwrap_or(1usize);
    request.extensions_mut().insert(sandbox);
    request.extensions_mut().insert(TraceContext { trace_id: trace_id.clone(), depth });
    let span = match &trace_id {
        Some(id) => tracing::info_span!("service", trace_id = %id, kind = "service", depth = depth as u64, detail = service),
        None => tracing::info_span!("service", kind = "service", detail = service),
    };
    next.run(request).instrument(span).await
}

fn sandbox_of(headers: &HeaderMap) -> Option<SandboxId> {
    SandboxId::parse(headers.get(SANDBOX_HEADER)?.to_str().ok()?).ok()
}

// ANCHOR: inject_faults
async fn inject_faults(
    State((service, faults)): State<(&'static str, Arc<Faults>)>,
    Extension(sandbox): Extension<SandboxId>,
    request: Request<Body>,
    next: Next,
) -> Response {
    match faults.mode(&sandbox) {
        Mode::Down => ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "service_unavailable",
            format!("the {service} service is down (a fault you injected)"),
        )
        .into_response(),
        Mode::Slow => {
            tokio::time::sleep(SLOW_BY).await;
            next.run(request).await
        }
        Mode::None => next.run(request).await,
    }
}
// ANCHOR_END: inject_faults

#[derive(Debug, Serialize, Deserialize)]
pub struct FaultMode {
    pub mode: Mode,
}

async fn set_fault(State(faults): State<Arc<Faults>>, Extension(sandbox): Extension<SandboxId>, Json(body): Json<FaultMode>) -> Response {
    faults.set(&sandbox, body.mode);
    Json(FaultMode { mode: faults.mode(&sandbox) }).into_response()
}

async fn get_fault(State(faults): State<Arc<Faults>>, Extension(sandbox): Extension<SandboxId>) -> Response {
    Json(FaultMode { mode: faults.mode(&sandbox) }).into_response()
}
