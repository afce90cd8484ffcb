//! What the clusterer sees of an article: weighted words of its headline and
//! lead, its entities, its speakers and its time.

use dateline_core::{Analysis, Article, EntityKind, MentionKind};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// Words of the body read after the headline: the lead carries the event
/// (who, what, where, when); later paragraphs drift into background that
/// other stories share.
pub const LEAD_WORDS: usize = 160;

/// Weight of a headline word against a lead word: headlines name the event
/// in a few distinctive words.
const HEADLINE_WEIGHT: f32 = 2.5;
/// Weight of a word of the first paragraph (the news) against later ones.
const FIRST_PARAGRAPH_WEIGHT: f32 = 1.5;
/// Weight of an entity term (per log-count of its name mentions): names
/// from the whole body are strong evidence of the same event.
const ENTITY_WEIGHT: f32 = 1.5;
/// Longer entity names are extraction errors, not names.
const MAX_NAME_BYTES: usize = 200;
/// Entities and speakers kept per article for display.
const KEEP_NAMES: usize = 24;
/// Terms kept per article (the strongest): bounds memory and storage.
const MAX_TERMS: usize = 96;

/// A name with how often it occurs: an entity (with its kind) or a speaker.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NamedCount {
    /// Canonical name ("Vladimir Putin").
    pub name: String,
    /// `person`, `organization` or `place` for entities; absent for speakers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<EntityKind>,
    /// Mentions of the entity, or quotations of the speaker.
    pub count: u32,
}

/// The representation of one article for story clustering. It is small and
/// serialisable, so a store keeps it and rebuilds a [`crate::Clusterer`]
/// without re-reading or re-analysing articles.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Features {
    /// Terms with their raw weight (log-scaled, headline words boosted).
    /// Entity terms start with `@`. Sorted by term, no duplicates.
    pub terms: Vec<(String, f32)>,
    /// When the article was published, in ms since the Unix epoch (the time
    /// it was seen when it states none).
    pub time_ms: i64,
    /// Words in the body.
    pub words: u32,
    /// Entities named in the article, most mentioned first.
    #[serde(default)]
    pub entities: Vec<NamedCount>,
    /// People quoted in the article, most quoted first.
    #[serde(default)]
    pub speakers: Vec<NamedCount>,
}

impl Features {
    /// Features of an analysed article. `seen_ms` is used as its time when
    /// the article states no publication date.
    pub fn of(article: &Article, analysis: &Analysis, seen_ms: i64) -> Features {
        let mut weights: HashMap<String, f32> = HashMap::new();
        if let Some(h) = article.headline.as_deref() {
            for w in words(h) {
                *weights.entry(w).or_default() += HEADLINE_WEIGHT;
            }
        }
        let mut budget = LEAD_WORDS;
        for (i, para) in article.paragraphs().enumerate() {
            if budget == 0 {
                break;
            }
            let weight = if i == 0 { FIRST_PARAGRAPH_WEIGHT } else { 1.0 };
            let mut n = 0;
            for raw in para.split_whitespace().take(budget) {
                n += 1;
                for w in words(raw) {
                    *weights.entry(w).or_default() += weight;
                }
            }
            budget = budget.saturating_sub(n);
        }
        let mut terms: Vec<(String, f32)> = weights
            .into_iter()
            .map(|(t, w)| (t, (1.0 + w).ln()))
            .collect();

        let mut entities = Vec::new();
        for e in &analysis.entities {
            let names = e
                .mentions
                .iter()
                .filter(|m| m.kind == MentionKind::Name)
                .count() as u32;
            if names == 0 || e.name.trim().is_empty() || e.name.len() > MAX_NAME_BYTES {
                continue;
            }
            entities.push(NamedCount {
                name: e.name.clone(),
                kind: Some(e.kind),
                count: e.mentions.len() as u32,
            });
            if let Some(key) = entity_key(&e.name, e.kind) {
                terms.push((key, ENTITY_WEIGHT * (1.0 + names as f32).ln()));
            }
        }
        terms = merge_terms(terms);
        if terms.len() > MAX_TERMS {
            terms.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            terms.truncate(MAX_TERMS);
            terms.sort_by(|a, b| a.0.cmp(&b.0));
        }
        sort_names(&mut entities);
        entities.truncate(KEEP_NAMES);

        let mut speakers: HashMap<&str, u32> = HashMap::new();
        for q in &analysis.quotes {
            let person = q
                .speaker_id
                .as_deref()
                .and_then(|id| analysis.entity(id))
                .filter(|e| e.kind == EntityKind::Person);
            if let Some(e) = person {
                *speakers.entry(e.name.as_str()).or_default() += 1;
            }
        }
        let speakers = top_names(
            speakers.into_iter().map(|(n, c)| ((n, None), c)),
            KEEP_NAMES,
        );

        // Articles that arrive already extracted may not carry a count.
        let words = if article.word_count > 0 {
            article.word_count
        } else {
            article.paragraphs().map(dateline_core::word_count).sum()
        };
        let time_ms = [&article.published, &article.story_date, &article.updated]
            .into_iter()
            .find_map(|t| t.as_deref().and_then(parse_time_ms))
            .unwrap_or(seen_ms);
        Features {
            terms,
            time_ms,
            words: u32::try_from(words).unwrap_or(u32::MAX),
            entities,
            speakers,
        }
    }

    /// The article's day (days since 1970-01-01).
    pub fn day(&self) -> i64 {
        self.time_ms.div_euclid(DAY_MS)
    }
}

/// Milliseconds in a day.
pub const DAY_MS: i64 = 86_400_000;

fn sort_names(names: &mut [NamedCount]) {
    names.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.name.cmp(&b.name)));
}

/// The `keep` names counted most often (ties in name order), from counts
/// keyed by name and kind.
pub(crate) fn top_names<'a>(
    counts: impl IntoIterator<Item = ((&'a str, Option<EntityKind>), u32)>,
    keep: usize,
) -> Vec<NamedCount> {
    let mut names: Vec<NamedCount> = counts
        .into_iter()
        .map(|((name, kind), count)| NamedCount {
            name: name.to_string(),
            kind,
            count,
        })
        .collect();
    sort_names(&mut names);
    names.truncate(keep);
    names
}

/// Sums the weights of repeated terms and sorts by term.
fn merge_terms(mut terms: Vec<(String, f32)>) -> Vec<(String, f32)> {
    terms.sort_by(|a, b| a.0.cmp(&b.0));
    let mut out: Vec<(String, f32)> = Vec::with_capacity(terms.len());
    for (t, w) in terms {
        match out.last_mut() {
            Some(last) if last.0 == t => last.1 += w,
            _ => out.push((t, w)),
        }
    }
    out
}

/// The term an entity contributes. People by surname, since outlets vary
/// first names and initials ("Donald J. Trump", "Donald Trump", "Trump");
/// organisations and places by their folded full name.
pub fn entity_key(name: &str, kind: EntityKind) -> Option<String> {
    let folded: Vec<String> = name
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    let key = match kind {
        EntityKind::Person => folded
            .iter()
            .rev()
            .find(|w| !matches!(w.as_str(), "jr" | "sr" | "ii" | "iii" | "iv"))?
            .clone(),
        _ => folded.join(""),
    };
    (key.chars().count() >= 2).then(|| format!("@{key}"))
}

/// Longer "words" are not words (URLs run together, base64, garbage) and
/// would only bloat the stored features.
const MAX_WORD_CHARS: usize = 40;

/// Content words of a text: lowercased, split at anything that is not a
/// letter or digit, stop words and short words dropped, plural `s` removed.
pub fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| (3..=MAX_WORD_CHARS).contains(&w.chars().count()))
        .map(str::to_lowercase)
        .filter(|w| !is_stop(w))
        .map(stem)
}

fn stem(w: String) -> String {
    let n = w.len();
    if n > 4 && w.ends_with("ies") {
        return format!("{}y", &w[..n - 3]);
    }
    if n > 3 && w.ends_with('s') && !w.ends_with("ss") && !w.ends_with("us") && !w.ends_with("is") {
        return w[..n - 1].to_string();
    }
    w
}

fn is_stop(w: &str) -> bool {
    STOP.binary_search(&w).is_ok()
}

/// Function words and the verbs and nouns every news story uses.
const STOP: &[&str] = &[
    "about",
    "above",
    "according",
    "across",
    "added",
    "after",
    "again",
    "against",
    "ago",
    "all",
    "almost",
    "along",
    "already",
    "also",
    "although",
    "always",
    "among",
    "and",
    "another",
    "any",
    "anyone",
    "anything",
    "are",
    "around",
    "asked",
    "away",
    "back",
    "because",
    "been",
    "before",
    "being",
    "below",
    "between",
    "both",
    "but",
    "came",
    "can",
    "cannot",
    "could",
    "day",
    "days",
    "did",
    "does",
    "doing",
    "done",
    "down",
    "during",
    "each",
    "early",
    "either",
    "else",
    "even",
    "ever",
    "every",
    "few",
    "first",
    "for",
    "former",
    "four",
    "from",
    "further",
    "get",
    "gets",
    "going",
    "got",
    "had",
    "has",
    "have",
    "having",
    "her",
    "here",
    "hers",
    "herself",
    "him",
    "himself",
    "his",
    "how",
    "however",
    "including",
    "into",
    "its",
    "itself",
    "just",
    "last",
    "late",
    "later",
    "least",
    "less",
    "like",
    "made",
    "make",
    "makes",
    "many",
    "may",
    "might",
    "more",
    "most",
    "much",
    "must",
    "near",
    "never",
    "new",
    "news",
    "next",
    "nor",
    "not",
    "now",
    "off",
    "often",
    "once",
    "one",
    "only",
    "other",
    "others",
    "our",
    "ours",
    "out",
    "over",
    "own",
    "per",
    "put",
    "rather",
    "really",
    "said",
    "same",
    "saturday",
    "say",
    "saying",
    "says",
    "second",
    "see",
    "seen",
    "she",
    "should",
    "since",
    "some",
    "still",
    "such",
    "sunday",
    "take",
    "taken",
    "than",
    "that",
    "the",
    "their",
    "them",
    "themselves",
    "then",
    "there",
    "these",
    "they",
    "thing",
    "things",
    "think",
    "third",
    "this",
    "those",
    "though",
    "three",
    "through",
    "thursday",
    "time",
    "times",
    "told",
    "too",
    "tuesday",
    "two",
    "under",
    "until",
    "upon",
    "very",
    "was",
    "way",
    "wednesday",
    "week",
    "well",
    "went",
    "were",
    "what",
    "when",
    "where",
    "whether",
    "which",
    "while",
    "who",
    "whom",
    "whose",
    "why",
    "will",
    "with",
    "within",
    "without",
    "would",
    "year",
    "years",
    "yesterday",
    "yet",
    "you",
    "your",
    "friday",
    "monday",
    "today",
    "tonight",
];

/// Parses the start of an ISO 8601 time (`2017-07-09`, `2017-07-09T06:35:00`,
/// with or without offset) into ms since the Unix epoch. An offset is
/// applied when given; a local time without one is taken as UTC.
pub fn parse_time_ms(s: &str) -> Option<i64> {
    dateline_core::calendar::iso_to_unix(s).map(|secs| secs * 1000)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stop_list_is_sorted_for_binary_search() {
        let mut sorted = STOP.to_vec();
        sorted.sort_unstable();
        sorted.dedup();
        // The list is written by hand; keep it searchable.
        let mut check = STOP.to_vec();
        check.sort_unstable();
        assert_eq!(sorted.len(), STOP.len());
        assert_eq!(check, sorted);
    }

    #[test]
    fn words_drop_stop_words_and_plurals() {
        let w: Vec<String> = words("Putin hails meeting, says Trump's talks were good").collect();
        assert_eq!(w, ["putin", "hail", "meeting", "trump", "talk", "good"]);
    }

    #[test]
    fn times_parse_with_offsets() {
        assert_eq!(parse_time_ms("1970-01-02"), Some(DAY_MS));
        assert_eq!(parse_time_ms("1970-01-01T01:00:00Z"), Some(3_600_000));
        assert_eq!(parse_time_ms("1970-01-01T01:00:00+01:00"), Some(0));
        assert_eq!(parse_time_ms("1970-01-01T01:00-0100"), Some(7_200_000));
        assert_eq!(parse_time_ms("July 9"), None);
        assert_eq!(parse_time_ms("2017-13-01"), None);
        assert_eq!(parse_time_ms("2017-0"), None);
    }

    #[test]
    fn hostile_text_gives_small_features() {
        let mut a = Article::new();
        let junk = "x".repeat(1_000_000);
        a.headline = Some(format!("{junk} {}", "word ".repeat(100_000)));
        a.body = vec![dateline_core::Block::Paragraph {
            text: format!("{junk}\u{0}\u{202e}{}", "é".repeat(300_000)),
        }];
        let f = Features::of(&a, &Analysis::new(), 5);
        assert!(f.terms.len() <= MAX_TERMS);
        assert!(f
            .terms
            .iter()
            .all(|(t, _)| t.chars().count() <= MAX_WORD_CHARS));
        assert_eq!(f.time_ms, 5);
        assert!(f.words <= 2, "{}", f.words);
    }

    #[test]
    fn people_are_keyed_by_surname() {
        assert_eq!(
            entity_key("Donald J. Trump", EntityKind::Person).as_deref(),
            Some("@trump")
        );
        assert_eq!(
            entity_key("U.S.", EntityKind::Place).as_deref(),
            Some("@us")
        );
        assert_eq!(entity_key("J", EntityKind::Person), None);
    }
}
