//! Subscribed feeds and what polling them has found: each feed's
//! conditional-GET validators, last result, failure count and next poll
//! time; the item links already fetched (so they are not fetched again);
//! and robots.txt files, cached per origin.
//!
//! These are small, independent writes (one feed's state after one
//! request), so they are single statements in autocommit mode rather than
//! [`crate::Batch`]es.

use crate::{Result, Store, StoreError};
pub use dateline_core::feeds::{FeedLedger, FeedPoll, FeedState, StoredRobots};
use rusqlite::{params, OptionalExtension};

const FEED_COLUMNS: &str = "id, url, title, added_at, etag, last_modified, last_fetch, \
     last_status, last_new, last_error, failures, next_poll";

fn feed_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<FeedState> {
    Ok(FeedState {
        id: r.get(0)?,
        url: r.get(1)?,
        title: r.get(2)?,
        added_at: r.get(3)?,
        etag: r.get(4)?,
        last_modified: r.get(5)?,
        last_fetch: r.get(6)?,
        last_status: r
            .get::<_, Option<i64>>(7)?
            .and_then(|s| u16::try_from(s).ok()),
        last_new: r.get(8)?,
        last_error: r.get(9)?,
        failures: r.get(10)?,
        next_poll: r.get(11)?,
    })
}

impl Store {
    /// Unsubscribes from the feed at `url`; whether it was subscribed. The
    /// pages already stored stay.
    pub fn unsubscribe(&self, url: &str) -> Result<bool> {
        let id: Option<i64> = self
            .conn
            .query_row("SELECT id FROM feeds WHERE url = ?1", [url], |r| r.get(0))
            .optional()?;
        let Some(id) = id else { return Ok(false) };
        self.conn.execute(
            "UPDATE feed_items SET feed_id = NULL WHERE feed_id = ?1",
            [id],
        )?;
        self.conn.execute("DELETE FROM feeds WHERE id = ?1", [id])?;
        Ok(true)
    }
}

/// The store is the poller's ledger (see [`FeedLedger`]).
impl FeedLedger for Store {
    type Error = StoreError;

    /// Subscribes to the feed at `url` (due at once). Returns its state and
    /// whether it is new; subscribing again changes nothing but a missing
    /// title.
    fn subscribe(&self, url: &str, title: Option<&str>, now: i64) -> Result<(FeedState, bool)> {
        let inserted = self.conn.execute(
            "INSERT INTO feeds (url, title, added_at, next_poll) VALUES (?1, ?2, ?3, ?3) \
             ON CONFLICT(url) DO NOTHING",
            params![url, title, now],
        )? > 0;
        if !inserted && title.is_some() {
            self.conn.execute(
                "UPDATE feeds SET title = ?2 WHERE url = ?1 AND title IS NULL",
                params![url, title],
            )?;
        }
        let state = self.conn.query_row(
            &format!("SELECT {FEED_COLUMNS} FROM feeds WHERE url = ?1"),
            [url],
            feed_row,
        )?;
        Ok((state, inserted))
    }

    /// Every subscribed feed, in subscription order.
    fn feeds(&self) -> Result<Vec<FeedState>> {
        let mut stmt = self
            .conn
            .prepare(&format!("SELECT {FEED_COLUMNS} FROM feeds ORDER BY id"))?;
        let rows = stmt
            .query_map([], feed_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// Records one poll of feed `id`.
    fn record_poll(&self, id: i64, poll: &FeedPoll) -> Result<()> {
        self.conn.execute(
            "UPDATE feeds SET last_fetch = ?2, last_status = ?3, \
             etag = coalesce(?4, etag), last_modified = coalesce(?5, last_modified), \
             title = coalesce(?6, title), last_new = ?7, last_error = ?8, failures = ?9, \
             next_poll = ?10 WHERE id = ?1",
            params![
                id,
                poll.fetched_at,
                poll.status.map(i64::from),
                poll.etag,
                poll.last_modified,
                poll.title,
                poll.new_items,
                poll.error,
                poll.failures,
                poll.next_poll
            ],
        )?;
        Ok(())
    }

    /// Those of `urls` not yet fetched (or given up on), in the given order.
    fn unseen_items(&self, urls: &[String]) -> Result<Vec<String>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT done FROM feed_items WHERE url = ?1")?;
        let mut out = Vec::new();
        for url in urls {
            let done: Option<i64> = stmt.query_row([url], |r| r.get(0)).optional()?;
            if done != Some(1) {
                out.push(url.clone());
            }
        }
        Ok(out)
    }

    /// Records an attempt to fetch item `url` of feed `feed_id`: `done`
    /// when it need not be fetched again (fetched, or failed for good).
    /// Returns the attempts made so far.
    fn record_item(
        &self,
        url: &str,
        feed_id: Option<i64>,
        now: i64,
        status: Option<u16>,
        done: bool,
    ) -> Result<i64> {
        self.conn.execute(
            "INSERT INTO feed_items (url, feed_id, first_seen, fetched_at, status, attempts, done) \
             VALUES (?1, ?2, ?3, ?3, ?4, 1, ?5) \
             ON CONFLICT(url) DO UPDATE SET fetched_at = ?3, status = ?4, \
             attempts = attempts + 1, done = max(done, ?5)",
            params![url, feed_id, now, status.map(i64::from), i64::from(done)],
        )?;
        Ok(self.conn.query_row(
            "SELECT attempts FROM feed_items WHERE url = ?1",
            [url],
            |r| r.get(0),
        )?)
    }

    /// Marks item `url` as needing no further fetch.
    fn finish_item(&self, url: &str) -> Result<()> {
        self.conn
            .execute("UPDATE feed_items SET done = 1 WHERE url = ?1", [url])?;
        Ok(())
    }

    /// Every cached robots.txt.
    fn robots(&self) -> Result<Vec<StoredRobots>> {
        let mut stmt = self
            .conn
            .prepare("SELECT origin, fetched_at, status, body FROM robots")?;
        let rows = stmt
            .query_map([], |r| {
                Ok(StoredRobots {
                    origin: r.get(0)?,
                    fetched_at: r.get(1)?,
                    status: u16::try_from(r.get::<_, i64>(2)?).unwrap_or(0),
                    body: r.get(3)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// Caches a robots.txt, replacing the origin's previous one.
    fn put_robots(&self, robots: &StoredRobots) -> Result<()> {
        self.conn.execute(
            "INSERT OR REPLACE INTO robots (origin, fetched_at, status, body) VALUES (?1, ?2, ?3, ?4)",
            params![
                robots.origin,
                robots.fetched_at,
                i64::from(robots.status),
                robots.body
            ],
        )?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn feeds_items_and_robots_round_trip() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        let (feed, new) = store.subscribe("https://a.example/rss", None, 10).unwrap();
        assert!(new);
        assert_eq!(feed.next_poll, 10);
        let (again, new) = store
            .subscribe("https://a.example/rss", Some("A"), 20)
            .unwrap();
        assert!(!new);
        assert_eq!(again.id, feed.id);
        assert_eq!(again.title.as_deref(), Some("A"));

        store
            .record_poll(
                feed.id,
                &FeedPoll {
                    fetched_at: 30,
                    status: Some(200),
                    etag: Some("\"v1\"".into()),
                    last_modified: None,
                    title: None,
                    new_items: 2,
                    error: None,
                    failures: 0,
                    next_poll: 90,
                },
            )
            .unwrap();
        // A 304 keeps the validators.
        store
            .record_poll(
                feed.id,
                &FeedPoll {
                    fetched_at: 100,
                    status: Some(304),
                    next_poll: 200,
                    ..FeedPoll::default()
                },
            )
            .unwrap();
        let state = &store.feeds().unwrap()[0];
        assert_eq!(state.etag.as_deref(), Some("\"v1\""));
        assert_eq!(state.last_status, Some(304));
        assert_eq!(state.next_poll, 200);

        let urls = vec![
            "https://a.example/1".to_string(),
            "https://a.example/2".to_string(),
        ];
        assert_eq!(store.unseen_items(&urls).unwrap(), urls);
        store
            .record_item(&urls[0], Some(feed.id), 5, Some(200), true)
            .unwrap();
        assert_eq!(
            store
                .record_item(&urls[1], Some(feed.id), 5, None, false)
                .unwrap(),
            1
        );
        assert_eq!(
            store
                .record_item(&urls[1], Some(feed.id), 6, None, false)
                .unwrap(),
            2
        );
        assert_eq!(store.unseen_items(&urls).unwrap(), &urls[1..]);
        store.finish_item(&urls[1]).unwrap();
        assert!(store.unseen_items(&urls).unwrap().is_empty());

        let r = StoredRobots {
            origin: "https://a.example".into(),
            fetched_at: 1,
            status: 200,
            body: "User-agent: *\nDisallow: /x\n".into(),
        };
        store.put_robots(&r).unwrap();
        assert_eq!(store.robots().unwrap(), [r]);
        assert!(store.unsubscribe("https://a.example/rss").unwrap());
        assert!(store.feeds().unwrap().is_empty());
        assert!(store.unseen_items(&urls).unwrap().is_empty());
    }
}
