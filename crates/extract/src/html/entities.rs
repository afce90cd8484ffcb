//! Character references: the HTML 4 named set (all 253) plus the HTML5 names
//! common on news pages, and numeric references.

/// Names that browsers also accept without the closing `;`.
const LEGACY: &[&str] = &[
    "amp", "lt", "gt", "quot", "nbsp", "copy", "reg", "AMP", "LT", "GT", "QUOT", "COPY", "REG",
];

/// The code point of a named reference (without `&` and `;`).
pub fn named(name: &str) -> Option<char> {
    let c: u32 = match name {
        "quot" | "QUOT" => 34,
        "amp" | "AMP" => 38,
        "apos" => 39,
        "lt" | "LT" => 60,
        "gt" | "GT" => 62,
        "nbsp" | "NonBreakingSpace" => 160,
        "iexcl" => 161,
        "cent" => 162,
        "pound" => 163,
        "curren" => 164,
        "yen" => 165,
        "brvbar" => 166,
        "sect" => 167,
        "uml" | "die" | "Dot" => 168,
        "copy" | "COPY" => 169,
        "ordf" => 170,
        "laquo" => 171,
        "not" => 172,
        "shy" => 173,
        "reg" | "REG" | "circledR" => 174,
        "macr" => 175,
        "deg" => 176,
        "plusmn" | "pm" => 177,
        "sup2" => 178,
        "sup3" => 179,
        "acute" => 180,
        "micro" => 181,
        "para" => 182,
        "middot" | "centerdot" => 183,
        "cedil" => 184,
        "sup1" => 185,
        "ordm" => 186,
        "raquo" => 187,
        "frac14" => 188,
        "frac12" | "half" => 189,
        "frac34" => 190,
        "iquest" => 191,
        "Agrave" => 192,
        "Aacute" => 193,
        "Acirc" => 194,
        "Atilde" => 195,
        "Auml" => 196,
        "Aring" => 197,
        "AElig" => 198,
        "Ccedil" => 199,
        "Egrave" => 200,
        "Eacute" => 201,
        "Ecirc" => 202,
        "Euml" => 203,
        "Igrave" => 204,
        "Iacute" => 205,
        "Icirc" => 206,
        "Iuml" => 207,
        "ETH" => 208,
        "Ntilde" => 209,
        "Ograve" => 210,
        "Oacute" => 211,
        "Ocirc" => 212,
        "Otilde" => 213,
        "Ouml" => 214,
        "times" => 215,
        "Oslash" => 216,
        "Ugrave" => 217,
        "Uacute" => 218,
        "Ucirc" => 219,
        "Uuml" => 220,
        "Yacute" => 221,
        "THORN" => 222,
        "szlig" => 223,
        "agrave" => 224,
        "aacute" => 225,
        "acirc" => 226,
        "atilde" => 227,
        "auml" => 228,
        "aring" => 229,
        "aelig" => 230,
        "ccedil" => 231,
        "egrave" => 232,
        "eacute" => 233,
        "ecirc" => 234,
        "euml" => 235,
        "igrave" => 236,
        "iacute" => 237,
        "icirc" => 238,
        "iuml" => 239,
        "eth" => 240,
        "ntilde" => 241,
        "ograve" => 242,
        "oacute" => 243,
        "ocirc" => 244,
        "otilde" => 245,
        "ouml" => 246,
        "divide" | "div" => 247,
        "oslash" => 248,
        "ugrave" => 249,
        "uacute" => 250,
        "ucirc" => 251,
        "uuml" => 252,
        "yacute" => 253,
        "thorn" => 254,
        "yuml" => 255,
        "Amacr" => 0x100,
        "amacr" => 0x101,
        "Abreve" => 0x102,
        "abreve" => 0x103,
        "Aogon" => 0x104,
        "aogon" => 0x105,
        "Cacute" => 0x106,
        "cacute" => 0x107,
        "Ccaron" => 0x10C,
        "ccaron" => 0x10D,
        "Dcaron" => 0x10E,
        "dcaron" => 0x10F,
        "Dstrok" => 0x110,
        "dstrok" => 0x111,
        "Emacr" => 0x112,
        "emacr" => 0x113,
        "Eogon" => 0x118,
        "eogon" => 0x119,
        "Ecaron" => 0x11A,
        "ecaron" => 0x11B,
        "Gbreve" => 0x11E,
        "gbreve" => 0x11F,
        "Idot" => 0x130,
        "imath" | "inodot" => 0x131,
        "Lstrok" => 0x141,
        "lstrok" => 0x142,
        "Nacute" => 0x143,
        "nacute" => 0x144,
        "Ncaron" => 0x147,
        "ncaron" => 0x148,
        "Odblac" => 0x150,
        "odblac" => 0x151,
        "OElig" => 338,
        "oelig" => 339,
        "Rcaron" => 0x158,
        "rcaron" => 0x159,
        "Sacute" => 0x15A,
        "sacute" => 0x15B,
        "Scedil" => 0x15E,
        "scedil" => 0x15F,
        "Scaron" => 352,
        "scaron" => 353,
        "Tcaron" => 0x164,
        "tcaron" => 0x165,
        "Uring" => 0x16E,
        "uring" => 0x16F,
        "Udblac" => 0x170,
        "udblac" => 0x171,
        "Yuml" => 376,
        "Zacute" => 0x179,
        "zacute" => 0x17A,
        "Zdot" => 0x17B,
        "zdot" => 0x17C,
        "Zcaron" => 0x17D,
        "zcaron" => 0x17E,
        "fnof" => 402,
        "circ" => 710,
        "caron" => 711,
        "tilde" => 732,
        "Alpha" => 913,
        "Beta" => 914,
        "Gamma" => 915,
        "Delta" => 916,
        "Epsilon" => 917,
        "Zeta" => 918,
        "Eta" => 919,
        "Theta" => 920,
        "Iota" => 921,
        "Kappa" => 922,
        "Lambda" => 923,
        "Mu" => 924,
        "Nu" => 925,
        "Xi" => 926,
        "Omicron" => 927,
        "Pi" => 928,
        "Rho" => 929,
        "Sigma" => 931,
        "Tau" => 932,
        "Upsilon" => 933,
        "Phi" => 934,
        "Chi" => 935,
        "Psi" => 936,
        "Omega" => 937,
        "alpha" => 945,
        "beta" => 946,
        "gamma" => 947,
        "delta" => 948,
        "epsilon" | "epsi" => 949,
        "zeta" => 950,
        "eta" => 951,
        "theta" => 952,
        "iota" => 953,
        "kappa" => 954,
        "lambda" => 955,
        "mu" => 956,
        "nu" => 957,
        "xi" => 958,
        "omicron" => 959,
        "pi" => 960,
        "rho" => 961,
        "sigmaf" => 962,
        "sigma" => 963,
        "tau" => 964,
        "upsilon" => 965,
        "phi" => 966,
        "chi" => 967,
        "psi" => 968,
        "omega" => 969,
        "thetasym" => 977,
        "upsih" => 978,
        "piv" => 982,
        "ensp" => 8194,
        "emsp" => 8195,
        "emsp13" => 8196,
        "emsp14" => 8197,
        "numsp" => 8199,
        "puncsp" => 8200,
        "thinsp" | "ThinSpace" => 8201,
        "hairsp" | "VeryThinSpace" => 8202,
        "ZeroWidthSpace" => 8203,
        "zwnj" => 8204,
        "zwj" => 8205,
        "lrm" => 8206,
        "rlm" => 8207,
        "hyphen" | "dash" => 8208,
        "ndash" => 8211,
        "mdash" => 8212,
        "horbar" => 8213,
        "Verbar" | "Vert" => 8214,
        "lsquo" | "OpenCurlyQuote" => 8216,
        "rsquo" | "rsquor" | "CloseCurlyQuote" => 8217,
        "sbquo" | "lsquor" => 8218,
        "ldquo" | "OpenCurlyDoubleQuote" => 8220,
        "rdquo" | "rdquor" | "CloseCurlyDoubleQuote" => 8221,
        "bdquo" | "ldquor" => 8222,
        "dagger" => 8224,
        "Dagger" | "ddagger" => 8225,
        "bull" | "bullet" => 8226,
        "nldr" => 8229,
        "hellip" | "mldr" => 8230,
        "permil" => 8240,
        "prime" => 8242,
        "Prime" => 8243,
        "lsaquo" => 8249,
        "rsaquo" => 8250,
        "oline" => 8254,
        "frasl" => 8260,
        "MediumSpace" => 8287,
        "NoBreak" => 8288,
        "euro" => 8364,
        "image" | "Im" => 8465,
        "weierp" => 8472,
        "real" | "Re" => 8476,
        "trade" | "TRADE" => 8482,
        "alefsym" => 8501,
        "larr" | "leftarrow" => 8592,
        "uarr" | "uparrow" => 8593,
        "rarr" | "rightarrow" => 8594,
        "darr" | "downarrow" => 8595,
        "harr" => 8596,
        "crarr" => 8629,
        "lArr" | "Leftarrow" => 8656,
        "uArr" => 8657,
        "rArr" | "Rightarrow" | "Implies" => 8658,
        "dArr" => 8659,
        "hArr" => 8660,
        "forall" => 8704,
        "part" => 8706,
        "exist" => 8707,
        "empty" => 8709,
        "nabla" => 8711,
        "isin" => 8712,
        "notin" => 8713,
        "ni" => 8715,
        "prod" => 8719,
        "sum" => 8721,
        "minus" => 8722,
        "lowast" => 8727,
        "radic" | "Sqrt" => 8730,
        "prop" => 8733,
        "infin" => 8734,
        "ang" => 8736,
        "and" => 8743,
        "or" => 8744,
        "cap" => 8745,
        "cup" => 8746,
        "int" => 8747,
        "there4" | "therefore" => 8756,
        "sim" => 8764,
        "cong" => 8773,
        "asymp" | "ap" => 8776,
        "ne" => 8800,
        "equiv" => 8801,
        "le" | "leq" => 8804,
        "ge" | "geq" => 8805,
        "sub" => 8834,
        "sup" => 8835,
        "nsub" => 8836,
        "sube" => 8838,
        "supe" => 8839,
        "oplus" => 8853,
        "otimes" => 8855,
        "perp" => 8869,
        "sdot" => 8901,
        "lceil" => 8968,
        "rceil" => 8969,
        "lfloor" => 8970,
        "rfloor" => 8971,
        "lang" => 9001,
        "rang" => 9002,
        "loz" => 9674,
        "spades" => 9824,
        "clubs" => 9827,
        "hearts" => 9829,
        "diams" => 9830,
        "check" | "checkmark" => 10003,
        "cross" => 10007,
        "star" => 9734,
        "starf" | "bigstar" => 9733,
        "phone" => 9742,
        "female" => 9792,
        "male" => 9794,
        "sharp" => 9839,
        "flat" => 9837,
        "natural" => 9838,
        "Tab" => 9,
        "NewLine" => 10,
        "excl" => 33,
        "num" => 35,
        "dollar" => 36,
        "percnt" => 37,
        "lpar" => 40,
        "rpar" => 41,
        "ast" | "midast" => 42,
        "plus" => 43,
        "comma" => 44,
        "period" => 46,
        "sol" => 47,
        "colon" => 58,
        "semi" => 59,
        "equals" => 61,
        "quest" => 63,
        "commat" => 64,
        "lsqb" | "lbrack" => 91,
        "bsol" => 92,
        "rsqb" | "rbrack" => 93,
        "Hat" => 94,
        "lowbar" | "UnderBar" => 95,
        "grave" | "DiacriticalGrave" => 96,
        "lcub" | "lbrace" => 123,
        "verbar" | "vert" | "VerticalLine" => 124,
        "rcub" | "rbrace" => 125,
        "numero" => 8470,
        "copysr" => 8471,
        "incare" => 8453,
        "ohm" => 937,
        "angst" => 197,
        "frac13" => 8531,
        "frac23" => 8532,
        "frac15" => 8533,
        "frac25" => 8534,
        "frac35" => 8535,
        "frac45" => 8536,
        "frac16" => 8537,
        "frac56" => 8538,
        "frac18" => 8539,
        "frac38" => 8540,
        "frac58" => 8541,
        "frac78" => 8542,
        "squ" | "square" => 9633,
        "squf" | "blacksquare" => 9642,
        "rtri" => 9657,
        "ltri" => 9667,
        "utri" => 9653,
        "dtri" => 9663,
        "cir" => 9675,
        "hyphenminus" => 45,
        _ => return None,
    };
    char::from_u32(c)
}

/// Whether `name` is also recognised without a trailing `;`.
pub fn legacy(name: &str) -> bool {
    LEGACY.contains(&name)
}

/// The character of a numeric reference's value, as browsers map it: zero,
/// surrogates and out-of-range values become U+FFFD, C1 controls are read as
/// windows-1252.
pub fn numeric(value: u32) -> char {
    const W1252: [u32; 32] = [
        0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
        0x2039, 0x0152, 0x8D, 0x017D, 0x8F, 0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013,
        0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D, 0x017E, 0x0178,
    ];
    let v = if (0x80..=0x9F).contains(&value) {
        W1252.get((value - 0x80) as usize).copied().unwrap_or(value)
    } else {
        value
    };
    if v == 0 {
        return '\u{FFFD}';
    }
    char::from_u32(v).unwrap_or('\u{FFFD}')
}

/// Appends `s` to `out` with character references decoded. `in_attr` applies
/// the attribute rule: a legacy name without `;` followed by `=` or an
/// alphanumeric stays literal.
pub fn decode_into(s: &str, out: &mut String, in_attr: bool) {
    let b = s.as_bytes();
    let mut last = 0;
    let mut pos = 0;
    while let Some(off) = memchr::memchr(b'&', b.get(pos..).unwrap_or(&[])) {
        let amp = pos + off;
        pos = amp + 1;
        if let Some((ch, end)) = reference_at(s, amp, in_attr) {
            out.push_str(&s[last..amp]);
            out.push(ch);
            last = end;
            pos = end;
        }
    }
    out.push_str(&s[last..]);
}

/// Decodes the reference starting at `amp` (the index of `&`); returns the
/// character and the index just past the reference.
fn reference_at(s: &str, amp: usize, in_attr: bool) -> Option<(char, usize)> {
    let b = s.as_bytes();
    let mut i = amp + 1;
    if b.get(i) == Some(&b'#') {
        i += 1;
        let hex = matches!(b.get(i), Some(b'x') | Some(b'X'));
        if hex {
            i += 1;
        }
        let start = i;
        let mut value: u32 = 0;
        while let Some(&c) = b.get(i) {
            let d = if hex {
                (c as char).to_digit(16)
            } else {
                (c as char).to_digit(10)
            };
            match d {
                Some(d) => {
                    value = value
                        .saturating_mul(if hex { 16 } else { 10 })
                        .saturating_add(d);
                    i += 1;
                }
                None => break,
            }
        }
        if i == start {
            return None;
        }
        if b.get(i) == Some(&b';') {
            i += 1;
        }
        return Some((numeric(value.min(0x11_0000)), i));
    }
    let start = i;
    while i < b.len() && i - start < 32 && b[i].is_ascii_alphanumeric() {
        i += 1;
    }
    if i == start {
        return None;
    }
    let name = &s[start..i];
    if b.get(i) == Some(&b';') {
        return named(name).map(|c| (c, i + 1));
    }
    if !legacy(name) {
        return None;
    }
    if in_attr && b.get(i) == Some(&b'=') {
        return None;
    }
    named(name).map(|c| (c, i))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dec(s: &str) -> String {
        let mut o = String::new();
        decode_into(s, &mut o, false);
        o
    }

    #[test]
    fn decodes_named_numeric_and_keeps_invalid() {
        assert_eq!(
            dec("a &amp; b&nbsp;c &mdash; &rsquo;&ldquo;"),
            "a & b\u{a0}c — ’“"
        );
        assert_eq!(dec("&#8217;&#x2014;&#X41;&#150;"), "’—A–");
        assert_eq!(dec("&bogus; & &#; &#xzz; &amp"), "&bogus; & &#; &#xzz; &");
        assert_eq!(
            dec("&#0;&#xD800;&#99999999999;"),
            "\u{FFFD}\u{FFFD}\u{FFFD}"
        );
        let mut o = String::new();
        decode_into("?a=1&copy=2&amp;b", &mut o, true);
        assert_eq!(o, "?a=1&copy=2&b");
    }
}
