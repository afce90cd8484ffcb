//! A small HTTP/1.1 server on 127.0.0.1 (random port) for the tests, which
//! logs every request with its headers and arrival time; and builders for
//! test pages, feeds and WARC files. Nothing here leaves loopback.
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};
use std::time::Instant;

/// One request as the server saw it.
#[derive(Debug, Clone)]
pub struct Seen {
    pub path: String,
    pub headers: Vec<(String, String)>,
    pub at: Instant,
}

impl Seen {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

pub type Responder = dyn Fn(&Seen, u16) -> Vec<u8> + Send + Sync;

pub struct Server {
    pub port: u16,
    pub log: Arc<Mutex<Vec<Seen>>>,
}

impl Server {
    pub fn start(respond: impl Fn(&Seen, u16) -> Vec<u8> + Send + Sync + 'static) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let log = Arc::new(Mutex::new(Vec::new()));
        let log2 = Arc::clone(&log);
        let respond: Arc<Responder> = Arc::new(respond);
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(mut stream) = stream else { continue };
                let log = Arc::clone(&log2);
                let respond = Arc::clone(&respond);
                std::thread::spawn(move || {
                    let mut reader = BufReader::new(stream.try_clone().unwrap());
                    let mut request_line = String::new();
                    if reader.read_line(&mut request_line).unwrap_or(0) == 0 {
                        return;
                    }
                    let at = Instant::now();
                    let mut headers = Vec::new();
                    loop {
                        let mut line = String::new();
                        if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
                            break;
                        }
                        if let Some((n, v)) = line.trim_end().split_once(':') {
                            headers.push((n.trim().to_string(), v.trim().to_string()));
                        }
                    }
                    let path = request_line.split(' ').nth(1).unwrap_or("/").to_string();
                    let seen = Seen { path, headers, at };
                    log.lock().unwrap().push(seen.clone());
                    let _ = stream.write_all(&respond(&seen, port));
                });
            }
        });
        Server { port, log }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    /// Requests for `path`, in arrival order.
    pub fn requests(&self, path: &str) -> Vec<Seen> {
        let mut v: Vec<Seen> = self
            .log
            .lock()
            .unwrap()
            .iter()
            .filter(|s| s.path == path)
            .cloned()
            .collect();
        v.sort_by_key(|s| s.at);
        v
    }

    pub fn all(&self) -> Vec<Seen> {
        let mut v = self.log.lock().unwrap().clone();
        v.sort_by_key(|s| s.at);
        v
    }
}

pub fn response(status: &str, content_type: &str, extra: &str, body: &str) -> Vec<u8> {
    format!(
        "HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n{extra}Connection: close\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
}

pub fn not_found() -> Vec<u8> {
    response("404 Not Found", "text/plain", "", "not found")
}

/// A news page with distinct, made-up text for number `n`.
pub fn article_html(n: usize) -> String {
    let words = [
        "council", "harbour", "budget", "river", "school", "bridge", "market", "festival",
        "railway", "library", "stadium", "hospital",
    ];
    let w = |i: usize| words[(n * 7 + i) % words.len()];
    let mut paras = String::new();
    for p in 0..6 {
        paras.push_str(&format!(
            "<p>The {a} committee met on day {n} to discuss the {b} plan, and members said the \
             {c} proposal number {p} would be decided after residents of district {n} were heard \
             at length about the {a} and the {b}.</p>\n",
            a = w(p),
            b = w(p + 3),
            c = w(p + 5),
        ));
    }
    format!(
        "<!DOCTYPE html><html><head><title>Story {n}: the {a} plan</title>\
         <meta property=\"og:title\" content=\"Story {n}: the {a} plan\"></head>\
         <body><nav><a href=\"/\">Home</a></nav><article><h1>Story {n}: the {a} plan</h1>\
         <p class=\"byline\">By Test Reporter</p>{paras}</article><footer>Contact us</footer></body></html>",
        a = w(0)
    )
}

pub fn rss(items: &[String]) -> String {
    let mut s = String::from(
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Test feed</title>",
    );
    for (i, link) in items.iter().enumerate() {
        s.push_str(&format!(
            "<item><title>Item {i}</title><link>{link}</link><guid>{link}</guid></item>"
        ));
    }
    s.push_str("</channel></rss>");
    s
}

pub fn opml(feeds: &[String]) -> String {
    let mut s = String::from("<?xml version=\"1.0\"?><opml version=\"2.0\"><head><title>Subs</title></head><body><outline text=\"News\">");
    for (i, f) in feeds.iter().enumerate() {
        s.push_str(&format!(
            "<outline type=\"rss\" text=\"Feed {i}\" xmlUrl=\"{f}\"/>"
        ));
    }
    s.push_str("</outline></body></opml>");
    s
}

/// One WARC record with `block` as its content.
pub fn warc_record(kind: &str, uri: &str, block: &[u8]) -> Vec<u8> {
    let mut r = format!(
        "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\nWARC-Date: 2017-07-09T06:35:00Z\r\n\
         WARC-Record-ID: <urn:uuid:{}>\r\nContent-Type: application/http; msgtype=response\r\n\
         Content-Length: {}\r\n\r\n",
        uri.len(),
        block.len()
    )
    .into_bytes();
    r.extend_from_slice(block);
    r.extend_from_slice(b"\r\n\r\n");
    r
}

/// A `response` record: HTTP status line, headers, body.
pub fn warc_response(uri: &str, status: &str, content_type: &str, body: &[u8]) -> Vec<u8> {
    let mut block = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nX-Crawler-Content-Encoding: gzip\r\nContent-Length: {}\r\n\r\n",
        body.len()
    )
    .into_bytes();
    block.extend_from_slice(body);
    warc_record("response", uri, &block)
}

pub fn gzip(data: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    enc.write_all(data).unwrap();
    enc.finish().unwrap()
}
