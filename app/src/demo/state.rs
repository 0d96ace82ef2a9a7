//! The panel's live state and the actions that change it. Every action is
//! one or two calls to the demo API, exactly as a script would make them;
//! the trace the API recorded for the call is then fetched and shown.

use leptos::prelude::*;
use leptos::task::spawn_local;
use serde::Serialize;

use super::client::{self, Reply};
use super::model::{AdapterChoice, ApiError, Extras, Faults, Mail, Order, PanelData, Projection, Trace, User};

/// An order the CQRS backend accepted (202) but has not projected yet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Projecting {
    pub id: String,
    pub location: String,
}

/// Handles to the panel's signals; `Copy`, so every handler can hold one.
#[derive(Clone, Copy)]
pub struct Panel {
    pub pattern: StoredValue<String>,
    pub users: RwSignal<Vec<User>>,
    pub orders: RwSignal<Vec<Order>>,
    pub projecting: RwSignal<Vec<Projecting>>,
    pub extras: RwSignal<Extras>,
    pub trace: RwSignal<Option<Trace>>,
    pub error: RwSignal<Option<ApiError>>,
    /// Announced politely to screen readers after each action.
    pub status: RwSignal<String>,
    pub busy: RwSignal<bool>,
    /// True once the island runs: controls that need JavaScript show then.
    pub hydrated: RwSignal<bool>,
    polling: StoredValue<bool>,
    /// The id of the trace the panel should show: its latest call's.
    latest_trace: StoredValue<Option<String>>,
}

impl Panel {
    pub fn new(data: PanelData) -> Self {
        Self {
            pattern: StoredValue::new(data.pattern),
            users: RwSignal::new(data.users),
            orders: RwSignal::new(data.orders),
            projecting: RwSignal::new(Vec::new()),
            extras: RwSignal::new(data.extras),
            latest_trace: StoredValue::new(data.trace.as_ref().map(|t| t.id.clone())),
            trace: RwSignal::new(data.trace),
            error: RwSignal::new(data.error.or_else(|| data.unavailable.map(client::unexpected))),
            status: RwSignal::new(String::new()),
            busy: RwSignal::new(false),
            hydrated: RwSignal::new(false),
            polling: StoredValue::new(false),
        }
    }

    /// `/demos/{pattern}/api{path}`.
    pub fn api(&self, path: &str) -> String {
        format!("/demos/{}/api{path}", self.pattern.get_value())
    }

    /// The message for `field`, when the last error named it.
    pub fn error_for(&self, field: &'static str) -> impl Fn() -> Option<String> + Copy + Send + Sync + 'static {
        let error = self.error;
        move || error.get().filter(|e| e.field.as_deref() == Some(field)).map(|e| e.message)
    }

    /// Runs an action unless one is running; it owns the busy flag.
    pub fn run<F>(self, action: impl FnOnce(Panel) -> F + 'static)
    where
        F: std::future::Future<Output = ()> + 'static,
    {
        if self.busy.get_untracked() {
            return;
        }
        self.busy.set(true);
        self.error.set(None);
        spawn_local(async move {
            action(self).await;
            self.busy.set(false);
        });
    }

    /// After any call: an error is shown; either way its trace is fetched.
    async fn settle(self, reply: Result<Reply, ApiError>, done: &str) -> Option<Reply> {
        match reply {
            Ok(reply) => {
                self.show_trace(reply.trace_id.as_deref()).await;
                if reply.ok() {
                    self.status.set(done.to_owned());
                    Some(reply)
                } else {
                    let error = reply.error();
                    self.status.set(format!("Refused: {}", error.message));
                    self.error.set(Some(error));
                    None
                }
            }
            Err(error) => {
                self.error.set(Some(error));
                None
            }
        }
    }

    /// Shows the trace of the latest call. A fetch that returns after a
    /// newer call started is dropped, so a slow refresh never puts an older
    /// trace back.
    async fn show_trace(self, id: Option<&str>) {
        let Some(id) = id else { return };
        self.latest_trace.set_value(Some(id.to_owned()));
        self.fetch_trace(id).await;
    }

    async fn fetch_trace(self, id: &str) {
        if let Ok(trace) = client::get::<Trace>(&self.api(&format!("/traces/{id}"))).await {
            if self.latest_trace.with_value(|latest| latest.as_deref() == Some(id)) {
                self.trace.set(Some(trace));
            }
        }
    }

    /// Fetches the latest trace again: steps that happen after the response
    /// (event deliveries, the projection) are added to it later.
    async fn refresh_trace(self) {
        if let Some(id) = self.latest_trace.get_value() {
            self.fetch_trace(&id).await;
        }
    }

    pub async fn create_user(self, email: String, name: String, password: String) {
        #[derive(Serialize)]
        struct Body {
            email: String,
            name: String,
            password: String,
        }
        let body = serde_json::to_string(&Body { email, name, password }).ok();
        let reply = client::send("POST", &self.api("/users"), body).await;
        if let Some(reply) = self.settle(reply, "User created").await {
            if let Ok(user) = reply.json::<User>() {
                self.status.set(format!("User {} created", user.name));
                self.users.update(|users| users.insert(0, user));
            }
            self.refresh_extras().await;
        }
    }

    /// `items` are the form's lines as typed; numbers that do not parse are
    /// sent as they are, so the API names the field that is wrong.
    pub async fn place_order(self, user_id: String, items: Vec<[String; 3]>) {
        let items: Vec<serde_json::Value> = items
            .into_iter()
            .filter(|line| line.iter().any(|cell| !cell.trim().is_empty()))
            .map(|[product, quantity, price]| {
                serde_json::json!({
                    "product": product.trim(),
                    "quantity": number_or_text(&quantity),
                    "unit_price_cents": number_or_text(&price),
                })
            })
            .collect();
        let body = serde_json::json!({ "user_id": user_id, "items": items }).to_string();
        let reply = client::send("POST", &self.api("/orders"), Some(body)).await;
        let Some(reply) = self.settle(reply, "Order placed").await else { return };
        if reply.status == 202 {
            // CQRS: accepted into the event store, visible once projected.
            if let (Ok(accepted), Some(location)) = (reply.json::<serde_json::Value>(), reply.location.clone()) {
                let id = accepted["id"].as_str().unwrap_or_default().to_owned();
                self.projecting.update(|p| p.push(Projecting { id, location }));
                self.status.set("Order accepted; projecting into the read model…".into());
            }
        } else if let Ok(order) = reply.json::<Order>() {
            self.orders.update(|orders| orders.insert(0, order));
        }
        self.refresh_extras().await;
        self.follow_up();
    }

    /// Orders that are still moving (pending payment, or projecting) are
    /// fetched again until they settle, and the trace with them.
    pub fn follow_up(self) {
        if self.polling.get_value() {
            return;
        }
        self.polling.set_value(true);
        spawn_local(async move {
            for _ in 0..80 {
                let waiting = !self.projecting.get_untracked().is_empty() || self.awaits_payment();
                if !waiting {
                    break;
                }
                client::sleep(300).await;
                for projecting in self.projecting.get_untracked() {
                    if let Ok(order) = client::get::<Order>(&projecting.location).await {
                        self.projecting.update(|p| p.retain(|x| x.id != projecting.id));
                        self.orders.update(|orders| {
                            if !orders.iter().any(|o| o.id == order.id) {
                                orders.insert(0, order);
                            }
                        });
                        self.status.set("The order reached the read model".into());
                    }
                }
                if self.awaits_payment() {
                    if let Ok(orders) = client::get::<Vec<Order>>(&self.api("/orders")).await {
                        if orders.iter().all(Order::is_settled) {
                            self.status.set("Payment completed: the order is paid".into());
                        }
                        self.orders.set(orders);
                    }
                }
                self.refresh_trace().await;
                self.refresh_extras().await;
            }
            // Events delivered just before the last look land in the trace
            // a moment later.
            client::sleep(400).await;
            self.refresh_trace().await;
            self.polling.set_value(false);
        });
    }

    /// Only the microservices demo pays orders (an event away): elsewhere
    /// "pending" is where an order stays.
    fn awaits_payment(self) -> bool {
        self.pattern.with_value(|p| p == "microservices") && self.orders.with_untracked(|orders| orders.iter().any(|o| !o.is_settled()))
    }

    pub async fn refresh_lists(self) {
        if let Ok(users) = client::get::<Vec<User>>(&self.api("/users")).await {
            self.users.set(users);
        }
        if let Ok(orders) = client::get::<Vec<Order>>(&self.api("/orders")).await {
            self.orders.set(orders);
        }
    }

    pub async fn refresh_extras(self) {
        let extras = match self.extras.get_untracked() {
            Extras::None => return,
            Extras::Hexagonal { adapter, .. } => {
                let chosen = client::get::<AdapterChoice>(&self.api("/adapters/persistence")).await.map_or(adapter, |c| c.adapter);
                let mailbox = client::get::<Vec<Mail>>(&self.api("/mailbox")).await.unwrap_or_default();
                Extras::Hexagonal { adapter: chosen, mailbox }
            }
            Extras::Microservices { faults } => {
                Extras::Microservices { faults: client::get::<Faults>(&self.api("/faults")).await.unwrap_or(faults) }
            }
            Extras::Cqrs { projection } => {
                Extras::Cqrs { projection: client::get::<Projection>(&self.api("/projection")).await.unwrap_or(projection) }
            }
        };
        self.extras.set(extras);
    }

    pub async fn reset(self) {
        let reply = client::send("DELETE", &self.api("/sandbox"), None).await;
        if self.settle(reply, "Your data in this demo was deleted").await.is_some() {
            self.users.set(Vec::new());
            self.orders.set(Vec::new());
            self.projecting.set(Vec::new());
            self.refresh_extras().await;
        }
    }

    /// A control of one pattern: send `body` as JSON, then show what changed.
    pub async fn control(self, method: &str, path: &str, body: Option<serde_json::Value>, done: &str) {
        let reply = client::send(method, &self.api(path), body.map(|b| b.to_string())).await;
        if self.settle(reply, done).await.is_some() {
            self.refresh_extras().await;
            self.refresh_lists().await;
        }
    }
}

fn number_or_text(raw: &str) -> serde_json::Value {
    let raw = raw.trim();
    match raw.parse::<i64>() {
        Ok(n) => n.into(),
        Err(_) if raw.is_empty() => serde_json::Value::Null,
        Err(_) => raw.into(),
    }
}
