//! Crash safety: a writer process killed with SIGKILL in the middle of a
//! batch loses at most that batch, never anything it had committed, and
//! replaying the same inputs afterwards never duplicates an article.
//!
//! The writer is this test binary itself, started with `--ignored --exact
//! crash_child` and the data directory in an environment variable.

use dateline_core::{Article, Block};
use dateline_store::{Incoming, RawPage, Store};
use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Command, Stdio};

const BATCHES: usize = 40;
const PER_BATCH: usize = 50;
const CHILD_ENV: &str = "DATELINE_STORE_CRASH_CHILD";

fn article(i: usize) -> Incoming {
    let mut a = Article::new();
    a.url = Some(format!("https://news.example/story/{i}?utm_source=feed"));
    a.headline = Some(format!("Story number {i}"));
    a.body = (0..8)
        .map(|p| Block::Paragraph {
            text: format!("Paragraph {p} of story {i}, with enough words to be a paragraph."),
        })
        .collect();
    a.word_count = 8 * 12;
    let mut inc = Incoming::new(a);
    inc.raw = Some(RawPage {
        url: Some(format!("https://news.example/story/{i}")),
        source: format!("https://news.example/story/{i}"),
        content_type: Some("text/html".into()),
        fetched_at: 1_500_000_000_000 + i as i64,
        bytes: format!("<html><body><h1>Story number {i}</h1></body></html>").into_bytes(),
    });
    inc
}

/// The writer: ingests every article in batches, reporting each commit on
/// stdout, pausing between articles so the parent can kill it mid-batch.
#[test]
#[ignore = "run by crash_mid_batch_loses_nothing_committed_and_never_duplicates"]
fn crash_child() {
    let Some(dir) = std::env::var_os(CHILD_ENV) else {
        return;
    };
    let mut store = Store::open(Path::new(&dir)).expect("open store");
    let stdout = std::io::stdout();
    for b in 0..BATCHES {
        let mut batch = store.batch().expect("batch");
        for i in b * PER_BATCH..(b + 1) * PER_BATCH {
            batch.put(&article(i)).expect("put");
            if i % 10 == 0 {
                let mut out = stdout.lock();
                let _ = writeln!(out, "put {b} {i}");
                let _ = out.flush();
                std::thread::sleep(std::time::Duration::from_millis(2));
            }
        }
        batch.commit().expect("commit");
        let mut out = stdout.lock();
        let _ = writeln!(out, "committed {b}");
        let _ = out.flush();
    }
    let mut out = stdout.lock();
    let _ = writeln!(out, "done");
    let _ = out.flush();
}

fn spawn_child(dir: &Path) -> std::process::Child {
    Command::new(std::env::current_exe().expect("test binary path"))
        .args([
            "--ignored",
            "--exact",
            "crash_child",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(CHILD_ENV, dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn writer")
}

/// Checks the store holds exactly articles 0..n, once each, and is sound.
fn check_store(dir: &Path, expect_between: (usize, usize)) -> usize {
    let store = Store::open(dir).expect("reopen after kill");
    let ok: String = store
        .connection()
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(ok, "ok");
    let counts = store.counts().unwrap();
    let n = counts.articles as usize;
    assert!(
        n >= expect_between.0 && n <= expect_between.1,
        "{n} articles, expected {expect_between:?}"
    );
    assert_eq!(n % PER_BATCH, 0, "a partial batch was committed: {n}");
    assert_eq!(counts.revisions as usize, n, "duplicate revisions");
    assert_eq!(counts.pages as usize, n, "duplicate or missing pages");
    for i in 0..n {
        let a = store
            .article_by_url(&format!("http://news.example/story/{i}/"))
            .unwrap()
            .unwrap_or_else(|| panic!("committed article {i} lost"));
        assert_eq!(a.revisions, 1);
        assert_eq!(
            a.article.headline.as_deref(),
            Some(&*format!("Story number {i}"))
        );
    }
    n
}

#[test]
fn crash_mid_batch_loses_nothing_committed_and_never_duplicates() {
    if std::env::var_os(CHILD_ENV).is_some() {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("data");
    let mut committed_total = 0usize;
    // Three kills at different points, each followed by a check; the writer
    // restarts from the beginning every time (a replay of the same inputs).
    for (round, kill_after) in [3usize, 12, 25].into_iter().enumerate() {
        let mut child = spawn_child(&dir);
        let stdout = child.stdout.take().unwrap();
        let mut lines = BufReader::new(stdout).lines();
        let mut last_committed: Option<usize> = None;
        let mut killed_mid_batch = false;
        while let Some(Ok(line)) = lines.next() {
            if let Some(b) = line.strip_prefix("committed ") {
                last_committed = b.parse().ok();
            } else if let Some(rest) = line.strip_prefix("put ") {
                let b: usize = rest.split(' ').next().unwrap().parse().unwrap();
                if b > kill_after && last_committed == Some(b - 1) {
                    child.kill().expect("SIGKILL the writer");
                    killed_mid_batch = true;
                    break;
                }
            }
        }
        let _ = child.wait();
        assert!(
            killed_mid_batch,
            "round {round}: writer finished before the kill"
        );
        let reported = (last_committed.unwrap() + 1) * PER_BATCH;
        // The batch in flight may have committed between the last report
        // and the kill landing, but never partly.
        let n = check_store(&dir, (reported.max(committed_total), reported + PER_BATCH));
        eprintln!(
            "round {round}: killed in batch {}, {n} articles committed",
            reported / PER_BATCH
        );
        committed_total = n;
    }
    // A full run replays everything: nothing is duplicated.
    let mut child = spawn_child(&dir);
    let status = child.wait().unwrap();
    assert!(status.success());
    check_store(&dir, (BATCHES * PER_BATCH, BATCHES * PER_BATCH));
}
