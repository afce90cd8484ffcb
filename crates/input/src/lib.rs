//! Read pages from files, gzip files, directories, URLs and stdin.
//!
//! Every read is bounded: a size limit (also on what a gzip file expands to),
//! and for URLs a timeout and a redirect limit. URLs that resolve to private,
//! loopback or link-local addresses are refused unless the caller allows them,
//! so a list of URLs from an untrusted feed cannot reach internal services.
//!
//! ```no_run
//! use dateline_input::{Input, Limits};
//! let limits = Limits::default();
//! for input in dateline_input::expand(&["pages/".to_string()]) {
//!     let page = input.and_then(|i| i.read(&limits));
//!     # let _ = page;
//! }
//! ```

#![warn(missing_docs)]

mod fetch;

pub use fetch::Response;

use dateline_core::Page;
use std::fmt;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Where one page comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// A file on disk, gzip-compressed or not.
    File(PathBuf),
    /// An `http://` or `https://` URL.
    Url(String),
    /// Standard input (written `-` on the command line).
    Stdin,
}

/// Bounds on reading one input.
#[derive(Debug, Clone)]
pub struct Limits {
    /// Largest page accepted, in bytes, after gzip decompression.
    pub max_bytes: u64,
    /// Whole-request timeout for URLs.
    pub timeout: Duration,
    /// Redirects followed before giving up.
    pub max_redirects: usize,
    /// Allow URLs that resolve to loopback, private or link-local addresses.
    pub allow_private: bool,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_bytes: 32 * 1024 * 1024,
            timeout: Duration::from_secs(30),
            max_redirects: 5,
            allow_private: false,
        }
    }
}

/// Why an input could not be read. Its `Display` names the input first.
#[derive(Debug)]
pub struct InputError {
    /// The path, URL or `-` that failed.
    pub source: String,
    /// What went wrong.
    pub reason: Reason,
}

/// The reason an input could not be read.
#[derive(Debug, thiserror::Error)]
pub enum Reason {
    /// The file or directory could not be opened or read.
    #[error("{0}")]
    Io(#[from] std::io::Error),
    /// The page (or what its gzip expands to) exceeds [`Limits::max_bytes`].
    #[error("larger than the limit of {limit} bytes (raise it with --max-bytes)")]
    TooLarge {
        /// The limit in force.
        limit: u64,
    },
    /// The gzip stream is corrupt or truncated.
    #[error("not a valid gzip file: {0}")]
    Gzip(std::io::Error),
    /// The URL is malformed or uses a scheme other than http(s).
    #[error("not a fetchable URL: {0}")]
    BadUrl(String),
    /// The URL resolves to an address that is not allowed.
    #[error(
        "refused: {0} is a private, loopback or link-local address (use --allow-private to permit)"
    )]
    PrivateAddress(String),
    /// The server answered with an error status.
    #[error("HTTP status {0}")]
    Status(u16),
    /// The connection failed, timed out, or redirected too often.
    #[error("fetch failed: {0}")]
    Http(String),
    /// The bytes are not what their kind requires (a malformed feed, OPML
    /// list or WARC record); the text says what and where.
    #[error("{0}")]
    Format(String),
    /// robots.txt of the host does not allow dateline to fetch the URL.
    #[error("disallowed by the site's robots.txt")]
    Disallowed,
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.source, self.reason)
    }
}

impl std::error::Error for InputError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.reason)
    }
}

impl Input {
    /// Interprets a command-line argument: `-` is stdin, `http(s)://` a URL,
    /// anything else a path.
    pub fn parse(arg: &str) -> Input {
        if arg == "-" {
            Input::Stdin
        } else if arg.starts_with("http://") || arg.starts_with("https://") {
            Input::Url(arg.to_string())
        } else {
            Input::File(PathBuf::from(arg))
        }
    }

    /// The input as a user wrote it, for messages.
    pub fn name(&self) -> String {
        match self {
            Input::File(p) => p.display().to_string(),
            Input::Url(u) => u.clone(),
            Input::Stdin => "-".to_string(),
        }
    }

    /// Reads the page within `limits`.
    pub fn read(&self, limits: &Limits) -> Result<Page, InputError> {
        let fail = |reason| InputError {
            source: self.name(),
            reason,
        };
        match self {
            Input::File(path) => {
                let file = std::fs::File::open(path).map_err(|e| fail(Reason::Io(e)))?;
                let bytes = read_maybe_gzip(file, limits.max_bytes).map_err(fail)?;
                Ok(Page {
                    source: self.name(),
                    url: None,
                    content_type: None,
                    bytes,
                })
            }
            Input::Stdin => {
                let bytes =
                    read_maybe_gzip(std::io::stdin().lock(), limits.max_bytes).map_err(fail)?;
                Ok(Page {
                    source: self.name(),
                    url: None,
                    content_type: None,
                    bytes,
                })
            }
            Input::Url(url) => fetch::fetch(url, limits).map_err(fail),
        }
    }
}

/// Fetches `url` with extra request headers (conditional GET:
/// `If-None-Match`, `If-Modified-Since`) within `limits`, and returns the
/// response whatever its status, with its headers. The same limits and
/// private-address refusal as [`Input::read`] apply.
pub fn fetch_with(
    url: &str,
    headers: &[(&str, &str)],
    limits: &Limits,
) -> Result<Response, InputError> {
    fetch::fetch_with(url, headers, limits).map_err(|reason| InputError {
        source: url.to_string(),
        reason,
    })
}

/// The `User-Agent` dateline sends, and the name robots.txt rules address.
pub const USER_AGENT: &str = concat!("dateline/", env!("CARGO_PKG_VERSION"));

/// File name endings of single pages, read as pages without looking inside.
const PAGE_SUFFIXES: &[&str] = &[
    ".html",
    ".htm",
    ".xhtml",
    ".shtml",
    ".txt",
    ".md",
    ".markdown",
];

/// File name endings of sources that hold many pages or links, also read
/// when a directory is given; the caller tells them apart by content (see
/// the dateline-sources crate).
const SOURCE_SUFFIXES: &[&str] = &[".warc", ".rss", ".atom", ".opml"];

/// The lower-cased file name without a `.gz` ending.
fn name_stem(path: &Path) -> Option<String> {
    let mut lower = path.file_name()?.to_str()?.to_ascii_lowercase();
    if lower.ends_with(".gz") {
        lower.truncate(lower.len() - ".gz".len());
    }
    Some(lower)
}

/// Whether a file's name says it is a single page (`.html`, `.txt`, `.md`...,
/// also gzipped), so its content need not be examined to know its kind.
pub fn is_plain_page(path: &Path) -> bool {
    name_stem(path).is_some_and(|stem| PAGE_SUFFIXES.iter().any(|s| stem.ends_with(s)))
}

/// Whether a file inside a directory looks like a page or source to read.
fn is_page_file(path: &Path) -> bool {
    let Some(stem) = name_stem(path) else {
        return false;
    };
    !stem.starts_with('.')
        && PAGE_SUFFIXES
            .iter()
            .chain(SOURCE_SUFFIXES)
            .any(|s| stem.ends_with(s))
}

/// Turns command-line arguments into inputs, walking directories (sorted,
/// recursively, hidden entries and symlinked directories skipped). A
/// directory that cannot be read yields an error in its place; the rest go on.
pub fn expand(args: &[String]) -> Vec<Result<Input, InputError>> {
    let mut out = Vec::new();
    for arg in args {
        let input = Input::parse(arg);
        match &input {
            Input::File(path) if path.is_dir() => walk(path, &mut out),
            _ => out.push(Ok(input)),
        }
    }
    out
}

fn walk(dir: &Path, out: &mut Vec<Result<Input, InputError>>) {
    // An explicit stack instead of recursion: directory depth is untrusted.
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let entries = match std::fs::read_dir(&dir) {
            Ok(rd) => rd,
            Err(e) => {
                out.push(Err(InputError {
                    source: dir.display().to_string(),
                    reason: Reason::Io(e),
                }));
                continue;
            }
        };
        let mut files = Vec::new();
        let mut dirs = Vec::new();
        for entry in entries.flatten() {
            let path = entry.path();
            let hidden = entry.file_name().to_string_lossy().starts_with('.');
            match entry.file_type() {
                Ok(t) if t.is_dir() && !hidden => dirs.push(path),
                Ok(t) if !t.is_dir() && is_page_file(&path) => files.push(path),
                _ => {}
            }
        }
        files.sort();
        dirs.sort();
        out.extend(files.into_iter().map(|p| Ok(Input::File(p))));
        // Reverse so the stack visits subdirectories in sorted order.
        stack.extend(dirs.into_iter().rev());
    }
}

/// Reads everything from `reader`, un-gzipping when the bytes start with the
/// gzip magic number, and refuses more than `limit` bytes either way.
pub fn read_maybe_gzip(mut reader: impl Read, limit: u64) -> Result<Vec<u8>, Reason> {
    let mut head = [0u8; 2];
    let mut got = 0;
    while got < 2 {
        match reader.read(&mut head[got..])? {
            0 => break,
            n => got += n,
        }
    }
    let chained = (&head[..got]).chain(reader);
    if got == 2 && head == [0x1f, 0x8b] {
        let decoder = flate2::read::MultiGzDecoder::new(chained);
        read_limited(decoder, limit).map_err(|e| match e {
            Reason::Io(io) => Reason::Gzip(io),
            other => other,
        })
    } else {
        read_limited(chained, limit)
    }
}

/// Reads `reader` to the end, refusing more than `limit` bytes with
/// [`Reason::TooLarge`].
pub fn read_limited(reader: impl Read, limit: u64) -> Result<Vec<u8>, Reason> {
    let mut bytes = Vec::new();
    reader
        .take(limit.saturating_add(1))
        .read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(Reason::TooLarge { limit });
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn gzip(data: &[u8]) -> Vec<u8> {
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        enc.write_all(data).unwrap();
        enc.finish().unwrap()
    }

    #[test]
    fn parses_arguments() {
        assert_eq!(Input::parse("-"), Input::Stdin);
        assert_eq!(
            Input::parse("https://example.com/a"),
            Input::Url("https://example.com/a".into())
        );
        assert_eq!(Input::parse("a.html"), Input::File("a.html".into()));
    }

    #[test]
    fn reads_plain_and_gzip_within_limit() {
        let page = b"<html><p>Hello</p></html>".to_vec();
        assert_eq!(read_maybe_gzip(&page[..], 100).unwrap(), page);
        assert_eq!(read_maybe_gzip(&gzip(&page)[..], 100).unwrap(), page);
        assert_eq!(read_maybe_gzip(&b""[..], 100).unwrap(), b"");
        assert_eq!(read_maybe_gzip(&b"x"[..], 100).unwrap(), b"x");
    }

    #[test]
    fn refuses_pages_and_gzip_bombs_over_the_limit() {
        let big = vec![b'a'; 10_000];
        assert!(matches!(
            read_maybe_gzip(&big[..], 9_999),
            Err(Reason::TooLarge { limit: 9_999 })
        ));
        // A small gzip that expands to 10 MB must stop at the limit.
        let bomb = gzip(&vec![0u8; 10_000_000]);
        assert!(bomb.len() < 100_000);
        assert!(matches!(
            read_maybe_gzip(&bomb[..], 1_000_000),
            Err(Reason::TooLarge { .. })
        ));
    }

    #[test]
    fn reports_truncated_gzip() {
        let mut data = gzip(&vec![b'x'; 100_000]);
        data.truncate(data.len() / 2);
        let err = read_maybe_gzip(&data[..], 1 << 20).unwrap_err();
        assert!(matches!(err, Reason::Gzip(_)), "{err}");
    }

    #[test]
    fn walks_directories_sorted_and_names_failures() {
        let dir = std::env::temp_dir().join(format!("dateline-input-{}", std::process::id()));
        let sub = dir.join("b-sub");
        std::fs::create_dir_all(&sub).unwrap();
        for name in ["z.html", "a.htm.gz", "notes.pdf", ".hidden.html"] {
            std::fs::write(dir.join(name), b"x").unwrap();
        }
        std::fs::write(sub.join("c.txt"), b"x").unwrap();
        let found: Vec<String> = expand(&[dir.display().to_string()])
            .into_iter()
            .map(|r| {
                let name = r.unwrap().name();
                name.rsplit('/').next().unwrap().to_string()
            })
            .collect();
        assert_eq!(found, ["a.htm.gz", "z.html", "c.txt"]);

        let missing = Input::File(dir.join("nope.html"))
            .read(&Limits::default())
            .unwrap_err();
        assert!(missing.to_string().contains("nope.html: "), "{missing}");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
