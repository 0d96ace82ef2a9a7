//! Password hashing with argon2id, shared by the demos that store users.
//!
//! argon2 is slow and memory-hungry on purpose (~20 ms, 19 MiB per hash).
//! Hashes run on the blocking pool, at most one per core at a time: a burst
//! of sign-ups in a workshop then queues here instead of starving every
//! other request of CPU or the machine of memory.

use std::sync::LazyLock;

use argon2::password_hash::{rand_core::OsRng, PasswordHasher, SaltString};
use argon2::Argon2;
use tokio::sync::Semaphore;

static PERMITS: LazyLock<Semaphore> = LazyLock::new(|| Semaphore::new(std::thread::available_parallelism().map_or(2, |n| n.get())));

#[derive(Debug, thiserror::Error)]
#[error("password hashing failed: {0}")]
pub struct HashError(String);

/// The PHC string (`$argon2id$v=19$…`) of `password` with a fresh salt.
pub async fn hash(password: String) -> Result<String, HashError> {
    let _permit = PERMITS.acquire().await.map_err(|err| HashError(err.to_string()))?;
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default().hash_password(password.as_bytes(), &salt).map(|hash| hash.to_string())
    })
    .await
    .map_err(|err| HashError(err.to_string()))?
    .map_err(|err| HashError(err.to_string()))
}

#[cfg(test)]
mod tests {
    use argon2::password_hash::{PasswordHash, PasswordVerifier};

    #[tokio::test]
    async fn hashes_verify_and_never_repeat() {
        let first = super::hash("correct horse".into()).await.unwrap();
        let second = super::hash("correct horse".into()).await.unwrap();
        assert!(first.starts_with("$argon2id$"));
        assert_ne!(first, second, "a fresh salt each time");
        let parsed = PasswordHash::new(&first).unwrap();
        assert!(argon2::Argon2::default().verify_password(b"correct horse", &parsed).is_ok());
        assert!(argon2::Argon2::default().verify_password(b"wrong horse", &parsed).is_err());
    }
}
