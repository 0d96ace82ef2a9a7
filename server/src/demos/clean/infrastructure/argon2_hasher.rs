//! argon2id password hashing, off the async threads.

use argon2::password_hash::{rand_core::OsRng, PasswordHasher as _, SaltString};
use argon2::Argon2;
use async_trait::async_trait;

use super::super::domain::ports::{PasswordHasher, RepositoryError};
use super::super::domain::user::{PasswordHash, PlainPassword};

pub struct Argon2Hasher;

#[async_trait]
impl PasswordHasher for Argon2Hasher {
    #[tracing::instrument(name = "Argon2Hasher::hash", skip_all, fields(kind = "adapter"))]
    async fn hash(&self, password: PlainPassword) -> Result<PasswordHash, RepositoryError> {
        tokio::task::spawn_blocking(move || {
            let salt = SaltString::generate(&mut OsRng);
            Argon2::default().hash_password(password.expose().as_bytes(), &salt).map(|hash| PasswordHash(hash.to_string()))
        })
        .await
        .map_err(|err| RepositoryError(err.to_string()))?
        .map_err(|err| RepositoryError(err.to_string()))
    }
}
