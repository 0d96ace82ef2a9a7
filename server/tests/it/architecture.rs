//! Architecture invariants that the compiler alone does not enforce.

use std::process::Command;

/// The dependencies of the WebAssembly build, as `cargo tree` resolves them.
fn wasm_dependency_tree() -> String {
    let output = Command::new(env!("CARGO"))
        .args(["tree", "--offline", "-p", "app", "--no-default-features", "--features", "hydrate"])
        .args(["--target", "wasm32-unknown-unknown", "-e", "normal", "--prefix", "none"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("cargo tree runs");
    assert!(output.status.success(), "cargo tree failed: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn the_webassembly_build_carries_no_server_side_crates() {
    let tree = wasm_dependency_tree();
    let crates: Vec<&str> = tree.lines().filter_map(|line| line.split_whitespace().next()).collect();
    assert!(crates.contains(&"leptos"), "the tree should list leptos:\n{tree}");
    for forbidden in ["server", "pulldown-cmark", "syntect", "two-face", "svgbob", "sqlx", "axum", "tokio", "leptos_axum"] {
        assert!(!crates.contains(&forbidden), "`{forbidden}` must not enter the WebAssembly build:\n{tree}");
    }
}
