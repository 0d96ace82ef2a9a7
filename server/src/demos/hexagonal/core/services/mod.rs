//! The core service: implements the inbound port using only outbound ports.

use std::sync::Arc;

use async_trait::async_trait;

use super::domain::{new_id, parse_id, parse_lines, NewUser, Order, OrderLine, Tenant, User};
use super::ports::inbound::{OrderView, ShopError, ShopPort};
use super::ports::outbound::{Mailer, StoreError, UserStore};
use crate::clock::now_rfc3339;
use crate::{password, rules};

// ANCHOR: service
/// The application core. It holds its outbound ports as trait objects: it
/// cannot tell SQLite from memory, or a mailbox from a mail server.
pub struct Shop {
    store: Arc<dyn UserStore>,
    mailer: Arc<dyn Mailer>,
}

impl Shop {
    pub fn new(store: Arc<dyn UserStore>, mailer: Arc<dyn Mailer>) -> Self {
        Self { store, mailer }
    }
}
// ANCHOR_END: service

#[async_trait]
impl ShopPort for Shop {
    // ANCHOR: create_user
    #[tracing::instrument(name = "Shop::create_user", skip_all, fields(kind = "service"))]
    async fn create_user(&self, tenant: &Tenant, email: &str, name: &str, password: &str) -> Result<User, ShopError> {
        let new = NewUser::parse(email, name, password)?;
        let password_hash = password::hash(new.password).await.map_err(|err| ShopError::Unexpected(err.to_string()))?;
        let user = User { id: new_id(), email: new.email, name: new.name, password_hash, created_at: now_rfc3339() };
        self.store.add_user(tenant, &user, rules::USERS_PER_SANDBOX).await.map_err(from_store)?;
        // The user exists now; a mail that fails to go is logged, not undone.
        if let Err(err) = self.mailer.send_welcome(tenant, &user.email, &user.name).await {
            tracing::warn!(error = %err, "welcome mail not sent");
        }
        Ok(user)
    }
    // ANCHOR_END: create_user

    #[tracing::instrument(name = "Shop::get_user", skip_all, fields(kind = "service"))]
    async fn get_user(&self, tenant: &Tenant, id: &str) -> Result<User, ShopError> {
        let id = parse_id("id", id)?;
        self.store.user(tenant, &id).await.map_err(from_store)?.ok_or(ShopError::UserNotFound)
    }

    #[tracing::instrument(name = "Shop::list_users", skip_all, fields(kind = "service"))]
    async fn list_users(&self, tenant: &Tenant) -> Result<Vec<User>, ShopError> {
        self.store.users(tenant).await.map_err(from_store)
    }

    // ANCHOR: place_order
    #[tracing::instrument(name = "Shop::place_order", skip_all, fields(kind = "service"))]
    async fn place_order(&self, tenant: &Tenant, user_id: &str, lines: Vec<OrderLine>) -> Result<OrderView, ShopError> {
        let user_id = parse_id("user_id", user_id)?;
        let lines = parse_lines(lines)?;
        let user = self.store.user(tenant, &user_id).await.map_err(from_store)?.ok_or(ShopError::UserNotFound)?;
        let order = Order { id: new_id(), user_id, lines, status: "pending".into(), created_at: now_rfc3339() };
        self.store.add_order(tenant, &order, rules::ORDERS_PER_SANDBOX).await.map_err(from_store)?;
        Ok(OrderView { order, user })
    }
    // ANCHOR_END: place_order

    #[tracing::instrument(name = "Shop::get_order", skip_all, fields(kind = "service"))]
    async fn get_order(&self, tenant: &Tenant, id: &str) -> Result<OrderView, ShopError> {
        let id = parse_id("id", id)?;
        let order = self.store.order(tenant, &id).await.map_err(from_store)?.ok_or(ShopError::OrderNotFound)?;
        let user = self.store.user(tenant, &order.user_id).await.map_err(from_store)?.ok_or(ShopError::UserNotFound)?;
        Ok(OrderView { order, user })
    }

    #[tracing::instrument(name = "Shop::list_orders", skip_all, fields(kind = "service"))]
    async fn list_orders(&self, tenant: &Tenant, user_id: Option<&str>) -> Result<Vec<OrderView>, ShopError> {
        let user_id = user_id.map(|id| parse_id("user_id", id)).transpose()?;
        let orders = self.store.orders(tenant, user_id.as_deref()).await.map_err(from_store)?;
        let users = self.store.users(tenant).await.map_err(from_store)?;
        Ok(orders
            .into_iter()
            .filter_map(|order| users.iter().find(|u| u.id == order.user_id).cloned().map(|user| OrderView { order, user }))
            .collect())
    }

    #[tracing::instrument(name = "Shop::reset", skip_all, fields(kind = "service"))]
    async fn reset(&self, tenant: &Tenant) -> Result<(), ShopError> {
        self.store.clear(tenant).await.map_err(from_store)?;
        self.mailer.clear(tenant).await.map_err(from_store)
    }
}

fn from_store(err: StoreError) -> ShopError {
    match err {
        StoreError::EmailTaken => ShopError::EmailTaken,
        StoreError::UnknownUser => ShopError::UserNotFound,
        StoreError::QuotaReached(limit) => ShopError::QuotaReached(limit),
        StoreError::Unavailable(detail) => ShopError::Unexpected(detail),
    }
}
