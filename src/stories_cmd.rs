//! `dateline stories`: articles about one event grouped into stories, the
//! top news, and one story in full. Also the hook that places each newly
//! ingested article in its story.

use anyhow::{Context, Result};
use dateline_core::{Analysis, Article};
use dateline_store::stories::{StoryArticle, StoryMembership};
use dateline_store::{Batch, Store};
use dateline_stories::{Clusterer, Features, Join, Member, NamedCount, Params, StorySummary};
use serde::Serialize;
use std::collections::BTreeMap;
use std::io::{IsTerminal, Write};
use std::process::ExitCode;

/// Arguments of `dateline stories`.
#[derive(clap::Args)]
#[command(
    after_help = "A story is the articles about one event: wire copies and \
  different outlets' own reports. Articles are placed in stories as they are ingested.\n\n\
  The top-news score is breadth x freshness x prominence: breadth = distinct outlets + \
  0.5 ln(1 + further articles); freshness halves every 24 hours since the story's newest \
  article, counted back from --now (default: the newest article in the store); \
  prominence = 1 + 0.25 ln(1 + total words / 1000).\n\n\
Examples:\n  \
  dateline stories --top --limit 10\n  \
  dateline stories --top --now 2017-07-10 --format csv > top.csv\n  \
  dateline stories 42                      one story: title, articles, entities, speakers\n  \
  dateline stories --rebuild               cluster every stored article again, in time order"
)]
pub struct Args {
    /// A story id (the id of the article that started it) to show in full.
    #[arg(value_name = "ID", conflicts_with = "top")]
    id: Option<i64>,
    /// List the top stories (the default without an ID).
    #[arg(long)]
    top: bool,
    /// Stories listed by --top.
    #[arg(short = 'n', long, default_value_t = 20)]
    limit: usize,
    /// The time freshness is measured from: YYYY-MM-DD or an ISO 8601 time
    /// (default: the newest article's time).
    #[arg(long, value_name = "TIME")]
    now: Option<String>,
    /// Output format. Default: table on a terminal, JSON Lines otherwise
    /// (one story a line; `json` writes one pretty-printed document).
    #[arg(short, long, value_enum)]
    format: Option<OutFormat>,
    /// Forget every story and cluster all stored articles again, oldest
    /// first (re-analysing each): for stores made before stories were kept,
    /// or ingested far out of time order.
    #[arg(long, conflicts_with = "id")]
    rebuild: bool,
    #[command(flatten)]
    data: crate::data_dir::DataDir,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
enum OutFormat {
    Table,
    Json,
    Jsonl,
    Csv,
}

/// Stories whose newest article is older than this before `--now` are not
/// ranked: their freshness factor is below 2^-30 of a fresh story's.
const RANKED_DAYS: i64 = 30;

/// Places newly stored articles in stories, and keeps the clusterer that
/// does it in agreement with the store.
pub struct StoryLinker {
    clusterer: Clusterer,
}

impl StoryLinker {
    /// Rebuilds the clusterer from the memberships in the store.
    pub fn load(store: &Store) -> Result<StoryLinker> {
        let mut clusterer = Clusterer::new(Params::default());
        let mut bad = 0usize;
        store.story_memberships(|m| {
            match serde_json::from_slice::<Features>(&m.membership.features) {
                Ok(f) => clusterer.restore(
                    m.article_id as u64,
                    m.membership.story_id as u64,
                    &f,
                    m.copy_group.map(|g| g as u64),
                ),
                Err(_) => bad += 1,
            }
        })?;
        if bad > 0 {
            eprintln!("warning: {bad} stored story features were unreadable and are left out of story clustering");
        }
        Ok(StoryLinker { clusterer })
    }

    /// Places a new article in its story and records it in the batch.
    pub fn place(
        &mut self,
        batch: &mut Batch<'_>,
        article_id: i64,
        article: &Article,
        analysis: &Analysis,
        seen_ms: i64,
        copy_group: Option<u64>,
    ) -> Result<()> {
        let features = Features::of(article, analysis, seen_ms);
        let a = self.clusterer.add(article_id as u64, &features, copy_group);
        batch.set_story(
            article_id,
            &StoryMembership {
                story_id: a.story as i64,
                time_ms: features.time_ms,
                words: i64::from(features.words),
                similarity: f64::from(a.similarity),
                joined: match a.join {
                    Join::New => "new",
                    Join::Similar => "similar",
                    Join::Copy => "copy",
                }
                .to_string(),
                features: serde_json::to_vec(&features)?,
            },
        )?;
        Ok(())
    }
}

pub fn run(args: Args) -> Result<ExitCode> {
    let (_, mut store) = args.data.open_existing()?;
    if args.rebuild {
        rebuild(&mut store)?;
    }
    let missing = store.articles_without_story()?;
    if missing > 0 {
        eprintln!(
            "note: {missing} stored article(s) have no story yet; `dateline stories --rebuild` places them"
        );
    }
    let newest = store.newest_story_time()?;
    let now = match args.now.as_deref() {
        Some(t) => {
            let ms = dateline_stories::parse_time_ms(t).with_context(|| {
                format!("--now {t:?} is not a date (YYYY-MM-DD) or ISO 8601 time")
            })?;
            // A bare date means as of the end of that day.
            if t.trim().len() == 10 {
                ms + dateline_stories::DAY_MS - 1
            } else {
                ms
            }
        }
        None => newest.unwrap_or_else(dateline_store::now_ms),
    };
    let stdout = std::io::stdout();
    let format = args.format.unwrap_or(if stdout.is_terminal() {
        OutFormat::Table
    } else {
        OutFormat::Jsonl
    });
    let mut out = std::io::BufWriter::new(stdout.lock());
    match args.id {
        Some(id) => {
            let Some(story) = story_view(&store, id, now)? else {
                eprintln!(
                    "error: no story {id} (story ids are listed by `dateline stories --top`)"
                );
                return Ok(ExitCode::from(1));
            };
            write_story(&mut out, &story, format)?;
        }
        None => {
            let top = top(&store, now, newest.unwrap_or(now), args.limit)?;
            write_top(&mut out, &top, format)?;
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// Clusters every stored article again, oldest first.
fn rebuild(store: &mut Store) -> Result<()> {
    let mut items: Vec<(i64, i64, Option<i64>, Article)> = Vec::new();
    store.for_each_article(0, |s| {
        items.push((s.first_seen, s.id, s.copy_group, s.article));
        Ok(())
    })?;
    let mut prepared: Vec<(i64, Option<i64>, Features, Article, Analysis)> = items
        .into_iter()
        .map(|(seen, id, group, article)| {
            let analysis = dateline_analyse::analyse(&article);
            let f = Features::of(&article, &analysis, seen);
            (id, group, f, article, analysis)
        })
        .collect();
    prepared.sort_by_key(|(id, _, f, _, _)| (f.time_ms, *id));
    let mut linker = StoryLinker {
        clusterer: Clusterer::new(Params::default()),
    };
    let mut batch = store.batch()?;
    batch.clear_stories()?;
    for (id, group, f, article, analysis) in &prepared {
        linker.place(
            &mut batch,
            *id,
            article,
            analysis,
            f.time_ms,
            group.map(|g| g as u64),
        )?;
    }
    batch.commit()?;
    let (stories, articles) = store.story_counts()?;
    eprintln!("rebuilt: {articles} articles in {stories} stories");
    Ok(())
}

/// One article as a story view shows it.
#[derive(Serialize)]
struct ArticleRow {
    id: i64,
    outlet: Option<String>,
    published: Option<String>,
    headline: Option<String>,
    url: Option<String>,
    agency: Option<String>,
    copy_group: Option<i64>,
    joined: String,
    similarity: f64,
}

/// A wire story's copies inside a story.
#[derive(Serialize)]
struct CopyGroupRow {
    group: i64,
    agency: Option<String>,
    articles: Vec<i64>,
    outlets: Vec<String>,
}

/// One story in full.
#[derive(Serialize)]
struct StoryView {
    #[serde(flatten)]
    summary: StorySummary,
    articles: Vec<ArticleRow>,
    copy_groups: Vec<CopyGroupRow>,
}

fn members(rows: &[StoryArticle]) -> Vec<Member> {
    rows.iter()
        .map(|r| Member {
            article_id: r.article.id,
            outlet: r.article.outlet.clone(),
            headline: r.article.headline.clone(),
            agency: r.article.agency.clone(),
            copy_group: r.article.copy_group,
            // A record that does not decode still counts with its time
            // and length; it only lacks terms and names.
            features: serde_json::from_slice(&r.membership.features).unwrap_or_else(|_| Features {
                time_ms: r.membership.time_ms,
                words: u32::try_from(r.membership.words).unwrap_or(0),
                ..Features::default()
            }),
        })
        .collect()
}

fn story_view(store: &Store, id: i64, now: i64) -> Result<Option<StoryView>> {
    // An article id leads to the story it is in.
    let story_id = store.story_of(id)?.unwrap_or(id);
    let rows = store.story_articles(story_id)?;
    if rows.is_empty() {
        return Ok(None);
    }
    let summary = dateline_stories::summarize(story_id, &members(&rows), now);
    let mut groups: BTreeMap<i64, Vec<&StoryArticle>> = BTreeMap::new();
    for r in &rows {
        if let Some(g) = r.article.copy_group {
            groups.entry(g).or_default().push(r);
        }
    }
    let copy_groups = groups
        .into_iter()
        .filter(|(_, m)| m.len() > 1)
        .map(|(group, m)| CopyGroupRow {
            group,
            agency: dateline_corpus::majority(m.iter().map(|r| r.article.agency.as_deref())),
            articles: m.iter().map(|r| r.article.id).collect(),
            outlets: {
                let mut o: Vec<String> =
                    m.iter().filter_map(|r| r.article.outlet.clone()).collect();
                o.sort();
                o.dedup();
                o
            },
        })
        .collect();
    let articles = rows
        .into_iter()
        .map(|r| ArticleRow {
            url: r.article.url().map(str::to_string),
            id: r.article.id,
            outlet: r.article.outlet,
            published: r.article.published,
            headline: r.article.headline,
            agency: r.article.agency,
            copy_group: r.article.copy_group,
            joined: r.membership.joined,
            similarity: r.membership.similarity,
        })
        .collect();
    Ok(Some(StoryView {
        summary,
        articles,
        copy_groups,
    }))
}

/// The highest-ranked stories as they stood at `now`, summarised. Only
/// stories with an article in the [`RANKED_DAYS`] before `now` (or before
/// the newest article, when `now` is later) are ranked.
fn top(store: &Store, now: i64, newest: i64, limit: usize) -> Result<Vec<StorySummary>> {
    let since = now
        .min(newest)
        .saturating_sub(RANKED_DAYS * dateline_stories::DAY_MS);
    let mut ranked: Vec<(f64, i64)> = store
        .story_aggregates(since, now)?
        .into_iter()
        .map(|a| {
            let stats = dateline_stories::StoryStats {
                articles: u32::try_from(a.articles).unwrap_or(u32::MAX),
                outlets: u32::try_from(a.outlets).unwrap_or(u32::MAX),
                newest_ms: a.newest_ms,
                words: u64::try_from(a.words).unwrap_or(0),
            };
            (dateline_stories::rank(&stats, now), a.story_id)
        })
        .collect();
    ranked.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    ranked.truncate(limit);
    let mut out = Vec::with_capacity(ranked.len());
    for (_, id) in ranked {
        let mut rows = store.story_articles(id)?;
        rows.retain(|r| r.membership.time_ms <= now);
        out.push(dateline_stories::summarize(id, &members(&rows), now));
    }
    Ok(out)
}

fn day(ms: i64) -> String {
    let (y, m, d) =
        dateline_core::calendar::civil_from_days(ms.div_euclid(dateline_stories::DAY_MS));
    format!("{y:04}-{m:02}-{d:02}")
}

fn write_top(out: &mut impl Write, top: &[StorySummary], format: OutFormat) -> Result<()> {
    match format {
        OutFormat::Json => {
            serde_json::to_writer_pretty(&mut *out, top)?;
            writeln!(out)?;
        }
        OutFormat::Jsonl => {
            for s in top {
                serde_json::to_writer(&mut *out, s)?;
                writeln!(out)?;
            }
        }
        OutFormat::Csv => {
            writeln!(out, "rank,id,score,articles,outlets,newest,title")?;
            for (i, s) in top.iter().enumerate() {
                writeln!(
                    out,
                    "{},{},{:.4},{},{},{},{}",
                    i + 1,
                    s.id,
                    s.score,
                    s.stats.articles,
                    s.stats.outlets,
                    day(s.stats.newest_ms),
                    csv(s.title.as_deref())
                )?;
            }
        }
        OutFormat::Table => {
            writeln!(
                out,
                "{:>4}  {:>7}  {:>7}  {:>8}  {:>7}  {:<10}  TITLE",
                "RANK", "ID", "SCORE", "ARTICLES", "OUTLETS", "NEWEST"
            )?;
            for (i, s) in top.iter().enumerate() {
                writeln!(
                    out,
                    "{:>4}  {:>7}  {:>7.3}  {:>8}  {:>7}  {:<10}  {}",
                    i + 1,
                    s.id,
                    s.score,
                    s.stats.articles,
                    s.stats.outlets,
                    day(s.stats.newest_ms),
                    clip(s.title.as_deref().unwrap_or("(no headline)"), 80)
                )?;
            }
        }
    }
    Ok(())
}

fn write_story(out: &mut impl Write, s: &StoryView, format: OutFormat) -> Result<()> {
    match format {
        OutFormat::Json => {
            serde_json::to_writer_pretty(&mut *out, s)?;
            writeln!(out)?;
        }
        OutFormat::Jsonl => {
            serde_json::to_writer(&mut *out, s)?;
            writeln!(out)?;
        }
        OutFormat::Csv => {
            writeln!(
                out,
                "story,id,outlet,published,headline,agency,copy_group,joined,url"
            )?;
            for a in &s.articles {
                writeln!(
                    out,
                    "{},{},{},{},{},{},{},{},{}",
                    s.summary.id,
                    a.id,
                    csv(a.outlet.as_deref()),
                    csv(a.published.as_deref()),
                    csv(a.headline.as_deref()),
                    csv(a.agency.as_deref()),
                    a.copy_group.map(|g| g.to_string()).unwrap_or_default(),
                    a.joined,
                    csv(a.url.as_deref())
                )?;
            }
        }
        OutFormat::Table => {
            let sm = &s.summary;
            writeln!(
                out,
                "Story {}: {}",
                sm.id,
                sm.title.as_deref().unwrap_or("(no headline)")
            )?;
            writeln!(
                out,
                "{} article(s) from {} outlet(s), {} to {}, score {:.3}\n",
                sm.stats.articles,
                sm.stats.outlets,
                day(sm.first_ms),
                day(sm.stats.newest_ms),
                sm.score
            )?;
            writeln!(
                out,
                "{:>7}  {:<10}  {:<20}  {:<8}  HEADLINE",
                "ID", "PUBLISHED", "OUTLET", "JOINED"
            )?;
            for a in &s.articles {
                writeln!(
                    out,
                    "{:>7}  {:<10}  {:<20}  {:<8}  {}",
                    a.id,
                    a.published
                        .as_deref()
                        .map_or("", |p| p.get(..10).unwrap_or(p)),
                    clip(a.outlet.as_deref().unwrap_or(""), 20),
                    a.joined,
                    clip(a.headline.as_deref().unwrap_or(""), 80)
                )?;
            }
            if !s.copy_groups.is_empty() {
                writeln!(out, "\nWire copies:")?;
                for g in &s.copy_groups {
                    writeln!(
                        out,
                        "  group {} ({}): articles {:?}",
                        g.group,
                        g.agency.as_deref().unwrap_or("agency unknown"),
                        g.articles
                    )?;
                }
            }
            if !sm.entities.is_empty() {
                let names = counted(&sm.entities);
                writeln!(out, "\nEntities (articles naming them): {names}")?;
            }
            if !sm.speakers.is_empty() {
                let names = counted(&sm.speakers);
                writeln!(out, "Speakers (quotations): {names}")?;
            }
        }
    }
    Ok(())
}

fn csv(value: Option<&str>) -> String {
    match value {
        None => String::new(),
        Some(v) if v.contains([',', '"', '\n', '\r']) => format!("\"{}\"", v.replace('"', "\"\"")),
        Some(v) => v.to_string(),
    }
}

fn clip(s: &str, width: usize) -> String {
    let s = s.replace(['\n', '\r'], " ");
    if s.chars().count() <= width {
        s
    } else {
        let mut out: String = s.chars().take(width.saturating_sub(1)).collect();
        out.push('…');
        out
    }
}

/// "Name (count), Name (count)" for a table view.
fn counted(names: &[NamedCount]) -> String {
    let parts: Vec<String> = names
        .iter()
        .map(|e| format!("{} ({})", e.name, e.count))
        .collect();
    parts.join(", ")
}
