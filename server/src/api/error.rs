//! The one error body of the demo API, and its mapping to HTTP.
//!
//! `{"error": {"code": "validation", "message": "…", "field": "email"}}`.
//! 4xx bodies carry a message meant for the user; a 5xx body is generic and
//! the detail goes to the log, never to the client.

use axum::body::Body;
use axum::extract::Request;
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
    pub field: Option<String>,
}

impl ApiError {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        Self { status, code, message: message.into(), field: None }
    }

    pub fn with_field(mut self, field: impl Into<String>) -> Self {
        self.field = Some(field.into());
        self
    }

    /// 400: a value broke a rule of the contract.
    pub fn validation(field: &str, message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "validation", message).with_field(field)
    }

    pub fn not_found(what: &str) -> Self {
        Self::new(StatusCode::NOT_FOUND, "not_found", format!("{what} not found"))
    }

    pub fn conflict(field: &str, message: impl Into<String>) -> Self {
        Self::new(StatusCode::CONFLICT, "conflict", message).with_field(field)
    }

    pub fn quota(message: impl Into<String>) -> Self {
        Self::new(StatusCode::TOO_MANY_REQUESTS, "quota_exceeded", message)
    }

    /// 500 with a generic body; `detail` is logged, not sent.
    pub fn internal(detail: impl std::fmt::Display) -> Self {
        tracing::error!(error = %detail, "demo request failed");
        Self::new(StatusCode::INTERNAL_SERVER_ERROR, "internal", "something went wrong on our side; the request changed nothing")
    }
}

/// The body of every error response.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ErrorDetail {
    /// `validation`, `malformed_json`, `not_found`, `conflict`, `quota_exceeded`,
    /// `payload_too_large`, `unsupported_media_type`, `internal` …
    pub code: String,
    /// A sentence for the user.
    pub message: String,
    /// The offending field, e.g. `email` or `items[2].quantity`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = ErrorBody { error: ErrorDetail { code: self.code.to_owned(), message: self.message, field: self.field } };
        (self.status, Json(body)).into_response()
    }
}

/// Middleware on the demo edge: a 4xx that the framework worded rather than
/// a demo (axum's empty 405 for a wrong method, an extractor's plain-text
/// 400 for a path that is not UTF-8 or a query it cannot read) gets the
/// API's error body too. Status and headers (`Allow`) stay as they were.
pub async fn json_errors(request: Request<Body>, next: Next) -> Response {
    let response = next.run(request).await;
    let is_json =
        response.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_some_and(|v| v.starts_with("application/json"));
    if !response.status().is_client_error() || is_json {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let detail = axum::body::to_bytes(body, 4096).await.map(|b| String::from_utf8_lossy(&b).trim().to_owned()).unwrap_or_default();
    let status = parts.status;
    let (code, message) = match status {
        StatusCode::METHOD_NOT_ALLOWED => {
            let allowed = parts.headers.get(header::ALLOW).and_then(|v| v.to_str().ok()).unwrap_or("").to_owned();
            ("method_not_allowed", format!("this method is not allowed here; allowed: {allowed}"))
        }
        StatusCode::NOT_FOUND => ("not_found", "route not found".to_owned()),
        StatusCode::PAYLOAD_TOO_LARGE => ("payload_too_large", "the body is over the limit".to_owned()),
        StatusCode::UNSUPPORTED_MEDIA_TYPE => {
            ("unsupported_media_type", "send application/json or application/x-www-form-urlencoded".to_owned())
        }
        _ if detail.is_empty() => ("bad_request", status.canonical_reason().unwrap_or("bad request").to_owned()),
        _ => ("bad_request", detail),
    };
    let fresh = ApiError::new(status, code, message).into_response();
    parts.headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    parts.headers.remove(header::CONTENT_LENGTH);
    Response::from_parts(parts, fresh.into_body())
}
