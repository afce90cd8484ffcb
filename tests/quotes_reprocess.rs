//! `dateline quotes`, `dateline search` fields and `dateline reprocess` as a
//! user runs them, on a real data directory.

mod support;
use support::*;

use dateline_store::{Store, StoredQuote};
use std::path::Path;
use std::process::Output;

fn ingest_seed(data: &Path) {
    ok(dateline(&[
        "ingest",
        seed(),
        "--data",
        data.to_str().unwrap(),
        "-q",
    ]));
}

fn json(out: &Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stdout)))
}

#[test]
fn quotes_of_the_seed_by_speaker_topic_and_date_as_json_and_csv() {
    let dir = temp_dir("quotes");
    let data = dir.join("data");
    ingest_seed(&data);
    let d = data.to_str().unwrap();

    let all = json(&ok(dateline(&[
        "quotes",
        "--speaker",
        "putin",
        "--data",
        d,
        "--format",
        "json",
        "-n",
        "100",
    ])));
    let all = all.as_array().unwrap();
    assert!(all.len() >= 4, "{all:?}");
    for q in all {
        assert_eq!(q["speaker"], "Vladimir Putin", "{q}");
        assert_eq!(
            q["headline"],
            "Putin hails meeting, thinks Trump accepted election denials"
        );
        assert_eq!(q["date"], "2017-07-09");
        assert!(["direct", "partial", "indirect"].contains(&q["kind"].as_str().unwrap()));
    }
    assert!(all.iter().any(|q| q["quote"]
        .as_str()
        .unwrap()
        .contains("I tried to answer them all")));
    // The full name, in any case, finds the same quotes.
    let full = json(&ok(dateline(&[
        "quotes",
        "--speaker",
        "VLADIMIR PUTIN",
        "--data",
        d,
        "--format",
        "json",
        "-n",
        "100",
    ])));
    assert_eq!(full.as_array().unwrap(), all);

    let about = json(&ok(dateline(&[
        "quotes",
        "--speaker",
        "Vladimir Putin",
        "--about",
        "Trump",
        "--since",
        "2017-07-01",
        "--data",
        d,
        "--format",
        "json",
    ])));
    let about = about.as_array().unwrap();
    assert!(!about.is_empty() && about.len() < all.len(), "{about:?}");
    for q in about {
        assert_eq!(q["matched_on"], "quote");
        assert!(
            q["quote"]
                .as_str()
                .unwrap()
                .to_lowercase()
                .contains("trump"),
            "{q}"
        );
    }
    let later = json(&ok(dateline(&[
        "quotes",
        "--speaker",
        "putin",
        "--since",
        "2017-07-10",
        "--data",
        d,
        "--format",
        "json",
    ])));
    assert_eq!(later.as_array().map(Vec::len), Some(0));
    let nobody = json(&ok(dateline(&[
        "quotes",
        "--speaker",
        "Merkel",
        "--data",
        d,
        "--format",
        "json",
    ])));
    assert_eq!(nobody.as_array().map(Vec::len), Some(0));

    let csv = ok(dateline(&[
        "quotes",
        "--speaker",
        "putin",
        "--data",
        d,
        "--format",
        "csv",
        "-n",
        "100",
    ]));
    let csv = String::from_utf8(csv.stdout).unwrap();
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some("speaker,quote,kind,cue,headline,outlet,date,url")
    );
    // Each quote starts a row with the speaker; quotes with a comma or a
    // quotation mark are quoted.
    let rows = csv.matches("\nVladimir Putin,").count();
    assert_eq!(rows, all.len(), "{csv}");
    assert!(csv.contains(",\"\"\"He asked many questions"), "{csv}");

    let bad = dateline(&["quotes", "--since", "last week", "--data", d]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("not a date"));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn search_by_speaker_entity_and_dates_as_csv() {
    let dir = temp_dir("search");
    let data = dir.join("data");
    ingest_seed(&data);
    let d = data.to_str().unwrap();
    for (query, hits) in [
        ("speaker:putin", 1),
        ("speaker:trump", 0),
        ("entity:\"donald trump\" entity:obama", 1),
        ("quote:\"answer them all\"", 1),
        ("section:\"top news\" agency:\"associated press\"", 1),
        ("putin date:2017-07", 1),
        ("putin date:[2017-07-10 TO *]", 0),
    ] {
        let out = json(&ok(dateline(&[
            "search", query, "--data", d, "--format", "json",
        ])));
        assert_eq!(out.as_array().map(Vec::len), Some(hits), "{query}");
    }
    let out = json(&ok(dateline(&[
        "search",
        "putin",
        "--since",
        "2017-07-09",
        "--until",
        "2017-07-09",
        "--data",
        d,
        "--format",
        "json",
    ])));
    assert_eq!(out.as_array().map(Vec::len), Some(1));
    assert_eq!(out[0]["agency"], "Associated Press");
    let csv = ok(dateline(&[
        "search",
        "speaker:putin",
        "--sort",
        "newest",
        "--data",
        d,
        "--format",
        "csv",
    ]));
    let csv = String::from_utf8(csv.stdout).unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(
        lines[0],
        "id,score,published,outlet,agency,headline,url,copy_group"
    );
    assert_eq!(lines.len(), 2, "{csv}");
    assert!(lines[1].contains("\"Putin hails meeting, thinks Trump accepted election denials\""));
    std::fs::remove_dir_all(&dir).unwrap();
}

fn quotes_in(data: &Path) -> Vec<StoredQuote> {
    let store = Store::open(data).unwrap();
    store.quotes_of(&[1]).unwrap()
}

#[test]
fn reprocess_makes_revisions_only_where_the_article_changed() {
    let dir = temp_dir("reprocess");
    let data = dir.join("data");
    ingest_seed(&data);
    let d = data.to_str().unwrap();
    let quotes_before = quotes_in(&data);
    assert!(!quotes_before.is_empty());

    // Nothing changed since ingest: no revision, no new analysis.
    let summary = json(&ok(dateline(&[
        "reprocess",
        "--data",
        d,
        "--format",
        "json",
    ])));
    assert_eq!(summary[0]["articles"], 1);
    assert_eq!(summary[0]["extracted"], 1);
    assert_eq!(summary[0]["revised"], 0);
    assert_eq!(summary[0]["analysis_updated"], 0);
    assert_eq!(summary[0]["unchanged"], 1);

    // Make the stored version look like an older pipeline's: another
    // headline, no analysis.
    let current = {
        let mut store = Store::open(&data).unwrap();
        let stored = store.article(1).unwrap().unwrap();
        let page = store.revisions(1).unwrap()[0].page_id;
        assert!(page.is_some(), "the raw page was kept");
        let mut old = stored.article.clone();
        old.headline = Some("An older extractor's headline".into());
        let mut batch = store.batch().unwrap();
        batch.revise(1, &old, page, "dateline 0.0.1").unwrap();
        batch.commit().unwrap();
        assert!(store.analysis(1).unwrap().is_none());
        stored.article
    };
    let summary = json(&ok(dateline(&[
        "reprocess",
        "--data",
        d,
        "--format",
        "json",
    ])));
    assert_eq!(summary[0]["revised"], 1, "{summary}");
    assert_eq!(summary[0]["indexed"], 1);
    let store = Store::open(&data).unwrap();
    let revisions = store.revisions(1).unwrap();
    assert_eq!(revisions.len(), 3, "old revisions are kept");
    assert_eq!(revisions[1].pipeline, "dateline 0.0.1");
    assert_eq!(
        revisions[2].pipeline,
        concat!("dateline ", env!("CARGO_PKG_VERSION"))
    );
    assert_eq!(revisions[2].article, current);
    assert_eq!(
        revisions[2].changes.as_ref().unwrap().fields,
        vec!["headline".to_string()]
    );
    assert_eq!(store.analysis(1).unwrap().unwrap().revision, 3);
    assert_eq!(
        quotes_in(&data)
            .iter()
            .map(|q| &q.quote)
            .collect::<Vec<_>>(),
        quotes_before.iter().map(|q| &q.quote).collect::<Vec<_>>()
    );
    drop(store);
    // The index followed: the restored headline is found again.
    let hits = json(&ok(dateline(&[
        "search",
        "headline:hails",
        "--data",
        d,
        "--format",
        "json",
    ])));
    assert_eq!(hits.as_array().map(Vec::len), Some(1));
    // And a second run finds nothing to do.
    let summary = json(&ok(dateline(&[
        "reprocess",
        "--data",
        d,
        "--format",
        "json",
    ])));
    assert_eq!(summary[0]["revised"], 0);
    assert_eq!(summary[0]["unchanged"], 1);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn reprocess_analyses_again_what_arrived_already_extracted() {
    let dir = temp_dir("reprocess-jsonl");
    let data = dir.join("data");
    let jsonl = dir.join("seed.jsonl");
    let extracted = ok(dateline(&["extract", seed(), "--format", "jsonl"]));
    std::fs::write(&jsonl, &extracted.stdout).unwrap();
    let d = data.to_str().unwrap();
    ok(dateline(&[
        "ingest",
        jsonl.to_str().unwrap(),
        "--data",
        d,
        "-q",
    ]));
    let summary = json(&ok(dateline(&[
        "reprocess",
        "--data",
        d,
        "--format",
        "json",
    ])));
    assert_eq!(summary[0]["analysed_only"], 1, "{summary}");
    assert_eq!(summary[0]["revised"], 0);
    assert_eq!(summary[0]["failed"], 0);
    assert!(!quotes_in(&data).is_empty());
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn the_store_benchmarks_run_on_a_small_generated_corpus() {
    let shared = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared");
    if !shared.join("bench").is_dir() {
        eprintln!("skipping: ../shared not found");
        return;
    }
    let dir = temp_dir("bench");
    let data = dir.join("search");
    let out = ok(dateline(&[
        "bench",
        "search",
        "--data",
        data.to_str().unwrap(),
        "--articles",
        "300",
        "--rounds",
        "2",
        "--shared",
        shared.to_str().unwrap(),
    ]));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("store: 300 articles, 300 with an analysis, 300 indexed"),
        "{stdout}"
    );
    assert!(stdout.contains("all 38 searches: p50 "), "{stdout}");
    let out = ok(dateline(&[
        "bench",
        "ingest",
        "--work",
        dir.join("ingest").to_str().unwrap(),
        "--pages",
        "40",
        "--shared",
        shared.to_str().unwrap(),
    ]));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.lines().any(|l| l.starts_with("| 40 | 2 |")),
        "{stdout}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn the_seed_and_an_edited_copy_list_each_quote_once_unless_asked() {
    let dir = temp_dir("copies");
    let data = dir.join("data");
    let d = data.to_str().unwrap();
    let seed_text =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(seed())).unwrap();
    let edited = seed_text.replace(
        "Putin hails meeting, thinks Trump accepted election denials",
        "Putin praises his talks with Trump",
    );
    assert_ne!(edited, seed_text);
    let copy = dir.join("copy.txt");
    std::fs::write(&copy, edited).unwrap();
    ok(dateline(&[
        "ingest",
        seed(),
        copy.to_str().unwrap(),
        "--data",
        d,
        "-q",
    ]));
    let list = |extra: &[&str]| {
        let mut args = vec![
            "quotes",
            "--speaker",
            "Putin",
            "--data",
            d,
            "--format",
            "json",
            "-n",
            "500",
        ];
        args.extend_from_slice(extra);
        json(&ok(dateline(&args))).as_array().unwrap().clone()
    };
    let every = list(&["--all-copies"]);
    let per_article = |id: i64| every.iter().filter(|q| q["article_id"] == id).count();
    assert!(per_article(1) >= 4);
    assert_eq!(
        per_article(1),
        per_article(2),
        "both copies carry every quote"
    );
    let distinct: std::collections::BTreeSet<(String, String)> = every
        .iter()
        .map(|q| (q["speaker"].to_string(), q["quote"].to_string()))
        .collect();
    let once = list(&[]);
    assert_eq!(once.len(), distinct.len());
    assert!(once.len() <= per_article(1));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn reprocess_links_copies_again_when_a_body_changed() {
    let dir = temp_dir("reprocess-copies");
    let data = dir.join("data");
    let d = data.to_str().unwrap();
    ingest_seed(&data);
    let other = dir.join("council.html");
    let paragraph = "<p>The harbour council met on Tuesday to discuss the budget for the \
         new river bridge, and members said a decision would follow the hearings.</p>";
    std::fs::write(
        &other,
        format!(
            "<html><head><title>Council weighs bridge budget</title></head><body><article>\
             <h1>Council weighs bridge budget</h1>{}</article></body></html>",
            paragraph.repeat(8)
        ),
    )
    .unwrap();
    ok(dateline(&[
        "ingest",
        other.to_str().unwrap(),
        "--data",
        d,
        "-q",
    ]));
    // An older extractor took the seed's story for the council page's body,
    // and the two were linked as copies.
    {
        let mut store = Store::open(&data).unwrap();
        let seed = store.article(1).unwrap().unwrap();
        let page = store.revisions(2).unwrap()[0].page_id;
        let mut wrong = store.article(2).unwrap().unwrap().article;
        wrong.body = seed.article.body.clone();
        let mut batch = store.batch().unwrap();
        batch.revise(2, &wrong, page, "dateline 0.0.1").unwrap();
        batch.set_copy_group(2, 1, 1.0).unwrap();
        batch.commit().unwrap();
        assert_eq!(store.counts().unwrap().copies, 2);
    }
    let summary = json(&ok(dateline(&[
        "reprocess",
        "--data",
        d,
        "--format",
        "json",
    ])));
    assert_eq!(summary[0]["revised"], 1, "{summary}");
    assert_eq!(summary[0]["copies_relinked"], 0, "{summary}");
    let store = Store::open(&data).unwrap();
    assert_eq!(store.counts().unwrap().copies, 0);
    assert_eq!(store.article(2).unwrap().unwrap().copy_group, Some(2));
    // The relinked index still finds the seed's copies: another outlet's
    // headline over the same story.
    drop(store);
    let copy = dir.join("copy.txt");
    std::fs::write(
        &copy,
        std::fs::read_to_string(seed()).unwrap().replace(
            "Putin hails meeting, thinks Trump accepted election denials",
            "Putin praises his talks with Trump",
        ),
    )
    .unwrap();
    ok(dateline(&[
        "ingest",
        copy.to_str().unwrap(),
        "--data",
        d,
        "-q",
    ]));
    assert_eq!(Store::open(&data).unwrap().counts().unwrap().copies, 2);
    std::fs::remove_dir_all(&dir).unwrap();
}
