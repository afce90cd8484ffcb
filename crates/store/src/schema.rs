//! Schema migrations, tracked in SQLite's `user_version`.
//!
//! Each entry of [`MIGRATIONS`] moves the schema one version forward and runs
//! in its own transaction together with the version bump, so a crash during a
//! migration leaves the previous version intact. Entries are never edited
//! once released; changes are new entries.

use crate::{Result, StoreError};
use rusqlite::Connection;

/// Migration `i` brings the schema from version `i` to `i + 1`.
const MIGRATIONS: &[&str] = &[
    // 1: pages, articles, revisions, copy groups, sketches.
    "
    CREATE TABLE pages (
        id           INTEGER PRIMARY KEY,
        sha256       BLOB NOT NULL UNIQUE,
        url          TEXT,
        source       TEXT NOT NULL,
        content_type TEXT,
        fetched_at   INTEGER NOT NULL,
        size         INTEGER NOT NULL,
        codec        TEXT NOT NULL,
        data         BLOB NOT NULL
    );
    CREATE INDEX pages_url ON pages(url);

    CREATE TABLE articles (
        id          INTEGER PRIMARY KEY,
        key         TEXT NOT NULL UNIQUE,
        outlet      TEXT,
        agency      TEXT,
        headline    TEXT,
        published   TEXT,
        updated     TEXT,
        word_count  INTEGER NOT NULL DEFAULT 0,
        first_seen  INTEGER NOT NULL,
        last_seen   INTEGER NOT NULL,
        revisions   INTEGER NOT NULL,
        copy_group  INTEGER,
        copy_score  REAL
    );
    CREATE INDEX articles_copy_group ON articles(copy_group);
    CREATE INDEX articles_published ON articles(published);

    CREATE TABLE revisions (
        id           INTEGER PRIMARY KEY,
        article_id   INTEGER NOT NULL REFERENCES articles(id),
        number       INTEGER NOT NULL,
        page_id      INTEGER REFERENCES pages(id),
        seen_at      INTEGER NOT NULL,
        content_hash BLOB NOT NULL,
        pipeline     TEXT NOT NULL,
        changes      TEXT,
        article      TEXT NOT NULL,
        UNIQUE (article_id, number)
    );
    CREATE INDEX revisions_page ON revisions(page_id);

    CREATE TABLE sketches (
        article_id INTEGER PRIMARY KEY REFERENCES articles(id),
        data       BLOB NOT NULL
    );
    ",
    // 2: the representative of each copy group whose representative is not
    // its first article (copy detection upgrades it to the fullest version).
    "
    CREATE TABLE copy_groups (
        group_id       INTEGER PRIMARY KEY,
        representative INTEGER NOT NULL REFERENCES articles(id)
    );
    ",
    // 3: the story of each article, with its clustering features (opaque,
    // written by dateline-stories) so the clusterer is rebuilt on open.
    "
    CREATE TABLE story_members (
        article_id INTEGER PRIMARY KEY REFERENCES articles(id),
        story_id   INTEGER NOT NULL,
        time_ms    INTEGER NOT NULL,
        words      INTEGER NOT NULL,
        similarity REAL NOT NULL,
        joined     TEXT NOT NULL,
        features   BLOB NOT NULL
    );
    CREATE INDEX story_members_story ON story_members(story_id);
    CREATE INDEX story_members_time ON story_members(time_ms);
    ",
    // 4: subscribed feeds and their polling state, the item links already
    // fetched, and robots.txt per origin (see feeds.rs).
    "
    CREATE TABLE feeds (
        id            INTEGER PRIMARY KEY,
        url           TEXT NOT NULL UNIQUE,
        title         TEXT,
        added_at      INTEGER NOT NULL,
        etag          TEXT,
        last_modified TEXT,
        last_fetch    INTEGER,
        last_status   INTEGER,
        last_new      INTEGER NOT NULL DEFAULT 0,
        last_error    TEXT,
        failures      INTEGER NOT NULL DEFAULT 0,
        next_poll     INTEGER NOT NULL
    );
    CREATE TABLE feed_items (
        url        TEXT PRIMARY KEY,
        feed_id    INTEGER REFERENCES feeds(id),
        first_seen INTEGER NOT NULL,
        fetched_at INTEGER,
        status     INTEGER,
        attempts   INTEGER NOT NULL DEFAULT 0,
        done       INTEGER NOT NULL DEFAULT 0
    );
    CREATE TABLE robots (
        origin     TEXT PRIMARY KEY,
        fetched_at INTEGER NOT NULL,
        status     INTEGER NOT NULL,
        body       TEXT NOT NULL
    );
    ",
    // 5: each article's analysis (entities, quotations and their speakers),
    // the one of its current revision. AUTOINCREMENT: a replaced analysis
    // always gets a larger id, which the search index uses as its cursor.
    "
    CREATE TABLE analyses (
        id             INTEGER PRIMARY KEY AUTOINCREMENT,
        article_id     INTEGER NOT NULL UNIQUE REFERENCES articles(id),
        revision_id    INTEGER NOT NULL REFERENCES revisions(id),
        schema         TEXT NOT NULL,
        pipeline       TEXT NOT NULL,
        analysed_at    INTEGER NOT NULL,
        hash           BLOB NOT NULL,
        sentence_count INTEGER NOT NULL,
        dates          TEXT NOT NULL
    );
    CREATE TABLE entities (
        id          INTEGER PRIMARY KEY,
        article_id  INTEGER NOT NULL REFERENCES articles(id),
        revision_id INTEGER NOT NULL REFERENCES revisions(id),
        seq         INTEGER NOT NULL,
        local_id    TEXT NOT NULL,
        kind        TEXT NOT NULL,
        name        TEXT NOT NULL,
        name_norm   TEXT NOT NULL,
        titles      TEXT NOT NULL,
        mentions    TEXT NOT NULL
    );
    CREATE INDEX entities_article ON entities(article_id);
    CREATE INDEX entities_name ON entities(name_norm);
    CREATE TABLE quotes (
        id                 INTEGER PRIMARY KEY,
        article_id         INTEGER NOT NULL REFERENCES articles(id),
        revision_id        INTEGER NOT NULL REFERENCES revisions(id),
        seq                INTEGER NOT NULL,
        kind               TEXT NOT NULL,
        text               TEXT NOT NULL,
        start_offset       INTEGER NOT NULL,
        end_offset         INTEGER NOT NULL,
        spans              TEXT NOT NULL,
        cue                TEXT,
        cue_start          INTEGER,
        cue_end            INTEGER,
        speaker            TEXT,
        speaker_norm       TEXT,
        speaker_as_written TEXT,
        as_written_norm    TEXT,
        speaker_start      INTEGER,
        speaker_end        INTEGER,
        speaker_entity     TEXT,
        confidence         REAL NOT NULL
    );
    CREATE INDEX quotes_article ON quotes(article_id);
    CREATE INDEX quotes_speaker ON quotes(speaker_norm);
    ",
];

/// The schema version this build writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// Brings the database up to [`SCHEMA_VERSION`].
pub fn migrate(conn: &mut Connection) -> Result<()> {
    let found: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    if found > SCHEMA_VERSION {
        return Err(StoreError::TooNew {
            found,
            known: SCHEMA_VERSION,
        });
    }
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(found.max(0) as usize) {
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Exclusive)?;
        // Another process may have migrated while this one waited for the lock.
        let now: i64 = tx.pragma_query_value(None, "user_version", |r| r.get(0))?;
        if now > i as i64 {
            tx.commit()?;
            continue;
        }
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", i as i64 + 1)?;
        tx.commit()?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn upgrades_an_older_database_keeping_its_rows() {
        let mut conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(MIGRATIONS[0]).unwrap();
        conn.pragma_update(None, "user_version", 1).unwrap();
        conn.execute(
            "INSERT INTO articles (key, first_seen, last_seen, revisions) VALUES ('k', 1, 1, 1)",
            [],
        )
        .unwrap();
        migrate(&mut conn).unwrap();
        let v: i64 = conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap();
        assert_eq!(v, SCHEMA_VERSION);
        let n: i64 = conn
            .query_row("SELECT count(*) FROM articles", [], |r| r.get(0))
            .unwrap();
        assert_eq!(n, 1);
        conn.execute("INSERT INTO copy_groups VALUES (1, 1)", [])
            .unwrap();
        // Migrating again is a no-op.
        migrate(&mut conn).unwrap();
    }
}
