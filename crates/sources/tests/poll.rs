//! Polling over real HTTP on 127.0.0.1: conditional GET, robots.txt,
//! per-host spacing, backoff, items not fetched twice.

mod common;

use common::*;
use dateline_input::{Limits, Reason};
use dateline_sources::polite::Polite;
use dateline_sources::poll::{fetch_items, PollOptions, Poller};
use dateline_sources::Item;
use dateline_store::{FeedLedger, Store};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

fn loopback() -> Limits {
    Limits {
        allow_private: true,
        timeout: Duration::from_secs(5),
        ..Limits::default()
    }
}

fn options() -> PollOptions {
    PollOptions {
        interval: Duration::from_secs(600),
        ..PollOptions::default()
    }
}

#[test]
fn conditional_get_answers_304_and_seen_items_are_not_fetched_again() {
    let server = Server::start(|req, port| match req.path.as_str() {
        "/feed.xml" => {
            if req.header("If-None-Match") == Some("\"v1\"") {
                return b"HTTP/1.1 304 Not Modified\r\nETag: \"v1\"\r\nConnection: close\r\n\r\n"
                    .to_vec();
            }
            let links: Vec<String> = (1..=2)
                .map(|i| format!("http://127.0.0.1:{port}/story/{i}"))
                .collect();
            response(
                "200 OK",
                "application/rss+xml",
                "ETag: \"v1\"\r\nLast-Modified: Sat, 08 Jul 2017 10:00:00 GMT\r\n",
                &rss(&links),
            )
        }
        p if p.starts_with("/story/") => response("200 OK", "text/html", "", &article_html(1)),
        _ => not_found(),
    });
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let polite = Polite::new(loopback(), Duration::from_millis(10));
    let poller = Poller::new(&store, &polite, options()).unwrap();

    let sub = poller.subscribe(&server.url("/feed.xml")).unwrap();
    assert_eq!(sub.feeds.len(), 1);
    assert!(sub.feeds[0].1, "a new subscription");
    let first = &sub.polled[0];
    assert_eq!(first.poll.status, Some(200));
    assert_eq!(first.new_items.len(), 2);
    let state = &store.feeds().unwrap()[0];
    assert_eq!(state.etag.as_deref(), Some("\"v1\""));

    // Fetch the items and record them, as `dateline fetch` does.
    let got = Mutex::new(Vec::new());
    let items = first
        .new_items
        .iter()
        .map(|u| (u.clone(), Some(state.id)))
        .collect();
    let outcomes = fetch_items(&polite, 2, items, |p| got.lock().unwrap().push(p));
    assert_eq!(
        got.lock()
            .unwrap()
            .iter()
            .filter(|p| matches!(p, Ok(Item::Page(_))))
            .count(),
        2
    );
    poller.record_items(&outcomes).unwrap();

    // Not due yet: nothing is requested.
    let before = server.requests("/feed.xml").len();
    assert!(poller
        .poll_due(dateline_store::now_ms(), false)
        .unwrap()
        .is_empty());
    assert_eq!(server.requests("/feed.xml").len(), before);

    // Forced: a conditional GET, answered 304.
    let polled = poller.poll_due(dateline_store::now_ms(), true).unwrap();
    assert_eq!(polled[0].poll.status, Some(304));
    assert!(polled[0].new_items.is_empty());
    let last = server.requests("/feed.xml").pop().unwrap();
    assert_eq!(last.header("If-None-Match"), Some("\"v1\""));
    assert_eq!(
        last.header("If-Modified-Since"),
        Some("Sat, 08 Jul 2017 10:00:00 GMT")
    );
    assert_eq!(store.feeds().unwrap()[0].etag.as_deref(), Some("\"v1\""));

    // The validators forgotten, the feed comes back whole: its items are
    // known and not new.
    store
        .connection()
        .execute("UPDATE feeds SET etag = NULL, last_modified = NULL", [])
        .unwrap();
    let polled = poller.poll_due(dateline_store::now_ms(), true).unwrap();
    assert_eq!(polled[0].poll.status, Some(200));
    assert!(polled[0].new_items.is_empty(), "{:?}", polled[0].new_items);
    assert_eq!(server.requests("/story/1").len(), 1);
    // robots.txt was asked once and cached.
    assert_eq!(server.requests("/robots.txt").len(), 1);
    assert_eq!(store.robots().unwrap().len(), 1);
}

#[test]
fn robots_txt_disallow_is_honoured_for_dateline_and_star() {
    let server = Server::start(|req, _| {
        match req.path.as_str() {
        "/robots.txt" => response(
            "200 OK",
            "text/plain",
            "",
            "User-agent: *\nDisallow: /members\n\nUser-agent: dateline\nDisallow: /private\nAllow: /private/open\n",
        ),
        _ => response("200 OK", "text/html", "", &article_html(2)),
    }
    });
    let polite = Polite::new(loopback(), Duration::from_millis(10));
    let urls = ["/private/a", "/private/open/b", "/news/c", "/members/d"];
    let items = urls.iter().map(|p| (server.url(p), None)).collect();
    let results = Mutex::new(Vec::new());
    let outcomes = fetch_items(&polite, 2, items, |r| results.lock().unwrap().push(r));
    let disallowed: Vec<String> = results
        .lock()
        .unwrap()
        .iter()
        .filter_map(|r| match r {
            Err(e) if matches!(e.reason, Reason::Disallowed) => Some(e.source.clone()),
            _ => None,
        })
        .collect();
    // The dateline group applies, so /members (only in *) is allowed.
    assert_eq!(disallowed, [server.url("/private/a")]);
    assert!(server.requests("/private/a").is_empty(), "never requested");
    assert_eq!(server.requests("/private/open/b").len(), 1);
    assert_eq!(server.requests("/news/c").len(), 1);
    assert_eq!(server.requests("/members/d").len(), 1);
    let refused = outcomes
        .iter()
        .find(|o| o.url.ends_with("/private/a"))
        .unwrap();
    assert!(refused.done, "a disallowed item is not retried");

    // Only a * group: it applies.
    let star = Server::start(|req, _| match req.path.as_str() {
        "/robots.txt" => response("200 OK", "text/plain", "", "User-agent: *\nDisallow: /\n"),
        _ => response("200 OK", "text/html", "", "<html></html>"),
    });
    let polite = Polite::new(loopback(), Duration::from_millis(10));
    let results = Mutex::new(Vec::new());
    fetch_items(&polite, 1, vec![(star.url("/a"), None)], |r| {
        results.lock().unwrap().push(r)
    });
    assert!(matches!(
        &results.lock().unwrap()[0],
        Err(e) if matches!(e.reason, Reason::Disallowed)
    ));
    assert_eq!(star.all().len(), 1, "only robots.txt was requested");
}

#[test]
fn requests_to_one_host_are_spaced_and_crawl_delay_raises_the_spacing() {
    let server = Server::start(|req, _| match req.path.as_str() {
        "/robots.txt" => not_found(),
        _ => response("200 OK", "text/html", "", "<html><p>x</p></html>"),
    });
    let delay = Duration::from_millis(300);
    let polite = Polite::new(loopback(), delay);
    let items = (0..4)
        .map(|i| (server.url(&format!("/p{i}")), None))
        .collect();
    // Several workers, one host: still one request at a time, spaced.
    fetch_items(&polite, 4, items, |_| {});
    let seen = server.all();
    assert_eq!(seen.len(), 5, "robots.txt and four pages");
    for pair in seen.windows(2) {
        let gap = pair[1].at - pair[0].at;
        assert!(
            gap >= delay - Duration::from_millis(5),
            "gap {gap:?} between {} and {}",
            pair[0].path,
            pair[1].path
        );
    }

    let slow = Server::start(|req, _| match req.path.as_str() {
        "/robots.txt" => response(
            "200 OK",
            "text/plain",
            "",
            "User-agent: *\nCrawl-delay: 0.8\n",
        ),
        _ => response("200 OK", "text/html", "", "<html><p>x</p></html>"),
    });
    let polite = Polite::new(loopback(), Duration::from_millis(50));
    let items = (0..2)
        .map(|i| (slow.url(&format!("/p{i}")), None))
        .collect();
    fetch_items(&polite, 2, items, |_| {});
    let seen = slow.all();
    assert_eq!(seen.len(), 3);
    for pair in seen.windows(2) {
        assert!(pair[1].at - pair[0].at >= Duration::from_millis(790));
    }
}

#[test]
fn a_failing_feed_backs_off_doubling_and_recovers() {
    let failing = Arc::new(AtomicUsize::new(2));
    let f2 = Arc::clone(&failing);
    let server = Server::start(move |req, port| match req.path.as_str() {
        "/robots.txt" => not_found(),
        "/feed.xml" => {
            if f2.load(Ordering::SeqCst) > 0 {
                f2.fetch_sub(1, Ordering::SeqCst);
                response("500 Internal Server Error", "text/plain", "", "oops")
            } else {
                response(
                    "200 OK",
                    "application/rss+xml",
                    "",
                    &rss(&[format!("http://127.0.0.1:{port}/s")]),
                )
            }
        }
        _ => not_found(),
    });
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let polite = Polite::new(loopback(), Duration::from_millis(10));
    let interval = Duration::from_secs(600);
    let poller = Poller::new(&store, &polite, options()).unwrap();
    let now = dateline_store::now_ms();
    store
        .subscribe(&server.url("/feed.xml"), None, now)
        .unwrap();

    let p = poller.poll_due(now, false).unwrap();
    assert_eq!(p[0].poll.status, Some(500));
    assert_eq!(p[0].poll.failures, 1);
    assert_eq!(p[0].poll.error.as_deref(), Some("HTTP status 500"));
    assert_eq!(
        p[0].poll.next_poll - p[0].poll.fetched_at,
        interval.as_millis() as i64
    );
    // Before the stored next attempt time nothing is requested.
    assert!(poller.poll_due(now + 1000, false).unwrap().is_empty());
    assert_eq!(server.requests("/feed.xml").len(), 1);

    let later = p[0].poll.next_poll;
    let p = poller.poll_due(later, false).unwrap();
    assert_eq!(p[0].poll.failures, 2);
    assert_eq!(
        p[0].poll.next_poll - p[0].poll.fetched_at,
        2 * interval.as_millis() as i64
    );
    let state = &store.feeds().unwrap()[0];
    assert_eq!(state.failures, 2);
    assert_eq!(state.last_error.as_deref(), Some("HTTP status 500"));

    let p = poller.poll_due(p[0].poll.next_poll, false).unwrap();
    assert_eq!(p[0].poll.status, Some(200));
    assert_eq!(p[0].poll.failures, 0);
    assert_eq!(p[0].new_items.len(), 1);
    let state = &store.feeds().unwrap()[0];
    assert_eq!(state.last_error, None);
    assert_eq!(
        state.next_poll - state.last_fetch.unwrap(),
        interval.as_millis() as i64
    );
}

#[test]
fn opml_subscribes_its_feeds_and_bad_sources_are_named() {
    let server = Server::start(|req, port| match req.path.as_str() {
        "/robots.txt" => not_found(),
        "/subs.opml" => response(
            "200 OK",
            "text/xml",
            "",
            &opml(&[
                format!("http://127.0.0.1:{port}/a.xml"),
                format!("http://127.0.0.1:{port}/b.xml"),
            ]),
        ),
        "/page" => response("200 OK", "text/html", "", "<html><body>hi</body></html>"),
        "/broken.xml" => response(
            "200 OK",
            "application/rss+xml",
            "",
            "<rss><channel><item><link>x",
        ),
        _ => not_found(),
    });
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let polite = Polite::new(loopback(), Duration::from_millis(10));
    let poller = Poller::new(&store, &polite, options()).unwrap();
    let sub = poller.subscribe(&server.url("/subs.opml")).unwrap();
    let urls: Vec<&str> = sub.feeds.iter().map(|(f, _)| f.url.as_str()).collect();
    assert_eq!(urls, [server.url("/a.xml"), server.url("/b.xml")]);
    assert_eq!(sub.feeds[0].0.title.as_deref(), Some("Feed 0"));
    assert_eq!(store.feeds().unwrap().len(), 2);

    let err = poller
        .subscribe(&server.url("/page"))
        .unwrap_err()
        .to_string();
    assert!(err.starts_with(&server.url("/page")), "{err}");
    assert!(err.contains("neither"), "{err}");

    // A malformed feed is subscribed through its URL's answer being a
    // feed... or not: here it sniffs as RSS but does not parse.
    let sub = poller.subscribe(&server.url("/broken.xml")).unwrap();
    let polled = &sub.polled[0];
    assert!(
        polled
            .poll
            .error
            .as_deref()
            .unwrap()
            .contains("not a valid feed"),
        "{:?}",
        polled.poll.error
    );
    assert_eq!(polled.poll.failures, 1);

    let local = dir.path().join("bad.opml");
    std::fs::write(
        &local,
        "<opml><body><outline xmlUrl=\"http://x.example/f\"></body>",
    )
    .unwrap();
    let err = poller
        .subscribe(&local.display().to_string())
        .unwrap_err()
        .to_string();
    assert!(err.starts_with(&local.display().to_string()), "{err}");
}

#[test]
fn expansion_fetches_urls_together_and_keeps_their_order() {
    let server = Server::start(|req, port| match req.path.as_str() {
        "/feed.xml" => response(
            "200 OK",
            "text/html",
            "",
            &rss(&[
                format!("http://127.0.0.1:{port}/s/1"),
                "file:///etc/passwd".to_string(),
                "/s/2".to_string(),
            ]),
        ),
        "/missing" => not_found(),
        p => response(
            "200 OK",
            "text/html",
            "",
            &format!("<html><p>{p}</p></html>"),
        ),
    });
    let args: Vec<String> = ["/a", "/feed.xml", "/missing", "/b"]
        .iter()
        .map(|p| server.url(p))
        .collect();
    let names: Vec<String> = dateline_sources::expand(&args, &loopback())
        .map(|r| match r {
            Ok(Item::Page(p)) => format!("page {}", p.url.unwrap_or_default()),
            Ok(Item::Input(i)) => format!("url {}", i.name()),
            Err(e) => format!("error {e}"),
        })
        .collect();
    assert_eq!(
        names,
        [
            format!("page {}", server.url("/a")),
            format!("url {}", server.url("/s/1")),
            // Relative links resolve against the feed's URL; file: links are dropped.
            format!("url {}", server.url("/s/2")),
            format!("error {}: HTTP status 404", server.url("/missing")),
            format!("page {}", server.url("/b")),
        ]
    );
}
