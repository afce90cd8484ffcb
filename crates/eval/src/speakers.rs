//! Speaker resolution measured on hand-written fixtures
//! (`fixtures/polnear-speakers.json`): PolNeAR articles where each
//! attribution of speech has its speaker resolved by hand to the fullest name
//! the article uses, so "he", "the former president" or "Mr. Biden" are
//! checked against who they really are.
//!
//! The fixtures hold offsets and names only; the text is read from the
//! PolNeAR copy. For each entry the analyser's relation whose content overlaps
//! the entry's content by at least half of the longer span (as in
//! [`crate::polnear`]) is taken, and its resolved speaker compared with the
//! hand-written one after [`normalise_name`]. An entry whose speaker is `null`
//! (a poll, "a source") is right when the analyser links the source to no
//! named entity.

use crate::polnear::{overlaps, relations, shared};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::fmt;
use std::path::Path;

/// One hand-resolved attribution.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct Entry {
    /// PolNeAR split.
    pub split: String,
    /// Article name (file stem under `<split>/text`).
    pub article: String,
    /// Content start, in characters.
    pub start: usize,
    /// Content end, in characters.
    pub end: usize,
    /// The speaker's fullest name in the article, or `None` for an unnamed source.
    pub speaker: Option<String>,
}

#[derive(Deserialize)]
struct Fixture {
    entries: Vec<Entry>,
}

/// Result of the speaker-resolution check.
#[derive(Debug, Clone, Default, Serialize)]
pub struct SpeakerReport {
    /// Articles in the fixtures.
    pub articles: usize,
    /// Hand-resolved attributions.
    pub entries: usize,
    /// Entries whose content the analyser found.
    pub found: usize,
    /// Entries found with the right speaker.
    pub correct: usize,
    /// correct / entries.
    pub accuracy: f64,
    /// correct / found: how well found quotes are resolved.
    pub accuracy_found: f64,
    /// Wrong or missing resolutions: (article, start, expected, got).
    pub errors: Vec<(String, usize, Option<String>, Option<String>)>,
}

impl fmt::Display for SpeakerReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "speaker resolution: {} articles, {} hand-resolved attributions",
            self.articles, self.entries
        )?;
        writeln!(
            f,
            "  content found          {:>4} / {}",
            self.found, self.entries
        )?;
        writeln!(
            f,
            "  right speaker, of all  {:>4} / {}  = {:.3}",
            self.correct, self.entries, self.accuracy
        )?;
        write!(
            f,
            "  right speaker, found   {:>4} / {}  = {:.3}",
            self.correct, self.found, self.accuracy_found
        )
    }
}

/// Lower-cased name without honorifics, initials and suffixes, so that
/// "Joseph R. Biden Jr." and "Joseph Biden" compare equal.
pub fn normalise_name(s: &str) -> String {
    s.split_whitespace()
        .map(|w| w.trim_matches(|c: char| c == ',' || c == '\u{2019}' || c == '\''))
        .filter(|w| {
            let l = w.to_lowercase();
            let initial = l.len() == 2 && l.ends_with('.');
            !initial
                && !matches!(
                    l.as_str(),
                    "mr."
                        | "mrs."
                        | "ms."
                        | "dr."
                        | "sen."
                        | "rep."
                        | "gov."
                        | "gen."
                        | "jr."
                        | "sr."
                        | "the"
                        | "president"
                        | "lt."
                        | "retired"
                )
        })
        .map(|w| w.to_lowercase())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Checks speaker resolution against `fixture` (a JSON file of [`Entry`]s)
/// with the PolNeAR copy at `polnear_dir`.
pub fn evaluate(polnear_dir: &Path, fixture: &Path) -> Result<SpeakerReport, String> {
    let raw =
        std::fs::read_to_string(fixture).map_err(|e| format!("{}: {e}", fixture.display()))?;
    let fx: Fixture =
        serde_json::from_str(&raw).map_err(|e| format!("{}: {e}", fixture.display()))?;
    let mut by_article: HashMap<(String, String), Vec<&Entry>> = HashMap::new();
    for e in &fx.entries {
        by_article
            .entry((e.split.clone(), e.article.clone()))
            .or_default()
            .push(e);
    }
    let mut r = SpeakerReport {
        articles: by_article.len(),
        entries: fx.entries.len(),
        ..Default::default()
    };
    let mut keys: Vec<&(String, String)> = by_article.keys().collect();
    keys.sort();
    for key in keys {
        let (split, article) = key;
        let path = polnear_dir
            .join(split)
            .join("text")
            .join(format!("{article}.txt"));
        let text =
            std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let a = dateline_analyse::analyse_text(&text, None);
        let found = relations(&text, &a.quotes);
        for e in &by_article[key] {
            let want = vec![(e.start, e.end)];
            let best = found
                .iter()
                .filter(|f| overlaps(&f.content, &want))
                .max_by_key(|f| shared(&f.content, &want));
            let Some(f) = best else {
                r.errors
                    .push((article.clone(), e.start, e.speaker.clone(), None));
                continue;
            };
            r.found += 1;
            let ok = match (&e.speaker, &f.speaker, f.entity) {
                (Some(w), Some(g), _) => normalise_name(w) == normalise_name(g),
                (None, _, linked) => !linked,
                (Some(_), None, _) => false,
            };
            if ok {
                r.correct += 1;
            } else {
                r.errors.push((
                    article.clone(),
                    e.start,
                    e.speaker.clone(),
                    f.speaker.clone(),
                ));
            }
        }
    }
    r.accuracy = if r.entries == 0 {
        0.0
    } else {
        r.correct as f64 / r.entries as f64
    };
    r.accuracy_found = if r.found == 0 {
        0.0
    } else {
        r.correct as f64 / r.found as f64
    };
    Ok(r)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_compare_without_titles_and_initials() {
        assert_eq!(
            normalise_name("Joseph R. Biden Jr."),
            normalise_name("Joseph Biden")
        );
        assert_eq!(normalise_name("Donald J. Trump"), "donald trump");
        assert_ne!(
            normalise_name("Bill Clinton"),
            normalise_name("Hillary Clinton")
        );
    }
}
