//! The site keeps rendered pages while what they show is current: a kept page
//! is byte-for-byte the render it replaces (but for a fresh nonce), and
//! nothing a visitor does through the demo API is ever hidden by one.

use std::time::Duration;

use axum::body::Body;
use axum::http::Request;
use serde_json::json;

use crate::helpers::{app, Reply, TestApp};

const SANDBOX: &str = "cache-test-sandbox";

async fn page(app: &TestApp, path: &str) -> Reply {
    app.send(Request::get(path).header("cookie", format!("sandbox={SANDBOX}")).body(Body::empty()).unwrap()).await
}

async fn write(app: &TestApp, method: &str, path: &str, body: serde_json::Value) -> Reply {
    let request = Request::builder()
        .method(method)
        .uri(path)
        .header("cookie", format!("sandbox={SANDBOX}"))
        .header("content-type", "application/json")
        .body(Body::from(body.to_string()))
        .unwrap();
    app.send(request).await
}

fn nonce_of(reply: &Reply) -> String {
    let policy = reply.headers["content-security-policy"].to_str().unwrap();
    let start = policy.find("'nonce-").unwrap() + "'nonce-".len();
    policy[start..start + policy[start..].find('\'').unwrap()].to_owned()
}

async fn create_user(app: &TestApp, pattern: &str, name: &str) -> String {
    let email = format!("{}@example.com", name.to_lowercase());
    let reply =
        write(app, "POST", &format!("/demos/{pattern}/api/users"), json!({"email": email, "name": name, "password": "correct horse"}))
            .await;
    assert_eq!(reply.status, 201, "{}", reply.body);
    serde_json::from_str::<serde_json::Value>(&reply.body).unwrap()["id"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn a_page_seen_twice_is_the_same_page_with_a_fresh_nonce_and_a_write_shows_at_once() {
    let app = app().await;
    for pattern in ["layered", "clean", "hexagonal"] {
        let path = format!("/patterns/{pattern}");
        create_user(&app, pattern, &format!("First{pattern}")).await;
        let first = page(&app, &path).await;
        let second = page(&app, &path).await;
        assert_eq!(first.status, 200);
        assert_eq!(second.status, 200);
        let (a, b) = (nonce_of(&first), nonce_of(&second));
        assert_ne!(a, b, "every response has its own nonce");
        assert!(second.body.contains(&format!("nonce=\"{b}\"")), "the scripts carry the new nonce");
        assert!(!second.body.contains(&a), "the old nonce is gone");
        assert_eq!(first.body.replace(&a, "N"), second.body.replace(&b, "N"), "{pattern}: otherwise the same page");

        create_user(&app, pattern, &format!("Second{pattern}")).await;
        let after = page(&app, &path).await;
        assert!(after.body.contains(&format!("Second{pattern}")), "{pattern}: a write shows on the next view");
    }
}

#[tokio::test]
async fn a_cqrs_page_is_never_kept_while_the_projector_has_work() {
    let app = app().await;
    assert_eq!(write(&app, "PUT", "/demos/cqrs/api/projection", json!({"delay_ms": 600})).await.status, 200);
    let user = create_user(&app, "cqrs", "Reader").await;
    let order = write(
        &app,
        "POST",
        "/demos/cqrs/api/orders",
        json!({"user_id": user, "items": [{"product": "Slow book", "quantity": 1, "unit_price_cents": 900}]}),
    )
    .await;
    assert_eq!(order.status, 202, "{}", order.body);
    let order_id = serde_json::from_str::<serde_json::Value>(&order.body).unwrap()["id"].as_str().unwrap().to_owned();
    // Seen while projecting, and again after: the second view must not be
    // the first one kept.
    let early = page(&app, "/patterns/cqrs").await;
    assert_eq!(early.status, 200);
    let mut shown = false;
    for _ in 0..40 {
        tokio::time::sleep(Duration::from_millis(100)).await;
        let later = page(&app, "/patterns/cqrs").await;
        if later.body.contains(&order_id) && later.body.contains("Slow book") {
            shown = true;
            break;
        }
    }
    assert!(shown, "the projected order appears on the page without any further write");
}

#[tokio::test]
async fn a_microservices_order_goes_from_pending_to_paid_on_the_page() {
    let app = app().await;
    let user = create_user(&app, "microservices", "Payer").await;
    let order = write(
        &app,
        "POST",
        "/demos/microservices/api/orders",
        json!({"user_id": user, "items": [{"product": "Lamp", "quantity": 1, "unit_price_cents": 4200}]}),
    )
    .await;
    assert_eq!(order.status, 201, "{}", order.body);
    let mut paid = false;
    for _ in 0..50 {
        let view = page(&app, "/patterns/microservices").await;
        if view.body.contains("Lamp") && view.body.contains("status status-paid") {
            paid = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(paid, "the page shows the order paid without any further write");
}

#[tokio::test]
async fn a_page_with_a_query_or_a_first_visit_is_rendered_for_itself() {
    let app = app().await;
    let first_visit = app.get("/patterns/layered").await;
    assert!(first_visit.headers.get_all("set-cookie").iter().any(|c| c.to_str().unwrap().starts_with("sandbox=")));
    let again = app.get("/patterns/layered").await;
    let (a, b) = (first_visit.headers["set-cookie"].to_str().unwrap(), again.headers["set-cookie"].to_str().unwrap());
    assert_ne!(a, b, "two first visits get two sandboxes, never one kept page");
    let error = page(&app, "/patterns/layered?demo_error=Shown+once&demo_field=email").await;
    assert!(error.body.contains("Shown once"));
    assert!(!page(&app, "/patterns/layered").await.body.contains("Shown once"));
}
