//! `{{#include path:anchor}}`: pull lines of a real source file into a page.
//!
//! mdBook's convention: the lines between `// ANCHOR: name` and
//! `// ANCHOR_END: name` (any comment style), path relative to the markdown
//! file, without the anchor the whole file. Marker lines of other anchors are
//! dropped and the common indentation removed, so a method deep in an `impl`
//! reads as if it stood alone. Write `\{{#include …}}` to show the directive
//! itself.

use std::path::Path;

use super::error::ContentError;

/// Markdown with includes expanded, and for each of its lines the line of the
/// original file it came from (an included line maps to its directive).
pub struct Expanded {
    pub text: String,
    origin: Vec<usize>,
    /// Where each included block landed, so its code block can say which
    /// source lines it shows.
    pub included: Vec<Included>,
}

/// Lines `start..=end` (1-based) of `file` were included at expanded lines
/// `first_line..first_line + line_count`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Included {
    pub first_line: usize,
    pub line_count: usize,
    /// As written in the directive, resolved against the markdown's folder.
    pub file: std::path::PathBuf,
    pub anchor: Option<String>,
    pub start: u32,
    pub end: u32,
}

impl Expanded {
    /// The file line of 1-based expanded line `line`.
    pub fn original_line(&self, line: usize) -> usize {
        self.origin.get(line.saturating_sub(1)).copied().unwrap_or(0)
    }
}

const OPEN: &str = "{{#include ";
const CLOSE: &str = "}}";

/// Expands every include of `body`, whose first line is line `first_line` of
/// `file`. Problems go to `errors`; a failed include leaves an empty line.
pub fn expand(body: &str, first_line: usize, file: &Path, errors: &mut Vec<ContentError>) -> Expanded {
    let mut text = String::with_capacity(body.len());
    let mut origin = Vec::new();
    let mut included = Vec::new();
    for (index, line) in body.lines().enumerate() {
        let line_no = first_line + index;
        let mut sources = Vec::new();
        let replaced = expand_line(line, file, line_no, errors, &mut sources);
        // Only a directive alone on its line is a block of its own.
        if let [source] = sources.as_slice() {
            if line.trim().starts_with(OPEN) && line.trim().ends_with(CLOSE) {
                let source = source.clone();
                included.push(Included { first_line: origin.len() + 1, line_count: replaced.lines().count(), ..source });
            }
        }
        for _ in 0..replaced.lines().count().max(1) {
            origin.push(line_no);
        }
        text.push_str(&replaced);
        text.push('\n');
    }
    Expanded { text, origin, included }
}

fn expand_line(line: &str, file: &Path, line_no: usize, errors: &mut Vec<ContentError>, sources: &mut Vec<Included>) -> String {
    let mut out = String::new();
    let mut rest = line;
    while let Some(start) = rest.find(OPEN) {
        if rest[..start].ends_with('\\') {
            out.push_str(&rest[..start - 1]);
            out.push_str(OPEN);
            rest = &rest[start + OPEN.len()..];
            continue;
        }
        out.push_str(&rest[..start]);
        let after = &rest[start + OPEN.len()..];
        let Some(end) = after.find(CLOSE) else {
            errors.push(ContentError::new(file, line_no, "`{{#include` is not closed by `}}`"));
            return out;
        };
        match include(after[..end].trim(), file) {
            Ok((lines, source)) => {
                out.push_str(&lines);
                sources.push(source);
            }
            Err(message) => errors.push(ContentError::new(file, line_no, message)),
        }
        rest = &after[end + CLOSE.len()..];
    }
    out.push_str(rest);
    out
}

/// The text that `spec` (`path` or `path:anchor`) stands for, and where
/// it came from.
fn include(spec: &str, file: &Path) -> Result<(String, Included), String> {
    let (path, anchor) = match spec.rsplit_once(':') {
        Some((path, anchor)) if !anchor.is_empty() => (path, Some(anchor)),
        _ => (spec, None),
    };
    let base = file.parent().unwrap_or(Path::new("."));
    let target = base.join(path);
    let source =
        std::fs::read_to_string(&target).map_err(|err| format!("cannot include `{path}`: {err} (looked at {})", target.display()))?;
    let (lines, first): (Vec<&str>, usize) = match anchor {
        None => (source.lines().collect(), 1),
        Some(anchor) => anchored(&source, anchor).ok_or_else(|| match find_marker(&source, "ANCHOR:", anchor) {
            Some(_) => format!("anchor `{anchor}` in `{path}` has no `ANCHOR_END: {anchor}`"),
            None => format!("anchor `{anchor}` not found in `{path}`"),
        })?,
    };
    let last = first + lines.len().saturating_sub(1);
    let kept: Vec<&str> = lines.into_iter().filter(|l| !is_marker(l)).collect();
    let origin =
        Included { first_line: 0, line_count: 0, file: target, anchor: anchor.map(str::to_owned), start: first as u32, end: last as u32 };
    Ok((dedent(&kept), origin))
}

/// The lines between the markers, and the 1-based line number of the first.
fn anchored<'a>(source: &'a str, anchor: &str) -> Option<(Vec<&'a str>, usize)> {
    let lines: Vec<&str> = source.lines().collect();
    let start = find_marker(source, "ANCHOR:", anchor)?;
    let end = lines[start + 1..].iter().position(|l| marker_name(l, "ANCHOR_END:") == Some(anchor))? + start + 1;
    Some((lines[start + 1..end].to_vec(), start + 2))
}

fn find_marker(source: &str, kind: &str, anchor: &str) -> Option<usize> {
    source.lines().position(|l| marker_name(l, kind) == Some(anchor))
}

/// The anchor named on a marker line of `kind`, if `line` is one.
fn marker_name<'a>(line: &'a str, kind: &str) -> Option<&'a str> {
    let at = line.find(kind)?;
    line[at + kind.len()..].split_whitespace().next()
}

fn is_marker(line: &str) -> bool {
    marker_name(line, "ANCHOR:").is_some() || marker_name(line, "ANCHOR_END:").is_some()
}

fn dedent(lines: &[&str]) -> String {
    let indent = lines.iter().filter(|l| !l.trim().is_empty()).map(|l| l.len() - l.trim_start().len()).min().unwrap_or(0);
    let mut out = String::new();
    for (i, line) in lines.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str(line.get(indent..).unwrap_or_else(|| line.trim_start()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("code.rs"),
            "fn outer() {\n    // ANCHOR: inner\n    let a = 1;\n    // ANCHOR: nested\n        let b = 2;\n    // ANCHOR_END: nested\n    // ANCHOR_END: inner\n}\n// ANCHOR: open\n",
        )
        .unwrap();
        dir
    }

    fn run(body: &str, dir: &Path) -> (Expanded, Vec<ContentError>) {
        let mut errors = Vec::new();
        let expanded = expand(body, 10, &dir.join("page.md"), &mut errors);
        (expanded, errors)
    }

    #[test]
    fn an_anchor_brings_its_lines_dedented_without_markers() {
        let dir = fixture();
        let (out, errors) = run("```rust\n{{#include code.rs:inner}}\n```\n", dir.path());
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(out.text, "```rust\nlet a = 1;\n    let b = 2;\n```\n");
    }

    #[test]
    fn included_lines_map_back_to_the_directive_and_later_lines_keep_their_numbers() {
        let dir = fixture();
        let (out, _) = run("a\n{{#include code.rs:inner}}\nb\n", dir.path());
        assert_eq!(out.original_line(1), 10);
        assert_eq!(out.original_line(2), 11);
        assert_eq!(out.original_line(3), 11);
        assert_eq!(out.original_line(4), 12);
    }

    #[test]
    fn without_an_anchor_the_whole_file_is_included() {
        let dir = fixture();
        let (out, errors) = run("{{#include code.rs}}\n", dir.path());
        assert!(errors.is_empty());
        assert!(out.text.starts_with("fn outer() {\n    let a = 1;"));
    }

    #[test]
    fn a_missing_file_is_an_error_on_the_directive_line() {
        let dir = fixture();
        let (_, errors) = run("x\n{{#include nope.rs:a}}\n", dir.path());
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].line, 11);
        assert!(errors[0].message.contains("nope.rs"), "{}", errors[0].message);
    }

    #[test]
    fn a_missing_anchor_and_an_unclosed_anchor_are_errors() {
        let dir = fixture();
        let (_, errors) = run("{{#include code.rs:ghost}}\n{{#include code.rs:open}}\n", dir.path());
        assert_eq!(errors.len(), 2);
        assert!(errors[0].message.contains("`ghost` not found"));
        assert!(errors[1].message.contains("no `ANCHOR_END: open`"));
    }

    #[test]
    fn an_escaped_directive_is_shown_literally() {
        let dir = fixture();
        let (out, errors) = run("\\{{#include code.rs:inner}}\n", dir.path());
        assert!(errors.is_empty());
        assert_eq!(out.text, "{{#include code.rs:inner}}\n");
    }
}
