//! `bench api`: the demo API under load. For each backend, `POST /users` and
//! `POST /orders` at each concurrency, reporting throughput and p50/p99
//! latency. Run it with `bench/run.sh`; it only ever targets the loopback
//! address it is given and stops after `--seconds` per case.
//!
//! Each client works in sandboxes of its own and moves to a fresh one before
//! the per-sandbox quotas (200 users, 1000 orders) would refuse it, so the
//! figures measure work, not 429s.

use std::time::{Duration, Instant};

use anyhow::{bail, Context};
use serde_json::{json, Value};

#[derive(clap::Args)]
pub struct Args {
    /// Base URL of a running server, e.g. http://127.0.0.1:3000
    #[arg(long)]
    base: String,
    /// Backends to measure.
    #[arg(long, value_delimiter = ',', default_value = "layered,clean,hexagonal,microservices,cqrs")]
    patterns: Vec<String>,
    /// Concurrent clients per case.
    #[arg(long, value_delimiter = ',', default_value = "1,64")]
    concurrency: Vec<usize>,
    /// Seconds per case.
    #[arg(long, default_value_t = 10)]
    seconds: u64,
    /// Also measure how long a backlog of this many queued events takes to
    /// drain in the microservices demo once payments comes back (0: skip).
    #[arg(long, default_value_t = 100)]
    backlog: usize,
}

#[derive(Clone, Copy, PartialEq)]
enum Operation {
    CreateUser,
    CreateOrder,
}

impl Operation {
    fn label(self) -> &'static str {
        match self {
            Operation::CreateUser => "POST /users",
            Operation::CreateOrder => "POST /orders",
        }
    }
}

/// Runs every case and prints one markdown table.
pub async fn run(args: Args) -> anyhow::Result<()> {
    crate::server_process::ensure_loopback(&args.base)?;
    let client = reqwest::Client::builder().pool_max_idle_per_host(256).build()?;
    println!("| backend | operation | clients | requests | errors | req/s | p50 ms | p99 ms | visible after (CQRS) p50 / p99 ms |");
    println!("|---|---|---|---|---|---|---|---|---|");
    for pattern in &args.patterns {
        for operation in [Operation::CreateUser, Operation::CreateOrder] {
            for &clients in &args.concurrency {
                let result = run_case(&client, &args.base, pattern, operation, clients, Duration::from_secs(args.seconds)).await?;
                let lag = if result.lags.is_empty() {
                    "–".to_owned()
                } else {
                    format!("{:.1} / {:.1}", percentile(&result.lags, 0.50), percentile(&result.lags, 0.99))
                };
                println!(
                    "| {pattern} | {} | {clients} | {} | {} | {:.0} | {:.1} | {:.1} | {lag} |",
                    operation.label(),
                    result.latencies.len(),
                    result.errors,
                    result.latencies.len() as f64 / result.elapsed.as_secs_f64(),
                    percentile(&result.latencies, 0.50),
                    percentile(&result.latencies, 0.99),
                );
            }
        }
    }
    if args.backlog > 0 && args.patterns.iter().any(|p| p == "microservices") {
        let drained = backlog_drain(&client, &args.base, args.backlog).await?;
        println!(
            "\nmicroservices: {} orders queued while payments was down; all paid {:.0} ms after it came back",
            args.backlog,
            drained.as_secs_f64() * 1000.0
        );
    }
    Ok(())
}

struct CaseResult {
    latencies: Vec<Duration>,
    /// CQRS: from 202 Accepted to the order readable at its Location.
    lags: Vec<Duration>,
    errors: usize,
    elapsed: Duration,
}

/// Marks payments down for a sandbox, places `count` orders (their
/// `order.created` events queue in the outbox), clears the fault and times
/// how long until every order is paid.
async fn backlog_drain(client: &reqwest::Client, base: &str, count: usize) -> anyhow::Result<Duration> {
    let api = format!("{base}/demos/microservices/api");
    let sandbox = format!("bench-backlog-{}", std::process::id());
    let user_id = create_user(client, &api, &sandbox, 0).await?;
    let fault = |mode: &'static str| {
        client.put(format!("{api}/faults")).header("x-sandbox", &sandbox).json(&json!({"service": "payments", "mode": mode})).send()
    };
    fault("down").await?.error_for_status()?;
    for _ in 0..count {
        create_order(client, &api, &sandbox, &user_id).await?;
    }
    let started = Instant::now();
    fault("none").await?.error_for_status()?;
    loop {
        let orders: Value = client.get(format!("{api}/orders")).header("x-sandbox", &sandbox).send().await?.json().await?;
        let paid = orders.as_array().map_or(0, |all| all.iter().filter(|o| o["status"] == "paid").count());
        if paid >= count {
            let took = started.elapsed();
            let _ = client.delete(format!("{api}/sandbox")).header("x-sandbox", &sandbox).send().await;
            return Ok(took);
        }
        if started.elapsed() > Duration::from_secs(120) {
            bail!("the backlog did not drain in 120 s ({paid}/{count} paid)");
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

async fn run_case(
    client: &reqwest::Client,
    base: &str,
    pattern: &str,
    operation: Operation,
    clients: usize,
    length: Duration,
) -> anyhow::Result<CaseResult> {
    let started = Instant::now();
    let deadline = started + length;
    let mut tasks = Vec::new();
    for worker in 0..clients {
        let client = client.clone();
        let api = format!("{base}/demos/{pattern}/api");
        tasks.push(tokio::spawn(async move { worker_loop(client, api, operation, worker, deadline).await }));
    }
    let mut result = CaseResult { latencies: Vec::new(), lags: Vec::new(), errors: 0, elapsed: Duration::ZERO };
    for task in tasks {
        let (latencies, lags, errors) = task.await.context("a bench worker panicked")??;
        result.latencies.extend(latencies);
        result.lags.extend(lags);
        result.errors += errors;
    }
    result.elapsed = started.elapsed();
    result.latencies.sort();
    result.lags.sort();
    Ok(result)
}

/// One client: requests back to back until the deadline, in its own sandboxes.
async fn worker_loop(
    client: reqwest::Client,
    api: String,
    operation: Operation,
    worker: usize,
    deadline: Instant,
) -> anyhow::Result<(Vec<Duration>, Vec<Duration>, usize)> {
    let run = std::process::id();
    let per_sandbox = match operation {
        Operation::CreateUser => 190,
        Operation::CreateOrder => 950,
    };
    let mut latencies = Vec::new();
    let mut lags = Vec::new();
    let mut errors = 0;
    let mut sandbox_number = 0;
    while Instant::now() < deadline {
        sandbox_number += 1;
        let sandbox = format!("bench-{run}-{worker}-{sandbox_number}");
        let user_id = match operation {
            Operation::CreateOrder => Some(create_user(&client, &api, &sandbox, 0).await?),
            Operation::CreateUser => None,
        };
        for i in 0..per_sandbox {
            if Instant::now() >= deadline {
                break;
            }
            let started = Instant::now();
            let outcome = match &user_id {
                None => create_user(&client, &api, &sandbox, i + 1).await.map(|_| None),
                Some(user_id) => create_order(&client, &api, &sandbox, user_id).await,
            };
            match outcome {
                Ok(location) => {
                    latencies.push(started.elapsed());
                    // Every tenth accepted order: how long until it can be read.
                    if let Some(location) = location.filter(|_| i % 10 == 0) {
                        if let Some(lag) = visible_after(&client, &api, &sandbox, &location, Instant::now()).await {
                            lags.push(lag);
                        }
                    }
                }
                Err(_) => errors += 1,
            }
        }
        let _ = client.delete(format!("{api}/sandbox")).header("x-sandbox", &sandbox).send().await;
    }
    Ok((latencies, lags, errors))
}

/// Polls an accepted order's `Location` until it answers 200.
async fn visible_after(client: &reqwest::Client, api: &str, sandbox: &str, location: &str, accepted: Instant) -> Option<Duration> {
    let base = api.split("/demos/").next().unwrap_or(api);
    while accepted.elapsed() < Duration::from_secs(10) {
        let reply = client.get(format!("{base}{location}")).header("x-sandbox", sandbox).send().await.ok()?;
        if reply.status().as_u16() == 200 {
            return Some(accepted.elapsed());
        }
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
    None
}

async fn create_user(client: &reqwest::Client, api: &str, sandbox: &str, n: usize) -> anyhow::Result<String> {
    let body = json!({"email": format!("user{n}@example.com"), "name": "Bench", "password": "correct horse battery"});
    let reply = client.post(format!("{api}/users")).header("x-sandbox", sandbox).json(&body).send().await?;
    if reply.status().as_u16() != 201 {
        bail!("POST /users answered {}", reply.status());
    }
    let user: Value = reply.json().await?;
    Ok(user["id"].as_str().unwrap_or_default().to_owned())
}

/// Returns the `Location` of an accepted (CQRS) order, if any.
async fn create_order(client: &reqwest::Client, api: &str, sandbox: &str, user_id: &str) -> anyhow::Result<Option<String>> {
    let body = json!({"user_id": user_id, "items": [{"product": "Tea", "quantity": 2, "unit_price_cents": 350}]});
    let reply = client.post(format!("{api}/orders")).header("x-sandbox", sandbox).json(&body).send().await?;
    // CQRS accepts with 202; the others create with 201.
    match reply.status().as_u16() {
        201 => Ok(None),
        202 => Ok(reply.headers().get("location").and_then(|v| v.to_str().ok()).map(str::to_owned)),
        other => bail!("POST /orders answered {other}"),
    }
}

/// The `p` quantile of sorted durations, in milliseconds (0 when empty).
pub fn percentile(sorted: &[Duration], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let index = ((sorted.len() as f64 * p).ceil() as usize).clamp(1, sorted.len()) - 1;
    sorted[index].as_secs_f64() * 1000.0
}
