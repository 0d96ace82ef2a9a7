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

/// The code lines of every `.rs` file under `path`: comments dropped, and
/// the test module at the bottom of a file (from `#[cfg(test)]`) left out.
fn code_of(path: &str) -> Vec<(String, String)> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/demos").join(path);
    let mut files = Vec::new();
    let mut stack = vec![root.clone()];
    while let Some(entry) = stack.pop() {
        if entry.is_dir() {
            stack.extend(std::fs::read_dir(&entry).unwrap().map(|e| e.unwrap().path()));
        } else if entry.extension().is_some_and(|e| e == "rs") {
            let code: String = std::fs::read_to_string(&entry)
                .unwrap()
                .lines()
                .take_while(|line| !line.trim_start().starts_with("#[cfg(test)]"))
                .filter(|line| !line.trim_start().starts_with("//"))
                .collect::<Vec<_>>()
                .join("\n");
            files.push((entry.display().to_string(), code));
        }
    }
    assert!(!files.is_empty(), "no sources under {}", root.display());
    files
}

/// Fails naming the file when any code under `path` mentions a forbidden name.
fn assert_never_mentions(path: &str, forbidden: &[&str], rule: &str) {
    for (file, code) in code_of(path) {
        for name in forbidden {
            assert!(!code.contains(name), "{file} mentions `{name}`, breaking the rule: {rule}");
        }
    }
}

#[test]
fn the_scanner_sees_what_is_there() {
    let repository = code_of("layered/repository.rs");
    assert!(repository[0].1.contains("sqlx"), "the repository does use sqlx");
}

#[test]
fn layered_each_layer_calls_only_the_layer_below() {
    let rule = "a layer depends only on the layer directly below it";
    assert_never_mentions("layered/controller.rs", &["repository", "Repository", "sqlx"], rule);
    assert_never_mentions("layered/service.rs", &["axum", "controller"], rule);
    assert_never_mentions("layered/repository.rs", &["axum", "controller", "service::"], rule);
}

#[test]
fn clean_dependencies_point_inward() {
    let outer = ["sqlx", "axum", "tokio", "crate::api", "crate::db", "infrastructure", "interface_adapters"];
    assert_never_mentions("clean/domain", &[&outer[..], &["application"]].concat(), "entities know nothing outside themselves");
    assert_never_mentions("clean/application", &outer, "use cases know only the entities and their ports");
    assert_never_mentions("clean/interface_adapters", &["sqlx", "infrastructure"], "adapters reach the database only through the ports");
}

#[test]
fn hexagonal_core_never_names_an_adapter() {
    assert_never_mentions(
        "hexagonal/core",
        &["adapters", "sqlx", "axum", "crate::api", "crate::db", "SqliteStore", "InMemoryStore", "Mailbox"],
        "the core talks to the world only through its ports",
    );
    assert_never_mentions(
        "hexagonal/adapters/inbound",
        &["outbound", "sqlx"],
        "inbound adapters drive the core, not the outbound adapters",
    );
}

#[test]
fn cqrs_commands_and_queries_take_separate_paths() {
    assert_never_mentions("cqrs/queries", &["write_model", "event_store", "commands", "events ("], "queries read only the read model");
    assert_never_mentions("cqrs/commands", &["read_model", "views", "queries"], "commands decide on the write model only");
    assert_never_mentions("cqrs/write_model", &["read_model", "views", "queries", "axum"], "the write side knows nothing of the views");
    assert_never_mentions(
        "cqrs/write_model/aggregates.rs",
        &["sqlx", "tokio"],
        "aggregates are pure: given events, when a command, then events",
    );
}

#[test]
fn microservices_share_no_code_or_database_only_http_and_events() {
    let rule = "a service talks to another only over HTTP or the bus";
    assert_never_mentions("microservices/users", &["orders::", "payments::", "gateway::", "bus::"], rule);
    assert_never_mentions("microservices/orders", &["users::", "payments::", "gateway::", "ms_users", "ms_payments"], rule);
    assert_never_mentions("microservices/payments", &["users::", "orders::", "gateway::", "ms_users", "ms_orders"], rule);
    assert_never_mentions("microservices/gateway", &["sqlx", "users::", "orders::", "payments::"], "the gateway routes; it owns no data");
}

#[test]
fn demos_never_import_each_other() {
    let patterns = ["layered", "clean", "hexagonal", "microservices", "cqrs"];
    for pattern in patterns {
        let others: Vec<String> = patterns.iter().filter(|p| **p != pattern).map(|p| format!("demos::{p}")).collect();
        let others: Vec<&str> = others.iter().map(String::as_str).collect();
        assert_never_mentions(pattern, &others, "each demo stands alone");
    }
}
