//! The core service against the in-memory adapter and a recording mailer:
//! no database, no HTTP — the core is testable on its own.

use std::sync::{Arc, Mutex};

use async_trait::async_trait;

use super::adapters::outbound::memory::InMemoryStore;
use super::core::domain::{OrderLine, Tenant};
use super::core::ports::inbound::{ShopError, ShopPort};
use super::core::ports::outbound::{Mailer, StoreError};
use super::core::services::Shop;

#[derive(Default)]
struct RecordingMailer {
    sent: Mutex<Vec<String>>,
}

#[async_trait]
impl Mailer for RecordingMailer {
    async fn send_welcome(&self, _tenant: &Tenant, to: &str, _name: &str) -> Result<(), StoreError> {
        self.sent.lock().unwrap().push(to.to_owned());
        Ok(())
    }

    async fn clear(&self, _tenant: &Tenant) -> Result<(), StoreError> {
        self.sent.lock().unwrap().clear();
        Ok(())
    }
}

fn shop() -> (Shop, Arc<RecordingMailer>) {
    let mailer = Arc::new(RecordingMailer::default());
    (Shop::new(Arc::new(InMemoryStore::default()), mailer.clone()), mailer)
}

#[tokio::test]
async fn creating_a_user_stores_it_and_sends_one_welcome_mail() {
    let (shop, mailer) = shop();
    let tenant = Tenant("t".into());
    let user = shop.create_user(&tenant, "Ada@Example.com", "Ada", "correct horse").await.unwrap();
    assert_eq!(user.email, "ada@example.com");
    assert!(user.password_hash.starts_with("$argon2"), "hashed with argon2");
    assert_eq!(shop.list_users(&tenant).await.unwrap().len(), 1);
    assert_eq!(*mailer.sent.lock().unwrap(), ["ada@example.com"]);
}

#[tokio::test]
async fn a_duplicate_email_is_refused_and_sends_no_mail() {
    let (shop, mailer) = shop();
    let tenant = Tenant("t".into());
    shop.create_user(&tenant, "ada@example.com", "Ada", "correct horse").await.unwrap();
    let again = shop.create_user(&tenant, "ada@example.com", "Ada", "correct horse").await;
    assert!(matches!(again, Err(ShopError::EmailTaken)));
    assert_eq!(mailer.sent.lock().unwrap().len(), 1);
}

#[tokio::test]
async fn an_order_totals_its_lines_and_names_its_user() {
    let (shop, _) = shop();
    let tenant = Tenant("t".into());
    let user = shop.create_user(&tenant, "ada@example.com", "Ada", "correct horse").await.unwrap();
    let lines = vec![OrderLine { product: "Tea".into(), quantity: 4, unit_price_cents: 125 }];
    let view = shop.place_order(&tenant, &user.id, lines).await.unwrap();
    assert_eq!(view.order.total_cents(), 500);
    assert_eq!(view.user.name, "Ada");
    let other = shop.place_order(&Tenant("other".into()), &user.id, vec![]).await;
    assert!(matches!(other, Err(ShopError::Invalid(_))), "validation comes before lookup");
}
