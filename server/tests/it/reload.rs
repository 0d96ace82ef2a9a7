//! Content hot reload (development): a saved file is served on the next
//! request without a restart; a broken one keeps the last good version and
//! says what is wrong.

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use server::content::{self, Highlighter};
use server::published::{Live, Published};

/// A copy of the real content beside a link to the real sources, so the
/// pages' `{{#include ../server/...}}` still resolve.
fn content_copy() -> tempfile::TempDir {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("content")).unwrap();
    for entry in std::fs::read_dir(root.join("content")).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, dir.path().join("content").join(path.file_name().unwrap())).unwrap();
    }
    std::os::unix::fs::symlink(root.join("server").canonicalize().unwrap(), dir.path().join("server")).unwrap();
    dir
}

fn retitle(file: &Path, title: &str) {
    let text = std::fs::read_to_string(file).unwrap();
    let line = text.lines().find(|l| l.starts_with("title = ")).unwrap().to_owned();
    std::fs::write(file, text.replacen(&line, &format!("title = \"{title}\""), 1)).unwrap();
}

async fn live_over(dir: &Path) -> Live {
    let guide = content::load_guide(&dir.join("content"), &Highlighter::new()).unwrap();
    Live::new(Published::new(guide).await.unwrap())
}

fn title_of(live: &Live, slug: &str) -> String {
    live.current().guide.pages.iter().find(|p| p.slug == slug).unwrap().title.clone()
}

#[tokio::test]
async fn a_reload_serves_the_new_content_and_a_broken_one_keeps_the_last_good() {
    let dir = content_copy();
    let live = live_over(dir.path()).await;
    let layered = dir.path().join("content/layered.md");

    retitle(&layered, "Layered, reloaded");
    server::reload::reload(&dir.path().join("content"), &live, Arc::new(Highlighter::new())).await;
    assert_eq!(title_of(&live, "layered"), "Layered, reloaded");
    assert!(live.problem().is_none());
    let hits = live.current().search.search("reloaded", 5).await.unwrap();
    assert!(hits.iter().any(|h| h.url.starts_with("/patterns/layered")), "the search index follows");

    std::fs::write(&layered, std::fs::read_to_string(&layered).unwrap().replacen("title = ", "titel = ", 1)).unwrap();
    server::reload::reload(&dir.path().join("content"), &live, Arc::new(Highlighter::new())).await;
    assert_eq!(title_of(&live, "layered"), "Layered, reloaded", "the last good version keeps serving");
    let problem = live.problem().expect("the problem is kept for the page");
    assert!(problem.contains("layered.md:"), "{problem}");
}

#[tokio::test]
async fn the_watcher_reloads_on_save_and_tells_open_pages() {
    let dir = content_copy();
    let live = live_over(dir.path()).await;
    let reloads = server::reload::watch(dir.path().join("content"), live.clone()).unwrap();
    let mut told = reloads.subscribe();
    tokio::time::sleep(Duration::from_millis(100)).await;
    retitle(&dir.path().join("content/cqrs.md"), "CQRS, saved");
    tokio::time::timeout(Duration::from_secs(10), told.recv()).await.expect("a reload event").unwrap();
    assert_eq!(title_of(&live, "cqrs"), "CQRS, saved");
}
