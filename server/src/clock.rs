//! Timestamps as the demo API writes them: RFC 3339, UTC, always three
//! digits of milliseconds — fixed width, so sorting the text sorts the time.
//! Kept apart from the HTTP edge so inner layers may use it.

use time::macros::format_description;

pub fn now_rfc3339() -> String {
    let format = format_description!("[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:3]Z");
    time::OffsetDateTime::now_utc().format(&format).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    #[test]
    fn timestamps_are_rfc3339_utc_with_three_digit_milliseconds() {
        let now = super::now_rfc3339();
        assert_eq!(now.len(), "2026-11-28T14:03:12.120Z".len(), "{now}");
        assert!(now.ends_with('Z'));
        assert_eq!(&now[19..20], ".");
        assert!(time::OffsetDateTime::parse(&now, &time::format_description::well_known::Rfc3339).is_ok());
    }
}
