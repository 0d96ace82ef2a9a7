//! Outbound (secondary) adapters: what plugs into the core's needs.

pub mod mailbox;
pub mod memory;
pub mod sqlite;
pub mod switchable;
