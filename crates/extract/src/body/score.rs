//! Per-node features and the choice of the content container.

use super::hints::{combine, value_flags, Hint};
use crate::html::{Dom, NodeId};
use std::collections::HashMap;

/// Tags whose subtree never holds article text.
fn is_removed_tag(tag: &str) -> bool {
    matches!(
        tag,
        "script"
            | "style"
            | "noscript"
            | "template"
            | "iframe"
            | "svg"
            | "math"
            | "canvas"
            | "nav"
            | "aside"
            | "footer"
            | "button"
            | "select"
            | "input"
            | "textarea"
            | "object"
            | "embed"
            | "video"
            | "audio"
            | "menu"
            | "dialog"
            | "head"
            | "title"
            | "label"
            | "header"
            | "noembed"
            | "noframes"
            | "map"
    )
}

// Properties of element names, computed once per document.
const P_REMOVED: u16 = 1;
const P_LINK: u16 = 1 << 1;
const P_OWNER: u16 = 1 << 2;
const P_HEADING: u16 = 1 << 3;
const P_BLOCKQUOTE: u16 = 1 << 4;
const P_LANDMARK: u16 = 1 << 5;
const P_FORM: u16 = 1 << 6;
const P_LOOSE: u16 = 1 << 7;
const P_NO_SCORE: u16 = 1 << 8;
const P_FIGURE: u16 = 1 << 9;
const P_INLINE: u16 = 1 << 10;

fn name_props(dom: &Dom) -> Vec<u16> {
    dom.names()
        .iter()
        .enumerate()
        .map(|(i, name)| {
            let name: &str = name;
            let i = i as u32;
            let mut p = 0;
            if is_removed_tag(name) || dom.name_is_invisible(i) {
                p |= P_REMOVED;
            }
            if name == "a" {
                p |= P_LINK;
            }
            if dom.name_is_block(i) && name != "br" {
                p |= P_OWNER;
            }
            if matches!(name, "h1" | "h2" | "h3" | "h4" | "h5" | "h6") {
                p |= P_HEADING;
            }
            if name == "blockquote" {
                p |= P_BLOCKQUOTE;
            }
            if matches!(name, "article" | "main" | "body" | "html") {
                p |= P_LANDMARK;
            }
            if name == "form" {
                p |= P_FORM;
            }
            if matches!(name, "figure" | "picture" | "img") {
                p |= P_FIGURE;
            }
            if matches!(
                name,
                "a" | "b"
                    | "i"
                    | "em"
                    | "strong"
                    | "u"
                    | "small"
                    | "sup"
                    | "sub"
                    | "cite"
                    | "q"
                    | "abbr"
                    | "code"
                    | "mark"
                    | "font"
                    | "time"
            ) {
                p |= P_INLINE;
            }
            if matches!(
                name,
                "div" | "section" | "article" | "main" | "td" | "center"
            ) {
                p |= P_LOOSE;
            }
            if matches!(
                name,
                "li" | "dt" | "dd" | "th" | "option" | "figcaption" | "h1"
            ) {
                p |= P_NO_SCORE;
            }
            p
        })
        .collect()
}

/// A hash of class and id values eight bytes at a time (they are long
/// enough for a byte-at-a-time hash to show in profiles). Like the FNV hash
/// of the DOM's maps it has no key: a page that collides its own class
/// names only slows itself down.
#[derive(Default)]
struct WordHash(u64);

impl std::hash::Hasher for WordHash {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0x517c_c1b7_2722_0a95;
        let mut h = self.0;
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let w = u64::from_le_bytes(c.try_into().unwrap_or([0; 8]));
            h = (h.rotate_left(5) ^ w).wrapping_mul(K);
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let last = tail_word(bytes, bytes.len() - rest.len());
            h = (h.rotate_left(5) ^ last).wrapping_mul(K);
        }
        // The length, so that values differing only in trailing zero
        // bytes differ.
        self.0 = (h.rotate_left(5) ^ bytes.len() as u64).wrapping_mul(K);
    }

    /// The end mark a `str` key writes after its bytes: mixed in as it is,
    /// not as a one-byte slice.
    fn write_u8(&mut self, i: u8) {
        const K: u64 = 0x517c_c1b7_2722_0a95;
        self.0 = (self.0.rotate_left(5) ^ u64::from(i)).wrapping_mul(K);
    }
}

/// Builds [`WordHash`] hashers.
type WordHashBuild = std::hash::BuildHasherDefault<WordHash>;

/// Whether an inline style hides the element; `scratch` holds the style
/// without whitespace, in ASCII lower case (reused: one allocation a page).
fn style_hides(style: &str, scratch: &mut String) -> bool {
    scratch.clear();
    scratch.extend(
        style
            .chars()
            .filter(|c| !c.is_whitespace())
            .map(|c| c.to_ascii_lowercase()),
    );
    scratch.contains("display:none") || scratch.contains("visibility:hidden")
}

/// A blockquote that embeds a social media post (the embed scripts turn it
/// into the post): its text is part of the story.
fn is_embed_class(class: &str) -> bool {
    let c = class.to_ascii_lowercase();
    [
        "tweet",
        "instagram",
        "embed",
        "tiktok",
        "facebook",
        "reddit",
    ]
    .iter()
    .any(|k| c.contains(k))
}

// The attributes the first pass reads.
const A_CLASS: u8 = 0;
const A_ID: u8 = 1;
const A_HIDDEN: u8 = 2;
const A_ARIA_HIDDEN: u8 = 3;
const A_STYLE: u8 = 4;
const A_ITEMPROP: u8 = 5;

// Per-node flags.
const F_ELEMENT: u16 = 1;
const F_REMOVED: u16 = 1 << 1;
const F_CAPTION: u16 = 1 << 2;
const F_CAPTION_OWN: u16 = 1 << 3;
const F_LINK: u16 = 1 << 4;
const F_ARTICLE_BODY: u16 = 1 << 5;
const F_BLOCK_CHILD: u16 = 1 << 6;
const F_OWNER: u16 = 1 << 7;
const F_TOUCHED: u16 = 1 << 8;

/// What the scorer knows about one node.
#[derive(Clone, Copy, Default)]
struct Info {
    /// Name properties (`P_*`) of an element.
    prop: u16,
    /// `F_*` flags.
    flags: u16,
    /// Class/id hint of an element.
    hint: Hint,
    /// Text nodes: commas; elements owning text (`F_OWNER`): their slot in
    /// `Features::owners`.
    aux: u32,
    /// Container score (0 where never scored).
    score: f32,
}

/// Running sums over the arena up to (not including) a node: a subtree is
/// a contiguous arena range, so its sums are two look-ups.
#[derive(Clone, Copy, Default)]
struct Cum {
    /// Visible characters, only hard removals applied.
    raw: u32,
    /// Visible characters outside removed parts and captions.
    text: u32,
    /// Of those, characters inside links.
    link: u32,
}

/// Inline text owned directly by a block element (or the document).
#[derive(Clone, Copy, Default)]
struct Owner {
    node: u32,
    len: u32,
    link: u32,
    commas: u32,
}

/// What the scorer knows about every node, indexed by arena position.
pub struct Features<'a> {
    dom: &'a Dom<'a>,
    info: Vec<Info>,
    /// `cum[i]`: sums over the nodes before `i` (`dom.len() + 1` entries).
    cum: Vec<Cum>,
    /// Elements owning inline text, in document order; slot 0 is the
    /// document itself (text outside any block).
    owners: Vec<Owner>,
    /// Scored nodes in document order.
    scored: Vec<u32>,
}

use super::{bytes_below, bytes_equal, tail_word, HIGH};

/// The sum of the eight byte lanes of `w`.
fn lane_sum(w: u64) -> u32 {
    let pairs = (w & 0x00FF_00FF_00FF_00FF) + ((w >> 8) & 0x00FF_00FF_00FF_00FF);
    (pairs.wrapping_mul(0x0001_0001_0001_0001) >> 48) as u32
}

/// Visible characters (whitespace not counted) and commas of a text node.
/// Eight bytes at a time: most text is long runs of letters. Matches are
/// counted in byte lanes (a lane counts to 255), summed every 255 words.
#[inline(never)]
fn count_text(t: &str) -> (u32, u32) {
    let b = t.as_bytes();
    // Short ASCII texts (the whitespace between tags, most text nodes):
    // a plain loop costs less than setting up the word loop.
    if b.len() < 16 && b.is_ascii() {
        let (mut len, mut commas) = (0u32, 0u32);
        for &c in b {
            len += u32::from(!matches!(c, b'\t' | b'\n' | b'\x0C' | b'\r' | b' '));
            commas += u32::from(c == b',');
        }
        return (len, commas);
    }
    let (mut ws, mut vt, mut commas, mut cont) = (0u32, 0u32, 0u32, 0u32);
    let mut high = 0u64;
    let mut lanes = [0u64; 4];
    let mut words = 0u32;
    let mut flush = |lanes: &mut [u64; 4]| {
        ws += lane_sum(lanes[0]);
        vt += lane_sum(lanes[1]);
        commas += lane_sum(lanes[2]);
        cont += lane_sum(lanes[3]);
        *lanes = [0; 4];
    };
    let count = |w: u64, lanes: &mut [u64; 4]| {
        let space = bytes_equal(w, b' ');
        // Other bytes up to a space are rare: line breaks and tabs.
        if bytes_below(w, 0x21) != space {
            // ASCII whitespace: space, \t \n \x0C \r (9..=13 but 11).
            let eleven = bytes_equal(w, 0x0B);
            let controls = bytes_below(w, 14) & !bytes_below(w, 9);
            lanes[0] += (controls & !eleven) >> 7;
            lanes[1] += eleven >> 7;
        }
        lanes[0] += space >> 7;
        lanes[2] += bytes_equal(w, b',') >> 7;
        if w & HIGH != 0 {
            // UTF-8 continuation bytes: 10xxxxxx.
            lanes[3] += (w & !(w << 1) & HIGH) >> 7;
        }
    };
    let mut chunks = b.chunks_exact(8);
    for c in &mut chunks {
        let w = u64::from_le_bytes(c.try_into().unwrap_or([0; 8]));
        high |= w & HIGH;
        count(w, &mut lanes);
        words += 1;
        if words == 255 {
            flush(&mut lanes);
            words = 0;
        }
    }
    let w = tail_word(b, b.len() - chunks.remainder().len());
    high |= w & HIGH;
    count(w, &mut lanes);
    flush(&mut lanes);
    let len = b.len() as u32;
    if high == 0 {
        return (len - ws, commas);
    }
    // Beyond ASCII, whitespace is Unicode's: U+000B and the non-ASCII
    // spaces too; the CJK and Arabic commas count. Their first bytes are
    // rare.
    let mut ws = ws + vt;
    for lead in [0xC2u8, 0xD8, 0xE1, 0xE2, 0xE3, 0xEF] {
        for i in memchr::memchr_iter(lead, b) {
            let Some(c) = t.get(i..).and_then(|r| r.chars().next()) else {
                continue;
            };
            if c.is_whitespace() {
                ws += 1;
            } else if matches!(c, '\u{FF0C}' | '\u{3001}' | '\u{060C}') {
                commas += 1;
            }
        }
    }
    (len - cont - ws, commas)
}

/// The reference for [`count_text`]: visible characters and commas.
#[cfg(test)]
fn count_text_by_chars(t: &str) -> (u32, u32) {
    let mut len = 0u32;
    let mut commas = 0u32;
    if t.is_ascii() {
        for &b in t.as_bytes() {
            if !b.is_ascii_whitespace() {
                len += 1;
                commas += u32::from(b == b',');
            }
        }
        return (len, commas);
    }
    for c in t.chars() {
        if !c.is_whitespace() {
            len += 1;
            if matches!(c, ',' | '，' | '、' | '،') {
                commas += 1;
            }
        }
    }
    (len, commas)
}

impl<'a> Features<'a> {
    /// Computes the features of every node in two forward passes over the
    /// arena, skipping removed subtrees.
    pub fn compute(dom: &'a Dom) -> Features<'a> {
        let n = dom.len();
        let props = name_props(dom);
        let mut info = vec![Info::default(); n];
        let mut cum = vec![Cum::default(); n + 1];
        let mut embeds: Vec<u32> = Vec::new();
        // Pages have a few hundred distinct class and id values: room for
        // them spares the map its growing.
        let mut cache: HashMap<&str, (bool, bool, bool), WordHashBuild> =
            HashMap::with_capacity_and_hasher((n / 16).clamp(64, 4096), WordHashBuild::default());
        let mut scratch = String::new();
        // Pass 1: hard removals, hints, text lengths. A hard-removed
        // subtree is marked as a whole and skipped.
        let mut raw = 0u32;
        let mut link_until = 0usize;
        let mut i = 1;
        while i < n {
            let id = NodeId::from_index(i);
            if let Some(name) = dom.name_id(id) {
                let pr = props.get(name as usize).copied().unwrap_or(0);
                if pr & P_OWNER != 0 {
                    if let Some(p) = dom.parent(id).and_then(|p| info.get_mut(p.index())) {
                        p.flags |= F_BLOCK_CHILD;
                    }
                }
                if pr & P_REMOVED != 0 {
                    let end = dom.subtree_end(id).clamp(i + 1, n);
                    for x in info.get_mut(i..end).unwrap_or(&mut []) {
                        x.flags |= F_REMOVED;
                    }
                    for c in cum.get_mut(i + 1..=end).unwrap_or(&mut []) {
                        c.raw = raw;
                    }
                    i = end;
                    continue;
                }
                if pr & P_LINK != 0 {
                    link_until = link_until.max(dom.subtree_end(id));
                }
                let (mut pos, mut neg, mut capt) = (false, false, false);
                let mut hidden = false;
                let mut article_body = false;
                let which = |name: &[u8]| match name {
                    b"class" => Some(A_CLASS),
                    b"id" => Some(A_ID),
                    b"hidden" => Some(A_HIDDEN),
                    b"aria-hidden" => Some(A_ARIA_HIDDEN),
                    b"style" => Some(A_STYLE),
                    b"itemprop" => Some(A_ITEMPROP),
                    _ => None,
                };
                for (k, v) in dom.attrs_by(id, which) {
                    match k {
                        A_CLASS | A_ID => {
                            let (a, b, c) = *cache.entry(v).or_insert_with(|| value_flags(v));
                            pos |= a;
                            neg |= b;
                            capt |= c;
                            if k == A_CLASS && pr & P_BLOCKQUOTE != 0 && is_embed_class(v) {
                                embeds.push(i as u32);
                            }
                        }
                        A_HIDDEN => hidden = true,
                        A_ARIA_HIDDEN => hidden |= v == "true",
                        A_STYLE => hidden |= style_hides(v, &mut scratch),
                        _ => {
                            article_body = v.eq_ignore_ascii_case("articlebody")
                                || v.eq_ignore_ascii_case("text");
                        }
                    }
                }
                let mut hn = combine(pos, neg);
                // A link or span inside a sentence is part of the
                // sentence whatever its class says ("tag-link"); only
                // hiding removes it.
                if pr & P_INLINE != 0 && hn == Hint::Boilerplate {
                    hn = Hint::None;
                }
                if hidden || pr & P_FORM != 0 {
                    hn = Hint::Boilerplate;
                }
                // Landmarks of the article itself are never boilerplate,
                // whatever their class names say.
                if (pr & P_LANDMARK != 0 || article_body) && hn == Hint::Boilerplate {
                    hn = Hint::None;
                }
                // A figure named for its caption ("has-caption") is still
                // the article's photo; the emitter keeps its text out.
                if pr & P_FIGURE != 0 && hn == Hint::Boilerplate && !hidden {
                    hn = Hint::None;
                }
                if let Some(x) = info.get_mut(i) {
                    x.prop = pr;
                    x.hint = hn;
                    x.flags |= F_ELEMENT;
                    if article_body {
                        x.flags |= F_ARTICLE_BODY;
                    }
                    if capt && hn != Hint::Boilerplate {
                        x.flags |= F_CAPTION_OWN;
                    }
                }
            } else if let Some(t) = dom.text(id) {
                let (len, commas) = count_text(t);
                raw += len;
                if let Some(x) = info.get_mut(i) {
                    x.aux = commas;
                    if i < link_until {
                        x.flags |= F_LINK;
                    }
                }
            }
            if let Some(c) = cum.get_mut(i + 1) {
                c.raw = raw;
            }
            i += 1;
        }
        let total = raw;
        // Pass 2: soft removals (boilerplate hints on less than half of the
        // page's text), captions, text and link sums, text owners.
        // Room for the text owners of a typical page (about one node in
        // eight): growing the list one doubling at a time showed in
        // profiles.
        let mut owners = Vec::with_capacity(n / 8 + 16);
        owners.push(Owner::default());
        if let Some(x) = info.first_mut() {
            x.flags |= F_OWNER;
        }
        // Open owner elements: (slot, subtree end).
        let mut open: Vec<(u32, usize)> = Vec::with_capacity(64);
        let mut caption_until = 0usize;
        let (mut text, mut link) = (0u32, 0u32);
        let mut i = 1;
        while i < n {
            while open.last().is_some_and(|&(_, end)| end <= i) {
                open.pop();
            }
            let x = info.get(i).copied().unwrap_or_default();
            if x.flags & F_ELEMENT != 0 || x.flags & F_REMOVED != 0 {
                let end = dom.subtree_end(NodeId::from_index(i)).clamp(i + 1, n);
                let removed = x.flags & F_REMOVED != 0
                    || (x.hint == Hint::Boilerplate
                        && (raw_between(&cum, i, end) as u64) * 2 < total as u64
                        && !has_between(&embeds, i, end));
                if removed {
                    for y in info.get_mut(i..end).unwrap_or(&mut []) {
                        y.flags |= F_REMOVED;
                    }
                    for c in cum.get_mut(i + 1..=end).unwrap_or(&mut []) {
                        c.text = text;
                        c.link = link;
                    }
                    i = end;
                    continue;
                }
                if x.flags & F_CAPTION_OWN != 0 {
                    caption_until = caption_until.max(end);
                }
                let mut flags = x.flags;
                if i < caption_until {
                    flags |= F_CAPTION;
                }
                let mut aux = x.aux;
                if x.prop & P_OWNER != 0 {
                    aux = owners.len() as u32;
                    flags |= F_OWNER;
                    owners.push(Owner {
                        node: i as u32,
                        ..Owner::default()
                    });
                    open.push((aux, end));
                }
                if let Some(y) = info.get_mut(i) {
                    y.flags = flags;
                    y.aux = aux;
                }
            } else if i < caption_until {
                if let Some(y) = info.get_mut(i) {
                    y.flags |= F_CAPTION;
                }
            } else {
                let tl = raw_between(&cum, i, i + 1);
                if tl > 0 {
                    let in_link = x.flags & F_LINK != 0;
                    text += tl;
                    let slot = open.last().map_or(0, |&(s, _)| s as usize);
                    if let Some(o) = owners.get_mut(slot) {
                        o.len += tl;
                        o.commas += x.aux;
                        if in_link {
                            o.link += tl;
                        }
                    }
                    if in_link {
                        link += tl;
                    }
                }
            }
            if let Some(c) = cum.get_mut(i + 1) {
                c.text = text;
                c.link = link;
            }
            i += 1;
        }
        let mut f = Features {
            dom,
            info,
            cum,
            owners,
            scored: Vec::with_capacity(n / 16 + 16),
        };
        f.score_containers();
        f
    }

    fn flags(&self, i: usize) -> u16 {
        self.info.get(i).map_or(F_REMOVED, |x| x.flags)
    }

    /// Boilerplate subtrees (the flag is inherited by descendants); true
    /// outside the arena.
    pub fn removed(&self, i: usize) -> bool {
        self.flags(i) & F_REMOVED != 0
    }

    /// Caption text: not body text (images in captions count).
    pub fn caption(&self, i: usize) -> bool {
        self.flags(i) & F_CAPTION != 0
    }

    fn sums(&self, i: usize) -> (Cum, Cum) {
        let end = self.dom.subtree_end(NodeId::from_index(i));
        let a = self.cum.get(i).copied().unwrap_or_default();
        let b = self.cum.get(end).copied().unwrap_or(a);
        (a, b)
    }

    /// Visible characters below `i`, only hard removals applied.
    pub fn raw_len(&self, i: usize) -> u32 {
        let (a, b) = self.sums(i);
        b.raw.saturating_sub(a.raw)
    }

    /// Visible characters (whitespace not counted) below `i` outside
    /// removed parts and captions; 0 for removed nodes.
    pub fn text_len(&self, i: usize) -> u32 {
        if self.removed(i) {
            return 0;
        }
        let (a, b) = self.sums(i);
        b.text.saturating_sub(a.text)
    }

    /// Of [`Features::text_len`], the characters inside links.
    pub fn link_len(&self, i: usize) -> u32 {
        if self.removed(i) {
            return 0;
        }
        let (a, b) = self.sums(i);
        b.link.saturating_sub(a.link)
    }

    /// Class/id hint of an element.
    pub fn hint(&self, i: usize) -> Hint {
        self.info.get(i).map_or(Hint::None, |x| x.hint)
    }

    fn owner(&self, i: usize) -> Option<&Owner> {
        let x = self.info.get(i)?;
        if x.flags & F_OWNER == 0 {
            return None;
        }
        self.owners.get(x.aux as usize)
    }

    /// Inline text length owned directly by a block element.
    pub fn own_len(&self, i: usize) -> u32 {
        self.owner(i).map_or(0, |o| o.len)
    }

    /// Text in well-formed paragraphs (long enough, few links) below `i`.
    pub fn good_len(&self, i: usize) -> u32 {
        if self.removed(i) {
            return 0;
        }
        let end = self.dom.subtree_end(NodeId::from_index(i));
        let from = self.owners.partition_point(|o| (o.node as usize) < i);
        let mut good = 0u32;
        for o in self.owners.get(from..).unwrap_or(&[]) {
            if o.node as usize >= end {
                break;
            }
            let heading = self
                .info
                .get(o.node as usize)
                .is_some_and(|x| x.prop & P_HEADING != 0);
            if o.len >= 60 && o.link * 10 < o.len * 3 && !heading {
                good += o.len;
            }
        }
        good
    }

    /// Container score (0 where never scored).
    pub fn score(&self, i: usize) -> f32 {
        self.info.get(i).map_or(0.0, |x| x.score)
    }

    /// The nodes with a score, in document order.
    pub fn scored(&self) -> &[u32] {
        &self.scored
    }

    /// Share of the text of `i` inside links.
    pub fn link_density(&self, i: usize) -> f32 {
        let t = self.text_len(i);
        if t == 0 {
            return 0.0;
        }
        self.link_len(i) as f32 / t as f32
    }

    fn init_score(&self, i: usize) -> f32 {
        let dom = self.dom;
        let id = NodeId::from_index(i);
        let mut s = match dom.tag(id).unwrap_or("") {
            "div" | "article" | "main" | "section" => 5.0,
            "pre" | "td" | "blockquote" => 3.0,
            "address" | "ol" | "ul" | "dl" | "dd" | "dt" | "li" | "form" => -3.0,
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "th" => -5.0,
            _ => 0.0,
        };
        if dom.is(id, "article") {
            s += 10.0;
        }
        match self.hint(i) {
            Hint::Content => s += 25.0,
            Hint::Boilerplate => s -= 25.0,
            Hint::None => {}
        }
        if self.flags(i) & F_ARTICLE_BODY != 0 {
            s += 30.0;
        }
        s
    }

    fn score_containers(&mut self) {
        let dom = self.dom;
        let n = self.info.len();
        // Owners are in document order: the sums below add up in the same
        // order as a walk over the arena.
        for o in self.owners.iter().skip(1) {
            let len = o.len;
            let i = o.node as usize;
            let Some(x) = self.info.get(i).copied() else {
                continue;
            };
            if len < 25 || x.flags & F_REMOVED != 0 || x.prop & P_NO_SCORE != 0 {
                continue;
            }
            let link = o.link as f32 / len as f32;
            let s = (1.0 + o.commas as f32 + (len as f32 / 100.0).min(3.0)) * (1.0 - link);
            // A container mixing blocks with loose text (text between <br>s
            // beside a title paragraph) holds that text itself; a block with
            // only inline content is a paragraph of its parent.
            let loose = x.prop & P_LOOSE != 0 && x.flags & F_BLOCK_CHILD != 0;
            let mut a = if loose {
                i
            } else {
                dom.parent(NodeId::from_index(i)).map_or(0, |p| p.index())
            };
            for level in 0..5 {
                if a == 0 || a >= n {
                    break;
                }
                let div = match level {
                    0 => 1.0,
                    1 => 2.0,
                    l => l as f32 * 3.0,
                };
                if let Some(y) = self.info.get_mut(a) {
                    if y.flags & F_TOUCHED == 0 {
                        y.flags |= F_TOUCHED;
                        self.scored.push(a as u32);
                    }
                    y.score += s / div;
                }
                a = dom.parent(NodeId::from_index(a)).map_or(0, |p| p.index());
            }
        }
        self.scored.sort_unstable();
        let mut scored = std::mem::take(&mut self.scored);
        scored.retain(|&a| {
            let a = a as usize;
            let s = if self.removed(a) {
                0.0
            } else {
                (self.init_score(a) + self.score(a)) * (1.0 - self.link_density(a))
            };
            if let Some(y) = self.info.get_mut(a) {
                y.score = s;
            }
            !self.removed(a)
        });
        self.scored = scored;
    }
}

fn raw_between(cum: &[Cum], start: usize, end: usize) -> u32 {
    let a = cum.get(start).map_or(0, |c| c.raw);
    cum.get(end).map_or(a, |c| c.raw).saturating_sub(a)
}

/// Whether a sorted list of node indices has one in `start..end`.
fn has_between(sorted: &[u32], start: usize, end: usize) -> bool {
    let k = sorted.partition_point(|&e| (e as usize) < start);
    sorted.get(k).is_some_and(|&e| (e as usize) < end)
}

fn is_descendant(dom: &Dom, anc: usize, d: usize) -> bool {
    d > anc && d < dom.subtree_end(NodeId::from_index(anc))
}

fn ends_like_sentence(dom: &Dom, id: NodeId) -> bool {
    let t = dom.text_content(id);
    t.ends_with('.') || t.contains(". ")
}

/// The nodes holding the article, in document order.
pub fn choose_content(dom: &Dom, f: &Features) -> Vec<NodeId> {
    // The five best candidates, best first (ties keep document order).
    let mut best: Vec<usize> = Vec::with_capacity(6);
    for &i in f.scored() {
        let i = i as usize;
        let s = f.score(i);
        if s <= 0.0 {
            continue;
        }
        if best.len() == 5 && best.last().is_some_and(|&l| f.score(l) >= s) {
            continue;
        }
        let pos = best
            .iter()
            .position(|&b| f.score(b) < s)
            .unwrap_or(best.len());
        best.insert(pos, i);
        best.truncate(5);
    }
    let Some(&first) = best.first() else {
        let body = dom.elements("body").next().unwrap_or(dom.root());
        return if f.text_len(body.index()) > 0 {
            vec![body]
        } else {
            Vec::new()
        };
    };
    let mut top = first;
    let top_score = f.score(top);
    // Text split over several containers: an ancestor holding three of the
    // strongest candidates is the article.
    let strong: Vec<usize> = best[1..]
        .iter()
        .copied()
        .filter(|&c| f.score(c) >= 0.75 * top_score)
        .collect();
    if strong.len() >= 2 {
        let mut a = dom.parent(NodeId::from_index(top));
        while let Some(anc) = a {
            if dom.is(anc, "body") || anc == dom.root() {
                break;
            }
            let count = strong
                .iter()
                .filter(|&&c| is_descendant(dom, anc.index(), c))
                .count();
            if count >= 2 {
                top = anc.index();
                break;
            }
            a = dom.parent(anc);
        }
    }
    // Climb while a parent scores better (its text is the article's too).
    let mut last = f.score(top);
    let threshold = last / 3.0;
    let mut p = dom.parent(NodeId::from_index(top));
    while let Some(par) = p {
        if dom.is(par, "body") || par == dom.root() {
            break;
        }
        let s = f.score(par.index());
        if s == 0.0 {
            p = dom.parent(par);
            continue;
        }
        if s < threshold {
            break;
        }
        if s > last {
            top = par.index();
            break;
        }
        last = s;
        p = dom.parent(par);
    }
    // An only child stands for its parent.
    loop {
        let id = NodeId::from_index(top);
        let Some(par) = dom.parent(id) else { break };
        if dom.is(par, "body") || par == dom.root() {
            break;
        }
        let elems = dom
            .children(par)
            .filter(|&c| dom.is_element(c) && !f.removed(c.index()))
            .count();
        if elems == 1 && f.text_len(par.index()) == f.text_len(top) {
            top = par.index();
        } else {
            break;
        }
    }
    let top_id = NodeId::from_index(top);
    let Some(par) = dom.parent(top_id) else {
        return vec![top_id];
    };
    let top_score = f.score(top);
    let threshold = (top_score * 0.2).max(10.0);
    let top_class = dom.attr(top_id, "class").unwrap_or("");
    let top_good = f.good_len(top);
    let mut out = Vec::new();
    let mut after_top = false;
    for s in dom.children(par) {
        let i = s.index();
        if s == top_id {
            out.push(s);
            after_top = true;
            continue;
        }
        if !dom.is_element(s) || f.removed(i) || f.text_len(i) == 0 {
            continue;
        }
        // Another <article> beside the article is another story.
        if dom.is(s, "article") && dom.is(top_id, "article") {
            continue;
        }
        let mut bonus = 0.0;
        if !top_class.is_empty() && dom.attr(s, "class") == Some(top_class) {
            bonus = top_score * 0.2;
        }
        if f.score(i) + bonus >= threshold && f.link_density(i) < 0.3 {
            out.push(s);
            continue;
        }
        // A later part of a story split over several containers: real
        // paragraphs, few links.
        let good = f.good_len(i);
        // Before the top container, only a big part counts: standfirsts,
        // key-point boxes and headlines sit there too.
        let share = if after_top { 10 } else { 4 };
        if good >= 100
            && good * share >= top_good
            && f.link_density(i) < 0.35
            && f.hint(i) != Hint::Boilerplate
        {
            out.push(s);
            continue;
        }
        let paragraph_like = dom.is(s, "p") || f.own_len(i) * 10 >= f.text_len(i) * 9;
        if paragraph_like {
            let len = f.text_len(i);
            let ld = f.link_density(i);
            if (len > 80 && ld < 0.25) || (len > 0 && ld == 0.0 && ends_like_sentence(dom, s)) {
                out.push(s);
            }
        }
    }
    out
}

/// Siblings of the chosen containers that hold a photo and little text,
/// from just before the first container to the last one.
pub fn image_siblings(dom: &Dom, f: &Features, roots: &[NodeId]) -> Vec<NodeId> {
    let (Some(&first), Some(&last)) = (roots.first(), roots.last()) else {
        return Vec::new();
    };
    let Some(parent) = dom.parent(first) else {
        return Vec::new();
    };
    let kids: Vec<NodeId> = dom.children(parent).collect();
    let Some(start) = kids.iter().position(|&k| k == first) else {
        return Vec::new();
    };
    let end = kids.iter().position(|&k| k == last).unwrap_or(start);
    let from = start.saturating_sub(1);
    kids.get(from..=end)
        .unwrap_or(&[])
        .iter()
        .copied()
        .filter(|&k| {
            !roots.contains(&k)
                && dom.is_element(k)
                && !f.removed(k.index())
                && f.text_len(k.index()) < 300
                && (matches!(dom.tag(k), Some("img" | "picture" | "figure"))
                    || dom
                        .descendants(k)
                        .any(|d| matches!(dom.tag(d), Some("img" | "picture" | "amp-img"))))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn count_text_agrees_with_char_loop() {
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            for t in [format!("a{c}b,"), format!("{c}\u{e9} {c}")] {
                assert_eq!(count_text(&t), count_text_by_chars(&t), "{c:?}");
            }
        }
        for t in [
            "",
            " ",
            "a, b",
            "\u{b}x",
            "\u{b}\u{e9}",
            "x\u{3000}\u{3001}\u{ff0c}\u{60c}\u{a0}",
        ] {
            assert_eq!(count_text(t), count_text_by_chars(t), "{t:?}");
        }
    }
}
