//! A learned span tagger for attributions: three BIO layers over the tokens
//! (content, source, cue), each decoded with Viterbi under first-order label
//! transitions, with weights from an averaged structured perceptron trained
//! on the PolNeAR `train` split by `examples/train.rs`
//! (`data/tagger.bin`).
//!
//! Features are hashed: the words around a token, its shape and suffix,
//! quotation state, sentence position, the learned cue detector's
//! probability, the nearest likely cue on either side (distance and word),
//! and what the rules of [`crate::attribution`] found there. The rules
//! propose, the tagger decides where spans start and end; the spans of the
//! three layers are then linked into attributions (each content to its
//! nearest cue, each cue to its nearest source); the turns of an interview
//! transcript (`PENCE: ...`) and quotations signed after a dash are
//! attributed after linking.
//!
//! Cost: one pass for features and one Viterbi per layer and paragraph, so
//! time is linear in the text's length; nothing recurses.

use crate::attribution::{
    according_to_parts, according_to_source, add_partials, clause_end, is_dash_mark, Raw,
};
use crate::lexicon::{name_stats, PRONOUNS};
use crate::quotes::QSpan;
use crate::tokens::{is_cap, word_shape, Tok, Tokens};
use dateline_core::QuoteKind;
use std::sync::OnceLock;

/// Layers: content, source, cue.
pub const LAYERS: usize = 3;
/// Labels per layer: outside, begin, inside.
pub const LABELS: usize = 3;
/// Weights per feature bucket: one per layer and label.
pub const K: usize = LAYERS * LABELS;
/// Default number of hash bits of a trained model: `1 << BITS` buckets.
/// Features are hashed to 32 bits and each model keeps the low `bits` of
/// them, so the model file says how many buckets it has.
pub const BITS: u32 = 16;
/// Largest number of hash bits a model file may declare.
pub const MAX_BITS: u32 = 24;
/// Layer index of content spans.
pub const CONTENT: usize = 0;
/// Layer index of source spans.
pub const SOURCE: usize = 1;
/// Layer index of cue spans.
pub const CUE: usize = 2;

const MAGIC: &[u8; 8] = b"DLTAG02\n";
const MODEL_BIN: &[u8] = include_bytes!("../data/tagger.bin");

/// Label transition weights of each layer: `[layer][previous][current]`,
/// the previous label of a paragraph's first token being outside.
pub type Trans = [[[f32; LABELS]; LABELS]; LAYERS];

/// A trained model: bucket weights and transitions.
pub struct Model {
    /// `(1 << bits) * K` weights, bucket-major.
    pub w: Vec<f32>,
    /// Transitions.
    pub trans: Trans,
    /// Hash bits: the model has `1 << bits` buckets.
    pub bits: u32,
}

/// The quantisation step of a model's weights: the largest magnitude maps
/// to 32767.
fn scale_of(w: &[f32]) -> f32 {
    let max = w.iter().fold(0f32, |m, x| m.max(x.abs()));
    if max > 0.0 {
        max / 32767.0
    } else {
        1.0
    }
}

fn quantise(x: f32, scale: f32) -> i16 {
    (x / scale).round().clamp(-32767.0, 32767.0) as i16
}

fn put_varint(out: &mut Vec<u8>, mut x: u64) {
    while x >= 0x80 {
        out.push((x as u8) | 0x80);
        x >>= 7;
    }
    out.push(x as u8);
}

fn get_varint(b: &[u8], at: &mut usize) -> Option<u64> {
    let mut x = 0u64;
    for shift in (0..64).step_by(7) {
        let byte = *b.get(*at)?;
        *at += 1;
        x |= u64::from(byte & 0x7f) << shift;
        if byte & 0x80 == 0 {
            return Some(x);
        }
    }
    None
}

/// Zigzag, so small negative weights take as few bytes as small positive ones.
fn zigzag(x: i16) -> u64 {
    u64::from(((i32::from(x) << 1) ^ (i32::from(x) >> 31)) as u32)
}

fn unzigzag(x: u64) -> Option<i16> {
    let x = u32::try_from(x).ok()?;
    i16::try_from(((x >> 1) as i32) ^ -((x & 1) as i32)).ok()
}

impl Model {
    /// A model with `1 << bits` buckets whose every weight is zero.
    pub fn zero(bits: u32) -> Model {
        Model {
            w: vec![0.0; (1usize << bits) * K],
            trans: [[[0.0; LABELS]; LABELS]; LAYERS],
            bits,
        }
    }

    /// Serialises: magic, hash bits, the quantisation scale, the
    /// transitions as `f32`, then only the buckets with a non-zero weight
    /// after quantising to `i16` (most buckets of a large table are never
    /// touched): the gap to the previous such bucket and its `K` weights,
    /// all as zigzag varints.
    pub fn to_bytes(&self) -> Vec<u8> {
        let scale = scale_of(&self.w);
        let mut out = Vec::new();
        out.extend_from_slice(MAGIC);
        out.push(self.bits as u8);
        out.extend_from_slice(&scale.to_le_bytes());
        for l in &self.trans {
            for p in l {
                for c in p {
                    out.extend_from_slice(&c.to_le_bytes());
                }
            }
        }
        let mut body = Vec::new();
        let mut count = 0u32;
        let mut last = 0usize;
        for (b, ws) in self.w.chunks_exact(K).enumerate() {
            let q = ws.iter().map(|&x| quantise(x, scale));
            if q.clone().all(|x| x == 0) {
                continue;
            }
            put_varint(&mut body, (b - last) as u64);
            last = b;
            for x in q {
                put_varint(&mut body, zigzag(x));
            }
            count += 1;
        }
        out.extend_from_slice(&count.to_le_bytes());
        out.extend(body);
        out
    }

    /// Reads what [`Model::to_bytes`] wrote; `None` when malformed.
    pub fn from_bytes(b: &[u8]) -> Option<Model> {
        Model::read(b).map(|(m, _)| m)
    }

    /// Reads one model from the front of `b`; returns it and the bytes after it.
    pub fn read(b: &[u8]) -> Option<(Model, &[u8])> {
        let rest = b.strip_prefix(MAGIC.as_slice())?;
        let bits = u32::from(*rest.first()?);
        if bits > MAX_BITS {
            return None;
        }
        let rest = rest.get(1..)?;
        let f = |i: usize| -> Option<f32> {
            let s = rest.get(i * 4..i * 4 + 4)?;
            Some(f32::from_le_bytes([s[0], s[1], s[2], s[3]]))
        };
        let scale = f(0)?;
        let mut trans = [[[0.0; LABELS]; LABELS]; LAYERS];
        let mut k = 1;
        for l in trans.iter_mut() {
            for p in l.iter_mut() {
                for c in p.iter_mut() {
                    *c = f(k)?;
                    k += 1;
                }
            }
        }
        let count = rest
            .get(k * 4..k * 4 + 4)
            .map(|s| u32::from_le_bytes([s[0], s[1], s[2], s[3]]))?;
        let mut at = (k + 1) * 4;
        let buckets = 1usize << bits;
        let mut w = vec![0f32; buckets * K];
        let mut b = 0usize;
        for _ in 0..count {
            b = b.checked_add(usize::try_from(get_varint(rest, &mut at)?).ok()?)?;
            let ws = w.get_mut(b * K..b * K + K)?;
            for x in ws {
                *x = f32::from(unzigzag(get_varint(rest, &mut at)?)?) * scale;
            }
        }
        Some((Model { w, trans, bits }, rest.get(at..)?))
    }
}

/// Scores of tokens `from..to` under bucket weights `w` (`K` per bucket,
/// a power of two buckets), index 0 of the result being token `from`.
fn sum_range<T: Copy>(
    feats: &Feats,
    w: &[T],
    from: usize,
    to: usize,
    add: impl Fn(&mut [f32; K], &[T]),
) -> Vec<[f32; K]> {
    let mask = (w.len() / K).saturating_sub(1);
    let to = to.min(feats.off.len().saturating_sub(1));
    let mut out = vec![[0f32; K]; to.saturating_sub(from)];
    for (j, s) in out.iter_mut().enumerate() {
        let i = from + j;
        let (a, b) = (feats.off[i] as usize, feats.off[i + 1] as usize);
        for &h in feats.idx.get(a..b).unwrap_or(&[]) {
            let base = (h as usize & mask) * K;
            if let Some(ws) = w.get(base..base + K) {
                add(s, ws);
            }
        }
    }
    out
}

/// A model as it is used at run time: weights kept quantised (`i16`
/// times `scale`), half the memory of `f32`, so more of it stays in cache.
pub struct Packed {
    q: Vec<i16>,
    scale: f32,
    trans: Trans,
    mask: usize,
}

impl Packed {
    /// Packs a trained model (the same rounding as [`Model::to_bytes`]).
    pub fn new(m: &Model) -> Packed {
        let scale = scale_of(&m.w);
        Packed {
            q: m.w.iter().map(|&x| quantise(x, scale)).collect(),
            scale,
            trans: m.trans,
            mask: (m.w.len() / K).saturating_sub(1),
        }
    }

    /// Scores of one token's features for every layer and label.
    pub fn score(&self, f: &[u32]) -> [f32; K] {
        let mut acc = [0i32; K];
        for &h in f {
            let base = (h as usize & self.mask) * K;
            if let Some(ws) = self.q.get(base..base + K) {
                for k in 0..K {
                    acc[k] += i32::from(ws[k]);
                }
            }
        }
        acc.map(|x| x as f32 * self.scale)
    }

    /// Scores of every token for every layer and label.
    pub fn scores(&self, feats: &Feats) -> Vec<[f32; K]> {
        let sc = self.scale;
        sum_range(feats, &self.q, 0, feats.off.len(), |s, ws| {
            for k in 0..K {
                s[k] += f32::from(ws[k]) * sc;
            }
        })
    }
}

/// The two passes of the shipped model: the first tags from the rules'
/// output, the second also from the first pass's labels.
pub struct Passes {
    /// First pass.
    pub first: Packed,
    /// Second pass.
    pub second: Packed,
}

impl Passes {
    /// Reads both passes (as the training example writes them, one after
    /// the other); `None` when malformed.
    pub fn from_bytes(b: &[u8]) -> Option<Passes> {
        let (first, rest) = Model::read(b)?;
        let (second, rest) = Model::read(rest)?;
        rest.is_empty().then(|| Passes {
            first: Packed::new(&first),
            second: Packed::new(&second),
        })
    }

    /// The labels of every layer for a text.
    pub fn label(
        &self,
        text: &str,
        t: &Tokens,
        quotes: &[QSpan],
        lw: &[String],
        lp: &[f32],
        raws: &[Raw],
    ) -> [Vec<u8>; LAYERS] {
        let paras = paragraphs(t);
        let pos = crate::pos::tag(text, t, lw);
        let mut sc = vec![[0f32; K]; t.toks.len()];
        features_each(text, t, quotes, lw, lp, raws, &pos, None, &mut |i, f| {
            if let Some(x) = sc.get_mut(i) {
                *x = self.first.score(f);
            }
        });
        let l1 = decode(&sc, &self.first.trans, &paras);
        features_each(
            text,
            t,
            quotes,
            lw,
            lp,
            raws,
            &pos,
            Some(&l1),
            &mut |i, f| {
                if let Some(x) = sc.get_mut(i) {
                    *x = self.second.score(f);
                }
            },
        );
        decode(&sc, &self.second.trans, &paras)
    }
}

fn model() -> &'static Option<Passes> {
    static M: OnceLock<Option<Passes>> = OnceLock::new();
    M.get_or_init(|| Passes::from_bytes(MODEL_BIN))
}

/// The shipped model is present and well formed.
pub fn available() -> bool {
    model().is_some()
}

/// The hashed features of every token: `idx[off[i]..off[i + 1]]` are the
/// feature hashes of token `i` (a model takes their low bits as buckets).
pub struct Feats {
    /// Feature hashes.
    pub idx: Vec<u32>,
    /// Offsets into `idx`, one more than tokens.
    pub off: Vec<u32>,
}

/// Incremental FNV-1a, so no feature needs an allocation.
#[derive(Clone, Copy)]
struct H(u64);

impl H {
    fn new(tag: u8) -> H {
        H((0xcbf2_9ce4_8422_2325u64 ^ u64::from(tag)).wrapping_mul(0x0100_0000_01b3))
    }
    fn s(mut self, x: &str) -> H {
        for &b in x.as_bytes() {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = (self.0 ^ 0xff).wrapping_mul(0x0100_0000_01b3);
        self
    }
    /// Mixes in a precomputed hash (of a word).
    fn h(mut self, x: u64) -> H {
        self.0 = (self.0 ^ x).wrapping_mul(0x0100_0000_01b3);
        self.0 = (self.0 ^ (self.0 >> 31)).wrapping_mul(0x0100_0000_01b3);
        self
    }
    fn n(mut self, x: u32) -> H {
        self.0 = (self.0 ^ u64::from(x) ^ 0x5a00).wrapping_mul(0x0100_0000_01b3);
        self
    }
    /// The feature's 32-bit hash; a model keeps its low bits.
    fn done(self) -> u32 {
        (self.0 ^ (self.0 >> 29)) as u32
    }
}

/// A word without its commonest inflection (`says`, `said`, `saying` ->
/// `say`, `sai`, `say`), so rare forms share what their stem learned.
fn stem(w: &str) -> &str {
    for suf in ["ing", "ed", "es", "s"] {
        if let Some(x) = w.strip_suffix(suf) {
            if x.len() >= 3 {
                return x;
            }
        }
    }
    w
}

fn dist_bucket(d: usize) -> u32 {
    match d {
        0..=4 => d as u32,
        5..=7 => 5,
        8..=12 => 6,
        13..=20 => 7,
        21..=40 => 8,
        _ => 9,
    }
}

/// Per-token labels of the rules' attributions, one layer each (0 outside,
/// 1 begins, 2 inside).
pub fn rule_labels(t: &Tokens, raws: &[Raw]) -> [Vec<u8>; LAYERS] {
    let n = t.toks.len();
    let mut out = [vec![0u8; n], vec![0u8; n], vec![0u8; n]];
    let mut mark = |layer: usize, a: usize, b: usize| {
        let lab = &mut out[layer];
        for k in a..b.min(n) {
            if let Some(x) = lab.get_mut(k) {
                *x = if k == a { 1 } else { 2 };
            }
        }
    };
    for r in raws.iter().filter(|r| r.kind != QuoteKind::Partial) {
        for &(s, e) in &r.spans {
            let a = t.toks.partition_point(|x| x.end <= s);
            let b = t.toks.partition_point(|x| x.start < e);
            if a < b {
                mark(CONTENT, a, b);
            }
        }
        if let Some((a, b)) = r.source {
            mark(SOURCE, a, b);
        }
        if let Some((a, b)) = r.cue {
            mark(CUE, a, b);
        }
    }
    out
}

/// Computes the features of every token. `lw` are the lower-cased token
/// texts, `lp` the cue detector's probabilities, `raws` the rules' output.
#[allow(clippy::too_many_arguments)]
pub fn features(
    text: &str,
    t: &Tokens,
    quotes: &[QSpan],
    lw: &[String],
    lp: &[f32],
    raws: &[Raw],
    pos: &[u8],
    prev: Option<&[Vec<u8>; LAYERS]>,
) -> Feats {
    let mut idx: Vec<u32> = Vec::with_capacity(t.toks.len() * 64);
    let mut off: Vec<u32> = Vec::with_capacity(t.toks.len() + 1);
    off.push(0);
    features_each(text, t, quotes, lw, lp, raws, pos, prev, &mut |_, f| {
        idx.extend_from_slice(f);
        off.push(idx.len() as u32);
    });
    Feats { idx, off }
}

/// [`features`], handing each token's buckets to `sink` in token order
/// instead of keeping them all: a long text needs memory for one token's
/// features at a time.
#[allow(clippy::too_many_arguments)]
#[allow(clippy::needless_range_loop)]
pub fn features_each(
    text: &str,
    t: &Tokens,
    quotes: &[QSpan],
    lw: &[String],
    lp: &[f32],
    raws: &[Raw],
    pos: &[u8],
    prev: Option<&[Vec<u8>; LAYERS]>,
    sink: &mut dyn FnMut(usize, &[u32]),
) {
    let pt = |i: isize| -> u32 {
        if i < 0 {
            99
        } else {
            pos.get(i as usize).map_or(98, |&x| u32::from(x))
        }
    };
    let n = t.toks.len();
    let rl = rule_labels(t, raws);
    let pl = |layer: usize, i: isize| -> u32 {
        match prev {
            Some(p) if i >= 0 => u32::from(p[layer].get(i as usize).copied().unwrap_or(0)),
            _ => 0,
        }
    };
    let l = |i: isize| -> &str {
        if i < 0 {
            "<s>"
        } else {
            lw.get(i as usize).map_or("</s>", |s| s.as_str())
        }
    };
    // Each word hashed once; features mix these numbers.
    let word_hash = |x: &str| H::new(200).s(x).0;
    let wh: Vec<u64> = lw.iter().map(|x| word_hash(x)).collect();
    let (h_start, h_end) = (word_hash("<s>"), word_hash("</s>"));
    let lh = |i: isize| -> u64 {
        if i < 0 {
            h_start
        } else {
            wh.get(i as usize).copied().unwrap_or(h_end)
        }
    };
    // Quotation state: 0 outside, 1 opening mark, 2 inside, 3 closing mark.
    let mut qstate = vec![0u8; n];
    for q in quotes.iter().filter(|q| !q.nested) {
        for k in q.open..=q.close.min(n.saturating_sub(1)) {
            if let Some(x) = qstate.get_mut(k) {
                *x = if k == q.open {
                    1
                } else if k == q.close {
                    3
                } else {
                    2
                };
            }
        }
    }
    let mut sent_of = vec![0u32; n];
    for (si, &(a, b)) in t.sents.iter().enumerate() {
        for x in sent_of.iter_mut().take(b.min(n)).skip(a) {
            *x = si as u32;
        }
    }
    let is_cue = |i: usize| {
        lp.get(i).copied().unwrap_or(0.0) >= 0.3 || rl[CUE][i] != 0 || pl(CUE, i as isize) != 0
    };
    // Nearest first-pass source and content on either side in the sentence.
    let near = |layer: usize| -> (Vec<u32>, Vec<u32>) {
        let mut left = vec![99u32; n];
        let mut right = vec![99u32; n];
        if prev.is_none() {
            return (left, right);
        }
        for &(a, b) in &t.sents {
            let mut last = usize::MAX;
            for i in a..b.min(n) {
                if last != usize::MAX {
                    left[i] = dist_bucket(i - last);
                }
                if pl(layer, i as isize) != 0 {
                    last = i;
                }
            }
            let mut next = usize::MAX;
            for i in (a..b.min(n)).rev() {
                if next != usize::MAX {
                    right[i] = dist_bucket(next - i);
                }
                if pl(layer, i as isize) != 0 {
                    next = i;
                }
            }
        }
        (left, right)
    };
    let (src_left, src_right) = near(SOURCE);
    let (con_left, con_right) = near(CONTENT);
    // Nearest likely cue on the left and on the right within the sentence.
    let mut left_cue = vec![usize::MAX; n];
    let mut right_cue = vec![usize::MAX; n];
    for &(a, b) in &t.sents {
        let mut last = usize::MAX;
        for i in a..b.min(n) {
            left_cue[i] = last;
            if is_cue(i) {
                last = i;
            }
        }
        let mut next = usize::MAX;
        for i in (a..b.min(n)).rev() {
            right_cue[i] = next;
            if is_cue(i) {
                next = i;
            }
        }
    }
    // Quoted tokens before each token (prefix counts), so "is there a
    // quotation before/after in this sentence" costs O(1).
    let mut qcount = vec![0u32; n + 1];
    for i in 0..n {
        qcount[i + 1] = qcount[i] + u32::from(qstate[i] != 0);
    }
    // Commas seen so far in each sentence (prefix counts).
    let mut commas = vec![0u32; n + 1];
    for i in 0..n {
        let c = u32::from(t.toks[i].kind == Tok::Punct && lw[i] == ",");
        commas[i + 1] = commas[i] + c;
    }
    let shape = |i: isize| -> &'static str {
        if i < 0 {
            return "<s>";
        }
        let Some(tok) = t.toks.get(i as usize) else {
            return "</s>";
        };
        match tok.kind {
            Tok::QuoteMark => match qstate.get(i as usize) {
                Some(1) => "Q(",
                Some(3) => "Q)",
                _ => "Q",
            },
            Tok::Punct => match lw.get(i as usize).map_or("", |s| s.as_str()) {
                "," => ",",
                "." | "!" | "?" => ".",
                ":" => ":",
                ";" => ";",
                "(" | ")" => "()",
                _ => "-",
            },
            Tok::Word => word_shape(t.text(text, i as usize)),
        }
    };
    // How often each word is part of a train cue (the lexicon's ratio, in
    // five steps), so a cue word seen rarely in this context still counts.
    let cue_lex: Vec<u32> = lw
        .iter()
        .map(|w| match crate::lexicon::cue_score(w) {
            x if x <= 0.0 => 0,
            x if x < 0.05 => 1,
            x if x < 0.2 => 2,
            x if x < 0.5 => 3,
            _ => 4,
        })
        .collect();
    let cl = |i: isize| -> u32 {
        if i < 0 {
            9
        } else {
            cue_lex.get(i as usize).copied().unwrap_or(9)
        }
    };
    // Distance to the nearest earlier name or pronoun of the sentence: a
    // cue's subject is usually a few words before it.
    let mut subj = vec![99u32; n];
    for &(a, b) in &t.sents {
        let mut last = usize::MAX;
        for i in a..b.min(n) {
            if last != usize::MAX {
                subj[i] = dist_bucket(i - last);
            }
            if matches!(pos.get(i), Some(1) | Some(10)) {
                last = i;
            }
        }
    }
    let mut buf: Vec<u32> = Vec::with_capacity(96);
    for i in 0..n {
        buf.clear();
        let ii = i as isize;
        let w = l(ii);
        let (p1, p2, n1, n2) = (lh(ii - 1), lh(ii - 2), lh(ii + 1), lh(ii + 2));
        let hw = lh(ii);
        let (s0, sp1, sn1) = (shape(ii), shape(ii - 1), shape(ii + 1));
        let si = sent_of[i] as usize;
        let (sa, sb) = t.sents.get(si).copied().unwrap_or((i, i + 1));
        let pos = dist_bucket(i - sa.min(i));
        let rpos = dist_bucket(sb.saturating_sub(i + 1));
        let suf = w
            .char_indices()
            .rev()
            .nth(2)
            .map_or(w, |(b, _)| w.get(b..).unwrap_or(w));
        let (rc, rs, rk) = (rl[CONTENT][i], rl[SOURCE][i], rl[CUE][i]);
        let rcp = if i > 0 { rl[CONTENT][i - 1] } else { 0 };
        let rcn = rl[CONTENT].get(i + 1).copied().unwrap_or(0);
        let rsp = if i > 0 { rl[SOURCE][i - 1] } else { 0 };
        let rsn = rl[SOURCE].get(i + 1).copied().unwrap_or(0);
        let rkp = if i > 0 { rl[CUE][i - 1] } else { 0 };
        let rkn = rl[CUE].get(i + 1).copied().unwrap_or(0);
        let q = u32::from(qstate[i]);
        let pb = (lp.get(i).copied().unwrap_or(0.0) * 10.0) as u32;
        let lc = left_cue[i];
        let rc_ = right_cue[i];
        let (ld, lword) = if lc == usize::MAX {
            (99, 0)
        } else {
            (dist_bucket(i - lc), lh(lc as isize))
        };
        let (rd, rword) = if rc_ == usize::MAX {
            (99, 0)
        } else {
            (dist_bucket(rc_ - i), lh(rc_ as isize))
        };
        let lcomma = if lc == usize::MAX {
            9
        } else {
            (commas[i] - commas[lc + 1]).min(3)
        };
        let that_after_left = lc != usize::MAX && l(lc as isize + 1) == "that";
        let capw = is_cap(t.text(text, i));
        let person = if capw {
            name_stats(t.text(text, i)).map_or(9, |s| {
                let named = s.person + s.org + s.loc + s.other;
                (s.person * 4).checked_div(named).unwrap_or(0)
            })
        } else {
            8
        };
        let pron = PRONOUNS.contains(&w);
        let that_next = (i + 1..(i + 4).min(sb)).any(|k| l(k as isize) == "that");
        let qc = |k: usize| qcount.get(k.min(n)).copied().unwrap_or(0);
        let q_before = qc(i) > qc(sa);
        let q_after = qc(sb) > qc(i + 1);
        let first_sent_of_para =
            sa == 0 || t.toks.get(sa - 1).map(|x| x.para) != t.toks.get(sa).map(|x| x.para);
        let nl = t.toks[i].newline_before;
        let mut f = |h: H| buf.push(h.done());
        f(H::new(0));
        f(H::new(1).h(hw));
        f(H::new(2).h(p1));
        f(H::new(3).h(n1));
        f(H::new(4).h(p2));
        f(H::new(5).h(n2));
        f(H::new(6).h(p1).h(hw));
        f(H::new(7).h(hw).h(n1));
        f(H::new(8).s(s0));
        f(H::new(9).s(sp1).s(s0).s(sn1));
        f(H::new(10).s(suf));
        f(H::new(11).n(q));
        f(H::new(12)
            .n(u32::from(rc))
            .n(u32::from(rs))
            .n(u32::from(rk)));
        f(H::new(13)
            .n(u32::from(rcp))
            .n(u32::from(rc))
            .n(u32::from(rcn)));
        f(H::new(14)
            .n(u32::from(rsp))
            .n(u32::from(rs))
            .n(u32::from(rsn)));
        f(H::new(15)
            .n(u32::from(rkp))
            .n(u32::from(rk))
            .n(u32::from(rkn)));
        f(H::new(16).n(pb));
        f(H::new(17).n(ld));
        f(H::new(18).n(rd));
        f(H::new(19).n(ld).h(lword));
        f(H::new(20).n(rd).h(rword));
        f(H::new(21).n(ld).n(rd).n(q));
        f(H::new(22).n(lcomma).n(ld.min(6)));
        f(H::new(23).n(u32::from(that_after_left)).n(ld.min(6)));
        f(H::new(24).n(pos));
        f(H::new(25).n(rpos));
        f(H::new(26).n(pos.min(3)).n(rpos.min(3)).s(s0));
        f(H::new(27).n(person).n(u32::from(pron)));
        f(H::new(28).n(u32::from(first_sent_of_para)).n(pos.min(2)));
        f(H::new(29).h(hw).n(u32::from(rc)));
        f(H::new(30).h(hw).n(u32::from(rk)));
        f(H::new(31).n(ld).n(u32::from(rc)));
        f(H::new(32).n(rd).n(u32::from(rc)));
        f(H::new(33).n(u32::from(nl)).n(q));
        f(H::new(34).h(hw).n(ld.min(4)));
        f(H::new(35).h(hw).n(rd.min(4)));
        f(H::new(36).s(sp1).s(s0).n(q));
        f(H::new(37).h(p1).n(pb));
        f(H::new(38).h(n1).n(pb));
        f(H::new(39).n(u32::from(rs)).s(s0).n(rd.min(4)));
        f(H::new(40).h(lword).h(hw));
        let (t0, tp, tn, tn2) = (pt(ii), pt(ii - 1), pt(ii + 1), pt(ii + 2));
        f(H::new(51).n(t0));
        f(H::new(52).n(tp).n(t0));
        f(H::new(53).n(t0).n(tn));
        f(H::new(54).n(t0).n(ld));
        f(H::new(55).n(t0).n(rd));
        f(H::new(56).n(tp).n(t0).n(tn));
        f(H::new(57).n(tn).n(tn2));
        f(H::new(58).n(t0).n(q).n(u32::from(rc)));
        f(H::new(59).h(hw).n(tn));
        f(H::new(60).n(tp).h(hw));
        f(H::new(61).h(hw).n(u32::from(that_next)));
        f(H::new(62)
            .n(t0)
            .n(u32::from(q_before))
            .n(u32::from(q_after)));
        f(H::new(63).h(lh(ii - 3)).h(p2));
        f(H::new(64).h(n2).h(lh(ii + 3)));
        f(H::new(65).s(stem(w)));
        f(H::new(66).s(stem(l(ii - 1))));
        f(H::new(67).s(stem(l(ii + 1))));
        f(H::new(68).n(cl(ii)).n(t0));
        f(H::new(69).n(cl(ii - 1)).n(cl(ii)).n(cl(ii + 1)));
        f(H::new(70).n(t0).s(sn1).n(u32::from(that_next)));
        f(H::new(71).n(t0).n(subj[i]));
        f(H::new(72).s(stem(l(ii - 1))).s(stem(w)));
        f(H::new(73).n(cl(ii)).n(subj[i].min(6)).n(q));
        if prev.is_some() {
            let tri = |layer: usize| (pl(layer, ii - 1), pl(layer, ii), pl(layer, ii + 1));
            let (a, b, c) = tri(CONTENT);
            f(H::new(41).n(a).n(b).n(c));
            let (a, b, c) = tri(SOURCE);
            f(H::new(42).n(a).n(b).n(c));
            let (a, b, c) = tri(CUE);
            f(H::new(43).n(a).n(b).n(c));
            let (pc, ps, pk) = (pl(CONTENT, ii), pl(SOURCE, ii), pl(CUE, ii));
            f(H::new(44).n(pc).n(ps).n(pk));
            f(H::new(45).n(src_left[i]).n(src_right[i]));
            f(H::new(46).n(con_left[i]).n(con_right[i]));
            f(H::new(47).h(hw).n(pk));
            f(H::new(48).h(hw).n(ps));
            f(H::new(49).n(pc).n(ld).n(rd));
            f(H::new(50).n(ps).n(rd).n(con_right[i].min(6)));
        }
        sink(i, &buf);
    }
}

/// The hash of the feature every token has: its weights are the labels'
/// biases, which is where [`Model::favour`] moves them.
pub fn bias_feature() -> u32 {
    H::new(0).done()
}

impl Model {
    /// Lowers the weight of "outside" in each layer by `by[layer]` at every
    /// token, so decoding favours spans: the perceptron learns to be
    /// right per token, which leaves spans found too rarely (a missed cue
    /// loses its whole attribution).
    pub fn favour(&mut self, by: [f32; LAYERS]) {
        let b = bucket(bias_feature(), &self.w) * K;
        for (layer, d) in by.iter().enumerate() {
            if let Some(x) = self.w.get_mut(b + layer * LABELS) {
                *x -= d;
            }
        }
    }
}

/// Scores of every token for every layer and label.
pub fn scores(feats: &Feats, w: &[f32]) -> Vec<[f32; K]> {
    scores_range(feats, w, 0, feats.off.len().saturating_sub(1))
}

/// Scores of tokens `from..to` (index 0 of the result is token `from`).
pub fn scores_range(feats: &Feats, w: &[f32], from: usize, to: usize) -> Vec<[f32; K]> {
    sum_range(feats, w, from, to, |s, ws| {
        for k in 0..K {
            s[k] += ws[k];
        }
    })
}

/// The bucket of a feature hash in a model of `w.len() / K` buckets.
pub fn bucket(h: u32, w: &[f32]) -> usize {
    h as usize & (w.len() / K).saturating_sub(1)
}

/// The best label sequence of one layer over tokens `a..b`, written to
/// `out[a..b]`. Inside may not follow outside.
pub fn viterbi(
    sc: &[[f32; K]],
    layer: usize,
    trans: &[[f32; LABELS]; LABELS],
    a: usize,
    b: usize,
    out: &mut [u8],
) {
    if a >= b || b > sc.len() || b > out.len() {
        return;
    }
    let len = b - a;
    let mut back = vec![[0u8; LABELS]; len];
    let base = layer * LABELS;
    let mut cur = [f32::NEG_INFINITY; LABELS];
    for (c, x) in cur.iter_mut().enumerate() {
        if c != 2 {
            *x = trans[0][c] + sc[a][base + c];
        }
    }
    for k in 1..len {
        let mut next = [f32::NEG_INFINITY; LABELS];
        for c in 0..LABELS {
            let mut best = f32::NEG_INFINITY;
            let mut arg = 0u8;
            for p in 0..LABELS {
                if c == 2 && p == 0 {
                    continue;
                }
                let v = cur[p] + trans[p][c];
                if v > best {
                    best = v;
                    arg = p as u8;
                }
            }
            next[c] = best + sc[a + k][base + c];
            back[k][c] = arg;
        }
        cur = next;
    }
    let mut lab = (0..LABELS)
        .max_by(|&x, &y| cur[x].total_cmp(&cur[y]))
        .unwrap_or(0) as u8;
    for k in (0..len).rev() {
        out[a + k] = lab;
        lab = back[k][lab as usize];
    }
}

/// Paragraphs as token ranges: the units decoded as one sequence.
pub fn paragraphs(t: &Tokens) -> Vec<(usize, usize)> {
    let mut v = Vec::new();
    let mut a = 0;
    for i in 1..=t.toks.len() {
        if i == t.toks.len() || t.toks[i].para != t.toks[i - 1].para {
            v.push((a, i));
            a = i;
        }
    }
    v
}

/// Decodes every layer with `model`.
pub fn decode(sc: &[[f32; K]], trans: &Trans, paras: &[(usize, usize)]) -> [Vec<u8>; LAYERS] {
    let n = sc.len();
    let mut out = [vec![0u8; n], vec![0u8; n], vec![0u8; n]];
    for (layer, o) in out.iter_mut().enumerate() {
        for &(a, b) in paras {
            viterbi(sc, layer, &trans[layer], a, b, o);
        }
    }
    out
}

/// Token ranges `[a, b)` of the spans in one layer's labels.
pub fn spans(lab: &[u8]) -> Vec<(usize, usize)> {
    let mut v = Vec::new();
    let mut start: Option<usize> = None;
    for (i, &x) in lab.iter().enumerate() {
        match x {
            1 => {
                if let Some(s) = start {
                    v.push((s, i));
                }
                start = Some(i);
            }
            2 => {
                if start.is_none() {
                    start = Some(i);
                }
            }
            _ => {
                if let Some(s) = start.take() {
                    v.push((s, i));
                }
            }
        }
    }
    if let Some(s) = start {
        v.push((s, lab.len()));
    }
    v
}

/// Tokens between two ranges (0 when they touch or overlap).
fn gap(x: (usize, usize), y: (usize, usize)) -> usize {
    if x.1 <= y.0 {
        y.0 - x.1
    } else {
        x.0.saturating_sub(y.1)
    }
}

/// Largest gap in tokens between a content and its cue.
const MAX_CONTENT_GAP: usize = 12;
/// Largest gap in tokens between a content and a cue that found nothing
/// nearer.
const LONE_GAP: usize = 30;
/// Largest gap in tokens between two pieces of content joined into one.
const MERGE_GAP: usize = 8;
/// Largest gap in tokens between a cue and its source.
const MAX_SOURCE_GAP: usize = 12;

/// Whether the token span `p` ends in a quotation closed by a comma,
/// question or exclamation mark (`"...,"`): the punctuation of a quotation
/// whose attribution follows.
fn quote_hands_over(text: &str, t: &Tokens, p: (usize, usize)) -> bool {
    // Past every closing mark, a nested one too (`one of us,'''`).
    let mut k = p.1;
    while k > p.0 && t.toks.get(k - 1).is_some_and(|x| x.kind == Tok::QuoteMark) {
        k -= 1;
    }
    k < p.1 && k > p.0 && matches!(t.text(text, k - 1), "," | "?" | "!")
}

/// The speaker named after a dash that follows a quotation, on its line
/// (`" - Commissioner Starks`) or opening the next paragraph (a quotation
/// box: the quotation, then `-President Obama, tweeting after the
/// speech.`): capitalised words up to the first other mark, at most six.
fn dash_speaker(text: &str, t: &Tokens, after: usize) -> Option<(usize, usize)> {
    let dash = t.toks.get(after)?;
    let prev = t.toks.get(after.checked_sub(1)?)?;
    let next_para = dash.para == prev.para + 1 && dash.newline_before;
    if dash.kind != Tok::Punct
        || !is_dash_mark(t.text(text, after))
        || !(dash.para == prev.para || next_para)
    {
        return None;
    }
    let first = after + 1;
    let mut end = first;
    while end < first + 6
        && t.toks.get(end).is_some_and(|x| {
            x.kind == Tok::Word && x.para == dash.para && is_cap(t.text(text, end))
        })
    {
        end += 1;
    }
    (end > first).then_some((first, end))
}

/// Links the spans of the three layers into attributions (partial quotes
/// are added afterwards by the caller).
pub fn link(text: &str, t: &Tokens, labels: &[Vec<u8>; LAYERS], rules: &[Raw]) -> Vec<Raw> {
    let sources = spans(&labels[SOURCE]);
    let cues = spans(&labels[CUE]);
    let n = t.toks.len();
    // A content span does not run on past a line break after a closing
    // quotation mark or the end of a sentence: what follows is new text.
    let mut content_labels = labels[CONTENT].clone();
    for i in 1..n.min(content_labels.len()) {
        let prev = t.text(text, i - 1);
        if content_labels[i] == 2
            && t.toks[i].newline_before
            && (t.toks[i - 1].kind == Tok::QuoteMark || matches!(prev, "." | "?" | "!"))
        {
            content_labels[i] = 1;
        }
        // Nor into a parenthesis that opens a quotation (one inside a
        // quotation stays in it): `... participate. ("We've persuaded
        // them," he said.)`, `blowback from members ("I want my dues
        // back," wrote one)` hold asides with their own attribution.
        if i >= 2 && content_labels[i] == 2 && prev == "(" && t.toks[i].kind == Tok::QuoteMark {
            content_labels[i - 1] = 0;
            content_labels[i] = 1;
        }
    }
    // The content layer sometimes breaks a clause in two where a word
    // looks like the end of one: pieces of one sentence with only a few
    // words between them, none of them a cue or a source, are one span.
    let mut contents: Vec<(usize, usize)> = Vec::new();
    for c in spans(&content_labels) {
        if let Some(last) = contents.last_mut() {
            let between = last.1..c.0;
            if c.0 - last.1 <= MERGE_GAP
                && !t.toks.get(c.0).is_some_and(|x| x.newline_before)
                && !(last.1..=c.0).any(|k| {
                    t.text(text, k) == "("
                        && t.toks.get(k + 1).is_some_and(|x| x.kind == Tok::QuoteMark)
                })
                && t.toks.get(last.1.saturating_sub(1)).map(|x| x.para)
                    == t.toks.get(c.0).map(|x| x.para)
                && between.clone().all(|k| {
                    labels[CUE].get(k) == Some(&0)
                        && labels[SOURCE].get(k) == Some(&0)
                        && t.toks.get(k).is_some_and(|x| x.kind != Tok::QuoteMark)
                        && !matches!(t.text(text, k), "." | "?" | "!" | ";")
                })
            {
                last.1 = c.1;
                continue;
            }
        }
        contents.push(c);
    }
    let para = |i: usize| t.toks.get(i).map_or(0, |x| x.para);
    let mut sent_of = vec![0usize; n];
    for (si, &(a, b)) in t.sents.iter().enumerate() {
        for x in sent_of.iter_mut().take(b.min(n)).skip(a) {
            *x = si;
        }
    }
    let sent = |i: usize| sent_of.get(i).copied().unwrap_or(0);
    // Each content goes to its nearest cue in the same paragraph; a cue
    // inside a content span is a nested attribution, not this one's.
    let mut by_cue: Vec<Vec<(usize, usize)>> = vec![Vec::new(); cues.len()];
    let mut orphans: Vec<(usize, usize)> = Vec::new();
    // Cues are sorted: look only at the few around each content.
    let is_quote = |i: usize| t.toks.get(i).is_some_and(|x| x.kind == Tok::QuoteMark);
    // Only punctuation between a cue and content in the next paragraph
    // (`He said:` then the quotation).
    let only_punct =
        |a: usize, b: usize| (a..b).all(|k| t.toks.get(k).is_some_and(|x| x.kind != Tok::Word));
    // Parentheses opened before each token, less those closed: a content
    // and its cue, a cue and its source, stand inside the same parentheses
    // (`booed. ("I don't want fisticuffs," said one activist.)`).
    let mut paren = vec![0i32; n + 1];
    for i in 0..n {
        paren[i + 1] = paren[i]
            + match t.text(text, i) {
                "(" => 1,
                ")" => -1,
                _ => 0,
            };
    }
    let level = |i: usize| paren.get(i).copied().unwrap_or(0);
    let same_parens = |x: (usize, usize), y: (usize, usize)| {
        let (a, b) = if x.1 <= y.0 { (x.1, y.0) } else { (y.1, x.0) };
        a > b || level(a) == level(b)
    };
    let same_place = |k: (usize, usize), c: (usize, usize)| {
        same_parens(k, c) && para(k.0) == para(c.0)
            || (k.1 <= c.0
                && para(c.0) == para(k.0) + 1
                && only_punct(k.1, c.0)
                && (k.1..c.0)
                    .chain(k.1.checked_sub(1))
                    .any(|x| t.text(text, x).ends_with(':')))
    };
    for &c in &contents {
        let lo = cues.partition_point(|k| k.1 + MAX_CONTENT_GAP < c.0);
        let best = cues[lo..]
            .iter()
            .enumerate()
            .take_while(|(_, k)| k.0 <= c.1 + MAX_CONTENT_GAP)
            .filter(|(_, k)| {
                !(k.0 >= c.0 && k.1 <= c.1)
                    && same_place(**k, c)
                    && gap(**k, c) <= MAX_CONTENT_GAP
                    && (sent(k.0) == sent(c.0)
                        || sent(k.0) == sent(c.1 - 1)
                        || gap(**k, c) <= 2
                        || only_punct(k.1.min(c.0), c.0.max(k.1)))
            })
            .min_by_key(|(_, k)| {
                let other_sentence = sent(k.0) != sent(c.0) && sent(k.0) != sent(c.1 - 1);
                (other_sentence, gap(**k, c), usize::from(k.0 > c.0))
            })
            .map(|(j, _)| lo + j);
        match best {
            Some(j) => by_cue[j].push(c),
            None => orphans.push(c),
        }
    }
    // Pieces on both sides of one cue are one quotation split by its
    // attribution (`"A," he said, "B."`); reported speech takes the side
    // after the cue, and the piece before looks for another cue.
    for (j, pieces) in by_cue.iter_mut().enumerate() {
        let k = cues[j];
        let before = pieces.iter().any(|p| p.1 <= k.0);
        let after = pieces.iter().any(|p| p.0 >= k.1);
        if before && after && !pieces.iter().all(|p| is_quote(p.0)) {
            // Unless the piece before is a quotation that hands over to
            // this cue (`"...?" Lichtman said about X`, `"...," said
            // Murray, who opted to ...`): only its speaker stands between
            // its closing mark and the cue, so the words after are the
            // topic or a clause of their own.
            let hands_over = pieces.iter().any(|p| {
                p.1 <= k.0
                    && is_quote(p.0)
                    && quote_hands_over(text, t, *p)
                    && (p.1..k.0).all(|x| labels[SOURCE].get(x).is_some_and(|&l| l != 0))
            });
            if hands_over {
                orphans.extend(pieces.iter().filter(|p| p.0 >= k.1));
                pieces.retain(|p| p.1 <= k.0);
            } else {
                orphans.extend(pieces.iter().filter(|p| p.1 <= k.0));
                pieces.retain(|p| p.0 >= k.1);
            }
        }
    }
    orphans.sort_unstable();
    // A second look for what is left: a content and a cue that found
    // nothing closer pair up within a wider window of the same paragraph.
    orphans.retain(|&c| {
        let lo = cues.partition_point(|k| k.1 + LONE_GAP < c.0);
        let best = cues[lo..]
            .iter()
            .enumerate()
            .take_while(|(_, k)| k.0 <= c.1 + LONE_GAP)
            .filter(|(j, k)| {
                by_cue[lo + j].is_empty()
                    && !(k.0 >= c.0 && k.1 <= c.1)
                    && same_place(**k, c)
                    && gap(**k, c) <= LONE_GAP
            })
            .min_by_key(|(_, k)| gap(**k, c))
            .map(|(j, _)| lo + j);
        match best {
            Some(j) => {
                by_cue[j].push(c);
                false
            }
            None => true,
        }
    });
    let tok_bytes = |(a, b): (usize, usize)| -> (usize, usize) {
        (
            t.toks.get(a).map_or(0, |x| x.start),
            t.toks.get(b.saturating_sub(1)).map_or(0, |x| x.end),
        )
    };
    let kind_of = |pieces: &[(usize, usize)]| {
        let direct = pieces.iter().all(|&(a, _)| is_quote(a));
        if direct {
            QuoteKind::Direct
        } else {
            QuoteKind::Indirect
        }
    };
    let mut out: Vec<Raw> = Vec::new();
    // The subject of a cue is not the object of a preposition: `the deal
    // on a cease-fire in southwestern Syria announced Friday`.
    // Looks back over a lower-case word (`the`, `southwestern`) for
    // the preposition.
    let after_prep = |s: &(usize, usize)| {
        for k in (s.0.saturating_sub(2)..s.0).rev() {
            if t.toks.get(k).is_none_or(|x| x.kind != Tok::Word) {
                return false;
            }
            let w = t.text(text, k);
            if matches!(
                w.to_ascii_lowercase().as_str(),
                "in" | "of"
                    | "at"
                    | "on"
                    | "from"
                    | "near"
                    | "into"
                    | "with"
                    | "for"
                    | "to"
                    | "across"
                    | "within"
                    | "about"
                    | "over"
                    | "under"
                    | "against"
            ) {
                return true;
            }
            if is_cap(w) {
                return false;
            }
        }
        false
    };
    // The rules' cues with their sources, by where the cue starts, so the
    // rules' source of a cue is found without scanning them all.
    let mut rule_cues: Vec<(usize, usize, usize, (usize, usize))> = rules
        .iter()
        .enumerate()
        .filter_map(|(i, r)| Some((r.cue?.0, i, r.cue?.1, r.source?)))
        .collect();
    rule_cues.sort_unstable();
    let longest_cue = rule_cues.iter().map(|c| c.2 - c.0).max().unwrap_or(0);
    for (j, pieces) in by_cue.iter().enumerate() {
        if pieces.is_empty() {
            continue;
        }
        let k = cues[j];
        // `according to X`: the source is what follows.
        let according = k.1 >= 2
            && t.text(text, k.1 - 1).eq_ignore_ascii_case("to")
            && t.text(text, k.1 - 2).eq_ignore_ascii_case("according");
        let lo = sources.partition_point(|s| s.1 + MAX_SOURCE_GAP < k.0);
        let source = sources[lo..]
            .iter()
            .take_while(|s| s.0 <= k.1 + MAX_SOURCE_GAP)
            .filter(|s| {
                sent(s.0) == sent(k.0)
                    && same_parens(**s, k)
                    && gap(**s, k) <= MAX_SOURCE_GAP
                    && !(s.1 <= k.0 && after_prep(s))
                    && !(according && s.0 < k.1)
                    && !pieces.iter().any(|p| s.0 >= p.0 && s.1 <= p.1)
            })
            .min_by_key(|s| (gap(**s, k), usize::from(s.0 > k.0)))
            .copied()
            // The rules know sources the layer cannot see from near the
            // cue: the subject of a participle (`he would not ..., saying`).
            .or_else(|| {
                let from = rule_cues.partition_point(|c| c.0 + longest_cue < k.0);
                rule_cues[from..]
                    .iter()
                    .take_while(|c| c.0 < k.1)
                    .filter(|c| k.0 < c.2 && !(according && c.3 .0 < k.1))
                    .min_by_key(|c| c.1)
                    .map(|c| c.3)
            })
            .or_else(|| {
                according
                    .then(|| according_to_source(text, t, k.1))
                    .flatten()
            })
            // A subject before its cue with an appositive or a relative
            // clause between them (`Schiff, 56, who has served ..., told`).
            .or_else(|| {
                if according {
                    return None;
                }
                let lo = sources.partition_point(|s| s.1 + LONE_GAP < k.0);
                sources[lo..]
                    .iter()
                    .take_while(|s| s.1 <= k.0)
                    .filter(|s| {
                        sent(s.0) == sent(k.0)
                            && !after_prep(s)
                            && !pieces.iter().any(|p| p.0 < k.0 && s.0 < p.1)
                    })
                    .last()
                    .copied()
            });
        // Reported speech with no source found is kept with a low
        // confidence: on held-out train articles keeping it found more
        // content and cues than it added wrong ones.
        let first = pieces.iter().map(|p| p.0).min().unwrap_or(k.0);
        out.push(Raw {
            spans: pieces.iter().map(|&p| tok_bytes(p)).collect(),
            kind: kind_of(pieces),
            cue: Some(k),
            source,
            continuation: false,
            partial_of: None,
            confidence: match (source.is_some(), kind_of(pieces) == QuoteKind::Direct) {
                (true, _) => 0.8,
                (false, true) => 0.6,
                (false, false) => 0.4,
            },
            para: para(first),
            first_tok: first,
        });
    }
    // A content with no cue near it continues the previous speaker when it
    // is a quotation (a paragraph of quotes with no cue of its own), unless
    // the rules attribute that quotation to a speaker of its own next to it
    // (`"...," retorted Tom Barker` with a verb the layers never learned).
    // Quotations do not overlap, so the rules' ones sorted by start are
    // sorted by end too: one binary search per orphan.
    let mut attributed: Vec<(usize, usize, &Raw)> = rules
        .iter()
        .filter(|r| r.kind == QuoteKind::Direct && r.cue.is_some() && r.source.is_some())
        .flat_map(|r| r.spans.iter().map(move |&(a, b)| (a, b, r)))
        .collect();
    attributed.sort_unstable_by_key(|x| (x.0, x.1));
    for c in orphans {
        if kind_of(&[c]) != QuoteKind::Direct {
            continue;
        }
        let (cs, ce) = tok_bytes(c);
        let own = attributed
            .get(attributed.partition_point(|x| x.1 <= cs))
            .filter(|x| x.0 < ce)
            .map(|x| x.2);
        // Or a speaker named after a dash (`" - Commissioner Starks`).
        let attribution = own
            .map(|r| (r.cue, r.source))
            .or_else(|| dash_speaker(text, t, c.1).map(|s| (None, Some(s))));
        if let Some((cue, source)) = attribution {
            out.push(Raw {
                spans: vec![(cs, ce)],
                kind: QuoteKind::Direct,
                cue,
                source,
                continuation: false,
                partial_of: None,
                confidence: 0.6,
                para: para(c.0),
                first_tok: c.0,
            });
            continue;
        }
        out.push(Raw {
            spans: vec![tok_bytes(c)],
            kind: QuoteKind::Direct,
            cue: None,
            source: None,
            continuation: true,
            partial_of: None,
            confidence: 0.5,
            para: para(c.0),
            first_tok: c.0,
        });
    }
    let _ = text;
    out.sort_by_key(|r| r.first_tok);
    out
}

/// The attributions of a text: the rules' proposals, re-decided by the
/// tagger when its model is available.
pub fn find(text: &str, t: &Tokens, quotes: &[QSpan]) -> Vec<Raw> {
    let (raws, lw, lp) = crate::attribution::find_parts(text, t, quotes);
    let Some(m) = model() else {
        return raws;
    };
    let labels = m.label(text, t, quotes, &lw, &lp, &raws);
    let mut out = link(text, t, &labels, &raws);
    add_transcript_turns(text, t, &mut out);
    add_according_to(text, t, quotes, &mut out);
    add_partials(quotes, &mut out);
    out
}

/// `According to X, ...` and `..., according to X.` outside quotations
/// (the pattern of [`according_to_parts`]), where the layers found no
/// attribution with that cue. The phrase always attributes, but it is often
/// at the end of a long sentence, far from anything else the span tagger
/// learned to mark. Quotations are left to the layers and the quotation
/// rules.
fn add_according_to(text: &str, t: &Tokens, quotes: &[QSpan], out: &mut Vec<Raw>) {
    let n = t.toks.len();
    let is = |i: usize, w: &str| t.text(text, i).eq_ignore_ascii_case(w);
    let mut quoted: Vec<(usize, usize)> = quotes
        .iter()
        .filter(|q| !q.nested)
        .map(|q| (q.open, q.close))
        .collect();
    quoted.sort_unstable();
    let in_quote = |i: usize| {
        let k = quoted.partition_point(|q| q.0 <= i);
        k > 0 && quoted[k - 1].1 >= i
    };
    let mut cue_starts: Vec<usize> = out.iter().filter_map(|r| r.cue.map(|c| c.0)).collect();
    cue_starts.sort_unstable();
    // Quotation marks before each token, so a content's test is O(1).
    let mut marks = vec![0u32; n + 1];
    for i in 0..n {
        marks[i + 1] = marks[i] + u32::from(t.toks[i].kind == Tok::QuoteMark);
    }
    let mut add = Vec::new();
    for &(sa, sb) in &t.sents {
        let sb = sb.min(n);
        // The sentence's end, found once; and where the clause of the next
        // `according to` may start: after the previous one's source.
        let mut end = None;
        let mut from = sa;
        for i in sa..sb.saturating_sub(2) {
            if !(is(i, "according") && is(i + 1, "to")) || in_quote(i) {
                continue;
            }
            let clause = from;
            from = according_to_source(text, t, i + 2).map_or(i + 2, |s| s.1);
            if t.toks.get(from).is_some_and(|x| x.kind == Tok::Punct) && t.text(text, from) == "," {
                from += 1;
            }
            if cue_starts.binary_search(&i).is_ok() {
                continue;
            }
            let end = *end.get_or_insert_with(|| clause_end(text, t, sa, sb));
            let Some(at) = according_to_parts(text, t, clause, end, i) else {
                continue;
            };
            let (content, src) = (at.content, at.source);
            if marks[content.1] > marks[content.0] {
                continue;
            }
            let (a, b) = (t.toks[content.0].start, t.toks[content.1 - 1].end);
            // Contents the layers found here: ones whose cue lies inside
            // this clause were given a word of the clause as their cue
            // (`drew deep support among`) and take `according to` instead;
            // any other leaves the sentence to the layers.
            let lo = out.partition_point(|r| r.first_tok < content.0);
            let hi = out.partition_point(|r| r.first_tok < content.1);
            let before = lo
                .checked_sub(1)
                .and_then(|k| out.get(k))
                .is_some_and(|r| r.spans.iter().any(|sp| sp.1 > a));
            let inside = |r: &Raw| r.cue.is_some_and(|c| content.0 <= c.0 && c.1 <= content.1);
            if before || !out[lo..hi].iter().all(inside) {
                continue;
            }
            if hi > lo {
                for r in &mut out[lo..hi] {
                    r.cue = Some((i, i + 2));
                    r.source = Some(src);
                }
                continue;
            }
            add.push(Raw {
                spans: vec![(a, b)],
                kind: QuoteKind::Indirect,
                cue: Some((i, i + 2)),
                source: Some(src),
                continuation: false,
                partial_of: None,
                confidence: 0.7,
                para: t.toks[content.0].para,
                first_tok: content.0,
            });
        }
    }
    if !add.is_empty() {
        out.extend(add);
        out.sort_by_key(|r| r.first_tok);
    }
}

/// Fewest speaker labels that make an article an interview transcript.
const MIN_TURNS: usize = 3;

/// Interview transcripts (`WALLACE: Let's start with ...`, `PENCE:
/// Well, look, ...`): each paragraph opened by a speaker's name in capitals
/// and a colon is that speaker's words, cue the colon. Only labels used at
/// least twice, in an article with at least [`MIN_TURNS`] such paragraphs,
/// so a lone `UPDATE:` or `NOTE:` is not a speaker. A quotation inside a turn that was left to
/// continue the previous speaker belongs to the turn instead.
fn add_transcript_turns(text: &str, t: &Tokens, out: &mut Vec<Raw>) {
    let mut turns: Vec<((usize, usize), usize, usize)> = Vec::new();
    for (a, b) in paragraphs(t) {
        // The whole transcript may stand in quotation marks.
        let a = if t.toks[a].kind == Tok::QuoteMark {
            a + 1
        } else {
            a
        };
        let mut k = a;
        while k < b.min(a + 4) && t.toks[k].kind == Tok::Word && is_caps_name(t.text(text, k)) {
            k += 1;
        }
        if k > a && k + 1 < b && t.text(text, k) == ":" {
            turns.push(((a, k), k, b));
        }
    }
    // A speaker speaks more than once; a lone `UPDATE:` does not.
    let label = |n: (usize, usize)| t.toks[n.0].start..t.toks[n.1 - 1].end;
    let mut uses: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for x in &turns {
        *uses.entry(&text[label(x.0)]).or_default() += 1;
    }
    turns.retain(|x| uses.get(&text[label(x.0)]).is_some_and(|&n| n >= 2));
    if turns.len() < MIN_TURNS {
        return;
    }
    let byte = |i: usize| t.toks.get(i).map_or(0, |x| x.start);
    let end_byte = |i: usize| t.toks.get(i).map_or(0, |x| x.end);
    // One pass each, so a transcript of any length costs linear time:
    // quotations left as continuations inside a turn go, and a turn whose
    // words already have an attribution with a source is left to it.
    let turn_paras: Vec<u32> = turns.iter().map(|x| t.toks[x.1].para).collect();
    out.retain(|r| !(r.continuation && turn_paras.binary_search(&r.para).is_ok()));
    let mut sourced: Vec<(usize, usize)> = out
        .iter()
        .filter(|r| r.source.is_some())
        .filter_map(|r| r.spans.first().copied())
        .collect();
    sourced.sort_unstable();
    // Furthest end among the spans starting at or before each one.
    let reach: Vec<usize> = sourced
        .iter()
        .scan(0, |m, s| {
            *m = (*m).max(s.1);
            Some(*m)
        })
        .collect();
    for (name, colon, b) in turns {
        let (cs, ce) = (byte(colon + 1), end_byte(b - 1));
        let before = sourced.partition_point(|s| s.0 <= cs);
        if before > 0 && reach[before - 1] > cs {
            continue;
        }
        out.push(Raw {
            spans: vec![(cs, ce)],
            kind: QuoteKind::Direct,
            cue: Some((colon, colon + 1)),
            source: Some(name),
            continuation: false,
            partial_of: None,
            confidence: 0.7,
            para: t.toks[colon].para,
            first_tok: colon + 1,
        });
    }
    out.sort_by_key(|r| r.first_tok);
}

/// A word of a speaker label: capital letters, with `.`, `'` or `-`.
fn is_caps_name(w: &str) -> bool {
    w.chars().any(|c| c.is_alphabetic())
        && w.chars()
            .all(|c| c.is_uppercase() || matches!(c, '.' | '\'' | '-' | '\u{2019}'))
}
