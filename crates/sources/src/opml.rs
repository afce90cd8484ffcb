//! OPML subscription lists: the feeds in them, at any nesting of outlines.

use crate::feed::absolute_http;
use quick_xml::events::Event;

/// One feed listed in an OPML file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpmlFeed {
    /// The feed's URL (`xmlUrl`), absolute `http(s)`.
    pub url: String,
    /// Its `title` or `text` attribute.
    pub title: Option<String>,
}

/// Reads the feeds (`outline` elements with an `xmlUrl`) of an OPML
/// document, in document order without duplicates. A streaming reader, so
/// nesting depth costs nothing; a document without an `opml` root or with
/// malformed XML is an error saying where.
pub fn parse_opml(bytes: &[u8], base: Option<&str>) -> Result<Vec<OpmlFeed>, String> {
    let base = base.and_then(|b| url::Url::parse(b).ok());
    let mut reader = quick_xml::Reader::from_reader(bytes);
    let mut buf = Vec::new();
    let mut feeds = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let mut root_seen = false;
    loop {
        let position = reader.buffer_position();
        let event = reader
            .read_event_into(&mut buf)
            .map_err(|e| format!("not valid OPML: XML error at byte {position}: {e}"))?;
        match event {
            Event::Start(e) | Event::Empty(e) => {
                let name = e.local_name();
                if !root_seen {
                    if !name.as_ref().eq_ignore_ascii_case("opml") {
                        return Err(format!(
                            "not OPML: the root element is <{}>, not <opml>",
                            name.as_ref()
                        ));
                    }
                    root_seen = true;
                } else if name.as_ref().eq_ignore_ascii_case("outline") {
                    let mut url = None;
                    let mut title = None;
                    let mut text = None;
                    for attr in e.attributes().flatten() {
                        let value = attr
                            .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                            .map(|v| v.into_owned())
                            .unwrap_or_else(|_| attr.value.clone().into_owned());
                        match attr.key.local_name().as_ref() {
                            k if k.eq_ignore_ascii_case("xmlUrl") => url = Some(value),
                            "title" => title = Some(value),
                            "text" => text = Some(value),
                            _ => {}
                        }
                    }
                    if let Some(url) = url.and_then(|u| absolute_http(&u, base.as_ref())) {
                        if seen.insert(url.clone()) {
                            feeds.push(OpmlFeed {
                                url,
                                title: title.or(text).filter(|t| !t.trim().is_empty()),
                            });
                        }
                    }
                }
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    if !root_seen {
        return Err("not OPML: no <opml> element".to_string());
    }
    Ok(feeds)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_feeds_at_any_depth() {
        let opml = br#"<?xml version="1.0"?><opml version="2.0"><head><title>S</title></head><body>
            <outline text="News"><outline text="A" type="rss" xmlUrl="https://a.example/feed"/>
              <outline title="B &amp; C" xmlUrl="http://b.example/rss.xml"></outline></outline>
            <outline text="dup" xmlUrl="https://a.example/feed"/>
            <outline text="local" xmlUrl="file:///etc/passwd"/>
            <outline text="no url"/></body></opml>"#;
        let feeds = parse_opml(opml, None).unwrap();
        assert_eq!(
            feeds,
            [
                OpmlFeed {
                    url: "https://a.example/feed".into(),
                    title: Some("A".into())
                },
                OpmlFeed {
                    url: "http://b.example/rss.xml".into(),
                    title: Some("B & C".into())
                },
            ]
        );
        let deep = format!(
            "<opml><body>{}<outline xmlUrl=\"https://d.example/f\"/>",
            "<outline>".repeat(100_000)
        );
        assert_eq!(parse_opml(deep.as_bytes(), None).unwrap().len(), 1);
    }

    #[test]
    fn bad_opml_says_what_is_wrong() {
        assert!(parse_opml(b"<rss></rss>", None)
            .unwrap_err()
            .contains("<rss>"));
        assert!(parse_opml(b"", None).unwrap_err().contains("no <opml>"));
        let err = parse_opml(b"<opml><body><outline xmlUrl=\"a\"></body></opml>", None);
        assert!(err.is_err(), "{err:?}");
    }
}
