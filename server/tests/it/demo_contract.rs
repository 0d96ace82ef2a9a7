//! The demo API contract (DESIGN.md, "Demo API"), run against every backend
//! built so far. Same behaviour outside, different structure inside: this
//! suite is what keeps the side-by-side comparison honest.

use axum::body::Body;
use axum::http::Request;
use serde_json::{json, Value};

use crate::helpers::{app, Reply, TestApp};

/// The backends this suite runs against.
const PATTERNS: [&str; 5] = ["layered", "clean", "hexagonal", "microservices", "cqrs"];

const ROOM: &str = "conformance-room";
const OTHER_ROOM: &str = "another-room";

struct Client<'a> {
    app: &'a TestApp,
    base: String,
    sandbox: &'a str,
}

impl<'a> Client<'a> {
    fn new(app: &'a TestApp, pattern: &str, sandbox: &'a str) -> Self {
        Self { app, base: format!("/demos/{pattern}/api"), sandbox }
    }

    async fn send(&self, method: &str, path: &str, content_type: Option<&str>, body: impl Into<Body>) -> Reply {
        let mut request = Request::builder().method(method).uri(format!("{}{path}", self.base)).header("x-sandbox", self.sandbox);
        if let Some(content_type) = content_type {
            request = request.header("content-type", content_type);
        }
        self.app.send(request.body(body.into()).unwrap()).await
    }

    async fn get(&self, path: &str) -> Reply {
        self.send("GET", path, None, Body::empty()).await
    }

    async fn post_json(&self, path: &str, body: &Value) -> Reply {
        self.send("POST", path, Some("application/json"), body.to_string()).await
    }

    async fn create_user(&self, email: &str) -> Value {
        let reply = self.post_json("/users", &json!({"email": email, "name": "Ada Lovelace", "password": "correct horse"})).await;
        assert_eq!(reply.status, 201, "{}", reply.body);
        reply.json()
    }

    /// Places an order and returns it once readable. CQRS answers 202 with a
    /// `Location` where the order appears once projected (DESIGN.md): the
    /// suite follows it, and reports the order with 201 like the others.
    async fn create_order(&self, user_id: &str) -> Reply {
        let reply = self
            .post_json(
                "/orders",
                &json!({"user_id": user_id, "items": [{"product": "Tea", "quantity": 2, "unit_price_cents": 350}, {"product": "Cake", "quantity": 1, "unit_price_cents": 425}]}),
            )
            .await;
        self.settle(reply).await
    }

    async fn settle(&self, reply: Reply) -> Reply {
        if reply.status != 202 {
            return reply;
        }
        let location = reply.headers["location"].to_str().unwrap().to_owned();
        let path = location.strip_prefix(&self.base).expect("Location points into the same API");
        for _ in 0..500 {
            let order = self.get(path).await;
            if order.status == 200 {
                return Reply { status: 201, headers: reply.headers, body: order.body };
            }
            assert_eq!(order.status, 404, "until projected the order is simply not there yet");
            tokio::time::sleep(std::time::Duration::from_millis(10)).await;
        }
        panic!("{location} never appeared");
    }

    async fn user_count(&self) -> usize {
        self.get("/users").await.json().as_array().unwrap().len()
    }
}

impl Reply {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }

    fn error_field(&self) -> Option<String> {
        self.json()["error"]["field"].as_str().map(str::to_owned)
    }
}

#[tokio::test]
async fn users_are_created_listed_newest_first_and_fetched_without_their_password() {
    for pattern in PATTERNS {
        let app = app().await;
        let client = Client::new(&app, pattern, ROOM);
        let first = client.create_user("ada@example.com").await;
        let second = client.create_user("grace@example.com").await;
        assert_eq!(first["email"], "ada@example.com", "{pattern}");
        assert!(uuid::Uuid::parse_str(first["id"].as_str().unwrap()).is_ok(), "{pattern}: ids are UUIDs");
        assert_ne!(first["id"], second["id"]);
        let keys: Vec<&String> = first.as_object().unwrap().keys().collect();
        assert_eq!(keys, ["created_at", "email", "id", "name"], "{pattern}: no password or hash");

        let listed = client.get("/users").await.json();
        assert_eq!(listed[0]["id"], second["id"], "{pattern}: newest first");
        assert_eq!(listed[1]["id"], first["id"]);
        let fetched = client.get(&format!("/users/{}", first["id"].as_str().unwrap())).await;
        assert_eq!(fetched.status, 200);
        assert_eq!(fetched.json(), first);
    }
}

#[tokio::test]
async fn invalid_users_are_refused_naming_the_field_and_nothing_is_written() {
    for pattern in PATTERNS {
        let app = app().await;
        let client = Client::new(&app, pattern, ROOM);
        let cases = [
            (json!({"email": "not-an-email", "name": "A", "password": "correct horse"}), "email"),
            (json!({"email": "a@example.com", "name": "", "password": "correct horse"}), "name"),
            (json!({"email": "a@example.com", "name": "x".repeat(101), "password": "correct horse"}), "name"),
            (json!({"email": "a@example.com", "name": "A", "password": "short"}), "password"),
            (json!({"email": "a@example.com", "name": "A"}), "password"),
            (json!({"email": 42, "name": "A", "password": "correct horse"}), "email"),
            (json!({"email": "a@example.com", "name": "A", "password": "correct horse", "role": "admin"}), ""),
        ];
        for (body, field) in cases {
            let reply = client.post_json("/users", &body).await;
            assert_eq!(reply.status, 400, "{pattern} {body}: {}", reply.body);
            assert_eq!(reply.json()["error"]["code"], "validation", "{pattern} {body}");
            if !field.is_empty() {
                assert_eq!(reply.error_field().as_deref(), Some(field), "{pattern} {body}");
            }
        }
        assert_eq!(client.user_count().await, 0, "{pattern}: no partial write");
    }
}

#[tokio::test]
async fn malformed_bodies_get_400_413_415_never_500() {
    for pattern in PATTERNS {
        let app = app().await;
        let client = Client::new(&app, pattern, ROOM);
        let malformed = client.send("POST", "/users", Some("application/json"), "{\"email\": ").await;
        assert_eq!(malformed.status, 400);
        assert_eq!(malformed.json()["error"]["code"], "malformed_json");
        let huge = client.send("POST", "/users", Some("application/json"), format!("{{\"email\":\"{}\"}}", "a".repeat(70 * 1024))).await;
        assert_eq!(huge.status, 413, "{pattern}");
        assert_eq!(huge.json()["error"]["code"], "payload_too_large");
        let text = client.send("POST", "/users", Some("text/plain"), "hello").await;
        assert_eq!(text.status, 415, "{pattern}");
        let none = client.send("POST", "/users", None, "{}").await;
        assert_eq!(none.status, 415, "{pattern}");
        let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
        assert_eq!(client.send("POST", "/orders", Some("application/json"), deep).await.status, 400, "{pattern}");
        assert_eq!(client.user_count().await, 0);
    }
}

#[tokio::test]
async fn an_email_is_unique_per_sandbox_ignoring_case() {
    for pattern in PATTERNS {
        let app = app().await;
        let client = Client::new(&app, pattern, ROOM);
        client.create_user("ada@example.com").await;
        let again = client.post_json("/users", &json!({"email": "ADA@example.com", "name": "Ada", "password": "correct horse"})).await;
        assert_eq!(again.status, 409, "{pattern}");
        assert_eq!(again.error_field().as_deref(), Some("email"));
        Client::new(&app, pattern, OTHER_ROOM).create_user("ada@example.com").await;
        assert_eq!(client.user_count().await, 1);
    }
}

#[tokio::test]
async fn unknown_and_malformed_ids_are_404_and_400() {
    for pattern in PATTERNS {
        let app = app().await;
        let client = Client::new(&app, pattern, ROOM);
        let missing = uuid::Uuid::new_v4();
        assert_eq!(client.get(&format!("/users/{missing}")).await.status, 404, "{pattern}");
        assert_eq!(client.get(&format!("/orders/{missing}")).await.status, 404, "{pattern}");
        let bad = client.get("/users/1%20OR%201=1").await;
        assert_eq!(bad.status, 400, "{pattern}");
        assert_eq!(bad.error_field().as_deref(), Some("id"));
        assert_eq!(client.get("/orders/not-a-uuid").await.status, 400);
        assert_eq!(client.get("/no-such-route").await.status, 404);
    }
}

#[tokio::test]
async fn orders_carry_their_user_and_a_total_computed_by_the_server() {
    for pattern in PATTERNS {
        let app = app().await;
        let client = Client::new(&app, pattern, ROOM);
        let user = client.create_user("ada@example.com").await;
        let user_id = user["id"].as_str().unwrap();
        let reply = client.create_order(user_id).await;
        assert_eq!(reply.status, 201, "{pattern}: {}", reply.body);
        let order = reply.json();
        assert_eq!(order["total_cents"], 2 * 350 + 425);
        assert_eq!(order["user_name"], "Ada Lovelace");
        assert_eq!(order["user_email"], "ada@example.com");
        assert_eq!(order["items"].as_array().unwrap().len(), 2);
        assert!(order["status"].is_string());

        let fetched = client.get(&format!("/orders/{}", order["id"].as_str().unwrap())).await;
        assert_eq!(fetched.status, 200);
        assert_eq!(fetched.json()["total_cents"], order["total_cents"]);
        let other = client.create_user("grace@example.com").await;
        client.create_order(other["id"].as_str().unwrap()).await;
        let mine = client.get(&format!("/orders?user_id={user_id}")).await.json();
        assert_eq!(mine.as_array().unwrap().len(), 1, "{pattern}: filtered by user");
        assert_eq!(client.get("/orders").await.json().as_array().unwrap().len(), 2);
    }
}

#[tokio::test]
async fn invalid_orders_are_refused_naming_the_field() {
    for pattern in PATTERNS {
        let app = app().await;
        let client = Client::new(&app, pattern, ROOM);
        let user = client.create_user("ada@example.com").await;
        let id = user["id"].as_str().unwrap();
        let item = |quantity: i64, price: i64| json!({"product": "Tea", "quantity": quantity, "unit_price_cents": price});
        let cases = [
            (json!({"user_id": id, "items": []}), "items"),
            (json!({"user_id": id, "items": vec![item(1, 1); 21]}), "items"),
            (json!({"user_id": id, "items": [item(0, 100)]}), "items[0].quantity"),
            (json!({"user_id": id, "items": [item(1, 100), item(1001, 100)]}), "items[1].quantity"),
            (json!({"user_id": id, "items": [item(1, 0)]}), "items[0].unit_price_cents"),
            (json!({"user_id": id, "items": [item(1, 10_000_001)]}), "items[0].unit_price_cents"),
            (json!({"user_id": id, "items": [{"product": "Tea", "quantity": 1e300, "unit_price_cents": 1}]}), "items[0].quantity"),
            (json!({"user_id": id, "items": [{"product": "", "quantity": 1, "unit_price_cents": 1}]}), "items[0].product"),
            (json!({"user_id": "nope", "items": [item(1, 1)]}), "user_id"),
        ];
        for (body, field) in cases {
            let reply = client.post_json("/orders", &body).await;
            assert_eq!(reply.status, 400, "{pattern} {body}: {}", reply.body);
            assert_eq!(reply.error_field().as_deref(), Some(field), "{pattern} {body}");
        }
        let unknown = client.create_order(&uuid::Uuid::new_v4().to_string()).await;
        assert_eq!(unknown.status, 404, "{pattern}: unknown user");
        assert_eq!(client.get("/orders").await.json().as_array().unwrap().len(), 0);
    }
}

#[tokio::test]
async fn one_sandbox_never_sees_anothers_data_or_traces() {
    for pattern in PATTERNS {
        let app = app().await;
        let mine = Client::new(&app, pattern, ROOM);
        let theirs = Client::new(&app, pattern, OTHER_ROOM);
        let user = mine.create_user("ada@example.com").await;
        let id = user["id"].as_str().unwrap();
        let order = mine.create_order(id).await;
        let trace_id = order.headers["x-trace-id"].to_str().unwrap().to_owned();

        assert_eq!(theirs.user_count().await, 0, "{pattern}");
        assert_eq!(theirs.get(&format!("/users/{id}")).await.status, 404);
        assert_eq!(theirs.get(&format!("/orders/{}", order.json()["id"].as_str().unwrap())).await.status, 404);
        assert_eq!(theirs.create_order(id).await.status, 404, "{pattern}: cannot order for another sandbox's user");
        assert_eq!(theirs.get(&format!("/traces/{trace_id}")).await.status, 404);
        assert_eq!(mine.get(&format!("/traces/{trace_id}")).await.status, 200);
    }
}

#[tokio::test]
async fn a_visitor_without_a_sandbox_gets_one_as_a_cookie_and_bad_codes_are_refused() {
    for pattern in PATTERNS {
        let app = app().await;
        let reply = app.get(&format!("/demos/{pattern}/api/users")).await;
        assert_eq!(reply.status, 200);
        let cookie = reply.headers["set-cookie"].to_str().unwrap().to_owned();
        assert!(cookie.starts_with("sandbox="), "{cookie}");
        assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"), "{cookie}");
        let code = cookie.trim_start_matches("sandbox=").split(';').next().unwrap().to_owned();

        let create = Request::post(format!("/demos/{pattern}/api/users"))
            .header("cookie", format!("sandbox={code}"))
            .header("content-type", "application/json")
            .body(Body::from(json!({"email": "ada@example.com", "name": "Ada", "password": "correct horse"}).to_string()))
            .unwrap();
        assert_eq!(app.send(create).await.status, 201);
        let with_header = Client::new(&app, pattern, &code);
        assert_eq!(with_header.user_count().await, 1, "{pattern}: cookie and header name the same sandbox");

        for bad in ["short", "has space!", &"x".repeat(65)] {
            let reply = Client::new(&app, pattern, bad).get("/users").await;
            assert_eq!(reply.status, 400, "{pattern} {bad:?}");
            assert_eq!(reply.error_field().as_deref(), Some("sandbox"));
            assert!(reply.headers.contains_key("x-trace-id"), "even a refused request carries a trace id");
        }
    }
}

#[tokio::test]
async fn deleting_the_sandbox_empties_it_and_leaves_others_alone() {
    for pattern in PATTERNS {
        let app = app().await;
        let mine = Client::new(&app, pattern, ROOM);
        let theirs = Client::new(&app, pattern, OTHER_ROOM);
        let user = mine.create_user("ada@example.com").await;
        mine.create_order(user["id"].as_str().unwrap()).await;
        theirs.create_user("grace@example.com").await;

        assert_eq!(mine.send("DELETE", "/sandbox", None, Body::empty()).await.status, 204, "{pattern}");
        assert_eq!(mine.user_count().await, 0);
        assert_eq!(mine.get("/orders").await.json().as_array().unwrap().len(), 0);
        assert_eq!(theirs.user_count().await, 1);
    }
}

#[tokio::test]
async fn idle_sandboxes_expire() {
    for pattern in PATTERNS {
        let app = app().await;
        let client = Client::new(&app, pattern, ROOM);
        client.create_user("ada@example.com").await;
        tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
        assert!(app.demos.expire_idle(std::time::Duration::ZERO).await.unwrap() >= 1);
        assert_eq!(client.user_count().await, 0, "{pattern}");
    }
}

#[tokio::test]
async fn a_sandbox_has_a_quota_of_users() {
    for pattern in PATTERNS {
        let app = app().await;
        let client = Client::new(&app, pattern, ROOM);
        for i in 0..server::rules::USERS_PER_SANDBOX {
            client.create_user(&format!("user{i}@example.com")).await;
        }
        let over = client.post_json("/users", &json!({"email": "one-more@example.com", "name": "A", "password": "correct horse"})).await;
        assert_eq!(over.status, 429, "{pattern}");
        assert_eq!(over.json()["error"]["code"], "quota_exceeded");
        assert!(over.json()["error"]["message"].as_str().unwrap().contains("200"));
    }
}

#[tokio::test]
async fn html_and_sql_looking_text_is_stored_as_text() {
    for pattern in PATTERNS {
        let app = app().await;
        let client = Client::new(&app, pattern, ROOM);
        let name = "<script>alert(1)</script>'; DROP TABLE users; --";
        let reply = client.post_json("/users", &json!({"email": "x@example.com", "name": name, "password": "correct horse"})).await;
        assert_eq!(reply.status, 201);
        assert_eq!(reply.json()["name"], name);
        assert_eq!(client.get("/users").await.json()[0]["name"], name, "{pattern}");
    }
}

#[tokio::test]
async fn form_posts_answer_303_back_to_a_same_origin_page() {
    for pattern in PATTERNS {
        let app = app().await;
        let client = Client::new(&app, pattern, ROOM);
        let form = "email=ada%40example.com&name=Ada&password=correct+horse&return_to=%2Fpatterns%2Flayered";
        let reply = client.send("POST", "/users", Some("application/x-www-form-urlencoded"), form).await;
        assert_eq!(reply.status, 303, "{pattern}: {}", reply.body);
        let location = reply.headers["location"].to_str().unwrap();
        let trace_id = reply.headers["x-trace-id"].to_str().unwrap();
        // Back to the page, which learns from the address which trace to draw.
        assert_eq!(location, format!("/patterns/layered?demo_trace={trace_id}#demo"), "{pattern}");
        let user_id = client.get("/users").await.json()[0]["id"].as_str().unwrap().to_owned();

        let order = format!("user_id={user_id}&product=Tea&quantity=2&unit_price_cents=350&return_to=%2Fpatterns%2Flayered");
        let reply = client.send("POST", "/orders", Some("application/x-www-form-urlencoded"), order).await;
        assert_eq!(reply.status, 303);
        let mut orders = client.get("/orders").await.json();
        for _ in 0..500 {
            if !orders.as_array().unwrap().is_empty() {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(10)).await;
            orders = client.get("/orders").await.json();
        }
        assert_eq!(orders[0]["total_cents"], 700);

        let invalid = "email=nope&name=Ada&password=correct+horse&return_to=%2Fpatterns%2Flayered";
        let reply = client.send("POST", "/users", Some("application/x-www-form-urlencoded"), invalid).await;
        assert_eq!(reply.status, 303);
        let location = reply.headers["location"].to_str().unwrap();
        assert!(location.starts_with("/patterns/layered?demo_error=") && location.contains("demo_field=email"), "{location}");

        let offsite = "email=b%40example.com&name=B&password=correct+horse&return_to=https%3A%2F%2Fevil.example";
        let reply = client.send("POST", "/users", Some("application/x-www-form-urlencoded"), offsite).await;
        assert_eq!(reply.status, 400, "{pattern}: refuses to redirect off-site");
        assert_eq!(client.user_count().await, 1);
    }
}

#[tokio::test]
async fn every_response_carries_a_trace_id_and_its_trace_follows_the_pattern() {
    let expected_kinds: &[(&str, &[&str])] = &[
        ("layered", &["controller", "service", "repository", "sql"]),
        ("clean", &["controller", "use_case", "adapter", "repository", "sql"]),
        ("hexagonal", &["adapter", "service", "port", "sql"]),
        ("cqrs", &["controller", "command", "repository", "sql", "event"]),
        ("microservices", &["gateway", "http", "service", "controller", "repository", "sql"]),
    ];
    for (pattern, kinds) in expected_kinds {
        let app = app().await;
        let client = Client::new(&app, pattern, ROOM);
        let reply = client.post_json("/users", &json!({"email": "ada@example.com", "name": "Ada", "password": "correct horse"})).await;
        let trace_id = reply.headers["x-trace-id"].to_str().unwrap().to_owned();
        let trace = client.get(&format!("/traces/{trace_id}")).await;
        assert_eq!(trace.status, 200);
        let trace = trace.json();
        assert_eq!(trace["status"], 201);
        assert_eq!(trace["path"], format!("/demos/{pattern}/api/users"));
        let steps = trace["steps"].as_array().unwrap();
        let mut seen: Vec<&str> = Vec::new();
        for step in steps {
            let kind = step["kind"].as_str().unwrap();
            if seen.last() != Some(&kind) && !seen.contains(&kind) {
                seen.push(kind);
            }
            assert!(step["file"].as_str().unwrap().starts_with(&format!("server/src/demos/{pattern}/")), "{step}");
            assert!(!step["function"].as_str().unwrap().is_empty());
        }
        assert_eq!(&seen, kinds, "{pattern}: steps in order");
        let insert = if *pattern == "cqrs" { "INSERT INTO events" } else { "INSERT INTO users" };
        assert!(steps.iter().any(|s| s["detail"].as_str().is_some_and(|d| d.starts_with(insert))), "{pattern}: the SQL is recorded");
        assert_eq!(client.get("/traces/00000000-0000-0000-0000-000000000000").await.status, 404);
        assert!(client.get("/users").await.headers.contains_key("x-trace-id"));
    }
}

#[tokio::test]
async fn concurrent_writers_all_succeed_without_sqlite_busy() {
    for pattern in PATTERNS {
        let app = app().await;
        let client = Client::new(&app, pattern, ROOM);
        let user = client.create_user("owner@example.com").await;
        let user_id = user["id"].as_str().unwrap().to_owned();
        let writes = (0..24).map(|i| {
            let client = &client;
            let user_id = user_id.clone();
            async move {
                if i % 2 == 0 {
                    client
                        .post_json("/users", &json!({"email": format!("u{i}@example.com"), "name": "U", "password": "correct horse"}))
                        .await
                        .status
                } else {
                    client.create_order(&user_id).await.status
                }
            }
        });
        let statuses = futures_util::future::join_all(writes).await;
        assert!(statuses.iter().all(|s| *s == 201), "{pattern}: {statuses:?}");
        assert_eq!(client.user_count().await, 13);
        assert_eq!(client.get("/orders").await.json().as_array().unwrap().len(), 12);
    }
}

#[tokio::test]
async fn a_sandbox_has_a_quota_of_orders() {
    for pattern in PATTERNS {
        // A thousand orders at machine speed would meet the rate limit first.
        let app = crate::helpers::app_without_rate_limit().await;
        let client = Client::new(&app, pattern, ROOM);
        let user = client.create_user("ada@example.com").await;
        let user_id = user["id"].as_str().unwrap();
        for _ in 0..server::rules::ORDERS_PER_SANDBOX {
            assert_eq!(client.create_order(user_id).await.status, 201);
        }
        let over = client.create_order(user_id).await;
        assert_eq!(over.status, 429, "{pattern}");
        assert!(over.json()["error"]["message"].as_str().unwrap().contains("1000"), "{}", over.body);
    }
}
