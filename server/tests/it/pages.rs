//! Every page answers with its title; unknown paths get the site's 404;
//! every internal link of every page leads somewhere real.

use axum::body::Body;
use axum::http::Request;

use crate::helpers::{app, guide};

#[tokio::test]
async fn every_guide_page_answers_200_with_its_title_and_description() {
    let app = app().await;
    for page in &guide().pages {
        let reply = app.get(&page.path()).await;
        assert_eq!(reply.status, 200, "{}", page.path());
        assert!(reply.body.contains(&format!("<title>{} · Patterns Live</title>", page.title)), "{}", page.path());
        assert!(reply.body.contains(&format!("<h1 id=\"page-title\" class=\"page-title\">{}</h1>", page.title)));
        assert!(reply.body.contains("<meta name=\"description\""), "{}", page.path());
        assert!(reply.headers["content-type"].to_str().unwrap().starts_with("text/html"));
    }
}

#[tokio::test]
async fn the_routes_of_the_design_are_served() {
    let app = app().await;
    for path in
        ["/", "/patterns/layered", "/patterns/clean", "/patterns/hexagonal", "/patterns/microservices", "/patterns/cqrs", "/choosing"]
    {
        assert_eq!(app.get(path).await.status, 200, "{path}");
    }
}

#[tokio::test]
async fn unknown_paths_get_the_sites_404_page_with_status_404() {
    let app = app().await;
    for path in ["/nope", "/patterns/mvc", "/patterns", "/choosing/extra", "/pkg/missing.wasm"] {
        let reply = app.get(path).await;
        assert_eq!(reply.status, 404, "{path}");
        assert!(reply.body.contains("Page not found"), "{path}");
        assert!(reply.body.contains("aria-label=\"Guide\""), "the 404 keeps the site's navigation");
    }
}

#[tokio::test]
async fn the_sidebar_lists_pages_in_order_and_marks_the_current_one() {
    let body = app().await.get("/patterns/clean").await.body;
    let positions: Vec<usize> = guide().pages.iter().map(|p| body.find(&format!("href=\"{}\"", p.path())).unwrap()).collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "sidebar order: {positions:?}");
    assert!(body.contains("<a href=\"/patterns/clean\" aria-current=\"page\">"));
    assert_eq!(body.matches("aria-current=\"page\"").count(), 1);
}

#[tokio::test]
async fn pattern_pages_link_to_previous_and_next_and_carry_the_demo_place() {
    let body = app().await.get("/patterns/clean").await.body;
    assert!(body.contains("rel=\"prev\" href=\"/patterns/layered\""), "prev link");
    assert!(body.contains("rel=\"next\" href=\"/patterns/hexagonal\""), "next link");
    assert!(body.contains("id=\"demo\""));
    assert!(body.contains("/demos/clean/api"));
    assert!(body.contains("href=\"/demos/openapi.json\""), "links the API contract");
    let home = app().await.get("/").await.body;
    assert!(!home.contains("rel=\"prev\""), "the first page has no previous page");
    assert!(!home.contains("id=\"demo\""), "the overview has no demo");
}

#[tokio::test]
async fn pages_carry_landmarks_skip_link_toc_and_the_theme_boot_script() {
    let body = app().await.get("/patterns/hexagonal").await.body;
    for needle in [
        "<a href=\"#content\" class=\"skip-link\">Skip to content</a>",
        "<header class=\"site-header\">",
        "<main id=\"content\"",
        "<footer class=\"site-footer\">",
        "<nav aria-labelledby=\"toc-title\" class=\"toc\">",
        "localStorage.getItem('theme')",
        "class=\"theme-toggle\"",
        "<html lang=\"en\"",
    ] {
        assert!(body.contains(needle), "missing {needle}");
    }
    let script = body.find("localStorage.getItem").unwrap();
    let stylesheet = body.find("rel=\"stylesheet\"").unwrap();
    assert!(script < stylesheet, "the theme is set before any styled paint");
}

#[tokio::test]
async fn every_internal_link_and_anchor_on_every_page_resolves() {
    let app = app().await;
    let mut checked = 0;
    for page in &guide().pages {
        let body = app.get(&page.path()).await.body;
        for href in hrefs(&body).filter(|h| h.starts_with('/') && !h.starts_with("/pkg/") && !h.starts_with("/demos/")) {
            let (path, fragment) = href.split_once('#').unwrap_or((href, ""));
            let target = app.get(path).await;
            assert_eq!(target.status, 200, "{} links to {href}", page.path());
            if !fragment.is_empty() {
                assert!(target.body.contains(&format!("id=\"{fragment}\"")), "{} links to missing anchor {href}", page.path());
            }
            checked += 1;
        }
        for href in hrefs(&body).filter(|h| h.starts_with('#') && h.len() > 1) {
            assert!(body.contains(&format!("id=\"{}\"", &href[1..])), "{} has a dangling {href}", page.path());
        }
    }
    assert!(checked > 50, "only {checked} internal links found");
}

fn hrefs(body: &str) -> impl Iterator<Item = &str> {
    body.split("href=\"").skip(1).filter_map(|rest| rest.split('"').next())
}

#[tokio::test]
async fn healthz_answers_ok() {
    let reply = app().await.get("/healthz").await;
    assert_eq!(reply.status, 200);
    assert_eq!(reply.body, "ok");
}

#[tokio::test]
async fn responses_are_compressed_when_the_client_accepts_it() {
    let app = app().await;
    for path in ["/patterns/layered", "/pkg/patterns-live.css"] {
        let request = Request::get(path).header("accept-encoding", "gzip").body(Body::empty()).unwrap();
        let reply = app.send(request).await;
        assert_eq!(reply.status, 200);
        assert_eq!(reply.headers["content-encoding"], "gzip", "{path}");
    }
}

#[tokio::test]
async fn static_files_are_served_with_cache_headers_and_pages_revalidate() {
    let app = app().await;
    let icon = app.get("/favicon.svg").await;
    assert_eq!(icon.status, 200);
    assert_eq!(icon.headers["cache-control"], "public, max-age=86400");
    assert_eq!(app.get("/pkg/patterns-live.css").await.headers["cache-control"], "no-cache");
    assert_eq!(app.get("/").await.headers["cache-control"], "private, no-cache");
    assert_eq!(app.get("/demos/layered/api/users").await.headers["cache-control"], "no-store", "one visitor's data");
    assert_eq!(app.get("/search.json?q=port").await.headers["cache-control"], "no-store");
}

#[tokio::test]
async fn path_traversal_out_of_the_site_root_is_not_served() {
    let app = app().await;
    std::fs::write(app.site_root.path().parent().unwrap().join("secret.txt"), "secret").ok();
    for path in ["/../secret.txt", "/%2e%2e/secret.txt", "/pkg/..%2f..%2fsecret.txt"] {
        let reply = app.get(path).await;
        assert_ne!(reply.status, 200, "{path}");
        assert!(!reply.body.contains("secret"), "{path}");
    }
}

#[tokio::test]
async fn every_guide_page_links_to_its_source_when_an_edit_url_is_configured() {
    let app = crate::helpers::app().await;
    for (path, file) in [("/", "index.md"), ("/patterns/hexagonal", "hexagonal.md"), ("/choosing", "choosing.md")] {
        let page = app.get(path).await;
        assert!(page.body.contains(&format!("href=\"https://example.com/edit/{file}\"")), "{path}");
    }
}

#[tokio::test]
async fn pattern_pages_preload_the_demo_panels_webassembly_from_a_split_build() {
    let manifest = r#"{"demo_panel_loader_1": ["chunk_3", "split_demo_panel_loader_1"], "picker_form_loader_2": ["chunk_3", "split_picker_form_loader_2"]}"#;
    let app = crate::helpers::app_with_site_files(tempfile::tempdir().unwrap(), Default::default(), &[("pkg/__wasm_split_manifest.json", manifest)]).await;
    let pattern = app.get("/patterns/layered").await;
    assert_eq!(pattern.status, 200);
    for file in ["/pkg/chunk_3.wasm", "/pkg/split_demo_panel_loader_1.wasm"] {
        let link = format!(r#"<link as="fetch" crossorigin="anonymous" href="{file}" rel="preload" type="application/wasm">"#);
        let head = &pattern.body[..pattern.body.find("</head>").unwrap()];
        assert!(head.contains(&link), "{file} is preloaded from the head: {head}");
    }
    assert!(!pattern.body.contains("split_picker_form_loader_2"), "only the panel's files");
    let guide = app.get("/").await;
    assert!(!guide.body.contains("/pkg/split_demo_panel_loader_1.wasm"), "a page without the panel preloads none of it");
    // Without a split build (no manifest), nothing is preloaded.
    let plain = crate::helpers::app().await.get("/patterns/layered").await;
    assert!(!plain.body.contains("split_demo_panel_loader"));
}
