//! The pattern picker on "Choosing a pattern" (placeholder; being built).

use leptos::prelude::*;

/// Rendered below the article of the `choosing` page.
#[component]
pub fn Picker() -> impl IntoView {
    view! { <section id="picker" aria-labelledby="picker-title"><h2 id="picker-title">"Which pattern fits?"</h2></section> }
}
