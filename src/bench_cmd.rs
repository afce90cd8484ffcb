//! `dateline bench`: speed, measured on pages held in memory.

use anyhow::{bail, Context, Result};
use dateline_core::Page;
use dateline_input::Limits;
use rayon::prelude::*;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

#[derive(clap::Subcommand)]
pub enum Command {
    /// Pages per second of `extract` (reading files excluded) on a directory of pages.
    #[command(
        after_help = "Example:\n  dateline bench extract ../shared/bench/zyte/html --threads 1,2"
    )]
    Extract {
        /// Directories or files of pages (.html, .html.gz, .txt...).
        #[arg(required = true)]
        inputs: Vec<PathBuf>,
        /// Thread counts to measure, comma-separated.
        #[arg(short = 'j', long, value_delimiter = ',', default_value = "1")]
        threads: Vec<usize>,
        /// Passes over all pages per thread count; the fastest pass is reported.
        #[arg(long, default_value_t = 3)]
        repeat: usize,
        /// One JSON object per thread count instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Search latency (p50/p99) on a generated store of 100k articles.
    Search(crate::bench_store::SearchArgs),
    /// End-to-end ingest speed (extract, analyse, store, index) on generated pages.
    Ingest(crate::bench_store::IngestArgs),
}

pub fn run(cmd: Command) -> Result<ExitCode> {
    match cmd {
        Command::Extract {
            inputs,
            threads,
            repeat,
            json,
        } => bench_extract(&inputs, &threads, repeat.max(1), json),
        Command::Search(args) => crate::bench_store::search(args),
        Command::Ingest(args) => crate::bench_store::ingest(args),
    }
}

fn bench_extract(
    inputs: &[PathBuf],
    threads: &[usize],
    repeat: usize,
    json: bool,
) -> Result<ExitCode> {
    let args: Vec<String> = inputs.iter().map(|p| p.display().to_string()).collect();
    let limits = Limits::default();
    let mut pages: Vec<Page> = Vec::new();
    for input in dateline_input::expand(&args) {
        let page = input
            .and_then(|i| i.read(&limits))
            .context("reading the benchmark pages")?;
        pages.push(page);
    }
    if pages.is_empty() {
        bail!("no pages found in {}", args.join(", "));
    }
    let bytes: usize = pages.iter().map(|p| p.bytes.len()).sum();
    let options = dateline_extract::Options::default();
    if !json {
        outln!(
            "{} pages, {:.1} MB; fastest of {repeat} passes",
            pages.len(),
            bytes as f64 / 1e6
        );
        outln!(
            "| threads | seconds | pages/s | MB/s | CPU seconds | pages per CPU second | failed |"
        );
        outln!("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    }
    for &n in threads {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(n.max(1))
            .build()?;
        let mut best = f64::INFINITY;
        let mut best_cpu = f64::INFINITY;
        let mut failed = 0;
        for _ in 0..repeat {
            let start = Instant::now();
            let cpu_start = crate::bench_store::cpu_seconds();
            failed = if n <= 1 {
                // One thread: no pool in the way of the measurement.
                pages
                    .iter()
                    .filter(|p| dateline_extract::extract(p, &options).is_err())
                    .count()
            } else {
                pool.install(|| {
                    pages
                        .par_iter()
                        .filter(|p| dateline_extract::extract(p, &options).is_err())
                        .count()
                })
            };
            best = best.min(start.elapsed().as_secs_f64());
            best_cpu = best_cpu.min(crate::bench_store::cpu_seconds() - cpu_start);
        }
        let pages_per_s = pages.len() as f64 / best;
        let mb_per_s = bytes as f64 / 1e6 / best;
        // On a busy machine wall time includes waiting for a core; CPU time
        // does not, so both are reported.
        let pages_per_cpu_s = pages.len() as f64 / best_cpu;
        if json {
            outln!(
                "{}",
                serde_json::json!({
                    "tool": "dateline", "version": env!("CARGO_PKG_VERSION"),
                    "threads": n, "pages": pages.len(), "bytes": bytes,
                    "seconds": best, "pages_per_s": pages_per_s, "mb_per_s": mb_per_s,
                    "cpu_seconds": best_cpu, "pages_per_cpu_s": pages_per_cpu_s,
                    "failed": failed,
                })
            );
        } else {
            outln!(
                "| {n} | {best:.3} | {pages_per_s:.0} | {mb_per_s:.1} | {best_cpu:.3} | {pages_per_cpu_s:.0} | {failed} |"
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}
