//! The online clusterer: each arriving article joins the most similar active
//! story or starts a new one.

use crate::features::Features;
use std::collections::{HashMap, HashSet};

/// Story id: the id of the article that started the story.
pub type StoryId = u64;

/// Tuning of the clusterer. The defaults are what the tests and the PolNeAR
/// measurement use.
#[derive(Debug, Clone, PartialEq)]
pub struct Params {
    /// An article is compared only with stories that have an article within
    /// this many days of its own time: one event's coverage is days long,
    /// and a topic that returns weeks later is a new story.
    pub window_days: i64,
    /// Least cosine similarity (TF-IDF, article against story centroid) to
    /// join a story.
    pub threshold: f32,
    /// Least number of terms the article must share with the story's
    /// centroid, so one shared rare name never makes a story by itself.
    pub min_shared: usize,
    /// The article's strongest terms (by TF-IDF) used to look up candidate
    /// stories in the inverted index, and under which it files its story.
    pub query_terms: usize,
    /// Posting lists longer than this are skipped when looking up
    /// candidates: such a term (in one week) says little about the event.
    pub max_postings: usize,
    /// Candidate stories compared in full with each article: those that
    /// share the most (and rarest) of its strongest terms.
    pub max_candidates: usize,
    /// Terms kept in a story's centroid (the strongest by TF-IDF).
    pub centroid_terms: usize,
    /// Stories kept in memory; beyond this the least recently joined half
    /// is forgotten (they stay in the store, but new articles no longer
    /// join them).
    pub max_stories: usize,
}

impl Default for Params {
    fn default() -> Self {
        Params {
            window_days: 3,
            threshold: 0.30,
            min_shared: 3,
            query_terms: 12,
            max_postings: 5_000,
            max_candidates: 64,
            centroid_terms: 200,
            max_stories: 200_000,
        }
    }
}

/// How an article came into its story.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Join {
    /// It started a new story.
    New,
    /// It was similar enough to the story's centroid.
    Similar,
    /// It is a wire copy of an article already in the story.
    Copy,
}

/// Where an article went.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Assignment {
    /// The story it belongs to.
    pub story: StoryId,
    /// How it got there.
    pub join: Join,
    /// Its cosine similarity with the story's centroid before it joined
    /// (1 for an article that started the story).
    pub similarity: f32,
}

/// A story while it is active.
#[derive(Debug, Clone)]
struct Story {
    /// Sum of the members' raw term weights, by term id.
    centroid: HashMap<u32, f32>,
    first_day: i64,
    last_day: i64,
    size: u32,
    /// Arrival sequence number of the last article that joined.
    touched: u64,
    /// (term, week) keys under which the story is filed.
    keys: HashSet<(u32, i64)>,
}

/// The online story clusterer.
///
/// Articles are represented by their [`Features`]: headline and lead words
/// plus entity names, weighted by TF-IDF with document frequencies learned
/// as articles arrive. A new article is compared only with stories that are
/// active around its time and share one of its strongest terms (an inverted
/// index keyed by term and week), against each story's centroid, so a chain
/// of near matches cannot pull unrelated events together: every member must
/// resemble the story as a whole. Wire copies always join the story of
/// their copy group.
#[derive(Debug, Clone)]
pub struct Clusterer {
    params: Params,
    vocab: HashMap<String, u32>,
    df: Vec<u32>,
    docs: u32,
    stories: HashMap<StoryId, Story>,
    postings: HashMap<(u32, i64), Vec<StoryId>>,
    /// The story of each copy group seen.
    group_story: HashMap<u64, StoryId>,
    seq: u64,
}

/// The week an instant falls in (weeks since 1970-01-01).
fn week(day: i64) -> i64 {
    day.div_euclid(7)
}

impl Clusterer {
    /// An empty clusterer.
    pub fn new(params: Params) -> Clusterer {
        Clusterer {
            params,
            vocab: HashMap::new(),
            df: Vec::new(),
            docs: 0,
            stories: HashMap::new(),
            postings: HashMap::new(),
            group_story: HashMap::new(),
            seq: 0,
        }
    }

    /// The parameters.
    pub fn params(&self) -> &Params {
        &self.params
    }

    /// Articles seen (added or restored).
    pub fn articles(&self) -> u32 {
        self.docs
    }

    /// Stories held in memory.
    pub fn active_stories(&self) -> usize {
        self.stories.len()
    }

    /// Places a new article: with its copy group's story when `copy_group`
    /// names a group (other than the article itself) already in a story,
    /// else in the most similar active story at or above the threshold, else
    /// in a new story with its own id.
    pub fn add(&mut self, id: u64, features: &Features, copy_group: Option<u64>) -> Assignment {
        let vector = self.learn(features);
        let day = features.day();
        let copy_story = copy_group
            .filter(|g| *g != id)
            .and_then(|g| self.group_story.get(&g).copied())
            .filter(|s| self.stories.contains_key(s));
        let assignment = match copy_story {
            Some(story) => Assignment {
                story,
                join: Join::Copy,
                similarity: self.similarity(&vector, story),
            },
            None => match self.best_story(&vector, day) {
                Some((story, similarity)) => Assignment {
                    story,
                    join: Join::Similar,
                    similarity,
                },
                None => Assignment {
                    story: id,
                    join: Join::New,
                    similarity: 1.0,
                },
            },
        };
        self.file(assignment.story, &vector, day, copy_group.unwrap_or(id));
        assignment
    }

    /// Puts back an article whose story is already known (read from a
    /// store), updating document frequencies and the story as [`add`] would.
    ///
    /// [`add`]: Clusterer::add
    pub fn restore(
        &mut self,
        id: u64,
        story: StoryId,
        features: &Features,
        copy_group: Option<u64>,
    ) {
        let vector = self.learn(features);
        self.file(story, &vector, features.day(), copy_group.unwrap_or(id));
    }

    /// Counts the article's terms into the document frequencies and returns
    /// its terms as (term id, raw weight).
    fn learn(&mut self, features: &Features) -> Vec<(u32, f32)> {
        self.docs = self.docs.saturating_add(1);
        let mut out = Vec::with_capacity(features.terms.len());
        for (term, w) in &features.terms {
            if !w.is_finite() || *w <= 0.0 {
                continue;
            }
            let next = self.vocab.len() as u32;
            let tid = *self.vocab.entry(term.clone()).or_insert(next);
            if tid as usize == self.df.len() {
                self.df.push(0);
            }
            if let Some(df) = self.df.get_mut(tid as usize) {
                *df = df.saturating_add(1);
            }
            out.push((tid, *w));
        }
        out
    }

    fn idf(&self, tid: u32) -> f32 {
        let df = self.df.get(tid as usize).copied().unwrap_or(0) as f32;
        ((self.docs as f32 + 1.0) / (df + 0.5)).ln().max(0.0)
    }

    /// The strongest terms of an article by TF-IDF.
    fn query_terms(&self, vector: &[(u32, f32)]) -> Vec<u32> {
        let mut scored: Vec<(u32, f32)> =
            vector.iter().map(|&(t, w)| (t, w * self.idf(t))).collect();
        scored.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        scored
            .into_iter()
            .take(self.params.query_terms)
            .map(|(t, _)| t)
            .collect()
    }

    fn best_story(&self, vector: &[(u32, f32)], day: i64) -> Option<(StoryId, f32)> {
        let w = self.params.window_days;
        // Candidates: active stories filed under one of the article's
        // strongest terms in a week of the window, scored by the summed
        // rarity of the terms they share with it.
        let mut candidates: HashMap<StoryId, f32> = HashMap::new();
        for t in self.query_terms(vector) {
            let idf = self.idf(t);
            for wk in week(day - w)..=week(day + w) {
                let Some(list) = self.postings.get(&(t, wk)) else {
                    continue;
                };
                if list.len() > self.params.max_postings {
                    continue;
                }
                for &s in list {
                    *candidates.entry(s).or_default() += idf;
                }
            }
        }
        let mut ranked: Vec<(StoryId, f32)> = candidates.into_iter().collect();
        // Only the best-supported candidates get the full comparison, which
        // bounds the work per article however common its terms are. Ties
        // go to the older story, so the result never depends on hash order.
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        let mut best: Option<(StoryId, f32)> = None;
        let mut compared = 0;
        for (s, _) in ranked {
            if compared >= self.params.max_candidates {
                break;
            }
            let Some(story) = self.stories.get(&s) else {
                continue;
            };
            if day < story.first_day - w || day > story.last_day + w {
                continue;
            }
            compared += 1;
            let (sim, shared) = self.cosine(vector, story);
            if shared < self.params.min_shared || sim < self.params.threshold {
                continue;
            }
            let better = match best {
                None => true,
                Some((b, bs)) => sim > bs || (sim == bs && s < b),
            };
            if better {
                best = Some((s, sim));
            }
        }
        best
    }

    fn similarity(&self, vector: &[(u32, f32)], story: StoryId) -> f32 {
        self.stories
            .get(&story)
            .map_or(0.0, |s| self.cosine(vector, s).0)
    }

    /// Cosine of the article's TF-IDF vector with the story centroid's, and
    /// the number of terms they share.
    fn cosine(&self, vector: &[(u32, f32)], story: &Story) -> (f32, usize) {
        let mut dot = 0.0f32;
        let mut na = 0.0f32;
        let mut shared = 0;
        for &(t, w) in vector {
            let idf = self.idf(t);
            let a = w * idf;
            na += a * a;
            if let Some(c) = story.centroid.get(&t) {
                dot += a * c * idf;
                shared += 1;
            }
        }
        let nc: f32 = story
            .centroid
            .iter()
            .map(|(&t, &c)| {
                let x = c * self.idf(t);
                x * x
            })
            .sum();
        if na <= 0.0 || nc <= 0.0 {
            return (0.0, shared);
        }
        (dot / (na.sqrt() * nc.sqrt()), shared)
    }

    /// Adds an article's vector to a story (creating it) and files the story
    /// under the article's strongest terms in the article's week.
    fn file(&mut self, story_id: StoryId, vector: &[(u32, f32)], day: i64, group: u64) {
        self.seq += 1;
        let keys: Vec<(u32, i64)> = self
            .query_terms(vector)
            .into_iter()
            .map(|t| (t, week(day)))
            .collect();
        let story = self.stories.entry(story_id).or_insert_with(|| Story {
            centroid: HashMap::new(),
            first_day: day,
            last_day: day,
            size: 0,
            touched: 0,
            keys: HashSet::new(),
        });
        story.size += 1;
        story.first_day = story.first_day.min(day);
        story.last_day = story.last_day.max(day);
        story.touched = self.seq;
        for &(t, w) in vector {
            *story.centroid.entry(t).or_default() += w;
        }
        for key in keys {
            if story.keys.insert(key) {
                self.postings.entry(key).or_default().push(story_id);
            }
        }
        self.group_story.entry(group).or_insert(story_id);
        if story.centroid.len() > 2 * self.params.centroid_terms {
            let mut ranked: Vec<(u32, f32)> =
                story.centroid.iter().map(|(&t, &c)| (t, c)).collect();
            let (df, docs) = (&self.df, self.docs);
            let idf = |t: u32| {
                let d = df.get(t as usize).copied().unwrap_or(0) as f32;
                ((docs as f32 + 1.0) / (d + 0.5)).ln().max(0.0)
            };
            ranked.sort_by(|a, b| {
                (b.1 * idf(b.0))
                    .total_cmp(&(a.1 * idf(a.0)))
                    .then(a.0.cmp(&b.0))
            });
            ranked.truncate(self.params.centroid_terms);
            story.centroid = ranked.into_iter().collect();
        }
        if self.stories.len() > self.params.max_stories {
            self.forget_oldest_half();
        }
    }

    /// Drops the least recently joined half of the stories from memory.
    fn forget_oldest_half(&mut self) {
        let mut touched: Vec<u64> = self.stories.values().map(|s| s.touched).collect();
        let mid = touched.len() / 2;
        let (_, cutoff, _) = touched.select_nth_unstable(mid);
        let cutoff = *cutoff;
        self.stories.retain(|_, s| s.touched >= cutoff);
        let stories = &self.stories;
        self.postings.retain(|_, list| {
            list.retain(|s| stories.contains_key(s));
            !list.is_empty()
        });
        self.group_story.retain(|_, s| stories.contains_key(s));
    }

    /// The number of articles of a story held in memory.
    pub fn story_size(&self, story: StoryId) -> Option<u32> {
        self.stories.get(&story).map(|s| s.size)
    }
}
