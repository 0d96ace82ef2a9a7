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

use crate::{site, AppState};

/// The whole application. Tests call this to exercise the real thing.
pub fn router(state: AppState) -> Router {
    site::routes(&state)
        .merge(crate::demos::routes(&state.demos, state.traces.clone()))
        .route("/healthz", get(healthz))
        .layer(middleware::from_fn(cache_headers))
        .layer(CompressionLayer::new())
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}

/// The server only listens once the content is rendered (and, with the demo
/// backends, their databases migrated), so answering at all means ready.
async fn healthz() -> &'static str {
    "ok"
}

/// Pages always revalidate (they are cheap to render and must show fresh demo
/// data). The build's CSS/JS/WASM keep their names across builds, so they
/// revalidate too (a `304` after the first visit) rather than risk a page
/// meeting last build's WebAssembly; other public files keep a day.
async fn cache_headers(request: Request<Body>, next: Next) -> Response {
    let path = request.uri().path().to_owned();
    let mut response = next.run(request).await;
    if response.headers().contains_key(header::CACHE_CONTROL) {
        return response;
    }
    let is_html = response.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_some_and(|v| v.starts_with("text/html"));
    let policy = if is_html || path.starts_with("/pkg/") || path == "/healthz" { "no-cache" } else { "public, max-age=86400" };
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static(policy));
    response
}
