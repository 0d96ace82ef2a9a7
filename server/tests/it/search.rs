//! Search over the real guide: ranking, partial words, hostile queries, and
//! the page that works without JavaScript.

use app::search::SearchResults;

use crate::helpers::app;

async fn search(query: &str) -> SearchResults {
    let app = app().await;
    let reply = app.get(&format!("/search.json?q={}", urlencode(query))).await;
    assert_eq!(reply.status, 200, "{query}: {}", reply.body);
    serde_json::from_str(&reply.body).unwrap()
}

fn urlencode(text: &str) -> String {
    text.bytes().map(|b| if b.is_ascii_alphanumeric() { (b as char).to_string() } else { format!("%{b:02X}") }).collect()
}

#[tokio::test]
async fn ports_and_adapters_ranks_the_hexagonal_page_first() {
    let results = search("ports adapters").await;
    assert!(results.hits[0].url.starts_with("/patterns/hexagonal"), "{:#?}", results.hits);
}

#[tokio::test]
async fn projection_finds_cqrs() {
    let results = search("projection").await;
    assert!(results.hits.iter().take(3).any(|h| h.url.starts_with("/patterns/cqrs")), "{:#?}", results.hits);
    assert!(results.hits.iter().all(|h| h.snippet.contains('\u{2}')
        || h.section.to_lowercase().contains("projection")
        || h.page.to_lowercase().contains("projection")));
}

#[tokio::test]
async fn word_starts_and_parts_of_words_match() {
    assert!(search("hexag").await.hits.iter().any(|h| h.url.starts_with("/patterns/hexagonal")), "prefix");
    assert!(search("xagona").await.hits.iter().any(|h| h.url.starts_with("/patterns/hexagonal")), "substring via trigrams");
}

#[tokio::test]
async fn results_link_to_section_anchors_that_exist() {
    let app = app().await;
    let results = search("outbox").await;
    assert!(!results.hits.is_empty());
    for hit in &results.hits {
        let (path, anchor) = hit.url.split_once('#').unwrap_or((&hit.url, ""));
        let page = app.get(path).await;
        assert_eq!(page.status, 200, "{}", hit.url);
        if !anchor.is_empty() {
            assert!(page.body.contains(&format!("id=\"{anchor}\"")), "{}", hit.url);
        }
    }
}

#[tokio::test]
async fn fts_syntax_in_a_query_is_only_text() {
    for query in ["\"", "*", "(", ")", "NEAR", "-", "ports\" OR \"x", "a AND", "NEAR(a b)", "^x", "col:x", "'; DROP TABLE words; --", ""] {
        let app = app().await;
        let reply = app.get(&format!("/search.json?q={}", urlencode(query))).await;
        assert_eq!(reply.status, 200, "{query:?}: {}", reply.body);
        let page = app.get(&format!("/search?q={}", urlencode(query))).await;
        assert_eq!(page.status, 200, "{query:?}");
    }
}

#[tokio::test]
async fn the_search_page_works_without_javascript_and_escapes_the_query() {
    let app = app().await;
    let page = app.get("/search?q=ports+adapters").await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("<mark>"), "matched words are marked");
    assert!(page.body.contains("href=\"/patterns/hexagonal"));
    let page = app.get("/search?q=%3Cimg+src%3Dx+onerror%3Dalert(1)%3E").await;
    assert_eq!(page.status, 200);
    assert!(!page.body.contains("<img src=x"), "the query is text");
    assert!(page.body.contains("No results for"));
    let page = app.get("/search?q=%3C%2Ftitle%3E%3Cscript%3Ealert(1)%3C%2Fscript%3E").await;
    assert!(!page.body.contains("<script>alert(1)"), "not even in the <title>");
}
