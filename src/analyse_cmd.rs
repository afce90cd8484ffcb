//! `dateline analyse`: add entities and quotations to extracted articles.

use crate::render::{ArticleWriter, Format};
use anyhow::{Context, Result};
use dateline_core::Article;
use std::io::{BufReader, Read};
use std::process::ExitCode;

/// Arguments of `dateline analyse`.
#[derive(clap::Args)]
#[command(after_help = "Examples:\n  \
  dateline extract pages/ | dateline analyse > analysed.jsonl\n  \
  dateline analyse articles.jsonl --format markdown")]
pub struct Args {
    /// JSON or JSON Lines files written by `dateline extract` (default: stdin).
    #[arg(value_name = "FILE", default_value = "-")]
    inputs: Vec<String>,
    /// Output format.
    #[arg(short, long, value_enum, default_value = "jsonl")]
    format: Format,
}

pub fn run(args: Args) -> Result<ExitCode> {
    let stdout = std::io::stdout();
    let mut out = ArticleWriter::new(std::io::BufWriter::new(stdout.lock()), args.format, true);
    let mut failed = 0usize;
    for input in &args.inputs {
        let reader: Box<dyn Read> = if input == "-" {
            Box::new(std::io::stdin().lock())
        } else {
            Box::new(std::fs::File::open(input).with_context(|| format!("opening {input}"))?)
        };
        let stream = serde_json::Deserializer::from_reader(BufReader::new(reader))
            .into_iter::<serde_json::Value>();
        for (n, value) in stream.enumerate() {
            // A syntax error leaves the stream unusable: report it and move to the next file.
            let value = match value {
                Ok(v) => v,
                Err(e) => {
                    failed += 1;
                    eprintln!("error: {input}: record {}: {e}", n + 1);
                    break;
                }
            };
            let records = match value {
                serde_json::Value::Array(items) => items,
                other => vec![other],
            };
            for record in records {
                match serde_json::from_value::<Article>(record) {
                    Ok(article) => {
                        let analysis = dateline_analyse::analyse(&article);
                        out.write(&article, Some(&analysis))?;
                    }
                    Err(e) => {
                        failed += 1;
                        eprintln!("error: {input}: record {}: not an article: {e}", n + 1);
                    }
                }
            }
        }
    }
    out.finish()?;
    Ok(if failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
