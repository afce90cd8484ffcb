//! From the bytes of a news page to a structured [`Article`].
//!
//! [`extract`] runs the pipeline: size and binary checks, charset decoding,
//! text dumps (pages saved as plain text) or HTML parsing into a [`html::Dom`],
//! metadata, body without boilerplate, and a final tidy-up pass.
#![warn(missing_docs)]
#![forbid(unsafe_code)]

pub mod body;
pub mod byline;
pub mod charset;
pub mod dateline;
pub mod dates;
mod finish;
pub mod html;
mod meta;
mod text_dump;

use dateline_core::{Article, Page};

/// Limits that keep extraction bounded on hostile or broken input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// Pages larger than this are refused with [`ExtractError::TooLarge`].
    pub max_input_bytes: usize,
    /// Elements nested deeper than this are attached at this depth.
    pub max_depth: usize,
    /// Parsing stops after this many DOM nodes.
    pub max_nodes: usize,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            max_input_bytes: 32 * 1024 * 1024,
            max_depth: 512,
            max_nodes: 2_000_000,
        }
    }
}

/// Why a page gave no article.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ExtractError {
    /// The page has no bytes (or only whitespace).
    #[error("the page is empty")]
    Empty,
    /// The page is larger than [`Options::max_input_bytes`].
    #[error("the page is {size} bytes, over the limit of {limit} bytes (raise max_input_bytes to allow it)")]
    TooLarge {
        /// The page's size in bytes.
        size: usize,
        /// The limit in force.
        limit: usize,
    },
    /// The bytes look like binary data (an image, an archive, a PDF), not a page.
    #[error("the page looks like binary data, not HTML or text")]
    Binary,
    /// Nothing on the page reads like an article.
    #[error("nothing on the page reads like an article")]
    NoContent,
}

/// Extracts the article from one page.
pub fn extract(page: &Page, opts: &Options) -> Result<Article, ExtractError> {
    let bytes = &page.bytes;
    check_bytes(bytes, opts)?;
    let text = charset::decode_borrowed(bytes, page.content_type.as_deref());
    let mut article = Article::new();
    article.source = (!page.source.is_empty()).then(|| page.source.clone());
    article.url = page.url.clone();
    run(&text, &mut article, opts)?;
    Ok(article)
}

/// Extracts the article from an already decoded page; `url` is the page's URL
/// when known.
pub fn extract_html(
    html: &str,
    url: Option<&str>,
    opts: &Options,
) -> Result<Article, ExtractError> {
    check_bytes(html.as_bytes(), opts)?;
    let mut article = Article::new();
    article.url = url.map(str::to_string);
    run(html, &mut article, opts)?;
    Ok(article)
}

fn run(text: &str, article: &mut Article, opts: &Options) -> Result<(), ExtractError> {
    if text.trim().is_empty() {
        return Err(ExtractError::Empty);
    }
    if text_dump::looks_like_text_dump(text) {
        text_dump::extract(text, article);
    } else {
        let dom = html::Dom::parse(text, opts);
        meta::read(&dom, article);
        body::extract(&dom, article);
    }
    finish::finish(article);
    if article.body.is_empty() && article.headline.is_none() {
        return Err(ExtractError::NoContent);
    }
    Ok(())
}

/// Size, emptiness and binary checks on the raw bytes.
fn check_bytes(bytes: &[u8], opts: &Options) -> Result<(), ExtractError> {
    if bytes.len() > opts.max_input_bytes {
        return Err(ExtractError::TooLarge {
            size: bytes.len(),
            limit: opts.max_input_bytes,
        });
    }
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(ExtractError::Empty);
    }
    if looks_binary(bytes) {
        return Err(ExtractError::Binary);
    }
    Ok(())
}

/// True for bytes that are clearly not a text page: known binary signatures,
/// or many control bytes near the start. UTF-16 with a BOM is text.
fn looks_binary(bytes: &[u8]) -> bool {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return false;
    }
    const SIGNATURES: &[&[u8]] = &[
        b"%PDF-",
        b"\x89PNG",
        b"\xFF\xD8\xFF",
        b"GIF8",
        b"PK\x03\x04",
        b"\x1F\x8B",
        b"BZh",
        b"\x7FELF",
        b"RIFF",
        b"\x00\x00\x00",
        b"7z\xBC\xAF",
        b"\x28\xB5\x2F\xFD",
    ];
    if SIGNATURES.iter().any(|s| bytes.starts_with(s)) {
        return true;
    }
    let head = &bytes[..bytes.len().min(4096)];
    let is_control =
        |b: u8| (b < 0x20) & (b != b'\t') & (b != b'\n') & (b != b'\r') & (b != 0x0C) & (b != 0x1B);
    // Counted in byte lanes 32 at a time, without branches, so that the
    // count vectorises.
    let mut chunks = head.chunks_exact(32);
    let mut controls = 0usize;
    for chunk in &mut chunks {
        let lanes = chunk
            .iter()
            .fold(0u8, |n, &b| n.wrapping_add(u8::from(is_control(b))));
        controls += usize::from(lanes);
    }
    controls += chunks
        .remainder()
        .iter()
        .filter(|&&b| is_control(b))
        .count();
    controls * 10 > head.len()
}

#[cfg(test)]
mod tests {
    use super::looks_binary;

    #[test]
    fn binary_by_share_of_control_bytes() {
        // Just over a tenth of control bytes is binary, just under is not;
        // tabs, newlines, form feeds and escapes are text.
        for len in [10usize, 31, 32, 33, 100, 4096, 5000] {
            let head = len.min(4096);
            let over = head / 10 + 1;
            let under = head / 10;
            let mut b = vec![b'a'; len];
            b.iter_mut()
                .rev()
                .skip(len - head)
                .take(over)
                .for_each(|x| *x = 0x01);
            assert!(looks_binary(&b), "{len} bytes, {over} controls");
            let mut b = vec![b'a'; len];
            b.iter_mut()
                .rev()
                .skip(len - head)
                .take(under)
                .for_each(|x| *x = 0x02);
            assert!(!looks_binary(&b), "{len} bytes, {under} controls");
        }
        assert!(!looks_binary(b"\t\n\r\x0c\x1b\t\n\r\x0c\x1b"));
        assert!(!looks_binary(&[0x20u8; 64]));
    }
}
