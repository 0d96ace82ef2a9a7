//! The panel's side of the demo API in the browser: `fetch`, nothing more.
//! (While the page renders on the server, the server itself calls the API
//! in-process and hands the result over as [`super::model::PanelData`].)

use serde::de::DeserializeOwned;

use super::model::{ApiError, ErrorBody};

/// An answer of the API: its status, body and the headers the panel uses.
pub struct Reply {
    pub status: u16,
    pub body: String,
    pub trace_id: Option<String>,
    pub location: Option<String>,
}

impl Reply {
    pub fn ok(&self) -> bool {
        (200..300).contains(&self.status)
    }

    pub fn json<T: DeserializeOwned>(&self) -> Result<T, ApiError> {
        serde_json::from_str(&self.body).map_err(|err| unexpected(format!("the answer could not be read: {err}")))
    }

    /// The API's error body, or a description of what came instead.
    pub fn error(&self) -> ApiError {
        serde_json::from_str::<ErrorBody>(&self.body)
            .map(|body| body.error)
            .unwrap_or_else(|_| unexpected(format!("the server answered {}", self.status)))
    }
}

pub fn unexpected(message: String) -> ApiError {
    ApiError { code: "unexpected".into(), message, field: None }
}

/// `GET` and decode, or the API's error.
pub async fn get<T: DeserializeOwned>(url: &str) -> Result<T, ApiError> {
    let reply = send("GET", url, None).await?;
    if reply.ok() {
        reply.json()
    } else {
        Err(reply.error())
    }
}

/// Sends one request; `json` is the body, if any. The browser adds the
/// sandbox cookie itself (same origin).
#[cfg(feature = "hydrate")]
pub async fn send(method: &str, url: &str, json: Option<String>) -> Result<Reply, ApiError> {
    use wasm_bindgen::JsCast;
    use wasm_bindgen_futures::JsFuture;

    let init = web_sys::RequestInit::new();
    init.set_method(method);
    let headers = web_sys::Headers::new().map_err(js_error)?;
    headers.set("accept", "application/json").map_err(js_error)?;
    if let Some(body) = &json {
        headers.set("content-type", "application/json").map_err(js_error)?;
        init.set_body(&wasm_bindgen::JsValue::from_str(body));
    }
    init.set_headers(&headers);
    let request = web_sys::Request::new_with_str_and_init(url, &init).map_err(js_error)?;
    let response: web_sys::Response = JsFuture::from(window().fetch_with_request(&request))
        .await
        .map_err(|_| unexpected("the server could not be reached; check your connection".into()))?
        .dyn_into()
        .map_err(js_error)?;
    let body = JsFuture::from(response.text().map_err(js_error)?).await.map_err(js_error)?.as_string().unwrap_or_default();
    let header = |name: &str| response.headers().get(name).ok().flatten();
    Ok(Reply { status: response.status(), body, trace_id: header("x-trace-id"), location: header("location") })
}

#[cfg(feature = "hydrate")]
fn window() -> web_sys::Window {
    web_sys::window().expect("the panel runs in a browser window")
}

#[cfg(feature = "hydrate")]
fn js_error(err: wasm_bindgen::JsValue) -> ApiError {
    unexpected(format!("the browser refused the request: {err:?}"))
}

/// On the server nothing calls this (event handlers run only in the browser).
#[cfg(not(feature = "hydrate"))]
pub async fn send(_method: &str, _url: &str, _json: Option<String>) -> Result<Reply, ApiError> {
    Err(unexpected("requests are sent from the browser".into()))
}

/// Waits `ms` milliseconds without blocking the page.
#[cfg(feature = "hydrate")]
pub async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let _ = window().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

#[cfg(not(feature = "hydrate"))]
pub async fn sleep(_ms: i32) {}
