//! Hexagonal architecture (ports and adapters): a core that talks to the
//! world only through ports, and adapters that plug into them.
//!
//! The dependency rule: `core` imports nothing from `adapters`, sqlx or
//! axum. Inbound adapters (REST here, and a CLI: `server demo hexagonal …`)
//! drive the core through its inbound port; the core drives outbound ports
//! for persistence (SQLite or in memory, switchable per sandbox while the
//! demo runs) and email (a mailbox whose sent mails the reader can open).
//! This file is the composition root: the one place that picks adapters.

mod adapters;
mod core;
#[cfg(test)]
mod core_tests;

use std::sync::Arc;

use axum::Router;
use sqlx::SqlitePool;

pub use adapters::inbound::cli::HexagonalCommand;

use self::core::services::Shop;
use adapters::outbound::{mailbox::Mailbox, memory::InMemoryStore, sqlite::SqliteStore, switchable::SwitchableStore};

// ANCHOR: composition_root
/// The running hexagon: the core service over its chosen adapters.
fn wire(pool: SqlitePool) -> (Arc<Shop>, Arc<SwitchableStore>, Arc<Mailbox>) {
    let persistence = Arc::new(SwitchableStore::new(SqliteStore::new(pool.clone()), InMemoryStore::default()));
    let mailbox = Arc::new(Mailbox::new(pool));
    let shop = Arc::new(Shop::new(persistence.clone(), mailbox.clone()));
    (shop, persistence, mailbox)
}

/// Runs a CLI command on the same core and database as the REST adapter.
pub async fn run_cli(command: HexagonalCommand, pool: SqlitePool) -> anyhow::Result<String> {
    let (shop, _, _) = wire(pool);
    adapters::inbound::cli::execute(shop.as_ref(), command).await
}

/// The REST adapter's routes, plus the adapters' own: the persistence
/// switch and the mailbox.
pub fn router(pool: SqlitePool) -> Router {
    let (shop, persistence, mailbox) = wire(pool);
    adapters::inbound::rest::routes(shop)
        .merge(adapters::outbound::switchable::routes(persistence))
        .merge(adapters::outbound::mailbox::routes(mailbox))
}
// ANCHOR_END: composition_root
