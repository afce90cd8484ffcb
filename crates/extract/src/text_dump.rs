//! Plain-text and markdown dumps of news pages (no HTML markup).
//!
//! A page saved as text keeps the reading order of the page: labels and the
//! headline first, then bylines, date lines and photo credits, then the
//! story, then sign-up and footer lines. The text is cut into blocks (runs
//! of non-blank lines), the blocks before the story are classified one by
//! one, and the story runs from the first block that reads like a paragraph
//! of prose.

use crate::byline;
use crate::dates::{self, DateRole};
use dateline_core::{fold_whitespace, Article, Block, Image, Signal};
use regex::Regex;
use std::sync::LazyLock;

/// True when `text` reads like a plain-text or markdown dump of a page rather
/// than HTML: almost no tags near the start, and some lines of text.
pub fn looks_like_text_dump(text: &str) -> bool {
    let head = prefix(text, 16_384);
    if head.trim_start().starts_with('<') {
        return false;
    }
    let bytes = head.as_bytes();
    let tags = bytes
        .windows(2)
        .filter(|w| w[0] == b'<' && (w[1].is_ascii_alphabetic() || w[1] == b'/' || w[1] == b'!'))
        .count();
    let lines = head.lines().filter(|l| !l.trim().is_empty()).count();
    tags <= 2 && lines >= 2 && head.chars().any(char::is_alphabetic)
}

fn prefix(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let mut e = max;
    while !text.is_char_boundary(e) {
        e -= 1;
    }
    &text[..e]
}

#[derive(Debug, Clone)]
struct Chunk {
    /// Text with markdown emphasis and links reduced to their words.
    text: String,
    /// The first line as written (trimmed), for classification.
    raw: String,
    /// 1-based line number of the first line.
    line: usize,
    /// Markdown heading level.
    heading: Option<u8>,
    /// Markdown list item ("- x", "1. x"): ordered?
    list: Option<bool>,
    quote: bool,
    /// Markdown image `![alt](url)`.
    image: Option<(String, String)>,
}

static MD_LINK: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"!?\[([^\]]*)\]\([^)]*\)").expect("static regex"));
static MD_IMAGE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^!\[([^\]]*)\]\(([^)\s]*)[^)]*\)$").expect("static regex"));
static MD_STRONG: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\*\*|__").expect("static regex"));
static MD_EMPHASIS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:^|\s)\*|\*(?:\s|$)").expect("static regex"));
static LIST_ITEM: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:([-*+•])|(\d{1,3})[.)])\s+").expect("static regex"));

static BOILERPLATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(sign up|sign-up|subscribe|newsletter|get the latest|share this|share on|follow us|click here|read more|advertisement|all rights reserved|copyright|log in|sign in|download the app|view comments|print this|email this|tweet this|skip to|back to top|related stories|related articles|more stories|recommended for you|cookie|privacy policy|terms of (?:use|service))\b|^\s*(?:share|tweet|email|print|comments?|advertisement|ad|menu|search|home|loading\.*)\s*$|©")
        .expect("static regex")
});

static FOOTER_START: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:related(?: stories| articles| coverage| content)?|more from|more stories|you may also like|recommended|comments?|tags?|topics|filed under|copyright|©|about the author|trending|most read|popular)\b\s*:?")
        .expect("static regex")
});

static PHOTO_CREDIT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:(?:photo|image|picture|photograph|video|credit)s?\s*(?:by\b|:|credit\b)|\(?(?:ap|afp|reuters|epa|getty)(?:\s+photo)?\s*/)|getty images|shutterstock|\bap photo\b|\bvia getty\b|\bepa-efe\b|^(?:courtesy|file photo)\b")
        .expect("static regex")
});

static TRAILING_CREDIT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\s*[\(\[]((?:AP|AFP|Reuters|EPA|Getty|Photo|Image|Courtesy|File)[^()\[\]]{0,80})[\)\]]\s*$")
        .expect("static regex")
});

static BY_PREFIX: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:(?:story|words|text|written|reported|posted|compiled)\s+)?by\s*:?\s+\S")
        .expect("static regex")
});

static BREADCRUMB: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\s+(?:>|›|»|/|\|)\s+").expect("static regex"));

fn clean_inline(line: &str) -> String {
    let t = MD_LINK.replace_all(line, "$1");
    let t = MD_STRONG.replace_all(&t, "");
    let t = MD_EMPHASIS.replace_all(&t, " ");
    fold_whitespace(&t)
}

fn chunks(text: &str) -> Vec<Chunk> {
    let mut out: Vec<Chunk> = Vec::new();
    let mut current: Option<Chunk> = None;
    let flush = |cur: &mut Option<Chunk>, out: &mut Vec<Chunk>| {
        if let Some(c) = cur.take() {
            if !c.text.is_empty() || c.image.is_some() {
                out.push(c);
            }
        }
    };
    // Length of the previous non-blank line: a dump that puts each
    // paragraph on one long line, without blank lines between, must not
    // become one block; hard-wrapped text has short lines.
    let mut prev_len = 0usize;
    let mut prev_ends_sentence = false;
    // Almost no blank lines at all: every line is its own block.
    let (blank, filled) = text.lines().fold((0usize, 0usize), |(b, f), l| {
        if l.trim().is_empty() {
            (b + 1, f)
        } else {
            (b, f + 1)
        }
    });
    let line_per_block = blank * 5 < filled;
    for (i, line) in text.lines().enumerate() {
        let t = line.trim();
        let paragraph_per_line = line_per_block || (prev_len > 150 && prev_ends_sentence);
        prev_len = t.chars().count();
        prev_ends_sentence = ends_sentence(t);
        if t.is_empty() {
            flush(&mut current, &mut out);
            continue;
        }
        // Setext underline: the previous line was a heading.
        if t.len() >= 3 && (t.bytes().all(|b| b == b'=') || t.bytes().all(|b| b == b'-')) {
            if let Some(c) = current.as_mut() {
                c.heading = Some(if t.starts_with('=') { 1 } else { 2 });
                flush(&mut current, &mut out);
            }
            continue;
        }
        let hashes = t.bytes().take_while(|&b| b == b'#').count();
        let heading = (1..=6)
            .contains(&hashes)
            .then(|| t.as_bytes().get(hashes).copied())
            .flatten()
            .filter(|&b| b == b' ')
            .map(|_| hashes as u8);
        let image = MD_IMAGE
            .captures(t)
            .map(|c| (c[1].to_string(), c[2].to_string()));
        let list = LIST_ITEM.captures(t).map(|c| c.get(2).is_some());
        let quote = t.starts_with('>') && !t.starts_with(">>");
        let body = if heading.is_some() {
            t[hashes..].trim().trim_end_matches('#').trim()
        } else if quote {
            t.trim_start_matches('>').trim()
        } else if list.is_some() {
            LIST_ITEM.find(t).map_or(t, |m| &t[m.end()..])
        } else {
            t
        };
        let separate = heading.is_some() || image.is_some() || list.is_some();
        if separate {
            flush(&mut current, &mut out);
        }
        match current.as_mut() {
            Some(c)
                if !separate && !paragraph_per_line && c.heading.is_none() && c.list.is_none() =>
            {
                let more = clean_inline(body);
                if !more.is_empty() {
                    if !c.text.is_empty() {
                        c.text.push(' ');
                    }
                    c.text.push_str(&more);
                }
            }
            _ => {
                flush(&mut current, &mut out);
                current = Some(Chunk {
                    text: if image.is_some() {
                        String::new()
                    } else {
                        clean_inline(body)
                    },
                    raw: t.to_string(),
                    line: i + 1,
                    heading,
                    list,
                    quote,
                    image,
                });
            }
        }
        if separate {
            flush(&mut current, &mut out);
        }
    }
    flush(&mut current, &mut out);
    out
}

fn words(text: &str) -> usize {
    dateline_core::word_count(text)
}

fn is_boilerplate(c: &Chunk) -> bool {
    let short = words(&c.text) <= 25;
    // A markdown link line in the page chrome ("[Sign Up](#)").
    let link_line = c.raw.contains("](") && words(&c.text) <= 8;
    short && (BOILERPLATE.is_match(&c.text) || BOILERPLATE.is_match(&c.raw) || link_line)
}

fn is_credit_line(text: &str) -> bool {
    let n = words(text);
    if n == 0 || n > 12 {
        return false;
    }
    if PHOTO_CREDIT.is_match(text) {
        return true;
    }
    let upper = text.chars().filter(|c| c.is_uppercase()).count();
    let lower = text.chars().filter(|c| c.is_lowercase()).count();
    // "ASSOCIATED PRESS", "AP PHOTO/EVAN VUCCI": a credit set in capitals.
    lower == 0 && upper >= 3 && n <= 6 && !text.ends_with(['.', '!', '?'])
}

fn is_byline(text: &str) -> bool {
    let n = words(text);
    if n == 0 || n > 16 {
        return false;
    }
    if BY_PREFIX.is_match(text) {
        return true;
    }
    // A wire name set alone in normal case ("Associated Press", "Reuters").
    text.chars().any(char::is_lowercase) && byline::agency_name(text).is_some()
}

fn ends_sentence(text: &str) -> bool {
    text.trim_end()
        .trim_end_matches(['"', '”', '’', '\'', ')'])
        .ends_with(['.', '!', '?', ':'])
}

fn is_prose(c: &Chunk) -> bool {
    let n = words(&c.text);
    n >= 15 || (n >= 6 && ends_sentence(&c.text)) || crate::dateline::split(&c.text).is_some()
}

/// Fills `article` (metadata, images and body) from a text dump.
pub fn extract(text: &str, article: &mut Article) {
    let chunks = chunks(text);
    let mut headline: Option<(String, usize)> = None;
    let mut section: Option<(String, usize)> = None;
    let mut unknown_dates: Vec<(String, usize)> = Vec::new();
    let mut pending_credit: Option<(String, usize)> = None;
    let mut body_start = chunks.len();
    let has_h1 = chunks.iter().any(|c| c.heading == Some(1));
    let mut i = 0;
    while i < chunks.len() {
        let c = &chunks[i];
        let detail = format!("line {}", c.line);
        if let Some((alt, url)) = &c.image {
            article.images.push(Image {
                url: (!url.is_empty()).then(|| url.clone()),
                caption: (!alt.trim().is_empty()).then(|| fold_whitespace(alt)),
                credit: None,
            });
            i += 1;
            continue;
        }
        // Breadcrumbs ("Home > World") name the section; they are often
        // links, so look before dropping link lines.
        if headline.is_none() && c.heading.is_none() && words(&c.text) <= 12 {
            let crumbs: Vec<&str> = BREADCRUMB.split(&c.text).collect();
            if crumbs.len() > 1 {
                if let Some(last) = crumbs.last().filter(|l| !l.trim().is_empty()) {
                    section.get_or_insert((last.trim().to_string(), c.line));
                }
                i += 1;
                continue;
            }
        }
        if c.text.is_empty() || is_boilerplate(c) {
            i += 1;
            continue;
        }
        let is_h = c.heading.is_some() && (c.heading == Some(1) || !has_h1);
        if headline.is_none() && is_h {
            headline = Some((c.text.clone(), c.line));
            i += 1;
            continue;
        }
        if let Some((role, iso)) = dates::parse_line(&c.text) {
            match role {
                DateRole::Published if article.published.is_none() => {
                    article.published = Some(iso);
                    article.note_source("published", Signal::VisibleText, detail);
                }
                DateRole::Updated if article.updated.is_none() => {
                    article.updated = Some(iso);
                    article.note_source("updated", Signal::VisibleText, detail);
                }
                DateRole::Unknown => unknown_dates.push((iso, c.line)),
                _ => {}
            }
            i += 1;
            continue;
        }
        if is_byline(&c.text) && article.byline.is_none() {
            let b = byline::parse(&c.text);
            article.byline = Some(c.text.clone());
            article.note_source("byline", Signal::VisibleText, detail.clone());
            if !b.authors.is_empty() {
                article.authors = b.authors;
                article.note_source("authors", Signal::VisibleText, detail.clone());
            }
            if let Some(a) = b.agency {
                article.agency = Some(a);
                article.note_source("agency", Signal::VisibleText, detail);
            }
            i += 1;
            continue;
        }
        if headline.is_some() && is_credit_line(&c.text) {
            pending_credit = Some((c.text.clone(), c.line));
            // The caption follows a credit set on its own line, unless the
            // story itself starts there.
            if let Some(next) = chunks.get(i + 1) {
                if crate::dateline::split(&next.text).is_none() && !is_boilerplate(next) {
                    if let Some((credit, _)) = pending_credit.take() {
                        article.images.push(Image {
                            url: None,
                            caption: Some(next.text.clone()),
                            credit: Some(credit),
                        });
                    }
                    i += 2;
                    continue;
                }
            }
            i += 1;
            continue;
        }
        // "Caption text. (AP Photo/Jane Doe)" before the story.
        if headline.is_some() {
            if let Some(m) = TRAILING_CREDIT.captures(&c.text) {
                let credit = m[1].trim().to_string();
                let caption = c.text[..m.get(0).map_or(c.text.len(), |g| g.start())].trim();
                if PHOTO_CREDIT.is_match(&credit) || credit.contains('/') {
                    article.images.push(Image {
                        url: None,
                        caption: (!caption.is_empty()).then(|| caption.to_string()),
                        credit: Some(credit),
                    });
                    i += 1;
                    continue;
                }
            }
            // A caption followed by its credit line.
            if let Some(next) = chunks.get(i + 1) {
                if is_prose(c) && is_credit_line(&next.text) && PHOTO_CREDIT.is_match(&next.text) {
                    article.images.push(Image {
                        url: None,
                        caption: Some(c.text.clone()),
                        credit: Some(next.text.clone()),
                    });
                    i += 2;
                    continue;
                }
            }
        }
        if is_prose(c) && c.heading.is_none() {
            if headline.is_none() && words(&c.text) <= 30 && !ends_sentence(&c.text) {
                headline = Some((c.text.clone(), c.line));
                i += 1;
                continue;
            }
            // A standfirst between the headline and the byline/date lines.
            let header_follows = chunks
                .get(i + 1)
                .is_some_and(|n| is_byline(&n.text) || dates::parse_line(&n.text).is_some());
            if headline.is_some()
                && header_follows
                && article.description.is_none()
                && crate::dateline::split(&c.text).is_none()
            {
                article.description = Some(c.text.clone());
                article.note_source("description", Signal::VisibleText, detail);
                i += 1;
                continue;
            }
            body_start = i;
            break;
        }
        // Short text before the story: section label, then the headline.
        if headline.is_none() {
            // A short line right before the byline, a date line or the
            // story is the headline; a section label comes before the
            // headline.
            let next_is_header_or_story = chunks.get(i + 1).is_some_and(|n| {
                is_byline(&n.text) || dates::parse_line(&n.text).is_some() || is_prose(n)
            });
            if words(&c.text) >= 4 || c.heading.is_some() || next_is_header_or_story {
                headline = Some((c.text.clone(), c.line));
            } else {
                section.get_or_insert((c.text.clone(), c.line));
            }
        } else if article.description.is_none()
            && c.heading.is_none()
            && words(&c.text) >= 4
            && chunks
                .get(i + 1)
                .is_some_and(|n| is_byline(&n.text) || dates::parse_line(&n.text).is_some())
        {
            // A short standfirst between the headline and the byline.
            article.description = Some(c.text.clone());
            article.note_source("description", Signal::VisibleText, detail);
        } else if c.heading.is_some() || words(&c.text) >= 4 {
            // Text after the headline that is neither prose nor a known
            // header line: a subheading opens the story.
            body_start = i;
            break;
        }
        i += 1;
    }
    if let Some((h, line)) = headline {
        article.headline = Some(h);
        article.note_source("headline", Signal::VisibleText, format!("line {line}"));
    }
    if let Some((s, line)) = section {
        article.section = Some(s);
        article.note_source("section", Signal::VisibleText, format!("line {line}"));
    }
    for (iso, line) in unknown_dates {
        if article.published.is_none() {
            article.published = Some(iso);
            article.note_source("published", Signal::VisibleText, format!("line {line}"));
        } else if article.story_date.is_none() {
            article.story_date = dates::day_of(&iso).map(str::to_string);
            article.note_source("story_date", Signal::VisibleText, format!("line {line}"));
        }
    }
    if let Some((credit, _)) = pending_credit {
        article.images.push(Image {
            url: None,
            caption: None,
            credit: Some(credit),
        });
    }
    article.body = body_blocks(chunks.get(body_start..).unwrap_or(&[]));
}

fn body_blocks(chunks: &[Chunk]) -> Vec<Block> {
    let mut out: Vec<Block> = Vec::new();
    for c in chunks {
        if c.image.is_some() || c.text.is_empty() {
            continue;
        }
        if words(&c.text) <= 6 && FOOTER_START.is_match(&c.text) && !out.is_empty() {
            break;
        }
        if is_boilerplate(c) {
            continue;
        }
        if let Some(level) = c.heading {
            out.push(Block::Heading {
                level,
                text: c.text.clone(),
            });
        } else if let Some(ordered) = c.list {
            match out.last_mut() {
                Some(Block::List { ordered: o, items }) if *o == ordered => {
                    items.push(c.text.clone())
                }
                _ => out.push(Block::List {
                    ordered,
                    items: vec![c.text.clone()],
                }),
            }
        } else if c.quote {
            out.push(Block::Quote {
                text: c.text.clone(),
            });
        } else {
            out.push(Block::Paragraph {
                text: c.text.clone(),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_dumps_not_html() {
        assert!(looks_like_text_dump(
            "Headline\n\nBy Jane Doe\n\nBody text here."
        ));
        assert!(!looks_like_text_dump(
            "<!doctype html><html><body><p>x</p></body></html>"
        ));
        assert!(!looks_like_text_dump("  <html>\n<p>a</p>"));
        assert!(!looks_like_text_dump("one line only"));
    }

    #[test]
    fn markdown_chunks() {
        let c = chunks("# Title here\n\nSome **bold** text\nwrapped.\n\n- a\n- b\n\n![Alt text](http://x/y.jpg)\n");
        assert_eq!(c[0].heading, Some(1));
        assert_eq!(c[0].text, "Title here");
        assert_eq!(c[1].text, "Some bold text wrapped.");
        assert_eq!(c[1].line, 3);
        assert_eq!(c[2].list, Some(false));
        assert_eq!(c[4].image.as_ref().map(|i| i.0.as_str()), Some("Alt text"));
    }
}
