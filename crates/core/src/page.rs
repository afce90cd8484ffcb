//! The bytes of one page, before anything is decoded.

/// A page as read from a file, a URL or stdin: the first stage's input.
#[derive(Debug, Clone, Default)]
pub struct Page {
    /// Where the bytes came from, for messages: a path, a URL, or `-`.
    pub source: String,
    /// The URL the page lives at, when known (the fetched URL after redirects).
    pub url: Option<String>,
    /// The HTTP `Content-Type` header, when fetched; it may name the charset.
    pub content_type: Option<String>,
    /// The raw bytes, already un-gzipped.
    pub bytes: Vec<u8>,
}
