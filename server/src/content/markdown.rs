//! Markdown to HTML with pulldown-cmark, plus the site's own rendering of
//! headings (ids, anchor links, TOC), code (highlighted, with a copy button),
//! `svgbob` diagrams and GitHub-style callouts (`> [!NOTE]`). Those are
//! swapped into the event stream as finished HTML, so everything else
//! (tables, footnotes …) keeps pulldown-cmark's renderer and its state.
//!
//! Links and images are only collected here, with their lines: whether they
//! resolve is known once the whole guide is rendered ([`super::links`]).

use std::collections::HashSet;

use pulldown_cmark::{CodeBlockKind, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use app::guide::TocEntry;

use super::callout;
use super::diagram;
use super::highlight::{escape, Highlighter};
use super::include::{Expanded, Included};
use super::slug::{slugify, UniqueIds};

pub struct Rendered {
    pub html: String,
    pub toc: Vec<TocEntry>,
    pub problems: Vec<Problem>,
    /// The ids given to code blocks of included source, and what they show.
    pub code: Vec<(String, Included)>,
    /// Every id a link may point at: headings, included code blocks,
    /// footnotes.
    pub anchors: HashSet<String>,
    /// Every link and image, at its line of the expanded markdown.
    pub references: Vec<Reference>,
}

/// A link or image destination as written in the markdown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reference {
    pub line: usize,
    pub url: String,
    /// `Some(alt text)` for an image.
    pub image: Option<String>,
}

/// A problem at a 1-based line of the expanded markdown.
pub struct Problem {
    pub line: usize,
    pub message: String,
}

/// Fence languages shown as they are, on purpose.
const PLAIN: [&str; 4] = ["", "text", "plain", "txt"];

pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_GFM
}

pub fn render(source: &Expanded, highlighter: &Highlighter) -> Rendered {
    let text = source.text.as_str();
    let line_of = LineIndex::new(text);
    let mut state = State { highlighter, ids: UniqueIds::default(), toc: Vec::new(), problems: Vec::new(), diagrams: 0, code: Vec::new() };
    let mut events: Vec<Event> = Vec::new();
    let mut footnotes = Vec::new();
    let mut parser = Parser::new_ext(text, options()).into_offset_iter();

    while let Some((event, range)) = parser.next() {
        let line = line_of.line(range.start);
        match event {
            Event::Start(Tag::Heading { level, id, classes, .. }) => {
                let mut inner = Vec::new();
                for (event, _) in parser.by_ref() {
                    if matches!(event, Event::End(TagEnd::Heading(_))) {
                        break;
                    }
                    inner.push(event);
                }
                let html = state.heading(level, id.as_deref(), &classes, inner, line);
                events.push(Event::Html(CowStr::from(html)));
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                let mut code = String::new();
                for (event, _) in parser.by_ref() {
                    match event {
                        Event::Text(t) => code.push_str(&t),
                        Event::End(TagEnd::CodeBlock) => break,
                        _ => {}
                    }
                }
                let info = match &kind {
                    CodeBlockKind::Fenced(info) => info.as_ref(),
                    CodeBlockKind::Indented => "",
                };
                let source = source.included.iter().find(|inc| inc.first_line == line + 1);
                let html = state.code_block(info, &code, line, source);
                events.push(Event::Html(CowStr::from(html)));
            }
            Event::TaskListMarker(done) => {
                let html = if done {
                    "<span class=\"task done\" aria-hidden=\"true\">☑</span><span class=\"visually-hidden\">Done: </span>"
                } else {
                    "<span class=\"task\" aria-hidden=\"true\">☐</span><span class=\"visually-hidden\">To do: </span>"
                };
                events.push(Event::Html(CowStr::from(html)));
            }
            Event::Start(Tag::BlockQuote(Some(kind))) => events.push(Event::Html(CowStr::from(callout::open(kind)))),
            Event::End(TagEnd::BlockQuote(Some(_))) => events.push(Event::Html(CowStr::from(callout::CLOSE))),
            Event::Start(Tag::FootnoteDefinition(ref label)) => {
                footnotes.push(label.to_string());
                events.push(event);
            }
            other => events.push(other),
        }
    }

    let mut html = String::with_capacity(text.len() * 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    let mut anchors = state.ids.into_taken();
    anchors.extend(footnotes);
    Rendered { html, toc: state.toc, problems: state.problems, code: state.code, anchors, references: references(text, &line_of) }
}

/// The links and images of `text`, wherever they stand (headings, tables,
/// footnotes …). A second, cheap parse keeps this apart from rendering.
fn references(text: &str, line_of: &LineIndex) -> Vec<Reference> {
    let mut out = Vec::new();
    // The image whose alt text is being read: (line, url, alt).
    let mut image: Option<(usize, String, String)> = None;
    for (event, range) in Parser::new_ext(text, options()).into_offset_iter() {
        match event {
            Event::Start(Tag::Link { dest_url, .. }) => {
                out.push(Reference { line: line_of.line(range.start), url: dest_url.into_string(), image: None })
            }
            Event::Start(Tag::Image { dest_url, .. }) => image = Some((line_of.line(range.start), dest_url.into_string(), String::new())),
            Event::Text(text) | Event::Code(text) => {
                if let Some((_, _, alt)) = image.as_mut() {
                    alt.push_str(&text);
                }
            }
            Event::End(TagEnd::Image) => {
                if let Some((line, url, alt)) = image.take() {
                    out.push(Reference { line, url, image: Some(alt) });
                }
            }
            _ => {}
        }
    }
    out
}

struct State<'h> {
    highlighter: &'h Highlighter,
    ids: UniqueIds,
    toc: Vec<TocEntry>,
    problems: Vec<Problem>,
    diagrams: usize,
    code: Vec<(String, Included)>,
}

impl State<'_> {
    fn heading(&mut self, level: HeadingLevel, id: Option<&str>, classes: &[CowStr], inner: Vec<Event>, line: usize) -> String {
        let n = level as u8;
        if n == 1 {
            self.problems.push(Problem { line, message: "use `##` and below: the page title from the front matter is the only h1".into() });
        }
        let text = plain_text(&inner);
        let id = self.ids.claim(id.map(str::to_owned).unwrap_or_else(|| slugify(&text)));
        if n == 2 || n == 3 {
            self.toc.push(TocEntry { level: n, id: id.clone(), text: text.clone() });
        }
        let mut content = String::new();
        pulldown_cmark::html::push_html(&mut content, inner.into_iter());
        let class = if classes.is_empty() {
            String::new()
        } else {
            format!(" class=\"{}\"", escape(&classes.iter().map(|c| c.as_ref()).collect::<Vec<_>>().join(" ")))
        };
        let id = escape(&id);
        format!(
            "<h{n} id=\"{id}\"{class}>{content} <a class=\"anchor\" href=\"#{id}\">\
             <span aria-hidden=\"true\">#</span><span class=\"visually-hidden\">Link to this section</span></a></h{n}>\n"
        )
    }

    /// `source` is set when the block is one `{{#include}}` of real code:
    /// the block then gets an id, so a demo trace can link to it.
    fn code_block(&mut self, info: &str, code: &str, line: usize, source: Option<&Included>) -> String {
        let info = info.trim();
        let (word, rest) = info.split_once(char::is_whitespace).unwrap_or((info, ""));
        // mdBook-style attributes follow a comma: `rust,ignore`.
        let lang = word.split(',').next().unwrap_or_default();
        if lang == "svgbob" {
            return self.diagram(code, rest.trim(), line);
        }
        if !PLAIN.contains(&lang) && !self.highlighter.knows(lang) {
            self.problems.push(Problem { line, message: format!("unknown code-fence language `{lang}`") });
        }
        let body = self.highlighter.highlight(code, lang);
        let lang = escape(lang);
        let id = source.map(|source| {
            let stem = source.file.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
            let id = self.ids.claim(slugify(&format!("code {stem} {}", source.anchor.as_deref().unwrap_or(""))));
            self.code.push((id.clone(), source.clone()));
            format!(" id=\"{}\"", escape(&id))
        });
        let id = id.unwrap_or_default();
        format!(
            "<div class=\"code-block\"{id}><button type=\"button\" class=\"copy-code\" aria-label=\"Copy code\" hidden>Copy</button>\
             <pre class=\"code\" data-lang=\"{lang}\" tabindex=\"0\"><code>{body}</code></pre></div>\n"
        )
    }

    fn diagram(&mut self, ascii: &str, title: &str, line: usize) -> String {
        if title.is_empty() {
            self.problems.push(Problem {
                line,
                message: "an svgbob diagram needs a title for screen readers: ```svgbob Title of the diagram".into(),
            });
            return String::new();
        }
        self.diagrams += 1;
        let id = format!("diagram-{}", self.diagrams);
        diagram::render(ascii, title, &id).unwrap_or_else(|| {
            self.problems.push(Problem { line, message: format!("svgbob diagram `{title}` renders empty") });
            String::new()
        })
    }
}

/// The text a heading reads as, for its id and the TOC.
fn plain_text(events: &[Event]) -> String {
    let mut text = String::new();
    for event in events {
        if let Event::Text(t) | Event::Code(t) = event {
            text.push_str(t);
        }
    }
    text
}

/// Byte offset → 1-based line.
struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Self { starts }
    }

    fn line(&self, offset: usize) -> usize {
        self.starts.partition_point(|&start| start <= offset)
    }
}
