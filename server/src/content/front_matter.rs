//! Front matter: the TOML block between `+++` lines that opens every page.

use serde::Deserialize;

/// The keys a page may set. Unknown keys are refused so a typo (`summmary`)
/// is caught rather than silently ignored.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    pub title: String,
    pub slug: String,
    pub order: i64,
    pub summary: String,
    pub demo: Option<String>,
}

/// The markdown after the front matter, and the file line it starts on.
#[derive(Debug)]
pub struct Body<'a> {
    pub text: &'a str,
    pub first_line: usize,
}

#[derive(Debug, PartialEq, Eq)]
pub struct FrontMatterError {
    pub line: usize,
    pub message: String,
}

const FENCE: &str = "+++";

/// Splits `source` into checked front matter and body.
pub fn split(source: &str) -> Result<(FrontMatter, Body<'_>), FrontMatterError> {
    let fail = |line: usize, message: String| FrontMatterError { line, message };
    let mut lines = source.split_inclusive('\n');
    if lines.next().map(str::trim_end) != Some(FENCE) {
        return Err(fail(1, "the file must open with `+++` front matter".into()));
    }
    let toml_start = source.find('\n').map_or(source.len(), |i| i + 1);
    let mut offset = toml_start;
    let mut closing = None;
    for (index, line) in lines.enumerate() {
        if line.trim_end() == FENCE {
            closing = Some((offset, offset + line.len(), index + 2));
            break;
        }
        offset += line.len();
    }
    let Some((toml_end, body_start, fence_line)) = closing else {
        return Err(fail(1, "the front matter is not closed by a `+++` line".into()));
    };

    let toml_text = &source[toml_start..toml_end];
    let meta: FrontMatter = toml::from_str(toml_text).map_err(|err| {
        // Line 1 is the opening fence, so TOML's first line is the file's second.
        let line = err.span().map_or(2, |span| 2 + line_index(toml_text, span.start));
        fail(line, format!("front matter: {}", err.message()))
    })?;
    check(&meta, toml_text).map_err(|(key, message)| fail(2 + key_line(toml_text, key), message))?;

    Ok((meta, Body { text: &source[body_start..], first_line: fence_line + 1 }))
}

/// Rules serde cannot express; returns the offending key and a message.
fn check(meta: &FrontMatter, _toml: &str) -> Result<(), (&'static str, String)> {
    if meta.title.trim().is_empty() {
        return Err(("title", "front matter: `title` must not be empty".into()));
    }
    if meta.summary.trim().is_empty() {
        return Err(("summary", "front matter: `summary` must not be empty".into()));
    }
    let slug_ok = !meta.slug.is_empty() && meta.slug.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if !slug_ok {
        return Err(("slug", format!("front matter: `slug` must be lowercase letters, digits and dashes, not {:?}", meta.slug)));
    }
    if let Some(demo) = &meta.demo {
        if !app::guide::PATTERNS.contains(&demo.as_str()) {
            return Err(("demo", format!("front matter: unknown `demo` {demo:?}; expected one of {}", app::guide::PATTERNS.join(", "))));
        }
    }
    Ok(())
}

fn line_index(text: &str, byte: usize) -> usize {
    text[..byte.min(text.len())].matches('\n').count()
}

fn key_line(toml: &str, key: &str) -> usize {
    toml.lines().position(|line| line.trim_start().strip_prefix(key).is_some_and(|rest| rest.trim_start().starts_with('='))).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = "+++\ntitle = \"Clean\"\nslug = \"clean\"\norder = 3\nsummary = \"s\"\ndemo = \"clean\"\n+++\n# Body\n";

    #[test]
    fn splits_front_matter_from_the_body_and_knows_where_the_body_starts() {
        let (meta, body) = split(GOOD).unwrap();
        assert_eq!(meta.slug, "clean");
        assert_eq!(meta.demo.as_deref(), Some("clean"));
        assert_eq!(body.text, "# Body\n");
        assert_eq!(body.first_line, 8);
    }

    #[test]
    fn a_missing_key_is_named() {
        let err = split("+++\ntitle = \"T\"\nslug = \"t\"\norder = 1\n+++\n").unwrap_err();
        assert!(err.message.contains("summary"), "{}", err.message);
    }

    #[test]
    fn an_unknown_key_is_named_with_its_line() {
        let err = split("+++\ntitle = \"T\"\nslug = \"t\"\norder = 1\nsummary = \"s\"\nauthor = \"me\"\n+++\n").unwrap_err();
        assert!(err.message.contains("author"), "{}", err.message);
        assert_eq!(err.line, 6);
    }

    #[test]
    fn a_wrong_type_points_at_its_line() {
        let err = split("+++\ntitle = \"T\"\nslug = \"t\"\norder = \"first\"\nsummary = \"s\"\n+++\n").unwrap_err();
        assert_eq!(err.line, 4);
    }

    #[test]
    fn an_unknown_demo_is_refused_on_its_line() {
        let err = split("+++\ntitle = \"T\"\nslug = \"t\"\norder = 1\nsummary = \"s\"\ndemo = \"mvc\"\n+++\n").unwrap_err();
        assert_eq!(err.line, 6);
        assert!(err.message.contains("mvc"));
    }

    #[test]
    fn a_file_without_front_matter_or_closing_fence_is_refused() {
        assert_eq!(split("# Title\n").unwrap_err().line, 1);
        assert!(split("+++\ntitle = \"T\"\n").unwrap_err().message.contains("not closed"));
    }
}
