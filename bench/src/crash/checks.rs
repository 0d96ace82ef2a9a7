//! What must hold after each restart: the read side catches up, the outbox
//! backlog is delivered exactly once, and every acknowledged write can be
//! read back through the API.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::{bail, Context};
use serde_json::Value;

use super::database::{self, BusCounts, CqrsCounts};
use super::writers::{Ack, Kind};

const POLL: Duration = Duration::from_millis(25);

/// Waits (at most `within`) until the projector's checkpoint reaches the
/// last event. Returns the counts then, and how long it took (`None`: it
/// did not catch up in time).
pub async fn cqrs_catch_up(data_dir: &Path, within: Duration) -> anyhow::Result<(CqrsCounts, Option<Duration>)> {
    let started = Instant::now();
    loop {
        let counts = database::cqrs(data_dir).await?;
        if counts.unprojected() == 0 {
            return Ok((counts, Some(started.elapsed())));
        }
        if started.elapsed() > within {
            return Ok((counts, None));
        }
        tokio::time::sleep(POLL).await;
    }
}

/// Waits (at most `within`) until both outboxes are empty and every order
/// is paid. Returns the counts then, and how long it took.
pub async fn outbox_drain(data_dir: &Path, within: Duration) -> anyhow::Result<(BusCounts, Option<Duration>)> {
    let started = Instant::now();
    loop {
        let counts = database::bus(data_dir).await?;
        if counts.settled() {
            return Ok((counts, Some(started.elapsed())));
        }
        if started.elapsed() > within {
            return Ok((counts, None));
        }
        tokio::time::sleep(POLL).await;
    }
}

/// Every write acknowledged so far, by demo and sandbox.
#[derive(Debug, Default)]
pub struct Ledger {
    sandboxes: BTreeMap<(&'static str, String), Acked>,
}

#[derive(Debug, Default)]
struct Acked {
    users: Vec<String>,
    orders: Vec<String>,
}

impl Ledger {
    pub fn record(&mut self, acks: &[Ack]) {
        for ack in acks {
            let acked = self.sandboxes.entry((ack.pattern, ack.sandbox.clone())).or_default();
            match ack.kind {
                Kind::User => acked.users.push(ack.id.clone()),
                Kind::Order => acked.orders.push(ack.id.clone()),
            }
        }
    }

    /// How many writes were acknowledged.
    pub fn writes(&self) -> usize {
        self.sandboxes.values().map(|a| a.users.len() + a.orders.len()).sum()
    }
}

/// The outcome of reading every acknowledged write back.
#[derive(Debug, Default)]
pub struct ReadBack {
    pub expected: usize,
    pub found: usize,
    /// Microservices orders found but not `paid`.
    pub unpaid: usize,
    /// Microservices orders with other than exactly one payment.
    pub not_charged_once: usize,
    /// A few of the writes that were missing, for the report.
    pub missing: Vec<String>,
}

/// Lists each sandbox's users and orders (and payments, for microservices)
/// through the API and looks for every acknowledged id.
pub async fn read_back(base: &str, ledger: &Ledger) -> anyhow::Result<ReadBack> {
    let http = reqwest::Client::builder().timeout(Duration::from_secs(30)).build()?;
    let mut outcome = ReadBack { expected: ledger.writes(), ..Default::default() };
    for ((pattern, sandbox), acked) in &ledger.sandboxes {
        let api = format!("{base}/demos/{pattern}/api");
        let users: HashSet<String> = list(&http, &api, "users", sandbox).await?.iter().filter_map(id_of).collect();
        let orders: HashMap<String, String> = list(&http, &api, "orders", sandbox)
            .await?
            .iter()
            .filter_map(|order| Some((id_of(order)?, order["status"].as_str().unwrap_or_default().to_owned())))
            .collect();
        let mut note_missing = |kind: &str, id: &str| {
            if outcome.missing.len() < 5 {
                outcome.missing.push(format!("{pattern} {kind} {id} (sandbox {sandbox})"));
            }
        };
        for id in &acked.users {
            if users.contains(id) {
                outcome.found += 1;
            } else {
                note_missing("user", id);
            }
        }
        for id in &acked.orders {
            if orders.contains_key(id) {
                outcome.found += 1;
            } else {
                note_missing("order", id);
            }
        }
        if *pattern == "microservices" {
            let mut charges: HashMap<String, usize> = HashMap::new();
            for payment in list(&http, &api, "payments", sandbox).await? {
                *charges.entry(payment["order_id"].as_str().unwrap_or_default().to_owned()).or_default() += 1;
            }
            for id in &acked.orders {
                if orders.get(id).is_some_and(|status| status != "paid") {
                    outcome.unpaid += 1;
                }
                if charges.get(id).copied().unwrap_or(0) != 1 {
                    outcome.not_charged_once += 1;
                }
            }
        }
    }
    Ok(outcome)
}

async fn list(http: &reqwest::Client, api: &str, what: &str, sandbox: &str) -> anyhow::Result<Vec<Value>> {
    let url = format!("{api}/{what}");
    let reply = http.get(&url).header("x-sandbox", sandbox).send().await.with_context(|| format!("GET {url} failed"))?;
    if !reply.status().is_success() {
        bail!("GET {url} (sandbox {sandbox}) answered {}", reply.status());
    }
    match reply.json::<Value>().await.with_context(|| format!("GET {url} answered something other than JSON"))? {
        Value::Array(items) => Ok(items),
        other => bail!("GET {url} answered {other} instead of a list"),
    }
}

fn id_of(item: &Value) -> Option<String> {
    item["id"].as_str().map(str::to_owned)
}
