//! Microservices: users, orders and payments as separate HTTP services,
//! each with its own SQLite file and its own loopback port, behind a
//! gateway that serves the public contract.
//!
//! The rule: a service never reads another's database or imports another's
//! code. `orders` asks `users` over HTTP (synchronously: it must know the
//! buyer); `orders` and `payments` tell each other what happened through the
//! bus (asynchronously: `order.created`, `payment.completed`, via outboxes).
//! By default the server starts all three in-process on ports of their own;
//! `server service <name> --addr …` runs one as a separate process, and the
//! `MICROSERVICES_*_URL` variables point the gateway at such processes.

mod bus;
mod edge;
mod gateway;
mod hop;
mod orders;
mod payments;
mod users;

use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use axum::Router;
use sqlx::SqlitePool;

use crate::trace::TraceStore;
use bus::relay::{Relay, Route};

static USERS_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("migrations/ms_users");
static ORDERS_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("migrations/ms_orders");
static PAYMENTS_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("migrations/ms_payments");

/// Where the services are, when they run as separate processes, and the
/// presenter's token for stopping and starting the local ones.
#[derive(Debug, Clone, Default)]
pub struct ExternalServices {
    pub users_url: Option<String>,
    pub orders_url: Option<String>,
    pub payments_url: Option<String>,
    pub presenter_token: Option<String>,
}

impl ExternalServices {
    pub fn from_env() -> Self {
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
        Self {
            users_url: var("MICROSERVICES_USERS_URL"),
            orders_url: var("MICROSERVICES_ORDERS_URL"),
            payments_url: var("MICROSERVICES_PAYMENTS_URL"),
            presenter_token: var("PRESENTER_TOKEN"),
        }
    }
}

/// The running system: the gateway and the services this process runs.
#[derive(Clone)]
pub struct Microservices {
    gateway: Arc<gateway::Gateway>,
    local: Arc<Vec<LocalService>>,
    presenter_token: Option<Arc<str>>,
}

struct LocalService {
    name: &'static str,
    pool: SqlitePool,
    relay: Option<Arc<Relay>>,
    addr: SocketAddr,
    app: Router,
    server: std::sync::Mutex<Option<Running>>,
}

/// A service that is serving: stop it and its port closes, its open
/// connections are shut, and callers meet "connection refused".
struct Running {
    stop: Arc<tokio::sync::Notify>,
    task: tokio::task::JoinHandle<()>,
}

impl LocalService {
    fn new(
        name: &'static str,
        pool: SqlitePool,
        relay: Option<Arc<Relay>>,
        listener: tokio::net::TcpListener,
        app: Router,
    ) -> anyhow::Result<Self> {
        let addr = listener.local_addr()?;
        Ok(Self { name, pool, relay, addr, app: app.clone(), server: std::sync::Mutex::new(Some(serve(listener, app))) })
    }

    async fn stop(&self) {
        let running = self.server.lock().unwrap_or_else(|p| p.into_inner()).take();
        if let Some(running) = running {
            running.stop.notify_one();
            // Connections close gracefully; past a second, cut them.
            let abort = running.task.abort_handle();
            if tokio::time::timeout(Duration::from_secs(1), running.task).await.is_err() {
                abort.abort();
            }
        }
    }

    async fn start(&self) -> anyhow::Result<()> {
        if self.server.lock().unwrap_or_else(|p| p.into_inner()).is_some() {
            return Ok(());
        }
        let listener =
            tokio::net::TcpListener::bind(self.addr).await.with_context(|| format!("failed to listen on {} again", self.addr))?;
        *self.server.lock().unwrap_or_else(|p| p.into_inner()) = Some(serve(listener, self.app.clone()));
        Ok(())
    }

    async fn purge(&self, sandbox: &str) -> Result<(), sqlx::Error> {
        match self.name {
            "users" => users::purge(&self.pool, sandbox).await,
            "orders" => orders::purge(&self.pool, sandbox).await,
            _ => payments::purge(&self.pool, sandbox).await,
        }
    }
}

fn client() -> reqwest::Client {
    // Answers pass through as they are: a 303 is the browser's to follow.
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .pool_idle_timeout(Duration::from_secs(30))
        .build()
        .expect("an HTTP client builds")
}

/// A fresh loopback port for a service run here, or none when `external`
/// says where it runs.
async fn listener_for(external: Option<String>) -> anyhow::Result<(Option<tokio::net::TcpListener>, String)> {
    if let Some(url) = external {
        return Ok((None, url));
    }
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.context("failed to bind a loopback port for a service")?;
    let url = format!("http://{}", listener.local_addr()?);
    Ok((Some(listener), url))
}

fn serve(listener: tokio::net::TcpListener, app: Router) -> Running {
    let stop = Arc::new(tokio::sync::Notify::new());
    let signal = stop.clone();
    let task = tokio::spawn(async move {
        let shutdown = async move { signal.notified().await };
        if let Err(err) = axum::serve(listener, app).with_graceful_shutdown(shutdown).await {
            tracing::error!(error = %err, "a microservice stopped");
        }
    });
    Running { stop, task }
}

impl Microservices {
    // ANCHOR: start
    /// Opens the services' databases and starts those not run elsewhere.
    pub async fn start(data_dir: &Path, traces: Arc<TraceStore>, external: ExternalServices) -> anyhow::Result<Self> {
        // Bind every local service first, so each knows the others' URLs.
        let presenter_token = external.presenter_token.map(Arc::from);
        let (users_listener, users_url) = listener_for(external.users_url).await?;
        let (orders_listener, orders_url) = listener_for(external.orders_url).await?;
        let (payments_listener, payments_url) = listener_for(external.payments_url).await?;

        let mut local = Vec::new();
        if let Some(listener) = users_listener {
            let pool = crate::db::open(data_dir, "ms_users", &USERS_MIGRATIONS).await?;
            let app = edge::wrap("users", users::router(pool.clone()), Default::default());
            local.push(LocalService::new("users", pool, None, listener, app)?);
        }
        if let Some(listener) = orders_listener {
            let pool = crate::db::open(data_dir, "ms_orders", &ORDERS_MIGRATIONS).await?;
            let relay = Relay::start(
                pool.clone(),
                vec![Route { topic: bus::ORDER_CREATED, subscriber: payments_url.clone(), subscriber_name: "payments" }],
                traces.clone(),
            );
            let service = Arc::new(orders::OrdersService {
                pool: pool.clone(),
                users_url: users_url.clone(),
                client: client(),
                relay: relay.clone(),
            });
            let app = edge::wrap("orders", orders::router(service), Default::default());
            local.push(LocalService::new("orders", pool, Some(relay), listener, app)?);
        }
        if let Some(listener) = payments_listener {
            let pool = crate::db::open(data_dir, "ms_payments", &PAYMENTS_MIGRATIONS).await?;
            let relay = Relay::start(
                pool.clone(),
                vec![Route { topic: bus::PAYMENT_COMPLETED, subscriber: orders_url.clone(), subscriber_name: "orders" }],
                traces,
            );
            let service = Arc::new(payments::PaymentsService { pool: pool.clone(), relay: relay.clone() });
            let app = edge::wrap("payments", payments::router(service), Default::default());
            local.push(LocalService::new("payments", pool, Some(relay), listener, app)?);
        }
        let gateway = Arc::new(gateway::Gateway { users_url, orders_url, payments_url, client: client() });
        Ok(Self { gateway, local: Arc::new(local), presenter_token })
    }
    // ANCHOR_END: start

    /// The gateway: the public contract under `/demos/microservices/api`,
    /// and the presenter's process control.
    pub fn router(&self) -> Router {
        let control = Router::new().route("/services/{name}/{action}", axum::routing::post(control)).with_state(self.clone());
        gateway::router(self.gateway.clone()).merge(control)
    }

    /// Stops everything this process runs, at once (shutdown, tests).
    pub fn stop(&self) {
        for service in self.local.iter() {
            if let Some(running) = service.server.lock().unwrap_or_else(|p| p.into_inner()).take() {
                running.task.abort();
            }
            if let Some(relay) = &service.relay {
                relay.stop();
            }
        }
    }

    // ANCHOR: stop_start
    /// Stops one service as a process would stop: its port refuses
    /// connections. Its database and outbox stay; nothing is lost.
    pub async fn stop_service(&self, name: &str) -> bool {
        match self.local.iter().find(|s| s.name == name) {
            Some(service) => {
                service.stop().await;
                true
            }
            None => false,
        }
    }

    /// Starts a stopped service again on the same port.
    pub async fn start_service(&self, name: &str) -> anyhow::Result<bool> {
        match self.local.iter().find(|s| s.name == name) {
            Some(service) => service.start().await.map(|()| true),
            None => Ok(false),
        }
    }
    // ANCHOR_END: stop_start

    /// Deletes the data of sandboxes idle longer than `ttl_secs`, in every
    /// service this process runs.
    pub async fn expire_idle(&self, ttl_secs: i64) -> Result<u64, sqlx::Error> {
        let mut expired = 0;
        for service in self.local.iter() {
            let idle: Vec<String> = sqlx::query_scalar("SELECT id FROM sandboxes WHERE last_seen < unixepoch() - ?")
                .bind(ttl_secs)
                .fetch_all(&service.pool)
                .await?;
            for sandbox in &idle {
                service.purge(sandbox).await?;
            }
            expired += idle.len() as u64;
        }
        Ok(expired)
    }
}

/// `POST /services/{users|orders|payments}/{stop|start}` with
/// `Authorization: Bearer $PRESENTER_TOKEN`. Stopping a real service affects
/// the whole room, so it is off unless the presenter set a token; a reader
/// breaks things for their own sandbox only, with `PUT /faults`.
async fn control(
    axum::extract::State(system): axum::extract::State<Microservices>,
    axum::extract::Path((name, action)): axum::extract::Path<(String, String)>,
    headers: axum::http::HeaderMap,
) -> axum::response::Response {
    use crate::api::ApiError;
    use axum::http::StatusCode;
    use axum::response::IntoResponse;
    let Some(token) = &system.presenter_token else {
        return ApiError::new(StatusCode::NOT_FOUND, "not_found", "process control is off: the presenter enables it with PRESENTER_TOKEN")
            .into_response();
    };
    let given = headers.get(axum::http::header::AUTHORIZATION).and_then(|v| v.to_str().ok()).and_then(|v| v.strip_prefix("Bearer "));
    if given.map(str::as_bytes) != Some(token.as_bytes()) {
        return ApiError::new(StatusCode::FORBIDDEN, "forbidden", "process control needs the presenter's token").into_response();
    }
    let done = match action.as_str() {
        "stop" => Ok(system.stop_service(&name).await),
        "start" => system.start_service(&name).await,
        _ => return ApiError::validation("action", "action must be stop or start").into_response(),
    };
    match done {
        Ok(true) => axum::Json(serde_json::json!({ "service": name, "running": action == "start" })).into_response(),
        Ok(false) => ApiError::validation("name", "name must be a service this server runs: users, orders or payments").into_response(),
        Err(err) => ApiError::internal(err).into_response(),
    }
}

/// Runs one service alone (`server service <name> --addr …`).
pub async fn run_service(
    name: &str,
    addr: SocketAddr,
    data_dir: &Path,
    users_url: Option<String>,
    orders_url: Option<String>,
    payments_url: Option<String>,
) -> anyhow::Result<()> {
    let traces = Arc::new(TraceStore::default());
    let need = |url: Option<String>, flag: &str| url.with_context(|| format!("the {name} service needs {flag}"));
    let app = match name {
        "users" => edge::wrap("users", users::router(crate::db::open(data_dir, "ms_users", &USERS_MIGRATIONS).await?), Default::default()),
        "orders" => {
            let pool = crate::db::open(data_dir, "ms_orders", &ORDERS_MIGRATIONS).await?;
            let payments_url = need(payments_url, "--payments-url")?;
            let relay = Relay::start(
                pool.clone(),
                vec![Route { topic: bus::ORDER_CREATED, subscriber: payments_url, subscriber_name: "payments" }],
                traces,
            );
            let service = Arc::new(orders::OrdersService { pool, users_url: need(users_url, "--users-url")?, client: client(), relay });
            edge::wrap("orders", orders::router(service), Default::default())
        }
        "payments" => {
            let pool = crate::db::open(data_dir, "ms_payments", &PAYMENTS_MIGRATIONS).await?;
            let orders_url = need(orders_url, "--orders-url")?;
            let relay = Relay::start(
                pool.clone(),
                vec![Route { topic: bus::PAYMENT_COMPLETED, subscriber: orders_url, subscriber_name: "orders" }],
                traces,
            );
            edge::wrap("payments", payments::router(Arc::new(payments::PaymentsService { pool, relay })), Default::default())
        }
        other => anyhow::bail!("unknown service {other:?}: expected users, orders or payments"),
    };
    let listener = tokio::net::TcpListener::bind(addr).await.with_context(|| format!("failed to listen on {addr}"))?;
    tracing::info!(service = name, %addr, "microservice listening");
    axum::serve(listener, app).await.context("service failed")
}
