//! Loads a pattern page's demo panel before the page renders: the visitor's
//! users, orders, the pattern's own state and the trace of the form post
//! that brought them back — all through the demo API, in-process.

use app::demo::model::{AdapterChoice, ApiError, Extras, Faults, Mail, Order, PanelData, Projection, Trace, User};
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, Method};
use axum::middleware::Next;
use axum::response::Response;
use serde::Deserialize;

use super::client::ApiClient;
use super::SiteState;
use crate::api::sandbox;

/// What a form post's `303` added to the page's address.
#[derive(Debug, Default, Deserialize)]
struct Outcome {
    demo_error: Option<String>,
    demo_field: Option<String>,
    demo_trace: Option<String>,
}

/// Middleware on the page routes: when the page has a demo, its data goes
/// into the request's extensions, where the page component finds it.
pub async fn load(State(site): State<SiteState>, mut request: Request<Body>, next: Next) -> Response {
    let pattern = (request.method() == Method::GET)
        .then(|| site.content.current().guide.page_at(request.uri().path()).and_then(|(_, page)| page.demo.clone()))
        .flatten();
    let Some(pattern) = pattern else {
        return next.run(request).await;
    };
    let (sandbox, is_new) = sandbox::of_visitor(request.headers());
    let outcome: Outcome = request.uri().query().and_then(|q| serde_html_form::from_str(q).ok()).unwrap_or_default();
    let client = ApiClient::new(site.api.clone(), sandbox.clone());
    let data = panel_data(&client, &pattern, outcome).await;
    request.extensions_mut().insert(PanelData { sandbox: sandbox.as_str().to_owned(), ..data });
    let mut response = next.run(request).await;
    if is_new {
        response.headers_mut().append(header::SET_COOKIE, sandbox::cookie(&sandbox));
    }
    response
}

async fn panel_data(client: &ApiClient, pattern: &str, outcome: Outcome) -> PanelData {
    let api = |path: &str| format!("/demos/{pattern}/api{path}");
    let trace_path = outcome.demo_trace.as_deref().filter(|id| uuid::Uuid::parse_str(id).is_ok()).map(|id| api(&format!("/traces/{id}")));
    let (users_path, orders_path) = (api("/users"), api("/orders"));
    let (users, orders, extras, trace) = tokio::join!(
        client.send(Method::GET, &users_path, None),
        client.send(Method::GET, &orders_path, None),
        extras(client, pattern),
        async {
            match &trace_path {
                Some(path) => client.get::<Trace>(path).await,
                None => None,
            }
        }
    );
    let error = outcome.demo_error.map(|message| ApiError {
        code: "validation".into(),
        // Anyone can link here with any text: keep it short (it is shown as text).
        message: message.chars().take(300).collect(),
        field: outcome.demo_field.filter(|f| !f.is_empty() && f.len() <= 64),
    });
    // A list that could not be read says why (a microservice down, say).
    let unavailable = [&users, &orders].into_iter().find(|reply| !reply.status.is_success()).map(|reply| {
        serde_json::from_slice::<app::demo::model::ErrorBody>(&reply.body)
            .map_or_else(|_| format!("the {pattern} backend did not answer; reload to try again"), |body| body.error.message)
    });
    PanelData {
        pattern: pattern.to_owned(),
        unavailable,
        users: users.json::<Vec<User>>().unwrap_or_default(),
        orders: orders.json::<Vec<Order>>().unwrap_or_default(),
        extras,
        trace,
        error,
        sandbox: String::new(),
    }
}

async fn extras(client: &ApiClient, pattern: &str) -> Extras {
    match pattern {
        "hexagonal" => {
            let (choice, mailbox) = tokio::join!(
                client.get::<AdapterChoice>("/demos/hexagonal/api/adapters/persistence"),
                client.get::<Vec<Mail>>("/demos/hexagonal/api/mailbox")
            );
            Extras::Hexagonal { adapter: choice.map_or_else(|| "sqlite".to_owned(), |c| c.adapter), mailbox: mailbox.unwrap_or_default() }
        }
        "microservices" => {
            Extras::Microservices { faults: client.get::<Faults>("/demos/microservices/api/faults").await.unwrap_or_default() }
        }
        "cqrs" => Extras::Cqrs { projection: client.get::<Projection>("/demos/cqrs/api/projection").await.unwrap_or_default() },
        _ => Extras::None,
    }
}
