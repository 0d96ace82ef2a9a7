//! CQRS (command query responsibility segregation): commands change state,
//! queries read it, and each side has a model of its own. The dependency
//! rule: the write side never reads the read model, queries never touch the
//! write model, and the only bridge between them is the stream of events,
//! which a projector turns into the read model. This example also uses event
//! sourcing, CQRS's usual companion: the write model is an event store.

use std::collections::HashMap;

// ===========================================================================
// Commands and events
// ===========================================================================

// ANCHOR: messages
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    pub product: String,
    pub quantity: u32,
    pub unit_price_cents: u64,
}

/// Commands ask for a change, and may be refused.
pub struct CreateUser {
    pub email: String,
    pub name: String,
}

pub struct PlaceOrder {
    pub user_id: String,
    pub items: Vec<Item>,
}

/// Events state what has already happened. They are recorded and replayed,
/// never refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    UserCreated {
        user_id: String,
        email: String,
        name: String,
    },
    OrderPlaced {
        order_id: String,
        user_id: String,
        items: Vec<Item>,
        total_cents: u64,
    },
}
// ANCHOR_END: messages

// ===========================================================================
// Write model: the event store
// ===========================================================================

// ANCHOR: event_store
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordedEvent {
    pub stream: String,
    pub version: u64,
    pub event: Event,
}

#[derive(Debug, PartialEq, Eq, thiserror::Error)]
#[error("stream {stream} is at version {actual}, not {expected}")]
pub struct VersionConflict {
    pub stream: String,
    pub expected: u64,
    pub actual: u64,
}

/// An append-only log. Each aggregate (one user, one order) has its own
/// stream, and its version is the number of events in that stream.
#[derive(Default)]
pub struct EventStore {
    log: Vec<RecordedEvent>,
}

impl EventStore {
    pub fn stream<'a>(&'a self, stream: &'a str) -> impl Iterator<Item = &'a RecordedEvent> + 'a {
        self.log
            .iter()
            .filter(move |recorded| recorded.stream == stream)
    }

    /// Every event from a position in the whole log onward.
    pub fn since(&self, position: usize) -> &[RecordedEvent] {
        &self.log[position.min(self.log.len())..]
    }
}
// ANCHOR_END: event_store

// ANCHOR: append
impl EventStore {
    /// Optimistic concurrency: the caller states the version its decision was
    /// based on. If another write got in first, the append is refused.
    pub fn append(
        &mut self,
        stream: &str,
        expected: u64,
        event: Event,
    ) -> Result<u64, VersionConflict> {
        let actual = self.stream(stream).count() as u64;
        if actual != expected {
            return Err(VersionConflict {
                stream: stream.to_owned(),
                expected,
                actual,
            });
        }
        self.log.push(RecordedEvent {
            stream: stream.to_owned(),
            version: actual + 1,
            event,
        });
        Ok(actual + 1)
    }
}
// ANCHOR_END: append

// ANCHOR: command_handler
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum CommandError {
    #[error("{0}")]
    Invalid(&'static str),
    #[error("a user with this email already exists")]
    EmailTaken,
    #[error("unknown user")]
    UnknownUser,
    #[error(transparent)]
    Conflict(#[from] VersionConflict),
}

/// The write side: checks each command against the write model, appends an
/// event, and returns only the new id. Reading is not its job.
#[derive(Default)]
pub struct CommandHandler {
    pub store: EventStore,
    ids: u64,
}

impl CommandHandler {
    fn new_id(&mut self, kind: &str) -> String {
        self.ids += 1;
        format!("{kind}-{}", self.ids)
    }
}
// ANCHOR_END: command_handler

// ANCHOR: create_user
impl CommandHandler {
    pub fn create_user(&mut self, command: CreateUser) -> Result<String, CommandError> {
        let email = command.email.trim().to_lowercase();
        if !email.contains('@') {
            return Err(CommandError::Invalid("email address is not valid"));
        }
        // A scan keeps the example short; a real write model keeps an index.
        let same_email = |recorded: &RecordedEvent| match &recorded.event {
            Event::UserCreated {
                email: existing, ..
            } => *existing == email,
            _ => false,
        };
        if self.store.since(0).iter().any(same_email) {
            return Err(CommandError::EmailTaken);
        }
        let user_id = self.new_id("user");
        let name = command.name;
        let event = Event::UserCreated {
            user_id: user_id.clone(),
            email,
            name,
        };
        self.store.append(&user_id, 0, event)?;
        Ok(user_id)
    }
}
// ANCHOR_END: create_user

// ANCHOR: place_order
impl CommandHandler {
    pub fn place_order(&mut self, command: PlaceOrder) -> Result<String, CommandError> {
        let PlaceOrder { user_id, items } = command;
        let is_user =
            |recorded: &RecordedEvent| matches!(recorded.event, Event::UserCreated { .. });
        if !self.store.stream(&user_id).any(is_user) {
            return Err(CommandError::UnknownUser);
        }
        if !(1..=20).contains(&items.len()) {
            return Err(CommandError::Invalid("an order has 1 to 20 items"));
        }
        if items
            .iter()
            .any(|item| !(1..=1000).contains(&item.quantity))
        {
            return Err(CommandError::Invalid("quantity must be 1 to 1000"));
        }
        if items.iter().any(|item| item.unit_price_cents == 0) {
            return Err(CommandError::Invalid("a price must be positive"));
        }
        let total_cents = items
            .iter()
            .map(|item| u64::from(item.quantity) * item.unit_price_cents)
            .sum();
        let order_id = self.new_id("order");
        let event = Event::OrderPlaced {
            order_id: order_id.clone(),
            user_id,
            items,
            total_cents,
        };
        self.store.append(&order_id, 0, event)?;
        Ok(order_id)
    }
}
// ANCHOR_END: place_order

// ===========================================================================
// Read model, projector, queries
// ===========================================================================

// ANCHOR: read_model
/// Shaped for the screens that read it, not for the rules that write it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserView {
    pub id: String,
    pub email: String,
    pub name: String,
}

/// Denormalized: the order carries its user's name and email, so showing
/// an order needs no join and no second lookup.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderView {
    pub id: String,
    pub user_id: String,
    pub user_name: String,
    pub user_email: String,
    pub items: Vec<Item>,
    pub total_cents: u64,
}

#[derive(Debug, Default, PartialEq, Eq)]
pub struct ReadModel {
    users: HashMap<String, UserView>,
    orders: Vec<OrderView>,
}
// ANCHOR_END: read_model

// ANCHOR: projector
/// Turns events into the read model. `position` is how far into the log it
/// has got; the events after it are the projection lag.
#[derive(Default)]
pub struct Projector {
    pub read: ReadModel,
    position: usize,
}

impl Projector {
    /// Applies the events it has not seen yet and returns how many there were.
    pub fn catch_up(&mut self, store: &EventStore) -> usize {
        let new_events = store.since(self.position);
        for recorded in new_events {
            self.apply(&recorded.event);
        }
        self.position += new_events.len();
        new_events.len()
    }
}
// ANCHOR_END: projector

// ANCHOR: apply
impl Projector {
    fn apply(&mut self, event: &Event) {
        let read = &mut self.read;
        match event {
            Event::UserCreated {
                user_id,
                email,
                name,
            } => {
                let view = UserView {
                    id: user_id.clone(),
                    email: email.clone(),
                    name: name.clone(),
                };
                read.users.insert(user_id.clone(), view);
            }
            Event::OrderPlaced {
                order_id,
                user_id,
                items,
                total_cents,
            } => {
                // Events are applied in log order, so the user is already here.
                let user = read
                    .users
                    .get(user_id)
                    .expect("UserCreated precedes the user's orders");
                read.orders.push(OrderView {
                    id: order_id.clone(),
                    user_id: user_id.clone(),
                    user_name: user.name.clone(),
                    user_email: user.email.clone(),
                    items: items.clone(),
                    total_cents: *total_cents,
                });
            }
        }
    }
}
// ANCHOR_END: apply

// ANCHOR: queries
/// Queries receive `&ReadModel` and nothing else, so by their signature they
/// cannot reach the event store or the command handler.
pub fn get_order<'a>(read: &'a ReadModel, order_id: &str) -> Option<&'a OrderView> {
    read.orders.iter().find(|order| order.id == order_id)
}

/// Newest first, as `GET /orders?user_id=` answers.
pub fn orders_of_user<'a>(read: &'a ReadModel, user_id: &str) -> Vec<&'a OrderView> {
    read.orders
        .iter()
        .rev()
        .filter(|order| order.user_id == user_id)
        .collect()
}

pub fn get_user<'a>(read: &'a ReadModel, user_id: &str) -> Option<&'a UserView> {
    read.users.get(user_id)
}
// ANCHOR_END: queries

// ANCHOR: rebuild
impl Projector {
    /// Throws the read model away and replays every event from the start.
    /// Safe because the events are the source of truth and the read model is
    /// only derived from them; it is also how a new query shape gets its data.
    pub fn rebuild(&mut self, store: &EventStore) -> usize {
        *self = Projector::default();
        self.catch_up(store)
    }
}
// ANCHOR_END: rebuild

#[cfg(test)]
mod tests {
    use super::*;

    fn item(product: &str, quantity: u32, unit_price_cents: u64) -> Item {
        Item {
            product: product.to_owned(),
            quantity,
            unit_price_cents,
        }
    }

    fn ada_with_an_order(handler: &mut CommandHandler) -> (String, String) {
        let user_id = handler
            .create_user(CreateUser {
                email: "ada@example.com".to_owned(),
                name: "Ada".to_owned(),
            })
            .unwrap();
        let items = vec![item("notebook", 2, 1_250), item("pen", 1, 999)];
        let order_id = handler
            .place_order(PlaceOrder {
                user_id: user_id.clone(),
                items,
            })
            .unwrap();
        (user_id, order_id)
    }

    #[test]
    fn rejects_an_append_with_a_stale_expected_version() {
        let mut store = EventStore::default();
        let event = Event::UserCreated {
            user_id: "user-1".to_owned(),
            email: "a@example.com".to_owned(),
            name: "A".to_owned(),
        };
        assert_eq!(store.append("user-1", 0, event.clone()), Ok(1));
        assert_eq!(
            store.append("user-1", 0, event),
            Err(VersionConflict {
                stream: "user-1".to_owned(),
                expected: 0,
                actual: 1
            })
        );
        assert_eq!(store.stream("user-1").count(), 1);
    }

    #[test]
    fn an_order_is_visible_to_queries_only_after_projection() {
        let mut handler = CommandHandler::default();
        let mut projector = Projector::default();
        let (_, order_id) = ada_with_an_order(&mut handler);

        assert_eq!(get_order(&projector.read, &order_id), None);
        assert_eq!(projector.catch_up(&handler.store), 2);
        assert!(get_order(&projector.read, &order_id).is_some());
        assert_eq!(projector.catch_up(&handler.store), 0);
    }

    #[test]
    fn projects_a_denormalized_order_with_the_user_name_and_email() {
        let mut handler = CommandHandler::default();
        let mut projector = Projector::default();
        let (user_id, order_id) = ada_with_an_order(&mut handler);
        projector.catch_up(&handler.store);

        let order = get_order(&projector.read, &order_id).unwrap();
        assert_eq!(
            (order.user_name.as_str(), order.user_email.as_str()),
            ("Ada", "ada@example.com")
        );
        assert_eq!(order.total_cents, 2 * 1_250 + 999);
        assert_eq!(orders_of_user(&projector.read, &user_id), vec![order]);
        assert_eq!(get_user(&projector.read, &user_id).unwrap().name, "Ada");
    }

    #[test]
    fn refuses_commands_that_break_the_rules_and_records_nothing() {
        let mut handler = CommandHandler::default();
        let (user_id, order_id) = ada_with_an_order(&mut handler);
        let duplicate = CreateUser {
            email: "ADA@example.com".to_owned(),
            name: "Ada".to_owned(),
        };
        assert_eq!(
            handler.create_user(duplicate),
            Err(CommandError::EmailTaken)
        );
        let by_an_order_id = PlaceOrder {
            user_id: order_id,
            items: vec![item("pen", 1, 999)],
        };
        assert_eq!(
            handler.place_order(by_an_order_id),
            Err(CommandError::UnknownUser)
        );
        let empty = PlaceOrder {
            user_id: user_id.clone(),
            items: vec![],
        };
        assert_eq!(
            handler.place_order(empty),
            Err(CommandError::Invalid("an order has 1 to 20 items"))
        );
        let free = PlaceOrder {
            user_id,
            items: vec![item("pen", 1, 0)],
        };
        assert_eq!(
            handler.place_order(free),
            Err(CommandError::Invalid("a price must be positive"))
        );
        assert_eq!(handler.store.since(0).len(), 2);
    }

    #[test]
    fn rebuilding_from_events_reproduces_the_read_model() {
        let mut handler = CommandHandler::default();
        let mut live = Projector::default();
        ada_with_an_order(&mut handler);
        live.catch_up(&handler.store);
        let grace = CreateUser {
            email: "grace@example.com".to_owned(),
            name: "Grace".to_owned(),
        };
        handler.create_user(grace).unwrap();
        live.catch_up(&handler.store);

        let mut rebuilt = Projector::default();
        assert_eq!(rebuilt.rebuild(&handler.store), 3);
        assert_eq!(rebuilt.read, live.read);
        assert_eq!(live.rebuild(&handler.store), 3);
        assert_eq!(rebuilt.read, live.read);
    }
}
