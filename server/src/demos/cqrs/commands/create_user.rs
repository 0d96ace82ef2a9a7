//! `CreateUser`: a new user aggregate, its email claimed in the sandbox.

use sqlx::SqlitePool;

use super::super::events::Event;
use super::super::write_model::{aggregates, event_store};
use super::CommandError;
use crate::clock::now_rfc3339;
use crate::{password, rules};

pub struct CreateUser {
    pub email: String,
    pub name: String,
    pub password: String,
}

// ANCHOR: handle
/// Returns the event that was recorded and its sequence number.
#[tracing::instrument(name = "CreateUser::handle", skip_all, fields(kind = "command"))]
pub async fn handle(store: &SqlitePool, sandbox: &str, command: CreateUser) -> Result<(Event, i64), CommandError> {
    let email = rules::email(&command.email)?;
    rules::name(&command.name)?;
    let hash =
        password::hash(rules::password(&command.password)?.to_owned()).await.map_err(|err| CommandError::Unexpected(err.to_string()))?;

    let user_id = uuid::Uuid::now_v7().to_string();
    let (state, version) = event_store::load_user(store, sandbox, &user_id).await?;
    let events = aggregates::create_user(&state, &user_id, &email, &command.name, &hash, &now_rfc3339())?;
    let guard = event_store::Guard::NewUser { email: &email, limit: rules::USERS_PER_SANDBOX };
    let sequence = event_store::append(store, sandbox, "user", &user_id, version, &events, guard).await?;
    Ok((events.into_iter().next().expect("create_user decides one event"), sequence))
}
// ANCHOR_END: handle
