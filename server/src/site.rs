//! The guide's pages, rendered by the Leptos app with the guide as context,
//! and the static files cargo-leptos builds into `LEPTOS_SITE_ROOT`.

use app::{shell, App};
use axum::Router;
use leptos::prelude::provide_context;
use leptos_axum::{file_and_error_handler_with_context, generate_route_list, LeptosRoutes};

use crate::AppState;

pub fn routes(state: &AppState) -> Router<AppState> {
    let guide = state.guide.clone();
    let context = move || provide_context(guide.clone());
    let leptos = state.leptos.clone();
    Router::new()
        .leptos_routes_with_context(state, generate_route_list(App), context.clone(), move || shell(leptos.clone()))
        // A file from the site root if there is one, else the app's 404 page.
        .fallback(file_and_error_handler_with_context::<AppState, _>(context, shell))
}
