//! GitHub-style callouts: a blockquote opening with `[!NOTE]`, `[!TIP]`,
//! `[!IMPORTANT]`, `[!WARNING]` or `[!CAUTION]` alone on its first line.
//!
//! pulldown-cmark recognises the marker (`Options::ENABLE_GFM`) and drops it;
//! an unknown marker (`[!FOO]`) stays a plain blockquote with its text. Here
//! the blockquote becomes an `<aside role="note">` named by its kind, with a
//! visible title and an icon that screen readers skip.

use pulldown_cmark::BlockQuoteKind;

/// Closes what [`open`] opened.
pub const CLOSE: &str = "</aside>\n";

/// The opening tag and title line of a callout of `kind`.
pub fn open(kind: BlockQuoteKind) -> String {
    let (name, title, icon) = match kind {
        BlockQuoteKind::Note => ("note", "Note", NOTE),
        BlockQuoteKind::Tip => ("tip", "Tip", TIP),
        BlockQuoteKind::Important => ("important", "Important", IMPORTANT),
        BlockQuoteKind::Warning => ("warning", "Warning", WARNING),
        BlockQuoteKind::Caution => ("caution", "Caution", CAUTION),
    };
    format!(
        "<aside class=\"callout callout-{name}\" role=\"note\" aria-label=\"{title}\">\n\
         <p class=\"callout-title\"><svg class=\"callout-icon\" aria-hidden=\"true\" focusable=\"false\" \
         viewBox=\"0 0 16 16\" width=\"16\" height=\"16\" fill=\"none\" stroke=\"currentColor\" stroke-width=\"1.5\" \
         stroke-linecap=\"round\" stroke-linejoin=\"round\">{icon}</svg>{title}</p>\n"
    )
}

// Icons are strokes in the text colour, so they follow the callout's palette.
const NOTE: &str = "<circle cx=\"8\" cy=\"8\" r=\"6.5\"/><path d=\"M8 7.5v4M8 4.75v.01\"/>";
const TIP: &str =
    "<path d=\"M6 12.5h4M6.75 14.75h2.5M8 1.5a4.5 4.5 0 0 0-2.6 8.2c.4.3.6.7.6 1.2v.1h4v-.1c0-.5.2-.9.6-1.2A4.5 4.5 0 0 0 8 1.5z\"/>";
const IMPORTANT: &str = "<path d=\"M2.5 2h11a1 1 0 0 1 1 1v7.5a1 1 0 0 1-1 1H8l-3 2.5v-2.5H2.5a1 1 0 0 1-1-1V3a1 1 0 0 1 1-1z\"/><path d=\"M8 4.5v3M8 9.5v.01\"/>";
const WARNING: &str = "<path d=\"M8 1.75 15 14H1z\"/><path d=\"M8 6v4M8 12v.01\"/>";
const CAUTION: &str = "<path d=\"M5.3 1.5h5.4l3.8 3.8v5.4l-3.8 3.8H5.3l-3.8-3.8V5.3z\"/><path d=\"M8 4.75v4M8 11.25v.01\"/>";
