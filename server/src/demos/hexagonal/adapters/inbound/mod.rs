//! Inbound (primary) adapters: two ways in, one core.

pub mod cli;
pub mod rest;
