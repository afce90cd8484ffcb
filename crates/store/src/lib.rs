//! The embedded article store: one data directory holding a SQLite database
//! in WAL mode.
//!
//! What it keeps:
//! - **pages**: the raw bytes of every fetched page, gzip-compressed and
//!   keyed by their SHA-256, so a newer pipeline can re-extract everything;
//! - **articles**: one row per article identity (its canonical URL, see
//!   [`canonical_url`]; an article with no URL is identified by its content),
//!   with the current revision's headline, dates, outlet and copy group;
//! - **revisions**: every distinct version of an article as JSON, with a
//!   summary of what changed from the previous one ([`Changes`]);
//! - **analyses, entities, quotes**: the analysis of each article's current
//!   revision, written in the same transaction as the revision
//!   ([`Batch::put_analysed`], [`Store::analysis`], [`Store::quotes_of`]).
//!
//! Writes go through a [`Batch`], one SQLite transaction: a crash (even
//! `SIGKILL`) loses at most the batch in flight, and because identities are
//! unique keys, replaying inputs after a crash never duplicates an article.
//!
//! ```no_run
//! use dateline_store::{Incoming, Store};
//! let mut store = Store::open("dateline-data".as_ref())?;
//! let mut batch = store.batch()?;
//! let outcome = batch.put(&Incoming::new(dateline_core::Article::new()))?;
//! batch.commit()?;
//! # let _ = outcome;
//! # Ok::<(), dateline_store::StoreError>(())
//! ```
#![warn(missing_docs)]

mod analysis;
mod canonical;
mod changes;
mod feeds;
pub mod index;
pub mod quotes;
mod schema;
pub mod stories;

pub use analysis::{
    mentions_all, normalize, speaker_matches, tokens, IndexTerms, StoredAnalysis, StoredQuote,
};
pub use canonical::{canonical_url, host_of, is_tracking_param};
pub use changes::{content_hash, sha256, Changes};
pub use dateline_core::calendar::now_ms;
pub use feeds::{FeedLedger, FeedPoll, FeedState, StoredRobots};
pub use schema::SCHEMA_VERSION;

use dateline_core::Article;
use flate2::{read::GzDecoder, write::GzEncoder, Compression};
use rusqlite::{params, Connection, OptionalExtension, Transaction};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// File name of the database inside the data directory.
pub const DB_FILE: &str = "dateline.sqlite";

/// The data directory used when none is given: `$DATELINE_DATA`, else
/// `./dateline-data`.
pub fn default_data_dir() -> PathBuf {
    match std::env::var_os("DATELINE_DATA") {
        Some(d) if !d.is_empty() => PathBuf::from(d),
        _ => PathBuf::from("dateline-data"),
    }
}

/// Why a store operation failed.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The data directory could not be created or read.
    #[error("data directory {path}: {source}")]
    Dir {
        /// The directory.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// SQLite reported an error.
    #[error("database: {0}")]
    Sql(#[from] rusqlite::Error),
    /// The database was written by a newer dateline.
    #[error("the database has schema version {found}, newer than this dateline understands ({known}); upgrade dateline")]
    TooNew {
        /// The version in the file.
        found: i64,
        /// The newest version this build knows.
        known: i64,
    },
    /// The search index failed.
    #[error("search index: {0}")]
    Index(String),
    /// A search query could not be parsed.
    #[error("bad query: {0}")]
    Query(String),
    /// A stored article or page could not be decoded.
    #[error("corrupt record: {0}")]
    Corrupt(String),
}

/// Result of store operations.
pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// The bytes of a page as fetched, kept so it can be extracted again.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RawPage {
    /// The URL fetched (after redirects), when the page came from the web.
    pub url: Option<String>,
    /// Where the bytes came from: path, URL or `-`.
    pub source: String,
    /// The HTTP `Content-Type`, when known.
    pub content_type: Option<String>,
    /// When it was fetched or read, in ms since the Unix epoch.
    pub fetched_at: i64,
    /// The bytes, uncompressed.
    pub bytes: Vec<u8>,
}

/// A raw page hashed and compressed ahead of storing: the costly part of
/// keeping a page, so callers can do it in parallel before a batch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackedPage {
    sha256: [u8; 32],
    data: Vec<u8>,
}

impl PackedPage {
    /// Hashes and compresses a page's bytes.
    pub fn of(raw: &RawPage) -> PackedPage {
        PackedPage {
            sha256: sha256(&raw.bytes),
            data: compress(&raw.bytes),
        }
    }
}

/// One article to store, with the page it came from when there is one.
#[derive(Debug, Clone)]
pub struct Incoming {
    /// The extracted article.
    pub article: Article,
    /// The raw page, absent for articles that arrive already extracted.
    pub raw: Option<RawPage>,
    /// `raw` already hashed and compressed ([`PackedPage::of`]); computed
    /// while storing when absent.
    pub packed: Option<PackedPage>,
    /// When this version was seen, in ms since the Unix epoch.
    pub seen_at: i64,
    /// The pipeline that produced the article (e.g. `dateline 0.1.0`), so
    /// reprocessing can find what an older version made.
    pub pipeline: String,
}

impl Incoming {
    /// An article seen now, without a raw page, made by this crate's version.
    pub fn new(article: Article) -> Incoming {
        Incoming {
            article,
            raw: None,
            packed: None,
            seen_at: now_ms(),
            pipeline: concat!("dateline ", env!("CARGO_PKG_VERSION")).to_string(),
        }
    }
}

/// What storing one article did.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// A new article identity.
    New {
        /// Its row id.
        article_id: i64,
    },
    /// A known article with different content: a new revision.
    Revised {
        /// The article's row id.
        article_id: i64,
        /// The new revision's number (the first version is 1).
        revision: i64,
        /// What changed from the previous revision.
        changes: Changes,
    },
    /// A known article, identical to its current revision.
    Unchanged {
        /// The article's row id.
        article_id: i64,
    },
}

impl Outcome {
    /// The article's row id.
    pub fn article_id(&self) -> i64 {
        match self {
            Outcome::New { article_id }
            | Outcome::Revised { article_id, .. }
            | Outcome::Unchanged { article_id } => *article_id,
        }
    }
}

/// An article as stored, with its current revision.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredArticle {
    /// Row id.
    pub id: i64,
    /// Identity: the canonical URL, or `content:<sha256>` without a URL.
    pub key: String,
    /// The outlet: the page's site name, else its host.
    pub outlet: Option<String>,
    /// First time any version was seen (ms since epoch).
    pub first_seen: i64,
    /// Last time any version was seen (ms since epoch).
    pub last_seen: i64,
    /// Number of distinct versions stored.
    pub revisions: i64,
    /// The copy group (the representative article's id) when this article is
    /// a copy of a syndicated story.
    pub copy_group: Option<i64>,
    /// The current version.
    pub article: Article,
}

/// What a listing shows of an article, read without decoding its stored
/// version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArticleSummary {
    /// Row id.
    pub id: i64,
    /// Identity: the canonical URL, or `content:<sha256>` without a URL.
    pub key: String,
    /// The outlet that ran it.
    pub outlet: Option<String>,
    /// The wire agency it names.
    pub agency: Option<String>,
    /// The current headline.
    pub headline: Option<String>,
    /// Publication date as extracted.
    pub published: Option<String>,
    /// The copy group, when it is a copy of a syndicated story.
    pub copy_group: Option<i64>,
}

impl ArticleSummary {
    /// Reads the first seven columns of a row selected as `id, key, outlet,
    /// agency, headline, published, copy_group`.
    pub(crate) fn from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<ArticleSummary> {
        Ok(ArticleSummary {
            id: r.get(0)?,
            key: r.get(1)?,
            outlet: r.get(2)?,
            agency: r.get(3)?,
            headline: r.get(4)?,
            published: r.get(5)?,
            copy_group: r.get(6)?,
        })
    }

    /// The article's URL, when its identity is one.
    pub fn url(&self) -> Option<&str> {
        url_of_key(&self.key)
    }
}

/// The URL an identity key holds: keys are canonical URLs, or
/// `content:<sha256>` for articles without one (see [`identity`]).
pub(crate) fn url_of_key(key: &str) -> Option<&str> {
    key.starts_with("http").then_some(key)
}

/// One stored version of an article.
#[derive(Debug, Clone, PartialEq)]
pub struct Revision {
    /// 1 for the first version.
    pub number: i64,
    /// When this version was first seen (ms since epoch).
    pub seen_at: i64,
    /// The raw page it came from, when kept.
    pub page_id: Option<i64>,
    /// The pipeline that extracted it.
    pub pipeline: String,
    /// What changed from the previous revision (`None` for the first).
    pub changes: Option<Changes>,
    /// The article as extracted.
    pub article: Article,
}

/// One article of a copy group.
#[derive(Debug, Clone, PartialEq)]
pub struct CopyMember {
    /// The article's row id.
    pub article_id: i64,
    /// The outlet that ran it.
    pub outlet: Option<String>,
    /// The agency the article names, if any.
    pub agency: Option<String>,
    /// The verification score that linked it to the group.
    pub score: Option<f64>,
}

/// Row counts, for status lines and consistency checks.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Distinct articles.
    pub articles: i64,
    /// Revisions across all articles.
    pub revisions: i64,
    /// Raw pages kept.
    pub pages: i64,
    /// Articles that belong to a copy group with at least one other member.
    pub copies: i64,
}

/// The identity key of an article: its canonical URL (the page's declared
/// canonical URL unless that points at a site's front page, else the URL it
/// was fetched from), or `content:<hex sha256>` of its content when it has no
/// usable URL, so the same file ingested twice is still one article.
pub fn identity(article: &Article) -> String {
    let declared = article
        .canonical_url
        .as_deref()
        .and_then(canonical_url)
        .filter(|c| !is_front_page(c));
    if let Some(c) = declared {
        return c;
    }
    if let Some(c) = article.url.as_deref().and_then(canonical_url) {
        return c;
    }
    format!("content:{}", hex(&content_hash(article)))
}

/// Sites that declare their home page as every article's canonical URL would
/// otherwise collapse all their articles into one.
fn is_front_page(canonical: &str) -> bool {
    let after_scheme = canonical.strip_prefix("https://").unwrap_or(canonical);
    match after_scheme.find('/') {
        None => true,
        Some(i) => &after_scheme[i..] == "/",
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The outlet that published an article: its site name, else its host.
pub fn outlet(article: &Article, key: &str) -> Option<String> {
    if let Some(name) = article.site_name.as_deref().map(str::trim) {
        if !name.is_empty() {
            return Some(name.to_string());
        }
    }
    if key.starts_with("https://") {
        return host_of(key);
    }
    None
}

/// The store: an open database in a data directory.
pub struct Store {
    conn: Connection,
    dir: PathBuf,
}

impl Store {
    /// Opens the store in `dir`, creating the directory and the database on
    /// first use and applying any pending schema migrations.
    pub fn open(dir: &Path) -> Result<Store> {
        std::fs::create_dir_all(dir).map_err(|source| StoreError::Dir {
            path: dir.to_path_buf(),
            source,
        })?;
        let mut conn = Connection::open(dir.join(DB_FILE))?;
        // Several processes (an ingest and a search) may open one store; wait
        // for a writer rather than failing at once.
        conn.busy_timeout(Duration::from_secs(30))?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        // FULL: a committed batch survives power loss, not only a killed
        // process; the cost is one fsync per batch, not per article.
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        schema::migrate(&mut conn)?;
        Ok(Store {
            conn,
            dir: dir.to_path_buf(),
        })
    }

    /// The data directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The schema version of the open database.
    pub fn schema_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .pragma_query_value(None, "user_version", |r| r.get(0))?)
    }

    /// Starts a batch of writes: one transaction, committed by
    /// [`Batch::commit`], rolled back when dropped uncommitted.
    pub fn batch(&mut self) -> Result<Batch<'_>> {
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        Ok(Batch { tx })
    }

    /// Row counts.
    pub fn counts(&self) -> Result<Counts> {
        let count = |sql: &str| -> Result<i64> { Ok(self.conn.query_row(sql, [], |r| r.get(0))?) };
        Ok(Counts {
            articles: count("SELECT count(*) FROM articles")?,
            revisions: count("SELECT count(*) FROM revisions")?,
            pages: count("SELECT count(*) FROM pages")?,
            copies: count(
                "SELECT count(*) FROM articles WHERE copy_group IN \
                 (SELECT copy_group FROM articles WHERE copy_group IS NOT NULL \
                  GROUP BY copy_group HAVING count(*) > 1)",
            )?,
        })
    }

    /// The article with this row id.
    pub fn article(&self, id: i64) -> Result<Option<StoredArticle>> {
        self.article_where("a.id = ?1", rusqlite::types::Value::Integer(id))
    }

    /// The listing fields of the article with this row id.
    pub fn summary(&self, id: i64) -> Result<Option<ArticleSummary>> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT id, key, outlet, agency, headline, published, copy_group \
                 FROM articles WHERE id = ?1",
            )?
            .query_row([id], ArticleSummary::from_row)
            .optional()?)
    }

    /// The article at this URL (any spelling that canonicalises the same), or
    /// with this identity key.
    pub fn article_by_url(&self, url: &str) -> Result<Option<StoredArticle>> {
        let key = canonical_url(url).unwrap_or_else(|| url.to_string());
        self.article_where("a.key = ?1", rusqlite::types::Value::Text(key))
    }

    fn article_where(
        &self,
        cond: &str,
        value: rusqlite::types::Value,
    ) -> Result<Option<StoredArticle>> {
        let mut stmt = self
            .conn
            .prepare(&format!("{CURRENT_ARTICLES} WHERE {cond}"))?;
        let mut rows = stmt.query([value])?;
        rows.next()?.map(stored_article).transpose()
    }

    /// Every revision of an article, oldest first.
    pub fn revisions(&self, article_id: i64) -> Result<Vec<Revision>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT number, seen_at, page_id, pipeline, changes, article FROM revisions \
             WHERE article_id = ?1 ORDER BY number",
        )?;
        let rows = stmt.query_map([article_id], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, Option<i64>>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, Option<String>>(4)?,
                r.get::<_, String>(5)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (number, seen_at, page_id, pipeline, changes, json) = row?;
            let changes = match changes {
                Some(c) => Some(serde_json::from_str(&c).map_err(|e| {
                    StoreError::Corrupt(format!("changes of revision {number}: {e}"))
                })?),
                None => None,
            };
            out.push(Revision {
                number,
                seen_at,
                page_id,
                pipeline,
                changes,
                article: decode_article(&json)?,
            });
        }
        Ok(out)
    }

    /// The raw page with this row id, decompressed.
    pub fn raw_page(&self, page_id: i64) -> Result<Option<RawPage>> {
        let row = self
            .conn
            .query_row(
                "SELECT url, source, content_type, fetched_at, codec, data, size FROM pages WHERE id = ?1",
                [page_id],
                |r| {
                    Ok((
                        r.get::<_, Option<String>>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, Option<String>>(2)?,
                        r.get::<_, i64>(3)?,
                        r.get::<_, String>(4)?,
                        r.get::<_, Vec<u8>>(5)?,
                        r.get::<_, i64>(6)?,
                    ))
                },
            )
            .optional()?;
        let Some((url, source, content_type, fetched_at, codec, data, size)) = row else {
            return Ok(None);
        };
        let bytes = decompress(&codec, &data, size)?;
        Ok(Some(RawPage {
            url,
            source,
            content_type,
            fetched_at,
            bytes,
        }))
    }

    /// Row ids of all raw pages, in insertion order (for reprocessing).
    pub fn page_ids(&self) -> Result<Vec<i64>> {
        let mut stmt = self.conn.prepare("SELECT id FROM pages ORDER BY id")?;
        let ids = stmt
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<Vec<i64>>>()?;
        Ok(ids)
    }

    /// Calls `f` for every article's current version in id order, starting
    /// after `after_id` (0 for all). Used to rebuild indexes from the store.
    pub fn for_each_article(
        &self,
        after_id: i64,
        mut f: impl FnMut(StoredArticle) -> Result<()>,
    ) -> Result<()> {
        let mut stmt = self
            .conn
            .prepare(&format!("{CURRENT_ARTICLES} WHERE a.id > ?1 ORDER BY a.id"))?;
        let mut rows = stmt.query([after_id])?;
        while let Some(r) = rows.next()? {
            f(stored_article(r)?)?;
        }
        Ok(())
    }

    /// The id of the newest revision: the cursor an index keeps to know
    /// what it has seen (0 for an empty store).
    pub fn last_revision_id(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("SELECT coalesce(max(id), 0) FROM revisions", [], |r| {
                r.get(0)
            })?)
    }

    /// Calls `f` with the current version of every article that gained a
    /// revision after revision id `cursor`, in article id order.
    pub fn for_each_changed_since(
        &self,
        cursor: i64,
        mut f: impl FnMut(StoredArticle) -> Result<()>,
    ) -> Result<()> {
        let mut stmt = self.conn.prepare(&format!(
            "{CURRENT_ARTICLES} \
             WHERE a.id IN (SELECT article_id FROM revisions WHERE id > ?1) ORDER BY a.id"
        ))?;
        let mut rows = stmt.query([cursor])?;
        while let Some(r) = rows.next()? {
            f(stored_article(r)?)?;
        }
        Ok(())
    }

    /// The stored sketches (opaque bytes written by [`Batch::set_sketch`]) with
    /// each article's copy group, in id order: what a copy index needs to be
    /// rebuilt without re-reading article bodies.
    pub fn sketches(&self, mut f: impl FnMut(i64, Option<i64>, &[u8])) -> Result<()> {
        let mut stmt = self.conn.prepare(
            "SELECT a.id, a.copy_group, s.data FROM sketches s JOIN articles a ON a.id = s.article_id ORDER BY a.id",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let data: Vec<u8> = r.get(2)?;
            f(r.get(0)?, r.get(1)?, &data);
        }
        Ok(())
    }

    /// Copy groups whose representative is not the group's first article:
    /// (group, representative).
    pub fn copy_representatives(&self) -> Result<Vec<(i64, i64)>> {
        let mut stmt = self
            .conn
            .prepare("SELECT group_id, representative FROM copy_groups ORDER BY group_id")?;
        let rows = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// Members of a copy group, in id order.
    pub fn copy_group_members(&self, group: i64) -> Result<Vec<CopyMember>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, outlet, agency, copy_score FROM articles WHERE copy_group = ?1 ORDER BY id",
        )?;
        let rows = stmt
            .query_map([group], |r| {
                Ok(CopyMember {
                    article_id: r.get(0)?,
                    outlet: r.get(1)?,
                    agency: r.get(2)?,
                    score: r.get(3)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// The underlying connection, for read-only queries by other crates'
    /// views (search, stories). Writes must go through [`Batch`].
    pub fn connection(&self) -> &Connection {
        &self.conn
    }
}

/// Selects every article with its current revision, in the column order
/// [`stored_article`] reads.
const CURRENT_ARTICLES: &str = "SELECT a.id, a.key, a.outlet, a.first_seen, a.last_seen, \
     a.revisions, a.copy_group, r.article FROM articles a JOIN revisions r \
     ON r.article_id = a.id AND r.number = a.revisions";

/// One row of a [`CURRENT_ARTICLES`] query.
fn stored_article(r: &rusqlite::Row<'_>) -> Result<StoredArticle> {
    let json: String = r.get(7)?;
    Ok(StoredArticle {
        id: r.get(0)?,
        key: r.get(1)?,
        outlet: r.get(2)?,
        first_seen: r.get(3)?,
        last_seen: r.get(4)?,
        revisions: r.get(5)?,
        copy_group: r.get(6)?,
        article: decode_article(&json)?,
    })
}

fn decode_article(json: &str) -> Result<Article> {
    serde_json::from_str(json).map_err(|e| StoreError::Corrupt(format!("article JSON: {e}")))
}

fn compress(bytes: &[u8]) -> Vec<u8> {
    let mut enc = GzEncoder::new(
        Vec::with_capacity(bytes.len() / 4 + 64),
        Compression::new(6),
    );
    // Writing into a Vec cannot fail.
    let _ = enc.write_all(bytes);
    enc.finish().unwrap_or_default()
}

fn decompress(codec: &str, data: &[u8], size: i64) -> Result<Vec<u8>> {
    match codec {
        "gzip" => {
            let cap = usize::try_from(size).unwrap_or(0).min(256 * 1024 * 1024);
            let mut out = Vec::with_capacity(cap);
            GzDecoder::new(data)
                .take(u64::try_from(size).unwrap_or(0))
                .read_to_end(&mut out)
                .map_err(|e| StoreError::Corrupt(format!("page bytes: {e}")))?;
            Ok(out)
        }
        "none" => Ok(data.to_vec()),
        other => Err(StoreError::Corrupt(format!("unknown page codec {other:?}"))),
    }
}

/// A batch of writes in one transaction.
pub struct Batch<'a> {
    tx: Transaction<'a>,
}

impl Batch<'_> {
    /// Stores one article: a new identity, a new revision of a known one, or
    /// nothing new when it equals the current revision. The raw page is kept
    /// once per distinct content.
    pub fn put(&mut self, inc: &Incoming) -> Result<Outcome> {
        let article = &inc.article;
        let key = identity(article);
        let hash = content_hash(article);
        let page_id = match &inc.raw {
            Some(raw) => Some(self.put_packed_page(raw, inc.packed.as_ref())?),
            None => None,
        };
        let existing: Option<(i64, i64, Vec<u8>, String)> = self
            .tx
            .prepare_cached(
                "SELECT a.id, a.revisions, r.content_hash, r.article FROM articles a \
                 JOIN revisions r ON r.article_id = a.id AND r.number = a.revisions WHERE a.key = ?1",
            )?
            .query_row([&key], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
            .optional()?;
        let json = serde_json::to_string(article)
            .map_err(|e| StoreError::Corrupt(format!("article does not serialise: {e}")))?;
        let outlet = outlet(article, &key);
        match existing {
            None => {
                self.tx
                    .prepare_cached(
                        "INSERT INTO articles (key, outlet, agency, headline, published, updated, \
                         word_count, first_seen, last_seen, revisions) \
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8, 1)",
                    )?
                    .execute(params![
                        key,
                        outlet,
                        article.agency,
                        article.headline,
                        article.published,
                        article.updated,
                        article.word_count as i64,
                        inc.seen_at
                    ])?;
                let article_id = self.tx.last_insert_rowid();
                self.insert_revision(article_id, 1, page_id, inc, &hash, None, &json)?;
                Ok(Outcome::New { article_id })
            }
            Some((article_id, _, old_hash, _)) if old_hash == hash => {
                self.tx
                    .prepare_cached(
                        "UPDATE articles SET last_seen = max(last_seen, ?2) WHERE id = ?1",
                    )?
                    .execute(params![article_id, inc.seen_at])?;
                Ok(Outcome::Unchanged { article_id })
            }
            Some((article_id, number, _, old_json)) => {
                let old = decode_article(&old_json)?;
                self.add_revision(article_id, number, &old, page_id, inc, &hash, &json)
            }
        }
    }

    /// Re-reads an article from a newer pipeline: `article` becomes a new
    /// revision of article `article_id` (whatever its identity key says)
    /// when it differs from the current one in content or in any field
    /// [`Changes`] compares; otherwise nothing is written. The previous
    /// revisions are kept, and `pipeline` is recorded with the new one.
    pub fn revise(
        &mut self,
        article_id: i64,
        article: &Article,
        page_id: Option<i64>,
        pipeline: &str,
    ) -> Result<Outcome> {
        let current: Option<(i64, Vec<u8>, String)> = self
            .tx
            .prepare_cached(
                "SELECT a.revisions, r.content_hash, r.article FROM articles a \
                 JOIN revisions r ON r.article_id = a.id AND r.number = a.revisions WHERE a.id = ?1",
            )?
            .query_row([article_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .optional()?;
        let Some((number, old_hash, old_json)) = current else {
            return Err(StoreError::Corrupt(format!(
                "no article {article_id} to revise"
            )));
        };
        let old = decode_article(&old_json)?;
        let hash = content_hash(article);
        if old_hash == hash && Changes::between(&old, article).fields.is_empty() {
            return Ok(Outcome::Unchanged { article_id });
        }
        let json = serde_json::to_string(article)
            .map_err(|e| StoreError::Corrupt(format!("article does not serialise: {e}")))?;
        let inc = Incoming {
            article: article.clone(),
            raw: None,
            packed: None,
            seen_at: now_ms(),
            pipeline: pipeline.to_string(),
        };
        self.add_revision(article_id, number, &old, page_id, &inc, &hash, &json)
    }

    /// Adds revision `number + 1` of an article, replacing `old`, and
    /// brings the article's row up to it.
    #[allow(clippy::too_many_arguments)]
    fn add_revision(
        &mut self,
        article_id: i64,
        number: i64,
        old: &Article,
        page_id: Option<i64>,
        inc: &Incoming,
        hash: &[u8; 32],
        json: &str,
    ) -> Result<Outcome> {
        let article = &inc.article;
        let key: String = self
            .tx
            .prepare_cached("SELECT key FROM articles WHERE id = ?1")?
            .query_row([article_id], |r| r.get(0))?;
        let outlet = outlet(article, &key);
        let changes = Changes::between(old, article);
        let changes_json = serde_json::to_string(&changes)
            .map_err(|e| StoreError::Corrupt(format!("changes do not serialise: {e}")))?;
        let revision = number + 1;
        // The stored analysis described the previous version.
        self.clear_analysis(article_id)?;
        self.insert_revision(
            article_id,
            revision,
            page_id,
            inc,
            hash,
            Some(&changes_json),
            json,
        )?;
        self.tx
            .prepare_cached(
                "UPDATE articles SET revisions = ?2, last_seen = max(last_seen, ?3), \
                 outlet = ?4, agency = ?5, headline = ?6, published = ?7, updated = ?8, \
                 word_count = ?9 WHERE id = ?1",
            )?
            .execute(params![
                article_id,
                revision,
                inc.seen_at,
                outlet,
                article.agency,
                article.headline,
                article.published,
                article.updated,
                article.word_count as i64
            ])?;
        Ok(Outcome::Revised {
            article_id,
            revision,
            changes,
        })
    }

    #[allow(clippy::too_many_arguments)]
    fn insert_revision(
        &mut self,
        article_id: i64,
        number: i64,
        page_id: Option<i64>,
        inc: &Incoming,
        hash: &[u8; 32],
        changes: Option<&str>,
        json: &str,
    ) -> Result<()> {
        self.tx
            .prepare_cached(
                "INSERT INTO revisions (article_id, number, page_id, seen_at, content_hash, \
                 pipeline, changes, article) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )?
            .execute(params![
                article_id,
                number,
                page_id,
                inc.seen_at,
                &hash[..],
                inc.pipeline,
                changes,
                json
            ])?;
        Ok(())
    }

    /// Keeps a raw page (once per distinct bytes) and returns its row id.
    pub fn put_page(&mut self, raw: &RawPage) -> Result<i64> {
        self.put_packed_page(raw, None)
    }

    fn put_packed_page(&mut self, raw: &RawPage, packed: Option<&PackedPage>) -> Result<i64> {
        let computed;
        let packed = match packed {
            Some(p) => p,
            None => {
                computed = PackedPage::of(raw);
                &computed
            }
        };
        let digest = packed.sha256;
        let found: Option<i64> = self
            .tx
            .prepare_cached("SELECT id FROM pages WHERE sha256 = ?1")?
            .query_row([&digest[..]], |r| r.get(0))
            .optional()?;
        if let Some(id) = found {
            return Ok(id);
        }
        let data = &packed.data;
        self.tx
            .prepare_cached(
                "INSERT INTO pages (sha256, url, source, content_type, fetched_at, size, codec, data) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'gzip', ?7)",
            )?
            .execute(params![
                &digest[..],
                raw.url,
                raw.source,
                raw.content_type,
                raw.fetched_at,
                raw.bytes.len() as i64,
                data
            ])?;
        Ok(self.tx.last_insert_rowid())
    }

    /// Puts an article into a copy group (the representative's id; an
    /// article that starts a group has its own id) with the verification
    /// score that linked it.
    pub fn set_copy_group(&mut self, article_id: i64, group: i64, score: f64) -> Result<()> {
        self.tx
            .prepare_cached("UPDATE articles SET copy_group = ?2, copy_score = ?3 WHERE id = ?1")?
            .execute(params![article_id, group, score])?;
        Ok(())
    }

    /// Forgets every copy link (groups, representatives, sketches), to link
    /// every article again within this batch: a crash before the commit
    /// leaves the old links in place.
    pub fn clear_copy_links(&mut self) -> Result<()> {
        self.tx.execute_batch(
            "DELETE FROM copy_groups; DELETE FROM sketches; \
             UPDATE articles SET copy_group = NULL, copy_score = NULL;",
        )?;
        Ok(())
    }

    /// Moves every member of copy group `from` into group `into` (two groups
    /// found to hold one story).
    pub fn merge_copy_groups(&mut self, from: i64, into: i64) -> Result<()> {
        self.tx
            .prepare_cached("UPDATE articles SET copy_group = ?2 WHERE copy_group = ?1")?
            .execute(params![from, into])?;
        self.tx
            .prepare_cached("DELETE FROM copy_groups WHERE group_id = ?1")?
            .execute([from])?;
        Ok(())
    }

    /// Records the representative of a copy group.
    pub fn set_copy_representative(&mut self, group: i64, representative: i64) -> Result<()> {
        self.tx
            .prepare_cached(
                "INSERT OR REPLACE INTO copy_groups (group_id, representative) VALUES (?1, ?2)",
            )?
            .execute(params![group, representative])?;
        Ok(())
    }

    /// Stores an opaque sketch of an article (a MinHash signature) so a copy
    /// index can be rebuilt on open without re-reading bodies.
    pub fn set_sketch(&mut self, article_id: i64, data: &[u8]) -> Result<()> {
        self.tx
            .prepare_cached("INSERT OR REPLACE INTO sketches (article_id, data) VALUES (?1, ?2)")?
            .execute(params![article_id, data])?;
        Ok(())
    }

    /// The current version of an article inside this batch (it sees the
    /// batch's own uncommitted writes).
    pub fn current(&self, article_id: i64) -> Result<Option<Article>> {
        let json: Option<String> = self
            .tx
            .prepare_cached(
                "SELECT r.article FROM articles a JOIN revisions r \
                 ON r.article_id = a.id AND r.number = a.revisions WHERE a.id = ?1",
            )?
            .query_row([article_id], |r| r.get(0))
            .optional()?;
        json.map(|j| decode_article(&j)).transpose()
    }

    /// Makes the batch durable.
    pub fn commit(self) -> Result<()> {
        self.tx.commit()?;
        Ok(())
    }
}
