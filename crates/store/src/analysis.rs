//! Each article's analysis (entities and quotations with their speakers),
//! kept beside its current revision.
//!
//! An article has at most one stored analysis: the one of its current
//! revision. A new revision replaces it in the same transaction as the
//! revision itself, so the store never holds an analysis of a version it no
//! longer shows, and a crash never leaves a revision with half an analysis.
//! Every replacement gets a new, strictly increasing `analyses.id`, which is
//! how the search index learns that an article's speakers or entities
//! changed even when its text did not (a re-analysis by a newer pipeline).

use crate::{decode_article, sha256, Batch, Result, Store, StoreError};
use dateline_core::{
    Analysis, DateMention, Entity, EntityKind, Mention, Quote, QuoteKind, Span, ANALYSIS_SCHEMA,
};
use rusqlite::{params, OptionalExtension};

/// An article's stored analysis.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredAnalysis {
    /// Row id of the revision it belongs to.
    pub revision_id: i64,
    /// The revision's number (1 for the first version).
    pub revision: i64,
    /// The pipeline that made it (e.g. `dateline 0.1.0`).
    pub pipeline: String,
    /// When it was stored, in ms since the Unix epoch.
    pub analysed_at: i64,
    /// The analysis, as it was given.
    pub analysis: Analysis,
}

/// One stored quotation with what a listing needs of its article.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredQuote {
    /// The article's row id.
    pub article_id: i64,
    /// Position of the quote in its article's analysis (0 for the first).
    pub seq: i64,
    /// The quotation.
    pub quote: Quote,
    /// The article's current headline.
    pub headline: Option<String>,
    /// The outlet that ran it.
    pub outlet: Option<String>,
    /// The article's publication date as extracted.
    pub published: Option<String>,
    /// The article's canonical URL, when it has one.
    pub url: Option<String>,
}

/// What the search index takes from an analysis: speaker names, entity
/// names, and the quoted words.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IndexTerms {
    /// Resolved speakers, and speakers as written when they are names.
    pub speakers: Vec<String>,
    /// Canonical names of every entity.
    pub entities: Vec<String>,
    /// The text of every quotation.
    pub quotes: Vec<String>,
}

/// Lower-cased alphanumeric words of a name or phrase: the form in which
/// speakers and topics are compared (`"Vladimir  PUTIN,"` -> `vladimir putin`).
pub fn normalize(s: &str) -> String {
    tokens(s).join(" ")
}

/// The lower-cased alphanumeric words of `s`.
pub fn tokens(s: &str) -> Vec<String> {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// Whether a speaker name matches what a user asked for, case-insensitively:
/// every asked word is in the name ("Putin" or "vladimir putin" match
/// "Vladimir Putin"), or the name is part of what was asked and ends the
/// same way (a speaker written only as "Putin" matches "Vladimir Putin").
pub fn speaker_matches(asked: &str, name: &str) -> bool {
    let asked = tokens(asked);
    let name = tokens(name);
    if asked.is_empty() || name.is_empty() {
        return false;
    }
    let contains = |hay: &[String], needles: &[String]| needles.iter().all(|n| hay.contains(n));
    contains(&name, &asked) || (asked.last() == name.last() && contains(&asked, &name))
}

/// Whether every word of `about` occurs as a word in `text`, ignoring case.
pub fn mentions_all(text: &str, about: &str) -> bool {
    let want = tokens(about);
    if want.is_empty() {
        return true;
    }
    let have = tokens(text);
    want.iter().all(|w| have.contains(w))
}

/// Pronouns never indexed as speakers: "speaker:he" means nothing.
const PRONOUNS: &[&str] = &[
    "he", "she", "they", "it", "we", "i", "you", "him", "her", "them", "us",
];

fn kind_name(k: QuoteKind) -> &'static str {
    match k {
        QuoteKind::Direct => "direct",
        QuoteKind::Partial => "partial",
        QuoteKind::Indirect => "indirect",
    }
}

fn quote_kind(s: &str) -> Result<QuoteKind> {
    Ok(match s {
        "direct" => QuoteKind::Direct,
        "partial" => QuoteKind::Partial,
        "indirect" => QuoteKind::Indirect,
        other => return Err(StoreError::Corrupt(format!("unknown quote kind {other:?}"))),
    })
}

fn entity_kind_name(k: EntityKind) -> &'static str {
    match k {
        EntityKind::Person => "person",
        EntityKind::Organization => "organization",
        EntityKind::Place => "place",
    }
}

fn entity_kind(s: &str) -> Result<EntityKind> {
    Ok(match s {
        "person" => EntityKind::Person,
        "organization" => EntityKind::Organization,
        "place" => EntityKind::Place,
        other => {
            return Err(StoreError::Corrupt(format!(
                "unknown entity kind {other:?}"
            )))
        }
    })
}

fn to_json<T: serde::Serialize>(value: &T) -> Result<String> {
    serde_json::to_string(value)
        .map_err(|e| StoreError::Corrupt(format!("does not serialise: {e}")))
}

fn from_json<T: serde::de::DeserializeOwned>(what: &str, json: &str) -> Result<T> {
    serde_json::from_str(json).map_err(|e| StoreError::Corrupt(format!("{what}: {e}")))
}

fn offset(v: usize) -> i64 {
    i64::try_from(v).unwrap_or(i64::MAX)
}

fn unoffset(v: i64) -> usize {
    usize::try_from(v).unwrap_or(0)
}

/// A fingerprint of an analysis, to tell whether a re-analysis changed it.
fn analysis_hash(a: &Analysis) -> Result<[u8; 32]> {
    Ok(sha256(to_json(a)?.as_bytes()))
}

impl Batch<'_> {
    /// Stores an article like [`Batch::put`] and its analysis with it, in
    /// this batch's transaction. A new article or revision gets `analysis`;
    /// an unchanged article gets it too when its stored analysis differs (a
    /// newer analyser), without a new revision.
    pub fn put_analysed(
        &mut self,
        inc: &crate::Incoming,
        analysis: &Analysis,
    ) -> Result<crate::Outcome> {
        let outcome = self.put(inc)?;
        self.set_analysis(outcome.article_id(), analysis, &inc.pipeline)?;
        Ok(outcome)
    }

    /// Makes `analysis` the analysis of the article's current revision,
    /// replacing any other. Returns false (and writes nothing) when the
    /// stored analysis is already the same.
    pub fn set_analysis(
        &mut self,
        article_id: i64,
        analysis: &Analysis,
        pipeline: &str,
    ) -> Result<bool> {
        let hash = analysis_hash(analysis)?;
        let current: Option<(i64, Option<Vec<u8>>, Option<i64>)> = self
            .tx
            .prepare_cached(
                "SELECT r.id, an.hash, an.revision_id FROM articles a \
                 JOIN revisions r ON r.article_id = a.id AND r.number = a.revisions \
                 LEFT JOIN analyses an ON an.article_id = a.id WHERE a.id = ?1",
            )?
            .query_row([article_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .optional()?;
        let Some((revision_id, old_hash, old_revision)) = current else {
            return Err(StoreError::Corrupt(format!(
                "no article {article_id} to attach an analysis to"
            )));
        };
        if old_hash.as_deref() == Some(&hash[..]) && old_revision == Some(revision_id) {
            return Ok(false);
        }
        self.clear_analysis(article_id)?;
        let schema = if analysis.schema.is_empty() {
            ANALYSIS_SCHEMA
        } else {
            analysis.schema.as_str()
        };
        self.tx
            .prepare_cached(
                "INSERT INTO analyses (article_id, revision_id, schema, pipeline, analysed_at, \
                 hash, sentence_count, dates) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )?
            .execute(params![
                article_id,
                revision_id,
                schema,
                pipeline,
                crate::now_ms(),
                &hash[..],
                offset(analysis.sentence_count),
                to_json(&analysis.dates)?
            ])?;
        {
            let mut stmt = self.tx.prepare_cached(
                "INSERT INTO entities (article_id, revision_id, seq, local_id, kind, name, \
                 name_norm, titles, mentions) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            )?;
            for (seq, e) in analysis.entities.iter().enumerate() {
                stmt.execute(params![
                    article_id,
                    revision_id,
                    offset(seq),
                    e.id,
                    entity_kind_name(e.kind),
                    e.name,
                    normalize(&e.name),
                    to_json(&e.titles)?,
                    to_json(&e.mentions)?
                ])?;
            }
        }
        let mut stmt = self.tx.prepare_cached(
            "INSERT INTO quotes (article_id, revision_id, seq, kind, text, start_offset, \
             end_offset, spans, cue, cue_start, cue_end, speaker, speaker_norm, \
             speaker_as_written, as_written_norm, speaker_start, speaker_end, speaker_entity, \
             confidence) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, \
             ?15, ?16, ?17, ?18, ?19)",
        )?;
        for (seq, q) in analysis.quotes.iter().enumerate() {
            stmt.execute(params![
                article_id,
                revision_id,
                offset(seq),
                kind_name(q.kind),
                q.text,
                offset(q.start),
                offset(q.end),
                to_json(&q.spans)?,
                q.cue,
                q.cue_span.map(|s| offset(s.start)),
                q.cue_span.map(|s| offset(s.end)),
                q.speaker,
                q.speaker.as_deref().map(normalize),
                q.speaker_as_written,
                q.speaker_as_written.as_deref().map(normalize),
                q.speaker_span.map(|s| offset(s.start)),
                q.speaker_span.map(|s| offset(s.end)),
                q.speaker_id,
                f64::from(q.confidence)
            ])?;
        }
        Ok(true)
    }

    /// Removes an article's analysis (its revision changed and no analysis
    /// of the new one was given).
    pub(crate) fn clear_analysis(&mut self, article_id: i64) -> Result<()> {
        for sql in [
            "DELETE FROM quotes WHERE article_id = ?1",
            "DELETE FROM entities WHERE article_id = ?1",
            "DELETE FROM analyses WHERE article_id = ?1",
        ] {
            self.tx.prepare_cached(sql)?.execute([article_id])?;
        }
        Ok(())
    }
}

impl Store {
    /// The analysis of an article's current revision, when one is stored.
    pub fn analysis(&self, article_id: i64) -> Result<Option<StoredAnalysis>> {
        let head: Option<(i64, i64, String, String, i64, i64, String)> = self
            .conn
            .prepare_cached(
                "SELECT an.revision_id, r.number, an.schema, an.pipeline, an.analysed_at, \
                 an.sentence_count, an.dates FROM analyses an \
                 JOIN revisions r ON r.id = an.revision_id WHERE an.article_id = ?1",
            )?
            .query_row([article_id], |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                    r.get(6)?,
                ))
            })
            .optional()?;
        let Some((revision_id, revision, schema, pipeline, analysed_at, sentences, dates)) = head
        else {
            return Ok(None);
        };
        let mut analysis = Analysis {
            schema,
            sentence_count: unoffset(sentences),
            entities: Vec::new(),
            quotes: Vec::new(),
            dates: from_json::<Vec<DateMention>>("analysis dates", &dates)?,
        };
        let mut stmt = self.conn.prepare_cached(
            "SELECT local_id, kind, name, titles, mentions FROM entities \
             WHERE article_id = ?1 ORDER BY seq",
        )?;
        let mut rows = stmt.query([article_id])?;
        while let Some(r) = rows.next()? {
            let kind: String = r.get(1)?;
            let titles: String = r.get(3)?;
            let mentions: String = r.get(4)?;
            analysis.entities.push(Entity {
                id: r.get(0)?,
                kind: entity_kind(&kind)?,
                name: r.get(2)?,
                titles: from_json("entity titles", &titles)?,
                mentions: from_json::<Vec<Mention>>("entity mentions", &mentions)?,
            });
        }
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {QUOTE_COLUMNS} FROM quotes q WHERE q.article_id = ?1 ORDER BY q.seq"
        ))?;
        let mut rows = stmt.query([article_id])?;
        while let Some(r) = rows.next()? {
            analysis.quotes.push(read_quote(r)?);
        }
        Ok(Some(StoredAnalysis {
            revision_id,
            revision,
            pipeline,
            analysed_at,
            analysis,
        }))
    }

    /// Id of the newest stored analysis: with [`Store::last_revision_id`],
    /// the cursor an index keeps (0 when none is stored).
    pub fn last_analysis_id(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("SELECT coalesce(max(id), 0) FROM analyses", [], |r| {
                r.get(0)
            })?)
    }

    /// Articles with a stored analysis.
    pub fn analysed_articles(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("SELECT count(*) FROM analyses", [], |r| r.get(0))?)
    }

    /// Calls `f` with the current version of every article that gained a
    /// revision after revision id `revision_cursor` or a new analysis after
    /// analysis id `analysis_cursor`, in article id order.
    pub fn for_each_changed(
        &self,
        revision_cursor: i64,
        analysis_cursor: i64,
        mut f: impl FnMut(crate::StoredArticle) -> Result<()>,
    ) -> Result<()> {
        let mut stmt = self.conn.prepare(&format!(
            "{} WHERE a.id IN (SELECT article_id FROM revisions WHERE id > ?1 \
             UNION SELECT article_id FROM analyses WHERE id > ?2) ORDER BY a.id",
            crate::CURRENT_ARTICLES
        ))?;
        let mut rows = stmt.query([revision_cursor, analysis_cursor])?;
        while let Some(r) = rows.next()? {
            f(crate::stored_article(r)?)?;
        }
        Ok(())
    }

    /// The speakers, entity names and quoted words of an article's stored
    /// analysis, for the search index.
    pub fn index_terms(&self, article_id: i64) -> Result<IndexTerms> {
        let mut terms = IndexTerms::default();
        let mut stmt = self
            .conn
            .prepare_cached("SELECT name FROM entities WHERE article_id = ?1 ORDER BY seq")?;
        let mut rows = stmt.query([article_id])?;
        while let Some(r) = rows.next()? {
            let name: String = r.get(0)?;
            if !terms.entities.contains(&name) {
                terms.entities.push(name);
            }
        }
        let mut stmt = self.conn.prepare_cached(
            "SELECT text, speaker, speaker_as_written FROM quotes WHERE article_id = ?1 ORDER BY seq",
        )?;
        let mut rows = stmt.query([article_id])?;
        while let Some(r) = rows.next()? {
            terms.quotes.push(r.get(0)?);
            for name in [r.get::<_, Option<String>>(1)?, r.get(2)?]
                .into_iter()
                .flatten()
            {
                let norm = normalize(&name);
                if norm.is_empty() || PRONOUNS.contains(&norm.as_str()) {
                    continue;
                }
                if !terms.speakers.contains(&name) {
                    terms.speakers.push(name);
                }
            }
        }
        Ok(terms)
    }

    /// The stored quotes of these articles with their articles' headline,
    /// outlet, date and URL, in the order of `article_ids` and then of the
    /// text.
    pub fn quotes_of(&self, article_ids: &[i64]) -> Result<Vec<StoredQuote>> {
        let mut out = Vec::new();
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {QUOTE_COLUMNS}, q.article_id, q.seq, a.headline, a.outlet, a.published, a.key \
             FROM quotes q JOIN articles a ON a.id = q.article_id \
             WHERE q.article_id = ?1 ORDER BY q.seq"
        ))?;
        for &id in article_ids {
            let mut rows = stmt.query([id])?;
            while let Some(r) = rows.next()? {
                let key: String = r.get(QUOTE_COLUMN_COUNT + 5)?;
                out.push(StoredQuote {
                    quote: read_quote(r)?,
                    article_id: r.get(QUOTE_COLUMN_COUNT)?,
                    seq: r.get(QUOTE_COLUMN_COUNT + 1)?,
                    headline: r.get(QUOTE_COLUMN_COUNT + 2)?,
                    outlet: r.get(QUOTE_COLUMN_COUNT + 3)?,
                    published: r.get(QUOTE_COLUMN_COUNT + 4)?,
                    url: crate::url_of_key(&key).map(str::to_string),
                });
            }
        }
        Ok(out)
    }

    /// The current version of an article and the row id of its current
    /// revision's raw page, when it has one (what reprocessing re-reads).
    pub fn current_page(&self, article_id: i64) -> Result<Option<(crate::Article, Option<i64>)>> {
        let row: Option<(String, Option<i64>)> = self
            .conn
            .prepare_cached(
                "SELECT r.article, r.page_id FROM articles a JOIN revisions r \
                 ON r.article_id = a.id AND r.number = a.revisions WHERE a.id = ?1",
            )?
            .query_row([article_id], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        row.map(|(json, page)| Ok((decode_article(&json)?, page)))
            .transpose()
    }

    /// Row ids of all articles, in id order.
    pub fn article_ids(&self) -> Result<Vec<i64>> {
        let mut stmt = self.conn.prepare("SELECT id FROM articles ORDER BY id")?;
        let ids = stmt
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<Vec<i64>>>()?;
        Ok(ids)
    }
}

/// The columns [`read_quote`] reads, in order.
const QUOTE_COLUMNS: &str = "q.kind, q.text, q.start_offset, q.end_offset, q.spans, q.cue, \
     q.cue_start, q.cue_end, q.speaker, q.speaker_as_written, q.speaker_start, q.speaker_end, \
     q.speaker_entity, q.confidence";
const QUOTE_COLUMN_COUNT: usize = 14;

fn read_quote(r: &rusqlite::Row<'_>) -> Result<Quote> {
    let kind: String = r.get(0)?;
    let spans: String = r.get(4)?;
    let span = |a: Option<i64>, b: Option<i64>| match (a, b) {
        (Some(start), Some(end)) => Some(Span {
            start: unoffset(start),
            end: unoffset(end),
        }),
        _ => None,
    };
    Ok(Quote {
        kind: quote_kind(&kind)?,
        text: r.get(1)?,
        start: unoffset(r.get(2)?),
        end: unoffset(r.get(3)?),
        spans: from_json("quote spans", &spans)?,
        cue: r.get(5)?,
        cue_span: span(r.get(6)?, r.get(7)?),
        speaker: r.get(8)?,
        speaker_as_written: r.get(9)?,
        speaker_span: span(r.get(10)?, r.get(11)?),
        speaker_id: r.get(12)?,
        confidence: r.get::<_, f64>(13)? as f32,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn speakers_match_by_words_case_insensitively() {
        assert!(speaker_matches("Putin", "Vladimir Putin"));
        assert!(speaker_matches("vladimir PUTIN", "Vladimir Putin"));
        assert!(speaker_matches("Vladimir Putin", "Putin"));
        assert!(!speaker_matches("Vladimir Putin", "Vladimir"));
        assert!(!speaker_matches("Putin", "Donald Trump"));
        assert!(!speaker_matches("Put", "Vladimir Putin"));
        assert!(!speaker_matches("", "Vladimir Putin"));
        assert!(!speaker_matches("Putin", ""));
    }

    #[test]
    fn topics_match_whole_words() {
        assert!(mentions_all("He said Trump's answers were fine", "trump"));
        assert!(mentions_all("Trump and Putin", "putin trump"));
        assert!(!mentions_all("Trumpet", "trump"));
        assert!(mentions_all("anything", ""));
    }
}
