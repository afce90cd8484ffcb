//! Fuzzes the whole extraction pipeline on arbitrary bytes: it must never
//! panic, whatever the input.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let page = dateline_core::Page {
        source: "fuzz".into(),
        url: Some("https://example.com/news/story".into()),
        content_type: None,
        bytes: data.to_vec(),
    };
    let opts = dateline_extract::Options::default();
    if let Ok(article) = dateline_extract::extract(&page, &opts) {
        // Touch the result so every field is produced.
        let _ = article.body_text();
    }
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = dateline_extract::extract_html(text, None, &opts);
    }
});
