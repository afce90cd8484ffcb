//! Span scores of each tagger layer on its own (before linking), and of the
//! linking step fed with the gold labels, on a PolNeAR split: where the
//! attribution errors come from.
//!
//! `cargo run --release -p dateline-analyse --example tagdiag -- [POLNEAR_DIR] [SPLIT]`

#[path = "common/ann.rs"]
mod ann;

use ann::{bio, ranges_of};
use dateline_analyse::tagger::{self, LAYERS};
use dateline_analyse::{attribution, quotes, tokens};
use std::path::PathBuf;

fn ov(a: (usize, usize), b: (usize, usize)) -> bool {
    let s = a.0.max(b.0);
    let e = a.1.min(b.1);
    e > s && 2 * (e - s) >= (a.1 - a.0).max(b.1 - b.0)
}

fn main() {
    let mut args = std::env::args().skip(1);
    let dir = args.next().map(PathBuf::from).unwrap_or_else(|| {
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/bench/polnear")
    });
    let split = args.next().unwrap_or_else(|| "dev".into());
    let sd = dir.join(&split);
    let mut files: Vec<PathBuf> = std::fs::read_dir(sd.join("attributions"))
        .map(|rd| rd.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    files.sort();
    // Read at run time, so a retrained model is measured without a rebuild.
    let mut model_bytes =
        std::fs::read(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("data/tagger.bin"))
            .unwrap_or_default();
    // `FAVOUR=c,s,k` tries lowering the second pass's "outside" weights.
    if let Ok(f) = std::env::var("FAVOUR") {
        let by: Vec<f32> = f.split(',').filter_map(|x| x.parse().ok()).collect();
        if let (Some((first, rest)), &[c, s, k]) = (tagger::Model::read(&model_bytes), &by[..]) {
            if let Some((mut second, _)) = tagger::Model::read(rest) {
                second.favour([c, s, k]);
                let mut b = first.to_bytes();
                b.extend(second.to_bytes());
                model_bytes = b;
            }
        }
    }
    // [layer] -> (exact, overlap, found, gold)
    let mut c = [[0usize; 4]; LAYERS];
    // (gold cue, predicted cue) counts of the word in WORD.
    let mut ws = [0usize; 4];
    for ann in files {
        let stem = ann
            .file_stem()
            .unwrap_or_default()
            .to_string_lossy()
            .to_string();
        let Some((article, _)) = stem.rsplit_once('_') else {
            continue;
        };
        let Ok(text) = std::fs::read_to_string(sd.join("text").join(format!("{article}.txt")))
        else {
            continue;
        };
        let a = std::fs::read_to_string(&ann).unwrap_or_default();
        let mut byte_of: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
        byte_of.push(text.len());
        let t = tokens::tokenize(&text);
        let qs = quotes::find(&text, &t);
        let (raws, lw, lp) = attribution::find_parts(&text, &t, &qs);
        let Some(m) = tagger::Passes::from_bytes(&model_bytes) else {
            eprintln!("no model");
            return;
        };
        let labels = m.label(&text, &t, &qs, &lw, &lp, &raws);
        if let Ok(word) = std::env::var("WORD") {
            let gold = bio(&t.toks, ranges_of(&a, "Cue", &byte_of));
            for i in 0..t.toks.len() {
                if lw[i] == word {
                    ws[usize::from(gold[i] != 0) * 2 + usize::from(labels[2][i] != 0)] += 1;
                }
            }
        }
        for (layer, kind) in ["Content", "Source", "Cue"].iter().enumerate() {
            let gold = tagger::spans(&bio(&t.toks, ranges_of(&a, kind, &byte_of)));
            let found = tagger::spans(&labels[layer]);
            let b = |x: &(usize, usize)| (t.toks[x.0].start, t.toks[x.1 - 1].end);
            let g: Vec<_> = gold.iter().map(b).collect();
            let f: Vec<_> = found.iter().map(b).collect();
            if std::env::var("SHOW").ok().as_deref() == Some(kind) {
                for x in g.iter().filter(|x| !f.contains(x)) {
                    let mut lo = x.0.saturating_sub(60);
                    while !text.is_char_boundary(lo) {
                        lo -= 1;
                    }
                    let mut hi = (x.1 + 40).min(text.len());
                    while !text.is_char_boundary(hi) {
                        hi += 1;
                    }
                    println!(
                        "MISS {}[[{}]]{}",
                        &text[lo..x.0].replace('\n', " "),
                        &text[x.0..x.1],
                        &text[x.1..hi].replace('\n', " ")
                    );
                    for y in f.iter().filter(|y| y.0 < x.1 && x.0 < y.1) {
                        println!("  GOT [[{}]]", &text[y.0..y.1].replace('\n', " "));
                    }
                }
            }
            c[layer][0] += f.iter().filter(|x| g.contains(x)).count();
            c[layer][1] += f.iter().filter(|x| g.iter().any(|y| ov(**x, *y))).count();
            c[layer][2] += f.len();
            c[layer][3] += g.len();
        }
    }
    if std::env::var("WORD").is_ok() {
        println!(
            "word: gold-no/pred-no {} gold-no/pred-yes {} gold-yes/pred-no {} gold-yes/pred-yes {}",
            ws[0], ws[1], ws[2], ws[3]
        );
    }
    for (layer, name) in ["content", "source", "cue"].iter().enumerate() {
        let [e, o, f, g] = c[layer];
        let f1 = |m: usize| 2.0 * m as f64 / (f + g).max(1) as f64;
        println!(
            "{name:<8} exact F1 {:.3} (P {:.3} R {:.3})  overlap F1 {:.3}  found {f} gold {g}",
            f1(e),
            e as f64 / f.max(1) as f64,
            e as f64 / g.max(1) as f64,
            f1(o)
        );
    }
}
