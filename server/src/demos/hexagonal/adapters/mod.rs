//! Everything outside the hexagon: inbound adapters drive the core, outbound
//! adapters are driven by it.

pub mod inbound;
pub mod outbound;
