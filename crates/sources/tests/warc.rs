//! WARC archives written here, read back through `expand`.

mod common;

use common::*;
use dateline_input::Limits;
use dateline_sources::warc::WarcReader;
use dateline_sources::{expand, Item};

fn records() -> Vec<Vec<u8>> {
    vec![
        warc_record("warcinfo", "", b"software: test\r\n"),
        warc_record(
            "request",
            "https://news.example/a",
            b"GET /a HTTP/1.1\r\n\r\n",
        ),
        warc_response(
            "https://news.example/a",
            "200 OK",
            "text/html; charset=iso-8859-1",
            article_html(1).as_bytes(),
        ),
        warc_response(
            "https://news.example/logo.png",
            "200 OK",
            "image/png",
            b"\x89PNG....",
        ),
        warc_response(
            "https://news.example/gone",
            "404 Not Found",
            "text/html",
            b"<html>gone</html>",
        ),
        warc_response(
            "https://news.example/b",
            "200 OK",
            "text/html",
            article_html(2).as_bytes(),
        ),
    ]
}

fn split(
    items: Vec<Result<Item, dateline_input::InputError>>,
) -> (Vec<dateline_core::Page>, Vec<String>) {
    let mut pages = Vec::new();
    let mut errors = Vec::new();
    for item in items {
        match item {
            Ok(Item::Page(p)) => pages.push(p),
            Ok(other) => panic!("unexpected {other:?}"),
            Err(e) => errors.push(e.to_string()),
        }
    }
    (pages, errors)
}

#[test]
fn reads_html_responses_from_per_record_gzip_and_plain_warc() {
    let dir = tempfile::tempdir().unwrap();
    let recs = records();
    // CC-NEWS layout: one gzip member per record.
    let gz: Vec<u8> = recs.iter().flat_map(|r| gzip(r)).collect();
    let gz_path = dir.path().join("news.warc.gz");
    std::fs::write(&gz_path, &gz).unwrap();
    let plain_path = dir.path().join("news.warc");
    std::fs::write(&plain_path, recs.concat()).unwrap();
    // Named without an extension: told by content.
    let odd_path = dir.path().join("crawl.bin");
    std::fs::write(&odd_path, &gz).unwrap();

    for path in [&gz_path, &plain_path, &odd_path] {
        let name = path.display().to_string();
        let mut sources = expand(std::slice::from_ref(&name), &Limits::default());
        let items: Vec<_> = sources.by_ref().collect();
        assert_eq!(sources.skipped(), 4, "{name}: warcinfo, request, png, 404");
        let (pages, errors) = split(items);
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(pages.len(), 2);
        assert_eq!(pages[0].url.as_deref(), Some("https://news.example/a"));
        assert_eq!(
            pages[0].content_type.as_deref(),
            Some("text/html; charset=iso-8859-1")
        );
        assert_eq!(pages[0].bytes, article_html(1).as_bytes());
        assert_eq!(pages[1].url.as_deref(), Some("https://news.example/b"));
        assert!(pages[0].source.starts_with(&format!("{name}#")));
    }

    // In a per-record gzip file the offset is the member's, as in a CDX index.
    let offset_of_a: usize = recs[..2].iter().map(|r| gzip(r).len()).sum();
    let (pages_gz, _) =
        split(expand(&[gz_path.display().to_string()], &Limits::default()).collect());
    assert_eq!(
        pages_gz[0].source,
        format!("{}#{offset_of_a}", gz_path.display())
    );
    let mut reader = WarcReader::new(std::io::BufReader::new(&gz[..]), 1 << 20).unwrap();
    let offsets: Vec<u64> = reader.by_ref().map(|r| r.unwrap().offset).collect();
    let mut expected = Vec::new();
    let mut at = 0u64;
    for r in &recs {
        expected.push(at);
        at += gzip(r).len() as u64;
    }
    assert_eq!(offsets, expected);
}

#[test]
fn a_truncated_archive_keeps_what_came_before_and_names_file_and_offset() {
    let dir = tempfile::tempdir().unwrap();
    let recs = records();
    let mut gz: Vec<u8> = recs.iter().flat_map(|r| gzip(r)).collect();
    let last_member = gz.len() - gzip(&recs[5]).len();
    gz.truncate(gz.len() - 40);
    let path = dir.path().join("cut.warc.gz");
    std::fs::write(&path, &gz).unwrap();
    let (pages, errors) =
        split(expand(&[path.display().to_string()], &Limits::default()).collect());
    assert_eq!(pages.len(), 1, "the record before the damage is read");
    assert_eq!(errors.len(), 1, "{errors:?}");
    let name = path.display().to_string();
    assert!(errors[0].starts_with(&format!("{name}: ")), "{}", errors[0]);
    assert!(
        errors[0].contains(&last_member.to_string()),
        "{}",
        errors[0]
    );

    // Uncompressed and cut inside a record's content.
    let plain = recs.concat();
    let cut = plain.len() - 100;
    let path = dir.path().join("cut.warc");
    std::fs::write(&path, &plain[..cut]).unwrap();
    let start_of_last = plain.len() - recs[5].len();
    let (pages, errors) =
        split(expand(&[path.display().to_string()], &Limits::default()).collect());
    assert_eq!(pages.len(), 1);
    assert_eq!(errors.len(), 1);
    assert!(
        errors[0].contains(&format!("truncated WARC record at offset {start_of_last}")),
        "{}",
        errors[0]
    );

    // Not WARC after the first record.
    let mut junk = recs[0].clone();
    junk.extend_from_slice(b"<html>this is not a record</html>\r\n");
    let path = dir.path().join("junk.warc");
    std::fs::write(&path, &junk).unwrap();
    let (_, errors) = split(expand(&[path.display().to_string()], &Limits::default()).collect());
    assert_eq!(errors.len(), 1);
    assert!(
        errors[0].contains(&format!("not a WARC record at offset {}", recs[0].len())),
        "{}",
        errors[0]
    );
}

#[test]
fn oversized_records_are_skipped_with_an_error_and_reading_goes_on() {
    let recs = [
        warc_response(
            "https://n.example/big",
            "200 OK",
            "text/html",
            &vec![b'a'; 5000],
        ),
        warc_response(
            "https://n.example/ok",
            "200 OK",
            "text/html",
            b"<html><p>ok</p></html>",
        ),
    ];
    let data: Vec<u8> = recs.iter().flat_map(|r| gzip(r)).collect();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.warc.gz");
    std::fs::write(&path, data).unwrap();
    let limits = Limits {
        max_bytes: 2000,
        ..Limits::default()
    };
    let (pages, errors) = split(expand(&[path.display().to_string()], &limits).collect());
    assert_eq!(pages.len(), 1);
    assert!(errors[0].contains("larger than the limit"), "{errors:?}");
}

#[test]
fn random_damage_never_panics() {
    let recs = records();
    let gz: Vec<u8> = recs.iter().flat_map(|r| gzip(r)).collect();
    let plain = recs.concat();
    let mut seed = 0x2545F4914F6CDD1Du64;
    for round in 0..300 {
        let mut data = if round % 2 == 0 {
            gz.clone()
        } else {
            plain.clone()
        };
        for _ in 0..(1 + round % 5) {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let i = (seed as usize) % data.len();
            data[i] = (seed >> 32) as u8;
        }
        seed ^= seed << 13;
        data.truncate(data.len() - (seed as usize % 50));
        let reader = WarcReader::new(std::io::BufReader::new(&data[..]), 1 << 20).unwrap();
        for record in reader.take(100).flatten() {
            let _ = dateline_sources::warc::record_page(record, "x", 1 << 20);
        }
    }
}
