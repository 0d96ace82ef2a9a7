//! The rendered guide as plain data: what the server's content pipeline
//! produces at start-up and the pages read while rendering.
//!
//! Nothing here knows about markdown; `html` is finished, trusted markup made
//! once by the server, so a request only clones it into the page.

use std::sync::Arc;

/// The five patterns; each has a page at `/patterns/{slug}` and a demo backend.
pub const PATTERNS: [&str; 5] = ["layered", "clean", "hexagonal", "microservices", "cqrs"];

/// Every page of the guide, in reading order (front matter `order`).
#[derive(Debug, Clone, Default)]
pub struct Guide {
    pub pages: Vec<Page>,
}

/// One rendered markdown file.
#[derive(Debug, Clone)]
pub struct Page {
    pub slug: String,
    pub title: String,
    pub summary: String,
    pub order: i64,
    /// The demo backend shown under the article, when the page has one.
    pub demo: Option<String>,
    /// Finished article HTML: headings with ids, highlighted code, inline SVG.
    pub html: Arc<str>,
    /// The h2/h3 headings, for the on-page table of contents.
    pub toc: Vec<TocEntry>,
    /// The markdown file, relative to the content folder (`hexagonal.md`).
    pub source: String,
    /// The blocks of included source code, so a demo trace can link to them.
    pub code: Vec<crate::demo::model::CodeRef>,
}

/// A heading the on-page table of contents links to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TocEntry {
    pub level: u8,
    pub id: String,
    pub text: String,
}

impl Page {
    /// The URL path of a page, decided by its slug: `index` is the home page,
    /// the five patterns live under `/patterns/`, anything else at the top.
    pub fn path(&self) -> String {
        path_for_slug(&self.slug)
    }
}

/// See [`Page::path`]; shared with the content checks that resolve links.
pub fn path_for_slug(slug: &str) -> String {
    if slug == "index" {
        "/".to_owned()
    } else if PATTERNS.contains(&slug) {
        format!("/patterns/{slug}")
    } else {
        format!("/{slug}")
    }
}

impl Guide {
    /// The page served at `path`, if any.
    pub fn page_at(&self, path: &str) -> Option<(usize, &Page)> {
        self.pages.iter().enumerate().find(|(_, page)| page.path() == path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_index_page_is_the_home_page_and_patterns_live_under_patterns() {
        assert_eq!(path_for_slug("index"), "/");
        assert_eq!(path_for_slug("hexagonal"), "/patterns/hexagonal");
        assert_eq!(path_for_slug("choosing"), "/choosing");
    }
}
