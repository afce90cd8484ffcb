//! `dateline bench search` and `dateline bench ingest`: search latency on a
//! large store and end-to-end ingest speed, on text generated at run time
//! from the benchmark material in `../shared` (nothing of it is kept in the
//! repository; the generated store lives wherever `--data` points).

use anyhow::{bail, Context, Result};
use dateline_core::{Article, Block};
use dateline_store::index::{SearchIndex, Sort};
use dateline_store::quotes::QuoteQuery;
use dateline_store::{Incoming, Store};
use rayon::prelude::*;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

/// Arguments of `dateline bench search`.
#[derive(clap::Args)]
#[command(after_help = "Example:\n  \
  dateline bench search --data /tmp/bench-100k --articles 100000\n\n\
The first run builds the store (articles recombined from the paragraphs of the Zyte \
benchmark's bodies and the PolNeAR texts in ../shared, analysed and indexed); later runs \
with the same --data reuse it. Each query of a fixed mix (words, phrases, boolean, fields, \
date ranges, sorted) is run --rounds times; the latency of a query is the index search \
plus reading the 20 hits' listing fields from the store, as `dateline search` does.")]
pub struct SearchArgs {
    /// Where the generated store is built (and reused).
    #[arg(long, value_name = "DIR")]
    data: PathBuf,
    /// Articles in the store.
    #[arg(long, default_value_t = 100_000)]
    articles: usize,
    /// The shared benchmark material.
    #[arg(long, value_name = "DIR", default_value = "../shared")]
    shared: PathBuf,
    /// Times each query is run.
    #[arg(long, default_value_t = 20)]
    rounds: usize,
    /// Threads for building the store (analysis).
    #[arg(short = 'j', long, default_value_t = 2)]
    threads: usize,
}

/// Arguments of `dateline bench ingest`.
#[derive(clap::Args)]
#[command(after_help = "Example:\n  \
  dateline bench ingest --work /tmp/bench-ingest --pages 3000 -j 2\n\n\
Writes --pages HTML pages into WORK/pages (the PolNeAR texts as simple news pages, later \
rounds recombining halves of two texts, and variants of the Zyte benchmark pages, each with \
its own URL and one paragraph left out), \
then runs `dateline ingest` on them into a fresh WORK/data and reports articles per \
second, wall clock and per CPU second.")]
pub struct IngestArgs {
    /// Working directory for the pages and the store.
    #[arg(long, value_name = "DIR")]
    work: PathBuf,
    /// Pages to ingest.
    #[arg(long, default_value_t = 3000)]
    pages: usize,
    /// The shared benchmark material.
    #[arg(long, value_name = "DIR", default_value = "../shared")]
    shared: PathBuf,
    /// Worker threads of the ingest.
    #[arg(short = 'j', long, default_value_t = 2)]
    threads: usize,
}

/// A small deterministic generator (SplitMix64), so every run builds the
/// same corpus.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// Paragraphs and titles from the shared benchmark material.
struct Material {
    paragraphs: Vec<String>,
    titles: Vec<String>,
    /// PolNeAR documents: (title, paragraphs).
    documents: Vec<(String, Vec<String>)>,
    /// Zyte pages: (URL, HTML).
    pages: Vec<(String, String)>,
}

fn load_material(shared: &Path, with_pages: bool) -> Result<Material> {
    let bench = shared.join("bench");
    if !bench.is_dir() {
        bail!(
            "{} not found: the benchmark builds its corpus from ../shared/bench (pass --shared)",
            bench.display()
        );
    }
    let mut m = Material {
        paragraphs: Vec::new(),
        titles: Vec::new(),
        documents: Vec::new(),
        pages: Vec::new(),
    };
    let truth_path = bench.join("zyte/ground-truth.json");
    let truth: serde_json::Value = serde_json::from_slice(
        &std::fs::read(&truth_path).with_context(|| format!("reading {}", truth_path.display()))?,
    )?;
    let mut zyte_urls = std::collections::HashMap::new();
    if let Some(map) = truth.as_object() {
        for (id, entry) in map {
            if let Some(body) = entry["articleBody"].as_str() {
                m.paragraphs.extend(paragraphs(body));
            }
            if let Some(url) = entry["url"].as_str() {
                zyte_urls.insert(id.clone(), url.to_string());
            }
        }
    }
    for split in ["train", "dev"] {
        let dir = bench.join("polnear").join(split).join("text");
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        let mut files: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
        files.sort();
        for file in files {
            let text = std::fs::read_to_string(&file).unwrap_or_default();
            let mut paras = paragraphs(&text);
            if paras.len() < 2 {
                continue;
            }
            let title = paras.remove(0);
            m.titles.push(title.clone());
            m.paragraphs.extend(paras.iter().cloned());
            m.documents.push((title, paras));
        }
    }
    if with_pages {
        let dir = bench.join("zyte/html");
        let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
            .with_context(|| format!("reading {}", dir.display()))?
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.to_string_lossy().ends_with(".html.gz"))
            .collect();
        files.sort();
        for file in files {
            let name = file.file_name().map(|n| n.to_string_lossy().to_string());
            let Some(id) = name.as_deref().and_then(|n| n.strip_suffix(".html.gz")) else {
                continue;
            };
            let mut html = String::new();
            flate2::read::MultiGzDecoder::new(std::fs::File::open(&file)?)
                .read_to_string(&mut html)
                .ok();
            if let Some(url) = zyte_urls.get(id) {
                m.pages.push((url.clone(), html));
            }
        }
    }
    if m.paragraphs.len() < 100 || m.titles.is_empty() {
        bail!("too little text under {}", bench.display());
    }
    Ok(m)
}

fn paragraphs(text: &str) -> Vec<String> {
    text.split('\n')
        .map(str::trim)
        .filter(|p| p.split_whitespace().count() >= 6)
        .map(str::to_string)
        .collect()
}

const OUTLET_FIRST: &[&str] = &[
    "Daily", "Evening", "Morning", "County", "Valley", "Metro", "Harbor", "Capital", "Lakeside",
    "Northern", "Southern", "Coastal",
];
const OUTLET_SECOND: &[&str] = &[
    "Herald",
    "Courier",
    "Tribune",
    "Gazette",
    "Post",
    "Chronicle",
    "Ledger",
    "Sentinel",
    "Observer",
    "Dispatch",
];
const SECTIONS: &[&str] = &[
    "Politics",
    "World",
    "Business",
    "Technology",
    "Science",
    "Health",
    "Sports",
    "Opinion",
    "Local News",
    "Top News",
];
const AGENCIES: &[Option<&str>] = &[
    None,
    None,
    None,
    Some("Associated Press"),
    Some("Reuters"),
    Some("AFP"),
];
const PREFIXES: &[&str] = &[
    "",
    "",
    "",
    "Update: ",
    "Analysis: ",
    "Live: ",
    "Exclusive: ",
];

/// Article `i` of the generated corpus.
fn generated(m: &Material, i: usize) -> Article {
    let mut rng = Rng(0xD47E_11AE ^ (i as u64).wrapping_mul(0x2545_F491_4F6C_DD1D));
    let outlet = format!("The {} {}", rng.pick(OUTLET_FIRST), rng.pick(OUTLET_SECOND));
    let section = *rng.pick(SECTIONS);
    let mut a = Article::new();
    a.site_name = Some(outlet.clone());
    a.section = Some(section.to_string());
    a.agency = rng.pick(AGENCIES).map(str::to_string);
    a.headline = Some(format!("{}{}", rng.pick(PREFIXES), rng.pick(&m.titles)));
    // 2015-01-01 to 2020-12-31, any hour.
    let day = 16_436 + rng.below(2_192) as i64;
    let secs = day * 86_400 + rng.below(86_400) as i64;
    a.published = Some(dateline_store::index::unix_to_iso(secs));
    let slug: String = outlet
        .to_lowercase()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join("-");
    a.url = Some(format!(
        "https://{slug}.example/{}/{i}",
        section.to_lowercase().replace(' ', "-")
    ));
    let n = 5 + rng.below(8);
    a.body = (0..n)
        .map(|_| Block::Paragraph {
            text: rng.pick(&m.paragraphs).clone(),
        })
        .collect();
    a.word_count = a
        .body
        .iter()
        .map(|b| b.text().split_whitespace().count())
        .sum();
    a.language = Some("en".into());
    a
}

/// The fixed query mix: (kind, query, sort).
const QUERIES: &[(&str, &str, Sort)] = &[
    ("word", "election", Sort::Relevance),
    ("words", "trump clinton", Sort::Relevance),
    ("words", "health insurance premiums", Sort::Relevance),
    ("phrase", "\"white house\"", Sort::Relevance),
    ("phrase", "\"supreme court\"", Sort::Relevance),
    ("boolean", "trump OR sanders -clinton", Sort::Relevance),
    (
        "boolean",
        "(senate AND vote) OR filibuster",
        Sort::Relevance,
    ),
    ("field", "headline:trump", Sort::Relevance),
    ("field", "outlet:herald agency:reuters", Sort::Relevance),
    ("field", "section:politics headline:debate", Sort::Relevance),
    ("field", "speaker:trump", Sort::Relevance),
    ("field", "entity:obama", Sort::Relevance),
    ("field", "speaker:clinton quote:emails", Sort::Relevance),
    ("date", "date:2016-07 convention", Sort::Relevance),
    (
        "date",
        "republican date:[2016-01-01 TO 2016-03-31]",
        Sort::Relevance,
    ),
    ("sorted", "election", Sort::Newest),
    ("sorted", "speaker:trump", Sort::Newest),
    (
        "sorted",
        "entity:\"hillary clinton\" date:>=2016-09-01",
        Sort::Oldest,
    ),
    ("sorted", "*", Sort::Newest),
];

pub fn search(args: SearchArgs) -> Result<ExitCode> {
    let mut store = Store::open(&args.data)
        .with_context(|| format!("opening the store in {}", args.data.display()))?;
    let have = store.counts()?.articles as usize;
    if have < args.articles {
        let m = load_material(&args.shared, false)?;
        eprintln!(
            "building {} articles from {} paragraphs and {} titles into {} ...",
            args.articles - have,
            m.paragraphs.len(),
            m.titles.len(),
            args.data.display()
        );
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(args.threads.max(1))
            .build()?;
        let started = Instant::now();
        let mut next = have;
        while next < args.articles {
            let end = (next + 2_000).min(args.articles);
            let chunk: Vec<(Article, dateline_core::Analysis)> = pool.install(|| {
                (next..end)
                    .into_par_iter()
                    .map(|i| {
                        let a = generated(&m, i);
                        let an = dateline_analyse::analyse(&a);
                        (a, an)
                    })
                    .collect()
            });
            let mut batch = store.batch()?;
            for (a, an) in chunk {
                batch.put_analysed(&Incoming::new(a), &an)?;
            }
            batch.commit()?;
            next = end;
            eprint!(
                "\r{next} articles, {:.0} articles/s   ",
                (next - have) as f64 / started.elapsed().as_secs_f64()
            );
        }
        eprintln!();
        let t = Instant::now();
        let mut index = SearchIndex::open(&args.data)?;
        let synced = index.sync(&store)?;
        eprintln!(
            "stored in {:.0} s, indexed {} in {:.0} s",
            started.elapsed().as_secs_f64() - t.elapsed().as_secs_f64(),
            synced.indexed,
            t.elapsed().as_secs_f64()
        );
    }
    let mut index = SearchIndex::open(&args.data)?;
    index.sync(&store)?;
    let counts = store.counts()?;
    outln!(
        "store: {} articles, {} with an analysis, {} indexed; {} queries x {} rounds",
        counts.articles,
        store.analysed_articles()?,
        index.len(),
        QUERIES.len(),
        args.rounds
    );
    // One warm-up pass: the first touch of the index files is disk, not search.
    for (_, q, sort) in QUERIES {
        index.search(q, *sort, 20, 0)?;
    }
    let mut all = Vec::new();
    outln!("| kind | query | sort | matches | p50 ms | p99 ms |");
    outln!("| --- | --- | --- | ---: | ---: | ---: |");
    let cpu_start = cpu_seconds();
    for (kind, q, sort) in QUERIES {
        let mut times = Vec::with_capacity(args.rounds);
        let mut total = 0;
        for _ in 0..args.rounds.max(1) {
            let t = Instant::now();
            let results = index.search(q, *sort, 20, 0)?;
            for hit in &results.hits {
                store.summary(hit.article_id)?;
            }
            times.push(t.elapsed().as_secs_f64() * 1e3);
            total = results.total;
        }
        all.extend(times.iter().copied());
        outln!(
            "| {kind} | `{q}` | {sort:?} | {total} | {:.2} | {:.2} |",
            percentile(&mut times, 0.50),
            percentile(&mut times, 0.99)
        );
    }
    let cpu = cpu_seconds() - cpu_start;
    let n = all.len();
    outln!(
        "all {n} searches: p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms; {:.2} ms CPU per search",
        percentile(&mut all, 0.50),
        percentile(&mut all, 0.99),
        percentile(&mut all, 1.0),
        cpu * 1e3 / n.max(1) as f64
    );
    // `dateline quotes`: the index narrows, stored quotes are checked.
    outln!("| quotes: speaker | about | since | quotes | p50 ms | p99 ms |");
    outln!("| --- | --- | --- | ---: | ---: | ---: |");
    for (speaker, about, since) in [
        (Some("Donald Trump"), Some("Clinton"), Some("2016-01-01")),
        (Some("Clinton"), None, None),
        (Some("Sanders"), Some("wall street"), None),
        (None, Some("jobs"), None),
    ] {
        let q = QuoteQuery {
            speaker: speaker.map(str::to_string),
            about: about.map(str::to_string),
            since: since.map(str::to_string),
            until: None,
            limit: 20,
            distinct: true,
        };
        let mut times = Vec::new();
        let mut found = 0;
        for _ in 0..args.rounds.max(1) {
            let t = Instant::now();
            found = index.quotes(&store, &q)?.quotes.len();
            times.push(t.elapsed().as_secs_f64() * 1e3);
        }
        outln!(
            "| {} | {} | {} | {found} | {:.2} | {:.2} |",
            speaker.unwrap_or(""),
            about.unwrap_or(""),
            since.unwrap_or(""),
            percentile(&mut times, 0.50),
            percentile(&mut times, 0.99)
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// The `q` quantile (nearest rank) of `values`.
fn percentile(values: &mut [f64], q: f64) -> f64 {
    if values.is_empty() {
        return f64::NAN;
    }
    values.sort_by(f64::total_cmp);
    let rank = ((q * values.len() as f64).ceil() as usize).clamp(1, values.len());
    values[rank - 1]
}

pub fn ingest(args: IngestArgs) -> Result<ExitCode> {
    let m = load_material(&args.shared, true)?;
    let pages_dir = args.work.join("pages");
    let data = args.work.join("data");
    let _ = std::fs::remove_dir_all(&pages_dir);
    let _ = std::fs::remove_dir_all(&data);
    std::fs::create_dir_all(&pages_dir)?;
    let mut written = 0;
    let mut from_zyte = 0;
    let mut variant = 0;
    // PolNeAR documents as simple news pages, then Zyte page variants,
    // until there are enough.
    'outer: loop {
        for (i, (title, paras)) in m.documents.iter().enumerate() {
            if written >= args.pages {
                break 'outer;
            }
            // Later rounds recombine: the first half of this document, the
            // second half of another, so each page is a new article.
            let html = if variant == 0 {
                polnear_page(title, paras, i, variant)
            } else {
                let other = &m.documents[(i * 7 + variant * 131) % m.documents.len()].1;
                let mut mixed: Vec<String> = paras[..paras.len().div_ceil(2)].to_vec();
                mixed.extend(other[other.len() / 2..].iter().cloned());
                polnear_page(title, &mixed, i, variant)
            };
            std::fs::write(pages_dir.join(format!("p{written:06}.html")), html)?;
            written += 1;
        }
        for (i, (url, html)) in m.pages.iter().enumerate() {
            if written >= args.pages {
                break 'outer;
            }
            let html = zyte_variant(html, url, i, variant);
            std::fs::write(pages_dir.join(format!("p{written:06}.html")), html)?;
            written += 1;
            from_zyte += 1;
        }
        variant += 1;
    }
    eprintln!(
        "{written} pages written to {} ({from_zyte} Zyte page variants, the rest PolNeAR texts as pages)",
        pages_dir.display()
    );
    #[derive(clap::Parser)]
    struct Wrap {
        #[command(flatten)]
        args: crate::ingest_cmd::Args,
    }
    let threads = args.threads.max(1).to_string();
    let wrap = <Wrap as clap::Parser>::try_parse_from([
        "ingest",
        pages_dir.to_str().context("a UTF-8 path")?,
        "--data",
        data.to_str().context("a UTF-8 path")?,
        "-j",
        &threads,
        "-q",
    ])?;
    let cpu_start = cpu_seconds();
    let started = Instant::now();
    let code = crate::ingest_cmd::run(wrap.args)?;
    let secs = started.elapsed().as_secs_f64();
    let cpu = cpu_seconds() - cpu_start;
    let store = Store::open(&data)?;
    let counts = store.counts()?;
    outln!("| pages | threads | seconds | articles/s | CPU seconds | articles per CPU second | articles stored | revisions | quotes stored |");
    outln!("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    let quotes: i64 = store
        .connection()
        .query_row("SELECT count(*) FROM quotes", [], |r| r.get(0))?;
    outln!(
        "| {written} | {} | {secs:.2} | {:.0} | {cpu:.2} | {:.0} | {} | {} | {quotes} |",
        args.threads,
        written as f64 / secs,
        written as f64 / cpu,
        counts.articles,
        counts.revisions
    );
    Ok(code)
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

fn polnear_page(title: &str, paras: &[String], i: usize, variant: usize) -> String {
    let body: String = paras
        .iter()
        .map(|p| format!("<p>{}</p>\n", escape(p)))
        .collect();
    let day = 1 + (i + variant) % 28;
    format!(
        "<!doctype html><html><head><title>{t} | Bench News</title>\
         <link rel=\"canonical\" href=\"https://bench-news.example/{variant}/story-{i}\">\
         <meta property=\"og:site_name\" content=\"Bench News\">\
         <meta property=\"article:published_time\" content=\"2016-03-{day:02}T10:00:00Z\"></head>\
         <body><nav><a href=\"/\">Home</a> <a href=\"/politics\">Politics</a> <a href=\"/world\">World</a></nav>\
         <article><h1>{t}</h1><p class=\"byline\">By Bench Staff</p>\n{body}</article>\
         <footer><p>Sign up for our newsletter to get the latest news by email.</p>\
         <p>Copyright Bench News. All rights reserved.</p></footer></body></html>",
        t = escape(title)
    )
}

/// A Zyte page with its URL changed (so each variant is its own article)
/// and one of its paragraphs left out (so variants differ).
fn zyte_variant(html: &str, url: &str, i: usize, variant: usize) -> String {
    let new_url = format!("https://bench-{variant}.example/page-{i}");
    let mut html = html.replace(url, &new_url);
    if variant > 0 {
        let starts: Vec<usize> = html
            .match_indices("<p")
            .map(|(at, _)| at)
            .filter(|&at| matches!(html.as_bytes().get(at + 2), Some(b'>' | b' ')))
            .collect();
        if !starts.is_empty() {
            let at = starts[variant % starts.len()];
            if let Some(len) = html[at..].find("</p>") {
                html.replace_range(at..at + len + 4, "");
            }
        }
    }
    // Pages that never named their own URL still get one.
    if !html.contains(&new_url) {
        html = html.replacen(
            "<head>",
            &format!("<head><link rel=\"canonical\" href=\"{new_url}\">"),
            1,
        );
    }
    html
}

/// CPU time used by this process so far, in seconds (all threads): the
/// measure of work on a machine where other processes compete for cores.
#[cfg(unix)]
pub fn cpu_seconds() -> f64 {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: clock_gettime only writes the timespec we pass it.
    let rc = unsafe { libc::clock_gettime(libc::CLOCK_PROCESS_CPUTIME_ID, &mut ts) };
    if rc != 0 {
        return f64::NAN;
    }
    ts.tv_sec as f64 + ts.tv_nsec as f64 * 1e-9
}

#[cfg(not(unix))]
pub fn cpu_seconds() -> f64 {
    f64::NAN
}
