//! Metadata quality on Zyte benchmark pages: headline, authors, publication
//! day and wire agency, against values read by hand from the pages
//! (`crates/eval/fixtures/zyte-metadata.json`).
//!
//! Comparison rules: headlines after folding whitespace and treating
//! straight and curly quotes as equal; authors as a set, without regard to
//! case; the publication time by its calendar day (the fixture may give a
//! second acceptable day when the page's UTC timestamp and its visible local
//! date differ); the agency exactly (both absent counts as right).

use dateline_extract::Options;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use std::fmt;
use std::path::Path;

/// Why the metadata evaluation could not run.
pub type MetadataError = crate::EvalError;

/// One hand-read page.
#[derive(Debug, Clone, Deserialize)]
struct Expected {
    id: String,
    headline: String,
    authors: Vec<String>,
    published: String,
    #[serde(default)]
    published_alt: Option<String>,
    agency: Option<String>,
}

#[derive(Debug, Deserialize)]
struct Fixture {
    pages: Vec<Expected>,
}

/// Right answers out of the pages scored, for one field.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct FieldScore {
    /// Pages where the field was right.
    pub right: usize,
    /// Pages scored.
    pub total: usize,
}

impl FieldScore {
    /// Share of pages right, 0 when nothing was scored.
    pub fn accuracy(&self) -> f64 {
        if self.total == 0 {
            0.0
        } else {
            self.right as f64 / self.total as f64
        }
    }

    fn add(&mut self, ok: bool) {
        self.total += 1;
        if ok {
            self.right += 1;
        }
    }
}

/// One wrong field on one page, for finding what to fix.
#[derive(Debug, Clone, Serialize)]
pub struct Miss {
    /// Page id (file name without `.html.gz`).
    pub id: String,
    /// Field name.
    pub field: String,
    /// The hand-read value.
    pub expected: String,
    /// What the extractor gave (`-` for nothing).
    pub got: String,
}

/// The evaluation's result.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Report {
    /// Pages in the fixture.
    pub pages: usize,
    /// Pages the extractor refused (counted wrong in every field).
    pub failed: usize,
    /// Headline accuracy.
    pub headline: FieldScore,
    /// Author set accuracy.
    pub authors: FieldScore,
    /// Publication day accuracy.
    pub published: FieldScore,
    /// Agency accuracy.
    pub agency: FieldScore,
    /// Every wrong field.
    pub misses: Vec<Miss>,
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "metadata on {} hand-read Zyte pages ({} refused)",
            self.pages, self.failed
        )?;
        writeln!(f, "| field | right | pages | accuracy |")?;
        writeln!(f, "| --- | ---: | ---: | ---: |")?;
        for (name, s) in [
            ("headline", self.headline),
            ("authors", self.authors),
            ("published (day)", self.published),
            ("agency", self.agency),
        ] {
            writeln!(
                f,
                "| {name} | {} | {} | {:.3} |",
                s.right,
                s.total,
                s.accuracy()
            )?;
        }
        if !self.misses.is_empty() {
            writeln!(f, "\nmisses:")?;
            for m in &self.misses {
                let id = m.id.get(..16).unwrap_or(&m.id);
                writeln!(
                    f,
                    "  {id} {}: expected {:?}, got {:?}",
                    m.field, m.expected, m.got
                )?;
            }
        }
        Ok(())
    }
}

/// Folds whitespace and makes straight and curly quotes equal.
pub fn fold_headline(s: &str) -> String {
    dateline_core::fold_whitespace(s)
        .chars()
        .map(|c| match c {
            '\u{2018}' | '\u{2019}' | '\u{201a}' | '\u{2032}' | '`' | '\u{b4}' => '\'',
            '\u{201c}' | '\u{201d}' | '\u{201e}' | '\u{2033}' | '\u{ab}' | '\u{bb}' => '"',
            c => c,
        })
        .collect()
}

fn author_set(names: &[String]) -> BTreeSet<String> {
    names
        .iter()
        .map(|n| dateline_core::fold_whitespace(n).to_lowercase())
        .collect()
}

/// Scores `dateline_extract::extract` on the pages of `fixtures` found in
/// `zyte_dir` (the benchmark's directory, holding `html/<id>.html.gz` and
/// `ground-truth.json`, whose URLs the pages are extracted with).
pub fn evaluate(zyte_dir: &Path, fixtures: &Path, opts: &Options) -> Result<Report, MetadataError> {
    let text = std::fs::read_to_string(fixtures).map_err(|source| MetadataError::Io {
        path: fixtures.to_path_buf(),
        source,
    })?;
    let fixture: Fixture = serde_json::from_str(&text).map_err(|e| MetadataError::Format {
        path: fixtures.to_path_buf(),
        expected: "a metadata fixture",
        reason: e.to_string(),
    })?;
    let urls = crate::zyte::load_urls(zyte_dir)?;
    let mut report = Report {
        pages: fixture.pages.len(),
        ..Default::default()
    };
    for exp in &fixture.pages {
        let page =
            crate::zyte::load_page(zyte_dir, &exp.id, urls.get(&exp.id).map(String::as_str))?;
        let article = match dateline_extract::extract(&page, opts) {
            Ok(a) => a,
            Err(e) => {
                report.failed += 1;
                for field in ["headline", "authors", "published", "agency"] {
                    report.misses.push(Miss {
                        id: exp.id.clone(),
                        field: field.into(),
                        expected: String::new(),
                        got: format!("error: {e}"),
                    });
                }
                report.headline.add(false);
                report.authors.add(false);
                report.published.add(false);
                report.agency.add(false);
                continue;
            }
        };
        let mut miss = |field: &str, expected: String, got: String| {
            report.misses.push(Miss {
                id: exp.id.clone(),
                field: field.into(),
                expected,
                got,
            })
        };
        let got_h = article.headline.clone().unwrap_or_default();
        let ok = fold_headline(&got_h) == fold_headline(&exp.headline);
        report.headline.add(ok);
        if !ok {
            miss("headline", exp.headline.clone(), got_h);
        }
        let ok = author_set(&article.authors) == author_set(&exp.authors);
        report.authors.add(ok);
        if !ok {
            miss(
                "authors",
                exp.authors.join("; "),
                article.authors.join("; "),
            );
        }
        let day = article.published.as_deref().and_then(|p| p.get(..10));
        let ok = day.is_some_and(|d| d == exp.published || exp.published_alt.as_deref() == Some(d));
        report.published.add(ok);
        if !ok {
            miss(
                "published",
                exp.published.clone(),
                article.published.clone().unwrap_or_else(|| "-".into()),
            );
        }
        let ok = article.agency == exp.agency;
        report.agency.add(ok);
        if !ok {
            miss(
                "agency",
                exp.agency.clone().unwrap_or_else(|| "-".into()),
                article.agency.clone().unwrap_or_else(|| "-".into()),
            );
        }
    }
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_quotes_and_space() {
        assert_eq!(
            fold_headline("  \u{2018}We had\u{2019}  issues,\u{201d}"),
            "'We had' issues,\""
        );
    }

    #[test]
    fn authors_compare_as_sets_ignoring_case() {
        assert_eq!(
            author_set(&["Jane DOE".into(), "John Roe".into()]),
            author_set(&["john roe".into(), "Jane Doe".into()])
        );
    }
}
