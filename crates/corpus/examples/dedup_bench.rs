//! Copy detection at scale on synthetic documents.
//!
//! `cargo run --release -p dateline-corpus --example dedup_bench -- 1000000`
//!
//! Documents are random word sequences (a 50,000-word vocabulary with a
//! skewed frequency, 150 to 800 words each). One document in five is a copy
//! of an earlier one: trimmed to 40-100% of its length, with a 20-60 word
//! local paragraph in front and a few words changed. Documents are
//! regenerated from their number when their shingles are needed, so memory
//! is the index's own. Prints throughput, peak memory and pairwise
//! precision and recall of the copy groups.

use dateline_corpus::{CopyIndex, Params, Shingles};
use std::collections::HashMap;
use std::time::Instant;

fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = mix(self.0);
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    fn word(&mut self) -> u64 {
        // Squaring a uniform draw skews towards frequent (low) word ids.
        let u = (self.next() >> 11) as f64 / (1u64 << 53) as f64;
        (u * u * 50_000.0) as u64
    }
}

/// The words of original document `i`.
fn original(i: u64) -> Vec<u64> {
    let mut rng = Rng(i.wrapping_mul(0x1234_5678_9abc_def1) ^ 0xfeed);
    let n = 150 + rng.below(650);
    (0..n).map(|_| rng.word()).collect()
}

/// Document `i`: its words and the original it derives from.
fn document(i: u64) -> (Vec<u64>, u64) {
    let mut rng = Rng(i ^ 0xc0ff_ee00_0000_0000);
    if i % 5 == 4 && i > 10 {
        // A copy of an earlier original (documents that are not copies).
        let mut src = rng.below(i);
        if src % 5 == 4 && src > 10 {
            src -= 1;
        }
        let mut words = original(src);
        let keep = (words.len() as f64 * (0.4 + 0.6 * (rng.below(1000) as f64 / 1000.0))) as usize;
        words.truncate(keep.max(40));
        let local = 20 + rng.below(40);
        let mut out: Vec<u64> = (0..local).map(|_| rng.word()).collect();
        out.extend(words);
        for _ in 0..3 {
            let at = rng.below(out.len() as u64) as usize;
            out[at] = rng.word();
        }
        (out, src)
    } else {
        (original(i), i)
    }
}

fn text(words: &[u64]) -> String {
    let mut s = String::with_capacity(words.len() * 7);
    for w in words {
        s.push('w');
        s.push_str(&w.to_string());
        s.push(' ');
    }
    s
}

fn peak_rss_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<f64>().ok())
        })
        .map_or(0.0, |kb| kb / 1024.0)
}

fn main() {
    let n: u64 = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(100_000);
    let mut index = CopyIndex::new(Params::default());
    let mut group = Vec::with_capacity(n as usize);
    let mut source = Vec::with_capacity(n as usize);
    let started = Instant::now();
    let mut verified = 0usize;
    for i in 0..n {
        let (words, src) = document(i);
        let sh = Shingles::of(&text(&words));
        let link = index.link(i, &sh, |rep| Some(Shingles::of(&text(&document(rep).0))));
        verified += link.verified;
        group.push(link.group);
        source.push(src);
        if (i + 1) % 100_000 == 0 {
            eprintln!(
                "{} docs, {:.0} docs/s, peak {:.0} MB",
                i + 1,
                (i + 1) as f64 / started.elapsed().as_secs_f64(),
                peak_rss_mb()
            );
        }
    }
    let secs = started.elapsed().as_secs_f64();
    let pairs = |c: u64| c * c.saturating_sub(1) / 2;
    let mut g: HashMap<u64, u64> = HashMap::new();
    let mut s: HashMap<u64, u64> = HashMap::new();
    let mut gs: HashMap<(u64, u64), u64> = HashMap::new();
    for (&gr, &sr) in group.iter().zip(&source) {
        *g.entry(gr).or_default() += 1;
        *s.entry(sr).or_default() += 1;
        *gs.entry((gr, sr)).or_default() += 1;
    }
    let predicted: u64 = g.values().map(|&c| pairs(c)).sum();
    let truth: u64 = s.values().map(|&c| pairs(c)).sum();
    let correct: u64 = gs.values().map(|&c| pairs(c)).sum();
    println!(
        "{n} docs in {secs:.1} s ({:.0} docs/s, one thread, text generation and shingling included); \
         {verified} verifications; peak memory {:.0} MB; copy pairs: true {truth}, predicted {predicted}, correct {correct}; \
         precision {:.4}, recall {:.4}",
        n as f64 / secs,
        peak_rss_mb(),
        correct as f64 / predicted.max(1) as f64,
        correct as f64 / truth.max(1) as f64
    );
}
