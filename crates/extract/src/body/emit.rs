//! From the chosen containers to body blocks and images.

use super::hints::{is_boilerplate_line, is_promo_heading};
use super::score::Features;
use super::{bytes_below, bytes_equal, tail_word, HIGH, ONES};
use crate::html::{Dom, NodeId};
use crate::meta::contains_ignore_ascii_case;
use dateline_core::{Block, Image};
use regex::Regex;
use std::sync::LazyLock;

/// Blocks and images of the body.
pub struct Output {
    /// Body blocks in reading order.
    pub blocks: Vec<Block>,
    /// Images inside the content.
    pub images: Vec<Image>,
}

/// A paragraph being collected from inline content.
#[derive(Default)]
struct Para {
    text: String,
    pending_space: bool,
    chars: usize,
    link_chars: usize,
}

/// The sum of the bytes of `w` when each is 0 or 1.
fn byte_sum(w: u64) -> usize {
    (w.wrapping_mul(ONES) >> 56) as usize
}

/// `piece` without its leading and trailing spaces, with its number of
/// characters that are not spaces, when its only whitespace is ASCII
/// spaces and none inside is doubled: its words joined by single spaces
/// are then that text itself (most text is written so). Eight bytes at a
/// time.
fn single_spaced(piece: &str) -> Option<(&str, usize)> {
    let t = piece.trim_matches(' ');
    let b = t.as_bytes();
    let (mut spaces, mut cont) = (0usize, 0usize);
    // Whether the byte before the current eight is a space, in the high bit.
    let mut carry = 0u64;
    let mut chunks = b.chunks_exact(8);
    let mut at = 0usize;
    let mut word = |w: u64, at: usize| -> Option<()> {
        let sp = bytes_equal(w, b' ');
        let controls = bytes_below(w, 14) & !bytes_below(w, 9);
        if sp & (sp << 8 | carry) != 0 || controls != 0 {
            return None;
        }
        carry = sp >> 56;
        // The only lead bytes of non-ASCII whitespace (U+0085, U+00A0,
        // U+1680, U+2000..U+205F, U+3000).
        let mut leads = bytes_equal(w, 0xC2)
            | bytes_equal(w, 0xE1)
            | bytes_equal(w, 0xE2)
            | bytes_equal(w, 0xE3);
        while leads != 0 {
            let i = at + leads.trailing_zeros() as usize / 8;
            leads &= leads - 1;
            if t.get(i..)
                .and_then(|r| r.chars().next())
                .is_some_and(char::is_whitespace)
            {
                return None;
            }
        }
        spaces += byte_sum(sp >> 7);
        // UTF-8 continuation bytes: 10xxxxxx.
        cont += byte_sum((w & !(w << 1) & HIGH) >> 7);
        Some(())
    };
    for c in &mut chunks {
        word(u64::from_le_bytes(c.try_into().unwrap_or([0; 8])), at)?;
        at += 8;
    }
    // The last bytes, padded with a letter.
    let n = chunks.remainder().len();
    let last = tail_word(b, b.len() - n) | (ONES * u64::from(b'a')) << (8 * n);
    word(last, at)?;
    Some((t, b.len() - cont - spaces))
}

impl Para {
    fn push(&mut self, piece: &str, in_link: bool) {
        if piece.is_empty() {
            self.pending_space = false;
            return;
        }
        if let Some((words, n)) = single_spaced(piece) {
            // The same as the word loop below, in one copy.
            if piece.starts_with(' ') {
                self.pending_space = true;
            }
            if words.is_empty() {
                return;
            }
            if !self.text.is_empty() && self.pending_space {
                self.text.push(' ');
            }
            self.text.push_str(words);
            self.chars += n;
            if in_link {
                self.link_chars += n;
            }
            self.pending_space = piece.ends_with(' ');
            return;
        }
        if piece.starts_with(char::is_whitespace) {
            self.pending_space = true;
        }
        for word in piece.split_whitespace() {
            if !self.text.is_empty() && self.pending_space {
                self.text.push(' ');
            }
            self.pending_space = true;
            self.text.push_str(word);
            let n = word.chars().count();
            self.chars += n;
            if in_link {
                self.link_chars += n;
            }
        }
        if !piece.ends_with(char::is_whitespace) {
            self.pending_space = false;
        }
    }
}

struct Emitter<'a> {
    dom: &'a Dom<'a>,
    f: &'a Features<'a>,
    headline: Option<String>,
    out: Output,
    para: Para,
    /// The last block was a furniture line: a list right after it is dropped.
    skip_list: bool,
}

/// The letters and digits of `s`, lower-cased.
fn norm_chars(s: &str) -> impl Iterator<Item = char> + '_ {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
}

fn norm(s: &str) -> String {
    norm_chars(s).collect()
}

/// Writes the blocks of `roots` (in document order).
pub fn emit(dom: &Dom, f: &Features, roots: &[NodeId], headline: Option<&str>) -> Output {
    let mut e = Emitter {
        dom,
        f,
        headline: headline.map(norm).filter(|h| !h.is_empty()),
        // Room for the blocks of a typical article.
        out: Output {
            blocks: Vec::with_capacity(32),
            images: Vec::new(),
        },
        para: Para::default(),
        skip_list: false,
    };
    for &r in roots {
        e.walk(r);
    }
    e.flush();
    e.out
}

impl Emitter<'_> {
    fn removed(&self, id: NodeId) -> bool {
        self.f.removed(id.index())
    }

    /// Visible text of `id`, skipping boilerplate parts, a space between blocks.
    fn inline_text(&self, id: NodeId) -> String {
        let mut p = Para::default();
        self.collect(id, &mut p);
        p.text
    }

    fn collect(&self, id: NodeId, p: &mut Para) {
        let dom = self.dom;
        let end = dom.subtree_end(id);
        let mut i = id.index() + 1;
        while i < end {
            let n = NodeId::from_index(i);
            if self.removed(n) || dom.is_invisible(n) {
                i = dom.subtree_end(n).max(i + 1);
                continue;
            }
            if let Some(t) = dom.text(n) {
                if !self.f.caption(i) {
                    p.push(t, false);
                }
            } else if dom.is_block(n) {
                p.pending_space = true;
            }
            i += 1;
        }
    }

    fn is_headline(&self, text: &str) -> bool {
        // The normalised headline is never longer than the text it came
        // from, so a much longer text cannot match.
        self.headline
            .as_deref()
            .is_some_and(|h| text.len() <= h.len() * 4 + 16 && norm_chars(text).eq(h.chars()))
    }

    fn flush(&mut self) {
        // The paragraph is collected in one buffer kept from paragraph to
        // paragraph, and a kept one is copied out at its size: growing a
        // fresh string for every paragraph cost reallocations and copies.
        let mut para = std::mem::take(&mut self.para);
        if self.keeps(&para) {
            self.skip_list = false;
            self.out.blocks.push(Block::Paragraph {
                text: para.text.as_str().to_owned(),
            });
        }
        para.text.clear();
        self.para = Para {
            text: para.text,
            ..Para::default()
        };
    }

    /// Whether a finished paragraph goes into the body.
    fn keeps(&mut self, para: &Para) -> bool {
        let text = &para.text;
        // Separators without letters ("* * *") carry no words; an AP-style
        // "___" rule is kept as written.
        if !text.chars().any(|c| c.is_alphanumeric() || c == '_') {
            return false;
        }
        if is_boilerplate_line(text) || self.is_headline(text) || is_loose_caption(text) {
            // A promotion heading ("More stories") announces a link list.
            self.skip_list = is_promo_heading(text);
            return false;
        }
        // A paragraph that is all link is a teaser for another page, unless
        // the link shows its address (a cited source).
        let url_like = text.starts_with("http") || text.starts_with("www.");
        // A sentence around a long link ("The inquiry had been shelved but
        // was <a>re-opened this year</a>") has its own words; a teaser has
        // at most a label ("Read more:").
        let own_words = para.chars.saturating_sub(para.link_chars);
        !(para.chars > 0 && para.link_chars * 2 > para.chars && !url_like && own_words < 25)
    }

    fn push_block(&mut self, block: Block) {
        if matches!(block, Block::List { .. }) && self.skip_list {
            self.skip_list = false;
            return;
        }
        self.skip_list = false;
        self.out.blocks.push(block);
    }

    fn walk(&mut self, root: NodeId) {
        let dom = self.dom;
        // A subtree is a contiguous range of the arena, in document order:
        // one scan of the range, skipping the subtrees not walked into.
        // Open elements (their subtree's end): leaving an `a` ends a link;
        // leaving a block ends a paragraph.
        let mut open: Vec<(usize, NodeId)> = Vec::with_capacity(32);
        let mut link_depth = 0usize;
        let end = dom.subtree_end(root).max(root.index() + 1);
        let mut i = root.index();
        while i < end {
            while let Some(&(e, left)) = open.last() {
                if e > i {
                    break;
                }
                open.pop();
                self.leave(left, &mut link_depth);
            }
            let id = NodeId::from_index(i);
            let next = dom.subtree_end(id).max(i + 1);
            if self.removed(id) {
                i = next;
                continue;
            }
            if let Some(t) = dom.text(id) {
                if !self.f.caption(i) {
                    self.para.push(t, link_depth > 0);
                }
                i += 1;
                continue;
            }
            let tag = dom.tag(id).unwrap_or("");
            if dom.is_invisible(id) || (!tag.is_empty() && self.special(id, tag)) {
                i = next;
                continue;
            }
            if tag == "a" {
                link_depth += 1;
            } else if dom.is_block(id) {
                self.flush();
            }
            open.push((next, id));
            i += 1;
        }
        while let Some((_, left)) = open.pop() {
            self.leave(left, &mut link_depth);
        }
    }

    /// The end of an element walked into.
    fn leave(&mut self, id: NodeId, link_depth: &mut usize) {
        if self.dom.is(id, "a") {
            *link_depth = link_depth.saturating_sub(1);
        } else if self.dom.is_block(id) {
            self.flush();
        }
    }

    /// Handles elements that become one block (or an image); true when the
    /// subtree is done.
    fn special(&mut self, id: NodeId, tag: &str) -> bool {
        match tag {
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                self.flush();
                let text = self.inline_text(id);
                let level = tag.as_bytes().get(1).map_or(2, |b| b - b'0');
                if is_boilerplate_line(&text) {
                    self.skip_list = is_promo_heading(&text);
                } else if !self.is_headline(&text)
                    && tag != "h1"
                    && self.f.link_density(id.index()) < 0.5
                {
                    self.push_block(Block::Heading { level, text });
                }
                true
            }
            "ul" | "ol" => {
                self.flush();
                if self.f.link_density(id.index()) > 0.5 {
                    return true;
                }
                let items: Vec<String> = self
                    .dom
                    .children(id)
                    .filter(|&c| !self.removed(c))
                    .map(|c| self.inline_text(c))
                    .filter(|t| !t.is_empty())
                    .collect();
                if !items.is_empty() {
                    self.push_block(Block::List {
                        ordered: tag == "ol",
                        items,
                    });
                }
                true
            }
            "blockquote" => {
                self.flush();
                let text = self.inline_text(id);
                if !text.is_empty() && self.f.link_density(id.index()) < 0.5 {
                    self.push_block(Block::Quote { text });
                }
                true
            }
            "pre" => {
                self.flush();
                let text = self.inline_text(id);
                if !text.is_empty() {
                    self.push_block(Block::Paragraph { text });
                }
                true
            }
            "table" => {
                if self.is_layout_table(id) {
                    return false;
                }
                self.flush();
                if self.f.link_density(id.index()) > 0.5 {
                    return true;
                }
                let rows = self.table_rows(id);
                if !rows.is_empty() {
                    self.push_block(Block::Table { rows });
                }
                true
            }
            "figure" => {
                self.flush();
                if let Some(img) = self.image(id, Some(id)) {
                    self.out.images.push(img);
                }
                true
            }
            "figcaption" => true,
            "img" | "amp-img" | "picture" => {
                if let Some(img) = self.image(id, None) {
                    self.out.images.push(img);
                }
                true
            }
            "br" => {
                self.flush();
                true
            }
            _ => false,
        }
    }

    /// A table used for page layout rather than data: it holds paragraphs,
    /// other tables or long runs of text.
    fn is_layout_table(&self, id: NodeId) -> bool {
        let dom = self.dom;
        dom.descendants(id).any(|d| {
            matches!(
                dom.tag(d),
                Some("p" | "table" | "div" | "article" | "h1" | "h2")
            ) && self.f.text_len(d.index()) > 100
        })
    }

    fn table_rows(&self, id: NodeId) -> Vec<Vec<String>> {
        let dom = self.dom;
        let mut rows = Vec::new();
        for tr in dom.descendants(id).filter(|&d| dom.is(d, "tr")) {
            let cells: Vec<String> = dom
                .children(tr)
                .filter(|&c| dom.is(c, "td") || dom.is(c, "th"))
                .map(|c| self.inline_text(c))
                .collect();
            if cells.iter().any(|c| !c.is_empty()) {
                rows.push(cells);
            }
        }
        rows
    }

    /// The image of an `img`/`picture`/`figure`, with the figure's caption
    /// and credit.
    fn image(&self, id: NodeId, figure: Option<NodeId>) -> Option<Image> {
        let dom = self.dom;
        let img = if matches!(dom.tag(id), Some("img" | "amp-img")) {
            Some(id)
        } else {
            dom.descendants(id)
                .find(|&d| matches!(dom.tag(d), Some("img" | "amp-img")))
                .or_else(|| dom.descendants(id).find(|&d| dom.is(d, "source")))
                .or_else(|| {
                    // Lazy loaders keep the address on a placeholder element.
                    dom.descendants(id).find(|&d| {
                        dom.attr(d, "data-src")
                            .or_else(|| dom.attr(d, "data-original"))
                            .is_some_and(|v| !v.trim().is_empty() && !v.starts_with("data:"))
                    })
                })
        };
        if img.is_some_and(|i| is_pixel(dom, i)) {
            return None;
        }
        let url = img.and_then(|i| image_url(dom, i));
        let mut caption = None;
        let mut credit = None;
        let scope = figure.or_else(|| img.and_then(|i| caption_scope(dom, i)));
        if let Some(fig) = scope {
            for d in dom.descendants(fig) {
                let Some(tag) = dom.tag(d) else { continue };
                let class = dom.attr(d, "class").unwrap_or("");
                let has = |word: &str| contains_ignore_ascii_case(class, word);
                if caption.is_none() && tag != "figcaption" && has("caption") {
                    let t = dom.text_content(d);
                    if !t.is_empty() {
                        caption = Some(t);
                    }
                }
                if credit.is_none() && (has("credit") || has("copyright") || has("photographer")) {
                    let t = dom.text_content(d);
                    if !t.is_empty() {
                        credit = Some(t);
                    }
                }
                if caption.is_none() && tag == "figcaption" {
                    let t = dom.text_content(d);
                    if !t.is_empty() {
                        caption = Some(t);
                    }
                }
            }
        }
        if caption.is_none() {
            caption = img
                .and_then(|i| dom.attr(i, "alt"))
                .map(dateline_core::fold_whitespace)
                .filter(|a| a.split_whitespace().count() >= 3);
        }
        // Screen-reader labels ("Image caption", "Image copyright") that
        // pages put before the visible text.
        caption = caption.map(|c| strip_label(&c, &["image caption", "media caption", "caption"]));
        credit = credit.map(|c| strip_label(&c, &["image copyright", "copyright", "image source"]));
        caption = caption.filter(|c| !c.is_empty());
        credit = credit.filter(|c| !c.is_empty());
        if let (Some(c), Some(cr)) = (&caption, &credit) {
            if let Some(stripped) = c.strip_suffix(cr.as_str()) {
                caption = Some(stripped.trim().to_string()).filter(|s| !s.is_empty());
            }
        }
        if credit.is_none() {
            if let Some(c) = &caption {
                if let Some((rest, cr)) = split_credit(c) {
                    credit = Some(cr);
                    caption = Some(rest).filter(|s| !s.is_empty());
                }
            }
        }
        if url.is_none() && caption.is_none() {
            return None;
        }
        Some(Image {
            url,
            caption,
            credit,
        })
    }
}

/// `text` without a leading label (any case), and a colon after it.
fn strip_label(text: &str, labels: &[&str]) -> String {
    let t = text.trim();
    for label in labels {
        if let Some(head) = t.get(..label.len()) {
            if head.eq_ignore_ascii_case(label) {
                let rest = t[label.len()..].trim_start_matches([':', ' ']).trim();
                return rest.to_string();
            }
        }
    }
    t.to_string()
}

/// A tracking pixel or spacer: declared one or two pixels wide or high.
fn is_pixel(dom: &Dom, img: NodeId) -> bool {
    ["width", "height"].iter().any(|a| {
        dom.attr(img, a)
            .and_then(|v| v.trim().trim_end_matches("px").parse::<u32>().ok())
            .is_some_and(|v| v < 3)
    })
}

/// For an image outside `<figure>`: the nearest ancestor (three levels at
/// most) that holds this one image and an element whose class names a caption.
fn caption_scope(dom: &Dom, img: NodeId) -> Option<NodeId> {
    for anc in dom.ancestors(img).take(3) {
        let mut images = 0;
        let mut has_caption = false;
        for d in dom.descendants(anc) {
            match dom.tag(d) {
                Some("img" | "amp-img") => {
                    images += 1;
                    if images > 1 {
                        return None;
                    }
                }
                Some(_) => {
                    has_caption |= dom
                        .attr(d, "class")
                        .is_some_and(|c| contains_ignore_ascii_case(c, "caption"))
                }
                None => {}
            }
        }
        if images > 1 {
            return None;
        }
        if has_caption {
            return Some(anc);
        }
    }
    None
}

fn image_url(dom: &Dom, img: NodeId) -> Option<String> {
    for attr in [
        "data-src",
        "data-original",
        "data-lazy-src",
        "data-url",
        "src",
    ] {
        if let Some(v) = dom.attr(img, attr) {
            let v = v.trim();
            if !v.is_empty() && !v.starts_with("data:") {
                return Some(v.to_string());
            }
        }
    }
    for attr in ["srcset", "data-srcset"] {
        if let Some(v) = dom.attr(img, attr) {
            if let Some(first) = v
                .split(',')
                .next()
                .and_then(|c| c.split_whitespace().next())
            {
                if !first.starts_with("data:") {
                    return Some(first.to_string());
                }
            }
        }
    }
    None
}

/// A trailing parenthesis naming a photo source: "(AP Photo/Evan Vucci)",
/// "[Image: Getty]". Agency acronyms must be whole upper-case words, so
/// "(a map of the area)" is not a credit.
static CREDIT_PAREN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"\s*[\(\[]([^()\[\]]*(?:(?i:photo|image|picture|getty|credit|courtesy|file|reuters|shutterstock)|(?-u:\b)(?:AP|AFP|EPA|UPI)(?-u:\b)|/)[^()\[\]]*)[\)\]]\s*\.?$",
    )
    .expect("credit pattern is valid")
});

/// A trailing credit line: "Photo: Jane Doe", "Photos by X", "Jane Doe/Getty Images".
static CREDIT_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?-u:\b)((?i:photo(?:graph)?|image|picture|credit)s?\s*(?i:by)?\s*[:|]\s*[^:|]{2,}|(?i:photo|image)s? (?i:by) [^:|]{2,}|[^/.:|]{2,}/(?:Getty Images|AFP|AP|Reuters|EPA|Shutterstock)[^/]*)$",
    )
    .expect("credit label pattern is valid")
});

/// A photo caption outside any figure markup: a short paragraph that ends
/// with a parenthesised photo credit ("... (credit: NASA/Jude Guidry)").
fn is_loose_caption(text: &str) -> bool {
    static CREDIT_END: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"(?i)[\(\[][^()\[\]]*(?:photo|image|picture|credit|courtesy|getty|shutterstock)[^()\[\]]*[\)\]]\s*\.?$",
        )
        .expect("caption credit pattern is valid")
    });
    let t = text.trim_end().trim_end_matches('.');
    (t.ends_with(')') || t.ends_with(']'))
        && text.split_whitespace().take(61).count() <= 60
        && CREDIT_END.is_match(text)
}

/// Splits a photo credit off the end of a caption ("... (AP Photo/Evan Vucci)").
fn split_credit(caption: &str) -> Option<(String, String)> {
    if let Some(m) = CREDIT_PAREN.captures(caption) {
        let whole = m.get(0)?;
        let credit = m.get(1)?.as_str().trim().to_string();
        return Some((caption[..whole.start()].trim().to_string(), credit));
    }
    if let Some(m) = CREDIT_LABEL.captures(caption) {
        let whole = m.get(0)?;
        let credit = m.get(1)?.as_str().trim().to_string();
        return Some((caption[..whole.start()].trim().to_string(), credit));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The word loop `Para::push` falls back to, as the reference.
    fn push_word_by_word(p: &mut Para, piece: &str, in_link: bool) {
        if piece.starts_with(char::is_whitespace) {
            p.pending_space = true;
        }
        for word in piece.split_whitespace() {
            if !p.text.is_empty() && p.pending_space {
                p.text.push(' ');
            }
            p.pending_space = true;
            p.text.push_str(word);
            let n = word.chars().count();
            p.chars += n;
            if in_link {
                p.link_chars += n;
            }
        }
        if !piece.ends_with(char::is_whitespace) {
            p.pending_space = false;
        }
    }

    #[test]
    fn paragraph_pieces_join_as_word_by_word() {
        let pieces = [
            "",
            " ",
            "  ",
            "word",
            " word",
            "word ",
            " two words ",
            "two  spaces",
            "tab\there",
            "line\nbreak",
            "caf\u{e9} \u{2014} na\u{ef}ve",
            "nbsp\u{a0}inside",
            "\u{3000}wide",
            "em\u{2003}space",
            "\u{201c}Quoted,\u{201d} she said. ",
            "a",
            "seven b  eight bytes apart",
            "a long line of single spaced words, past two words of eight",
            "long line with a\u{2009}thin space and\u{a0}more",
            "line with a\nbreak well past the first eight bytes",
        ];
        for a in pieces {
            for b in pieces {
                for c in pieces {
                    let (mut fast, mut slow) = (Para::default(), Para::default());
                    for (i, piece) in [a, b, c].into_iter().enumerate() {
                        fast.push(piece, i == 1);
                        push_word_by_word(&mut slow, piece, i == 1);
                    }
                    assert_eq!(fast.text, slow.text, "{a:?} {b:?} {c:?}");
                    assert_eq!(fast.pending_space, slow.pending_space, "{a:?} {b:?} {c:?}");
                    assert_eq!(
                        (fast.chars, fast.link_chars),
                        (slow.chars, slow.link_chars),
                        "{a:?} {b:?} {c:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn credits_split_off_captions() {
        assert_eq!(
            split_credit("Trump and Putin meet in Hamburg. (AP Photo/Evan Vucci)"),
            Some((
                "Trump and Putin meet in Hamburg.".into(),
                "AP Photo/Evan Vucci".into()
            ))
        );
        assert_eq!(
            split_credit("A view of the city. Photo: Jane Doe"),
            Some(("A view of the city.".into(), "Photo: Jane Doe".into()))
        );
        assert_eq!(split_credit("A plain caption."), None);
        assert_eq!(split_credit("The route (a map of the area)."), None);
        assert!(is_loose_caption(
            "The core stage after the engines were installed. (credit: NASA/Jude Guidry)"
        ));
        assert!(!is_loose_caption(
            "The budget for 2019/2020 was cut (again)."
        ));
        assert_eq!(
            split_credit("Fans cheer. Jane Doe/Getty Images"),
            Some(("Fans cheer.".into(), "Jane Doe/Getty Images".into()))
        );
    }
}
