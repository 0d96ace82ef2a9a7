//! The OpenAPI document cannot drift from the code: real responses of every
//! backend are checked against it — status documented, body matching the
//! schema (types, required fields, no undocumented fields).

use axum::body::Body;
use axum::http::Request;
use serde_json::{json, Value};

use crate::helpers::{app, TestApp};

const PATTERNS: [&str; 5] = ["layered", "clean", "hexagonal", "microservices", "cqrs"];

/// Checks `value` against `schema`, resolving `$ref`s in `doc`.
fn check(doc: &Value, schema: &Value, value: &Value, at: &str) -> Result<(), String> {
    if let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
        let name = reference.trim_start_matches("#/components/schemas/");
        return check(doc, &doc["components"]["schemas"][name], value, at);
    }
    let types: Vec<&str> = match &schema["type"] {
        Value::String(t) => vec![t.as_str()],
        Value::Array(ts) => ts.iter().filter_map(Value::as_str).collect(),
        _ => vec![],
    };
    let actual = match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    };
    let type_ok = types.is_empty() || types.contains(&actual) || (actual == "integer" && types.contains(&"number"));
    if !type_ok {
        return Err(format!("{at}: expected {types:?}, got {actual}"));
    }
    match value {
        Value::Object(object) => {
            let properties = schema["properties"].as_object().cloned().unwrap_or_default();
            for required in schema["required"].as_array().into_iter().flatten().filter_map(Value::as_str) {
                if !object.contains_key(required) {
                    return Err(format!("{at}: missing required `{required}`"));
                }
            }
            for (key, field) in object {
                let Some(field_schema) = properties.get(key) else {
                    return Err(format!("{at}: `{key}` is not in the schema"));
                };
                check(doc, field_schema, field, &format!("{at}.{key}"))?;
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                check(doc, &schema["items"], item, &format!("{at}[{i}]"))?;
            }
        }
        _ => {}
    }
    Ok(())
}

struct Checked {
    doc: Value,
    count: usize,
}

impl Checked {
    /// Sends the request and checks the answer against the document's
    /// operation `method path_template`.
    async fn send(&mut self, app: &TestApp, pattern: &str, method: &str, template: &str, path: &str, body: Option<Value>) -> Value {
        let mut request = Request::builder().method(method).uri(format!("/demos/{pattern}/api{path}")).header("x-sandbox", "openapi-room");
        let body = match body {
            Some(body) => {
                request = request.header("content-type", "application/json");
                Body::from(body.to_string())
            }
            None => Body::empty(),
        };
        let reply = app.send(request.body(body).unwrap()).await;
        let operation = &self.doc["paths"][template][method.to_lowercase()];
        assert!(operation.is_object(), "{method} {template} is not documented");
        let response = &operation["responses"][reply.status.to_string()];
        assert!(response.is_object(), "{pattern} {method} {path} answered {} which is not documented: {}", reply.status, reply.body);
        let parsed: Value = if reply.body.is_empty() { Value::Null } else { serde_json::from_str(&reply.body).unwrap() };
        if let Some(schema) = response["content"]["application/json"].get("schema") {
            let doc = self.doc.clone();
            check(&doc, schema, &parsed, "body")
                .unwrap_or_else(|e| panic!("{pattern} {method} {path} ({}): {e}\n{}", reply.status, reply.body));
        }
        self.count += 1;
        parsed
    }
}

#[tokio::test]
async fn the_document_is_openapi_3_1_and_describes_the_whole_contract() {
    let app = app().await;
    let reply = app.get("/demos/openapi.json").await;
    assert_eq!(reply.status, 200);
    let doc: Value = serde_json::from_str(&reply.body).unwrap();
    assert_eq!(doc["openapi"], "3.1.0");
    for (path, method) in [
        ("/users", "post"),
        ("/users", "get"),
        ("/users/{id}", "get"),
        ("/orders", "post"),
        ("/orders", "get"),
        ("/orders/{id}", "get"),
        ("/sandbox", "delete"),
        ("/traces/{trace_id}", "get"),
    ] {
        assert!(doc["paths"][path][method].is_object(), "{method} {path}");
    }
}

#[tokio::test]
async fn real_responses_of_every_backend_match_the_document() {
    let app = app().await;
    let doc: Value = serde_json::from_str(&app.get("/demos/openapi.json").await.body).unwrap();
    let mut checked = Checked { doc, count: 0 };
    for pattern in PATTERNS {
        let user = checked
            .send(
                &app,
                pattern,
                "POST",
                "/users",
                "/users",
                Some(json!({"email": "ada@example.com", "name": "Ada", "password": "correct horse"})),
            )
            .await;
        let id = user["id"].as_str().unwrap().to_owned();
        checked
            .send(
                &app,
                pattern,
                "POST",
                "/users",
                "/users",
                Some(json!({"email": "ada@example.com", "name": "Ada", "password": "correct horse"})),
            )
            .await;
        checked
            .send(&app, pattern, "POST", "/users", "/users", Some(json!({"email": "bad", "name": "Ada", "password": "correct horse"})))
            .await;
        checked.send(&app, pattern, "GET", "/users", "/users", None).await;
        checked.send(&app, pattern, "GET", "/users/{id}", &format!("/users/{id}"), None).await;
        checked.send(&app, pattern, "GET", "/users/{id}", "/users/not-a-uuid", None).await;
        checked.send(&app, pattern, "GET", "/users/{id}", &format!("/users/{}", uuid::Uuid::new_v4()), None).await;
        let items = json!([{"product": "Tea", "quantity": 2, "unit_price_cents": 350}]);
        let order = checked.send(&app, pattern, "POST", "/orders", "/orders", Some(json!({"user_id": id, "items": items}))).await;
        checked
            .send(&app, pattern, "POST", "/orders", "/orders", Some(json!({"user_id": uuid::Uuid::new_v4().to_string(), "items": items})))
            .await;
        checked.send(&app, pattern, "POST", "/orders", "/orders", Some(json!({"user_id": id, "items": []}))).await;
        checked.send(&app, pattern, "GET", "/orders", "/orders", None).await;
        checked.send(&app, pattern, "GET", "/orders", &format!("/orders?user_id={id}"), None).await;
        checked.send(&app, pattern, "GET", "/orders/{id}", &format!("/orders/{}", order["id"].as_str().unwrap()), None).await;
        checked.send(&app, pattern, "GET", "/orders/{id}", &format!("/orders/{}", uuid::Uuid::new_v4()), None).await;
        checked.send(&app, pattern, "GET", "/traces/{trace_id}", &format!("/traces/{}", uuid::Uuid::new_v4()), None).await;
        checked.send(&app, pattern, "DELETE", "/sandbox", "/sandbox", None).await;
    }
    assert_eq!(checked.count, 16 * PATTERNS.len());
}

#[tokio::test]
async fn a_trace_matches_its_schema() {
    let app = app().await;
    let doc: Value = serde_json::from_str(&app.get("/demos/openapi.json").await.body).unwrap();
    let request = Request::get("/demos/layered/api/users").header("x-sandbox", "openapi-room").body(Body::empty()).unwrap();
    let trace_id = app.send(request).await.headers["x-trace-id"].to_str().unwrap().to_owned();
    let mut checked = Checked { doc, count: 0 };
    let trace = checked.send(&app, "layered", "GET", "/traces/{trace_id}", &format!("/traces/{trace_id}"), None).await;
    assert!(!trace["steps"].as_array().unwrap().is_empty());
}
