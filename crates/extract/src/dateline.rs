//! The dateline that opens a news story ("HAMBURG, Germany >>").

use dateline_core::Dateline;

/// Splits a dateline off the start of `paragraph`: the dateline and the rest
/// of the paragraph, or `None` when the paragraph does not open with one.
pub fn split(paragraph: &str) -> Option<(Dateline, String)> {
    let _ = paragraph;
    None
}
