//! Request bodies of the demo API: JSON for programs, HTML forms for the
//! page without JavaScript. Both end as the same contract type, or as a clear
//! 4xx naming the field — never a 500.

use axum::body::{Body, Bytes};
use axum::extract::{FromRequest, Request};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use serde::de::DeserializeOwned;
use serde::Deserialize;

use super::contract::{CreateOrder, CreateUser, OrderItem};
use super::ApiError;

/// Bodies above this are refused with 413.
pub const BODY_LIMIT_BYTES: usize = 64 * 1024;

/// How the client spoke, and so how to answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Format {
    Json,
    /// A form post: answer `303 See Other` to this same-origin path.
    Form {
        return_to: String,
    },
}

/// A parsed body and the format it came in.
pub struct Input<T> {
    pub value: T,
    pub format: Format,
}

/// Contract types that can also arrive as a flat HTML form.
pub trait FromForm: Sized {
    fn from_form(body: &[u8]) -> Result<Self, ApiError>;
}

impl<S, T> FromRequest<S> for Input<T>
where
    S: Send + Sync,
    T: DeserializeOwned + FromForm,
{
    type Rejection = Response;

    async fn from_request(request: Request<Body>, state: &S) -> Result<Self, Self::Rejection> {
        let content_type = request
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .map(|v| v.split(';').next().unwrap_or("").trim().to_ascii_lowercase())
            .unwrap_or_default();
        let body = Bytes::from_request(request, state).await.map_err(|rejection| {
            if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
                ApiError::new(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    "payload_too_large",
                    format!("the body is over the {} KiB limit", BODY_LIMIT_BYTES / 1024),
                )
            } else {
                ApiError::new(StatusCode::BAD_REQUEST, "bad_request", "the body could not be read")
            }
            .into_response()
        })?;
        match content_type.as_str() {
            "application/json" => parse_json(&body).map(|value| Input { value, format: Format::Json }).map_err(IntoResponse::into_response),
            "application/x-www-form-urlencoded" => {
                let return_to = return_to(&body).map_err(IntoResponse::into_response)?;
                match T::from_form(&body) {
                    Ok(value) => Ok(Input { value, format: Format::Form { return_to } }),
                    Err(err) => Err(form_error(&return_to, &err)),
                }
            }
            _ => Err(ApiError::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "unsupported_media_type",
                "send application/json or application/x-www-form-urlencoded",
            )
            .into_response()),
        }
    }
}

/// A request with nothing to say but "do it" (`POST /projection/rebuild`):
/// a form post still says where to go back to; anything else gets JSON.
pub struct Action {
    pub format: Format,
}

impl<S: Send + Sync> FromRequest<S> for Action {
    type Rejection = Response;

    async fn from_request(request: Request<Body>, state: &S) -> Result<Self, Self::Rejection> {
        let is_form = request
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.trim_start().to_ascii_lowercase().starts_with("application/x-www-form-urlencoded"));
        if !is_form {
            return Ok(Action { format: Format::Json });
        }
        let body = Bytes::from_request(request, state)
            .await
            .map_err(|_| ApiError::new(StatusCode::BAD_REQUEST, "bad_request", "the body could not be read").into_response())?;
        let return_to = return_to(&body).map_err(IntoResponse::into_response)?;
        Ok(Action { format: Format::Form { return_to } })
    }
}

/// JSON into `T`, naming the field that does not fit.
pub fn parse_json<T: DeserializeOwned>(body: &[u8]) -> Result<T, ApiError> {
    // Syntax first, so `{} trailing` reads as malformed rather than incomplete.
    serde_json::from_slice::<serde::de::IgnoredAny>(body)
        .map_err(|err| ApiError::new(StatusCode::BAD_REQUEST, "malformed_json", format!("the body is not valid JSON: {err}")))?;
    let mut deserializer = serde_json::Deserializer::from_slice(body);
    let value: T = serde_path_to_error::deserialize(&mut deserializer).map_err(|err| {
        let field = err.path().to_string();
        let inner = err.into_inner();
        if inner.is_syntax() || inner.is_eof() || inner.is_io() {
            return ApiError::new(StatusCode::BAD_REQUEST, "malformed_json", format!("the body is not valid JSON: {inner}"));
        }
        let message = clean_serde_message(&inner.to_string());
        let field = if field == "." { missing_field(&message).unwrap_or_default() } else { field };
        ApiError::validation(&field, message)
    })?;
    deserializer
        .end()
        .map_err(|err| ApiError::new(StatusCode::BAD_REQUEST, "malformed_json", format!("the body is not valid JSON: {err}")))?;
    Ok(value)
}

/// serde's messages end with " at line 1 column 12"; the field says where.
fn clean_serde_message(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(at) => message[..at].to_owned(),
        None => message.to_owned(),
    }
}

fn missing_field(message: &str) -> Option<String> {
    let rest = message.strip_prefix("missing field `")?;
    Some(rest.split('`').next()?.to_owned())
}

/// The same-origin path a form post returns to. Anything that could leave
/// the site (`//evil`, `https://…`, `/\evil`) is refused.
fn return_to(body: &[u8]) -> Result<String, ApiError> {
    #[derive(Deserialize)]
    struct ReturnTo {
        return_to: Option<String>,
    }
    let parsed: ReturnTo = serde_html_form::from_bytes(body).map_err(|_| ApiError::validation("return_to", "the form is malformed"))?;
    same_origin_path(&parsed.return_to.unwrap_or_default())
}

/// For a form post, where it returns to (a proxy answering for a service
/// that could not, like the microservices gateway, needs this).
pub fn form_return_to(content_type: Option<&str>, body: &[u8]) -> Option<String> {
    let is_form = content_type.is_some_and(|v| v.trim_start().to_ascii_lowercase().starts_with("application/x-www-form-urlencoded"));
    if is_form {
        return_to(body).ok()
    } else {
        None
    }
}

/// `path` if it is a path on this site; anything that could leave it is refused.
pub fn same_origin_path(path: &str) -> Result<String, ApiError> {
    let safe = path.starts_with('/')
        && !path.starts_with("//")
        && !path.contains('\\')
        && path.len() <= 512
        && !path.chars().any(char::is_control);
    if safe {
        Ok(path.to_owned())
    } else {
        Err(ApiError::validation("return_to", "a form must give a return_to path on this site, like /patterns/layered"))
    }
}

/// A form error goes back to the page, which shows it next to the field.
pub fn form_error(return_to: &str, err: &ApiError) -> Response {
    let separator = if return_to.contains('?') { '&' } else { '?' };
    let location =
        format!("{return_to}{separator}demo_error={}&demo_field={}#demo", encode(&err.message), encode(err.field.as_deref().unwrap_or("")));
    Redirect::to(&location).into_response()
}

/// `location` with `key=value` added to its query, before any `#fragment`.
pub fn with_query(location: &str, key: &str, value: &str) -> String {
    let (path, fragment) = match location.split_once('#') {
        Some((path, fragment)) => (path, Some(fragment)),
        None => (location, None),
    };
    let separator = if path.contains('?') { '&' } else { '?' };
    let mut out = format!("{path}{separator}{key}={}", encode(value));
    if let Some(fragment) = fragment {
        out.push('#');
        out.push_str(fragment);
    }
    out
}

pub fn encode(text: &str) -> String {
    let mut out = String::new();
    for byte in text.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => out.push(byte as char),
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

impl FromForm for CreateUser {
    fn from_form(body: &[u8]) -> Result<Self, ApiError> {
        #[derive(Deserialize)]
        struct Form {
            email: Option<String>,
            name: Option<String>,
            password: Option<String>,
        }
        let form: Form = serde_html_form::from_bytes(body).map_err(|_| ApiError::validation("", "the form is malformed"))?;
        Ok(CreateUser {
            email: form.email.ok_or_else(|| ApiError::validation("email", "email is required"))?,
            name: form.name.ok_or_else(|| ApiError::validation("name", "name is required"))?,
            password: form.password.ok_or_else(|| ApiError::validation("password", "password is required"))?,
        })
    }
}

impl FromForm for CreateOrder {
    /// Item lines arrive as repeated `product`, `quantity`, `unit_price_cents`
    /// fields; a line left entirely blank is skipped.
    fn from_form(body: &[u8]) -> Result<Self, ApiError> {
        #[derive(Deserialize)]
        struct Form {
            user_id: Option<String>,
            #[serde(default)]
            product: Vec<String>,
            #[serde(default)]
            quantity: Vec<String>,
            #[serde(default)]
            unit_price_cents: Vec<String>,
        }
        let form: Form = serde_html_form::from_bytes(body).map_err(|_| ApiError::validation("", "the form is malformed"))?;
        let lines = form.product.len().max(form.quantity.len()).max(form.unit_price_cents.len());
        let mut items = Vec::new();
        for line in 0..lines {
            let cell = |column: &[String]| column.get(line).map(|s| s.trim().to_owned()).unwrap_or_default();
            let (product, quantity, price) = (cell(&form.product), cell(&form.quantity), cell(&form.unit_price_cents));
            if product.is_empty() && quantity.is_empty() && price.is_empty() {
                continue;
            }
            let index = items.len();
            let number = |value: &str, name: &str| {
                value
                    .parse::<i64>()
                    .map_err(|_| ApiError::validation(&format!("items[{index}].{name}"), format!("{name} must be a whole number")))
            };
            items.push(OrderItem {
                product,
                quantity: number(&quantity, "quantity")?,
                unit_price_cents: number(&price, "unit_price_cents")?,
            });
        }
        Ok(CreateOrder { user_id: form.user_id.ok_or_else(|| ApiError::validation("user_id", "user_id is required"))?, items })
    }
}

/// Answers a successful write: the created resource as JSON, or, for a form,
/// `303 See Other` back to the page.
pub fn created<B: serde::Serialize>(format: &Format, status: StatusCode, body: B) -> Response {
    match format {
        Format::Json => (status, axum::Json(body)).into_response(),
        Format::Form { return_to } => Redirect::to(&format!("{return_to}#demo")).into_response(),
    }
}

/// Answers a failed write in the client's format.
pub fn failed(format: &Format, err: ApiError) -> Response {
    match format {
        Format::Json => err.into_response(),
        // A page without JavaScript shows any error beside its form,
        // a service that is down (503) included.
        Format::Form { return_to } => form_error(return_to, &err),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_errors_name_the_field() {
        let err =
            parse_json::<CreateOrder>(br#"{"user_id":"x","items":[{"product":"p","quantity":"two","unit_price_cents":1}]}"#).unwrap_err();
        assert_eq!(err.field.as_deref(), Some("items[0].quantity"));
        let err = parse_json::<CreateUser>(br#"{"email":"a@b.co","name":"A"}"#).unwrap_err();
        assert_eq!(err.field.as_deref(), Some("password"), "{err:?}");
        let err = parse_json::<CreateUser>(br#"{"email":"a@b.co","name":"A","password":"12345678","admin":true}"#).unwrap_err();
        assert!(err.message.contains("admin"), "{err:?}");
    }

    #[test]
    fn malformed_json_is_its_own_error() {
        for body in [&b"{"[..], b"not json", b"{\"email\": }", b"{} trailing"] {
            assert_eq!(parse_json::<CreateUser>(body).unwrap_err().code, "malformed_json");
        }
    }

    #[test]
    fn huge_numbers_are_a_validation_error_not_a_crash() {
        let err =
            parse_json::<CreateOrder>(br#"{"user_id":"x","items":[{"product":"p","quantity":1e300,"unit_price_cents":1}]}"#).unwrap_err();
        assert_eq!(err.code, "validation");
        assert_eq!(err.field.as_deref(), Some("items[0].quantity"));
    }

    #[test]
    fn return_paths_must_stay_on_the_site() {
        assert_eq!(return_to(b"return_to=%2Fpatterns%2Flayered").unwrap(), "/patterns/layered");
        for bad in [
            &b""[..],
            b"return_to=https%3A%2F%2Fevil.example",
            b"return_to=%2F%2Fevil.example",
            b"return_to=%2F%5Cevil",
            b"return_to=relative",
        ] {
            assert!(return_to(bad).is_err(), "{}", String::from_utf8_lossy(bad));
        }
    }

    #[test]
    fn query_pairs_go_before_the_fragment() {
        assert_eq!(with_query("/p#demo", "demo_trace", "a b"), "/p?demo_trace=a%20b#demo");
        assert_eq!(with_query("/p?x=1#demo", "t", "2"), "/p?x=1&t=2#demo");
        assert_eq!(with_query("/p", "t", "2"), "/p?t=2");
    }

    #[test]
    fn order_forms_become_item_lines_skipping_blank_ones() {
        let order =
            CreateOrder::from_form(b"user_id=u&product=Tea&quantity=2&unit_price_cents=350&product=&quantity=&unit_price_cents=").unwrap();
        assert_eq!(order.items, [OrderItem { product: "Tea".into(), quantity: 2, unit_price_cents: 350 }]);
        let err = CreateOrder::from_form(b"user_id=u&product=Tea&quantity=two&unit_price_cents=1").unwrap_err();
        assert_eq!(err.field.as_deref(), Some("items[0].quantity"));
    }
}
