//! The crash test: the real server binary is killed with SIGKILL in the
//! middle of sustained writes to all five demos, again and again, over the
//! same `DATA_DIR`. After each restart:
//!
//! - `PRAGMA integrity_check` is `ok` for every SQLite file;
//! - every write the server acknowledged (a whole 2xx answer) can be read
//!   back through the API, from every cycle so far;
//! - the CQRS read model catches up with the event store, and holds exactly
//!   one view row per event;
//! - the microservices outboxes deliver what was pending, and every order is
//!   charged and paid exactly once.
//!
//! Half the writers build a backlog on purpose (a projection delay in CQRS,
//! payments "down" in microservices; see `writers`), so each kill leaves
//! work behind for the restarted server to finish.
//!
//! `bench crash` runs the long version (`bench/crash.sh`); the server's
//! test suite runs [`CrashConfig::smoke`] in seconds. Loopback only: the
//! server is a child process on a free 127.0.0.1 port.

mod checks;
mod database;
mod report;
mod writers;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::Context;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

pub use checks::ReadBack;
pub use database::{BusCounts, CqrsCounts, Integrity};
pub use report::{CrashReport, CycleReport};

use crate::server_process::{free_port, Launch, ServerProcess};

/// The demos under test, as in `/demos/{pattern}/api`.
pub const PATTERNS: [&str; 5] = ["layered", "clean", "hexagonal", "microservices", "cqrs"];

#[derive(Debug, Clone)]
pub struct CrashConfig {
    /// The `server` binary to start and kill.
    pub server: PathBuf,
    /// Kills (and restarts) in the run.
    pub cycles: usize,
    /// Concurrent writers per demo.
    pub clients_per_pattern: usize,
    /// The writes before each kill last a random time in this range.
    pub shortest_window: Duration,
    pub longest_window: Duration,
    /// How long a start may take until `/healthz` answers.
    pub ready_within: Duration,
    /// How long the projection and the outboxes may take to catch up after
    /// a restart before that counts as a failure.
    pub settle_within: Duration,
    /// Where the databases go (must be empty or missing); a temporary
    /// folder otherwise, removed after a clean run and kept after a failed one.
    pub data_dir: Option<PathBuf>,
    /// Seeds the kill times and the writes; from the clock when `None`.
    pub seed: Option<u64>,
}

impl CrashConfig {
    /// The full run: 20 kills, three writers per demo, 0.5–3 s of writes each.
    pub fn new(server: impl Into<PathBuf>) -> Self {
        Self {
            server: server.into(),
            cycles: 20,
            clients_per_pattern: 3,
            shortest_window: Duration::from_millis(500),
            longest_window: Duration::from_millis(3_000),
            ready_within: Duration::from_secs(60),
            settle_within: Duration::from_secs(60),
            data_dir: None,
            seed: None,
        }
    }

    /// The version for the test suite: a few kills in a few seconds.
    pub fn smoke(server: impl Into<PathBuf>) -> Self {
        Self {
            cycles: 3,
            clients_per_pattern: 1,
            shortest_window: Duration::from_millis(300),
            longest_window: Duration::from_millis(800),
            ..Self::new(server)
        }
    }
}

/// Runs every cycle and reports what each found. `Err` only when the run
/// itself could not go on (no server binary, a restart that never became
/// healthy — then the data folder is kept and named in the error).
pub async fn run(config: &CrashConfig) -> anyhow::Result<CrashReport> {
    let (data_dir, temporary) = match &config.data_dir {
        Some(dir) => {
            let empty = !dir.exists() || std::fs::read_dir(dir)?.next().is_none();
            anyhow::ensure!(empty, "{} is not empty: the crash test counts every row, so it needs a fresh DATA_DIR", dir.display());
            std::fs::create_dir_all(dir).with_context(|| format!("failed to create {}", dir.display()))?;
            (dir.clone(), None)
        }
        None => {
            let temporary = tempfile::Builder::new().prefix("crash-test-").tempdir().context("failed to create a temporary DATA_DIR")?;
            (temporary.path().to_owned(), Some(temporary))
        }
    };
    let outcome = run_cycles(config, &data_dir).await;
    let failed = outcome.as_ref().map_or(true, |report| !report.problems().is_empty());
    // A failed run keeps its databases, to be looked at.
    let kept = match temporary {
        Some(temporary) if failed => Some(temporary.keep()),
        Some(_) => None,
        None => Some(data_dir.clone()),
    };
    match outcome {
        Ok(mut report) => {
            report.data_dir = kept;
            Ok(report)
        }
        Err(err) => {
            let log = std::fs::read_to_string(data_dir.join("server.log")).unwrap_or_default();
            let tail: Vec<&str> = log.lines().rev().take(20).collect::<Vec<_>>().into_iter().rev().collect();
            Err(err.context(format!("crash test data kept in {}; the server log ends:\n{}", data_dir.display(), tail.join("\n"))))
        }
    }
}

async fn run_cycles(config: &CrashConfig, data_dir: &Path) -> anyhow::Result<CrashReport> {
    let seed = config
        .seed
        .unwrap_or_else(|| std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos() as u64));
    let mut rng = StdRng::seed_from_u64(seed);
    let run_id = format!("{:08x}", rng.random::<u32>());
    let mut launch = Launch::new(&config.server, data_dir)?.env("ADDRESS_RATE_PER_SECOND", "0").env("LEPTOS_ENV", "PROD");
    launch.log = Some(data_dir.join("server.log"));
    let mut server = start(&mut launch, config.ready_within).await.context("the server did not start")?;
    let mut ledger = checks::Ledger::default();
    let mut report = CrashReport { seed, clients_per_pattern: config.clients_per_pattern, ..Default::default() };
    for cycle in 1..=config.cycles {
        let window = rng.random_range(config.shortest_window..=config.longest_window);
        let writes = writers::write_then_kill(&mut server, config.clients_per_pattern, window, &run_id, cycle, seed).await?;
        // Counted on the files the dead server left, before anyone recovers them.
        let cqrs_at_kill = database::cqrs(data_dir).await?;
        let bus_at_kill = database::bus(data_dir).await?;
        ledger.record(&writes.acks);

        let restarting = Instant::now();
        server = start(&mut launch, config.ready_within)
            .await
            .with_context(|| format!("cycle {cycle}: the server did not come back after the kill"))?;
        let restart = restarting.elapsed();

        let cycle_report = verify(config, data_dir, &server, &ledger, cycle, writes, restart, cqrs_at_kill, bus_at_kill).await?;
        report.cycles.push(cycle_report);
    }
    // The last server goes the way the others did.
    server.kill()?;
    Ok(report)
}

/// The checks after one restart, in the order they can be answered: the
/// files first, then the backlogs (timed from the moment `/healthz`
/// answered), then the acknowledged writes, which need the backlogs done.
#[allow(clippy::too_many_arguments)]
async fn verify(
    config: &CrashConfig,
    data_dir: &Path,
    server: &ServerProcess,
    ledger: &checks::Ledger,
    cycle: usize,
    writes: writers::Writes,
    restart: Duration,
    cqrs_at_kill: database::CqrsCounts,
    bus_at_kill: database::BusCounts,
) -> anyhow::Result<CycleReport> {
    let integrity = database::integrity(data_dir).await?;
    let ((cqrs, cqrs_caught_up), (bus, bus_drained)) =
        tokio::try_join!(checks::cqrs_catch_up(data_dir, config.settle_within), checks::outbox_drain(data_dir, config.settle_within))?;
    let read_back = checks::read_back(&server.base, ledger).await?;
    let mut cycle_report = CycleReport {
        cycle,
        wrote_for: writes.ran_for,
        acknowledged: PATTERNS.map(|p| writes.acks.iter().filter(|a| a.pattern == p).count()),
        refused: writes.refused,
        cut: writes.cut,
        restart,
        integrity,
        read_back,
        cqrs_at_kill,
        cqrs,
        cqrs_caught_up,
        bus_at_kill,
        bus,
        bus_drained,
        problems: Vec::new(),
    };
    cycle_report.problems = cycle_report.find_problems(config.settle_within);
    Ok(cycle_report)
}

/// Starts the server on a fresh port. A port that was free when picked may
/// be taken by the time the server binds it (other tests bind ports too):
/// that, and only that, is retried — any other failure to start is an answer.
async fn start(launch: &mut Launch, ready_within: Duration) -> anyhow::Result<ServerProcess> {
    let mut attempts = 0;
    loop {
        attempts += 1;
        launch.port = free_port()?;
        match launch.start(ready_within).await {
            Ok(server) => return Ok(server),
            Err(_) if attempts < 3 && lost_the_port(launch) => continue,
            Err(err) => return Err(err),
        }
    }
}

fn lost_the_port(launch: &Launch) -> bool {
    let log = launch.log.as_ref().and_then(|path| std::fs::read_to_string(path).ok()).unwrap_or_default();
    log.contains(&format!("failed to listen on 127.0.0.1:{}", launch.port))
}
