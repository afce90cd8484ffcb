//! Writes a WARC.gz in the CC-NEWS layout (one gzip member per record:
//! warcinfo, then a request and a 200 `response` per page) from a
//! directory of `.html`/`.html.gz` pages, for measuring `dateline ingest`
//! on an archive. The archive is written where told (keep it out of the
//! repository: it holds the pages' text).
//!
//! ```sh
//! cargo run --release -p dateline-sources --example warc_from_dir -- \
//!     ../shared/bench/zyte/html /tmp/zyte.warc.gz --copies 5
//! ```
//! `--copies N` writes every page N times under distinct URLs, for a larger
//! archive. URLs come from `ground-truth.json` beside the directory when it
//! is there, else are made up under `https://bench.invalid/`.

use std::error::Error;
use std::io::{Read, Write};
use std::path::Path;

fn main() -> Result<(), Box<dyn Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(dir), Some(out)) = (args.first(), args.get(1)) else {
        return Err("usage: warc_from_dir DIR OUT.warc.gz [--copies N]".into());
    };
    let copies: usize = match args.iter().position(|a| a == "--copies") {
        Some(i) => args.get(i + 1).ok_or("--copies needs a number")?.parse()?,
        None => 1,
    };
    let urls = read_urls(&Path::new(dir).join("../ground-truth.json"));
    let mut files: Vec<_> = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.to_string_lossy().contains(".htm"))
        .collect();
    files.sort();
    let mut w = std::io::BufWriter::new(std::fs::File::create(out)?);
    w.write_all(&gzip(&record(
        "warcinfo",
        None,
        "application/warc-fields",
        b"software: dateline warc_from_dir\r\nformat: WARC File Format 1.1\r\n",
    )))?;
    let mut n = 0usize;
    for copy in 0..copies {
        for path in &files {
            let raw = std::fs::read(path)?;
            let html = if raw.starts_with(&[0x1f, 0x8b]) {
                let mut v = Vec::new();
                flate2::read::MultiGzDecoder::new(&raw[..]).read_to_end(&mut v)?;
                v
            } else {
                raw
            };
            let name = path.file_name().and_then(|s| s.to_str()).unwrap_or("page");
            let id = name.split('.').next().unwrap_or(name);
            let base = urls
                .iter()
                .find(|(k, _)| k == id)
                .map(|(_, u)| u.clone())
                .unwrap_or_else(|| format!("https://bench.invalid/{id}"));
            let url = if copy == 0 {
                base
            } else {
                format!("{}/copy-{copy}", base.trim_end_matches('/'))
            };
            let request = "GET / HTTP/1.1\r\nHost: bench.invalid\r\nUser-Agent: dateline\r\n\r\n";
            w.write_all(&gzip(&record(
                "request",
                Some(&url),
                "application/http; msgtype=request",
                request.as_bytes(),
            )))?;
            let mut block = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nX-Crawler-Content-Encoding: gzip\r\nContent-Length: {}\r\n\r\n",
                html.len()
            )
            .into_bytes();
            block.extend_from_slice(&html);
            w.write_all(&gzip(&record(
                "response",
                Some(&url),
                "application/http; msgtype=response",
                &block,
            )))?;
            n += 1;
        }
    }
    w.flush()?;
    eprintln!(
        "wrote {n} responses ({} pages x {copies}) to {out}",
        files.len()
    );
    Ok(())
}

fn record(kind: &str, uri: Option<&str>, content_type: &str, block: &[u8]) -> Vec<u8> {
    let mut r = format!("WARC/1.1\r\nWARC-Type: {kind}\r\n");
    if let Some(uri) = uri {
        r.push_str(&format!("WARC-Target-URI: {uri}\r\n"));
    }
    r.push_str(&format!(
        "WARC-Date: 2026-01-01T00:00:00Z\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\r\n",
        block.len()
    ));
    let mut r = r.into_bytes();
    r.extend_from_slice(block);
    r.extend_from_slice(b"\r\n\r\n");
    r
}

fn gzip(data: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    // Writing into a Vec cannot fail.
    let _ = enc.write_all(data);
    enc.finish().unwrap_or_default()
}

/// `(id, url)` pairs from a Zyte-style ground truth file, if present.
fn read_urls(path: &Path) -> Vec<(String, String)> {
    let Ok(text) = std::fs::read_to_string(path) else {
        return Vec::new();
    };
    let Ok(serde_json::Value::Object(map)) = serde_json::from_str(&text) else {
        return Vec::new();
    };
    map.into_iter()
        .filter_map(|(id, v)| Some((id, v.get("url")?.as_str()?.to_string())))
        .collect()
}
