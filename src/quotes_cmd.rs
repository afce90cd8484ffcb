//! `dateline quotes`: who said what, about what, when, from the store.

use crate::table::{self, Column, ListFormat};
use anyhow::Result;
use dateline_store::index::SearchIndex;
use dateline_store::quotes::{MatchedOn, QuoteQuery};
use std::io::Write;
use std::process::ExitCode;

/// Arguments of `dateline quotes`.
#[derive(clap::Args)]
#[command(after_help = "Examples:\n  \
  dateline quotes --speaker \"Vladimir Putin\" --about Trump --since 2017-07-01\n  \
  dateline quotes --speaker putin --until 2017-07 --format csv > putin.csv\n  \
  dateline quotes --about \"climate change\" --limit 50\n\
A surname alone (\"Putin\") matches the full name; --about looks for all its words in\n\
the quote, and when no quote has them, lists quotes from articles that do.")]
pub struct Args {
    /// Who said it: the speaker's name or surname, any case.
    #[arg(long, value_name = "NAME")]
    speaker: Option<String>,
    /// Words the quote is about (all must occur in it).
    #[arg(long, value_name = "WORDS")]
    about: Option<String>,
    /// Published on or after this date (YYYY-MM-DD, YYYY-MM or YYYY).
    #[arg(long, value_name = "DATE")]
    since: Option<String>,
    /// Published on or before this date (the whole day, month or year).
    #[arg(long, value_name = "DATE")]
    until: Option<String>,
    /// List every copy of a quote (by default a quote that several
    /// articles carry word for word, like a wire story run by many
    /// outlets, is listed once, from the newest).
    #[arg(long)]
    all_copies: bool,
    /// Most quotes listed.
    #[arg(short = 'n', long, default_value_t = 20)]
    limit: usize,
    #[command(flatten)]
    data: crate::data_dir::DataDir,
    /// Output format. Default: table on a terminal, jsonl otherwise.
    #[arg(short, long, value_enum)]
    format: Option<ListFormat>,
}

/// One listed quote.
#[derive(serde::Serialize)]
struct Row {
    speaker: Option<String>,
    speaker_as_written: Option<String>,
    quote: String,
    kind: &'static str,
    cue: Option<String>,
    confidence: f32,
    headline: Option<String>,
    outlet: Option<String>,
    date: Option<String>,
    url: Option<String>,
    article_id: i64,
    matched_on: MatchedOn,
}

pub fn run(args: Args) -> Result<ExitCode> {
    let (dir, store) = args.data.open_existing()?;
    let mut index = SearchIndex::open(&dir)?;
    index.sync(&store)?;
    let query = QuoteQuery {
        speaker: args.speaker.clone(),
        about: args.about.clone(),
        since: args.since.clone(),
        until: args.until.clone(),
        limit: args.limit,
        distinct: !args.all_copies,
    };
    let found = index.quotes(&store, &query)?;
    let rows: Vec<Row> = found
        .quotes
        .into_iter()
        .map(|q| Row {
            kind: match q.quote.kind {
                dateline_core::QuoteKind::Direct => "direct",
                dateline_core::QuoteKind::Partial => "partial",
                dateline_core::QuoteKind::Indirect => "indirect",
            },
            speaker: q.quote.speaker,
            speaker_as_written: q.quote.speaker_as_written,
            quote: q.quote.text,
            cue: q.quote.cue,
            confidence: q.quote.confidence,
            headline: q.headline,
            outlet: q.outlet,
            date: q.published,
            url: q.url,
            article_id: q.article_id,
            matched_on: found.matched_on,
        })
        .collect();
    let opt = |v: &Option<String>| v.clone().unwrap_or_default();
    let columns = [
        Column::new("speaker", 22, |r: &Row| opt(&r.speaker)),
        Column::new("quote", 70, |r: &Row| r.quote.clone()),
        Column::new("kind", 8, |r: &Row| r.kind.to_string()),
        Column::new("cue", 12, |r: &Row| opt(&r.cue)),
        Column::new("headline", 40, |r: &Row| opt(&r.headline)),
        Column::new("outlet", 18, |r: &Row| opt(&r.outlet)),
        Column::new("date", 10, |r: &Row| table::day(r.date.as_deref())),
        Column::new("url", 200, |r: &Row| opt(&r.url)),
    ];
    let format = ListFormat::or_default(args.format);
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    table::write(&mut out, format, &rows, &columns)?;
    out.flush()?;
    let about_note = match (found.matched_on, &args.about) {
        (MatchedOn::Article, Some(about)) => {
            format!(" (no quote contains {about:?}; these come from articles that do)")
        }
        _ => String::new(),
    };
    eprintln!(
        "{} quote(s){}{}",
        rows.len(),
        if rows.len() >= args.limit.max(1) {
            " (--limit for more)"
        } else {
            ""
        },
        about_note
    );
    Ok(ExitCode::SUCCESS)
}
