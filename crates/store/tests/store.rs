//! The store on real SQLite files in temporary directories.

use dateline_core::{Article, Block};
use dateline_store::{Incoming, Outcome, RawPage, Store};

fn article(url: &str, headline: &str, paras: &[&str]) -> Article {
    let mut a = Article::new();
    a.url = Some(url.to_string());
    a.headline = Some(headline.to_string());
    a.body = paras
        .iter()
        .map(|p| Block::Paragraph {
            text: p.to_string(),
        })
        .collect();
    a.word_count = paras.iter().map(|p| p.split_whitespace().count()).sum();
    a
}

fn put_one(store: &mut Store, inc: Incoming) -> Outcome {
    let mut batch = store.batch().unwrap();
    let out = batch.put(&inc).unwrap();
    batch.commit().unwrap();
    out
}

#[test]
fn creates_directory_and_schema_and_reopens() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("nested/data");
    {
        let store = Store::open(&dir).unwrap();
        assert_eq!(
            store.schema_version().unwrap(),
            dateline_store::SCHEMA_VERSION
        );
    }
    assert!(dir.join(dateline_store::DB_FILE).exists());
    let store = Store::open(&dir).unwrap();
    assert_eq!(
        store.schema_version().unwrap(),
        dateline_store::SCHEMA_VERSION
    );
    let mode: String = store
        .connection()
        .pragma_query_value(None, "journal_mode", |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
}

#[test]
fn refuses_a_newer_schema() {
    let tmp = tempfile::tempdir().unwrap();
    {
        let store = Store::open(tmp.path()).unwrap();
        store
            .connection()
            .pragma_update(None, "user_version", 99)
            .unwrap();
    }
    let err = Store::open(tmp.path()).err().expect("must refuse");
    assert!(err.to_string().contains("99"), "{err}");
}

#[test]
fn same_page_twice_is_one_article_and_url_spellings_meet() {
    let tmp = tempfile::tempdir().unwrap();
    let mut store = Store::open(tmp.path()).unwrap();
    let a = article(
        "https://www.example.com/world/story-1/?utm_source=rss",
        "Putin meets Trump",
        &["HAMBURG, Germany (AP) — One.", "Two."],
    );
    let first = put_one(&mut store, Incoming::new(a.clone()));
    assert!(matches!(first, Outcome::New { .. }));
    let mut b = a.clone();
    b.url = Some("http://example.com/world/story-1#comments".into());
    let second = put_one(&mut store, Incoming::new(b));
    assert_eq!(
        second,
        Outcome::Unchanged {
            article_id: first.article_id()
        }
    );
    let counts = store.counts().unwrap();
    assert_eq!((counts.articles, counts.revisions), (1, 1));
    let stored = store
        .article_by_url("https://example.com/world/story-1")
        .unwrap()
        .unwrap();
    assert_eq!(stored.article, a);
    assert_eq!(stored.outlet.as_deref(), Some("example.com"));
}

#[test]
fn changed_version_becomes_a_revision_with_changes() {
    let tmp = tempfile::tempdir().unwrap();
    let mut store = Store::open(tmp.path()).unwrap();
    let v1 = article(
        "https://example.com/a",
        "Trump and Putin meet",
        &["Para one.", "Para two."],
    );
    let mut v2 = article(
        "https://example.com/a",
        "Trump and Putin meet for first time",
        &["Para one.", "Para two.", "Para three, added later."],
    );
    v2.updated = Some("2017-07-07T12:00:00Z".into());
    let id = put_one(&mut store, Incoming::new(v1.clone())).article_id();
    match put_one(&mut store, Incoming::new(v2.clone())) {
        Outcome::Revised {
            article_id,
            revision,
            changes,
        } => {
            assert_eq!((article_id, revision), (id, 2));
            assert_eq!(changes.fields, vec!["headline", "updated", "body"]);
            assert_eq!(changes.paragraphs_added, vec!["Para three, added later."]);
            assert!(changes.paragraphs_removed.is_empty());
        }
        other => panic!("expected a revision, got {other:?}"),
    }
    // The same second version again changes nothing.
    assert!(matches!(
        put_one(&mut store, Incoming::new(v2.clone())),
        Outcome::Unchanged { .. }
    ));
    let revs = store.revisions(id).unwrap();
    assert_eq!(revs.len(), 2);
    assert_eq!(revs[0].article, v1);
    assert!(revs[0].changes.is_none());
    assert_eq!(revs[1].article, v2);
    let current = store.article(id).unwrap().unwrap();
    assert_eq!(current.revisions, 2);
    assert_eq!(current.article, v2);
}

#[test]
fn raw_pages_are_kept_compressed_once_and_read_back() {
    let tmp = tempfile::tempdir().unwrap();
    let mut store = Store::open(tmp.path()).unwrap();
    let html = "<html><body><p>Hello</p></body></html>"
        .repeat(200)
        .into_bytes();
    let raw = RawPage {
        url: Some("https://example.com/a".into()),
        source: "https://example.com/a".into(),
        content_type: Some("text/html; charset=utf-8".into()),
        fetched_at: 1_500_000_000_000,
        bytes: html.clone(),
    };
    let mut inc = Incoming::new(article("https://example.com/a", "H", &["Hello"]));
    inc.raw = Some(raw.clone());
    put_one(&mut store, inc.clone());
    put_one(&mut store, inc);
    assert_eq!(store.counts().unwrap().pages, 1);
    let ids = store.page_ids().unwrap();
    assert_eq!(store.raw_page(ids[0]).unwrap().unwrap(), raw);
    let stored_len: i64 = store
        .connection()
        .query_row("SELECT length(data) FROM pages", [], |r| r.get(0))
        .unwrap();
    assert!((stored_len as usize) < html.len() / 10, "{stored_len}");
}

#[test]
fn articles_without_url_are_identified_by_content() {
    let tmp = tempfile::tempdir().unwrap();
    let mut store = Store::open(tmp.path()).unwrap();
    let mut a = article("x", "A headline", &["Body text."]);
    a.url = None;
    a.source = Some("one.html".into());
    let mut b = a.clone();
    b.source = Some("copy-of-one.html".into());
    let first = put_one(&mut store, Incoming::new(a.clone()));
    assert!(matches!(first, Outcome::New { .. }));
    assert!(matches!(
        put_one(&mut store, Incoming::new(b)),
        Outcome::Unchanged { .. }
    ));
    let mut c = a;
    c.headline = Some("Another".into());
    assert!(matches!(
        put_one(&mut store, Incoming::new(c)),
        Outcome::New { .. }
    ));
    assert_eq!(store.counts().unwrap().articles, 2);
}

#[test]
fn front_page_canonical_does_not_merge_articles() {
    let tmp = tempfile::tempdir().unwrap();
    let mut store = Store::open(tmp.path()).unwrap();
    let mut a = article("https://example.com/a", "A", &["a"]);
    a.canonical_url = Some("https://example.com/".into());
    let mut b = article("https://example.com/b", "B", &["b"]);
    b.canonical_url = Some("https://www.example.com".into());
    put_one(&mut store, Incoming::new(a));
    put_one(&mut store, Incoming::new(b));
    assert_eq!(store.counts().unwrap().articles, 2);
}

#[test]
fn uncommitted_batch_is_rolled_back() {
    let tmp = tempfile::tempdir().unwrap();
    let mut store = Store::open(tmp.path()).unwrap();
    {
        let mut batch = store.batch().unwrap();
        batch
            .put(&Incoming::new(article(
                "https://example.com/a",
                "A",
                &["a"],
            )))
            .unwrap();
        // dropped without commit
    }
    assert_eq!(store.counts().unwrap().articles, 0);
}

#[test]
fn copy_groups_and_sketches_round_trip() {
    let tmp = tempfile::tempdir().unwrap();
    let mut store = Store::open(tmp.path()).unwrap();
    let mut batch = store.batch().unwrap();
    let a = batch
        .put(&Incoming::new(article(
            "https://one.example/a",
            "A",
            &["a"],
        )))
        .unwrap()
        .article_id();
    let b = batch
        .put(&Incoming::new(article(
            "https://two.example/b",
            "B",
            &["a"],
        )))
        .unwrap()
        .article_id();
    batch.set_copy_group(a, a, 1.0).unwrap();
    batch.set_copy_group(b, a, 0.9).unwrap();
    batch.set_sketch(a, &[1, 2, 3]).unwrap();
    batch.set_sketch(b, &[4]).unwrap();
    batch.commit().unwrap();
    let members = store.copy_group_members(a).unwrap();
    assert_eq!(members.len(), 2);
    assert_eq!(members[1].outlet.as_deref(), Some("two.example"));
    assert_eq!(members[1].score, Some(0.9));
    let mut seen = Vec::new();
    store
        .sketches(|id, group, data| seen.push((id, group, data.to_vec())))
        .unwrap();
    assert_eq!(
        seen,
        vec![(a, Some(a), vec![1, 2, 3]), (b, Some(a), vec![4])]
    );
    assert_eq!(store.counts().unwrap().copies, 2);

    let c = batch_put_and_merge(&mut store, a);
    assert_eq!(store.copy_group_members(a).unwrap().len(), 3);
    assert!(store.copy_group_members(c).unwrap().is_empty());
    assert_eq!(store.copy_representatives().unwrap(), vec![(a, b)]);
}

/// A third article starts its own group, which is then merged into `into`.
fn batch_put_and_merge(store: &mut Store, into: i64) -> i64 {
    let mut batch = store.batch().unwrap();
    let c = batch
        .put(&Incoming::new(article(
            "https://three.example/c",
            "C",
            &["a"],
        )))
        .unwrap()
        .article_id();
    batch.set_copy_group(c, c, 1.0).unwrap();
    batch.set_copy_representative(c, c).unwrap();
    batch.merge_copy_groups(c, into).unwrap();
    let b = store_b(&batch);
    batch.set_copy_representative(into, b).unwrap();
    batch.commit().unwrap();
    c
}

fn store_b(batch: &dateline_store::Batch<'_>) -> i64 {
    // The second article of the test above has id 2.
    assert!(batch.current(2).unwrap().is_some());
    2
}
