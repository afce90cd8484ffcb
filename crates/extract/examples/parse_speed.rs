//! Decodes and parses every Zyte benchmark page once for a checksum of the
//! trees, then `N` timed times (charset decoding and HTML parsing only, no
//! extraction),
//! so the parser's cost can be measured alone (`valgrind --tool=callgrind`)
//! and a change to it checked for the same tree shape.
//!
//! `cargo run --release -p dateline-extract --example parse_speed -- DIR N`

use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let dir = args.first().map(PathBuf::from).unwrap_or_else(|| {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/bench/zyte")
    });
    let passes: usize = args.get(1).and_then(|n| n.parse().ok()).unwrap_or(1);
    let Ok(entries) = std::fs::read_dir(dir.join("html")) else {
        eprintln!("skipping: {} not readable", dir.display());
        return;
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    let mut pages = Vec::new();
    for path in paths {
        let mut bytes = Vec::new();
        let file = std::fs::File::open(&path).expect("page file");
        flate2::read::GzDecoder::new(file)
            .read_to_end(&mut bytes)
            .expect("gzip");
        pages.push(bytes);
    }
    let opts = dateline_extract::Options::default();
    // The checksum pass is separate: hashing every node costs more than
    // parsing and would drown the parser's figures.
    let mut sum = 0u64;
    for p in &pages {
        let text = dateline_extract::charset::decode_borrowed(p, None);
        let dom = dateline_extract::html::Dom::parse(&text, &opts);
        sum = sum.wrapping_add(checksum(&dom));
    }
    let mut best = f64::MAX;
    for _ in 0..passes {
        let t = Instant::now();
        for p in &pages {
            let text = dateline_extract::charset::decode_borrowed(p, None);
            let dom = dateline_extract::html::Dom::parse(&text, &opts);
            std::hint::black_box(dom.len());
        }
        best = best.min(t.elapsed().as_secs_f64());
    }
    println!(
        "{} pages, best of {passes}: {:.0} pages/s, checksum {sum:x}",
        pages.len(),
        pages.len() as f64 / best
    );
}

/// A hash of every node's kind, name, text and attributes, in order.
fn checksum(dom: &dateline_extract::html::Dom) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    for i in 0..dom.len() {
        let id = dateline_extract::html::NodeId::from_index(i);
        dom.tag(id).hash(&mut h);
        dom.text(id).hash(&mut h);
        dom.parent(id).hash(&mut h);
        dom.subtree_end(id).hash(&mut h);
        for (k, v) in dom.attrs(id) {
            k.hash(&mut h);
            v.hash(&mut h);
        }
    }
    h.finish()
}
