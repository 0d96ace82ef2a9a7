//! The figures of a workshop run and their markdown: per endpoint (all
//! patterns, then each) the requests, outcomes and latency — overall, away
//! from the burst and within it —, the statuses, a timeline of throughput,
//! p99 and RSS, whether RSS stayed flat, and what verification found.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::time::Duration;

use super::attendee::AttendeeLog;
use super::rss::{ResourceSample, RssSample};
use super::{Endpoint, Sample, Verification, WorkshopConfig, Write, PATTERNS};
use crate::demo_api::percentile;

/// The goal for every endpoint's p99, in milliseconds.
pub const P99_GOAL_MS: f64 = 50.0;
/// RSS counts as flat when the last third's mean is at most this much above the middle third's.
pub const RSS_FLAT_TOLERANCE: f64 = 0.10;

#[derive(Debug, Clone)]
pub struct EndpointRow {
    pub endpoint: Endpoint,
    /// `None`: all patterns together.
    pub pattern: Option<&'static str>,
    pub requests: usize,
    pub ok: usize,
    pub limited: usize,
    pub errors: usize,
    pub per_second: f64,
    pub p50_ms: f64,
    pub p99_ms: f64,
    pub max_ms: f64,
    /// Requests sent outside the burst window.
    pub p99_steady_ms: Option<f64>,
    /// Requests sent within it (by anyone, burst click or not).
    pub p99_burst_ms: Option<f64>,
}

#[derive(Debug, Clone, Copy)]
pub struct RssVerdict {
    pub middle_mib: f64,
    pub last_mib: f64,
    pub peak_mib: f64,
    pub growth: f64,
    pub flat: bool,
}

#[derive(Debug, Clone)]
pub struct Window {
    pub from_s: f64,
    pub per_second: f64,
    /// `POST …/users` sent per second: argon2 makes sign-ups the costly request.
    pub signups_per_second: f64,
    pub p99_ms: f64,
    pub limited: usize,
    pub errors: usize,
    pub rss_mib: Option<f64>,
    /// Cores busy (of the machine's) with the server, this load generator, and anything else.
    pub cpu: Option<CpuSplit>,
}

/// Cores in use, on average over a stretch of time.
#[derive(Debug, Clone, Copy, Default)]
pub struct CpuSplit {
    pub server: f64,
    pub bench: f64,
    pub other: f64,
}

#[derive(Debug, Clone)]
pub struct WorkshopReport {
    pub config: WorkshopConfig,
    /// How long the load phase really took (the last request included).
    pub elapsed: Duration,
    pub in_rooms: usize,
    pub requests: usize,
    pub ok: usize,
    pub limited: usize,
    /// Non-2xx other than 429, and requests that got no answer.
    pub errors: usize,
    /// `"201"`, `"429 rate_limited"`, `"503 unavailable"`, `"no answer"` … → count.
    pub statuses: BTreeMap<String, usize>,
    pub rows: Vec<EndpointRow>,
    /// Per pattern: acknowledged (users, orders).
    pub acknowledged: Vec<(&'static str, usize, usize)>,
    /// From the presenter's call to the last burst answer, in seconds.
    pub burst_window: Option<(f64, f64)>,
    pub timeline: Vec<Window>,
    pub rss: Vec<RssSample>,
    pub rss_verdict: Option<RssVerdict>,
    /// Over the whole run.
    pub cpu: Option<CpuSplit>,
    pub verification: Verification,
    pub anomalies: Vec<String>,
}

impl WorkshopReport {
    pub(crate) fn build(
        config: &WorkshopConfig,
        logs: Vec<AttendeeLog>,
        elapsed: Duration,
        resources: Vec<ResourceSample>,
        verification: Verification,
    ) -> Self {
        let rss: Vec<RssSample> = resources.iter().map(|r| (r.at, r.rss_kib)).collect();
        let in_rooms = logs.iter().filter(|log| log.in_room).count();
        let mut acknowledged: Vec<(&'static str, usize, usize)> = PATTERNS.iter().map(|p| (*p, 0, 0)).collect();
        for ack in logs.iter().flat_map(|log| &log.acks) {
            match ack.write {
                Write::User { .. } => acknowledged[ack.pattern].1 += 1,
                Write::Order { .. } => acknowledged[ack.pattern].2 += 1,
            }
        }
        let anomalies = logs.iter().flat_map(|log| log.anomalies.iter().cloned()).collect();
        let samples: Vec<Sample> = logs.into_iter().flat_map(|log| log.samples).collect();
        let burst_window = config.burst_at.and_then(|at| {
            let end = samples.iter().filter(|s| s.burst).map(|s| s.sent + s.latency).max()?;
            Some((at.as_secs_f64(), end.as_secs_f64()))
        });
        let in_burst = |s: &Sample| burst_window.is_some_and(|(from, to)| (from..=to).contains(&s.sent.as_secs_f64()));
        let seconds = elapsed.as_secs_f64().max(1e-9);

        let mut rows = Vec::new();
        for endpoint in Endpoint::ALL {
            let of_endpoint: Vec<&Sample> = samples.iter().filter(|s| s.endpoint == endpoint).collect();
            if of_endpoint.is_empty() {
                continue;
            }
            rows.push(row(endpoint, None, &of_endpoint, seconds, &in_burst));
            for (index, pattern) in PATTERNS.iter().enumerate() {
                let of_pattern: Vec<&Sample> = of_endpoint.iter().copied().filter(|s| s.pattern == index).collect();
                if !of_pattern.is_empty() {
                    rows.push(row(endpoint, Some(pattern), &of_pattern, seconds, &in_burst));
                }
            }
        }

        let mut statuses = BTreeMap::new();
        for sample in &samples {
            let key = match (sample.status, &sample.error_code) {
                (None, _) => "no answer".to_owned(),
                (Some(status), Some(code)) => format!("{status} {code}"),
                (Some(status), None) => status.to_string(),
            };
            *statuses.entry(key).or_insert(0) += 1;
        }
        let ok = samples.iter().filter(|s| s.is_ok()).count();
        let limited = samples.iter().filter(|s| s.is_limited()).count();
        let timeline = timeline(&samples, &resources, config.window, elapsed);
        let cpu = cpu_split(&resources);
        let rss_verdict = rss_verdict(&rss);
        Self {
            config: config.clone(),
            elapsed,
            in_rooms,
            requests: samples.len(),
            ok,
            limited,
            errors: samples.len() - ok - limited,
            statuses,
            rows,
            acknowledged,
            burst_window,
            timeline,
            rss,
            rss_verdict,
            cpu,
            verification,
            anomalies,
        }
    }

    /// Acknowledged writes (users and orders) on one pattern.
    pub fn acknowledged_on(&self, pattern: &str) -> usize {
        self.acknowledged.iter().find(|(p, _, _)| *p == pattern).map_or(0, |(_, users, orders)| users + orders)
    }

    /// The all-pattern rows whose p99 misses the goal.
    pub fn over_goal(&self) -> Vec<&EndpointRow> {
        self.rows.iter().filter(|row| row.pattern.is_none() && row.p99_ms > P99_GOAL_MS).collect()
    }

    pub fn markdown(&self) -> String {
        let mut out = String::new();
        self.write_markdown(&mut out).expect("writing to a String cannot fail");
        out
    }

    fn write_markdown(&self, out: &mut String) -> std::fmt::Result {
        let c = &self.config;
        let ms = |d: Duration| d.as_millis();
        writeln!(out, "## Workshop: {} attendees, {} s\n", c.attendees, c.duration.as_secs_f64())?;
        writeln!(
            out,
            "{} · seed {} · think {}–{} ms · arrivals over {} ms · {} in shared rooms (one per pattern), {} in private sandboxes · burst: {}",
            c.base,
            c.seed,
            ms(c.think.0),
            ms(c.think.1),
            ms(c.ramp),
            self.in_rooms,
            c.attendees - self.in_rooms,
            match c.burst_at {
                Some(at) => format!(
                    "{} writes each ({} sign-ups, then orders) {}–{} ms apart, called at {:.1} s",
                    c.burst_writes,
                    c.burst_users,
                    ms(c.burst_gap.0),
                    ms(c.burst_gap.1),
                    at.as_secs_f64()
                ),
                None => "none".to_owned(),
            }
        )?;
        writeln!(out)?;
        let users: usize = self.acknowledged.iter().map(|a| a.1).sum();
        let orders: usize = self.acknowledged.iter().map(|a| a.2).sum();
        writeln!(
            out,
            "**Throughput** {} requests in {:.1} s = {:.0} req/s; acknowledged writes: {users} users, {orders} orders ({:.0} writes/s).\n",
            self.requests,
            self.elapsed.as_secs_f64(),
            self.requests as f64 / self.elapsed.as_secs_f64(),
            (users + orders) as f64 / self.elapsed.as_secs_f64()
        )?;
        let statuses: Vec<String> = self.statuses.iter().map(|(status, n)| format!("{status} × {n}")).collect();
        writeln!(out, "**Statuses** {}. Errors (neither 2xx/303 nor 429): **{}**.\n", statuses.join(", "), self.errors)?;
        if let Some((from, to)) = self.burst_window {
            writeln!(out, "Burst window: {from:.1} s – {to:.1} s (\"burst p99\" = requests sent in it, \"steady p99\" = all others).\n")?;
        }

        writeln!(out, "| endpoint | pattern | requests | req/s | ok | 429 | errors | p50 ms | p99 ms | max ms | steady p99 | burst p99 |")?;
        writeln!(out, "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")?;
        let opt = |v: Option<f64>| v.map_or("–".to_owned(), |v| format!("{v:.1}"));
        for row in &self.rows {
            let (endpoint, pattern) = match row.pattern {
                None => (format!("**{}**", row.endpoint.label()), "**all**".to_owned()),
                Some(pattern) => (String::new(), pattern.to_owned()),
            };
            writeln!(
                out,
                "| {endpoint} | {pattern} | {} | {:.1} | {} | {} | {} | {:.1} | {:.1} | {:.1} | {} | {} |",
                row.requests,
                row.per_second,
                row.ok,
                row.limited,
                row.errors,
                row.p50_ms,
                row.p99_ms,
                row.max_ms,
                opt(row.p99_steady_ms),
                opt(row.p99_burst_ms)
            )?;
        }

        writeln!(out, "\n### Over time ({} s windows)\n", c.window.as_secs_f64())?;
        let cells = |f: &dyn Fn(&Window) -> String| self.timeline.iter().map(f).collect::<Vec<_>>().join(" | ");
        writeln!(out, "| t (s) | {} |", cells(&|w| format!("{:.0}", w.from_s)))?;
        writeln!(out, "|---|{}", "---:|".repeat(self.timeline.len()))?;
        writeln!(out, "| req/s | {} |", cells(&|w| format!("{:.0}", w.per_second)))?;
        writeln!(out, "| sign-ups/s | {} |", cells(&|w| format!("{:.0}", w.signups_per_second)))?;
        writeln!(out, "| p99 ms | {} |", cells(&|w| format!("{:.0}", w.p99_ms)))?;
        writeln!(out, "| 429 | {} |", cells(&|w| w.limited.to_string()))?;
        writeln!(out, "| errors | {} |", cells(&|w| w.errors.to_string()))?;
        writeln!(out, "| RSS MiB | {} |", cells(&|w| w.rss_mib.map_or("–".to_owned(), |m| format!("{m:.0}"))))?;
        let cores = |f: fn(&CpuSplit) -> f64| move |w: &Window| w.cpu.map_or("–".to_owned(), |c| format!("{:.2}", f(&c)));
        writeln!(out, "| CPU server | {} |", cells(&cores(|c| c.server)))?;
        writeln!(out, "| CPU bench | {} |", cells(&cores(|c| c.bench)))?;
        writeln!(out, "| CPU other | {} |", cells(&cores(|c| c.other)))?;
        writeln!(out)?;
        if let Some(cpu) = self.cpu {
            writeln!(
                out,
                "**CPU** in cores of {}, mean over the run: server {:.2}, this load generator {:.2}, everything else on the machine {:.2}.\n",
                machine_cores(),
                cpu.server,
                cpu.bench,
                cpu.other
            )?;
        }
        match self.rss_verdict {
            Some(v) => writeln!(
                out,
                "**RSS** {}: mean {:.1} MiB in the middle third, {:.1} MiB in the last ({:+.1} %; flat = at most +{:.0} %), peak {:.1} MiB.\n",
                if v.flat { "flat after warm-up" } else { "GROWING after warm-up" },
                v.middle_mib,
                v.last_mib,
                v.growth * 100.0,
                RSS_FLAT_TOLERANCE * 100.0,
                v.peak_mib
            )?,
            None => writeln!(out, "**RSS** not sampled (no pid, or too short a run).\n")?,
        }

        let v = &self.verification;
        let statuses: Vec<String> = v.microservices_statuses.iter().map(|(s, n)| format!("{n} {s}")).collect();
        if v.all_present() {
            writeln!(
                out,
                "**Verification** all {} acknowledged writes present ({} users, {} orders), checked in {:.1} s; microservices orders: {}.",
                v.users + v.orders,
                v.users,
                v.orders,
                v.took.as_secs_f64(),
                if statuses.is_empty() { "none".to_owned() } else { statuses.join(", ") }
            )?;
        } else {
            writeln!(
                out,
                "**Verification FAILED** {} of {} acknowledged writes present; {} missing, {} wrong (first: {:?}).",
                v.present,
                v.users + v.orders,
                v.missing.len(),
                v.wrong.len(),
                v.missing.iter().chain(&v.wrong).take(5).collect::<Vec<_>>()
            )?;
        }
        if !v.unlisted.is_empty() {
            writeln!(
                out,
                "\n{} writes were readable by id but missing from their list (first: {:?}).",
                v.unlisted.len(),
                v.unlisted.first()
            )?;
        }
        if !self.anomalies.is_empty() {
            writeln!(out, "\n{} anomalies (first: {:?}).", self.anomalies.len(), &self.anomalies[..self.anomalies.len().min(5)])?;
        }
        let over: Vec<String> = self.over_goal().iter().map(|r| format!("{} {:.0} ms", r.endpoint.label(), r.p99_ms)).collect();
        writeln!(
            out,
            "\n**Goals** errors other than 429: {} · p99 ≤ {P99_GOAL_MS:.0} ms: {} · RSS flat: {} · every acknowledged write present: {}",
            if self.errors == 0 { "0 ✓".to_owned() } else { format!("{} ✗", self.errors) },
            if over.is_empty() { "✓".to_owned() } else { format!("✗ ({})", over.join(", ")) },
            self.rss_verdict.map_or("–", |v| if v.flat { "✓" } else { "✗" }),
            if v.all_present() { "✓" } else { "✗" }
        )?;
        Ok(())
    }
}

fn row(
    endpoint: Endpoint,
    pattern: Option<&'static str>,
    samples: &[&Sample],
    seconds: f64,
    in_burst: &dyn Fn(&Sample) -> bool,
) -> EndpointRow {
    let sorted = |filter: &dyn Fn(&Sample) -> bool| {
        let mut latencies: Vec<Duration> = samples.iter().filter(|s| filter(s)).map(|s| s.latency).collect();
        latencies.sort();
        latencies
    };
    let all = sorted(&|_| true);
    let steady = sorted(&|s| !in_burst(s));
    let burst = sorted(&|s| in_burst(s));
    let ok = samples.iter().filter(|s| s.is_ok()).count();
    let limited = samples.iter().filter(|s| s.is_limited()).count();
    EndpointRow {
        endpoint,
        pattern,
        requests: samples.len(),
        ok,
        limited,
        errors: samples.len() - ok - limited,
        per_second: samples.len() as f64 / seconds,
        p50_ms: percentile(&all, 0.50),
        p99_ms: percentile(&all, 0.99),
        max_ms: all.last().map_or(0.0, |d| d.as_secs_f64() * 1000.0),
        p99_steady_ms: (!steady.is_empty()).then(|| percentile(&steady, 0.99)),
        p99_burst_ms: (!burst.is_empty()).then(|| percentile(&burst, 0.99)),
    }
}

fn timeline(samples: &[Sample], resources: &[ResourceSample], window: Duration, elapsed: Duration) -> Vec<Window> {
    let width = window.as_secs_f64();
    let count = (elapsed.as_secs_f64() / width).ceil().max(1.0) as usize;
    (0..count)
        .map(|i| {
            let (from, to) = (i as f64 * width, (i + 1) as f64 * width);
            let inside: Vec<&Sample> = samples.iter().filter(|s| (from..to).contains(&s.sent.as_secs_f64())).collect();
            let mut latencies: Vec<Duration> = inside.iter().map(|s| s.latency).collect();
            latencies.sort();
            let inside_resources: Vec<ResourceSample> = resources.iter().filter(|r| (from..to).contains(&r.at)).copied().collect();
            let kib: Vec<u64> = inside_resources.iter().map(|r| r.rss_kib).collect();
            // The reading just before the window, so its first second counts too.
            let before = resources.iter().rev().find(|r| r.at < from).copied();
            let seconds = width.min(elapsed.as_secs_f64() - from).max(1e-9);
            Window {
                from_s: from,
                per_second: inside.len() as f64 / seconds,
                signups_per_second: inside.iter().filter(|s| s.endpoint == Endpoint::CreateUser).count() as f64 / seconds,
                p99_ms: percentile(&latencies, 0.99),
                limited: inside.iter().filter(|s| s.is_limited()).count(),
                errors: inside.iter().filter(|s| !s.is_ok() && !s.is_limited()).count(),
                rss_mib: (!kib.is_empty()).then(|| kib.iter().sum::<u64>() as f64 / kib.len() as f64 / 1024.0),
                cpu: cpu_split(&before.into_iter().chain(inside_resources).collect::<Vec<_>>()),
            }
        })
        .collect()
}

fn machine_cores() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// Mean cores in use between the first and the last reading.
fn cpu_split(resources: &[ResourceSample]) -> Option<CpuSplit> {
    let (first, last) = (resources.first()?, resources.last()?);
    let total = last.total_ticks.checked_sub(first.total_ticks).filter(|t| *t > 0)? as f64;
    let cores = machine_cores() as f64;
    let share = |a: u64, b: u64| b.saturating_sub(a) as f64 / total * cores;
    let server = share(first.server_ticks, last.server_ticks);
    let bench = share(first.bench_ticks, last.bench_ticks);
    let busy = share(first.busy_ticks, last.busy_ticks);
    Some(CpuSplit { server, bench, other: (busy - server - bench).max(0.0) })
}

/// The first third is warm-up; flat means the last third's mean is not more
/// than [`RSS_FLAT_TOLERANCE`] above the middle third's.
fn rss_verdict(rss: &[RssSample]) -> Option<RssVerdict> {
    if rss.len() < 6 {
        return None;
    }
    let third = rss.len() / 3;
    let mean = |part: &[RssSample]| part.iter().map(|(_, kib)| *kib as f64).sum::<f64>() / part.len() as f64 / 1024.0;
    let middle_mib = mean(&rss[third..2 * third]);
    let last_mib = mean(&rss[2 * third..]);
    let growth = last_mib / middle_mib - 1.0;
    let peak_mib = rss.iter().map(|(_, kib)| *kib).max().unwrap_or(0) as f64 / 1024.0;
    Some(RssVerdict { middle_mib, last_mib, peak_mib, growth, flat: growth <= RSS_FLAT_TOLERANCE })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rss_is_flat_when_the_last_third_stays_near_the_middle() {
        let series = |values: &[u64]| values.iter().enumerate().map(|(i, v)| (i as f64, v * 1024)).collect::<Vec<_>>();
        let flat = rss_verdict(&series(&[50, 80, 100, 100, 102, 101, 103, 104, 103])).unwrap();
        assert!(flat.flat, "{flat:?}");
        let growing = rss_verdict(&series(&[50, 80, 100, 100, 110, 120, 140, 150, 160])).unwrap();
        assert!(!growing.flat, "{growing:?}");
        assert!(rss_verdict(&series(&[1, 2, 3])).is_none());
    }
}
