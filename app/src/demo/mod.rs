//! The live demo: the panel on each pattern page, and what it shares with
//! the compare page (the API's types, the trace view).

pub mod client;
mod controls;
pub mod model;
mod panel;
pub mod parts;
mod state;
pub mod trace_view;

pub use panel::{pattern_title, DemoPanel};
