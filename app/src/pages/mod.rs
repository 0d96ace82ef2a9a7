//! Pages: one component per kind of route.

mod guide_page;
mod not_found;

pub use guide_page::GuidePage;
pub use not_found::NotFound;
