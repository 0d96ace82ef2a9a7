//! Looking at the demo databases from outside the server, read-only: the
//! integrity of every file, and the counts that say whether the CQRS
//! projection and the microservices outboxes have caught up.
//!
//! Read-only matters twice. Right after the kill it lets us count what was
//! pending without checkpointing the WAL the restarted server must recover
//! (a read-write connection would do that on close). While the server runs,
//! a WAL reader never blocks its writers.

use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;

use anyhow::Context;
use sqlx::sqlite::{SqliteConnectOptions, SqliteConnection};
use sqlx::{ConnectOptions, Connection};

/// `PRAGMA integrity_check` of one database file.
#[derive(Debug, Clone)]
pub struct Integrity {
    pub file: String,
    /// `ok`, or SQLite's list of what is wrong.
    pub verdict: String,
}

impl Integrity {
    pub fn is_ok(&self) -> bool {
        self.verdict == "ok"
    }
}

/// Every `*.db` under `data_dir`, checked.
pub async fn integrity(data_dir: &Path) -> anyhow::Result<Vec<Integrity>> {
    let mut results = Vec::new();
    for path in database_files(data_dir)? {
        let mut conn = open_read_only(&path).await?;
        let rows: Vec<String> = sqlx::query_scalar("PRAGMA integrity_check")
            .fetch_all(&mut conn)
            .await
            .with_context(|| format!("failed to check {}", path.display()))?;
        conn.close().await.ok();
        let file = path.file_name().map_or_else(|| path.display().to_string(), |f| f.to_string_lossy().into_owned());
        results.push(Integrity { file, verdict: rows.join("; ") });
    }
    Ok(results)
}

fn database_files(data_dir: &Path) -> anyhow::Result<Vec<PathBuf>> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(data_dir)
        .with_context(|| format!("failed to list {}", data_dir.display()))?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == "db"))
        .collect();
    files.sort();
    Ok(files)
}

/// The CQRS demo's two sides, counted.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct CqrsCounts {
    /// Sequence number of the last event in the store.
    pub last_event: i64,
    /// Where the projector resumes: everything up to here is in the views.
    pub checkpoint: i64,
    pub user_events: i64,
    pub order_events: i64,
    pub user_views: i64,
    pub order_views: i64,
}

impl CqrsCounts {
    pub fn unprojected(&self) -> i64 {
        self.last_event - self.checkpoint
    }

    pub fn events(&self) -> i64 {
        self.user_events + self.order_events
    }

    pub fn projected(&self) -> i64 {
        self.user_views + self.order_views
    }
}

pub async fn cqrs(data_dir: &Path) -> anyhow::Result<CqrsCounts> {
    let mut write = open_read_only(&data_dir.join("cqrs_write.db")).await?;
    let mut read = open_read_only(&data_dir.join("cqrs_read.db")).await?;
    let counts = CqrsCounts {
        last_event: count(&mut write, "SELECT COALESCE(MAX(sequence), 0) FROM events").await?,
        // Read after the events: the checkpoint can only have moved forward.
        checkpoint: count(&mut read, "SELECT position FROM checkpoint WHERE id = 1").await?,
        user_events: count(&mut write, "SELECT COUNT(*) FROM events WHERE event_type = 'UserCreated'").await?,
        order_events: count(&mut write, "SELECT COUNT(*) FROM events WHERE event_type = 'OrderPlaced'").await?,
        user_views: count(&mut read, "SELECT COUNT(*) FROM users_view").await?,
        order_views: count(&mut read, "SELECT COUNT(*) FROM orders_view").await?,
    };
    write.close().await.ok();
    read.close().await.ok();
    Ok(counts)
}

/// The microservices demo's orders, payments and both outboxes, counted.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct BusCounts {
    pub orders: i64,
    pub unpaid_orders: i64,
    /// `order.created` events ever written by orders.
    pub order_events: i64,
    pub orders_outbox_pending: i64,
    /// `payment.completed` events applied by orders (its inbox).
    pub orders_inbox: i64,
    pub payments: i64,
    /// Orders charged, each counted once.
    pub paid_order_ids: i64,
    /// `payment.completed` events ever written by payments.
    pub payment_events: i64,
    pub payments_outbox_pending: i64,
    /// `order.created` events applied by payments (its inbox).
    pub payments_inbox: i64,
}

impl BusCounts {
    pub fn pending(&self) -> i64 {
        self.orders_outbox_pending + self.payments_outbox_pending
    }

    /// Nothing left to deliver and every order paid.
    pub fn settled(&self) -> bool {
        self.pending() == 0 && self.unpaid_orders == 0
    }

    /// Payments beyond one per order: a charge applied twice.
    pub fn duplicate_payments(&self) -> i64 {
        self.payments - self.paid_order_ids
    }

    /// What "exactly once" means end to end, once settled: each order
    /// announced once and charged once, each charge announced once, and each
    /// event acted on once by its subscriber.
    pub fn exactly_once_violations(&self) -> Vec<String> {
        let mut violations = Vec::new();
        let mut expect = |what: &str, left: i64, right: i64| {
            if left != right {
                violations.push(format!("{what}: {left} ≠ {right}"));
            }
        };
        expect("order.created events vs orders", self.order_events, self.orders);
        expect("orders charged vs orders", self.paid_order_ids, self.orders);
        expect("payments vs orders charged (duplicate charges)", self.payments, self.paid_order_ids);
        expect("payment.completed events vs payments", self.payment_events, self.payments);
        expect("order.created events applied by payments vs sent", self.payments_inbox, self.order_events);
        expect("payment.completed events applied by orders vs sent", self.orders_inbox, self.payment_events);
        violations
    }
}

pub async fn bus(data_dir: &Path) -> anyhow::Result<BusCounts> {
    let mut orders = open_read_only(&data_dir.join("ms_orders.db")).await?;
    let mut payments = open_read_only(&data_dir.join("ms_payments.db")).await?;
    let counts = BusCounts {
        orders: count(&mut orders, "SELECT COUNT(*) FROM orders").await?,
        unpaid_orders: count(&mut orders, "SELECT COUNT(*) FROM orders WHERE status <> 'paid'").await?,
        order_events: count(&mut orders, "SELECT COUNT(*) FROM outbox WHERE topic = 'order.created'").await?,
        orders_outbox_pending: count(&mut orders, "SELECT COUNT(*) FROM outbox WHERE delivered_at_ms IS NULL").await?,
        orders_inbox: count(&mut orders, "SELECT COUNT(*) FROM processed_events").await?,
        payments: count(&mut payments, "SELECT COUNT(*) FROM payments").await?,
        paid_order_ids: count(&mut payments, "SELECT COUNT(DISTINCT order_id) FROM payments").await?,
        payment_events: count(&mut payments, "SELECT COUNT(*) FROM outbox WHERE topic = 'payment.completed'").await?,
        payments_outbox_pending: count(&mut payments, "SELECT COUNT(*) FROM outbox WHERE delivered_at_ms IS NULL").await?,
        payments_inbox: count(&mut payments, "SELECT COUNT(*) FROM processed_events").await?,
    };
    orders.close().await.ok();
    payments.close().await.ok();
    Ok(counts)
}

async fn count(conn: &mut SqliteConnection, sql: &'static str) -> anyhow::Result<i64> {
    sqlx::query_scalar(sql).fetch_one(conn).await.with_context(|| format!("failed to run {sql}"))
}

async fn open_read_only(path: &Path) -> anyhow::Result<SqliteConnection> {
    anyhow::ensure!(path.exists(), "{} does not exist", path.display());
    SqliteConnectOptions::from_str("sqlite:")?
        .filename(path)
        .read_only(true)
        // The server may be writing; wait for its lock rather than fail.
        .busy_timeout(Duration::from_secs(5))
        .connect()
        .await
        .with_context(|| format!("failed to open {} read-only", path.display()))
}

#[cfg(test)]
mod tests {
    use super::BusCounts;

    fn settled(orders: i64) -> BusCounts {
        BusCounts {
            orders,
            order_events: orders,
            payments: orders,
            paid_order_ids: orders,
            payment_events: orders,
            payments_inbox: orders,
            orders_inbox: orders,
            ..Default::default()
        }
    }

    #[test]
    fn one_payment_per_order_is_exactly_once() {
        assert!(settled(3).settled());
        assert!(settled(3).exactly_once_violations().is_empty());
    }

    #[test]
    fn a_second_charge_or_a_missing_one_is_a_violation() {
        let doubled = BusCounts { payments: 4, payment_events: 4, orders_inbox: 4, ..settled(3) };
        assert_eq!(doubled.duplicate_payments(), 1);
        assert!(
            doubled.exactly_once_violations().iter().any(|v| v.contains("duplicate charges")),
            "{:?}",
            doubled.exactly_once_violations()
        );

        let lost = BusCounts { paid_order_ids: 2, payments: 2, payment_events: 2, orders_inbox: 2, ..settled(3) };
        assert!(lost.exactly_once_violations().iter().any(|v| v.contains("orders charged vs orders")));
    }

    #[test]
    fn pending_events_or_unpaid_orders_are_not_settled() {
        assert!(!BusCounts { orders_outbox_pending: 1, ..settled(3) }.settled());
        assert!(!BusCounts { unpaid_orders: 1, ..settled(3) }.settled());
    }
}
