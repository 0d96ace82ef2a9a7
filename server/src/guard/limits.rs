//! Limits on every request: its body, its time, and how many run at once.
//! Past the concurrency limit a request is not queued without end but shed
//! at once with 503 and `Retry-After`, so a flood degrades into fast
//! refusals instead of a growing queue and ever-slower answers for all.

use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use tokio::sync::Semaphore;

use crate::api::ApiError;

/// Requests in flight, and how many may be.
#[derive(Clone)]
pub struct InFlight(Arc<Semaphore>);

impl InFlight {
    pub fn new(max: usize) -> Self {
        Self(Arc::new(Semaphore::new(max)))
    }
}

/// Sheds what is over the limit; bounds the time of the rest.
pub async fn shed_and_time(State((in_flight, timeout)): State<(InFlight, Duration)>, request: Request<Body>, next: Next) -> Response {
    let Ok(_permit) = in_flight.0.clone().try_acquire_owned() else {
        let mut response =
            ApiError::new(StatusCode::SERVICE_UNAVAILABLE, "overloaded", "the server is busy; try again in a second").into_response();
        response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
        return response;
    };
    match tokio::time::timeout(timeout, next.run(request)).await {
        Ok(response) => response,
        Err(_) => ApiError::new(StatusCode::REQUEST_TIMEOUT, "timeout", "the request took too long and was stopped").into_response(),
    }
}

/// Bodies past the API's limit are refused before anyone reads them, on
/// every route (the extractors have their own, equal, limit).
pub async fn body_limit(request: Request<Body>, next: Next) -> Response {
    let too_long = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok())
        .is_some_and(|length| length > crate::api::input::BODY_LIMIT_BYTES);
    if too_long {
        return ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "payload_too_large",
            format!("the body is over the {} KiB limit", crate::api::input::BODY_LIMIT_BYTES / 1024),
        )
        .into_response();
    }
    // A body without a length (chunked) is still cut at the limit.
    let (parts, body) = request.into_parts();
    let body = Body::new(http_body_util::Limited::new(body, crate::api::input::BODY_LIMIT_BYTES));
    next.run(Request::from_parts(parts, body)).await
}
