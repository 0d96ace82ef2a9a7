//! Timestamps as the demo API writes them: RFC 3339, UTC, milliseconds.
//! Kept apart from the HTTP edge so inner layers may use it.

pub fn now_rfc3339() -> String {
    let now = time::OffsetDateTime::now_utc();
    let millis = now.millisecond();
    let now = now.replace_nanosecond(u32::from(millis) * 1_000_000).unwrap_or(now);
    now.format(&time::format_description::well_known::Rfc3339).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    #[test]
    fn timestamps_are_rfc3339_utc_with_milliseconds() {
        let now = super::now_rfc3339();
        assert_eq!(now.len(), "2026-11-28T14:03:12.123Z".len(), "{now}");
        assert!(now.ends_with('Z'));
    }
}
