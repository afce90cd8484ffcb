//! Connecting articles in the corpus: syndicated copies of one story.
//!
//! The same wire story runs at many outlets with different boilerplate, an
//! edited headline, a trimmed end, an added local paragraph, a fixed typo.
//! Copy detection here works on the body text only:
//!
//! 1. [`Shingles::of`]: the body's word 5-grams, hashed; punctuation, case
//!    and paragraph breaks ignored.
//! 2. [`Shingles::signature`]: MinHash signatures of all shingles and of the
//!    lead (the first paragraphs, which trimmed copies keep).
//! 3. [`CopyIndex::link`]: LSH banding proposes candidates; each candidate
//!    group's representative is verified exactly by shingle containment
//!    ([`verify`]); the article joins the best verified group or starts its
//!    own. Only verified pairs are linked, and always against the
//!    representative, so chains of near matches never merge unrelated
//!    stories.
#![warn(missing_docs)]

mod copies;
mod shingle;

pub use copies::{majority, measure, verify, CopyIndex, Link, Params, Verdict};
pub use shingle::{
    intersection_size, Shingles, Signature, FULL_HASHES, LEAD_HASHES, LEAD_SHINGLES, SHINGLE_WORDS,
};
