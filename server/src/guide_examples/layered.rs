//! Layered architecture: a presentation layer (controller), a business layer
//! (service) and a data access layer (repository), stacked on top of each
//! other. The dependency rule is "downward only": the controller calls the
//! service, the service calls the repository, and no layer knows anything
//! about the layers above it. An in-memory map stands in for the database.

use std::collections::HashMap;

// ---------------------------------------------------------------------------
// Model shared by the layers
// ---------------------------------------------------------------------------

// ANCHOR: model
/// The record the lower layers pass around. It carries the password hash,
/// so it never leaves the server as-is: the controller maps it to a
/// `UserResponse` first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    pub id: String,
    pub email: String,
    pub name: String,
    pub password_hash: String,
}
// ANCHOR_END: model

// ---------------------------------------------------------------------------
// Data access layer
// ---------------------------------------------------------------------------

// ANCHOR: repository
/// The only code that knows how users are stored. Here that is a map in
/// memory; in the live demo it is SQL against SQLite.
#[derive(Default)]
pub struct UserRepository {
    rows: HashMap<String, User>,
    inserted: u64,
}

impl UserRepository {
    pub fn find_by_id(&self, id: &str) -> Option<User> {
        self.rows.get(id).cloned()
    }

    pub fn find_by_email(&self, email: &str) -> Option<User> {
        self.rows.values().find(|user| user.email == email).cloned()
    }

    pub fn insert(&mut self, email: &str, name: &str, password_hash: &str) -> User {
        self.inserted += 1;
        let user = User {
            // The live demo uses random UUIDs; a counter keeps this readable.
            id: format!("user-{}", self.inserted),
            email: email.to_owned(),
            name: name.to_owned(),
            password_hash: password_hash.to_owned(),
        };
        self.rows.insert(user.id.clone(), user.clone());
        user
    }
}
// ANCHOR_END: repository

// ---------------------------------------------------------------------------
// Business logic layer
// ---------------------------------------------------------------------------

/// Stand-in for a real password hash such as argon2, so this example needs
/// no dependencies. Never use it for real passwords.
fn stand_in_hash(password: &str) -> String {
    use std::hash::{DefaultHasher, Hash, Hasher};
    let mut hasher = DefaultHasher::new();
    password.hash(&mut hasher);
    format!("stand-in${:016x}", hasher.finish())
}

// ANCHOR: service_errors
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum ServiceError {
    #[error("{0} is required")]
    Missing(&'static str),
    #[error("a user with this email already exists")]
    EmailTaken,
    #[error("user not found")]
    NotFound,
}
// ANCHOR_END: service_errors

// ANCHOR: service
/// Business rules live here. The service holds the concrete repository
/// from the layer below: simple, and also the coupling the pattern is known for.
pub struct UserService {
    repository: UserRepository,
}

impl UserService {
    pub fn new(repository: UserRepository) -> Self {
        Self { repository }
    }

    pub fn get_user(&self, id: &str) -> Result<User, ServiceError> {
        self.repository.find_by_id(id).ok_or(ServiceError::NotFound)
    }

    pub fn create_user(
        &mut self,
        email: &str,
        name: &str,
        password: &str,
    ) -> Result<User, ServiceError> {
        let email = email.trim();
        if email.is_empty() {
            return Err(ServiceError::Missing("email"));
        }
        if password.is_empty() {
            return Err(ServiceError::Missing("password"));
        }
        if self.repository.find_by_email(email).is_some() {
            return Err(ServiceError::EmailTaken);
        }
        let password_hash = stand_in_hash(password);
        Ok(self.repository.insert(email, name, &password_hash))
    }
}
// ANCHOR_END: service

// ---------------------------------------------------------------------------
// Presentation layer
// ---------------------------------------------------------------------------

// ANCHOR: dto
/// The JSON body of `POST /users`, as the web framework hands it over.
pub struct CreateUserRequest {
    pub email: String,
    pub name: String,
    pub password: String,
}

/// What the client gets back: no password hash.
#[derive(Debug, PartialEq, Eq)]
pub struct UserResponse {
    pub id: String,
    pub email: String,
    pub name: String,
}

#[derive(Debug, PartialEq, Eq)]
pub enum Body {
    User(UserResponse),
    Error(String),
}

#[derive(Debug, PartialEq, Eq)]
pub struct Response {
    pub status: u16,
    pub body: Body,
}
// ANCHOR_END: dto

// ANCHOR: controller
/// Turns HTTP-shaped input into service calls, and service results into
/// status codes and response bodies. No business rules here.
pub struct UserController {
    service: UserService,
}

impl UserController {
    pub fn new(service: UserService) -> Self {
        Self { service }
    }

    pub fn create_user(&mut self, request: CreateUserRequest) -> Response {
        let CreateUserRequest {
            email,
            name,
            password,
        } = request;
        respond(self.service.create_user(&email, &name, &password), 201)
    }

    pub fn get_user(&self, id: &str) -> Response {
        respond(self.service.get_user(id), 200)
    }
}
// ANCHOR_END: controller

// ANCHOR: status_codes
/// The presentation layer decides what each outcome looks like over HTTP.
fn respond(result: Result<User, ServiceError>, success: u16) -> Response {
    match result {
        Ok(user) => Response {
            status: success,
            body: Body::User(UserResponse {
                id: user.id,
                email: user.email,
                name: user.name,
            }),
        },
        Err(error) => {
            let status = match error {
                ServiceError::Missing(_) => 400,
                ServiceError::EmailTaken => 409,
                ServiceError::NotFound => 404,
            };
            Response {
                status,
                body: Body::Error(error.to_string()),
            }
        }
    }
}
// ANCHOR_END: status_codes

// ANCHOR: wiring
/// Assemble the stack bottom-up: each layer is handed the one below it.
pub fn build_app() -> UserController {
    UserController::new(UserService::new(UserRepository::default()))
}
// ANCHOR_END: wiring

#[cfg(test)]
mod tests {
    use super::*;

    fn request(email: &str, password: &str) -> CreateUserRequest {
        CreateUserRequest {
            email: email.to_owned(),
            name: "Ada".to_owned(),
            password: password.to_owned(),
        }
    }

    #[test]
    fn creates_a_user_and_answers_201_without_the_password() {
        let mut app = build_app();
        let response = app.create_user(request("ada@example.com", "correct horse"));
        assert_eq!(response.status, 201);
        let Body::User(user) = response.body else {
            panic!("expected a user, got {:?}", response.body);
        };
        assert_eq!(user.email, "ada@example.com");

        let fetched = app.get_user(&user.id);
        assert_eq!(fetched.status, 200);
        assert_eq!(fetched.body, Body::User(user));
    }

    #[test]
    fn rejects_a_second_user_with_the_same_email() {
        let mut app = build_app();
        assert_eq!(
            app.create_user(request("ada@example.com", "correct horse"))
                .status,
            201
        );
        let second = app.create_user(request("ada@example.com", "another one"));
        assert_eq!(second.status, 409);
        assert_eq!(
            second.body,
            Body::Error("a user with this email already exists".to_owned())
        );
    }

    #[test]
    fn rejects_a_user_without_an_email_or_password() {
        let mut app = build_app();
        assert_eq!(app.create_user(request("  ", "correct horse")).status, 400);
        assert_eq!(app.create_user(request("ada@example.com", "")).status, 400);
    }

    #[test]
    fn stores_a_hash_instead_of_the_password() {
        let mut service = UserService::new(UserRepository::default());
        let user = service
            .create_user("ada@example.com", "Ada", "correct horse")
            .unwrap();
        assert_ne!(user.password_hash, "correct horse");
        assert_eq!(user.password_hash, stand_in_hash("correct horse"));
    }

    #[test]
    fn answers_404_for_an_unknown_user() {
        let app = build_app();
        assert_eq!(app.get_user("user-404").status, 404);
    }
}
