//! A learned cue detector: logistic regression over hashed context features
//! that tells how likely a word is to be (part of) an attribution cue in the
//! place it stands. The word-only cue lexicon cannot see that "thinks" after
//! "Trump" is a cue but "thinks" in "think tank" is not, or that "shows"
//! after "a poll" reports content while "shows" after "the TV" does not.
//!
//! Weights are learned from the PolNeAR `train` split by
//! `examples/train.rs` and shipped as `data/cue_weights.bin` (little-endian
//! `f32`, one per hash bucket). Only words of the learned cue lexicon are
//! scored (above [`MIN_LEXICON`]), at training and at run time alike.

use crate::lexicon::cue_score;
use crate::quotes::QSpan;
use crate::tokens::{is_cap, lower, word_shape, Tok, Tokens};
use std::sync::OnceLock;

/// Words whose lexicon cue likelihood is below this are never scored: they
/// are function words and names (`the`, `and`, `he`, `Trump`) that are in a
/// cue by accident, and skipping them keeps the detector fast.
pub const MIN_LEXICON: f32 = 0.015;

/// Number of hash buckets (a power of two).
pub const BUCKETS: usize = 1 << 17;

const WEIGHTS_BIN: &[u8] = include_bytes!("../data/cue_weights.bin");

fn weights() -> &'static [f32] {
    static W: OnceLock<Vec<f32>> = OnceLock::new();
    W.get_or_init(|| {
        let v: Vec<f32> = WEIGHTS_BIN
            .chunks_exact(4)
            .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect();
        // A missing or truncated file leaves the detector neutral rather
        // than failing: every feature weighs nothing.
        if v.len() == BUCKETS {
            v
        } else {
            vec![0.0; BUCKETS]
        }
    })
}

/// What the detector needs to see around each token.
pub struct View<'a> {
    text: &'a str,
    t: &'a Tokens,
    /// Lower-cased token texts.
    pub lw: Vec<String>,
    /// For each token: inside a top-level quotation.
    pub inq: Vec<bool>,
    /// For each token: index of its sentence.
    sent_of: Vec<u32>,
    /// Quoted tokens before each token (one more entry than tokens), so
    /// "is there a quotation before/after in this sentence" costs O(1).
    qcount: Vec<u32>,
}

impl<'a> View<'a> {
    /// Prepares a tokenised text and its quotations for feature extraction.
    pub fn new(text: &'a str, t: &'a Tokens, quotes: &[QSpan]) -> View<'a> {
        let n = t.toks.len();
        let lw = t
            .toks
            .iter()
            .map(|tok| lower(text.get(tok.start..tok.end).unwrap_or("")))
            .collect();
        let mut inq = vec![false; n];
        for q in quotes.iter().filter(|q| !q.nested) {
            for x in inq.iter_mut().take((q.close + 1).min(n)).skip(q.open) {
                *x = true;
            }
        }
        let mut sent_of = vec![0u32; n];
        for (si, &(a, b)) in t.sents.iter().enumerate() {
            for x in sent_of.iter_mut().take(b.min(n)).skip(a) {
                *x = si as u32;
            }
        }
        let mut qcount = Vec::with_capacity(n + 1);
        let mut c = 0u32;
        qcount.push(0);
        for &q in &inq {
            c += u32::from(q);
            qcount.push(c);
        }
        View {
            text,
            t,
            lw,
            inq,
            sent_of,
            qcount,
        }
    }

    fn l(&self, i: usize) -> &str {
        self.lw.get(i).map_or("", |s| s.as_str())
    }

    fn s(&self, i: usize) -> &str {
        self.t.text(self.text, i)
    }

    /// A coarse class of token `i` as seen from token `from` (its own
    /// sentence only): `<s>`/`</s>` past the sentence's ends.
    fn shape(&self, i: isize, from: usize) -> &'static str {
        if i < 0 {
            return "<s>";
        }
        let iu = i as usize;
        let Some(tok) = self.t.toks.get(iu) else {
            return "</s>";
        };
        if self.sent_of.get(iu) != self.sent_of.get(from) {
            return if iu < from { "<s>" } else { "</s>" };
        }
        match tok.kind {
            Tok::QuoteMark => "Q",
            Tok::Punct => match self.s(iu) {
                "," => ",",
                "." | "!" | "?" => ".",
                ":" => ":",
                "(" | ")" => "()",
                _ => "-",
            },
            Tok::Word => word_shape(self.s(iu)),
        }
    }

    /// The word at `i` if it is in the sentence of `from`, else a boundary.
    fn word(&self, i: isize, from: usize) -> &str {
        let sh = self.shape(i, from);
        match sh {
            "<s>" | "</s>" => sh,
            _ => self.l(i as usize),
        }
    }

    /// Is token `i` a candidate for scoring: a word of the cue lexicon.
    pub fn candidate(&self, i: usize) -> bool {
        self.t.toks.get(i).is_some_and(|t| t.kind == Tok::Word)
            && cue_score(self.l(i)) >= MIN_LEXICON
    }

    /// Hashed feature buckets of token `i`, appended to `out`.
    pub fn features(&self, i: usize, out: &mut Vec<u32>) {
        let ii = i as isize;
        let w = self.l(i);
        let p1 = self.word(ii - 1, i);
        let p2 = self.word(ii - 2, i);
        let n1 = self.word(ii + 1, i);
        let n2 = self.word(ii + 2, i);
        let sp1 = self.shape(ii - 1, i);
        let sp2 = self.shape(ii - 2, i);
        let sn1 = self.shape(ii + 1, i);
        let sn2 = self.shape(ii + 2, i);
        let cs = (cue_score(w) * 20.0) as u32;
        let inq = self.inq.get(i).copied().unwrap_or(false);
        // The last three characters, without allocating.
        let suf = w
            .char_indices()
            .rev()
            .nth(2)
            .map_or(w, |(b, _)| w.get(b..).unwrap_or(w));
        let (sa, sb) = self
            .t
            .sents
            .get(self.sent_of.get(i).copied().unwrap_or(0) as usize)
            .copied()
            .unwrap_or((i, i + 1));
        let pos = i.saturating_sub(sa);
        let left = (pos.min(12) / 2) as u32;
        let right = ((sb.saturating_sub(i)).min(24) / 4) as u32;
        // Any quotation in the sentence, before or after the word.
        let qc = |k: usize| self.qcount.get(k).copied().unwrap_or(0);
        let q_before = qc(i) > qc(sa);
        let q_after = qc(sb) > qc(i + 1);
        let that_next = (i + 1..(i + 4).min(sb)).any(|k| self.l(k) == "that");
        let capw = self.t.toks.get(i).is_some_and(|_| is_cap(self.s(i)));
        let mut f = |parts: &[&str]| out.push(hash(parts));
        let num = |x: u32| NUMS.get(x as usize).copied().unwrap_or("+");
        f(&["b"]);
        f(&["w", w]);
        f(&["suf", suf]);
        f(&["cs", num(cs)]);
        f(&["inq", if inq { "1" } else { "0" }]);
        f(&["cap", if capw { "1" } else { "0" }, w]);
        f(&["p1", p1]);
        f(&["p2", p2]);
        f(&["n1", n1]);
        f(&["n2", n2]);
        f(&["sp1", sp1]);
        f(&["sp2sp1", sp2, sp1]);
        f(&["sn1", sn1]);
        f(&["sn1sn2", sn1, sn2]);
        f(&["p1w", p1, w]);
        f(&["wn1", w, n1]);
        f(&["sp1w", sp1, w]);
        f(&["wsn1", w, sn1]);
        f(&["sp1wsn1", sp1, w, sn1]);
        f(&["p2p1w", p2, p1, w]);
        f(&["wn1n2", w, n1, n2]);
        f(&["left", num(left)]);
        f(&["right", num(right)]);
        f(&["qb", if q_before { "1" } else { "0" }, w]);
        f(&["qa", if q_after { "1" } else { "0" }, w]);
        f(&[
            "qba",
            if q_before { "1" } else { "0" },
            if q_after { "1" } else { "0" },
        ]);
        f(&["that", if that_next { "1" } else { "0" }, w]);
        f(&["leftw", num(left), w]);
    }

    /// Probability that token `i` is part of a cue (0 for non-candidates).
    pub fn prob(&self, i: usize, buf: &mut Vec<u32>) -> f32 {
        self.prob_with(i, buf, weights())
    }

    /// [`View::prob`] under other weights (`BUCKETS` of them): training
    /// uses a detector that did not see the article.
    pub fn prob_with(&self, i: usize, buf: &mut Vec<u32>, w: &[f32]) -> f32 {
        if !self.candidate(i) {
            return 0.0;
        }
        buf.clear();
        self.features(i, buf);
        let z: f32 = buf
            .iter()
            .map(|&h| w.get(h as usize).copied().unwrap_or(0.0))
            .sum();
        sigmoid(z)
    }
}

/// Small numbers as feature text, so no feature needs an allocation.
const NUMS: [&str; 21] = [
    "0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "13", "14", "15", "16",
    "17", "18", "19", "20",
];

/// The logistic function.
pub fn sigmoid(z: f32) -> f32 {
    1.0 / (1.0 + (-z.clamp(-30.0, 30.0)).exp())
}

/// FNV-1a over the parts, separated, reduced to a bucket.
fn hash(parts: &[&str]) -> u32 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for p in parts {
        for &b in p.as_bytes() {
            h ^= b as u64;
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        h ^= 0xff;
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    (h as usize & (BUCKETS - 1)) as u32
}
