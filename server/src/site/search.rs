//! `/search?q=` (a page, works without JavaScript) and `/search.json?q=`
//! (what the header's search box fetches as you type).

use app::search::{SearchHit, SearchResults};
use axum::body::Body;
use axum::extract::{RawQuery, Request, State};
use axum::http::Method;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Deserialize;

use super::SiteState;
use crate::api::ApiError;

/// Results shown on the page; the box shows fewer.
const PAGE_LIMIT: usize = 20;
const BOX_LIMIT: usize = 8;
/// Longer queries are cut: nobody searches with a paragraph.
const MAX_QUERY_CHARS: usize = 200;

#[derive(Debug, Default, Deserialize)]
pub struct SearchQuery {
    #[serde(default)]
    q: String,
}

/// A query string that does not parse searches for nothing.
fn parse(raw: Option<&str>) -> SearchQuery {
    raw.and_then(|q| serde_html_form::from_str(q).ok()).unwrap_or_default()
}

async fn results(site: &SiteState, query: &str, limit: usize) -> Result<SearchResults, sqlx::Error> {
    let query: String = query.chars().take(MAX_QUERY_CHARS).collect();
    let hits = site.content.current().search.search(&query, limit).await?;
    let hits = hits.into_iter().map(|h| SearchHit { page: h.page, section: h.section, url: h.url, snippet: h.snippet }).collect();
    Ok(SearchResults { query, hits })
}

/// `GET /search.json?q=`.
pub async fn json(State(site): State<SiteState>, RawQuery(raw): RawQuery) -> Response {
    let query = parse(raw.as_deref()).q;
    match results(&site, &query, BOX_LIMIT).await {
        Ok(results) => Json(results).into_response(),
        Err(err) => ApiError::internal(err).into_response(),
    }
}

/// Middleware on `GET /search`: the results go into the request's
/// extensions, where the search page finds them.
pub async fn load(State(site): State<SiteState>, mut request: Request<Body>, next: Next) -> Response {
    if request.method() == Method::GET && request.uri().path() == "/search" {
        let query = parse(request.uri().query());
        match results(&site, &query.q, PAGE_LIMIT).await {
            Ok(results) => {
                request.extensions_mut().insert(results);
            }
            Err(err) => tracing::error!(error = %err, "search failed"),
        }
    }
    next.run(request).await
}
