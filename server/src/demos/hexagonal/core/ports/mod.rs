//! The hexagon's edge: inbound ports (what the core offers) and outbound
//! ports (what the core needs). Adapters plug in on both sides.

pub mod inbound;
pub mod outbound;
