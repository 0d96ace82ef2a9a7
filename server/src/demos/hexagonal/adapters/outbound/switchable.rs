//! Switching the persistence adapter while the demo runs, per sandbox.
//!
//! The core holds one `UserStore`; this is it. It forwards every call to the
//! adapter the sandbox chose (SQLite unless it switched to memory), which is
//! how a reader can swap the database under a running core and watch the
//! core not notice. The choice is the memory adapter holding the sandbox:
//! there is no separate registry to keep in step.

use std::sync::Arc;

use async_trait::async_trait;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Extension, Json, Router};
use serde::{Deserialize, Serialize};

use super::super::super::core::domain::{Order, Tenant, User};
use super::super::super::core::ports::outbound::{StoreError, UserStore};
use super::memory::InMemoryStore;
use super::sqlite::SqliteStore;
use crate::api::input::{created, FromForm, Input};
use crate::api::sandbox::SandboxId;
use crate::api::ApiError;

pub struct SwitchableStore {
    sqlite: SqliteStore,
    memory: InMemoryStore,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Adapter {
    Sqlite,
    Memory,
}

// ANCHOR: choose
impl SwitchableStore {
    pub fn new(sqlite: SqliteStore, memory: InMemoryStore) -> Self {
        Self { sqlite, memory }
    }

    pub fn chosen(&self, tenant: &Tenant) -> Adapter {
        if self.memory.holds(tenant) {
            Adapter::Memory
        } else {
            Adapter::Sqlite
        }
    }

    pub fn choose(&self, tenant: &Tenant, adapter: Adapter) {
        match adapter {
            Adapter::Memory => self.memory.adopt(tenant),
            Adapter::Sqlite => self.memory.release(tenant),
        }
    }

    fn pick(&self, tenant: &Tenant) -> &dyn UserStore {
        match self.chosen(tenant) {
            Adapter::Memory => &self.memory,
            Adapter::Sqlite => &self.sqlite,
        }
    }
}
// ANCHOR_END: choose

#[async_trait]
impl UserStore for SwitchableStore {
    // ANCHOR: forward
    #[tracing::instrument(name = "UserStore::add_user", skip_all, fields(kind = "port"))]
    async fn add_user(&self, tenant: &Tenant, user: &User, limit: i64) -> Result<(), StoreError> {
        self.pick(tenant).add_user(tenant, user, limit).await
    }
    // ANCHOR_END: forward

    #[tracing::instrument(name = "UserStore::user", skip_all, fields(kind = "port"))]
    async fn user(&self, tenant: &Tenant, id: &str) -> Result<Option<User>, StoreError> {
        self.pick(tenant).user(tenant, id).await
    }

    #[tracing::instrument(name = "UserStore::users", skip_all, fields(kind = "port"))]
    async fn users(&self, tenant: &Tenant) -> Result<Vec<User>, StoreError> {
        self.pick(tenant).users(tenant).await
    }

    #[tracing::instrument(name = "UserStore::add_order", skip_all, fields(kind = "port"))]
    async fn add_order(&self, tenant: &Tenant, order: &Order, limit: i64) -> Result<(), StoreError> {
        self.pick(tenant).add_order(tenant, order, limit).await
    }

    #[tracing::instrument(name = "UserStore::order", skip_all, fields(kind = "port"))]
    async fn order(&self, tenant: &Tenant, id: &str) -> Result<Option<Order>, StoreError> {
        self.pick(tenant).order(tenant, id).await
    }

    #[tracing::instrument(name = "UserStore::orders", skip_all, fields(kind = "port"))]
    async fn orders(&self, tenant: &Tenant, user_id: Option<&str>) -> Result<Vec<Order>, StoreError> {
        self.pick(tenant).orders(tenant, user_id).await
    }

    /// A reset empties both adapters and returns the sandbox to SQLite.
    #[tracing::instrument(name = "UserStore::clear", skip_all, fields(kind = "port"))]
    async fn clear(&self, tenant: &Tenant) -> Result<(), StoreError> {
        self.memory.release(tenant);
        self.sqlite.clear(tenant).await
    }
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AdapterChoice {
    pub adapter: Adapter,
}

impl FromForm for AdapterChoice {
    fn from_form(body: &[u8]) -> Result<Self, ApiError> {
        #[derive(Deserialize)]
        struct Form {
            adapter: Option<String>,
        }
        let form: Form = serde_html_form::from_bytes(body).map_err(|_| invalid_adapter())?;
        match form.adapter.as_deref() {
            Some("sqlite") => Ok(Self { adapter: Adapter::Sqlite }),
            Some("memory") => Ok(Self { adapter: Adapter::Memory }),
            _ => Err(invalid_adapter()),
        }
    }
}

fn invalid_adapter() -> ApiError {
    ApiError::validation("adapter", "adapter must be \"sqlite\" or \"memory\"")
}

/// `GET` the sandbox's persistence adapter; `PUT` (JSON) or `POST` (a form,
/// for pages without JavaScript) `{"adapter": "memory"}` to switch it.
pub fn routes(store: Arc<SwitchableStore>) -> Router {
    Router::new().route("/adapters/persistence", get(show).put(switch).post(switch)).with_state(store)
}

async fn show(State(store): State<Arc<SwitchableStore>>, Extension(sandbox): Extension<SandboxId>) -> Response {
    Json(AdapterChoice { adapter: store.chosen(&Tenant(sandbox.as_str().to_owned())) }).into_response()
}

#[tracing::instrument(name = "SwitchableStore::switch", skip_all, fields(kind = "adapter"))]
async fn switch(
    State(store): State<Arc<SwitchableStore>>,
    Extension(sandbox): Extension<SandboxId>,
    input: Input<AdapterChoice>,
) -> Response {
    let tenant = Tenant(sandbox.as_str().to_owned());
    store.choose(&tenant, input.value.adapter);
    created(&input.format, StatusCode::OK, AdapterChoice { adapter: store.chosen(&tenant) })
}
