//! `dateline ingest`: pages and extracted articles into the store, with
//! syndicated copies linked as they arrive.

use anyhow::{Context, Result};
use dateline_core::{AnalysedArticle, Analysis, Article};
use dateline_corpus::{CopyIndex, Shingles};
use dateline_input::{InputError, Limits};
use dateline_sources::Item;
use dateline_store::{Incoming, Outcome, PackedPage, RawPage, Store};
use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;
use std::collections::HashMap;
use std::io::{BufRead, IsTerminal};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

/// Arguments of `dateline ingest`.
#[derive(clap::Args)]
#[command(after_help = "Examples:\n  \
  dateline ingest pages/\n  \
  dateline ingest https://example.com/story --data /srv/dateline\n  \
  dateline extract pages/ > articles.jsonl && dateline ingest articles.jsonl")]
pub struct Args {
    /// Files (.html, .htm, .txt, .md, also gzipped), directories, http(s) URLs,
    /// RSS/Atom/JSON feeds and OPML lists of feeds (files or URLs; their items
    /// are fetched), WARC archives (.warc, .warc.gz; 200 HTML responses),
    /// JSONL files of extracted articles (.jsonl, .ndjson, also gzipped), or
    /// `-` for stdin (a page, feed, OPML list or WARC archive, told apart by
    /// content, also gzipped).
    #[arg(value_name = "SOURCE", required = true)]
    sources: Vec<String>,
    #[command(flatten)]
    data: crate::data_dir::DataDir,
    #[command(flatten)]
    work: crate::options::BatchOptions,
    #[command(flatten)]
    limits: crate::options::ReadLimits,
}

/// The pipeline version recorded with every revision, so `reprocess` can
/// find what an older version made.
const PIPELINE: &str = concat!("dateline ", env!("CARGO_PKG_VERSION"));

/// One unit of work: a page to read and extract, or one line of a JSONL file.
enum Work {
    Page(Result<Item, InputError>),
    Line {
        file: String,
        line: usize,
        text: String,
    },
}

/// An article ready to store.
struct Prepared {
    article: Article,
    /// Entities and quotations: computed here, in the parallel part, or
    /// taken from a JSONL line that already carries them.
    analysis: Analysis,
    raw: Option<RawPage>,
    packed: Option<PackedPage>,
    shingles: Shingles,
}

#[derive(Default)]
struct Stats {
    new: usize,
    revised: usize,
    unchanged: usize,
    copies: usize,
    quotes: usize,
    failed: usize,
    /// Wall time reading and extracting (parallel), and storing (serial).
    extract_time: Duration,
    store_time: Duration,
}

pub fn run(args: Args) -> Result<ExitCode> {
    Session::open(&args)?.run(&args.sources, None)
}

/// Pages already fetched (by `dateline fetch`), or `None` to expand the
/// arguments' sources.
pub(crate) type Fetched<'a> = Option<Box<dyn Iterator<Item = Result<Item, InputError>> + 'a>>;

/// A data directory open for ingesting: the store, and the copy index and
/// story clusterer rebuilt from it. `dateline fetch --watch` keeps one
/// across polling rounds, so each round does not rebuild them.
pub(crate) struct Session {
    dir: PathBuf,
    ingest: Ingest,
    pool: rayon::ThreadPool,
    batch: usize,
    /// The store's last revision when the in-memory indexes last agreed
    /// with it: articles stored by another process in between raise it
    /// (feed state written by `fetch` beside us does not).
    seen_revision: i64,
}

impl Session {
    /// Opens (or creates) the data directory of `args` and loads the
    /// indexes.
    pub(crate) fn open(args: &Args) -> Result<Session> {
        let (dir, store) = args.data.open_or_create()?;
        let copies = crate::copies::load_copy_index(&store)?;
        let stories = crate::stories_cmd::StoryLinker::load(&store)?;
        let seen_revision = store.last_revision_id()?;
        let pool = args.work.pool()?;
        Ok(Session {
            dir,
            ingest: Ingest {
                store,
                copies,
                stories,
                cache: HashMap::new(),
                stats: Stats::default(),
                limits: args.limits.limits(),
                options: args.limits.extract_options(),
                quiet: args.work.quiet,
                progress: ProgressBar::hidden(),
            },
            pool,
            batch: args.work.batch(),
            seen_revision,
        })
    }

    /// Ingests `sources` (or the pages of `fetched`), brings the search
    /// index up to the store and prints the summary. Exit code 1 when any
    /// input failed.
    pub(crate) fn run(&mut self, sources: &[String], fetched: Fetched<'_>) -> Result<ExitCode> {
        let started = Instant::now();
        self.catch_up()?;
        let (batch, pool, ingest) = (self.batch, &self.pool, &mut self.ingest);
        ingest.stats = Stats::default();
        let (jsonl, pages): (Vec<String>, Vec<String>) =
            sources.iter().cloned().partition(|s| is_jsonl(s));
        // Sources expand lazily (a WARC archive or a feed yields its pages as
        // they are read), so the total is not known up front.
        if !ingest.quiet && std::io::stderr().is_terminal() {
            let bar = ProgressBar::new_spinner();
            bar.set_style(ProgressStyle::with_template(
                "{spinner} {pos} pages  {per_sec}  {elapsed}  {msg}",
            )?);
            ingest.progress = bar;
        }
        let mut skipped_records = 0;
        match fetched {
            Some(items) => ingest.pages(items, batch, pool)?,
            None => {
                let mut sources = dateline_sources::expand(&pages, &ingest.limits);
                ingest.pages(&mut sources, batch, pool)?;
                skipped_records = sources.skipped();
            }
        }
        for file in &jsonl {
            if let Err(e) = ingest.jsonl(file, batch, pool) {
                ingest.fail(format!("{file}: {e:#}"));
            }
        }
        ingest.progress.finish_and_clear();
        self.seen_revision = ingest.store.last_revision_id()?;
        // The store is committed; bring the search index up to it. Should this
        // be interrupted, the next ingest or search catches up from the store.
        let t_index = Instant::now();
        let mut index = dateline_store::index::SearchIndex::open(&self.dir)?;
        let synced = index.sync(&ingest.store)?;
        let index_time = t_index.elapsed();

        let s = &ingest.stats;
        let secs = started.elapsed().as_secs_f64();
        let stored = s.new + s.revised + s.unchanged;
        let counts = ingest.store.counts()?;
        eprintln!(
            "{} new, {} revised, {} unchanged, {} linked as copies, {} quotes found, {} failed; \
             {:.1} s ({:.1} s reading and extracting, {:.1} s storing, {:.1} s indexing), {:.0} articles/s; \
             store: {} articles, {} revisions, {} copies, {} indexed in {}",
            s.new,
            s.revised,
            s.unchanged,
            s.copies,
            s.quotes,
            s.failed,
            secs,
            s.extract_time.as_secs_f64(),
            s.store_time.as_secs_f64(),
            index_time.as_secs_f64(),
            stored as f64 / secs.max(1e-9),
            counts.articles,
            counts.revisions,
            counts.copies,
            synced.indexed,
            self.dir.display()
        );
        if skipped_records > 0 {
            eprintln!(
                "{skipped_records} archive records passed over (not a 200 HTML response: requests, \
                 metadata, redirects, images...)"
            );
        }
        Ok(if s.failed > 0 {
            ExitCode::from(1)
        } else {
            ExitCode::SUCCESS
        })
    }

    /// Reloads the copy index and the story clusterer when another process
    /// stored articles since they were loaded, so its articles are linked
    /// and grouped with ours.
    fn catch_up(&mut self) -> Result<()> {
        let now = self.ingest.store.last_revision_id()?;
        if now != self.seen_revision {
            if !self.ingest.quiet {
                eprintln!(
                    "the store gained articles from another process: copy index and stories reloaded"
                );
            }
            self.ingest.copies = crate::copies::load_copy_index(&self.ingest.store)?;
            self.ingest.stories = crate::stories_cmd::StoryLinker::load(&self.ingest.store)?;
            self.ingest.cache.clear();
            self.seen_revision = now;
        }
        Ok(())
    }
}

fn is_jsonl(source: &str) -> bool {
    let lower = source.to_ascii_lowercase();
    let stem = lower.strip_suffix(".gz").unwrap_or(&lower);
    (stem.ends_with(".jsonl") || stem.ends_with(".ndjson")) && !lower.starts_with("http")
}

struct Ingest {
    store: Store,
    copies: CopyIndex,
    /// Places each new article in its story (same event, any outlet).
    stories: crate::stories_cmd::StoryLinker,
    /// Shingles of recent articles by id, for verification against
    /// representatives without re-reading their bodies.
    cache: HashMap<u64, Shingles>,
    stats: Stats,
    limits: Limits,
    options: dateline_extract::Options,
    quiet: bool,
    progress: ProgressBar,
}

impl Ingest {
    fn fail(&mut self, message: String) {
        self.stats.failed += 1;
        if !self.quiet {
            self.progress.suspend(|| eprintln!("error: {message}"));
        }
    }

    /// Extracts and stores pages from any source, a batch at a time.
    fn pages(
        &mut self,
        inputs: impl Iterator<Item = Result<Item, InputError>>,
        batch: usize,
        pool: &rayon::ThreadPool,
    ) -> Result<()> {
        let mut inputs = inputs.peekable();
        while inputs.peek().is_some() {
            let chunk: Vec<Work> = inputs.by_ref().take(batch).map(Work::Page).collect();
            self.process(chunk, pool)?;
        }
        Ok(())
    }

    fn jsonl(&mut self, file: &str, batch: usize, pool: &rayon::ThreadPool) -> Result<()> {
        let reader = open_maybe_gzip(Path::new(file))?;
        let mut chunk = Vec::with_capacity(batch);
        for (i, line) in reader.lines().enumerate() {
            let line = line.with_context(|| format!("reading line {}", i + 1))?;
            if line.trim().is_empty() {
                continue;
            }
            chunk.push(Work::Line {
                file: file.to_string(),
                line: i + 1,
                text: line,
            });
            if chunk.len() >= batch {
                self.process(std::mem::take(&mut chunk), pool)?;
            }
        }
        if !chunk.is_empty() {
            self.process(chunk, pool)?;
        }
        Ok(())
    }

    /// Extracts a chunk in parallel, then stores it in one transaction and
    /// links copies. Per-input failures are reported and skipped; a store
    /// failure ends the run (the batch is rolled back).
    fn process(&mut self, chunk: Vec<Work>, pool: &rayon::ThreadPool) -> Result<()> {
        let t0 = Instant::now();
        let (limits, options, progress) = (&self.limits, &self.options, &self.progress);
        let prepared: Vec<Result<Prepared, String>> = pool.install(|| {
            chunk
                .into_par_iter()
                .map(|work| {
                    let r = prepare(work, limits, options);
                    progress.inc(1);
                    r
                })
                .collect()
        });
        let t1 = Instant::now();
        self.stats.extract_time += t1 - t0;
        let mut batch = self.store.batch()?;
        let mut failures = Vec::new();
        for item in prepared {
            let p = match item {
                Ok(p) => p,
                Err(message) => {
                    failures.push(message);
                    continue;
                }
            };
            self.stats.quotes += p.analysis.quotes.len();
            let incoming = Incoming {
                article: p.article,
                raw: p.raw,
                packed: p.packed,
                seen_at: dateline_store::now_ms(),
                pipeline: PIPELINE.to_string(),
            };
            // The analysis goes with its revision, in the same transaction.
            match batch.put_analysed(&incoming, &p.analysis)? {
                Outcome::New { article_id } => {
                    self.stats.new += 1;
                    if crate::copies::link_copy(
                        &mut batch,
                        &mut self.copies,
                        &mut self.cache,
                        article_id,
                        p.shingles,
                    )? {
                        self.stats.copies += 1;
                    }
                    let group = self.copies.group_of(article_id as u64);
                    self.stories.place(
                        &mut batch,
                        article_id,
                        &incoming.article,
                        &p.analysis,
                        incoming.seen_at,
                        group,
                    )?;
                }
                Outcome::Revised { .. } => self.stats.revised += 1,
                Outcome::Unchanged { .. } => self.stats.unchanged += 1,
            }
        }
        batch.commit()?;
        self.stats.store_time += t1.elapsed();
        for f in failures {
            self.fail(f);
        }
        Ok(())
    }
}

fn prepare(
    work: Work,
    limits: &Limits,
    options: &dateline_extract::Options,
) -> Result<Prepared, String> {
    match work {
        Work::Page(input) => {
            let input = input.map_err(|e| e.to_string())?;
            let fetched_at = dateline_store::now_ms();
            let page = input.read(limits).map_err(|e| e.to_string())?;
            let article = dateline_extract::extract(&page, options)
                .map_err(|e| format!("{}: {e}", page.source))?;
            let shingles = Shingles::of(&article.body_text());
            let analysis = dateline_analyse::analyse(&article);
            let raw = RawPage {
                url: page.url.clone(),
                source: page.source.clone(),
                content_type: page.content_type.clone(),
                fetched_at,
                bytes: page.bytes,
            };
            Ok(Prepared {
                packed: Some(PackedPage::of(&raw)),
                raw: Some(raw),
                article,
                analysis,
                shingles,
            })
        }
        Work::Line { file, line, text } => {
            let (article, analysis) = parse_line(&text)
                .map_err(|e| format!("{file} line {line}: not an article: {e}"))?;
            let shingles = Shingles::of(&article.body_text());
            Ok(Prepared {
                article,
                analysis,
                raw: None,
                packed: None,
                shingles,
            })
        }
    }
}

/// One JSONL line: an article from `dateline extract`, or one from
/// `dateline extract --analyse` whose analysis is kept rather than redone.
fn parse_line(text: &str) -> serde_json::Result<(Article, Analysis)> {
    let value: serde_json::Value = serde_json::from_str(text)?;
    if value.get("analysis").is_some_and(|a| a.is_object()) {
        let analysed: AnalysedArticle = serde_json::from_value(value)?;
        return Ok((analysed.article, analysed.analysis));
    }
    let article: Article = serde_json::from_value(value)?;
    let analysis = dateline_analyse::analyse(&article);
    Ok((article, analysis))
}

fn open_maybe_gzip(path: &Path) -> Result<Box<dyn BufRead>> {
    use std::io::Read;
    let mut file =
        std::fs::File::open(path).with_context(|| format!("opening {}", path.display()))?;
    let mut magic = [0u8; 2];
    let n = file.read(&mut magic)?;
    let head = std::io::Cursor::new(magic[..n].to_vec());
    let chained = head.chain(file);
    if n == 2 && magic == [0x1f, 0x8b] {
        Ok(Box::new(std::io::BufReader::new(
            flate2::read::MultiGzDecoder::new(chained),
        )))
    } else {
        Ok(Box::new(std::io::BufReader::new(chained)))
    }
}
