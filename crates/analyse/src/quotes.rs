//! Pairs quotation marks into quoted spans: straight, curly, single and
//! guillemet marks, nested quotes, and quotes continued over paragraphs (an
//! opening mark on each paragraph, a closing mark only at the end).

use crate::tokens::{Tok, Tokens};

/// A quoted stretch of text.
#[derive(Debug, Clone, Copy)]
pub struct QSpan {
    /// Token index of the opening mark.
    pub open: usize,
    /// Token index of the closing mark, or of the last token when the quote
    /// runs to the end of its paragraph without one.
    pub close: usize,
    /// Byte offset of the opening mark.
    pub start: usize,
    /// Byte offset past the closing mark (or the last quoted token).
    pub end: usize,
    /// Double marks (or guillemets) rather than single ones.
    pub double: bool,
    /// Inside another quote.
    pub nested: bool,
    /// Runs over more than one paragraph.
    pub multi_para: bool,
}

#[derive(Clone, Copy, PartialEq)]
enum Role {
    Open,
    Close,
    Either,
}

fn role_of(text: &str, toks: &Tokens, i: usize) -> (Role, bool) {
    let t = toks.toks[i];
    let s = text.get(t.start..t.end).unwrap_or("");
    let after_space = t.space_before || i == 0;
    let before_space = toks
        .toks
        .get(i + 1)
        .is_none_or(|n| n.space_before || n.para != t.para);
    let next_is_punct = toks
        .toks
        .get(i + 1)
        .is_some_and(|n| n.kind == Tok::Punct && !n.space_before);
    let prev_open = i > 0
        && !t.space_before
        && matches!(
            toks.text(text, i - 1),
            "(" | "[" | "\u{2014}" | "\u{2013}" | "-" | "--" | "\u{201C}" | "\u{2018}" | "\""
        );
    let double = matches!(
        s,
        "\"" | "''"
            | "``"
            | "\u{201C}"
            | "\u{201D}"
            | "\u{00AB}"
            | "\u{00BB}"
            | "\u{201E}"
            | "\u{201F}"
            | "\u{2033}"
    );
    let role = match s {
        "\u{201C}" | "\u{00AB}" | "\u{201E}" | "\u{2018}" | "\u{2039}" | "\u{201A}" | "`"
        | "``" => Role::Open,
        "\u{201D}" | "\u{00BB}" | "\u{203A}" | "\u{2033}" => Role::Close,
        "\u{2019}" | "'" | "\"" | "''" | "\u{201F}" | "\u{201B}" => {
            if (after_space || prev_open) && !before_space {
                Role::Open
            } else if !after_space && (before_space || next_is_punct) {
                Role::Close
            } else if after_space && before_space {
                Role::Either
            } else if !after_space {
                Role::Close
            } else {
                Role::Either
            }
        }
        _ => Role::Either,
    };
    (role, double)
}

/// Finds the quoted spans of a tokenised text, outermost first in text order.
/// Linear time; an unmatched mark is ignored or closes at paragraph end.
pub fn find(text: &str, toks: &Tokens) -> Vec<QSpan> {
    let mut out = Vec::new();
    // The open double quote (token index) and an open single quote inside or
    // outside it. Deeper nesting is not tracked: news copy never needs it.
    let mut dq: Option<(usize, bool)> = None; // (open token, multi_para)
    let mut sq: Option<usize> = None;
    let n = toks.toks.len();
    for i in 0..n {
        let t = toks.toks[i];
        // Paragraph change: close what is open unless the new paragraph opens
        // with a mark of the same kind (continued quote).
        if i > 0 && toks.toks[i - 1].para != t.para {
            if let Some(o) = sq.take() {
                let _ = o; // an unclosed single mark is an apostrophe or a slip
            }
            if let Some((o, _)) = dq {
                let (r, d) = if t.kind == Tok::QuoteMark {
                    role_of(text, toks, i)
                } else {
                    (Role::Close, false)
                };
                if d && r != Role::Close {
                    // Continuation: skip this opening mark.
                    dq = Some((o, true));
                    continue;
                }
                // Unterminated: ends at the paragraph's last token.
                push(
                    &mut out,
                    toks,
                    o,
                    i - 1,
                    true,
                    false,
                    dq.is_some_and(|x| x.1),
                );
                dq = None;
            }
        }
        if t.kind != Tok::QuoteMark {
            continue;
        }
        let (role, double) = role_of(text, toks, i);
        if double {
            match (dq, role) {
                (None, Role::Open | Role::Either) => dq = Some((i, false)),
                (Some((o, mp)), Role::Close | Role::Either) => {
                    sq = None;
                    push(&mut out, toks, o, i, true, false, mp);
                    dq = None;
                }
                (Some((o, mp)), Role::Open) => {
                    // A new opening mark while one is open: the first one was
                    // never closed; restart here.
                    let _ = (o, mp);
                    dq = Some((i, false));
                    sq = None;
                }
                (None, Role::Close) => {}
            }
        } else {
            match (sq, role) {
                (None, Role::Open) => sq = Some(i),
                (Some(o), Role::Close | Role::Either) => {
                    push(&mut out, toks, o, i, false, dq.is_some(), false);
                    sq = None;
                }
                (Some(_), Role::Open) => sq = Some(i),
                _ => {}
            }
        }
    }
    if let Some((o, mp)) = dq {
        if n > 0 {
            push(&mut out, toks, o, n - 1, true, false, mp);
        }
    }
    out.sort_by_key(|q| (q.start, std::cmp::Reverse(q.end)));
    out
}

fn push(
    out: &mut Vec<QSpan>,
    toks: &Tokens,
    open: usize,
    close: usize,
    double: bool,
    nested: bool,
    multi_para: bool,
) {
    if close <= open {
        return;
    }
    let (Some(a), Some(b)) = (toks.toks.get(open), toks.toks.get(close)) else {
        return;
    };
    out.push(QSpan {
        open,
        close,
        start: a.start,
        end: b.end,
        double,
        nested,
        multi_para,
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tokens::tokenize;

    fn spans(text: &str) -> Vec<String> {
        let t = tokenize(text);
        find(text, &t)
            .iter()
            .map(|q| text[q.start..q.end].to_string())
            .collect()
    }

    #[test]
    fn pairs_each_style() {
        assert_eq!(spans("He said \"yes,\" and left."), vec!["\"yes,\""]);
        assert_eq!(
            spans("He said \u{201C}yes\u{201D}."),
            vec!["\u{201C}yes\u{201D}"]
        );
        assert_eq!(
            spans("He said \u{00AB}oui\u{00BB}."),
            vec!["\u{00AB}oui\u{00BB}"]
        );
        assert_eq!(spans("It's 'fine,' Trump's aide said."), vec!["'fine,'"]);
    }

    #[test]
    fn continues_over_paragraphs() {
        let text = "\u{201C}One.\n\n\u{201C}Two.\u{201D} He said.";
        assert_eq!(spans(text), vec!["\u{201C}One.\n\n\u{201C}Two.\u{201D}"]);
    }

    #[test]
    fn nested_single_quotes() {
        let text = "\"I said, 'What are they doing?' Then,\" he said.";
        let s = spans(text);
        assert_eq!(s.len(), 2);
        assert!(s[0].starts_with("\"I said"));
        assert_eq!(s[1], "'What are they doing?'");
    }

    #[test]
    fn unbalanced_marks_end_at_paragraph_end() {
        let s = spans("\"Open and never closed.\n\nNext paragraph.");
        assert_eq!(s, vec!["\"Open and never closed."]);
    }
}
