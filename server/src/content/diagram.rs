//! `svgbob` fences: ASCII diagrams become inline, accessible SVG.
//!
//! svgbob's own `<style>` paints black on white; we leave it out, and
//! `style/main.css` strokes `.svgbob` with the theme's colours instead. The
//! fence's info string carries the title: ```` ```svgbob Layers of the app ````.

use super::highlight::escape;

/// Renders `ascii` as an SVG titled `title`, with `id` for its `<title>`.
/// `None` when the drawing comes out empty.
pub fn render(ascii: &str, title: &str, id: &str) -> Option<String> {
    let settings =
        svgbob::Settings { include_styles: false, include_backdrop: false, include_defs: true, stroke_width: 2.0, ..Default::default() };
    let svg = svgbob::to_svg_with_settings(ascii, &settings);
    let open_end = svg.find('>')?;
    let (open, rest) = svg.split_at(open_end);
    if !draws_something(rest) {
        return None;
    }
    let width = attribute(open, "width")?;
    let height = attribute(open, "height")?;
    let title = escape(title);
    Some(format!(
        "<figure class=\"diagram\"><svg xmlns=\"http://www.w3.org/2000/svg\" class=\"svgbob\" \
         viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" role=\"img\" \
         aria-labelledby=\"{id}\"><title id=\"{id}\">{title}</title>{}</svg></figure>",
        rest.strip_prefix('>')?.strip_suffix("</svg>")?
    ))
}

/// Whether the SVG's content has a visible element. The `<defs>` (arrow
/// heads and other markers) are there even for a blank drawing, so they do
/// not count.
fn draws_something(content: &str) -> bool {
    let drawing = content.find("</defs>").map_or(content, |end| &content[end..]);
    SHAPES.iter().any(|shape| drawing.contains(shape))
}

const SHAPES: [&str; 8] = ["<line", "<path", "<text", "<rect", "<circle", "<ellipse", "<polygon", "<polyline"];

fn attribute<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let start = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    let len = tag[start..].find('"')?;
    Some(&tag[start..start + len])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_diagram_becomes_titled_scalable_svg_without_fixed_colours() {
        let svg = render("+---+\n| A |-->\n+---+\n", "Box A & its arrow", "d1").unwrap();
        assert!(svg.starts_with("<figure class=\"diagram\"><svg"));
        assert!(svg.contains("role=\"img\" aria-labelledby=\"d1\""));
        assert!(svg.contains("<title id=\"d1\">Box A &amp; its arrow</title>"));
        assert!(svg.contains("viewBox=\"0 0 "));
        assert!(!svg.contains("<style"), "theme colours come from the site's CSS");
        assert!(!svg.contains("stroke:black"));
    }

    #[test]
    fn an_empty_drawing_is_refused() {
        assert!(render("\n\n", "Nothing", "d2").is_none());
        assert!(render("   \n      \n  ", "Blanks", "d3").is_none());
    }

    #[test]
    fn a_drawing_of_a_single_shape_is_not_empty() {
        assert!(render("o\n", "A dot", "d4").is_some());
        assert!(render("hello\n", "A word", "d5").is_some());
    }
}
