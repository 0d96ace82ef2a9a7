//! Search: the results page (`/search?q=`, server-rendered, works without
//! JavaScript) and the header's search box, an island that shows results
//! as you type. The server does the searching (SQLite FTS5); this side only
//! shows what it found. Snippets mark matched words with two control
//! characters, which become `<mark>` elements here — never HTML from the
//! index.

use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use serde::{Deserialize, Serialize};

use crate::layout::Layout;

/// Where a snippet's matched words start and end.
pub const MARK_START: char = '\u{2}';
pub const MARK_END: char = '\u{3}';

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchResults {
    pub query: String,
    pub hits: Vec<SearchHit>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchHit {
    pub page: String,
    pub section: String,
    pub url: String,
    pub snippet: String,
}

/// A snippet as runs of text, each marked (matched) or not.
pub fn runs(snippet: &str) -> Vec<(String, bool)> {
    let mut runs = Vec::new();
    let mut current = String::new();
    let mut marked = false;
    for c in snippet.chars() {
        if c == MARK_START || c == MARK_END {
            if !current.is_empty() {
                runs.push((std::mem::take(&mut current), marked));
            }
            marked = c == MARK_START;
        } else {
            current.push(c);
        }
    }
    if !current.is_empty() {
        runs.push((current, marked));
    }
    runs
}

#[component]
fn Snippet(text: String) -> impl IntoView {
    runs(&text)
        .into_iter()
        .map(|(run, marked)| if marked { view! { <mark>{run}</mark> }.into_any() } else { run.into_any() })
        .collect_view()
}

#[component]
pub fn SearchPage() -> impl IntoView {
    let results = loaded().unwrap_or_default();
    let query = results.query.clone();
    // Never the query: leptos_meta writes a title's text unescaped, so a
    // query like `</title><script>` would become markup.
    let title = if query.is_empty() { "Search · Patterns Live" } else { "Search results · Patterns Live" };
    let count = results.hits.len();
    let hits = results
        .hits
        .into_iter()
        .map(|hit| {
            let heading = if hit.section == hit.page { hit.page.clone() } else { format!("{} › {}", hit.page, hit.section) };
            view! {
                <li>
                    <a href=hit.url>{heading}</a>
                    <p class="snippet"><Snippet text=hit.snippet/></p>
                </li>
            }
        })
        .collect_view();
    view! {
        <Title text=title/>
        <Meta name="description" content="Search the Patterns Live guide."/>
        <Layout current="/search".to_owned()>
            <div class="page search-page">
                <h1 id="page-title" class="page-title">"Search"</h1>
                <form method="get" action="/search" role="search" class="search-form">
                    <label for="search-page-q">"Search the guide"</label>
                    <input id="search-page-q" name="q" type="search" value=query.clone()/>
                    <button type="submit">"Search"</button>
                </form>
                {(!query.is_empty()).then(|| {
                    view! {
                        <h2 id="results-title">
                            {match count {
                                0 => format!("No results for “{query}”"),
                                1 => format!("1 result for “{query}”"),
                                n => format!("{n} results for “{query}”"),
                            }}
                        </h2>
                        <ol class="search-results" aria-labelledby="results-title">{hits}</ol>
                    }
                })}
            </div>
        </Layout>
    }
}

fn loaded() -> Option<SearchResults> {
    #[cfg(feature = "ssr")]
    {
        use_context::<http::request::Parts>().and_then(|parts| parts.extensions.get::<SearchResults>().cloned())
    }
    #[cfg(not(feature = "ssr"))]
    {
        None
    }
}

/// The header's search box: a plain GET form to `/search`; with JavaScript,
/// a combobox whose results appear as you type (debounced), walked with the
/// arrow keys, opened with Enter, closed with Escape.
#[island]
pub fn SearchBox() -> impl IntoView {
    let hits = RwSignal::new(Vec::<SearchHit>::new());
    let open = RwSignal::new(false);
    let active = RwSignal::new(None::<usize>);
    let generation = StoredValue::new(0u32);

    let on_input = move |ev: leptos::ev::Event| {
        let query = event_target_value(&ev);
        generation.update_value(|g| *g += 1);
        let mine = generation.get_value();
        leptos::task::spawn_local(async move {
            crate::demo::client::sleep(150).await;
            if generation.get_value() != mine {
                return; // a newer keystroke took over
            }
            if query.trim().is_empty() {
                hits.set(Vec::new());
                open.set(false);
                return;
            }
            let url = format!("/search.json?q={}", encode(&query));
            if let Ok(results) = crate::demo::client::get::<SearchResults>(&url).await {
                if generation.get_value() == mine {
                    hits.set(results.hits);
                    active.set(None);
                    open.set(true);
                }
            }
        });
    };
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        let count = hits.with(Vec::len);
        match ev.key().as_str() {
            "ArrowDown" if count > 0 => {
                ev.prevent_default();
                open.set(true);
                active.update(|a| *a = Some(a.map_or(0, |i| (i + 1) % count)));
            }
            "ArrowUp" if count > 0 => {
                ev.prevent_default();
                active.update(|a| *a = Some(a.map_or(count - 1, |i| (i + count - 1) % count)));
            }
            "Enter" => {
                if let Some(hit) = active.get().and_then(|i| hits.with(|h| h.get(i).cloned())) {
                    ev.prevent_default();
                    let _ = window().location().set_href(&hit.url);
                }
            }
            "Escape" => {
                open.set(false);
                active.set(None);
            }
            _ => {}
        }
    };
    let expanded = move || if open.get() && !hits.with(Vec::is_empty) { "true" } else { "false" };
    view! {
        <form method="get" action="/search" role="search" class="search-box">
            <label for="search-q">"Search"</label>
            <input
                id="search-q"
                name="q"
                type="search"
                autocomplete="off"
                role="combobox"
                aria-autocomplete="list"
                aria-controls="search-suggestions"
                aria-expanded=expanded
                aria-activedescendant=move || active.get().map(|i| format!("search-option-{i}"))
                on:input=on_input
                on:keydown=on_keydown
                on:blur=move |_| set_timeout(move || open.set(false), std::time::Duration::from_millis(200))
            />
            <ul id="search-suggestions" role="listbox" aria-label="Search results" class="search-suggestions" hidden=move || expanded() == "false">
                {move || {
                    hits.get()
                        .into_iter()
                        .enumerate()
                        .map(|(i, hit)| {
                            let heading = if hit.section == hit.page { hit.page.clone() } else { format!("{} › {}", hit.page, hit.section) };
                            view! {
                                <li
                                    id=format!("search-option-{i}")
                                    role="option"
                                    aria-selected=move || if active.get() == Some(i) { "true" } else { "false" }
                                >
                                    <a href=hit.url tabindex="-1">
                                        <span class="hit-title">{heading}</span>
                                        <span class="snippet"><Snippet text=hit.snippet/></span>
                                    </a>
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ul>
        </form>
    }
}

/// Percent-encodes a query for a URL.
fn encode(text: &str) -> String {
    let mut out = String::new();
    for byte in text.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => out.push(byte as char),
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snippets_become_marked_and_plain_runs() {
        let snippet = format!("a {MARK_START}port{MARK_END} and {MARK_START}adapter{MARK_END}");
        assert_eq!(runs(&snippet), [("a ".into(), false), ("port".into(), true), (" and ".into(), false), ("adapter".into(), true)]);
        assert_eq!(runs("<b>x</b>"), [("<b>x</b>".to_owned(), false)], "text stays text");
    }

    #[test]
    fn queries_are_percent_encoded() {
        assert_eq!(encode("ports & adapters"), "ports%20%26%20adapters");
    }
}
