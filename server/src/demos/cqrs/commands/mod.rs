//! Commands: intentions in the imperative. Each is checked against the
//! write model and, if accepted, becomes events in the store. A command
//! never reads the read model.

pub mod create_user;
pub mod place_order;

use super::write_model::aggregates::Refusal;
use super::write_model::event_store::AppendError;
use crate::rules::Violation;

#[derive(Debug, thiserror::Error)]
pub enum CommandError {
    #[error("{}", .0.message)]
    Invalid(Violation),
    #[error("email already taken")]
    EmailTaken,
    #[error("unknown user")]
    UnknownUser,
    #[error("quota of {0} reached")]
    QuotaReached(i64),
    #[error("another command changed this first; try again")]
    Conflict,
    #[error("{0}")]
    Unexpected(String),
}

impl From<Violation> for CommandError {
    fn from(violation: Violation) -> Self {
        Self::Invalid(violation)
    }
}

impl From<Refusal> for CommandError {
    fn from(refusal: Refusal) -> Self {
        match refusal {
            Refusal::Invalid(violation) => Self::Invalid(violation),
            Refusal::AlreadyExists => Self::Conflict,
            Refusal::UnknownUser => Self::UnknownUser,
        }
    }
}

impl From<AppendError> for CommandError {
    fn from(err: AppendError) -> Self {
        match err {
            AppendError::Conflict => Self::Conflict,
            AppendError::EmailTaken => Self::EmailTaken,
            AppendError::QuotaReached(limit) => Self::QuotaReached(limit),
            AppendError::Database(err) => Self::Unexpected(err.to_string()),
        }
    }
}

impl From<sqlx::Error> for CommandError {
    fn from(err: sqlx::Error) -> Self {
        Self::Unexpected(err.to_string())
    }
}
