//! The pipeline end to end: markdown files in a temporary folder in, pages
//! or errors with file and line out. Each case is data: source → expectations.

use std::path::Path;

use super::*;

fn page(body: &str) -> String {
    format!("+++\ntitle = \"T\"\nslug = \"t\"\norder = 1\nsummary = \"s\"\n+++\n{body}")
}

fn render(source: &str) -> Result<Page, Vec<ContentError>> {
    render_in(tempfile::tempdir().unwrap().path(), source)
}

/// Renders `source` as `page.md` of `dir`, a guide of one page (so links to
/// other pages are broken), with `public/` beside `dir`.
fn render_in(dir: &Path, source: &str) -> Result<Page, Vec<ContentError>> {
    let mut errors = Vec::new();
    let rendered = render_page(&dir.join("page.md"), source, &Highlighter::new(), &mut errors);
    if let Some((_, links)) = &rendered {
        links::check(std::slice::from_ref(links), &public_dir(dir), true, &mut errors);
    }
    errors.sort();
    if errors.is_empty() {
        Ok(rendered.unwrap().0)
    } else {
        Err(errors)
    }
}

#[test]
fn markdown_extensions_render() {
    let cases = [
        ("| a | b |\n|---|---|\n| 1 | 2 |\n", "<table>"),
        ("| a | b |\n|---|---|\n| 1 | 2 |\n", "<td>2</td>"),
        ("Note[^1].\n\n[^1]: The footnote.\n", "class=\"footnote-definition\""),
        ("~~gone~~\n", "<del>gone</del>"),
        ("- [x] done\n- [ ] open\n", "<span class=\"visually-hidden\">Done: </span>"),
        ("- [x] done\n- [ ] open\n", "<span class=\"visually-hidden\">To do: </span>"),
        ("## Custom {#my-id .wide}\n", "<h2 id=\"my-id\" class=\"wide\">"),
    ];
    for (markdown, expected) in cases {
        let html = render(&page(markdown)).unwrap().html;
        assert!(html.contains(expected), "{markdown:?} should give {expected:?}, got:\n{html}");
    }
}

#[test]
fn headings_get_unique_ids_anchor_links_and_a_toc_of_h2_and_h3() {
    let page = render(&page("## Pros\n### Detail\n#### Deep\n## Pros\n")).unwrap();
    assert!(page.html.contains("<h2 id=\"pros\">Pros <a class=\"anchor\" href=\"#pros\">"), "{}", page.html);
    assert!(page.html.contains("<h2 id=\"pros-1\">"));
    let toc: Vec<_> = page.toc.iter().map(|e| (e.level, e.id.as_str())).collect();
    assert_eq!(toc, [(2, "pros"), (3, "detail"), (2, "pros-1")]);
}

#[test]
fn code_is_highlighted_and_escaped_and_gets_a_hidden_copy_button() {
    let html = render(&page("```rust\nlet a = \"<b>\";\n```\n\n```text\n<tlhIngan>\n```\n")).unwrap().html;
    assert!(html.contains("<pre class=\"code\" data-lang=\"rust\""));
    assert!(html.contains("class=\"hl-"));
    assert!(html.contains("&lt;b&gt;"));
    assert!(html.contains("<code>&lt;tlhIngan&gt;\n</code>"), "plain text is only escaped: {html}");
    assert_eq!(html.matches("class=\"copy-code\"").count(), 2);
    assert!(html.contains("hidden>Copy</button>"));
}

#[test]
fn fence_languages_must_be_known_to_the_highlighter() {
    let fine = ["rust", "rust,ignore", "toml", "sql", "sh", "json", "bash", "text", "plain", "", "svgbob Boxes"];
    for lang in fine {
        let body = if lang.starts_with("svgbob") { "+--+\n|A |\n+--+" } else { "x" };
        let result = render(&page(&format!("```{lang}\n{body}\n```\n")));
        assert!(result.is_ok(), "{lang:?}: {result:?}");
    }
    let errors = render(&page("text\n\n```klingon\n<tlhIngan>\n```\n")).unwrap_err();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!((errors[0].line, errors[0].message.as_str()), (9, "unknown code-fence language `klingon`"));
}

#[test]
fn github_callouts_become_labelled_asides_and_unknown_markers_stay_quotes() {
    let cases = [
        ("> [!NOTE]\n> Read this.\n", "<aside class=\"callout callout-note\" role=\"note\" aria-label=\"Note\">"),
        ("> [!TIP]\n> Try it.\n", "<aside class=\"callout callout-tip\" role=\"note\" aria-label=\"Tip\">"),
        ("> [!WARNING]\n> Careful.\n", "<aside class=\"callout callout-warning\" role=\"note\" aria-label=\"Warning\">"),
        ("> [!IMPORTANT]\n> Mind.\n", "class=\"callout callout-important\""),
        ("> [!caution]\n> Stop.\n", "class=\"callout callout-caution\""),
        ("> [!NOTE]\n> Read **this**.\n", "</svg>Note</p>\n<p>Read <strong>this</strong>.</p>\n</aside>"),
        ("> [!TIP]\n> Try it.\n", "<svg class=\"callout-icon\" aria-hidden=\"true\" focusable=\"false\""),
        ("> [!FOO]\n> Plain.\n", "<blockquote>\n<p>[!FOO]\nPlain.</p>\n</blockquote>"),
        ("> Just a quote.\n", "<blockquote>\n<p>Just a quote.</p>\n</blockquote>"),
    ];
    for (markdown, expected) in cases {
        let html = render(&page(markdown)).unwrap().html;
        assert!(html.contains(expected), "{markdown:?} should give {expected:?}, got:\n{html}");
        assert!(!html.contains("[!NOTE]") && !html.contains("markdown-alert"), "{html}");
    }
}

#[test]
fn links_to_missing_anchors_and_pages_name_their_line() {
    // Body lines: 7 heading, 9 good link, 10 bad anchor, 12 unknown page, 13 relative.
    let source = page("## Use cases\n\nSee [here](#use-cases).\nSee [gone](#nowhere).\n\n[Other](/patterns/clean) and\n[rel](clean.md) and [web](https://example.com/#x).\n");
    let errors = render(&source).unwrap_err();
    let found: Vec<(usize, &str)> = errors.iter().map(|e| (e.line, e.message.as_str())).collect();
    assert_eq!(found.len(), 3, "{found:#?}");
    assert_eq!(found[0].0, 10);
    assert!(found[0].1.contains("`#nowhere`: this page has no heading"), "{found:?}");
    assert_eq!(found[1].0, 12);
    assert!(found[1].1.contains("no page at `/patterns/clean`"), "{found:?}");
    assert_eq!(found[2].0, 13);
    assert!(found[2].1.contains("relative"), "{found:?}");
}

#[test]
fn included_code_blocks_and_footnotes_are_link_targets() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("lib.rs"), "// ANCHOR: add\nfn add() {}\n// ANCHOR_END: add\n").unwrap();
    let source = page("```rust\n{{#include lib.rs:add}}\n```\n\n[the code](#code-lib-add), [the note](#n)[^n]\n\n[^n]: A note.\n");
    let page = render_in(dir.path(), &source).unwrap_or_else(|e| panic!("{e:#?}"));
    assert_eq!(page.code[0].id, "code-lib-add");
}

#[test]
fn images_need_alt_text_and_a_file_under_public() {
    let root = tempfile::tempdir().unwrap();
    let content = root.path().join("content");
    std::fs::create_dir_all(root.path().join("public/img")).unwrap();
    std::fs::create_dir(&content).unwrap();
    std::fs::write(root.path().join("public/img/a.svg"), "<svg/>").unwrap();
    let ok = page("![A diagram](/img/a.svg)\n\n![Remote](https://example.com/b.png)\n");
    render_in(&content, &ok).unwrap_or_else(|e| panic!("{e:#?}"));

    let bad = page("![](/img/a.svg)\n\n![Missing](/img/b.png)\n");
    let errors = render_in(&content, &bad).unwrap_err();
    let found: Vec<(usize, &str)> = errors.iter().map(|e| (e.line, e.message.as_str())).collect();
    assert_eq!(found.len(), 2, "{found:#?}");
    assert_eq!(found[0].0, 7);
    assert!(found[0].1.contains("alt text"));
    assert_eq!(found[1].0, 9);
    assert!(found[1].1.contains("not found"));
}

#[test]
fn svgbob_fences_become_titled_svg() {
    let html = render(&page("```svgbob Two boxes\n+--+   +--+\n|A |-->|B |\n+--+   +--+\n```\n")).unwrap().html;
    assert!(html.contains("<svg"), "{html}");
    assert!(html.contains("<title id=\"diagram-1\">Two boxes</title>"));
}

#[test]
fn includes_pull_anchored_lines_relative_to_the_page() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("src")).unwrap();
    std::fs::write(dir.path().join("src/lib.rs"), "// ANCHOR: add\npub fn add(a: i32, b: i32) -> i32 { a + b }\n// ANCHOR_END: add\n")
        .unwrap();
    let page = render_in(dir.path(), &page("```rust\n{{#include src/lib.rs:add}}\n```\n")).unwrap();
    assert!(page.html.contains("add"), "{}", page.html);
    assert!(!page.html.contains("ANCHOR"));
}

#[test]
fn every_error_names_its_file_and_line_and_all_are_reported_together() {
    let source = page("text\n\n# An h1\n\n{{#include missing.rs:x}}\n\n```svgbob\n+--+\n```\n\n```svgbob Blank\n   \n```\n");
    let errors = render(&source).unwrap_err();
    let found: Vec<(usize, &str)> = errors.iter().map(|e| (e.line, e.message.as_str())).collect();
    assert_eq!(errors.len(), 4, "{found:#?}");
    // The front matter takes lines 1-6; the body starts on line 7.
    assert_eq!(errors[0].line, 9, "h1: {found:?}");
    assert!(errors[0].message.contains("h1"));
    assert_eq!(errors[1].line, 11, "include: {found:?}");
    assert!(errors[1].message.contains("missing.rs"));
    assert_eq!(errors[2].line, 13, "untitled diagram: {found:?}");
    assert!(errors[2].message.contains("title"));
    assert_eq!(errors[3].line, 17, "empty diagram: {found:?}");
    assert!(errors[3].message.contains("renders empty"));
    assert!(errors.iter().all(|e| e.file.ends_with("page.md")));
}

#[test]
fn line_numbers_after_an_include_still_point_into_the_markdown() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("five.rs"), "1\n2\n3\n4\n5\n").unwrap();
    let errors = render_in(dir.path(), &page("{{#include five.rs}}\n\n# Late h1\n")).unwrap_err();
    assert_eq!(errors[0].line, 9);
}

#[test]
fn a_folder_is_loaded_in_front_matter_order_and_bad_files_are_all_listed() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, text: &str| std::fs::write(dir.path().join(name), text).unwrap();
    write("b.md", "+++\ntitle = \"B\"\nslug = \"b\"\norder = 1\nsummary = \"s\"\n+++\nB\n");
    write("a.md", "+++\ntitle = \"A\"\nslug = \"a\"\norder = 2\nsummary = \"s\"\n+++\nA\n");
    let guide = load_guide(dir.path(), &Highlighter::new()).unwrap();
    let slugs: Vec<_> = guide.pages.iter().map(|p| p.slug.as_str()).collect();
    assert_eq!(slugs, ["b", "a"]);

    write("c.md", "+++\ntitle = \"C\"\nslug = \"c\"\norder = 3\nsumary = \"typo\"\n+++\n");
    write("d.md", "no front matter\n");
    write("e.md", "+++\ntitle = \"E\"\nslug = \"a\"\norder = 4\nsummary = \"s\"\n+++\n");
    let errors = load_guide(dir.path(), &Highlighter::new()).unwrap_err();
    let text = errors.to_string();
    assert_eq!(errors.0.len(), 3, "{text}");
    assert!(text.contains("c.md:5: front matter: unknown field `sumary`"), "{text}");
    assert!(text.contains("d.md:1:"), "{text}");
    assert!(text.contains("share the slug `a`"), "{text}");
}

#[test]
fn the_real_guide_renders_without_errors() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../content");
    let guide = load_guide(&dir, &Highlighter::new()).unwrap_or_else(|e| panic!("{e}"));
    let slugs: Vec<_> = guide.pages.iter().map(|p| p.slug.as_str()).collect();
    assert_eq!(slugs, ["index", "layered", "clean", "hexagonal", "microservices", "cqrs", "choosing"]);
    for page in &guide.pages {
        assert!(!page.toc.is_empty(), "{} has no sections", page.slug);
        if page.slug != "index" {
            assert!(page.html.contains("<svg"), "{} has no diagram", page.slug);
        }
    }
}
