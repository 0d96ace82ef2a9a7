//! Syntax highlighting with syntect, as CSS classes rather than inline
//! colours: `style/main.css` colours the classes once per theme, so the same
//! HTML reads well in light and dark.

use syntect::html::{ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

/// Class names come out as `hl-keyword`, `hl-string` … (syntect's scopes).
const CLASS_STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

/// Holds the syntax definitions, loaded once from two-face's binary dump
/// (bat's 200+ syntaxes, TOML and TypeScript among them) in a few ms.
pub struct Highlighter {
    syntaxes: SyntaxSet,
}

impl Default for Highlighter {
    fn default() -> Self {
        Self::new()
    }
}

impl Highlighter {
    pub fn new() -> Self {
        Self { syntaxes: two_face::syntax::extra_newlines() }
    }

    /// Whether `lang` names a syntax we can highlight.
    pub fn knows(&self, lang: &str) -> bool {
        self.syntax_for(lang).is_some()
    }

    /// The inner HTML of a `<code>` element for `code` in `lang`. An unknown
    /// or plain-text language comes back escaped, unhighlighted.
    pub fn highlight(&self, code: &str, lang: &str) -> String {
        let Some(syntax) = self.syntax_for(lang) else {
            return escape(code);
        };
        let mut generator = ClassedHTMLGenerator::new_with_class_style(syntax, &self.syntaxes, CLASS_STYLE);
        for line in LinesWithEndings::from(code) {
            if generator.parse_html_for_line_which_includes_newline(line).is_err() {
                return escape(code);
            }
        }
        generator.finalize()
    }

    fn syntax_for(&self, lang: &str) -> Option<&syntect::parsing::SyntaxReference> {
        let token = match lang {
            "" | "text" | "plain" | "txt" => return None,
            "console" | "shell" | "sh" => "bash",
            other => other,
        };
        self.syntaxes.find_syntax_by_token(token)
    }
}

/// Escapes text for HTML element content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(ch),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_languages_of_the_guide_are_all_known() {
        let h = Highlighter::new();
        for lang in ["rust", "toml", "sql", "bash", "json", "typescript", "ts", "rs", "sh"] {
            assert!(h.knows(lang), "{lang} should be highlighted");
        }
        assert!(!h.knows("klingon"));
    }

    #[test]
    fn rust_is_highlighted_with_classes_not_colours() {
        let html = Highlighter::new().highlight("fn main() { let x = \"hi\"; }\n", "rust");
        assert!(html.contains("class=\"hl-"), "{html}");
        assert!(html.contains("hl-keyword") || html.contains("hl-storage"), "{html}");
        assert!(!html.contains("style="), "{html}");
    }

    #[test]
    fn an_unknown_language_falls_back_to_escaped_text() {
        let html = Highlighter::new().highlight("<script>alert(1)</script>", "klingon");
        assert_eq!(html, "&lt;script&gt;alert(1)&lt;/script&gt;");
    }

    #[test]
    fn highlighted_code_still_escapes_markup() {
        let html = Highlighter::new().highlight("let s = \"<b>\";\n", "rust");
        assert!(html.contains("&lt;b&gt;") && !html.contains("<b>"), "{html}");
    }
}
