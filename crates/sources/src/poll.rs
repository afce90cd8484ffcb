//! Polling subscribed feeds: which are due, conditional GET, what a
//! response means for the feed's state (new items, validators, backoff),
//! and fetching the new items' pages politely.
//!
//! A [`FeedLedger`] (the store, in `dateline fetch`) keeps every feed's
//! state, so `dateline fetch` run from cron and `dateline fetch --watch`
//! behave the same.

use crate::polite::{Job, Polite, RobotsRecord};
use crate::{parse_feed, parse_opml, sniff, Item, Kind};
use dateline_core::calendar::now_ms;
use dateline_core::feeds::{FeedLedger, FeedPoll, FeedState, StoredRobots};
use dateline_input::{Input, InputError, Reason, Response};
use std::sync::Mutex;
use std::time::Duration;

/// How feeds are polled.
#[derive(Debug, Clone)]
pub struct PollOptions {
    /// Time between polls of a feed that answers.
    pub interval: Duration,
    /// The longest wait after repeated failures.
    pub max_backoff: Duration,
    /// Attempts at an item's page before giving up on it.
    pub max_item_attempts: i64,
    /// Hosts fetched at once.
    pub workers: usize,
}

impl Default for PollOptions {
    fn default() -> Self {
        PollOptions {
            interval: Duration::from_secs(15 * 60),
            max_backoff: Duration::from_secs(24 * 3600),
            max_item_attempts: 3,
            workers: 4,
        }
    }
}

/// The wait before the next poll after `failures` failures in a row: the
/// interval, doubled for each failure after the first, up to the maximum
/// (never below the interval).
pub fn backoff(failures: i64, interval: Duration, max: Duration) -> Duration {
    if failures <= 0 {
        return interval;
    }
    let shift = u32::try_from(failures - 1).unwrap_or(u32::MAX).min(30);
    let wait = interval.saturating_mul(1u32 << shift);
    wait.min(max.max(interval))
}

/// One feed's poll: its state before, what was recorded, and the new items.
#[derive(Debug, Clone)]
pub struct Polled {
    /// The feed as it was before this poll.
    pub feed: FeedState,
    /// What this poll recorded.
    pub poll: FeedPoll,
    /// Links of items not fetched before, in feed order.
    pub new_items: Vec<String>,
}

/// One item page fetched (or not) for the ingest path.
#[derive(Debug, Clone)]
pub struct ItemOutcome {
    /// The item's URL.
    pub url: String,
    /// The feed it came from.
    pub feed_id: Option<i64>,
    /// The HTTP status, when an answer came.
    pub status: Option<u16>,
    /// Whether it needs no further attempt (fetched, or failed for good).
    pub done: bool,
    /// The error, if any.
    pub error: Option<String>,
}

/// A poller over a ledger of feeds and a polite fetcher.
pub struct Poller<'a, L: FeedLedger> {
    ledger: &'a L,
    polite: &'a Polite,
    options: PollOptions,
}

impl<'a, L: FeedLedger> Poller<'a, L> {
    /// A poller; loads the cached robots.txt files into `polite`.
    pub fn new(ledger: &'a L, polite: &'a Polite, options: PollOptions) -> Result<Self, L::Error> {
        polite.load_robots(
            ledger
                .robots()?
                .into_iter()
                .map(|r| RobotsRecord {
                    origin: r.origin,
                    fetched_at: r.fetched_at,
                    status: r.status,
                    body: r.body,
                })
                .collect(),
        );
        Ok(Poller {
            ledger,
            polite,
            options,
        })
    }

    /// The polite fetcher it uses.
    pub fn polite(&self) -> &'a Polite {
        self.polite
    }

    /// The options in force.
    pub fn options(&self) -> &PollOptions {
        &self.options
    }

    /// Subscribes `source`: a feed URL, or an OPML list (URL or file) whose
    /// feeds are all subscribed. A URL is fetched (politely) to tell which;
    /// a feed's answer counts as its first poll, returned for its items.
    pub fn subscribe(&self, source: &str) -> Result<Subscribed, SubscribeError<L::Error>> {
        let now = now_ms();
        match Input::parse(source) {
            Input::Url(url) => {
                let response = self.fetch_one(&url, Vec::new());
                let response = match response {
                    Ok(r) if (200..300).contains(&r.status) => r,
                    Ok(r) => return Err(input_error(source, Reason::Status(r.status)).into()),
                    Err(e) => return Err(e.into()),
                };
                match sniff(&response.page.bytes) {
                    Kind::Opml => {
                        let base = response.page.url.as_deref().unwrap_or(&url);
                        let feeds = parse_opml(&response.page.bytes, Some(base))
                            .map_err(|m| input_error(source, Reason::Format(m)))?;
                        self.subscribe_list(feeds, now)
                    }
                    Kind::Feed => {
                        let (feed, new) = self
                            .ledger
                            .subscribe(&url, None, now)
                            .map_err(SubscribeError::Store)?;
                        let polled = self
                            .judge(&feed, Ok(response), now)
                            .map_err(SubscribeError::Store)?;
                        Ok(Subscribed {
                            feeds: vec![(polled.feed.clone(), new)],
                            polled: vec![polled],
                        })
                    }
                    _ => refuse(source, "neither an RSS, Atom or JSON feed nor an OPML list"),
                }
            }
            Input::File(path) => {
                let bytes = std::fs::File::open(&path)
                    .map_err(Reason::Io)
                    .and_then(|f| dateline_input::read_maybe_gzip(f, u64::MAX >> 1))
                    .map_err(|r| input_error(source, r))?;
                match sniff(&bytes) {
                    Kind::Opml => {
                        let feeds = parse_opml(&bytes, None)
                            .map_err(|m| input_error(source, Reason::Format(m)))?;
                        self.subscribe_list(feeds, now)
                    }
                    Kind::Feed => refuse(source, "a feed file cannot be polled: subscribe to its URL, or read it once with `dateline ingest`"),
                    _ => refuse(source, "not an OPML list of feeds"),
                }
            }
            Input::Stdin => refuse(source, "give a feed URL or an OPML file"),
        }
    }

    fn subscribe_list(
        &self,
        feeds: Vec<crate::OpmlFeed>,
        now: i64,
    ) -> Result<Subscribed, SubscribeError<L::Error>> {
        let mut out = Subscribed::default();
        for f in feeds {
            out.feeds.push(
                self.ledger
                    .subscribe(&f.url, f.title.as_deref(), now)
                    .map_err(SubscribeError::Store)?,
            );
        }
        Ok(out)
    }

    fn fetch_one(&self, url: &str, headers: Vec<(String, String)>) -> Result<Response, InputError> {
        let result = Mutex::new(None);
        self.polite.run(
            vec![Job {
                url: url.to_string(),
                headers,
                tag: (),
            }],
            1,
            |(), r| *result.lock().unwrap_or_else(|p| p.into_inner()) = Some(r),
        );
        result
            .into_inner()
            .unwrap_or_else(|p| p.into_inner())
            .unwrap_or_else(|| Err(input_error(url, Reason::Http("no answer".into()))))
    }

    /// Polls the feeds that are due at `now` (all of them when `force`),
    /// records each result, and returns them.
    pub fn poll_due(&self, now: i64, force: bool) -> Result<Vec<Polled>, L::Error> {
        let due: Vec<FeedState> = self
            .ledger
            .feeds()?
            .into_iter()
            .filter(|f| force || f.next_poll <= now)
            .collect();
        let jobs: Vec<Job<usize>> = due
            .iter()
            .enumerate()
            .map(|(i, f)| Job {
                url: f.url.clone(),
                headers: conditional_headers(f),
                tag: i,
            })
            .collect();
        let results = Mutex::new(Vec::new());
        self.polite.run(jobs, self.options.workers, |i, r| {
            results
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .push((i, r, now_ms()));
        });
        let mut results = results.into_inner().unwrap_or_else(|p| p.into_inner());
        results.sort_by_key(|(i, _, _)| *i);
        let mut out = Vec::new();
        for (i, response, at) in results {
            if let Some(feed) = due.get(i) {
                out.push(self.judge(feed, response, at)?);
            }
        }
        self.save_robots()?;
        Ok(out)
    }

    /// What one response means for a feed; records it.
    fn judge(
        &self,
        feed: &FeedState,
        response: Result<Response, InputError>,
        now: i64,
    ) -> Result<Polled, L::Error> {
        let interval = self.options.interval;
        let ms = |d: Duration| i64::try_from(d.as_millis()).unwrap_or(i64::MAX);
        let mut poll = FeedPoll {
            fetched_at: now,
            ..FeedPoll::default()
        };
        let mut new_items = Vec::new();
        let mut retry_after = None;
        match response {
            Ok(r) if r.status == 304 => {
                poll.status = Some(304);
            }
            Ok(r) if (200..300).contains(&r.status) => {
                poll.status = Some(r.status);
                let base = r.page.url.clone().unwrap_or_else(|| feed.url.clone());
                match parse_feed(&r.page.bytes, Some(&base)) {
                    Ok(parsed) => {
                        poll.etag = r.header("etag").map(str::to_string);
                        poll.last_modified = r.header("last-modified").map(str::to_string);
                        poll.title = parsed.title.filter(|t| !t.is_empty());
                        let urls: Vec<String> = parsed.items.into_iter().map(|i| i.url).collect();
                        new_items = self.ledger.unseen_items(&urls)?;
                    }
                    Err(msg) => poll.error = Some(msg),
                }
            }
            Ok(r) => {
                poll.status = Some(r.status);
                poll.error = Some(format!("HTTP status {}", r.status));
                retry_after = r
                    .header("retry-after")
                    .and_then(|v| v.trim().parse::<u64>().ok())
                    .map(Duration::from_secs);
            }
            Err(e) => poll.error = Some(e.reason.to_string()),
        }
        poll.new_items = new_items.len() as i64;
        poll.failures = if poll.error.is_some() {
            feed.failures + 1
        } else {
            0
        };
        let mut wait = backoff(poll.failures, interval, self.options.max_backoff);
        if let Some(ra) = retry_after {
            wait = wait.max(ra.min(self.options.max_backoff));
        }
        poll.next_poll = now.saturating_add(ms(wait));
        self.ledger.record_poll(feed.id, &poll)?;
        let mut after = feed.clone();
        after.last_fetch = Some(poll.fetched_at);
        after.last_status = poll.status;
        after.last_new = poll.new_items;
        after.last_error.clone_from(&poll.error);
        after.failures = poll.failures;
        after.next_poll = poll.next_poll;
        Ok(Polled {
            feed: after,
            poll,
            new_items,
        })
    }

    /// Records item attempts (after their pages are stored, so a crash in
    /// between fetches them again rather than losing them); an item that
    /// failed [`PollOptions::max_item_attempts`] times is given up.
    pub fn record_items(&self, outcomes: &[ItemOutcome]) -> Result<(), L::Error> {
        let now = now_ms();
        for o in outcomes {
            let attempts = self
                .ledger
                .record_item(&o.url, o.feed_id, now, o.status, o.done)?;
            if !o.done && attempts >= self.options.max_item_attempts {
                self.ledger.finish_item(&o.url)?;
            }
        }
        self.save_robots()
    }

    fn save_robots(&self) -> Result<(), L::Error> {
        for r in self.polite.take_new_robots() {
            self.ledger.put_robots(&StoredRobots {
                origin: r.origin,
                fetched_at: r.fetched_at,
                status: r.status,
                body: r.body,
            })?;
        }
        Ok(())
    }
}

/// Fetches item pages politely; each page that comes back 2xx goes to
/// `pages` (from worker threads), and every attempt is returned, to give to
/// [`Poller::record_items`] once the pages are stored. It needs no store, so
/// it runs beside the ingest that consumes the pages.
pub fn fetch_items(
    polite: &Polite,
    workers: usize,
    items: Vec<(String, Option<i64>)>,
    pages: impl Fn(Result<Item, InputError>) + Sync,
) -> Vec<ItemOutcome> {
    let jobs = items
        .into_iter()
        .map(|(url, feed_id)| Job {
            url: url.clone(),
            headers: Vec::new(),
            tag: (url, feed_id),
        })
        .collect();
    let outcomes = Mutex::new(Vec::new());
    polite.run(jobs, workers, |(url, feed_id), result| {
        let outcome = match result {
            Ok(r) if (200..300).contains(&r.status) => {
                pages(Ok(Item::Page(r.page)));
                ItemOutcome {
                    url,
                    feed_id,
                    status: Some(r.status),
                    done: true,
                    error: None,
                }
            }
            Ok(r) => {
                let error = input_error(&url, Reason::Status(r.status));
                // A 4xx other than 408/429 will not get better.
                let done = (400..500).contains(&r.status) && !matches!(r.status, 408 | 429);
                let message = error.to_string();
                pages(Err(error));
                ItemOutcome {
                    url,
                    feed_id,
                    status: Some(r.status),
                    done,
                    error: Some(message),
                }
            }
            Err(e) => {
                let done = matches!(
                    e.reason,
                    Reason::Disallowed
                        | Reason::BadUrl(_)
                        | Reason::PrivateAddress(_)
                        | Reason::TooLarge { .. }
                );
                let message = e.to_string();
                pages(Err(e));
                ItemOutcome {
                    url,
                    feed_id,
                    status: None,
                    done,
                    error: Some(message),
                }
            }
        };
        outcomes
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push(outcome);
    });
    outcomes.into_inner().unwrap_or_else(|p| p.into_inner())
}

/// What subscribing did.
#[derive(Debug, Clone, Default)]
pub struct Subscribed {
    /// Feeds subscribed, each with whether it is new.
    pub feeds: Vec<(FeedState, bool)>,
    /// Feeds fetched while subscribing (a feed URL's first poll).
    pub polled: Vec<Polled>,
}

/// Why subscribing failed; `E` is the ledger's error.
#[derive(Debug)]
pub enum SubscribeError<E> {
    /// The source could not be read or is not a feed or list.
    Input(InputError),
    /// The ledger (the store) failed.
    Store(E),
}

impl<E: std::fmt::Display> std::fmt::Display for SubscribeError<E> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SubscribeError::Input(e) => write!(f, "{e}"),
            SubscribeError::Store(e) => write!(f, "{e}"),
        }
    }
}

impl<E: std::error::Error> std::error::Error for SubscribeError<E> {}

impl<E> From<InputError> for SubscribeError<E> {
    fn from(e: InputError) -> Self {
        SubscribeError::Input(e)
    }
}

fn refuse<E>(source: &str, why: &str) -> Result<Subscribed, SubscribeError<E>> {
    Err(input_error(source, Reason::Format(why.to_string())).into())
}

fn input_error(source: &str, reason: Reason) -> InputError {
    InputError {
        source: source.to_string(),
        reason,
    }
}

/// `If-None-Match` and `If-Modified-Since` from a feed's last 200.
pub fn conditional_headers(feed: &FeedState) -> Vec<(String, String)> {
    let mut h = Vec::new();
    if let Some(etag) = &feed.etag {
        h.push(("If-None-Match".to_string(), etag.clone()));
    }
    if let Some(lm) = &feed.last_modified {
        h.push(("If-Modified-Since".to_string(), lm.clone()));
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_up_to_the_maximum() {
        let i = Duration::from_secs(60);
        let max = Duration::from_secs(3600);
        assert_eq!(backoff(0, i, max), i);
        assert_eq!(backoff(1, i, max), i);
        assert_eq!(backoff(2, i, max), i * 2);
        assert_eq!(backoff(3, i, max), i * 4);
        assert_eq!(backoff(10, i, max), max);
        assert_eq!(backoff(i64::MAX, i, max), max);
        // The maximum never shortens the interval.
        assert_eq!(backoff(5, max * 2, max), max * 2);
    }
}
