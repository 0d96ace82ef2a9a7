//! Test doubles of the ports: the use cases run against these with no
//! database at all — the payoff of the dependency rule.

use std::sync::Mutex;

use async_trait::async_trait;

use super::super::domain::order::{Order, OrderId};
use super::super::domain::ports::{AddError, OrderRepository, PasswordHasher, RepositoryError, UserRepository};
use super::super::domain::user::{PasswordHash, PlainPassword, User, UserId};
use super::super::domain::Tenant;

#[derive(Default)]
pub struct InMemory {
    pub users: Mutex<Vec<(Tenant, User)>>,
    pub orders: Mutex<Vec<(Tenant, Order)>>,
}

#[async_trait]
impl UserRepository for InMemory {
    async fn add(&self, tenant: &Tenant, user: &User, limit: i64) -> Result<(), AddError> {
        let mut users = self.users.lock().unwrap();
        let mine = users.iter().filter(|(t, _)| t == tenant);
        if mine.clone().count() as i64 >= limit {
            return Err(AddError::QuotaReached(limit));
        }
        if mine.clone().any(|(_, u)| u.email == user.email) {
            return Err(AddError::EmailTaken);
        }
        users.push((tenant.clone(), user.clone()));
        Ok(())
    }

    async fn by_id(&self, tenant: &Tenant, id: &UserId) -> Result<Option<User>, RepositoryError> {
        Ok(self.users.lock().unwrap().iter().find(|(t, u)| t == tenant && &u.id == id).map(|(_, u)| u.clone()))
    }

    async fn list(&self, tenant: &Tenant) -> Result<Vec<User>, RepositoryError> {
        Ok(self.users.lock().unwrap().iter().rev().filter(|(t, _)| t == tenant).map(|(_, u)| u.clone()).collect())
    }

    async fn remove_tenant(&self, tenant: &Tenant) -> Result<(), RepositoryError> {
        self.users.lock().unwrap().retain(|(t, _)| t != tenant);
        self.orders.lock().unwrap().retain(|(t, _)| t != tenant);
        Ok(())
    }
}

#[async_trait]
impl OrderRepository for InMemory {
    async fn add(&self, tenant: &Tenant, order: &Order, limit: i64) -> Result<(), AddError> {
        if UserRepository::by_id(self, tenant, &order.user_id).await?.is_none() {
            return Err(AddError::UnknownUser);
        }
        let mut orders = self.orders.lock().unwrap();
        if orders.iter().filter(|(t, _)| t == tenant).count() as i64 >= limit {
            return Err(AddError::QuotaReached(limit));
        }
        orders.push((tenant.clone(), order.clone()));
        Ok(())
    }

    async fn by_id(&self, tenant: &Tenant, id: &OrderId) -> Result<Option<Order>, RepositoryError> {
        Ok(self.orders.lock().unwrap().iter().find(|(t, o)| t == tenant && &o.id == id).map(|(_, o)| o.clone()))
    }

    async fn list(&self, tenant: &Tenant, user: Option<&UserId>) -> Result<Vec<Order>, RepositoryError> {
        let orders = self.orders.lock().unwrap();
        Ok(orders.iter().rev().filter(|(t, o)| t == tenant && user.is_none_or(|u| &o.user_id == u)).map(|(_, o)| o.clone()).collect())
    }
}

/// Reverses the password: enough to prove the use case hashes, instant to run.
pub struct FakeHasher;

#[async_trait]
impl PasswordHasher for FakeHasher {
    async fn hash(&self, password: PlainPassword) -> Result<PasswordHash, RepositoryError> {
        Ok(PasswordHash(password.expose().chars().rev().collect()))
    }
}
