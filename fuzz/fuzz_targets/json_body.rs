//! Any bytes as a JSON body of `POST /users` and `POST /orders`: parsing must
//! never panic, must answer a 4xx when it refuses, and what it accepts must
//! survive a round trip (JSON again, and the same data as a form post) and
//! the contract's validation rules without panicking.
#![no_main]

use libfuzzer_sys::fuzz_target;
use serde_json::json;
use server::api::contract::{CreateOrder, CreateUser};
use server::api::input::{encode, parse_json, FromForm};
use server::api::ApiError;
use server::rules;

fuzz_target!(|body: &[u8]| {
    match parse_json::<CreateUser>(body) {
        Ok(user) => check_user(&user),
        Err(err) => check_refusal(&err),
    }
    match parse_json::<CreateOrder>(body) {
        Ok(order) => check_order(&order),
        Err(err) => check_refusal(&err),
    }
});

/// A refusal is the client's fault, says why, and names the field when it
/// is a validation error.
fn check_refusal(err: &ApiError) {
    assert!(err.status.is_client_error(), "a body refused with {}: {err:?}", err.status);
    assert!(!err.message.is_empty(), "{err:?}");
    assert!(matches!(err.code, "malformed_json" | "validation"), "{err:?}");
}

fn check_user(user: &CreateUser) {
    let again = json!({ "email": user.email, "name": user.name, "password": user.password }).to_string();
    let reparsed = parse_json::<CreateUser>(again.as_bytes()).expect("an accepted user re-parses");
    assert_eq!((&reparsed.email, &reparsed.name, &reparsed.password), (&user.email, &user.name, &user.password));

    // The page without JavaScript posts the same fields as a form, where a
    // field left empty reads as missing ("email is required").
    let form = format!("email={}&name={}&password={}", encode(&user.email), encode(&user.name), encode(&user.password));
    let empty = [("email", &user.email), ("name", &user.name), ("password", &user.password)].into_iter().find(|(_, v)| v.is_empty());
    match (CreateUser::from_form(form.as_bytes()), empty) {
        (Ok(from_form), None) => {
            assert_eq!((&from_form.email, &from_form.name, &from_form.password), (&user.email, &user.name, &user.password));
        }
        (Err(err), Some((field, _))) => assert_eq!(err.field.as_deref(), Some(field), "{err:?}"),
        (answer, empty) => panic!("the form of an accepted user gave {answer:?} (empty field: {empty:?})"),
    }

    // The rules are idempotent: a value they accept, they accept unchanged.
    if let Ok(email) = rules::email(&user.email) {
        assert_eq!(rules::email(&email).as_ref(), Ok(&email));
    }
    if let Ok(name) = rules::name(&user.name) {
        assert_eq!(rules::name(&name).as_ref(), Ok(&name));
    }
    let _ = rules::password(&user.password);
}

fn check_order(order: &CreateOrder) {
    let again = json!({ "user_id": order.user_id, "items": order.items }).to_string();
    let reparsed = parse_json::<CreateOrder>(again.as_bytes()).expect("an accepted order re-parses");
    assert_eq!(reparsed.user_id, order.user_id);
    assert_eq!(reparsed.items, order.items);

    // As a form, cells are trimmed: compare only when that changes nothing.
    if order.items.iter().all(|item| item.product.trim() == item.product) {
        let mut form = format!("user_id={}", encode(&order.user_id));
        for item in &order.items {
            form.push_str(&format!(
                "&product={}&quantity={}&unit_price_cents={}",
                encode(&item.product),
                item.quantity,
                item.unit_price_cents
            ));
        }
        match CreateOrder::from_form(form.as_bytes()) {
            Ok(from_form) => {
                assert_eq!(from_form.user_id, order.user_id);
                assert_eq!(from_form.items, order.items);
            }
            // An empty field of a form reads as missing.
            Err(err) if order.user_id.is_empty() => assert_eq!(err.field.as_deref(), Some("user_id"), "{err:?}"),
            Err(err) => panic!("the form of an accepted order gave {err:?}"),
        }
    }

    if let Ok(items) = rules::order_items(order.items.clone()) {
        assert_eq!(rules::order_items(items.clone()), Ok(items));
    }
}
