//! The guards at the edge: headers, cross-site writes, rate limits, load
//! shedding, timeouts, body limits and the storage cap.

use std::time::Duration;

use axum::body::Body;
use axum::http::Request;
use serde_json::json;
use server::guard::{GuardConfig, Guards};

use crate::helpers::{app, app_with, Reply, TestApp};

async fn post_json(app: &TestApp, path: &str, sandbox: &str, body: serde_json::Value, extra: &[(&str, &str)]) -> Reply {
    let mut request = Request::post(path).header("content-type", "application/json").header("x-sandbox", sandbox);
    for (name, value) in extra {
        request = request.header(*name, *value);
    }
    app.send(request.body(Body::from(body.to_string())).unwrap()).await
}

fn error_code(reply: &Reply) -> String {
    serde_json::from_str::<serde_json::Value>(&reply.body).map(|v| v["error"]["code"].as_str().unwrap_or("").to_owned()).unwrap_or_default()
}

#[tokio::test]
async fn pages_carry_a_nonce_csp_and_the_security_headers() {
    let app = app().await;
    let page = app.get("/patterns/layered").await;
    let csp = page.headers["content-security-policy"].to_str().unwrap().to_owned();
    let nonce = csp.split("'nonce-").nth(1).and_then(|rest| rest.split('\'').next()).expect("a nonce in the policy").to_owned();
    assert!(nonce.len() >= 16, "{nonce}");
    assert!(csp.contains("frame-ancestors 'none'") && csp.contains("'wasm-unsafe-eval'") && !csp.contains("'unsafe-eval'"), "{csp}");
    let scripts = page.body.matches("<script").count();
    assert!(scripts > 0);
    assert_eq!(page.body.matches(&format!("nonce=\"{nonce}\"")).count(), scripts, "every inline script carries the nonce");
    assert_eq!(page.headers["x-content-type-options"], "nosniff");
    assert_eq!(page.headers["referrer-policy"], "strict-origin-when-cross-origin");
    assert!(page.headers.get("strict-transport-security").is_none(), "no HSTS unless behind TLS");
    let other = app.get("/patterns/layered").await;
    assert!(!other.headers["content-security-policy"].to_str().unwrap().contains(&nonce), "a fresh nonce per page");

    let json = app.get("/demos/layered/api/users").await;
    assert_eq!(json.headers["content-security-policy"], "default-src 'none'; frame-ancestors 'none'");
    assert_eq!(json.headers["x-content-type-options"], "nosniff");
}

#[tokio::test]
async fn behind_tls_responses_ask_for_https_only() {
    let guards = Guards::new(GuardConfig { tls: true, ..Default::default() }, Default::default());
    let app = app_with(tempfile::tempdir().unwrap(), guards).await;
    assert!(app.get("/").await.headers["strict-transport-security"].to_str().unwrap().starts_with("max-age="));
}

#[tokio::test]
async fn cross_site_writes_are_refused_and_same_site_ones_pass() {
    let app = app().await;
    let user = json!({"email": "x@example.com", "name": "X", "password": "correct horse"});
    let reply = post_json(&app, "/demos/layered/api/users", "cross-site-room", user.clone(), &[("sec-fetch-site", "cross-site")]).await;
    assert_eq!(reply.status, 403);
    assert_eq!(error_code(&reply), "cross_site");
    let reply = post_json(
        &app,
        "/demos/layered/api/users",
        "cross-site-room",
        user.clone(),
        &[("host", "site.example"), ("origin", "https://evil.example")],
    )
    .await;
    assert_eq!(reply.status, 403);
    let form = Request::post("/sandbox/join")
        .header("content-type", "application/x-www-form-urlencoded")
        .header("sec-fetch-site", "cross-site")
        .body(Body::from("code=attacker-room&return_to=%2F"))
        .unwrap();
    assert_eq!(app.send(form).await.status, 403, "nobody can push a visitor into a sandbox from another site");
    assert_eq!(app.get("/demos/layered/api/users").await.status, 200, "reads are fine");
    let reply = post_json(&app, "/demos/layered/api/users", "cross-site-room", user, &[("sec-fetch-site", "same-origin")]).await;
    assert_eq!(reply.status, 201);
}

#[tokio::test]
async fn a_sandbox_flooding_writes_gets_429_and_others_carry_on() {
    let app = app().await;
    let mut limited = None;
    for _ in 0..1_000 {
        let reply = post_json(&app, "/demos/clean/api/orders", "flooding-room", json!({}), &[]).await;
        if reply.status == 429 {
            limited = Some(reply);
            break;
        }
        assert_eq!(reply.status, 400, "before the limit, the request itself is judged");
    }
    let limited = limited.expect("a flood is limited");
    assert!(limited.headers["retry-after"].to_str().unwrap().parse::<u64>().unwrap() >= 1);
    assert_eq!(error_code(&limited), "rate_limited");
    let other = post_json(&app, "/demos/clean/api/orders", "calm-room", json!({}), &[]).await;
    assert_eq!(other.status, 400, "another sandbox is not limited");
    assert_eq!(app.get("/demos/clean/api/users").await.status, 200, "reads are not limited per sandbox");
}

#[tokio::test]
async fn past_the_concurrency_limit_requests_are_shed_with_503_and_slow_ones_time_out() {
    let guards = Guards::new(
        GuardConfig { max_in_flight: 1, request_timeout: Duration::from_millis(700), ..Default::default() },
        Default::default(),
    );
    let app = app_with(tempfile::tempdir().unwrap(), guards).await;
    let reply = post_json(&app, "/demos/microservices/api/faults", "slow-room", json!({"service": "users", "mode": "slow"}), &[]).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    let slow = app.send(Request::get("/demos/microservices/api/users").header("x-sandbox", "slow-room").body(Body::empty()).unwrap());
    let second = async {
        tokio::time::sleep(Duration::from_millis(100)).await;
        app.get("/healthz").await
    };
    let (slow, second) = tokio::join!(slow, second);
    assert_eq!(second.status, 503, "shed, not queued");
    assert_eq!(second.headers["retry-after"], "1");
    assert_eq!(slow.status, 408, "the slow call was stopped: {}", slow.body);
    assert_eq!(app.get("/healthz").await.status, 200, "and the server carries on");
}

#[tokio::test]
async fn large_bodies_are_refused_on_every_route() {
    let app = app().await;
    let big = "x".repeat(100 * 1024);
    for path in ["/sandbox/join", "/compare", "/demos/layered/api/users", "/patterns/layered"] {
        let request = Request::post(path)
            .header("content-type", "application/x-www-form-urlencoded")
            .header("content-length", big.len())
            .body(Body::from(big.clone()))
            .unwrap();
        let reply = app.send(request).await;
        assert_eq!(reply.status, 413, "{path}: {}", reply.body);
    }
    // Without a length (chunked), a route that reads the body still stops at the limit.
    let request = Request::post("/sandbox/join").header("content-type", "application/x-www-form-urlencoded").body(Body::from(big)).unwrap();
    assert_eq!(app.send(request).await.status, 413);
}

#[tokio::test]
async fn when_storage_is_full_writes_get_507_and_reads_still_work() {
    let guards = Guards::default();
    guards.storage.set_full(true);
    let app = app_with(tempfile::tempdir().unwrap(), guards).await;
    let user = json!({"email": "x@example.com", "name": "X", "password": "correct horse"});
    let reply = post_json(&app, "/demos/hexagonal/api/users", "full-room", user, &[]).await;
    assert_eq!(reply.status, 507);
    assert_eq!(error_code(&reply), "storage_full");
    assert_eq!(app.get("/demos/hexagonal/api/users").await.status, 200);
}
