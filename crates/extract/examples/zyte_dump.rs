//! Extracts every Zyte benchmark page and prints one JSON article per line,
//! in page-id order, with the page's URL from the ground truth. Used to check
//! that a change to the extractor leaves its output byte-identical
//! (`diff` the output before and after), and as a one-core speed check.
//!
//! `cargo run --release -p dateline-extract --example zyte_dump [-- DIR] > out.jsonl`
//! `cargo run --release -p dateline-extract --example zyte_dump -- DIR speed N`

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let dir = args.first().map(PathBuf::from).unwrap_or_else(|| {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/bench/zyte")
    });
    let truth: serde_json::Value = match std::fs::read(dir.join("ground-truth.json")) {
        Ok(b) => serde_json::from_slice(&b).expect("ground-truth.json is JSON"),
        Err(e) => {
            eprintln!("skipping: {} not readable: {e}", dir.display());
            return;
        }
    };
    let mut pages = Vec::new();
    for (id, v) in truth.as_object().into_iter().flatten() {
        let path = dir.join("html").join(format!("{id}.html.gz"));
        let mut bytes = Vec::new();
        let file = std::fs::File::open(&path).expect("page file");
        flate2::read::GzDecoder::new(file)
            .read_to_end(&mut bytes)
            .expect("gzip");
        pages.push(dateline_core::Page {
            source: path.display().to_string(),
            url: v.get("url").and_then(|u| u.as_str()).map(str::to_string),
            content_type: None,
            bytes,
        });
    }
    let opts = dateline_extract::Options::default();
    if args.get(1).map(String::as_str) == Some("speed") {
        let passes: usize = args.get(2).and_then(|n| n.parse().ok()).unwrap_or(10);
        let mut best = f64::MAX;
        for _ in 0..passes {
            let t = Instant::now();
            for p in &pages {
                let _ = std::hint::black_box(dateline_extract::extract(p, &opts));
            }
            best = best.min(t.elapsed().as_secs_f64());
        }
        println!(
            "{} pages, best of {passes}: {:.0} pages/s",
            pages.len(),
            pages.len() as f64 / best
        );
        return;
    }
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    for p in &pages {
        let line = match dateline_extract::extract(p, &opts) {
            Ok(a) => serde_json::to_string(&a).expect("article serialises"),
            Err(e) => format!("error: {e}"),
        };
        writeln!(out, "{line}").expect("stdout");
    }
}
