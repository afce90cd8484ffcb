//! What changed between two versions of one article.

use dateline_core::Article;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::HashMap;

/// The summary stored with a revision: which fields changed and which
/// paragraphs were added or removed relative to the previous revision.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Changes {
    /// Names of the metadata fields whose value changed (`headline`,
    /// `description`, `byline`, `authors`, `published`, `updated`, `section`,
    /// `dateline`, `body`).
    pub fields: Vec<String>,
    /// Paragraphs in the new version that the old one lacks, in order.
    pub paragraphs_added: Vec<String>,
    /// Paragraphs of the old version that the new one lacks, in order.
    pub paragraphs_removed: Vec<String>,
    /// Paragraphs present in both versions.
    pub paragraphs_kept: usize,
    /// The headline before the change, when it changed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub old_headline: Option<String>,
    /// Body word count before and after.
    pub words_before: usize,
    /// Body word count after the change.
    pub words_after: usize,
}

impl Changes {
    /// Compares two versions of an article. The body is compared block by
    /// block as a multiset, so a moved paragraph counts as kept.
    pub fn between(old: &Article, new: &Article) -> Changes {
        let mut fields = Vec::new();
        let mut field = |name: &str, changed: bool| {
            if changed {
                fields.push(name.to_string());
            }
        };
        field("headline", old.headline != new.headline);
        field("description", old.description != new.description);
        field("byline", old.byline != new.byline);
        field("authors", old.authors != new.authors);
        field("agency", old.agency != new.agency);
        field("published", old.published != new.published);
        field("updated", old.updated != new.updated);
        field("section", old.section != new.section);
        field("dateline", old.dateline != new.dateline);
        field("body", old.body != new.body);
        field("images", old.images != new.images);
        field("tags", old.tags != new.tags);

        let old_blocks: Vec<String> = old.body.iter().map(|b| b.text()).collect();
        let new_blocks: Vec<String> = new.body.iter().map(|b| b.text()).collect();
        let mut counts: HashMap<&str, isize> = HashMap::new();
        for b in &old_blocks {
            *counts.entry(b.as_str()).or_default() += 1;
        }
        let mut paragraphs_added = Vec::new();
        let mut kept = 0;
        for b in &new_blocks {
            match counts.get_mut(b.as_str()) {
                Some(n) if *n > 0 => {
                    *n -= 1;
                    kept += 1;
                }
                _ => paragraphs_added.push(b.clone()),
            }
        }
        let mut paragraphs_removed = Vec::new();
        for b in &old_blocks {
            if let Some(n) = counts.get_mut(b.as_str()) {
                if *n > 0 {
                    *n -= 1;
                    paragraphs_removed.push(b.clone());
                }
            }
        }
        Changes {
            old_headline: if old.headline != new.headline {
                old.headline.clone()
            } else {
                None
            },
            fields,
            paragraphs_added,
            paragraphs_removed,
            paragraphs_kept: kept,
            words_before: old.word_count,
            words_after: new.word_count,
        }
    }

    /// One line for people: "headline, body: 2 paragraphs added, 1 removed".
    pub fn summary(&self) -> String {
        let mut s = self.fields.join(", ");
        if !self.paragraphs_added.is_empty() || !self.paragraphs_removed.is_empty() {
            s.push_str(&format!(
                ": {} paragraph(s) added, {} removed",
                self.paragraphs_added.len(),
                self.paragraphs_removed.len()
            ));
        }
        s
    }
}

/// The hash that decides whether a new version of an article differs from the
/// stored one: what a reader would notice (headline, standfirst, byline, the
/// dates the page shows, and the body), not extraction details such as
/// provenance or the page's source path.
pub fn content_hash(a: &Article) -> [u8; 32] {
    let mut h = Sha256::new();
    let mut part = |tag: &str, value: &str| {
        h.update(tag.as_bytes());
        h.update((value.len() as u64).to_le_bytes());
        h.update(value.as_bytes());
    };
    part("headline", a.headline.as_deref().unwrap_or(""));
    part("description", a.description.as_deref().unwrap_or(""));
    part("byline", a.byline.as_deref().unwrap_or(""));
    part("published", a.published.as_deref().unwrap_or(""));
    part("updated", a.updated.as_deref().unwrap_or(""));
    for block in &a.body {
        part("block", &block.text());
    }
    h.finalize().into()
}

/// SHA-256 of some bytes.
pub fn sha256(bytes: &[u8]) -> [u8; 32] {
    Sha256::digest(bytes).into()
}

#[cfg(test)]
mod tests {
    use super::*;
    use dateline_core::Block;

    fn art(headline: &str, paras: &[&str]) -> Article {
        let mut a = Article::new();
        a.headline = Some(headline.into());
        a.body = paras
            .iter()
            .map(|p| Block::Paragraph {
                text: p.to_string(),
            })
            .collect();
        a.word_count = paras.iter().map(|p| p.split_whitespace().count()).sum();
        a
    }

    #[test]
    fn reports_fields_and_paragraphs() {
        let old = art("Old", &["A one.", "B two.", "C three."]);
        let new = art("New", &["A one.", "C three.", "D four.", "E five."]);
        let c = Changes::between(&old, &new);
        assert_eq!(c.fields, vec!["headline", "body"]);
        assert_eq!(c.paragraphs_added, vec!["D four.", "E five."]);
        assert_eq!(c.paragraphs_removed, vec!["B two."]);
        assert_eq!(c.paragraphs_kept, 2);
        assert_eq!(c.old_headline.as_deref(), Some("Old"));
        assert_eq!(
            c.summary(),
            "headline, body: 2 paragraph(s) added, 1 removed"
        );
        assert_ne!(content_hash(&old), content_hash(&new));
    }

    #[test]
    fn provenance_and_source_do_not_change_the_hash() {
        let a = art("H", &["x"]);
        let mut b = a.clone();
        b.source = Some("elsewhere.html".into());
        b.note_source("headline", dateline_core::Signal::JsonLd, "");
        assert_eq!(content_hash(&a), content_hash(&b));
    }
}
