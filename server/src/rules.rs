//! The validation limits of the contract (DESIGN.md), shared by the five
//! backends so they agree to the letter. Each pattern decides where the
//! checks run — in a service, an entity, the domain — but the numbers and the
//! messages live here.

pub const NAME_MAX_CHARS: usize = 100;
pub const PASSWORD_MIN_CHARS: usize = 8;
/// Bounds the work argon2 does per request.
pub const PASSWORD_MAX_CHARS: usize = 256;
pub const EMAIL_MAX_CHARS: usize = 254;
pub const ITEMS_MAX: usize = 20;
pub const QUANTITY_MAX: i64 = 1000;
pub const PRICE_MAX_CENTS: i64 = 10_000_000;
pub const PRODUCT_MAX_CHARS: usize = 100;
/// Quotas per sandbox, so one visitor cannot fill the disk for the room.
pub const USERS_PER_SANDBOX: i64 = 200;
pub const ORDERS_PER_SANDBOX: i64 = 1000;

use crate::api::contract::OrderItem;

/// A rule broken: which field, and a sentence for the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    pub field: String,
    pub message: String,
}

impl Violation {
    fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self { field: field.into(), message: message.into() }
    }
}

/// Characters that show as nothing, or reorder the text around them:
/// zero-width spaces and joiners, bidirectional overrides and isolates, the
/// byte order mark. In an email they only serve to make two addresses look
/// the same (and so slip past the one-email-per-sandbox rule) or one look
/// like another.
fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{ad}' | '\u{61c}' | '\u{180e}' | '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}'
        | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{206f}' | '\u{feff}' | '\u{fff9}'..='\u{fffb}')
}

/// `local@domain.tld`, no spaces, control or invisible characters, lowercased.
pub fn email(raw: &str) -> Result<String, Violation> {
    let email = raw.trim().to_lowercase();
    let bad = || Violation::new("email", "email must look like name@example.com");
    if email.is_empty() || email.chars().count() > EMAIL_MAX_CHARS {
        return Err(bad());
    }
    let (local, domain) = email.split_once('@').ok_or_else(bad)?;
    let clean = |s: &str| {
        !s.is_empty() && s.chars().all(|c| !c.is_whitespace() && !c.is_control() && !is_invisible(c) && c != '@' && c != '<' && c != '>')
    };
    let domain_ok = clean(domain) && domain.contains('.') && !domain.starts_with('.') && !domain.ends_with('.') && !domain.contains("..");
    if clean(local) && domain_ok {
        Ok(email)
    } else {
        Err(bad())
    }
}

/// 1–100 characters after trimming, no control characters.
pub fn name(raw: &str) -> Result<String, Violation> {
    let name = raw.trim();
    let count = name.chars().count();
    if count == 0 || count > NAME_MAX_CHARS {
        return Err(Violation::new("name", format!("name must be 1 to {NAME_MAX_CHARS} characters")));
    }
    if name.chars().any(char::is_control) {
        return Err(Violation::new("name", "name must not contain control characters"));
    }
    Ok(name.to_owned())
}

pub fn password(raw: &str) -> Result<&str, Violation> {
    let count = raw.chars().count();
    if count < PASSWORD_MIN_CHARS {
        return Err(Violation::new("password", format!("password must be at least {PASSWORD_MIN_CHARS} characters")));
    }
    if count > PASSWORD_MAX_CHARS {
        return Err(Violation::new("password", format!("password must be at most {PASSWORD_MAX_CHARS} characters")));
    }
    Ok(raw)
}

pub fn item_count(count: usize) -> Result<(), Violation> {
    if (1..=ITEMS_MAX).contains(&count) {
        Ok(())
    } else {
        Err(Violation::new("items", format!("an order needs 1 to {ITEMS_MAX} items")))
    }
}

pub fn product(index: usize, raw: &str) -> Result<String, Violation> {
    let product = raw.trim();
    let count = product.chars().count();
    if count == 0 || count > PRODUCT_MAX_CHARS || product.chars().any(char::is_control) {
        return Err(Violation::new(format!("items[{index}].product"), format!("product must be 1 to {PRODUCT_MAX_CHARS} characters")));
    }
    Ok(product.to_owned())
}

pub fn quantity(index: usize, value: i64) -> Result<i64, Violation> {
    if (1..=QUANTITY_MAX).contains(&value) {
        Ok(value)
    } else {
        Err(Violation::new(format!("items[{index}].quantity"), format!("quantity must be 1 to {QUANTITY_MAX}")))
    }
}

pub fn unit_price_cents(index: usize, value: i64) -> Result<i64, Violation> {
    if (1..=PRICE_MAX_CENTS).contains(&value) {
        Ok(value)
    } else {
        Err(Violation::new(format!("items[{index}].unit_price_cents"), format!("unit_price_cents must be 1 to {PRICE_MAX_CENTS}")))
    }
}

/// Order lines as the contract sends them, checked: 1 to 20 lines, each
/// within the limits; a bad line is named (`items[2].quantity`).
pub fn order_items(items: Vec<OrderItem>) -> Result<Vec<OrderItem>, Violation> {
    item_count(items.len())?;
    items
        .into_iter()
        .enumerate()
        .map(|(i, item)| {
            Ok(OrderItem {
                product: product(i, &item.product)?,
                quantity: quantity(i, item.quantity)?,
                unit_price_cents: unit_price_cents(i, item.unit_price_cents)?,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_checked_for_shape_and_lowercased() {
        assert_eq!(email(" Ada@Example.COM ").unwrap(), "ada@example.com");
        for bad in [
            "",
            "ada",
            "ada@",
            "@example.com",
            "ada@example",
            "a b@example.com",
            "ada@@example.com",
            "ada@.com",
            "ada@example..com",
            "<a>@example.com",
            "ada\u{200b}@example.com",
            "ada@exa\u{200d}mple.com",
            "ada\u{202e}moc.elpmaxe@evil.com",
            "\u{feff}ada@example.com",
        ] {
            assert_eq!(email(bad).unwrap_err().field, "email", "{bad:?}");
        }
    }

    #[test]
    fn names_are_one_to_a_hundred_characters() {
        assert_eq!(name(" Ada ").unwrap(), "Ada");
        assert!(name("").is_err());
        assert!(name(&"é".repeat(100)).is_ok());
        assert!(name(&"é".repeat(101)).is_err());
        assert!(name("a\u{0}b").is_err());
    }

    #[test]
    fn passwords_have_a_floor_and_a_ceiling() {
        assert!(password("1234567").is_err());
        assert!(password("12345678").is_ok());
        assert!(password(&"x".repeat(257)).is_err());
    }

    #[test]
    fn item_limits_name_the_item_field() {
        assert!(item_count(0).is_err() && item_count(21).is_err() && item_count(20).is_ok());
        assert_eq!(quantity(2, 0).unwrap_err().field, "items[2].quantity");
        assert!(quantity(0, 1000).is_ok() && quantity(0, 1001).is_err());
        assert!(unit_price_cents(0, 10_000_000).is_ok() && unit_price_cents(0, 10_000_001).is_err());
        assert_eq!(product(1, "  ").unwrap_err().field, "items[1].product");
    }
}
