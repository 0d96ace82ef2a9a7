//! The crash test (`bench crash`, `bench/crash.sh`) in seconds: the real
//! binary killed with SIGKILL mid-writes three times over one `DATA_DIR`.
//! Correctness only — every file passes `integrity_check`, every
//! acknowledged write is there after each restart, the CQRS read model
//! catches up, the outbox delivers its backlog exactly once. No timing
//! asserts: a shared CI machine's timings prove nothing.

use bench::crash::{self, CrashConfig, PATTERNS};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_acknowledged_write_survives_kill_9_mid_writes_and_the_backlogs_catch_up_exactly_once() {
    let config = CrashConfig::smoke(env!("CARGO_BIN_EXE_server"));
    let report = crash::run(&config).await.unwrap();
    let markdown = report.to_markdown();

    assert_eq!(report.cycles.len(), config.cycles, "{markdown}");
    assert!(report.problems().is_empty(), "{markdown}");
    for cycle in &report.cycles {
        for (pattern, acked) in PATTERNS.iter().zip(cycle.acknowledged) {
            assert!(acked > 0, "cycle {}: no write acknowledged on {pattern}:\n{markdown}", cycle.cycle);
        }
        assert!(cycle.integrity.len() >= 8 && cycle.integrity.iter().all(|f| f.is_ok()), "{markdown}");
        assert_eq!(cycle.read_back.found, cycle.read_back.expected, "{markdown}");
        assert_eq!(cycle.cqrs.events(), cycle.cqrs.projected(), "{markdown}");
        assert!(cycle.bus.exactly_once_violations().is_empty(), "{markdown}");
    }
}
