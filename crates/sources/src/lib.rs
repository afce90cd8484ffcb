//! Where news comes from, turned into pages to extract.
//!
//! A source named on the command line may be a page (file or URL), a
//! directory of pages, an RSS/Atom/JSON feed or an OPML list of feeds (file
//! or URL), or a WARC archive (Common Crawl's CC-NEWS layout, gzipped or
//! not). [`expand`] tells them apart by content and yields one [`Item`] per
//! page, lazily, so a WARC archive of any size streams through in bounded
//! memory. Feed items become URLs to fetch; links that are not absolute
//! `http(s)` URLs are dropped, so a feed cannot point at local files.
//!
//! [`polite`] and [`poll`] keep subscribed feeds up to date: conditional
//! GET, robots.txt, a per-host delay, backoff on errors, and items already
//! fetched are not fetched again.
//!
//! ```no_run
//! use dateline_input::Limits;
//! let limits = Limits::default();
//! for item in dateline_sources::expand(&["news.warc.gz".to_string()], &limits) {
//!     let page = item.and_then(|i| i.read(&limits));
//!     # let _ = page;
//! }
//! ```
#![warn(missing_docs)]

mod feed;
mod opml;
pub mod polite;
pub mod poll;
pub mod robots;
mod sniff;
pub mod warc;

pub use feed::{parse_feed, Feed, FeedItem};
pub use opml::{parse_opml, OpmlFeed};
pub use sniff::{sniff, Kind, SNIFF_BYTES};

use dateline_core::Page;
use dateline_input::{Input, InputError, Limits, Reason};
use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use warc::{RecordPage, WarcReader};

/// Deepest element nesting accepted in a feed before parsing it.
pub const MAX_XML_DEPTH: usize = 256;

/// One page to extract: still to be read (a file or URL), or already read
/// (a WARC record, or a URL fetched to learn what it was).
#[derive(Debug, Clone)]
pub enum Item {
    /// Read it with [`Input::read`].
    Input(Input),
    /// Already read.
    Page(Page),
}

impl Item {
    /// The page, reading it if needed.
    pub fn read(self, limits: &Limits) -> Result<Page, InputError> {
        match self {
            Item::Input(input) => input.read(limits),
            Item::Page(page) => Ok(page),
        }
    }

    /// The item as named in messages.
    pub fn name(&self) -> String {
        match self {
            Item::Input(input) => input.name(),
            Item::Page(page) => page.source.clone(),
        }
    }
}

/// Expands command-line sources into pages, lazily and in order. Each
/// failure (an unreadable file, a malformed feed, a truncated WARC) is one
/// `Err` naming the source, and expansion goes on with the next one.
pub fn expand(sources: &[String], limits: &Limits) -> Sources {
    Sources {
        pending: sources.iter().cloned().map(Pending::Arg).collect(),
        limits: limits.clone(),
        warc: None,
        skipped: 0,
    }
}

enum Pending {
    Arg(String),
    /// A file whose kind is told by its content.
    Sniff(PathBuf),
    /// A feed listed in an OPML list.
    ListedFeed {
        url: String,
        list: String,
    },
    Ready(Result<Item, InputError>),
    /// An archive opened, to read when its turn comes.
    Warc(Box<DynWarc>, String),
}

/// URLs fetched at once while expanding (to learn whether each is a page,
/// a feed, a list or an archive), as `dateline ingest` fetched page URLs in
/// parallel before sources were told apart.
const PARALLEL_FETCHES: usize = 8;

type DynWarc = WarcReader<Box<dyn BufRead + Send>>;

/// The iterator [`expand`] returns.
pub struct Sources {
    pending: VecDeque<Pending>,
    limits: Limits,
    warc: Option<(Box<DynWarc>, String)>,
    skipped: u64,
}

impl Sources {
    /// WARC records passed over so far because they are not 200 HTML
    /// responses (request and metadata records, redirects, images...).
    pub fn skipped(&self) -> u64 {
        self.skipped
    }

    fn next_from_warc(&mut self) -> Option<Result<Item, InputError>> {
        loop {
            let (reader, name) = self.warc.as_mut()?;
            match reader.next_record() {
                None => {
                    self.warc = None;
                    return None;
                }
                Some(Err(e)) => {
                    return Some(Err(InputError {
                        source: name.clone(),
                        reason: Reason::Format(e.to_string()),
                    }))
                }
                Some(Ok(record)) => {
                    let offset = record.offset;
                    match warc::record_page(record, name, self.limits.max_bytes) {
                        Ok(RecordPage::Page(page)) => return Some(Ok(Item::Page(page))),
                        Ok(RecordPage::Skipped(_)) => self.skipped += 1,
                        Err(msg) => {
                            return Some(Err(InputError {
                                source: format!("{name}#{offset}"),
                                reason: Reason::Format(msg),
                            }))
                        }
                    }
                }
            }
        }
    }

    fn expand_one(&mut self, pending: Pending) {
        match pending {
            Pending::Ready(_) | Pending::Warc(..) => {}
            Pending::Arg(arg) => match Input::parse(&arg) {
                Input::Stdin => self.sniff_stream(Box::new(std::io::stdin()), Input::Stdin.name()),
                Input::Url(url) => self.fetch_run((url, None)),
                Input::File(path) if path.is_dir() => {
                    let mut found = Vec::new();
                    for input in dateline_input::expand(&[arg]) {
                        found.push(match input {
                            Ok(Input::File(p)) if !dateline_input::is_plain_page(&p) => {
                                Pending::Sniff(p)
                            }
                            Ok(input) => Pending::Ready(Ok(Item::Input(input))),
                            Err(e) => Pending::Ready(Err(e)),
                        });
                    }
                    self.push_front(found);
                }
                Input::File(path) => self.sniff_file(path),
            },
            Pending::Sniff(path) => self.sniff_file(path),
            Pending::ListedFeed { url, list } => self.fetch_run((url, Some(list))),
        }
    }

    /// Fetches `first` and the URLs queued right after it (up to
    /// [`PARALLEL_FETCHES`]) at once, then expands each in order.
    fn fetch_run(&mut self, first: (String, Option<String>)) {
        let mut run = vec![first];
        while run.len() < PARALLEL_FETCHES {
            let next = match self.pending.front() {
                Some(Pending::Arg(a)) if matches!(Input::parse(a), Input::Url(_)) => {
                    (a.clone(), None)
                }
                Some(Pending::ListedFeed { url, list }) => (url.clone(), Some(list.clone())),
                _ => break,
            };
            self.pending.pop_front();
            run.push(next);
        }
        let limits = &self.limits;
        let pages: Vec<Result<Page, InputError>> = std::thread::scope(|scope| {
            let handles: Vec<_> = run
                .iter()
                .map(|(url, _)| scope.spawn(move || Input::Url(url.clone()).read(limits)))
                .collect();
            handles
                .into_iter()
                .zip(&run)
                .map(|(h, (url, _))| {
                    h.join().unwrap_or_else(|_| {
                        Err(InputError {
                            source: url.clone(),
                            reason: Reason::Http("the fetch failed unexpectedly".into()),
                        })
                    })
                })
                .collect()
        });
        // Each expansion goes to the front, so the last goes first.
        for ((url, list), page) in run.into_iter().zip(pages).rev() {
            match page {
                Ok(page) => self.expand_page(page, &url, list.as_deref()),
                Err(e) => self.ready(Err(e)),
            }
        }
    }

    fn ready(&mut self, item: Result<Item, InputError>) {
        self.pending.push_front(Pending::Ready(item));
    }

    fn push_front(&mut self, items: Vec<Pending>) {
        for item in items.into_iter().rev() {
            self.pending.push_front(item);
        }
    }

    /// A fetched URL: a page to extract, or a feed, list or archive to open.
    fn expand_page(&mut self, page: Page, url: &str, listed_in: Option<&str>) {
        let base = page.url.clone().unwrap_or_else(|| url.to_string());
        let fail = |msg: String| {
            Err(InputError {
                source: url.to_string(),
                reason: Reason::Format(msg),
            })
        };
        match sniff(&page.bytes) {
            Kind::Feed => self.expand_list(Kind::Feed, &page.bytes, Some(&base), url),
            _ if listed_in.is_some() => {
                let list = listed_in.unwrap_or_default();
                self.ready(fail(format!(
                    "listed as a feed in {list}, but not an RSS, Atom or JSON feed"
                )))
            }
            Kind::Page => self.ready(Ok(Item::Page(page))),
            Kind::Opml => self.expand_list(Kind::Opml, &page.bytes, Some(&base), url),
            Kind::Warc => {
                let reader: Box<dyn BufRead + Send> = Box::new(std::io::Cursor::new(page.bytes));
                self.open_warc(reader, url.to_string());
            }
        }
    }

    /// A feed's items, or a list's feeds (`kind` is [`Kind::Feed`] or
    /// [`Kind::Opml`]), queued next; links resolve against `base`. A
    /// malformed one is an error naming `name`.
    fn expand_list(&mut self, kind: Kind, bytes: &[u8], base: Option<&str>, name: &str) {
        let parsed = if kind == Kind::Feed {
            parse_feed(bytes, base).map(|feed| self.push_feed(feed))
        } else {
            parse_opml(bytes, base).map(|feeds| self.push_opml(feeds, name))
        };
        if let Err(msg) = parsed {
            self.ready(Err(InputError {
                source: name.to_string(),
                reason: Reason::Format(msg),
            }));
        }
    }

    fn push_feed(&mut self, feed: Feed) {
        let items = feed
            .items
            .into_iter()
            .map(|i| Pending::Ready(Ok(Item::Input(Input::Url(i.url)))))
            .collect();
        self.push_front(items);
    }

    fn push_opml(&mut self, feeds: Vec<OpmlFeed>, list: &str) {
        let items = feeds
            .into_iter()
            .map(|f| Pending::ListedFeed {
                url: f.url,
                list: list.to_string(),
            })
            .collect();
        self.push_front(items);
    }

    fn open_warc(&mut self, reader: Box<dyn BufRead + Send>, name: String) {
        match WarcReader::new(reader, self.limits.max_bytes) {
            Ok(r) => self.pending.push_front(Pending::Warc(Box::new(r), name)),
            Err(e) => self.ready(Err(InputError {
                source: name,
                reason: Reason::Io(e),
            })),
        }
    }

    /// A stream (stdin) whose kind is told by its first bytes, un-gzipped
    /// when it is gzip: an archive is read record by record as it streams,
    /// anything else is read whole within the size limit.
    fn sniff_stream(&mut self, mut raw: Box<dyn Read + Send>, name: String) {
        let fail = |reason| {
            Err(InputError {
                source: name.clone(),
                reason,
            })
        };
        let mut magic = Vec::new();
        if let Err(e) = (&mut raw).take(2).read_to_end(&mut magic) {
            return self.ready(fail(Reason::Io(e)));
        }
        let gzip = magic.starts_with(&[0x1f, 0x8b]);
        let rest = std::io::Cursor::new(magic).chain(raw);
        let mut stream: Box<dyn Read + Send> = if gzip {
            Box::new(flate2::read::MultiGzDecoder::new(BufReader::new(rest)))
        } else {
            Box::new(rest)
        };
        let mut head = Vec::new();
        if let Err(e) = (&mut stream)
            .take(SNIFF_BYTES as u64)
            .read_to_end(&mut head)
        {
            return self.ready(fail(if gzip { Reason::Gzip(e) } else { Reason::Io(e) }));
        }
        let kind = sniff(&head);
        let stream = std::io::Cursor::new(head).chain(stream);
        if kind == Kind::Warc {
            let reader: Box<dyn BufRead + Send> =
                Box::new(BufReader::with_capacity(256 * 1024, stream));
            return self.open_warc(reader, name);
        }
        let bytes = match dateline_input::read_limited(stream, self.limits.max_bytes) {
            Ok(b) => b,
            Err(Reason::Io(e)) if gzip => return self.ready(fail(Reason::Gzip(e))),
            Err(reason) => return self.ready(fail(reason)),
        };
        match kind {
            Kind::Feed | Kind::Opml => self.expand_list(kind, &bytes, None, &name),
            _ => self.ready(Ok(Item::Page(Page {
                source: name.clone(),
                url: None,
                content_type: None,
                bytes,
            }))),
        }
    }

    fn sniff_file(&mut self, path: PathBuf) {
        let name = path.display().to_string();
        let fail = |reason| {
            Err(InputError {
                source: name.clone(),
                reason,
            })
        };
        let head = match read_head(&path) {
            Ok(h) => h,
            // Unreadable now: reading it as a page reports why, in order.
            Err(_) => return self.ready(Ok(Item::Input(Input::File(path)))),
        };
        match sniff(&head) {
            Kind::Page => self.ready(Ok(Item::Input(Input::File(path)))),
            Kind::Warc => match std::fs::File::open(&path) {
                Ok(f) => {
                    let reader: Box<dyn BufRead + Send> =
                        Box::new(BufReader::with_capacity(256 * 1024, f));
                    self.open_warc(reader, name);
                }
                Err(e) => self.ready(fail(Reason::Io(e))),
            },
            kind @ (Kind::Feed | Kind::Opml) => {
                let bytes = match std::fs::File::open(&path)
                    .map_err(Reason::Io)
                    .and_then(|f| dateline_input::read_maybe_gzip(f, self.limits.max_bytes))
                {
                    Ok(b) => b,
                    Err(reason) => return self.ready(fail(reason)),
                };
                self.expand_list(kind, &bytes, None, &name);
            }
        }
    }
}

impl Iterator for Sources {
    type Item = Result<Item, InputError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if self.warc.is_some() {
                if let Some(item) = self.next_from_warc() {
                    return Some(item);
                }
                continue;
            }
            match self.pending.pop_front()? {
                Pending::Ready(item) => return Some(item),
                Pending::Warc(reader, name) => self.warc = Some((reader, name)),
                other => self.expand_one(other),
            }
        }
    }
}

/// The first [`SNIFF_BYTES`] of a file, un-gzipped when it is gzip.
pub fn read_head(path: &Path) -> std::io::Result<Vec<u8>> {
    let mut file = std::fs::File::open(path)?;
    let mut raw = Vec::new();
    (&mut file).take(SNIFF_BYTES as u64).read_to_end(&mut raw)?;
    if raw.starts_with(&[0x1f, 0x8b]) {
        let file = std::fs::File::open(path)?;
        let mut head = Vec::new();
        // A damaged gzip still sniffs from what decodes.
        let _ = flate2::read::MultiGzDecoder::new(BufReader::new(file))
            .take(SNIFF_BYTES as u64)
            .read_to_end(&mut head);
        return Ok(head);
    }
    Ok(raw)
}

/// Whether XML elements nest no deeper than [`MAX_XML_DEPTH`]: checked
/// before handing a feed to a parser that might recurse. Malformed XML
/// passes (the parser reports it).
pub(crate) fn xml_depth_ok(bytes: &[u8]) -> bool {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_reader(bytes);
    reader.config_mut().check_end_names = false;
    let mut buf = Vec::new();
    let mut depth = 0usize;
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(_)) => {
                depth += 1;
                if depth > MAX_XML_DEPTH {
                    return false;
                }
            }
            Ok(Event::End(_)) => depth = depth.saturating_sub(1),
            Ok(Event::Eof) | Err(_) => return true,
            Ok(_) => {}
        }
        buf.clear();
    }
}
