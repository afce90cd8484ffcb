//! What a source holds, told from its first bytes rather than its name:
//! feeds are served as `text/xml`, `text/html` or `application/octet-stream`
//! as often as with their own types, and files are named anything.

/// The kinds of source dateline reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// One page (HTML, XHTML, or a text dump of a page).
    Page,
    /// An RSS (0.9x, 1.0, 2.0), Atom or JSON Feed document.
    Feed,
    /// An OPML list of feeds.
    Opml,
    /// A WARC archive of crawled pages.
    Warc,
}

/// How many leading bytes [`sniff`] looks at; callers read this much.
pub const SNIFF_BYTES: usize = 8 * 1024;

/// Tells the kind of a source from its first bytes (already un-gzipped).
/// Anything not recognisably a feed, an OPML list or a WARC file is a page.
pub fn sniff(head: &[u8]) -> Kind {
    let head = &head[..head.len().min(SNIFF_BYTES)];
    let text = skip_bom_and_space(head);
    if text.starts_with(b"WARC/") {
        return Kind::Warc;
    }
    if text.first() == Some(&b'{') {
        // JSON Feed declares its version URL in the top-level object.
        if contains(text, b"jsonfeed.org/version") {
            return Kind::Feed;
        }
        return Kind::Page;
    }
    match root_element(text) {
        Some(name) => {
            let local = match name.iter().position(|&b| b == b':') {
                Some(i) => &name[i + 1..],
                None => name,
            };
            if local.eq_ignore_ascii_case(b"rss")
                || local.eq_ignore_ascii_case(b"feed")
                || local.eq_ignore_ascii_case(b"rdf")
            {
                Kind::Feed
            } else if local.eq_ignore_ascii_case(b"opml") {
                Kind::Opml
            } else {
                Kind::Page
            }
        }
        None => Kind::Page,
    }
}

fn skip_bom_and_space(mut b: &[u8]) -> &[u8] {
    if let Some(rest) = b.strip_prefix(b"\xEF\xBB\xBF") {
        b = rest;
    }
    let start = b
        .iter()
        .position(|c| !c.is_ascii_whitespace())
        .unwrap_or(b.len());
    &b[start..]
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

/// The name of the first element, skipping the XML declaration, processing
/// instructions, comments and a doctype. `None` when the head ends first or
/// the text is not markup.
fn root_element(text: &[u8]) -> Option<&[u8]> {
    let mut i = 0;
    loop {
        while i < text.len() && text[i].is_ascii_whitespace() {
            i += 1;
        }
        if text.get(i) != Some(&b'<') {
            return None;
        }
        let rest = &text[i..];
        if rest.starts_with(b"<?") {
            i += find(rest, b"?>")? + 2;
        } else if rest.starts_with(b"<!--") {
            i += find(rest, b"-->")? + 3;
        } else if rest.starts_with(b"<!") {
            i += find(rest, b">")? + 1;
        } else {
            let name = &rest[1..];
            let end = name
                .iter()
                .position(|&c| c.is_ascii_whitespace() || c == b'>' || c == b'/')
                .unwrap_or(name.len());
            if end == 0 {
                return None;
            }
            return Some(&name[..end]);
        }
    }
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tells_kinds_by_content() {
        assert_eq!(sniff(b"WARC/1.0\r\nWARC-Type: warcinfo\r\n"), Kind::Warc);
        assert_eq!(
            sniff(b"\xEF\xBB\xBF<?xml version=\"1.0\"?>\n<!-- c --><rss version=\"2.0\">"),
            Kind::Feed
        );
        assert_eq!(
            sniff(b"<feed xmlns=\"http://www.w3.org/2005/Atom\">"),
            Kind::Feed
        );
        assert_eq!(sniff(b"<rdf:RDF xmlns:rdf=\"x\">"), Kind::Feed);
        assert_eq!(
            sniff(b"{\"version\": \"https://jsonfeed.org/version/1.1\", \"items\": []}"),
            Kind::Feed
        );
        assert_eq!(
            sniff(b"<?xml version='1.0'?><opml version='2.0'>"),
            Kind::Opml
        );
        assert_eq!(sniff(b"<!DOCTYPE html><html><body>"), Kind::Page);
        assert_eq!(sniff(b"Top News\nPutin hails meeting"), Kind::Page);
        assert_eq!(sniff(b"{\"headline\": \"x\"}"), Kind::Page);
        assert_eq!(sniff(b""), Kind::Page);
        assert_eq!(sniff(b"<?xml unterminated"), Kind::Page);
        assert_eq!(sniff(b"<"), Kind::Page);
    }
}
