//! Builds the real application over the real content, once per test.

use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use app::guide::Guide;
use axum::body::Body;
use axum::http::{Request, Response};
use http_body_util::BodyExt;
use server::{content, AppState};
use tower::ServiceExt;

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The real guide, rendered once for the whole test binary.
pub fn guide() -> Arc<Guide> {
    static GUIDE: OnceLock<Arc<Guide>> = OnceLock::new();
    GUIDE
        .get_or_init(|| {
            let highlighter = content::Highlighter::new();
            Arc::new(content::load_guide(&repo_root().join("content"), &highlighter).unwrap_or_else(|e| panic!("{e}")))
        })
        .clone()
}

/// Fields drop in order: the app and its demos (and the CQRS projector)
/// before the folders they use.
pub struct TestApp {
    pub router: axum::Router,
    pub demos: server::demos::Demos,
    /// The site root holding static files, as `LEPTOS_SITE_ROOT` would.
    pub site_root: tempfile::TempDir,
    /// `DATA_DIR`: a fresh one per test, so tests never share a database.
    pub _data_dir: tempfile::TempDir,
}

/// The real application over the real content, with fresh demo databases.
pub async fn app() -> TestApp {
    app_in(tempfile::tempdir().unwrap()).await
}

/// The same, over the demo databases in `data_dir`.
pub async fn app_in(data_dir: tempfile::TempDir) -> TestApp {
    app_with(data_dir, Default::default()).await
}

/// The real application with these guards (limits, storage cap …).
pub async fn app_with(data_dir: tempfile::TempDir, guards: server::guard::Guards) -> TestApp {
    app_with_site_files(data_dir, guards, &[]).await
}

/// The same, with these extra files (path, content) in the site root, as a
/// build would leave them.
pub async fn app_with_site_files(data_dir: tempfile::TempDir, guards: server::guard::Guards, files: &[(&str, &str)]) -> TestApp {
    server::telemetry::init();
    let site_root = tempfile::tempdir().unwrap();
    std::fs::write(site_root.path().join("favicon.svg"), "<svg xmlns=\"http://www.w3.org/2000/svg\"/>").unwrap();
    std::fs::create_dir(site_root.path().join("pkg")).unwrap();
    std::fs::write(site_root.path().join("pkg/patterns-live.css"), "body{}".repeat(200)).unwrap();
    for (path, content) in files {
        std::fs::write(site_root.path().join(path), content).unwrap();
    }
    let mut leptos = leptos::config::LeptosOptions::builder().output_name("patterns-live").build();
    leptos.site_root = site_root.path().to_string_lossy().as_ref().into();
    let traces: Arc<server::trace::TraceStore> = Default::default();
    let demos = server::demos::Demos::open(data_dir.path(), traces.clone()).await.unwrap();
    let content = server::published::Live::new(server::published::Published::new((*guide()).clone()).await.unwrap());
    let options = app::SiteOptions { edit_url_template: Some("https://example.com/edit/{file}".into()), ..Default::default() };
    let router = server::router(AppState { leptos, content, demos: demos.clone(), traces, options, guards });
    TestApp { router, site_root, _data_dir: data_dir, demos }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        // The projector runs on its own; stop it before its folder goes.
        self.demos.cqrs.projector.stop();
        self.demos.microservices.stop();
    }
}

pub struct Reply {
    pub status: u16,
    pub headers: axum::http::HeaderMap,
    pub body: String,
}

impl TestApp {
    pub async fn get(&self, path: &str) -> Reply {
        self.send(Request::get(path).body(Body::empty()).unwrap()).await
    }

    pub async fn send(&self, request: Request<Body>) -> Reply {
        let response: Response<Body> = self.router.clone().oneshot(request).await.unwrap();
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        Reply { status, headers, body: String::from_utf8_lossy(&bytes).into_owned() }
    }
}

/// The real application with the per-sandbox write rate lifted, for tests
/// that write more than a person could (quotas, the hostile corpus).
pub async fn app_without_rate_limit() -> TestApp {
    let unlimited = server::guard::rate_limit::Rate { burst: 1e9, per_second: 1e9 };
    let guards = server::guard::Guards { sandboxes: server::guard::rate_limit::Limiter::new(unlimited), ..Default::default() };
    app_with(tempfile::tempdir().unwrap(), guards).await
}
