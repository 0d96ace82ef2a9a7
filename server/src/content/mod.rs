//! The content pipeline: `content/*.md` in, an [`app::guide::Guide`] out.
//!
//! It runs once at start-up (and again on change in development), never per
//! request. Each file goes through the same steps:
//!
//! 1. [`front_matter`] splits off and checks the TOML between `+++` lines;
//! 2. [`include`] expands `{{#include path:anchor}}` from real source files,
//!    keeping a map back to the markdown's own line numbers;
//! 3. [`markdown`] parses with pulldown-cmark and renders the HTML itself for
//!    the parts the site styles: headings get ids, anchors and a TOC entry,
//!    code fences go to [`highlight`] (an unknown language is an error),
//!    `svgbob` fences to [`diagram`] (an empty drawing is an error),
//!    `> [!NOTE]` blockquotes to [`callout`]; it also collects every link
//!    and image with its line.
//!
//! Once every page is rendered, [`links`] checks the links against the pages'
//! paths and ids, and the images against `public/` (beside the content
//! folder).
//!
//! Every problem becomes a [`ContentError`] with file and line; all of them are
//! collected and returned together so a maintainer fixes them in one pass. The
//! same rules run at start-up and in `server check-content`.

mod callout;
mod diagram;
mod error;
mod front_matter;
mod highlight;
mod include;
mod links;
mod markdown;
mod slug;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use app::demo::model::CodeRef;
use app::guide::{path_for_slug, Guide, Page};

pub use error::{ContentError, ContentErrors};
pub use highlight::Highlighter;
use links::PageLinks;

/// Renders every markdown file of `dir`, in front-matter order.
pub fn load_guide(dir: &Path, highlighter: &Highlighter) -> Result<Guide, ContentErrors> {
    let mut errors = Vec::new();
    let files = match markdown_files(dir) {
        Ok(files) => files,
        Err(err) => {
            return Err(ContentErrors(vec![ContentError::new(dir, 0, format!("cannot read the content folder: {err}"))]));
        }
    };
    if files.is_empty() {
        errors.push(ContentError::new(dir, 0, "the content folder has no markdown files"));
    }

    let mut pages = Vec::new();
    let mut page_links = Vec::new();
    let mut complete = true;
    for (rendered, file_errors) in render_files(&files, highlighter) {
        complete &= rendered.is_some();
        if let Some((page, links)) = rendered {
            pages.push(page);
            page_links.push(links);
        }
        errors.extend(file_errors);
    }
    check_unique_slugs(&files, &pages, &mut errors);
    links::check(&page_links, &public_dir(dir), complete, &mut errors);

    if !errors.is_empty() {
        errors.sort();
        return Err(ContentErrors(errors));
    }
    pages.sort_by(|a, b| a.order.cmp(&b.order).then_with(|| a.slug.cmp(&b.slug)));
    Ok(Guide { pages })
}

/// The folder served at the site root: `public/` beside the content folder.
fn public_dir(content: &Path) -> PathBuf {
    let content = content.canonicalize().unwrap_or_else(|_| content.to_path_buf());
    content.parent().unwrap_or(Path::new(".")).join("public")
}

/// One file rendered: its page and what the link check needs of it (unless
/// the front matter is unusable), and its problems.
type RenderedFile = (Option<(Page, PageLinks)>, Vec<ContentError>);

/// Renders the files on all cores: start-up time is mostly highlighting.
fn render_files(files: &[PathBuf], highlighter: &Highlighter) -> Vec<RenderedFile> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).clamp(1, files.len().max(1));
    std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|worker| {
                scope.spawn(move || {
                    files.iter().skip(worker).step_by(threads).map(|file| render_file(file, highlighter)).collect::<Vec<_>>()
                })
            })
            .collect();
        workers.into_iter().flat_map(|w| w.join().expect("a content rendering thread panicked")).collect()
    })
}

fn render_file(file: &Path, highlighter: &Highlighter) -> RenderedFile {
    let mut errors = Vec::new();
    let started = std::time::Instant::now();
    let page = match std::fs::read_to_string(file) {
        Ok(source) => render_page(file, &source, highlighter, &mut errors),
        Err(err) => {
            errors.push(ContentError::new(file, 0, format!("cannot read file: {err}")));
            None
        }
    };
    tracing::debug!(file = %file.display(), elapsed_us = started.elapsed().as_micros() as u64, "page rendered");
    (page, errors)
}

/// Renders one markdown file, and keeps what the link check needs. Errors
/// go to `errors`; `None` when the page cannot be built at all (its front
/// matter is unusable). Public for the fuzz targets (`fuzz/`), which feed it
/// any text.
pub fn render_page(file: &Path, source: &str, highlighter: &Highlighter, errors: &mut Vec<ContentError>) -> Option<(Page, PageLinks)> {
    let (meta, body) = match front_matter::split(source) {
        Ok(parts) => parts,
        Err(err) => {
            errors.push(ContentError::new(file, err.line, err.message));
            return None;
        }
    };
    let expanded = include::expand(body.text, body.first_line, file, errors);
    let rendered = markdown::render(&expanded, highlighter);
    for problem in rendered.problems {
        errors.push(ContentError::new(file, expanded.original_line(problem.line), problem.message));
    }
    let references = rendered
        .references
        .into_iter()
        .map(|reference| markdown::Reference { line: expanded.original_line(reference.line), ..reference })
        .collect();
    let links = PageLinks { file: file.to_path_buf(), path: path_for_slug(&meta.slug), anchors: rendered.anchors, references };
    let page = Page {
        slug: meta.slug,
        title: meta.title,
        summary: meta.summary,
        order: meta.order,
        demo: meta.demo,
        html: Arc::from(rendered.html),
        toc: rendered.toc,
        source: file.file_name().map(|f| f.to_string_lossy().into_owned()).unwrap_or_default(),
        code: rendered.code.into_iter().map(|(id, source)| code_ref(file, id, &source)).collect(),
    };
    Some((page, links))
}

/// Names an included file as the server's trace does: relative to the
/// repository (the content folder's parent), e.g. `server/src/demos/…`.
fn code_ref(markdown: &Path, id: String, source: &include::Included) -> CodeRef {
    let repository = markdown.parent().and_then(Path::parent).and_then(|p| p.canonicalize().ok());
    let file = source.file.canonicalize().unwrap_or_else(|_| source.file.clone());
    let relative = repository.as_deref().and_then(|root| file.strip_prefix(root).ok()).unwrap_or(&file);
    CodeRef { id, file: relative.to_string_lossy().replace('\\', "/"), start: source.start, end: source.end }
}

fn markdown_files(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.extension().is_some_and(|ext| ext == "md") {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}

fn check_unique_slugs(files: &[PathBuf], pages: &[Page], errors: &mut Vec<ContentError>) {
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for page in pages {
        *seen.entry(page.slug.as_str()).or_default() += 1;
    }
    for (slug, count) in seen {
        if count > 1 {
            let dir = files.first().and_then(|f| f.parent()).unwrap_or(Path::new("."));
            errors.push(ContentError::new(dir, 0, format!("{count} pages share the slug `{slug}`")));
        }
    }
}

#[cfg(test)]
mod tests;
