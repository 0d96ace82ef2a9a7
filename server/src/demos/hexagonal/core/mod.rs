//! The inside of the hexagon: domain, ports, services. Knows no adapter.

pub mod domain;
pub mod ports;
pub mod services;
