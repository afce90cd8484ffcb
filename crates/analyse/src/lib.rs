//! Understand an article: entities, quotes and who said them.
//!
//! ```
//! let a = dateline_analyse::analyse_text(
//!     "\"We agreed,\" Russian President Vladimir Putin said. The Russian leader said it went well.",
//!     Some("2017-07-08"),
//! );
//! assert_eq!(a.quotes[0].speaker.as_deref(), Some("Vladimir Putin"));
//! assert_eq!(a.quotes[1].speaker.as_deref(), Some("Vladimir Putin"));
//! ```
//!
//! The analysis is rules over tokens plus what is learned from the PolNeAR
//! `train` split (`data/`, rebuilt by `examples/train.rs`): how likely each
//! word is to be an attribution cue, how often each capitalised word is part
//! of a person's, organisation's or place's name, a cue detector that
//! weighs a word in its context ([`cuemodel`]), a part-of-speech tagger
//! ([`pos`]), and a span tagger that decides where each attribution's
//! content, cue and source start and end, reading the rules' proposals as
//! features ([`tagger`]).
//! Nothing is downloaded or loaded from disk at run time.
//!
//! Time is linear in the text's length apart from bounded look-backs, and
//! no recursion is used, so any input gets an answer in bounded time.
//!
//! Measuring it (with the PolNeAR copy in `../shared`):
//! - `cargo run --release -p dateline-eval --example polnear` scores content,
//!   source, cue and whole relations on PolNeAR `dev`;
//! - `cargo run --release -p dateline-eval --example speakers` checks the
//!   resolved speakers against `crates/eval/fixtures/polnear-speakers.json`;
//! - `cargo run --release -p dateline-analyse --example bench` prints
//!   articles per second on one core;
//! - `cargo test -p dateline-analyse` checks the seed article against
//!   `../shared/seed/expected.json` and runs the robustness tests.
#![warn(missing_docs)]

pub mod attribution;
pub mod cuemodel;
pub mod dates;
pub mod entities;
pub mod lexicon;
pub mod pos;
pub mod quotes;
pub mod tagger;
pub mod tokens;

use attribution::Raw;
use dateline_core::{
    Analysis, Article, Entity, EntityKind, Mention, MentionKind, Quote, QuoteKind, Span,
};
use entities::Found;
use lexicon::{DEMONYMS, ROLE_NOUNS};
use tokens::{is_cap, lower, Tok, Tokens};

/// Analyses an article's body. Offsets refer to [`Article::body_text`]. The
/// story's date is `story_date`, else the day of `published`. The agency
/// that published it is added as an organisation, and the dateline's city,
/// region and country as places, each with a `metadata` mention (offsets 0)
/// when the body does not name them.
pub fn analyse(article: &Article) -> Analysis {
    let text = article.body_text();
    let date = article
        .story_date
        .as_deref()
        .or(article.published.as_deref());
    let mut a = analyse_text(&text, date);
    if let Some(agency) = article.agency.as_deref().filter(|s| !s.trim().is_empty()) {
        if !a.entities.iter().any(|e| e.name == agency) {
            let id = format!("e{}", a.entities.len());
            a.entities.push(Entity {
                id,
                kind: EntityKind::Organization,
                name: agency.to_string(),
                titles: Vec::new(),
                mentions: vec![Mention {
                    text: agency.to_string(),
                    start: 0,
                    end: 0,
                    kind: MentionKind::Metadata,
                }],
            });
        }
    }
    // The dateline's place is where the story happened, though it stands
    // outside the body.
    if let Some(d) = &article.dateline {
        for place in [d.city.as_deref(), d.country.as_deref(), d.region.as_deref()]
            .into_iter()
            .flatten()
        {
            if !place.trim().is_empty() && !a.entities.iter().any(|e| e.name == place) {
                let id = format!("e{}", a.entities.len());
                a.entities.push(Entity {
                    id,
                    kind: EntityKind::Place,
                    name: place.to_string(),
                    titles: Vec::new(),
                    mentions: vec![Mention {
                        text: d.as_written.clone(),
                        start: 0,
                        end: 0,
                        kind: MentionKind::Metadata,
                    }],
                });
            }
        }
    }
    a
}

/// Analyses plain text; offsets refer to `text`. `story_date` (ISO 8601,
/// only the date part is read) resolves relative dates such as "Friday".
pub fn analyse_text(text: &str, story_date: Option<&str>) -> Analysis {
    let t = tokens::tokenize(text);
    let qs = quotes::find(text, &t);
    let mut inq = vec![false; t.toks.len()];
    for q in qs.iter().filter(|q| !q.nested) {
        for x in inq.iter_mut().take(q.close + 1).skip(q.open) {
            *x = true;
        }
    }
    let mut found = entities::find(text, &t, &inq);
    let raws = tagger::find(text, &t, &qs);
    let mut analysis = Analysis::new();
    analysis.sentence_count = t.sents.len();
    let mut extra_mentions: Vec<(usize, Mention)> = Vec::new();
    analysis.quotes = resolve(text, &t, &mut found, &raws, &mut extra_mentions);
    analysis.entities = build_entities(&found, extra_mentions);
    // Ids are by position in the entity list; quotes refer to them.
    let story = story_date.and_then(dates::parse_iso);
    analysis.dates = dates::find(text, &t, story);
    analysis
}

fn span_text(text: &str, s: usize, e: usize) -> String {
    text.get(s..e).unwrap_or("").to_string()
}

fn pronoun_gender(w: &str) -> Option<Option<bool>> {
    match w {
        "he" | "him" | "his" => Some(Some(true)),
        "she" | "her" | "hers" => Some(Some(false)),
        _ => None,
    }
}

/// Resolves each attribution's source to an entity and builds the quotes.
fn resolve(
    text: &str,
    t: &Tokens,
    found: &mut Found,
    raws: &[Raw],
    extra: &mut Vec<(usize, Mention)>,
) -> Vec<Quote> {
    let mut quotes: Vec<(usize, Quote)> = Vec::new();
    // (entity, paragraph) of the last resolved speaker.
    let mut last_speaker: Option<(Option<usize>, String, u32, usize)> = None;
    let mut resolved_of: Vec<Option<(Option<usize>, Option<String>)>> = vec![None; raws.len()];
    let mut order: Vec<usize> = (0..raws.len())
        .filter(|&i| raws[i].partial_of.is_none())
        .collect();
    order.sort_by_key(|&i| raws[i].first_tok);
    for &ri in &order {
        let r = &raws[ri];
        let mut ent: Option<usize> = None;
        let mut name: Option<String> = None;
        let mut conf = r.confidence;
        if r.continuation {
            if let Some((e, n, _, _)) = &last_speaker {
                ent = *e;
                name = Some(n.clone());
            }
        } else if let Some((s0, s1)) = r.source {
            let (bs, be) = (t.toks[s0].start, t.toks[s1 - 1].end);
            // The source span itself, when it refers to an entity by pronoun or role.
            let source_mention = |kind| Mention {
                text: span_text(text, bs, be),
                start: bs,
                end: be,
                kind,
            };
            let first = lower(t.text(text, s0));
            // A name inside the source.
            // The head of the source phrase: the name before an appositive
            // ("Dan Conston, an adviser"), else the last name ("Clinton
            // campaign manager Robby Mook").
            let comma = text.get(bs..be).and_then(|x| x.find(',')).map(|c| bs + c);
            let lo = found.mentions.partition_point(|m| m.span.0 < bs);
            let inside: Vec<&entities::NameMention> = found.mentions[lo..]
                .iter()
                .take_while(|m| m.span.0 < be)
                .filter(|m| m.span.0 >= bs && m.span.1 <= be && comma.is_none_or(|c| m.span.1 <= c))
                .collect();
            // `Sanders advisers`: a group headed by a plural noun after the
            // names in it spoke, not the person it is named for (but
            // `Sanders and his supporters` includes him).
            let head_end = comma.unwrap_or(be);
            let group = (s0..s1)
                .rev()
                .find(|&k| t.toks[k].end <= head_end && t.toks[k].kind == Tok::Word)
                .is_some_and(|k| lexicon::GROUP_NOUNS.contains(&t.text(text, k)))
                && !(s0..s1).any(|k| t.text(text, k) == "and");
            let pick = inside
                .iter()
                .filter(|m| found.ents[m.entity].kind == EntityKind::Person && !group)
                .max_by_key(|m| {
                    if comma.is_some() {
                        usize::MAX - m.span.0
                    } else {
                        m.span.0
                    }
                })
                // A place inside a role (`the Vermont senator`) is not
                // who spoke.
                .or_else(|| {
                    inside.iter().rev().find(|m| {
                        let kind = found.ents[m.entity].kind;
                        kind != EntityKind::Place && !(group && kind == EntityKind::Person)
                    })
                });
            // A lone surname that was not taken for a name on its own
            // ("Figueroa", after "spokeswoman Melezia Figueroa").
            // A transcript's `PENCE` is the article's `Pence`.
            let by_word = || {
                let w = t.text(text, s0);
                if s1 - s0 != 1 || !is_cap(w) || lexicon::PRONOUNS.contains(&first.as_str()) {
                    return None;
                }
                let w = w.trim_end_matches("'s").trim_end_matches("\u{2019}s");
                found.person_by_word(w).or_else(|| {
                    let mut cs = w.chars();
                    let head = cs.next()?;
                    (w.chars().count() > 1 && !w.chars().any(char::is_lowercase))
                        .then(|| {
                            found.person_by_word(&format!("{head}{}", cs.as_str().to_lowercase()))
                        })
                        .flatten()
                })
            };
            if let Some(m) = pick {
                ent = Some(m.entity);
            } else if let Some(e) = by_word() {
                ent = Some(e);
            } else if s1 - s0 == 1 && matches!(first.as_str(), "who" | "which") {
                ent = window(found, bs)
                    .iter()
                    .rev()
                    .find(|m| m.span.1 <= bs && bs - m.span.1 < 80)
                    .map(|m| m.entity);
                if let Some(e) = ent {
                    extra.push((e, source_mention(MentionKind::Pronoun)));
                }
            } else if let Some(g) = pronoun_gender(&first).filter(|_| s1 - s0 == 1) {
                ent = cataphor(text, t, found, s0, g)
                    .or_else(|| resolve_pronoun(found, g, bs, t.toks[s0].para, &last_speaker));
                if let Some(e) = ent {
                    extra.push((e, source_mention(MentionKind::Pronoun)));
                    if found.ents[e].male.is_none() {
                        found.ents[e].male = g;
                    }
                } else {
                    conf *= 0.6;
                }
            } else if let Some(e) = {
                let d0 = det_start(text, t, s0);
                resolve_nominal(text, t, found, d0, s1, bs).or_else(|| {
                    is_role_phrase(text, t, d0, s1)
                        .then(|| resolve_pronoun(found, None, bs, t.toks[s0].para, &last_speaker))
                        .flatten()
                        // `the governor` is not the senator quoted before.
                        .filter(|&e| {
                            let role = (d0..s1).map(|i| t.text(text, i)).collect::<Vec<_>>();
                            !offices_differ(&role, &found.ents[e].titles)
                        })
                })
            } {
                ent = Some(e);
                extra.push((e, source_mention(MentionKind::Nominal)));
            }
            // `Michael Mulgrew, president of the union, said`: a source
            // that is only the appositive belongs to the name before it.
            if ent.is_none() && !is_cap(t.text(text, s0)) {
                ent = window(found, bs)
                    .iter()
                    .rev()
                    .find(|m| m.span.1 <= bs)
                    .filter(|m| {
                        found.ents[m.entity].kind == EntityKind::Person
                            && text.get(m.span.1..bs).is_some_and(|g| g.trim() == ",")
                    })
                    .map(|m| m.entity);
            }
            name = match ent {
                Some(e) => Some(found.ents[e].name.clone()),
                None if matches!(
                    first.as_str(),
                    "i" | "we" | "you" | "it" | "they" | "he" | "she"
                ) =>
                {
                    None
                }
                None => Some(span_text(text, bs, be).trim_end_matches(',').to_string()),
            };
        }
        if ent.is_some() || name.is_some() {
            last_speaker = Some((ent, name.clone().unwrap_or_default(), r.para, r.first_tok));
        }
        resolved_of[ri] = Some((ent, name.clone()));
        quotes.push((ri, make_quote(text, t, r, ent, name, conf)));
    }
    for (ri, r) in raws.iter().enumerate() {
        if let Some(p) = r.partial_of {
            let (ent, name) = resolved_of
                .get(p)
                .cloned()
                .flatten()
                .unwrap_or((None, None));
            quotes.push((ri, make_quote(text, t, r, ent, name, r.confidence)));
        }
    }
    let mut qs: Vec<Quote> = quotes.into_iter().map(|(_, q)| q).collect();
    qs.sort_by_key(|q| (q.start, q.kind != QuoteKind::Partial));
    qs
}

fn make_quote(
    text: &str,
    t: &Tokens,
    r: &Raw,
    ent: Option<usize>,
    name: Option<String>,
    conf: f32,
) -> Quote {
    let spans: Vec<Span> = r
        .spans
        .iter()
        .map(|&(s, e)| Span { start: s, end: e })
        .collect();
    let start = spans.iter().map(|s| s.start).min().unwrap_or(0);
    let end = spans.iter().map(|s| s.end).max().unwrap_or(0);
    let qtext = spans
        .iter()
        .map(|s| span_text(text, s.start, s.end))
        .collect::<Vec<_>>()
        .join(" ");
    let tok_span = |(a, b): (usize, usize)| -> Option<Span> {
        Some(Span {
            start: t.toks.get(a)?.start,
            end: t.toks.get(b.checked_sub(1)?)?.end,
        })
    };
    let cue_span = r.cue.and_then(tok_span);
    let speaker_span = r.source.and_then(tok_span);
    Quote {
        text: qtext,
        start,
        end,
        spans,
        kind: r.kind,
        cue: cue_span.map(|s| span_text(text, s.start, s.end)),
        cue_span,
        speaker_as_written: speaker_span.map(|s| {
            span_text(text, s.start, s.end)
                .trim_end_matches(',')
                .to_string()
        }),
        speaker_span,
        speaker_id: ent.map(|e| format!("e{e}")),
        speaker: name,
        confidence: (conf * 100.0).round() / 100.0,
    }
}

/// `he`/`she`: the previous speaker when recent and of the right gender,
/// else the nearest earlier person named as a sentence's subject, else the
/// nearest earlier person.
fn resolve_pronoun(
    found: &Found,
    g: Option<bool>,
    pos: usize,
    para: u32,
    last: &Option<(Option<usize>, String, u32, usize)>,
) -> Option<usize> {
    let ok = |e: usize| {
        let ent = &found.ents[e];
        ent.kind == EntityKind::Person && (g.is_none() || ent.male.is_none() || ent.male == g)
    };
    // Mentions in this paragraph after the last speaker's attribution win
    // over the last speaker: a new subject has been introduced.
    let recent: Vec<&entities::NameMention> = window(found, pos)
        .iter()
        .filter(|m| m.span.1 <= pos && !m.quoted && ok(m.entity))
        .collect();
    if let Some((Some(e), _, p, _)) = last {
        if ok(*e) && para.saturating_sub(*p) <= 1 {
            // Another person named as a subject since then takes over.
            let since = recent
                .iter()
                .rev()
                .take_while(|m| m.entity != *e)
                .find(|m| m.subject);
            if since.is_none() {
                return Some(*e);
            }
        }
    }
    recent
        .iter()
        .rev()
        .take(12)
        .find(|m| m.subject)
        .or_else(|| recent.last())
        .map(|m| m.entity)
}

/// A pronoun in a clause put before its sentence's subject names that
/// subject (`When he wrote his book, Mr. McKinley said ...`): the clause
/// opens the sentence with a subordinating word just before the pronoun,
/// and the first comma after it is followed by a person's name.
fn cataphor(text: &str, t: &Tokens, found: &Found, s0: usize, g: Option<bool>) -> Option<usize> {
    let sent = t
        .sents
        .get(t.sents.partition_point(|&(_, b)| b <= s0))
        .filter(|&&(a, _)| a <= s0)?;
    let opener = (s0.saturating_sub(2).max(sent.0)..s0).find(|&k| {
        matches!(
            lower(t.text(text, k)).as_str(),
            "when"
                | "after"
                | "before"
                | "while"
                | "although"
                | "though"
                | "since"
                | "because"
                | "once"
                | "until"
                | "if"
                | "as"
        )
    })?;
    let is_comma = |k: usize| t.toks[k].kind == tokens::Tok::Punct && t.text(text, k) == ",";
    // The clause opens the sentence (`Ever since she ...`, `Back when he
    // ...`), not `Roffman learned that in 1990 after he ...`.
    if opener - sent.0 > 3 || (sent.0..opener).any(is_comma) {
        return None;
    }
    let comma = (s0 + 1..sent.1.min(s0 + 40)).find(|&k| is_comma(k))?;
    let lo = found.mentions.partition_point(|m| m.toks.0 <= comma);
    let m = found.mentions.get(lo)?;
    let ent = found.ents.get(m.entity)?;
    let gender_ok = g.is_none() || ent.male.is_none() || ent.male == g;
    (m.toks.0 <= comma + 3 && ent.kind == EntityKind::Person && gender_ok).then_some(m.entity)
}

/// The name mentions that start before `pos`, at most the last 200: a
/// speaker is looked for among recent names only, which keeps resolution
/// linear in the text's length.
fn window(found: &Found, pos: usize) -> &[entities::NameMention] {
    let end = found.mentions.partition_point(|m| m.span.0 < pos);
    found
        .mentions
        .get(end.saturating_sub(200)..end)
        .unwrap_or(&[])
}

/// Where a description starts when its determiner was left outside the
/// source span (`The current [Democratic presidential nominee]`): the
/// `the` just before it, or before one lower-case word before it.
fn det_start(text: &str, t: &Tokens, s0: usize) -> usize {
    let is_the = |i: usize| matches!(lower(t.text(text, i)).as_str(), "the" | "this" | "that");
    if is_the(s0) {
        s0
    } else if s0 >= 1 && is_the(s0 - 1) {
        s0 - 1
    } else if s0 >= 2
        && is_the(s0 - 2)
        && t.toks
            .get(s0 - 1)
            .is_some_and(|x| x.kind == tokens::Tok::Word)
        && !is_cap(t.text(text, s0 - 1))
    {
        s0 - 2
    } else {
        s0
    }
}

/// The public office a word names, abbreviations included; the chambers'
/// members are one office (`Rep.`, `congressman`, `representative`).
fn office(word: &str) -> Option<&'static str> {
    Some(match lower(word).trim_end_matches('.') {
        "president" | "pres" => "president",
        "senator" | "sen" => "senator",
        "governor" | "gov" => "governor",
        "congressman" | "congresswoman" | "representative" | "rep" => "representative",
        "mayor" => "mayor",
        "judge" | "justice" => "judge",
        "sheriff" => "sheriff",
        "ambassador" => "ambassador",
        "secretary" => "secretary",
        "chancellor" => "chancellor",
        "minister" => "minister",
        "premier" => "premier",
        "king" => "king",
        "queen" => "queen",
        "pope" => "pope",
        "general" | "gen" => "general",
        _ => return None,
    })
}

/// The office of a phrase or title, `vice president` apart from
/// `president`.
fn office_of<'a>(words: impl Iterator<Item = &'a str>) -> Option<(bool, &'static str)> {
    let mut vice = false;
    for w in words {
        if let Some(o) = office(w) {
            return Some((vice, o));
        }
        vice = lower(w) == "vice";
    }
    None
}

/// A role phrase that names one office and a person titled with another
/// (`the governor` and `Sen. Jane Holloway`) cannot be one person. A
/// former office on either side says nothing: `the former first lady and
/// U.S. senator` is also `the former secretary of state`.
fn offices_differ(role: &[&str], titles: &[String]) -> bool {
    let former = |w: &str| w.eq_ignore_ascii_case("former");
    if role.iter().any(|w| former(w)) {
        return false;
    }
    let Some(wanted) = office_of(role.iter().copied()) else {
        return false;
    };
    let held: Vec<_> = titles
        .iter()
        .filter(|x| !x.split_whitespace().any(former))
        .filter_map(|x| office_of(x.split_whitespace()))
        .collect();
    !held.is_empty() && !held.contains(&wanted)
}

/// `the former secretary of state`: a definite description ending in a role.
fn is_role_phrase(text: &str, t: &Tokens, s0: usize, s1: usize) -> bool {
    let first = lower(t.text(text, s0));
    matches!(first.as_str(), "the" | "this")
        && s1 - s0 <= 10
        && (s0..s1).any(|i| ROLE_NOUNS.contains(&lower(t.text(text, i)).as_str()))
        && !(s0 + 1..s1).any(|i| {
            let w = t.text(text, i);
            is_cap(w)
                && !DEMONYMS.iter().any(|(d, _)| *d == w)
                && !lexicon::PLACES.contains(&w)
                && !matches!(w, "Democratic" | "Republican" | "GOP")
        })
}

/// `the Russian leader`, `the senator`: the nearest earlier person whose
/// titles share the role or the nationality.
fn resolve_nominal(
    text: &str,
    t: &Tokens,
    found: &Found,
    s0: usize,
    s1: usize,
    pos: usize,
) -> Option<usize> {
    let words: Vec<String> = (s0..s1).map(|i| t.text(text, i).to_string()).collect();
    let first = lower(words.first()?);
    if !matches!(first.as_str(), "the" | "this" | "that") || words.len() > 5 {
        return None;
    }
    let role = words
        .iter()
        .rev()
        .find(|w| ROLE_NOUNS.contains(&lower(w).as_str()))
        .map(|w| lower(w))?;
    let adjs: Vec<&String> = words.iter().skip(1).filter(|w| is_cap(w)).collect();
    let mut best: Option<(i32, usize)> = None;
    for (rank, m) in window(found, pos)
        .iter()
        .rev()
        .filter(|m| m.span.1 <= pos)
        .enumerate()
    {
        let e = &found.ents[m.entity];
        if e.kind != EntityKind::Person {
            continue;
        }
        let titles = e
            .titles
            .iter()
            .map(|x| lower(x))
            .collect::<Vec<_>>()
            .join(" ");
        let mut score = 0;
        if titles.contains(&role) {
            score += 2;
        }
        for a in &adjs {
            let la = lower(a);
            if titles.contains(&la)
                || DEMONYMS
                    .iter()
                    .any(|(d, p)| *d == a.as_str() && titles.contains(&lower(p)))
            {
                score += 2;
            }
        }
        if score == 0 {
            continue;
        }
        let score = score * 100 - rank as i32;
        if best.is_none_or(|(s, _)| score > s) {
            best = Some((score, m.entity));
        }
        if rank > 200 {
            break;
        }
    }
    best.map(|(_, e)| e)
}

fn build_entities(found: &Found, extra: Vec<(usize, Mention)>) -> Vec<Entity> {
    let mut ents: Vec<Entity> = found
        .ents
        .iter()
        .enumerate()
        .map(|(i, e)| Entity {
            id: format!("e{i}"),
            kind: e.kind,
            name: e.name.clone(),
            titles: e.titles.clone(),
            mentions: Vec::new(),
        })
        .collect();
    for m in &found.mentions {
        if let Some(e) = ents.get_mut(m.entity) {
            e.mentions.push(Mention {
                text: m.name.clone(),
                start: m.span.0,
                end: m.span.1,
                kind: MentionKind::Name,
            });
        }
    }
    let mut seen: std::collections::HashSet<(usize, usize)> = found
        .mentions
        .iter()
        .map(|m| (m.entity, m.span.0))
        .collect();
    for (e, m) in extra {
        if let Some(ent) = ents.get_mut(e) {
            if seen.insert((e, m.start)) {
                ent.mentions.push(m);
            }
        }
    }
    for e in &mut ents {
        e.mentions.sort_by_key(|m| m.start);
    }
    ents
}
