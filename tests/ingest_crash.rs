//! `dateline ingest` killed with SIGKILL mid-run loses nothing it committed,
//! and a rerun of the same inputs completes the store without duplicates,
//! with the search index, the analyses and the story placements in agreement.

use dateline_store::index::SearchIndex;
use dateline_store::Store;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const PAGES: usize = 1500;
const BATCH: usize = 20;

fn write_pages(dir: &Path) {
    std::fs::create_dir_all(dir).unwrap();
    for i in 0..PAGES {
        let paras: String = (0..6)
            .map(|p| {
                format!(
                    "<p>Paragraph {p} of report {i}: the council met on day {i} and agreed on item {} after a long debate about the budget.</p>",
                    i * 7 + p
                )
            })
            .collect();
        let html = format!(
            "<!doctype html><html><head><title>Report {i}</title>\
             <link rel=\"canonical\" href=\"https://news.example/reports/{i}\">\
             <meta property=\"og:site_name\" content=\"News Example\"></head>\
             <body><article><h1>Council report number {i}</h1>{paras}</article></body></html>"
        );
        std::fs::write(dir.join(format!("page-{i:05}.html")), html).unwrap();
    }
}

fn ingest(pages: &Path, data: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_dateline"));
    cmd.arg("ingest")
        .arg(pages)
        .arg("--data")
        .arg(data)
        .args(["--batch", &BATCH.to_string(), "-j", "1", "--quiet"])
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    cmd
}

fn articles(data: &Path) -> i64 {
    if !data.join(dateline_store::DB_FILE).exists() {
        return 0;
    }
    Store::open(data)
        .and_then(|s| s.counts())
        .map_or(0, |c| c.articles)
}

#[test]
fn killed_ingest_keeps_committed_batches_and_rerun_completes_without_duplicates() {
    let tmp = tempfile::tempdir().unwrap();
    let pages = tmp.path().join("pages");
    let data = tmp.path().join("data");
    write_pages(&pages);

    let mut child = ingest(&pages, &data).spawn().unwrap();
    let started = Instant::now();
    let mut killed_at = None;
    while started.elapsed() < Duration::from_secs(120) {
        let n = articles(&data);
        if n >= 5 * BATCH as i64 {
            child.kill().unwrap();
            killed_at = Some(n);
            break;
        }
        if child.try_wait().unwrap().is_some() {
            break;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    let _ = child.wait();
    let seen = killed_at.expect("the ingest finished or stalled before it could be killed");
    let after_kill = articles(&data);
    assert!(
        after_kill >= seen,
        "committed articles lost: {seen} -> {after_kill}"
    );
    assert_eq!(
        after_kill % BATCH as i64,
        0,
        "a partial batch was committed"
    );
    assert!(
        after_kill < PAGES as i64,
        "killed too late to test anything"
    );
    eprintln!("killed with {after_kill} of {PAGES} articles committed");

    let status = ingest(&pages, &data).status().unwrap();
    assert!(status.success(), "rerun failed: {status}");
    let store = Store::open(&data).unwrap();
    let counts = store.counts().unwrap();
    assert_eq!(counts.articles, PAGES as i64);
    assert_eq!(counts.revisions, PAGES as i64, "duplicate revisions");
    assert_eq!(counts.pages, PAGES as i64, "duplicate raw pages");
    let index = SearchIndex::open(&data).unwrap();
    assert_eq!(index.len(), PAGES as u64, "index and store disagree");
    assert_eq!(index.cursor().unwrap(), store.last_revision_id().unwrap());
    // What is derived from each article was committed with it: one
    // analysis and one story placement per article, none twice.
    assert_eq!(store.analysed_articles().unwrap(), PAGES as i64);
    assert_eq!(
        index.analysis_cursor().unwrap(),
        store.last_analysis_id().unwrap()
    );
    let (_, placed) = store.story_counts().unwrap();
    assert_eq!(placed, PAGES as i64, "story placements lost or duplicated");
    for i in [0, PAGES / 2, PAGES - 1] {
        let a = store
            .article_by_url(&format!("http://www.news.example/reports/{i}/"))
            .unwrap()
            .unwrap_or_else(|| panic!("report {i} missing"));
        assert_eq!(a.revisions, 1);
    }
}
