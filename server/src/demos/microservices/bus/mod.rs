//! The bus: how services tell each other what happened without calling
//! each other synchronously. A publisher writes events to its own outbox in
//! the same transaction as the change ([`outbox`]); a relay delivers them
//! over HTTP with retries ([`relay`]); a subscriber acts on each event id
//! once ([`inbox`]), so a repeated delivery changes nothing.

pub mod inbox;
pub mod outbox;
pub mod relay;

use serde::{Deserialize, Serialize};

// ANCHOR: envelope
pub const ORDER_CREATED: &str = "order.created";
pub const PAYMENT_COMPLETED: &str = "payment.completed";

/// An event on the wire (`POST /events` of a subscriber).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Envelope {
    pub id: String,
    pub topic: String,
    pub sandbox: String,
    pub payload: serde_json::Value,
}
// ANCHOR_END: envelope

pub(crate) fn now_ms() -> i64 {
    (time::OffsetDateTime::now_utc().unix_timestamp_nanos() / 1_000_000) as i64
}
