//! Reading PolNeAR's brat `.ann` annotation files, shared by the examples
//! that train on and diagnose against them.

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
