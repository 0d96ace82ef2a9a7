//! Configuration from the environment, with defaults that need no set-up.
//!
//! | variable | default | meaning |
//! |---|---|---|
//! | `LEPTOS_SITE_ADDR` | `127.0.0.1:3000` | address to listen on |
//! | `LEPTOS_SITE_ROOT` | `target/site` | the built assets (CSS, JS, WASM, `public/`) |
//! | `DATA_DIR` | `./data` | SQLite files of the demos; created if missing |
//! | `CONTENT_DIR` | `./content` | the guide's markdown |
//! | `SANDBOX_TTL_SECS` | `86400` | a sandbox idle this long loses its demo data |
//! | `LEPTOS_ENV` | `PROD` | `DEV` adds the live-reload script (cargo-leptos sets it) |
//! | `RUST_LOG` | `info` | log filter (`tracing-subscriber` syntax) |

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use anyhow::Context;
use leptos::config::{Env, LeptosOptions};

/// The output name cargo-leptos gives the CSS/JS/WASM (`Cargo.toml`).
const OUTPUT_NAME: &str = "patterns-live";

#[derive(Clone, Debug)]
pub struct Config {
    pub leptos: LeptosOptions,
    pub data_dir: PathBuf,
    pub content_dir: PathBuf,
    /// Sandboxes idle this long lose their data.
    pub sandbox_ttl: Duration,
    /// `EDIT_URL_TEMPLATE`, e.g. `https://github.com/o/r/edit/main/content/{file}`:
    /// each page links to its source; no link when unset.
    pub edit_url_template: Option<String>,
    pub guard: crate::guard::GuardConfig,
}

impl Config {
    pub fn from_env() -> anyhow::Result<Self> {
        // Read here rather than by `leptos::config::get_configuration`, which
        // wants an output name baked in by cargo-leptos; plain `cargo build`s
        // (tests, the CLI) have none, and the name is fixed anyway.
        let site_addr = env_or("LEPTOS_SITE_ADDR", "127.0.0.1:3000");
        let leptos = LeptosOptions::builder()
            .output_name(OUTPUT_NAME)
            .site_root(env_or("LEPTOS_SITE_ROOT", "target/site"))
            .site_pkg_dir(env_or("LEPTOS_SITE_PKG_DIR", "pkg"))
            .site_addr(
                site_addr
                    .parse::<SocketAddr>()
                    .with_context(|| format!("LEPTOS_SITE_ADDR {site_addr:?} is not an address like 127.0.0.1:3000"))?,
            )
            // `cargo leptos watch` sets LEPTOS_WATCH; either makes a development run.
            .env(if env_or("LEPTOS_ENV", "PROD").eq_ignore_ascii_case("DEV") || env_or("LEPTOS_WATCH", "false") == "true" {
                Env::DEV
            } else {
                Env::PROD
            })
            .reload_port(env_or("LEPTOS_RELOAD_PORT", "3001").parse::<u32>().context("LEPTOS_RELOAD_PORT must be a port number")?)
            .build();
        Ok(Self {
            leptos,
            data_dir: env_or("DATA_DIR", "./data").into(),
            content_dir: env_or("CONTENT_DIR", "./content").into(),
            sandbox_ttl: Duration::from_secs(
                env_or("SANDBOX_TTL_SECS", "86400").parse().context("SANDBOX_TTL_SECS must be a number of seconds")?,
            ),
            edit_url_template: std::env::var("EDIT_URL_TEMPLATE").ok().filter(|v| !v.trim().is_empty()),
            guard: guard_from_env()?,
        })
    }

    /// Whether this is a development run (`cargo leptos watch`).
    pub fn is_dev(&self) -> bool {
        self.leptos.env == Env::DEV
    }
}

fn guard_from_env() -> anyhow::Result<crate::guard::GuardConfig> {
    let defaults = crate::guard::GuardConfig::default();
    let number = |name: &str, default: u64| -> anyhow::Result<u64> {
        env_or(name, &default.to_string()).parse().with_context(|| format!("{name} must be a whole number"))
    };
    Ok(crate::guard::GuardConfig {
        max_in_flight: number("MAX_IN_FLIGHT", defaults.max_in_flight as u64)? as usize,
        request_timeout: Duration::from_secs(number("REQUEST_TIMEOUT_SECS", defaults.request_timeout.as_secs())?),
        header_timeout: Duration::from_secs(number("HEADER_TIMEOUT_SECS", defaults.header_timeout.as_secs())?),
        tls: env_or("BEHIND_TLS", "false") == "true",
        max_data_bytes: number("MAX_DATA_BYTES", defaults.max_data_bytes)?,
        address_per_second: number("ADDRESS_RATE_PER_SECOND", defaults.address_per_second)?,
    })
}

fn env_or(name: &str, default: &str) -> String {
    std::env::var(name).ok().filter(|v| !v.is_empty()).unwrap_or_else(|| default.to_owned())
}
