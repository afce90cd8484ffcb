//! `dateline search`: full-text search over the stored articles.

use anyhow::{Context, Result};
use dateline_store::index::{SearchIndex, Sort};
use dateline_store::Store;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

/// Arguments of `dateline search`.
#[derive(clap::Args)]
#[command(after_help = "Query syntax:\n  \
  putin trump              both words (anywhere in headline or body)\n  \
  \"first meeting\"          a phrase\n  \
  putin OR trump, -russia  either word; without a word\n  \
  headline:summit          in a field: headline, body, outlet, agency, section,\n                           \
  author, dateline, tag, url\n  \
  published:[2017-07-01T00:00:00Z TO 2017-08-01T00:00:00Z]   a date range\n\
Examples:\n  \
  dateline search 'putin AND trump' --sort newest\n  \
  dateline search 'agency:reuters headline:election' --format csv > hits.csv")]
pub struct Args {
    /// The query.
    #[arg(value_name = "QUERY", required = true, num_args = 1..)]
    query: Vec<String>,
    /// The data directory (default: $DATELINE_DATA, else ./dateline-data).
    #[arg(long, value_name = "DIR")]
    data: Option<PathBuf>,
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
    format: Option<OutFormat>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
enum SortArg {
    Relevance,
    Newest,
    Oldest,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
enum OutFormat {
    Table,
    Json,
    Jsonl,
    Csv,
}

#[derive(serde::Serialize)]
struct Row {
    id: i64,
    score: f32,
    published: Option<String>,
    outlet: Option<String>,
    headline: Option<String>,
    url: Option<String>,
    copy_group: Option<i64>,
}

pub fn run(args: Args) -> Result<ExitCode> {
    let dir = args
        .data
        .clone()
        .unwrap_or_else(dateline_store::default_data_dir);
    if !dir.join(dateline_store::DB_FILE).exists() {
        anyhow::bail!(
            "no store in {} (run `dateline ingest` first, or pass --data)",
            dir.display()
        );
    }
    let store =
        Store::open(&dir).with_context(|| format!("opening the store in {}", dir.display()))?;
    let mut index = SearchIndex::open(&dir)?;
    // The store is the truth: bring the index up to date before answering.
    index.sync(&store)?;
    let sort = match args.sort {
        SortArg::Relevance => Sort::Relevance,
        SortArg::Newest => Sort::Newest,
        SortArg::Oldest => Sort::Oldest,
    };
    let query = args.query.join(" ");
    let results = index.search(&query, sort, args.limit, args.offset)?;
    let mut rows = Vec::with_capacity(results.hits.len());
    for hit in results.hits {
        let stored = store.article(hit.article_id)?;
        rows.push(Row {
            id: hit.article_id,
            score: hit.score,
            published: hit.published,
            outlet: hit.outlet,
            headline: hit.headline,
            url: stored
                .as_ref()
                .filter(|s| s.key.starts_with("https://"))
                .map(|s| s.key.clone()),
            copy_group: stored.and_then(|s| s.copy_group),
        });
    }
    let stdout = std::io::stdout();
    let terminal = stdout.is_terminal();
    let format = args.format.unwrap_or(if terminal {
        OutFormat::Table
    } else {
        OutFormat::Jsonl
    });
    let mut out = std::io::BufWriter::new(stdout.lock());
    match format {
        OutFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &rows)?;
            writeln!(out)?;
        }
        OutFormat::Jsonl => {
            for r in &rows {
                serde_json::to_writer(&mut out, r)?;
                writeln!(out)?;
            }
        }
        OutFormat::Csv => {
            writeln!(out, "id,score,published,outlet,headline,url,copy_group")?;
            for r in &rows {
                writeln!(
                    out,
                    "{},{},{},{},{},{},{}",
                    r.id,
                    r.score,
                    csv(r.published.as_deref()),
                    csv(r.outlet.as_deref()),
                    csv(r.headline.as_deref()),
                    csv(r.url.as_deref()),
                    r.copy_group.map(|g| g.to_string()).unwrap_or_default()
                )?;
            }
        }
        OutFormat::Table => {
            writeln!(
                out,
                "{:>7}  {:<10}  {:<20}  HEADLINE",
                "ID", "PUBLISHED", "OUTLET"
            )?;
            for r in &rows {
                writeln!(
                    out,
                    "{:>7}  {:<10}  {:<20}  {}",
                    r.id,
                    r.published
                        .as_deref()
                        .map_or("", |p| p.get(..10).unwrap_or(p)),
                    clip(r.outlet.as_deref().unwrap_or(""), 20),
                    clip(r.headline.as_deref().unwrap_or(""), 90)
                )?;
            }
        }
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

fn csv(value: Option<&str>) -> String {
    match value {
        None => String::new(),
        Some(v) if v.contains([',', '"', '\n', '\r']) => format!("\"{}\"", v.replace('"', "\"\"")),
        Some(v) => v.to_string(),
    }
}

fn clip(s: &str, width: usize) -> String {
    if s.chars().count() <= width {
        s.to_string()
    } else {
        let mut out: String = s.chars().take(width.saturating_sub(1)).collect();
        out.push('…');
        out
    }
}
