//! `dateline extract`: pages in, articles out.

use crate::render::{ArticleWriter, Format};
use anyhow::{bail, Result};
use dateline_core::{Analysis, Article};
use dateline_input::{Input, InputError, Limits};
use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;
use std::io::IsTerminal;
use std::process::ExitCode;

/// Arguments of `dateline extract`.
#[derive(clap::Args)]
#[command(after_help = "Examples:\n  \
  dateline extract examples/seed-ap-putin.txt\n  \
  dateline extract page.html.gz --format markdown\n  \
  dateline extract examples/seed-ap-putin.txt --analyse --format markdown\n  \
  dateline extract pages/ > articles.jsonl\n  \
  curl -s https://example.com/story | dateline extract - --url https://example.com/story")]
pub struct Args {
    /// Files (.html, .htm, .txt, .md, also gzipped), directories, http(s) URLs, or - for stdin.
    #[arg(value_name = "INPUT", required = true)]
    inputs: Vec<String>,
    /// Output format. Default: json for one input, jsonl for several.
    #[arg(short, long, value_enum)]
    format: Option<Format>,
    /// The URL of a page read from a file or stdin, used to resolve links and as the article's url.
    #[arg(long)]
    url: Option<String>,
    /// Worker threads (default: all cores).
    #[arg(short = 'j', long)]
    threads: Option<usize>,
    #[command(flatten)]
    limits: crate::options::ReadLimits,
    /// Also find entities and quotations with their speakers (adds an `analysis` field).
    #[arg(short, long)]
    analyse: bool,
    /// No progress bar.
    #[arg(short, long)]
    quiet: bool,
}

/// How many inputs are extracted in parallel before their output is written,
/// in input order; bounds memory on million-page batches.
const CHUNK: usize = 512;

pub fn run(args: Args) -> Result<ExitCode> {
    let limits = args.limits.limits();
    let options = args.limits.extract_options();
    let inputs = dateline_input::expand(&args.inputs);
    if inputs.is_empty() {
        bail!("no pages found in {}", args.inputs.join(", "));
    }
    if args.url.is_some() && inputs.len() > 1 {
        bail!(
            "--url names the page of a single input, but {} inputs were given",
            inputs.len()
        );
    }
    // A directory may hold one page today and many tomorrow: its output
    // format should not change with that.
    let many = inputs.len() > 1 || is_dir_arg(&args.inputs);
    let format = args
        .format
        .unwrap_or(if many { Format::Jsonl } else { Format::Json });
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(args.threads.unwrap_or(0))
        .build()?;

    let progress = if args.quiet || inputs.len() < 2 || !std::io::stderr().is_terminal() {
        ProgressBar::hidden()
    } else {
        let bar = ProgressBar::new(inputs.len() as u64);
        // indicatif's own {per_sec} prints four decimals; whole pages read better.
        let style = ProgressStyle::with_template("{bar:40} {pos}/{len} pages  {rate}  ETA {eta}")?
            .with_key(
                "rate",
                |state: &indicatif::ProgressState, w: &mut dyn std::fmt::Write| {
                    let _ = write!(w, "{:.0} pages/s", state.per_sec());
                },
            );
        bar.set_style(style);
        bar
    };

    let stdout = std::io::stdout();
    let mut out = ArticleWriter::new(std::io::BufWriter::new(stdout.lock()), format, many);
    let mut failed = 0usize;
    let mut written = 0usize;
    for chunk in inputs.chunks(CHUNK) {
        let results: Vec<Result<(Article, Option<Analysis>), String>> = pool.install(|| {
            chunk
                .par_iter()
                .map(|input| {
                    let r = extract_one(input, &limits, &options, args.url.as_deref()).map(|a| {
                        let analysis = args.analyse.then(|| dateline_analyse::analyse(&a));
                        (a, analysis)
                    });
                    progress.inc(1);
                    r
                })
                .collect()
        });
        for result in results {
            match result {
                Ok((article, analysis)) => {
                    out.write(&article, analysis.as_ref())?;
                    written += 1;
                }
                Err(message) => {
                    failed += 1;
                    progress.suspend(|| eprintln!("error: {message}"));
                }
            }
        }
        out.flush()?;
    }
    out.finish()?;
    progress.finish_and_clear();
    if failed > 0 {
        eprintln!(
            "{failed} of {} inputs failed; {written} articles written",
            inputs.len()
        );
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}

fn is_dir_arg(args: &[String]) -> bool {
    args.iter().any(|a| std::path::Path::new(a).is_dir())
}

fn extract_one(
    input: &Result<Input, InputError>,
    limits: &Limits,
    options: &dateline_extract::Options,
    url: Option<&str>,
) -> Result<Article, String> {
    let input = input.as_ref().map_err(|e| e.to_string())?;
    let mut page = input.read(limits).map_err(|e| e.to_string())?;
    if let Some(url) = url {
        page.url = Some(url.to_string());
    }
    dateline_extract::extract(&page, options).map_err(|e| format!("{}: {e}", page.source))
}
