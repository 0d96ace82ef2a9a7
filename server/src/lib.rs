//! The Patterns Live server: configuration, the content pipeline and the
//! router. `main.rs` only wires these together; tests build the real app
//! through [`router`].

pub mod api;
pub mod clock;
pub mod config;
pub mod content;
pub mod db;
pub mod demos;
mod http;
pub mod password;
pub mod rules;
mod site;
pub mod telemetry;
pub mod trace;

use std::sync::Arc;

use app::guide::Guide;
use axum::extract::FromRef;
use leptos::config::LeptosOptions;

pub use http::router;

/// What every handler may need. Cheap to clone: all parts are shared.
#[derive(Clone)]
pub struct AppState {
    pub leptos: LeptosOptions,
    pub guide: Arc<Guide>,
    pub demos: demos::Demos,
    pub traces: Arc<trace::TraceStore>,
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos.clone()
    }
}
