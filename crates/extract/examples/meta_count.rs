//! Counts what a walk over every element of the Zyte benchmark pages
//! meets: nodes, elements, attributes, and the bytes of the `class`, `id`,
//! `rel` and `itemprop` values the metadata reader scans for byline words.
//!
//! `cargo run --release -p dateline-extract --example meta_count [-- DIR]`

use std::io::Read;
use std::path::{Path, PathBuf};

fn main() {
    let dir = std::env::args()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/bench/zyte")
        });
    let Ok(entries) = std::fs::read_dir(dir.join("html")) else {
        eprintln!("skipping: {} not readable", dir.display());
        return;
    };
    let (mut pages, mut nodes, mut elements, mut attrs, mut hint_bytes) = (0, 0, 0, 0, 0);
    for e in entries.flatten() {
        let mut bytes = Vec::new();
        let Ok(file) = std::fs::File::open(e.path()) else {
            continue;
        };
        if flate2::read::GzDecoder::new(file)
            .read_to_end(&mut bytes)
            .is_err()
        {
            continue;
        }
        let text = dateline_extract::charset::decode_borrowed(&bytes, None);
        let dom = dateline_extract::html::Dom::parse(&text, &dateline_extract::Options::default());
        pages += 1;
        nodes += dom.len();
        for id in dom.descendants(dom.root()) {
            if !dom.is_element(id) {
                continue;
            }
            elements += 1;
            for (k, v) in dom.attrs(id) {
                attrs += 1;
                if matches!(k, "class" | "id" | "rel" | "itemprop") {
                    hint_bytes += v.len();
                }
            }
        }
    }
    println!(
        "{pages} pages: {nodes} nodes, {elements} elements, {attrs} attributes, {hint_bytes} bytes of class/id/rel/itemprop"
    );
}
