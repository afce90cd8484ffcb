//! From raw page bytes to text: BOM, HTTP charset, in-document declaration,
//! detection as the last resort.
//!
//! Declarations lie often enough (pages saved with a new encoding but the old
//! `<meta charset>`, servers defaulting to ISO-8859-1) that a declaration is
//! checked before it is trusted: bytes that are valid UTF-8 and contain
//! non-ASCII are read as UTF-8 whatever a legacy label says, and bytes that
//! are not valid UTF-8 under a UTF-8 label go to detection.

use encoding_rs::{Encoding, UTF_8, WINDOWS_1252};
use std::borrow::Cow;

/// How many bytes the in-document prescan looks at. The HTML standard says
/// 1024; real pages put long scripts and comments first, so look further.
const PRESCAN_BYTES: usize = 4096;

/// Decodes `bytes` to a `String`, choosing the encoding from (in order) a BOM,
/// the HTTP `Content-Type` charset, a `<meta charset>` / `http-equiv`
/// declaration near the start, and detection. Never fails: malformed
/// sequences become U+FFFD.
pub fn decode(bytes: &[u8], content_type: Option<&str>) -> String {
    decode_borrowed(bytes, content_type).into_owned()
}

/// [`decode`] without a copy when the bytes are already the text: valid
/// UTF-8 read as UTF-8 (most pages), or ASCII under an ASCII-compatible
/// label.
pub fn decode_borrowed<'a>(bytes: &'a [u8], content_type: Option<&str>) -> Cow<'a, str> {
    // One validation serves both the choice and the decoding.
    let utf8 = utf8(bytes);
    let encoding = choose_with(bytes, content_type, utf8.is_some());
    if let (true, Some(text)) = (encoding == UTF_8, utf8) {
        // The BOM sniffing in `choose_with` picked UTF-8 for a UTF-8 BOM;
        // it is not part of the text.
        return Cow::Borrowed(text.strip_prefix('\u{feff}').unwrap_or(text));
    }
    // decode_with_bom_removal keeps a BOM out of the text; BOM sniffing
    // already happened in `choose_with`.
    let (text, _) = encoding.decode_with_bom_removal(bytes);
    text
}

/// `std::str::from_utf8(bytes).ok()`, with SIMD validation (simdutf8):
/// the check runs over every byte of every page, and most of a page is
/// ASCII markup that vector instructions clear many bytes at a time.
fn utf8(bytes: &[u8]) -> Option<&str> {
    simdutf8::basic::from_utf8(bytes).ok()
}

/// The encoding [`decode`] uses for these bytes.
pub fn choose(bytes: &[u8], content_type: Option<&str>) -> &'static Encoding {
    choose_with(bytes, content_type, utf8(bytes).is_some())
}

/// [`choose`] given whether `bytes` are valid UTF-8.
fn choose_with(bytes: &[u8], content_type: Option<&str>, utf8_valid: bool) -> &'static Encoding {
    if let Some((enc, _)) = Encoding::for_bom(bytes) {
        return enc;
    }
    let declared = content_type
        .and_then(charset_param)
        .or_else(|| prescan(&bytes[..bytes.len().min(PRESCAN_BYTES)]));
    match declared {
        // UTF-16 declared in markup that we can read as ASCII is a lie (the
        // standard says to treat it as UTF-8).
        Some(enc) if enc == encoding_rs::UTF_16LE || enc == encoding_rs::UTF_16BE => {
            if utf8_valid {
                UTF_8
            } else {
                detect(bytes)
            }
        }
        Some(enc) if enc == UTF_8 => {
            if utf8_valid || mostly_utf8(bytes) {
                UTF_8
            } else {
                detect(bytes)
            }
        }
        // A legacy label on bytes that are valid UTF-8 with non-ASCII in
        // them: the label is stale; such bytes are almost never meant as
        // Latin-1 mojibake.
        Some(enc) => {
            if utf8_valid && !bytes.is_ascii() {
                UTF_8
            } else {
                enc
            }
        }
        None => {
            if utf8_valid {
                UTF_8
            } else {
                detect(bytes)
            }
        }
    }
}

/// True when nearly all non-ASCII sequences are valid UTF-8: a page that is
/// UTF-8 with a few broken bytes (a truncated ad snippet) stays UTF-8.
fn mostly_utf8(bytes: &[u8]) -> bool {
    let mut valid = 0usize;
    let mut invalid = 0usize;
    let mut rest = bytes;
    while !rest.is_empty() {
        match std::str::from_utf8(rest) {
            Ok(s) => {
                valid += s.chars().filter(|c| !c.is_ascii()).count();
                break;
            }
            Err(e) => {
                let (good, bad) = rest.split_at(e.valid_up_to());
                valid += std::str::from_utf8(good)
                    .map(|s| s.chars().filter(|c| !c.is_ascii()).count())
                    .unwrap_or(0);
                invalid += 1;
                let skip = e.error_len().unwrap_or(bad.len()).max(1);
                rest = bad.get(skip..).unwrap_or(&[]);
            }
        }
    }
    valid > 0 && invalid * 4 <= valid
}

fn detect(bytes: &[u8]) -> &'static Encoding {
    let mut det = chardetng::EncodingDetector::new();
    // Detection on the first 64 KiB is as good as on everything and bounds
    // the work.
    det.feed(&bytes[..bytes.len().min(65_536)], bytes.len() <= 65_536);
    let enc = det.guess(None, true);
    if enc == encoding_rs::REPLACEMENT {
        WINDOWS_1252
    } else {
        enc
    }
}

/// The `charset` parameter of a `Content-Type` value, as an encoding.
pub fn charset_param(content_type: &str) -> Option<&'static Encoding> {
    let lower = content_type.to_ascii_lowercase();
    let idx = lower.find("charset")?;
    let rest = lower[idx + "charset".len()..].trim_start();
    let rest = rest.strip_prefix('=')?.trim_start();
    let value: String = rest
        .trim_start_matches(['"', '\''])
        .chars()
        .take_while(|c| !matches!(c, ';' | '"' | '\'' | ' ' | '\t' | ',' | '>' | '/'))
        .collect();
    label(&value)
}

fn label(value: &str) -> Option<&'static Encoding> {
    let enc = Encoding::for_label(value.trim().as_bytes())?;
    // x-user-defined and replacement are never what a page means.
    if enc == encoding_rs::REPLACEMENT || enc == encoding_rs::X_USER_DEFINED {
        None
    } else {
        Some(enc)
    }
}

/// Looks for `<meta charset=...>` or `<meta http-equiv="Content-Type"
/// content="...; charset=...">` (and the XML declaration's `encoding`)
/// in the first bytes of the page.
pub fn prescan(head: &[u8]) -> Option<&'static Encoding> {
    if head
        .get(..5)
        .is_some_and(|h| h.eq_ignore_ascii_case(b"<?xml"))
    {
        // ASCII-compatible bytes only matter here; lossy is fine for scanning.
        let text = String::from_utf8_lossy(head).to_ascii_lowercase();
        let rest = text.get(5..).unwrap_or("");
        if let Some(i) = rest.find("encoding") {
            let after = rest[i + "encoding".len()..].trim_start();
            if let Some(v) = after.strip_prefix('=') {
                let v: String = v
                    .trim_start()
                    .trim_start_matches(['"', '\''])
                    .chars()
                    .take_while(|c| !matches!(c, '"' | '\'' | '?' | ' '))
                    .collect();
                if let Some(enc) = label(&v) {
                    return Some(enc);
                }
            }
        }
    }
    // Only the `<meta ...>` tags are lower-cased, not the whole head.
    let mut from = 0;
    while let Some(i) = head.get(from..).and_then(|r| memchr::memchr(b'<', r)) {
        let start = from + i;
        if !head
            .get(start..start + 5)
            .is_some_and(|w| w.eq_ignore_ascii_case(b"<meta"))
        {
            from = start + 1;
            continue;
        }
        let end = memchr::memchr(b'>', head.get(start..).unwrap_or(&[]))
            .map_or(head.len(), |e| start + e);
        let tag = String::from_utf8_lossy(head.get(start..end).unwrap_or(&[])).to_ascii_lowercase();
        if let Some(enc) = meta_charset(&tag) {
            return Some(enc);
        }
        from = end.max(start + 5);
    }
    None
}

fn meta_charset(tag: &str) -> Option<&'static Encoding> {
    if let Some(i) = tag.find("charset") {
        // Both `<meta charset=x>` and `content="text/html; charset=x"` put
        // the value right after "charset=".
        let rest = tag[i + "charset".len()..].trim_start();
        if let Some(v) = rest.strip_prefix('=') {
            let v: String = v
                .trim_start()
                .trim_start_matches(['"', '\''])
                .chars()
                .take_while(|c| !matches!(c, '"' | '\'' | ';' | ' ' | '/' | '>'))
                .collect();
            return label(&v);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fast_utf8_check_agrees_with_the_standard_one() {
        // Pseudo-random mixes of ASCII runs, valid characters, stray
        // continuation bytes and truncated sequences, at several
        // alignments around the chunk size.
        let pieces: [&[u8]; 9] = [
            b"a",
            &[b'x'; 70],
            "\u{e9}".as_bytes(),
            "\u{2014}".as_bytes(),
            "\u{1F600}".as_bytes(),
            &[0x80],
            &[0xE2, 0x80],
            &[0xF0, 0x9F],
            &[0xC0, 0xAF],
        ];
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let (mut valid, mut invalid) = (0, 0);
        for _ in 0..4000 {
            let mut bytes = Vec::new();
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            for _ in 0..(seed >> 20) % 5 {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                bytes.extend_from_slice(pieces[((seed >> 33) % pieces.len() as u64) as usize]);
            }
            for pad in 0..3 {
                let mut b = vec![b' '; pad * 31];
                b.extend_from_slice(&bytes);
                assert_eq!(utf8(&b), std::str::from_utf8(&b).ok(), "{b:?}");
                if utf8(&b).is_some() {
                    valid += 1;
                } else {
                    invalid += 1;
                }
            }
        }
        assert!(
            valid > 1000 && invalid > 1000,
            "{valid} valid, {invalid} invalid"
        );
    }

    #[test]
    fn bom_wins() {
        let mut b = vec![0xEF, 0xBB, 0xBF];
        b.extend_from_slice("caf\u{e9}".as_bytes());
        assert_eq!(
            decode(&b, Some("text/html; charset=iso-8859-1")),
            "caf\u{e9}"
        );
        let utf16: Vec<u8> = [0xFF, 0xFE, b'h', 0, b'i', 0].to_vec();
        assert_eq!(decode(&utf16, None), "hi");
    }

    #[test]
    fn utf8_is_borrowed_without_its_bom() {
        let b = "\u{feff}<p>caf\u{e9}</p>".as_bytes();
        assert!(matches!(
            decode_borrowed(b, None),
            Cow::Borrowed("<p>caf\u{e9}</p>")
        ));
        let b = b"<p>plain</p>";
        assert!(matches!(
            decode_borrowed(b, None),
            Cow::Borrowed("<p>plain</p>")
        ));
    }

    #[test]
    fn http_header_charset() {
        let b = b"<p>caf\xe9</p>";
        assert_eq!(
            decode(b, Some("text/html; charset=ISO-8859-1")),
            "<p>caf\u{e9}</p>"
        );
        assert_eq!(
            decode(b, Some("text/html;charset=\"windows-1252\"")),
            "<p>caf\u{e9}</p>"
        );
    }

    #[test]
    fn meta_prescan() {
        let b =
            b"<html><head><meta charset=\"windows-1251\"><title>\xcf\xf0\xe8\xe2\xe5\xf2</title>";
        assert!(decode(b, None).contains("\u{41f}\u{440}\u{438}\u{432}\u{435}\u{442}"));
        let b = b"<html><head><META HTTP-EQUIV=\"Content-Type\" CONTENT=\"text/html; charset=iso-8859-2\"><p>\xb1</p>";
        assert!(decode(b, None).contains('\u{105}'));
        assert_eq!(
            prescan(b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>"),
            Some(WINDOWS_1252)
        );
    }

    #[test]
    fn misdeclared_utf8_is_detected() {
        // Declared UTF-8 but written in windows-1252.
        let b = b"<meta charset=utf-8><p>Der Ausschu\xdf hat \xfcber die Stra\xdfe und die Gr\xfc\xdfe des Geb\xe4udes beraten, \xe4hnlich wie zuvor.</p>";
        let t = decode(b, None);
        assert!(t.contains("Ausschu\u{df}"), "{t}");
        assert!(t.contains("\u{fc}ber"));
    }

    #[test]
    fn stale_legacy_label_on_utf8() {
        let b = "<meta charset=iso-8859-1><p>caf\u{e9} \u{2014} na\u{ef}ve</p>".as_bytes();
        assert_eq!(
            decode(b, None),
            "<meta charset=iso-8859-1><p>caf\u{e9} \u{2014} na\u{ef}ve</p>"
        );
    }

    #[test]
    fn undeclared_detection_and_garbage() {
        let t = decode(
            b"<p>\xe9t\xe9 \xe0 la plage, tr\xe8s agr\xe9able, o\xf9 est le caf\xe9?</p>",
            None,
        );
        assert!(t.contains("\u{e9}t\u{e9}"), "{t}");
        // Never fails on arbitrary bytes.
        let junk: Vec<u8> = (0..=255u8).cycle().take(5000).collect();
        let _ = decode(&junk, Some("text/html; charset=utf-8"));
        let _ = decode(&junk, Some("charset="));
        let _ = decode(b"", None);
    }

    #[test]
    fn slightly_broken_utf8_stays_utf8() {
        let mut b = "<meta charset=utf-8><p>\u{201c}Quote\u{201d} \u{2014} caf\u{e9} na\u{ef}ve r\u{e9}sum\u{e9} \u{2018}x\u{2019}</p>".as_bytes().to_vec();
        b.push(0xff);
        let t = decode(&b, None);
        assert!(t.contains("\u{201c}Quote\u{201d}"));
    }
}
