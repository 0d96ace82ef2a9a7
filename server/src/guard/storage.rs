//! A cap on stored data: the demo databases together may not grow past a
//! size, or one visitor's script could fill the disk for everyone. A
//! background task measures the files; once over, writes are refused with
//! 507 and a clear message until expiry or resets free space.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::api::ApiError;

#[derive(Clone, Default)]
pub struct Storage {
    full: Arc<AtomicBool>,
}

impl Storage {
    /// Measures `data_dir` every few seconds against `max_bytes`.
    pub fn watch(data_dir: PathBuf, max_bytes: u64) -> Self {
        let storage = Self::default();
        let full = storage.full.clone();
        tokio::spawn(async move {
            loop {
                let dir = data_dir.clone();
                let used = tokio::task::spawn_blocking(move || used_bytes(&dir)).await.unwrap_or(0);
                let over = used > max_bytes;
                if over != full.swap(over, Ordering::Relaxed) {
                    tracing::warn!(used, max_bytes, over, "demo storage cap");
                }
                tokio::time::sleep(Duration::from_secs(5)).await;
            }
        });
        storage
    }

    pub fn is_full(&self) -> bool {
        self.full.load(Ordering::Relaxed)
    }

    /// For tests: pretend the cap was reached (or not).
    pub fn set_full(&self, full: bool) {
        self.full.store(full, Ordering::Relaxed);
    }
}

fn used_bytes(dir: &std::path::Path) -> u64 {
    std::fs::read_dir(dir)
        .map(|entries| entries.flatten().filter_map(|e| e.metadata().ok()).filter(|m| m.is_file()).map(|m| m.len()).sum())
        .unwrap_or(0)
}

/// Creating things is refused while full; reading and deleting still work.
pub async fn refuse_when_full(State(storage): State<Storage>, request: Request<Body>, next: Next) -> Response {
    if storage.is_full() && matches!(*request.method(), Method::POST | Method::PUT | Method::PATCH) {
        return ApiError::new(
            StatusCode::INSUFFICIENT_STORAGE,
            "storage_full",
            "the demos' storage is full right now; reset your sandbox or try again later",
        )
        .into_response();
    }
    next.run(request).await
}
