//! Password hashing with argon2id, shared by the demos that store users.
//!
//! argon2 is slow and memory-hungry on purpose (~20 ms, 19 MiB per hash).
//! Hashes run on the blocking pool, at most one per core at a time: a burst
//! of sign-ups in a workshop then queues here instead of starving every
//! other request of CPU or the machine of memory.
//!
//! The 19 MiB work area is allocated once per permit and reused. Allocated
//! afresh for every hash (as `PasswordHasher::hash_password` does), glibc
//! kept the freed areas in its per-thread arenas — after the first free its
//! mmap threshold rises to their size — and the server's RSS climbed by
//! hundreds of MiB over a workshop's sign-ups (`bench workshop` showed it).

use std::sync::{LazyLock, Mutex};

use argon2::password_hash::{rand_core::OsRng, Output, ParamsString, PasswordHash, Salt, SaltString};
use argon2::{Algorithm, Argon2, Block, Params, Version};
use tokio::sync::Semaphore;

static PERMITS: LazyLock<Semaphore> = LazyLock::new(|| Semaphore::new(std::thread::available_parallelism().map_or(2, |n| n.get())));

/// Work areas not in use; never more than there are permits.
static MEMORY: Mutex<Vec<Vec<Block>>> = Mutex::new(Vec::new());

#[derive(Debug, thiserror::Error)]
#[error("password hashing failed: {0}")]
pub struct HashError(String);

/// The PHC string (`$argon2id$v=19$…`) of `password` with a fresh salt.
pub async fn hash(password: String) -> Result<String, HashError> {
    let permit = PERMITS.acquire().await.map_err(|err| HashError(err.to_string()))?;
    tokio::task::spawn_blocking(move || {
        // Held until the hash is done, even if the request gave up waiting:
        // the permit stands for the core and the work area in use.
        let _permit = permit;
        let params = Params::default();
        let mut memory = MEMORY.lock().unwrap_or_else(|p| p.into_inner()).pop().unwrap_or_default();
        memory.resize(params.block_count(), Block::default());
        let hashed = hash_with(&password, params, &mut memory);
        MEMORY.lock().unwrap_or_else(|p| p.into_inner()).push(memory);
        hashed
    })
    .await
    .map_err(|err| HashError(err.to_string()))?
    .map_err(|err| HashError(err.to_string()))
}

/// What `PasswordHasher::hash_password` does for `Argon2::default()`, over
/// the given work area instead of a new one.
fn hash_with(password: &str, params: Params, memory: &mut [Block]) -> argon2::password_hash::Result<String> {
    let salt = SaltString::generate(&mut OsRng);
    let mut salt_bytes = [0u8; Salt::MAX_LENGTH];
    let salt_raw = salt.decode_b64(&mut salt_bytes)?;
    let params_string = ParamsString::try_from(&params)?;
    let argon2 = Argon2::new(Algorithm::Argon2id, Version::V0x13, params);
    let output = Output::init_with(Params::DEFAULT_OUTPUT_LEN, |out| {
        Ok(argon2.hash_password_into_with_memory(password.as_bytes(), salt_raw, out, &mut *memory)?)
    })?;
    let hash = PasswordHash {
        algorithm: Algorithm::Argon2id.ident(),
        version: Some(Version::V0x13.into()),
        params: params_string,
        salt: Some(salt.as_salt()),
        hash: Some(output),
    };
    Ok(hash.to_string())
}

#[cfg(test)]
mod tests {
    use argon2::password_hash::{PasswordHash, PasswordVerifier};

    #[tokio::test]
    async fn hashes_verify_and_never_repeat() {
        let first = super::hash("correct horse".into()).await.unwrap();
        let second = super::hash("correct horse".into()).await.unwrap();
        assert!(first.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{first}");
        assert_ne!(first, second, "a fresh salt each time");
        let parsed = PasswordHash::new(&first).unwrap();
        assert!(argon2::Argon2::default().verify_password(b"correct horse", &parsed).is_ok());
        assert!(argon2::Argon2::default().verify_password(b"wrong horse", &parsed).is_err());
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn work_areas_are_reused_never_more_than_one_per_permit() {
        let hashes = (0..12).map(|i| tokio::spawn(super::hash(format!("password {i}"))));
        for (i, hash) in futures_util::future::join_all(hashes).await.into_iter().enumerate() {
            let hash = hash.unwrap().unwrap();
            let parsed = PasswordHash::new(&hash).unwrap();
            assert!(argon2::Argon2::default().verify_password(format!("password {i}").as_bytes(), &parsed).is_ok());
        }
        let permits = std::thread::available_parallelism().map_or(2, |n| n.get());
        let kept = super::MEMORY.lock().unwrap().len();
        assert!((1..=permits).contains(&kept), "{kept} work areas kept for {permits} permits");
    }
}
