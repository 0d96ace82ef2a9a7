//! The wire format of the demo API: what every backend accepts and returns.
//! Plain data; each backend maps it to and from its own types.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// `POST /users`. The limits in the schema are those of `crate::rules`
/// (a test in `openapi.rs` holds them equal).
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateUser {
    #[schema(format = Email, max_length = 254)]
    pub email: String,
    #[schema(min_length = 1, max_length = 100)]
    pub name: String,
    #[schema(format = Password, min_length = 8, max_length = 256)]
    pub password: String,
}

/// `POST /orders`.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateOrder {
    #[schema(format = "uuid")]
    pub user_id: String,
    #[schema(min_items = 1, max_items = 20)]
    pub items: Vec<OrderItem>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OrderItem {
    #[schema(min_length = 1, max_length = 100)]
    pub product: String,
    #[schema(minimum = 1, maximum = 1000)]
    pub quantity: i64,
    #[schema(minimum = 1, maximum = 10_000_000)]
    pub unit_price_cents: i64,
}

/// A user as the API shows it: never the password or its hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct UserJson {
    #[schema(format = "uuid")]
    pub id: String,
    pub email: String,
    pub name: String,
    #[schema(format = DateTime)]
    pub created_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct OrderJson {
    #[schema(format = "uuid")]
    pub id: String,
    #[schema(format = "uuid")]
    pub user_id: String,
    pub user_name: String,
    pub user_email: String,
    pub items: Vec<OrderItem>,
    pub total_cents: i64,
    pub status: String,
    #[schema(format = DateTime)]
    pub created_at: String,
}

/// `?user_id=` on `GET /orders`.
#[derive(Debug, Default, Deserialize)]
pub struct OrderFilter {
    pub user_id: Option<String>,
}
