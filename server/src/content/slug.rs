//! Heading ids: readable, stable, unique within a page.

use std::collections::HashSet;

/// Lowercase words joined by `-`, punctuation dropped: "Use it when" →
/// `use-it-when`. The rule matches GitHub's and mdBook's closely enough that
/// links written by hand (`/choosing#decision-matrix`) just work.
pub fn slugify(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    for ch in text.trim().chars() {
        if ch.is_alphanumeric() {
            slug.extend(ch.to_lowercase());
        } else if (ch == ' ' || ch == '-' || ch == '_') && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    let slug = slug.trim_matches('-').to_owned();
    if slug.is_empty() {
        "section".to_owned()
    } else {
        slug
    }
}

/// Hands out ids, suffixing `-1`, `-2` … when a heading text repeats.
#[derive(Default)]
pub struct UniqueIds {
    taken: HashSet<String>,
}

impl UniqueIds {
    pub fn claim(&mut self, wanted: String) -> String {
        if self.taken.insert(wanted.clone()) {
            return wanted;
        }
        let mut n = 1;
        loop {
            let candidate = format!("{wanted}-{n}");
            if self.taken.insert(candidate.clone()) {
                return candidate;
            }
            n += 1;
        }
    }

    /// Every id handed out: what links on the page may point at.
    pub fn into_taken(self) -> HashSet<String> {
        self.taken
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_lowercase_words_joined_by_dashes() {
        assert_eq!(slugify("Use it when"), "use-it-when");
        assert_eq!(slugify("Pros & cons"), "pros-cons");
        assert_eq!(slugify("CQRS (command query)"), "cqrs-command-query");
        assert_eq!(slugify("  !!  "), "section");
    }

    #[test]
    fn repeated_headings_get_numbered_ids() {
        let mut ids = UniqueIds::default();
        assert_eq!(ids.claim("pros".into()), "pros");
        assert_eq!(ids.claim("pros".into()), "pros-1");
        assert_eq!(ids.claim("pros".into()), "pros-2");
    }
}
