//! Syndicated-copy detection measured on real article texts.
//!
//! The test set is built at test time from PolNeAR's article texts in
//! `../shared/bench/polnear/<split>/text` (never copied into the repository):
//! some articles get one to four "syndicated copies" with the edits outlets
//! make to wire copy (different boilerplate above and below, a trimmed end, a
//! local paragraph taken from another article, a dropped paragraph, typo
//! fixes, merged paragraphs, an edited headline). Everything else in PolNeAR
//! is the mix of different articles on the same topic (US politics, autumn
//! 2016: debates, polls, the same speeches quoted by every outlet).
//!
//! All documents are filed into a [`CopyIndex`] in shuffled order, and the
//! resulting groups are scored pairwise against the truth (same original or
//! not): precision and recall over pairs.
//!
//! Run: `cargo test -p dateline-corpus --release --test syndication -- --nocapture`

use dateline_corpus::{measure, CopyIndex, Params, Shingles};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
    fn chance(&mut self, p: f64) -> bool {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }
    fn range(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * ((self.next() >> 11) as f64 / (1u64 << 53) as f64)
    }
}

struct Original {
    name: String,
    title: String,
    paragraphs: Vec<String>,
}

struct Doc {
    /// Index of the original this text derives from: the truth.
    source: usize,
    label: String,
    body: String,
}

fn shared_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared")
}

fn load(split: &str) -> Option<Vec<Original>> {
    let dir = shared_dir().join("bench/polnear").join(split).join("text");
    let mut names: Vec<PathBuf> = std::fs::read_dir(&dir)
        .ok()?
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    names.sort();
    let mut out = Vec::new();
    for path in names {
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let mut blocks = text
            .split("\n\n")
            .map(|b| b.split_whitespace().collect::<Vec<_>>().join(" "))
            .filter(|b| !b.is_empty());
        let title = blocks.next().unwrap_or_default();
        let paragraphs: Vec<String> = blocks.collect();
        out.push(Original {
            name: path.file_stem().unwrap().to_string_lossy().into_owned(),
            title,
            paragraphs,
        });
    }
    Some(out)
}

/// Boilerplate outlets put around wire copy (written for this test).
const HEADERS: &[&str] = &[
    "Advertisement",
    "By The Associated Press",
    "From wire reports",
    "Sign up for our morning newsletter to get the day's top stories in your inbox.",
    "Listen to this article",
    "Breaking News Alert",
];
const FOOTERS: &[&str] = &[
    "Copyright 2016 The Associated Press. All rights reserved. This material may not be published, broadcast, rewritten or redistributed.",
    "Follow us on Twitter and Facebook for the latest political news and analysis from the campaign trail.",
    "Reporting by staff correspondents; editing by the national desk.",
    "Associated Press writers in Washington contributed to this report.",
    "Have a news tip? Email our newsroom or call the tip line, day or night.",
    "Related coverage: more stories from the 2016 campaign are on our politics page.",
];

fn typo(word: &str, rng: &mut Rng) -> String {
    let chars: Vec<char> = word.chars().collect();
    if chars.len() < 4 {
        return format!("{word}s");
    }
    let i = 1 + rng.below(chars.len() - 2);
    let mut c = chars.clone();
    match rng.below(3) {
        0 => c.swap(i, i - 1),
        1 => {
            c.remove(i);
        }
        _ => c.insert(i, c[i]),
    }
    c.into_iter().collect()
}

/// One syndicated copy of `orig`, with a random mix of realistic edits.
fn copy_of(orig: &Original, others: &[Original], rng: &mut Rng) -> (String, String) {
    let mut paras = orig.paragraphs.clone();
    let mut edits = Vec::new();
    if paras.len() >= 4 && rng.chance(0.5) {
        let keep_share = rng.range(0.35, 0.9);
        let keep = ((paras.len() as f64 * keep_share).ceil() as usize).max(3);
        paras.truncate(keep);
        edits.push(format!("trim{keep}"));
    }
    if paras.len() >= 5 && rng.chance(0.3) {
        let i = 2 + rng.below(paras.len() - 3);
        paras.remove(i);
        edits.push("drop".into());
    }
    if rng.chance(0.4) && !others.is_empty() {
        // A local paragraph: real news text of paragraph size (15 to 90
        // words) from another article. Some PolNeAR "paragraphs" are whole
        // articles without breaks; inserting one would make half a
        // different article, not a local lead.
        for _ in 0..20 {
            let other = &others[rng.below(others.len())];
            let Some(p) = other
                .paragraphs
                .get(rng.below(other.paragraphs.len().max(1)))
            else {
                continue;
            };
            let words = p.split(' ').count();
            if !(15..=90).contains(&words) {
                continue;
            }
            let at = match rng.below(3) {
                0 => 0,
                1 => 1.min(paras.len()),
                _ => paras.len(),
            };
            paras.insert(at, p.clone());
            edits.push("local".into());
            break;
        }
    }
    if rng.chance(0.5) {
        for _ in 0..1 + rng.below(4) {
            let pi = rng.below(paras.len());
            let words: Vec<String> = paras[pi].split(' ').map(str::to_string).collect();
            if words.is_empty() {
                continue;
            }
            let wi = rng.below(words.len());
            let mut words = words;
            words[wi] = typo(&words[wi], rng);
            paras[pi] = words.join(" ");
        }
        edits.push("typos".into());
    }
    if paras.len() >= 3 && rng.chance(0.3) {
        let i = rng.below(paras.len() - 1);
        let next = paras.remove(i + 1);
        paras[i] = format!("{} {}", paras[i], next);
        edits.push("merge".into());
    }
    if rng.chance(0.5) {
        paras.insert(0, HEADERS[rng.below(HEADERS.len())].to_string());
        edits.push("header".into());
    }
    if rng.chance(0.6) {
        for _ in 0..1 + rng.below(2) {
            paras.push(FOOTERS[rng.below(FOOTERS.len())].to_string());
        }
        edits.push("footer".into());
    }
    let headline = if rng.chance(0.7) {
        format!("{} | Outlet {}", orig.title, rng.below(50))
    } else {
        orig.title.clone()
    };
    let _ = headline;
    (paras.join("\n\n"), edits.join("+"))
}

struct Figures {
    originals: usize,
    copies: usize,
    docs: usize,
    true_pairs: u64,
    predicted_pairs: u64,
    correct_pairs: u64,
    false_pairs: Vec<(String, String, f64, usize)>,
    missed: Vec<(String, String, f64, f64, usize)>,
}

fn pairs(n: u64) -> u64 {
    n * n.saturating_sub(1) / 2
}

fn run(split: &str, seed: u64, params: Params) -> Option<Figures> {
    let mut originals = load(split)?;
    let skipped = originals.len();
    // Copy detection judges bodies; a text of a few lines is a brief, not a
    // story anyone syndicates, and says too little to call a copy.
    originals.retain(|o| {
        o.paragraphs
            .iter()
            .map(|p| p.split(' ').count())
            .sum::<usize>()
            >= 80
    });
    eprintln!(
        "{split}: {} originals ({} shorter than 80 words left out)",
        originals.len(),
        skipped - originals.len()
    );
    // PolNeAR holds a few republished or updated versions of one article
    // under different names (see `list_overlapping_originals`: seven pairs
    // overlap by 0.70 to 1.00 containment, while different articles reach
    // 0.22, and one pair shares 0.56 of a short text but only 0.14 of the
    // long one). Versions that share most of both texts are one story: the
    // truth joins them.
    let orig_shingles: Vec<Shingles> = originals
        .iter()
        .map(|o| Shingles::of(&o.paragraphs.join("\n\n")))
        .collect();
    let mut class: Vec<usize> = (0..originals.len()).collect();
    for i in 0..originals.len() {
        for j in i + 1..originals.len() {
            let v = measure(&orig_shingles[i], &orig_shingles[j]);
            // Republished versions: most of each text is in the other.
            if v.containment >= 0.5 && v.coverage >= 0.5 {
                eprintln!(
                    "  same story in PolNeAR: {} ~ {} (containment {:.2})",
                    originals[i].name, originals[j].name, v.containment
                );
                let (from, to) = (class[j], class[i]);
                for c in class.iter_mut() {
                    if *c == from {
                        *c = to;
                    }
                }
            }
        }
    }
    let mut rng = Rng(seed);
    let mut docs = Vec::new();
    for (i, o) in originals.iter().enumerate() {
        docs.push(Doc {
            source: class[i],
            label: format!("{} (original)", o.name),
            body: o.paragraphs.join("\n\n"),
        });
        if rng.chance(0.6) {
            for c in 0..1 + rng.below(4) {
                let (body, edits) = copy_of(o, &originals, &mut rng);
                docs.push(Doc {
                    source: class[i],
                    label: format!("{} copy {c} [{edits}]", o.name),
                    body,
                });
            }
        }
    }
    // Arrival order is random: a copy often arrives before its original.
    for i in (1..docs.len()).rev() {
        let j = rng.below(i + 1);
        docs.swap(i, j);
    }
    let shingles: Vec<Shingles> = docs.iter().map(|d| Shingles::of(&d.body)).collect();
    let mut index = CopyIndex::new(params);
    let mut group = Vec::with_capacity(docs.len());
    for (id, s) in shingles.iter().enumerate() {
        let link = index.link(id as u64, s, |r| shingles.get(r as usize).cloned());
        group.push(link.group as usize);
    }
    // Pairwise scoring from contingency counts.
    let mut by_group: HashMap<usize, u64> = HashMap::new();
    let mut by_source: HashMap<usize, u64> = HashMap::new();
    let mut by_both: HashMap<(usize, usize), u64> = HashMap::new();
    for (d, &g) in docs.iter().zip(&group) {
        *by_group.entry(g).or_default() += 1;
        *by_source.entry(d.source).or_default() += 1;
        *by_both.entry((g, d.source)).or_default() += 1;
    }
    let predicted_pairs = by_group.values().map(|&n| pairs(n)).sum();
    let true_pairs = by_source.values().map(|&n| pairs(n)).sum();
    let correct_pairs = by_both.values().map(|&n| pairs(n)).sum();
    // Examples of errors, for the report.
    let mut false_pairs = Vec::new();
    let mut missed = Vec::new();
    let mut members: HashMap<usize, Vec<usize>> = HashMap::new();
    for (i, &g) in group.iter().enumerate() {
        members.entry(g).or_default().push(i);
    }
    for m in members.values() {
        for (x, &a) in m.iter().enumerate() {
            for &b in &m[x + 1..] {
                if docs[a].source != docs[b].source && false_pairs.len() < 20 {
                    let v = measure(&shingles[a], &shingles[b]);
                    false_pairs.push((
                        docs[a].label.clone(),
                        docs[b].label.clone(),
                        v.containment,
                        v.shared,
                    ));
                }
            }
        }
    }
    let mut by_src: HashMap<usize, Vec<usize>> = HashMap::new();
    for (i, d) in docs.iter().enumerate() {
        by_src.entry(d.source).or_default().push(i);
    }
    for m in by_src.values() {
        for (x, &a) in m.iter().enumerate() {
            for &b in &m[x + 1..] {
                if group[a] != group[b] && missed.len() < 20 {
                    let v = measure(&shingles[a], &shingles[b]);
                    let (ga, gb) = (
                        index.representative(group[a] as u64) as usize,
                        index.representative(group[b] as u64) as usize,
                    );
                    let va = measure(&shingles[a], &shingles[gb]);
                    let vb = measure(&shingles[b], &shingles[ga]);
                    missed.push((
                        format!(
                            "{} [group of {}; vs other rep {:.2}/{}]",
                            docs[a].label, docs[ga].label, va.containment, va.shared
                        ),
                        format!(
                            "{} [group of {}; vs other rep {:.2}/{}]",
                            docs[b].label, docs[gb].label, vb.containment, vb.shared
                        ),
                        v.containment,
                        v.jaccard,
                        v.shared,
                    ));
                }
            }
        }
    }
    Some(Figures {
        originals: originals.len(),
        copies: docs.len() - originals.len(),
        docs: docs.len(),
        true_pairs,
        predicted_pairs,
        correct_pairs,
        false_pairs,
        missed,
    })
}

fn report(split: &str, f: &Figures) -> (f64, f64) {
    let p = f.correct_pairs as f64 / f.predicted_pairs.max(1) as f64;
    let r = f.correct_pairs as f64 / f.true_pairs.max(1) as f64;
    eprintln!(
        "{split}: {} docs ({} originals + {} copies); copy pairs: true {}, predicted {}, correct {}; precision {:.4}, recall {:.4}",
        f.docs, f.originals, f.copies, f.true_pairs, f.predicted_pairs, f.correct_pairs, p, r
    );
    for (a, b, c, s) in &f.false_pairs {
        eprintln!("  false: {a} ~ {b} (containment {c:.2}, {s} shared)");
    }
    for (a, b, c, j, s) in &f.missed {
        eprintln!("  missed: {a} ~ {b} (containment {c:.2}, jaccard {j:.2}, {s} shared)");
    }
    (p, r)
}

#[test]
fn syndicated_copies_found_with_high_precision_and_recall() {
    if !shared_dir().exists() {
        eprintln!("skipping: ../shared not found");
        return;
    }
    // Several independent test sets per split, scored together: one
    // article with four heavily edited copies moves a single small set's
    // recall by a percent or more. The defaults were tuned on train
    // (`sweep`); dev is held out.
    for (split, seeds) in [("train", [1u64, 3, 5]), ("dev", [2, 4, 6])] {
        let (mut correct, mut predicted, mut truth) = (0, 0, 0);
        for seed in seeds {
            let Some(figures) = run(split, seed, Params::default()) else {
                eprintln!("skipping {split}: PolNeAR texts not found");
                return;
            };
            report(split, &figures);
            correct += figures.correct_pairs;
            predicted += figures.predicted_pairs;
            truth += figures.true_pairs;
        }
        let p = correct as f64 / predicted.max(1) as f64;
        let r = correct as f64 / truth.max(1) as f64;
        eprintln!(
            "{split}, seeds {seeds:?} together: {truth} true pairs, {predicted} predicted, {correct} correct; precision {p:.4}, recall {r:.4}"
        );
        assert!(p >= 0.98, "{split}: precision {p:.4}");
        assert!(r >= 0.98, "{split}: recall {r:.4}");
    }
}

/// Lists pairs of PolNeAR originals that already overlap: the corpus holds a
/// few republished or updated versions of one article.
#[test]
#[ignore = "diagnostic listing"]
fn list_overlapping_originals() {
    for split in ["train", "dev"] {
        let Some(originals) = load(split) else {
            continue;
        };
        let sh: Vec<Shingles> = originals
            .iter()
            .map(|o| Shingles::of(&o.paragraphs.join("\n\n")))
            .collect();
        for i in 0..sh.len() {
            for j in i + 1..sh.len() {
                let v = measure(&sh[i], &sh[j]);
                if v.containment >= 0.1 && v.shared >= 10 {
                    eprintln!(
                        "{split}: {} ~ {}: containment {:.2}, jaccard {:.2}, {} shared ({} / {})",
                        originals[i].name,
                        originals[j].name,
                        v.containment,
                        v.jaccard,
                        v.shared,
                        sh[i].len(),
                        sh[j].len()
                    );
                }
            }
        }
    }
}

/// Parameter sweep used to choose the defaults (train split only).
#[test]
#[ignore = "tuning aid"]
fn sweep() {
    if !shared_dir().exists() {
        return;
    }
    for min_containment in [0.4, 0.45, 0.5, 0.55] {
        for upgrade in [0.7, 0.8, 0.9] {
            {
                let params = Params {
                    min_containment,
                    upgrade_containment: upgrade,
                    ..Params::default()
                };
                let (mut tp, mut pp, mut t) = (0, 0, 0);
                for seed in [1u64, 3, 5, 7] {
                    let f = run("train", seed, params.clone()).unwrap();
                    tp += f.correct_pairs;
                    pp += f.predicted_pairs;
                    t += f.true_pairs;
                }
                println!(
                    "containment {min_containment} upgrade {upgrade}: P {:.4} R {:.4}",
                    tp as f64 / pp as f64,
                    tp as f64 / t as f64
                );
            }
        }
    }
}
