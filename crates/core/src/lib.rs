//! Shared types of the dateline pipeline.
//!
//! Data flows one way: bytes -> document -> [`Article`] -> analysed article ->
//! corpus -> views. Every stage depends on this crate for the types it hands to
//! the next stage, so no stage needs to reach into another's internals.
//!
//! The serialised form of [`Article`] is the versioned schema documented in
//! `docs/schema.md`; [`ARTICLE_SCHEMA`] names its version.

mod analysis;
mod article;
pub mod calendar;
pub mod feeds;
pub mod hash;
mod text;

pub use analysis::{
    AnalysedArticle, Analysis, DateMention, Entity, EntityKind, Mention, MentionKind, Quote,
    QuoteKind, Span, ANALYSIS_SCHEMA,
};
pub use article::{Article, Block, Dateline, FieldSource, Image, Signal, ARTICLE_SCHEMA};
pub use text::{fold_whitespace, word_count};

mod page;
pub use page::Page;
