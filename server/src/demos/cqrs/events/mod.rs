//! The events: facts in the past tense, the only thing the write side
//! stores and the only thing the read side learns from.

use serde::{Deserialize, Serialize};

use crate::api::contract::OrderItem;

// ANCHOR: events
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type")]
pub enum Event {
    UserCreated { user_id: String, email: String, name: String, password_hash: String, created_at: String },
    OrderPlaced { order_id: String, user_id: String, items: Vec<OrderItem>, total_cents: i64, created_at: String },
}
// ANCHOR_END: events

impl Event {
    pub fn name(&self) -> &'static str {
        match self {
            Event::UserCreated { .. } => "UserCreated",
            Event::OrderPlaced { .. } => "OrderPlaced",
        }
    }
}

/// An event as stored: its place in the log and whose it is.
#[derive(Debug, Clone)]
pub struct Recorded {
    pub sequence: i64,
    pub sandbox: String,
    pub recorded_at_ms: i64,
    pub event: Event,
}
