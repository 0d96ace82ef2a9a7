//! The live demo backends: one contract (DESIGN.md, "Demo API"), each built
//! in its own pattern under `/demos/{pattern}/api`.
//!
//! Architecture invariant: a demo's folder tree *is* its pattern, it exposes
//! only `router(...)`, demos never import each other and share no tables.
//! What all of them need at the edge — sandboxes, traces, body limits, the
//! error body — is added here, once, around each demo's router.

pub mod changes;
pub mod clean;
pub mod cqrs;
pub mod hexagonal;
pub mod layered;
pub mod microservices;

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::DefaultBodyLimit;
use axum::routing::get;
use axum::{middleware, Extension, Router};
use sqlx::SqlitePool;

use crate::api::{input::BODY_LIMIT_BYTES, sandbox, ApiError};
use crate::guard::{self, Guards};
use crate::trace::{self, TraceStore};

static LAYERED_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("migrations/layered");
static CLEAN_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("migrations/clean");
static HEXAGONAL_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("migrations/hexagonal");
static CQRS_WRITE_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("migrations/cqrs_write");
static CQRS_READ_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("migrations/cqrs_read");

/// The demos' databases, opened and migrated.
#[derive(Clone)]
pub struct Demos {
    pub layered: SqlitePool,
    pub clean: SqlitePool,
    pub hexagonal: SqlitePool,
    /// Two databases (events; views) and the projector between them.
    pub cqrs: cqrs::Cqrs,
    /// Three services on loopback ports and their gateway.
    pub microservices: microservices::Microservices,
    /// Which sandboxes' data changed (every write through [`routes`] says so).
    pub changes: Arc<changes::Changes>,
}

impl Demos {
    /// `traces` receives steps that happen after a response (event deliveries).
    pub async fn open(data_dir: &Path, traces: Arc<TraceStore>) -> anyhow::Result<Self> {
        Ok(Self {
            layered: crate::db::open(data_dir, "layered", &LAYERED_MIGRATIONS).await?,
            clean: crate::db::open(data_dir, "clean", &CLEAN_MIGRATIONS).await?,
            hexagonal: Self::open_hexagonal(data_dir).await?,
            cqrs: cqrs::Cqrs::start(
                crate::db::open(data_dir, "cqrs_write", &CQRS_WRITE_MIGRATIONS).await?,
                crate::db::open(data_dir, "cqrs_read", &CQRS_READ_MIGRATIONS).await?,
                traces.clone(),
            ),
            microservices: microservices::Microservices::start(data_dir, traces, microservices::ExternalServices::from_env()).await?,
            changes: Default::default(),
        })
    }

    /// The hexagonal demo's database alone, for its CLI adapter.
    pub async fn open_hexagonal(data_dir: &Path) -> anyhow::Result<SqlitePool> {
        crate::db::open(data_dir, "hexagonal", &HEXAGONAL_MIGRATIONS).await
    }

    /// Each demo's own database (each has `users` and `sandboxes` tables).
    fn pools(&self) -> [&SqlitePool; 3] {
        [&self.layered, &self.clean, &self.hexagonal]
    }

    /// Deletes the data of sandboxes idle for longer than `ttl`.
    pub async fn expire_idle(&self, ttl: Duration) -> Result<u64, sqlx::Error> {
        let cutoff = i64::try_from(ttl.as_secs()).unwrap_or(i64::MAX);
        let mut expired = 0;
        for pool in self.pools() {
            let mut tx = crate::db::begin_write(pool).await?;
            sqlx::query("DELETE FROM users WHERE sandbox IN (SELECT id FROM sandboxes WHERE last_seen < unixepoch() - ?)")
                .bind(cutoff)
                .execute(&mut *tx)
                .await?;
            let gone = sqlx::query("DELETE FROM sandboxes WHERE last_seen < unixepoch() - ?").bind(cutoff).execute(&mut *tx).await?;
            tx.commit().await?;
            expired += gone.rows_affected();
        }
        expired += self.cqrs.expire_idle(cutoff).await?;
        expired += self.microservices.expire_idle(cutoff).await?;
        if expired > 0 {
            self.changes.touch_all();
        }
        Ok(expired)
    }
}

/// Every demo under `/demos/{pattern}/api`, each wrapped in the shared edge.
pub fn routes<S: Clone + Send + Sync + 'static>(demos: &Demos, traces: Arc<TraceStore>, guards: &Guards) -> Router<S> {
    let edge = |demo: Router| edge(demo, traces.clone(), guards, demos.changes.clone());
    Router::new()
        .nest_service("/demos/layered/api", edge(layered::router(demos.layered.clone())))
        .nest_service("/demos/clean/api", edge(clean::router(demos.clean.clone())))
        .nest_service("/demos/hexagonal/api", edge(hexagonal::router(demos.hexagonal.clone())))
        .nest_service("/demos/cqrs/api", edge(cqrs::router(demos.cqrs.clone())))
        .nest_service("/demos/microservices/api", edge(demos.microservices.router()))
        .route("/demos/openapi.json", get(|| async { axum::Json(crate::api::openapi::document()) }))
}

/// The cross-cutting layers every demo gets: the trace (outermost, so every
/// response, even a refused one, carries `X-Trace-Id`), sandbox resolution,
/// the record of which sandboxes wrote, the per-sandbox write rate and the storage cap, the body limit, and JSON
/// answers for unknown routes.
fn edge(demo: Router, traces: Arc<TraceStore>, guards: &Guards, changes: Arc<changes::Changes>) -> Router {
    demo.route("/traces/{trace_id}", get(trace::show))
        .fallback(|| async { ApiError::not_found("route") })
        .layer(middleware::from_fn(crate::api::error::json_errors))
        .layer(DefaultBodyLimit::max(BODY_LIMIT_BYTES))
        .layer(middleware::from_fn_with_state(guards.storage.clone(), guard::storage::refuse_when_full))
        .layer(middleware::from_fn_with_state(guards.sandboxes.clone(), guard::rate_limit::per_sandbox))
        .layer(middleware::from_fn_with_state(changes, changes::record))
        .layer(middleware::from_fn(sandbox::resolve))
        .layer(middleware::from_fn(trace::middleware))
        .layer(Extension(traces))
}
