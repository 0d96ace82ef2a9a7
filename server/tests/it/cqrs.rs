//! What only the CQRS demo has: eventual consistency you can watch, a read
//! model rebuilt from events, a projector that survives a crash.

use std::time::Duration;

use axum::body::Body;
use axum::http::Request;
use serde_json::{json, Value};

use crate::helpers::{app, Reply, TestApp};

const ROOM: &str = "cqrs-room-1";

async fn call(app: &TestApp, method: &str, path: &str, body: Option<Value>) -> Reply {
    let uri = if path.starts_with("/demos/") { path.to_owned() } else { format!("/demos/cqrs/api{path}") };
    let mut request = Request::builder().method(method).uri(uri).header("x-sandbox", ROOM);
    let body = match body {
        Some(body) => {
            request = request.header("content-type", "application/json");
            Body::from(body.to_string())
        }
        None => Body::empty(),
    };
    app.send(request.body(body).unwrap()).await
}

fn json_of(reply: &Reply) -> Value {
    serde_json::from_str(&reply.body).unwrap()
}

async fn new_user(app: &TestApp, email: &str) -> String {
    let reply = call(app, "POST", "/users", Some(json!({"email": email, "name": "Ada", "password": "correct horse"}))).await;
    assert_eq!(reply.status, 201, "{}", reply.body);
    json_of(&reply)["id"].as_str().unwrap().to_owned()
}

async fn place_order(app: &TestApp, user_id: &str) -> Reply {
    call(app, "POST", "/orders", Some(json!({"user_id": user_id, "items": [{"product": "Tea", "quantity": 1, "unit_price_cents": 300}]})))
        .await
}

/// Polls `path` until it answers 200, at most `limit`.
async fn eventually_200(app: &TestApp, path: &str, limit: Duration) -> Reply {
    let deadline = tokio::time::Instant::now() + limit;
    loop {
        let reply = call(app, "GET", path, None).await;
        if reply.status == 200 || tokio::time::Instant::now() > deadline {
            return reply;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

async fn snapshot(app: &TestApp) -> (Value, Value) {
    (json_of(&call(app, "GET", "/users", None).await), json_of(&call(app, "GET", "/orders", None).await))
}

#[tokio::test]
async fn an_order_is_accepted_then_visible_once_projected_and_the_lag_shows() {
    let app = app().await;
    let user_id = new_user(&app, "ada@example.com").await;
    let delay = call(&app, "PUT", "/projection", Some(json!({"delay_ms": 400}))).await;
    assert_eq!(delay.status, 200);
    assert_eq!(json_of(&delay)["delay_ms"], 400);

    let accepted = place_order(&app, &user_id).await;
    assert_eq!(accepted.status, 202, "{}", accepted.body);
    let location = accepted.headers["location"].to_str().unwrap().to_owned();
    assert!(location.starts_with("/demos/cqrs/api/orders/"));
    assert_eq!(call(&app, "GET", &location, None).await.status, 404, "not projected yet");
    let status = json_of(&call(&app, "GET", "/projection", None).await);
    assert!(status["pending_events"].as_i64().unwrap() >= 1, "{status}");

    let order = eventually_200(&app, &location, Duration::from_secs(5)).await;
    assert_eq!(order.status, 200);
    assert_eq!(json_of(&order)["user_name"], "Ada", "denormalized into the view");
    let status = json_of(&call(&app, "GET", "/projection", None).await);
    assert_eq!(status["pending_events"], 0);
    assert!(status["last_lag_ms"].as_i64().unwrap() >= 400, "{status}");

    let bad = call(&app, "PUT", "/projection", Some(json!({"delay_ms": -5}))).await;
    assert_eq!(bad.status, 400);
    assert_eq!(json_of(&bad)["error"]["field"], "delay_ms");
}

#[tokio::test]
async fn a_rebuild_replays_the_events_into_the_same_read_model() {
    let app = app().await;
    for n in 0..3 {
        let user_id = new_user(&app, &format!("user{n}@example.com")).await;
        let accepted = place_order(&app, &user_id).await;
        let location = accepted.headers["location"].to_str().unwrap().to_owned();
        assert_eq!(eventually_200(&app, &location, Duration::from_secs(5)).await.status, 200);
    }
    let live = snapshot(&app).await;
    assert_eq!(live.1.as_array().unwrap().len(), 3);
    let rebuilt = call(&app, "POST", "/projection/rebuild", None).await;
    assert_eq!(rebuilt.status, 200, "{}", rebuilt.body);
    assert_eq!(snapshot(&app).await, live);
}

#[tokio::test]
async fn after_a_crash_the_projector_resumes_from_its_checkpoint_losing_and_doubling_nothing() {
    let app = app().await;
    let user_id = new_user(&app, "ada@example.com").await;
    app.demos.cqrs.projector.crash().await;

    let mut locations = Vec::new();
    for _ in 0..5 {
        let accepted = place_order(&app, &user_id).await;
        assert_eq!(accepted.status, 202);
        locations.push(accepted.headers["location"].to_str().unwrap().to_owned());
    }
    tokio::time::sleep(Duration::from_millis(150)).await;
    assert_eq!(json_of(&call(&app, "GET", "/orders", None).await), json!([]), "nothing projects while it is down");

    app.demos.cqrs.projector.resume();
    for location in &locations {
        assert_eq!(eventually_200(&app, location, Duration::from_secs(5)).await.status, 200);
    }
    let before = snapshot(&app).await;
    assert_eq!(before.1.as_array().unwrap().len(), 5);

    // A crash that lost the checkpoint: everything is read again.
    app.demos.cqrs.projector.crash().await;
    sqlx::query("UPDATE checkpoint SET position = 0").execute(&app.demos.cqrs.read).await.unwrap();
    sqlx::query("UPDATE positions SET position = 0").execute(&app.demos.cqrs.read).await.unwrap();
    app.demos.cqrs.projector.resume();
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(snapshot(&app).await, before, "replayed events change nothing");
}

#[tokio::test]
async fn queries_read_only_the_read_model() {
    let app = app().await;
    let user_id = new_user(&app, "ada@example.com").await;
    // Empty the views behind the projector's back: the events are still there,
    // but the queries only ever look at the views.
    sqlx::query("DELETE FROM users_view").execute(&app.demos.cqrs.read).await.unwrap();
    assert_eq!(call(&app, "GET", &format!("/users/{user_id}"), None).await.status, 404);
    assert_eq!(call(&app, "POST", "/projection/rebuild", None).await.status, 200);
    assert_eq!(call(&app, "GET", &format!("/users/{user_id}"), None).await.status, 200);
}

/// Sends as `sandbox` (the module's helpers always use ROOM).
async fn call_as(app: &TestApp, sandbox: &str, method: &str, path: &str, body: Value) -> Reply {
    let request = Request::builder()
        .method(method)
        .uri(format!("/demos/cqrs/api{path}"))
        .header("x-sandbox", sandbox)
        .header("content-type", "application/json")
        .body(Body::from(body.to_string()))
        .unwrap();
    app.send(request).await
}

#[tokio::test]
async fn one_sandboxs_delay_never_holds_up_more_than_a_batch_of_other_sandboxes_events() {
    let app = crate::helpers::app_without_rate_limit().await;
    // The slow sandbox: a user, then a 10 s delay and one order waiting behind it.
    let slow_user = call_as(&app, "slow-sandbox", "POST", "/users", json!({"email": "slow@example.com", "name": "Slow", "password": "correct horse"})).await;
    assert_eq!(slow_user.status, 201, "{}", slow_user.body);
    let slow_user = json_of(&slow_user)["id"].as_str().unwrap().to_owned();
    assert_eq!(call_as(&app, "slow-sandbox", "PUT", "/projection", json!({"delay_ms": 10_000})).await.status, 200);
    let item = json!([{"product": "Tea", "quantity": 1, "unit_price_cents": 300}]);
    let slow_order = call_as(&app, "slow-sandbox", "POST", "/orders", json!({"user_id": slow_user, "items": item})).await;
    assert_eq!(slow_order.status, 202, "{}", slow_order.body);
    let slow_order = json_of(&slow_order)["id"].as_str().unwrap().to_owned();
    // Then more events from another sandbox than the projector reads in one batch (500).
    let user = new_user(&app, "busy@example.com").await;
    let mut last = String::new();
    for _ in 0..12 {
        let replies = futures_util::future::join_all((0..50).map(|_| place_order(&app, &user))).await;
        for reply in replies {
            assert_eq!(reply.status, 202, "{}", reply.body);
            last = json_of(&reply)["id"].as_str().unwrap().to_owned();
        }
    }
    // The last of them is projected while the slow sandbox's order still waits.
    let reply = eventually_200(&app, &format!("/orders/{last}"), Duration::from_secs(5)).await;
    assert_eq!(reply.status, 200, "the 600th order waited for another sandbox's delay");
    let waiting = call_as(&app, "slow-sandbox", "GET", &format!("/orders/{slow_order}"), json!(null)).await;
    assert_eq!(waiting.status, 404, "the slow sandbox's order is still within its delay");
}
