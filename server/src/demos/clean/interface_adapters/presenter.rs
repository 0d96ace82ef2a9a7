//! Shapes entities into the wire format. The entities never learn what JSON
//! the API speaks; the password hash stops here.

use super::super::application::OrderDetails;
use super::super::domain::user::User;
use crate::api::contract::{OrderItem, OrderJson, UserJson};

// ANCHOR: present_user
pub fn user(user: &User) -> UserJson {
    UserJson {
        id: user.id.0.clone(),
        email: user.email.as_str().to_owned(),
        name: user.name.as_str().to_owned(),
        created_at: user.created_at.clone(),
    }
}
// ANCHOR_END: present_user

pub fn order(details: &OrderDetails) -> OrderJson {
    let order = &details.order;
    OrderJson {
        id: order.id.0.clone(),
        user_id: order.user_id.0.clone(),
        user_name: details.user.name.as_str().to_owned(),
        user_email: details.user.email.as_str().to_owned(),
        items: order
            .lines
            .iter()
            .map(|l| OrderItem { product: l.product.clone(), quantity: l.quantity, unit_price_cents: l.unit_price_cents })
            .collect(),
        total_cents: order.total_cents(),
        status: order.status.clone(),
        created_at: order.created_at.clone(),
    }
}
