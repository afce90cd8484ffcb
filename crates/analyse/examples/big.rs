//! Times the analysis of one large generated text (robustness check): one
//! paragraph of a repeated sentence, or with `transcript` many short
//! paragraphs of an interview transcript. Doubling the size should double
//! the time.
//!
//! `cargo run --release -p dateline-analyse --example big -- [MEGABYTES] [transcript]`

fn main() {
    let mb: usize = std::env::args()
        .nth(1)
        .and_then(|x| x.parse().ok())
        .unwrap_or(10);
    let sentence = if std::env::args().nth(2).as_deref() == Some("transcript") {
        "WALLACE: When he spoke, Tom Barker said it went well.\n\nPENCE: \"Well, look,\" he said. \"It did.\"\n\n"
    } else {
        "\"We agreed with the U.S. president,\" Russian President Vladimir Putin said on Friday, and he told reporters that the talks, according to officials, went well. "
    };
    let mut s = String::new();
    while s.len() < mb * 1_000_000 {
        s.push_str(sentence);
    }
    let t = std::time::Instant::now();
    let a = dateline_analyse::analyse_text(&s, None);
    println!(
        "{} bytes: {} quotes, {} entities in {:?}",
        s.len(),
        a.quotes.len(),
        a.entities.len(),
        t.elapsed()
    );
}
