//! Stories: articles about the same event, grouped online as they arrive.
//!
//! Wire copies of one story are linked by the corpus crate; a story is
//! broader: the G-20 summit reported by one outlet's own correspondent,
//! another's, and the wire copies many outlets ran. This crate is pure (no
//! storage, no I/O):
//!
//! 1. [`Features::of`] turns an analysed article into what clustering needs:
//!    weighted words of the headline and lead, entity names (people by
//!    surname), speakers, time and length. Features serialise, so a store
//!    keeps them and restarts resume without re-analysing.
//! 2. [`Clusterer::add`] places each new article: wire copies go to their
//!    copy group's story; others are compared (TF-IDF cosine, document
//!    frequencies learned online) with the centroids of stories active
//!    within [`Params::window_days`] of the article's time that share one of
//!    its strongest terms (an inverted index by term and week, so the work
//!    per article does not grow with the corpus), and join the best at or
//!    above [`Params::threshold`], else start a story. Comparing with the
//!    centroid, not with single members, keeps chains of near matches from
//!    merging unrelated events.
//! 3. [`summarize`] makes the view: the title is the headline of the most
//!    [`central`] article, with entities, speakers and the [`rank`] score
//!    (distinct outlets, freshness, prominence).
#![warn(missing_docs)]

mod cluster;
mod features;
mod summary;

pub use cluster::{Assignment, Clusterer, Join, Params, StoryId};
pub use features::{entity_key, parse_time_ms, words, Features, NamedCount, DAY_MS, LEAD_WORDS};
pub use summary::{
    central, rank, stats, summarize, Member, StoryStats, StorySummary, HALF_LIFE_HOURS,
};
