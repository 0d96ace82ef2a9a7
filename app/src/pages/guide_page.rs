//! A guide page: the article rendered at start-up, its table of contents,
//! prev/next links and, on pattern pages, the place of the live demo.

use std::sync::Arc;

use leptos::prelude::*;
use leptos_meta::{Link, Meta, Title};
use leptos_router::hooks::use_location;

use crate::demo::model::PanelData;
use crate::demo::DemoPanel;
use crate::guide::{Guide, Page, TocEntry};
use crate::islands::CopyCode;
use crate::layout::Layout;
use crate::pages::NotFound;

/// Looks the current path up in the guide; an unknown slug is a 404.
#[component]
pub fn GuidePage() -> impl IntoView {
    let guide = use_context::<Arc<Guide>>().unwrap_or_default();
    let path = use_location().pathname.get_untracked();
    let Some((index, page)) = guide.page_at(&path) else {
        return view! { <NotFound/> }.into_any();
    };
    let prev = index.checked_sub(1).and_then(|i| guide.pages.get(i)).cloned();
    let next = guide.pages.get(index + 1).cloned();
    let page = page.clone();

    view! {
        <Title text=format!("{} · Patterns Live", page.title)/>
        <Meta name="description" content=page.summary.clone()/>
        <Layout current=path>
            <div class="page">
                // The title sits outside the article so that, on a phone,
                // the table of contents can come between the two.
                <h1 id="page-title" class="page-title">{page.title.clone()}</h1>
                <TableOfContents entries=page.toc.clone()/>
                <article class="article" aria-labelledby="page-title" inner_html=page.html.to_string()></article>
                {page.demo.clone().map(|_| view! { <PanelPreloads/><Demo page=page.clone()/> })}
                {(page.slug == "choosing").then(|| view! { <crate::picker::Picker/> })}
                <div class="page-end">
                    {edit_link(&page)}
                    <PrevNext prev next/>
                </div>
            </div>
            <CopyCode/>
        </Layout>
    }
    .into_any()
}

#[component]
fn TableOfContents(entries: Vec<TocEntry>) -> impl IntoView {
    if entries.is_empty() {
        return ().into_any();
    }
    let items = entries
        .into_iter()
        .map(|entry| {
            view! {
                <li class=format!("toc-h{}", entry.level)>
                    <a href=format!("#{}", entry.id)>{entry.text}</a>
                </li>
            }
        })
        .collect_view();
    view! {
        <nav class="toc" aria-labelledby="toc-title">
            <h2 id="toc-title">"On this page"</h2>
            <ol>{items}</ol>
        </nav>
    }
    .into_any()
}

/// `<link rel=preload>` in the head for the panel's WebAssembly (see
/// [`crate::SiteOptions::panel_wasm`]).
#[component]
fn PanelPreloads() -> impl IntoView {
    let files = use_context::<crate::SiteOptions>().map(|o| o.panel_wasm).unwrap_or_default();
    files
        .into_iter()
        .map(|href| view! { <Link rel="preload" href as_="fetch" type_="application/wasm" crossorigin="anonymous"/> })
        .collect_view()
}

/// The live demo panel, filled with what the server loaded through the demo
/// API for this visitor (see `server/src/site/panel.rs`).
#[component]
fn Demo(page: Page) -> impl IntoView {
    let data = loaded_panel().unwrap_or_else(|| PanelData {
        pattern: page.demo.clone().unwrap_or_default(),
        unavailable: Some("the demo could not be loaded; reload the page to try again".into()),
        ..PanelData::default()
    });
    view! {
        <div class="demo-area">
            <DemoPanel data code=page.code.clone() return_to=page.path()/>
            <p class="demo-contract">
                "Backend: " <code>{format!("/demos/{}/api", page.demo.unwrap_or_default())}</code> " · "
                <a href="/demos/openapi.json">"The API contract (OpenAPI)"</a> " · "
                <a href="/compare">"Compare all five backends"</a>
            </p>
        </div>
    }
}

/// The server puts the panel's data in the request's extensions.
fn loaded_panel() -> Option<PanelData> {
    #[cfg(feature = "ssr")]
    {
        use_context::<http::request::Parts>().and_then(|parts| parts.extensions.get::<PanelData>().cloned())
    }
    #[cfg(not(feature = "ssr"))]
    {
        None
    }
}

/// "Edit this page", when the site is configured with a URL template.
fn edit_link(page: &Page) -> Option<impl IntoView> {
    let template = use_context::<crate::SiteOptions>()?.edit_url_template?;
    let href = template.replace("{file}", &page.source);
    Some(view! {
        <p class="edit-page">
            <a href=href rel="noopener">"Edit this page"</a>
        </p>
    })
}

#[component]
fn PrevNext(prev: Option<Page>, next: Option<Page>) -> impl IntoView {
    let link = |page: Page, class: &'static str, label: &'static str| {
        let href = page.path();
        view! {
            <a class=class rel=class href=href>
                <span class="dir">{label}</span>
                <span class="name">{page.title}</span>
            </a>
        }
    };
    view! {
        <nav class="prev-next" aria-label="Previous and next page">
            {prev.map(|page| link(page, "prev", "Previous"))}
            {next.map(|page| link(page, "next", "Next"))}
        </nav>
    }
}
