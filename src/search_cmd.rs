//! `dateline search`: full-text search over the stored articles.

use crate::table::{self, Column, ListFormat};
use anyhow::{Context, Result};
use dateline_store::index::{period, unix_to_iso, SearchIndex, Sort};
use std::io::Write;
use std::process::ExitCode;

/// Arguments of `dateline search`.
#[derive(clap::Args)]
#[command(after_help = "Query syntax:\n  \
  putin trump              both words (anywhere in headline or body)\n  \
  \"first meeting\"          a phrase\n  \
  putin OR trump, -russia  either word; without a word\n  \
  headline:summit          in a field: headline, body, outlet, agency, section,\n                           \
  author, dateline, tag, url, speaker, entity, quote\n  \
  speaker:putin            articles quoting someone named Putin\n  \
  entity:\"donald trump\"    articles naming an entity\n  \
  date:2017-07             published in July 2017 (also a year or a day)\n  \
  date:[2017-07-01 TO 2017-07-15]   a date range, bounds inclusive (* for open)\n  \
  date:>=2017-07-01        on or after (also >, <, <=)\n\
Examples:\n  \
  dateline search 'putin AND trump' --sort newest\n  \
  dateline search 'speaker:putin entity:trump' --since 2017-07-01 --until 2017-07-31\n  \
  dateline search 'agency:reuters headline:election' --format csv > hits.csv")]
pub struct Args {
    /// The query.
    #[arg(value_name = "QUERY", required = true, num_args = 1..)]
    query: Vec<String>,
    #[command(flatten)]
    data: crate::data_dir::DataDir,
    /// Published on or after this date (YYYY-MM-DD, YYYY-MM or YYYY).
    #[arg(long, value_name = "DATE")]
    since: Option<String>,
    /// Published on or before this date (the whole day, month or year).
    #[arg(long, value_name = "DATE")]
    until: Option<String>,
    /// Order of results.
    #[arg(long, value_enum, default_value = "relevance")]
    sort: SortArg,
    /// Results shown.
    #[arg(short = 'n', long, default_value_t = 20)]
    limit: usize,
    /// Results skipped (for paging).
    #[arg(long, default_value_t = 0)]
    offset: usize,
    /// Output format. Default: table on a terminal, jsonl otherwise.
    #[arg(short, long, value_enum)]
    format: Option<ListFormat>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
enum SortArg {
    Relevance,
    Newest,
    Oldest,
}

#[derive(serde::Serialize)]
struct Row {
    id: i64,
    score: f32,
    published: Option<String>,
    outlet: Option<String>,
    agency: Option<String>,
    headline: Option<String>,
    url: Option<String>,
    copy_group: Option<i64>,
}

/// The query with `--since` and `--until` added as a date range.
fn full_query(words: &str, since: Option<&str>, until: Option<&str>) -> Result<String> {
    let bound = |v: Option<&str>, what: &str| -> Result<Option<(i64, i64)>> {
        v.map(|d| {
            period(d).with_context(|| {
                format!("--{what} {d:?} is not a date (YYYY-MM-DD, YYYY-MM or YYYY)")
            })
        })
        .transpose()
    };
    let (since, until) = (bound(since, "since")?, bound(until, "until")?);
    if since.is_none() && until.is_none() {
        return Ok(words.to_string());
    }
    let side = |v: Option<i64>| v.map_or("*".to_string(), unix_to_iso);
    Ok(format!(
        "({words}) AND published:[{} TO {}}}",
        side(since.map(|p| p.0)),
        side(until.map(|p| p.1))
    ))
}

pub fn run(args: Args) -> Result<ExitCode> {
    let (dir, store) = args.data.open_existing()?;
    let mut index = SearchIndex::open(&dir)?;
    // The store is the truth: bring the index up to date before answering.
    index.sync(&store)?;
    let sort = match args.sort {
        SortArg::Relevance => Sort::Relevance,
        SortArg::Newest => Sort::Newest,
        SortArg::Oldest => Sort::Oldest,
    };
    let query = full_query(
        &args.query.join(" "),
        args.since.as_deref(),
        args.until.as_deref(),
    )?;
    let results = index.search(&query, sort, args.limit, args.offset)?;
    let mut rows = Vec::with_capacity(results.hits.len());
    for hit in results.hits {
        let summary = store.summary(hit.article_id)?;
        rows.push(Row {
            id: hit.article_id,
            score: hit.score,
            published: hit.published,
            outlet: hit.outlet,
            agency: summary.as_ref().and_then(|s| s.agency.clone()),
            headline: hit.headline,
            url: summary.as_ref().and_then(|s| s.url().map(str::to_string)),
            copy_group: summary.and_then(|s| s.copy_group),
        });
    }
    let opt = |v: &Option<String>| v.clone().unwrap_or_default();
    let columns = [
        Column::new("id", 8, |r: &Row| r.id.to_string()),
        Column::new("score", 7, |r: &Row| format!("{:.2}", r.score)),
        Column::new("published", 20, |r: &Row| opt(&r.published)),
        Column::new("outlet", 20, |r: &Row| opt(&r.outlet)),
        Column::new("agency", 16, |r: &Row| opt(&r.agency)),
        Column::new("headline", 80, |r: &Row| opt(&r.headline)),
        Column::new("url", 200, |r: &Row| opt(&r.url)),
        Column::new("copy_group", 10, |r: &Row| {
            r.copy_group.map(|g| g.to_string()).unwrap_or_default()
        }),
    ];
    let format = ListFormat::or_default(args.format);
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    if format == ListFormat::Table {
        // A terminal is narrow: the day is enough, and the URL is long.
        let short = [
            Column::new("id", 8, |r: &Row| r.id.to_string()),
            Column::new("published", 10, |r: &Row| {
                table::day(r.published.as_deref())
            }),
            Column::new("outlet", 20, |r: &Row| opt(&r.outlet)),
            Column::new("headline", 90, |r: &Row| opt(&r.headline)),
        ];
        table::write(&mut out, format, &rows, &short)?;
    } else {
        table::write(&mut out, format, &rows, &columns)?;
    }
    out.flush()?;
    eprintln!(
        "{} matching article(s){}",
        results.total,
        if results.total > rows.len() + args.offset {
            format!(", {} shown (--limit, --offset for more)", rows.len())
        } else {
            String::new()
        }
    );
    Ok(ExitCode::SUCCESS)
}
