//! The search index beside the store: queries, and agreement with the store
//! after interruptions and revisions.

use dateline_core::{Article, Block};
use dateline_store::index::{SearchIndex, Sort};
use dateline_store::{Incoming, Store};

fn article(url: &str, outlet: &str, headline: &str, published: &str, body: &str) -> Article {
    let mut a = Article::new();
    a.url = Some(url.into());
    a.site_name = Some(outlet.into());
    a.headline = Some(headline.into());
    a.published = Some(published.into());
    a.body = vec![Block::Paragraph { text: body.into() }];
    a.word_count = body.split_whitespace().count();
    a
}

fn put(store: &mut Store, articles: &[Article]) {
    let mut batch = store.batch().unwrap();
    for a in articles {
        batch.put(&Incoming::new(a.clone())).unwrap();
    }
    batch.commit().unwrap();
}

fn sample() -> Vec<Article> {
    vec![
        article(
            "https://one.example/putin-trump",
            "The Daily One",
            "Putin and Trump meet in Hamburg",
            "2017-07-07T10:00:00Z",
            "President Vladimir Putin and President Donald Trump held their first meeting at the summit.",
        ),
        article(
            "https://two.example/summit",
            "Two Times",
            "G20 summit ends with climate split",
            "2017-07-08T18:00:00+02:00",
            "Leaders at the Hamburg summit could not agree on climate; Trump stood apart.",
        ),
        article(
            "https://three.example/election",
            "Third Post",
            "Election results in France",
            "2017-06-18",
            "Voters in France chose a new parliament, with a majority for the president's party.",
        ),
    ]
}

fn ids(index: &SearchIndex, q: &str, sort: Sort) -> Vec<i64> {
    index
        .search(q, sort, 10, 0)
        .unwrap_or_else(|e| panic!("{q}: {e}"))
        .hits
        .iter()
        .map(|h| h.article_id)
        .collect()
}

#[test]
fn queries_words_phrases_fields_ranges_and_sorting() {
    let tmp = tempfile::tempdir().unwrap();
    let mut store = Store::open(tmp.path()).unwrap();
    put(&mut store, &sample());
    let mut index = SearchIndex::open(tmp.path()).unwrap();
    assert_eq!(index.sync(&store).unwrap().indexed, 3);
    assert_eq!(index.len(), 3);

    let mut both = ids(&index, "trump hamburg", Sort::Relevance);
    both.sort();
    assert_eq!(both, vec![1, 2]);
    assert_eq!(ids(&index, "\"first meeting\"", Sort::Relevance), vec![1]);
    assert_eq!(
        ids(&index, "\"meeting first\"", Sort::Relevance),
        Vec::<i64>::new()
    );
    assert_eq!(ids(&index, "trump -climate", Sort::Relevance), vec![1]);
    let mut either = ids(&index, "france OR climate", Sort::Relevance);
    either.sort();
    assert_eq!(either, vec![2, 3]);
    assert_eq!(ids(&index, "headline:summit", Sort::Relevance), vec![2]);
    assert_eq!(ids(&index, "outlet:third", Sort::Relevance), vec![3]);
    assert_eq!(
        ids(
            &index,
            "published:[2017-07-01T00:00:00Z TO 2017-08-01T00:00:00Z]",
            Sort::Oldest
        ),
        vec![1, 2]
    );
    assert_eq!(ids(&index, "president", Sort::Newest), vec![1, 3]);
    assert_eq!(ids(&index, "president", Sort::Oldest), vec![3, 1]);
    let r = index.search("president", Sort::Newest, 1, 0).unwrap();
    assert_eq!((r.total, r.hits.len()), (2, 1));
    assert_eq!(r.hits[0].published.as_deref(), Some("2017-07-07T10:00:00Z"));
    assert_eq!(r.hits[0].outlet.as_deref(), Some("The Daily One"));
    assert!(index.search("headline:(", Sort::Relevance, 10, 0).is_err());
}

#[test]
fn index_catches_up_after_an_interruption_and_follows_revisions() {
    let tmp = tempfile::tempdir().unwrap();
    let mut store = Store::open(tmp.path()).unwrap();
    let articles = sample();
    put(&mut store, &articles[..2]);
    {
        let mut index = SearchIndex::open(tmp.path()).unwrap();
        index.sync(&store).unwrap();
        assert_eq!(index.len(), 2);
    }
    // The store commits more, and the process dies before the index hears
    // of it: a fresh open must see the gap and close it.
    put(&mut store, &articles[2..]);
    let mut revised = articles[0].clone();
    revised.body = vec![Block::Paragraph {
        text: "Updated: the two presidents spoke for over two hours in Hamburg.".into(),
    }];
    put(&mut store, &[revised]);
    let mut index = SearchIndex::open(tmp.path()).unwrap();
    assert!(index.cursor().unwrap() < store.last_revision_id().unwrap());
    assert_eq!(index.len(), 2);
    let report = index.sync(&store).unwrap();
    assert_eq!(report.indexed, 2, "the new article and the revised one");
    assert_eq!(index.len() as i64, store.counts().unwrap().articles);
    assert_eq!(index.cursor().unwrap(), store.last_revision_id().unwrap());
    assert_eq!(ids(&index, "hours", Sort::Relevance), vec![1]);
    assert_eq!(
        ids(&index, "\"first meeting\"", Sort::Relevance),
        Vec::<i64>::new()
    );
    // Syncing again changes nothing.
    assert_eq!(index.sync(&store).unwrap().indexed, 0);
    assert_eq!(index.len(), 3);
}

#[test]
fn a_replaced_store_rebuilds_the_index() {
    let tmp = tempfile::tempdir().unwrap();
    {
        let mut store = Store::open(tmp.path()).unwrap();
        put(&mut store, &sample());
        SearchIndex::open(tmp.path()).unwrap().sync(&store).unwrap();
    }
    std::fs::remove_file(tmp.path().join(dateline_store::DB_FILE)).unwrap();
    let _ = std::fs::remove_file(tmp.path().join("dateline.sqlite-wal"));
    let _ = std::fs::remove_file(tmp.path().join("dateline.sqlite-shm"));
    let mut store = Store::open(tmp.path()).unwrap();
    put(&mut store, &sample()[..1]);
    let mut index = SearchIndex::open(tmp.path()).unwrap();
    index.sync(&store).unwrap();
    assert_eq!(index.len(), 1);
}
