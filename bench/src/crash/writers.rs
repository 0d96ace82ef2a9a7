//! Sustained writes to every demo, until the server is killed under them.
//!
//! Each client writes users and orders back to back in a sandbox of its own
//! and moves to a fresh sandbox well before the per-sandbox write burst
//! (300) or the quotas (200 users, 1000 orders) would refuse it, so the run
//! is about crashes, not 429s. A write counts as acknowledged only when its
//! 2xx answer arrived whole, with the id the server gave it: that is the
//! promise the checks hold the restarted server to.
//!
//! Half the writers (alternating by cycle) build a backlog on purpose, so
//! each kill leaves work behind for the restarted server: in CQRS their
//! sandboxes ask for a projection delay, in microservices their sandboxes
//! have payments "down" (fault injection, which lives in memory and so is
//! gone after the restart), so their `order.created` events wait in the
//! outbox when the server dies.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Context;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde_json::{json, Value};

use super::PATTERNS;
use crate::server_process::ServerProcess;

/// Writes in one sandbox before moving on: under the write burst of 300,
/// so the per-sandbox rate limit never refuses a client.
const WRITES_PER_SANDBOX: usize = 250;
/// One new user for about this many orders (argon2 makes users the slow write).
const ORDERS_PER_USER: u32 = 8;
/// How long to wait past the planned window for every demo to acknowledge
/// at least one write, so each cycle really kills writes to all five.
const FIRST_ACK_GRACE: Duration = Duration::from_secs(30);
/// The projection delay of a backlog writer's CQRS sandboxes.
const PROJECTION_DELAY_MS: u64 = 300;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    User,
    Order,
}

/// A write the server acknowledged.
#[derive(Debug, Clone)]
pub struct Ack {
    pub pattern: &'static str,
    pub sandbox: String,
    pub kind: Kind,
    pub id: String,
}

/// What the clients saw during one cycle.
#[derive(Debug, Default)]
pub struct Writes {
    pub acks: Vec<Ack>,
    /// Answers that were not 2xx (429, 503 …), by status: not acknowledged.
    pub refused: std::collections::BTreeMap<u16, usize>,
    /// Requests with no complete answer: cut by the kill.
    pub cut: usize,
    /// From the first write to the kill.
    pub ran_for: Duration,
}

/// Starts `clients` writers per demo, lets them run for `window` (longer if
/// a demo has not acknowledged anything yet), kills the server with SIGKILL
/// while they are mid-request, then collects what each saw.
pub async fn write_then_kill(
    server: &mut ServerProcess,
    clients: usize,
    window: Duration,
    run_id: &str,
    cycle: usize,
    seed: u64,
) -> anyhow::Result<Writes> {
    let http = reqwest::Client::builder().timeout(Duration::from_secs(30)).build()?;
    let stop = Arc::new(AtomicBool::new(false));
    let acked: Arc<Vec<AtomicUsize>> = Arc::new(PATTERNS.iter().map(|_| AtomicUsize::new(0)).collect());
    let started = Instant::now();
    let mut tasks = Vec::new();
    for (index, pattern) in PATTERNS.iter().enumerate() {
        for client in 0..clients {
            let worker = Worker {
                http: http.clone(),
                api: format!("{}/demos/{pattern}/api", server.base),
                pattern,
                sandbox_prefix: format!("crash-{run_id}-{cycle}-{pattern}-{client}"),
                stop: stop.clone(),
                acked: acked.clone(),
                index,
                backlog: (client + cycle).is_multiple_of(2),
                rng: StdRng::seed_from_u64(seed ^ ((cycle as u64) << 32) ^ ((index * 16 + client) as u64)),
            };
            tasks.push(tokio::spawn(worker.run()));
        }
    }
    tokio::time::sleep(window).await;
    let grace = Instant::now() + FIRST_ACK_GRACE;
    while acked.iter().any(|n| n.load(Ordering::Relaxed) == 0) && Instant::now() < grace {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    // Writers start nothing new from here on, so what the kill cuts is
    // exactly what was in flight; and requests are in flight right now.
    stop.store(true, Ordering::Relaxed);
    server.kill()?;
    let ran_for = started.elapsed();
    let mut writes = Writes { ran_for, ..Default::default() };
    for task in tasks {
        let seen = task.await.context("a crash-test writer panicked")?;
        writes.acks.extend(seen.acks);
        writes.cut += seen.cut;
        for (status, n) in seen.refused {
            *writes.refused.entry(status).or_default() += n;
        }
    }
    Ok(writes)
}

struct Worker {
    http: reqwest::Client,
    api: String,
    pattern: &'static str,
    sandbox_prefix: String,
    stop: Arc<AtomicBool>,
    acked: Arc<Vec<AtomicUsize>>,
    index: usize,
    /// Whether this writer's sandboxes hold work back (see the module docs).
    backlog: bool,
    rng: StdRng,
}

enum Outcome {
    Acked(String),
    Refused(u16),
    Cut,
}

impl Worker {
    async fn run(mut self) -> Writes {
        let mut seen = Writes::default();
        let mut sandbox_number = 0;
        while !self.stop.load(Ordering::Relaxed) {
            sandbox_number += 1;
            let sandbox = format!("{}-{sandbox_number}", self.sandbox_prefix);
            let mut users: Vec<String> = Vec::new();
            if self.backlog {
                self.hold_back(&sandbox).await;
            }
            for _ in 0..WRITES_PER_SANDBOX {
                if self.stop.load(Ordering::Relaxed) {
                    break;
                }
                let kind = if users.is_empty() || self.rng.random_ratio(1, ORDERS_PER_USER) { Kind::User } else { Kind::Order };
                let outcome = match kind {
                    Kind::User => self.create_user(&sandbox, users.len()).await,
                    Kind::Order => {
                        let buyer = users[self.rng.random_range(0..users.len())].clone();
                        self.create_order(&sandbox, &buyer).await
                    }
                };
                match outcome {
                    Outcome::Acked(id) => {
                        if kind == Kind::User {
                            users.push(id.clone());
                        }
                        self.acked[self.index].fetch_add(1, Ordering::Relaxed);
                        seen.acks.push(Ack { pattern: self.pattern, sandbox: sandbox.clone(), kind, id });
                    }
                    Outcome::Refused(status) => *seen.refused.entry(status).or_default() += 1,
                    Outcome::Cut => seen.cut += 1,
                }
            }
        }
        seen
    }

    /// Makes the sandbox's asynchronous work wait (best effort: a request
    /// cut by the kill just means less backlog).
    async fn hold_back(&self, sandbox: &str) {
        let (path, body) = match self.pattern {
            "cqrs" => ("projection", json!({"delay_ms": PROJECTION_DELAY_MS})),
            "microservices" => ("faults", json!({"service": "payments", "mode": "down"})),
            _ => return,
        };
        let _ = self.http.put(format!("{}/{path}", self.api)).header("x-sandbox", sandbox).json(&body).send().await;
    }

    async fn create_user(&mut self, sandbox: &str, n: usize) -> Outcome {
        let body = json!({"email": format!("user{n}@example.com"), "name": format!("Crash {n}"), "password": "correct horse battery"});
        self.post(sandbox, "users", body).await
    }

    async fn create_order(&mut self, sandbox: &str, user_id: &str) -> Outcome {
        let quantity = self.rng.random_range(1..=5);
        let unit_price_cents = self.rng.random_range(100..=5_000);
        let body = json!({"user_id": user_id, "items": [{"product": "Tea", "quantity": quantity, "unit_price_cents": unit_price_cents}]});
        self.post(sandbox, "orders", body).await
    }

    /// The id in a 2xx answer (201 created; CQRS orders 202 accepted).
    async fn post(&self, sandbox: &str, path: &str, body: Value) -> Outcome {
        let reply = match self.http.post(format!("{}/{path}", self.api)).header("x-sandbox", sandbox).json(&body).send().await {
            Ok(reply) => reply,
            Err(_) => return Outcome::Cut,
        };
        let status = reply.status();
        if !status.is_success() {
            return Outcome::Refused(status.as_u16());
        }
        match reply.json::<Value>().await {
            Ok(created) => match created["id"].as_str() {
                Some(id) => Outcome::Acked(id.to_owned()),
                None => Outcome::Refused(status.as_u16()),
            },
            // The answer was cut mid-body: the client never learnt the id.
            Err(_) => Outcome::Cut,
        }
    }
}
