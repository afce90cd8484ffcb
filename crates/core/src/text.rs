//! Small text helpers every stage needs in the same form.

/// Collapses every run of Unicode whitespace into one space and trims the ends.
pub fn fold_whitespace(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// Counts words the way readers do: runs of letters or digits, with inner
/// apostrophes and hyphens kept inside one word ("didn't", "face-to-face").
pub fn word_count(text: &str) -> usize {
    text.split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_all_whitespace_kinds() {
        assert_eq!(fold_whitespace("  a\t\nb \u{a0} c  "), "a b c");
        assert_eq!(fold_whitespace(""), "");
    }

    #[test]
    fn counts_words_not_punctuation() {
        assert_eq!(word_count("He said — “no” , didn't he?"), 5);
        assert_eq!(word_count("face-to-face meeting"), 2);
    }
}
