//! Short, self-contained Rust versions of each pattern, shown on the guide pages through {{#include}} until the live demo backends replace them. Compiled and tested so the guide never shows code that does not build.

pub mod clean;
pub mod cqrs;
pub mod hexagonal;
pub mod layered;
pub mod microservices;
