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
