//! The workshop load test: a room of attendees, each a browser of their own
//! (own cookie jar, so own sandbox), opening a pattern page and creating
//! users and orders at a human pace, plus the burst when the presenter says
//! "now everyone click create". Afterwards every write the server
//! acknowledged is looked up again through the API: an answer of 2xx is a
//! promise, and this checks it was kept.
//!
//! The room: attendees are dealt round-robin to the five patterns. Most
//! work in a private sandbox — the one the page's cookie gives them — but
//! every `room_every`-th attendee first joins a shared sandbox
//! (`POST /sandbox/join`, as the panel's form does), one room per pattern,
//! the way a presenter hands out a code so a table sees the same data.
//! Everyone comes from 127.0.0.1, as a room behind one NAT address would.
//!
//! What counts: 2xx (303 for the join form) is success; 429 is an expected
//! answer (a rate limit or a quota); anything else, or no answer at all, is
//! an error. Latency is from sending the request to the last byte of the
//! body. All randomness (think times, order lines, arrival) comes from one
//! seed, so two runs send the same workload.

mod attendee;
mod report;
mod rss;
mod verify;

use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use anyhow::{bail, Context};

pub use report::{CpuSplit, EndpointRow, RssVerdict, WorkshopReport};
pub use rss::vm_rss_kib;
pub use verify::Verification;

/// The five demos, in the order attendees are dealt to them.
pub const PATTERNS: [&str; 5] = ["layered", "clean", "hexagonal", "microservices", "cqrs"];

/// How the room behaves. [`WorkshopConfig::new`] is the full workshop,
/// [`WorkshopConfig::smoke`] a seconds-long version for the test suite.
#[derive(Debug, Clone)]
pub struct WorkshopConfig {
    /// `http://127.0.0.1:PORT`; anything but loopback is refused.
    pub base: String,
    /// The server's process id, to sample its RSS from `/proc` (none: no samples).
    pub pid: Option<u32>,
    pub attendees: usize,
    /// How long attendees keep working (the burst and verification come on top).
    pub duration: Duration,
    /// An attendee reads or types for a time drawn from this range between steps.
    pub think: (Duration, Duration),
    /// Attendees arrive spread over this long, not all in the same millisecond.
    pub ramp: Duration,
    /// When the presenter calls for the burst (none: no burst).
    pub burst_at: Option<Duration>,
    /// Writes each attendee fires in the burst, one after another…
    pub burst_writes: usize,
    /// …of which the first this many create users, the rest orders.
    pub burst_users: usize,
    /// The pause between two quick clicks of the burst.
    pub burst_gap: (Duration, Duration),
    /// Each attendee reacts to the presenter within this long.
    pub burst_reaction: Duration,
    /// Every n-th attendee works in their pattern's shared room (0: nobody).
    pub room_every: usize,
    pub seed: u64,
    /// How long verification may wait for a write to show (the CQRS read side lags).
    pub verify_within: Duration,
    /// Width of the timeline's windows.
    pub window: Duration,
}

impl WorkshopConfig {
    /// The workshop of the brief: 200 attendees, 60 s, thinking 1–3 s between
    /// steps, ten quick writes each (two sign-ups, eight orders) at 30 s,
    /// one in four in a shared room.
    pub fn new(base: impl Into<String>) -> Self {
        Self {
            base: base.into(),
            pid: None,
            attendees: 200,
            duration: Duration::from_secs(60),
            think: (Duration::from_secs(1), Duration::from_secs(3)),
            ramp: Duration::from_secs(5),
            burst_at: Some(Duration::from_secs(30)),
            burst_writes: 10,
            burst_users: 2,
            burst_gap: (Duration::from_millis(100), Duration::from_millis(400)),
            burst_reaction: Duration::from_secs(2),
            room_every: 4,
            seed: 7,
            verify_within: Duration::from_secs(30),
            window: Duration::from_secs(5),
        }
    }

    /// Seconds, not minutes: 20 attendees for 5 s, thinking 50–150 ms, the
    /// burst at 2.5 s. Same code paths, for correctness checks in CI.
    pub fn smoke(base: impl Into<String>) -> Self {
        Self {
            attendees: 20,
            duration: Duration::from_secs(5),
            think: (Duration::from_millis(50), Duration::from_millis(150)),
            ramp: Duration::from_millis(500),
            burst_at: Some(Duration::from_millis(2500)),
            burst_gap: (Duration::from_millis(5), Duration::from_millis(30)),
            burst_reaction: Duration::from_millis(200),
            verify_within: Duration::from_secs(20),
            window: Duration::from_secs(1),
            ..Self::new(base)
        }
    }

    fn check(&self) -> anyhow::Result<()> {
        crate::server_process::ensure_loopback(&self.base)?;
        if self.attendees == 0 || self.duration.is_zero() {
            bail!("a workshop needs attendees and time");
        }
        if self.think.0 > self.think.1 || self.burst_gap.0 > self.burst_gap.1 {
            bail!("a range's low end is above its high end");
        }
        if self.burst_at.is_some_and(|at| at >= self.duration) {
            bail!("the burst must come before the end");
        }
        if self.burst_users > self.burst_writes || self.window.is_zero() {
            bail!("burst_users must not exceed burst_writes, and the window must not be zero");
        }
        Ok(())
    }
}

/// Which request, as the report groups them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Endpoint {
    Page,
    Join,
    CreateUser,
    CreateOrder,
    ListUsers,
    ListOrders,
}

impl Endpoint {
    pub const ALL: [Endpoint; 6] =
        [Endpoint::Page, Endpoint::Join, Endpoint::CreateUser, Endpoint::CreateOrder, Endpoint::ListUsers, Endpoint::ListOrders];

    pub fn label(self) -> &'static str {
        match self {
            Endpoint::Page => "GET /patterns/{p}",
            Endpoint::Join => "POST /sandbox/join",
            Endpoint::CreateUser => "POST /demos/{p}/api/users",
            Endpoint::CreateOrder => "POST /demos/{p}/api/orders",
            Endpoint::ListUsers => "GET /demos/{p}/api/users",
            Endpoint::ListOrders => "GET /demos/{p}/api/orders",
        }
    }
}

/// One request as an attendee saw it.
#[derive(Debug, Clone)]
pub(crate) struct Sample {
    pub endpoint: Endpoint,
    /// Index into [`PATTERNS`].
    pub pattern: usize,
    /// When it was sent, from the start of the run.
    pub sent: Duration,
    pub latency: Duration,
    /// The HTTP status; `None` when no answer came (connection error, timeout).
    pub status: Option<u16>,
    /// The error body's code of a 4xx or 5xx (`rate_limited`, `quota_exceeded`, `overloaded` …).
    pub error_code: Option<String>,
    /// Fired as part of the burst.
    pub burst: bool,
}

impl Sample {
    pub fn is_ok(&self) -> bool {
        match self.status {
            Some(303) => self.endpoint == Endpoint::Join,
            Some(status) => (200..300).contains(&status),
            None => false,
        }
    }

    pub fn is_limited(&self) -> bool {
        self.status == Some(429)
    }
}

/// A write the server acknowledged (2xx with an id), to look up afterwards.
#[derive(Debug, Clone)]
pub(crate) struct Ack {
    pub pattern: usize,
    /// The sandbox the reply named (`X-Sandbox`).
    pub sandbox: String,
    pub id: String,
    pub write: Write,
}

#[derive(Debug, Clone)]
pub(crate) enum Write {
    User { email: String },
    Order { user_id: String, total_cents: i64 },
}

/// Runs the workshop against the server at `config.base`, then verifies
/// every acknowledged write, and reports.
pub async fn run(config: WorkshopConfig) -> anyhow::Result<WorkshopReport> {
    config.check()?;
    let probe = reqwest::Client::builder().timeout(Duration::from_secs(5)).build()?;
    probe
        .get(format!("{}/healthz", config.base))
        .send()
        .await
        .and_then(reqwest::Response::error_for_status)
        .with_context(|| format!("no healthy server at {}", config.base))?;

    let config = Arc::new(config);
    let tag = run_tag();
    let epoch = Instant::now();
    let sampler = config.pid.map(|pid| rss::Sampler::start(pid, epoch));
    let mut tasks = tokio::task::JoinSet::new();
    for number in 0..config.attendees {
        let attendee = attendee::Attendee::new(number, config.clone(), tag.clone(), epoch)?;
        tasks.spawn(attendee.run());
    }
    let mut logs = Vec::with_capacity(config.attendees);
    while let Some(log) = tasks.join_next().await {
        logs.push(log.context("an attendee panicked")?);
    }
    let elapsed = epoch.elapsed();
    let resources = match sampler {
        Some(sampler) => sampler.stop().await,
        None => Vec::new(),
    };

    let acks: Vec<Ack> = logs.iter().flat_map(|log| log.acks.iter().cloned()).collect();
    let verification = verify::verify(&config.base, &acks, config.verify_within).await?;
    Ok(WorkshopReport::build(&config, logs, elapsed, resources, verification))
}

/// Makes this run's emails and room codes its own, so a second run against
/// the same server never collides with the first (409, full rooms).
fn run_tag() -> Arc<str> {
    let nanos = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_nanos());
    Arc::from(format!("{:x}", (nanos as u64) ^ u64::from(std::process::id())).as_str())
}
