//! Layered architecture: controller → service → repository → SQLite.
//!
//! The dependency rule: each layer calls only the layer directly below it.
//! The controller speaks HTTP and knows the service; the service holds the
//! business rules and knows the repository; the repository is the only code
//! that speaks SQL. Nothing below ever refers to anything above.

mod controller;
mod repository;
mod service;

use axum::Router;
use sqlx::SqlitePool;

pub use repository::Repository;

// ANCHOR: router
/// The demo's HTTP routes over its database.
pub fn router(pool: SqlitePool) -> Router {
    controller::routes(service::Service::new(Repository::new(pool)))
}
// ANCHOR_END: router
