//! Any text as a page of the guide: the content pipeline (front matter,
//! includes, markdown, highlighting, diagrams, callouts, then the guide-wide
//! link and slug checks) must never panic. Errors are fine: they are how
//! the pipeline says no.
//!
//! An input starting with `\u{1}` gets valid front matter put in front, so
//! most of the fuzzing reaches the markdown rather than stopping at TOML.
//! Includes may only reach the fuzzer's own temporary folder (a page that
//! includes `/dev/zero` is not a bug of the server's).
#![no_main]

use std::path::{Component, Path, PathBuf};
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use server::content::{load_guide, render_page, Highlighter};

const FRONT_MATTER: &str = "+++\ntitle = \"Fuzzed\"\nslug = \"fuzzed\"\norder = 1\nsummary = \"A page.\"\n+++\n";

/// `root/content/page.md` (the page), `root/src/lib.rs` (something to
/// include), `root/public/` (where images are looked for).
struct Site {
    _root: PathBuf,
    content: PathBuf,
    page: PathBuf,
    highlighter: Highlighter,
}

fn site() -> &'static Site {
    static SITE: OnceLock<Site> = OnceLock::new();
    SITE.get_or_init(|| {
        let root = std::env::temp_dir().join(format!("patterns-live-fuzz-{}", std::process::id()));
        let content = root.join("content");
        std::fs::create_dir_all(&content).expect("create the content folder");
        std::fs::create_dir_all(root.join("src")).expect("create the src folder");
        std::fs::create_dir_all(root.join("public")).expect("create the public folder");
        std::fs::write(root.join("src/lib.rs"), "// ANCHOR: add\npub fn add(a: i32, b: i32) -> i32 {\n    a + b\n}\n// ANCHOR_END: add\n")
            .expect("write the included file");
        std::fs::write(root.join("public/logo.svg"), "<svg/>").expect("write the image");
        Site { page: content.join("page.md"), content, _root: root, highlighter: Highlighter::new() }
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let source = match text.strip_prefix('\u{1}') {
        Some(body) => format!("{FRONT_MATTER}{body}"),
        None => text.to_owned(),
    };
    if !includes_stay_inside(&source) {
        return;
    }
    let site = site();
    let mut errors = Vec::new();
    let rendered = render_page(&site.page, &source, &site.highlighter, &mut errors);
    for error in &errors {
        assert!(!error.message.is_empty(), "{error:?}");
    }
    if rendered.is_some() {
        // The guide-wide checks (links, anchors, images, slugs) need the file on disk.
        std::fs::write(&site.page, &source).expect("write the page");
        let _ = load_guide(&site.content, &site.highlighter);
    }
});

/// Whether every `{{#include path…}}` stays in the temporary folder: a
/// relative path with at most one `..`.
fn includes_stay_inside(source: &str) -> bool {
    source.split("{{#include ").skip(1).all(|rest| {
        let spec = rest.split("}}").next().unwrap_or("").trim();
        let path = spec.rsplit_once(':').map_or(spec, |(path, _)| path);
        let path = Path::new(path);
        let parents = path.components().filter(|c| matches!(c, Component::ParentDir)).count();
        parents <= 1 && path.components().all(|c| matches!(c, Component::Normal(_) | Component::CurDir | Component::ParentDir))
    })
}
