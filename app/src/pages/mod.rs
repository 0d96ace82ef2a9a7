//! Pages: one component per kind of route.

mod compare;
mod guide_page;
mod not_found;

pub use compare::ComparePage;
pub use guide_page::GuidePage;
pub use not_found::NotFound;
