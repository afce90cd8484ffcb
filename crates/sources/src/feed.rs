//! Feeds (RSS 0.9x/1.0/2.0, Atom, JSON Feed) read with `feed-rs`, reduced to
//! what ingesting needs: the links of the items.

use crate::xml_depth_ok;

/// A parsed feed: its title and its items in document order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Feed {
    /// The feed's title, when it has one.
    pub title: Option<String>,
    /// Items that link to a fetchable (`http`/`https`) page, duplicates removed.
    pub items: Vec<FeedItem>,
}

/// One item of a feed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedItem {
    /// The item's link, absolute, `http` or `https`.
    pub url: String,
    /// The item's id (`guid`, Atom `id`), or the link when it has none.
    pub id: String,
    /// The item's title.
    pub title: Option<String>,
    /// When the item was published (or last updated), RFC 3339.
    pub published: Option<String>,
}

/// Parses a feed. `base` (the feed's own URL) resolves relative links;
/// items whose link is not an absolute `http(s)` URL after that are left
/// out, so a feed cannot point dateline at local files. The error says
/// what is wrong, without the source's name (the caller adds it).
pub fn parse_feed(bytes: &[u8], base: Option<&str>) -> Result<Feed, String> {
    if !xml_depth_ok(bytes) {
        return Err(format!(
            "not a feed: elements nested deeper than {} levels",
            crate::MAX_XML_DEPTH
        ));
    }
    let parsed = feed_rs::parser::parse(bytes).map_err(|e| format!("not a valid feed: {e}"))?;
    let base = base.and_then(|b| url::Url::parse(b).ok());
    let mut feed = Feed {
        title: parsed.title.map(|t| t.content.trim().to_string()),
        items: Vec::new(),
    };
    let mut seen = std::collections::HashSet::new();
    for entry in parsed.entries {
        let link = entry
            .links
            .iter()
            .filter(|l| matches!(l.rel.as_deref(), None | Some("alternate")))
            .chain(entry.links.iter())
            .find_map(|l| absolute_http(&l.href, base.as_ref()))
            // An RSS guid that is a permalink is the item's link.
            .or_else(|| absolute_http(&entry.id, None));
        let Some(url) = link else { continue };
        if !seen.insert(url.clone()) {
            continue;
        }
        let id = if entry.id.trim().is_empty() {
            url.clone()
        } else {
            entry.id.trim().to_string()
        };
        feed.items.push(FeedItem {
            url,
            id,
            title: entry.title.map(|t| t.content.trim().to_string()),
            published: entry.published.or(entry.updated).map(|d| d.to_rfc3339()),
        });
    }
    Ok(feed)
}

/// `href` as an absolute http(s) URL, resolved against `base` when relative.
pub(crate) fn absolute_http(href: &str, base: Option<&url::Url>) -> Option<String> {
    let href = href.trim();
    if href.is_empty() {
        return None;
    }
    let url = match url::Url::parse(href) {
        Ok(u) => u,
        Err(url::ParseError::RelativeUrlWithoutBase) => base?.join(href).ok()?,
        Err(_) => return None,
    };
    if matches!(url.scheme(), "http" | "https") && url.host().is_some() {
        Some(url.to_string())
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_rss_atom_and_json_feed_links() {
        let rss = br#"<?xml version="1.0"?><rss version="2.0"><channel><title>News</title>
            <item><title>One</title><link>https://example.com/a</link><guid>g1</guid></item>
            <item><title>Two</title><link>/b</link></item>
            <item><title>Local</title><link>file:///etc/passwd</link></item>
            <item><title>Again</title><link>https://example.com/a</link></item>
            </channel></rss>"#;
        let feed = parse_feed(rss, Some("https://example.com/feed.xml")).unwrap();
        assert_eq!(feed.title.as_deref(), Some("News"));
        let urls: Vec<&str> = feed.items.iter().map(|i| i.url.as_str()).collect();
        assert_eq!(urls, ["https://example.com/a", "https://example.com/b"]);
        assert_eq!(feed.items[0].id, "g1");

        let atom = br#"<feed xmlns="http://www.w3.org/2005/Atom"><title>A</title><id>x</id>
            <entry><id>e1</id><title>T</title><updated>2017-07-08T10:00:00Z</updated>
            <link rel="enclosure" href="https://cdn.example.com/x.mp3"/>
            <link rel="alternate" href="https://example.org/story"/></entry></feed>"#;
        let feed = parse_feed(atom, None).unwrap();
        assert_eq!(feed.items[0].url, "https://example.org/story");
        assert!(feed.items[0]
            .published
            .as_deref()
            .unwrap()
            .starts_with("2017-07-08"));

        let json = br#"{"version":"https://jsonfeed.org/version/1.1","title":"J",
            "items":[{"id":"1","url":"https://example.net/j"}]}"#;
        let feed = parse_feed(json, None).unwrap();
        assert_eq!(feed.items[0].url, "https://example.net/j");
    }

    #[test]
    fn bad_feeds_are_errors_not_panics() {
        for bad in [
            &b""[..],
            b"<rss><channel><item><link>",
            b"<html><body>not a feed</body></html>",
            b"{\"version\":\"https://jsonfeed.org/version/1\", \"items\": 3}",
        ] {
            assert!(parse_feed(bad, None).is_err());
        }
        let deep = format!("<rss>{}", "<x>".repeat(100_000));
        let err = parse_feed(deep.as_bytes(), None).unwrap_err();
        assert!(err.contains("nested deeper"), "{err}");
    }
}
