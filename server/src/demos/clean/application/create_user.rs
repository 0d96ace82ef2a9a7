//! Use case: register a new user in a tenant.

use super::super::domain::ports::{AddError, PasswordHasher, RepositoryError, UserRepository};
use super::super::domain::user::{Email, PlainPassword, User, UserId, UserName};
use super::super::domain::Tenant;
use crate::rules::{self, Violation};

pub struct CreateUserInput {
    pub email: String,
    pub name: String,
    pub password: String,
}

// ANCHOR: create_user_error
#[derive(Debug, thiserror::Error)]
pub enum CreateUserError {
    #[error("{}", .0.message)]
    Invalid(Violation),
    #[error("email already taken")]
    EmailTaken,
    #[error("quota of {0} users reached")]
    QuotaReached(i64),
    #[error(transparent)]
    Unexpected(#[from] RepositoryError),
}
// ANCHOR_END: create_user_error

impl From<Violation> for CreateUserError {
    fn from(violation: Violation) -> Self {
        Self::Invalid(violation)
    }
}

// ANCHOR: create_user
pub struct CreateUser<'a> {
    pub users: &'a dyn UserRepository,
    pub hasher: &'a dyn PasswordHasher,
}

impl CreateUser<'_> {
    #[tracing::instrument(name = "CreateUser::execute", skip_all, fields(kind = "use_case"))]
    pub async fn execute(&self, tenant: &Tenant, input: CreateUserInput, now: String) -> Result<User, CreateUserError> {
        // The entities refuse bad values; nothing invalid gets past here.
        let email = Email::parse(&input.email)?;
        let name = UserName::parse(&input.name)?;
        let password = PlainPassword::parse(&input.password)?;

        let user = User { id: UserId::generate(), email, name, password_hash: self.hasher.hash(password).await?, created_at: now };
        match self.users.add(tenant, &user, rules::USERS_PER_SANDBOX).await {
            Ok(()) => Ok(user),
            Err(AddError::EmailTaken) => Err(CreateUserError::EmailTaken),
            Err(AddError::QuotaReached(limit)) => Err(CreateUserError::QuotaReached(limit)),
            Err(AddError::UnknownUser) => Err(CreateUserError::Unexpected(RepositoryError("a new user cannot be unknown".into()))),
            Err(AddError::Unexpected(err)) => Err(err.into()),
        }
    }
}
// ANCHOR_END: create_user

#[cfg(test)]
mod tests {
    use super::super::in_memory::{FakeHasher, InMemory};
    use super::*;

    fn input(email: &str) -> CreateUserInput {
        CreateUserInput { email: email.into(), name: "Ada".into(), password: "correct horse".into() }
    }

    #[tokio::test]
    async fn registers_a_user_with_a_hashed_password() {
        let store = InMemory::default();
        let use_case = CreateUser { users: &store, hasher: &FakeHasher };
        let user = use_case.execute(&Tenant("t".into()), input("Ada@Example.com"), "now".into()).await.unwrap();
        assert_eq!(user.email.as_str(), "ada@example.com");
        assert_ne!(user.password_hash.0, "correct horse");
        assert_eq!(store.users.lock().unwrap().len(), 1);
    }

    #[tokio::test]
    async fn rejects_a_second_user_with_the_same_email_in_the_tenant() {
        let store = InMemory::default();
        let use_case = CreateUser { users: &store, hasher: &FakeHasher };
        let tenant = Tenant("t".into());
        use_case.execute(&tenant, input("ada@example.com"), "1".into()).await.unwrap();
        let again = use_case.execute(&tenant, input("ADA@example.com"), "2".into()).await;
        assert!(matches!(again, Err(CreateUserError::EmailTaken)));
        use_case.execute(&Tenant("other".into()), input("ada@example.com"), "3".into()).await.unwrap();
    }

    #[tokio::test]
    async fn an_invalid_email_never_reaches_the_repository() {
        let store = InMemory::default();
        let use_case = CreateUser { users: &store, hasher: &FakeHasher };
        let result = use_case.execute(&Tenant("t".into()), input("nope"), "now".into()).await;
        assert!(matches!(result, Err(CreateUserError::Invalid(v)) if v.field == "email"));
        assert!(store.users.lock().unwrap().is_empty());
    }
}
