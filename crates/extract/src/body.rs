//! The article body: the main content of the page without boilerplate.
//!
//! The approach is generic (no per-site rules):
//! 1. Mark boilerplate subtrees: invisible and interactive elements, `nav`,
//!    `aside`, `footer`, hidden elements, and elements whose class or id name
//!    sharing, comments, related links, ads... unless they wrap most of the
//!    page's text (a page-wide wrapper with an unlucky class name).
//! 2. Score containers by the paragraphs they hold (length, commas, link
//!    density), with soft class/id and tag hints, and pick the best.
//! 3. Widen the choice to the ancestor that holds the article when the text
//!    is split over several containers, and gather sibling blocks that read
//!    like article text.
//! 4. Emit blocks (paragraphs, headings, lists, quotes, tables) and images,
//!    dropping short furniture lines and link lists inside the content.

mod emit;
mod hints;
mod score;

use crate::html::Dom;
use dateline_core::Article;

/// Fills `article.body` and `article.images` from the page. Reads
/// `article.headline` to drop the headline when it repeats inside the content.
pub fn extract(dom: &Dom, article: &mut Article) {
    let features = score::Features::compute(dom);
    let roots = score::choose_content(dom, &features);
    if roots.is_empty() {
        return;
    }
    let out = emit::emit(dom, &features, &roots, article.headline.as_deref());
    article.body = out.blocks;
    if article.images.is_empty() {
        article.images = out.images;
    } else {
        for img in out.images {
            if !article.images.iter().any(|i| i.url == img.url) {
                article.images.push(img);
            }
        }
    }
}

#[cfg(test)]
mod tests;
