//! A fast hash for maps keyed by short strings.

use std::hash::{BuildHasherDefault, Hasher};

/// FNV-1a. The maps that use it are keyed by short strings (element names,
/// class values, lexicon words) and looked up for every token or element,
/// where SipHash costs more than the rest of the lookup. Use it only where
/// a party that chose colliding keys could do no more than slow one page:
/// fixed tables, or per-page maps of bounded size.
#[derive(Default)]
pub struct Fnv(u64);

impl Hasher for Fnv {
    #[inline]
    fn finish(&self) -> u64 {
        self.0
    }

    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for &b in bytes {
            h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }
}

/// Builds [`Fnv`] hashers for `HashMap`s and `HashSet`s.
pub type FnvBuild = BuildHasherDefault<Fnv>;

#[cfg(test)]
mod tests {
    use super::*;
    use std::hash::BuildHasher;

    #[test]
    fn is_fnv_1a() {
        // The published FNV-1a 64-bit value of "a".
        let mut h = Fnv::default();
        h.write(b"a");
        assert_eq!(h.finish(), 0xaf63_dc4c_8601_ec8c);
        let b = FnvBuild::default();
        assert_eq!(b.hash_one("said"), b.hash_one("said"));
        assert_ne!(b.hash_one("said"), b.hash_one("says"));
    }
}
