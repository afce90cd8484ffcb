//! The article body: main content without boilerplate.

use crate::html::{Dom, NodeId};
use dateline_core::{Article, Block};

/// Fills `article.body` and `article.images` from the page.
pub fn extract(dom: &Dom, article: &mut Article) {
    let _ = NodeId::index;
    for p in dom.elements("p") {
        let text = dom.text_content(p);
        if text.len() > 80 {
            article.body.push(Block::Paragraph { text });
        }
    }
}
