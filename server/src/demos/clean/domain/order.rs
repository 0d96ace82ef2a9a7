//! The order entity: lines of product, quantity and price, and a total the
//! entity computes itself — it is never taken from outside.

use super::user::UserId;
use crate::rules::{self, Violation};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderId(pub String);

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderLine {
    pub product: String,
    pub quantity: i64,
    pub unit_price_cents: i64,
}

impl OrderLine {
    /// Checks one line; `index` names it in errors (`items[2].quantity`).
    pub fn new(index: usize, product: &str, quantity: i64, unit_price_cents: i64) -> Result<Self, Violation> {
        Ok(Self {
            product: rules::product(index, product)?,
            quantity: rules::quantity(index, quantity)?,
            unit_price_cents: rules::unit_price_cents(index, unit_price_cents)?,
        })
    }
}

// ANCHOR: order
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Order {
    pub id: OrderId,
    pub user_id: UserId,
    pub lines: Vec<OrderLine>,
    pub status: String,
    pub created_at: String,
}

impl Order {
    /// A new order starts pending and needs 1 to 20 lines.
    pub fn place(user_id: UserId, lines: Vec<OrderLine>, now: String) -> Result<Self, Violation> {
        rules::item_count(lines.len())?;
        let id = OrderId(uuid::Uuid::now_v7().to_string());
        Ok(Self { id, user_id, lines, status: "pending".into(), created_at: now })
    }

    /// Money is integer cents; 20 lines of at most 1000 × 10,000,000 fit an i64.
    pub fn total_cents(&self) -> i64 {
        self.lines.iter().map(|line| line.quantity * line.unit_price_cents).sum()
    }
}
// ANCHOR_END: order

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_order_computes_its_own_total() {
        let lines = vec![OrderLine::new(0, "Tea", 2, 350).unwrap(), OrderLine::new(1, "Cake", 1, 425).unwrap()];
        let order = Order::place(UserId::generate(), lines, "now".into()).unwrap();
        assert_eq!(order.total_cents(), 1125);
        assert_eq!(order.status, "pending");
    }

    #[test]
    fn an_order_without_lines_is_refused() {
        assert_eq!(Order::place(UserId::generate(), vec![], "now".into()).unwrap_err().field, "items");
    }
}
