//! The full-text search index (tantivy) beside the store, kept in agreement
//! with it.
//!
//! The store is the truth; the index is derived. Every index commit carries
//! the id of the newest store revision it reflects (its cursor), and
//! [`SearchIndex::sync`] indexes whatever the store gained since. A crash
//! between a store commit and the index commit therefore loses nothing: the
//! next sync picks the articles up. Articles are keyed by their store id, so
//! indexing one twice replaces it rather than duplicating it. The cursor has
//! two parts: the newest revision and the newest analysis, since a newer
//! analyser can change an article's speakers without changing its text.

use crate::{IndexTerms, Result, Store, StoreError};
use dateline_core::calendar::{civil_from_days, days_from_civil};
use dateline_core::Article;
use std::path::Path;
use tantivy::collector::{Count, TopDocs};
use tantivy::directory::MmapDirectory;
use tantivy::query::QueryParser;
use tantivy::schema::{
    DateOptions, DateTimePrecision, Field, NumericOptions, Schema, Value, INDEXED, STORED, TEXT,
};
use tantivy::{
    DateTime, Index, IndexReader, IndexWriter, Order, ReloadPolicy, TantivyDocument, Term,
};

/// Subdirectory of the data directory holding the index.
pub const INDEX_DIR: &str = "index";

/// How results are ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Sort {
    /// Best match first.
    #[default]
    Relevance,
    /// Latest publication first (articles without a date last).
    Newest,
    /// Earliest publication first.
    Oldest,
}

/// One search result.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    /// The article's store id.
    pub article_id: i64,
    /// Relevance score (0 when sorted by date).
    pub score: f32,
    /// Headline as indexed.
    pub headline: Option<String>,
    /// Outlet as indexed.
    pub outlet: Option<String>,
    /// Publication time as indexed (UTC, RFC 3339).
    pub published: Option<String>,
}

/// Results of a search.
#[derive(Debug, Clone, PartialEq)]
pub struct Results {
    /// Matching articles in total.
    pub total: usize,
    /// The requested page of hits.
    pub hits: Vec<Hit>,
}

/// What a sync did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SyncReport {
    /// Articles (re)indexed.
    pub indexed: usize,
    /// The store revision the index now reflects.
    pub cursor: i64,
    /// The store analysis the index now reflects.
    pub analysis_cursor: i64,
}

struct Fields {
    id: Field,
    headline: Field,
    body: Field,
    outlet: Field,
    agency: Field,
    section: Field,
    author: Field,
    dateline: Field,
    tag: Field,
    url: Field,
    speaker: Field,
    entity: Field,
    quote: Field,
    published: Field,
}

fn schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let id = b.add_u64_field(
        "id",
        NumericOptions::default()
            .set_indexed()
            .set_stored()
            .set_fast(),
    );
    let headline = b.add_text_field("headline", TEXT | STORED);
    let body = b.add_text_field("body", TEXT);
    let outlet = b.add_text_field("outlet", TEXT | STORED);
    let agency = b.add_text_field("agency", TEXT);
    let section = b.add_text_field("section", TEXT);
    let author = b.add_text_field("author", TEXT);
    let dateline = b.add_text_field("dateline", TEXT);
    let tag = b.add_text_field("tag", TEXT);
    let url = b.add_text_field("url", TEXT);
    let speaker = b.add_text_field("speaker", TEXT);
    let entity = b.add_text_field("entity", TEXT);
    let quote = b.add_text_field("quote", TEXT);
    let published = b.add_date_field(
        "published",
        DateOptions::from(INDEXED)
            .set_stored()
            .set_fast()
            .set_precision(DateTimePrecision::Seconds),
    );
    (
        b.build(),
        Fields {
            id,
            headline,
            body,
            outlet,
            agency,
            section,
            author,
            dateline,
            tag,
            url,
            speaker,
            entity,
            quote,
            published,
        },
    )
}

fn ix(e: impl std::fmt::Display) -> StoreError {
    StoreError::Index(e.to_string())
}

/// The search index of a data directory.
pub struct SearchIndex {
    index: Index,
    reader: IndexReader,
    fields: Fields,
}

/// How long a sync waits for another process's index writer to finish.
const WRITER_WAIT: std::time::Duration = std::time::Duration::from_secs(60);

impl SearchIndex {
    /// Opens (creating on first use) the index in `data_dir/index`. An index
    /// written with a different schema is rebuilt from scratch by the next
    /// [`SearchIndex::sync`].
    pub fn open(data_dir: &Path) -> Result<SearchIndex> {
        let dir = data_dir.join(INDEX_DIR);
        std::fs::create_dir_all(&dir).map_err(|source| StoreError::Dir {
            path: dir.clone(),
            source,
        })?;
        let (schema, fields) = schema();
        let index =
            match Index::open_or_create(MmapDirectory::open(&dir).map_err(ix)?, schema.clone()) {
                Ok(index) => index,
                Err(_) => {
                    // Derived data: a schema change (or damage) is repaired by
                    // rebuilding from the store.
                    std::fs::remove_dir_all(&dir).map_err(|source| StoreError::Dir {
                        path: dir.clone(),
                        source,
                    })?;
                    std::fs::create_dir_all(&dir).map_err(|source| StoreError::Dir {
                        path: dir.clone(),
                        source,
                    })?;
                    Index::open_or_create(MmapDirectory::open(&dir).map_err(ix)?, schema)
                        .map_err(ix)?
                }
            };
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()
            .map_err(ix)?;
        Ok(SearchIndex {
            index,
            reader,
            fields,
        })
    }

    /// The store revision the index reflects (0 when empty).
    pub fn cursor(&self) -> Result<i64> {
        Ok(self.cursors()?.0)
    }

    /// The store analysis the index reflects (0 when none).
    pub fn analysis_cursor(&self) -> Result<i64> {
        Ok(self.cursors()?.1)
    }

    /// The payload of the last commit: `revision:R analysis:A` (an index
    /// written before analyses were indexed has only the first part).
    fn cursors(&self) -> Result<(i64, i64)> {
        let metas = self.index.load_metas().map_err(ix)?;
        let payload = metas.payload.unwrap_or_default();
        let part = |name: &str| {
            payload
                .split_whitespace()
                .find_map(|p| p.strip_prefix(name))
                .and_then(|n| n.parse().ok())
                .unwrap_or(0)
        };
        Ok((part("revision:"), part("analysis:")))
    }

    /// Indexed articles.
    pub fn len(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// Whether nothing is indexed.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Indexes everything the store gained since the index's cursor, in one
    /// index commit that records the new cursor.
    pub fn sync(&mut self, store: &Store) -> Result<SyncReport> {
        let (cursor, analysis_cursor) = self.cursors()?;
        let target = store.last_revision_id()?;
        let analysis_target = store.last_analysis_id()?;
        if target == cursor && analysis_target == analysis_cursor {
            return Ok(SyncReport {
                indexed: 0,
                cursor,
                analysis_cursor,
            });
        }
        // A cursor beyond the store means the store was replaced: start over.
        let rebuild = target < cursor || analysis_target < analysis_cursor;
        let (from, analysis_from) = if rebuild {
            (0, 0)
        } else {
            (cursor, analysis_cursor)
        };
        let mut writer = self.writer()?;
        if from == 0 {
            writer.delete_all_documents().map_err(ix)?;
        }
        let mut indexed = 0;
        store.for_each_changed(from, analysis_from, |stored| {
            let id = u64::try_from(stored.id).unwrap_or(0);
            let terms = store.index_terms(stored.id)?;
            writer.delete_term(Term::from_field_u64(self.fields.id, id));
            let doc = self.document(id, stored.outlet.as_deref(), &stored.article, &terms);
            writer.add_document(doc).map_err(ix)?;
            indexed += 1;
            Ok(())
        })?;
        let mut prepared = writer.prepare_commit().map_err(ix)?;
        prepared.set_payload(&format!("revision:{target} analysis:{analysis_target}"));
        prepared.commit().map_err(ix)?;
        writer.wait_merging_threads().map_err(ix)?;
        self.reader.reload().map_err(ix)?;
        Ok(SyncReport {
            indexed,
            cursor: target,
            analysis_cursor: analysis_target,
        })
    }

    /// The index writer. Another process syncing the same index holds its
    /// lock for the length of one sync, so a busy lock is waited for (as
    /// the store waits for SQLite's) rather than failing the command.
    fn writer(&self) -> Result<IndexWriter> {
        let started = std::time::Instant::now();
        loop {
            match self.index.writer(64 * 1024 * 1024) {
                Err(tantivy::TantivyError::LockFailure(
                    tantivy::directory::error::LockError::LockBusy,
                    _,
                )) if started.elapsed() < WRITER_WAIT => {
                    std::thread::sleep(std::time::Duration::from_millis(50));
                }
                other => return other.map_err(ix),
            }
        }
    }

    fn document(
        &self,
        id: u64,
        outlet: Option<&str>,
        a: &Article,
        terms: &IndexTerms,
    ) -> TantivyDocument {
        let f = &self.fields;
        let mut doc = TantivyDocument::default();
        doc.add_u64(f.id, id);
        let mut text = |field: Field, value: Option<&str>| {
            if let Some(v) = value.filter(|v| !v.trim().is_empty()) {
                doc.add_text(field, v);
            }
        };
        text(f.headline, a.headline.as_deref());
        text(f.body, Some(&a.body_text()));
        text(f.outlet, outlet.or(a.site_name.as_deref()));
        text(f.agency, a.agency.as_deref());
        text(f.section, a.section.as_deref());
        for author in &a.authors {
            text(f.author, Some(author));
        }
        text(
            f.dateline,
            a.dateline.as_ref().map(|d| d.as_written.as_str()),
        );
        for tag in &a.tags {
            text(f.tag, Some(tag));
        }
        text(f.url, a.canonical_url.as_deref().or(a.url.as_deref()));
        for name in &terms.speakers {
            text(f.speaker, Some(name));
        }
        for name in &terms.entities {
            text(f.entity, Some(name));
        }
        for quote in &terms.quotes {
            text(f.quote, Some(quote));
        }
        if let Some(secs) = a.published.as_deref().and_then(iso_to_unix) {
            doc.add_date(f.published, DateTime::from_timestamp_secs(secs));
        }
        doc
    }

    /// Runs a query: words (all must match), `"phrases"`, `AND`/`OR`/`NOT`
    /// (`-word`), fields (`headline:`, `body:`, `outlet:`, `agency:`,
    /// `section:`, `author:`, `dateline:`, `tag:`, `url:`, `speaker:`,
    /// `entity:`, `quote:`), `*` for every article, and dates
    /// (`published:[2017-07-01 TO 2017-07-31]`, `published:2017-07`,
    /// `published:>=2017-07-01`, `date:` for short; see [`expand_dates`]).
    pub fn search(&self, query: &str, sort: Sort, limit: usize, offset: usize) -> Result<Results> {
        let f = &self.fields;
        let (searcher, addresses, total) = self.top(query, sort, limit, offset)?;
        let mut hits = Vec::with_capacity(addresses.len());
        for (score, address) in addresses {
            let doc: TantivyDocument = searcher.doc(address).map_err(ix)?;
            let text = |field: Field| {
                doc.get_first(field)
                    .and_then(|v| v.as_str())
                    .map(str::to_string)
            };
            hits.push(Hit {
                article_id: doc
                    .get_first(f.id)
                    .and_then(|v| v.as_u64())
                    .and_then(|v| i64::try_from(v).ok())
                    .unwrap_or(0),
                score,
                headline: text(f.headline),
                outlet: text(f.outlet),
                published: doc
                    .get_first(f.published)
                    .and_then(|v| v.as_datetime())
                    .map(|d| unix_to_iso(d.into_timestamp_secs())),
            });
        }
        Ok(Results { total, hits })
    }

    /// Like [`SearchIndex::search`], but only the matching articles' store
    /// ids (read from the index's columns, not its stored documents) and
    /// the number of matches: for callers that read the store next.
    pub fn search_ids(
        &self,
        query: &str,
        sort: Sort,
        limit: usize,
        offset: usize,
    ) -> Result<(Vec<i64>, usize)> {
        let (searcher, addresses, total) = self.top(query, sort, limit, offset)?;
        let mut ids = Vec::with_capacity(addresses.len());
        for (_, address) in addresses {
            let column = searcher
                .segment_reader(address.segment_ord)
                .fast_fields()
                .u64("id")
                .map_err(ix)?;
            if let Some(id) = column.first(address.doc_id) {
                ids.push(i64::try_from(id).unwrap_or(0));
            }
        }
        Ok((ids, total))
    }

    /// The addresses of the requested page of matches, and the number of
    /// matches.
    #[allow(clippy::type_complexity)]
    fn top(
        &self,
        query: &str,
        sort: Sort,
        limit: usize,
        offset: usize,
    ) -> Result<(tantivy::Searcher, Vec<(f32, tantivy::DocAddress)>, usize)> {
        let f = &self.fields;
        // The query parser recurses on parentheses: refuse what could
        // exhaust the stack rather than crash on it.
        let mut depth = 0usize;
        let mut deepest = 0usize;
        for c in query.chars() {
            match c {
                '(' => depth += 1,
                ')' => depth = depth.saturating_sub(1),
                _ => {}
            }
            deepest = deepest.max(depth);
        }
        if deepest > MAX_QUERY_DEPTH || query.len() > MAX_QUERY_BYTES {
            return Err(StoreError::Query(format!(
                "the query is too large (at most {MAX_QUERY_DEPTH} nested parentheses and {MAX_QUERY_BYTES} bytes)"
            )));
        }
        let query = expand_dates(query);
        let query = query.as_str();
        let mut parser = QueryParser::for_index(&self.index, vec![f.headline, f.body]);
        parser.set_conjunction_by_default();
        parser.set_field_boost(f.headline, 2.0);
        let query = parser
            .parse_query(query)
            .map_err(|e| StoreError::Query(e.to_string()))?;
        let searcher = self.reader.searcher();
        let limit = limit.max(1);
        let top = TopDocs::with_limit(limit).and_offset(offset);
        let (addresses, total): (Vec<(f32, tantivy::DocAddress)>, usize) = match sort {
            Sort::Relevance => searcher
                .search(&query, &(top.order_by_score(), Count))
                .map_err(ix)?,
            Sort::Newest | Sort::Oldest => {
                let order = if sort == Sort::Newest {
                    Order::Desc
                } else {
                    Order::Asc
                };
                let (docs, total) = searcher
                    .search(
                        &query,
                        &(
                            top.order_by_fast_field::<DateTime>("published", order),
                            Count,
                        ),
                    )
                    .map_err(ix)?;
                (docs.into_iter().map(|(_, a)| (0.0, a)).collect(), total)
            }
        };
        Ok((searcher, addresses, total))
    }
}

/// Deepest nesting of parentheses a query may have.
pub const MAX_QUERY_DEPTH: usize = 64;
/// Longest query accepted, in bytes.
pub const MAX_QUERY_BYTES: usize = 16 * 1024;

/// The first second of a year, month or day written `YYYY`, `YYYY-MM` or
/// `YYYY-MM-DD`, and the first second after it; a full date-time is a
/// period of one second. `None` when `s` is none of these.
pub fn period(s: &str) -> Option<(i64, i64)> {
    let s = s.trim();
    let digits = |p: &str| !p.is_empty() && p.bytes().all(|c| c.is_ascii_digit());
    let parts: Vec<&str> = s.split('-').collect();
    match parts.as_slice() {
        [y] if y.len() == 4 && digits(y) => {
            let y: i64 = y.parse().ok()?;
            Some((
                days_from_civil(y, 1, 1) * 86_400,
                days_from_civil(y + 1, 1, 1) * 86_400,
            ))
        }
        [y, m] if y.len() == 4 && m.len() == 2 && digits(y) && digits(m) => {
            let y: i64 = y.parse().ok()?;
            let m: u32 = m.parse().ok()?;
            if !(1..=12).contains(&m) {
                return None;
            }
            let (ny, nm) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
            Some((
                days_from_civil(y, m, 1) * 86_400,
                days_from_civil(ny, nm, 1) * 86_400,
            ))
        }
        _ => {
            let start = iso_to_unix(s)?;
            let end = if s.len() == 10 {
                start + 86_400
            } else {
                start + 1
            };
            Some((start, end))
        }
    }
}

/// Rewrites the friendly date syntax of a query into the index's own:
/// `published:` (or `date:`) followed by a range `[2017-07-01 TO 2017-07-31]`
/// (bounds inclusive, each a year, month, day or date-time, `*` for open),
/// a comparison `>=2017-07-01`, `>`, `<`, `<=`, or a bare period `2017-07`
/// becomes a range of RFC 3339 times. Anything it cannot read is left as
/// written, for the query parser to report.
pub fn expand_dates(query: &str) -> String {
    let mut out = String::with_capacity(query.len() + 32);
    let mut rest = query;
    let mut in_phrase = false;
    while !rest.is_empty() {
        let at_word_start = out
            .chars()
            .last()
            .is_none_or(|c| c.is_whitespace() || matches!(c, '(' | '+' | '-'));
        if !in_phrase && at_word_start {
            let field = ["published:", "date:"]
                .into_iter()
                .find(|f| rest.starts_with(f));
            if let Some(field) = field {
                let value = &rest[field.len()..];
                if let Some((range, used)) = date_clause(value) {
                    out.push_str(&range);
                    rest = &value[used..];
                    continue;
                }
            }
        }
        let Some(c) = rest.chars().next() else { break };
        if c == '"' {
            in_phrase = !in_phrase;
        }
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// Reads one date value after `published:`; returns the range clause and
/// the bytes of `value` it used.
fn date_clause(value: &str) -> Option<(String, usize)> {
    let bound = |lo: Option<i64>, hi: Option<i64>| {
        let side = |v: Option<i64>| v.map_or("*".to_string(), unix_to_iso);
        format!("published:[{} TO {}}}", side(lo), side(hi))
    };
    let word_end = |s: &str| {
        s.find(|c: char| c.is_whitespace() || c == ')')
            .unwrap_or(s.len())
    };
    if let Some(open) = value.chars().next().filter(|c| matches!(c, '[' | '{')) {
        let close = value.find([']', '}'])?;
        let inner = &value[1..close];
        let (lo, hi) = inner.split_once(" TO ")?;
        let (lo, hi) = (lo.trim(), hi.trim());
        let lo = if lo == "*" {
            None
        } else {
            let (start, end) = period(lo)?;
            Some(if open == '[' { start } else { end })
        };
        let hi = if hi == "*" {
            None
        } else {
            let (start, end) = period(hi)?;
            Some(if value[close..].starts_with(']') {
                end
            } else {
                start
            })
        };
        return Some((bound(lo, hi), close + 1));
    }
    for (op, f) in [
        (
            ">=",
            (|(s, _)| (Some(s), None)) as fn((i64, i64)) -> (Option<i64>, Option<i64>),
        ),
        ("<=", |(_, e)| (None, Some(e))),
        (">", |(_, e)| (Some(e), None)),
        ("<", |(s, _)| (None, Some(s))),
    ] {
        if let Some(v) = value.strip_prefix(op) {
            let len = word_end(v);
            let (lo, hi) = f(period(&v[..len])?);
            return Some((bound(lo, hi), op.len() + len));
        }
    }
    let len = word_end(value);
    let (start, end) = period(&value[..len])?;
    Some((bound(Some(start), Some(end)), len))
}

pub use dateline_core::calendar::iso_to_unix;

/// RFC 3339 UTC text of seconds since the epoch.
pub fn unix_to_iso(secs: i64) -> String {
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn friendly_dates_become_ranges() {
        assert_eq!(
            expand_dates("putin published:[2017-07-01 TO 2017-07-31]"),
            "putin published:[2017-07-01T00:00:00Z TO 2017-08-01T00:00:00Z}"
        );
        assert_eq!(
            expand_dates("date:2017-07 AND trump"),
            "published:[2017-07-01T00:00:00Z TO 2017-08-01T00:00:00Z} AND trump"
        );
        assert_eq!(
            expand_dates("(date:>=2016 -x)"),
            "(published:[2016-01-01T00:00:00Z TO *} -x)"
        );
        assert_eq!(
            expand_dates("date:<2017-01-01"),
            "published:[* TO 2017-01-01T00:00:00Z}"
        );
        assert_eq!(
            expand_dates("published:{2017-07-01 TO *]"),
            "published:[2017-07-02T00:00:00Z TO *}"
        );
        // Left alone: inside phrases, other fields, and what it cannot read.
        assert_eq!(
            expand_dates("\"date:2017\" mydate:2017"),
            "\"date:2017\" mydate:2017"
        );
        assert_eq!(expand_dates("date:yesterday"), "date:yesterday");
        assert_eq!(
            expand_dates("published:[2017-13 TO *]"),
            "published:[2017-13 TO *]"
        );
        assert_eq!(period("2016-12"), Some((1_480_550_400, 1_483_228_800)));
        assert_eq!(period("2017"), Some((1_483_228_800, 1_514_764_800)));
        assert_eq!(period("nope"), None);
    }

    #[test]
    fn iso_dates() {
        assert_eq!(iso_to_unix("1970-01-01"), Some(0));
        assert_eq!(iso_to_unix("2017-07-09T06:35:00Z"), Some(1_499_582_100));
        assert_eq!(
            iso_to_unix("2017-07-09T06:35:00-10:00"),
            Some(1_499_582_100 + 36_000)
        );
        assert_eq!(
            iso_to_unix("2017-07-09T06:35:00.123+02:00"),
            Some(1_499_582_100 - 7200)
        );
        assert_eq!(iso_to_unix("2017-07-09T06:35"), Some(1_499_582_100));
        assert_eq!(iso_to_unix("July 9"), None);
        assert_eq!(iso_to_unix("2017-13-01"), None);
        assert_eq!(iso_to_unix(""), None);
        assert_eq!(unix_to_iso(1_499_582_100), "2017-07-09T06:35:00Z");
        assert_eq!(unix_to_iso(0), "1970-01-01T00:00:00Z");
    }
}
