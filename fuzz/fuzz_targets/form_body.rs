//! Any bytes as an HTML form post to the demo API (`POST /users`, `POST
//! /orders`, and the `return_to` every form carries): parsing must never
//! panic, refusals are 4xx, an accepted `return_to` stays on the site and
//! always makes a valid `303` back to it. The same input also goes through
//! the other small parsers of untrusted text: sandbox codes and search words.
#![no_main]

use axum::http::StatusCode;
use axum::response::IntoResponse;
use libfuzzer_sys::fuzz_target;
use server::api::contract::{CreateOrder, CreateUser};
use server::api::input::{created, failed, form_return_to, same_origin_path, with_query, Format, FromForm};
use server::api::sandbox::{self, SandboxId};
use server::api::ApiError;
use server::search::words_of;

const FORM: &str = "application/x-www-form-urlencoded";

fuzz_target!(|body: &[u8]| {
    let user = CreateUser::from_form(body);
    let order = CreateOrder::from_form(body);
    for err in [user.as_ref().err(), order.as_ref().err()].into_iter().flatten() {
        assert!(err.status.is_client_error(), "{err:?}");
    }
    if let Ok(order) = &order {
        // Blank lines are skipped and cells trimmed, so no item is empty.
        for item in &order.items {
            assert_eq!(item.product.trim(), item.product);
        }
    }

    if let Some(return_to) = form_return_to(Some(FORM), body) {
        check_return_to(&return_to, order.err().or(user.err()));
    }

    if let Ok(text) = std::str::from_utf8(body) {
        check_sandbox(text);
        check_words(text);
    }
});

/// A path the form may return to: on this site, and every answer to the
/// form (success, error, with a trace id) is a real redirect to it.
fn check_return_to(return_to: &str, err: Option<ApiError>) {
    assert!(return_to.starts_with('/') && !return_to.starts_with("//") && !return_to.contains('\\'), "{return_to:?}");
    assert_eq!(same_origin_path(return_to).as_deref(), Ok(return_to));

    let format = Format::Form { return_to: return_to.to_owned() };
    let answers = [
        created(&format, StatusCode::CREATED, ()),
        failed(&format, err.unwrap_or_else(|| ApiError::validation("email", "email is required"))),
        failed(&format, ApiError::internal("fuzzing")),
    ];
    for answer in answers {
        assert_eq!(answer.status(), StatusCode::SEE_OTHER, "{return_to:?}");
    }
    let traced = with_query(return_to, "demo_trace", "0190aaaa-bbbb-cccc-dddd-eeeeffff0000");
    assert_eq!(axum::response::Redirect::to(&traced).into_response().status(), StatusCode::SEE_OTHER, "{traced:?}");
}

fn check_sandbox(text: &str) {
    for candidate in [text, text.trim()] {
        if let Ok(id) = SandboxId::parse(candidate) {
            assert_eq!(id.as_str(), candidate);
            assert!((8..=64).contains(&candidate.len()));
            // A valid code always makes a real cookie, never the fallback.
            let cookie = sandbox::cookie(&id);
            assert!(cookie.to_str().is_ok_and(|c| c.contains(candidate)), "{cookie:?}");
        }
    }
}

fn check_words(text: &str) {
    let words = words_of(text);
    assert!(words.len() <= 8, "{words:?}");
    for word in &words {
        assert!(!word.is_empty());
        // No FTS5 syntax can survive: no ASCII but letters and digits.
        assert!(word.chars().all(|c| !c.is_ascii() || c.is_ascii_alphanumeric()), "{word:?}");
        assert_eq!(&word.to_lowercase(), word);
    }
}
