//! Rate limits: token buckets that allow a burst, then a steady pace.
//!
//! Keyed by sandbox for the demos' writes: a workshop room shares one
//! network address, so an address alone would throttle everyone for one
//! enthusiastic attendee. The address is only a coarse outer limit, on
//! every request. A flood is answered 429 with `Retry-After`. Memory stays
//! bounded: past `capacity` keys, the idlest half is forgotten (a forgotten
//! key starts again with a full bucket, which errs on the generous side).

use std::collections::HashMap;
use std::hash::Hash;
use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use axum::body::Body;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::api::sandbox::SandboxId;
use crate::api::ApiError;

#[derive(Debug, Clone, Copy)]
pub struct Rate {
    /// Requests allowed at once.
    pub burst: f64,
    /// Requests per second after that.
    pub per_second: f64,
}

/// A sandbox may write in bursts of 300, then 30 per second: a room of 200
/// sharing one sandbox clicks at human pace; a script flooding it does not.
pub const SANDBOX_WRITES: Rate = Rate { burst: 300.0, per_second: 30.0 };
const CAPACITY: usize = 100_000;

pub struct Limiter<K> {
    rate: Rate,
    buckets: Mutex<HashMap<K, Bucket>>,
}

#[derive(Clone, Copy)]
struct Bucket {
    tokens: f64,
    at: Instant,
}

impl<K: Hash + Eq + Clone> Limiter<K> {
    pub fn new(rate: Rate) -> Arc<Self> {
        Arc::new(Self { rate, buckets: Mutex::new(HashMap::new()) })
    }

    /// Takes a token for `key`; `Err(seconds)` until one is free.
    pub fn check(&self, key: &K) -> Result<(), u64> {
        self.check_at(key, Instant::now())
    }

    fn check_at(&self, key: &K, now: Instant) -> Result<(), u64> {
        let mut buckets = self.buckets.lock().unwrap_or_else(|p| p.into_inner());
        if buckets.len() >= CAPACITY && !buckets.contains_key(key) {
            let mut by_age: Vec<(K, Instant)> = buckets.iter().map(|(k, b)| (k.clone(), b.at)).collect();
            by_age.sort_by_key(|(_, at)| *at);
            for (key, _) in by_age.into_iter().take(CAPACITY / 2) {
                buckets.remove(&key);
            }
        }
        let rate = self.rate;
        let bucket = buckets.entry(key.clone()).or_insert(Bucket { tokens: rate.burst, at: now });
        let elapsed = now.saturating_duration_since(bucket.at).as_secs_f64();
        bucket.tokens = (bucket.tokens + elapsed * rate.per_second).min(rate.burst);
        bucket.at = now;
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            Ok(())
        } else {
            Err(((1.0 - bucket.tokens) / rate.per_second).ceil().max(1.0) as u64)
        }
    }
}

fn too_many(retry_after: u64, message: &str) -> Response {
    let mut response = ApiError::new(StatusCode::TOO_MANY_REQUESTS, "rate_limited", message).into_response();
    if let Ok(value) = HeaderValue::from_str(&retry_after.to_string()) {
        response.headers_mut().insert(header::RETRY_AFTER, value);
    }
    response
}

/// On the demo edge, inside sandbox resolution: writes per sandbox.
pub async fn per_sandbox(State(limiter): State<Arc<Limiter<SandboxId>>>, request: Request<Body>, next: Next) -> Response {
    let is_write = !matches!(*request.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    if let (true, Some(sandbox)) = (is_write, request.extensions().get::<SandboxId>()) {
        if let Err(wait) = limiter.check(sandbox) {
            return too_many(wait, "your sandbox is sending changes too fast; slow down a little");
        }
    }
    next.run(request).await
}

/// Around everything: a coarse limit per network address (when known).
pub async fn per_address(State(limiter): State<Arc<Limiter<IpAddr>>>, request: Request<Body>, next: Next) -> Response {
    if let Some(ConnectInfo(peer)) = request.extensions().get::<ConnectInfo<SocketAddr>>() {
        if let Err(wait) = limiter.check(&peer.ip()) {
            return too_many(wait, "too many requests from your network; slow down a little");
        }
    }
    next.run(request).await
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    #[test]
    fn a_burst_passes_then_the_pace_is_kept() {
        let limiter = Limiter::new(Rate { burst: 3.0, per_second: 2.0 });
        let start = Instant::now();
        for _ in 0..3 {
            assert!(limiter.check_at(&"a", start).is_ok());
        }
        assert_eq!(limiter.check_at(&"a", start), Err(1), "the burst is spent");
        assert!(limiter.check_at(&"b", start).is_ok(), "keys are independent");
        assert!(limiter.check_at(&"a", start + Duration::from_millis(500)).is_ok(), "half a second buys one at 2/s");
        assert!(limiter.check_at(&"a", start + Duration::from_millis(500)).is_err());
    }
}
