//! Finds attributions sentence by sentence: the content, the cue and the
//! source as written. Speakers are resolved to entities afterwards.
//!
//! Patterns, in the order they are tried for each cue word of a sentence:
//! - content first: `"...," Putin said.`, `..., the source added.`,
//!   `"...," said Dan Conston, an adviser.`, `"A," he said, "B."`;
//! - source first: `Putin said (that) ...`, `Hugh Hill, a doctor, said ...`,
//!   `He told reporters ...`, `Trump said: "..."`;
//! - `according to X`, before or after its content;
//! - a word the learned cue detector ([`crate::cuemodel`]) is sure of that
//!   none of the above took: source before it, content after it.
//!
//! Cues then take in neighbours the detector sees as part of them
//! (`has said`, `told reporters`).
//!
//! Quotes left without an attribution are a continuation of the previous
//! speaker when they fill their sentence (a paragraph of quotation with no
//! cue), take a speaker from a following dash (`" - Commissioner Starks`),
//! or are dropped when they are a few words that nobody said (a nickname, a
//! title).

use crate::lexicon::{
    cue_score, CLAUSE_BREAK, NOT_BEFORE_CUE, PRE_CUE, SPEECH_VERBS, TAKES_LISTENER,
};
use crate::quotes::QSpan;
use crate::tokens::{is_cap, Tok, Tokens};
use dateline_core::QuoteKind;

/// Minimum cue likelihood (from the learned lexicon) for a word to be tried as a cue.
const CUE_THRESHOLD: f32 = 0.40;

/// Minimum likelihood for a cue right after a name or pronoun subject.
const WEAK_CUE: f32 = 0.30;

/// Learned-detector probability above which a word no pattern took still
/// makes an attribution (chosen on a held-out fifth of `train`).
const FALLBACK_CUE: f32 = 0.8;

/// Learned-detector probability below which a lexicon cue is not tried.
const CUE_VETO: f32 = 0.05;

/// Learned-detector probability from which any lexicon word is tried as a
/// cue (both chosen on a held-out fifth of `train`).
const CUE_BOOST: f32 = 0.6;

/// Learned-detector probability for a neighbour to join a cue.
const CUE_PART: f32 = 0.4;

/// An attribution before speaker resolution. Token ranges are `[start, end)`.
#[derive(Debug, Clone)]
pub struct Raw {
    /// Content pieces, byte ranges.
    pub spans: Vec<(usize, usize)>,
    /// Direct, partial or indirect.
    pub kind: QuoteKind,
    /// Cue tokens.
    pub cue: Option<(usize, usize)>,
    /// Source tokens.
    pub source: Option<(usize, usize)>,
    /// Continues the speaker of the previous quote.
    pub continuation: bool,
    /// A partial quote inside the content of attribution number `.0`.
    pub partial_of: Option<usize>,
    /// 0 to 1.
    pub confidence: f32,
    /// Paragraph of the content's start.
    pub para: u32,
    /// First token of the content, for ordering.
    pub first_tok: usize,
}

/// A hyphen, double hyphen, em or en dash standing as a mark of its own
/// (`" - Commissioner Starks`).
pub(crate) fn is_dash_mark(s: &str) -> bool {
    matches!(s, "-" | "--" | "\u{2014}" | "\u{2013}")
}

struct Ctx<'a> {
    text: &'a str,
    t: &'a Tokens,
    /// For each token: 1 + index of the top-level quote containing it, or 0.
    inq: Vec<u32>,
    quotes: Vec<QSpan>,
    lw: Vec<String>,
    /// For each token: the learned cue detector's probability.
    lp: Vec<f32>,
}

impl Ctx<'_> {
    fn s(&self, i: usize) -> &str {
        self.t.text(self.text, i)
    }
    fn l(&self, i: usize) -> &str {
        self.lw.get(i).map_or("", |s| s.as_str())
    }
    fn kind(&self, i: usize) -> Option<Tok> {
        self.t.toks.get(i).map(|t| t.kind)
    }
    fn is_word(&self, i: usize) -> bool {
        self.kind(i) == Some(Tok::Word)
    }
    fn is_punct(&self, i: usize, p: &str) -> bool {
        self.kind(i) == Some(Tok::Punct) && self.s(i) == p
    }
    fn is_dash(&self, i: usize) -> bool {
        self.kind(i) == Some(Tok::Punct) && is_dash_mark(self.s(i))
    }
    fn quote_at(&self, i: usize) -> Option<&QSpan> {
        let q = *self.inq.get(i)?;
        if q == 0 {
            None
        } else {
            self.quotes.get(q as usize - 1)
        }
    }
    fn start(&self, i: usize) -> usize {
        self.t.toks.get(i).map_or(self.text.len(), |t| t.start)
    }
    fn end(&self, i: usize) -> usize {
        self.t.toks.get(i).map_or(self.text.len(), |t| t.end)
    }
    /// The learned detector looked at this word.
    fn scored(&self, i: usize) -> bool {
        crate::lexicon::cue_score(self.l(i)) >= crate::cuemodel::MIN_LEXICON
    }
    fn cue_strength(&self, i: usize) -> f32 {
        let w = self.l(i);
        // Adverbs, auxiliaries and particles are learned as parts of cues
        // ("also said", "according to") but never introduce speech alone.
        if PRE_CUE.contains(&w)
            || NOT_BEFORE_CUE.contains(&w)
            || CLAUSE_BREAK.contains(&w) && !SPEECH_VERBS.contains(&w)
            || w == "according"
            || (w.ends_with("ly") && !SPEECH_VERBS.contains(&w))
        {
            return 0.0;
        }
        let s = cue_score(w);
        if SPEECH_VERBS.contains(&w) {
            s.max(0.9)
        } else {
            s
        }
    }
}

/// Finds the attributions of a tokenised text with its quoted spans.
pub fn find(text: &str, t: &Tokens, quotes: &[QSpan]) -> Vec<Raw> {
    find_parts(text, t, quotes).0
}

/// [`find`], also returning the lower-cased token texts and the learned cue
/// detector's probability of each token, which the tagger reads.
pub fn find_parts(text: &str, t: &Tokens, quotes: &[QSpan]) -> (Vec<Raw>, Vec<String>, Vec<f32>) {
    find_parts_with(text, t, quotes, None)
}

/// [`find_parts`] with the cue detector's weights given (`None`: the
/// shipped ones), so training can use a detector that did not see the text.
pub fn find_parts_with(
    text: &str,
    t: &Tokens,
    quotes: &[QSpan],
    cue_weights: Option<&[f32]>,
) -> (Vec<Raw>, Vec<String>, Vec<f32>) {
    let n = t.toks.len();
    let mut inq = vec![0u32; n];
    let tops: Vec<QSpan> = quotes.iter().filter(|q| !q.nested).copied().collect();
    for (qi, q) in tops.iter().enumerate() {
        for slot in inq.iter_mut().take((q.close + 1).min(n)).skip(q.open) {
            *slot = qi as u32 + 1;
        }
    }
    let mut view = crate::cuemodel::View::new(text, t, quotes);
    let mut buf = Vec::new();
    let lp = (0..n)
        .map(|i| match cue_weights {
            Some(w) => view.prob_with(i, &mut buf, w),
            None => view.prob(i, &mut buf),
        })
        .collect();
    let lw = std::mem::take(&mut view.lw);
    let cx = Ctx {
        text,
        t,
        inq,
        quotes: tops,
        lw,
        lp,
    };
    let mut out: Vec<Raw> = Vec::new();
    for &(a, b) in &t.sents {
        let mut from = a;
        // Further attributions after the first: `..., saying ...` shares the
        // source; `X said Y claims ...` nests a new one.
        for round in 0..4 {
            let Some(r) = sentence(&cx, a, b, from) else {
                // `Sen. Bernie Sanders criticized the accord, saying ...`:
                // the participle's source is the sentence's subject.
                if round == 0 {
                    if let Some(subj) = leading_subject(&cx, a, b) {
                        if let Some(r2) = participle(&cx, a, b, subj.1, Some(subj)) {
                            out.push(r2);
                        }
                    }
                }
                break;
            };
            // `While some say A, others say B`: a sibling clause after a
            // comma ends the first content.
            if round > 0 {
                if let (Some(prev), Some((s0, _))) = (out.last_mut(), r.source) {
                    if s0 > a
                        && (cx.is_punct(s0 - 1, ",") || cx.is_dash(s0 - 1))
                        && prev.kind == QuoteKind::Indirect
                    {
                        let cut = cx.end(s0.saturating_sub(2));
                        for sp in prev.spans.iter_mut() {
                            if sp.0 < cut && sp.1 > cut {
                                sp.1 = cut;
                            }
                        }
                    }
                }
            }
            let cue_end = r.cue.map_or(b, |c| c.1);
            let src = r.source;
            out.push(r);
            if cue_end >= b {
                break;
            }
            from = cue_end;
            if let Some(r2) = participle(&cx, a, b, from, src) {
                from = r2.cue.map_or(b, |c| c.1);
                // The first content stops before `, saying`.
                if let (Some(prev), Some((ci, _))) = (out.last_mut(), r2.cue) {
                    let mut cp = ci.saturating_sub(1);
                    if cx.l(cp) == "also" && cp > 0 {
                        cp -= 1;
                    }
                    if cx.l(cp) == "and" && cp > 0 && cx.is_punct(cp - 1, ",") {
                        cp -= 1;
                    }
                    let cut = cx.t.toks.get(cp.saturating_sub(1)).map_or(0, |t| t.end);
                    if prev.kind == QuoteKind::Indirect {
                        for sp in prev.spans.iter_mut() {
                            if sp.0 < cut && sp.1 > cut {
                                sp.1 = cut;
                            }
                        }
                    }
                }
                out.push(r2);
            }
        }
    }
    leftover_quotes(&cx, &mut out);
    fallback(&cx, &mut out);
    out.sort_by_key(|r| r.first_tok);
    for r in out.iter_mut() {
        extend_cue(&cx, r);
    }
    add_partials(&cx.quotes, &mut out);
    (out, cx.lw, cx.lp)
}

/// A word that opens a new clause's subject after `, and`.
fn new_subject(cx: &Ctx, k: usize) -> bool {
    matches!(
        cx.l(k),
        "the" | "a" | "an" | "he" | "she" | "they" | "it" | "we" | "i" | "his" | "her" | "their"
    ) || (is_cap(cx.s(k)) && cx.is_word(k))
}

/// `When asked whether ..., she said`: a question put to someone, with no
/// source of its own; the content runs to the comma.
fn asked_without_source(cx: &Ctx, a: usize, b: usize, i: usize) -> Option<Raw> {
    if !matches!(cx.l(i), "asked") {
        return None;
    }
    let lead = i == a
        || matches!(
            cx.l(i - 1),
            "when" | "if" | "being" | "was" | "were" | "after" | "once"
        );
    if !lead {
        return None;
    }
    let mut c = i + 1;
    // The person asked is not part of the question.
    if matches!(cx.l(c), "him" | "her" | "them" | "me" | "us") {
        c += 1;
    }
    if !matches!(
        cx.l(c),
        "whether" | "if" | "who" | "what" | "why" | "how" | "when" | "where" | "about" | "which"
    ) {
        return None;
    }
    let mut e = c;
    while e < b && !cx.is_punct(e, ",") && !cx.is_punct(e, ".") && !cx.is_punct(e, "?") {
        e += 1;
    }
    if e - c < 3 || e >= b {
        return None;
    }
    let (s, t) = (cx.start(c), cx.end(e - 1));
    Some(Raw {
        spans: vec![(s, t)],
        kind: QuoteKind::Indirect,
        cue: Some((i, i + 1)),
        source: None,
        continuation: false,
        partial_of: None,
        confidence: 0.5,
        para: cx.t.toks.get(a).map_or(0, |t| t.para),
        first_tok: c,
    })
}

/// A sentence-initial name or pronoun with its titles (`Democratic
/// presidential candidate Sen. Bernie Sanders (I-Vt.)`, `He`).
fn leading_subject(cx: &Ctx, a: usize, b: usize) -> Option<(usize, usize)> {
    if matches!(cx.l(a), "he" | "she" | "they") {
        return Some((a, a + 1));
    }
    let mut k = a;
    let mut last_cap = None;
    let mut depth = 0;
    while k < b.min(a + 14) {
        let w = cx.s(k);
        if cx.is_punct(k, "(") {
            depth += 1;
        } else if cx.is_punct(k, ")") {
            if depth == 0 {
                break;
            }
            depth -= 1;
            last_cap = Some(k);
        } else if depth > 0
            || (cx.is_word(k) && (is_cap(w) || crate::lexicon::TITLES.contains(&cx.l(k))))
        {
            if is_cap(w) && depth == 0 {
                last_cap = Some(k);
            }
        } else {
            break;
        }
        k += 1;
    }
    let e = last_cap? + 1;
    (is_cap(cx.s(a)) && !crate::lexicon::NOT_NAME.contains(&cx.l(a))).then_some((a, e))
}

/// `, saying ...`, `, adding that ...` after an attribution: same source.
fn participle(
    cx: &Ctx,
    a: usize,
    b: usize,
    from: usize,
    src: Option<(usize, usize)>,
) -> Option<Raw> {
    let src = src?;
    let b = b.min(a + 400);
    let i = (from..b).find(|&i| {
        cx.is_word(i)
            && cx.quote_at(i).is_none()
            && i > a
            && ((cx.is_punct(i - 1, ",")
                && cx.l(i).ends_with("ing")
                && cx.cue_strength(i) >= CUE_THRESHOLD)
                || (matches!(cx.l(i - 1), "and" | "also") && SPEECH_VERBS.contains(&cx.l(i))))
    })?;
    let end = content_end(cx, a, b);
    let mut c = i + 1;
    while c < end && (is_time_word(cx.l(c)) || cx.is_punct(c, ",") || cx.is_punct(c, ":")) {
        c += 1;
    }
    if TAKES_LISTENER.contains(&cx.l(i))
        && matches!(cx.l(c), "him" | "her" | "them" | "reporters" | "me" | "us")
    {
        c += 1;
    }
    if c + 1 >= end {
        return None;
    }
    let (spans, kind) = match cx.quote_at(c) {
        Some(q) if q.close + 1 >= end => (vec![(q.start, q.end)], QuoteKind::Direct),
        _ => (vec![(cx.start(c), cx.end(end - 1))], QuoteKind::Indirect),
    };
    Some(Raw {
        spans,
        kind,
        cue: Some((i, i + 1)),
        source: Some(src),
        continuation: false,
        partial_of: None,
        confidence: 0.7,
        para: cx.t.toks.get(a).map_or(0, |t| t.para),
        first_tok: c,
    })
}

fn sentence(cx: &Ctx, a: usize, b: usize, from: usize) -> Option<Raw> {
    // Sentences longer than this are lists or run-on text; skip the search
    // beyond it to keep time bounded on pathological input.
    let b = b.min(a + 400);
    for i in from..b {
        if !cx.is_word(i) || cx.quote_at(i).is_some() {
            continue;
        }
        if from > a {
            // A cue nested in an earlier attribution's content needs its own
            // subject there.
            if SPEECH_VERBS.contains(&cx.l(i)) && !NOT_BEFORE_CUE.contains(&cx.l(i - 1)) {
                if let Some(r) = source_first(cx, a, b, i, cx.cue_strength(i)) {
                    let short = r.source.is_some_and(|s| {
                        s.0 >= from
                            && s.1 - s.0 <= 4
                            && (is_cap(cx.s(s.0)) || crate::lexicon::PRONOUNS.contains(&cx.l(s.0)))
                    });
                    if short {
                        return Some(r);
                    }
                }
            }
            continue;
        }
        if i == a {
            if let Some(r) = colon_lead(cx, a, b) {
                return Some(r);
            }
        }
        if cx.l(i) == "according" && cx.l(i + 1) == "to" && i + 2 < b {
            if let Some(r) = according_to(cx, a, b, i) {
                return Some(r);
            }
            continue;
        }
        // The lexicon knows the word, the detector knows the word where it
        // stands: a word it rules out is skipped, one it is fairly sure of
        // is tried even when the lexicon alone would not.
        let mut score = cx.cue_strength(i);
        let lpi = cx.lp.get(i).copied().unwrap_or(0.0);
        if score > 0.0 && cx.scored(i) && lpi < CUE_VETO {
            score = 0.0;
        }
        if score > 0.0 && lpi >= CUE_BOOST {
            score = score.max(CUE_THRESHOLD);
        }
        if score < CUE_THRESHOLD {
            // A weaker cue counts only right after a name or pronoun subject
            // with content after it (`Trump wants ...`, `She hopes ...`).
            if score >= WEAK_CUE && i > a && !is_cap(cx.s(i)) {
                let p = i - 1;
                let w = cx.l(p);
                let subj = matches!(w, "he" | "she" | "they" | "i" | "we")
                    || (is_cap(cx.s(p)) && cx.is_word(p) && p > a && !NOT_BEFORE_CUE.contains(&w));
                if subj && cx.quote_at(p).is_none() {
                    if let Some(mut r) = source_first(cx, a, b, i, score) {
                        r.confidence *= 0.8;
                        return Some(r);
                    }
                }
            }
            continue;
        }
        // A capitalised cue mid-sentence is part of a name ("United States").
        if i > a && is_cap(cx.s(i)) && cx.kind(i - 1) != Some(Tok::QuoteMark) {
            continue;
        }
        if let Some(r) = asked_without_source(cx, a, b, i) {
            return Some(r);
        }
        if i > a && NOT_BEFORE_CUE.contains(&cx.l(i - 1)) {
            continue;
        }
        if let Some(r) = content_first(cx, a, b, i, score) {
            return Some(r);
        }
        if let Some(r) = source_first(cx, a, b, i, score) {
            return Some(r);
        }
    }
    None
}

/// The sentence's last token that belongs to content: drops the final dot
/// unless a closing quote follows it.
/// Skips a dateline that opens a sentence (`LOS ANGELES, Feb. 2 (UPI) — `):
/// it is the writer's, not part of what anyone said.
fn after_dateline(cx: &Ctx, a: usize, e: usize) -> usize {
    let first = cx.s(a);
    let caps = first.chars().filter(|c| c.is_alphabetic()).count() >= 2
        && !first.chars().any(|c| c.is_lowercase());
    if !caps {
        return a;
    }
    match (a + 1..e.min(a + 14)).find(|&k| cx.is_dash(k)) {
        Some(d) if d + 2 < e => d + 1,
        _ => a,
    }
}

fn content_end(cx: &Ctx, a: usize, b: usize) -> usize {
    let mut e = b;
    while e > a {
        let k = e - 1;
        if cx.kind(k) == Some(Tok::Punct)
            && matches!(cx.s(k), "." | ";" | "," | ":" | "-" | "--" | "\u{2014}")
        {
            e -= 1;
            continue;
        }
        break;
    }
    e
}

fn is_time_word(w: &str) -> bool {
    matches!(
        w,
        "monday"
            | "tuesday"
            | "wednesday"
            | "thursday"
            | "friday"
            | "saturday"
            | "sunday"
            | "today"
            | "yesterday"
            | "tonight"
            | "earlier"
            | "later"
            | "recently"
            | "afterward"
            | "afterwards"
            | "night"
            | "morning"
            | "afternoon"
            | "evening"
    )
}

/// Words that can open an adjunct after a cue (`said on Tuesday`).
fn is_adjunct_start(w: &str) -> bool {
    is_time_word(w)
        || matches!(
            w,
            "on" | "in"
                | "at"
                | "during"
                | "after"
                | "before"
                | "while"
                | "when"
                | "last"
                | "this"
                | "from"
                | "via"
                | "with"
                | "to"
                | "of"
                | "about"
                | "as"
                | "outside"
                | "inside"
                | "through"
                | "over"
                | "by"
                | "shortly"
                | "late"
                | "early"
        )
}

fn content_first(cx: &Ctx, a: usize, b: usize, i: usize, score: f32) -> Option<Raw> {
    if i == a {
        return None;
    }
    // Walk back over the subject (possibly empty) to the punctuation that
    // closes the content.
    let mut j = i;
    let mut words = 0;
    while j > a && cx.is_word(j - 1) && words < 9 {
        let w = cx.l(j - 1);
        if CLAUSE_BREAK.contains(&w) && !PRE_CUE.contains(&w) {
            return None;
        }
        j -= 1;
        words += 1;
    }
    if j == a || j < 2 {
        return None;
    }
    let sep = j - 1;
    let sep_ok = cx.is_punct(sep, ",")
        || cx.is_dash(sep)
        || (cx.kind(sep) == Some(Tok::QuoteMark) && cx.quote_at(sep).is_some());
    if !sep_ok {
        return None;
    }
    // `"...," Ramos, 58, told AFP`: the comma closes an appositive of a
    // subject, which the source-first pattern reads.
    if j == i && cx.is_punct(sep, ",") && cx.kind(sep - 1) != Some(Tok::QuoteMark) {
        return None;
    }
    let mut subject = (j, i);
    while subject.1 > subject.0 && PRE_CUE.contains(&cx.l(subject.1 - 1)) {
        subject.1 -= 1;
    }
    while subject.0 < subject.1
        && (is_time_word(cx.l(subject.0))
            || matches!(cx.l(subject.0), "now" | "then" | "also" | "but" | "and"))
    {
        subject.0 += 1;
    }
    if subject.1 > subject.0 && NOT_BEFORE_CUE.contains(&cx.l(subject.1 - 1)) {
        return None;
    }
    let words = subject.1 - subject.0;
    // What follows the cue: nothing, an adjunct, a listener, the source
    // itself, or the second half of an interrupted quote.
    let end = content_end(cx, a, b);
    let mut k = i + 1;
    let mut source = if subject.0 < subject.1 {
        Some(subject)
    } else {
        None
    };
    let mut second: Option<(usize, usize)> = None;
    if source.is_some() && words > 0 {
        // `he told reporters`, `he said Tuesday`
        let mut tail = 0;
        while k < end && cx.is_word(k) && tail < 6 {
            tail += 1;
            k += 1;
        }
        // What follows the words must end the sentence or open the second
        // half of the quote; anything else makes them the content.
        if tail > 0 && k < end && !cx.is_punct(k, ",") {
            return None;
        }
        if tail > 0 {
            let first = cx.l(i + 1);
            let ok = is_adjunct_start(first)
                || (TAKES_LISTENER.contains(&cx.l(i)) && tail <= 4)
                || (tail <= 2 && (is_cap(cx.s(i + 1)) || first == "reporters"));
            if !ok || first == "that" {
                return None;
            }
        }
    } else {
        // `"...," said Dan Conston, an adviser.`: the source follows.
        let s0 = k;
        while k < end && cx.quote_at(k).is_none() {
            k += 1;
        }
        if k == s0 {
            return None;
        }
        // The source is a short noun phrase ending the sentence or followed
        // by an appositive; anything longer is a clause, not a source.
        let first_comma = (s0..k).find(|&m| cx.is_punct(m, ",")).unwrap_or(k);
        let opener = cx.l(s0);
        let np_start = is_cap(cx.s(s0))
            || matches!(
                opener,
                "the"
                    | "a"
                    | "an"
                    | "his"
                    | "her"
                    | "their"
                    | "its"
                    | "one"
                    | "another"
                    | "two"
                    | "three"
                    | "several"
                    | "some"
                    | "many"
                    | "both"
                    | "he"
                    | "she"
                    | "they"
                    | "i"
                    | "we"
                    | "officials"
                    | "sources"
                    | "experts"
                    | "analysts"
                    | "critics"
            );
        if first_comma - s0 > 6 || !np_start {
            return None;
        }
        let mut s1 = k;
        // An adjunct before any comma is not part of the source.
        let mut m = s0;
        while m < s1 {
            if cx.is_punct(m, ",") {
                break;
            }
            if m > s0 && is_adjunct_start(cx.l(m)) && !is_cap(cx.s(m)) {
                s1 = m;
                break;
            }
            m += 1;
        }
        while s1 > s0 && cx.is_punct(s1 - 1, ",") {
            s1 -= 1;
        }
        if s1 - s0 > 40 || cx.l(s0) == "that" {
            return None;
        }
        source = Some((s0, s1));
    }
    // The rest of the sentence may be the quote's second half.
    let mut m = k;
    while m < end && cx.kind(m) == Some(Tok::Punct) && cx.quote_at(m).is_none() {
        m += 1;
    }
    if m < end {
        if let Some(q) = cx.quote_at(m) {
            second = Some((q.start, q.end));
        } else if source.is_some_and(|s| s.1 > i) {
            // Source after the cue consumed what remained.
        } else if words > 0 {
            // Already checked above as an adjunct.
        }
    }
    // The content: the quote that closes at the separator, or the sentence
    // up to the separator.
    let close = if cx.kind(sep) == Some(Tok::QuoteMark) {
        Some(sep)
    } else if sep > a && cx.kind(sep - 1) == Some(Tok::QuoteMark) {
        Some(sep - 1)
    } else {
        None
    };
    let mut spans = Vec::new();
    let mut kind = QuoteKind::Indirect;
    let mut first_tok = a;
    if let Some(q) = close.and_then(|c| cx.quote_at(c)) {
        let qs = q.open;
        // Words before the quote in the same sentence make it a partial quote
        // inside reported speech; keep the whole sentence then.
        if qs > a
            && cx.t.toks.get(a).is_some_and(|t| t.start < q.start)
            && sentence_has_words_before(cx, a, qs)
        {
            spans.push((cx.start(a), q.end));
        } else {
            spans.push((q.start, q.end));
            kind = QuoteKind::Direct;
            first_tok = qs.min(a);
        }
    } else {
        let mut ce = sep;
        while ce > a && cx.kind(ce - 1) == Some(Tok::Punct) && cx.s(ce - 1) == "," {
            ce -= 1;
        }
        if (a..ce).filter(|&m| cx.is_word(m)).count() < 3 {
            return None;
        }
        let a = after_dateline(cx, a, ce);
        spans.push((cx.start(a), cx.end(ce - 1)));
    }
    if let Some(s2) = second {
        spans.push(s2);
    }
    Some(Raw {
        spans,
        kind,
        cue: Some((i, i + 1)),
        source,
        continuation: false,
        partial_of: None,
        confidence: (0.5 + score / 2.0).min(0.99),
        para: cx.t.toks.get(a).map_or(0, |t| t.para),
        first_tok,
    })
}

fn sentence_has_words_before(cx: &Ctx, a: usize, qs: usize) -> bool {
    (a..qs).filter(|&k| cx.is_word(k)).count() >= 2
}

fn source_first(cx: &Ctx, a: usize, b: usize, i: usize, score: f32) -> Option<Raw> {
    // Subject: skip auxiliaries and adverbs before the cue.
    let mut k = i;
    let progressive = cx.l(i).ends_with("ing");
    while k > a
        && cx.is_word(k - 1)
        && (PRE_CUE.contains(&cx.l(k - 1))
            || (cx.l(k - 1).ends_with("ly") && !is_cap(cx.s(k - 1)) && k - 1 > a)
            || cx.l(k - 1).ends_with("n't")
            || cx.l(k - 1).ends_with("n\u{2019}t")
            || (progressive && matches!(cx.l(k - 1), "is" | "are" | "was" | "were" | "been")))
    {
        k -= 1;
    }
    if k == a {
        return None;
    }
    let last = k - 1;
    if NOT_BEFORE_CUE.contains(&cx.l(last)) {
        return None;
    }
    let source = if cx.is_word(last) && matches!(cx.l(last), "who" | "which") {
        (last, last + 1)
    } else {
        let mut s = last + 1;
        let mut n = 0;
        let mut appositive = false;
        let mut m = last + 1;
        if cx.is_punct(last, ",") {
            // `Hugh Hill, a doctor, said`: find the comma opening the appositive.
            let mut c = last;
            let mut found = None;
            while c > a && last - c < 32 {
                c -= 1;
                if cx.is_punct(c, ",") {
                    found = Some(c);
                    break;
                }
                if cx.quote_at(c).is_some() {
                    break;
                }
            }
            let mut c = found?;
            // `Clinton, 35, the daughter of ..., said`: an age is a second
            // appositive; the name is before the comma ahead of it.
            if c > a + 1
                && cx.s(c - 1).chars().all(|ch| ch.is_ascii_digit())
                && cx.is_punct(c - 2, ",")
            {
                c -= 2;
            }
            appositive = true;
            m = c;
        }
        while m > a {
            let p = m - 1;
            let inner_punct =
                cx.kind(p) == Some(Tok::Punct) && matches!(cx.s(p), "(" | ")" | "'" | "&" | ".");
            if !cx.is_word(p) && !inner_punct {
                break;
            }
            if cx.quote_at(p).is_some() {
                break;
            }
            let w = cx.l(p);
            if CLAUSE_BREAK.contains(&w)
                || is_time_word(w)
                || (p != last && cx.cue_strength(p) >= 0.6 && !is_cap(cx.s(p)))
            {
                break;
            }
            n += 1;
            if n > 12 {
                return None;
            }
            m = p;
        }
        s = s.min(m);
        // `Trump, in Kentucky, said`: a parenthetical adverbial is not part
        // of the source.
        let parenthetical = appositive && {
            let c = (m..last).find(|&x| cx.is_punct(x, ",")).unwrap_or(last);
            let w = cx.l(c + 1);
            is_adjunct_start(w)
                || matches!(
                    w,
                    "however" | "meanwhile" | "too" | "though" | "instead" | "by" | "for" | "like"
                )
        };
        if parenthetical {
            let c = (m..last).find(|&x| cx.is_punct(x, ",")).unwrap_or(last);
            if c <= m {
                return None;
            }
            (m, c)
        } else if appositive {
            (m, last + 1)
        } else {
            if s > last {
                return None;
            }
            (s, last + 1)
        }
    };
    if source.0 >= source.1 || !(source.0..source.1).any(|x| cx.is_word(x)) {
        return None;
    }
    // `"...," Ramos, 58, told AFP.`: the quote before the source is the content.
    if source.0 > a {
        let mut p = source.0 - 1;
        if cx.is_punct(p, ",") && p > a {
            p -= 1;
        }
        if let Some(q) = cx.quote_at(p).filter(|q| q.close == p) {
            return Some(Raw {
                spans: vec![(q.start, q.end)],
                kind: QuoteKind::Direct,
                cue: Some((i, i + 1)),
                source: Some(source),
                continuation: false,
                partial_of: None,
                confidence: (0.5 + score / 2.0).min(0.99),
                para: cx.t.toks.get(a).map_or(0, |t| t.para),
                first_tok: q.open,
            });
        }
    }
    // A lone lower-case word that is not a pronoun or plural noun is rarely a speaker.
    if source.1 - source.0 == 1 {
        let w = cx.s(source.0);
        let lw = cx.l(source.0);
        if !is_cap(w) && !crate::lexicon::PRONOUNS.contains(&lw) && !lw.ends_with('s') {
            return None;
        }
    }
    // Content after the cue.
    let end = content_end(cx, a, b);
    let mut c = i + 1;
    if TAKES_LISTENER.contains(&cx.l(i)) {
        let mut m = c;
        let mut hit = None;
        while m < end && m < c + 14 {
            if cx.l(m) == "that"
                || cx.is_punct(m, ",")
                || cx.is_punct(m, ":")
                || cx.quote_at(m).is_some()
            {
                hit = Some(m);
                break;
            }
            m += 1;
        }
        match hit {
            Some(h) => c = h,
            None => {
                // One listener: a pronoun, "reporters", or a name.
                if matches!(
                    cx.l(c),
                    "him"
                        | "her"
                        | "them"
                        | "me"
                        | "us"
                        | "you"
                        | "reporters"
                        | "journalists"
                        | "supporters"
                        | "voters"
                        | "the"
                        | "a"
                ) {
                    if matches!(cx.l(c), "the" | "a") {
                        c += 1;
                        while c < end && is_cap(cx.s(c)) {
                            c += 1;
                        }
                    } else {
                        c += 1;
                    }
                } else {
                    while c < end && is_cap(cx.s(c)) && cx.is_word(c) {
                        c += 1;
                    }
                }
            }
        }
    }
    // `called on X to ...`, `called for ...`: the particle belongs to the cue.
    if matches!(cx.l(i), "called" | "calls" | "call" | "calling") && matches!(cx.l(c), "on" | "for")
    {
        c += 1;
    }
    // Time adverbials and `in a statement` between the cue and its content.
    loop {
        let w = cx.l(c);
        if is_time_word(w) {
            c += 1;
        } else if (w == "on" && is_time_word(cx.l(c + 1)))
            || (w == "last" && matches!(cx.l(c + 1), "week" | "month" | "year" | "night"))
        {
            c += 2;
        } else if w == "in"
            && matches!(cx.l(c + 1), "a" | "an")
            && matches!(
                cx.l(c + 2),
                "statement"
                    | "interview"
                    | "speech"
                    | "tweet"
                    | "post"
                    | "letter"
                    | "email"
                    | "e-mail"
            )
        {
            c += 3;
            if cx.l(c) == "with" || cx.l(c) == "on" {
                let mut m = c;
                while m < end && m < c + 6 && cx.l(m) != "that" && !cx.is_punct(m, ",") {
                    m += 1;
                }
                c = m;
            }
        } else if cx.is_punct(c, ",") || cx.is_punct(c, ":") {
            c += 1;
        } else {
            break;
        }
    }
    // `argued since at least 1990 that ...`, `said in Ohio on Monday that
    // ...`: an adjunct between the cue and `that` is not content.
    if cx.l(c) != "that" && (is_adjunct_start(cx.l(c)) || cx.l(c) == "since") {
        if let Some(m) = (c + 1..end.min(c + 10))
            .take_while(|&m| cx.is_word(m) && cx.quote_at(m).is_none())
            .find(|&m| cx.l(m) == "that")
        {
            c = m;
        }
    }
    if c >= end {
        return None;
    }
    let mut first_tok = c;
    let mut spans = Vec::new();
    let mut kind = QuoteKind::Indirect;
    if let Some(q) = cx.quote_at(c) {
        if q.end > cx.end(end.saturating_sub(1)) || q.close + 1 >= end {
            // The content is a quotation that may run past this sentence.
            spans.push((q.start, q.end));
            kind = QuoteKind::Direct;
            first_tok = q.open;
        }
    }
    if spans.is_empty() {
        // Indirect content stops at `, but`, `, compared with`, `, despite`
        // (a clause by the writer).
        let mut stop = end;
        for m in c + 2..end {
            if cx.is_punct(m, ",")
                && cx.quote_at(m).is_none()
                && (matches!(
                    cx.l(m + 1),
                    "but"
                        | "while"
                        | "although"
                        | "whereas"
                        | "though"
                        | "compared"
                        | "despite"
                        | "after"
                ) || (cx.l(m + 1) == "and" && new_subject(cx, m + 2)))
            {
                stop = m;
                break;
            }
            if cx.is_punct(m, ";") && cx.quote_at(m).is_none() {
                stop = m;
                break;
            }
        }
        let end = stop;
        let e = content_end(cx, c, end.max(c + 1).min(b));
        // keep closing quotes: content_end only strips punctuation
        let last = e.max(c + 1) - 1;
        let words = (c..=last).filter(|&x| cx.is_word(x)).count();
        if words < 2 && cx.quote_at(c).is_none() {
            return None;
        }
        spans.push((cx.start(c), cx.end(last)));
    }
    let strong = SPEECH_VERBS.contains(&cx.l(i));
    let pron = crate::lexicon::PRONOUNS.contains(&cx.l(source.0)) || is_cap(cx.s(source.0));
    let confidence =
        (0.3 + score * 0.5 + if strong { 0.1 } else { 0.0 } + if pron { 0.09 } else { 0.0 })
            .min(0.99);
    Some(Raw {
        spans,
        kind,
        cue: Some((i, i + 1)),
        source: Some(source),
        continuation: false,
        partial_of: None,
        confidence,
        para: cx.t.toks.get(a).map_or(0, |t| t.para),
        first_tok: first_tok.min(source.0),
    })
}

/// `Graham: Trump's rhetoric is destroying the party` (headlines, lead-ins).
fn colon_lead(cx: &Ctx, a: usize, b: usize) -> Option<Raw> {
    let k = (a..b.min(a + 7)).find(|&m| cx.is_punct(m, ":"))?;
    if k == a || !(a..k).all(|m| cx.is_word(m)) || !is_cap(cx.s(a)) {
        return None;
    }
    let not_source = |w: &str| {
        matches!(
            w,
            "update"
                | "read"
                | "watch"
                | "video"
                | "photo"
                | "photos"
                | "note"
                | "related"
                | "source"
                | "sources"
                | "credit"
                | "image"
                | "more"
                | "editor's"
                | "correction"
                | "updated"
                | "breaking"
                | "exclusive"
                | "listen"
                | "see"
                | "also"
                | "here"
                | "q"
                | "a"
                | "question"
                | "answer"
                | "why"
                | "what"
                | "how"
                | "the"
                | "this"
                | "example"
                | "caption"
                | "advertisement"
                | "subscribe"
                | "follow"
                | "email"
                | "tags"
                | "topics"
                | "posted"
                | "published"
                | "by"
                | "contact"
                | "rating"
        )
    };
    if (a..k).any(|m| not_source(cx.l(m))) {
        return None;
    }
    let end = content_end(cx, a, b);
    let c = k + 1;
    if (c..end).filter(|&m| cx.is_word(m)).count() < 3 {
        return None;
    }
    let content = match cx.quote_at(c) {
        Some(q) if q.close + 1 >= end => (q.start, q.end),
        _ => (cx.start(c), cx.end(end.saturating_sub(1).max(c))),
    };
    Some(Raw {
        spans: vec![content],
        kind: if cx.quote_at(c).is_some() {
            QuoteKind::Direct
        } else {
            QuoteKind::Indirect
        },
        cue: Some((k, k + 1)),
        source: Some((a, k)),
        continuation: false,
        partial_of: None,
        confidence: 0.6,
        para: cx.t.toks.get(a).map_or(0, |t| t.para),
        first_tok: a,
    })
}

fn according_to(cx: &Ctx, a: usize, b: usize, i: usize) -> Option<Raw> {
    let end = clause_end(cx.text, cx.t, a, b);
    let at = according_to_parts(cx.text, cx.t, a, end, i)?;
    let (c0, c1) = at.content;
    // `"...," according to X`: the quotation is the content.
    let quoted = (c1 <= i && cx.kind(c1 - 1) == Some(Tok::QuoteMark))
        .then(|| cx.quote_at(c1 - 1))
        .flatten();
    let content = quoted.map_or((cx.start(c0), cx.end(c1 - 1)), |q| (q.start, q.end));
    Some(Raw {
        spans: vec![content],
        kind: QuoteKind::Indirect,
        cue: Some((i, i + 2)),
        source: Some(at.source),
        continuation: false,
        partial_of: None,
        confidence: 0.8,
        para: cx.t.toks.get(a).map_or(0, |t| t.para),
        first_tok: a,
    })
}

/// An attribution by `according to`: token ranges of its content and
/// source (the cue is the two words themselves).
pub(crate) struct AccordingTo {
    /// Content tokens.
    pub content: (usize, usize),
    /// Source tokens.
    pub source: (usize, usize),
}

/// The end of the clause of tokens `a..b` less its closing marks (`.`,
/// `!`, `?`, `;`, `,`, `:` and dashes).
pub(crate) fn clause_end(text: &str, t: &Tokens, a: usize, b: usize) -> usize {
    let mut end = b.min(t.toks.len());
    while end > a
        && t.toks[end - 1].kind == Tok::Punct
        && (is_dash_mark(t.text(text, end - 1))
            || matches!(t.text(text, end - 1), "." | "!" | "?" | ";" | "," | ":"))
    {
        end -= 1;
    }
    end
}

/// `According to X, content.` or `Content, according to X.` in the clause
/// of tokens `a..end` (`end` from [`clause_end`]), `i` being the token
/// `according`. The phrase opens the clause (after at most a mark or
/// `But`/`And`) or follows a comma or dash and ends it (a relative clause
/// may follow its source: `according to the Brennan Center, which ...`);
/// anywhere else it interrupts a clause whose halves this does not join.
pub(crate) fn according_to_parts(
    text: &str,
    t: &Tokens,
    a: usize,
    end: usize,
    i: usize,
) -> Option<AccordingTo> {
    let kind = |k: usize| t.toks.get(k).map(|x| x.kind);
    let mark = |k: usize, m: &str| kind(k) == Some(Tok::Punct) && t.text(text, k) == m;
    let dash = |k: usize| kind(k) == Some(Tok::Punct) && is_dash_mark(t.text(text, k));
    let source = according_to_source(text, t, i + 2)?;
    if source.1 > end {
        return None;
    }
    let opens = i == a
        || (i == a + 1
            && (kind(a) != Some(Tok::Word)
                || ["but", "and", "yet", "so"]
                    .iter()
                    .any(|w| t.text(text, a).eq_ignore_ascii_case(w))));
    let content = if opens {
        // The content follows the first comma after the source.
        let comma = (source.1..end).find(|&k| mark(k, ","))?;
        if comma + 1 >= end {
            return None;
        }
        (comma + 1, end)
    } else {
        let ends_clause = source.1 == end
            || !mark(source.1, ",") && kind(source.1) == Some(Tok::Word)
            || mark(source.1, ",")
                && matches!(
                    t.text(text, source.1 + 1).to_ascii_lowercase().as_str(),
                    "which" | "who" | "whose" | "where"
                );
        let mut ce = i;
        while ce > a && (mark(ce - 1, ",") || dash(ce - 1)) {
            ce -= 1;
        }
        // `"...," according to X` has the comma inside the quotation.
        let after_quote = i > 0 && kind(i - 1) == Some(Tok::QuoteMark);
        if (ce == i && !after_quote) || !ends_clause || ce <= a + 1 {
            return None;
        }
        (a, ce)
    };
    Some(AccordingTo { content, source })
}

/// The source after `according to`: the words from `from` up to the first
/// mark, line break or relative word, at most twelve (`according to the
/// Brennan Center, which ...`).
pub(crate) fn according_to_source(text: &str, t: &Tokens, from: usize) -> Option<(usize, usize)> {
    let mut end = from;
    while end < from + 12
        && t.toks.get(end).is_some_and(|x| {
            x.kind == Tok::Word
                && !(end > from && x.newline_before)
                && !matches!(
                    t.text(text, end).to_ascii_lowercase().as_str(),
                    "which" | "who" | "that" | "but"
                )
        })
    {
        end += 1;
    }
    (end > from).then_some((from, end))
}

/// Sorted, disjoint byte ranges covered by the contents found so far.
fn merged(out: &[Raw]) -> Vec<(usize, usize)> {
    let mut v: Vec<(usize, usize)> = out.iter().flat_map(|r| r.spans.iter().copied()).collect();
    v.sort_unstable();
    let mut m: Vec<(usize, usize)> = Vec::with_capacity(v.len());
    for (a, b) in v {
        match m.last_mut() {
            Some(last) if a <= last.1 => last.1 = last.1.max(b),
            _ => m.push((a, b)),
        }
    }
    m
}

fn covered(iv: &[(usize, usize)], s: usize, e: usize) -> bool {
    // The first range ending after `s` is the only candidate.
    let i = iv.partition_point(|r| r.1 <= s);
    iv.get(i).is_some_and(|&(a, _)| a < e)
}

fn leftover_quotes(cx: &Ctx, out: &mut Vec<Raw>) {
    let mut found: Vec<Raw> = Vec::new();
    out.sort_by_key(|r| r.first_tok);
    let iv = merged(out);
    for q in &cx.quotes {
        if covered(&iv, q.start, q.end) {
            continue;
        }
        let inner: Vec<usize> = (q.open + 1..q.close).filter(|&k| cx.is_word(k)).collect();
        let sentence_like = (q.open + 1..q.close)
            .any(|k| cx.kind(k) == Some(Tok::Punct) && matches!(cx.s(k), "." | "?" | "!" | ","))
            && inner.len() >= 3;
        if !sentence_like {
            // A few words in marks that nobody is said to have said: a
            // nickname, a title, a scare quote.
            continue;
        }
        let para = cx.t.toks.get(q.open).map_or(0, |t| t.para);
        // `" - Commissioner Starks`
        let after = q.close + 1;
        if cx.is_dash(after) && cx.is_word(after + 1) && is_cap(cx.s(after + 1)) {
            let mut e = after + 1;
            while e < cx.t.toks.len()
                && (cx.is_word(e) || cx.s(e) == ".")
                && e < after + 8
                && cx.t.toks[e].para == para
            {
                e += 1;
            }
            found.push(Raw {
                spans: vec![(q.start, q.end)],
                kind: QuoteKind::Direct,
                cue: None,
                source: Some((after + 1, e)),
                continuation: false,
                partial_of: None,
                confidence: 0.7,
                para,
                first_tok: q.open,
            });
            continue;
        }
        // A quotation standing as its own sentence(s) continues the last
        // speaker when one spoke in this or the previous paragraph.
        let starts_sentence = q.open == 0
            || cx.t.toks.get(q.open).is_some_and(|t| t.newline_before)
            || cx
                .t
                .sents
                .binary_search_by_key(&q.open, |&(s, _)| s)
                .is_ok();
        if !starts_sentence {
            continue;
        }
        let k = out.partition_point(|r| r.first_tok < q.open);
        let prev = k
            .checked_sub(1)
            .and_then(|k| out.get(k))
            .into_iter()
            .chain(found.last())
            .filter(|r| r.first_tok < q.open)
            .max_by_key(|r| r.first_tok);
        if let Some(p) = prev {
            if para.saturating_sub(p.para) <= 2
                && (p.kind == QuoteKind::Direct || para == p.para || para == p.para + 1)
            {
                found.push(Raw {
                    spans: vec![(q.start, q.end)],
                    kind: QuoteKind::Direct,
                    cue: None,
                    source: None,
                    continuation: true,
                    partial_of: None,
                    confidence: 0.6,
                    para,
                    first_tok: q.open,
                });
            }
        }
    }
    out.extend(found);
}

/// Quotations inside indirect content: partial quotes of that attribution
/// (nested quotations are left to their enclosing one).
pub fn add_partials(quotes: &[QSpan], out: &mut Vec<Raw>) {
    let tops: Vec<&QSpan> = quotes.iter().filter(|q| !q.nested).collect();
    let mut extra = Vec::new();
    for (ri, r) in out.iter().enumerate() {
        if r.kind != QuoteKind::Indirect {
            continue;
        }
        for &(s, e) in &r.spans {
            let from = tops.partition_point(|q| q.start < s);
            for q in tops[from..]
                .iter()
                .take_while(|q| q.start < e)
                .filter(|q| q.end <= e)
            {
                extra.push(Raw {
                    spans: vec![(q.start, q.end)],
                    kind: QuoteKind::Partial,
                    cue: r.cue,
                    source: r.source,
                    continuation: false,
                    partial_of: Some(ri),
                    confidence: r.confidence,
                    para: r.para,
                    first_tok: q.open,
                });
            }
        }
    }
    out.extend(extra);
}

/// Cues the learned detector is sure of that no pattern above took: the
/// source is the words before the cue back to a clause boundary, the content
/// the rest of the sentence after it (or the part before the source when
/// nothing follows the cue).
fn fallback(cx: &Ctx, out: &mut Vec<Raw>) {
    out.sort_by_key(|r| r.first_tok);
    let iv = merged(out);
    // Sorted, so each likely cue is looked up in logarithmic time.
    let mut cues: Vec<usize> = out.iter().filter_map(|r| r.cue.map(|c| c.0)).collect();
    cues.sort_unstable();
    let mut add = Vec::new();
    for &(a, b) in &cx.t.sents {
        let b = b.min(a + 400);
        let mut i = a;
        while i < b {
            let cur = i;
            i += 1;
            if cx.lp.get(cur).copied().unwrap_or(0.0) < FALLBACK_CUE
                || cx.cue_strength(cur) == 0.0
                || cx.quote_at(cur).is_some()
                || cues.binary_search(&cur).is_ok()
                || covered(&iv, cx.start(cur), cx.end(cur))
            {
                continue;
            }
            // Source: words before the cue (past auxiliaries and adverbs).
            let mut k = cur;
            while k > a
                && cx.is_word(k - 1)
                && (PRE_CUE.contains(&cx.l(k - 1))
                    || matches!(cx.l(k - 1), "is" | "are" | "was" | "were" | "been" | "be")
                    || is_aux(cx.l(k - 1))
                    || cx.l(k - 1).ends_with("n't"))
            {
                k -= 1;
            }
            let mut m = k;
            while m > a && k - m < 8 {
                let p = m - 1;
                if !cx.is_word(p) || cx.quote_at(p).is_some() || CLAUSE_BREAK.contains(&cx.l(p)) {
                    break;
                }
                m = p;
            }
            let source = (m < k).then_some((m, k));
            // The word before the cue must be able to end a noun phrase: a
            // name, a pronoun, a plural or a possessive-free noun run.
            if let Some((_, se)) = source {
                let w = cx.l(se - 1);
                let ok = is_cap(cx.s(se - 1))
                    || crate::lexicon::PRONOUNS.contains(&w)
                    || matches!(
                        w,
                        "i" | "we" | "you" | "they" | "people" | "voters" | "officials"
                    )
                    || (w.ends_with('s')
                        && !w.ends_with("ss")
                        && !w.ends_with("\u{2019}s")
                        && !w.ends_with("'s"));
                if !ok {
                    continue;
                }
            }
            let end = content_end(cx, a, b);
            let mut c = cur + 1;
            while c < end && (cx.l(c) == "that" || cx.is_punct(c, ",") || cx.is_punct(c, ":")) {
                c += 1;
            }
            let spans = if end > c + 1 {
                vec![(cx.start(c), cx.end(end - 1))]
            } else {
                let stop = m.saturating_sub(1);
                if stop <= a + 2 {
                    continue;
                }
                let e = content_end(cx, a, stop + 1);
                if e <= a + 1 {
                    continue;
                }
                vec![(cx.start(a), cx.end(e - 1))]
            };
            add.push(Raw {
                spans,
                kind: QuoteKind::Indirect,
                cue: Some((cur, cur + 1)),
                source,
                continuation: false,
                partial_of: None,
                confidence: 0.4,
                para: cx.t.toks.get(a).map_or(0, |t| t.para),
                first_tok: c.min(m),
            });
            // One fallback per clause run: skip past this cue's content.
            i = end.max(cur + 1);
        }
    }
    out.extend(add);
}

/// Cues are often several words (`has repeatedly said`, `is expected`,
/// `told reporters`): neighbours the learned detector sees as part of a cue
/// join it, as long as they are not in the source or the content.
fn extend_cue(cx: &Ctx, r: &mut Raw) {
    let Some((mut c0, mut c1)) = r.cue else {
        return;
    };
    let free = |k: usize, r: &Raw| {
        cx.is_word(k)
            && cx.quote_at(k).is_none()
            && cx.lp.get(k).copied().unwrap_or(0.0) >= CUE_PART
            && r.source.is_none_or(|(s0, s1)| k < s0 || k >= s1)
            && !r
                .spans
                .iter()
                .any(|&(s, e)| cx.start(k) < e && cx.end(k) > s)
    };
    let mut n = 0;
    while c0 > 0 && n < 3 && free(c0 - 1, r) {
        c0 -= 1;
        n += 1;
    }
    n = 0;
    while c1 < cx.t.toks.len() && n < 3 && free(c1, r) {
        c1 += 1;
        n += 1;
    }
    r.cue = Some((c0, c1));
}

/// Auxiliaries, modals and the `likely to` family between a subject and
/// its verb.
fn is_aux(w: &str) -> bool {
    matches!(
        w,
        "will"
            | "would"
            | "could"
            | "should"
            | "may"
            | "might"
            | "can"
            | "must"
            | "shall"
            | "to"
            | "likely"
            | "not"
            | "does"
            | "did"
            | "do"
            | "being"
            | "going"
            | "expected"
            | "able"
            | "ready"
            | "set"
            | "about"
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tokens::tokenize;

    /// Content and source of the first sentence's `according to`, as text.
    fn parts(text: &str) -> Option<(String, String)> {
        let t = tokenize(text);
        let (a, b) = t.sents[0];
        let i = (a..b).find(|&k| t.text(text, k).eq_ignore_ascii_case("according"))?;
        let at = according_to_parts(text, &t, a, clause_end(text, &t, a, b), i)?;
        let s = |(x, y): (usize, usize)| text[t.toks[x].start..t.toks[y - 1].end].to_string();
        Some((s(at.content), s(at.source)))
    }

    fn pair(content: &str, source: &str) -> Option<(String, String)> {
        Some((content.into(), source.into()))
    }

    #[test]
    fn according_to_opens_or_ends_its_clause() {
        assert_eq!(
            parts("According to the Brennan Center, turnout fell by a third."),
            pair("turnout fell by a third", "the Brennan Center")
        );
        assert_eq!(
            parts("But according to officials who saw the plan, it will cost more."),
            pair("it will cost more", "officials")
        );
        assert_eq!(
            parts("Turnout fell by a third, according to the Brennan Center, which counts votes."),
            pair("Turnout fell by a third", "the Brennan Center")
        );
        assert_eq!(
            parts("Turnout fell by a third -- according to exit polls."),
            pair("Turnout fell by a third", "exit polls")
        );
        assert_eq!(
            parts("\u{201c}It is over,\u{201d} according to one aide."),
            pair("\u{201c}It is over,\u{201d}", "one aide")
        );
        // Interrupting a clause, or with nothing on the other side: no
        // attribution this pattern can delimit.
        assert_eq!(
            parts("The company, according to the filing, lost money."),
            None
        );
        assert_eq!(parts("According to the filing."), None);
        assert_eq!(parts("Yes, according to him."), None);
    }
}
