//! The article body: the main content of the page without boilerplate.
//!
//! The approach is generic (no per-site rules):
//! 1. Mark boilerplate subtrees: invisible and interactive elements, `nav`,
//!    `aside`, `footer`, hidden elements, and elements whose class or id name
//!    sharing, comments, related links, ads... unless they wrap most of the
//!    page's text (a page-wide wrapper with an unlucky class name).
//! 2. Score containers by the paragraphs they hold (length, commas, link
//!    density), with soft class/id and tag hints, and pick the best.
//! 3. Widen the choice to the ancestor that holds the article when the text
//!    is split over several containers, and gather sibling blocks that read
//!    like article text.
//! 4. Emit blocks (paragraphs, headings, lists, quotes, tables) and images,
//!    dropping short furniture lines and link lists inside the content.

mod emit;
mod hints;
mod score;

use crate::html::Dom;
use dateline_core::Article;

/// Fills `article.body` and `article.images` from the page. Reads
/// `article.headline` to drop the headline when it repeats inside the content.
pub fn extract(dom: &Dom, article: &mut Article) {
    let features = score::Features::compute(dom);
    let roots = score::choose_content(dom, &features);
    if roots.is_empty() {
        return;
    }
    let out = emit::emit(dom, &features, &roots, article.headline.as_deref());
    article.body = out.blocks;
    // Photos often sit in their own blocks between the text containers;
    // only their images are taken (their text is captions, not body).
    let photo_blocks = score::image_siblings(dom, &features, &roots);
    let photos = emit::emit(dom, &features, &photo_blocks, None).images;
    let mut images = out.images;
    images.extend(photos);
    for img in std::mem::take(&mut article.images) {
        images.push(img);
    }
    let mut seen = std::collections::HashSet::new();
    images.retain(|i| i.url.is_none() || seen.insert(i.url.clone()));
    article.images = images;
}

#[cfg(test)]
mod tests;

// Eight bytes at a time: bit tricks on a `u64` that find bytes of one kind
// in a word of text without a branch per byte.
const ONES: u64 = 0x0101_0101_0101_0101;
const HIGH: u64 = 0x8080_8080_8080_8080;
const LOW7: u64 = 0x7F7F_7F7F_7F7F_7F7F;

/// The bytes of `b` from `i` on as the low bytes of a little-endian word,
/// zero bytes above; at most eight. Where the slice has eight bytes up to
/// its end they are read with one load and shifted: a copy of a few bytes
/// into a buffer compiles to a call to `memcpy`, and the last bytes of
/// every text and class value were read that way.
#[inline(always)]
fn tail_word(b: &[u8], i: usize) -> u64 {
    let n = b.len().saturating_sub(i);
    if n == 0 {
        return 0;
    }
    if n >= 8 {
        return b
            .get(i..i + 8)
            .and_then(|c| c.try_into().ok())
            .map_or(0, u64::from_le_bytes);
    }
    if let Some(last) = b.len().checked_sub(8).and_then(|s| b.get(s..)) {
        return last.try_into().map_or(0, u64::from_le_bytes) >> (8 * (8 - n));
    }
    let mut w = 0u64;
    for (k, &c) in b.get(i..).unwrap_or(&[]).iter().enumerate() {
        w |= u64::from(c) << (8 * k);
    }
    w
}

/// The high bit of each byte of `w` below `k` (`k <= 0x80`).
fn bytes_below(w: u64, k: u8) -> u64 {
    !(((w & LOW7) + ONES * u64::from(0x80 - k)) | w) & HIGH
}

/// The high bit of each byte of `w` equal to `b`.
fn bytes_equal(w: u64, b: u8) -> u64 {
    let x = w ^ (ONES * u64::from(b));
    !(((x & LOW7) + LOW7) | x) & HIGH
}

/// A human-readable account of the container choice on `html`: the strongest
/// candidates with their scores and the chosen roots. For tuning and bug
/// reports.
pub fn explain(html: &str, opts: &crate::Options) -> String {
    use std::fmt::Write;
    let dom = Dom::parse(html, opts);
    let f = score::Features::compute(&dom);
    let mut cands: Vec<usize> = (0..dom.len()).filter(|&i| f.score(i) > 0.0).collect();
    cands.sort_by(|&a, &b| f.score(b).total_cmp(&f.score(a)));
    let describe = |i: usize| {
        let id = crate::html::NodeId::from_index(i);
        format!(
            "#{i} <{} class={:?} id={:?}> text {} links {:.2}",
            dom.tag(id).unwrap_or("?"),
            dom.attr(id, "class").unwrap_or(""),
            dom.attr(id, "id").unwrap_or(""),
            f.text_len(i),
            f.link_density(i)
        )
    };
    let mut out = String::new();
    for &i in cands.iter().take(10) {
        let _ = writeln!(out, "{:8.1} {}", f.score(i), describe(i));
    }
    let mut dropped: Vec<usize> = (1..dom.len())
        .filter(|&i| {
            f.removed(i)
                && dom
                    .parent(crate::html::NodeId::from_index(i))
                    .is_some_and(|p| !f.removed(p.index()))
        })
        .collect();
    dropped.sort_by_key(|&i| std::cmp::Reverse(f.raw_len(i)));
    for &i in dropped.iter().take(12) {
        let _ = writeln!(out, "dropped ({} chars) {}", f.raw_len(i), describe(i));
    }
    for r in score::choose_content(&dom, &f) {
        let _ = writeln!(out, "root {}", describe(r.index()));
    }
    out
}
