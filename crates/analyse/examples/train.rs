//! Learns the analyser's lexicons from the PolNeAR `train` split and writes
//! them to `crates/analyse/data/`. Reproduce the shipped files with:
//!
//! ```text
//! cargo run --release -p dateline-analyse --example train -- ../shared/bench/polnear
//! ```
//!
//! Two files come out, both sorted so reruns give identical bytes:
//! - `cues.tsv`: `word  times_in_a_cue  times_in_text` for every word that
//!   is part of a hand-annotated attribution cue at least 3 times. The
//!   analyser reads `times_in_a_cue / times_in_text` as how likely the word
//!   is to introduce speech.
//! - `names.tsv`: `word  person  organization  location  other  first  male
//!   female` for capitalised words: how often the machine annotations tag the
//!   word as part of a person, organisation or location name, or not a name;
//!   how often it opens a person's name; and how often a coreference chain
//!   links it to he/him/his or she/her. Words seen fewer than 3 times are
//!   left out.
//!
//! - `cue_weights.bin`: the learned cue detector (`src/cuemodel.rs`), a
//!   logistic regression over hashed context features of every word of the
//!   cue lexicon, labelled by whether the word lies inside an annotated cue.
//!   It reads the cue lexicon compiled into the library, so after a change
//!   to `cues.tsv` run this twice (the second run is then a fixed point).
//!
//! Only `train` is read; `dev` stays unseen for evaluation.

use dateline_analyse::cuemodel::{sigmoid, View, BUCKETS};
use dateline_analyse::quotes;
use dateline_analyse::tokens::{is_cap, lower, tokenize, Tok};
use std::collections::{BTreeMap, HashMap};
use std::fs;
use std::path::{Path, PathBuf};

fn main() {
    let root = std::env::args()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/bench/polnear")
        });
    let out = Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    let train = root.join("train");
    if !train.is_dir() {
        eprintln!("no PolNeAR train split at {}", train.display());
        std::process::exit(2);
    }
    fs::create_dir_all(&out).expect("create data dir");
    let cues = learn_cues(&train);
    fs::write(out.join("cues.tsv"), cues).expect("write cues.tsv");
    let names = learn_names(&train);
    fs::write(out.join("names.tsv"), names).expect("write names.tsv");
    let model = learn_cue_model(&train);
    fs::write(out.join("cue_weights.bin"), model).expect("write cue_weights.bin");
    eprintln!(
        "wrote {}/cues.tsv, names.tsv and cue_weights.bin",
        out.display()
    );
}

fn sorted_files(dir: &Path, suffix: &str) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = fs::read_dir(dir)
        .map(|rd| rd.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    v.retain(|p| p.to_string_lossy().ends_with(suffix));
    v.sort();
    v
}

fn words(text: &str) -> Vec<(usize, usize)> {
    let t = tokenize(text);
    t.toks
        .iter()
        .filter(|t| t.kind == Tok::Word)
        .map(|t| (t.start, t.end))
        .collect()
}

fn char_to_byte(text: &str) -> Vec<usize> {
    let mut v: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
    v.push(text.len());
    v
}

/// Each annotation file of `train` with the text it annotates, in file-name
/// order; files whose text or annotations cannot be read are skipped.
fn annotated_texts(train: &Path) -> impl Iterator<Item = (String, String)> + '_ {
    sorted_files(&train.join("attributions"), ".ann")
        .into_iter()
        .filter_map(move |ann| {
            let name = ann.file_stem()?.to_string_lossy().to_string();
            let (article, _annotator) = name.rsplit_once('_')?;
            let text =
                fs::read_to_string(train.join("text").join(format!("{article}.txt"))).ok()?;
            let a = fs::read_to_string(&ann).ok()?;
            Some((text, a))
        })
}

fn learn_cues(train: &Path) -> String {
    let mut in_cue: HashMap<String, u32> = HashMap::new();
    let mut total: HashMap<String, u32> = HashMap::new();
    for (text, a) in annotated_texts(train) {
        let ws = words(&text);
        // Brat offsets count characters; the tokens count bytes.
        let byte_of = char_to_byte(&text);
        for w in &ws {
            *total.entry(lower(&text[w.0..w.1])).or_default() += 1;
        }
        for line in a.lines() {
            let mut f = line.split('\t');
            let (Some(id), Some(head)) = (f.next(), f.next()) else {
                continue;
            };
            if !id.starts_with('T') || !head.starts_with("Cue ") {
                continue;
            }
            for piece in head["Cue ".len()..].split(';') {
                let mut n = piece
                    .split_whitespace()
                    .filter_map(|x| x.parse::<usize>().ok());
                let (Some(s), Some(e)) = (n.next(), n.next()) else {
                    continue;
                };
                let (Some(&s), Some(&e)) = (byte_of.get(s), byte_of.get(e)) else {
                    continue;
                };
                for w in ws.iter().filter(|w| w.0 >= s && w.1 <= e) {
                    *in_cue.entry(lower(&text[w.0..w.1])).or_default() += 1;
                }
            }
        }
    }
    // Several annotators may mark the same article; the text is counted once
    // per annotation file too, so the ratio stays a per-reading frequency.
    let mut rows: BTreeMap<String, (u32, u32)> = BTreeMap::new();
    for (w, c) in in_cue {
        if c >= 3 {
            rows.insert(w.clone(), (c, total.get(&w).copied().unwrap_or(c).max(c)));
        }
    }
    let mut s = String::from("# word\tin_cue\ttotal\n");
    for (w, (c, t)) in rows {
        s.push_str(&format!("{w}\t{c}\t{t}\n"));
    }
    s
}

#[derive(Default)]
struct NameCounts {
    person: u32,
    org: u32,
    loc: u32,
    other: u32,
    first: u32,
    male: u32,
    female: u32,
}

fn learn_names(train: &Path) -> String {
    let mut counts: HashMap<String, NameCounts> = HashMap::new();
    let silver = train.join("corenlp-silver");
    for tsv in sorted_files(&silver, ".tsv") {
        let Ok(data) = fs::read_to_string(&tsv) else {
            continue;
        };
        // (sentence, word, ner)
        let rows: Vec<(u32, &str, &str)> = data
            .lines()
            .filter_map(|l| {
                let f: Vec<&str> = l.split('\t').collect();
                Some((f.first()?.parse().ok()?, *f.get(4)?, *f.get(7)?))
            })
            .collect();
        for (i, &(sent, word, ner)) in rows.iter().enumerate() {
            if !is_cap(word) {
                continue;
            }
            let c = counts.entry(word.to_string()).or_default();
            match ner {
                "PERSON" => c.person += 1,
                "ORGANIZATION" => c.org += 1,
                "LOCATION" | "CITY" | "COUNTRY" | "STATE_OR_PROVINCE" => c.loc += 1,
                _ => c.other += 1,
            }
            let prev_person = i > 0 && rows[i - 1].2 == "PERSON" && rows[i - 1].0 == sent;
            let next_person = rows
                .get(i + 1)
                .is_some_and(|n| n.2 == "PERSON" && n.0 == sent);
            if ner == "PERSON" && !prev_person && next_person {
                c.first += 1;
            }
        }
        // Gender from coreference chains that join a name and a pronoun.
        let coref = tsv.with_extension("coref.json");
        let coref = PathBuf::from(coref.to_string_lossy().replace(".tsv", ""));
        let Ok(cj) = fs::read_to_string(&coref) else {
            continue;
        };
        let Ok(chains) = serde_json::from_str::<Vec<Vec<serde_json::Value>>>(&cj) else {
            continue;
        };
        for chain in chains {
            let texts: Vec<&str> = chain.iter().filter_map(|m| m["text"].as_str()).collect();
            let male = texts
                .iter()
                .filter(|t| matches!(lower(t).as_str(), "he" | "him" | "his" | "himself"))
                .count();
            let female = texts
                .iter()
                .filter(|t| matches!(lower(t).as_str(), "she" | "her" | "hers" | "herself"))
                .count();
            if male == female {
                continue;
            }
            let mut seen: Vec<&str> = Vec::new();
            for t in &texts {
                for w in t.split_whitespace() {
                    if is_cap(w)
                        && w.len() > 1
                        && !seen.contains(&w)
                        && !matches!(w, "He" | "She" | "His" | "Her")
                    {
                        seen.push(w);
                    }
                }
            }
            for w in seen {
                if let Some(c) = counts.get_mut(w) {
                    if male > female {
                        c.male += 1;
                    } else {
                        c.female += 1;
                    }
                }
            }
        }
    }
    let mut rows: BTreeMap<String, NameCounts> = BTreeMap::new();
    for (w, c) in counts {
        let named = c.person + c.org + c.loc;
        if named >= 3 {
            rows.insert(w, c);
        }
    }
    let mut s =
        String::from("# word\tperson\torganization\tlocation\tother\tfirst\tmale\tfemale\n");
    for (w, c) in rows {
        s.push_str(&format!(
            "{w}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\n",
            c.person, c.org, c.loc, c.other, c.first, c.male, c.female
        ));
    }
    s
}

/// Byte ranges of the annotated cue pieces of one `.ann` file.
fn cue_ranges(ann: &str, byte_of: &[usize]) -> Vec<(usize, usize)> {
    let mut v = Vec::new();
    for line in ann.lines() {
        let mut f = line.split('\t');
        let (Some(id), Some(head)) = (f.next(), f.next()) else {
            continue;
        };
        if !id.starts_with('T') || !head.starts_with("Cue ") {
            continue;
        }
        for piece in head["Cue ".len()..].split(';') {
            let mut n = piece
                .split_whitespace()
                .filter_map(|x| x.parse::<usize>().ok());
            if let (Some(s), Some(e)) = (n.next(), n.next()) {
                if let (Some(&s), Some(&e)) = (byte_of.get(s), byte_of.get(e)) {
                    v.push((s, e));
                }
            }
        }
    }
    v
}

/// Trains the cue detector: plain stochastic gradient descent on the log
/// loss, a fixed number of passes in a fixed shuffled order, so reruns give
/// identical weights.
fn learn_cue_model(train: &Path) -> Vec<u8> {
    let mut xs: Vec<Vec<u32>> = Vec::new();
    let mut ys: Vec<bool> = Vec::new();
    for (text, a) in annotated_texts(train) {
        let byte_of = char_to_byte(&text);
        let cues = cue_ranges(&a, &byte_of);
        let t = tokenize(&text);
        let qs = quotes::find(&text, &t);
        let view = View::new(&text, &t, &qs);
        for (i, tok) in t.toks.iter().enumerate() {
            if !view.candidate(i) {
                continue;
            }
            let y = cues.iter().any(|&(s, e)| tok.start < e && tok.end > s);
            let mut f = Vec::new();
            view.features(i, &mut f);
            xs.push(f);
            ys.push(y);
        }
    }
    let mut w = vec![0f32; BUCKETS];
    let mut order: Vec<usize> = (0..xs.len()).collect();
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let epochs = 6;
    for ep in 0..epochs {
        for k in (1..order.len()).rev() {
            seed = seed
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            order.swap(k, (seed >> 33) as usize % (k + 1));
        }
        let lr = 0.2 / (1.0 + ep as f32);
        let mut loss = 0f64;
        for &n in &order {
            let z: f32 = xs[n].iter().map(|&h| w[h as usize]).sum();
            let p = sigmoid(z);
            let y = if ys[n] { 1.0 } else { 0.0 };
            loss -= if ys[n] {
                (p.max(1e-7) as f64).ln()
            } else {
                ((1.0 - p).max(1e-7) as f64).ln()
            };
            let g = lr * (y - p);
            for &h in &xs[n] {
                w[h as usize] += g;
            }
        }
        eprintln!(
            "cue model: pass {ep}: {} examples, mean log loss {:.4}",
            xs.len(),
            loss / xs.len().max(1) as f64
        );
    }
    w.iter().flat_map(|x| x.to_le_bytes()).collect()
}
