//! The Patterns Live server: configuration, the content pipeline and the
//! router. `main.rs` only wires these together; tests build the real app
//! through [`router`].

pub mod api;
pub mod clock;
pub mod config;
pub mod content;
pub mod db;
pub mod demos;
pub mod guard;
mod http;
pub mod password;
pub mod published;
pub mod reload;
pub mod rules;
pub mod search;
mod site;
pub mod telemetry;
pub mod trace;

use std::sync::Arc;

use axum::extract::FromRef;
use leptos::config::LeptosOptions;

pub use http::router;

/// What every handler may need. Cheap to clone: all parts are shared.
#[derive(Clone)]
pub struct AppState {
    pub leptos: LeptosOptions,
    /// The rendered guide and its search index (replaced on reload in dev).
    pub content: published::Live,
    pub demos: demos::Demos,
    pub traces: Arc<trace::TraceStore>,
    pub options: app::SiteOptions,
    pub guards: guard::Guards,
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos.clone()
    }
}
