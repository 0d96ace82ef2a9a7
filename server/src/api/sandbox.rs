//! Sandboxes: every visitor's demo data is scoped to a code of their own.
//!
//! The code comes from the `X-Sandbox` header or the `sandbox` cookie; when
//! neither is there one is made up and set as a cookie. Codes are
//! self-contained (any instance may issue one, nothing is registered), so a
//! load balancer can hash on them. A code a client picks itself (8–64 of
//! `A-Z a-z 0-9 _ -`) is how a workshop room shares one.

use axum::body::Body;
use axum::extract::Request;
use axum::http::{header, HeaderMap, HeaderValue};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::ApiError;

pub const HEADER: &str = "x-sandbox";
pub const COOKIE: &str = "sandbox";
/// How long the browser keeps the cookie: the idle expiry is enforced server-side.
const COOKIE_MAX_AGE_SECS: u64 = 30 * 24 * 3600;

/// A valid sandbox code. The only way to get one is [`SandboxId::parse`] or
/// [`SandboxId::generate`].
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SandboxId(String);

impl SandboxId {
    pub fn parse(raw: &str) -> Result<Self, ApiError> {
        let ok = (8..=64).contains(&raw.len()) && raw.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
        if ok {
            Ok(Self(raw.to_owned()))
        } else {
            Err(ApiError::validation("sandbox", "a sandbox code is 8 to 64 characters of A-Z, a-z, 0-9, _ and -"))
        }
    }

    pub fn generate() -> Self {
        Self(uuid::Uuid::new_v4().simple().to_string())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Middleware for the demo routes: puts the request's [`SandboxId`] in its
/// extensions, refuses a malformed code with 400, and sets the cookie when
/// it made up a new code.
pub async fn resolve(mut request: Request<Body>, next: Next) -> Response {
    let (sandbox, is_new) = match from_request(&request) {
        Ok(Some(sandbox)) => (sandbox, false),
        Ok(None) => (SandboxId::generate(), true),
        Err(err) => return err.into_response(),
    };
    request.extensions_mut().insert(sandbox.clone());
    let mut response = next.run(request).await;
    // Layers outside this one (the trace) learn the sandbox from the response.
    response.extensions_mut().insert(sandbox.clone());
    if is_new {
        response.headers_mut().append(header::SET_COOKIE, cookie(&sandbox));
    }
    if let Ok(value) = HeaderValue::from_str(sandbox.as_str()) {
        response.headers_mut().insert(HEADER, value);
    }
    response
}

static SECURE_COOKIES: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Behind TLS the cookie is only ever sent over it (`Secure`); set once at start.
pub fn set_secure_cookies(secure: bool) {
    SECURE_COOKIES.store(secure, std::sync::atomic::Ordering::Relaxed);
}

/// The `Set-Cookie` value that makes `sandbox` the browser's sandbox.
pub fn cookie(sandbox: &SandboxId) -> HeaderValue {
    let secure = if SECURE_COOKIES.load(std::sync::atomic::Ordering::Relaxed) { "; Secure" } else { "" };
    // A sandbox code is only ever safe ASCII, so this cannot fail.
    HeaderValue::from_str(&format!("{COOKIE}={}; Path=/; HttpOnly; SameSite=Lax; Max-Age={COOKIE_MAX_AGE_SECS}{secure}", sandbox.as_str()))
        .unwrap_or_else(|_| HeaderValue::from_static("sandbox=; Path=/"))
}

/// The visitor's sandbox for a page (not an API call): a missing or
/// malformed cookie means a fresh one, and `true` that it must be set.
pub fn of_visitor(headers: &HeaderMap) -> (SandboxId, bool) {
    match from_headers(headers) {
        Ok(Some(sandbox)) => (sandbox, false),
        _ => (SandboxId::generate(), true),
    }
}

fn from_request(request: &Request<Body>) -> Result<Option<SandboxId>, ApiError> {
    from_headers(request.headers())
}

fn from_headers(headers: &HeaderMap) -> Result<Option<SandboxId>, ApiError> {
    let request = headers;
    if let Some(value) = request.get(HEADER) {
        let raw = value.to_str().map_err(|_| SandboxId::parse("").unwrap_err())?;
        return SandboxId::parse(raw).map(Some);
    }
    for value in request.get_all(header::COOKIE) {
        let Ok(cookies) = value.to_str() else { continue };
        for pair in cookies.split(';') {
            if let Some((name, raw)) = pair.trim().split_once('=') {
                if name == COOKIE {
                    return SandboxId::parse(raw).map(Some);
                }
            }
        }
    }
    Ok(None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sandbox_codes_are_8_to_64_safe_characters() {
        assert!(SandboxId::parse("room-42_a").is_ok());
        assert!(SandboxId::parse(&"a".repeat(64)).is_ok());
        for bad in ["short", "", "has space", "semi;colon", "ünïcode1", &"a".repeat(65)] {
            let err = SandboxId::parse(bad).unwrap_err();
            assert_eq!(err.field.as_deref(), Some("sandbox"), "{bad:?}");
        }
    }

    #[test]
    fn generated_codes_are_valid_and_distinct() {
        let a = SandboxId::generate();
        assert!(SandboxId::parse(a.as_str()).is_ok());
        assert_ne!(a, SandboxId::generate());
    }
}
