//! Aggregates as pure functions: `decide` turns a command and the current
//! state into new events (or a refusal); `apply` folds events into state.
//! No database here, which is why their tests read given / when / then.

use super::super::events::Event;
use crate::api::contract::OrderItem;
use crate::rules::{self, Violation};

// ANCHOR: state
/// What a user aggregate needs to know to decide: whether it exists.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct UserState {
    pub exists: bool,
    pub name: String,
    pub email: String,
}

impl UserState {
    pub fn apply(mut self, event: &Event) -> Self {
        if let Event::UserCreated { name, email, .. } = event {
            self.exists = true;
            self.name = name.clone();
            self.email = email.clone();
        }
        self
    }
}
// ANCHOR_END: state

#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error("{}", .0.message)]
    Invalid(Violation),
    #[error("user already exists")]
    AlreadyExists,
    #[error("unknown user")]
    UnknownUser,
}

impl From<Violation> for Refusal {
    fn from(violation: Violation) -> Self {
        Self::Invalid(violation)
    }
}

// ANCHOR: decide
/// `CreateUser` on a user aggregate: only a new user can be created.
pub fn create_user(
    state: &UserState,
    user_id: &str,
    email: &str,
    name: &str,
    password_hash: &str,
    now: &str,
) -> Result<Vec<Event>, Refusal> {
    if state.exists {
        return Err(Refusal::AlreadyExists);
    }
    Ok(vec![Event::UserCreated {
        user_id: user_id.to_owned(),
        email: rules::email(email)?,
        name: rules::name(name)?,
        password_hash: password_hash.to_owned(),
        created_at: now.to_owned(),
    }])
}

/// `PlaceOrder`: the user must exist; the total is the sum of the lines.
pub fn place_order(user: &UserState, order_id: &str, user_id: &str, items: Vec<OrderItem>, now: &str) -> Result<Vec<Event>, Refusal> {
    let items = rules::order_items(items)?;
    if !user.exists {
        return Err(Refusal::UnknownUser);
    }
    let total_cents = items.iter().map(|item| item.quantity * item.unit_price_cents).sum();
    Ok(vec![Event::OrderPlaced {
        order_id: order_id.to_owned(),
        user_id: user_id.to_owned(),
        items,
        total_cents,
        created_at: now.to_owned(),
    }])
}
// ANCHOR_END: decide

#[cfg(test)]
mod tests {
    use super::*;

    fn user_created() -> Event {
        Event::UserCreated {
            user_id: "u1".into(),
            email: "ada@example.com".into(),
            name: "Ada".into(),
            password_hash: "h".into(),
            created_at: "t0".into(),
        }
    }

    // ANCHOR: given
    fn given(events: &[Event]) -> UserState {
        events.iter().fold(UserState::default(), UserState::apply)
    }
    // ANCHOR_END: given

    fn tea(quantity: i64) -> Vec<OrderItem> {
        vec![OrderItem { product: "Tea".into(), quantity, unit_price_cents: 250 }]
    }

    #[test]
    fn given_no_history_when_create_user_then_user_created() {
        let events = create_user(&given(&[]), "u1", "Ada@Example.com", "Ada", "h", "t0").unwrap();
        assert_eq!(events, [user_created()]);
    }

    #[test]
    fn given_a_created_user_when_create_user_again_then_refused() {
        let refusal = create_user(&given(&[user_created()]), "u1", "ada@example.com", "Ada", "h", "t1").unwrap_err();
        assert_eq!(refusal, Refusal::AlreadyExists);
    }

    // ANCHOR: place_order_tests
    #[test]
    fn given_a_user_when_place_order_then_order_placed_with_its_total() {
        let events = place_order(&given(&[user_created()]), "o1", "u1", tea(3), "t1").unwrap();
        assert!(matches!(&events[..], [Event::OrderPlaced { total_cents: 750, .. }]));
    }

    #[test]
    fn given_no_user_when_place_order_then_unknown_user() {
        assert_eq!(place_order(&given(&[]), "o1", "u1", tea(1), "t1").unwrap_err(), Refusal::UnknownUser);
    }
    // ANCHOR_END: place_order_tests

    #[test]
    fn given_a_user_when_place_order_with_a_bad_line_then_the_field_is_named() {
        let Refusal::Invalid(violation) = place_order(&given(&[user_created()]), "o1", "u1", tea(0), "t1").unwrap_err() else {
            panic!("expected a validation refusal");
        };
        assert_eq!(violation.field, "items[0].quantity");
    }
}
