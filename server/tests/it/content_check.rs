//! `server check-content` and the rules behind it: each fixture under
//! `tests/fixtures/content/<kind>/` is a valid `index.md` beside a
//! `broken.md` with one kind of mistake, and must be refused naming that
//! file, the line and the kind. (`fixtures/content/public/` is the fixtures'
//! site root, for the image checks.)

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use server::content::{self, ContentError};

fn fixture(kind: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/content").join(kind)
}

fn errors_of(kind: &str) -> Vec<ContentError> {
    match content::load_guide(&fixture(kind), &content::Highlighter::new()) {
        Ok(guide) => panic!("fixture `{kind}` loaded with {} pages, expected errors", guide.pages.len()),
        Err(errors) => errors.0,
    }
}

/// (fixture, line in `broken.md`, words of the message).
const CASES: [(&str, usize, &str); 9] = [
    ("front-matter", 5, "front matter: unknown field `sumary`"),
    ("include-file", 13, "cannot include `missing.rs`"),
    ("include-anchor", 13, "anchor `missing` not found in `code.rs`"),
    ("link-page", 12, "broken link `/patterns/nowhere`: no page at `/patterns/nowhere`"),
    ("link-anchor", 12, "broken link `/#use-cases`: `/` has no heading or code block with id `use-cases`"),
    ("fence-language", 14, "unknown code-fence language `klingon`"),
    ("empty-diagram", 10, "svgbob diagram `A diagram of nothing` renders empty"),
    ("image-missing", 12, "image `/lost.svg` not found"),
    ("image-alt", 12, "image `/diagram.svg` needs alt text"),
];

#[test]
fn each_kind_of_content_error_is_caught_with_its_file_and_line() {
    for (kind, line, message) in CASES {
        let errors = errors_of(kind);
        let listed: Vec<String> = errors.iter().map(ToString::to_string).collect();
        assert_eq!(errors.len(), 1, "{kind}: exactly the one mistake should be reported: {listed:#?}");
        let error = &errors[0];
        assert!(error.file.ends_with("broken.md"), "{kind}: {listed:?}");
        assert_eq!(error.line, line, "{kind}: {listed:?}");
        assert!(error.message.contains(message), "{kind}: expected {message:?} in {listed:?}");
    }
}

fn check_content(content_dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_server"))
        .arg("check-content")
        .env("CONTENT_DIR", content_dir)
        .env("RUST_LOG", "warn")
        .output()
        .expect("failed to run the server binary")
}

#[test]
fn check_content_exits_non_zero_listing_file_and_line_of_every_problem() {
    for (kind, line, message) in CASES {
        let output = check_content(&fixture(kind));
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(1), "{kind}: {stderr}");
        let expected = format!("broken.md:{line}: {message}");
        assert!(stderr.lines().any(|l| l.contains(&expected)), "{kind}: expected a line with {expected:?} in:\n{stderr}");
        assert!(stderr.contains("1 content error:"), "{kind}: {stderr}");
    }
}

#[test]
fn check_content_passes_on_the_real_content() {
    let output = check_content(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../content"));
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    assert!(String::from_utf8_lossy(&output.stdout).contains("content ok:"));
}
