//! Story clustering speed on a synthetic stream, and how well it recovers
//! the events the stream was made from.
//!
//! ```sh
//! cargo run --release -p dateline-stories --example synthetic -- 200000
//! ```
//! Events each have their own words and a day; every article of an event
//! (one to a dozen, from different outlets) draws its headline and lead
//! partly from the event's words and mostly from a Zipf-distributed
//! background vocabulary shared by all. Articles arrive day by day, each
//! day's in random order. Times are thread CPU time.

use dateline_core::{Analysis, Article, Block};
use dateline_stories::{Clusterer, Features, Params, DAY_MS};
use std::collections::HashMap;

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

    // Day by day over a year: events of one to a dozen articles, each with
    // 8 words of its own; a day's articles arrive shuffled, and an event's
    // articles may come up to two days after its day.
    let days = 365usize;
    let per_day = n.div_ceil(days);
    let analysis = Analysis::new();
    let mut c = Clusterer::new(Params::default());
    let (mut cpu_features, mut cpu_cluster) = (0u64, 0u64);
    // (event, story) per article, in arrival order.
    let mut placed: Vec<(usize, u64)> = Vec::with_capacity(n);
    let mut pending: Vec<(i64, usize, Article)> = Vec::new();
    let mut event = 0usize;
    let mut made = 0usize;
    for d in 0..days as i64 {
        let day = 17_000 + d;
        let mut today = 0;
        while today < per_day && made < n {
            let own: Vec<String> = (0..8).map(|k| word(background + event * 8 + k)).collect();
            let size = 1 + (rng.below(12) * rng.below(12) / 11) as usize;
            for _ in 0..size.min(n - made) {
                let pick = |rng: &mut Rng, zipf: &mut dyn FnMut(&mut Rng) -> usize, p_own: f64| {
                    if rng.unit() < p_own {
                        own[rng.below(own.len() as u64) as usize].clone()
                    } else {
                        word(zipf(rng))
                    }
                };
                let headline: Vec<String> =
                    (0..8).map(|_| pick(&mut rng, &mut zipf, 0.5)).collect();
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
                let ms = (day * 24 + rng.below(24 * 3) as i64) * 3_600_000;
                let (y, m, dd) = dateline_core::calendar::civil_from_days(ms.div_euclid(DAY_MS));
                a.published = Some(format!(
                    "{y:04}-{m:02}-{dd:02}T{:02}:00:00Z",
                    ms.rem_euclid(DAY_MS) / 3_600_000
                ));
                a.body = paragraphs
                    .into_iter()
                    .map(|text| Block::Paragraph { text })
                    .collect();
                a.word_count = 160;
                pending.push((ms.div_euclid(DAY_MS), event, a));
                made += 1;
                today += 1;
            }
            event += 1;
        }
        // Today's arrivals: what was published today, in random order.
        let (mut arrive, rest): (Vec<_>, Vec<_>) =
            pending.drain(..).partition(|(pd, _, _)| *pd <= day);
        pending = rest;
        for i in (1..arrive.len()).rev() {
            arrive.swap(i, rng.below(i as u64 + 1) as usize);
        }
        let t0 = thread_cpu_ns();
        let feats: Vec<(usize, Features)> = arrive
            .iter()
            .map(|(_, e, a)| (*e, Features::of(a, &analysis, 0)))
            .collect();
        let t1 = thread_cpu_ns();
        for (e, f) in &feats {
            let story = c.add(placed.len() as u64, f, None).story;
            placed.push((*e, story));
        }
        cpu_features += t1 - t0;
        cpu_cluster += thread_cpu_ns() - t1;
    }
    // What is still pending (published after the last day) arrives last.
    for (_, e, a) in pending.drain(..) {
        let f = Features::of(&a, &analysis, 0);
        let story = c.add(placed.len() as u64, &f, None).story;
        placed.push((e, story));
    }
    let t_features = cpu_features as f64 / 1e9;
    let t_cluster = cpu_cluster as f64 / 1e9;
    let total_articles = placed.len();

    // Pairwise precision and recall against the events.
    let mut pairs_story: HashMap<u64, Vec<usize>> = HashMap::new();
    let mut pairs_event: HashMap<usize, u64> = HashMap::new();
    for (e, s) in &placed {
        pairs_story.entry(*s).or_default().push(*e);
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
        "{} articles from {} events: features {:.2} s CPU ({:.0}/s), clustering {:.2} s CPU ({:.0} articles/s); \
         {} stories, {} held in memory; pairwise precision {:.3}, recall {:.3}; peak RSS {} kB",
        total_articles,
        event,
        t_features,
        total_articles as f64 / t_features,
        t_cluster,
        total_articles as f64 / t_cluster,
        pairs_story.len(),
        c.active_stories(),
        tp as f64 / predicted.max(1) as f64,
        tp as f64 / actual.max(1) as f64,
        peak
    );
}

/// CPU time this thread has used, in ns (from /proc; 0 where unavailable),
/// so the figure is work done, not time spent waiting for a busy machine.
fn thread_cpu_ns() -> u64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next().and_then(|v| v.parse().ok()))
        .unwrap_or(0)
}
