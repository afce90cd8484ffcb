//! Named entities: capitalised runs split into titles and a name, typed with
//! the learned name lexicon and hand lists, and linked within the article
//! (Vladimir Putin = Putin; Group of 20 = G-20). Role descriptions ("the
//! Russian leader") and pronouns are linked later, where speakers are
//! resolved.

use crate::lexicon::{
    name_stats, DEMONYMS, NOT_NAME, ORG_HEADS, PLACES, PLACE_HEADS, PLACE_STARTS, ROLE_NOUNS,
    TITLES, TO_ORG_HEADS,
};
use crate::tokens::{is_cap, lower, Tok, Tokens};
use dateline_core::EntityKind;
use std::collections::HashMap;

/// A name found in the text.
#[derive(Debug, Clone)]
pub struct NameMention {
    /// First and past-last token of the name (titles excluded).
    pub toks: (usize, usize),
    /// Byte range of the name, without a possessive `'s`.
    pub span: (usize, usize),
    /// The name as written.
    pub name: String,
    /// Titles before it ("Russian President").
    pub title: Option<String>,
    /// Entity number.
    pub entity: usize,
    /// Inside a quotation.
    pub quoted: bool,
    /// The first name in its sentence (a likely subject).
    pub subject: bool,
}

/// An entity being built.
#[derive(Debug, Clone)]
pub struct Ent {
    /// Person, organisation or place.
    pub kind: EntityKind,
    /// Fullest name seen.
    pub name: String,
    /// Titles seen.
    pub titles: Vec<String>,
    /// `Some(true)` male, `Some(false)` female.
    pub male: Option<bool>,
    /// Other names it goes by (acronyms).
    pub aliases: Vec<String>,
}

/// Entities and their name mentions, in text order.
#[derive(Debug, Default)]
pub struct Found {
    /// Entities.
    pub ents: Vec<Ent>,
    /// Name mentions.
    pub mentions: Vec<NameMention>,
    /// Entities by each word of their names, so linking stays linear.
    by_word: HashMap<String, Vec<usize>>,
    /// Entities by full name, alias and acronym key.
    by_key: HashMap<String, usize>,
    /// Name mentions of each entity so far.
    counts: Vec<usize>,
}

impl Found {
    fn index(&mut self, ei: usize, name: &str) {
        for w in name.split_whitespace() {
            let v = self.by_word.entry(w.to_string()).or_default();
            if v.last() != Some(&ei) {
                v.push(ei);
            }
        }
        self.by_key.insert(name.to_string(), ei);
        if let Some(k) = acronym_key(name) {
            self.by_key.entry(k).or_insert(ei);
        }
    }

    fn count(&self, ei: usize) -> usize {
        self.counts.get(ei).copied().unwrap_or(0)
    }

    /// The person most often named so far whose name contains `word`.
    pub fn person_by_word(&self, word: &str) -> Option<usize> {
        self.by_word
            .get(word)?
            .iter()
            .filter(|&&e| {
                self.ents
                    .get(e)
                    .is_some_and(|x| x.kind == EntityKind::Person)
            })
            .max_by_key(|&&e| (self.count(e), usize::MAX - e))
            .copied()
    }

    fn candidates(&self, name: &str) -> Vec<usize> {
        let mut c: Vec<usize> = Vec::new();
        for w in name.split_whitespace() {
            if let Some(v) = self.by_word.get(w) {
                c.extend(v.iter().rev().take(8));
            }
        }
        if let Some(&e) = self.by_key.get(name) {
            c.push(e);
        }
        if let Some(e) = acronym_key(name).and_then(|k| self.by_key.get(&k)) {
            c.push(*e);
        }
        c.sort_unstable_by(|a, b| b.cmp(a));
        c.dedup();
        c
    }
}

/// The key under which an organisation and its acronym meet: "IMF" for
/// "International Monetary Fund" and for "IMF"; "G20" for "Group of 20" and "G-20".
fn acronym_key(name: &str) -> Option<String> {
    if let Some(n) = name.strip_prefix("Group of ") {
        if !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()) {
            return Some(format!("#G{n}"));
        }
    }
    let words: Vec<&str> = name.split_whitespace().collect();
    if words.len() == 1 {
        let w: String = name.chars().filter(|c| c.is_alphanumeric()).collect();
        if w.len() >= 2 && name.chars().all(|c| !c.is_lowercase()) {
            return Some(format!("#{w}"));
        }
        return None;
    }
    let ini = initials(name);
    (ini.chars().count() >= 2).then(|| format!("#{ini}"))
}

fn strip_possessive(s: &str) -> &str {
    for suf in ["'s", "\u{2019}s", "'", "\u{2019}"] {
        if let Some(x) = s.strip_suffix(suf) {
            if !x.is_empty() {
                return x;
            }
        }
    }
    s
}

fn is_title_word(w: &str) -> bool {
    TITLES.contains(&lower(w).as_str()) || DEMONYMS.iter().any(|(d, _)| *d == w)
}

fn person_title(t: &str) -> bool {
    let l = lower(t);
    l.split_whitespace().any(|w| {
        !matches!(
            w,
            "house"
                | "senate"
                | "state"
                | "supreme"
                | "court"
                | "district"
                | "federal"
                | "u.s."
                | "foreign"
                | "defense"
                | "majority"
                | "minority"
                | "democratic"
                | "republican"
                | "gop"
                | "presidential"
        ) && TITLES.contains(&w)
    })
}

fn initials(name: &str) -> String {
    name.split_whitespace()
        .filter(|w| is_cap(w))
        .filter_map(|w| w.chars().next())
        .collect()
}

/// Finds names in the text and links them into entities.
pub fn find(text: &str, t: &Tokens, inq: &[bool]) -> Found {
    let mut f = Found::default();
    let n = t.toks.len();
    let word = |i: usize| t.text(text, i);
    let mut sent_of = vec![0usize; n];
    let mut sent_start = vec![false; n];
    for (si, &(a, b)) in t.sents.iter().enumerate() {
        for s in sent_of.iter_mut().take(b.min(n)).skip(a) {
            *s = si;
        }
        if a < n {
            sent_start[a] = true;
            // A sentence may open with a quote mark.
            if t.toks[a].kind == Tok::QuoteMark && a + 1 < n {
                sent_start[a + 1] = true;
            }
        }
    }
    let title_case: Vec<bool> = t
        .sents
        .iter()
        .map(|&(a, b)| {
            let ws: Vec<&str> = (a..b)
                .filter(|&k| t.toks[k].kind == Tok::Word)
                .map(word)
                .collect();
            let caps = ws.iter().filter(|w| is_cap(w)).count();
            // A sentence full of names (`Gov. Mike Pence spoke to host Chris
            // Wallace`) still has lower-case words that are not the small
            // words a title-case headline leaves small.
            let small_only = ws
                .iter()
                .filter(|w| !is_cap(w) && w.chars().any(char::is_alphabetic))
                .all(|w| {
                    matches!(
                        lower(w).as_str(),
                        "a" | "an"
                            | "the"
                            | "of"
                            | "to"
                            | "in"
                            | "on"
                            | "at"
                            | "by"
                            | "for"
                            | "and"
                            | "or"
                            | "but"
                            | "nor"
                            | "as"
                            | "vs."
                            | "vs"
                            | "with"
                            | "from"
                            | "into"
                            | "over"
                            | "if"
                            | "is"
                            | "are"
                            | "was"
                            | "be"
                            | "not"
                            | "than"
                            | "this"
                            | "that"
                            | "up"
                            | "out"
                            | "off"
                            | "so"
                            | "its"
                            | "it"
                            | "per"
                            | "via"
                    )
                });
            ws.len() >= 4 && caps * 10 >= ws.len() * 6 && small_only
        })
        .collect();
    let mut subject_seen = usize::MAX;
    let mut i = 0;
    while i < n {
        let tok = t.toks[i];
        if tok.kind != Tok::Word || !is_cap(word(i)) {
            i += 1;
            continue;
        }
        // Extend the capitalised run: "Group of 20", "Bank of America".
        let mut e = i + 1;
        while e < n
            && t.toks[e].kind == Tok::Word
            && t.toks[e].para == tok.para
            && sent_of[e] == sent_of[i]
        {
            let w = word(e);
            let headline_verb = title_case[sent_of[i]] && (seldom_named(w) || speech_like(w));
            if is_cap(w) && !headline_verb && word(e - 1) == strip_possessive(word(e - 1)) {
                e += 1;
                continue;
            }
            let next_is_word = e + 1 < n && t.toks[e + 1].kind == Tok::Word;
            // `Committee to Protect Journalists`: `to` and a verb, not a
            // name or a title (`the Committee to President Obama`).
            let org_to = w == "to"
                && next_is_word
                && !title_case[sent_of[i]]
                && TO_ORG_HEADS.contains(&word(e - 1))
                && is_cap(word(e + 1))
                && seldom_named(word(e + 1))
                && !is_title_word(word(e + 1));
            // `Bank of America`, `Group of 20`, `Club for Growth`.
            let joined = matches!(w, "of" | "for" | "and" | "de" | "al")
                && next_is_word
                && (is_cap(word(e + 1)) || word(e + 1).chars().all(|c| c.is_ascii_digit()))
                && word(e - 1) == strip_possessive(word(e - 1))
                && ORG_HEADS
                    .iter()
                    .any(|h| (i..e).any(|k| word(k) == *h) || word(e + 1) == *h || w == "of");
            if !(org_to || joined) {
                break;
            }
            e += 2;
        }
        let run_end = e;
        // Drop words that cannot start a name.
        let mut s = i;
        while s < run_end
            && (NOT_NAME.contains(&lower(word(s)).as_str())
                // A headline's verb that ended the name before it
                // (`Chris Christie Calls Hillary Clinton`).
                || (title_case[sent_of[s]] && s > 0 && is_cap(word(s - 1)) && speech_like(word(s)))
                || (sent_start[s]
                    && s + 1 == run_end
                    && name_stats(word(s))
                        .is_none_or(|st| st.other > 3 * (st.person + st.org + st.loc))
                    && !PLACES.contains(&word(s))
                    && !f.by_word.contains_key(strip_possessive(word(s))))
                // A sentence's first word that is no name, before a name:
                // one the machine tags almost never name, or an unknown
                // word before a first name (`Follow Pam Key on Twitter`).
                || (sent_start[s]
                    && s + 2 <= run_end
                    && match name_stats(word(s)) {
                        Some(st) => st.other >= 5 && st.other > 10 * (st.person + st.org + st.loc),
                        None => {
                            s + 3 <= run_end
                                && name_stats(word(s + 1))
                                    .is_some_and(|st| st.first >= 2 && st.first * 3 >= st.person)
                        }
                    }
                    && !is_title_word(word(s))
                    && !PLACES.contains(&word(s))
                    && !f.by_word.contains_key(strip_possessive(word(s)))))
        {
            s += 1;
        }
        if s >= run_end {
            i = run_end;
            continue;
        }
        // Hyphenated adjectives ("U.S.-Russian") are not names.
        if run_end - s == 1
            && word(s).contains('-')
            && word(s)
                .split('-')
                .any(|p| DEMONYMS.iter().any(|(d, _)| *d == p))
        {
            i = run_end;
            continue;
        }
        // Titles first, then the name: everything up to the last title word
        // ("Retired U.S. Air Force Gen. Norman Ham", "Secretary of State Jon Husted").
        let mut k = s;
        if let Some(m) = (s..run_end.saturating_sub(1))
            .rev()
            .find(|&m| is_title_word(word(m)))
        {
            if run_end - (m + 1) <= 3
                && (s..=m).any(|x| person_title(word(x)) || lower(word(x)) == "former")
            {
                k = m + 1;
            }
        }
        while k + 1 < run_end && is_title_word(word(k)) {
            k += 1;
        }
        let mut title_start = s;
        if s > 0 && lower(word(s - 1)) == "former" {
            title_start = s - 1;
        }
        let (title, name_start) = if k > s {
            let tt = text
                .get(t.toks[title_start].start..t.toks[k - 1].end)
                .unwrap_or("")
                .to_string();
            (Some(tt), k)
        } else {
            (None, s)
        };
        let last = run_end - 1;
        let name_end_byte = t.toks[last].start + strip_possessive(word(last)).len();
        let name_text = text
            .get(t.toks[name_start].start..name_end_byte)
            .unwrap_or("")
            .to_string();
        if name_text.is_empty() {
            i = run_end;
            continue;
        }
        // Place names inside titles ("U.S. President") are places too.
        if let Some(tt) = &title {
            let mut p = title_start;
            while p < name_start {
                let w = word(p);
                if PLACES.contains(&w) {
                    add(
                        &mut f,
                        text,
                        t,
                        (p, p + 1),
                        (t.toks[p].start, t.toks[p].end),
                        w.to_string(),
                        None,
                        EntityKind::Place,
                        inq,
                        false,
                    );
                }
                p += 1;
            }
            let _ = tt;
        }
        let mut kind = classify(&name_text, title.as_deref(), &f);
        // In a title-case line (a headline) capitalisation says nothing:
        // keep only names the lexicon or the article already knows.
        if title_case[sent_of[i]] && kind.is_some() && !known(&name_text, &f) {
            kind = None;
        }
        // A name that is the whole of a quotation (`called him "the Iron
        // Chancellor"`, the show `"Shark Tank"`) is a nickname or a title
        // unless the lexicon or the article knows it as a name.
        if kind.is_some() && quoted_whole(text, t, title_start, run_end) && !known(&name_text, &f) {
            kind = None;
        }
        let Some(kind) = kind else {
            i = run_end;
            continue;
        };
        // A likely subject: the sentence's first person, named near its start.
        let sa = t.sents.get(sent_of[i]).map_or(0, |x| x.0);
        let is_subject = subject_seen != sent_of[i] && title_start.saturating_sub(sa) <= 3;
        if is_subject && kind == EntityKind::Person {
            subject_seen = sent_of[i];
        }
        let title = if kind == EntityKind::Person {
            title
        } else {
            None
        };
        let nt = if kind == EntityKind::Person {
            name_start
        } else {
            s
        };
        let name_text = if kind == EntityKind::Person {
            name_text
        } else {
            text.get(t.toks[s].start..name_end_byte)
                .unwrap_or("")
                .to_string()
        };
        let span_start = t.toks[nt].start;
        add(
            &mut f,
            text,
            t,
            (nt, run_end),
            (span_start, name_end_byte),
            name_text,
            title,
            kind,
            inq,
            is_subject && kind == EntityKind::Person,
        );
        if kind == EntityKind::Person {
            if let (Some(role), Some(m)) = (appositive_role(text, t, run_end), f.mentions.last()) {
                let e = &mut f.ents[m.entity];
                if e.male.is_none() {
                    e.male = gender(&[], Some(&role));
                }
                if !e.titles.contains(&role) {
                    e.titles.push(role);
                }
            }
        }
        i = run_end;
    }
    f
}

/// The role in an appositive right after a name (`Tom Barker, the
/// majority leader,`; `Peter Hoekstra, a Michigan Republican who`): up to
/// six words after `the`/`a`/`an` that end in a role noun before a
/// punctuation mark or a word that starts a clause or a phrase of its own.
fn appositive_role(text: &str, t: &Tokens, after_name: usize) -> Option<String> {
    let word = |i: usize| t.toks.get(i).map(|_| t.text(text, i));
    if word(after_name)? != ","
        || !matches!(lower(word(after_name + 1)?).as_str(), "the" | "a" | "an")
    {
        return None;
    }
    let first = after_name + 2;
    let mut end = first;
    while end < first + 6 {
        let Some(tok) = t.toks.get(end) else { break };
        let w = lower(t.text(text, end));
        if tok.kind != Tok::Word
            || tok.newline_before
            || matches!(
                w.as_str(),
                "who"
                    | "that"
                    | "which"
                    | "whose"
                    | "said"
                    | "says"
                    | "of"
                    | "at"
                    | "for"
                    | "in"
                    | "on"
                    | "from"
                    | "with"
                    | "and"
                    | "or"
                    | "to"
                    | "since"
                    | "until"
            )
        {
            break;
        }
        end += 1;
    }
    let head = lower(word(end.checked_sub(1).filter(|&e| e >= first)?)?);
    if !ROLE_NOUNS.contains(&head.as_str()) {
        return None;
    }
    // `the former secretary of state`, `the director of the FBI`: keep
    // what the office is of when it is a name or `state`.
    let mut last = end - 1;
    if word(end) == Some("of") {
        let k = if word(end + 1) == Some("the") {
            end + 2
        } else {
            end + 1
        };
        if let Some(e) = (k..k + 3)
            .take_while(|&x| {
                t.toks.get(x).is_some_and(|tok| tok.kind == Tok::Word)
                    && word(x).is_some_and(|w| is_cap(w) || w == "state")
            })
            .last()
        {
            last = e;
        }
    }
    Some(text.get(t.toks[first].start..t.toks[last].end)?.to_string())
}

/// Whether tokens `a..b` are all there is inside a pair of quotation
/// marks, allowing `the` after the opening mark and a comma or full stop
/// before the closing one.
fn quoted_whole(text: &str, t: &Tokens, a: usize, b: usize) -> bool {
    let is_mark = |i: usize| t.toks.get(i).is_some_and(|x| x.kind == Tok::QuoteMark);
    let open = match a.checked_sub(1) {
        Some(x) if is_mark(x) => true,
        Some(x) if lower(t.text(text, x)) == "the" => x.checked_sub(1).is_some_and(is_mark),
        _ => false,
    };
    let close = is_mark(b) || (matches!(t.text(text, b), "," | ".") && is_mark(b + 1));
    open && close
}

/// A verb of saying or a word the cue lexicon often sees as one (`Calls`,
/// `Slams`, `Says`): in a title-case headline it ends a name.
fn speech_like(w: &str) -> bool {
    let l = lower(w);
    crate::lexicon::cue_score(&l) >= 0.3 || crate::lexicon::SPEECH_VERBS.contains(&l.as_str())
}

/// The train split's machine tags call the capitalised word a name less
/// often than not (or never saw it): a headline's verb, a verb after `to`.
fn seldom_named(w: &str) -> bool {
    name_stats(w).is_none_or(|st| st.other > st.person + st.org + st.loc)
}

fn known(name: &str, f: &Found) -> bool {
    f.by_key.contains_key(name)
        || f.by_word.contains_key(name)
        || PLACES.contains(&name)
        || name
            .split_whitespace()
            .all(|w| name_stats(w).is_some_and(|s| s.person + s.org + s.loc > s.other))
}

fn classify(name: &str, title: Option<&str>, f: &Found) -> Option<EntityKind> {
    let words: Vec<&str> = name.split_whitespace().collect();
    if title.is_some_and(person_title) {
        return Some(EntityKind::Person);
    }
    if PLACES.contains(&name) {
        return Some(EntityKind::Place);
    }
    // An acronym of a name the article spelled out (`the IMF` after
    // `International Monetary Fund`).
    if let Some(&e) = acronym_key(name)
        .filter(|_| words.len() == 1)
        .and_then(|k| f.by_key.get(&k))
    {
        return f.ents.get(e).map(|e| e.kind);
    }
    // A word that is almost only ever part of a longer name (`Health` of
    // `Department of Health`, `Growth` of `Club for Growth`) is not a name
    // on its own, unless the article already used it as one. (With words
    // before it that read as a title, `Supreme Court`, it is not alone.)
    if words.len() == 1
        && title.is_none()
        && !f.by_key.contains_key(name)
        && !f.by_word.contains_key(name)
        && name_stats(name).is_some_and(|s| {
            let named = s.person + s.org + s.loc;
            // First names and surnames are persons alone too (`Michelle
            // said`) even where the machine tags seldom saw them so.
            s.alone * 10 < named && s.person * 2 < named
        })
    {
        return None;
    }
    let lastw = words.last().copied().unwrap_or("");
    if ORG_HEADS.contains(&lastw)
        || words.iter().any(|w| {
            ORG_HEADS.contains(w)
                && w.chars()
                    .all(|c| c.is_uppercase() || c == '-' || c.is_ascii_digit())
        })
    {
        return Some(EntityKind::Organization);
    }
    // `Fort Hood`, `Midway Atoll`: a place, where the words alone would
    // read as a person (unknown words, or a surname in them).
    let place_words = words.len() >= 2
        && !words.contains(&"of")
        && (PLACE_HEADS.contains(&lastw)
            || words.first().is_some_and(|w| PLACE_STARTS.contains(w)));
    // Already known under this name or a part of it.
    if let Some(&e) = f.by_key.get(name) {
        return f.ents.get(e).map(|e| e.kind);
    }
    if words.len() == 1 {
        if let Some(v) = f.by_word.get(name) {
            if v.iter()
                .any(|&e| f.ents.get(e).is_some_and(|e| e.kind == EntityKind::Person))
            {
                return Some(EntityKind::Person);
            }
        }
    }
    let (mut p, mut o, mut l, mut other) = (0u32, 0u32, 0u32, 0u32);
    for w in &words {
        if let Some(s) = name_stats(w) {
            p += s.person;
            o += s.org;
            l += s.loc;
            other += s.other;
        }
    }
    let first_is_first = words
        .first()
        .and_then(|w| name_stats(w))
        .is_some_and(|s| s.first >= 2 && s.first * 3 >= s.person);
    // A first name before a singular head is a person (`Michael Bay`);
    // `Fort`, `Lake` or a plural head (`Rocky Mountains`) are places.
    let surely_place = place_words
        && (lastw.ends_with('s') || words.first().is_some_and(|w| PLACE_STARTS.contains(w)));
    if words.len() >= 2 && first_is_first && words.len() <= 4 && !surely_place {
        return Some(EntityKind::Person);
    }
    let named = p + o + l;
    if place_words && (named == 0 || p >= o && p >= l) {
        return Some(EntityKind::Place);
    }
    if named == 0 {
        // Unknown words: two or three capitalised words are most often a
        // person in news copy; a single unknown word is left alone.
        if (2..=3).contains(&words.len())
            && words.iter().all(|w| {
                w.chars()
                    .all(|c| c.is_alphabetic() || c == '.' || c == '-' || c == '\'')
            })
            // A section heading in capitals (`THE BORROWING Back when ...`).
            && !words
                .iter()
                .any(|w| w.chars().filter(|c| c.is_uppercase()).count() >= 3 && !w.chars().any(char::is_lowercase))
        {
            return Some(EntityKind::Person);
        }
        return None;
    }
    if other > 2 * named && words.len() == 1 {
        return None;
    }
    Some(if p >= o && p >= l {
        EntityKind::Person
    } else if o >= l {
        EntityKind::Organization
    } else {
        EntityKind::Place
    })
}

#[allow(clippy::too_many_arguments)]
fn add(
    f: &mut Found,
    text: &str,
    t: &Tokens,
    toks: (usize, usize),
    span: (usize, usize),
    name: String,
    title: Option<String>,
    kind: EntityKind,
    inq: &[bool],
    subject: bool,
) {
    let _ = (text, t);
    let words: Vec<&str> = name.split_whitespace().collect();
    // Link to an earlier entity.
    let mut found = None;
    for ei in f.candidates(&name) {
        let Some(e) = f.ents.get(ei) else { continue };
        let ew: Vec<&str> = e.name.split_whitespace().collect();
        let same = e.name == name
            || e.aliases.contains(&name)
            || (kind == EntityKind::Person
                && e.kind == EntityKind::Person
                && ((words.len() == 1 && ew.contains(&name.as_str()))
                    || (ew.len() == 1 && words.last() == ew.last())
                    || (words.len() >= 2
                        && ew.len() >= 2
                        && words.last() == ew.last()
                        && words.first() == ew.first())))
            || (kind != EntityKind::Person
                && e.kind != EntityKind::Person
                && alias_match(&name, &e.name));
        if same {
            // A surname shared by two people ("Clinton"): the one named more
            // often so far, then the one named first, is the article's subject.
            let better = match found {
                None => true,
                Some(prev) => {
                    let (c, pc) = (f.count(ei), f.count(prev));
                    c > pc || (c == pc && ei < prev)
                }
            };
            if better {
                found = Some(ei);
            }
            if words.len() > 1 || e.name == name {
                break;
            }
        }
    }
    let ei = match found {
        Some(ei) => {
            let e = &mut f.ents[ei];
            if words.len() > e.name.split_whitespace().count() && kind == e.kind {
                e.aliases.push(std::mem::take(&mut e.name));
                e.name = name.clone();
                f.index(ei, &name);
            }
            ei
        }
        None => {
            let male = if kind == EntityKind::Person {
                gender(&words, title.as_deref())
            } else {
                None
            };
            f.ents.push(Ent {
                kind,
                name: name.clone(),
                titles: Vec::new(),
                male,
                aliases: Vec::new(),
            });
            let ei = f.ents.len() - 1;
            f.index(ei, &name);
            ei
        }
    };
    if let Some(tt) = &title {
        let e = &mut f.ents[ei];
        if !e.titles.iter().any(|x| x == tt)
            && !matches!(tt.as_str(), "Mr." | "Mrs." | "Ms." | "Dr.")
        {
            e.titles.push(tt.clone());
        }
        if e.male.is_none() {
            e.male = gender(&[], Some(tt));
        }
    }
    if f.counts.len() <= ei {
        f.counts.resize(ei + 1, 0);
    }
    f.counts[ei] += 1;
    f.mentions.push(NameMention {
        toks,
        span,
        name,
        title,
        entity: ei,
        quoted: inq.get(toks.0).copied().unwrap_or(false),
        subject,
    });
}

fn alias_match(a: &str, b: &str) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    let sl: String = short.chars().filter(|c| c.is_alphanumeric()).collect();
    // G-20 = Group of 20
    if let Some(num) = sl.strip_prefix('G') {
        if !num.is_empty()
            && num.chars().all(|c| c.is_ascii_digit())
            && long.starts_with("Group of ")
            && long.ends_with(num)
        {
            return true;
        }
    }
    sl.len() >= 2 && short.chars().all(|c| !c.is_lowercase()) && initials(long) == sl
}

fn gender(words: &[&str], title: Option<&str>) -> Option<bool> {
    if let Some(t) = title {
        let l = lower(t);
        if l.contains("mrs.")
            || l.contains("ms.")
            || l.contains("woman")
            || l.contains("queen")
            || l.contains("princess")
            || l.contains("lady")
        {
            return Some(false);
        }
        if l.contains("mr.")
            || l.contains("congressman")
            || l.contains("spokesman")
            || l.contains("king")
            || l.contains("prince")
            || l.contains("businessman")
        {
            return Some(true);
        }
    }
    let first = words.first().and_then(|w| name_stats(w))?;
    if first.male >= 2 * first.female.max(1) {
        Some(true)
    } else if first.female >= 2 * first.male.max(1) {
        Some(false)
    } else {
        None
    }
}
