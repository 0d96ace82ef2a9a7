//! The panel's sandbox controls, as form posts that work without
//! JavaScript: join a shared sandbox by its code, leave it for a fresh
//! private one, reset this demo's data. Each answers `303` back to the page.
//!
//! Joining and leaving only set the `sandbox` cookie (it is HttpOnly, so a
//! script could not); resetting calls the demo API's `DELETE /sandbox`.

use app::guide::PATTERNS;
use axum::body::Bytes;
use axum::extract::{Request, State};
use axum::http::{header, Method};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::client::ApiClient;
use super::SiteState;
use crate::api::input::{form_error, same_origin_path, with_query};
use crate::api::sandbox::{self, SandboxId};
use crate::api::ApiError;

#[derive(Debug, Deserialize)]
struct Form {
    return_to: Option<String>,
    code: Option<String>,
    pattern: Option<String>,
}

fn parse(body: &[u8]) -> Result<(Form, String), ApiError> {
    let form: Form = serde_html_form::from_bytes(body).map_err(|_| ApiError::validation("", "the form is malformed"))?;
    let return_to = same_origin_path(form.return_to.as_deref().unwrap_or(""))?;
    Ok((form, return_to))
}

fn back_with(return_to: &str, sandbox: &SandboxId) -> Response {
    let mut response = Redirect::to(&format!("{return_to}#demo")).into_response();
    response.headers_mut().append(header::SET_COOKIE, sandbox::cookie(sandbox));
    response
}

/// `POST /sandbox/join` (`code`, `return_to`): from now on this browser
/// works in the sandbox `code`, which anyone else can join too.
pub async fn join(body: Bytes) -> Response {
    let (form, return_to) = match parse(&body) {
        Ok(parsed) => parsed,
        Err(err) => return err.into_response(),
    };
    match SandboxId::parse(form.code.as_deref().unwrap_or("").trim()) {
        Ok(code) => back_with(&return_to, &code),
        Err(err) => form_error(&return_to, &err),
    }
}

/// `POST /sandbox/leave` (`return_to`): a new private sandbox.
pub async fn leave(body: Bytes) -> Response {
    match parse(&body) {
        Ok((_, return_to)) => back_with(&return_to, &SandboxId::generate()),
        Err(err) => err.into_response(),
    }
}

/// `POST /sandbox/reset` (`pattern`, `return_to`): the visitor's data in
/// that demo is deleted, through the demo API.
pub async fn reset(State(site): State<SiteState>, request: Request) -> Response {
    let (sandbox, is_new) = sandbox::of_visitor(request.headers());
    let Ok(body) = axum::body::to_bytes(request.into_body(), crate::api::input::BODY_LIMIT_BYTES).await else {
        return ApiError::validation("", "the form is too large").into_response();
    };
    let (form, return_to) = match parse(&body) {
        Ok(parsed) => parsed,
        Err(err) => return err.into_response(),
    };
    let Some(pattern) = form.pattern.filter(|p| PATTERNS.contains(&p.as_str())) else {
        return form_error(&return_to, &ApiError::validation("pattern", "pattern must be one of the five demos"));
    };
    if is_new {
        // Nothing to reset: this browser had no sandbox yet.
        return back_with(&return_to, &sandbox);
    }
    let reply = ApiClient::new(site.api.clone(), sandbox).send(Method::DELETE, &format!("/demos/{pattern}/api/sandbox"), None).await;
    let location = match reply.trace_id {
        Some(id) => with_query(&format!("{return_to}#demo"), "demo_trace", &id),
        None => format!("{return_to}#demo"),
    };
    if reply.status.is_success() {
        Redirect::to(&location).into_response()
    } else {
        let message = serde_json::from_slice::<app::demo::model::ErrorBody>(&reply.body)
            .map_or_else(|_| format!("the reset failed ({})", reply.status), |body| body.error.message);
        form_error(&return_to, &ApiError::new(reply.status, "reset_failed", message))
    }
}
