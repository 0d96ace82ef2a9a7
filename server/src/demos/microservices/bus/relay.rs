//! The outbox relay: delivers a service's pending events to their
//! subscribers over HTTP, at least once. A failed delivery is retried with
//! growing pauses; each event waits on its own, so one sandbox whose
//! subscriber is down holds up nobody else's.

use std::sync::{Arc, Weak};
use std::time::Duration;

use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json, Router};
use sqlx::{Row, SqlitePool};
use tokio::sync::Notify;
use tokio::task::JoinHandle;

use super::{now_ms, Envelope};
use crate::api::sandbox::SandboxId;
use crate::api::ApiError;
use crate::trace::{Step, TraceStore};

const BATCH: i64 = 100;
const POLL: Duration = Duration::from_millis(100);
const MAX_BACKOFF_MS: i64 = 2_000;

/// Where each topic goes: the base URL of the subscribing service.
#[derive(Clone)]
pub struct Route {
    pub topic: &'static str,
    pub subscriber: String,
    pub subscriber_name: &'static str,
}

pub struct Relay {
    pool: SqlitePool,
    routes: Vec<Route>,
    client: reqwest::Client,
    traces: Arc<TraceStore>,
    pub wake: Notify,
    task: std::sync::Mutex<Option<JoinHandle<()>>>,
}

impl Relay {
    pub fn start(pool: SqlitePool, routes: Vec<Route>, traces: Arc<TraceStore>) -> Arc<Self> {
        let client = reqwest::Client::builder().timeout(Duration::from_secs(2)).build().expect("an HTTP client builds");
        let relay = Arc::new(Self { pool, routes, client, traces, wake: Notify::new(), task: Default::default() });
        let weak = Arc::downgrade(&relay);
        *relay.task.lock().unwrap_or_else(|p| p.into_inner()) = Some(tokio::spawn(Self::run(weak)));
        relay
    }

    pub fn stop(&self) {
        if let Some(task) = self.task.lock().unwrap_or_else(|p| p.into_inner()).take() {
            task.abort();
        }
    }

    async fn run(me: Weak<Self>) {
        while let Some(relay) = me.upgrade() {
            if let Err(err) = relay.deliver_due().await {
                tracing::warn!(error = %err, "outbox relay failed; retrying");
            }
            let _ = tokio::time::timeout(POLL, relay.wake.notified()).await;
        }
    }

    // ANCHOR: deliver_due
    /// One pass: every due event is posted to its subscriber; a 2xx marks it
    /// delivered, anything else schedules another attempt.
    async fn deliver_due(&self) -> Result<(), sqlx::Error> {
        let due = sqlx::query(
            "SELECT id, sandbox, topic, payload, trace_id, attempts FROM outbox \
             WHERE delivered_at_ms IS NULL AND next_attempt_ms <= ? ORDER BY created_at_ms LIMIT ?",
        )
        .bind(now_ms())
        .bind(BATCH)
        .fetch_all(&self.pool)
        .await?;
        for row in due {
            let id: String = row.try_get("id")?;
            let topic: String = row.try_get("topic")?;
            let sandbox: String = row.try_get("sandbox")?;
            let attempts: i64 = row.try_get("attempts")?;
            let payload: serde_json::Value = serde_json::from_str(&row.try_get::<String, _>("payload")?).unwrap_or_default();
            let Some(route) = self.routes.iter().find(|r| r.topic == topic) else { continue };
            let envelope = Envelope { id: id.clone(), topic: topic.clone(), sandbox: sandbox.clone(), payload };
            let started = std::time::Instant::now();
            let delivered = self
                .client
                .post(format!("{}/events", route.subscriber))
                .header("x-sandbox", &sandbox)
                .json(&envelope)
                .send()
                .await
                .is_ok_and(|reply| reply.status().is_success());
            if delivered {
                sqlx::query("UPDATE outbox SET delivered_at_ms = ?, attempts = attempts + 1 WHERE id = ?")
                    .bind(now_ms())
                    .bind(&id)
                    .execute(&self.pool)
                    .await?;
            } else {
                let backoff = (100_i64 << attempts.min(5)).min(MAX_BACKOFF_MS);
                sqlx::query("UPDATE outbox SET attempts = attempts + 1, next_attempt_ms = ? WHERE id = ?")
                    .bind(now_ms() + backoff)
                    .bind(&id)
                    .execute(&self.pool)
                    .await?;
            }
            self.note_in_trace(&row, route, &topic, attempts + 1, delivered, started.elapsed());
        }
        Ok(())
    }
    // ANCHOR_END: deliver_due

    /// Adds the delivery to the trace of the request that caused the event,
    /// so a reader sees the event travel after the response was sent.
    fn note_in_trace(&self, row: &sqlx::sqlite::SqliteRow, route: &Route, topic: &str, attempt: i64, delivered: bool, took: Duration) {
        let (Ok(Some(trace_id)), Ok(sandbox)) = (row.try_get::<Option<String>, _>("trace_id"), row.try_get::<String, _>("sandbox")) else {
            return;
        };
        let Ok(sandbox) = SandboxId::parse(&sandbox) else { return };
        let outcome = if delivered { "delivered" } else { "failed, will retry" };
        self.traces.append_step(
            &sandbox,
            &trace_id,
            Step {
                kind: "event".into(),
                function: "Relay::deliver_due".into(),
                file: file!().into(),
                line: line!(),
                depth: 1,
                start_us: 0,
                duration_us: took.as_micros() as u64,
                detail: Some(format!("{topic} → {} (attempt {attempt}): {outcome}", route.subscriber_name)),
            },
        );
    }
}

/// `POST /outbox/redeliver` on a publishing service: requeue the sandbox's
/// events. They were delivered already; the subscribers must not care.
pub fn redeliver_route(relay: Arc<Relay>) -> Router {
    Router::new().route("/outbox/redeliver", axum::routing::post(redeliver)).with_state(relay)
}

async fn redeliver(State(relay): State<Arc<Relay>>, Extension(sandbox): Extension<SandboxId>) -> Response {
    match super::outbox::redeliver(&relay.pool, sandbox.as_str()).await {
        Ok(requeued) => {
            relay.wake.notify_one();
            Json(serde_json::json!({ "requeued": requeued })).into_response()
        }
        Err(err) => ApiError::internal(err).into_response(),
    }
}
