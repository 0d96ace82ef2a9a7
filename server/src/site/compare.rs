//! `/compare`: `POST` runs one operation on all five backends through the
//! demo API (in-process, as the visitor); `GET` shows the traces it left.

use app::demo::model::{Comparison, Run, Trace, User};
use app::guide::PATTERNS;
use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use serde_json::json;

use super::client::ApiClient;
use super::SiteState;
use crate::api::sandbox;
use crate::api::ApiError;

#[derive(Debug, Deserialize)]
struct Operation {
    email: Option<String>,
    name: Option<String>,
    password: Option<String>,
    product: Option<String>,
    quantity: Option<String>,
    unit_price_cents: Option<String>,
}

/// `POST /compare`: the same two calls to each backend, all five at once;
/// back to `GET /compare` with the trace ids in the address.
pub async fn run(State(site): State<SiteState>, headers: HeaderMap, body: Bytes) -> Response {
    let Ok(operation) = serde_html_form::from_bytes::<Operation>(&body) else {
        return ApiError::validation("", "the form is malformed").into_response();
    };
    let (sandbox, is_new) = sandbox::of_visitor(&headers);
    let client = ApiClient::new(site.api.clone(), sandbox.clone());
    let runs = futures_util::future::join_all(PATTERNS.iter().map(|pattern| run_on(&client, pattern, &operation))).await;
    let query: Vec<String> = PATTERNS.iter().zip(runs).map(|(pattern, traces)| format!("{pattern}={}", traces.join(","))).collect();
    let mut response = Redirect::to(&format!("/compare?{}#results", query.join("&"))).into_response();
    if is_new {
        response.headers_mut().append(header::SET_COOKIE, sandbox::cookie(&sandbox));
    }
    response
}

/// Creates the user, then (if that worked) the order; the trace ids of both.
async fn run_on(client: &ApiClient, pattern: &str, operation: &Operation) -> Vec<String> {
    let text = |value: &Option<String>| value.clone().unwrap_or_default();
    let user = json!({ "email": text(&operation.email), "name": text(&operation.name), "password": text(&operation.password) });
    let reply = client.send(Method::POST, &format!("/demos/{pattern}/api/users"), Some(user.to_string())).await;
    let mut traces: Vec<String> = reply.trace_id.iter().cloned().collect();
    let Some(user) = reply.json::<User>() else { return traces };
    let number = |value: &Option<String>| {
        let raw = text(value);
        raw.trim().parse::<i64>().map_or_else(|_| json!(raw), |n| json!(n))
    };
    let order = json!({
        "user_id": user.id,
        "items": [{
            "product": text(&operation.product),
            "quantity": number(&operation.quantity),
            "unit_price_cents": number(&operation.unit_price_cents),
        }],
    });
    let reply = client.send(Method::POST, &format!("/demos/{pattern}/api/orders"), Some(order.to_string())).await;
    traces.extend(reply.trace_id);
    traces
}

/// Middleware on `GET /compare`: the traces named in the address, fetched
/// through each backend's `GET /traces/{id}` (so only the visitor's own).
pub async fn load(State(site): State<SiteState>, mut request: Request<Body>, next: Next) -> Response {
    if request.method() == Method::GET && request.uri().path() == "/compare" {
        let (sandbox, _) = sandbox::of_visitor(request.headers());
        let client = ApiClient::new(site.api.clone(), sandbox);
        let query: Vec<(String, String)> = request.uri().query().and_then(|q| serde_html_form::from_str(q).ok()).unwrap_or_default();
        let mut runs = Vec::new();
        for pattern in PATTERNS {
            let Some((_, ids)) = query.iter().find(|(key, _)| key == pattern) else { continue };
            let mut traces = Vec::new();
            for id in ids.split(',').filter(|id| uuid::Uuid::parse_str(id).is_ok()).take(2) {
                if let Some(trace) = client.get::<Trace>(&format!("/demos/{pattern}/api/traces/{id}")).await {
                    traces.push(trace);
                }
            }
            runs.push(Run { pattern: pattern.to_owned(), traces });
        }
        request.extensions_mut().insert(Comparison { runs });
    }
    next.run(request).await
}
