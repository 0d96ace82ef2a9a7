//! The server over HTTP: one integration binary, the real router.

mod architecture;
mod cqrs;
mod demo_contract;
mod helpers;
mod hexagonal;
mod microservices;
mod openapi;
mod panel;
mod pages;
mod startup;
