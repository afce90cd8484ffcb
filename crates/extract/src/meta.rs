//! Page metadata from markup: JSON-LD, OpenGraph, meta tags, itemprop,
//! `<time>`, visible bylines, `<title>`.

use crate::html::Dom;
use dateline_core::Article;

/// Reads the page's metadata into `article`, noting the source of each field.
pub fn read(dom: &Dom, article: &mut Article) {
    let _ = (dom, article);
}
