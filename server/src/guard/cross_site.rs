//! Cross-site requests may read the site, not change it: a state-changing
//! request (anything but GET, HEAD, OPTIONS) that the browser marks as
//! cross-site (`Sec-Fetch-Site: cross-site`), or whose `Origin` is another
//! host, is refused with 403. Requests without either header (curl, scripts,
//! old browsers) pass: the sandbox cookie is `SameSite=Lax`, so a browser
//! would not send it cross-site anyway.

use axum::body::Body;
use axum::extract::Request;
use axum::http::{header, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::api::ApiError;

pub async fn refuse_cross_site_writes(request: Request<Body>, next: Next) -> Response {
    if matches!(*request.method(), Method::GET | Method::HEAD | Method::OPTIONS) || !is_cross_site(&request) {
        return next.run(request).await;
    }
    ApiError::new(StatusCode::FORBIDDEN, "cross_site", "a request from another site cannot change data here").into_response()
}

fn is_cross_site(request: &Request<Body>) -> bool {
    let headers = request.headers();
    if let Some(site) = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        // `same-origin`, `same-site` and `none` (typed in the address bar) are fine.
        return site.eq_ignore_ascii_case("cross-site");
    }
    let Some(origin) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) else { return false };
    if origin == "null" {
        return true;
    }
    let origin_host = origin.split_once("://").map_or(origin, |(_, rest)| rest).trim_end_matches('/');
    let host = headers.get(header::HOST).and_then(|v| v.to_str().ok()).or_else(|| request.uri().authority().map(|a| a.as_str()));
    host.is_none_or(|host| !origin_host.eq_ignore_ascii_case(host))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(method: Method, headers: &[(&str, &str)]) -> Request<Body> {
        let mut builder = Request::builder().method(method).uri("/demos/layered/api/users");
        for (name, value) in headers {
            builder = builder.header(*name, *value);
        }
        builder.body(Body::empty()).unwrap()
    }

    #[test]
    fn only_other_sites_are_cross_site() {
        assert!(is_cross_site(&request(Method::POST, &[("sec-fetch-site", "cross-site")])));
        assert!(!is_cross_site(&request(Method::POST, &[("sec-fetch-site", "same-origin"), ("origin", "https://evil.example")])));
        assert!(is_cross_site(&request(Method::POST, &[("host", "patterns.example"), ("origin", "https://evil.example")])));
        assert!(!is_cross_site(&request(Method::POST, &[("host", "patterns.example"), ("origin", "https://patterns.example")])));
        assert!(is_cross_site(&request(Method::POST, &[("host", "patterns.example"), ("origin", "null")])));
        assert!(!is_cross_site(&request(Method::POST, &[])), "scripts send neither header");
    }
}
