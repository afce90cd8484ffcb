//! `dateline reprocess`: every stored article read again by the current
//! pipeline, from the raw page it came from.

use crate::table::{self, Column, ListFormat};
use anyhow::Result;
use dateline_core::{Analysis, Article, Page};
use dateline_corpus::{CopyIndex, Params, Shingles};
use dateline_store::index::SearchIndex;
use dateline_store::{Outcome, RawPage, Store};
use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;
use std::collections::HashMap;
use std::io::{IsTerminal, Write};
use std::process::ExitCode;
use std::time::Instant;

/// Arguments of `dateline reprocess`.
#[derive(clap::Args)]
#[command(
    after_help = "Each article's current version is extracted again from its stored raw page \
(articles that arrived already extracted are only analysed again). A changed article gets a new \
revision recording this pipeline's version; older revisions are kept. When any body changed, \
syndicated-copy links are computed again for all articles. The search index catches up at the \
end.\n\nExample:\n  dateline reprocess --data news-data"
)]
pub struct Args {
    #[command(flatten)]
    data: crate::data_dir::DataDir,
    #[command(flatten)]
    work: crate::options::BatchOptions,
    /// Format of the summary on stdout. Default: table on a terminal, jsonl otherwise.
    #[arg(short, long, value_enum)]
    format: Option<ListFormat>,
}

/// The pipeline version recorded with every revision and analysis.
const PIPELINE: &str = concat!("dateline ", env!("CARGO_PKG_VERSION"));

/// What reprocessing did, printed at the end.
#[derive(Debug, Default, serde::Serialize)]
struct Summary {
    pipeline: &'static str,
    articles: usize,
    /// Re-extracted from a raw page.
    extracted: usize,
    /// No raw page kept: only analysed again.
    analysed_only: usize,
    /// Given a new revision.
    revised: usize,
    /// Same article, new analysis.
    analysis_updated: usize,
    unchanged: usize,
    failed: usize,
    /// When copy links were computed again (some body changed): the
    /// articles linked as copies of an earlier one.
    copies_relinked: Option<usize>,
    indexed: usize,
    seconds: f64,
}

/// One article to read again.
struct Work {
    id: i64,
    current: Article,
    page: Option<(i64, RawPage)>,
}

/// The result of reading it again.
struct Redone {
    id: i64,
    page_id: Option<i64>,
    /// The article as the current pipeline reads it (the stored one when
    /// there is no raw page).
    article: Article,
    analysis: Analysis,
}

pub fn run(args: Args) -> Result<ExitCode> {
    let started = Instant::now();
    let (dir, mut store) = args.data.open_existing()?;
    let pool = args.work.pool()?;
    let ids = store.article_ids()?;
    let progress = if !args.work.quiet && std::io::stderr().is_terminal() {
        let bar = ProgressBar::new(ids.len() as u64);
        bar.set_style(ProgressStyle::with_template(
            "{bar:40} {pos}/{len} articles  {per_sec}  ETA {eta}  {msg}",
        )?);
        bar
    } else {
        ProgressBar::hidden()
    };
    let options = dateline_extract::Options::default();
    let mut summary = Summary {
        pipeline: PIPELINE,
        articles: ids.len(),
        ..Default::default()
    };
    let mut failures = Vec::new();
    for chunk in ids.chunks(args.work.batch()) {
        // Reading is serial (one connection); extraction and analysis, the
        // costly part, run in parallel.
        let mut work = Vec::with_capacity(chunk.len());
        for &id in chunk {
            let Some((current, page_id)) = store.current_page(id)? else {
                continue;
            };
            let page = match page_id {
                Some(pid) => store.raw_page(pid)?.map(|raw| (pid, raw)),
                None => None,
            };
            work.push(Work { id, current, page });
        }
        let redone: Vec<Result<Redone, String>> = pool.install(|| {
            work.into_par_iter()
                .map(|w| {
                    let r = redo(w, &options);
                    progress.inc(1);
                    r
                })
                .collect()
        });
        let mut batch = store.batch()?;
        for r in redone {
            let r = match r {
                Ok(r) => r,
                Err(message) => {
                    summary.failed += 1;
                    failures.push(message);
                    continue;
                }
            };
            if r.page_id.is_some() {
                summary.extracted += 1;
            } else {
                summary.analysed_only += 1;
            }
            let outcome = batch.revise(r.id, &r.article, r.page_id, PIPELINE)?;
            let analysis_changed = batch.set_analysis(r.id, &r.analysis, PIPELINE)?;
            match outcome {
                Outcome::Revised { .. } => summary.revised += 1,
                _ if analysis_changed => summary.analysis_updated += 1,
                _ => summary.unchanged += 1,
            }
        }
        batch.commit()?;
        if !args.work.quiet {
            for f in failures.drain(..) {
                progress.suspend(|| eprintln!("error: {f}"));
            }
        }
    }
    progress.finish_and_clear();
    if summary.revised > 0 {
        // A revised body can join or leave a copy group: link every article
        // again, in id order as they arrived, in one transaction.
        summary.copies_relinked = Some(relink_copies(&mut store, &ids)?);
    }
    let mut index = SearchIndex::open(&dir)?;
    summary.indexed = index.sync(&store)?.indexed;
    summary.seconds = started.elapsed().as_secs_f64();

    let format = ListFormat::or_default(args.format);
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let n = |v: usize| v.to_string();
    let columns = [
        Column::new("pipeline", 20, |s: &Summary| s.pipeline.to_string()),
        Column::new("articles", 9, |s: &Summary| n(s.articles)),
        Column::new("extracted", 9, |s: &Summary| n(s.extracted)),
        Column::new("analysed_only", 13, |s: &Summary| n(s.analysed_only)),
        Column::new("revised", 9, |s: &Summary| n(s.revised)),
        Column::new("analysis_updated", 16, |s: &Summary| n(s.analysis_updated)),
        Column::new("unchanged", 9, |s: &Summary| n(s.unchanged)),
        Column::new("failed", 9, |s: &Summary| n(s.failed)),
        Column::new("copies_relinked", 15, |s: &Summary| {
            s.copies_relinked.map_or("-".into(), n)
        }),
        Column::new("indexed", 9, |s: &Summary| n(s.indexed)),
        Column::new("seconds", 9, |s: &Summary| format!("{:.1}", s.seconds)),
    ];
    table::write(&mut out, format, std::slice::from_ref(&summary), &columns)?;
    out.flush()?;
    eprintln!(
        "{} articles read again with {PIPELINE} in {:.1} s: {} revised, {} with a new analysis only, \
         {} unchanged, {} failed; {}{} re-indexed",
        summary.articles,
        summary.seconds,
        summary.revised,
        summary.analysis_updated,
        summary.unchanged,
        summary.failed,
        summary.copies_relinked.map_or(String::new(), |c| format!(
            "copy links computed again ({c} articles are copies); "
        )),
        summary.indexed
    );
    Ok(if summary.failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// Extracts the article again from its raw page (when there is one) and
/// analyses it. A page the current extractor rejects is a failure: the
/// article keeps its current revision.
fn redo(w: Work, options: &dateline_extract::Options) -> Result<Redone, String> {
    let (page_id, article) = match w.page {
        Some((pid, raw)) => {
            let page = Page {
                source: raw.source,
                url: raw.url,
                content_type: raw.content_type,
                bytes: raw.bytes,
            };
            let article = dateline_extract::extract(&page, options)
                .map_err(|e| format!("article {} ({}): {e}", w.id, page.source))?;
            (Some(pid), article)
        }
        None => (None, w.current),
    };
    let analysis = dateline_analyse::analyse(&article);
    Ok(Redone {
        id: w.id,
        page_id,
        article,
        analysis,
    })
}

/// Links every stored article to its copies again from its current body,
/// replacing the old links; returns the articles linked as copies.
fn relink_copies(store: &mut Store, ids: &[i64]) -> Result<usize> {
    let mut index = CopyIndex::new(Params::default());
    let mut cache = HashMap::new();
    let mut linked = 0;
    let mut batch = store.batch()?;
    batch.clear_copy_links()?;
    for &id in ids {
        let Some(article) = batch.current(id)? else {
            continue;
        };
        let shingles = Shingles::of(&article.body_text());
        if crate::copies::link_copy(&mut batch, &mut index, &mut cache, id, shingles)? {
            linked += 1;
        }
    }
    batch.commit()?;
    Ok(linked)
}
