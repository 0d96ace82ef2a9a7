//! A rendered page cut into sections at its h2/h3 headings, as plain text.

use app::guide::Page;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    pub heading: String,
    pub url: String,
    pub text: String,
}

/// The page's sections: the text before the first heading (under the page
/// title), then one per h2/h3. Diagrams, buttons and heading anchors are
/// left out; code is kept (searching for `BEGIN IMMEDIATE` should work).
pub fn sections_of(page: &Page) -> Vec<Section> {
    let path = page.path();
    let mut sections = vec![Section { heading: page.title.clone(), url: path.clone(), text: String::new() }];
    let html = page.html.as_ref();
    let mut rest = html;
    while !rest.is_empty() {
        let Some(open) = rest.find('<') else {
            push_text(&mut sections, rest);
            break;
        };
        push_text(&mut sections, &rest[..open]);
        rest = &rest[open..];
        let Some(close) = rest.find('>') else { break };
        let tag = &rest[1..close];
        let name = tag.split(|c: char| c.is_whitespace() || c == '/').next().unwrap_or("").to_ascii_lowercase();
        if name == "h2" || name == "h3" {
            let id = attribute(tag, "id").unwrap_or_default();
            let end = format!("</{name}>");
            let after = rest.find(&end).map_or(rest.len(), |e| e + end.len());
            let heading = page.toc.iter().find(|t| t.id == id).map_or_else(|| strip(&rest[close + 1..after]), |t| t.text.clone());
            sections.push(Section { heading, url: format!("{path}#{id}"), text: String::new() });
            rest = &rest[after..];
        } else if matches!(name.as_str(), "svg" | "button") || (name == "a" && tag.contains("class=\"anchor\"")) {
            let end = format!("</{name}>");
            rest = rest.find(&end).map_or("", |e| &rest[e + end.len()..]);
        } else {
            // Block ends become spaces, so words never run together.
            push_text(&mut sections, " ");
            rest = &rest[close + 1..];
        }
    }
    for section in &mut sections {
        section.text = section.text.split_whitespace().collect::<Vec<_>>().join(" ");
    }
    sections.retain(|s| !s.text.is_empty() || s.url.contains('#'));
    sections
}

fn push_text(sections: &mut [Section], raw: &str) {
    if let Some(last) = sections.last_mut() {
        last.text.push_str(&decode(raw));
    }
}

fn strip(html: &str) -> String {
    let mut out = String::new();
    let mut inside = false;
    for c in html.chars() {
        match c {
            '<' => inside = true,
            '>' => inside = false,
            c if !inside => out.push(c),
            _ => {}
        }
    }
    decode(out.trim())
}

fn attribute(tag: &str, name: &str) -> Option<String> {
    let start = tag.find(&format!("{name}=\""))? + name.len() + 2;
    let end = tag[start..].find('"')? + start;
    Some(decode(&tag[start..end]))
}

/// The text of escaped HTML, in one pass (this runs over every page's text
/// at start-up; six `replace`s were a tenth of the render time).
fn decode(text: &str) -> String {
    const ENTITIES: [(&str, char); 6] = [("&lt;", '<'), ("&gt;", '>'), ("&quot;", '"'), ("&#39;", '\''), ("&#x27;", '\''), ("&amp;", '&')];
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        match ENTITIES.iter().find(|(entity, _)| rest.starts_with(entity)) {
            Some((entity, c)) => {
                out.push(*c);
                rest = &rest[entity.len()..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use app::guide::TocEntry;

    use super::*;

    #[test]
    fn entities_are_decoded_once_each() {
        assert_eq!(decode("a &lt;b&gt; &amp;lt; &quot;c&quot; &#39;d&#x27; & e"), "a <b> &lt; \"c\" 'd' & e");
        assert_eq!(decode("no entities"), "no entities");
        assert_eq!(decode("trailing &"), "trailing &");
    }

    #[test]
    fn a_page_is_cut_at_its_headings_without_diagrams_or_anchor_links() {
        let page = Page {
            slug: "hexagonal".into(),
            title: "Hexagonal".into(),
            summary: String::new(),
            order: 1,
            demo: None,
            html: Arc::from(
                "<p>Intro &amp; more</p><h2 id=\"ports\">Ports <a class=\"anchor\" href=\"#ports\">#</a></h2>\
                 <p>Ports are traits.</p><figure><svg><text>--+--</text></svg></figure>\
                 <div class=\"code-block\"><button>Copy</button><pre><code>fn a()</code></pre></div>",
            ),
            toc: vec![TocEntry { level: 2, id: "ports".into(), text: "Ports".into() }],
            code: Vec::new(),
            source: "hexagonal.md".into(),
        };
        let sections = sections_of(&page);
        assert_eq!(sections.len(), 2);
        assert_eq!(sections[0], Section { heading: "Hexagonal".into(), url: "/patterns/hexagonal".into(), text: "Intro & more".into() });
        assert_eq!(sections[1].heading, "Ports");
        assert_eq!(sections[1].url, "/patterns/hexagonal#ports");
        assert_eq!(sections[1].text, "Ports are traits. fn a()");
    }
}
