//! The users service's HTTP API (internal: the gateway and other services
//! call it on loopback).

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, post};
use axum::{Extension, Json, Router};
use sqlx::SqlitePool;

use super::store::{self, AddError};
use crate::api::contract::{CreateUser, UserJson};
use crate::api::input::{created, failed, Input};
use crate::api::sandbox::SandboxId;
use crate::api::ApiError;
use crate::clock::now_rfc3339;
use crate::{password, rules};

pub fn router(pool: SqlitePool) -> Router {
    Router::new()
        .route("/users", post(create_user).get(list_users))
        .route("/users/{id}", get(get_user))
        .route("/sandbox", delete(reset))
        .with_state(pool)
}

// ANCHOR: create_user
#[tracing::instrument(name = "users::create_user", skip_all, fields(kind = "controller"))]
async fn create_user(State(pool): State<SqlitePool>, Extension(sandbox): Extension<SandboxId>, input: Input<CreateUser>) -> Response {
    let (email, name, plain) = match check(&input.value) {
        Ok(values) => values,
        Err(v) => return failed(&input.format, ApiError::validation(&v.field, v.message)),
    };
    let hash = match password::hash(plain).await {
        Ok(hash) => hash,
        Err(err) => return failed(&input.format, ApiError::internal(err)),
    };
    let user = UserJson { id: uuid::Uuid::now_v7().to_string(), email, name, created_at: now_rfc3339() };
    match store::add(&pool, sandbox.as_str(), &user, &hash, rules::USERS_PER_SANDBOX).await {
        Ok(()) => created(&input.format, StatusCode::CREATED, user),
        Err(AddError::EmailTaken) => {
            failed(&input.format, ApiError::conflict("email", "a user with this email already exists in your sandbox"))
        }
        Err(AddError::QuotaReached(limit)) => {
            failed(&input.format, ApiError::quota(format!("your sandbox holds the maximum of {limit} users; reset it to start again")))
        }
        Err(AddError::Database(err)) => failed(&input.format, ApiError::internal(err)),
    }
}
// ANCHOR_END: create_user

/// The users service owns the rules of a user.
fn check(body: &CreateUser) -> Result<(String, String, String), rules::Violation> {
    Ok((rules::email(&body.email)?, rules::name(&body.name)?, rules::password(&body.password)?.to_owned()))
}

#[tracing::instrument(name = "users::get_user", skip_all, fields(kind = "controller"))]
async fn get_user(State(pool): State<SqlitePool>, Extension(sandbox): Extension<SandboxId>, Path(id): Path<String>) -> Response {
    if uuid::Uuid::parse_str(&id).is_err() {
        return ApiError::validation("id", "id must be a UUID").into_response();
    }
    match store::find(&pool, sandbox.as_str(), &id.to_lowercase()).await {
        Ok(Some(user)) => Json(user).into_response(),
        Ok(None) => ApiError::not_found("user").into_response(),
        Err(err) => ApiError::internal(err).into_response(),
    }
}

#[tracing::instrument(name = "users::list_users", skip_all, fields(kind = "controller"))]
async fn list_users(State(pool): State<SqlitePool>, Extension(sandbox): Extension<SandboxId>) -> Response {
    match store::list(&pool, sandbox.as_str()).await {
        Ok(users) => Json(users).into_response(),
        Err(err) => ApiError::internal(err).into_response(),
    }
}

async fn reset(State(pool): State<SqlitePool>, Extension(sandbox): Extension<SandboxId>) -> Response {
    match store::purge(&pool, sandbox.as_str()).await {
        Ok(()) => StatusCode::NO_CONTENT.into_response(),
        Err(err) => ApiError::internal(err).into_response(),
    }
}
