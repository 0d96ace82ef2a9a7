//! What only the hexagonal demo has: a second inbound adapter (the CLI),
//! a persistence adapter switchable while it runs, and a mailbox.

use axum::body::Body;
use axum::http::Request;
use serde_json::{json, Value};

use crate::helpers::{app, app_in, TestApp};

const ROOM: &str = "hexagon-room";

async fn call(app: &TestApp, method: &str, path: &str, body: Option<Value>) -> (u16, Value) {
    let mut request = Request::builder().method(method).uri(format!("/demos/hexagonal/api{path}")).header("x-sandbox", ROOM);
    let body = match body {
        Some(body) => {
            request = request.header("content-type", "application/json");
            Body::from(body.to_string())
        }
        None => Body::empty(),
    };
    let reply = app.send(request.body(body).unwrap()).await;
    (reply.status, serde_json::from_str(&reply.body).unwrap_or(Value::Null))
}

async fn create_user(app: &TestApp, email: &str) -> u16 {
    call(app, "POST", "/users", Some(json!({"email": email, "name": "Ada", "password": "correct horse"}))).await.0
}

#[tokio::test]
async fn switching_persistence_to_memory_swaps_the_data_under_a_running_core() {
    let app = app().await;
    assert_eq!(call(&app, "GET", "/adapters/persistence", None).await.1, json!({"adapter": "sqlite"}));
    assert_eq!(create_user(&app, "in-sqlite@example.com").await, 201);

    let (status, body) = call(&app, "PUT", "/adapters/persistence", Some(json!({"adapter": "memory"}))).await;
    assert_eq!((status, body), (200, json!({"adapter": "memory"})));
    assert_eq!(call(&app, "GET", "/users", None).await.1, json!([]), "the memory adapter starts empty");
    assert_eq!(create_user(&app, "in-memory@example.com").await, 201);
    let users = call(&app, "GET", "/users", None).await.1;
    assert_eq!(users[0]["email"], "in-memory@example.com");
    assert_eq!(users.as_array().unwrap().len(), 1);

    call(&app, "PUT", "/adapters/persistence", Some(json!({"adapter": "sqlite"}))).await;
    let users = call(&app, "GET", "/users", None).await.1;
    assert_eq!(users.as_array().unwrap().len(), 1);
    assert_eq!(users[0]["email"], "in-sqlite@example.com", "SQLite kept its data");

    let (status, body) = call(&app, "PUT", "/adapters/persistence", Some(json!({"adapter": "postgres"}))).await;
    assert_eq!(status, 400);
    assert_eq!(body["error"]["field"], "adapter");
}

#[tokio::test]
async fn the_mailbox_holds_one_welcome_mail_per_new_user() {
    let app = app().await;
    create_user(&app, "ada@example.com").await;
    create_user(&app, "ada@example.com").await; // refused: no second mail
    let (status, mails) = call(&app, "GET", "/mailbox", None).await;
    assert_eq!(status, 200);
    assert_eq!(mails.as_array().unwrap().len(), 1, "{mails}");
    assert_eq!(mails[0]["to"], "ada@example.com");
    assert!(mails[0]["body"].as_str().unwrap().contains("Ada"));

    assert_eq!(call(&app, "DELETE", "/sandbox", None).await.0, 204);
    assert_eq!(call(&app, "GET", "/mailbox", None).await.1, json!([]));
}

#[tokio::test]
async fn the_cli_adapter_drives_the_same_core_and_database_as_rest() {
    let data_dir = tempfile::tempdir().unwrap();
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_server"))
        .args(["demo", "hexagonal", "create-user", "--email", "cli@example.com", "--name", "From the CLI", "--password", "correct horse"])
        .args(["--sandbox", ROOM])
        .env("DATA_DIR", data_dir.path())
        .env("CONTENT_DIR", concat!(env!("CARGO_MANIFEST_DIR"), "/../content"))
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let printed: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(printed["email"], "cli@example.com");

    let app = app_in(data_dir).await;
    let users = call(&app, "GET", "/users", None).await.1;
    assert_eq!(users[0]["id"], printed["id"], "REST sees the user the CLI made");
    assert_eq!(call(&app, "GET", "/mailbox", None).await.1[0]["to"], "cli@example.com");

    let refused = std::process::Command::new(env!("CARGO_BIN_EXE_server"))
        .args(["demo", "hexagonal", "create-user", "--email", "nope", "--name", "X", "--password", "correct horse"])
        .env("DATA_DIR", tempfile::tempdir().unwrap().path())
        .output()
        .unwrap();
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("email"), "the CLI names the bad field");
}
