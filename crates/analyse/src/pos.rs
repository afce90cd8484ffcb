//! A small part-of-speech tagger: greedy left to right, an averaged
//! perceptron over hashed word, suffix, shape and previous-tag features,
//! learned from the machine annotations PolNeAR ships with its `train`
//! split (`examples/train.rs`, `data/pos.bin`). The attribution tagger
//! reads its tags: cues are mostly verbs, sources noun phrases.
//!
//! Tags are a coarse version of the Penn tags (see [`TAGS`]).

use crate::tokens::{is_cap, Tok, Tokens};
use std::sync::OnceLock;

/// The coarse tags, by index.
pub const TAGS: &[&str] = &[
    "NN", "NNP", "VBD", "VB", "VBZ", "VBG", "VBN", "MD", "JJ", "RB", "PRP", "PRP$", "DT", "IN",
    "TO", "CC", "CD", "WH", "POS", "PUNCT", "QUOTE", "RP", "OTHER",
];
/// Number of tags.
pub const NT: usize = 23;
/// Number of hash buckets (a power of two).
pub const BUCKETS: usize = 1 << 15;

const MAGIC: &[u8; 8] = b"DLPOS01\n";
const MODEL_BIN: &[u8] = include_bytes!("../data/pos.bin");

/// The coarse tag of a Penn tag.
pub fn coarse(penn: &str) -> u8 {
    let t = match penn {
        "NN" | "NNS" => "NN",
        "NNP" | "NNPS" => "NNP",
        "VBD" => "VBD",
        "VB" | "VBP" => "VB",
        "VBZ" => "VBZ",
        "VBG" => "VBG",
        "VBN" => "VBN",
        "MD" => "MD",
        "JJ" | "JJR" | "JJS" => "JJ",
        "RB" | "RBR" | "RBS" => "RB",
        "PRP" => "PRP",
        "PRP$" | "WP$" => "PRP$",
        "DT" | "PDT" => "DT",
        "IN" => "IN",
        "TO" => "TO",
        "CC" => "CC",
        "CD" => "CD",
        "WP" | "WDT" | "WRB" => "WH",
        "POS" => "POS",
        "''" | "``" => "QUOTE",
        "," | "." | ":" | "-LRB-" | "-RRB-" | "$" | "#" => "PUNCT",
        "RP" => "RP",
        _ => "OTHER",
    };
    TAGS.iter().position(|x| *x == t).unwrap_or(NT - 1) as u8
}

/// Weights: `BUCKETS * NT`, bucket-major.
pub struct Model {
    /// The weights.
    pub w: Vec<f32>,
}

/// The shipped model as used at run time: weights kept as `i16`, so more of
/// them stay in cache.
struct Packed {
    q: Vec<i16>,
}

impl Packed {
    fn tag(&self, text: &str, t: &Tokens, lw: &[String]) -> Vec<u8> {
        greedy(text, t, lw, |f| {
            let mut s = [0i32; NT];
            for &h in f {
                let base = h as usize * NT;
                if let Some(ws) = self.q.get(base..base + NT) {
                    for (x, w) in s.iter_mut().zip(ws) {
                        *x += i32::from(*w);
                    }
                }
            }
            (0..NT)
                .max_by_key(|&a| (s[a], std::cmp::Reverse(a)))
                .unwrap_or(0) as u8
        })
    }
}

/// Tags every token left to right, each by `best` over its features (which
/// include the tags already given to the tokens before it).
fn greedy(text: &str, t: &Tokens, lw: &[String], best: impl Fn(&[u32]) -> u8) -> Vec<u8> {
    let n = t.toks.len();
    let mut tags = vec![0u8; n];
    let mut f = Vec::with_capacity(16);
    let wh = word_hashes(lw);
    for i in 0..n {
        f.clear();
        features(text, t, lw, &wh, &tags, i, &mut f);
        tags[i] = best(&f);
    }
    tags
}

impl Model {
    /// A model whose every weight is zero.
    pub fn zero() -> Model {
        Model {
            w: vec![0.0; BUCKETS * NT],
        }
    }

    /// Serialises: magic, scale, weights as little-endian `i16` of `w / scale`.
    pub fn to_bytes(&self) -> Vec<u8> {
        let max = self.w.iter().fold(0f32, |m, x| m.max(x.abs()));
        let scale = if max > 0.0 { max / 32767.0 } else { 1.0 };
        let mut out = Vec::with_capacity(12 + 2 * self.w.len());
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&scale.to_le_bytes());
        for x in &self.w {
            let q = (x / scale).round().clamp(-32767.0, 32767.0) as i16;
            out.extend_from_slice(&q.to_le_bytes());
        }
        out
    }

    /// Reads what [`Model::to_bytes`] wrote; `None` when malformed.
    pub fn from_bytes(b: &[u8]) -> Option<Model> {
        let rest = b.strip_prefix(MAGIC.as_slice())?;
        let s = rest.get(..4)?;
        let scale = f32::from_le_bytes([s[0], s[1], s[2], s[3]]);
        let ws = rest.get(4..)?;
        if ws.len() != BUCKETS * NT * 2 {
            return None;
        }
        let w = ws
            .chunks_exact(2)
            .map(|c| f32::from(i16::from_le_bytes([c[0], c[1]])) * scale)
            .collect();
        Some(Model { w })
    }

    /// Tags every token, left to right.
    pub fn tag(&self, text: &str, t: &Tokens, lw: &[String]) -> Vec<u8> {
        greedy(text, t, lw, |f| self.best(f))
    }

    /// The highest-scoring tag for a token's features.
    pub fn best(&self, f: &[u32]) -> u8 {
        let mut s = [0f32; NT];
        for &h in f {
            let base = h as usize * NT;
            if let Some(ws) = self.w.get(base..base + NT) {
                for (x, w) in s.iter_mut().zip(ws) {
                    *x += w;
                }
            }
        }
        (0..NT).max_by(|&a, &b| s[a].total_cmp(&s[b])).unwrap_or(0) as u8
    }
}

fn model() -> &'static Option<Packed> {
    static M: OnceLock<Option<Packed>> = OnceLock::new();
    M.get_or_init(|| {
        let b = MODEL_BIN.strip_prefix(MAGIC.as_slice())?.get(4..)?;
        (b.len() == BUCKETS * NT * 2).then(|| Packed {
            q: b.chunks_exact(2)
                .map(|c| i16::from_le_bytes([c[0], c[1]]))
                .collect(),
        })
    })
}

/// Tags a text with the shipped model (all `OTHER` when it is missing).
pub fn tag(text: &str, t: &Tokens, lw: &[String]) -> Vec<u8> {
    match model() {
        Some(m) => m.tag(text, t, lw),
        None => vec![(NT - 1) as u8; t.toks.len()],
    }
}

/// The hash of every lower-cased word, computed once per text so features
/// mix numbers instead of rehashing strings.
pub fn word_hashes(lw: &[String]) -> Vec<u64> {
    lw.iter().map(|w| str_hash(w)).collect()
}

fn str_hash(x: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in x.as_bytes() {
        h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
    }
    h
}

fn mix(tag: u8, parts: &[u64]) -> u32 {
    let mut h: u64 = (0xcbf2_9ce4_8422_2325u64 ^ u64::from(tag)).wrapping_mul(0x0100_0000_01b3);
    for &p in parts {
        h = (h ^ p).wrapping_mul(0x0100_0000_01b3);
        h = (h ^ (h >> 31)).wrapping_mul(0x0100_0000_01b3);
    }
    ((h ^ (h >> 29)) as usize & (BUCKETS - 1)) as u32
}

/// Hashed features of token `i`; `tags` holds the tags of the tokens before it.
pub fn features(
    text: &str,
    t: &Tokens,
    lw: &[String],
    wh: &[u64],
    tags: &[u8],
    i: usize,
    out: &mut Vec<u32>,
) {
    let l = |k: isize| -> u64 {
        if k < 0 {
            1
        } else {
            wh.get(k as usize).copied().unwrap_or(2)
        }
    };
    let tg = |k: isize| -> u64 {
        if k < 0 {
            99
        } else {
            tags.get(k as usize).map_or(99, |&x| u64::from(x))
        }
    };
    let ii = i as isize;
    let w = lw.get(i).map_or("", |s| s.as_str());
    let raw = t.text(text, i);
    let suffix = |n: usize| {
        w.char_indices()
            .rev()
            .nth(n - 1)
            .map_or(w, |(b, _)| w.get(b..).unwrap_or(w))
    };
    let shape = match t.toks.get(i).map(|x| x.kind) {
        Some(Tok::QuoteMark) => "Q",
        Some(Tok::Punct) => "P",
        _ => {
            if is_cap(raw) {
                if raw.chars().skip(1).all(|c| !c.is_lowercase()) {
                    "AA"
                } else {
                    "Aa"
                }
            } else if raw.chars().next().is_some_and(|c| c.is_ascii_digit()) {
                "9"
            } else if raw.contains('-') {
                "a-a"
            } else {
                "a"
            }
        }
    };
    let sent_start = i == 0
        || t.toks.get(i).is_some_and(|x| x.newline_before)
        || i > 0 && matches!(lw.get(i - 1).map(|s| s.as_str()), Some("." | "?" | "!"));
    let (p1t, p2t) = (tg(ii - 1), tg(ii - 2));
    let hw = l(ii);
    let (s3, s2) = (str_hash(suffix(3)), str_hash(suffix(2)));
    out.push(mix(0, &[]));
    out.push(mix(1, &[hw]));
    out.push(mix(2, &[s3]));
    out.push(mix(3, &[s2]));
    out.push(mix(4, &[str_hash(shape), u64::from(sent_start)]));
    out.push(mix(5, &[l(ii - 1)]));
    out.push(mix(6, &[l(ii + 1)]));
    out.push(mix(7, &[l(ii - 2)]));
    out.push(mix(8, &[l(ii + 2)]));
    out.push(mix(9, &[p1t]));
    out.push(mix(10, &[p2t, p1t]));
    out.push(mix(11, &[p1t, hw]));
    out.push(mix(12, &[hw, l(ii + 1)]));
    out.push(mix(13, &[s3, l(ii + 1)]));
    out.push(mix(14, &[p1t, s2]));
}
