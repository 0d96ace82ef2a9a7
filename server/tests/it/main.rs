//! The server over HTTP: one integration binary, the real router.

mod architecture;
mod content_check;
mod cqrs;
mod crash_smoke;
mod demo_contract;
mod guard;
mod helpers;
mod hexagonal;
mod hostile;
mod load_smoke;
mod microservices;
mod openapi;
mod page_cache;
mod pages;
mod panel;
mod reload;
mod search;
mod startup;
