//! `dateline`: the command line. It only parses arguments and wires the
//! library crates together; every piece of real work lives in `crates/`.

/// `println!` for a command's results: when the reader has gone away
/// (`dateline eval polnear | head -3`) the process ends quietly, as Unix
/// tools do, instead of panicking.
macro_rules! outln {
    ($($arg:tt)*) => {
        $crate::write_stdout_line(format_args!($($arg)*))
    };
}

mod analyse_cmd;
mod bench_cmd;
mod bench_store;
mod copies;
mod data_dir;
mod eval_cmd;
mod extract_cmd;
mod fetch_cmd;
mod ingest_cmd;
mod options;
mod quotes_cmd;
mod render;
mod reprocess_cmd;
mod search_cmd;
mod stories_cmd;
mod table;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

/// Extraction and analysis allocate many small strings and vectors per
/// page from several threads at once; mimalloc serves them from
/// thread-local pages, cheaper than the system allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// A fast, self-hosted news engine: turn news pages into structured articles.
#[derive(Parser)]
#[command(name = "dateline", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Extract articles from HTML pages, text dumps of pages, directories, URLs or stdin.
    Extract(extract_cmd::Args),
    /// Add entities and quotations with their speakers to extracted articles (JSON Lines in and out).
    Analyse(analyse_cmd::Args),
    /// Store pages and extracted articles in the data directory, linking wire copies.
    Ingest(ingest_cmd::Args),
    /// Subscribe to feeds and poll them politely, storing new items' pages.
    Fetch(fetch_cmd::Args),
    /// Search the stored articles: words, "phrases", OR/NOT, fields, date ranges.
    Search(search_cmd::Args),
    /// Stories: articles about one event from many outlets; the top news, or one story in full.
    Stories(stories_cmd::Args),
    /// List quotations from the store: who said what, about what, when.
    Quotes(quotes_cmd::Args),
    /// Extract and analyse every stored article again with this version of the pipeline.
    Reprocess(reprocess_cmd::Args),
    /// Measure quality against the benchmarks in ../shared/bench.
    #[command(subcommand)]
    Eval(eval_cmd::Command),
    /// Measure speed (pages per second) on a directory of pages.
    #[command(subcommand)]
    Bench(bench_cmd::Command),
}

/// Writes one line to standard output; see [`outln!`].
pub(crate) fn write_stdout_line(args: std::fmt::Arguments) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    if let Err(e) = out.write_fmt(args).and_then(|()| out.write_all(b"\n")) {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            std::process::exit(0);
        }
        eprintln!("error: writing to standard output: {e}");
        std::process::exit(2);
    }
}

/// The error (or one of its causes) is a write to a closed pipe.
fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        e.downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Extract(args) => extract_cmd::run(args),
        Command::Analyse(args) => analyse_cmd::run(args),
        Command::Ingest(args) => ingest_cmd::run(args),
        Command::Fetch(args) => fetch_cmd::run(args),
        Command::Search(args) => search_cmd::run(args),
        Command::Stories(args) => stories_cmd::run(args),
        Command::Quotes(args) => quotes_cmd::run(args),
        Command::Reprocess(args) => reprocess_cmd::run(args),
        Command::Eval(cmd) => eval_cmd::run(cmd),
        Command::Bench(cmd) => bench_cmd::run(cmd),
    };
    match result {
        Ok(code) => code,
        // The reader stopped early (`| head`): nothing is wrong.
        Err(err) if is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::from(2)
        }
    }
}
