//! The site's 404 page: the same frame as every page, status 404.

use leptos::prelude::*;
use leptos_meta::{Meta, Title};

use crate::layout::Layout;

#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    {
        if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
            response.set_status(http::StatusCode::NOT_FOUND);
        }
    }
    view! {
        <Title text="Page not found · Patterns Live"/>
        <Meta name="description" content="This page does not exist in the Patterns Live guide."/>
        <Layout current=String::new()>
            <article class="article not-found">
                <h1 class="page-title">"Page not found"</h1>
                <p>"There is no page at this address. It may have moved, or the link may be mistyped."</p>
                <p><a href="/">"Go to the overview"</a>" or pick a pattern from the guide."</p>
            </article>
        </Layout>
    }
}
