/// Renders a member's Markdown to HTML that is safe to embed: pulldown-cmark parses,
/// ammonia removes scripts, event handlers and unsafe URLs, and links get rel=noopener.
/// Images become links to them: an image from the author's server would tell the author
/// which members read the idea (and the pages' policy loads images only from here).
pub fn render(markdown: &str) -> String {
    use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd, html};
    let mut options = Options::empty();
    options.insert(Options::ENABLE_TABLES);
    options.insert(Options::ENABLE_STRIKETHROUGH);
    options.insert(Options::ENABLE_TASKLISTS);
    let events = Parser::new_ext(markdown, options).map(|event| match event {
        Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }),
        Event::End(TagEnd::Image) => Event::End(TagEnd::Link),
        other => other,
    });
    let mut raw = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut raw, events);
    ammonia::Builder::default()
        .rm_tags(&["img"])
        .link_rel(Some("noopener noreferrer nofollow ugc"))
        .clean(&raw)
        .to_string()
}

/// The words of a member's Markdown without its marks, for a one-line excerpt: what
/// `render` would show, as plain text ("**before**" reads "before"). Never half of each.
pub fn plain(markdown: &str) -> String {
    use pulldown_cmark::{Event, Options, Parser, TagEnd};
    let mut out = String::with_capacity(markdown.len());
    fn gap(out: &mut String) {
        if !out.is_empty() && !out.ends_with(' ') {
            out.push(' ');
        }
    }
    for event in Parser::new_ext(markdown, Options::ENABLE_STRIKETHROUGH) {
        match event {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak | Event::Rule => gap(&mut out),
            Event::End(TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item) => gap(&mut out),
            // Raw HTML is not shown by `render` either (ammonia drops or escapes it).
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::{plain, render};

    #[test]
    fn plain_text_has_no_marks() {
        assert_eq!(
            plain("Ask **before** you build.\n\n- one\n- `two`\n\n[a link](https://x.example)"),
            "Ask before you build. one two a link"
        );
        assert_eq!(plain("# Heading\nText <b>x</b>"), "Heading Text x");
    }

    #[test]
    fn markdown_is_rendered() {
        let html = render("# Title\n\nSome **bold** text and a [link](https://example.org).");
        assert!(html.contains("<h1>Title</h1>"));
        assert!(html.contains("<strong>bold</strong>"));
        assert!(html.contains(r#"rel="noopener noreferrer nofollow ugc""#));
    }

    #[test]
    fn images_become_links_and_never_load() {
        let html = render(
            "![a chart](https://tracker.example/pixel.png)\n\n<img src=\"https://tracker.example/x.gif\">",
        );
        assert!(!html.contains("<img"), "{html}");
        assert!(
            html.contains(r#"<a href="https://tracker.example/pixel.png""#)
                && html.contains(">a chart</a>"),
            "{html}"
        );
    }

    #[test]
    fn scripts_and_handlers_are_removed() {
        let html = render(
            "<script>alert(1)</script>\n\n<img src=x onerror=alert(2)>\n\n[x](javascript:alert(3))",
        );
        assert!(!html.contains("<script"));
        assert!(!html.contains("onerror"));
        assert!(!html.contains("javascript:"));
    }
}
