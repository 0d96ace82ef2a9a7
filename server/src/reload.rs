//! Development only: content hot reload. A file watcher (notify) sees a
//! markdown file — or a source file a page includes — change, the guide is
//! rendered again off the async runtime, and on success it replaces what
//! is served; open pages hear about it on `GET /_dev/reload` (server-sent
//! events) and reload themselves. On a content error the last good
//! version keeps serving, and the error (file and line) goes to the log and
//! to a banner on the page.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::response::sse::{Event, KeepAlive, Sse};
use axum::routing::get;
use axum::Router;
use notify::Watcher;
use tokio::sync::{broadcast, mpsc};

use crate::content::{self, Highlighter};
use crate::published::{Live, Published};

/// Saves come in bursts (editor temp files, formatters); wait for quiet.
const SETTLE: Duration = Duration::from_millis(80);

/// Tells open pages that the content changed.
#[derive(Clone)]
pub struct Reloads(broadcast::Sender<()>);

impl Reloads {
    /// One message per reload, successful or not.
    pub fn subscribe(&self) -> broadcast::Receiver<()> {
        self.0.subscribe()
    }
}

/// Starts watching `content_dir` and the source folder its pages include
/// from (`<content_dir>/../server/src`). The watcher lives as long as the
/// returned task.
pub fn watch(content_dir: PathBuf, live: Live) -> anyhow::Result<Reloads> {
    let (changes, mut changed) = mpsc::unbounded_channel::<()>();
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        if event.is_ok_and(|e| e.kind.is_modify() || e.kind.is_create() || e.kind.is_remove()) {
            let _ = changes.send(());
        }
    })?;
    watcher.watch(&content_dir, notify::RecursiveMode::Recursive)?;
    let sources = content_dir.join("../server/src");
    if sources.is_dir() {
        watcher.watch(&sources, notify::RecursiveMode::Recursive)?;
    }
    let (reloads, _) = broadcast::channel(16);
    let sender = reloads.clone();
    tokio::spawn(async move {
        let _watcher = watcher;
        let highlighter = Arc::new(Highlighter::new());
        while changed.recv().await.is_some() {
            tokio::time::sleep(SETTLE).await;
            while changed.try_recv().is_ok() {}
            reload(&content_dir, &live, highlighter.clone()).await;
            let _ = sender.send(());
        }
    });
    Ok(Reloads(reloads))
}

/// Renders the content again; on success it is served from now on.
pub async fn reload(content_dir: &Path, live: &Live, highlighter: Arc<Highlighter>) {
    let started = Instant::now();
    let dir = content_dir.to_owned();
    let rendered = tokio::task::spawn_blocking(move || content::load_guide(&dir, &highlighter)).await;
    match rendered {
        Ok(Ok(guide)) => match Published::new(guide).await {
            Ok(published) => {
                live.replace(published);
                tracing::info!(elapsed_ms = started.elapsed().as_millis() as u64, "content reloaded");
            }
            Err(err) => live.fail(format!("the search index could not be built: {err}")),
        },
        Ok(Err(errors)) => {
            tracing::error!("content reload failed; still serving the last good version:\n{errors}");
            live.fail(errors.to_string());
        }
        Err(err) => live.fail(format!("rendering stopped: {err}")),
    }
}

/// `GET /_dev/reload`: one `reload` event per content change.
pub fn routes<S: Clone + Send + Sync + 'static>(reloads: Reloads) -> Router<S> {
    Router::new().route(
        "/_dev/reload",
        get(move || {
            let receiver = reloads.0.subscribe();
            async move {
                let events = futures_util::stream::unfold(receiver, |mut receiver| async move {
                    loop {
                        match receiver.recv().await {
                            Ok(()) => return Some((Ok::<_, std::convert::Infallible>(Event::default().data("reload")), receiver)),
                            Err(broadcast::error::RecvError::Lagged(_)) => continue,
                            Err(broadcast::error::RecvError::Closed) => return None,
                        }
                    }
                });
                Sse::new(events).keep_alive(KeepAlive::default())
            }
        }),
    )
}
