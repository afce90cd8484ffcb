//! A streaming WARC reader for crawl archives in the Common Crawl (CC-NEWS)
//! layout: one gzip member per record, `response` records holding the HTTP
//! status line and headers followed by the page.
//!
//! Records are read one at a time within a size limit, so an archive of
//! any size streams in bounded memory. Offsets are those a CDX index uses:
//! for a gzip file, the byte where the record's gzip member starts; for an
//! uncompressed file, the byte where the record starts. A damaged or
//! truncated archive yields the records before the damage and then one
//! error naming the offset.

use dateline_core::Page;
use std::io::{self, BufRead, BufReader, Read};

/// Longest header line accepted (WARC and HTTP).
const MAX_LINE: u64 = 64 * 1024;
/// Most header lines accepted in one block.
const MAX_HEADERS: usize = 1024;

/// One WARC record: its headers and (bounded) block.
#[derive(Debug, Clone)]
pub struct WarcRecord {
    /// Where the record starts (see the module documentation).
    pub offset: u64,
    /// The WARC headers, in order.
    pub headers: Vec<(String, String)>,
    /// The record block (for a `response`, the HTTP message).
    pub block: Vec<u8>,
}

impl WarcRecord {
    /// The first value of WARC header `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        header(&self.headers, name)
    }
}

fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

/// What a record turned out to be when read as a page.
#[derive(Debug)]
pub enum RecordPage {
    /// An HTML page answered with 200.
    Page(Page),
    /// Not a page to ingest: not a `response`, not 200, not HTML. The text
    /// says which, for counting.
    Skipped(&'static str),
}

/// Reads the WARC records of an archive, gzip-compressed (per record or as
/// one stream) or not.
pub struct WarcReader<R: BufRead> {
    reader: BufReader<Members<R>>,
    /// Uncompressed bytes consumed so far.
    pos: u64,
    limit: u64,
    done: bool,
}

impl<R: BufRead> WarcReader<R> {
    /// A reader over `source`; `limit` bounds one record's block in bytes
    /// (larger records are skipped with an error, and reading goes on).
    pub fn new(mut source: R, limit: u64) -> io::Result<Self> {
        let gzip = source.fill_buf()?.starts_with(&[0x1f, 0x8b]);
        let members = Members {
            raw: Some(Counted {
                inner: source,
                pos: 0,
            }),
            decoder: None,
            gzip,
            member_start: 0,
        };
        Ok(WarcReader {
            reader: BufReader::with_capacity(64 * 1024, members),
            pos: 0,
            limit,
            done: false,
        })
    }

    /// The offset a record starting at uncompressed position `pos` is named by.
    fn offset_of(&self, pos: u64) -> u64 {
        let members = self.reader.get_ref();
        if members.gzip {
            members.member_start
        } else {
            pos
        }
    }

    fn error_at(&mut self, what: String) -> io::Error {
        self.done = true;
        io::Error::new(io::ErrorKind::InvalidData, what)
    }

    /// The next record, `None` at the end, or an error saying where the
    /// archive is damaged. After an error other than an oversized record,
    /// the reader ends.
    pub fn next_record(&mut self) -> Option<io::Result<WarcRecord>> {
        if self.done {
            return None;
        }
        // Blank lines between records are tolerated.
        loop {
            let buf = match self.reader.fill_buf() {
                Ok(b) => b,
                Err(e) => {
                    let at = self.reader.get_ref().member_start;
                    return Some(Err(self.error_at(format!(
                        "gzip data damaged or truncated in the member starting at byte {at}: {e}"
                    ))));
                }
            };
            if buf.is_empty() {
                self.done = true;
                return None;
            }
            let skip = buf
                .iter()
                .take_while(|&&b| b == b'\r' || b == b'\n')
                .count();
            if skip == 0 {
                break;
            }
            self.reader.consume(skip);
            self.pos += skip as u64;
        }
        let start = self.pos;
        let offset = self.offset_of(start);
        Some(self.read_record(offset))
    }

    fn read_record(&mut self, offset: u64) -> io::Result<WarcRecord> {
        let version = match self.line()? {
            Some(l) => l,
            None => return Err(self.error_at(format!("truncated WARC record at offset {offset}"))),
        };
        if !version.starts_with("WARC/") {
            return Err(self.error_at(format!(
                "not a WARC record at offset {offset} (it starts {:?})",
                version.chars().take(40).collect::<String>()
            )));
        }
        let mut headers: Vec<(String, String)> = Vec::new();
        loop {
            let line = match self.line()? {
                Some(l) => l,
                None => {
                    return Err(self.error_at(format!(
                        "truncated WARC record at offset {offset}: the headers end early"
                    )))
                }
            };
            if line.is_empty() {
                break;
            }
            if headers.len() >= MAX_HEADERS {
                return Err(self.error_at(format!(
                    "WARC record at offset {offset} has more than {MAX_HEADERS} headers"
                )));
            }
            push_header(&mut headers, &line);
        }
        let length = match header(&headers, "Content-Length").map(|v| v.trim().parse::<u64>()) {
            Some(Ok(n)) => n,
            _ => {
                return Err(self.error_at(format!(
                    "WARC record at offset {offset} has no valid Content-Length"
                )))
            }
        };
        let mut block = Vec::new();
        let keep = length.min(self.limit);
        let got = self.read_counted(keep, Some(&mut block))?;
        let skipped = if length > keep {
            self.read_counted(length - keep, None)?
        } else {
            0
        };
        if got + skipped < length {
            return Err(self.error_at(format!(
                "truncated WARC record at offset {offset}: {length} bytes announced, {} present",
                got + skipped
            )));
        }
        if length > self.limit {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                format!(
                    "WARC record at offset {offset} is {length} bytes, larger than the limit of {} (raise it with --max-bytes)",
                    self.limit
                ),
            ));
        }
        Ok(WarcRecord {
            offset,
            headers,
            block,
        })
    }

    /// Reads up to `n` bytes into `into` (or discards them), counting them.
    fn read_counted(&mut self, n: u64, into: Option<&mut Vec<u8>>) -> io::Result<u64> {
        let mut take = (&mut self.reader).take(n);
        let result = match into {
            Some(v) => take.read_to_end(v).map(|n| n as u64),
            None => io::copy(&mut take, &mut io::sink()),
        };
        match result {
            Ok(got) => {
                self.pos += got;
                Ok(got)
            }
            Err(e) => {
                let at = self.reader.get_ref().member_start;
                Err(self.error_at(format!(
                    "gzip data damaged or truncated in the member starting at byte {at}: {e}"
                )))
            }
        }
    }

    /// One header line without its line ending; `None` at the end of input.
    fn line(&mut self) -> io::Result<Option<String>> {
        let mut raw = Vec::new();
        let got = (&mut self.reader)
            .take(MAX_LINE)
            .read_until(b'\n', &mut raw);
        let got = match got {
            Ok(n) => n,
            Err(e) => {
                let at = self.reader.get_ref().member_start;
                return Err(self.error_at(format!(
                    "gzip data damaged or truncated in the member starting at byte {at}: {e}"
                )));
            }
        };
        self.pos += got as u64;
        if got == 0 {
            return Ok(None);
        }
        if raw.last() != Some(&b'\n') {
            if got as u64 >= MAX_LINE {
                let at = self.pos;
                return Err(self.error_at(format!(
                    "header line longer than {MAX_LINE} bytes near uncompressed byte {at}"
                )));
            }
            return Ok(None);
        }
        while matches!(raw.last(), Some(b'\n' | b'\r')) {
            raw.pop();
        }
        Ok(Some(String::from_utf8_lossy(&raw).into_owned()))
    }
}

impl<R: BufRead> Iterator for WarcReader<R> {
    type Item = io::Result<WarcRecord>;
    fn next(&mut self) -> Option<Self::Item> {
        self.next_record()
    }
}

fn push_header(headers: &mut Vec<(String, String)>, line: &str) {
    if line.starts_with([' ', '\t']) {
        // A folded continuation of the previous header.
        if let Some((_, v)) = headers.last_mut() {
            v.push(' ');
            v.push_str(line.trim());
        }
        return;
    }
    if let Some((name, value)) = line.split_once(':') {
        headers.push((name.trim().to_string(), value.trim().to_string()));
    }
}

/// Turns a record into a page when it is a 200 HTML `response`: the URL is
/// `WARC-Target-URI`, the content type (with its charset) comes from the
/// HTTP headers, and a chunked or gzip-encoded payload is decoded. `name`
/// names the archive in the page's source (`name#offset`).
pub fn record_page(record: WarcRecord, name: &str, limit: u64) -> Result<RecordPage, String> {
    let offset = record.offset;
    if !record
        .header("WARC-Type")
        .is_some_and(|t| t.eq_ignore_ascii_case("response"))
    {
        return Ok(RecordPage::Skipped("not a response record"));
    }
    let url = record
        .header("WARC-Target-URI")
        .map(|u| u.trim_matches(|c| c == '<' || c == '>').to_string());
    let block = record.block;
    let Some(head_end) = find(&block, b"\r\n\r\n")
        .map(|i| i + 4)
        .or_else(|| find(&block, b"\n\n").map(|i| i + 2))
    else {
        return Err(format!(
            "{name}: response record at offset {offset} has no HTTP header block"
        ));
    };
    let head = String::from_utf8_lossy(&block[..head_end]);
    let mut lines = head.lines();
    let status_line = lines.next().unwrap_or("");
    let status: Option<u16> = status_line
        .strip_prefix("HTTP/")
        .and_then(|rest| rest.split_whitespace().nth(1))
        .and_then(|code| code.parse().ok());
    let Some(status) = status else {
        return Err(format!(
            "{name}: response record at offset {offset} has no HTTP status line"
        ));
    };
    if status != 200 {
        return Ok(RecordPage::Skipped("HTTP status other than 200"));
    }
    let mut http: Vec<(String, String)> = Vec::new();
    for line in lines.take(MAX_HEADERS) {
        if !line.is_empty() {
            push_header(&mut http, line);
        }
    }
    let body = &block[head_end..];
    let content_type = header(&http, "Content-Type").map(str::to_string);
    let html = match &content_type {
        Some(ct) => {
            let mime = ct
                .split(';')
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase();
            mime == "text/html" || mime == "application/xhtml+xml"
        }
        None => looks_like_html(body),
    };
    if !html {
        return Ok(RecordPage::Skipped("not HTML"));
    }
    // Common Crawl stores the payload decoded and renames the original
    // headers (X-Crawler-Transfer-Encoding); other crawlers keep the bytes
    // as sent, so an encoding still named plainly is undone here.
    let chunked = header(&http, "Transfer-Encoding")
        .is_some_and(|t| t.to_ascii_lowercase().contains("chunked"));
    let body = if chunked {
        dechunk(body).ok_or_else(|| {
            format!("{name}: response record at offset {offset} has a malformed chunked body")
        })?
    } else {
        body.to_vec()
    };
    let bytes = dateline_input::read_maybe_gzip(&body[..], limit)
        .map_err(|e| format!("{name}: response record at offset {offset}: {e}"))?;
    Ok(RecordPage::Page(Page {
        source: format!("{name}#{offset}"),
        url,
        content_type,
        bytes,
    }))
}

fn looks_like_html(body: &[u8]) -> bool {
    let head = &body[..body.len().min(1024)];
    let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
    find(&lower, b"<html").is_some() || find(&lower, b"<!doctype html").is_some()
}

/// Undoes chunked transfer encoding; `None` when the chunks are malformed.
fn dechunk(mut body: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(body.len());
    loop {
        let eol = find(body, b"\r\n")?;
        let size_text = std::str::from_utf8(&body[..eol]).ok()?;
        let size_text = size_text.split(';').next()?.trim();
        let size = usize::from_str_radix(size_text, 16).ok()?;
        body = &body[eol + 2..];
        if size == 0 {
            return Some(out);
        }
        let chunk = body.get(..size)?;
        out.extend_from_slice(chunk);
        body = body.get(size..)?;
        body = body.strip_prefix(b"\r\n").unwrap_or(body);
    }
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    memfind(hay, needle)
}

fn memfind(hay: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() || hay.len() < needle.len() {
        return None;
    }
    hay.windows(needle.len()).position(|w| w == needle)
}

/// A reader counting the bytes its consumer has used.
struct Counted<R> {
    inner: R,
    pos: u64,
}

impl<R: BufRead> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.pos += n as u64;
        Ok(n)
    }
}

impl<R: BufRead> BufRead for Counted<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        self.inner.fill_buf()
    }
    fn consume(&mut self, amt: usize) {
        self.pos += amt as u64;
        self.inner.consume(amt);
    }
}

/// The uncompressed bytes of a file, member by member for gzip, knowing
/// where the current member starts. One `read` call returns bytes of one
/// member only, so a buffer filled from it never mixes two members.
struct Members<R> {
    raw: Option<Counted<R>>,
    decoder: Option<flate2::bufread::GzDecoder<Counted<R>>>,
    gzip: bool,
    member_start: u64,
}

impl<R: BufRead> Read for Members<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if !self.gzip {
            return match &mut self.raw {
                Some(r) => r.read(buf),
                None => Ok(0),
            };
        }
        loop {
            if let Some(decoder) = &mut self.decoder {
                let n = decoder.read(buf)?;
                if n > 0 || buf.is_empty() {
                    return Ok(n);
                }
                // The member ended: the bufread decoder has consumed exactly
                // its bytes, so the raw reader stands at the next member.
                if let Some(decoder) = self.decoder.take() {
                    self.raw = Some(decoder.into_inner());
                }
            }
            let Some(mut raw) = self.raw.take() else {
                return Ok(0);
            };
            if raw.fill_buf()?.is_empty() {
                self.raw = Some(raw);
                return Ok(0);
            }
            self.member_start = raw.pos;
            self.decoder = Some(flate2::bufread::GzDecoder::new(raw));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dechunks() {
        assert_eq!(
            dechunk(b"4\r\nWiki\r\n5;x=y\r\npedia\r\n0\r\n\r\n").unwrap(),
            b"Wikipedia"
        );
        assert!(dechunk(b"zz\r\nWiki").is_none());
        assert!(dechunk(b"ffffffff\r\nshort").is_none());
        assert!(dechunk(b"ffffffffffffffffffff\r\nshort").is_none());
    }
}
