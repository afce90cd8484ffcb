//! Articles per second of the whole analysis on one core, over the PolNeAR
//! `dev` and `train` texts (read from `../shared`, never shipped).
//!
//! `cargo run --release -p dateline-analyse --example bench -- [POLNEAR_DIR] [ROUNDS]`

use std::path::PathBuf;
use std::time::Instant;

/// The allocator of the `dateline` binary, so the figure is what
/// `dateline analyse` and `dateline ingest` see.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let mut args = std::env::args().skip(1);
    let dir = args.next().map(PathBuf::from).unwrap_or_else(|| {
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/bench/polnear")
    });
    let rounds: usize = args.next().and_then(|x| x.parse().ok()).unwrap_or(3);
    let mut texts = Vec::new();
    for split in ["dev", "train"] {
        let Ok(rd) = std::fs::read_dir(dir.join(split).join("text")) else {
            eprintln!("no PolNeAR texts under {}", dir.display());
            std::process::exit(2);
        };
        let mut paths: Vec<PathBuf> = rd.filter_map(|e| e.ok().map(|e| e.path())).collect();
        paths.sort();
        for p in paths {
            if let Ok(t) = std::fs::read_to_string(&p) {
                texts.push(t);
            }
        }
    }
    let bytes: usize = texts.iter().map(|t| t.len()).sum();
    // Warm the lexicons once so their loading is not counted per round.
    let _ = dateline_analyse::analyse_text("Warm up, he said.", None);
    let mut best = f64::MAX;
    let mut best_cpu = f64::MAX;
    let mut quotes = 0;
    for _ in 0..rounds {
        let start = Instant::now();
        let cpu0 = cpu_seconds();
        quotes = 0;
        for t in &texts {
            quotes += dateline_analyse::analyse_text(t, None).quotes.len();
        }
        best = best.min(start.elapsed().as_secs_f64());
        if let (Some(a), Some(b)) = (cpu0, cpu_seconds()) {
            best_cpu = best_cpu.min(b - a);
        }
    }
    println!(
        "{} articles ({:.1} MB), {} quotes: best of {} rounds {:.3} s = {:.0} articles/s, {:.1} MB/s on one core",
        texts.len(),
        bytes as f64 / 1e6,
        quotes,
        rounds,
        best,
        texts.len() as f64 / best,
        bytes as f64 / 1e6 / best
    );
    // On a machine shared with other work the wall clock counts waiting;
    // the thread's CPU time counts only the work.
    if best_cpu < f64::MAX {
        println!(
            "CPU time of this thread: best round {:.3} s = {:.0} articles/s",
            best_cpu,
            texts.len() as f64 / best_cpu
        );
    }
}

/// Seconds this thread has run on a CPU (Linux `/proc/thread-self/schedstat`).
fn cpu_seconds() -> Option<f64> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns: f64 = s.split_whitespace().next()?.parse().ok()?;
    Some(ns / 1e9)
}
