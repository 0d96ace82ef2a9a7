//! The HTML document around every page and the route table.

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, MetaTags};
use leptos_router::{
    components::{Route, Router, Routes},
    path,
};

use crate::pages::{ComparePage, GuidePage, NotFound};

/// Runs before the first paint, so a reader who chose a theme never sees the
/// other one flash. It only reads a saved choice; without one, CSS follows the
/// system (`prefers-color-scheme`). It also marks the document as scripted so
/// controls that need JavaScript are shown only when they can work.
const THEME_BOOT_SCRIPT: &str = "(function(){var d=document.documentElement;d.classList.add('js');\
try{var t=localStorage.getItem('theme');if(t==='dark'||t==='light'){d.setAttribute('data-theme',t);}}catch(e){}})();";

/// Development only: reload the page when the server says the content
/// changed (server-sent events from `/_dev/reload`).
const LIVE_RELOAD_SCRIPT: &str = "new EventSource('/_dev/reload').onmessage=function(){location.reload();};";

/// The whole HTML document. The server calls this for every page.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    let css = format!("/{}/{}.css", options.site_pkg_dir, options.output_name);
    let live_reload = use_context::<crate::SiteOptions>().is_some_and(|o| o.live_reload);
    let nonce = leptos::nonce::use_nonce();
    #[cfg(feature = "ssr")]
    content_security_policy(nonce.as_deref(), live_reload);
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="color-scheme" content="light dark"/>
                <script nonce=nonce.clone() inner_html=THEME_BOOT_SCRIPT></script>
                <link rel="stylesheet" href=css/>
                <link rel="icon" href="/favicon.svg" type="image/svg+xml"/>
                <AutoReload options=options.clone()/>
                <HydrationScripts options islands=true/>
                <MetaTags/>
                {live_reload.then(|| view! { <script nonce=nonce inner_html=LIVE_RELOAD_SCRIPT></script> })}
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

/// Only the site's own scripts run: its files, the inline scripts carrying
/// this response's nonce, and its WebAssembly. Inline `style` attributes are
/// allowed (the trace indents steps with one); nothing may frame the site.
#[cfg(feature = "ssr")]
fn content_security_policy(nonce: Option<&str>, live_reload: bool) {
    let Some(response) = use_context::<leptos_axum::ResponseOptions>() else { return };
    let nonce = nonce.map(|n| format!(" 'nonce-{n}'")).unwrap_or_default();
    // cargo-leptos' reload socket, in development only.
    let connect = if live_reload { " ws: wss:" } else { "" };
    let policy = format!(
        "default-src 'self'; script-src 'self'{nonce} 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; \
         img-src 'self' data:; connect-src 'self'{connect}; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    );
    if let Ok(value) = http::HeaderValue::from_str(&policy) {
        response.insert_header(http::header::CONTENT_SECURITY_POLICY, value);
    }
}

/// The routes of DESIGN.md. Every guide page is found by its path in the
/// guide, so adding a markdown file needs no new route unless it opens a new
/// top-level path.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    view! {
        <Router>
            <Routes fallback=|| view! { <NotFound/> }>
                <Route path=path!("/") view=GuidePage/>
                <Route path=path!("/patterns/:slug") view=GuidePage/>
                <Route path=path!("/choosing") view=GuidePage/>
                <Route path=path!("/compare") view=ComparePage/>
                <Route path=path!("/search") view=crate::search::SearchPage/>
            </Routes>
        </Router>
    }
}
