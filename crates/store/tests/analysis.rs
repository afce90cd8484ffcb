//! Analyses kept with their revisions, the index fields they feed, quote
//! finding, and re-reading an article with a newer pipeline; on real SQLite
//! files in temporary directories.

use dateline_core::{
    Analysis, Article, Block, DateMention, Entity, EntityKind, Mention, MentionKind, Quote,
    QuoteKind, Span,
};
use dateline_store::index::{SearchIndex, Sort};
use dateline_store::quotes::{MatchedOn, QuoteQuery};
use dateline_store::{Incoming, Outcome, Store};
use std::path::Path;

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

fn person(id: &str, name: &str, titles: &[&str], mentions: &[(&str, usize)]) -> Entity {
    Entity {
        id: id.into(),
        kind: EntityKind::Person,
        name: name.into(),
        titles: titles.iter().map(|t| t.to_string()).collect(),
        mentions: mentions
            .iter()
            .map(|(text, start)| Mention {
                text: text.to_string(),
                start: *start,
                end: start + text.len(),
                kind: MentionKind::Name,
            })
            .collect(),
    }
}

fn quote(text: &str, kind: QuoteKind, speaker: Option<(&str, &str)>, start: usize) -> Quote {
    Quote {
        text: text.into(),
        start,
        end: start + text.len(),
        spans: vec![Span {
            start,
            end: start + text.len(),
        }],
        kind,
        cue: speaker.map(|_| "said".to_string()),
        cue_span: speaker.map(|_| Span {
            start: start + text.len() + 1,
            end: start + text.len() + 5,
        }),
        speaker_as_written: speaker.map(|(written, _)| written.to_string()),
        speaker_span: speaker.map(|(written, _)| Span {
            start: start + text.len() + 6,
            end: start + text.len() + 6 + written.len(),
        }),
        speaker_id: speaker.map(|_| "e0".to_string()),
        speaker: speaker.map(|(_, resolved)| resolved.to_string()),
        confidence: 0.875,
    }
}

fn analysis(entities: Vec<Entity>, quotes: Vec<Quote>) -> Analysis {
    let mut a = Analysis::new();
    a.sentence_count = 4;
    a.entities = entities;
    a.quotes = quotes;
    a.dates = vec![DateMention {
        as_written: "Friday".into(),
        start: 3,
        end: 9,
        date: Some("2017-07-07".into()),
        relative: true,
    }];
    a
}

fn putin_analysis() -> Analysis {
    analysis(
        vec![
            person(
                "e0",
                "Vladimir Putin",
                &["Russian President"],
                &[("Vladimir Putin", 0), ("he", 40)],
            ),
            person("e1", "Donald Trump", &["U.S. President"], &[("Trump", 20)]),
            Entity {
                id: "e2".into(),
                kind: EntityKind::Place,
                name: "Hamburg".into(),
                titles: vec![],
                mentions: vec![],
            },
        ],
        vec![
            quote(
                "\"He asked many questions about Trump's election, I tried to answer them all,\"",
                QuoteKind::Direct,
                Some(("Putin", "Vladimir Putin")),
                50,
            ),
            quote(
                "the conversation could be a model",
                QuoteKind::Indirect,
                Some(("he", "Vladimir Putin")),
                200,
            ),
            quote(
                "\"no grounds\"",
                QuoteKind::Partial,
                Some(("a spokesman", "a spokesman")),
                300,
            ),
        ],
    )
}

fn put_one(store: &mut Store, a: &Article, an: &Analysis) -> Outcome {
    let mut batch = store.batch().unwrap();
    let o = batch.put_analysed(&Incoming::new(a.clone()), an).unwrap();
    batch.commit().unwrap();
    o
}

#[test]
fn analysis_round_trips_through_the_database_file() {
    let tmp = tempfile::tempdir().unwrap();
    let a = article(
        "https://one.example/putin",
        "The Daily One",
        "Putin hails meeting",
        "2017-07-08",
        "Vladimir Putin met Trump.",
    );
    let an = putin_analysis();
    let id = {
        let mut store = Store::open(tmp.path()).unwrap();
        put_one(&mut store, &a, &an).article_id()
    };
    // A fresh connection reads what the first one committed to the file.
    let store = Store::open(tmp.path()).unwrap();
    let stored = store.analysis(id).unwrap().expect("an analysis");
    assert_eq!(stored.analysis, an);
    assert_eq!(stored.revision, 1);
    assert!(stored.pipeline.starts_with("dateline "));
    assert_eq!(store.analysed_articles().unwrap(), 1);
    let quotes = store.quotes_of(&[id]).unwrap();
    assert_eq!(quotes.len(), 3);
    assert_eq!(quotes[0].headline.as_deref(), Some("Putin hails meeting"));
    assert_eq!(quotes[0].outlet.as_deref(), Some("The Daily One"));
    assert_eq!(quotes[0].published.as_deref(), Some("2017-07-08"));
    assert_eq!(quotes[0].url.as_deref(), Some("https://one.example/putin"));
    assert_eq!(quotes[2].quote, an.quotes[2]);
    // Storing the same article and analysis again writes nothing new.
    let before = store.last_analysis_id().unwrap();
    drop(store);
    let mut store = Store::open(tmp.path()).unwrap();
    assert!(matches!(
        put_one(&mut store, &a, &an),
        Outcome::Unchanged { .. }
    ));
    assert_eq!(store.last_analysis_id().unwrap(), before);
}

#[test]
fn a_revision_replaces_the_analysis() {
    let tmp = tempfile::tempdir().unwrap();
    let mut store = Store::open(tmp.path()).unwrap();
    let v1 = article(
        "https://one.example/putin",
        "The Daily One",
        "Putin hails meeting",
        "2017-07-08",
        "Vladimir Putin met Trump.",
    );
    let id = put_one(&mut store, &v1, &putin_analysis()).article_id();
    let first_analysis = store.last_analysis_id().unwrap();

    let mut v2 = v1.clone();
    v2.body.push(Block::Paragraph {
        text: "Updated with a new paragraph.".into(),
    });
    let a2 = analysis(
        vec![person("e0", "Angela Merkel", &[], &[("Merkel", 0)])],
        vec![quote(
            "\"We agreed,\"",
            QuoteKind::Direct,
            Some(("Merkel", "Angela Merkel")),
            10,
        )],
    );
    assert!(matches!(
        put_one(&mut store, &v2, &a2),
        Outcome::Revised { revision: 2, .. }
    ));
    let stored = store.analysis(id).unwrap().unwrap();
    assert_eq!(stored.analysis, a2);
    assert_eq!(stored.revision, 2);
    let quotes = store.quotes_of(&[id]).unwrap();
    assert_eq!(quotes.len(), 1, "the first revision's quotes are gone");
    assert_eq!(quotes[0].quote.speaker.as_deref(), Some("Angela Merkel"));
    assert!(store.last_analysis_id().unwrap() > first_analysis);

    // Same text, better analysis: replaced without a new revision.
    let a3 = putin_analysis();
    assert!(matches!(
        put_one(&mut store, &v2, &a3),
        Outcome::Unchanged { .. }
    ));
    let stored = store.analysis(id).unwrap().unwrap();
    assert_eq!((stored.revision, stored.analysis), (2, a3));
    assert_eq!(store.revisions(id).unwrap().len(), 2);

    // A revision stored without an analysis leaves none, never a stale one.
    let mut v3 = v2.clone();
    v3.headline = Some("Putin hails meeting with Trump".into());
    let mut batch = store.batch().unwrap();
    batch.put(&Incoming::new(v3)).unwrap();
    batch.commit().unwrap();
    assert_eq!(store.analysis(id).unwrap(), None);
    assert!(store.quotes_of(&[id]).unwrap().is_empty());
}

#[test]
fn an_uncommitted_batch_leaves_neither_revision_nor_analysis() {
    let tmp = tempfile::tempdir().unwrap();
    let mut store = Store::open(tmp.path()).unwrap();
    {
        let mut batch = store.batch().unwrap();
        batch
            .put_analysed(
                &Incoming::new(article(
                    "https://x.example/a",
                    "X",
                    "H",
                    "2017-01-01",
                    "Body.",
                )),
                &putin_analysis(),
            )
            .unwrap();
        // Dropped without commit, as a killed process would.
    }
    assert_eq!(store.counts().unwrap().articles, 0);
    assert_eq!(store.analysed_articles().unwrap(), 0);
    assert_eq!(store.last_analysis_id().unwrap(), 0);
}

/// Three articles, two quoting Putin about Trump on different days, one
/// quoting Merkel; and one article about Trump where Putin speaks of
/// something else.
fn corpus(dir: &Path) -> (Store, SearchIndex) {
    let mut store = Store::open(dir).unwrap();
    let mut a1 = article(
        "https://one.example/putin-trump",
        "The Daily One",
        "Putin hails meeting with Trump",
        "2017-07-08T12:00:00Z",
        "Vladimir Putin met Donald Trump in Hamburg.",
    );
    a1.agency = Some("Associated Press".into());
    a1.section = Some("World News".into());
    put_one(&mut store, &a1, &putin_analysis());

    let a2 = article(
        "https://two.example/merkel",
        "Two Times",
        "Merkel closes the summit",
        "2017-07-09",
        "Angela Merkel spoke about climate.",
    );
    let an2 = analysis(
        vec![person(
            "e0",
            "Angela Merkel",
            &["Chancellor"],
            &[("Merkel", 0)],
        )],
        vec![quote(
            "\"We could not agree on climate,\"",
            QuoteKind::Direct,
            Some(("Merkel", "Angela Merkel")),
            0,
        )],
    );
    put_one(&mut store, &a2, &an2);

    let mut a3 = article(
        "https://three.example/putin-older",
        "Third Post",
        "Putin on the economy",
        "2017-06-15",
        "Putin spoke of growth. Trump was not mentioned in the quote.",
    );
    a3.agency = Some("Reuters".into());
    let an3 = analysis(
        vec![person("e0", "Putin", &[], &[("Putin", 0)])],
        vec![quote(
            "\"The economy is growing,\"",
            QuoteKind::Direct,
            Some(("Putin", "Putin")),
            0,
        )],
    );
    put_one(&mut store, &a3, &an3);

    let a4 = article(
        "https://one.example/putin-later",
        "The Daily One",
        "Putin answers about Trump again",
        "2017-07-20",
        "Later, Vladimir Putin said more.",
    );
    let an4 = analysis(
        vec![person("e0", "Vladimir Putin", &[], &[("Putin", 0)])],
        vec![quote(
            "\"Trump is a straightforward person,\"",
            QuoteKind::Direct,
            Some(("Vladimir Putin", "Vladimir Putin")),
            0,
        )],
    );
    put_one(&mut store, &a4, &an4);

    let mut index = SearchIndex::open(dir).unwrap();
    assert_eq!(index.sync(&store).unwrap().indexed, 4);
    (store, index)
}

fn ids(index: &SearchIndex, q: &str, sort: Sort) -> Vec<i64> {
    let mut ids: Vec<i64> = index
        .search(q, sort, 10, 0)
        .unwrap_or_else(|e| panic!("{q}: {e}"))
        .hits
        .iter()
        .map(|h| h.article_id)
        .collect();
    if sort == Sort::Relevance {
        ids.sort();
    }
    ids
}

#[test]
fn fields_search_speakers_entities_outlets_agencies_sections_and_dates() {
    let tmp = tempfile::tempdir().unwrap();
    let (_store, index) = corpus(tmp.path());
    assert_eq!(ids(&index, "speaker:putin", Sort::Relevance), vec![1, 3, 4]);
    assert_eq!(
        ids(&index, "speaker:\"vladimir putin\"", Sort::Relevance),
        vec![1, 4]
    );
    // A speaker "as written" that is a pronoun is not a name.
    assert!(ids(&index, "speaker:he", Sort::Relevance).is_empty());
    assert_eq!(ids(&index, "speaker:spokesman", Sort::Relevance), vec![1]);
    assert_eq!(ids(&index, "entity:trump", Sort::Relevance), vec![1]);
    assert_eq!(ids(&index, "entity:hamburg", Sort::Relevance), vec![1]);
    assert_eq!(ids(&index, "quote:climate", Sort::Relevance), vec![2]);
    assert_eq!(
        ids(&index, "outlet:\"daily one\"", Sort::Relevance),
        vec![1, 4]
    );
    assert_eq!(ids(&index, "agency:reuters", Sort::Relevance), vec![3]);
    assert_eq!(ids(&index, "section:world", Sort::Relevance), vec![1]);
    assert_eq!(
        ids(&index, "headline:putin AND body:hamburg", Sort::Relevance),
        vec![1]
    );
    assert_eq!(
        ids(&index, "speaker:putin date:2017-07", Sort::Newest),
        vec![4, 1]
    );
    assert_eq!(
        ids(
            &index,
            "putin date:[2017-06-01 TO 2017-07-08]",
            Sort::Oldest
        ),
        vec![3, 1]
    );
    assert_eq!(ids(&index, "date:>2017-07-08", Sort::Oldest), vec![2, 4]);
    assert_eq!(ids(&index, "*", Sort::Newest), vec![4, 2, 1, 3]);
    // Hostile queries are refused, not a crash.
    let deep = format!("{}putin{}", "(".repeat(100_000), ")".repeat(100_000));
    assert!(index.search(&deep, Sort::Relevance, 10, 0).is_err());
    let nested = format!("{}putin{}", "(".repeat(10), ")".repeat(10));
    assert_eq!(ids(&index, &nested, Sort::Relevance), vec![1, 3, 4]);
}

#[test]
fn the_index_follows_an_analysis_that_changes_without_a_revision() {
    let tmp = tempfile::tempdir().unwrap();
    let (mut store, mut index) = corpus(tmp.path());
    assert!(ids(&index, "speaker:merkel", Sort::Relevance) == vec![2]);
    // Article 3 re-analysed: now Merkel is quoted there too.
    let mut batch = store.batch().unwrap();
    let merkel = analysis(
        vec![],
        vec![quote(
            "\"Growth,\"",
            QuoteKind::Direct,
            Some(("Merkel", "Angela Merkel")),
            0,
        )],
    );
    assert!(batch.set_analysis(3, &merkel, "dateline 9.9.9").unwrap());
    batch.commit().unwrap();
    assert_eq!(index.sync(&store).unwrap().indexed, 1);
    assert_eq!(ids(&index, "speaker:merkel", Sort::Relevance), vec![2, 3]);
    assert_eq!(
        index.analysis_cursor().unwrap(),
        store.last_analysis_id().unwrap()
    );
    assert_eq!(index.cursor().unwrap(), store.last_revision_id().unwrap());
    assert_eq!(index.sync(&store).unwrap().indexed, 0);
}

fn find(index: &SearchIndex, store: &Store, q: QuoteQuery) -> (Vec<(i64, String)>, MatchedOn) {
    let r = index.quotes(store, &q).unwrap();
    (
        r.quotes
            .iter()
            .map(|q| (q.article_id, q.quote.text.clone()))
            .collect(),
        r.matched_on,
    )
}

fn ask(speaker: Option<&str>, about: Option<&str>, since: Option<&str>) -> QuoteQuery {
    QuoteQuery {
        speaker: speaker.map(str::to_string),
        about: about.map(str::to_string),
        since: since.map(str::to_string),
        until: None,
        limit: 20,
        distinct: false,
    }
}

#[test]
fn quotes_by_speaker_topic_and_date_newest_first() {
    let tmp = tempfile::tempdir().unwrap();
    let (store, index) = corpus(tmp.path());
    // A surname alone, any case, matches the full name, and a speaker
    // written only "Putin" matches the full name asked for.
    let (by_surname, _) = find(&index, &store, ask(Some("putin"), None, None));
    let articles: Vec<i64> = by_surname.iter().map(|q| q.0).collect();
    assert_eq!(articles, vec![4, 1, 1, 3], "{by_surname:?}");
    let (by_full, _) = find(&index, &store, ask(Some("Vladimir Putin"), None, None));
    assert_eq!(by_full, by_surname);
    // The spokesman's quote in article 1 is not Putin's.
    assert!(!by_surname.iter().any(|q| q.1.contains("no grounds")));

    let (about, on) = find(
        &index,
        &store,
        ask(Some("Vladimir Putin"), Some("Trump"), None),
    );
    assert_eq!(on, MatchedOn::Quote);
    assert_eq!(
        about,
        vec![
            (4, "\"Trump is a straightforward person,\"".to_string()),
            (
                1,
                "\"He asked many questions about Trump's election, I tried to answer them all,\""
                    .to_string()
            ),
        ]
    );
    let (since, _) = find(
        &index,
        &store,
        ask(Some("Putin"), Some("Trump"), Some("2017-07-10")),
    );
    assert_eq!(since.iter().map(|q| q.0).collect::<Vec<_>>(), vec![4]);
    let mut until = ask(Some("Putin"), None, Some("2017-06"));
    until.until = Some("2017-07-08".into());
    let (until, _) = find(&index, &store, until);
    assert_eq!(until.iter().map(|q| q.0).collect::<Vec<_>>(), vec![1, 1, 3]);

    // No quote of Merkel's mentions Hamburg, but... nor does her article:
    // nothing. Putin on "growth" only in article 3's quote.
    let (none, _) = find(&index, &store, ask(Some("Merkel"), Some("Hamburg"), None));
    assert!(none.is_empty());
    // No Putin quote has "Hamburg" in it; article 1 does: the fallback.
    let (fallback, on) = find(&index, &store, ask(Some("Putin"), Some("Hamburg"), None));
    assert_eq!(on, MatchedOn::Article);
    assert_eq!(fallback.iter().map(|q| q.0).collect::<Vec<_>>(), vec![1, 1]);

    // Topic alone, and the limit.
    let (climate, _) = find(&index, &store, ask(None, Some("climate"), None));
    assert_eq!(climate.iter().map(|q| q.0).collect::<Vec<_>>(), vec![2]);
    let mut one = ask(Some("Putin"), None, None);
    one.limit = 1;
    assert_eq!(find(&index, &store, one).0.len(), 1);
    let mut bad = ask(None, None, Some("last week"));
    bad.limit = 5;
    assert!(index.quotes(&store, &bad).is_err());
}

#[test]
fn a_wire_quote_run_by_several_outlets_is_listed_once_when_asked() {
    let tmp = tempfile::tempdir().unwrap();
    let mut store = Store::open(tmp.path()).unwrap();
    let body = "Vladimir Putin met Donald Trump in Hamburg.";
    let original = article(
        "https://ap.example/putin",
        "AP",
        "Putin hails meeting",
        "2017-07-08",
        body,
    );
    let copy = article(
        "https://local.example/putin",
        "Local Paper",
        "Putin praises Trump talks",
        "2017-07-09",
        body,
    );
    put_one(&mut store, &original, &putin_analysis());
    put_one(&mut store, &copy, &putin_analysis());
    let mut index = SearchIndex::open(tmp.path()).unwrap();
    index.sync(&store).unwrap();
    let (every, _) = find(&index, &store, ask(Some("Putin"), None, None));
    assert_eq!(
        every.iter().map(|q| q.0).collect::<Vec<_>>(),
        vec![2, 2, 1, 1]
    );
    let mut once = ask(Some("Putin"), None, None);
    once.distinct = true;
    let (once, _) = find(&index, &store, once);
    assert_eq!(once.iter().map(|q| q.0).collect::<Vec<_>>(), vec![2, 2]);
}

#[test]
fn revise_makes_a_revision_only_when_the_article_changed() {
    let tmp = tempfile::tempdir().unwrap();
    let mut store = Store::open(tmp.path()).unwrap();
    let v1 = article(
        "https://one.example/a",
        "One",
        "Headline",
        "2017-07-08",
        "Body text.",
    );
    let id = put_one(&mut store, &v1, &putin_analysis()).article_id();
    let mut batch = store.batch().unwrap();
    assert!(matches!(
        batch.revise(id, &v1, None, "dateline 9.9.9").unwrap(),
        Outcome::Unchanged { .. }
    ));
    // A field the content hash leaves out still counts as a change.
    let mut v2 = v1.clone();
    v2.agency = Some("Reuters".into());
    match batch.revise(id, &v2, None, "dateline 9.9.9").unwrap() {
        Outcome::Revised {
            revision, changes, ..
        } => {
            assert_eq!(revision, 2);
            assert_eq!(changes.fields, vec!["agency".to_string()]);
        }
        other => panic!("{other:?}"),
    }
    batch.commit().unwrap();
    let revisions = store.revisions(id).unwrap();
    assert_eq!(revisions.len(), 2);
    assert_eq!(revisions[0].article, v1, "the old revision is kept");
    assert_eq!(revisions[1].pipeline, "dateline 9.9.9");
    assert_eq!(
        store.summary(id).unwrap().unwrap().agency.as_deref(),
        Some("Reuters")
    );
    assert_eq!(
        store.analysis(id).unwrap(),
        None,
        "the old analysis is gone"
    );
}
