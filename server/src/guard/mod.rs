//! What stands between the open internet (or a room of 200) and the site:
//! limits at the edge, cross-site checks, security headers, rate limits and
//! a cap on stored data. Each part is one small module; `http::router`
//! puts them around everything, the demo edge adds the per-sandbox parts.
//!
//! Invariant: every refusal here is a clear status with the API's error
//! body — 403 cross-site, 408 too slow, 413 too large, 429 too many (with
//! `Retry-After`), 503 overloaded (with `Retry-After`), 507 storage full —
//! never a hang, never an unbounded queue.

pub mod cross_site;
pub mod headers;
pub mod limits;
pub mod rate_limit;
pub mod serve;
pub mod storage;

/// Settings from the environment (see `config.rs`).
#[derive(Debug, Clone)]
pub struct GuardConfig {
    /// Requests in flight before new ones are shed with 503.
    pub max_in_flight: usize,
    /// A request taking longer is answered 408 (demo calls take milliseconds).
    pub request_timeout: std::time::Duration,
    /// A client that has not sent its headers by then is disconnected.
    pub header_timeout: std::time::Duration,
    /// Served behind TLS: cookies get `Secure`, responses HSTS.
    pub tls: bool,
    /// All demo databases together may not grow past this.
    pub max_data_bytes: u64,
    /// Requests per second one network address may send (burst: five
    /// seconds' worth); 0 turns the per-address limit off.
    pub address_per_second: u64,
}

impl Default for GuardConfig {
    fn default() -> Self {
        Self {
            max_in_flight: 512,
            request_timeout: std::time::Duration::from_secs(15),
            header_timeout: std::time::Duration::from_secs(10),
            tls: false,
            max_data_bytes: 2 * 1024 * 1024 * 1024,
            address_per_second: 400,
        }
    }
}

/// The guards' shared state, built once per server.
#[derive(Clone)]
pub struct Guards {
    pub config: GuardConfig,
    pub storage: storage::Storage,
    pub sandboxes: std::sync::Arc<rate_limit::Limiter<crate::api::sandbox::SandboxId>>,
    pub addresses: std::sync::Arc<rate_limit::Limiter<std::net::IpAddr>>,
    pub in_flight: limits::InFlight,
}

impl Guards {
    /// `storage` is measured by a background task (see [`storage::Storage::watch`]).
    pub fn new(config: GuardConfig, storage: storage::Storage) -> Self {
        Self {
            in_flight: limits::InFlight::new(config.max_in_flight),
            storage,
            sandboxes: rate_limit::Limiter::new(rate_limit::SANDBOX_WRITES),
            addresses: rate_limit::Limiter::new(if config.address_per_second == 0 {
                rate_limit::Rate { burst: f64::INFINITY, per_second: f64::INFINITY }
            } else {
                rate_limit::Rate { burst: 5.0 * config.address_per_second as f64, per_second: config.address_per_second as f64 }
            }),
            config,
        }
    }
}

impl Default for Guards {
    fn default() -> Self {
        Self::new(GuardConfig::default(), storage::Storage::default())
    }
}
