//! Clean architecture: entities (enterprise business rules), use cases
//! (application business rules), interface adapters (controllers and
//! presenters) and frameworks and drivers (the database, the web server).
//! The dependency rule: source code dependencies point inward only. Entities
//! know nothing else; use cases know entities and the repository trait they
//! own; adapters and infrastructure know the inner rings, never the reverse.
//! Here each ring is a module of this file, from the inside out; in the live
//! demo each is a folder. The `use` lines at the top of each module show the
//! rule at work: they only ever name modules further in.

/// Entities: enterprise business rules.
pub mod domain {
    // ANCHOR: email
    #[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
    pub enum DomainError {
        #[error("email address is not valid")]
        InvalidEmail,
        #[error("name must be 1 to 100 characters")]
        InvalidName,
        #[error("password must be at least {min} characters")]
        PasswordTooShort { min: usize },
    }

    /// An email address that passed the domain's shape check. `Email::parse` is
    /// the only way to build one, so a `User` cannot hold an invalid address.
    #[derive(Debug, Clone, PartialEq, Eq, Hash)]
    pub struct Email(String);

    impl Email {
        pub fn parse(raw: &str) -> Result<Self, DomainError> {
            let email = raw.trim().to_lowercase();
            let (local, domain) = email.split_once('@').ok_or(DomainError::InvalidEmail)?;
            let domain_ok = domain.contains('.')
                && !domain.contains('@')
                && !domain.starts_with('.')
                && !domain.ends_with('.');
            if local.is_empty() || !domain_ok || email.contains(char::is_whitespace) {
                return Err(DomainError::InvalidEmail);
            }
            Ok(Email(email))
        }

        pub fn as_str(&self) -> &str {
            &self.0
        }
    }
    // ANCHOR_END: email

    // ANCHOR: password
    /// STAND-IN for argon2, so this example needs no dependencies. It is NOT a
    /// password hash (no salt, fast on purpose); the live demo uses argon2.
    fn stand_in_hash(password: &str) -> String {
        use std::hash::{DefaultHasher, Hash, Hasher};
        let mut hasher = DefaultHasher::new();
        password.hash(&mut hasher);
        format!("stand-in${:016x}", hasher.finish())
    }

    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct PasswordHash(String);

    impl PasswordHash {
        pub const MIN_LEN: usize = 8;

        /// The business rule lives with the entity: no short passwords.
        pub fn from_plain(password: &str) -> Result<Self, DomainError> {
            if password.chars().count() < Self::MIN_LEN {
                return Err(DomainError::PasswordTooShort { min: Self::MIN_LEN });
            }
            Ok(PasswordHash(stand_in_hash(password)))
        }

        pub fn matches(&self, candidate: &str) -> bool {
            self.0 == stand_in_hash(candidate)
        }
    }
    // ANCHOR_END: password

    // ANCHOR: entity
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct User {
        id: String,
        email: Email,
        name: String,
        password_hash: PasswordHash,
    }

    impl User {
        /// Every `User` that exists has passed these rules.
        pub fn register(
            id: String,
            email: Email,
            name: &str,
            password: &str,
        ) -> Result<Self, DomainError> {
            let name = name.trim();
            if name.is_empty() || name.chars().count() > 100 {
                return Err(DomainError::InvalidName);
            }
            let password_hash = PasswordHash::from_plain(password)?;
            Ok(User {
                id,
                email,
                name: name.to_owned(),
                password_hash,
            })
        }

        pub fn verify_password(&self, candidate: &str) -> bool {
            self.password_hash.matches(candidate)
        }

        pub fn change_password(&mut self, new_password: &str) -> Result<(), DomainError> {
            self.password_hash = PasswordHash::from_plain(new_password)?;
            Ok(())
        }
    }
    // ANCHOR_END: entity

    impl User {
        pub fn id(&self) -> &str {
            &self.id
        }
        pub fn email(&self) -> &Email {
            &self.email
        }
        pub fn name(&self) -> &str {
            &self.name
        }
    }
}

/// Use cases: application business rules.
pub mod application {
    // ANCHOR: repository_trait
    use super::domain::{DomainError, Email, User};

    /// Declared by the inner layer, with only the operations its use cases need.
    /// The outer layer implements it, so the dependency points inward.
    pub trait UserRepository {
        fn next_id(&self) -> String;
        fn find_by_email(&self, email: &Email) -> Option<User>;
        fn save(&self, user: &User);
    }
    // ANCHOR_END: repository_trait

    // ANCHOR: use_case
    /// Plain input data: no HTTP types, no JSON.
    pub struct CreateUserInput {
        pub email: String,
        pub name: String,
        pub password: String,
    }

    #[derive(Debug, PartialEq, Eq, thiserror::Error)]
    pub enum CreateUserError {
        #[error(transparent)]
        Invalid(#[from] DomainError),
        #[error("a user with this email already exists")]
        EmailTaken,
    }

    pub struct CreateUser<R: UserRepository> {
        users: R,
    }

    impl<R: UserRepository> CreateUser<R> {
        pub fn new(users: R) -> Self {
            Self { users }
        }

        pub fn execute(&self, input: CreateUserInput) -> Result<User, CreateUserError> {
            let email = Email::parse(&input.email)?;
            if self.users.find_by_email(&email).is_some() {
                return Err(CreateUserError::EmailTaken);
            }
            let user = User::register(self.users.next_id(), email, &input.name, &input.password)?;
            self.users.save(&user);
            Ok(user)
        }
    }
    // ANCHOR_END: use_case
}

/// Interface adapters: controllers and presenters.
pub mod interface_adapters {
    // ANCHOR: controller
    use super::application::{CreateUser, CreateUserError, CreateUserInput, UserRepository};
    use super::domain::{DomainError, User};

    /// The request body as the web framework hands it over.
    pub struct CreateUserRequest {
        pub email: String,
        pub name: String,
        pub password: String,
    }

    pub struct UserController<R: UserRepository> {
        create_user: CreateUser<R>,
    }

    impl<R: UserRepository> UserController<R> {
        pub fn new(create_user: CreateUser<R>) -> Self {
            Self { create_user }
        }

        /// Translate the request into use-case input, run it, hand the outcome
        /// to the presenter. Nothing else.
        pub fn create(&self, request: CreateUserRequest) -> HttpResponse {
            let input = CreateUserInput {
                email: request.email,
                name: request.name,
                password: request.password,
            };
            match self.create_user.execute(input) {
                Ok(user) => UserPresenter::created(&user),
                Err(error) => UserPresenter::failed(&error),
            }
        }
    }
    // ANCHOR_END: controller

    // ANCHOR: response
    #[derive(Debug, PartialEq, Eq)]
    pub enum Body {
        User {
            id: String,
            email: String,
            name: String,
        },
        Error {
            code: &'static str,
            message: String,
            field: Option<&'static str>,
        },
    }

    #[derive(Debug, PartialEq, Eq)]
    pub struct HttpResponse {
        pub status: u16,
        pub body: Body,
    }
    // ANCHOR_END: response

    // ANCHOR: presenter
    /// Decides what the outside world sees: which fields, which status code.
    pub struct UserPresenter;

    impl UserPresenter {
        pub fn created(user: &User) -> HttpResponse {
            let body = Body::User {
                id: user.id().to_owned(),
                email: user.email().as_str().to_owned(),
                name: user.name().to_owned(),
            };
            HttpResponse { status: 201, body }
        }

        pub fn failed(error: &CreateUserError) -> HttpResponse {
            let (status, code, field) = match error {
                CreateUserError::Invalid(invalid) => (400, "validation", field_of(invalid)),
                CreateUserError::EmailTaken => (409, "conflict", "email"),
            };
            let message = error.to_string();
            let body = Body::Error {
                code,
                message,
                field: Some(field),
            };
            HttpResponse { status, body }
        }
    }

    fn field_of(error: &DomainError) -> &'static str {
        match error {
            DomainError::InvalidEmail => "email",
            DomainError::InvalidName => "name",
            DomainError::PasswordTooShort { .. } => "password",
        }
    }
    // ANCHOR_END: presenter
}

/// Frameworks and drivers: infrastructure.
pub mod infrastructure {
    // ANCHOR: in_memory_repository
    use std::collections::HashMap;
    use std::sync::Mutex;

    use super::application::{CreateUser, UserRepository};
    use super::domain::{Email, User};
    use super::interface_adapters::UserController;

    /// Implements the inner layer's trait. The live demo has a SQLite version of
    /// this struct; the use case cannot tell the difference.
    #[derive(Default)]
    pub struct InMemoryUserRepository {
        rows: Mutex<HashMap<String, User>>,
        ids: Mutex<u64>,
    }

    impl UserRepository for InMemoryUserRepository {
        fn next_id(&self) -> String {
            let mut ids = self.ids.lock().unwrap();
            *ids += 1;
            format!("user-{ids}")
        }

        fn find_by_email(&self, email: &Email) -> Option<User> {
            let rows = self.rows.lock().unwrap();
            rows.values().find(|user| user.email() == email).cloned()
        }

        fn save(&self, user: &User) {
            let mut rows = self.rows.lock().unwrap();
            rows.insert(user.id().to_owned(), user.clone());
        }
    }
    // ANCHOR_END: in_memory_repository

    // ANCHOR: wiring
    /// The composition root: the one place that names the concrete repository.
    pub fn build_controller() -> UserController<InMemoryUserRepository> {
        UserController::new(CreateUser::new(InMemoryUserRepository::default()))
    }
    // ANCHOR_END: wiring
}

#[cfg(test)]
mod tests {
    use super::application::*;
    use super::domain::*;
    use super::infrastructure::*;
    use super::interface_adapters::*;

    fn request(email: &str, password: &str) -> CreateUserRequest {
        CreateUserRequest {
            email: email.to_owned(),
            name: "Ada".to_owned(),
            password: password.to_owned(),
        }
    }

    #[test]
    fn parses_a_well_formed_email_and_rejects_others() {
        assert_eq!(
            Email::parse(" Ada@Example.com ").unwrap().as_str(),
            "ada@example.com"
        );
        for bad in [
            "",
            "ada",
            "@example.com",
            "ada@example",
            "ada@.com",
            "ada@example.",
            "a da@example.com",
            "a@b@c.com",
        ] {
            assert_eq!(Email::parse(bad), Err(DomainError::InvalidEmail), "{bad:?}");
        }
    }

    #[test]
    fn rejects_a_password_shorter_than_eight_characters() {
        let use_case = CreateUser::new(InMemoryUserRepository::default());
        let input = CreateUserInput {
            email: "ada@example.com".to_owned(),
            name: "Ada".to_owned(),
            password: "short".to_owned(),
        };
        assert_eq!(
            use_case.execute(input),
            Err(CreateUserError::Invalid(DomainError::PasswordTooShort {
                min: 8
            }))
        );
    }

    #[test]
    fn keeps_a_hash_that_verifies_the_password() {
        let email = Email::parse("ada@example.com").unwrap();
        let mut user = User::register("user-1".to_owned(), email, "Ada", "correct horse").unwrap();
        assert!(user.verify_password("correct horse"));
        assert!(!user.verify_password("wrong horse"));

        assert!(user.change_password("tiny").is_err());
        user.change_password("battery staple").unwrap();
        assert!(user.verify_password("battery staple"));
        assert!(!user.verify_password("correct horse"));
    }

    #[test]
    fn rejects_a_second_user_with_the_same_email_in_any_case() {
        let controller = build_controller();
        assert_eq!(
            controller
                .create(request("ada@example.com", "correct horse"))
                .status,
            201
        );
        let second = controller.create(request("ADA@example.com", "correct horse"));
        assert_eq!(second.status, 409);
    }

    #[test]
    fn presents_validation_errors_with_the_field_name() {
        let response = build_controller().create(request("not-an-email", "correct horse"));
        assert_eq!(response.status, 400);
        assert_eq!(
            response.body,
            Body::Error {
                code: "validation",
                message: "email address is not valid".to_owned(),
                field: Some("email"),
            }
        );
    }
}
