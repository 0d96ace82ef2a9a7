//! The write model: aggregates that decide, and the event store that keeps
//! what they decided.

pub mod aggregates;
pub mod event_store;
