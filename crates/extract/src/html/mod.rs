//! A fast, tolerant HTML parser building an arena DOM.
//!
//! The parser works in one pass over the text with `memchr`, never recurses
//! and never fails: whatever the bytes, it returns a tree. It follows the HTML
//! standard where that changes the shape of the tree a news page produces
//! (implied end tags, void and raw-text elements, scope rules for stray end
//! tags) and simplifies the rest (no foster parenting, no adoption agency:
//! stray end tags of inline elements are ignored instead).

mod entities;
mod parse;
pub(crate) mod tags;

use crate::Options;

/// The index of a node in a [`Dom`].
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, PartialOrd, Ord)]
pub struct NodeId(u32);

impl NodeId {
    /// The node at arena position `index` (see [`Dom::len`]).
    pub fn from_index(index: usize) -> NodeId {
        NodeId(u32::try_from(index).unwrap_or(u32::MAX))
    }

    /// The node's position in document order (the arena index).
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

const NONE: u32 = u32::MAX;

/// The keys of per-page maps (element names, class values) are short, so
/// FNV-1a beats SipHash, and no key comes from a party that could choose
/// collisions to any effect beyond a slower page.
pub(crate) use dateline_core::hash::FnvBuild;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kind {
    Document,
    Element,
    Text,
}

#[derive(Clone, Debug)]
struct Node {
    kind: Kind,
    /// Interned name for elements.
    name: u32,
    parent: u32,
    /// Text nodes: text position range (see [`Dom::span`]). Elements:
    /// range in `Dom::attrs`.
    start: u32,
    end: u32,
    /// One past the arena index of the last node of this subtree (subtrees
    /// are contiguous in the arena).
    subtree_end: u32,
}

// Body scoring and metadata walk every node of a page: keep nodes small.
const _: () = assert!(std::mem::size_of::<Node>() == 24);

/// The large buffers of a dropped [`Dom`], kept for the next parse on the
/// same thread: a page's DOM takes about twice the page's size, and fresh
/// memory of that size costs page faults and zeroing on every page.
struct Spare {
    nodes: Vec<Node>,
    buf: String,
    attrs: Vec<[u32; 4]>,
    /// Always starts with the [`tags::KNOWN`] names (and `flags` with
    /// their flags): only the page's other names are dropped for reuse.
    names: Vec<Box<str>>,
    flags: Vec<u16>,
}

/// Buffers larger than this together are freed, not kept: one huge page
/// does not pin its memory for the life of the thread.
const MAX_SPARE_BYTES: usize = 64 * 1024 * 1024;

thread_local! {
    static SPARE: std::cell::RefCell<Option<Spare>> = const { std::cell::RefCell::new(None) };
}

/// The buffers a parse fills, empty but for the known element names.
type Buffers = (Vec<Node>, String, Vec<[u32; 4]>, Vec<Box<str>>, Vec<u16>);

/// Empty node, text and attribute buffers with room for a page of
/// `src_len` bytes, and the name table holding the known names, reused
/// from the last DOM dropped on this thread when there is one.
fn buffers(src_len: usize) -> Buffers {
    let spare = SPARE
        .try_with(|s| s.try_borrow_mut().ok().and_then(|mut s| s.take()))
        .ok()
        .flatten();
    let (mut nodes, mut buf, mut attrs, mut names, mut flags) = spare
        .map_or_else(Default::default, |s| {
            (s.nodes, s.buf, s.attrs, s.names, s.flags)
        });
    nodes.clear();
    buf.clear();
    attrs.clear();
    if names.len() >= tags::KNOWN.len() && flags.len() >= tags::KNOWN.len() {
        names.truncate(tags::KNOWN.len());
        flags.truncate(tags::KNOWN.len());
    } else {
        names.clear();
        flags.clear();
        names.reserve(tags::KNOWN.len() + 16);
        flags.reserve(tags::KNOWN.len() + 16);
        for (name, fl) in tags::KNOWN {
            names.push((*name).into());
            flags.push(*fl);
        }
    }
    nodes.reserve(src_len / 40 + 16);
    // Decoded text and attribute values, and text merged around comments,
    // are a small part of a page.
    buf.reserve(src_len / 8 + 64);
    attrs.reserve(src_len / 60 + 16);
    (nodes, buf, attrs, names, flags)
}

impl Drop for Dom<'_> {
    fn drop(&mut self) {
        let spare = Spare {
            nodes: std::mem::take(&mut self.nodes),
            buf: std::mem::take(&mut self.buf),
            attrs: std::mem::take(&mut self.attrs),
            names: std::mem::take(&mut self.names),
            flags: std::mem::take(&mut self.flags),
        };
        let bytes = spare.nodes.capacity() * std::mem::size_of::<Node>()
            + spare.buf.capacity()
            + spare.attrs.capacity() * std::mem::size_of::<[u32; 4]>()
            + spare.names.capacity() * std::mem::size_of::<Box<str>>()
            + spare.flags.capacity() * 2;
        if bytes <= MAX_SPARE_BYTES {
            let _ = SPARE.try_with(|s| {
                if let Ok(mut s) = s.try_borrow_mut() {
                    *s = Some(spare);
                }
            });
        }
    }
}

/// A parsed document: nodes in an arena, in document order.
#[derive(Debug, Clone)]
pub struct Dom<'a> {
    /// The page as parsed: text and attribute values that need no decoding
    /// are ranges of it, not copies (copying a page costs as much as a
    /// good part of parsing it).
    src: &'a str,
    nodes: Vec<Node>,
    /// Decoded text, attribute values and names (those that differ from
    /// their source), and text merged around comments, back to back.
    buf: String,
    /// Attribute (name, value) text position ranges.
    attrs: Vec<[u32; 4]>,
    /// Interned element names; the first entries are [`tags::KNOWN`].
    names: Vec<Box<str>>,
    flags: Vec<u16>,
    /// True when the node limit cut the document short.
    truncated: bool,
}

impl<'a> Dom<'a> {
    /// Parses `html`. Never fails and never recurses; elements nested deeper
    /// than `opts.max_depth` are attached at that depth, and parsing stops
    /// after `opts.max_nodes` nodes.
    pub fn parse(html: &'a str, opts: &Options) -> Dom<'a> {
        parse::parse(html, opts)
    }
}

impl Dom<'_> {
    /// The document node.
    pub fn root(&self) -> NodeId {
        NodeId(0)
    }

    /// Number of nodes (document, elements and text).
    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    /// True when the document has no node but the root.
    pub fn is_empty(&self) -> bool {
        self.nodes.len() <= 1
    }

    /// True when parsing stopped at the node limit.
    pub fn truncated(&self) -> bool {
        self.truncated
    }

    fn node(&self, id: NodeId) -> Option<&Node> {
        self.nodes.get(id.0 as usize)
    }

    /// The text at positions `start..end`. Positions below the source's
    /// length are source bytes, the others count on into `buf`; no range
    /// spans both.
    fn span(&self, start: u32, end: u32) -> &str {
        span(self.src, &self.buf, start, end)
    }

    /// Lowercase element name; `None` for text and the document.
    pub fn tag(&self, id: NodeId) -> Option<&str> {
        let n = self.node(id)?;
        if n.kind != Kind::Element {
            return None;
        }
        self.names.get(n.name as usize).map(|s| &**s)
    }

    /// The interned id of an element's name: within one document, elements
    /// with the same name have the same id (an index into [`Dom::names`]).
    pub fn name_id(&self, id: NodeId) -> Option<u32> {
        let n = self.node(id)?;
        (n.kind == Kind::Element).then_some(n.name)
    }

    /// The element names of this document, indexed by name id.
    pub fn names(&self) -> &[Box<str>] {
        &self.names
    }

    /// True when elements with this name id break the flow of text.
    pub fn name_is_block(&self, name: u32) -> bool {
        self.flags
            .get(name as usize)
            .is_some_and(|f| f & tags::BLOCK != 0)
    }

    /// True when elements with this name id hold no visible text.
    pub fn name_is_invisible(&self, name: u32) -> bool {
        self.flags
            .get(name as usize)
            .is_some_and(|f| f & tags::INVISIBLE != 0)
    }

    /// True when `id` is an element named `name` (lowercase).
    pub fn is(&self, id: NodeId, name: &str) -> bool {
        self.tag(id) == Some(name)
    }

    /// True when `id` is an element.
    pub fn is_element(&self, id: NodeId) -> bool {
        self.node(id).is_some_and(|n| n.kind == Kind::Element)
    }

    pub(crate) fn flags(&self, id: NodeId) -> u16 {
        match self.node(id) {
            Some(n) if n.kind == Kind::Element => {
                self.flags.get(n.name as usize).copied().unwrap_or(0)
            }
            _ => 0,
        }
    }

    /// True for elements that break the flow of text (p, div, li, h1, br...).
    pub fn is_block(&self, id: NodeId) -> bool {
        self.flags(id) & tags::BLOCK != 0
    }

    /// True for elements whose content readers do not see as text (script,
    /// style, template, noscript, title, iframe).
    pub fn is_invisible(&self, id: NodeId) -> bool {
        self.flags(id) & tags::INVISIBLE != 0
    }

    /// The value of attribute `name` (lowercase), entity-decoded.
    // Inlined where called: with the name known there, its compare needs
    // no call to `memcmp`.
    #[inline(always)]
    pub fn attr(&self, id: NodeId, name: &str) -> Option<&str> {
        // Names compared as bytes, by length first: this is called for
        // many elements with attributes that do not match.
        let a = self.attr_slots(id).iter().find(|a| {
            (a[1].wrapping_sub(a[0])) as usize == name.len()
                && self.span_bytes(a[0], a[1]) == name.as_bytes()
        })?;
        Some(self.span(a[2], a[3]))
    }

    /// All attributes of an element as (lowercase name, decoded value), in
    /// source order; empty for other nodes.
    pub fn attrs(&self, id: NodeId) -> impl Iterator<Item = (&str, &str)> {
        self.attr_slots(id)
            .iter()
            .map(move |a| (self.span(a[0], a[1]), self.span(a[2], a[3])))
    }

    /// The name and value spans of an element's attributes; empty for other
    /// nodes.
    #[inline(always)]
    fn attr_slots(&self, id: NodeId) -> &[[u32; 4]] {
        let range = match self.node(id) {
            Some(n) if n.kind == Kind::Element => n.start as usize..n.end as usize,
            _ => 0..0,
        };
        self.attrs.get(range).unwrap_or(&[])
    }

    /// The attributes of an element that `key` names from their lowercase
    /// name's bytes, as (key, decoded value), in source order: the walks
    /// that read a few attributes of every element pass over the others
    /// without slicing out their values.
    pub(crate) fn attrs_by<'s, K>(
        &'s self,
        id: NodeId,
        key: impl Fn(&[u8]) -> Option<K> + 's,
    ) -> impl Iterator<Item = (K, &'s str)> + 's {
        self.attr_slots(id)
            .iter()
            .filter_map(move |a| Some((key(self.span_bytes(a[0], a[1]))?, self.span(a[2], a[3]))))
    }

    /// [`Dom::span`] as bytes, without the checks that make a `str`.
    fn span_bytes(&self, start: u32, end: u32) -> &[u8] {
        let (start, end) = (start as usize, end as usize);
        match start.checked_sub(self.src.len()) {
            None => self.src.as_bytes().get(start..end),
            Some(s) => self.buf.as_bytes().get(s..end.wrapping_sub(self.src.len())),
        }
        .unwrap_or(&[])
    }

    /// A text node's decoded text (raw for the content of script and style).
    pub fn text(&self, id: NodeId) -> Option<&str> {
        let n = self.node(id)?;
        if n.kind != Kind::Text {
            return None;
        }
        Some(self.span(n.start, n.end))
    }

    /// The children of `id`, in order.
    pub fn children(&self, id: NodeId) -> Children<'_> {
        // The arena is the tree in document order with every subtree
        // contiguous: the first child directly follows its parent and each
        // next sibling directly follows the subtree before it.
        Children {
            dom: self,
            next: id.0.saturating_add(1) as usize,
            end: self.subtree_end(id),
        }
    }

    /// The first child of `id`.
    pub fn first_child(&self, id: NodeId) -> Option<NodeId> {
        let first = id.0.saturating_add(1);
        ((first as usize) < self.subtree_end(id)).then_some(NodeId(first))
    }

    /// The next sibling of `id`.
    pub fn next_sibling(&self, id: NodeId) -> Option<NodeId> {
        let n = self.node(id)?;
        let parent = self.nodes.get(n.parent as usize)?;
        (n.subtree_end < parent.subtree_end).then_some(NodeId(n.subtree_end))
    }

    /// The parent of `id`; `None` for the document.
    pub fn parent(&self, id: NodeId) -> Option<NodeId> {
        self.node(id)
            .and_then(|n| (n.parent != NONE).then_some(NodeId(n.parent)))
    }

    /// The ancestors of `id`, nearest first (not including `id`).
    pub fn ancestors(&self, id: NodeId) -> impl Iterator<Item = NodeId> + '_ {
        std::iter::successors(self.parent(id), move |&p| self.parent(p))
    }

    /// All nodes below `id` (not `id` itself) in document order, text nodes
    /// included. Iterative: deep trees cannot overflow the stack.
    pub fn descendants(&self, id: NodeId) -> Descendants<'_> {
        // Arena order is document order and a subtree is contiguous in it.
        Descendants {
            next: id.0.saturating_add(1) as usize,
            end: self.subtree_end(id),
            _dom: std::marker::PhantomData,
        }
    }

    /// One past the arena index of the last node in the subtree of `id`:
    /// the subtree of `id` is exactly the arena range `id.index()..end`.
    pub fn subtree_end(&self, id: NodeId) -> usize {
        self.node(id).map_or(0, |n| n.subtree_end as usize)
    }

    /// All elements named `tag` (lowercase), in document order.
    pub fn elements<'a>(&'a self, tag: &str) -> impl Iterator<Item = NodeId> + 'a {
        let name = self.names.iter().position(|n| &**n == tag);
        let name = name.map_or(NONE, |n| n as u32);
        self.nodes
            .iter()
            .enumerate()
            .filter(move |(_, n)| name != NONE && n.kind == Kind::Element && n.name == name)
            .map(|(i, _)| NodeId(i as u32))
    }

    /// The elements named by each of `tags` (lowercase), in document order,
    /// in one pass over the document: `elements_by_name(&["a", "p"])[1]` are
    /// the `p` elements.
    pub fn elements_by_name(&self, tags: &[&str]) -> Vec<Vec<NodeId>> {
        // Name id -> position in `tags` + 1 (0: not asked for): one lookup
        // per element instead of a search through `tags`.
        let mut wanted = vec![0usize; self.names.len()];
        for (k, t) in tags.iter().enumerate() {
            if let Some(w) = self
                .names
                .iter()
                .position(|n| &**n == *t)
                .and_then(|n| wanted.get_mut(n))
            {
                if *w == 0 {
                    *w = k + 1;
                }
            }
        }
        let mut out = vec![Vec::new(); tags.len()];
        for (i, n) in self.nodes.iter().enumerate() {
            if n.kind != Kind::Element {
                continue;
            }
            let k = wanted.get(n.name as usize).copied().unwrap_or(0);
            if k == 0 {
                continue;
            }
            if let Some(list) = out.get_mut(k - 1) {
                list.push(NodeId(i as u32));
            }
        }
        out
    }

    /// Visible text below `id`: script, style, template, noscript, title and
    /// iframe content skipped, whitespace folded to single spaces, a space
    /// between blocks.
    pub fn text_content(&self, id: NodeId) -> String {
        // Room for a headline or a byline, the commonest texts asked for:
        // they grew through four or five sizes each.
        let mut out = String::with_capacity(128);
        let mut pending_space = false;
        self.walk_text(id, &mut |piece, block_break| {
            if block_break {
                pending_space = true;
                return;
            }
            if piece.starts_with(char::is_whitespace) {
                pending_space = true;
            }
            for (i, word) in piece.split_whitespace().enumerate() {
                if !out.is_empty() && (pending_space || i > 0) {
                    out.push(' ');
                }
                pending_space = false;
                out.push_str(word);
            }
            if piece.ends_with(char::is_whitespace) {
                pending_space = true;
            }
        });
        out
    }

    /// Calls `f(text, false)` for each visible text node below `id` and
    /// `f("", true)` where a block element starts or ends.
    pub(crate) fn walk_text(&self, id: NodeId, f: &mut dyn FnMut(&str, bool)) {
        if let Some(t) = self.text(id) {
            f(t, false);
            return;
        }
        let end = self.subtree_end(id);
        let mut i = id.0 as usize + 1;
        // Block ends are reported when the walk leaves a block element; the
        // parents of the current node are tracked on a small explicit stack.
        let mut open_blocks: Vec<usize> = Vec::new();
        while i < end {
            let Some(n) = self.nodes.get(i) else { break };
            while let Some(&block_end) = open_blocks.last() {
                if i < block_end {
                    break;
                }
                open_blocks.pop();
                f("", true);
            }
            match n.kind {
                Kind::Text => f(self.span(n.start, n.end), false),
                Kind::Element => {
                    let fl = self.flags.get(n.name as usize).copied().unwrap_or(0);
                    if fl & tags::INVISIBLE != 0 {
                        i = self.subtree_end(NodeId(i as u32));
                        continue;
                    }
                    if fl & tags::BLOCK != 0 {
                        f("", true);
                        open_blocks.push(n.subtree_end as usize);
                    }
                }
                Kind::Document => {}
            }
            i += 1;
        }
        for _ in open_blocks {
            f("", true);
        }
    }

    /// The raw content of a `<script>` or `<style>` (or any raw-text element):
    /// not entity-decoded. Empty for other nodes.
    pub fn raw_text(&self, id: NodeId) -> &str {
        match self.first_child(id) {
            Some(c) if self.flags(id) & (tags::RAW | tags::RCDATA) != 0 => {
                self.text(c).unwrap_or("")
            }
            _ => "",
        }
    }
}

/// [`Dom::span`] on the parts of a DOM.
#[inline(always)]
fn span<'s>(src: &'s str, buf: &'s str, start: u32, end: u32) -> &'s str {
    let (start, end) = (start as usize, end as usize);
    match start.checked_sub(src.len()) {
        None => src.get(start..end),
        Some(s) => buf.get(s..end.wrapping_sub(src.len())),
    }
    .unwrap_or("")
}

/// Iterator over the children of a node.
pub struct Children<'a> {
    dom: &'a Dom<'a>,
    /// The next child's arena index, and the end of the parent's subtree.
    next: usize,
    end: usize,
}

impl Iterator for Children<'_> {
    type Item = NodeId;
    fn next(&mut self) -> Option<NodeId> {
        if self.next >= self.end {
            return None;
        }
        let id = NodeId(self.next as u32);
        // `max` keeps the walk moving even on a malformed end.
        self.next = self.dom.subtree_end(id).max(self.next + 1);
        Some(id)
    }
}

/// Iterator over the descendants of a node, in document order.
pub struct Descendants<'a> {
    next: usize,
    end: usize,
    #[allow(dead_code)]
    _dom: std::marker::PhantomData<&'a Dom<'a>>,
}

impl Iterator for Descendants<'_> {
    type Item = NodeId;
    fn next(&mut self) -> Option<NodeId> {
        if self.next >= self.end {
            return None;
        }
        let id = NodeId(self.next as u32);
        self.next += 1;
        Some(id)
    }
}

#[cfg(test)]
mod tests;
