//! Hexagonal architecture (ports and adapters). The application core holds
//! the domain and declares ports: inbound ports say what the application
//! offers, outbound ports say what it needs from the outside world. Adapters
//! live outside the core: inbound adapters (REST, CLI) drive an inbound port,
//! outbound adapters (a repository, a mailer) implement an outbound port.
//! The dependency rule: adapters depend on the core's ports; the core never
//! names an adapter.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

// ===========================================================================
// Core: domain
// ===========================================================================

// ANCHOR: domain
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    pub id: String,
    pub email: String,
    pub name: String,
}

#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum UserError {
    #[error("email address is not valid")]
    InvalidEmail,
    #[error("a user with this email already exists")]
    EmailTaken,
    #[error("user not found")]
    NotFound,
}
// ANCHOR_END: domain

// ===========================================================================
// Core: ports
// ===========================================================================

// ANCHOR: inbound_port
/// What the application offers. Inbound adapters only know this trait.
/// (The password is left out to keep the ports short; the live demo hashes
/// it exactly as the clean architecture example does.)
pub struct CreateUserCommand {
    pub email: String,
    pub name: String,
}

pub trait UserServicePort {
    fn create_user(&self, command: CreateUserCommand) -> Result<User, UserError>;
    fn get_user(&self, id: &str) -> Result<User, UserError>;
}
// ANCHOR_END: inbound_port

// ANCHOR: outbound_ports
/// What the application needs from the outside: somewhere to keep users...
pub trait UserRepositoryPort {
    fn next_id(&self) -> String;
    fn save(&self, user: &User);
    fn find_by_id(&self, id: &str) -> Option<User>;
    fn find_by_email(&self, email: &str) -> Option<User>;
}

/// ...and a way to send them mail.
pub trait EmailPort {
    fn send_welcome(&self, to: &str, name: &str);
}
// ANCHOR_END: outbound_ports

// ===========================================================================
// Core: services
// ===========================================================================

// ANCHOR: core_service
/// Implements the inbound port using only outbound ports. The generic
/// parameters are the sockets adapters plug into.
pub struct UserService<R, E> {
    users: R,
    mailer: E,
}

impl<R: UserRepositoryPort, E: EmailPort> UserService<R, E> {
    pub fn new(users: R, mailer: E) -> Self {
        Self { users, mailer }
    }
}

impl<R: UserRepositoryPort, E: EmailPort> UserServicePort for UserService<R, E> {
    fn create_user(&self, command: CreateUserCommand) -> Result<User, UserError> {
        let email = command.email.trim().to_lowercase();
        if !email.contains('@') {
            return Err(UserError::InvalidEmail);
        }
        if self.users.find_by_email(&email).is_some() {
            return Err(UserError::EmailTaken);
        }
        let user = User {
            id: self.users.next_id(),
            email,
            name: command.name,
        };
        self.users.save(&user);
        self.mailer.send_welcome(&user.email, &user.name);
        Ok(user)
    }

    fn get_user(&self, id: &str) -> Result<User, UserError> {
        self.users.find_by_id(id).ok_or(UserError::NotFound)
    }
}
// ANCHOR_END: core_service

// ===========================================================================
// Adapters: outbound (driven)
// ===========================================================================

// ANCHOR: repository_adapter
/// Persistence adapter. The live demo also has a SQLite adapter for the
/// same port and switches between the two while running.
#[derive(Default)]
pub struct InMemoryUserRepository {
    users: Mutex<HashMap<String, User>>,
    ids: Mutex<u64>,
}

impl UserRepositoryPort for InMemoryUserRepository {
    fn next_id(&self) -> String {
        let mut ids = self.ids.lock().unwrap();
        *ids += 1;
        format!("user-{ids}")
    }
    fn save(&self, user: &User) {
        self.users
            .lock()
            .unwrap()
            .insert(user.id.clone(), user.clone());
    }
    fn find_by_id(&self, id: &str) -> Option<User> {
        self.users.lock().unwrap().get(id).cloned()
    }
    fn find_by_email(&self, email: &str) -> Option<User> {
        self.users
            .lock()
            .unwrap()
            .values()
            .find(|u| u.email == email)
            .cloned()
    }
}
// ANCHOR_END: repository_adapter

// ANCHOR: mailbox_adapter
/// Email adapter that delivers into a mailbox you can read, instead of an
/// SMTP server. Clones share the same mailbox.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SentMail {
    pub to: String,
    pub subject: String,
    pub body: String,
}

#[derive(Clone, Default)]
pub struct MailboxAdapter {
    sent: Arc<Mutex<Vec<SentMail>>>,
}

impl MailboxAdapter {
    pub fn sent(&self) -> Vec<SentMail> {
        self.sent.lock().unwrap().clone()
    }
}

impl EmailPort for MailboxAdapter {
    fn send_welcome(&self, to: &str, name: &str) {
        let mail = SentMail {
            to: to.to_owned(),
            subject: "Welcome!".to_owned(),
            body: format!("Welcome, {name}!"),
        };
        self.sent.lock().unwrap().push(mail);
    }
}
// ANCHOR_END: mailbox_adapter

// ===========================================================================
// Adapters: inbound (driving)
// ===========================================================================

// ANCHOR: rest_adapter
#[derive(Debug, PartialEq, Eq)]
pub struct RestResponse {
    pub status: u16,
    /// `Ok` is serialised as the user JSON, `Err` as an error message.
    pub body: Result<User, String>,
}

/// Speaks HTTP on one side and the inbound port on the other.
pub struct RestAdapter<S> {
    service: Arc<S>,
}

impl<S: UserServicePort> RestAdapter<S> {
    pub fn new(service: Arc<S>) -> Self {
        Self { service }
    }

    pub fn post_users(&self, email: &str, name: &str) -> RestResponse {
        let command = CreateUserCommand {
            email: email.to_owned(),
            name: name.to_owned(),
        };
        to_response(self.service.create_user(command), 201)
    }

    pub fn get_user(&self, id: &str) -> RestResponse {
        to_response(self.service.get_user(id), 200)
    }
}

fn to_response(result: Result<User, UserError>, success: u16) -> RestResponse {
    let status = match &result {
        Ok(_) => success,
        Err(UserError::InvalidEmail) => 400,
        Err(UserError::EmailTaken) => 409,
        Err(UserError::NotFound) => 404,
    };
    let body = result.map_err(|error| error.to_string());
    RestResponse { status, body }
}
// ANCHOR_END: rest_adapter

// ANCHOR: cli_adapter
/// A second driving adapter on the same port: command-line arguments in,
/// a line of text out. `Err` means "print to stderr, exit non-zero".
pub fn run_cli(service: &impl UserServicePort, args: &[&str]) -> Result<String, String> {
    let show = |user: User| format!("{} {} <{}>", user.id, user.name, user.email);
    match args {
        ["create-user", email, name @ ..] if !name.is_empty() => {
            let command = CreateUserCommand {
                email: email.to_string(),
                name: name.join(" "),
            };
            service
                .create_user(command)
                .map(show)
                .map_err(|e| e.to_string())
        }
        ["get-user", id] => service.get_user(id).map(show).map_err(|e| e.to_string()),
        _ => Err("usage: create-user EMAIL NAME... | get-user ID".to_owned()),
    }
}
// ANCHOR_END: cli_adapter

// ANCHOR: wiring
/// The composition root: the only code that names concrete adapters.
pub fn wire() -> (
    Arc<UserService<InMemoryUserRepository, MailboxAdapter>>,
    MailboxAdapter,
) {
    let mailbox = MailboxAdapter::default();
    let core = UserService::new(InMemoryUserRepository::default(), mailbox.clone());
    (Arc::new(core), mailbox)
}
// ANCHOR_END: wiring

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn creates_a_user_and_sends_exactly_one_welcome_mail() {
        let (core, mailbox) = wire();
        let rest = RestAdapter::new(core);
        let response = rest.post_users("Ada@Example.com", "Ada");
        assert_eq!(response.status, 201);
        assert_eq!(
            mailbox.sent(),
            vec![SentMail {
                to: "ada@example.com".to_owned(),
                subject: "Welcome!".to_owned(),
                body: "Welcome, Ada!".to_owned(),
            }]
        );
    }

    #[test]
    fn rejects_a_second_user_with_the_same_email_and_sends_no_second_mail() {
        let (core, mailbox) = wire();
        let rest = RestAdapter::new(core);
        assert_eq!(rest.post_users("ada@example.com", "Ada").status, 201);
        let second = rest.post_users("ada@example.com", "Ada again");
        assert_eq!(second.status, 409);
        assert_eq!(
            second.body,
            Err("a user with this email already exists".to_owned())
        );
        assert_eq!(mailbox.sent().len(), 1);
    }

    #[test]
    fn rest_and_cli_adapters_drive_the_same_core() {
        let (core, _mailbox) = wire();
        let rest = RestAdapter::new(Arc::clone(&core));
        let created = run_cli(
            core.as_ref(),
            &["create-user", "grace@example.com", "Grace", "Hopper"],
        )
        .unwrap();
        let id = created.split(' ').next().unwrap();

        let fetched = rest.get_user(id);
        assert_eq!(fetched.status, 200);
        assert_eq!(fetched.body.unwrap().name, "Grace Hopper");
        assert_eq!(rest.get_user("user-404").status, 404);
    }

    #[test]
    fn cli_reports_usage_and_core_errors_as_failures() {
        let (core, _mailbox) = wire();
        assert!(run_cli(core.as_ref(), &["delete-everything"])
            .unwrap_err()
            .starts_with("usage:"));
        assert!(run_cli(core.as_ref(), &["create-user", "ada@example.com"])
            .unwrap_err()
            .starts_with("usage:"));
        assert_eq!(
            run_cli(core.as_ref(), &["get-user", "user-404"]),
            Err("user not found".to_owned())
        );
    }
}
