//! After the run: every write the server acknowledged must be there. For each
//! sandbox the lists are read (as the attendee's panel would), until every
//! acknowledged user and order shows in them or `within` passes — the CQRS
//! read side lags its write side by design, so it is given time. What a list
//! still lacks is fetched by id, to tell "missing" from "not listed".
//! Microservices orders may still be `pending` (payment is asynchronous):
//! presence is what counts; the statuses are reported.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{bail, Context};
use serde_json::Value;
use tokio::sync::Semaphore;

use super::{Ack, Write, PATTERNS};

/// What the lookup found.
#[derive(Debug, Clone, Default)]
pub struct Verification {
    pub users: usize,
    pub orders: usize,
    pub present: usize,
    /// Acknowledged, yet not there at all.
    pub missing: Vec<String>,
    /// There, but not as written (another email, total or user).
    pub wrong: Vec<String>,
    /// Found by id but absent from its sandbox's list.
    pub unlisted: Vec<String>,
    /// The statuses of the microservices demo's acknowledged orders (`paid`, `pending` …).
    pub microservices_statuses: BTreeMap<String, usize>,
    /// How long until everything showed (or `within` ran out).
    pub took: Duration,
}

impl Verification {
    pub fn all_present(&self) -> bool {
        self.missing.is_empty() && self.wrong.is_empty() && self.present == self.users + self.orders
    }
}

pub(crate) async fn verify(base: &str, acks: &[Ack], within: Duration) -> anyhow::Result<Verification> {
    let started = Instant::now();
    let client = reqwest::Client::builder().timeout(Duration::from_secs(30)).build()?;
    let mut groups: HashMap<(usize, String), Vec<Ack>> = HashMap::new();
    for ack in acks {
        groups.entry((ack.pattern, ack.sandbox.clone())).or_default().push(ack.clone());
    }
    let permits = Arc::new(Semaphore::new(8));
    let mut tasks = tokio::task::JoinSet::new();
    for ((pattern, sandbox), acks) in groups {
        let (client, permits) = (client.clone(), permits.clone());
        let api = format!("{base}/demos/{}/api", PATTERNS[pattern]);
        let deadline = started + within;
        tasks.spawn(async move {
            let _permit = permits.acquire_owned().await?;
            verify_sandbox(&client, &api, &sandbox, pattern, &acks, deadline).await
        });
    }
    let mut verification = Verification::default();
    for ack in acks {
        match ack.write {
            Write::User { .. } => verification.users += 1,
            Write::Order { .. } => verification.orders += 1,
        }
    }
    while let Some(result) = tasks.join_next().await {
        let found = result.context("a verification task panicked")??;
        verification.present += found.present;
        verification.missing.extend(found.missing);
        verification.wrong.extend(found.wrong);
        verification.unlisted.extend(found.unlisted);
        for status in found.statuses {
            *verification.microservices_statuses.entry(status).or_default() += 1;
        }
    }
    verification.took = started.elapsed();
    Ok(verification)
}

#[derive(Default)]
struct Found {
    present: usize,
    missing: Vec<String>,
    wrong: Vec<String>,
    unlisted: Vec<String>,
    statuses: Vec<String>,
}

async fn verify_sandbox(
    client: &reqwest::Client,
    api: &str,
    sandbox: &str,
    pattern: usize,
    acks: &[Ack],
    deadline: Instant,
) -> anyhow::Result<Found> {
    let mut found = Found::default();
    let mut pending: Vec<&Ack> = acks.iter().collect();
    let mut lists = (HashMap::new(), HashMap::new());
    while !pending.is_empty() {
        lists = (by_id(get(client, &format!("{api}/users"), sandbox).await?), by_id(get(client, &format!("{api}/orders"), sandbox).await?));
        pending.retain(|ack| {
            let list = if matches!(ack.write, Write::User { .. }) { &lists.0 } else { &lists.1 };
            !list.contains_key(&ack.id)
        });
        if pending.is_empty() || Instant::now() >= deadline {
            break;
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    let where_ = |ack: &Ack| format!("{} {} {} in sandbox {sandbox}", PATTERNS[pattern], kind(ack), ack.id);
    for ack in acks {
        let list = if matches!(ack.write, Write::User { .. }) { &lists.0 } else { &lists.1 };
        let record = match list.get(&ack.id) {
            Some(record) => record.clone(),
            None => {
                let path = if matches!(ack.write, Write::User { .. }) { "users" } else { "orders" };
                match get(client, &format!("{api}/{path}/{}", ack.id), sandbox).await? {
                    (200, record) => {
                        found.unlisted.push(where_(ack));
                        record
                    }
                    (status, _) => {
                        found.missing.push(format!("{} (GET by id: {status})", where_(ack)));
                        continue;
                    }
                }
            }
        };
        if let Some(difference) = differs(&ack.write, &record) {
            found.wrong.push(format!("{}: {difference}", where_(ack)));
            continue;
        }
        found.present += 1;
        if PATTERNS[pattern] == "microservices" && matches!(ack.write, Write::Order { .. }) {
            found.statuses.push(record["status"].as_str().unwrap_or("?").to_owned());
        }
    }
    Ok(found)
}

fn kind(ack: &Ack) -> &'static str {
    match ack.write {
        Write::User { .. } => "user",
        Write::Order { .. } => "order",
    }
}

/// Whether the stored record says something else than what was written.
fn differs(write: &Write, record: &Value) -> Option<String> {
    match write {
        Write::User { email } if record["email"].as_str() != Some(email) => Some(format!("email {} ≠ {email}", record["email"])),
        Write::Order { user_id, total_cents } if record["user_id"].as_str() != Some(user_id) => {
            Some(format!("user_id {} ≠ {user_id} (total {total_cents})", record["user_id"]))
        }
        Write::Order { total_cents, .. } if record["total_cents"].as_i64() != Some(*total_cents) => {
            Some(format!("total_cents {} ≠ {total_cents}", record["total_cents"]))
        }
        _ => None,
    }
}

fn by_id((status, list): (u16, Value)) -> HashMap<String, Value> {
    if status != 200 {
        return HashMap::new();
    }
    let items = list.as_array().cloned().unwrap_or_default();
    items.into_iter().filter_map(|item| Some((item["id"].as_str()?.to_owned(), item))).collect()
}

/// A GET in `sandbox`, waiting out 429s and retrying a dropped connection;
/// a 5xx or no answer after the retries fails the verification.
async fn get(client: &reqwest::Client, url: &str, sandbox: &str) -> anyhow::Result<(u16, Value)> {
    let mut last = String::new();
    for _ in 0..30 {
        match client.get(url).header("x-sandbox", sandbox).send().await {
            Ok(reply) if reply.status().as_u16() == 429 => {
                let wait = reply.headers().get("retry-after").and_then(|v| v.to_str().ok()).and_then(|v| v.parse().ok()).unwrap_or(1);
                tokio::time::sleep(Duration::from_secs(wait)).await;
                last = "429".to_owned();
            }
            Ok(reply) if reply.status().is_server_error() => {
                last = reply.status().to_string();
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
            Ok(reply) => {
                let status = reply.status().as_u16();
                let body = reply.bytes().await?;
                return Ok((status, serde_json::from_slice(&body).unwrap_or(Value::Null)));
            }
            Err(err) => {
                last = err.to_string();
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
        }
    }
    bail!("verification could not read {url}: {last}")
}
