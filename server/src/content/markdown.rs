//! Markdown to HTML with pulldown-cmark, plus the site's own rendering of
//! headings (ids, anchor links, TOC), code (highlighted, with a copy button)
//! and `svgbob` diagrams. Those are swapped into the event stream as finished
//! HTML, so everything else (tables, footnotes …) keeps pulldown-cmark's
//! renderer and its state.

use pulldown_cmark::{CodeBlockKind, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use app::guide::TocEntry;

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
}

/// A problem at a 1-based line of the expanded markdown.
pub struct Problem {
    pub line: usize,
    pub message: String,
}

pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
}

pub fn render(source: &Expanded, highlighter: &Highlighter) -> Rendered {
    let text = source.text.as_str();
    let line_of = LineIndex::new(text);
    let mut state = State { highlighter, ids: UniqueIds::default(), toc: Vec::new(), problems: Vec::new(), diagrams: 0, code: Vec::new() };
    let mut events: Vec<Event> = Vec::new();
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
            other => events.push(other),
        }
    }

    let mut html = String::with_capacity(text.len() * 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    Rendered { html, toc: state.toc, problems: state.problems, code: state.code }
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
        let (lang, rest) = info.split_once(char::is_whitespace).unwrap_or((info, ""));
        if lang == "svgbob" {
            return self.diagram(code, rest.trim(), line);
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
