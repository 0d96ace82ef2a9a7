//! The light/dark switch.
//!
//! The theme is the `data-theme` attribute on `<html>`, set before the first
//! paint by the shell's boot script from the reader's saved choice; without
//! one, the CSS follows the system. This island only changes and saves it.

use leptos::prelude::*;

const STORAGE_KEY: &str = "theme";

#[island]
pub fn ThemeToggle() -> impl IntoView {
    let dark = RwSignal::new(false);
    // Learn the theme actually showing (saved choice or system) once awake.
    Effect::new(move |_| dark.set(showing_dark()));
    let toggle = move |_| {
        let next = !dark.get_untracked();
        dark.set(next);
        apply(next);
    };
    view! {
        <button
            type="button"
            class="theme-toggle"
            aria-pressed=move || if dark.get() { "true" } else { "false" }
            on:click=toggle
        >
            <span class="theme-icon" aria-hidden="true"></span>
            <span class="theme-label">"Dark theme"</span>
        </button>
    }
}

fn showing_dark() -> bool {
    let root = document().document_element();
    match root.and_then(|r| r.get_attribute("data-theme")).as_deref() {
        Some("dark") => true,
        Some("light") => false,
        _ => window().match_media("(prefers-color-scheme: dark)").ok().flatten().is_some_and(|query| query.matches()),
    }
}

fn apply(dark: bool) {
    let theme = if dark { "dark" } else { "light" };
    if let Some(root) = document().document_element() {
        let _ = root.set_attribute("data-theme", theme);
    }
    // Private browsing may refuse storage; the choice then lasts for the page.
    if let Ok(Some(storage)) = window().local_storage() {
        let _ = storage.set_item(STORAGE_KEY, theme);
    }
}
