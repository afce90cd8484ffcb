//! Finding quotations: who said what, about what, when.
//!
//! The search index narrows the articles (a speaker's surname, the topic's
//! words, the dates), newest first; the stored quotes of those articles are
//! then checked one by one, so what is listed is exactly what matches and
//! the index only has to be complete, not precise.

use crate::index::{period, unix_to_iso, SearchIndex, Sort};
use crate::{
    mentions_all, normalize, speaker_matches, tokens, Result, Store, StoreError, StoredQuote,
};

/// What to look for. Every part is optional; given parts must all match.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct QuoteQuery {
    /// Who said it: matched, ignoring case, against the resolved speaker and
    /// the speaker as written; a surname alone matches the full name
    /// (see [`speaker_matches`]).
    pub speaker: Option<String>,
    /// Words the quote must contain (all of them). When no quote contains
    /// them, quotes from articles that do are listed instead.
    pub about: Option<String>,
    /// Earliest publication date: `YYYY`, `YYYY-MM`, `YYYY-MM-DD` or a
    /// date-time, inclusive.
    pub since: Option<String>,
    /// Latest publication date, inclusive (the whole day, month or year).
    pub until: Option<String>,
    /// Most quotes returned.
    pub limit: usize,
    /// List a quote once, from its newest article, when several articles
    /// carry it word for word by the same speaker (wire copies run by many
    /// outlets); false lists every copy.
    pub distinct: bool,
}

/// Why a quote was listed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MatchedOn {
    /// The quote itself contains the `about` words (or none were given).
    Quote,
    /// No quote contained them; its article does.
    Article,
}

/// Quotes found, newest article first and in text order within one.
#[derive(Debug, Clone, PartialEq)]
pub struct QuoteResults {
    /// The quotes.
    pub quotes: Vec<StoredQuote>,
    /// Whether the `about` words were found in the quotes or only in their
    /// articles.
    pub matched_on: MatchedOn,
}

/// Articles read from the index per round while collecting quotes.
const PAGE: usize = 200;

impl SearchIndex {
    /// Finds quotes (see [`QuoteQuery`]), newest first. The index must be
    /// in step with `store` ([`SearchIndex::sync`]).
    pub fn quotes(&self, store: &Store, q: &QuoteQuery) -> Result<QuoteResults> {
        let mut clauses = Vec::new();
        let speaker = q
            .speaker
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty());
        if let Some(speaker) = speaker {
            // Every way `speaker_matches` can succeed needs the asked
            // surname among the name's words: the index looks for that.
            let Some(last) = tokens(speaker).pop() else {
                return Err(StoreError::Query(format!(
                    "speaker {speaker:?} has no letters or digits"
                )));
            };
            clauses.push(format!("speaker:{last}"));
        }
        let since = q
            .since
            .as_deref()
            .map(|d| date_bound(d, "since"))
            .transpose()?;
        let until = q
            .until
            .as_deref()
            .map(|d| date_bound(d, "until"))
            .transpose()?;
        if since.is_some() || until.is_some() {
            let side = |v: Option<i64>| v.map_or("*".to_string(), unix_to_iso);
            clauses.push(format!(
                "published:[{} TO {}}}",
                side(since.map(|(start, _)| start)),
                side(until.map(|(_, end)| end))
            ));
        }
        let about = tokens(q.about.as_deref().unwrap_or(""));
        let limit = q.limit.max(1);
        if about.is_empty() {
            let quotes = self.collect(store, &clauses, speaker, None, limit, q.distinct)?;
            return Ok(QuoteResults {
                quotes,
                matched_on: MatchedOn::Quote,
            });
        }
        let about_text = about.join(" ");
        let mut in_quotes = clauses.clone();
        in_quotes.extend(about.iter().map(|w| format!("quote:{w}")));
        let quotes = self.collect(
            store,
            &in_quotes,
            speaker,
            Some(&about_text),
            limit,
            q.distinct,
        )?;
        if !quotes.is_empty() {
            return Ok(QuoteResults {
                quotes,
                matched_on: MatchedOn::Quote,
            });
        }
        let mut in_articles = clauses;
        in_articles.extend(about.iter().map(|w| format!("(headline:{w} OR body:{w})")));
        let quotes = self.collect(store, &in_articles, speaker, None, limit, q.distinct)?;
        Ok(QuoteResults {
            quotes,
            matched_on: MatchedOn::Article,
        })
    }

    /// Pages through the articles matching `clauses`, newest first, keeping
    /// the quotes that match exactly, until `limit` are found.
    fn collect(
        &self,
        store: &Store,
        clauses: &[String],
        speaker: Option<&str>,
        about: Option<&str>,
        limit: usize,
        distinct: bool,
    ) -> Result<Vec<StoredQuote>> {
        let query = if clauses.is_empty() {
            "*".to_string()
        } else {
            clauses.join(" AND ")
        };
        let mut out = Vec::new();
        let mut seen = std::collections::HashSet::new();
        let mut offset = 0;
        // Most asks are answered by the first few articles: start small.
        let mut page_size = (limit * 2).clamp(16, PAGE);
        loop {
            let (ids, total) = self.search_ids(&query, Sort::Newest, page_size, offset)?;
            for quote in store.quotes_of(&ids)? {
                let by = |name: &Option<String>| {
                    name.as_deref()
                        .is_some_and(|n| speaker_matches(speaker.unwrap_or(""), n))
                };
                let speaker_ok = speaker.is_none()
                    || by(&quote.quote.speaker)
                    || by(&quote.quote.speaker_as_written);
                let about_ok = about.is_none_or(|a| mentions_all(&quote.quote.text, a));
                let first = !distinct || {
                    let who = quote.quote.speaker.as_deref().unwrap_or("");
                    seen.insert((normalize(who), normalize(&quote.quote.text)))
                };
                if speaker_ok && about_ok && first {
                    out.push(quote);
                    if out.len() >= limit {
                        return Ok(out);
                    }
                }
            }
            offset += ids.len();
            if ids.len() < page_size || offset >= total {
                return Ok(out);
            }
            page_size = (page_size * 2).min(PAGE);
        }
    }
}

fn date_bound(value: &str, what: &str) -> Result<(i64, i64)> {
    period(value).ok_or_else(|| {
        StoreError::Query(format!(
            "{what} {value:?} is not a date (YYYY-MM-DD, YYYY-MM or YYYY)"
        ))
    })
}
