//! Frameworks and drivers: SQLite behind the repository traits, argon2
//! behind the hasher. The outermost ring; it depends on the domain's traits,
//! never the other way round.

mod argon2_hasher;
mod sqlite_repository;

pub use argon2_hasher::Argon2Hasher;
pub use sqlite_repository::SqliteRepository;
