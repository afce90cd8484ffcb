//! Prints speaker-resolution accuracy on the hand-written fixtures.
//!
//! `cargo run --release -p dateline-eval --example speakers -- [POLNEAR_DIR] [--errors]`

use std::path::PathBuf;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let dir = args
        .iter()
        .find(|a| !a.starts_with("--"))
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/bench/polnear")
        });
    let fixture = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/polnear-speakers.json");
    match dateline_eval::speakers::evaluate(&dir, &fixture) {
        Ok(r) => {
            println!("{r}");
            if args.iter().any(|a| a == "--errors") {
                for e in &r.errors {
                    println!("{}\t{}\twant {:?}\tgot {:?}", e.0, e.1, e.2, e.3);
                }
            }
        }
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    }
}
