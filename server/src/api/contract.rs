//! The wire format of the demo API: what every backend accepts and returns.
//! Plain data; each backend maps it to and from its own types.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// `POST /users`.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateUser {
    pub email: String,
    pub name: String,
    pub password: String,
}

/// `POST /orders`.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateOrder {
    pub user_id: String,
    pub items: Vec<OrderItem>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OrderItem {
    pub product: String,
    pub quantity: i64,
    pub unit_price_cents: i64,
}

/// A user as the API shows it: never the password or its hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct UserJson {
    pub id: String,
    pub email: String,
    pub name: String,
    pub created_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct OrderJson {
    pub id: String,
    pub user_id: String,
    pub user_name: String,
    pub user_email: String,
    pub items: Vec<OrderItem>,
    pub total_cents: i64,
    pub status: String,
    pub created_at: String,
}

/// `?user_id=` on `GET /orders`.
#[derive(Debug, Default, Deserialize)]
pub struct OrderFilter {
    pub user_id: Option<String>,
}
