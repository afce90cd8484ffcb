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
    /// Per-field accuracy of headline, authors, published date and agency on
    /// hand-read Zyte pages.
    #[command(after_help = "Examples:\n  \
      dateline eval metadata\n  \
      dateline eval metadata --fixtures crates/eval/fixtures/zyte-metadata-holdout.json")]
    Metadata {
        /// The Zyte benchmark directory.
        #[arg(long, default_value = "../shared/bench/zyte")]
        dir: PathBuf,
        /// The hand-written expectations.
        #[arg(long, default_value = "crates/eval/fixtures/zyte-metadata.json")]
        fixtures: PathBuf,
        /// Print the report as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Attribution precision, recall and F1 (content, source, cue, relation) on PolNeAR.
    Polnear {
        /// The PolNeAR directory (train/, dev/).
        #[arg(long, default_value = "../shared/bench/polnear")]
        dir: PathBuf,
        /// The split to score.
        #[arg(long, default_value = "dev")]
        split: String,
        /// Score the human annotators against each other instead (articles
        /// marked by several annotators): the ceiling for any system.
        #[arg(long)]
        agreement: bool,
        /// Print the report as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Accuracy of resolved speakers against hand-resolved PolNeAR attributions.
    Speakers {
        /// The PolNeAR directory.
        #[arg(long, default_value = "../shared/bench/polnear")]
        dir: PathBuf,
        /// The hand-written expectations (offsets and names).
        #[arg(long, default_value = "crates/eval/fixtures/polnear-speakers.json")]
        fixtures: PathBuf,
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
        Command::Metadata {
            dir,
            fixtures,
            json,
        } => {
            let report = dateline_eval::metadata::evaluate(&dir, &fixtures, &options)
                .with_context(|| format!("evaluating on {}", dir.display()))?;
            print(&report, json)
        }
        Command::Polnear {
            dir,
            split,
            agreement,
            json,
        } => {
            let report = if agreement {
                dateline_eval::polnear::agreement(&dir, &split)
            } else {
                dateline_eval::polnear::evaluate(&dir, &split)
            }
            .map_err(|e| anyhow::anyhow!("{e}"))
            .with_context(|| format!("evaluating on {}", dir.display()))?;
            print(&report, json)
        }
        Command::Speakers {
            dir,
            fixtures,
            json,
        } => {
            let report = dateline_eval::speakers::evaluate(&dir, &fixtures)
                .map_err(anyhow::Error::msg)
                .with_context(|| format!("evaluating on {}", dir.display()))?;
            print(&report, json)
        }
    }
}

fn print<R: std::fmt::Display + serde::Serialize>(report: &R, json: bool) -> Result<ExitCode> {
    if json {
        outln!("{}", serde_json::to_string_pretty(report)?);
    } else {
        outln!("{}", report.to_string().trim_end_matches('\n'));
    }
    Ok(ExitCode::SUCCESS)
}
