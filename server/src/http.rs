//! The router: pages, static assets, health, and the layers around them
//! (compression, cache headers, request logs).

use axum::{
    body::Body,
    extract::Request,
    http::{header, HeaderValue},
    middleware::{self, Next},
    response::Response,
    routing::get,
    Router,
};
use tower_http::{compression::CompressionLayer, trace::TraceLayer};

use crate::{guard, site, AppState};

/// The whole application. Tests call this to exercise the real thing.
pub fn router(state: AppState) -> Router {
    // One demo API, built once: the pages call this very router in-process,
    // so they see the same state (a hexagonal adapter switch, say) as the browser.
    let api: Router = crate::demos::routes(&state.demos, state.traces.clone(), &state.guards);
    let guards = state.guards.clone();
    site::routes(&state, api.clone())
        .route("/healthz", get(healthz))
        .with_state(state)
        .merge(api)
        .layer(middleware::from_fn(cache_headers))
        .layer(CompressionLayer::new())
        // Outermost last: the guards see every request first (see `guard`).
        .layer(middleware::from_fn(guard::limits::body_limit))
        .layer(middleware::from_fn(guard::cross_site::refuse_cross_site_writes))
        .layer(middleware::from_fn_with_state((guards.in_flight.clone(), guards.config.request_timeout), guard::limits::shed_and_time))
        .layer(middleware::from_fn_with_state(guards.addresses.clone(), guard::rate_limit::per_address))
        .layer(middleware::from_fn_with_state(guards.config.tls, guard::headers::security_headers))
        .layer(TraceLayer::new_for_http())
}

/// The server only listens once the content is rendered (and, with the demo
/// backends, their databases migrated), so answering at all means ready.
async fn healthz() -> &'static str {
    "ok"
}

/// Pages always revalidate (they are cheap to render and must show fresh demo
/// data); the demo API and search are never cached. The build's CSS/JS/WASM keep their names across builds, so they
/// revalidate too (a `304` after the first visit) rather than risk a page
/// meeting last build's WebAssembly; other public files keep a day.
async fn cache_headers(request: Request<Body>, next: Next) -> Response {
    let path = request.uri().path().to_owned();
    let mut response = next.run(request).await;
    if response.headers().contains_key(header::CACHE_CONTROL) {
        return response;
    }
    let is_html = response.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_some_and(|v| v.starts_with("text/html"));
    // Demo and search answers are one visitor's data and change with every
    // write: never stored. Pages hold the visitor's panel: revalidated, and
    // only by the browser.
    let policy = if path.starts_with("/demos/") || path.starts_with("/search") || path.starts_with("/sandbox/") || path == "/compare" {
        "no-store"
    } else if is_html {
        "private, no-cache"
    } else if path.starts_with("/pkg/") || path == "/healthz" {
        "no-cache"
    } else {
        "public, max-age=86400"
    };
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static(policy));
    response
}
