//! Hostile and broken input: every case gives an article or a clear error,
//! never a panic, in bounded time.

use dateline_core::Page;
use dateline_extract::{extract, extract_html, ExtractError, Options};
use std::time::{Duration, Instant};

fn page(bytes: Vec<u8>) -> Page {
    Page {
        source: "test".into(),
        url: None,
        content_type: None,
        bytes,
    }
}

/// Runs the extractor and checks it finished within `limit`.
fn run(
    bytes: Vec<u8>,
    opts: &Options,
    limit: Duration,
) -> Result<dateline_core::Article, ExtractError> {
    let start = Instant::now();
    let out = extract(&page(bytes), opts);
    let took = start.elapsed();
    assert!(took < limit, "took {took:?}, limit {limit:?}");
    out
}

fn quick(bytes: Vec<u8>) -> Result<dateline_core::Article, ExtractError> {
    run(bytes, &Options::default(), Duration::from_secs(10))
}

const PARA: &str = "<p>The committee met on Tuesday, and after a long debate it agreed to publish the report, officials said.</p>";

fn article_html(paragraphs: usize) -> String {
    format!(
        "<!DOCTYPE html><html><head><title>Report published</title></head><body><nav><a href=/>Home</a></nav><article>{}</article></body></html>",
        PARA.repeat(paragraphs)
    )
}

#[test]
fn empty_and_blank_pages_are_empty() {
    assert_eq!(quick(Vec::new()).unwrap_err(), ExtractError::Empty);
    assert_eq!(
        quick(b" \n\t \r\n".to_vec()).unwrap_err(),
        ExtractError::Empty
    );
    assert_eq!(
        extract_html("", None, &Options::default()).unwrap_err(),
        ExtractError::Empty
    );
}

#[test]
fn binary_data_is_refused() {
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    png.extend((0..5000u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8));
    assert_eq!(quick(png).unwrap_err(), ExtractError::Binary);
    let noise: Vec<u8> = (0..20_000u32)
        .map(|i| (i.wrapping_mul(2_246_822_519).rotate_left(7) >> 3) as u8)
        .collect();
    // Random bytes: refused as binary or, at worst, an article; never a panic.
    let _ = quick(noise);
}

#[test]
fn a_normal_page_gives_its_text() {
    let a = quick(article_html(5).into_bytes()).unwrap();
    assert_eq!(a.body.len(), 5);
    assert!(!a.body_text().contains("Home"));
}

#[test]
fn truncated_pages_still_give_text_or_a_clear_error() {
    let html = article_html(8);
    let bytes = html.as_bytes();
    for cut in (0..bytes.len()).step_by(37) {
        match quick(bytes[..cut].to_vec()) {
            Ok(_) | Err(ExtractError::Empty) | Err(ExtractError::NoContent) => {}
            Err(e) => panic!("cut at {cut}: unexpected {e:?}"),
        }
    }
    // Cut in the middle of a tag, an attribute, a comment, a script.
    for tail in [
        "<p class=\"x",
        "<!-- never closed",
        "<script>var a = '<p>';",
        "<p>text &am",
    ] {
        let s = format!("{}{}", article_html(3), tail);
        assert!(quick(s.into_bytes()).is_ok(), "{tail}");
    }
}

#[test]
fn oversized_pages_are_refused_quickly_or_read_when_allowed() {
    let big = article_html(50 * 1024 * 1024 / PARA.len() + 1).into_bytes();
    assert!(big.len() > 50 * 1024 * 1024);
    let size = big.len();
    match run(big, &Options::default(), Duration::from_secs(1)) {
        Err(ExtractError::TooLarge { size: s, limit }) => {
            assert_eq!(s, size);
            assert_eq!(limit, 32 * 1024 * 1024);
        }
        other => panic!("expected TooLarge, got {:?}", other.map(|a| a.word_count)),
    }
    // With the limit raised, a large page (4 MB here, to keep the test quick)
    // is read within bounded time.
    let opts = Options {
        max_input_bytes: 64 * 1024 * 1024,
        ..Options::default()
    };
    let large = article_html(4 * 1024 * 1024 / PARA.len()).into_bytes();
    let a = run(large, &opts, Duration::from_secs(20)).unwrap();
    assert!(a.word_count > 100_000);
}

#[test]
fn very_deep_nesting_does_not_overflow() {
    let n = 100_000;
    let html = format!(
        "<html><body>{}{}{}</body></html>",
        "<div>".repeat(n),
        PARA.repeat(3),
        "</div>".repeat(n)
    );
    let a = quick(html.into_bytes()).unwrap();
    assert!(a.body_text().contains("committee"));
    let inline = format!("{}{}", "<b><i><span>".repeat(n), PARA.repeat(3));
    let r = quick(inline.into_bytes());
    assert!(r.is_ok(), "{r:?}");
}

#[test]
fn many_unclosed_tags_and_stray_end_tags() {
    let html = format!("{}{}", "<div><p><span><li><td>".repeat(100_000), PARA);
    let _ = quick(html.into_bytes());
    let html = format!(
        "{}{}",
        "</div></p></table></b>".repeat(100_000),
        PARA.repeat(3)
    );
    assert!(quick(html.into_bytes()).is_ok());
}

#[test]
fn huge_attributes_and_many_attributes() {
    let html = format!(
        "<div title=\"{}\">{}</div>",
        "x&amp;".repeat(2_000_000),
        PARA.repeat(3)
    );
    assert!(quick(html.into_bytes()).is_ok());
    let attrs: String = (0..100_000).map(|i| format!(" a{i}=v")).collect();
    let html = format!("<div{attrs}>{}</div>", PARA.repeat(3));
    assert!(quick(html.into_bytes()).is_ok());
    let html = format!(
        "<div class=\"{}\">{}</div>",
        "share ".repeat(1_000_000),
        PARA.repeat(3)
    );
    let _ = quick(html.into_bytes());
}

#[test]
fn wrong_charset_declaration_and_invalid_utf8() {
    let mut bytes = b"<html><head><meta charset=\"iso-8859-1\"></head><body><article>".to_vec();
    for _ in 0..3 {
        bytes.extend_from_slice(
            "<p>Café society met in Zürich — “quoted”, they said, and left.</p>".as_bytes(),
        );
    }
    bytes.extend_from_slice(
        b"<p>\xff\xfe\xc3 broken \x80 bytes, and more text after them here.</p></article>",
    );
    let a = quick(bytes).unwrap();
    assert!(a.body_text().contains("society"));
    let mut utf16 = vec![0xFF, 0xFE];
    for u in article_html(3).encode_utf16() {
        utf16.extend_from_slice(&u.to_le_bytes());
    }
    let _ = quick(utf16);
}

#[test]
fn node_limit_and_entity_floods() {
    let opts = Options {
        max_nodes: 10_000,
        ..Options::default()
    };
    let html = article_html(100_000).into_bytes();
    let a = run(html, &opts, Duration::from_secs(10)).unwrap();
    assert!(!a.body.is_empty());
    let html = format!(
        "<p>{}</p>{}",
        "&amp;&#x1F600;&bogus;&#99999999;".repeat(200_000),
        PARA
    );
    assert!(quick(html.into_bytes()).is_ok());
}

#[test]
fn nul_bytes_and_control_characters_in_markup() {
    let html = format!("<p\0 class=\0>\0{}\u{1}\u{7f}</p>{}", "\0x", PARA.repeat(3));
    let _ = quick(html.into_bytes());
}

/// A cheap stand-in for fuzzing in every test run: random mutations of a
/// seed page (deterministic, so failures reproduce).
#[test]
fn random_mutations_never_panic() {
    let seed = article_html(4);
    let pieces: [&[u8]; 12] = [
        b"<",
        b">",
        b"</",
        b"<!--",
        b"-->",
        b"&",
        b"&#x",
        b";",
        b"\"",
        b"<script>",
        b"<table><tr><td>",
        b"\xff",
    ];
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for _ in 0..300 {
        let mut bytes = seed.as_bytes().to_vec();
        for _ in 0..(next() % 20 + 1) {
            let pos = (next() as usize) % (bytes.len() + 1);
            match next() % 3 {
                0 => {
                    let p = pieces[(next() as usize) % pieces.len()];
                    bytes.splice(pos..pos, p.iter().copied());
                }
                1 => {
                    let end = (pos + (next() as usize) % 40).min(bytes.len());
                    bytes.drain(pos..end);
                }
                _ => {
                    if pos < bytes.len() {
                        bytes[pos] = next() as u8;
                    }
                }
            }
        }
        let _ = quick(bytes);
    }
}
