//! What the analysis stage learns from an article: entities, dates mentioned,
//! and quotations with who said them.
//!
//! Every offset is a byte offset into the text that was analysed: for an
//! [`Article`] that is [`Article::body_text`] (blocks joined by a blank line),
//! for raw text it is the text as given. Offsets always fall on UTF-8 character
//! boundaries, so `&text[start..end]` is the span.

use crate::Article;
use serde::{Deserialize, Serialize};

/// Version tag written into every serialised [`Analysis`].
pub const ANALYSIS_SCHEMA: &str = "dateline.analysis/1";

/// An article together with its analysis, the record later stages store.
///
/// The article's fields are flattened into the top level, so an analysed
/// article is an extract-stage record with one more field, `analysis`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AnalysedArticle {
    /// The article as extracted.
    #[serde(flatten)]
    pub article: Article,
    /// What was understood from its body.
    pub analysis: Analysis,
}

/// The result of analysing one text.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Analysis {
    /// Always [`ANALYSIS_SCHEMA`] for analyses made by this version.
    pub schema: String,
    /// Number of sentences found.
    pub sentence_count: usize,
    /// People, organisations and places, each with every mention linked to it.
    pub entities: Vec<Entity>,
    /// Quotations and reported speech, in text order.
    pub quotes: Vec<Quote>,
    /// Dates mentioned in the text, resolved against the story's date.
    pub dates: Vec<DateMention>,
}

/// What kind of thing an entity is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EntityKind {
    /// A person.
    Person,
    /// A company, party, agency, team or other organisation.
    Organization,
    /// A country, region, city or other place.
    Place,
}

/// One entity of the text with all its mentions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entity {
    /// Number of the entity within its analysis (`e0`, `e1`, ...).
    pub id: String,
    /// What kind of entity it is.
    pub kind: EntityKind,
    /// Canonical name: the fullest name the text uses ("Vladimir Putin").
    pub name: String,
    /// Titles and roles written before the name ("Russian President",
    /// "former President") or in an appositive after it ("majority leader"
    /// from "Tom Barker, the majority leader,"), first use first, without
    /// duplicates.
    #[serde(default)]
    pub titles: Vec<String>,
    /// Every place the text refers to the entity.
    #[serde(default)]
    pub mentions: Vec<Mention>,
}

/// How a mention refers to its entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MentionKind {
    /// A name, full or partial ("Vladimir Putin", "Putin").
    Name,
    /// A description by role ("the Russian leader").
    Nominal,
    /// A pronoun ("he", "she", "they").
    Pronoun,
    /// The entity is named outside the text (the article's byline or agency).
    Metadata,
}

/// One mention of an entity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Mention {
    /// The mention as written.
    pub text: String,
    /// Byte offset of its first character.
    pub start: usize,
    /// Byte offset just past its last character.
    pub end: usize,
    /// Name, role description or pronoun.
    pub kind: MentionKind,
}

/// Direct, partial or indirect.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QuoteKind {
    /// Whole words in quotation marks: `"I tried to answer them all," Putin said.`
    Direct,
    /// A fragment in quotation marks inside a reported sentence:
    /// `said there are "no grounds" for it`.
    Partial,
    /// Reported speech without quotation marks: `Putin said he thinks ...`.
    Indirect,
}

/// A byte range of the analysed text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Span {
    /// Byte offset of the first character.
    pub start: usize,
    /// Byte offset just past the last character.
    pub end: usize,
}

/// One quotation or piece of reported speech.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Quote {
    /// The content as written, pieces joined by a space when it is split by
    /// the attribution (`"A," he said, "B."`). Direct quotes keep their marks.
    pub text: String,
    /// Byte offset where the content starts.
    pub start: usize,
    /// Byte offset where the content ends.
    pub end: usize,
    /// The content's pieces when it is interrupted; one piece otherwise.
    pub spans: Vec<Span>,
    /// Direct, partial or indirect.
    pub kind: QuoteKind,
    /// The attribution words as written ("said", "told", "according to"),
    /// absent when the quote continues the previous speaker with no cue.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cue: Option<String>,
    /// Where the cue is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cue_span: Option<Span>,
    /// The speaker as written at the attribution ("he", "The Russian
    /// leader", "Hugh Hill, a doctor").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub speaker_as_written: Option<String>,
    /// Where the speaker as written is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub speaker_span: Option<Span>,
    /// Id of the entity the speaker resolves to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub speaker_id: Option<String>,
    /// Canonical name of that entity, or the speaker as written when it names
    /// nobody in particular ("a source").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub speaker: Option<String>,
    /// How sure the analyser is of the quote and its speaker, 0 to 1.
    pub confidence: f32,
}

/// A date the text mentions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DateMention {
    /// As written ("Saturday, July 8, 2017", "Friday").
    pub as_written: String,
    /// Byte offset of the first character.
    pub start: usize,
    /// Byte offset just past the last character.
    pub end: usize,
    /// The resolved date, `YYYY-MM-DD`; `YYYY-MM` or `YYYY` when the text
    /// names no day; absent when it cannot be resolved (no story date).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// True when the date was worked out from the story's date ("Friday",
    /// "yesterday", "July 8" with no year).
    pub relative: bool,
}

impl Analysis {
    /// An empty analysis carrying the current schema tag.
    pub fn new() -> Self {
        Analysis {
            schema: ANALYSIS_SCHEMA.to_string(),
            ..Default::default()
        }
    }

    /// The entity with the given id.
    pub fn entity(&self, id: &str) -> Option<&Entity> {
        self.entities.iter().find(|e| e.id == id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn analysed_article_flattens_the_article_and_round_trips() {
        let mut article = Article::new();
        article.headline = Some("H".into());
        let mut analysis = Analysis::new();
        analysis.quotes.push(Quote {
            text: "\"Yes,\"".into(),
            start: 0,
            end: 6,
            spans: vec![Span { start: 0, end: 6 }],
            kind: QuoteKind::Direct,
            cue: Some("said".into()),
            cue_span: Some(Span { start: 13, end: 17 }),
            speaker_as_written: Some("Putin".into()),
            speaker_span: Some(Span { start: 7, end: 12 }),
            speaker_id: Some("e0".into()),
            speaker: Some("Vladimir Putin".into()),
            confidence: 0.9,
        });
        let rec = AnalysedArticle { article, analysis };
        let json = serde_json::to_value(&rec).unwrap();
        assert_eq!(json["headline"], "H");
        assert_eq!(json["analysis"]["schema"], ANALYSIS_SCHEMA);
        assert_eq!(json["analysis"]["quotes"][0]["kind"], "direct");
        let back: AnalysedArticle = serde_json::from_value(json).unwrap();
        assert_eq!(back, rec);
    }
}
