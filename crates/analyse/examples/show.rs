//! Prints the analysis of a text file as readable lines.
//!
//! `cargo run -p dateline-analyse --example show -- FILE [STORY_DATE]`

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(path) = args.next() else {
        eprintln!("usage: show FILE [STORY_DATE]");
        std::process::exit(2);
    };
    let date = args.next();
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        eprintln!("{path}: {e}");
        std::process::exit(1)
    });
    let a = dateline_analyse::analyse_text(&text, date.as_deref());
    for e in &a.entities {
        let ms: Vec<&str> = e.mentions.iter().map(|m| m.text.as_str()).collect();
        println!(
            "ENT {} {:?} {:?} {:?} {:?}",
            e.id, e.kind, e.name, e.titles, ms
        );
    }
    for q in &a.quotes {
        println!(
            "Q {:?} [{}..{}] {:?} cue={:?} src={:?} -> {:?} ({})",
            q.kind, q.start, q.end, q.text, q.cue, q.speaker_as_written, q.speaker, q.confidence
        );
    }
    for d in &a.dates {
        println!("DATE {:?} {:?}", d.as_written, d.date);
    }
}
