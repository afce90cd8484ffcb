//! Reading PolNeAR's brat `.ann` annotation files and turning their spans
//! into token labels, shared by the examples that train on and diagnose
//! against them.

/// Byte ranges of the pieces of every span of type `kind` (`Content`,
/// `Source`, `Cue`) of one `.ann` file; `byte_of` maps the file's character
/// offsets to byte offsets of the text.
pub fn ranges_of(ann: &str, kind: &str, byte_of: &[usize]) -> Vec<(usize, usize)> {
    let mut v = Vec::new();
    for line in ann.lines() {
        let mut f = line.split('\t');
        let (Some(id), Some(head)) = (f.next(), f.next()) else {
            continue;
        };
        let Some(offs) = head.strip_prefix(kind).and_then(|h| h.strip_prefix(' ')) else {
            continue;
        };
        if !id.starts_with('T') {
            continue;
        }
        for piece in offs.split(';') {
            let mut n = piece
                .split_whitespace()
                .filter_map(|x| x.parse::<usize>().ok());
            if let (Some(s), Some(e)) = (n.next(), n.next()) {
                if let (Some(&s), Some(&e)) = (byte_of.get(s), byte_of.get(e)) {
                    if s < e {
                        v.push((s, e));
                    }
                }
            }
        }
    }
    v
}

/// BIO labels of one layer: the outermost pieces, each token labelled by
/// whether most of it lies inside.
pub fn bio(toks: &[dateline_analyse::tokens::Token], mut pieces: Vec<(usize, usize)>) -> Vec<u8> {
    pieces.sort_by_key(|&(s, e)| (s, std::cmp::Reverse(e)));
    let mut outer: Vec<(usize, usize)> = Vec::new();
    for p in pieces {
        if outer.last().is_some_and(|o| p.0 < o.1) {
            continue;
        }
        outer.push(p);
    }
    let mut lab = vec![0u8; toks.len()];
    for (s, e) in outer {
        let mut first = true;
        for (i, t) in toks.iter().enumerate() {
            let inside = t.start.max(s) < t.end.min(e)
                && 2 * (t.end.min(e) - t.start.max(s)) >= t.end - t.start;
            if inside {
                lab[i] = if first { 1 } else { 2 };
                first = false;
            }
        }
    }
    lab
}
