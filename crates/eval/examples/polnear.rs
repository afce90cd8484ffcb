//! Prints PolNeAR attribution scores for a split.
//!
//! `cargo run --release -p dateline-eval --example polnear -- [POLNEAR_DIR] [SPLIT] [--json]`
//! (defaults: `../shared/bench/polnear`, `dev`).

use std::path::PathBuf;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let json = args.iter().any(|a| a == "--json");
    let pos: Vec<&String> = args.iter().filter(|a| !a.starts_with("--")).collect();
    let dir = pos.first().map(PathBuf::from).unwrap_or_else(|| {
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/bench/polnear")
    });
    let split = pos.get(1).map(|s| s.as_str()).unwrap_or("dev");
    match dateline_eval::polnear::evaluate(&dir, split) {
        Ok(r) if json => println!("{}", serde_json::to_string_pretty(&r).unwrap_or_default()),
        Ok(r) => println!("{r}"),
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    }
}
