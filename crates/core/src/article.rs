//! The extracted article and its parts.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Version tag written into every serialised [`Article`]. Bump the number when
/// a field changes meaning or is removed; adding an optional field does not.
pub const ARTICLE_SCHEMA: &str = "dateline.article/1";

/// One news article as extracted from a page.
///
/// Times are ISO 8601 strings: a date (`2017-07-09`), a local time without
/// offset when the page gives none (`2017-07-09T06:35:00`), or a time with
/// offset (`2017-07-09T06:35:00-10:00`). A field is `None` (omitted in JSON)
/// when the page does not say it; dateline never invents a value.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Article {
    /// Always [`ARTICLE_SCHEMA`] for articles made by this version.
    pub schema: String,
    /// Where the bytes were read from: a path, a URL, or `-` for stdin.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// The URL the page was fetched from or claims to be at.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// The page's canonical URL (`<link rel=canonical>`, `og:url`, JSON-LD).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub canonical_url: Option<String>,
    /// The publishing site's name ("The Washington Post").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub site_name: Option<String>,
    /// Section or section label ("Top News", "Politics").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub section: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub headline: Option<String>,
    /// Standfirst or meta description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The byline as written on the page ("By Jill Colvin, Associated Press").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub byline: Option<String>,
    /// People who wrote the article; never an agency or an outlet.
    #[serde(default)]
    pub authors: Vec<String>,
    /// The wire agency when the story is wire copy ("Associated Press").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agency: Option<String>,
    /// First publication time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<String>,
    /// Last update time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated: Option<String>,
    /// The day the story reports on, when the page states it apart from the
    /// publication time (a date line above the body, the dateline's date).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub story_date: Option<String>,
    /// The dateline that opened the body ("HAMBURG, Germany").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dateline: Option<Dateline>,
    /// The article text, block by block, without boilerplate.
    #[serde(default)]
    pub body: Vec<Block>,
    /// Images that belong to the article, with caption and credit.
    #[serde(default)]
    pub images: Vec<Image>,
    /// ISO 639-1 code of the body's language.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// Keywords and tags the page gives.
    #[serde(default)]
    pub tags: Vec<String>,
    /// Words in the body.
    #[serde(default)]
    pub word_count: usize,
    /// For each metadata field that has a value, the signal it came from, so a
    /// wrong value can be traced to its origin. Keys are field names.
    #[serde(default)]
    pub provenance: BTreeMap<String, FieldSource>,
}

impl Article {
    /// An empty article carrying the current schema tag.
    pub fn new() -> Self {
        Article {
            schema: ARTICLE_SCHEMA.to_string(),
            ..Default::default()
        }
    }

    /// The body as plain text: blocks separated by a blank line.
    pub fn body_text(&self) -> String {
        let mut out = String::new();
        for block in &self.body {
            if !out.is_empty() {
                out.push_str("\n\n");
            }
            block.write_text(&mut out);
        }
        out
    }

    /// The paragraphs of the body (headings, lists and tables excluded).
    pub fn paragraphs(&self) -> impl Iterator<Item = &str> {
        self.body.iter().filter_map(|b| match b {
            Block::Paragraph { text } => Some(text.as_str()),
            _ => None,
        })
    }

    /// Records where `field` came from.
    pub fn note_source(&mut self, field: &str, signal: Signal, detail: impl Into<String>) {
        let detail = detail.into();
        self.provenance.insert(
            field.to_string(),
            FieldSource {
                signal,
                detail: (!detail.is_empty()).then_some(detail),
            },
        );
    }
}

/// A block of body text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Block {
    Paragraph {
        text: String,
    },
    Heading {
        /// 1 to 6, as in `<h1>`..`<h6>`.
        level: u8,
        text: String,
    },
    List {
        ordered: bool,
        items: Vec<String>,
    },
    /// A block quotation (`<blockquote>`), not a quote inside a paragraph.
    Quote {
        text: String,
    },
    Table {
        rows: Vec<Vec<String>>,
    },
}

impl Block {
    /// Appends the block's text, lists one item a line, tables one row a line
    /// with cells separated by tabs.
    pub fn write_text(&self, out: &mut String) {
        match self {
            Block::Paragraph { text } | Block::Heading { text, .. } | Block::Quote { text } => {
                out.push_str(text)
            }
            Block::List { items, .. } => out.push_str(&items.join("\n")),
            Block::Table { rows } => {
                let lines: Vec<String> = rows.iter().map(|r| r.join("\t")).collect();
                out.push_str(&lines.join("\n"));
            }
        }
    }

    /// The block's text as one string.
    pub fn text(&self) -> String {
        let mut s = String::new();
        self.write_text(&mut s);
        s
    }
}

/// An image that belongs to the article.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Image {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub caption: Option<String>,
    /// Photographer or agency credit ("AP Photo/Evan Vucci").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credit: Option<String>,
}

/// The place (and sometimes date and agency) line that opens a news story.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Dateline {
    /// The place part as written, without separators ("HAMBURG, Germany").
    pub as_written: String,
    /// City in normal case ("Hamburg").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    /// State, province or region ("Calif.", "Bavaria").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    /// The date given in the dateline itself ("LONDON, July 8 (Reuters)").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// The agency named in the dateline ("(AP)", "(Reuters)").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agency: Option<String>,
}

/// The kind of evidence a metadata value was read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Signal {
    /// A schema.org object in `<script type="application/ld+json">`.
    JsonLd,
    /// OpenGraph or article:* `<meta property>` tags.
    OpenGraph,
    /// Other `<meta name>` tags (author, description, parsely-*, dc.*...).
    MetaTag,
    /// `<link>`, `<time datetime>`, `itemprop` and other markup attributes.
    Markup,
    /// Text a reader sees on the page (a byline line, a "Posted" line).
    VisibleText,
    /// The page's URL.
    Url,
    /// Inferred from the body text (language detection, the dateline).
    Body,
    /// Given by the caller (an HTTP header, a command-line option).
    Input,
}

/// Where one metadata value came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldSource {
    pub signal: Signal,
    /// The exact place, e.g. `meta[name=author]` or `line 5`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serialises_blocks_with_kind_tag_and_omits_missing_fields() {
        let mut a = Article::new();
        a.headline = Some("H".into());
        a.body.push(Block::Paragraph {
            text: "One.".into(),
        });
        a.body.push(Block::List {
            ordered: false,
            items: vec!["a".into(), "b".into()],
        });
        a.note_source("headline", Signal::JsonLd, "NewsArticle.headline");
        let json = serde_json::to_value(&a).unwrap();
        assert_eq!(json["schema"], ARTICLE_SCHEMA);
        assert_eq!(json["body"][0]["kind"], "paragraph");
        assert_eq!(json["body"][1]["items"][1], "b");
        assert_eq!(json["provenance"]["headline"]["signal"], "json_ld");
        assert!(json.get("byline").is_none());
        let back: Article = serde_json::from_value(json).unwrap();
        assert_eq!(back, a);
        assert_eq!(a.body_text(), "One.\n\na\nb");
        assert_eq!(a.paragraphs().count(), 1);
    }
}
