//! The demo panel as the server renders it, the site's form endpoints
//! (sandbox join/leave/reset, compare), and the page's own copy of the API
//! types agreeing with what the backends really send.

use app::demo::model::{Faults, Mail, Order, Projection, Trace, User};
use app::guide::PATTERNS;
use axum::body::Body;
use axum::http::Request;
use serde_json::json;

use crate::helpers::{app, Reply, TestApp};

fn with_cookie(method: &str, path: &str, sandbox: &str) -> axum::http::request::Builder {
    Request::builder().method(method).uri(path).header("cookie", format!("sandbox={sandbox}"))
}

async fn page(app: &TestApp, path: &str, sandbox: &str) -> Reply {
    app.send(with_cookie("GET", path, sandbox).body(Body::empty()).unwrap()).await
}

async fn json_post(app: &TestApp, path: &str, sandbox: &str, body: serde_json::Value) -> Reply {
    app.send(with_cookie("POST", path, sandbox).header("content-type", "application/json").body(Body::from(body.to_string())).unwrap())
        .await
}

async fn form_post(app: &TestApp, path: &str, sandbox: Option<&str>, form: &str) -> Reply {
    let mut request = Request::post(path).header("content-type", "application/x-www-form-urlencoded");
    if let Some(sandbox) = sandbox {
        request = request.header("cookie", format!("sandbox={sandbox}"));
    }
    app.send(request.body(Body::from(form.to_owned())).unwrap()).await
}

fn location(reply: &Reply) -> String {
    reply.headers.get("location").and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned()
}

fn set_cookie(reply: &Reply) -> Option<String> {
    reply.headers.get_all("set-cookie").iter().filter_map(|v| v.to_str().ok()).find(|c| c.starts_with("sandbox=")).map(str::to_owned)
}

async fn create_user(app: &TestApp, pattern: &str, sandbox: &str, email: &str, name: &str) -> User {
    let reply =
        json_post(app, &format!("/demos/{pattern}/api/users"), sandbox, json!({"email": email, "name": name, "password": "correct horse"}))
            .await;
    assert_eq!(reply.status, 201, "{pattern}: {}", reply.body);
    serde_json::from_str(&reply.body).unwrap()
}

#[tokio::test]
async fn every_pattern_page_renders_the_visitors_own_data_escaped() {
    let app = app().await;
    for pattern in PATTERNS {
        let hostile = "<img src=x onerror=alert(1)>";
        create_user(&app, pattern, "panel-visitor-a", &format!("a-{pattern}@example.com"), hostile).await;
        create_user(&app, pattern, "panel-visitor-b", &format!("b-{pattern}@example.com"), "Bea Other").await;

        let reply = page(&app, &format!("/patterns/{pattern}"), "panel-visitor-a").await;
        assert_eq!(reply.status, 200);
        let body = &reply.body;
        assert!(body.contains("id=\"demo\""), "{pattern}: no panel");
        assert!(body.contains("panel-visitor-a"), "{pattern}: the sandbox code is shown");
        assert!(body.contains(&format!("a-{pattern}@example.com")), "{pattern}: the visitor's user is listed");
        assert!(!body.contains(&format!("b-{pattern}@example.com")), "{pattern}: another sandbox's user leaked");
        assert!(!body.contains("<img src=x"), "{pattern}: user text was inserted as HTML");
        assert!(body.contains("&lt;img src=x onerror=alert(1)&gt;"), "{pattern}: the name is shown as text");
        for label in ["Create user", "Place order", "Reset my data", "Join a shared sandbox", "<label for=\"demo-email\">"] {
            assert!(body.contains(label), "{pattern}: {label} missing");
        }
        assert!(set_cookie(&reply).is_none(), "a visitor with a sandbox keeps it");
    }
}

#[tokio::test]
async fn a_first_visit_gets_a_sandbox_cookie_and_an_empty_panel() {
    let app = app().await;
    let reply = app.get("/patterns/layered").await;
    assert_eq!(reply.status, 200);
    let cookie = set_cookie(&reply).expect("a sandbox cookie");
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"), "{cookie}");
    let code = cookie.trim_start_matches("sandbox=").split(';').next().unwrap().to_owned();
    assert!(reply.body.contains(&code), "the new code is shown");
    assert!(reply.body.contains("No users in your sandbox yet."));
    // The guide pages without a demo set no cookie.
    assert!(set_cookie(&app.get("/choosing").await).is_none());
}

#[tokio::test]
async fn a_form_post_comes_back_to_the_page_with_its_trace_or_its_error() {
    let app = app().await;
    let sandbox = "panel-forms-1";
    let reply = form_post(
        &app,
        "/demos/hexagonal/api/users",
        Some(sandbox),
        "return_to=%2Fpatterns%2Fhexagonal&email=ann%40example.com&name=Ann&password=correct+horse",
    )
    .await;
    assert_eq!(reply.status, 303);
    let back = location(&reply);
    assert!(back.starts_with("/patterns/hexagonal?demo_trace=") && back.ends_with("#demo"), "{back}");
    let page_after = page(&app, back.trim_end_matches("#demo"), sandbox).await;
    assert!(page_after.body.contains("ann@example.com"));
    assert!(page_after.body.contains("class=\"trace\""), "the trace is drawn");
    assert!(page_after.body.contains("href=\"#code-"), "steps link to the code on the page");

    let reply = form_post(
        &app,
        "/demos/hexagonal/api/users",
        Some(sandbox),
        "return_to=%2Fpatterns%2Fhexagonal&email=x%40example.com&name=X&password=short",
    )
    .await;
    let back = location(&reply);
    assert!(back.contains("demo_field=password") && back.contains("demo_trace="), "{back}");
    let page_after = page(&app, back.trim_end_matches("#demo"), sandbox).await;
    assert!(page_after.body.contains("id=\"demo-password-error\""), "the error sits next to the password field");
    assert!(page_after.body.contains("aria-invalid=\"true\""));
}

#[tokio::test]
async fn links_in_a_trace_point_at_code_blocks_that_exist_on_the_page() {
    let app = app().await;
    for pattern in PATTERNS {
        let user = create_user(&app, pattern, "panel-links", &format!("{pattern}@example.com"), "Ann").await;
        let order = json!({"user_id": user.id, "items": [{"product": "Tea", "quantity": 2, "unit_price_cents": 350}]});
        let reply = json_post(&app, &format!("/demos/{pattern}/api/orders"), "panel-links", order).await;
        assert!(reply.status == 201 || reply.status == 202, "{pattern}: {}", reply.body);
        let trace_id = reply.headers.get("x-trace-id").unwrap().to_str().unwrap().to_owned();
        let reply = page(&app, &format!("/patterns/{pattern}?demo_trace={trace_id}"), "panel-links").await;
        let body = &reply.body;
        let links: Vec<&str> = body.split("href=\"#code-").skip(1).map(|rest| rest.split('"').next().unwrap()).collect();
        assert!(!links.is_empty(), "{pattern}: no step links to code");
        for link in links {
            assert!(body.contains(&format!("id=\"code-{link}\"")), "{pattern}: #code-{link} has no target");
        }
        assert!(body.contains("class=\"used\""), "{pattern}: no part highlighted");
    }
}

#[tokio::test]
async fn joining_leaving_and_resetting_a_sandbox() {
    let app = app().await;
    let reply = form_post(&app, "/sandbox/join", None, "code=workshop-room-7&return_to=%2Fpatterns%2Fclean").await;
    assert_eq!(reply.status, 303);
    assert_eq!(location(&reply), "/patterns/clean#demo");
    assert!(set_cookie(&reply).unwrap().starts_with("sandbox=workshop-room-7;"));

    let reply = form_post(&app, "/sandbox/join", None, "code=bad+code%21&return_to=%2Fpatterns%2Fclean").await;
    assert_eq!(reply.status, 303);
    assert!(location(&reply).contains("demo_field=sandbox"), "{}", location(&reply));
    assert!(set_cookie(&reply).is_none(), "an invalid code changes nothing");

    let reply = form_post(&app, "/sandbox/join", None, "code=workshop-room-7&return_to=https%3A%2F%2Fevil.example").await;
    assert_eq!(reply.status, 400, "only same-site return paths");

    let reply = form_post(&app, "/sandbox/leave", Some("workshop-room-7"), "return_to=%2Fpatterns%2Fclean").await;
    let fresh = set_cookie(&reply).unwrap();
    assert!(!fresh.starts_with("sandbox=workshop-room-7;"), "{fresh}");

    create_user(&app, "clean", "workshop-room-7", "kept@example.com", "Kept").await;
    create_user(&app, "layered", "workshop-room-7", "gone@example.com", "Gone").await;
    let reply = form_post(&app, "/sandbox/reset", Some("workshop-room-7"), "pattern=layered&return_to=%2Fpatterns%2Flayered").await;
    assert_eq!(reply.status, 303);
    assert!(!page(&app, "/patterns/layered", "workshop-room-7").await.body.contains("gone@example.com"));
    assert!(page(&app, "/patterns/clean", "workshop-room-7").await.body.contains("kept@example.com"), "a reset is per demo");

    let reply = form_post(&app, "/sandbox/reset", Some("workshop-room-7"), "pattern=nope&return_to=%2Fpatterns%2Flayered").await;
    assert!(location(&reply).contains("demo_field=pattern"));
}

#[tokio::test]
async fn compare_runs_one_operation_on_all_five_and_shows_them_side_by_side() {
    let app = app().await;
    let form = "email=cmp%40example.com&name=%3Cb%3ECmp%3C%2Fb%3E&password=correct+horse&product=Tea&quantity=2&unit_price_cents=350";
    let reply = form_post(&app, "/compare", Some("compare-room"), form).await;
    assert_eq!(reply.status, 303);
    let back = location(&reply);
    for pattern in PATTERNS {
        assert!(back.contains(&format!("{pattern}=")), "{back}");
    }
    let reply = page(&app, back.trim_end_matches("#results"), "compare-room").await;
    assert_eq!(reply.status, 200);
    let body = &reply.body;
    for pattern in PATTERNS {
        assert!(body.contains(&format!("<a href=\"/patterns/{pattern}\">")), "{pattern} column");
    }
    for row in ["Status", "Steps", "Components crossed", "SQL statements", "Services", "Events", "Server time"] {
        assert!(body.contains(&format!("<th scope=\"row\">{row}</th>")), "{row}");
    }
    assert!(body.contains("201 then 202"), "CQRS accepts the order with 202");
    assert!(body.contains("201 then 201"));
    assert!(!body.contains("<b>Cmp</b>"), "user text is escaped");
    // Another visitor cannot read these traces through the address.
    let stranger = page(&app, back.trim_end_matches("#results"), "someone-else").await;
    assert!(!stranger.body.contains("201 then 202"));
}

#[tokio::test]
async fn the_pattern_controls_accept_form_posts() {
    let app = app().await;
    let sandbox = "controls-room";
    let reply = form_post(
        &app,
        "/demos/microservices/api/faults",
        Some(sandbox),
        "service=payments&mode=down&return_to=%2Fpatterns%2Fmicroservices",
    )
    .await;
    assert_eq!(reply.status, 303, "{}", reply.body);
    let faults: Faults = serde_json::from_str(&page_json(&app, "/demos/microservices/api/faults", sandbox).await).unwrap();
    assert_eq!(faults.payments.as_deref(), Some("down"));
    let reply = form_post(
        &app,
        "/demos/microservices/api/faults",
        Some(sandbox),
        "service=payments&mode=sideways&return_to=%2Fpatterns%2Fmicroservices",
    )
    .await;
    assert!(location(&reply).contains("demo_field=mode"));

    let reply = form_post(&app, "/demos/cqrs/api/projection/rebuild", Some(sandbox), "return_to=%2Fpatterns%2Fcqrs").await;
    assert_eq!(reply.status, 303);
    assert!(location(&reply).starts_with("/patterns/cqrs?demo_trace="));
    let reply = app.send(with_cookie("POST", "/demos/cqrs/api/projection/rebuild", sandbox).body(Body::empty()).unwrap()).await;
    assert_eq!(reply.status, 200, "JSON clients still get the status");
    let _: Projection = serde_json::from_str(&reply.body).unwrap();
}

async fn page_json(app: &TestApp, path: &str, sandbox: &str) -> String {
    let reply = page(app, path, sandbox).await;
    assert_eq!(reply.status, 200, "{path}: {}", reply.body);
    reply.body
}

/// The page keeps its own copy of the wire types (it is a client of the
/// API); they must read what every backend really sends.
#[tokio::test]
async fn the_pages_api_types_read_every_backends_answers() {
    let app = app().await;
    let sandbox = "types-room";
    for pattern in PATTERNS {
        let user = create_user(&app, pattern, sandbox, &format!("{pattern}@example.com"), "Ann").await;
        let order = json!({"user_id": user.id, "items": [{"product": "Tea", "quantity": 2, "unit_price_cents": 350}]});
        let reply = json_post(&app, &format!("/demos/{pattern}/api/orders"), sandbox, order).await;
        let trace_id = reply.headers.get("x-trace-id").unwrap().to_str().unwrap().to_owned();
        let users: Vec<User> = serde_json::from_str(&page_json(&app, &format!("/demos/{pattern}/api/users"), sandbox).await).unwrap();
        assert_eq!(users[0], user);
        let _: Vec<Order> = serde_json::from_str(&page_json(&app, &format!("/demos/{pattern}/api/orders"), sandbox).await).unwrap();
        let trace: Trace =
            serde_json::from_str(&page_json(&app, &format!("/demos/{pattern}/api/traces/{trace_id}"), sandbox).await).unwrap();
        assert!(!trace.steps.is_empty());
    }
    let _: Vec<Mail> = serde_json::from_str(&page_json(&app, "/demos/hexagonal/api/mailbox", sandbox).await).unwrap();
    let _: Projection = serde_json::from_str(&page_json(&app, "/demos/cqrs/api/projection", sandbox).await).unwrap();
    let _: Faults = serde_json::from_str(&page_json(&app, "/demos/microservices/api/faults", sandbox).await).unwrap();
}

/// CQRS: the trace of an order shows the command, the event appended and,
/// later, its projection.
#[tokio::test]
async fn a_cqrs_orders_trace_ends_with_its_projection() {
    let app = app().await;
    let sandbox = "cqrs-trace-room";
    let user = create_user(&app, "cqrs", sandbox, "p@example.com", "Pat").await;
    let order = json!({"user_id": user.id, "items": [{"product": "Tea", "quantity": 1, "unit_price_cents": 300}]});
    let reply = json_post(&app, "/demos/cqrs/api/orders", sandbox, order).await;
    assert_eq!(reply.status, 202);
    let trace_id = reply.headers.get("x-trace-id").unwrap().to_str().unwrap().to_owned();
    let mut kinds = Vec::new();
    for _ in 0..200 {
        let trace: Trace = serde_json::from_str(&page_json(&app, &format!("/demos/cqrs/api/traces/{trace_id}"), sandbox).await).unwrap();
        kinds = trace.steps.iter().map(|s| (s.kind.clone(), s.detail.clone().unwrap_or_default())).collect();
        if kinds.iter().any(|(_, detail)| detail.contains("projected into the read model")) {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    assert!(kinds.iter().any(|(kind, _)| kind == "command"), "{kinds:?}");
    assert!(kinds.iter().any(|(kind, detail)| kind == "event" && detail.contains("OrderPlaced")), "{kinds:?}");
}

/// The page calls the very API the browser calls: state held inside a
/// backend (hexagonal's adapter choice) is the same for both.
#[tokio::test]
async fn the_page_and_the_api_share_one_backend() {
    let app = app().await;
    let sandbox = "shared-state-room";
    let reply =
        form_post(&app, "/demos/hexagonal/api/adapters/persistence", Some(sandbox), "adapter=memory&return_to=%2Fpatterns%2Fhexagonal")
            .await;
    assert_eq!(reply.status, 303);
    create_user(&app, "hexagonal", sandbox, "in-memory@example.com", "Mem").await;
    let body = page(&app, "/patterns/hexagonal", sandbox).await.body;
    assert!(body.contains("in memory</strong>"), "the page sees the switch");
    assert!(body.contains("in-memory@example.com"), "and the user stored in memory");
}

/// A service that is down is an error the page shows beside its form, not
/// a JSON body the visitor lands on.
#[tokio::test]
async fn a_form_post_to_a_service_that_is_down_comes_back_to_the_page() {
    let app = app().await;
    let sandbox = "down-room";
    let reply = json_post(&app, "/demos/microservices/api/faults", sandbox, json!({"service": "users", "mode": "down"})).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    let reply = form_post(
        &app,
        "/demos/microservices/api/users",
        Some(sandbox),
        "email=a%40example.com&name=A&password=correct+horse&return_to=%2Fpatterns%2Fmicroservices",
    )
    .await;
    assert_eq!(reply.status, 303, "{}", reply.body);
    let back = location(&reply);
    assert!(back.starts_with("/patterns/microservices?demo_error="), "{back}");
    let body = page(&app, "/patterns/microservices", sandbox).await.body;
    assert!(body.contains("users service"), "the panel says which service is down");
}
