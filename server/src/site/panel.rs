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
use super::page_cache::Settled;
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
    let (data, settled) = panel_data(&client, &pattern, outcome).await;
    let settled = settled && !is_new;
    request.extensions_mut().insert(PanelData { sandbox: sandbox.as_str().to_owned(), ..data });
    let mut response = next.run(request).await;
    if is_new {
        response.headers_mut().append(header::SET_COOKIE, sandbox::cookie(&sandbox));
    }
    if settled {
        response.extensions_mut().insert(Settled);
    }
    response
}

/// Whether the page shows nothing that moves by itself: no microservices
/// order waiting for its payment, no CQRS event waiting for the projector, no
/// backend that failed to answer. Such a page stays right until the next
/// write through the demo API (see [`super::page_cache`]).
fn is_settled(data: &PanelData) -> bool {
    let nothing_pending = match &data.extras {
        Extras::Cqrs { projection } => projection.pending_events == 0,
        _ => true,
    };
    let all_paid = data.pattern != "microservices" || data.orders.iter().all(|order| order.status == "paid");
    data.unavailable.is_none() && data.trace.is_none() && data.error.is_none() && nothing_pending && all_paid
}

/// The panel's data, and whether it is settled (`is_settled`).
async fn panel_data(client: &ApiClient, pattern: &str, outcome: Outcome) -> (PanelData, bool) {
    let api = |path: &str| format!("/demos/{pattern}/api{path}");
    let trace_path = outcome.demo_trace.as_deref().filter(|id| uuid::Uuid::parse_str(id).is_ok()).map(|id| api(&format!("/traces/{id}")));
    let (users_path, orders_path) = (api("/users"), api("/orders"));
    // The pattern's state first: the CQRS projection read before the lists
    // tells whether the lists could have missed an event (`is_settled`).
    let (extras, extras_read) = extras(client, pattern).await;
    let (users, orders, trace) =
        tokio::join!(client.send(Method::GET, &users_path, None), client.send(Method::GET, &orders_path, None), async {
            match &trace_path {
                Some(path) => client.get::<Trace>(path).await,
                None => None,
            }
        });
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
    let data = PanelData {
        pattern: pattern.to_owned(),
        unavailable,
        users: users.json::<Vec<User>>().unwrap_or_default(),
        orders: orders.json::<Vec<Order>>().unwrap_or_default(),
        extras,
        trace,
        error,
        sandbox: String::new(),
    };
    let settled = extras_read && is_settled(&data);
    (data, settled)
}

/// The pattern's own state, and whether all of it could be read.
async fn extras(client: &ApiClient, pattern: &str) -> (Extras, bool) {
    match pattern {
        "hexagonal" => {
            let (choice, mailbox) = tokio::join!(
                client.get::<AdapterChoice>("/demos/hexagonal/api/adapters/persistence"),
                client.get::<Vec<Mail>>("/demos/hexagonal/api/mailbox")
            );
            let read = choice.is_some() && mailbox.is_some();
            (
                Extras::Hexagonal {
                    adapter: choice.map_or_else(|| "sqlite".to_owned(), |c| c.adapter),
                    mailbox: mailbox.unwrap_or_default(),
                },
                read,
            )
        }
        "microservices" => {
            let faults = client.get::<Faults>("/demos/microservices/api/faults").await;
            let read = faults.is_some();
            (Extras::Microservices { faults: faults.unwrap_or_default() }, read)
        }
        "cqrs" => {
            let projection = client.get::<Projection>("/demos/cqrs/api/projection").await;
            let read = projection.is_some();
            (Extras::Cqrs { projection: projection.unwrap_or_default() }, read)
        }
        _ => (Extras::None, true),
    }
}
