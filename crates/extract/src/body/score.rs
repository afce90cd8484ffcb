//! Per-node features and the choice of the content container.

use super::hints::{combine, value_flags, Hint};
use crate::html::{Dom, FnvBuild, NodeId};
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

/// What the scorer knows about every node, indexed by arena position.
pub struct Features {
    /// Caption subtrees: their text is not body text, their images count.
    pub caption: Vec<bool>,
    /// Boilerplate subtrees (the flag is inherited by descendants).
    pub removed: Vec<bool>,
    /// Visible characters below each node, only hard removals applied.
    pub raw_len: Vec<u32>,
    /// Visible characters (whitespace not counted) outside removed parts.
    pub text_len: Vec<u32>,
    /// Of those, characters inside links.
    pub link_len: Vec<u32>,
    /// Class/id hint of each element.
    pub hint: Vec<Hint>,
    /// Inline text length owned directly by each block element.
    pub own_len: Vec<u32>,
    /// Inline link text owned directly by each block element.
    pub own_link: Vec<u32>,
    /// Inline commas owned directly by each block element.
    pub own_commas: Vec<u32>,
    /// Text in well-formed paragraphs (long enough, few links) below each node.
    pub good_len: Vec<u32>,
    /// Name properties (`P_*`) of each element.
    prop: Vec<u16>,
    /// Elements marked `itemprop="articleBody"`.
    article_body: Vec<bool>,
    /// Elements with at least one block element child.
    pub has_block_child: Vec<bool>,
    /// Container scores (0 where never scored).
    pub score: Vec<f32>,
}

fn count_text(t: &str) -> (u32, u32) {
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

impl Features {
    /// Computes the features of every node in a few linear passes.
    pub fn compute(dom: &Dom) -> Features {
        let n = dom.len();
        let props = name_props(dom);
        let mut hard = vec![false; n];
        let mut in_link = vec![false; n];
        let mut hints = vec![Hint::None; n];
        let mut raw_len = vec![0u32; n];
        let mut tl = vec![0u32; n];
        let mut tc = vec![0u32; n];
        let mut parent = vec![u32::MAX; n];
        let mut prop = vec![0u16; n];
        let mut embed = vec![false; n];
        let mut body_prop = vec![false; n];
        let mut cache: HashMap<&str, (bool, bool, bool), FnvBuild> = HashMap::default();
        let mut scratch = String::new();
        let mut caption_own = vec![false; n];
        // Top-down: parents come before children in the arena.
        for i in 1..n {
            let id = NodeId::from_index(i);
            let p = dom.parent(id).map_or(0, |p| p.index());
            parent[i] = p as u32;
            let mut h = hard.get(p).copied().unwrap_or(false);
            let mut l = in_link.get(p).copied().unwrap_or(false);
            if let Some(name) = dom.name_id(id) {
                let pr = props.get(name as usize).copied().unwrap_or(0);
                prop[i] = pr;
                h = h || pr & P_REMOVED != 0;
                l = l || pr & P_LINK != 0;
                if !h {
                    let (mut pos, mut neg, mut capt) = (false, false, false);
                    let mut hidden = false;
                    let mut article_body = false;
                    for (k, v) in dom.attrs(id) {
                        match k {
                            "class" | "id" => {
                                let (a, b, c) = *cache.entry(v).or_insert_with(|| value_flags(v));
                                pos |= a;
                                neg |= b;
                                capt |= c;
                                if k == "class" && pr & P_BLOCKQUOTE != 0 && is_embed_class(v) {
                                    embed[i] = true;
                                }
                            }
                            "hidden" => hidden = true,
                            "aria-hidden" => hidden |= v == "true",
                            "style" => hidden |= style_hides(v, &mut scratch),
                            "itemprop" => {
                                article_body = v.eq_ignore_ascii_case("articlebody")
                                    || v.eq_ignore_ascii_case("text");
                            }
                            _ => {}
                        }
                    }
                    body_prop[i] = article_body;
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
                    hints[i] = hn;
                    caption_own[i] = capt && hn != Hint::Boilerplate;
                }
            } else if let Some(t) = dom.text(id).filter(|_| !h) {
                let (len, commas) = count_text(t);
                tl[i] = len;
                tc[i] = commas;
            }
            hard[i] = h;
            in_link[i] = l;
        }
        // Bottom-up raw lengths (hard removals only) to protect wrappers.
        for i in (1..n).rev() {
            if !hard[i] {
                raw_len[i] += tl[i];
                let p = parent[i] as usize;
                if let Some(v) = raw_len.get(p).copied() {
                    raw_len[p] = v + raw_len[i];
                }
            }
        }
        let total = raw_len.first().copied().unwrap_or(0);
        // Embedded posts (tweets, Instagram) are blockquotes inside wrappers
        // named "social" or "embed": what they quote is part of the story.
        let mut has_blockquote = embed;
        for i in (1..n).rev() {
            if has_blockquote[i] {
                if let Some(v) = has_blockquote.get_mut(parent[i] as usize) {
                    *v = true;
                }
            }
        }
        let mut removed = hard;
        let mut caption = vec![false; n];
        for i in 1..n {
            let p = parent[i] as usize;
            let inherited = removed.get(p).copied().unwrap_or(false);
            let soft = hints[i] == Hint::Boilerplate
                && (raw_len[i] as u64) * 2 < total as u64
                && !has_blockquote[i];
            removed[i] = removed[i] || inherited || soft;
            caption[i] = caption_own[i] || caption.get(p).copied().unwrap_or(false);
        }
        let mut text_len = vec![0u32; n];
        let mut link_len = vec![0u32; n];
        for i in (1..n).rev() {
            if removed[i] {
                continue;
            }
            if !caption[i] {
                text_len[i] += tl[i];
            }
            if in_link[i] && !caption[i] {
                link_len[i] += tl[i];
            }
            let p = parent[i] as usize;
            if p < n {
                text_len[p] += text_len[i];
                link_len[p] += link_len[i];
            }
        }
        let mut owner = vec![0u32; n];
        let mut own_len = vec![0u32; n];
        let mut own_link = vec![0u32; n];
        let mut own_commas = vec![0u32; n];
        for i in 1..n {
            owner[i] = if prop[i] & P_OWNER != 0 {
                i as u32
            } else {
                owner.get(parent[i] as usize).copied().unwrap_or(0)
            };
            if tl[i] > 0 && !removed[i] && !caption[i] {
                let o = owner[i] as usize;
                own_len[o] += tl[i];
                own_commas[o] += tc[i];
                if in_link[i] {
                    own_link[o] += tl[i];
                }
            }
        }
        let mut good_len = vec![0u32; n];
        for i in (1..n).rev() {
            if removed[i] {
                continue;
            }
            let heading = prop[i] & P_HEADING != 0;
            if own_len[i] >= 60 && own_link[i] * 10 < own_len[i] * 3 && !heading {
                good_len[i] += own_len[i];
            }
            let p = parent[i] as usize;
            if p < n {
                good_len[p] += good_len[i];
            }
        }
        let mut has_block_child = vec![false; n];
        for i in 1..n {
            if prop[i] & P_OWNER != 0 {
                if let Some(v) = has_block_child.get_mut(parent[i] as usize) {
                    *v = true;
                }
            }
        }
        let mut f = Features {
            caption,
            prop,
            article_body: body_prop,
            has_block_child,
            good_len,
            raw_len,
            removed,
            text_len,
            link_len,
            hint: hints,
            own_len,
            own_link,
            own_commas,
            score: vec![0.0; n],
        };
        f.score_containers(dom, &parent);
        f
    }

    /// Share of the text of `i` inside links.
    pub fn link_density(&self, i: usize) -> f32 {
        let t = self.text_len.get(i).copied().unwrap_or(0);
        if t == 0 {
            return 0.0;
        }
        self.link_len.get(i).copied().unwrap_or(0) as f32 / t as f32
    }

    fn init_score(&self, dom: &Dom, i: usize) -> f32 {
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
        match self.hint[i] {
            Hint::Content => s += 25.0,
            Hint::Boilerplate => s -= 25.0,
            Hint::None => {}
        }
        if self.article_body[i] {
            s += 30.0;
        }
        s
    }

    fn score_containers(&mut self, dom: &Dom, parent: &[u32]) {
        let n = self.removed.len();
        let mut touched = vec![false; n];
        let mut acc = vec![0.0f32; n];
        for i in 1..n {
            let len = self.own_len[i];
            if len < 25 || self.removed[i] {
                continue;
            }
            if self.prop[i] & P_NO_SCORE != 0 {
                continue;
            }
            let link = self.own_link[i] as f32 / len as f32;
            let s =
                (1.0 + self.own_commas[i] as f32 + (len as f32 / 100.0).min(3.0)) * (1.0 - link);
            // A container mixing blocks with loose text (text between <br>s
            // beside a title paragraph) holds that text itself; a block with
            // only inline content is a paragraph of its parent.
            let loose = self.prop[i] & P_LOOSE != 0 && self.has_block_child[i];
            let mut a = if loose { i } else { parent[i] as usize };
            for level in 0..5 {
                if a == 0 || a >= n {
                    break;
                }
                let div = match level {
                    0 => 1.0,
                    1 => 2.0,
                    l => l as f32 * 3.0,
                };
                touched[a] = true;
                acc[a] += s / div;
                a = parent[a] as usize;
            }
        }
        for i in 1..n {
            if touched[i] && !self.removed[i] {
                let base = self.init_score(dom, i) + acc[i];
                self.score[i] = base * (1.0 - self.link_density(i));
            }
        }
    }
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
    let n = f.score.len();
    // The five best candidates, best first (ties keep document order).
    let mut best: Vec<usize> = Vec::with_capacity(6);
    for i in 1..n {
        let s = f.score[i];
        if s <= 0.0 {
            continue;
        }
        if best.len() == 5 && best.last().is_some_and(|&l| f.score[l] >= s) {
            continue;
        }
        let pos = best
            .iter()
            .position(|&b| f.score[b] < s)
            .unwrap_or(best.len());
        best.insert(pos, i);
        best.truncate(5);
    }
    let Some(&first) = best.first() else {
        let body = dom.elements("body").next().unwrap_or(dom.root());
        return if f.text_len.get(body.index()).copied().unwrap_or(0) > 0 {
            vec![body]
        } else {
            Vec::new()
        };
    };
    let mut top = first;
    let top_score = f.score[top];
    // Text split over several containers: an ancestor holding three of the
    // strongest candidates is the article.
    let strong: Vec<usize> = best[1..]
        .iter()
        .copied()
        .filter(|&c| f.score[c] >= 0.75 * top_score)
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
    let mut last = f.score[top];
    let threshold = last / 3.0;
    let mut p = dom.parent(NodeId::from_index(top));
    while let Some(par) = p {
        if dom.is(par, "body") || par == dom.root() {
            break;
        }
        let s = f.score[par.index()];
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
            .filter(|&c| dom.is_element(c) && !f.removed[c.index()])
            .count();
        if elems == 1 && f.text_len[par.index()] == f.text_len[top] {
            top = par.index();
        } else {
            break;
        }
    }
    let top_id = NodeId::from_index(top);
    let Some(par) = dom.parent(top_id) else {
        return vec![top_id];
    };
    let top_score = f.score[top];
    let threshold = (top_score * 0.2).max(10.0);
    let top_class = dom.attr(top_id, "class").unwrap_or("");
    let mut out = Vec::new();
    let mut after_top = false;
    for s in dom.children(par) {
        let i = s.index();
        if s == top_id {
            out.push(s);
            after_top = true;
            continue;
        }
        if !dom.is_element(s) || f.removed[i] || f.text_len[i] == 0 {
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
        if f.score[i] + bonus >= threshold && f.link_density(i) < 0.3 {
            out.push(s);
            continue;
        }
        // A later part of a story split over several containers: real
        // paragraphs, few links.
        let good = f.good_len[i];
        // Before the top container, only a big part counts: standfirsts,
        // key-point boxes and headlines sit there too.
        let share = if after_top { 10 } else { 4 };
        if good >= 100
            && good * share >= f.good_len[top]
            && f.link_density(i) < 0.35
            && f.hint[i] != Hint::Boilerplate
        {
            out.push(s);
            continue;
        }
        let paragraph_like = dom.is(s, "p") || f.own_len[i] * 10 >= f.text_len[i] * 9;
        if paragraph_like {
            let len = f.text_len[i];
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
                && !f.removed[k.index()]
                && f.text_len[k.index()] < 300
                && (matches!(dom.tag(k), Some("img" | "picture" | "figure"))
                    || dom
                        .descendants(k)
                        .any(|d| matches!(dom.tag(d), Some("img" | "picture" | "amp-img"))))
        })
        .collect()
}
