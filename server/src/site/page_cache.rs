//! Rendered pages, kept while what they show is current, so a reader who
//! reloads a page (or a room of 200 who open the same one) costs a copy, not
//! a render and four demo API calls.
//!
//! What a page shows, and so when a kept copy is still right:
//! - a guide page without a demo: the published guide, which does not change
//!   while the server runs (the cache is off in development, where it does);
//! - a pattern page: also the visitor's sandbox data, as read through the demo
//!   API. It is kept with the sandbox's [`Version`] read *before* the data,
//!   and only when the data was settled (the loader says so with [`Settled`]:
//!   nothing pending that changes without a write). Any write through the demo
//!   API moves the version, so the next view renders afresh.
//!
//! Only plain `GET`s are kept: a query string (a form's trace or error, a
//! search) always renders. A new visitor (no sandbox cookie yet) renders too.
//! A copy older than [`MAX_AGE`] renders again, so reading keeps a sandbox
//! alive through the demo API as before. The CSP nonce is fresh in every
//! response: a copy is kept cut at its nonce and joined with a new one.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::Response;

use super::SiteState;
use crate::api::sandbox::{self, SandboxId};
use crate::demos::changes::{Changes, Version};

/// How much page HTML is kept in all (the oldest half goes when it is full).
const BUDGET_BYTES: usize = 48 * 1024 * 1024;
/// How long a copy may serve before the page is rendered again.
const MAX_AGE: Duration = Duration::from_secs(60);
/// A page larger than this is not kept (none is near it).
const MAX_PAGE_BYTES: usize = 2 * 1024 * 1024;

/// Put on a pattern page's response by its loader when the demo data it
/// showed cannot change without a write through the demo API.
#[derive(Debug, Clone, Copy)]
pub struct Settled;

#[derive(Clone)]
pub struct PageCache {
    inner: Arc<Inner>,
}

struct Inner {
    enabled: bool,
    changes: Arc<Changes>,
    entries: Mutex<Entries>,
}

#[derive(Default)]
struct Entries {
    pages: HashMap<Key, Kept>,
    bytes: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Key {
    path: String,
    sandbox: Option<SandboxId>,
}

struct Kept {
    version: Option<Version>,
    rendered_at: Instant,
    headers: HeaderMap,
    /// The page cut at each occurrence of its nonce.
    parts: Arc<[Bytes]>,
    nonce: String,
    bytes: usize,
}

impl PageCache {
    /// `enabled` is false in development, where the guide reloads.
    pub fn new(changes: Arc<Changes>, enabled: bool) -> Self {
        Self { inner: Arc::new(Inner { enabled, changes, entries: Default::default() }) }
    }

    fn lookup(&self, key: &Key, version: Option<Version>) -> Option<Response> {
        let entries = self.inner.entries.lock().unwrap_or_else(|e| e.into_inner());
        let kept = entries.pages.get(key)?;
        if kept.version != version || kept.rendered_at.elapsed() > MAX_AGE {
            return None;
        }
        let (headers, parts, old_nonce) = (kept.headers.clone(), kept.parts.clone(), kept.nonce.clone());
        drop(entries);
        Some(respond(headers, &parts, &old_nonce))
    }

    /// Keeps `body` (the page as rendered) and gives back the response.
    fn keep(&self, key: Key, version: Option<Version>, headers: HeaderMap, body: Bytes) -> Response {
        let nonce = nonce_of(&headers);
        let Some(nonce) = nonce.filter(|n| n.len() >= 16 && body.len() <= MAX_PAGE_BYTES) else {
            return rebuilt(headers, body);
        };
        let parts: Arc<[Bytes]> = split_at(&body, nonce.as_bytes()).into();
        let bytes = body.len() + key.path.len();
        let mut entries = self.inner.entries.lock().unwrap_or_else(|e| e.into_inner());
        if entries.bytes + bytes > BUDGET_BYTES {
            entries.forget_oldest_half();
        }
        let kept = Kept { version, rendered_at: Instant::now(), headers: headers.clone(), parts, nonce, bytes };
        entries.bytes += bytes;
        if let Some(old) = entries.pages.insert(key, kept) {
            entries.bytes -= old.bytes;
        }
        drop(entries);
        rebuilt(headers, body)
    }
}

impl Entries {
    fn forget_oldest_half(&mut self) {
        let mut ages: Vec<Instant> = self.pages.values().map(|k| k.rendered_at).collect();
        ages.sort_unstable();
        let Some(&cutoff) = ages.get(ages.len() / 2) else { return };
        self.pages.retain(|_, kept| kept.rendered_at > cutoff);
        self.bytes = self.pages.values().map(|k| k.bytes).sum();
    }
}

/// Middleware around the page routes (outside the pages' loaders).
pub async fn serve(State(site): State<SiteState>, request: Request<Body>, next: Next) -> Response {
    let cache = &site.cache;
    if !cache.inner.enabled || request.method() != Method::GET || request.uri().query().is_some() {
        return next.run(request).await;
    }
    let path = request.uri().path().to_owned();
    let Some(has_demo) = site.content.current().guide.page_at(&path).map(|(_, page)| page.demo.is_some()) else {
        return next.run(request).await;
    };
    let sandbox = if has_demo {
        match sandbox::of_visitor(request.headers()) {
            (sandbox, false) => Some(sandbox),
            // A first visit gets its sandbox cookie from the render.
            (_, true) => return next.run(request).await,
        }
    } else {
        None
    };
    // Read before the page reads any data: see the module's comment.
    let version = sandbox.as_ref().map(|s| cache.inner.changes.version(s));
    let key = Key { path, sandbox };
    if let Some(response) = cache.lookup(&key, version) {
        return response;
    }
    let response = next.run(request).await;
    let settled = !has_demo || response.extensions().get::<Settled>().is_some();
    if !settled || response.status() != StatusCode::OK || response.headers().contains_key(header::SET_COOKIE) {
        return response;
    }
    let (parts, body) = response.into_parts();
    match axum::body::to_bytes(body, MAX_PAGE_BYTES).await {
        Ok(body) => cache.keep(key, version, parts.headers, body),
        Err(_) => Response::builder().status(StatusCode::INTERNAL_SERVER_ERROR).body(Body::empty()).unwrap_or_default(),
    }
}

/// The nonce the page's scripts carry, from its CSP header.
fn nonce_of(headers: &HeaderMap) -> Option<String> {
    let policy = headers.get(header::CONTENT_SECURITY_POLICY)?.to_str().ok()?;
    let start = policy.find("'nonce-")? + "'nonce-".len();
    let end = start + policy[start..].find('\'')?;
    Some(policy[start..end].to_owned())
}

fn split_at(body: &Bytes, needle: &[u8]) -> Vec<Bytes> {
    let mut parts = Vec::new();
    let mut rest = 0;
    for found in memchr::memmem::find_iter(body, needle) {
        parts.push(body.slice(rest..found));
        rest = found + needle.len();
    }
    parts.push(body.slice(rest..));
    parts
}

/// A kept page with a fresh nonce in its scripts and its CSP.
fn respond(mut headers: HeaderMap, parts: &[Bytes], old_nonce: &str) -> Response {
    let nonce = leptos::nonce::Nonce::new().to_string();
    if let Some(policy) = headers.get(header::CONTENT_SECURITY_POLICY).and_then(|v| v.to_str().ok()) {
        if let Ok(value) = HeaderValue::from_str(&policy.replace(old_nonce, &nonce)) {
            headers.insert(header::CONTENT_SECURITY_POLICY, value);
        }
    }
    let mut body = Vec::with_capacity(parts.iter().map(Bytes::len).sum::<usize>() + parts.len() * nonce.len());
    for (i, part) in parts.iter().enumerate() {
        if i > 0 {
            body.extend_from_slice(nonce.as_bytes());
        }
        body.extend_from_slice(part);
    }
    rebuilt(headers, Bytes::from(body))
}

fn rebuilt(mut headers: HeaderMap, body: Bytes) -> Response {
    headers.remove(header::CONTENT_LENGTH);
    headers.remove(header::TRANSFER_ENCODING);
    let mut response = Response::new(Body::from(body));
    *response.headers_mut() = headers;
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_is_cut_at_every_nonce_and_joined_with_a_new_one() {
        let body = Bytes::from_static(b"<script nonce=\"N0NCE\">a</script><p>x</p><script nonce=\"N0NCE\">b</script>");
        let parts = split_at(&body, b"N0NCE");
        assert_eq!(parts.len(), 3);
        let mut headers = HeaderMap::new();
        headers.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static("script-src 'self' 'nonce-N0NCE'"));
        let response = respond(headers, &parts, "N0NCE");
        let policy = response.headers()[header::CONTENT_SECURITY_POLICY].to_str().unwrap().to_owned();
        let fresh = nonce_of(response.headers()).unwrap();
        assert_ne!(fresh, "N0NCE");
        assert!(policy.contains(&format!("'nonce-{fresh}'")));
        let body = body_text(response);
        assert_eq!(body.matches(&fresh).count(), 2);
        assert!(!body.contains("N0NCE"));
    }

    fn body_text(response: Response) -> String {
        let runtime = tokio::runtime::Builder::new_current_thread().build().unwrap();
        let bytes = runtime.block_on(axum::body::to_bytes(response.into_body(), usize::MAX)).unwrap();
        String::from_utf8(bytes.to_vec()).unwrap()
    }

    #[test]
    fn a_nonce_is_read_from_the_policy() {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static("default-src 'self'; script-src 'self' 'nonce-abc123' 'wasm-unsafe-eval'"),
        );
        assert_eq!(nonce_of(&headers).as_deref(), Some("abc123"));
        assert_eq!(nonce_of(&HeaderMap::new()), None);
    }
}
