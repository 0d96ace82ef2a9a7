//! The frame every page shares: skip link, header, sidebar, main, footer.

use std::sync::Arc;

use leptos::prelude::*;

use crate::guide::Guide;
use crate::islands::ThemeToggle;

/// Wraps a page's content. `current` is the path of the page being shown, so
/// the sidebar can mark it for sighted and screen-reader users alike.
#[component]
pub fn Layout(current: String, children: Children) -> impl IntoView {
    let guide = use_context::<Arc<Guide>>().unwrap_or_default();
    let problem = use_context::<crate::SiteOptions>().and_then(|o| o.problem);
    let links = guide
        .pages
        .iter()
        .map(|page| {
            let path = page.path();
            let is_current = path == current;
            view! {
                <li>
                    <a href=path aria-current=is_current.then_some("page")>
                        {page.title.clone()}
                    </a>
                </li>
            }
        })
        .collect_view();

    view! {
        <a class="skip-link" href="#content">"Skip to content"</a>
        <header class="site-header">
            <a class="brand" href="/">
                <span class="brand-mark" aria-hidden="true"></span>
                "Patterns Live"
            </a>
            <crate::search::SearchBox/>
            <nav class="header-nav" aria-label="Tools">
                <a href="/compare" aria-current=(current == "/compare").then_some("page")>"Compare all five"</a>
            </nav>
            <ThemeToggle/>
        </header>
        <div class="layout">
            <nav class="sidebar" aria-label="Guide">
                <ol>{links}</ol>
            </nav>
            <main id="content" tabindex="-1">
                {problem.map(|problem| {
                    view! {
                        <div class="dev-problem" role="alert">
                            <p>"The content could not be reloaded; this is the last good version. Fix:"</p>
                            <pre>{problem}</pre>
                        </div>
                    }
                })}
                {children()}
            </main>
        </div>
        <footer class="site-footer">
            <p>
                "Patterns Live teaches backend architecture by letting you touch it. "
                "Every example is real, compiled and tested Rust."
            </p>
        </footer>
    }
}
