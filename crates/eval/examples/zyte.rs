//! Scores the extractor on the Zyte benchmark and measures its speed.
//!
//! `cargo run --release -p dateline-eval --example zyte [-- worst N | page ID | speed]`

use dateline_eval::zyte;
use std::path::Path;
use std::time::Instant;

fn main() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/bench/zyte");
    let args: Vec<String> = std::env::args().skip(1).collect();
    let opts = dateline_extract::Options::default();
    match args.first().map(String::as_str) {
        Some("page") => {
            let id = args.get(1).expect("page ID");
            let truth = zyte::load_truth(&dir).expect("truth");
            let pages = zyte::load_pages(&dir).expect("pages");
            let (_, page) = pages
                .iter()
                .find(|(i, _)| i.starts_with(id.as_str()))
                .expect("id");
            let a = dateline_extract::extract(page, &opts);
            let body = a.as_ref().map(|a| a.body_text()).unwrap_or_default();
            let t = truth
                .iter()
                .find(|(i, _)| i.starts_with(id.as_str()))
                .unwrap()
                .1;
            println!("== PREDICTED\n{body}\n== TRUTH\n{t}");
            println!(
                "== {:?} {:?}",
                zyte::shingle_matching(t, &body),
                a.as_ref().err()
            );
            if let Ok(a) = &a {
                for img in &a.images {
                    println!(
                        "== IMAGE {:?} | {:?} | {:?}",
                        img.url, img.caption, img.credit
                    );
                }
            }
            let html = dateline_extract::charset::decode(&page.bytes, None);
            println!("{}", dateline_extract::body::explain(&html, &opts));
        }
        Some("with-dateline") => {
            // The same score with the dateline (which the pipeline moves from
            // the first paragraph into its own field) put back in front.
            let truth = zyte::load_truth(&dir).expect("truth");
            let pages = zyte::load_pages(&dir).expect("pages");
            let predicted = pages
                .iter()
                .map(|(id, p)| {
                    let body = match dateline_extract::extract(p, &opts) {
                        Ok(a) => match &a.dateline {
                            Some(d) => format!(
                                "{} {} {}",
                                d.as_written,
                                d.agency.clone().unwrap_or_default(),
                                a.body_text()
                            ),
                            None => a.body_text(),
                        },
                        Err(_) => String::new(),
                    };
                    (id.clone(), body)
                })
                .collect();
            print!("{}", zyte::score(&truth, &predicted));
        }
        Some("dump") => {
            let predicted = zyte::predict(&dir, &opts).expect("predict");
            let out: serde_json::Map<String, serde_json::Value> = predicted
                .into_iter()
                .map(|(k, v)| (k, serde_json::json!({ "articleBody": v })))
                .collect();
            let path = args.get(1).expect("output path");
            std::fs::write(path, serde_json::to_string(&out).expect("json")).expect("write");
        }
        Some("phases") => {
            // Time of each stage on its own, best of N rounds.
            let pages = zyte::load_pages(&dir).expect("pages");
            let texts: Vec<String> = pages
                .iter()
                .map(|(_, p)| dateline_extract::charset::decode(&p.bytes, None))
                .collect();
            let rounds = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(5);
            let best = |f: &dyn Fn()| {
                (0..rounds)
                    .map(|_| {
                        let t = Instant::now();
                        f();
                        t.elapsed().as_secs_f64()
                    })
                    .fold(f64::MAX, f64::min)
            };
            let decode = best(&|| {
                for (_, p) in &pages {
                    std::hint::black_box(dateline_extract::charset::decode(&p.bytes, None));
                }
            });
            let parse = best(&|| {
                for t in &texts {
                    std::hint::black_box(dateline_extract::html::Dom::parse(t, &opts).len());
                }
            });
            let body = best(&|| {
                for t in &texts {
                    let dom = dateline_extract::html::Dom::parse(t, &opts);
                    let mut a = dateline_core::Article::new();
                    dateline_extract::body::extract(&dom, &mut a);
                    std::hint::black_box(a.body.len());
                }
            });
            let full = best(&|| {
                for (_, p) in &pages {
                    std::hint::black_box(dateline_extract::extract(p, &opts).is_ok());
                }
            });
            let n = pages.len() as f64;
            for (name, t) in [
                ("charset decode", decode),
                ("parse", parse),
                ("parse + body", body),
                ("full extract", full),
            ] {
                println!("{name:>15}: {:.3} s, {:.0} pages/s", t, n / t);
            }
        }
        Some("speed") => {
            let pages = zyte::load_pages(&dir).expect("pages");
            let bytes: usize = pages.iter().map(|(_, p)| p.bytes.len()).sum();
            let rounds = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(5);
            let mut best = f64::MAX;
            for _ in 0..rounds {
                let t = Instant::now();
                let mut words = 0;
                for (_, p) in &pages {
                    if let Ok(a) = dateline_extract::extract(p, &opts) {
                        words += a.word_count;
                    }
                }
                std::hint::black_box(words);
                best = best.min(t.elapsed().as_secs_f64());
            }
            println!(
                "{} pages, {:.1} MB: best of {rounds}: {:.3} s, {:.0} pages/s, {:.0} MB/s (one thread)",
                pages.len(),
                bytes as f64 / 1e6,
                best,
                pages.len() as f64 / best,
                bytes as f64 / 1e6 / best
            );
        }
        _ => {
            let n = if args.first().map(String::as_str) == Some("worst") {
                args.get(1).and_then(|s| s.parse().ok()).unwrap_or(20)
            } else {
                0
            };
            let report = zyte::evaluate(&dir, &opts).expect("evaluate");
            print!("{report}");
            for p in report.worst(n) {
                println!(
                    "{} P {:.3} R {:.3}",
                    &p.id[..12.min(p.id.len())],
                    p.precision,
                    p.recall
                );
            }
        }
    }
}
