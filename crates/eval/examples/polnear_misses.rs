//! Lists gold attributions the analyser misses and found ones that match
//! nothing, for error analysis on a split (use `train`, keep `dev` unseen).
//!
//! `cargo run --release -p dateline-eval --example polnear_misses -- SPLIT [MAX_FILES]`

use dateline_eval::polnear::{annotation_files, overlaps, parse_ann, relations};
use std::path::PathBuf;

fn main() {
    let split = std::env::args().nth(1).unwrap_or_else(|| "train".into());
    let max: usize = std::env::args()
        .nth(2)
        .and_then(|x| x.parse().ok())
        .unwrap_or(40);
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/bench/polnear")
        .join(&split);
    let files = annotation_files(&dir).unwrap_or_default();
    for (article, ann) in files.iter().take(max) {
        let Ok(text) = std::fs::read_to_string(dir.join("text").join(format!("{article}.txt")))
        else {
            continue;
        };
        let chars: Vec<char> = text.chars().collect();
        let s = |p: &Vec<(usize, usize)>| -> String {
            p.iter()
                .map(|&(a, b)| {
                    chars[a.min(b).min(chars.len())..b.min(chars.len())]
                        .iter()
                        .collect::<String>()
                })
                .collect::<Vec<_>>()
                .join(" | ")
        };
        let a = dateline_analyse::analyse_text(&text, None);
        let found = relations(&text, &a.quotes);
        let gold = parse_ann(&std::fs::read_to_string(ann).unwrap_or_default());
        for g in &gold {
            if !found.iter().any(|f| overlaps(&f.content, &g.content)) {
                println!(
                    "MISS\tcue={:?}\tsrc={:?}\tcontent={:?}",
                    s(&g.cue),
                    s(&g.source),
                    s(&g.content).chars().take(100).collect::<String>()
                );
            } else if let Some(f) = found.iter().find(|f| overlaps(&f.content, &g.content)) {
                if f.content != g.content {
                    println!(
                        "BOUND\tgold={:?}\tfound={:?}",
                        s(&g.content).chars().take(160).collect::<String>(),
                        s(&f.content).chars().take(160).collect::<String>()
                    );
                }
                let both_empty = f.source.is_empty() && g.source.is_empty();
                if !overlaps(&f.source, &g.source) && !both_empty {
                    println!(
                        "SRC\tgold={:?}\tfound={:?}\tcue={:?}",
                        s(&g.source),
                        s(&f.source),
                        s(&g.cue)
                    );
                }
            }
        }
        for f in &found {
            if !gold.iter().any(|g| overlaps(&f.content, &g.content)) {
                let near = gold
                    .iter()
                    .find(|g| dateline_eval::polnear::shared(&f.content, &g.content) > 0);
                println!(
                    "FP\tcue={:?}\tsrc={:?}\tcontent={:?}\tgold={:?}",
                    s(&f.cue),
                    s(&f.source),
                    s(&f.content).chars().take(100).collect::<String>(),
                    near.map(|g| s(&g.content).chars().take(100).collect::<String>())
                );
            }
        }
    }
}
