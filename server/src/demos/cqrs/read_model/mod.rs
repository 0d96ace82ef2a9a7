//! The read model: views shaped for the queries, in their own database,
//! written only by the projector.

pub mod projector;
pub mod views;
