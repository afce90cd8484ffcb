//! Feed subscriptions as the polling stage sees them: each feed's state, the
//! result of one poll, cached robots.txt files, and [`FeedLedger`], the
//! record of them that a poller reads and writes. The poller (in the
//! sources stage) needs the ledger but not its storage, and the store
//! implements it: both depend on this crate, neither on the other, so data
//! still flows one way.

/// A subscribed feed and the result of its last poll.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedState {
    /// Row id.
    pub id: i64,
    /// The feed's URL, as subscribed.
    pub url: String,
    /// Its title, from the feed or the OPML list.
    pub title: Option<String>,
    /// When it was subscribed, ms since the Unix epoch.
    pub added_at: i64,
    /// The `ETag` of the last 200 response, sent back as `If-None-Match`.
    pub etag: Option<String>,
    /// The `Last-Modified` of the last 200 response (`If-Modified-Since`).
    pub last_modified: Option<String>,
    /// When it was last requested.
    pub last_fetch: Option<i64>,
    /// The HTTP status of the last request (none when no answer came).
    pub last_status: Option<u16>,
    /// Items new at the last poll.
    pub last_new: i64,
    /// The last poll's error, cleared by a success.
    pub last_error: Option<String>,
    /// Failures in a row, for backoff.
    pub failures: i64,
    /// When the feed is next due, ms since the Unix epoch.
    pub next_poll: i64,
}

/// The result of one poll of a feed, to record.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FeedPoll {
    /// When the request was made.
    pub fetched_at: i64,
    /// The HTTP status, when an answer came.
    pub status: Option<u16>,
    /// New validators (kept as they were when `None` and the status is 304
    /// or an error).
    pub etag: Option<String>,
    /// See `etag`.
    pub last_modified: Option<String>,
    /// The feed's title, when read.
    pub title: Option<String>,
    /// Items new in this poll.
    pub new_items: i64,
    /// What went wrong, if anything.
    pub error: Option<String>,
    /// Failures in a row after this poll (0 after a success).
    pub failures: i64,
    /// When to poll next.
    pub next_poll: i64,
}

/// A robots.txt as cached.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredRobots {
    /// `scheme://host[:port]`.
    pub origin: String,
    /// When fetched, ms since the Unix epoch.
    pub fetched_at: i64,
    /// HTTP status, 0 when no answer came.
    pub status: u16,
    /// The text.
    pub body: String,
}

/// Where a poller keeps what it knows between runs: subscribed feeds and
/// their poll results, item links already fetched, cached robots.txt files.
/// Implemented by the store (a SQLite file), so `dateline fetch` from cron
/// and `dateline fetch --watch` behave the same.
pub trait FeedLedger {
    /// Why an operation on the ledger failed.
    type Error: std::error::Error + Send + Sync + 'static;

    /// Subscribes to `url` (kept as given) at time `now` (ms since the Unix
    /// epoch); returns the feed and whether it is new. `title` fills in a
    /// missing title.
    fn subscribe(
        &self,
        url: &str,
        title: Option<&str>,
        now: i64,
    ) -> Result<(FeedState, bool), Self::Error>;

    /// Every subscribed feed.
    fn feeds(&self) -> Result<Vec<FeedState>, Self::Error>;

    /// Records the result of one poll of feed `id`.
    fn record_poll(&self, id: i64, poll: &FeedPoll) -> Result<(), Self::Error>;

    /// The links among `urls` not fetched before (not done), in their order.
    fn unseen_items(&self, urls: &[String]) -> Result<Vec<String>, Self::Error>;

    /// Records an attempt to fetch item `url` of feed `feed_id`: `done` when
    /// it need not be fetched again (fetched, or failed for good). Returns
    /// the attempts made so far.
    fn record_item(
        &self,
        url: &str,
        feed_id: Option<i64>,
        now: i64,
        status: Option<u16>,
        done: bool,
    ) -> Result<i64, Self::Error>;

    /// Marks item `url` as needing no further fetch.
    fn finish_item(&self, url: &str) -> Result<(), Self::Error>;

    /// Every cached robots.txt.
    fn robots(&self) -> Result<Vec<StoredRobots>, Self::Error>;

    /// Caches a robots.txt, replacing the origin's previous one.
    fn put_robots(&self, robots: &StoredRobots) -> Result<(), Self::Error>;
}
