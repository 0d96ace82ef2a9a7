//! The page's client of the demo API while it renders on the server: the
//! same axum router the browser reaches, called in-process with
//! `tower::ServiceExt::oneshot` — so the page sees exactly what any client
//! sees, never a backend's internals.

use axum::body::Body;
use axum::http::{header, HeaderValue, Method, Request, StatusCode};
use axum::Router;
use serde::de::DeserializeOwned;
use tower::ServiceExt;

use crate::api::sandbox::{self, SandboxId};

/// Calls the demo API as one visitor (their sandbox), in-process.
#[derive(Clone)]
pub struct ApiClient {
    api: Router,
    sandbox: SandboxId,
}

pub struct Reply {
    pub status: StatusCode,
    pub body: axum::body::Bytes,
    pub trace_id: Option<String>,
}

impl Reply {
    pub fn json<T: DeserializeOwned>(&self) -> Option<T> {
        self.status.is_success().then(|| serde_json::from_slice(&self.body).ok()).flatten()
    }
}

impl ApiClient {
    pub fn new(api: Router, sandbox: SandboxId) -> Self {
        Self { api, sandbox }
    }

    pub async fn get<T: DeserializeOwned>(&self, path: &str) -> Option<T> {
        self.send(Method::GET, path, None).await.json()
    }

    /// Sends a request; `json` is the body, if any. A failure to reach the
    /// router at all (it never fails) reads as a 503.
    pub async fn send(&self, method: Method, path: &str, json: Option<String>) -> Reply {
        let mut request = Request::builder().method(method).uri(path).header(sandbox::HEADER, self.sandbox.as_str());
        let body = match json {
            Some(json) => {
                request = request.header(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
                Body::from(json)
            }
            None => Body::empty(),
        };
        let Ok(request) = request.body(body) else {
            return Reply { status: StatusCode::BAD_REQUEST, body: Default::default(), trace_id: None };
        };
        let Ok(response) = self.api.clone().oneshot(request).await;
        let status = response.status();
        let trace_id = response.headers().get(crate::trace::HEADER).and_then(|v| v.to_str().ok()).map(str::to_owned);
        let body = axum::body::to_bytes(response.into_body(), 4 * 1024 * 1024).await.unwrap_or_default();
        Reply { status, body, trace_id }
    }
}
