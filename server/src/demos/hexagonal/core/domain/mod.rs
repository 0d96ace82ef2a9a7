//! The hexagon's domain: users and orders, valid by construction.

use crate::rules::{self, Violation};

/// Whose data this is: the visitor's sandbox, as far as the core cares.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Tenant(pub String);

// ANCHOR: domain
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    pub id: String,
    pub email: String,
    pub name: String,
    pub password_hash: String,
    pub created_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderLine {
    pub product: String,
    pub quantity: i64,
    pub unit_price_cents: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Order {
    pub id: String,
    pub user_id: String,
    pub lines: Vec<OrderLine>,
    pub status: String,
    pub created_at: String,
}

impl Order {
    pub fn total_cents(&self) -> i64 {
        self.lines.iter().map(|line| line.quantity * line.unit_price_cents).sum()
    }
}
// ANCHOR_END: domain

// ANCHOR: new_user
/// What a new user must bring, checked: only [`NewUser::parse`] makes one.
pub struct NewUser {
    pub email: String,
    pub name: String,
    pub password: String,
}

impl NewUser {
    pub fn parse(email: &str, name: &str, password: &str) -> Result<Self, Violation> {
        Ok(Self { email: rules::email(email)?, name: rules::name(name)?, password: rules::password(password)?.to_owned() })
    }
}
// ANCHOR_END: new_user

/// Order lines, checked: 1 to 20, each within the contract's limits.
pub fn parse_lines(lines: Vec<OrderLine>) -> Result<Vec<OrderLine>, Violation> {
    rules::item_count(lines.len())?;
    lines
        .into_iter()
        .enumerate()
        .map(|(i, line)| {
            Ok(OrderLine {
                product: rules::product(i, &line.product)?,
                quantity: rules::quantity(i, line.quantity)?,
                unit_price_cents: rules::unit_price_cents(i, line.unit_price_cents)?,
            })
        })
        .collect()
}

pub fn parse_id(field: &str, raw: &str) -> Result<String, Violation> {
    uuid::Uuid::parse_str(raw)
        .map(|id| id.to_string())
        .map_err(|_| Violation { field: field.into(), message: format!("{field} must be a UUID") })
}

pub fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}
