//! The analyser on hostile input: arbitrary text, unbalanced quotation
//! marks, 100,000 marks in a row, a 10 MB paragraph. Each must give an
//! answer in bounded time without panicking, and every offset must be a
//! valid span of the input.

use dateline_analyse::analyse_text;
use dateline_core::Analysis;
use std::time::{Duration, Instant};

/// Debug builds are slow; the limits are generous but still catch
/// quadratic behaviour, which would take minutes on these sizes.
const LIMIT: Duration = Duration::from_secs(60);

fn check(text: &str) -> Analysis {
    let a = analyse_text(text, Some("2017-07-08"));
    for q in &a.quotes {
        assert!(q.start <= q.end && q.end <= text.len());
        for s in &q.spans {
            assert!(text.get(s.start..s.end).is_some(), "bad span {s:?}");
        }
        for s in q.cue_span.iter().chain(q.speaker_span.iter()) {
            assert!(text.get(s.start..s.end).is_some(), "bad span {s:?}");
        }
        assert!((0.0..=1.0).contains(&q.confidence));
    }
    for e in &a.entities {
        for m in &e.mentions {
            assert!(text.get(m.start..m.end).is_some());
        }
    }
    for d in &a.dates {
        assert_eq!(text.get(d.start..d.end), Some(d.as_written.as_str()));
    }
    a
}

/// A small deterministic generator (xorshift), so failures reproduce.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn pick<'a>(&mut self, v: &[&'a str]) -> &'a str {
        v[(self.next() % v.len() as u64) as usize]
    }
}

#[test]
fn arbitrary_text_never_panics() {
    let pieces = [
        "\"",
        "\u{201C}",
        "\u{201D}",
        "'",
        "\u{2018}",
        "\u{2019}",
        "\u{00AB}",
        "\u{00BB}",
        "''",
        "``",
        " ",
        " ",
        " ",
        "\n",
        "\n\n",
        ".",
        ",",
        ":",
        ";",
        "-",
        "\u{2014}",
        "(",
        ")",
        "said",
        "says",
        "told",
        "according",
        "to",
        "he",
        "she",
        "who",
        "Putin",
        "Mr.",
        "Sen.",
        "U.S.",
        "The",
        "the",
        "Russian",
        "leader",
        "president",
        "Trump",
        "Group",
        "of",
        "20",
        "G-20",
        "Friday",
        "July",
        "8",
        "2017",
        "\u{00E9}",
        "\u{1F600}",
        "\u{0301}",
        "\0",
        "\t",
        "\r",
        "A.",
        "3.5",
        "Inc.",
        "...",
        "!",
        "?",
        "reporters",
        "that",
        "added",
        "saying",
    ];
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let start = Instant::now();
    for _ in 0..3000 {
        let n = (rng.next() % 80) as usize;
        let s: String = (0..n).map(|_| rng.pick(&pieces)).collect();
        check(&s);
    }
    // Raw bytes made valid by lossy decoding.
    for _ in 0..500 {
        let n = (rng.next() % 200) as usize;
        let bytes: Vec<u8> = (0..n).map(|_| rng.next() as u8).collect();
        check(&String::from_utf8_lossy(&bytes));
    }
    assert!(start.elapsed() < LIMIT);
}

#[test]
fn unbalanced_marks() {
    for s in [
        "\"",
        "\u{201C}",
        "\u{201D}",
        "He said \"yes.",
        "\"Open\n\n\"still open\n\n\"and more",
        "\u{201D}closing first\u{201C} then opening",
        "'''''",
        "\u{00AB}\u{00AB}\u{00BB}",
        "\"A,\" he said, \"B",
    ] {
        check(s);
    }
}

#[test]
fn a_hundred_thousand_quote_marks() {
    let start = Instant::now();
    for mark in ["\"", "\u{201C}", "'", "\u{2019}", "\u{00AB}"] {
        let s = mark.repeat(100_000);
        check(&s);
        let s = format!("He said {}", "\" x".repeat(100_000));
        check(&s);
    }
    assert!(start.elapsed() < LIMIT, "took {:?}", start.elapsed());
}

#[test]
fn a_ten_megabyte_paragraph() {
    let sentence = "\"We agreed with the U.S. president,\" Russian President Vladimir Putin said on Friday, and he told reporters that the talks, according to officials, went well. ";
    let mut s = String::with_capacity(10_000_000 + sentence.len());
    while s.len() < 10_000_000 {
        s.push_str(sentence);
    }
    let start = Instant::now();
    let a = check(&s);
    assert!(start.elapsed() < LIMIT, "took {:?}", start.elapsed());
    assert!(a.quotes.len() > 10_000);
    assert!(
        a.quotes
            .iter()
            .filter(|q| q.speaker.as_deref() == Some("Vladimir Putin"))
            .count()
            > 10_000
    );
}

#[test]
fn ten_megabytes_without_spaces_or_breaks() {
    let s = "ab".repeat(5_000_000);
    let start = Instant::now();
    check(&s);
    let s = "A. ".repeat(3_000_000);
    check(&s);
    assert!(start.elapsed() < LIMIT, "took {:?}", start.elapsed());
}

#[test]
fn ten_megabytes_of_transcript_and_fronted_clauses() {
    let turns = "WALLACE: When he spoke, Tom Barker said it went well.\n\n\
        PENCE: \"Well, look,\" he said. \"It did.\"\n\n";
    let mut s = String::with_capacity(10_000_000 + turns.len());
    while s.len() < 10_000_000 {
        s.push_str(turns);
    }
    let start = Instant::now();
    let a = check(&s);
    assert!(start.elapsed() < LIMIT, "took {:?}", start.elapsed());
    assert!(
        a.quotes
            .iter()
            .filter(|q| q.speaker_as_written.as_deref() == Some("WALLACE"))
            .count()
            > 10_000
    );
}

#[test]
fn one_sentence_of_many_according_tos() {
    // Each `according to` is looked at against its sentence: the
    // sentence's end (here after a million dashes) and the clause before
    // it must be found once, not once per phrase.
    let mut dashes = "according to analysts ".repeat(50_000);
    dashes.push_str(&"- ".repeat(500_000));
    dashes.push('.');
    let clauses = "prices rose, according to analysts that ".repeat(50_000) + ".";
    for s in [dashes, clauses] {
        let start = Instant::now();
        check(&s);
        assert!(start.elapsed() < LIMIT, "took {:?}", start.elapsed());
    }
}
