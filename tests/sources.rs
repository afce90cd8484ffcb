//! `dateline ingest` of feeds, OPML lists and WARC archives, and `dateline
//! fetch`, over real HTTP on 127.0.0.1 only.

#[path = "../crates/sources/tests/common/mod.rs"]
mod common;

mod support;
use support::*;

use common::*;
use dateline_store::Store;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

fn articles(data: &Path) -> i64 {
    Store::open(data).unwrap().counts().unwrap().articles
}

fn news_server() -> Server {
    Server::start(|req, port| {
        let link = |i: usize| format!("http://127.0.0.1:{port}/story/{i}");
        match req.path.as_str() {
            "/robots.txt" => response(
                "200 OK",
                "text/plain",
                "",
                "User-agent: *\nDisallow: /private\n",
            ),
            "/feed.xml" => {
                if req.header("If-None-Match") == Some("\"f1\"") {
                    return b"HTTP/1.1 304 Not Modified\r\nConnection: close\r\n\r\n".to_vec();
                }
                let mut links: Vec<String> = (1..=3).map(link).collect();
                links.push(format!("http://127.0.0.1:{port}/private/4"));
                response("200 OK", "text/xml", "ETag: \"f1\"\r\n", &rss(&links))
            }
            "/other.xml" => response(
                "200 OK",
                "application/rss+xml",
                "",
                &rss(&[link(5), link(1)]),
            ),
            "/subs.opml" => response(
                "200 OK",
                "text/x-opml",
                "",
                &opml(&[
                    format!("http://127.0.0.1:{port}/feed.xml"),
                    format!("http://127.0.0.1:{port}/other.xml"),
                ]),
            ),
            p => match p.strip_prefix("/story/").and_then(|n| n.parse().ok()) {
                Some(n) => response("200 OK", "text/html; charset=utf-8", "", &article_html(n)),
                None => not_found(),
            },
        }
    })
}

#[test]
fn fetch_subscribes_polls_and_ingests_new_items_once() {
    let server = news_server();
    let data = temp_dir("fetch");
    let d = data.to_str().unwrap();
    let feed = server.url("/feed.xml");
    let out = dateline(&[
        "fetch",
        &feed,
        "--data",
        d,
        "--allow-private",
        "--min-delay",
        "0.05",
    ]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    // The robots-disallowed item fails; the three stories are stored.
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("/private/4: disallowed by the site's robots.txt"),
        "{stderr}"
    );
    assert_eq!(articles(&data), 3, "{stderr}");
    assert!(server.requests("/private/4").is_empty());
    let table = String::from_utf8_lossy(&out.stdout);
    assert!(table.starts_with("FEED"), "{table}");
    assert!(
        table.contains("LAST FETCH") && table.contains("NEXT POLL") && table.contains("LAST ERROR")
    );
    let row = table.lines().find(|l| l.contains(&feed)).unwrap();
    assert!(row.contains(" 200 ") && row.contains(" 4 "), "{row}");

    // Again, forced: a conditional GET answered 304, nothing fetched.
    let out = dateline(&[
        "fetch",
        "--data",
        d,
        "--allow-private",
        "--force",
        "--min-delay",
        "0.05",
    ]);
    ok(out);
    assert_eq!(server.requests("/feed.xml").len(), 2);
    assert_eq!(
        server.requests("/feed.xml")[1].header("If-None-Match"),
        Some("\"f1\"")
    );
    for i in 1..=3 {
        assert_eq!(server.requests(&format!("/story/{i}")).len(), 1);
    }
    let status = dateline(&["fetch", "--status", "--data", d, "--json"]);
    let line: serde_json::Value =
        serde_json::from_slice(status.stdout.split(|&b| b == b'\n').next().unwrap()).unwrap();
    assert_eq!(line["http_status"], 304);
    assert_eq!(line["new_items"], 0);
    assert_eq!(
        server.requests("/robots.txt").len(),
        1,
        "robots.txt cached in the store"
    );
    std::fs::remove_dir_all(&data).unwrap();
}

#[test]
fn watch_keeps_polling_with_conditional_gets_and_fetches_each_item_once() {
    let server = news_server();
    let data = temp_dir("watch");
    let feed = server.url("/feed.xml");
    let mut child = Command::new(env!("CARGO_BIN_EXE_dateline"))
        .args(["fetch", &feed, "--watch", "--interval", "1"])
        .args(["--allow-private", "--min-delay", "0.05", "--data"])
        .arg(&data)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("run dateline");
    let started = Instant::now();
    while server.requests("/feed.xml").len() < 3 && started.elapsed() < Duration::from_secs(60) {
        std::thread::sleep(Duration::from_millis(50));
    }
    let still_running = child.try_wait().unwrap().is_none();
    let _ = child.kill();
    let _ = child.wait();
    assert!(still_running, "--watch stopped by itself");
    let polls = server.requests("/feed.xml");
    assert!(polls.len() >= 3, "polled {} times in 60 s", polls.len());
    assert_eq!(polls[0].header("If-None-Match"), None);
    for later in &polls[1..] {
        assert_eq!(later.header("If-None-Match"), Some("\"f1\""));
    }
    for i in 1..=3 {
        assert_eq!(
            server.requests(&format!("/story/{i}")).len(),
            1,
            "story {i}"
        );
    }
    assert!(server.requests("/private/4").is_empty());
    assert_eq!(articles(&data), 3);
}

#[test]
fn fetch_of_an_opml_list_subscribes_every_feed() {
    let server = news_server();
    let data = temp_dir("opml");
    let d = data.to_str().unwrap();
    let list = data.join("subs.opml");
    std::fs::write(
        &list,
        opml(&[server.url("/feed.xml"), server.url("/other.xml")]),
    )
    .unwrap();
    let out = dateline(&[
        "fetch",
        list.to_str().unwrap(),
        "--data",
        d,
        "--allow-private",
        "--min-delay",
        "0.05",
        "-q",
    ]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("2 feeds (2 new subscriptions)"), "{stderr}");
    // Stories 1, 2, 3 and 5; story 1 is in both feeds and fetched once.
    assert_eq!(articles(&data), 4, "{stderr}");
    assert_eq!(server.requests("/story/1").len(), 1);
    let table = String::from_utf8_lossy(&out.stdout);
    assert_eq!(table.lines().count(), 3, "{table}");
    std::fs::remove_dir_all(&data).unwrap();
}

#[test]
fn ingest_reads_feed_and_opml_urls_and_names_bad_ones() {
    let server = news_server();
    let data = temp_dir("ingest-feeds");
    let d = data.to_str().unwrap();
    let out = dateline(&[
        "ingest",
        &server.url("/other.xml"),
        "--data",
        d,
        "--allow-private",
        "-q",
    ]);
    ok(out);
    assert_eq!(articles(&data), 2);
    let out = dateline(&[
        "ingest",
        &server.url("/subs.opml"),
        "--data",
        d,
        "--allow-private",
    ]);
    assert_eq!(
        articles(&data),
        4,
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let bad_feed = data.join("news.rss");
    std::fs::write(
        &bad_feed,
        "<?xml version=\"1.0\"?><rss><channel><item><title>x",
    )
    .unwrap();
    let bad_opml = data.join("list.xml");
    std::fs::write(
        &bad_opml,
        "<opml><body><outline xmlUrl='http://a.example/f'></body></opml>",
    )
    .unwrap();
    let out = dateline(&[
        "ingest",
        bad_feed.to_str().unwrap(),
        bad_opml.to_str().unwrap(),
        "--data",
        d,
    ]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(&format!("{}: not a valid feed", bad_feed.display())),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!("{}: not valid OPML", bad_opml.display())),
        "{stderr}"
    );
    std::fs::remove_dir_all(&data).unwrap();
}

#[test]
fn ingest_reads_warc_archives_and_reports_truncation() {
    let data = temp_dir("warc");
    let d = data.to_str().unwrap();
    let records = [
        warc_record("warcinfo", "", b"software: test\r\n"),
        warc_response(
            "https://news.example/a",
            "200 OK",
            "text/html",
            article_html(1).as_bytes(),
        ),
        warc_response(
            "https://news.example/pic",
            "200 OK",
            "image/jpeg",
            b"\xff\xd8\xff",
        ),
        warc_response(
            "https://news.example/moved",
            "301 Moved Permanently",
            "text/html",
            b"",
        ),
        warc_response(
            "https://news.example/b",
            "200 OK",
            "text/html",
            article_html(2).as_bytes(),
        ),
    ];
    let gz: Vec<u8> = records.iter().flat_map(|r| gzip(r)).collect();
    let path = data.join("CC-NEWS-test.warc.gz");
    std::fs::write(&path, &gz).unwrap();
    let out = dateline(&["ingest", path.to_str().unwrap(), "--data", d]);
    let out = ok(out);
    assert_eq!(articles(&data), 2);
    // The warcinfo, image and redirect records are counted, not failed.
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("3 archive records passed over"), "{stderr}");
    let store = Store::open(&data).unwrap();
    assert!(store
        .article_by_url("https://news.example/b")
        .unwrap()
        .is_some());

    let cut = data.join("cut.warc.gz");
    let mut more: Vec<u8> = gz.clone();
    more.extend(gzip(&warc_response(
        "https://news.example/c",
        "200 OK",
        "text/html",
        article_html(3).as_bytes(),
    )));
    std::fs::write(&cut, &more[..more.len() - 30]).unwrap();
    let out = dateline(&["ingest", cut.to_str().unwrap(), "--data", d]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(&format!("error: {}: ", cut.display())),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!("byte {}", gz.len()))
            || stderr.contains(&format!("offset {}", gz.len())),
        "{stderr}"
    );
    assert_eq!(
        articles(&data),
        2,
        "the records before the damage were read again, unchanged"
    );
    std::fs::remove_dir_all(&data).unwrap();
}

/// `dateline ingest -` with `input` on stdin.
fn ingest_stdin(data: &str, input: &[u8], extra: &[&str]) -> Output {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_dateline"))
        .args(["ingest", "-", "--data", data])
        .args(extra)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run dateline");
    let mut stdin = child.stdin.take().unwrap();
    let input = input.to_vec();
    // Written from a thread: a large input would otherwise fill the pipe
    // while the child waits to be read.
    let writer = std::thread::spawn(move || stdin.write_all(&input));
    let out = child.wait_with_output().expect("dateline output");
    writer.join().unwrap().ok();
    out
}

#[test]
fn ingest_tells_a_feed_an_archive_and_a_page_apart_on_stdin() {
    let server = news_server();
    let data = temp_dir("stdin");
    let d = data.to_str().unwrap();
    let port_link = |i: usize| server.url(&format!("/story/{i}"));
    // A feed: its items are fetched.
    let out = ingest_stdin(
        d,
        rss(&[port_link(1), port_link(2)]).as_bytes(),
        &["--allow-private"],
    );
    ok(out);
    assert_eq!(articles(&data), 2);
    // A gzipped WARC, streamed record by record.
    let warc: Vec<u8> = [
        warc_record("warcinfo", "", b"software: test\r\n"),
        warc_response(
            "https://news.example/w",
            "200 OK",
            "text/html",
            article_html(7).as_bytes(),
        ),
    ]
    .iter()
    .flat_map(|r| gzip(r))
    .collect();
    let out = ingest_stdin(d, &warc, &[]);
    let out = ok(out);
    assert_eq!(articles(&data), 3);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("1 archive records passed over"), "{stderr}");
    assert!(Store::open(&data)
        .unwrap()
        .article_by_url("https://news.example/w")
        .unwrap()
        .is_some());
    // A page, as before.
    let out = ingest_stdin(d, article_html(8).as_bytes(), &[]);
    ok(out);
    assert_eq!(articles(&data), 4);
    // A page over the size limit is refused by name.
    let out = ingest_stdin(d, article_html(9).as_bytes(), &["--max-bytes", "100"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("-: "), "{stderr}");
    assert_eq!(articles(&data), 4);
    std::fs::remove_dir_all(&data).unwrap();
}

#[test]
fn watch_links_copies_of_articles_another_process_stored_between_rounds() {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;
    // Round 0 lists story 1; round 1 adds a copy of an article another
    // process stores meanwhile; round 2 adds story 3.
    let round = Arc::new(AtomicUsize::new(0));
    let feed_round = Arc::clone(&round);
    let server = Server::start(move |req, port| {
        let link = |p: &str| format!("http://127.0.0.1:{port}{p}");
        match req.path.as_str() {
            "/robots.txt" => not_found(),
            "/feed.xml" => {
                let r = feed_round.load(Ordering::SeqCst);
                let mut links = vec![link("/story/1")];
                if r >= 1 {
                    links.push(link("/copy/2"));
                }
                if r >= 2 {
                    links.push(link("/story/3"));
                }
                response("200 OK", "text/xml", "", &rss(&links))
            }
            "/story/1" => response("200 OK", "text/html", "", &article_html(1)),
            "/copy/2" => response("200 OK", "text/html", "", &article_html(2)),
            "/story/3" => response(
                "200 OK",
                "text/html",
                "",
                &format!(
                    "<html><head><title>Ferry timetable changes</title></head><body><article>\
                     <h1>Ferry timetable changes</h1>{}</article></body></html>",
                    "<p>Evening ferries to the northern islands will leave twenty minutes \
                     earlier from next month, the operator announced, citing tides and crew \
                     rosters that changed over the winter season.</p>"
                        .repeat(6)
                ),
            ),
            _ => not_found(),
        }
    });
    let data = temp_dir("watch-copies");
    let log = std::fs::File::create(data.join("watch.log")).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_dateline"))
        .args([
            "fetch",
            &server.url("/feed.xml"),
            "--watch",
            "--interval",
            "1",
        ])
        .args(["--allow-private", "--min-delay", "0.05", "--data"])
        .arg(&data)
        .stdout(Stdio::null())
        .stderr(log)
        .spawn()
        .expect("run dateline");
    let wait_for = |what: &dyn Fn() -> bool| {
        let started = Instant::now();
        while !what() && started.elapsed() < Duration::from_secs(60) {
            std::thread::sleep(Duration::from_millis(50));
        }
    };
    let count = |data: &Path| {
        Store::open(data)
            .ok()
            .and_then(|s| s.counts().ok())
            .map_or((0, 0), |c| (c.articles, c.copies))
    };
    wait_for(&|| count(&data).0 == 1);
    // Another process stores the original of the copy the feed lists next.
    let original = data.join("original.html");
    std::fs::write(&original, article_html(2)).unwrap();
    let out = dateline(&[
        "ingest",
        original.to_str().unwrap(),
        "--data",
        data.to_str().unwrap(),
    ]);
    ok(out);
    round.store(1, Ordering::SeqCst);
    wait_for(&|| count(&data).0 == 3);
    round.store(2, Ordering::SeqCst);
    wait_for(&|| count(&data).0 == 4);
    let _ = child.kill();
    let _ = child.wait();
    assert_eq!(
        count(&data),
        (4, 2),
        "the watch linked the fetched copy to the article stored by the other process"
    );
    // Reloaded once, for the other process's article; the watch's own
    // feed bookkeeping between rounds does not count.
    let log = std::fs::read_to_string(data.join("watch.log")).unwrap();
    assert_eq!(
        log.matches("copy index and stories reloaded").count(),
        1,
        "{log}"
    );
}
