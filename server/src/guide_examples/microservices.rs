//! Microservices: users, orders and payments as separate services, each
//! owning its own data. The dependency rule: a service depends only on the
//! published contracts of the others (their HTTP APIs and event schemas),
//! never on their code or their tables. To stay testable this example runs
//! everything in one process, synchronously; the live demo runs each service
//! as its own HTTP server with its own SQLite file.

use std::cell::Cell;
use std::collections::{HashMap, HashSet};

// ===========================================================================
// Users service, and how orders talks to it
// ===========================================================================

// ANCHOR: users_client
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserSummary {
    pub id: String,
    pub name: String,
}

#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum ClientError {
    #[error("users service unavailable")]
    ServiceUnavailable,
}

/// The orders service's view of the users API: one call, `GET /users/{id}`.
/// `Ok(None)` is a 404; a refused connection, a timeout or a 5xx all become
/// `ServiceUnavailable`.
pub trait UsersClient {
    fn get_user(&self, id: &str) -> Result<Option<UserSummary>, ClientError>;
}
// ANCHOR_END: users_client

// ANCHOR: users_service
/// The users service with its own store. `down` simulates the service being
/// unreachable, like the live demo's fault injection at its HTTP edge.
#[derive(Default)]
pub struct UsersService {
    users: HashMap<String, UserSummary>,
    down: Cell<bool>,
}

impl UsersService {
    pub fn add(&mut self, id: &str, name: &str) {
        self.users.insert(
            id.to_owned(),
            UserSummary {
                id: id.to_owned(),
                name: name.to_owned(),
            },
        );
    }

    pub fn set_down(&self, down: bool) {
        self.down.set(down);
    }
}

/// Stands in for the HTTP client (with a timeout) that the live demo uses.
pub struct InProcessUsersClient<'a>(pub &'a UsersService);

impl UsersClient for InProcessUsersClient<'_> {
    fn get_user(&self, id: &str) -> Result<Option<UserSummary>, ClientError> {
        if self.0.down.get() {
            return Err(ClientError::ServiceUnavailable);
        }
        Ok(self.0.users.get(id).cloned())
    }
}
// ANCHOR_END: users_service

// ===========================================================================
// Events and the outbox
// ===========================================================================

// ANCHOR: events
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Topic {
    OrderCreated,
    PaymentCompleted,
}

impl Topic {
    /// The name on the wire, part of the published contract.
    pub fn name(self) -> &'static str {
        match self {
            Topic::OrderCreated => "order.created",
            Topic::PaymentCompleted => "payment.completed",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    pub id: String,
    pub topic: Topic,
    pub order_id: String,
    pub amount_cents: u64,
}

/// One row of an outbox table: an event waiting to be delivered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutboxRow {
    pub event: Event,
    pub delivered: bool,
}
// ANCHOR_END: events

// ===========================================================================
// Orders service
// ===========================================================================

// ANCHOR: orders_db
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OrderStatus {
    Pending,
    Paid,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Order {
    pub id: String,
    pub user_id: String,
    pub user_name: String,
    pub amount_cents: u64,
    pub status: OrderStatus,
}

/// Everything in the orders service's own database: its orders, its outbox,
/// and the ids of the events it has already consumed.
#[derive(Default)]
pub struct OrdersDb {
    pub orders: HashMap<String, Order>,
    pub outbox: Vec<OutboxRow>,
    pub processed: HashSet<String>,
    sequence: u64,
}
// ANCHOR_END: orders_db

// ANCHOR: orders_service
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum OrderError {
    #[error("unknown user")]
    UnknownUser, // answered as 404
    #[error("users service unavailable, try again later")]
    UsersUnavailable, // answered as 503
}

pub struct OrdersService<C> {
    users: C,
    pub db: OrdersDb,
}

impl<C: UsersClient> OrdersService<C> {
    pub fn new(users: C) -> Self {
        Self {
            users,
            db: OrdersDb::default(),
        }
    }
}
// ANCHOR_END: orders_service

// ANCHOR: place_order
impl<C: UsersClient> OrdersService<C> {
    pub fn place_order(&mut self, user_id: &str, amount_cents: u64) -> Result<Order, OrderError> {
        // Synchronous call: the order cannot be accepted without an answer.
        let user = match self.users.get_user(user_id) {
            Ok(Some(user)) => user,
            Ok(None) => return Err(OrderError::UnknownUser),
            Err(ClientError::ServiceUnavailable) => return Err(OrderError::UsersUnavailable),
        };
        let db = &mut self.db;
        db.sequence += 1;
        let id = format!("order-{}", db.sequence);
        let order = Order {
            id: id.clone(),
            user_id: user.id,
            user_name: user.name,
            amount_cents,
            status: OrderStatus::Pending,
        };
        let event = Event {
            id: format!("orders-evt-{}", db.sequence),
            topic: Topic::OrderCreated,
            order_id: id.clone(),
            amount_cents,
        };
        // One transaction (BEGIN ... COMMIT in orders.db): the order and its
        // event are stored together or not at all. Nothing is sent yet.
        db.orders.insert(id, order.clone());
        db.outbox.push(OutboxRow {
            event,
            delivered: false,
        });
        Ok(order)
    }
}
// ANCHOR_END: place_order

// ===========================================================================
// Delivery: the relay and the consumers
// ===========================================================================

// ANCHOR: relay
/// A consumer in another service. `Err` means "not delivered this time"
/// (the service is down, the call timed out).
pub trait Subscriber {
    fn deliver(&mut self, event: &Event) -> Result<(), Unavailable>;
}

#[derive(Debug, PartialEq, Eq)]
pub struct Unavailable;

/// Delivers undelivered rows oldest first, trying each up to `max_attempts`
/// times (a real relay waits longer between tries). A row that still fails
/// stays in the outbox and the rows behind it wait, so the next run resumes
/// where this one stopped. Returns how many rows were delivered.
pub fn relay(
    outbox: &mut [OutboxRow],
    subscriber: &mut impl Subscriber,
    max_attempts: u32,
) -> usize {
    let mut delivered = 0;
    for row in outbox.iter_mut().filter(|row| !row.delivered) {
        let ok = (0..max_attempts).any(|_| subscriber.deliver(&row.event).is_ok());
        if !ok {
            break;
        }
        row.delivered = true;
        delivered += 1;
    }
    delivered
}
// ANCHOR_END: relay

// ANCHOR: payments
/// Consumes `order.created`: charges once, then records `payment.completed`
/// in its own outbox for its own relay to deliver.
#[derive(Default)]
pub struct PaymentsService {
    pub charges: Vec<(String, u64)>,
    pub outbox: Vec<OutboxRow>,
    processed: HashSet<String>,
    /// Fault injection: refuse this many deliveries.
    pub fail_next: u32,
}

impl Subscriber for PaymentsService {
    fn deliver(&mut self, event: &Event) -> Result<(), Unavailable> {
        if self.fail_next > 0 {
            self.fail_next -= 1;
            return Err(Unavailable);
        }
        // Idempotent: an event seen before is acknowledged, not charged again.
        if event.topic != Topic::OrderCreated || !self.processed.insert(event.id.clone()) {
            return Ok(());
        }
        self.charges
            .push((event.order_id.clone(), event.amount_cents));
        let completed = Event {
            id: format!("payments-evt-{}", self.charges.len()),
            topic: Topic::PaymentCompleted,
            order_id: event.order_id.clone(),
            amount_cents: event.amount_cents,
        };
        self.outbox.push(OutboxRow {
            event: completed,
            delivered: false,
        });
        Ok(())
    }
}
// ANCHOR_END: payments

// ANCHOR: mark_paid
/// The orders service consumes `payment.completed`: pending becomes paid,
/// once per event id, however many times the event arrives.
impl<C: UsersClient> Subscriber for OrdersService<C> {
    fn deliver(&mut self, event: &Event) -> Result<(), Unavailable> {
        let db = &mut self.db;
        if event.topic != Topic::PaymentCompleted || db.processed.contains(&event.id) {
            return Ok(());
        }
        if let Some(order) = db.orders.get_mut(&event.order_id) {
            if order.status == OrderStatus::Pending {
                order.status = OrderStatus::Paid;
            }
        }
        // Recorded in the same transaction as the status change.
        db.processed.insert(event.id.clone());
        Ok(())
    }
}
// ANCHOR_END: mark_paid

#[cfg(test)]
mod tests {
    use super::*;

    fn users_with_ada() -> UsersService {
        let mut users = UsersService::default();
        users.add("user-1", "Ada");
        users
    }

    #[test]
    fn places_a_pending_order_and_records_order_created_in_the_outbox() {
        let users = users_with_ada();
        let mut orders = OrdersService::new(InProcessUsersClient(&users));
        let order = orders.place_order("user-1", 2_500).unwrap();

        assert_eq!(order.status, OrderStatus::Pending);
        assert_eq!(order.user_name, "Ada");
        assert_eq!(orders.db.outbox.len(), 1);
        let row = &orders.db.outbox[0];
        assert_eq!(row.event.topic.name(), "order.created");
        assert_eq!(row.event.order_id, order.id);
        assert!(!row.delivered);
    }

    #[test]
    fn answers_unavailable_while_users_is_down_and_stores_nothing() {
        let users = users_with_ada();
        let mut orders = OrdersService::new(InProcessUsersClient(&users));
        users.set_down(true);
        assert_eq!(
            orders.place_order("user-1", 2_500),
            Err(OrderError::UsersUnavailable)
        );
        assert!(orders.db.orders.is_empty());
        assert!(orders.db.outbox.is_empty());

        users.set_down(false);
        assert!(orders.place_order("user-1", 2_500).is_ok());
    }

    #[test]
    fn rejects_an_order_for_an_unknown_user() {
        let users = users_with_ada();
        let mut orders = OrdersService::new(InProcessUsersClient(&users));
        assert_eq!(
            orders.place_order("user-404", 2_500),
            Err(OrderError::UnknownUser)
        );
        assert!(orders.db.outbox.is_empty());
    }

    #[test]
    fn retries_delivery_and_keeps_undelivered_events_for_the_next_run() {
        let users = users_with_ada();
        let mut orders = OrdersService::new(InProcessUsersClient(&users));
        let mut payments = PaymentsService::default();

        orders.place_order("user-1", 1_000).unwrap();
        payments.fail_next = 2; // two failures, third attempt succeeds
        assert_eq!(relay(&mut orders.db.outbox, &mut payments, 3), 1);

        orders.place_order("user-1", 2_000).unwrap();
        payments.fail_next = 5; // payments is down for longer than one run
        assert_eq!(relay(&mut orders.db.outbox, &mut payments, 3), 0);
        assert!(!orders.db.outbox[1].delivered);
        assert_eq!(relay(&mut orders.db.outbox, &mut payments, 3), 1);
        assert_eq!(payments.charges.len(), 2);
    }

    #[test]
    fn a_redelivered_event_charges_once_and_the_order_goes_pending_to_paid_once() {
        let users = users_with_ada();
        let mut orders = OrdersService::new(InProcessUsersClient(&users));
        let mut payments = PaymentsService::default();
        let order = orders.place_order("user-1", 2_500).unwrap();

        assert_eq!(relay(&mut orders.db.outbox, &mut payments, 3), 1);
        // The relay crashed before marking the row: the event arrives again.
        let created = orders.db.outbox[0].event.clone();
        assert_eq!(payments.deliver(&created), Ok(()));
        assert_eq!(payments.charges, vec![(order.id.clone(), 2_500)]);
        assert_eq!(payments.outbox.len(), 1);

        assert_eq!(orders.db.orders[&order.id].status, OrderStatus::Pending);
        assert_eq!(relay(&mut payments.outbox, &mut orders, 3), 1);
        let completed = payments.outbox[0].event.clone();
        assert_eq!(orders.deliver(&completed), Ok(()));
        assert_eq!(orders.db.orders[&order.id].status, OrderStatus::Paid);
        assert_eq!(orders.db.processed.len(), 1);
    }
}
