//! Enterprise business rules: the entities and the ports they need.
//! Nothing in here knows about HTTP, SQL or any framework.

pub mod order;
pub mod ports;
pub mod user;

/// Whose data this is. At the edge it is the visitor's sandbox; the domain
/// only needs to know that every record belongs to exactly one tenant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tenant(pub String);
