//! The mailbox adapter: the email port, implemented by keeping what would
//! have been sent. A real deployment would plug an SMTP adapter into the
//! same port; the core would not change. Readers open it at `GET /mailbox`.

use std::sync::Arc;

use async_trait::async_trait;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Extension, Json, Router};
use serde::Serialize;
use sqlx::{Row, SqlitePool};

use super::super::super::core::domain::Tenant;
use super::super::super::core::ports::outbound::{Mailer, StoreError};
use crate::api::sandbox::SandboxId;
use crate::api::ApiError;

pub struct Mailbox {
    pool: SqlitePool,
}

#[derive(Debug, Serialize)]
pub struct Mail {
    pub to: String,
    pub subject: String,
    pub body: String,
    pub sent_at: String,
}

impl Mailbox {
    pub fn new(pool: SqlitePool) -> Self {
        Self { pool }
    }

    #[tracing::instrument(name = "Mailbox::read", skip_all, fields(kind = "adapter"))]
    pub async fn read(&self, tenant: &Tenant) -> Result<Vec<Mail>, sqlx::Error> {
        let rows = sqlx::query("SELECT recipient, subject, body, sent_at FROM mails WHERE sandbox = ? ORDER BY sent_at DESC, id DESC")
            .bind(&tenant.0)
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|row| {
                Ok(Mail {
                    to: row.try_get("recipient")?,
                    subject: row.try_get("subject")?,
                    body: row.try_get("body")?,
                    sent_at: row.try_get("sent_at")?,
                })
            })
            .collect()
    }
}

#[async_trait]
impl Mailer for Mailbox {
    // ANCHOR: send_welcome
    #[tracing::instrument(name = "Mailbox::send_welcome", skip_all, fields(kind = "adapter"))]
    async fn send_welcome(&self, tenant: &Tenant, to: &str, name: &str) -> Result<(), StoreError> {
        sqlx::query("INSERT INTO mails (id, sandbox, recipient, subject, body, sent_at) VALUES (?, ?, ?, ?, ?, ?)")
            .bind(uuid::Uuid::now_v7().to_string())
            .bind(&tenant.0)
            .bind(to)
            .bind("Welcome to Patterns Live")
            .bind(format!("Hello {name}, welcome aboard! This mail was sent through the core's Mailer port."))
            .bind(crate::clock::now_rfc3339())
            .execute(&self.pool)
            .await
            .map_err(|err| StoreError::Unavailable(err.to_string()))?;
        Ok(())
    }
    // ANCHOR_END: send_welcome

    #[tracing::instrument(name = "Mailbox::clear", skip_all, fields(kind = "adapter"))]
    async fn clear(&self, tenant: &Tenant) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM mails WHERE sandbox = ?")
            .bind(&tenant.0)
            .execute(&self.pool)
            .await
            .map_err(|err| StoreError::Unavailable(err.to_string()))?;
        Ok(())
    }
}

/// `GET /mailbox`: the welcome mails "sent" in the visitor's sandbox.
pub fn routes(mailbox: Arc<Mailbox>) -> Router {
    Router::new().route("/mailbox", get(read)).with_state(mailbox)
}

async fn read(State(mailbox): State<Arc<Mailbox>>, Extension(sandbox): Extension<SandboxId>) -> Response {
    match mailbox.read(&Tenant(sandbox.as_str().to_owned())).await {
        Ok(mails) => Json(mails).into_response(),
        Err(err) => ApiError::internal(err).into_response(),
    }
}
