//! The workshop load test (`bench workshop`, `bench/workshop.sh`) in seconds:
//! the real binary on a free port over a fresh `DATA_DIR`, 20 attendees for
//! 5 s with short think times and the burst. Correctness only — timing on a
//! shared CI machine proves nothing, so there are no latency asserts.

use std::time::Duration;

use bench::server_process::Launch;
use bench::workshop::{self, WorkshopConfig, PATTERNS};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_short_workshop_gets_no_errors_but_429_and_keeps_every_acknowledged_write() {
    let data_dir = tempfile::tempdir().unwrap();
    let mut launch = Launch::new(env!("CARGO_BIN_EXE_server"), data_dir.path()).unwrap();
    launch.log = Some(data_dir.path().join("server.log"));
    let server = launch.start(Duration::from_secs(60)).await.unwrap();

    let config = WorkshopConfig { pid: Some(server.pid()), ..WorkshopConfig::smoke(&server.base) };
    let report = workshop::run(config).await.unwrap();
    let markdown = report.markdown();
    println!("{markdown}");
    let log = || std::fs::read_to_string(data_dir.path().join("server.log")).unwrap_or_default();

    assert_eq!(report.errors, 0, "only 429 may refuse a request:\n{markdown}\nserver log:\n{}", log());
    assert!(report.anomalies.is_empty(), "{:?}\n{markdown}", report.anomalies);
    assert!(report.verification.all_present(), "{:?}\n{markdown}", report.verification);
    for pattern in PATTERNS {
        assert!(report.acknowledged_on(pattern) > 0, "no write acknowledged on {pattern}:\n{markdown}");
    }
    assert!(report.in_rooms > 0 && report.rows.iter().any(|row| row.endpoint == workshop::Endpoint::Join && row.ok > 0), "{markdown}");
}

/// argon2 needs 19 MiB per hash. Allocated afresh each time, glibc kept
/// those blocks in its per-thread arenas (its mmap threshold rises to their
/// size after the first free), so RSS climbed by hundreds of MiB over a
/// workshop's sign-ups. Found by the workshop run; the hashing memory is now
/// reused, one area per permit.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn signing_up_many_users_keeps_the_servers_memory_flat() {
    let data_dir = tempfile::tempdir().unwrap();
    let server = Launch::new(env!("CARGO_BIN_EXE_server"), data_dir.path()).unwrap().start(Duration::from_secs(60)).await.unwrap();
    let client = reqwest::Client::new();
    let sign_up = |stream: usize, n: usize| {
        let request = client
            .post(format!("{}/demos/layered/api/users", server.base))
            .header("x-sandbox", format!("memory-{stream:02}"))
            .json(&serde_json::json!({"email": format!("u{n}@example.com"), "name": "Ada", "password": "correct horse"}));
        async move { assert_eq!(request.send().await.unwrap().status(), 201) }
    };
    // Warm up: the first hashes allocate what the server keeps for good.
    for stream in 0..4 {
        sign_up(stream, 0).await;
    }
    let before = workshop::vm_rss_kib(server.pid()).unwrap();
    let streams = (0..8).map(|stream| async move {
        for n in 1..=8 {
            sign_up(stream, n).await;
        }
    });
    futures_util::future::join_all(streams).await;
    let grown_mib = workshop::vm_rss_kib(server.pid()).unwrap().saturating_sub(before) / 1024;
    assert!(grown_mib < 100, "64 sign-ups grew the server's RSS by {grown_mib} MiB");
}
