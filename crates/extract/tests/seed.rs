//! The seed article (examples/seed-ap-putin.txt, a text dump of an AP story
//! on a regional site) through the public `extract`, checked field by field
//! against ../shared/seed/expected.json, or against the same facts written
//! here when ../shared is absent.

use dateline_core::{Article, Page};
use dateline_extract::{extract, Options};
use std::path::Path;

/// Text comparison as the seed README says: whitespace folded, straight and
/// curly quotes and apostrophes equal.
fn norm(s: &str) -> String {
    let folded = dateline_core::fold_whitespace(s);
    folded
        .chars()
        .map(|c| match c {
            '\u{2018}' | '\u{2019}' | '\u{201a}' | '\u{2032}' => '\'',
            '\u{201c}' | '\u{201d}' | '\u{201e}' | '\u{2033}' => '"',
            c => c,
        })
        .collect()
}

/// The facts expected.json states about extraction, in one place so both
/// sources are checked the same way.
struct Expected {
    section: String,
    headline: String,
    byline: String,
    authors: Vec<String>,
    agency: String,
    published: String,
    updated: String,
    story_date: String,
    dateline_as_written: String,
    dateline_city: String,
    dateline_country: String,
    image_credit: String,
    image_caption: String,
    paragraph_count: usize,
    first_starts: String,
    last_starts: String,
    must_not_contain: Vec<String>,
    language: String,
}

fn from_json(v: &serde_json::Value) -> Expected {
    let s = |p: &str| {
        v.pointer(p)
            .and_then(|x| x.as_str())
            .unwrap_or_else(|| panic!("expected.json lacks {p}"))
            .to_string()
    };
    Expected {
        section: s("/section"),
        headline: s("/headline"),
        byline: s("/byline"),
        authors: v["authors"]
            .as_array()
            .expect("authors array")
            .iter()
            .filter_map(|a| a.as_str().map(str::to_string))
            .collect(),
        agency: s("/agency"),
        published: s("/published"),
        updated: s("/updated"),
        story_date: s("/story_date"),
        dateline_as_written: s("/dateline/as_written"),
        dateline_city: s("/dateline/city"),
        dateline_country: s("/dateline/country"),
        image_credit: s("/images/0/credit"),
        image_caption: s("/images/0/caption"),
        paragraph_count: v
            .pointer("/body/paragraph_count")
            .and_then(|x| x.as_u64())
            .expect("paragraph_count") as usize,
        first_starts: s("/body/first_paragraph_starts"),
        last_starts: s("/body/last_paragraph_starts"),
        must_not_contain: v
            .pointer("/body/must_not_contain")
            .and_then(|x| x.as_array())
            .expect("must_not_contain")
            .iter()
            .filter_map(|a| a.as_str().map(str::to_string))
            .collect(),
        language: s("/language"),
    }
}

/// The same facts, read by hand from the seed fixture that ships with the
/// repository.
fn built_in() -> Expected {
    Expected {
        section: "Top News".into(),
        headline: "Putin hails meeting, thinks Trump accepted election denials".into(),
        byline: "Associated Press".into(),
        authors: vec![],
        agency: "Associated Press".into(),
        published: "2017-07-09".into(),
        updated: "2017-07-09T06:35".into(),
        story_date: "2017-07-08".into(),
        dateline_as_written: "HAMBURG, Germany".into(),
        dateline_city: "Hamburg".into(),
        dateline_country: "Germany".into(),
        image_credit: "ASSOCIATED PRESS".into(),
        image_caption: "Russian President Vladimir Putin gestures during a press conference after the G-20 summit in Hamburg, northern Germany, Saturday, July 8, 2017, where the leaders of the group of 20 met for two days.".into(),
        paragraph_count: 14,
        first_starts: "Russian President Vladimir Putin hailed his first face-to-face meeting with U.S. President Donald Trump".into(),
        last_starts: "He particularly hailed the U.S.-Russian deal on a cease-fire in southwestern Syria".into(),
        must_not_contain: [
            "Top News",
            "Get the latest news by email",
            "Sign Up",
            "Posted July 09, 2017",
            "Updated July 9, 2017",
            "HAMBURG, Germany >>",
        ]
        .map(String::from)
        .to_vec(),
        language: "en".into(),
    }
}

fn seed_article() -> Article {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/seed-ap-putin.txt");
    let bytes = std::fs::read(&path).expect("the seed fixture ships with the repository");
    let page = Page {
        source: path.display().to_string(),
        bytes,
        ..Default::default()
    };
    extract(&page, &Options::default()).expect("the seed extracts")
}

/// A time as written in expected.json ("2017-07-09T06:35", no seconds, no
/// offset) equals an extracted one when the extracted value is that local
/// time with zero seconds and no offset.
fn same_time(expected: &str, got: &str) -> bool {
    got == expected || got.strip_suffix(":00") == Some(expected)
}

fn check(e: &Expected, a: &Article) {
    assert_eq!(a.section.as_deref(), Some(e.section.as_str()), "section");
    assert_eq!(
        a.headline.as_deref().map(norm),
        Some(norm(&e.headline)),
        "headline"
    );
    assert_eq!(a.byline.as_deref(), Some(e.byline.as_str()), "byline");
    assert_eq!(a.authors, e.authors, "authors");
    assert_eq!(a.agency.as_deref(), Some(e.agency.as_str()), "agency");
    assert_eq!(
        a.published.as_deref(),
        Some(e.published.as_str()),
        "published"
    );
    let updated = a.updated.as_deref().expect("updated");
    assert!(
        same_time(&e.updated, updated),
        "updated: {updated} vs {}",
        e.updated
    );
    assert_eq!(
        a.story_date.as_deref(),
        Some(e.story_date.as_str()),
        "story_date"
    );
    let d = a.dateline.as_ref().expect("dateline");
    assert_eq!(d.as_written, e.dateline_as_written, "dateline.as_written");
    assert_eq!(
        d.city.as_deref(),
        Some(e.dateline_city.as_str()),
        "dateline.city"
    );
    assert_eq!(
        d.country.as_deref(),
        Some(e.dateline_country.as_str()),
        "dateline.country"
    );
    assert_eq!(a.images.len(), 1, "one image: {:?}", a.images);
    assert_eq!(
        a.images[0].credit.as_deref(),
        Some(e.image_credit.as_str()),
        "credit"
    );
    assert_eq!(
        a.images[0].caption.as_deref().map(norm),
        Some(norm(&e.image_caption)),
        "caption"
    );
    let paras: Vec<&str> = a.paragraphs().collect();
    assert_eq!(paras.len(), e.paragraph_count, "paragraphs: {paras:#?}");
    assert_eq!(a.body.len(), e.paragraph_count, "no other blocks");
    assert!(
        norm(paras[0]).starts_with(&norm(&e.first_starts)),
        "first: {}",
        paras[0]
    );
    let last = paras[paras.len() - 1];
    assert!(
        norm(last).starts_with(&norm(&e.last_starts)),
        "last: {last}"
    );
    let body = norm(&a.body_text());
    for bad in &e.must_not_contain {
        assert!(!body.contains(&norm(bad)), "body contains {bad:?}");
    }
    assert_eq!(a.language.as_deref(), Some(e.language.as_str()), "language");
    assert_eq!(a.word_count, dateline_core::word_count(&a.body_text()));
    for field in [
        "section",
        "headline",
        "byline",
        "agency",
        "published",
        "updated",
        "story_date",
        "dateline",
    ] {
        assert!(
            a.provenance.contains_key(field),
            "no provenance for {field}"
        );
    }
    assert_eq!(
        a.provenance["headline"].detail.as_deref(),
        Some("line 5"),
        "headline provenance points at its line"
    );
}

#[test]
fn seed_matches_expected_json() {
    let shared = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared");
    let path = shared.join("seed/expected.json");
    let Ok(text) = std::fs::read_to_string(&path) else {
        eprintln!(
            "skipping: ../shared not found ({}); the built-in facts test still runs",
            path.display()
        );
        return;
    };
    let v: serde_json::Value = serde_json::from_str(&text).expect("expected.json parses");
    check(&from_json(&v), &seed_article());
}

#[test]
fn seed_matches_built_in_facts() {
    check(&built_in(), &seed_article());
}
