//! argon2id password hashing (see `crate::password`), behind the domain's
//! `PasswordHasher` port.

use async_trait::async_trait;

use super::super::domain::ports::{PasswordHasher, RepositoryError};
use super::super::domain::user::{PasswordHash, PlainPassword};

// ANCHOR: argon2_hasher
pub struct Argon2Hasher;

#[async_trait]
impl PasswordHasher for Argon2Hasher {
    #[tracing::instrument(name = "Argon2Hasher::hash", skip_all, fields(kind = "adapter"))]
    async fn hash(&self, password: PlainPassword) -> Result<PasswordHash, RepositoryError> {
        crate::password::hash(password.expose().to_owned()).await.map(PasswordHash).map_err(|err| RepositoryError(err.to_string()))
    }
}
// ANCHOR_END: argon2_hasher
