//! Links and images, checked once the whole guide is rendered: only then are
//! every page's path and heading ids known.
//!
//! - A link from the site root (`/patterns/clean#use-cases`) or within the
//!   page (`#cons`) must name a page of the guide and, with a fragment, an id
//!   that page has (a heading, an included code block, a footnote). Routes
//!   the app serves beside the guide ([`ROUTES`]) and files under `public/`
//!   are fine too.
//! - A relative link (`clean.md`, `../choosing`) is refused: pages live at
//!   different depths (`/`, `/patterns/clean`), so it would break somewhere.
//! - External links (`https:`, `mailto:` …) are not checked.
//! - An image must have alt text and, unless external, be a file under
//!   `public/` named from the site root (`/diagram.svg`).

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use super::error::ContentError;
use super::markdown::Reference;

/// What the check needs of one rendered page.
pub struct PageLinks {
    pub file: PathBuf,
    /// Where the page is served, from `app::guide::path_for_slug`.
    pub path: String,
    pub anchors: HashSet<String>,
    /// Its links and images, at lines of the markdown file itself.
    pub references: Vec<Reference>,
}

/// Paths the app serves that are not guide pages: the demo API (`/demos`
/// and everything below), the comparison page, search, the health check.
const ROUTES: [&str; 4] = ["/demos", "/compare", "/search", "/healthz"];

/// Checks every link and image of `pages`. `public` is the folder served at
/// the site root. When `complete` is false some file has no page (its front
/// matter is broken), so a link to an unknown page may well point at it and
/// is not reported: the front-matter error is the one to fix.
pub fn check(pages: &[PageLinks], public: &Path, complete: bool, errors: &mut Vec<ContentError>) {
    let anchors_at: HashMap<&str, &HashSet<String>> = pages.iter().map(|page| (page.path.as_str(), &page.anchors)).collect();
    for page in pages {
        for reference in &page.references {
            let mut report = |message: String| errors.push(ContentError::new(&page.file, reference.line, message));
            match &reference.image {
                Some(alt) => check_image(&reference.url, alt, public).into_iter().for_each(&mut report),
                None => {
                    if let Err(message) = check_link(&reference.url, page, &anchors_at, public, complete) {
                        report(message);
                    }
                }
            }
        }
    }
}

/// What a URL points at.
enum Target<'a> {
    /// Another site, or a scheme such as `mailto:`.
    External,
    /// A path of this site (`None`: the page itself) and a fragment.
    Local {
        path: Option<&'a str>,
        fragment: &'a str,
    },
    Relative,
}

fn classify(url: &str) -> Target<'_> {
    if url.starts_with("//") || has_scheme(url) {
        return Target::External;
    }
    let (before, fragment) = url.split_once('#').unwrap_or((url, ""));
    let path = before.split('?').next().unwrap_or_default();
    if path.is_empty() && url.starts_with('#') {
        Target::Local { path: None, fragment }
    } else if path.starts_with('/') {
        Target::Local { path: Some(path), fragment }
    } else {
        Target::Relative
    }
}

/// `https:`, `mailto:` …: letters, digits, `+ - .` before a colon that comes
/// before any `/`, `?` or `#`.
fn has_scheme(url: &str) -> bool {
    let Some(colon) = url.find(':') else { return false };
    let scheme = &url[..colon];
    scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

fn check_link(
    url: &str,
    page: &PageLinks,
    anchors_at: &HashMap<&str, &HashSet<String>>,
    public: &Path,
    complete: bool,
) -> Result<(), String> {
    let (path, fragment) = match classify(url) {
        Target::External => return Ok(()),
        Target::Relative if url.is_empty() => return Err("a link has no destination".into()),
        Target::Relative => return Err(format!("link `{url}` is relative: write it from the site root, like `/patterns/clean#use-cases`")),
        Target::Local { path, fragment } => (path.unwrap_or(&page.path), fragment),
    };
    if let Some(anchors) = anchors_at.get(path) {
        if fragment.is_empty() || anchors.contains(fragment) {
            return Ok(());
        }
        let on = if path == page.path { "this page".to_owned() } else { format!("`{path}`") };
        return Err(format!("broken link `{url}`: {on} has no heading or code block with id `{fragment}`"));
    }
    let is_route = ROUTES.iter().any(|route| path == *route || path.strip_prefix(route).is_some_and(|rest| rest.starts_with('/')));
    if is_route || public_file(public, path).is_some() || !complete {
        return Ok(());
    }
    Err(format!("broken link `{url}`: no page at `{path}`"))
}

fn check_image(url: &str, alt: &str, public: &Path) -> Vec<String> {
    let mut problems = Vec::new();
    if alt.trim().is_empty() {
        problems.push(format!("image `{url}` needs alt text saying what it shows: ![alt text]({url})"));
    }
    match classify(url) {
        Target::External => {}
        Target::Local { path: Some(path), .. } => {
            if public_file(public, path).is_none() {
                problems.push(format!("image `{url}` not found: no file {}", public.join(path.trim_start_matches('/')).display()));
            }
        }
        Target::Local { path: None, .. } | Target::Relative => {
            problems.push(format!("image `{url}` must be a path from the site root, like `/diagram.svg`, of a file under `public/`"));
        }
    }
    problems
}

/// The file under `public` that site path `path` serves, if there is one.
fn public_file(public: &Path, path: &str) -> Option<PathBuf> {
    let relative = path.trim_start_matches('/');
    if relative.is_empty() || relative.split('/').any(|part| part == "..") {
        return None;
    }
    let file = public.join(relative);
    file.is_file().then_some(file)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(path: &str, anchors: &[&str], links: &[(usize, &str)]) -> PageLinks {
        PageLinks {
            file: PathBuf::from(format!("{}.md", path.trim_start_matches('/'))),
            path: path.to_owned(),
            anchors: anchors.iter().map(|a| a.to_string()).collect(),
            references: links.iter().map(|(line, url)| Reference { line: *line, url: url.to_string(), image: None }).collect(),
        }
    }

    fn messages(pages: &[PageLinks], complete: bool) -> Vec<(usize, String)> {
        let public = tempfile::tempdir().unwrap();
        std::fs::write(public.path().join("robots.txt"), "").unwrap();
        let mut errors = Vec::new();
        check(pages, public.path(), complete, &mut errors);
        errors.into_iter().map(|e| (e.line, e.message)).collect()
    }

    #[test]
    fn links_to_pages_headings_routes_public_files_and_other_sites_resolve() {
        let links = [
            (1, "/choosing"),
            (2, "/choosing#matrix"),
            (3, "#cons"),
            (4, "/demos/openapi.json"),
            (5, "/compare"),
            (6, "/healthz"),
            (7, "/robots.txt"),
            (8, "https://example.com/x#y"),
            (9, "mailto:a@example.com"),
            (10, "/choosing?x=1#matrix"),
            (11, "#"),
        ];
        let pages = [page("/patterns/clean", &["cons"], &links), page("/choosing", &["matrix"], &[])];
        assert_eq!(messages(&pages, true), []);
    }

    #[test]
    fn unknown_pages_missing_anchors_and_relative_links_are_reported_on_their_lines() {
        let links = [(3, "/nowhere"), (4, "/choosing#ghost"), (5, "#gone"), (6, "clean.md"), (7, "/demosx")];
        let pages = [page("/patterns/clean", &[], &links), page("/choosing", &["matrix"], &[])];
        let found = messages(&pages, true);
        let lines: Vec<usize> = found.iter().map(|(line, _)| *line).collect();
        assert_eq!(lines, [3, 4, 5, 6, 7], "{found:#?}");
        assert!(found[0].1.contains("no page at `/nowhere`"));
        assert!(found[1].1.contains("`/choosing` has no heading or code block with id `ghost`"));
        assert!(found[2].1.contains("this page has no heading"));
        assert!(found[3].1.contains("relative"));
    }

    #[test]
    fn an_unknown_page_is_not_reported_while_a_file_has_no_page() {
        let pages = [page("/", &[], &[(1, "/broken-front-matter")])];
        assert_eq!(messages(&pages, false), []);
    }

    #[test]
    fn images_need_alt_text_and_a_file_under_public() {
        let public = tempfile::tempdir().unwrap();
        std::fs::write(public.path().join("a.svg"), "<svg/>").unwrap();
        assert!(check_image("/a.svg", "A diagram", public.path()).is_empty());
        assert!(check_image("https://example.com/b.png", "B", public.path()).is_empty());
        assert!(check_image("/a.svg", " ", public.path())[0].contains("alt text"));
        assert!(check_image("/b.png", "B", public.path())[0].contains("not found"));
        assert!(check_image("b.png", "B", public.path())[0].contains("site root"));
        assert!(check_image("/../a.svg", "A", public.path())[0].contains("not found"));
    }
}
