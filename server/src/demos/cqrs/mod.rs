//! CQRS: commands and queries take different paths through different models.
//!
//! A command (`commands/`) is decided against the write model
//! (`write_model/`: aggregates rebuilt from their events) and its outcome is
//! appended to the event store as events (`events/`). A projector
//! (`read_model/projector.rs`) turns the events, later, into denormalized
//! views in a second database. Queries (`queries/`) read only those views.
//! The dependency rule: `queries` never touch the write model or the event
//! store; `commands` never read the views. The lag between the two is real,
//! visible (`GET /projection`) and can be stretched for teaching.

mod commands;
mod events;
mod http;
mod queries;
mod read_model;
mod write_model;

use std::sync::Arc;

use axum::Router;
use sqlx::SqlitePool;

pub use read_model::projector::Projector;

/// The running demo: both databases and the projector between them.
#[derive(Clone)]
pub struct Cqrs {
    pub write: SqlitePool,
    pub read: SqlitePool,
    pub projector: Arc<Projector>,
}

impl Cqrs {
    /// Starts the projector over the two databases.
    /// `traces` receives each event's projection, as a late step of the
    /// request that appended it.
    pub fn start(write: SqlitePool, read: SqlitePool, traces: Arc<crate::trace::TraceStore>) -> Self {
        let projector = Projector::start(write.clone(), read.clone(), traces);
        Self { write, read, projector }
    }

    /// Erases a sandbox from both sides: its events and its views.
    pub async fn purge(&self, sandbox: &str) -> Result<(), sqlx::Error> {
        self.projector.purge(sandbox).await
    }

    /// Purges sandboxes idle longer than `ttl_secs`; returns how many.
    pub async fn expire_idle(&self, ttl_secs: i64) -> Result<u64, sqlx::Error> {
        let idle: Vec<String> =
            sqlx::query_scalar("SELECT id FROM sandboxes WHERE last_seen < unixepoch() - ?").bind(ttl_secs).fetch_all(&self.write).await?;
        for sandbox in &idle {
            self.purge(sandbox).await?;
        }
        Ok(idle.len() as u64)
    }
}

pub fn router(cqrs: Cqrs) -> Router {
    http::routes(cqrs)
}
