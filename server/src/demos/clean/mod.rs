//! Clean architecture: entities at the centre, use cases around them,
//! interface adapters (controller, presenter) around those, and frameworks
//! and drivers (axum, SQLite, argon2) outermost.
//!
//! The dependency rule: source code points inward only. `domain` imports
//! nothing of this demo; `application` imports only `domain`; the outer rings
//! implement the traits the inner rings declare. A test fails the build if
//! `domain` or `application` ever names sqlx, axum or an outer ring.

mod application;
mod domain;
mod infrastructure;
mod interface_adapters;

use axum::Router;
use sqlx::SqlitePool;

// ANCHOR: router
/// Wires the rings together: the only place that knows all of them.
pub fn router(pool: SqlitePool) -> Router {
    let repository = infrastructure::SqliteRepository::new(pool);
    interface_adapters::controller::routes(repository, infrastructure::Argon2Hasher)
}
// ANCHOR_END: router
