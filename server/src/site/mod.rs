//! The guide's pages, rendered by the Leptos app with the guide as context,
//! the site's own form endpoints (sandbox controls, compare), and the static
//! files cargo-leptos builds into `LEPTOS_SITE_ROOT`.
//!
//! Pages that show demo data get it from the demo API, in-process
//! ([`client`]): middleware loads it into the request before the page
//! renders ([`panel`], [`compare`]). Rendered pages are kept while what they
//! show is current ([`page_cache`]).

mod client;
mod compare;
mod page_cache;
mod panel;
mod sandbox_forms;
mod search;

use app::{shell, App};
use axum::routing::{get, post};
use axum::{middleware, Router};
use leptos::prelude::provide_context;
use leptos_axum::{file_and_error_handler_with_context, generate_route_list, LeptosRoutes};

use crate::published::Live;
use crate::AppState;

/// What the site's own handlers need: the published content, and the demo
/// API to call.
#[derive(Clone)]
pub struct SiteState {
    content: Live,
    api: Router,
    cache: page_cache::PageCache,
}

/// `api` is the demo API router the pages call in-process.
pub fn routes(state: &AppState, api: Router) -> Router<AppState> {
    let content = state.content.clone();
    let options = app::SiteOptions { panel_wasm: split_files(&state.leptos, "demo_panel_loader"), ..state.options.clone() };
    // Per request: a reload in development shows on the next page.
    let context = move || {
        // A fresh nonce per page for its inline scripts (see the shell's CSP).
        leptos::nonce::provide_nonce();
        provide_context(content.current().guide.clone());
        provide_context(app::SiteOptions { problem: content.problem().map(|p| p.to_string()), ..options.clone() });
    };
    let leptos = state.leptos.clone();
    // Off in development, where the guide changes under the server.
    let cache = page_cache::PageCache::new(state.demos.changes.clone(), !state.options.live_reload);
    let site = SiteState { content: state.content.clone(), api, cache };
    let pages = Router::new()
        .leptos_routes_with_context(state, generate_route_list(App), context.clone(), move || shell(leptos.clone()))
        .layer(middleware::from_fn_with_state(site.clone(), panel::load))
        .layer(middleware::from_fn_with_state(site.clone(), compare::load))
        .layer(middleware::from_fn_with_state(site.clone(), search::load))
        .layer(middleware::from_fn_with_state(site.clone(), page_cache::serve));
    let forms = Router::new()
        .route("/sandbox/join", post(sandbox_forms::join))
        .route("/sandbox/leave", post(sandbox_forms::leave))
        .route("/sandbox/reset", post(sandbox_forms::reset))
        .route("/compare", post(compare::run))
        .route("/search.json", get(search::json))
        .layer(axum::extract::DefaultBodyLimit::max(crate::api::input::BODY_LIMIT_BYTES))
        .with_state(site);
    pages
        .merge(forms)
        // A file from the site root if there is one, else the app's 404 page.
        .fallback(file_and_error_handler_with_context::<AppState, _>(context, shell))
}

/// The WebAssembly files a lazy island needs in a split build, as paths
/// (`/pkg/split_….wasm`), read from cargo-leptos' `__wasm_split_manifest.json`
/// once; none without a split build.
fn split_files(options: &leptos::config::LeptosOptions, island: &str) -> Vec<String> {
    let pkg = options.site_pkg_dir.to_string();
    let manifest = std::path::Path::new(&*options.site_root).join(&pkg).join("__wasm_split_manifest.json");
    let Ok(text) = std::fs::read_to_string(manifest) else { return Vec::new() };
    let Ok(chunks) = serde_json::from_str::<std::collections::BTreeMap<String, Vec<String>>>(&text) else { return Vec::new() };
    chunks
        .into_iter()
        .filter(|(name, _)| name.starts_with(island))
        .flat_map(|(_, files)| files)
        .filter(|file| file.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_'))
        .map(|file| format!("/{pkg}/{file}.wasm"))
        .collect()
}
