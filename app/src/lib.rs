//! The Leptos UI of Patterns Live.
//!
//! The site runs in islands mode: every page is rendered on the server and only
//! the few interactive parts (`islands/`) ship as WebAssembly. That keeps a
//! guide page as light as a static one while the theme toggle and copy buttons
//! still work. This crate never depends on the server: the server renders the
//! markdown into the plain types of [`guide`] and hands them over as context.

#![recursion_limit = "256"]

pub mod demo;
pub mod guide;
pub mod islands;
mod layout;
mod pages;
pub mod picker;
pub mod search;
mod shell;

pub use shell::{shell, App};

/// How the server runs the site, provided to every page as context.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SiteOptions {
    /// Development: pages listen for content changes and reload.
    pub live_reload: bool,
    /// `EDIT_URL_TEMPLATE`: `{file}` becomes the page's markdown file.
    pub edit_url_template: Option<String>,
    /// Development: why the last content reload failed (the page shows it).
    pub problem: Option<String>,
    /// The demo panel's WebAssembly files in a split build (`/pkg/….wasm`):
    /// pattern pages ask the browser to fetch them at once, instead of only
    /// once the main WebAssembly has started and asks for them.
    pub panel_wasm: Vec<String>,
}

/// The entry point the browser calls: wakes up the islands, nothing else.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_islands();
}
