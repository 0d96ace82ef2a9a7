//! What each cycle of the crash test found, the problems among it, and the
//! markdown table `bench crash` prints.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::PathBuf;
use std::time::Duration;

use super::checks::ReadBack;
use super::database::{BusCounts, CqrsCounts, Integrity};
use super::PATTERNS;

#[derive(Debug, Default)]
pub struct CrashReport {
    pub seed: u64,
    pub clients_per_pattern: usize,
    pub cycles: Vec<CycleReport>,
    /// Where the databases and the server log are, when kept.
    pub data_dir: Option<PathBuf>,
}

#[derive(Debug)]
pub struct CycleReport {
    pub cycle: usize,
    /// Writes ran this long before the kill.
    pub wrote_for: Duration,
    /// Writes acknowledged in this cycle, per demo (in [`PATTERNS`] order).
    pub acknowledged: [usize; 5],
    /// Not acknowledged: answers other than 2xx, by status.
    pub refused: BTreeMap<u16, usize>,
    /// Not acknowledged: requests cut by the kill.
    pub cut: usize,
    /// From spawning the server again to `/healthz` answering.
    pub restart: Duration,
    pub integrity: Vec<Integrity>,
    /// Every write acknowledged in this and earlier cycles, read back.
    pub read_back: ReadBack,
    pub cqrs_at_kill: CqrsCounts,
    pub cqrs: CqrsCounts,
    /// After `/healthz` answered; `None`: not within the limit.
    pub cqrs_caught_up: Option<Duration>,
    pub bus_at_kill: BusCounts,
    pub bus: BusCounts,
    pub bus_drained: Option<Duration>,
    pub problems: Vec<String>,
}

impl CycleReport {
    pub fn acknowledged_total(&self) -> usize {
        self.acknowledged.iter().sum()
    }

    pub(super) fn find_problems(&self, settle_within: Duration) -> Vec<String> {
        let mut problems = Vec::new();
        for (pattern, acked) in PATTERNS.iter().zip(self.acknowledged) {
            if acked == 0 {
                problems.push(format!("no write to {pattern} was acknowledged before the kill"));
            }
        }
        for file in self.integrity.iter().filter(|f| !f.is_ok()) {
            problems.push(format!("integrity_check of {}: {}", file.file, file.verdict));
        }
        let read_back = &self.read_back;
        if read_back.found != read_back.expected {
            problems.push(format!(
                "{} of {} acknowledged writes missing, e.g. {}",
                read_back.expected - read_back.found,
                read_back.expected,
                read_back.missing.join(", ")
            ));
        }
        if self.cqrs_caught_up.is_none() {
            problems.push(format!(
                "CQRS read model still {} events behind {} s after the restart",
                self.cqrs.unprojected(),
                settle_within.as_secs()
            ));
        } else if self.cqrs.events() != self.cqrs.projected() {
            problems.push(format!("CQRS: {} events but {} rows in the views", self.cqrs.events(), self.cqrs.projected()));
        }
        if self.bus_drained.is_none() {
            problems.push(format!(
                "microservices: {} events still in the outboxes and {} orders unpaid {} s after the restart",
                self.bus.pending(),
                self.bus.unpaid_orders,
                settle_within.as_secs()
            ));
        } else {
            problems.extend(self.bus.exactly_once_violations().into_iter().map(|v| format!("microservices: {v}")));
        }
        if read_back.unpaid > 0 {
            problems.push(format!("microservices: {} acknowledged orders not paid", read_back.unpaid));
        }
        if read_back.not_charged_once > 0 {
            problems.push(format!("microservices: {} acknowledged orders without exactly one payment", read_back.not_charged_once));
        }
        problems
    }
}

impl CrashReport {
    /// Every problem of every cycle, each naming its cycle.
    pub fn problems(&self) -> Vec<String> {
        self.cycles.iter().flat_map(|c| c.problems.iter().map(move |p| format!("cycle {}: {p}", c.cycle))).collect()
    }

    /// One row per cycle, then the totals and every problem.
    pub fn to_markdown(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "| cycle | writes ms | acked (layered/clean/hexagonal/microservices/cqrs) | not acked: refused · cut | acked found, all cycles | integrity_check | restart ms | CQRS behind at kill | CQRS caught up, ms after healthz | events = views | outbox pending at kill → after | outbox drained, ms after healthz | charges per order |"
        );
        let _ = writeln!(out, "|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        for c in &self.cycles {
            let refused = if c.refused.is_empty() {
                "0".to_owned()
            } else {
                c.refused.iter().map(|(status, n)| format!("{n}×{status}")).collect::<Vec<_>>().join(" ")
            };
            let integrity = match c.integrity.iter().filter(|f| !f.is_ok()).count() {
                0 => format!("ok ({} files)", c.integrity.len()),
                bad => format!("**{bad} failed**"),
            };
            let charges = if c.bus.duplicate_payments() == 0 && c.bus.exactly_once_violations().is_empty() {
                format!("1 ({} orders)", c.bus.orders)
            } else {
                format!("**{} duplicates; {}**", c.bus.duplicate_payments(), c.bus.exactly_once_violations().join("; "))
            };
            let _ = writeln!(
                out,
                "| {} | {} | {} ({}) | {refused} · {} | {} / {} | {integrity} | {} | {} | {} | {} = {} | {} → {} | {} | {charges} |",
                c.cycle,
                c.wrote_for.as_millis(),
                c.acknowledged_total(),
                c.acknowledged.map(|n| n.to_string()).join("/"),
                c.cut,
                c.read_back.found,
                c.read_back.expected,
                c.restart.as_millis(),
                c.cqrs_at_kill.unprojected(),
                millis_or_timeout(c.cqrs_caught_up),
                c.cqrs.events(),
                c.cqrs.projected(),
                c.bus_at_kill.pending(),
                c.bus.pending(),
                millis_or_timeout(c.bus_drained),
            );
        }
        let acked: usize = self.cycles.iter().map(CycleReport::acknowledged_total).sum();
        let _ = writeln!(
            out,
            "\n{} kills; {} writers per demo; {acked} writes acknowledged in all, every one read back after each later restart unless listed below; seed {}.",
            self.cycles.len(),
            self.clients_per_pattern,
            self.seed
        );
        let problems = self.problems();
        if problems.is_empty() {
            let _ = writeln!(out, "No problems.");
        } else {
            let _ = writeln!(out, "\n**{} problems:**", problems.len());
            for problem in problems {
                let _ = writeln!(out, "- {problem}");
            }
        }
        if let Some(dir) = &self.data_dir {
            let _ = writeln!(out, "\nDatabases and server log: {}", dir.display());
        }
        out
    }
}

fn millis_or_timeout(took: Option<Duration>) -> String {
    took.map_or_else(|| "**timed out**".to_owned(), |d| d.as_millis().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clean_cycle() -> CycleReport {
        let counts = CqrsCounts { last_event: 4, checkpoint: 4, user_events: 1, order_events: 3, user_views: 1, order_views: 3 };
        CycleReport {
            cycle: 1,
            wrote_for: Duration::from_millis(500),
            acknowledged: [2; 5],
            refused: BTreeMap::new(),
            cut: 5,
            restart: Duration::from_millis(400),
            integrity: vec![Integrity { file: "layered.db".into(), verdict: "ok".into() }],
            read_back: ReadBack { expected: 10, found: 10, ..Default::default() },
            cqrs_at_kill: counts,
            cqrs: counts,
            cqrs_caught_up: Some(Duration::from_millis(3)),
            bus_at_kill: BusCounts::default(),
            bus: BusCounts::default(),
            bus_drained: Some(Duration::from_millis(3)),
            problems: Vec::new(),
        }
    }

    #[test]
    fn a_clean_cycle_has_no_problems() {
        assert_eq!(clean_cycle().find_problems(Duration::from_secs(60)), Vec::<String>::new());
    }

    #[test]
    fn a_lost_write_a_corrupt_file_and_a_stuck_projection_are_each_named() {
        let mut cycle = clean_cycle();
        cycle.read_back.found = 9;
        cycle.read_back.missing = vec!["layered order 1 (sandbox s)".into()];
        cycle.integrity.push(Integrity { file: "clean.db".into(), verdict: "row 3 missing from index".into() });
        cycle.cqrs_caught_up = None;
        cycle.acknowledged[4] = 0;
        let problems = cycle.find_problems(Duration::from_secs(60));
        for expected in ["1 of 10 acknowledged writes missing", "integrity_check of clean.db", "CQRS read model still", "no write to cqrs"]
        {
            assert!(problems.iter().any(|p| p.contains(expected)), "{expected:?} not in {problems:?}");
        }
    }

    #[test]
    fn views_that_differ_from_the_events_are_a_problem_once_caught_up() {
        let mut cycle = clean_cycle();
        cycle.cqrs.order_views = 2;
        assert!(cycle.find_problems(Duration::from_secs(60)).iter().any(|p| p.contains("4 events but 3 rows")));
    }
}
