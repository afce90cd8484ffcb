//! Story membership: which story each article belongs to, with the opaque
//! clustering features (written by `dateline-stories`) that let a clusterer
//! be rebuilt on open without re-reading or re-analysing articles.

use crate::{ArticleSummary, Batch, Result, Store};
use rusqlite::{params, OptionalExtension};

/// An article's place in a story, as written by [`Batch::set_story`].
#[derive(Debug, Clone, PartialEq)]
pub struct StoryMembership {
    /// The story (the id of the article that started it).
    pub story_id: i64,
    /// The article's time (published, else seen), ms since the Unix epoch.
    pub time_ms: i64,
    /// Words in the article's body.
    pub words: i64,
    /// Its similarity with the story when it joined (1 when it started it).
    pub similarity: f64,
    /// How it joined: `new`, `similar` or `copy`.
    pub joined: String,
    /// Opaque clustering features (the stories crate's serialised form).
    pub features: Vec<u8>,
}

/// One stored membership with the article's copy group, in the order a
/// clusterer is rebuilt.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredMembership {
    /// The article.
    pub article_id: i64,
    /// Its copy group, if it has one.
    pub copy_group: Option<i64>,
    /// Its membership.
    pub membership: StoryMembership,
}

/// One article of a story with what a story view shows of it.
#[derive(Debug, Clone, PartialEq)]
pub struct StoryArticle {
    /// The article's listing fields.
    pub article: ArticleSummary,
    /// Its membership.
    pub membership: StoryMembership,
}

/// The ranking figures of one story, computed by the database.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StoryAggregate {
    /// The story.
    pub story_id: i64,
    /// Its articles.
    pub articles: i64,
    /// Distinct outlets (articles with no outlet count as one together).
    pub outlets: i64,
    /// Time of its newest article, ms since the Unix epoch.
    pub newest_ms: i64,
    /// Words across its articles.
    pub words: i64,
}

impl Batch<'_> {
    /// Records (or replaces) the story of an article.
    pub fn set_story(&mut self, article_id: i64, m: &StoryMembership) -> Result<()> {
        self.tx
            .prepare_cached(
                "INSERT OR REPLACE INTO story_members \
                 (article_id, story_id, time_ms, words, similarity, joined, features) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?
            .execute(params![
                article_id,
                m.story_id,
                m.time_ms,
                m.words,
                m.similarity,
                m.joined,
                m.features
            ])?;
        Ok(())
    }

    /// Forgets every story membership (before clustering the store again).
    pub fn clear_stories(&mut self) -> Result<()> {
        self.tx.execute("DELETE FROM story_members", [])?;
        Ok(())
    }
}

fn membership(r: &rusqlite::Row<'_>, from: usize) -> rusqlite::Result<StoryMembership> {
    Ok(StoryMembership {
        story_id: r.get(from)?,
        time_ms: r.get(from + 1)?,
        words: r.get(from + 2)?,
        similarity: r.get(from + 3)?,
        joined: r.get(from + 4)?,
        features: r.get(from + 5)?,
    })
}

const MEMBERSHIP_COLUMNS: &str =
    "m.story_id, m.time_ms, m.words, m.similarity, m.joined, m.features";

impl Store {
    /// Calls `f` for every story membership in article id order (the order
    /// articles arrived), with each article's copy group.
    pub fn story_memberships(&self, mut f: impl FnMut(StoredMembership)) -> Result<()> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT a.id, a.copy_group, {MEMBERSHIP_COLUMNS} FROM story_members m \
             JOIN articles a ON a.id = m.article_id ORDER BY a.id"
        ))?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            f(StoredMembership {
                article_id: r.get(0)?,
                copy_group: r.get(1)?,
                membership: membership(r, 2)?,
            });
        }
        Ok(())
    }

    /// The story an article belongs to.
    pub fn story_of(&self, article_id: i64) -> Result<Option<i64>> {
        Ok(self
            .conn
            .prepare_cached("SELECT story_id FROM story_members WHERE article_id = ?1")?
            .query_row([article_id], |r| r.get(0))
            .optional()?)
    }

    /// Articles that have no story yet (stored before stories were kept).
    pub fn articles_without_story(&self) -> Result<i64> {
        Ok(self.conn.query_row(
            "SELECT count(*) FROM articles WHERE id NOT IN (SELECT article_id FROM story_members)",
            [],
            |r| r.get(0),
        )?)
    }

    /// The articles of a story, oldest first.
    pub fn story_articles(&self, story_id: i64) -> Result<Vec<StoryArticle>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT a.id, a.key, a.outlet, a.agency, a.headline, a.published, a.copy_group, \
             {MEMBERSHIP_COLUMNS} FROM story_members m JOIN articles a ON a.id = m.article_id \
             WHERE m.story_id = ?1 ORDER BY m.time_ms, a.id"
        ))?;
        let rows = stmt
            .query_map([story_id], |r| {
                Ok(StoryArticle {
                    article: ArticleSummary::from_row(r)?,
                    membership: membership(r, 7)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// Ranking figures of every story as it stood at `until_ms` (articles
    /// after it left out), for stories with an article at or after
    /// `since_ms`.
    pub fn story_aggregates(&self, since_ms: i64, until_ms: i64) -> Result<Vec<StoryAggregate>> {
        let mut stmt = self.conn.prepare(
            "SELECT m.story_id, count(*), count(DISTINCT coalesce(a.outlet, '')), \
             max(m.time_ms), sum(m.words) FROM story_members m \
             JOIN articles a ON a.id = m.article_id WHERE m.time_ms <= ?2 \
             GROUP BY m.story_id HAVING max(m.time_ms) >= ?1",
        )?;
        let rows = stmt
            .query_map([since_ms, until_ms], |r| {
                Ok(StoryAggregate {
                    story_id: r.get(0)?,
                    articles: r.get(1)?,
                    outlets: r.get(2)?,
                    newest_ms: r.get(3)?,
                    words: r.get(4)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// The time of the newest article that has a story, ms since the epoch.
    pub fn newest_story_time(&self) -> Result<Option<i64>> {
        Ok(self
            .conn
            .query_row("SELECT max(time_ms) FROM story_members", [], |r| r.get(0))?)
    }

    /// Number of stories and of articles in them.
    pub fn story_counts(&self) -> Result<(i64, i64)> {
        Ok(self.conn.query_row(
            "SELECT count(DISTINCT story_id), count(*) FROM story_members",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?)
    }
}

#[cfg(test)]
mod tests {
    use crate::stories::StoryMembership;
    use crate::{Incoming, Store};
    use dateline_core::Article;

    fn article(url: &str, outlet: &str) -> Incoming {
        let mut a = Article::new();
        a.url = Some(url.to_string());
        a.site_name = Some(outlet.to_string());
        a.headline = Some(format!("headline of {url}"));
        Incoming::new(a)
    }

    fn member(story_id: i64, time_ms: i64) -> StoryMembership {
        StoryMembership {
            story_id,
            time_ms,
            words: 100,
            similarity: 0.5,
            joined: "similar".into(),
            features: b"{}".to_vec(),
        }
    }

    #[test]
    fn memberships_round_trip_and_aggregate_by_story() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(dir.path()).unwrap();
        let mut batch = store.batch().unwrap();
        let a = batch
            .put(&article("https://a.example/1", "A"))
            .unwrap()
            .article_id();
        let b = batch
            .put(&article("https://b.example/1", "B"))
            .unwrap()
            .article_id();
        let c = batch
            .put(&article("https://a.example/2", "A"))
            .unwrap()
            .article_id();
        let d = batch
            .put(&article("https://a.example/3", "A"))
            .unwrap()
            .article_id();
        batch.set_story(a, &member(a, 1_000)).unwrap();
        batch.set_story(b, &member(a, 3_000)).unwrap();
        batch.set_story(c, &member(a, 2_000)).unwrap();
        batch.set_story(d, &member(d, 500)).unwrap();
        batch.commit().unwrap();

        assert_eq!(store.story_of(b).unwrap(), Some(a));
        assert_eq!(store.story_counts().unwrap(), (2, 4));
        assert_eq!(store.newest_story_time().unwrap(), Some(3_000));
        assert_eq!(store.articles_without_story().unwrap(), 0);
        let arts = store.story_articles(a).unwrap();
        let ids: Vec<i64> = arts.iter().map(|x| x.article.id).collect();
        assert_eq!(ids, [a, c, b], "oldest first");
        assert_eq!(arts[2].article.outlet.as_deref(), Some("B"));
        let mut aggs = store.story_aggregates(0, i64::MAX).unwrap();
        aggs.sort_by_key(|x| x.story_id);
        assert_eq!(aggs[0].articles, 3);
        assert_eq!(aggs[0].outlets, 2);
        assert_eq!(aggs[0].newest_ms, 3_000);
        assert_eq!(aggs[0].words, 300);
        assert_eq!(store.story_aggregates(1_000, i64::MAX).unwrap().len(), 1);
        let before = store.story_aggregates(0, 2_500).unwrap();
        let a_then = before.iter().find(|x| x.story_id == a).unwrap();
        assert_eq!((a_then.articles, a_then.newest_ms), (2, 2_000));
        let mut seen = Vec::new();
        store
            .story_memberships(|m| seen.push(m.article_id))
            .unwrap();
        assert_eq!(seen, [a, b, c, d]);

        let mut batch = store.batch().unwrap();
        batch.clear_stories().unwrap();
        batch.commit().unwrap();
        assert_eq!(store.articles_without_story().unwrap(), 4);
    }
}
