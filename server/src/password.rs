//! Password hashing with argon2id, shared by the demos that store users.
//!
//! argon2 is slow and memory-hungry on purpose (~20 ms, 19 MiB per hash).
//! Hashes run on threads of their own, one per core, at a lower scheduling
//! priority (nice 10): in a workshop's burst of sign-ups the hashes queue
//! here and take whatever CPU the cheap requests — pages, orders, lists —
//! leave, instead of making every request in the room wait behind them.
//!
//! Each hashing thread owns one 19 MiB work area and reuses it. Allocated
//! afresh for every hash (as `PasswordHasher::hash_password` does), glibc
//! kept the freed areas in its per-thread arenas and the server's RSS climbed
//! by hundreds of MiB over a workshop's sign-ups (`bench workshop` showed it).

use std::sync::mpsc::{sync_channel, Receiver, SyncSender};
use std::sync::{Arc, LazyLock, Mutex};

use argon2::password_hash::{rand_core::OsRng, Output, ParamsString, PasswordHash, Salt, SaltString};
use argon2::{Algorithm, Argon2, Block, Params, Version};
use tokio::sync::{oneshot, OwnedSemaphorePermit, Semaphore};

/// How much lower than requests the hashing threads run (0 = the same).
const NICENESS: i32 = 10;

#[derive(Debug, thiserror::Error)]
#[error("password hashing failed: {0}")]
pub struct HashError(String);

struct Job {
    password: String,
    reply: oneshot::Sender<Result<String, HashError>>,
    /// Held until the hash is done, even if the request gave up waiting:
    /// so there are never more jobs than threads to take them.
    _permit: OwnedSemaphorePermit,
}

struct Hashers {
    permits: Arc<Semaphore>,
    jobs: SyncSender<Job>,
}

static HASHERS: LazyLock<Hashers> = LazyLock::new(|| {
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get());
    let (jobs, queue) = sync_channel::<Job>(threads);
    let queue = Arc::new(Mutex::new(queue));
    for i in 0..threads {
        let queue = queue.clone();
        // If no thread can be started, `hash` answers with an error.
        let _ = std::thread::Builder::new().name(format!("argon2-{i}")).spawn(move || hash_jobs(&queue));
    }
    Hashers { permits: Arc::new(Semaphore::new(threads)), jobs }
});

/// The PHC string (`$argon2id$v=19$…`) of `password` with a fresh salt.
pub async fn hash(password: String) -> Result<String, HashError> {
    let hashers = &*HASHERS;
    let permit = hashers.permits.clone().acquire_owned().await.map_err(|err| HashError(err.to_string()))?;
    let (reply, answer) = oneshot::channel();
    // Never blocks: a permit means a free place in the queue.
    hashers.jobs.try_send(Job { password, reply, _permit: permit }).map_err(|err| HashError(err.to_string()))?;
    answer.await.map_err(|_| HashError("the hashing thread stopped".into()))?
}

/// One hashing thread: lower its priority, then hash jobs with its own work area.
fn hash_jobs(queue: &Mutex<Receiver<Job>>) {
    lower_priority();
    let params = Params::default();
    let mut memory = vec![Block::default(); params.block_count()];
    loop {
        let job = queue.lock().unwrap_or_else(|p| p.into_inner()).recv();
        let Ok(job) = job else { return };
        let hashed = hash_with(&job.password, params.clone(), &mut memory).map_err(|err| HashError(err.to_string()));
        let _ = job.reply.send(hashed);
    }
}

#[cfg(target_os = "linux")]
fn lower_priority() {
    // SAFETY: setpriority only reads its arguments; on Linux a thread id
    // names that one thread. Lowering one's own priority is always allowed.
    unsafe {
        libc::setpriority(libc::PRIO_PROCESS, libc::gettid() as libc::id_t, NICENESS);
    }
}

#[cfg(not(target_os = "linux"))]
fn lower_priority() {}

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
    async fn many_hashes_at_once_all_finish_and_verify() {
        let hashes = (0..12).map(|i| tokio::spawn(super::hash(format!("password {i}"))));
        for (i, hash) in futures_util::future::join_all(hashes).await.into_iter().enumerate() {
            let hash = hash.unwrap().unwrap();
            let parsed = PasswordHash::new(&hash).unwrap();
            assert!(argon2::Argon2::default().verify_password(format!("password {i}").as_bytes(), &parsed).is_ok());
        }
    }

    #[tokio::test]
    async fn a_request_that_gives_up_waiting_leaves_the_hashers_working() {
        // Dropped while queued or hashing: its permit goes back only once its job is done.
        for i in 0..6 {
            let abandoned = tokio::spawn(super::hash(format!("abandoned {i}")));
            abandoned.abort();
        }
        let hash = super::hash("still served".into()).await.unwrap();
        let parsed = PasswordHash::new(&hash).unwrap();
        assert!(argon2::Argon2::default().verify_password(b"still served", &parsed).is_ok());
    }
}
