//! Word shingles of a body text and their MinHash signatures.

/// Words per shingle. Five words are specific enough that two different
/// articles rarely share more than a handful by chance (a quoted sentence, a
/// stock phrase), and short enough that a typo fix disturbs only five.
pub const SHINGLE_WORDS: usize = 5;

/// Hash values in the whole-body signature.
pub const FULL_HASHES: usize = 64;
/// Hash values in the lead signature.
pub const LEAD_HASHES: usize = 32;
/// Shingles that make up the lead: roughly the first three paragraphs, which
/// wire copy keeps however much of the end an outlet trims.
pub const LEAD_SHINGLES: usize = 80;

/// The shingles of one text: sorted, distinct 64-bit hashes, and the
/// distinct hashes of the lead in text order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Shingles {
    /// All shingle hashes, sorted and deduplicated.
    pub set: Vec<u64>,
    /// The first [`LEAD_SHINGLES`] distinct shingle hashes, sorted.
    pub lead: Vec<u64>,
}

impl Shingles {
    /// Shingles of a text. Words are runs of letters and digits, lowercased;
    /// punctuation, quotes, dashes and paragraph breaks do not count, so
    /// re-typeset copies (curly quotes, merged paragraphs) shingle the same.
    pub fn of(text: &str) -> Shingles {
        let mut words: Vec<u64> = Vec::with_capacity(text.len() / 5);
        let mut current: u64 = FNV_OFFSET;
        let mut in_word = false;
        for ch in text.chars() {
            if ch.is_alphanumeric() {
                for lower in ch.to_lowercase() {
                    current = fnv_char(current, lower);
                }
                in_word = true;
            } else if in_word {
                words.push(current);
                current = FNV_OFFSET;
                in_word = false;
            }
        }
        if in_word {
            words.push(current);
        }
        let mut all = Vec::with_capacity(words.len());
        let mut lead = Vec::with_capacity(LEAD_SHINGLES);
        if words.len() >= SHINGLE_WORDS {
            for w in words.windows(SHINGLE_WORDS) {
                let mut h = 0x9e37_79b9_7f4a_7c15u64;
                for &x in w {
                    h = mix(h ^ x);
                }
                all.push(h);
                if lead.len() < LEAD_SHINGLES && !lead.contains(&h) {
                    lead.push(h);
                }
            }
        } else if !words.is_empty() {
            // A text shorter than one shingle is one shingle.
            let h = words
                .iter()
                .fold(0x9e37_79b9_7f4a_7c15u64, |h, &x| mix(h ^ x));
            all.push(h);
            lead.push(h);
        }
        all.sort_unstable();
        all.dedup();
        lead.sort_unstable();
        Shingles { set: all, lead }
    }

    /// Number of distinct shingles.
    pub fn len(&self) -> usize {
        self.set.len()
    }

    /// Whether the text had no words.
    pub fn is_empty(&self) -> bool {
        self.set.is_empty()
    }

    /// The MinHash signature of these shingles.
    pub fn signature(&self) -> Signature {
        Signature {
            full: minhash::<FULL_HASHES>(&self.set, 0),
            lead: minhash::<LEAD_HASHES>(&self.lead, FULL_HASHES as u64),
        }
    }
}

/// Shared distinct shingles of two sorted sets.
pub fn intersection_size(a: &[u64], b: &[u64]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

/// MinHash signatures of a body: one over all shingles, one over the lead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signature {
    /// Minimum of each of [`FULL_HASHES`] hash functions over all shingles.
    pub full: [u32; FULL_HASHES],
    /// Minimum of each of [`LEAD_HASHES`] hash functions over the lead.
    pub lead: [u32; LEAD_HASHES],
}

impl Signature {
    /// Bytes for storage: little-endian u32s, full then lead.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(4 * (FULL_HASHES + LEAD_HASHES));
        for v in self.full.iter().chain(self.lead.iter()) {
            out.extend_from_slice(&v.to_le_bytes());
        }
        out
    }

    /// Reads [`Signature::to_bytes`] output; `None` when the length is wrong.
    pub fn from_bytes(bytes: &[u8]) -> Option<Signature> {
        if bytes.len() != 4 * (FULL_HASHES + LEAD_HASHES) {
            return None;
        }
        let mut values = bytes
            .chunks_exact(4)
            .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]));
        let mut full = [0u32; FULL_HASHES];
        for v in full.iter_mut() {
            *v = values.next()?;
        }
        let mut lead = [0u32; LEAD_HASHES];
        for v in lead.iter_mut() {
            *v = values.next()?;
        }
        Some(Signature { full, lead })
    }

    /// The estimated Jaccard similarity of the two whole bodies.
    pub fn estimate(&self, other: &Signature) -> f64 {
        let same = self
            .full
            .iter()
            .zip(other.full.iter())
            .filter(|(a, b)| a == b)
            .count();
        same as f64 / FULL_HASHES as f64
    }
}

fn minhash<const K: usize>(set: &[u64], seed_base: u64) -> [u32; K] {
    let mut out = [u32::MAX; K];
    if set.is_empty() {
        return out;
    }
    for &x in set {
        for (i, slot) in out.iter_mut().enumerate() {
            // Independent hash functions from one mixer with per-function
            // seeds; the high bits are the best mixed.
            let h = (mix(x ^ SEEDS[(seed_base as usize + i) % SEEDS.len()]) >> 32) as u32;
            if h < *slot {
                *slot = h;
            }
        }
    }
    out
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

fn fnv_char(mut h: u64, c: char) -> u64 {
    let mut buf = [0u8; 4];
    for b in c.encode_utf8(&mut buf).bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(FNV_PRIME);
    }
    h
}

/// The splitmix64 finaliser: a cheap bijective mixer with full avalanche.
pub(crate) fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// Per-function seeds, generated once from a fixed splitmix64 stream so that
/// signatures stay comparable across runs and versions.
static SEEDS: [u64; FULL_HASHES + LEAD_HASHES] = seeds();

const fn seeds() -> [u64; FULL_HASHES + LEAD_HASHES] {
    let mut out = [0u64; FULL_HASHES + LEAD_HASHES];
    let mut state: u64 = 0x5eed_da7e_11e0_0001;
    let mut i = 0;
    while i < out.len() {
        state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        out[i] = z ^ (z >> 31);
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn punctuation_case_and_paragraphs_do_not_matter() {
        let a = Shingles::of("“Hello,” said the Mayor — today.\n\nThen he left the hall at noon.");
        let b = Shingles::of("\"hello\" said the mayor -- today. Then he left the hall at noon");
        assert_eq!(a, b);
        assert_eq!(a.signature(), b.signature());
    }

    #[test]
    fn short_and_empty_texts() {
        assert!(Shingles::of("").is_empty());
        assert!(Shingles::of(" — ").is_empty());
        assert_eq!(Shingles::of("two words").len(), 1);
    }

    #[test]
    fn signature_bytes_round_trip_and_estimate() {
        let text: String = (0..300).map(|i| format!("word{i} ")).collect();
        let s = Shingles::of(&text).signature();
        assert_eq!(Signature::from_bytes(&s.to_bytes()), Some(s.clone()));
        assert_eq!(s.estimate(&s), 1.0);
        let other: String = (0..300).map(|i| format!("other{i} ")).collect();
        assert!(s.estimate(&Shingles::of(&other).signature()) < 0.1);
        assert!(Signature::from_bytes(&[1, 2, 3]).is_none());
    }

    #[test]
    fn intersection_counts_shared_values() {
        assert_eq!(intersection_size(&[1, 3, 5, 7], &[2, 3, 4, 7, 9]), 2);
        assert_eq!(intersection_size(&[], &[1]), 0);
    }
}
