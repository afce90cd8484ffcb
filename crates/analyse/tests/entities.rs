//! Entities on short hand-written news passages.

use dateline_analyse::analyse_text;
use dateline_core::EntityKind;

#[test]
fn a_word_seen_only_inside_longer_names_is_not_an_entity_on_its_own() {
    let text = "\u{201c}Growth is coming back,\u{201d} said Hugh Hill, an economist. \
        \u{201c}Security matters more than ever.\u{201d}\n\n\
        The Supreme Court ruled on Monday, and the Club for Growth welcomed the decision.\n";
    let a = analyse_text(text, None);
    let names: Vec<(&str, EntityKind)> = a
        .entities
        .iter()
        .map(|e| (e.name.as_str(), e.kind))
        .collect();
    assert!(
        !names
            .iter()
            .any(|(n, _)| *n == "Growth" || *n == "Security"),
        "capitalised words opening a quotation are not organisations: {names:?}"
    );
    assert!(
        names.contains(&("Hugh Hill", EntityKind::Person)),
        "{names:?}"
    );
    assert!(
        names.contains(&("Supreme Court", EntityKind::Organization)),
        "{names:?}"
    );
    assert!(
        names.contains(&("Club for Growth", EntityKind::Organization)),
        "{names:?}"
    );
}
