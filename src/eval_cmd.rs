//! `dateline eval`: quality figures against the benchmarks in ../shared/bench.

use anyhow::{Context, Result};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Subcommand)]
pub enum Command {
    /// Article-body F1, precision, recall and accuracy on the Zyte benchmark.
    #[command(after_help = "Examples:\n  \
      dateline eval zyte\n  \
      dateline eval zyte --predictions bench/out/trafilatura.json")]
    Zyte {
        /// The benchmark directory (html/, ground-truth.json).
        #[arg(long, default_value = "../shared/bench/zyte")]
        dir: PathBuf,
        /// Score another system's outputs (published-outputs format) instead of dateline's.
        #[arg(long)]
        predictions: Option<PathBuf>,
        /// Print the report as JSON.
        #[arg(long)]
        json: bool,
    },
}

pub fn run(cmd: Command) -> Result<ExitCode> {
    let options = dateline_extract::Options::default();
    match cmd {
        Command::Zyte {
            dir,
            predictions,
            json,
        } => {
            let report = match predictions {
                None => dateline_eval::zyte::evaluate(&dir, &options),
                Some(path) => dateline_eval::zyte::load_truth(&dir).and_then(|truth| {
                    let predicted = dateline_eval::zyte::load_predictions(&path)?;
                    Ok(dateline_eval::zyte::score(&truth, &predicted))
                }),
            }
            .with_context(|| format!("evaluating on {}", dir.display()))?;
            print(&report, json)
        }
    }
}

fn print<R: std::fmt::Display + serde::Serialize>(report: &R, json: bool) -> Result<ExitCode> {
    if json {
        println!("{}", serde_json::to_string_pretty(report)?);
    } else {
        print!("{report}");
    }
    Ok(ExitCode::SUCCESS)
}
