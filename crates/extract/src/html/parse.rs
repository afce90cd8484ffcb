//! The tokenizer and tree builder behind [`Dom::parse`].

use super::tags::{self, id};
use super::{entities, Dom, FnvBuild, Kind, Node, NONE};
use crate::Options;
use std::collections::HashMap;

type Interner = HashMap<Box<str>, u32, FnvBuild>;

/// More attributes than this on one element are dropped: keeps duplicate
/// checks cheap on hostile input.
const MAX_ATTRS: usize = 256;

/// Names of formatting elements whose stray end tags close them even across
/// blocks (a stand-in for the standard's adoption agency).
fn is_formatting(name: &str) -> bool {
    matches!(
        name,
        "a" | "b"
            | "big"
            | "code"
            | "em"
            | "font"
            | "i"
            | "nobr"
            | "s"
            | "small"
            | "strike"
            | "strong"
            | "tt"
            | "u"
    )
}

/// Byte classes for the scanning loops: one table lookup per byte instead
/// of a chain of comparisons.
const WS: u8 = 1;
/// Ends a tag name: whitespace, `/`, `>`.
const TAG_NAME_END: u8 = 2;
/// Ends an attribute name: whitespace, `/`, `>`, `=`.
const ATTR_NAME_END: u8 = 4;
/// Ends an unquoted attribute value: whitespace, `>`.
const VALUE_END: u8 = 8;
/// `A`..=`Z`.
const UPPER: u8 = 16;

static CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let ws = [b' ', b'\t', b'\n', b'\r', b'\x0c'];
    let mut i = 0;
    while i < ws.len() {
        t[ws[i] as usize] = WS | TAG_NAME_END | ATTR_NAME_END | VALUE_END;
        i += 1;
    }
    t[b'/' as usize] = TAG_NAME_END | ATTR_NAME_END;
    t[b'>' as usize] = TAG_NAME_END | ATTR_NAME_END | VALUE_END;
    t[b'=' as usize] = ATTR_NAME_END;
    let mut c = b'A';
    while c <= b'Z' {
        t[c as usize] = UPPER;
        c += 1;
    }
    t
};

#[inline(always)]
fn class(b: u8) -> u8 {
    CLASS[b as usize]
}

/// The first index at or after `i` whose byte has a class in `stop`.
#[inline(always)]
fn scan_to(bytes: &[u8], mut i: usize, stop: u8) -> usize {
    while let Some(&b) = bytes.get(i) {
        if class(b) & stop != 0 {
            break;
        }
        i += 1;
    }
    i
}

/// The first index at or after `i` that is not whitespace.
#[inline(always)]
fn skip_ws(bytes: &[u8], mut i: usize) -> usize {
    while let Some(&b) = bytes.get(i) {
        if class(b) & WS == 0 {
            break;
        }
        i += 1;
    }
    i
}

fn is_ws(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c')
}

struct Builder<'a> {
    src: &'a str,
    find: Searchers,
    dom: Dom<'a>,
    /// Open elements, arena indices; `stack[0]` is the document.
    stack: Vec<u32>,
    /// The names of the open elements of `stack`, position by position:
    /// the scope searches read names only, densely.
    open_names: Vec<u32>,
    interner: Interner,
    foreign: usize,
    /// Open `p`, `a` and `button` elements on the stack.
    open_p: usize,
    open_a: usize,
    open_button: usize,
    /// The first `&` in the source at or after `amp_from` (the source's
    /// length when none): see [`Builder::has_amp`].
    amp: usize,
    amp_from: usize,
    /// True once `<head>` was opened and closed again.
    head_done: bool,
    /// The number of stored attributes when text was last added.
    text_mark: usize,
    max_depth: usize,
    max_nodes: usize,
    html: u32,
    head: u32,
    body: u32,
}

pub(super) fn parse<'a>(src: &'a str, opts: &Options) -> Dom<'a> {
    // Known names are found by `tags::known`; the map holds only the others.
    let interner: Interner = HashMap::default();
    let (nodes, buf, attrs, names, flags) = super::buffers(src.len());
    let dom = Dom {
        src,
        nodes,
        buf,
        attrs,
        names,
        flags,
        truncated: false,
    };
    let mut b = Builder {
        src,
        find: Searchers::new(),
        dom,
        stack: Vec::with_capacity(64),
        open_names: Vec::with_capacity(64),
        interner,
        foreign: 0,
        open_p: 0,
        open_a: 0,
        open_button: 0,
        amp: 0,
        amp_from: usize::MAX,
        head_done: false,
        text_mark: 0,
        max_depth: opts.max_depth.max(1),
        max_nodes: opts.max_nodes.max(1),
        html: NONE,
        head: NONE,
        body: NONE,
    };
    b.dom.nodes.push(Node {
        kind: Kind::Document,
        name: 0,
        parent: NONE,
        start: 0,
        end: 0,
        subtree_end: 1,
    });
    b.stack.push(0);
    b.open_names.push(0);
    b.run();
    b.finish()
}

impl<'a> Builder<'a> {
    fn run(&mut self) {
        let bytes = self.src.as_bytes();
        let mut pos = 0;
        while pos < bytes.len() && !self.dom.truncated {
            match find_byte(&self.find.lt, &bytes[pos..]) {
                None => {
                    self.text(pos, bytes.len(), true);
                    break;
                }
                Some(off) => {
                    let at = pos + off;
                    if at > pos {
                        self.text(pos, at, true);
                    }
                    pos = self.markup(at);
                }
            }
        }
    }

    fn finish(mut self) -> Dom<'a> {
        // Popped elements got their subtree's end when they were popped (see
        // `pop`); the ones still open end with the document.
        let n = self.dom.nodes.len() as u32;
        for &open in &self.stack {
            if let Some(node) = self.dom.nodes.get_mut(open as usize) {
                node.subtree_end = n;
            }
        }
        self.dom
    }

    fn top(&self) -> u32 {
        self.stack.last().copied().unwrap_or(0)
    }

    /// The name of the current element.
    fn top_name(&self) -> u32 {
        self.open_names.last().copied().unwrap_or(0)
    }

    fn flags_of_name(&self, name: u32) -> u16 {
        self.dom.flags.get(name as usize).copied().unwrap_or(0)
    }

    /// True for the formatting elements of [`is_formatting`], by name id
    /// for the known names.
    fn is_formatting(&self, name: u32) -> bool {
        match name {
            id::A
            | id::B
            | id::CODE
            | id::EM
            | id::FONT
            | id::I
            | id::SMALL
            | id::STRONG
            | id::U => true,
            _ if (name as usize) < tags::KNOWN.len() => false,
            _ => is_formatting(self.name_str(name)),
        }
    }

    fn name_str(&self, name: u32) -> &str {
        self.dom.names.get(name as usize).map_or("", |s| s)
    }

    /// Appends a node under `parent`; `None` once the node limit is reached.
    fn append(&mut self, parent: u32, kind: Kind, name: u32, start: u32, end: u32) -> Option<u32> {
        if self.dom.nodes.len() >= self.max_nodes {
            self.dom.truncated = true;
            return None;
        }
        let idx = self.dom.nodes.len() as u32;
        self.dom.nodes.push(Node {
            kind,
            name,
            parent,
            start,
            end,
            subtree_end: idx + 1,
        });
        // Nothing else to link: nodes are appended in document order under
        // the open element, so children and siblings follow from the
        // subtree ends `finish` computes.
        Some(idx)
    }

    /// Adds source text `start..end` (decoded when `decode`) under the
    /// current element, merging with a text node just before it.
    fn text(&mut self, start: usize, end: usize, decode: bool) {
        if start >= end || end > self.src.len() {
            return;
        }
        if self.head_open()
            && !self
                .src
                .as_bytes()
                .get(start..end)
                .is_some_and(|r| r.iter().all(|&b| is_ws(b)))
        {
            self.pop_through(self.head);
        }
        let parent = self.top();
        self.add_text(parent, start, end, decode);
    }

    /// True when the source has a `&` in `start..end`. Text and attribute
    /// values come in source order, so one search finds the next `&` for
    /// all the pieces before it instead of one search per piece.
    #[inline(always)]
    fn has_amp(&mut self, start: usize, end: usize) -> bool {
        if self.amp < start || self.amp_from > start {
            let bytes = self.src.as_bytes();
            self.amp = bytes
                .get(start..)
                .and_then(|r| self.find.amp.find(r))
                .map_or(bytes.len(), |off| start + off);
            self.amp_from = start;
        }
        self.amp < end
    }

    /// Adds source text `start..end` under `parent`, merging it into a text
    /// node of `parent` just before it. Text that needs no decoding is not
    /// copied: its range is that of the source's copy at the start of `buf`.
    #[inline(always)]
    fn add_text(&mut self, parent: u32, start: usize, end: usize, decode: bool) {
        let decoded = decode && self.has_amp(start, end);
        let last = self.dom.nodes.len().saturating_sub(1);
        // Text merges into the text node before it unless attributes were
        // stored in between (of a tag that made no node, such as a second
        // `<body>`): the rule of a single buffer where such attributes
        // separated the two pieces. It also keeps merging linear: the
        // merged text, once copied to the end of `buf`, stays there.
        let mergeable = self.text_mark == self.dom.attrs.len();
        self.text_mark = self.dom.attrs.len();
        let prev = match self.dom.nodes.get(last) {
            Some(n) if mergeable && n.kind == Kind::Text && n.parent == parent => {
                Some((n.start, n.end))
            }
            _ => None,
        };
        if !decoded {
            match prev {
                None => {
                    self.append(parent, Kind::Text, 0, start as u32, end as u32);
                    return;
                }
                Some((_, p1)) if p1 as usize == start => {
                    // Adjacent in the source (text on both sides of a stray `<`).
                    if let Some(n) = self.dom.nodes.get_mut(last) {
                        n.end = end as u32;
                    }
                    return;
                }
                Some(_) => {}
            }
        }
        self.add_text_copied(parent, start, end, decoded, prev);
    }

    /// [`Builder::add_text`] for text that goes at the end of `buf`:
    /// decoded, or merged with a text node before it that is not adjacent
    /// in the source.
    #[inline(never)]
    fn add_text_copied(
        &mut self,
        parent: u32,
        start: usize,
        end: usize,
        decoded: bool,
        prev: Option<(u32, u32)>,
    ) {
        let last = self.dom.nodes.len().saturating_sub(1);
        let Some(raw) = self.src.get(start..end) else {
            return;
        };
        let base = self.src.len();
        let buf = &mut self.dom.buf;
        let Some((mut p0, p1)) = prev else {
            let t0 = (base + buf.len()) as u32;
            entities::decode_into(raw, buf, false);
            let t1 = (base + buf.len()) as u32;
            self.append(parent, Kind::Text, 0, t0, t1);
            return;
        };
        // The merged text is built at the end of `buf` (rare: text around a
        // comment, or decoded text next to other text).
        if (p0 as usize) < base {
            let tail = (base + buf.len()) as u32;
            buf.push_str(self.src.get(p0 as usize..p1 as usize).unwrap_or(""));
            p0 = tail;
        } else if p1 as usize != base + buf.len() {
            let tail = (base + buf.len()) as u32;
            // A copy through a temporary: rare, and `extend_from_within` is
            // newer than the supported Rust version.
            let before = buf
                .get(p0 as usize - base..p1 as usize - base)
                .unwrap_or("")
                .to_owned();
            buf.push_str(&before);
            p0 = tail;
        }
        if decoded {
            entities::decode_into(raw, buf, false);
        } else {
            buf.push_str(raw);
        }
        let p1 = (base + buf.len()) as u32;
        if let Some(n) = self.dom.nodes.get_mut(last) {
            n.start = p0;
            n.end = p1;
        }
    }

    /// Handles the markup starting with `<` at `at`; returns where to go on.
    fn markup(&mut self, at: usize) -> usize {
        let bytes = self.src.as_bytes();
        let len = bytes.len();
        let next = bytes.get(at + 1).copied().unwrap_or(0);
        match next {
            b'!' => {
                let rest = &bytes[at..];
                if rest.starts_with(b"<!--") {
                    let body = at + 4;
                    if bytes.get(body) == Some(&b'>') {
                        return body + 1;
                    }
                    if bytes.get(body..body + 2) == Some(b"->") {
                        return body + 2;
                    }
                    // One searcher for all comments: building it costs more
                    // than most searches.
                    static COMMENT_END: std::sync::OnceLock<memchr::memmem::Finder<'static>> =
                        std::sync::OnceLock::new();
                    let finder = COMMENT_END.get_or_init(|| memchr::memmem::Finder::new(b"-->"));
                    return match finder.find(&bytes[body..]) {
                        Some(e) => body + e + 3,
                        None => len,
                    };
                }
                if rest.len() >= 9 && rest[..9].eq_ignore_ascii_case(b"<![CDATA[") {
                    let body = at + 9;
                    let end = memchr::memmem::find(&bytes[body..], b"]]>");
                    let stop = end.map_or(len, |e| body + e);
                    if self.foreign > 0 {
                        self.text(body, stop, false);
                    }
                    return end.map_or(len, |e| body + e + 3);
                }
                skip_to_gt(&self.find.gt, bytes, at + 2)
            }
            b'?' => skip_to_gt(&self.find.gt, bytes, at + 2),
            b'/' => {
                let c = bytes.get(at + 2).copied().unwrap_or(0);
                if c.is_ascii_alphabetic() {
                    let i = scan_to(bytes, at + 2, TAG_NAME_END);
                    let name = self.intern(at + 2, i);
                    let after = skip_to_gt(&self.find.gt, bytes, i);
                    if after > len || (after == len && bytes.last() != Some(&b'>')) {
                        return len;
                    }
                    self.end_tag(name);
                    after
                } else if c == b'>' {
                    at + 3
                } else if c == 0 && at + 2 >= len {
                    self.text(at, len, false);
                    len
                } else {
                    skip_to_gt(&self.find.gt, bytes, at + 2)
                }
            }
            c if c.is_ascii_alphabetic() => self.start_tag(at),
            _ => {
                self.text(at, at + 1, false);
                at + 1
            }
        }
    }

    /// Interns the element name at `start..end` of the source, lowercased.
    #[inline(always)]
    fn intern(&mut self, start: usize, end: usize) -> u32 {
        match tags::known_at(self.src.as_bytes(), start, end) {
            Some(id) => id,
            None => self.intern_other(start, end),
        }
    }

    /// [`Builder::intern`] for the names that are not in [`tags::KNOWN`].
    #[inline(never)]
    fn intern_other(&mut self, start: usize, end: usize) -> u32 {
        let raw = self.src.get(start..end).unwrap_or("");
        let lower;
        let name: &str = if raw.bytes().any(|b| b.is_ascii_uppercase()) {
            lower = raw.to_ascii_lowercase();
            &lower
        } else {
            raw
        };
        if let Some(&id) = self.interner.get(name) {
            return id;
        }
        let id = self.dom.names.len() as u32;
        self.interner.insert(name.into(), id);
        self.dom.names.push(name.into());
        self.dom.flags.push(0);
        id
    }

    fn start_tag(&mut self, at: usize) -> usize {
        let bytes = self.src.as_bytes();
        let len = bytes.len();
        let mut i = scan_to(bytes, at + 1, TAG_NAME_END);
        let name = self.intern(at + 1, i);
        let attr_start = self.dom.attrs.len();
        let mut self_closing = false;
        loop {
            i = skip_ws(bytes, i);
            if i >= len {
                // A tag cut off by the end of input is dropped, as browsers do.
                self.dom.attrs.truncate(attr_start);
                return len;
            }
            match bytes[i] {
                b'>' => {
                    i += 1;
                    break;
                }
                b'/' => {
                    if bytes.get(i + 1) == Some(&b'>') {
                        self_closing = true;
                        i += 2;
                        break;
                    }
                    i += 1;
                    continue;
                }
                _ => {}
            }
            let ns = i;
            // The first byte belongs to the name whatever it is (`=` too).
            let mut seen = class(bytes[i]);
            i += 1;
            while let Some(&b) = bytes.get(i) {
                let c = class(b);
                if c & ATTR_NAME_END != 0 {
                    break;
                }
                seen |= c;
                i += 1;
            }
            let ne = i;
            i = skip_ws(bytes, i);
            let (vs, ve) = if bytes.get(i) == Some(&b'=') {
                i = skip_ws(bytes, i + 1);
                match bytes.get(i) {
                    Some(&q) if q == b'"' || q == b'\'' => match find_byte(
                        if q == b'"' {
                            &self.find.dquote
                        } else {
                            &self.find.squote
                        },
                        &bytes[i + 1..],
                    ) {
                        Some(off) => {
                            let r = (i + 1, i + 1 + off);
                            i = i + 2 + off;
                            r
                        }
                        None => {
                            self.dom.attrs.truncate(attr_start);
                            return len;
                        }
                    },
                    _ => {
                        let vs = i;
                        i = scan_to(bytes, i, VALUE_END);
                        (vs, i)
                    }
                }
            } else {
                (i, i)
            };
            self.add_attr(attr_start, ns, ne, seen & UPPER != 0, vs, ve);
        }
        let attr_end = self.dom.attrs.len();
        self.open_element(name, attr_start, attr_end, self_closing, i)
    }

    /// Adds the attribute named by `ns..ne` (with upper-case letters when
    /// `upper`) with the value `vs..ve`, unless the element has it already.
    fn add_attr(
        &mut self,
        attr_start: usize,
        ns: usize,
        ne: usize,
        upper: bool,
        vs: usize,
        ve: usize,
    ) {
        let count = self.dom.attrs.len() - attr_start;
        if count >= MAX_ATTRS {
            return;
        }
        // Name and value start and end next to ASCII delimiters: they are
        // whole characters, checked as such only where copied.
        let Some(name) = self.src.as_bytes().get(ns..ne) else {
            return;
        };
        let dup = self
            .dom
            .attrs
            .get(attr_start..)
            .unwrap_or(&[])
            .iter()
            .any(|a| {
                a[1].wrapping_sub(a[0]) as usize == name.len()
                    && self.dom.span_bytes(a[0], a[1]).eq_ignore_ascii_case(name)
            });
        if dup {
            return;
        }
        // Names already in lower case and values without references are
        // not copied: their ranges are those of the source.
        let base = self.src.len();
        let (n0, n1) = if upper {
            let Some(name) = self.src.get(ns..ne) else {
                return;
            };
            let b = &mut self.dom.buf;
            let n0 = b.len();
            b.push_str(name);
            if let Some(added) = b.get_mut(n0..) {
                added.make_ascii_lowercase();
            }
            ((base + n0) as u32, (base + b.len()) as u32)
        } else {
            (ns as u32, ne as u32)
        };
        let (v0, v1) = if self.has_amp(vs, ve) {
            let Some(value) = self.src.get(vs..ve) else {
                return;
            };
            let b = &mut self.dom.buf;
            let v0 = (base + b.len()) as u32;
            entities::decode_into(value, b, true);
            (v0, (base + b.len()) as u32)
        } else {
            (vs as u32, ve as u32)
        };
        self.dom.attrs.push([n0, n1, v0, v1]);
    }

    /// Tree construction for a start tag whose source ends at `after`.
    fn open_element(
        &mut self,
        name: u32,
        attr_start: usize,
        attr_end: usize,
        self_closing: bool,
        after: usize,
    ) -> usize {
        let fl = self.flags_of_name(name);
        match name {
            id::HTML => {
                if self.html == NONE && self.stack.len() == 1 {
                    self.html = self
                        .push_element(name, attr_start, attr_end)
                        .unwrap_or(NONE);
                }
                return after;
            }
            id::HEAD => {
                if self.head == NONE && self.body == NONE {
                    self.head = self
                        .push_element(name, attr_start, attr_end)
                        .unwrap_or(NONE);
                }
                return after;
            }
            id::BODY => {
                if self.body == NONE {
                    self.close_head();
                    self.body = self
                        .push_element(name, attr_start, attr_end)
                        .unwrap_or(NONE);
                }
                return after;
            }
            _ => {}
        }
        if fl & tags::HEAD_CONTENT == 0 {
            self.close_head();
        }
        if fl & tags::CLOSES_P != 0 {
            self.close_p();
        }
        match name {
            id::LI => self.close_list_item(&[id::LI]),
            id::DT | id::DD => self.close_list_item(&[id::DT, id::DD]),
            id::OPTION => {
                if self.top_name() == id::OPTION {
                    self.pop();
                }
            }
            id::OPTGROUP => {
                if self.top_name() == id::OPTION {
                    self.pop();
                }
                if self.top_name() == id::OPTGROUP {
                    self.pop();
                }
            }
            id::TR => self.close_in_table(&[id::TR], &[id::TABLE, id::THEAD, id::TBODY, id::TFOOT]),
            id::TD | id::TH => self.close_in_table(
                &[id::TD, id::TH],
                &[id::TR, id::TABLE, id::THEAD, id::TBODY, id::TFOOT],
            ),
            id::THEAD | id::TBODY | id::TFOOT => {
                self.close_in_table(&[id::THEAD, id::TBODY, id::TFOOT], &[id::TABLE])
            }
            id::A | id::BUTTON => {
                if let Some(pos) = self.find_in_scope(name, 0) {
                    self.truncate_stack(pos);
                }
            }
            _ => {
                if fl & tags::HEADING != 0 {
                    let top = self.top_name();
                    if self.flags_of_name(top) & tags::HEADING != 0 {
                        self.pop();
                    }
                }
            }
        }
        let parent = self.top();
        let Some(el) = self.append(
            parent,
            Kind::Element,
            name,
            attr_start as u32,
            attr_end as u32,
        ) else {
            return self.src.len();
        };
        let foreign_root = name == id::SVG || name == id::MATH;
        let pushable =
            fl & tags::VOID == 0 && !(self_closing && (self.foreign > 0 || foreign_root));
        let pushed = pushable && self.stack.len() <= self.max_depth;
        if pushed {
            self.push_open(el, name);
        }
        if fl & (tags::RAW | tags::RCDATA) != 0 && pushable && self.foreign == 0 {
            let bytes = self.src.as_bytes();
            let (content_end, resume) = if name == id::PLAINTEXT {
                (bytes.len(), bytes.len())
            } else {
                find_end_tag(&self.find.gt, bytes, after, self.name_str(name).as_bytes())
            };
            if after < content_end {
                self.add_text(el, after, content_end, fl & tags::RCDATA != 0);
            }
            if pushed {
                self.pop();
            } else {
                // Not on the stack (nested too deep), but it holds the text.
                let end = self.dom.nodes.len() as u32;
                if let Some(node) = self.dom.nodes.get_mut(el as usize) {
                    node.subtree_end = end;
                }
            }
            return resume;
        }
        after
    }

    fn push_element(&mut self, name: u32, attr_start: usize, attr_end: usize) -> Option<u32> {
        let parent = self.top();
        let el = self.append(
            parent,
            Kind::Element,
            name,
            attr_start as u32,
            attr_end as u32,
        )?;
        self.push_open(el, name);
        Some(el)
    }

    fn pop(&mut self) {
        if self.stack.len() > 1 {
            if let Some(top) = self.stack.pop() {
                let name = self.open_names.pop().unwrap_or(0);
                self.count_open(name, false);
                // Nodes are appended under open elements only, so the
                // subtree of a popped element is complete: it ends here.
                let end = self.dom.nodes.len() as u32;
                if let Some(node) = self.dom.nodes.get_mut(top as usize) {
                    node.subtree_end = end;
                }
            }
        }
    }

    /// Pushes the element `el` on the stack of open elements.
    fn push_open(&mut self, el: u32, name: u32) {
        self.stack.push(el);
        self.open_names.push(name);
        self.count_open(name, true);
    }

    /// Keeps the counts of open `svg`/`math`, `p`, `a` and `button`
    /// elements current as `el` is pushed or popped: the scope searches for
    /// those would otherwise walk the whole stack on every block start tag.
    fn count_open(&mut self, name: u32, pushed: bool) {
        let counter = match name {
            id::SVG | id::MATH => &mut self.foreign,
            id::P => &mut self.open_p,
            id::A => &mut self.open_a,
            id::BUTTON => &mut self.open_button,
            _ => return,
        };
        *counter = if pushed {
            counter.saturating_add(1)
        } else {
            counter.saturating_sub(1)
        };
    }

    /// Pops the open elements from stack position `pos` up (the document at
    /// position 0 stays).
    fn truncate_stack(&mut self, pos: usize) {
        while self.stack.len() > pos.max(1) {
            self.pop();
        }
    }

    /// Pops the stack up to and including the element `node`.
    fn pop_through(&mut self, node: u32) {
        if let Some(pos) = self.stack.iter().rposition(|&n| n == node) {
            if pos > 0 {
                self.truncate_stack(pos);
            }
        }
    }

    /// True while `<head>` is open. It can only sit near the bottom of the
    /// stack (under the document and `<html>`), and once closed it never
    /// opens again, which `head_done` remembers.
    fn head_open(&mut self) -> bool {
        if self.head == NONE || self.head_done {
            return false;
        }
        let open = self.stack.get(1) == Some(&self.head) || self.stack.get(2) == Some(&self.head);
        self.head_done = !open;
        open
    }

    fn close_head(&mut self) {
        if self.head_open() {
            self.pop_through(self.head);
        }
    }

    /// The stack position of the nearest open `name` not hidden behind a
    /// scope boundary (or one of `extra` boundaries).
    fn find_in_scope(&self, name: u32, extra: u16) -> Option<usize> {
        let open = match name {
            id::P => self.open_p,
            id::A => self.open_a,
            id::BUTTON => self.open_button,
            _ => usize::MAX,
        };
        if open == 0 {
            return None;
        }
        for (pos, &n) in self
            .open_names
            .iter()
            .enumerate()
            .rev()
            .take(self.open_names.len().saturating_sub(1))
        {
            if n == name {
                return Some(pos);
            }
            if self.flags_of_name(n) & (tags::SCOPE | extra) != 0 {
                return None;
            }
        }
        None
    }

    fn close_p(&mut self) {
        if let Some(pos) = self.find_in_scope(id::P, 0) {
            self.truncate_stack(pos);
        }
    }

    fn close_list_item(&mut self, items: &[u32]) {
        for pos in (1..self.open_names.len()).rev() {
            let n = self.open_names[pos];
            if items.contains(&n) {
                self.truncate_stack(pos);
                return;
            }
            let fl = self.flags_of_name(n);
            if fl & tags::SPECIAL != 0 && !matches!(n, id::ADDRESS | id::DIV | id::P) {
                return;
            }
        }
    }

    fn close_in_table(&mut self, targets: &[u32], stops: &[u32]) {
        for pos in (1..self.open_names.len()).rev() {
            let n = self.open_names[pos];
            if targets.contains(&n) {
                self.truncate_stack(pos);
                return;
            }
            if stops.contains(&n) || n == id::HTML || n == id::TEMPLATE {
                return;
            }
        }
    }

    fn end_tag(&mut self, name: u32) {
        let fl = self.flags_of_name(name);
        match name {
            id::HTML | id::BODY => return,
            id::HEAD => {
                self.close_head();
                return;
            }
            id::BR => {
                self.close_head();
                let parent = self.top();
                self.append(parent, Kind::Element, id::BR, 0, 0);
                return;
            }
            id::LI => {
                if let Some(pos) = self.find_in_scope(name, 0) {
                    // List-item scope: a ul/ol between makes the li not in scope.
                    let blocked = self.open_names[pos + 1..]
                        .iter()
                        .any(|&n| matches!(n, id::UL | id::OL));
                    if !blocked {
                        self.truncate_stack(pos);
                    }
                }
                return;
            }
            _ => {}
        }
        if fl & tags::TABLE_PART != 0 {
            for pos in (1..self.open_names.len()).rev() {
                let n = self.open_names[pos];
                if n == name {
                    self.truncate_stack(pos);
                    return;
                }
                if matches!(n, id::TABLE | id::HTML | id::TEMPLATE) {
                    return;
                }
            }
            return;
        }
        if fl & tags::SPECIAL != 0 || self.is_formatting(name) {
            if let Some(pos) = self.find_in_scope(name, 0) {
                self.truncate_stack(pos);
            }
            return;
        }
        for pos in (1..self.open_names.len()).rev() {
            let n = self.open_names[pos];
            if n == name {
                self.truncate_stack(pos);
                return;
            }
            if self.flags_of_name(n) & tags::SPECIAL != 0 {
                return;
            }
        }
    }
}

/// The index of the first `needle` in `hay`. Many searches of the parser end
/// at once (the `>` right after an end tag's name, the `<` right after a
/// tag): those are found before paying for a call to the vectorised search
/// (a longer scalar prefix costs more than it saves).
#[inline(always)]
fn find_byte(search: &Search, hay: &[u8]) -> Option<usize> {
    if hay.first() == Some(&search.needle) {
        return Some(0);
    }
    search.find(hay.get(1..)?).map(|off| off + 1)
}

/// A search for one byte. Where the CPU has AVX2 its vectorised search is
/// called directly: the parser searches hundreds of thousands of times per
/// second, mostly over a few bytes, and `memchr::memchr` would check which
/// implementation to use on every call.
#[derive(Clone, Copy)]
struct Search {
    needle: u8,
    #[cfg(target_arch = "x86_64")]
    avx2: Option<memchr::arch::x86_64::avx2::memchr::One>,
}

impl Search {
    fn new(needle: u8) -> Search {
        Search {
            needle,
            #[cfg(target_arch = "x86_64")]
            avx2: memchr::arch::x86_64::avx2::memchr::One::new(needle),
        }
    }

    #[inline(always)]
    fn find(&self, hay: &[u8]) -> Option<usize> {
        #[cfg(target_arch = "x86_64")]
        if let Some(one) = &self.avx2 {
            return one.find(hay);
        }
        memchr::memchr(self.needle, hay)
    }
}

/// The byte searches of one parse.
struct Searchers {
    lt: Search,
    gt: Search,
    dquote: Search,
    squote: Search,
    amp: Search,
}

impl Searchers {
    fn new() -> Searchers {
        Searchers {
            lt: Search::new(b'<'),
            gt: Search::new(b'>'),
            dquote: Search::new(b'"'),
            squote: Search::new(b'\''),
            amp: Search::new(b'&'),
        }
    }
}

/// The index just past the next `>` at or after `from` (end of input when none).
fn skip_to_gt(gt: &Search, bytes: &[u8], from: usize) -> usize {
    match bytes.get(from..).and_then(|r| find_byte(gt, r)) {
        Some(off) => from + off + 1,
        None => bytes.len(),
    }
}

/// Finds `</tag` (any case) followed by whitespace, `/` or `>` at or after
/// `from`: returns where the content ends and where parsing resumes.
fn find_end_tag(gt: &Search, bytes: &[u8], from: usize, tag: &[u8]) -> (usize, usize) {
    let mut pos = from;
    // One searcher for all pages: building it costs more than a short search.
    static FINDER: std::sync::OnceLock<memchr::memmem::Finder<'static>> =
        std::sync::OnceLock::new();
    let finder = FINDER.get_or_init(|| memchr::memmem::Finder::new(b"</"));
    while let Some(off) = bytes.get(pos..).and_then(|r| finder.find(r)) {
        let lt = pos + off;
        let name_start = lt + 2;
        let name_end = name_start + tag.len();
        if let Some(cand) = bytes.get(name_start..name_end) {
            if cand.eq_ignore_ascii_case(tag) {
                match bytes.get(name_end) {
                    Some(&c) if is_ws(c) || c == b'/' || c == b'>' => {
                        return (lt, skip_to_gt(gt, bytes, name_end));
                    }
                    None => return (lt, bytes.len()),
                    _ => {}
                }
            }
        }
        pos = lt + 2;
    }
    (bytes.len(), bytes.len())
}
