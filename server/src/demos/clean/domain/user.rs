//! The user entity and the values it is made of. Each value can only be
//! built valid (`Email::parse` …), so a `User` can never hold a bad email.

use crate::rules::{self, Violation};

// ANCHOR: email
/// An email address, trimmed and lowercased. The field is private: the only
/// way to get an `Email` is `parse`, so every `Email` is a valid one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Email(String);

impl Email {
    pub fn parse(raw: &str) -> Result<Self, Violation> {
        rules::email(raw).map(Self)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}
// ANCHOR_END: email

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserName(String);

impl UserName {
    pub fn parse(raw: &str) -> Result<Self, Violation> {
        rules::name(raw).map(Self)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

// ANCHOR: password
/// A password as typed, checked for length; it never leaves the use case
/// that hashes it.
pub struct PlainPassword(String);

impl PlainPassword {
    pub fn parse(raw: &str) -> Result<Self, Violation> {
        rules::password(raw).map(|p| Self(p.to_owned()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}
// ANCHOR_END: password

/// A password hash in PHC string form (`$argon2id$…`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PasswordHash(pub String);

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserId(pub String);

impl UserId {
    pub fn parse(field: &str, raw: &str) -> Result<Self, Violation> {
        uuid::Uuid::parse_str(raw)
            .map(|id| Self(id.to_string()))
            .map_err(|_| Violation { field: field.into(), message: format!("{field} must be a UUID") })
    }

    /// Random, and sorting by creation time (UUID v7).
    pub fn generate() -> Self {
        Self(uuid::Uuid::now_v7().to_string())
    }
}

// ANCHOR: user
/// A registered user. Built only from valid parts, so it is valid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    pub id: UserId,
    pub email: Email,
    pub name: UserName,
    pub password_hash: PasswordHash,
    pub created_at: String,
}
// ANCHOR_END: user

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_email_can_only_be_made_valid() {
        assert_eq!(Email::parse(" Ada@Example.com ").unwrap().as_str(), "ada@example.com");
        assert_eq!(Email::parse("ada").unwrap_err().field, "email");
    }

    #[test]
    fn a_password_needs_eight_characters() {
        assert!(PlainPassword::parse("seven77").is_err());
        assert_eq!(PlainPassword::parse("eight888").unwrap().expose(), "eight888");
    }
}
