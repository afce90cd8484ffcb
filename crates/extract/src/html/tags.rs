//! Element names the tree builder knows, with the parsing properties it needs.
//!
//! Names are interned: the known ones get fixed ids so tree construction can
//! test properties with a bit mask instead of comparing strings.

/// No content, never pushed on the stack of open elements.
pub const VOID: u16 = 1;
/// Content is raw text up to the matching end tag (no markup, no entities).
pub const RAW: u16 = 1 << 1;
/// Content is text with character references up to the matching end tag.
pub const RCDATA: u16 = 1 << 2;
/// A start tag of this element closes an open `<p>`.
pub const CLOSES_P: u16 = 1 << 3;
/// "Special" in the HTML standard: a stray end tag of another element does not
/// pass through it.
pub const SPECIAL: u16 = 1 << 4;
/// Limits the scope in which an end tag looks for its element.
pub const SCOPE: u16 = 1 << 5;
/// `<h1>`..`<h6>`.
pub const HEADING: u16 = 1 << 6;
/// Belongs in `<head>`; any other start tag ends an unclosed head.
pub const HEAD_CONTENT: u16 = 1 << 7;
/// Block-level for the purpose of text extraction (breaks runs of text).
pub const BLOCK: u16 = 1 << 8;
/// Its text is not visible (script, style, template, noscript...).
pub const INVISIBLE: u16 = 1 << 9;
/// Table structure elements.
pub const TABLE_PART: u16 = 1 << 10;

/// Known names and their properties; the index is the interned id.
pub const KNOWN: &[(&str, u16)] = &[
    ("html", SPECIAL | SCOPE | BLOCK),
    ("head", SPECIAL | BLOCK),
    ("body", SPECIAL | BLOCK),
    ("p", SPECIAL | CLOSES_P | BLOCK),
    ("div", SPECIAL | CLOSES_P | BLOCK),
    ("span", 0),
    ("a", 0),
    ("li", SPECIAL | CLOSES_P | BLOCK),
    ("ul", SPECIAL | CLOSES_P | BLOCK),
    ("ol", SPECIAL | CLOSES_P | BLOCK),
    ("img", SPECIAL | VOID),
    ("br", SPECIAL | VOID | BLOCK),
    ("script", SPECIAL | RAW | HEAD_CONTENT | INVISIBLE),
    ("style", SPECIAL | RAW | HEAD_CONTENT | INVISIBLE),
    ("meta", SPECIAL | VOID | HEAD_CONTENT),
    ("link", SPECIAL | VOID | HEAD_CONTENT),
    ("title", SPECIAL | RCDATA | HEAD_CONTENT | INVISIBLE),
    ("base", SPECIAL | VOID | HEAD_CONTENT),
    ("noscript", SPECIAL | HEAD_CONTENT | INVISIBLE),
    ("template", SPECIAL | SCOPE | HEAD_CONTENT | INVISIBLE),
    ("textarea", SPECIAL | RCDATA),
    ("xmp", SPECIAL | RAW | CLOSES_P | BLOCK),
    ("iframe", SPECIAL | RAW | INVISIBLE),
    ("noembed", SPECIAL | RAW | INVISIBLE),
    ("noframes", SPECIAL | RAW | INVISIBLE),
    ("plaintext", SPECIAL | RAW | CLOSES_P | BLOCK),
    ("h1", SPECIAL | CLOSES_P | HEADING | BLOCK),
    ("h2", SPECIAL | CLOSES_P | HEADING | BLOCK),
    ("h3", SPECIAL | CLOSES_P | HEADING | BLOCK),
    ("h4", SPECIAL | CLOSES_P | HEADING | BLOCK),
    ("h5", SPECIAL | CLOSES_P | HEADING | BLOCK),
    ("h6", SPECIAL | CLOSES_P | HEADING | BLOCK),
    ("article", SPECIAL | CLOSES_P | BLOCK),
    ("section", SPECIAL | CLOSES_P | BLOCK),
    ("aside", SPECIAL | CLOSES_P | BLOCK),
    ("nav", SPECIAL | CLOSES_P | BLOCK),
    ("header", SPECIAL | CLOSES_P | BLOCK),
    ("footer", SPECIAL | CLOSES_P | BLOCK),
    ("main", SPECIAL | CLOSES_P | BLOCK),
    ("figure", SPECIAL | CLOSES_P | BLOCK),
    ("figcaption", SPECIAL | CLOSES_P | BLOCK),
    ("blockquote", SPECIAL | CLOSES_P | BLOCK),
    ("pre", SPECIAL | CLOSES_P | BLOCK),
    ("listing", SPECIAL | CLOSES_P | BLOCK),
    ("address", SPECIAL | CLOSES_P | BLOCK),
    ("hr", SPECIAL | VOID | CLOSES_P | BLOCK),
    ("dl", SPECIAL | CLOSES_P | BLOCK),
    ("dt", SPECIAL | CLOSES_P | BLOCK),
    ("dd", SPECIAL | CLOSES_P | BLOCK),
    ("table", SPECIAL | SCOPE | CLOSES_P | BLOCK | TABLE_PART),
    ("caption", SPECIAL | SCOPE | BLOCK | TABLE_PART),
    ("colgroup", SPECIAL | TABLE_PART),
    ("col", SPECIAL | VOID | TABLE_PART),
    ("thead", SPECIAL | BLOCK | TABLE_PART),
    ("tbody", SPECIAL | BLOCK | TABLE_PART),
    ("tfoot", SPECIAL | BLOCK | TABLE_PART),
    ("tr", SPECIAL | BLOCK | TABLE_PART),
    ("td", SPECIAL | SCOPE | BLOCK | TABLE_PART),
    ("th", SPECIAL | SCOPE | BLOCK | TABLE_PART),
    ("form", SPECIAL | CLOSES_P | BLOCK),
    ("fieldset", SPECIAL | CLOSES_P | BLOCK),
    ("details", SPECIAL | CLOSES_P | BLOCK),
    ("summary", SPECIAL | CLOSES_P | BLOCK),
    ("menu", SPECIAL | CLOSES_P | BLOCK),
    ("dir", SPECIAL | CLOSES_P | BLOCK),
    ("center", SPECIAL | CLOSES_P | BLOCK),
    ("hgroup", SPECIAL | CLOSES_P | BLOCK),
    ("search", SPECIAL | CLOSES_P | BLOCK),
    ("button", SPECIAL | SCOPE),
    ("select", SPECIAL),
    ("option", BLOCK),
    ("optgroup", BLOCK),
    ("input", SPECIAL | VOID),
    ("area", SPECIAL | VOID),
    ("embed", SPECIAL | VOID),
    ("param", SPECIAL | VOID),
    ("source", SPECIAL | VOID),
    ("track", SPECIAL | VOID),
    ("wbr", SPECIAL | VOID),
    ("keygen", SPECIAL | VOID),
    ("basefont", SPECIAL | VOID),
    ("bgsound", SPECIAL | VOID),
    ("frame", SPECIAL | VOID),
    ("frameset", SPECIAL),
    ("applet", SPECIAL | SCOPE),
    ("object", SPECIAL | SCOPE),
    ("marquee", SPECIAL | SCOPE),
    ("svg", 0),
    ("math", 0),
    ("b", 0),
    ("i", 0),
    ("em", 0),
    ("strong", 0),
    ("time", 0),
    ("picture", 0),
    ("video", 0),
    ("audio", 0),
    ("canvas", 0),
    ("label", 0),
    ("small", 0),
    ("sup", 0),
    ("sub", 0),
    ("u", 0),
    ("cite", 0),
    ("q", 0),
    ("abbr", 0),
    ("code", 0),
    ("font", 0),
];

/// Names longer than this are never known: they are not packed into a key.
const MAX_KEY_LEN: usize = 15;

/// A name packed into an integer: its bytes lowercased, little-endian, with
/// the length in the top byte (so a name with NUL bytes cannot look like a
/// shorter one). Names longer than [`MAX_KEY_LEN`] give 0, which no name has.
const fn pack_lower(name: &[u8]) -> u128 {
    if name.len() > MAX_KEY_LEN || name.is_empty() {
        return 0;
    }
    let mut key = (name.len() as u128) << 120;
    let mut i = 0;
    while i < name.len() {
        key |= (name[i].to_ascii_lowercase() as u128) << (8 * i);
        i += 1;
    }
    key
}

const LOOKUP_BITS: u32 = 11;

/// The slot of `key` in [`LOOKUP`] under the hash multiplier `mult`.
const fn slot(key: u128, mult: u64) -> usize {
    let folded = (key as u64) ^ ((key >> 64) as u64).rotate_left(17);
    (folded.wrapping_mul(mult) >> (64 - LOOKUP_BITS)) as usize
}

/// The packed keys of [`KNOWN`], by id, then of the alias `image`.
const KEYS: [u128; KNOWN.len() + 1] = {
    let mut keys = [0u128; KNOWN.len() + 1];
    let mut i = 0;
    while i < KNOWN.len() {
        keys[i] = pack_lower(KNOWN[i].0.as_bytes());
        i += 1;
    }
    keys[KNOWN.len()] = pack_lower(b"image");
    keys
};

/// A multiplier under which no two [`KEYS`] share a slot, found at compile
/// time: a lookup is then one slot and one comparison, no probing.
const MULT: u64 = {
    let mut mult: u64 = 0x9E37_79B9_7F4A_7C15;
    // `seen[s] == round` marks slots taken in this round.
    let mut seen = [0u16; 1 << LOOKUP_BITS];
    let mut round: u16 = 1;
    loop {
        let mut i = 0;
        let mut clash = false;
        while i < KEYS.len() {
            let s = slot(KEYS[i], mult);
            if seen[s] == round {
                clash = true;
                break;
            }
            seen[s] = round;
            i += 1;
        }
        if !clash {
            break mult;
        }
        assert!(round < u16::MAX, "no collision-free multiplier");
        round += 1;
        mult = mult.wrapping_add(0x5851_F42D_4C95_7F2E);
        mult |= 1;
    }
};

/// From a key's slot to the index in [`KEYS`] plus one (0: no known name).
static LOOKUP: [u8; 1 << LOOKUP_BITS] = {
    assert!(KEYS.len() < 255);
    let mut table = [0u8; 1 << LOOKUP_BITS];
    let mut i = 0;
    while i < KEYS.len() {
        table[slot(KEYS[i], MULT)] = (i + 1) as u8;
        i += 1;
    }
    table
};

/// [`known`] for the name at `start..end` of `src`: reads the name as one
/// 16-byte word when the source has that many bytes left, lowercasing all
/// of its letters at once.
#[inline(always)]
pub fn known_at(src: &[u8], start: usize, end: usize) -> Option<u32> {
    let len = end.checked_sub(start)?;
    if len == 0 || len > MAX_KEY_LEN {
        return None;
    }
    if len <= 8 {
        // Most names: one 8-byte word is enough and cheaper than two.
        if let Some(word) = src
            .get(start..start + 8)
            .and_then(|w| <[u8; 8]>::try_from(w).ok())
        {
            let mask = u64::MAX >> (64 - 8 * len);
            let word = u64::from_le_bytes(word) & mask;
            let lower = lower_word(word)?;
            return lookup(u128::from(lower) | ((len as u128) << 120));
        }
    }
    let Some(word) = src
        .get(start..start + 16)
        .and_then(|w| <[u8; 16]>::try_from(w).ok())
    else {
        return known(src.get(start..end)?);
    };
    let mask = u128::MAX >> (128 - 8 * len);
    let word = u128::from_le_bytes(word) & mask;
    let lo = lower_word(word as u64)?;
    let hi = lower_word((word >> 64) as u64)?;
    let key = u128::from(lo) | (u128::from(hi) << 64) | ((len as u128) << 120);
    lookup(key)
}

/// The bytes of `word` with ASCII letters lowercased, all at once; `None`
/// when a byte is not ASCII (known names are).
#[inline(always)]
fn lower_word(word: u64) -> Option<u64> {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    if word & HIGH != 0 {
        return None;
    }
    // Per byte (all below 0x80, so no carry crosses bytes): the high bit of
    // `ge_a` says ">= 'A'", that of `gt_z` says "> 'Z'".
    let ge_a = word + 0x3f3f_3f3f_3f3f_3f3f;
    let gt_z = word + 0x2525_2525_2525_2525;
    let upper = ge_a & !gt_z & HIGH;
    Some(word | (upper >> 2))
}

/// The id of a known element name, in any case (`"IMAGE"`, an alias the
/// standard maps to `img`, included); `None` for other names.
pub fn known(name: &[u8]) -> Option<u32> {
    let key = pack_lower(name);
    if key == 0 {
        return None;
    }
    lookup(key)
}

/// The id of the known name packed as `key` (see [`pack_lower`]).
#[inline]
fn lookup(key: u128) -> Option<u32> {
    let entry = *LOOKUP.get(slot(key, MULT))?;
    let index = usize::from(entry).checked_sub(1)?;
    if KEYS.get(index) != Some(&key) {
        return None;
    }
    Some(if index < KNOWN.len() {
        index as u32
    } else {
        id::IMG
    })
}

/// Interned ids of names the tree builder refers to directly.
pub mod id {
    #![allow(missing_docs)]
    // Some ids are only pinned by the tests against the table: the parser
    // no longer needs them since `known_at` finds every known name.
    #![allow(dead_code)]
    pub const HTML: u32 = 0;
    pub const HEAD: u32 = 1;
    pub const BODY: u32 = 2;
    pub const P: u32 = 3;
    pub const DIV: u32 = 4;
    pub const SPAN: u32 = 5;
    pub const LI: u32 = 7;
    pub const UL: u32 = 8;
    pub const OL: u32 = 9;
    pub const IMG: u32 = 10;
    pub const BR: u32 = 11;
    pub const SCRIPT: u32 = 12;
    pub const META: u32 = 14;
    pub const LINK: u32 = 15;
    pub const PLAINTEXT: u32 = 25;
    pub const DT: u32 = 47;
    pub const DD: u32 = 48;
    pub const TABLE: u32 = 49;
    pub const THEAD: u32 = 53;
    pub const TBODY: u32 = 54;
    pub const TFOOT: u32 = 55;
    pub const TR: u32 = 56;
    pub const TD: u32 = 57;
    pub const TH: u32 = 58;
    pub const BUTTON: u32 = 68;
    pub const OPTION: u32 = 70;
    pub const OPTGROUP: u32 = 71;
    pub const SVG: u32 = 87;
    pub const MATH: u32 = 88;
    pub const A: u32 = 6;
    pub const TEMPLATE: u32 = 19;
    pub const ADDRESS: u32 = 44;
    pub const B: u32 = 89;
    pub const I: u32 = 90;
    pub const EM: u32 = 91;
    pub const STRONG: u32 = 92;
    pub const SMALL: u32 = 99;
    pub const U: u32 = 102;
    pub const CODE: u32 = 106;
    pub const FONT: u32 = 107;
}

/// The id of a known (lowercase) name.
#[cfg(test)]
fn known_id(name: &str) -> Option<u32> {
    KNOWN.iter().position(|(n, _)| *n == name).map(|i| i as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_ids_match_the_table() {
        for (name, id) in [
            ("html", id::HTML),
            ("head", id::HEAD),
            ("body", id::BODY),
            ("p", id::P),
            ("div", id::DIV),
            ("span", id::SPAN),
            ("img", id::IMG),
            ("script", id::SCRIPT),
            ("meta", id::META),
            ("link", id::LINK),
            ("li", id::LI),
            ("ul", id::UL),
            ("ol", id::OL),
            ("br", id::BR),
            ("plaintext", id::PLAINTEXT),
            ("dt", id::DT),
            ("dd", id::DD),
            ("table", id::TABLE),
            ("thead", id::THEAD),
            ("tbody", id::TBODY),
            ("tfoot", id::TFOOT),
            ("tr", id::TR),
            ("td", id::TD),
            ("th", id::TH),
            ("button", id::BUTTON),
            ("option", id::OPTION),
            ("optgroup", id::OPTGROUP),
            ("svg", id::SVG),
            ("math", id::MATH),
            ("a", id::A),
            ("template", id::TEMPLATE),
            ("address", id::ADDRESS),
            ("b", id::B),
            ("i", id::I),
            ("em", id::EM),
            ("strong", id::STRONG),
            ("small", id::SMALL),
            ("u", id::U),
            ("code", id::CODE),
            ("font", id::FONT),
        ] {
            assert_eq!(known_id(name), Some(id), "{name}");
        }
    }

    #[test]
    fn static_lookup_finds_every_known_name_in_any_case() {
        for (i, (name, _)) in KNOWN.iter().enumerate() {
            assert_eq!(known(name.as_bytes()), Some(i as u32), "{name}");
            let upper = name.to_ascii_uppercase();
            assert_eq!(known(upper.as_bytes()), Some(i as u32), "{upper}");
        }
        assert_eq!(known(b"image"), Some(id::IMG));
        assert_eq!(known(b"Image"), Some(id::IMG));
        for other in [
            "",
            "x",
            "p\0",
            "divv",
            "scrip",
            "my-element",
            "abcdefghijklmnopq",
        ] {
            assert_eq!(known(other.as_bytes()), None, "{other}");
        }
        assert_eq!(known(b"p\0"), None);
    }

    #[test]
    fn word_lookup_agrees_with_byte_lookup() {
        let names = [
            "div",
            "DIV",
            "Div",
            "image",
            "IMG",
            "@a",
            "[p",
            "`b",
            "{i",
            "h1",
            "H6",
            "x-y",
            "blockquote",
            "figcaption",
            "\u{e9}m",
            "plaintext",
            "scripts",
            "",
        ];
        for name in names {
            let mut src = b"<".to_vec();
            src.extend_from_slice(name.as_bytes());
            let end = src.len();
            src.extend_from_slice(b" class=x>....................");
            assert_eq!(known_at(&src, 1, end), known(name.as_bytes()), "{name}");
            // Near the end of the input the bytes are read one by one.
            let short = &src[..end];
            assert_eq!(known_at(short, 1, end), known(name.as_bytes()), "{name}");
        }
        // Every byte value in every position of a known name.
        for b in 0u8..=255 {
            for pos in 0..3 {
                let mut name = *b"div";
                name[pos] = b;
                let mut src = name.to_vec();
                src.extend_from_slice(&[b' '; 16]);
                assert_eq!(known_at(&src, 0, 3), known(&name), "{name:?}");
            }
        }
    }
}
