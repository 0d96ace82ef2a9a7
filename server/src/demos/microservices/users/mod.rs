//! The users service: owns users and their database. Other services learn
//! about a user only by asking it over HTTP.

mod api;
mod store;

pub use api::router;
pub use store::purge;
