//! Story clustering speed on a synthetic stream, and how well it recovers
//! the events the stream was made from.
//!
//! ```sh
//! cargo run --release -p dateline-stories --example synthetic -- 200000
//! ```
//! Events each have their own words and a day; every article of an event
//! (one to a dozen, from different outlets) draws its headline and lead
//! partly from the event's words and mostly from a Zipf-distributed
//! background vocabulary shared by all. Articles arrive in time order.

use dateline_core::{Analysis, Article, Block};
use dateline_stories::{Clusterer, Features, Params, DAY_MS};
use std::collections::HashMap;
use std::time::Instant;

/// A small deterministic generator (SplitMix64), so runs are repeatable
/// without a dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// A pronounceable made-up word for index `i` (distinct for distinct `i`).
fn word(mut i: usize) -> String {
    const C: &[u8] = b"bcdfgklmnprtvz";
    const V: &[u8] = b"aeiou";
    let mut w = String::new();
    loop {
        w.push(C[i % C.len()] as char);
        i /= C.len();
        w.push(V[i % V.len()] as char);
        i /= V.len();
        if i == 0 && w.len() >= 4 {
            break;
        }
    }
    w.push('k');
    w
}

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(100_000);
    let mut rng = Rng(42);
    let background = 30_000usize;
    // Zipf(1) over the background vocabulary by inverse transform on the
    // harmonic cumulative sums.
    let mut cum = Vec::with_capacity(background);
    let mut total = 0.0;
    for r in 1..=background {
        total += 1.0 / r as f64;
        cum.push(total);
    }
    let mut zipf = |rng: &mut Rng| -> usize {
        let x = rng.unit() * total;
        cum.partition_point(|c| *c < x).min(background - 1)
    };

    // Events: a day over a year, 8 words of their own, a size of 1 to 12.
    let mut articles: Vec<(usize, Article)> = Vec::with_capacity(n);
    let mut event = 0usize;
    while articles.len() < n {
        let day = 17_000 + rng.below(365) as i64;
        let own: Vec<String> = (0..8).map(|k| word(background + event * 8 + k)).collect();
        let size = 1 + (rng.below(12) * rng.below(12) / 11) as usize;
        for _ in 0..size.min(n - articles.len()) {
            let pick = |rng: &mut Rng, zipf: &mut dyn FnMut(&mut Rng) -> usize, p_own: f64| {
                if rng.unit() < p_own {
                    own[rng.below(own.len() as u64) as usize].clone()
                } else {
                    word(zipf(rng))
                }
            };
            let headline: Vec<String> = (0..8).map(|_| pick(&mut rng, &mut zipf, 0.5)).collect();
            let paragraphs: Vec<String> = (0..4)
                .map(|_| {
                    (0..40)
                        .map(|_| pick(&mut rng, &mut zipf, 0.15))
                        .collect::<Vec<_>>()
                        .join(" ")
                })
                .collect();
            let mut a = Article::new();
            a.headline = Some(headline.join(" "));
            a.site_name = Some(format!("outlet{}", rng.below(20)));
            let hour = rng.below(24 * 2) as i64;
            let ms = (day * 24 + hour) * 3_600_000;
            let (y, m, d) = dateline_core::calendar::civil_from_days(ms.div_euclid(DAY_MS));
            a.published = Some(format!(
                "{y:04}-{m:02}-{d:02}T{:02}:00:00Z",
                ms.rem_euclid(DAY_MS) / 3_600_000
            ));
            a.body = paragraphs
                .into_iter()
                .map(|text| Block::Paragraph { text })
                .collect();
            a.word_count = 160;
            articles.push((event, a));
        }
        event += 1;
    }
    let analysis = Analysis::new();
    let t = Instant::now();
    let mut feats: Vec<(usize, Features)> = articles
        .iter()
        .map(|(e, a)| (*e, Features::of(a, &analysis, 0)))
        .collect();
    let t_features = t.elapsed().as_secs_f64();
    feats.sort_by_key(|(_, f)| f.time_ms);
    drop(articles);

    let t = Instant::now();
    let mut c = Clusterer::new(Params::default());
    let stories: Vec<u64> = feats
        .iter()
        .enumerate()
        .map(|(i, (_, f))| c.add(i as u64, f, None).story)
        .collect();
    let t_cluster = t.elapsed().as_secs_f64();

    // Pairwise precision and recall against the events.
    let mut pairs_story: HashMap<u64, Vec<usize>> = HashMap::new();
    for (i, s) in stories.iter().enumerate() {
        pairs_story.entry(*s).or_default().push(feats[i].0);
    }
    let mut pairs_event: HashMap<usize, u64> = HashMap::new();
    for (e, _) in &feats {
        *pairs_event.entry(*e).or_default() += 1;
    }
    let (mut tp, mut predicted) = (0u64, 0u64);
    for members in pairs_story.values() {
        let k = members.len() as u64;
        predicted += k * (k - 1) / 2;
        let mut by_event: HashMap<usize, u64> = HashMap::new();
        for e in members {
            *by_event.entry(*e).or_default() += 1;
        }
        tp += by_event.values().map(|m| m * (m - 1) / 2).sum::<u64>();
    }
    let actual: u64 = pairs_event.values().map(|k| k * (k - 1) / 2).sum();
    let peak = std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM"))
                .map(|l| l.split_whitespace().nth(1).unwrap_or("?").to_string())
        })
        .unwrap_or_else(|| "?".into());
    println!(
        "{} articles from {} events: features {:.2} s ({:.0}/s), clustering {:.2} s ({:.0} articles/s); \
         {} stories, {} held in memory; pairwise precision {:.3}, recall {:.3}; peak RSS {} kB",
        feats.len(),
        event,
        t_features,
        feats.len() as f64 / t_features,
        t_cluster,
        feats.len() as f64 / t_cluster,
        pairs_story.len(),
        c.active_stories(),
        tp as f64 / predicted.max(1) as f64,
        tp as f64 / actual.max(1) as f64,
        peak
    );
}
