//! What only the microservices demo has: failures a reader can cause and
//! watch stay contained, events delivered later and exactly once.

use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::Request;
use serde_json::{json, Value};

use crate::helpers::{app, Reply, TestApp};

const ROOM: &str = "micro-room-1";

async fn call(app: &TestApp, method: &str, path: &str, body: Option<Value>) -> Reply {
    let mut request = Request::builder().method(method).uri(format!("/demos/microservices/api{path}")).header("x-sandbox", ROOM);
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
    serde_json::from_str(&reply.body).unwrap_or(Value::Null)
}

async fn new_user(app: &TestApp) -> String {
    let reply = call(app, "POST", "/users", Some(json!({"email": "ada@example.com", "name": "Ada", "password": "correct horse"}))).await;
    assert_eq!(reply.status, 201, "{}", reply.body);
    json_of(&reply)["id"].as_str().unwrap().to_owned()
}

async fn place_order(app: &TestApp, user_id: &str) -> Reply {
    call(app, "POST", "/orders", Some(json!({"user_id": user_id, "items": [{"product": "Tea", "quantity": 2, "unit_price_cents": 350}]})))
        .await
}

async fn fault(app: &TestApp, service: &str, mode: &str) {
    let reply = call(app, "PUT", "/faults", Some(json!({"service": service, "mode": mode}))).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert_eq!(json_of(&reply)[service], mode);
}

async fn order_count(app: &TestApp) -> usize {
    json_of(&call(app, "GET", "/orders", None).await).as_array().unwrap().len()
}

/// Polls until the order has `status`, at most 10 s.
async fn eventually_status(app: &TestApp, order_id: &str, status: &str) -> bool {
    let deadline = Instant::now() + Duration::from_secs(10);
    while Instant::now() < deadline {
        if json_of(&call(app, "GET", &format!("/orders/{order_id}"), None).await)["status"] == status {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    false
}

#[tokio::test]
async fn with_users_down_an_order_is_refused_with_503_and_nothing_else_breaks() {
    let app = app().await;
    let user_id = new_user(&app).await;
    fault(&app, "users", "down").await;

    let refused = place_order(&app, &user_id).await;
    assert_eq!(refused.status, 503, "{}", refused.body);
    assert!(json_of(&refused)["error"]["message"].as_str().unwrap().contains("users service"));
    assert_eq!(order_count(&app).await, 0, "no order was written");
    assert_eq!(call(&app, "GET", "/orders", None).await.status, 200, "orders still answers");

    // Another sandbox never noticed.
    let other = Request::get("/demos/microservices/api/users").header("x-sandbox", "another-room-2").body(Body::empty()).unwrap();
    assert_eq!(app.send(other).await.status, 200);

    fault(&app, "users", "none").await;
    assert_eq!(place_order(&app, &user_id).await.status, 201);
}

#[tokio::test]
async fn with_users_slow_orders_gives_up_after_its_timeout() {
    let app = app().await;
    let user_id = new_user(&app).await;
    fault(&app, "users", "slow").await;
    let started = Instant::now();
    let refused = place_order(&app, &user_id).await;
    assert_eq!(refused.status, 503);
    assert!(started.elapsed() < Duration::from_millis(1400), "answered after {:?}", started.elapsed());
    assert_eq!(order_count(&app).await, 0);
}

#[tokio::test]
async fn a_stopped_users_service_means_503_and_no_order_then_it_comes_back() {
    let app = app().await;
    let user_id = new_user(&app).await;
    assert!(app.demos.microservices.stop_service("users").await);

    let refused = place_order(&app, &user_id).await;
    assert_eq!(refused.status, 503, "{}", refused.body);
    assert_eq!(order_count(&app).await, 0, "nothing written");
    assert_eq!(call(&app, "GET", "/users", None).await.status, 503, "the gateway reports users unavailable");

    assert!(app.demos.microservices.start_service("users").await.unwrap());
    assert_eq!(place_order(&app, &user_id).await.status, 201);
}

#[tokio::test]
async fn with_payments_down_orders_wait_pending_and_are_paid_once_it_returns() {
    let app = app().await;
    let user_id = new_user(&app).await;
    fault(&app, "payments", "down").await;
    let order = place_order(&app, &user_id).await;
    assert_eq!(order.status, 201);
    assert_eq!(json_of(&order)["status"], "pending");
    let order_id = json_of(&order)["id"].as_str().unwrap().to_owned();
    tokio::time::sleep(Duration::from_millis(400)).await;
    assert_eq!(json_of(&call(&app, "GET", &format!("/orders/{order_id}"), None).await)["status"], "pending");

    fault(&app, "payments", "none").await;
    assert!(eventually_status(&app, &order_id, "paid").await, "the queued event was delivered");
    assert_eq!(json_of(&call(&app, "GET", "/payments", None).await).as_array().unwrap().len(), 1);

    // The order's trace shows the deliveries that came after the response.
    let trace_id = order.headers["x-trace-id"].to_str().unwrap();
    let trace = json_of(&call(&app, "GET", &format!("/traces/{trace_id}"), None).await);
    let deliveries: Vec<&str> =
        trace["steps"].as_array().unwrap().iter().filter_map(|s| s["detail"].as_str()).filter(|d| d.starts_with("order.created")).collect();
    assert!(deliveries.iter().any(|d| d.ends_with("failed, will retry")), "{deliveries:?}");
    assert!(deliveries.last().unwrap().ends_with("delivered"), "{deliveries:?}");
}

#[tokio::test]
async fn redelivered_events_never_pay_twice() {
    let app = app().await;
    let user_id = new_user(&app).await;
    let order_id = json_of(&place_order(&app, &user_id).await)["id"].as_str().unwrap().to_owned();
    assert!(eventually_status(&app, &order_id, "paid").await);

    let requeued = call(&app, "POST", "/events/redeliver", None).await;
    assert_eq!(requeued.status, 200);
    assert_eq!(json_of(&requeued)["requeued"], 2, "order.created and payment.completed");
    tokio::time::sleep(Duration::from_millis(600)).await;
    assert_eq!(json_of(&call(&app, "GET", "/payments", None).await).as_array().unwrap().len(), 1, "still one payment");
    assert_eq!(json_of(&call(&app, "GET", &format!("/orders/{order_id}"), None).await)["status"], "paid");
}

#[tokio::test]
async fn process_control_is_off_without_a_presenter_token() {
    let app = app().await;
    let reply = call(&app, "POST", "/services/users/stop", None).await;
    assert_eq!(reply.status, 404);
    assert!(json_of(&reply)["error"]["message"].as_str().unwrap().contains("PRESENTER_TOKEN"));
    assert_eq!(call(&app, "GET", "/users", None).await.status, 200, "users still runs");
}

#[tokio::test]
async fn a_service_runs_alone_as_a_process_of_its_own() {
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let data_dir = tempfile::tempdir().unwrap();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_server"))
        .args(["service", "users", "--addr", &format!("127.0.0.1:{port}")])
        .env("DATA_DIR", data_dir.path())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let client = reqwest::Client::new();
    let url = format!("http://127.0.0.1:{port}/users");
    let mut answered = None;
    for _ in 0..100 {
        if let Ok(reply) = client
            .post(&url)
            .header("x-sandbox", ROOM)
            .json(&json!({"email": "solo@example.com", "name": "Solo", "password": "correct horse"}))
            .send()
            .await
        {
            answered = Some(reply.status().as_u16());
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let _ = child.kill();
    let _ = child.wait();
    assert_eq!(answered, Some(201));
}

#[tokio::test]
async fn with_a_presenter_token_a_service_is_stopped_and_started_for_real() {
    use server::demos::microservices::{ExternalServices, Microservices};
    use tower::ServiceExt;

    let data_dir = tempfile::tempdir().unwrap();
    let settings = ExternalServices { presenter_token: Some("let-me-in".into()), ..Default::default() };
    let system = Microservices::start(data_dir.path(), Default::default(), settings).await.unwrap();
    let control = |action: &str, token: &str| {
        Request::post(format!("/services/users/{action}")).header("authorization", format!("Bearer {token}")).body(Body::empty()).unwrap()
    };
    let wrong = system.router().oneshot(control("stop", "guess")).await.unwrap();
    assert_eq!(wrong.status(), 403);
    let stopped = system.router().oneshot(control("stop", "let-me-in")).await.unwrap();
    assert_eq!(stopped.status(), 200);
    let started = system.router().oneshot(control("start", "let-me-in")).await.unwrap();
    assert_eq!(started.status(), 200);
    let unknown = system.router().oneshot(control("explode", "let-me-in")).await.unwrap();
    assert_eq!(unknown.status(), 400);
    system.stop();
}
