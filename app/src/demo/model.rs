//! The demo API as the page sees it: the contract's JSON (DESIGN.md, "Demo
//! API") as plain types, and what the server hands the panel when it renders
//! a page. The page is a client of the API like any other, so it keeps its
//! own copy of the wire types instead of borrowing the backends' (a server
//! test checks both sides still agree).

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct User {
    pub id: String,
    pub email: String,
    pub name: String,
    pub created_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Item {
    pub product: String,
    pub quantity: i64,
    pub unit_price_cents: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Order {
    pub id: String,
    pub user_id: String,
    pub user_name: String,
    pub user_email: String,
    pub items: Vec<Item>,
    pub total_cents: i64,
    pub status: String,
    pub created_at: String,
}

/// `{"error": {...}}`, the one error body of every backend.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorBody {
    pub error: ApiError,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiError {
    pub code: String,
    pub message: String,
    #[serde(default)]
    pub field: Option<String>,
}

/// What `GET /traces/{id}` returns: the steps one request took.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Trace {
    pub id: String,
    pub method: String,
    pub path: String,
    pub status: u16,
    pub duration_us: u64,
    pub steps: Vec<Step>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Step {
    pub kind: String,
    pub function: String,
    pub file: String,
    pub line: u32,
    pub depth: usize,
    pub start_us: u64,
    pub duration_us: u64,
    #[serde(default)]
    pub detail: Option<String>,
}

/// Hexagonal: `GET /mailbox`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mail {
    pub to: String,
    pub subject: String,
    pub body: String,
    pub sent_at: String,
}

/// Hexagonal: `GET /adapters/persistence`, the sandbox's persistence adapter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdapterChoice {
    pub adapter: String,
}

/// Microservices: `GET /faults`, the fault injected into each service for
/// this sandbox (`None` when the service did not answer).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Faults {
    pub users: Option<String>,
    pub orders: Option<String>,
    pub payments: Option<String>,
}

/// CQRS: `GET /projection`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Projection {
    pub delay_ms: i64,
    pub pending_events: i64,
    pub last_lag_ms: i64,
}

/// The controls only one pattern has, and their current state.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Extras {
    #[default]
    None,
    Hexagonal {
        adapter: String,
        mailbox: Vec<Mail>,
    },
    Microservices {
        faults: Faults,
    },
    Cqrs {
        projection: Projection,
    },
}

/// A block of included source code on the page: lines `start..=end` of
/// `file` (repository-relative) are shown in the element with id `id`. A
/// trace step that ran inside those lines links there.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CodeRef {
    pub id: String,
    pub file: String,
    pub start: u32,
    pub end: u32,
}

/// Everything the panel shows when the page is rendered: loaded by the
/// server through the demo API (in-process) for the visitor's sandbox.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PanelData {
    pub pattern: String,
    /// The visitor's sandbox code.
    pub sandbox: String,
    pub users: Vec<User>,
    pub orders: Vec<Order>,
    pub extras: Extras,
    /// The trace of the form post that brought the visitor back here.
    pub trace: Option<Trace>,
    /// The error of that form post, as the API reported it.
    pub error: Option<ApiError>,
    /// Set when the API could not be reached while rendering.
    pub unavailable: Option<String>,
}

/// `/compare`: the same operation (create a user, then an order for them)
/// run on each backend, and the traces it left there.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Comparison {
    pub runs: Vec<Run>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Run {
    pub pattern: String,
    /// In order: creating the user, then placing the order.
    pub traces: Vec<Trace>,
}

impl Order {
    pub fn is_settled(&self) -> bool {
        self.status != "pending"
    }
}

/// `1234` → `"$12.34"`. Money is integer cents everywhere.
pub fn format_cents(cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let cents = cents.unsigned_abs();
    format!("{sign}${}.{:02}", cents / 100, cents % 100)
}

/// The total the server will compute for these lines, for the form to show
/// before it is sent. `None` while a line is incomplete or out of range.
pub fn preview_total(lines: &[(String, String)]) -> Option<i64> {
    let mut total: i64 = 0;
    let mut any = false;
    for (quantity, price) in lines {
        if quantity.trim().is_empty() && price.trim().is_empty() {
            continue;
        }
        let quantity: i64 = quantity.trim().parse().ok()?;
        let price: i64 = price.trim().parse().ok()?;
        total = total.checked_add(quantity.checked_mul(price)?)?;
        any = true;
    }
    any.then_some(total)
}

/// `1500` µs → `"1.5 ms"`; short durations stay in µs.
pub fn format_micros(us: u64) -> String {
    if us < 1_000 {
        format!("{us} µs")
    } else if us < 10_000 {
        // Integer arithmetic: float formatting would add kilobytes to the WebAssembly.
        format!("{}.{} ms", us / 1_000, (us % 1_000) / 100)
    } else {
        format!("{} ms", us / 1_000)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_is_shown_from_cents() {
        assert_eq!(format_cents(0), "$0.00");
        assert_eq!(format_cents(1234), "$12.34");
        assert_eq!(format_cents(5), "$0.05");
    }

    #[test]
    fn the_total_preview_matches_the_server_rule() {
        let lines = vec![("2".to_owned(), "350".to_owned()), ("1".to_owned(), "100".to_owned()), (String::new(), String::new())];
        assert_eq!(preview_total(&lines), Some(800));
        assert_eq!(preview_total(&[("two".into(), "1".into())]), None);
        assert_eq!(preview_total(&[(String::new(), String::new())]), None);
        assert_eq!(preview_total(&[("9223372036854775807".into(), "2".into())]), None);
    }

    #[test]
    fn durations_read_naturally() {
        assert_eq!(format_micros(999), "999 µs");
        assert_eq!(format_micros(1_500), "1.5 ms");
        assert_eq!(format_micros(25_000), "25 ms");
    }
}
