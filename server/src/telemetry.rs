//! Logging and trace recording, installed once per process.
//!
//! Two layers with their own filters: the log output follows `RUST_LOG`
//! (default `info`), while the trace recorder always sees the demo spans and
//! sqlx's statements, whatever the log level.

use tracing_subscriber::filter::{LevelFilter, Targets};
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;
use tracing_subscriber::{EnvFilter, Layer};

use crate::trace::RecorderLayer;

pub fn init() {
    let log_filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    let recorded = Targets::new().with_target("server", LevelFilter::TRACE).with_target("sqlx::query", LevelFilter::TRACE);
    // A second call (tests build many apps in one process) keeps the first.
    let _ = tracing_subscriber::registry()
        .with(tracing_subscriber::fmt::layer().with_filter(log_filter))
        .with(RecorderLayer.with_filter(recorded))
        .try_init();
}
