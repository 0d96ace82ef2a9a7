//! What every demo backend shares at its HTTP edge, written once: the wire
//! format of the contract, the error body, input parsing (JSON or form),
//! sandboxes (the validation limits are in `crate::rules`). A demo's own code decides *where* these are
//! used — that placement is the pattern.

pub mod contract;
pub mod error;
pub mod input;
pub mod openapi;
pub mod sandbox;

pub use error::ApiError;
