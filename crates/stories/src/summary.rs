//! What a reader sees of a story: its title, its articles, the entities and
//! speakers across them, and its rank among the top news.

use crate::features::{top_names, Features, NamedCount};
use serde::Serialize;
use std::collections::{BTreeSet, HashMap};

/// One article of a story, as a view needs it.
#[derive(Debug, Clone, PartialEq)]
pub struct Member {
    /// The article's id.
    pub article_id: i64,
    /// The outlet that published it.
    pub outlet: Option<String>,
    /// Its headline.
    pub headline: Option<String>,
    /// The wire agency it names.
    pub agency: Option<String>,
    /// Its copy group, when it is wire copy.
    pub copy_group: Option<i64>,
    /// Its clustering features.
    pub features: Features,
}

/// The figures the top-news ranking uses, which a store can compute with
/// one aggregate query.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize)]
pub struct StoryStats {
    /// Articles in the story.
    pub articles: u32,
    /// Distinct outlets that ran an article of it (articles with no known
    /// outlet count as one outlet together).
    pub outlets: u32,
    /// Time of its newest article, ms since the Unix epoch.
    pub newest_ms: i64,
    /// Total words across its articles.
    pub words: u64,
}

/// Hours after which a story's freshness factor halves.
pub const HALF_LIFE_HOURS: f64 = 24.0;

/// The top-news score of a story at time `now_ms`:
///
/// `breadth × freshness × prominence`, where
/// - breadth = distinct outlets + 0.5 × ln(1 + further articles): many
///   outlets covering an event is the strongest sign it matters; more
///   articles from the same outlets add a little;
/// - freshness = 0.5 ^ (hours since the newest article / 24), and 1 for a
///   story newer than `now_ms`;
/// - prominence = 1 + 0.25 × ln(1 + total words / 1000): long coverage
///   (features, several long reports) weighs a little more than briefs.
pub fn rank(stats: &StoryStats, now_ms: i64) -> f64 {
    let outlets = f64::from(stats.outlets.max(1));
    let extra = f64::from(stats.articles.saturating_sub(stats.outlets));
    let breadth = outlets + 0.5 * (1.0 + extra).ln();
    let age_hours = (now_ms.saturating_sub(stats.newest_ms)).max(0) as f64 / 3_600_000.0;
    let freshness = 0.5f64.powf(age_hours / HALF_LIFE_HOURS);
    let prominence = 1.0 + 0.25 * (1.0 + stats.words as f64 / 1000.0).ln();
    breadth * freshness * prominence
}

/// A story as shown to a reader.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StorySummary {
    /// The story's id.
    pub id: i64,
    /// The headline of its most central article.
    pub title: Option<String>,
    /// The article that gives the title.
    pub title_article: i64,
    /// The ranking figures.
    pub stats: StoryStats,
    /// The top-news score at the time given to [`summarize`].
    pub score: f64,
    /// Time of its oldest article, ms since the Unix epoch.
    pub first_ms: i64,
    /// The outlets, sorted.
    pub outlets: Vec<String>,
    /// Entities across its articles: `count` is the number of articles that
    /// name each; most widely named first.
    pub entities: Vec<NamedCount>,
    /// People quoted across its articles: `count` is their quotations in all
    /// articles; most quoted first.
    pub speakers: Vec<NamedCount>,
}

/// Names kept in a summary's entity and speaker lists.
const SUMMARY_NAMES: usize = 12;

/// The ranking figures of a set of members.
pub fn stats(members: &[Member]) -> StoryStats {
    let mut outlets: BTreeSet<Option<&str>> = BTreeSet::new();
    let mut s = StoryStats::default();
    for m in members {
        outlets.insert(m.outlet.as_deref());
        s.articles += 1;
        s.newest_ms = if s.articles == 1 {
            m.features.time_ms
        } else {
            s.newest_ms.max(m.features.time_ms)
        };
        s.words += u64::from(m.features.words);
    }
    s.outlets = outlets.len() as u32;
    s
}

/// The index of the most central member: the one whose term weights have
/// the highest cosine with the summed weights of the other members. A
/// member without a headline is chosen only when none has one; ties go to
/// the earlier member.
pub fn central(members: &[Member]) -> Option<usize> {
    if members.len() <= 2 {
        // With two, either is as central as the other: take the one with a
        // headline and more words, which usually reports the event in full.
        return members
            .iter()
            .enumerate()
            .max_by(|(i, a), (j, b)| {
                a.headline
                    .is_some()
                    .cmp(&b.headline.is_some())
                    .then(a.features.words.cmp(&b.features.words))
                    .then(j.cmp(i))
            })
            .map(|(i, _)| i);
    }
    let mut total: HashMap<&str, f32> = HashMap::new();
    for m in members {
        for (t, w) in &m.features.terms {
            *total.entry(t.as_str()).or_default() += w;
        }
    }
    let mut best: Option<(usize, f32)> = None;
    for (i, m) in members.iter().enumerate() {
        let (mut dot, mut na, mut nr) = (0.0f32, 0.0f32, 0.0f32);
        let mut own: HashMap<&str, f32> = HashMap::new();
        for (t, w) in &m.features.terms {
            own.insert(t.as_str(), *w);
            let rest = total.get(t.as_str()).copied().unwrap_or(0.0) - w;
            dot += w * rest;
            na += w * w;
        }
        for (t, c) in &total {
            let rest = c - own.get(t).copied().unwrap_or(0.0);
            nr += rest * rest;
        }
        let cos = if na > 0.0 && nr > 0.0 {
            dot / (na.sqrt() * nr.sqrt())
        } else {
            0.0
        };
        let cos = if m.headline.is_some() { cos } else { cos - 1.0 };
        if best.is_none_or(|(_, b)| cos > b) {
            best = Some((i, cos));
        }
    }
    best.map(|(i, _)| i)
}

/// Summarises a story from its members, ranked at `now_ms`.
pub fn summarize(id: i64, members: &[Member], now_ms: i64) -> StorySummary {
    let stats = stats(members);
    let title_index = central(members);
    let title_member = title_index.and_then(|i| members.get(i));
    let mut entity_articles: HashMap<(&str, Option<dateline_core::EntityKind>), u32> =
        HashMap::new();
    let mut speakers: HashMap<&str, u32> = HashMap::new();
    for m in members {
        for e in &m.features.entities {
            *entity_articles
                .entry((e.name.as_str(), e.kind))
                .or_default() += 1;
        }
        for s in &m.features.speakers {
            *speakers.entry(s.name.as_str()).or_default() += s.count;
        }
    }
    let entities = top_names(entity_articles, SUMMARY_NAMES);
    let speakers = top_names(
        speakers.into_iter().map(|(n, c)| ((n, None), c)),
        SUMMARY_NAMES,
    );
    let outlets: BTreeSet<&str> = members.iter().filter_map(|m| m.outlet.as_deref()).collect();
    StorySummary {
        id,
        title: title_member.and_then(|m| m.headline.clone()),
        title_article: title_member.map_or(id, |m| m.article_id),
        score: rank(&stats, now_ms),
        stats,
        first_ms: members
            .iter()
            .map(|m| m.features.time_ms)
            .min()
            .unwrap_or(0),
        outlets: outlets.into_iter().map(str::to_string).collect(),
        entities,
        speakers,
    }
}
