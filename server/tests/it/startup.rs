//! The binary refuses to start on broken content, listing every problem.

use std::process::Command;

#[test]
fn broken_content_stops_start_up_listing_every_error_with_file_and_line() {
    let content = tempfile::tempdir().unwrap();
    std::fs::write(content.path().join("a.md"), "+++\ntitle = \"A\"\nslug = \"a\"\norder = 1\nsummary = \"s\"\nauthor = \"me\"\n+++\n")
        .unwrap();
    std::fs::write(
        content.path().join("b.md"),
        "+++\ntitle = \"B\"\nslug = \"b\"\norder = 2\nsummary = \"s\"\n+++\n\n{{#include nowhere.rs:x}}\n",
    )
    .unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_server"))
        .env("CONTENT_DIR", content.path())
        .env("DATA_DIR", content.path().join("data"))
        .env("LEPTOS_SITE_ADDR", "127.0.0.1:0")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("2 content errors"), "{stderr}");
    assert!(stderr.contains("a.md:6: front matter: unknown field `author`"), "{stderr}");
    assert!(stderr.contains("b.md:8: cannot include `nowhere.rs`"), "{stderr}");
}

#[test]
fn check_content_passes_on_the_real_guide() {
    let output = Command::new(env!("CARGO_BIN_EXE_server"))
        .arg("check-content")
        .env("CONTENT_DIR", concat!(env!("CARGO_MANIFEST_DIR"), "/../content"))
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    assert!(String::from_utf8_lossy(&output.stdout).contains("content ok: 7 pages"));
}

/// A client that never finishes its request headers is disconnected after
/// `HEADER_TIMEOUT_SECS`, so slow clients cannot hold connections forever;
/// SIGTERM then stops the server.
#[test]
fn a_slow_client_is_cut_off_and_the_server_stops_on_sigterm() {
    use std::io::{Read, Write};
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let data = tempfile::tempdir().unwrap();
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut child = Command::new(env!("CARGO_BIN_EXE_server"))
        .env("LEPTOS_SITE_ADDR", format!("127.0.0.1:{port}"))
        .env("DATA_DIR", data.path())
        .env("CONTENT_DIR", root.join("content"))
        .env("HEADER_TIMEOUT_SECS", "1")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let connect = || std::net::TcpStream::connect(("127.0.0.1", port));
    let started = std::time::Instant::now();
    let mut stream = loop {
        match connect() {
            Ok(stream) => break stream,
            Err(_) if started.elapsed() < std::time::Duration::from_secs(30) => std::thread::sleep(std::time::Duration::from_millis(50)),
            Err(err) => panic!("the server never listened: {err}"),
        }
    };
    stream.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n").unwrap();
    stream.set_read_timeout(Some(std::time::Duration::from_secs(5))).unwrap();
    let sent = std::time::Instant::now();
    let mut buffer = Vec::new();
    let read = stream.read_to_end(&mut buffer);
    assert!(read.is_ok(), "the server closed the connection instead of waiting: {read:?}");
    assert!(sent.elapsed() < std::time::Duration::from_secs(4), "cut off after about a second, took {:?}", sent.elapsed());

    let mut healthy = connect().unwrap();
    healthy.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").unwrap();
    let mut answer = String::new();
    healthy.read_to_string(&mut answer).unwrap();
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");

    Command::new("kill").arg("-TERM").arg(child.id().to_string()).status().unwrap();
    let status = child.wait().unwrap();
    assert!(status.success(), "a clean stop on SIGTERM: {status:?}");
}
