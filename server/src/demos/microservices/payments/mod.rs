//! The payments service: charges each new order (a stand-in that always
//! succeeds) when it hears `order.created`, and announces
//! `payment.completed` through its own outbox.

use std::sync::Arc;

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, post};
use axum::{Extension, Json, Router};
use sqlx::SqlitePool;

use super::bus::{self, inbox, outbox, relay::Relay, Envelope, ORDER_CREATED};
use crate::api::sandbox::SandboxId;
use crate::api::ApiError;
use crate::db;

pub struct PaymentsService {
    pub pool: SqlitePool,
    pub relay: Arc<Relay>,
}

pub fn router(service: Arc<PaymentsService>) -> Router {
    let relay = service.relay.clone();
    Router::new()
        .route("/events", post(on_event))
        .route("/payments", get(list))
        .route("/sandbox", delete(reset))
        .with_state(service)
        .merge(bus::relay::redeliver_route(relay))
}

// ANCHOR: on_order_created
/// `order.created` → a payment and its `payment.completed` event, in one
/// transaction, once per event id.
#[tracing::instrument(name = "payments::on_event", skip_all, fields(kind = "event"))]
async fn on_event(
    State(service): State<Arc<PaymentsService>>,
    Extension(sandbox): Extension<SandboxId>,
    Json(event): Json<Envelope>,
) -> Response {
    if event.topic != ORDER_CREATED {
        return ApiError::validation("topic", format!("payments does not subscribe to {}", event.topic)).into_response();
    }
    let (Some(order_id), Some(amount)) = (event.payload["order_id"].as_str(), event.payload["total_cents"].as_i64()) else {
        return ApiError::validation("payload", "order.created needs order_id and total_cents").into_response();
    };
    match charge(&service.pool, sandbox.as_str(), &event.id, order_id, amount).await {
        Ok(_) => {
            service.relay.wake.notify_one();
            StatusCode::NO_CONTENT.into_response()
        }
        Err(err) => ApiError::internal(err).into_response(),
    }
}

async fn charge(pool: &SqlitePool, sandbox: &str, event_id: &str, order_id: &str, amount_cents: i64) -> Result<bool, sqlx::Error> {
    let mut tx = db::begin_write(pool).await?;
    if !inbox::first_time(&mut tx, event_id).await? {
        return Ok(false);
    }
    let payment_id = uuid::Uuid::now_v7().to_string();
    sqlx::query("INSERT INTO payments (id, sandbox, order_id, amount_cents, status, created_at) VALUES (?, ?, ?, ?, 'completed', ?)")
        .bind(&payment_id)
        .bind(sandbox)
        .bind(order_id)
        .bind(amount_cents)
        .bind(crate::clock::now_rfc3339())
        .execute(&mut *tx)
        .await?;
    let completed = serde_json::json!({"order_id": order_id, "payment_id": payment_id, "amount_cents": amount_cents});
    outbox::enqueue(&mut tx, sandbox, bus::PAYMENT_COMPLETED, &completed, None).await?;
    crate::db::touch_sandbox(&mut tx, sandbox).await?;
    tx.commit().await?;
    Ok(true)
}
// ANCHOR_END: on_order_created

#[derive(serde::Serialize)]
struct Payment {
    id: String,
    order_id: String,
    amount_cents: i64,
    status: String,
    created_at: String,
}

/// `GET /payments`: the sandbox's payments, newest first.
async fn list(State(service): State<Arc<PaymentsService>>, Extension(sandbox): Extension<SandboxId>) -> Response {
    let rows = sqlx::query_as::<_, (String, String, i64, String, String)>(
        "SELECT id, order_id, amount_cents, status, created_at FROM payments WHERE sandbox = ? ORDER BY created_at DESC, id DESC",
    )
    .bind(sandbox.as_str())
    .fetch_all(&service.pool)
    .await;
    match rows {
        Ok(rows) => Json(
            rows.into_iter()
                .map(|(id, order_id, amount_cents, status, created_at)| Payment { id, order_id, amount_cents, status, created_at })
                .collect::<Vec<_>>(),
        )
        .into_response(),
        Err(err) => ApiError::internal(err).into_response(),
    }
}

pub async fn purge(pool: &SqlitePool, sandbox: &str) -> Result<(), sqlx::Error> {
    let mut tx = db::begin_write(pool).await?;
    for statement in
        ["DELETE FROM payments WHERE sandbox = ?", "DELETE FROM outbox WHERE sandbox = ?", "DELETE FROM sandboxes WHERE id = ?"]
    {
        sqlx::query(statement).bind(sandbox).execute(&mut *tx).await?;
    }
    tx.commit().await
}

async fn reset(State(service): State<Arc<PaymentsService>>, Extension(sandbox): Extension<SandboxId>) -> Response {
    match purge(&service.pool, sandbox.as_str()).await {
        Ok(()) => StatusCode::NO_CONTENT.into_response(),
        Err(err) => ApiError::internal(err).into_response(),
    }
}
