//! The in-memory persistence adapter: the same port as SQLite, kept in a
//! map. Proof that the core does not care where data lives — and what the
//! core's tests run against.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;

use async_trait::async_trait;

use super::super::super::core::domain::{Order, Tenant, User};
use super::super::super::core::ports::outbound::{StoreError, UserStore};

/// At most this many sandboxes keep in-memory data; the least recently
/// switched one is forgotten first, so memory stays bounded.
const MAX_TENANTS: usize = 1_000;

#[derive(Default)]
pub struct InMemoryStore {
    inner: Mutex<Tenants>,
}

#[derive(Default)]
struct Tenants {
    data: HashMap<Tenant, TenantData>,
    order: VecDeque<Tenant>,
}

#[derive(Default)]
struct TenantData {
    /// Oldest first; read back newest first.
    users: Vec<User>,
    orders: Vec<Order>,
}

impl InMemoryStore {
    fn with<T>(&self, tenant: &Tenant, f: impl FnOnce(&mut TenantData) -> T) -> T {
        let mut inner = self.inner.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        f(inner.data.entry(tenant.clone()).or_default())
    }

    /// Whether this adapter holds the tenant's data (it was switched on).
    pub fn holds(&self, tenant: &Tenant) -> bool {
        self.inner.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).data.contains_key(tenant)
    }

    /// Starts holding the tenant's data (empty).
    pub fn adopt(&self, tenant: &Tenant) {
        let mut inner = self.inner.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if inner.data.contains_key(tenant) {
            return;
        }
        inner.data.insert(tenant.clone(), TenantData::default());
        inner.order.push_back(tenant.clone());
        while inner.order.len() > MAX_TENANTS {
            if let Some(evicted) = inner.order.pop_front() {
                inner.data.remove(&evicted);
            }
        }
    }

    /// Stops holding the tenant's data; it is gone.
    pub fn release(&self, tenant: &Tenant) {
        let mut inner = self.inner.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        inner.data.remove(tenant);
        inner.order.retain(|t| t != tenant);
    }
}

#[async_trait]
impl UserStore for InMemoryStore {
    // ANCHOR: memory_add_user
    #[tracing::instrument(name = "InMemoryStore::add_user", skip_all, fields(kind = "adapter"))]
    async fn add_user(&self, tenant: &Tenant, user: &User, limit: i64) -> Result<(), StoreError> {
        self.with(tenant, |data| {
            if data.users.len() as i64 >= limit {
                return Err(StoreError::QuotaReached(limit));
            }
            if data.users.iter().any(|u| u.email == user.email) {
                return Err(StoreError::EmailTaken);
            }
            data.users.push(user.clone());
            Ok(())
        })
    }
    // ANCHOR_END: memory_add_user

    #[tracing::instrument(name = "InMemoryStore::user", skip_all, fields(kind = "adapter"))]
    async fn user(&self, tenant: &Tenant, id: &str) -> Result<Option<User>, StoreError> {
        Ok(self.with(tenant, |data| data.users.iter().find(|u| u.id == id).cloned()))
    }

    #[tracing::instrument(name = "InMemoryStore::users", skip_all, fields(kind = "adapter"))]
    async fn users(&self, tenant: &Tenant) -> Result<Vec<User>, StoreError> {
        Ok(self.with(tenant, |data| data.users.iter().rev().cloned().collect()))
    }

    #[tracing::instrument(name = "InMemoryStore::add_order", skip_all, fields(kind = "adapter"))]
    async fn add_order(&self, tenant: &Tenant, order: &Order, limit: i64) -> Result<(), StoreError> {
        self.with(tenant, |data| {
            if !data.users.iter().any(|u| u.id == order.user_id) {
                return Err(StoreError::UnknownUser);
            }
            if data.orders.len() as i64 >= limit {
                return Err(StoreError::QuotaReached(limit));
            }
            data.orders.push(order.clone());
            Ok(())
        })
    }

    #[tracing::instrument(name = "InMemoryStore::order", skip_all, fields(kind = "adapter"))]
    async fn order(&self, tenant: &Tenant, id: &str) -> Result<Option<Order>, StoreError> {
        Ok(self.with(tenant, |data| data.orders.iter().find(|o| o.id == id).cloned()))
    }

    #[tracing::instrument(name = "InMemoryStore::orders", skip_all, fields(kind = "adapter"))]
    async fn orders(&self, tenant: &Tenant, user_id: Option<&str>) -> Result<Vec<Order>, StoreError> {
        Ok(self.with(tenant, |data| data.orders.iter().rev().filter(|o| user_id.is_none_or(|id| o.user_id == id)).cloned().collect()))
    }

    #[tracing::instrument(name = "InMemoryStore::clear", skip_all, fields(kind = "adapter"))]
    async fn clear(&self, tenant: &Tenant) -> Result<(), StoreError> {
        self.with(tenant, |data| *data = TenantData::default());
        Ok(())
    }
}
