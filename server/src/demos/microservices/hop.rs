//! A call from one service to another: real HTTP on loopback, with the
//! sandbox and the trace passed along, a timeout, and "unreachable" told
//! apart from "answered".

use std::time::Duration;

use super::edge::{TraceContext, DEPTH_HEADER, TRACE_HEADER};
use crate::api::sandbox::{SandboxId, HEADER as SANDBOX_HEADER};

// ANCHOR: call
/// What came back from a hop.
pub enum Answer {
    Reply {
        status: u16,
        body: Vec<u8>,
        content_type: Option<String>,
        location: Option<String>,
        /// A 405's `Allow`: the gateway passes it on.
        allow: Option<String>,
    },
    /// Refused, reset, or timed out: the service could not be reached.
    Unreachable(String),
}

/// What to send to another service.
pub struct Hop<'a> {
    pub method: reqwest::Method,
    pub url: String,
    pub content_type: Option<&'a str>,
    pub body: Vec<u8>,
    pub timeout: Duration,
}

/// One traced request to another service.
#[tracing::instrument(name = "http", skip_all, fields(kind = "http", detail = %format!("{} {}", hop.method, hop.url)))]
pub async fn call(client: &reqwest::Client, hop: Hop<'_>, sandbox: &SandboxId, trace: &TraceContext) -> Answer {
    let Hop { method, url, content_type, body, timeout } = hop;
    let mut request = client
        .request(method, &url)
        .timeout(timeout)
        .header(SANDBOX_HEADER, sandbox.as_str())
        .header(DEPTH_HEADER, (trace.depth + 2).to_string());
    if let Some(id) = &trace.trace_id {
        request = request.header(TRACE_HEADER, id);
    }
    if let Some(content_type) = content_type {
        request = request.header(reqwest::header::CONTENT_TYPE, content_type);
    }
    match request.body(body).send().await {
        Ok(reply) => {
            let status = reply.status().as_u16();
            let header = |name: reqwest::header::HeaderName| reply.headers().get(name).and_then(|v| v.to_str().ok()).map(str::to_owned);
            let content_type = header(reqwest::header::CONTENT_TYPE);
            let location = header(reqwest::header::LOCATION);
            let allow = header(reqwest::header::ALLOW);
            match reply.bytes().await {
                Ok(body) => Answer::Reply { status, body: body.to_vec(), content_type, location, allow },
                Err(err) => Answer::Unreachable(err.to_string()),
            }
        }
        Err(err) => Answer::Unreachable(err.to_string()),
    }
}
// ANCHOR_END: call
