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

#[test]
fn a_role_in_an_appositive_is_kept_as_a_title_and_names_the_speaker_later() {
    let text = "Tom Barker, the majority leader, said the vote would be held on Friday. \
        Hugh Hill, a doctor at the county hospital, disagreed. Hillary Clinton, the former \
        secretary of state, did not comment.\n\n\
        \"We will not wait,\" the majority leader said.\n";
    let a = analyse_text(text, None);
    let titles = |name: &str| -> Vec<String> {
        a.entities
            .iter()
            .find(|e| e.name == name)
            .map(|e| e.titles.clone())
            .unwrap_or_else(|| panic!("no entity {name}: {:#?}", a.entities))
    };
    assert_eq!(titles("Tom Barker"), vec!["majority leader".to_string()]);
    assert_eq!(titles("Hugh Hill"), vec!["doctor".to_string()]);
    assert_eq!(
        titles("Hillary Clinton"),
        vec!["former secretary of state".to_string()]
    );
    let q = a
        .quotes
        .iter()
        .find(|q| text[q.start..q.end].starts_with("\"We will not wait"))
        .expect("the quotation is found");
    assert_eq!(q.speaker.as_deref(), Some("Tom Barker"), "{q:#?}");
}

#[test]
fn a_nickname_or_a_show_in_quotation_marks_is_not_an_entity() {
    let text = "Critics call Tom Barker \"the Iron Chancellor\" for his grip on the chamber. \
        He appeared on \"Shark Tank\" last year and on \"Morning Joe\" on Monday.\n";
    let a = analyse_text(text, None);
    let names: Vec<&str> = a.entities.iter().map(|e| e.name.as_str()).collect();
    assert!(names.contains(&"Tom Barker"), "{names:?}");
    for n in ["Iron Chancellor", "Shark Tank", "Morning Joe"] {
        assert!(!names.contains(&n), "{n} is not an entity: {names:?}");
    }
}

#[test]
fn a_former_office_does_not_rule_out_another_role() {
    let text = "Hillary Clinton, the former secretary of state, spoke in Ohio on Monday.\n\n\
        The former first lady and U.S. senator said the plan would create jobs.\n";
    let a = analyse_text(text, None);
    let q = a
        .quotes
        .iter()
        .find(|q| text[q.start..q.end].contains("the plan would create jobs"))
        .unwrap_or_else(|| panic!("the reported speech is found: {:#?}", a.quotes));
    assert_eq!(q.speaker.as_deref(), Some("Hillary Clinton"), "{q:#?}");
}

#[test]
fn a_sentence_full_of_names_is_not_a_title_case_headline() {
    // Six of ten words capitalised, but `spoke` and `host` are not the
    // small words a headline leaves in lower case.
    let text = "Gov. Mike Pence spoke to host Chris Wallace on Sunday.\n\n\
        Clinton Breaks With Obama On 9/11 Lawsuit Bill.\n";
    let a = analyse_text(text, None);
    let names: Vec<&str> = a.entities.iter().map(|e| e.name.as_str()).collect();
    assert!(names.contains(&"Mike Pence"), "{names:?}");
    assert!(names.contains(&"Chris Wallace"), "{names:?}");
    assert!(
        !names
            .iter()
            .any(|n| n.contains("Breaks") || n.contains("Lawsuit")),
        "a headline is still read as one: {names:?}"
    );
}

#[test]
fn an_acronym_joins_the_name_it_abbreviates_and_a_heading_in_capitals_is_no_person() {
    let text = "The International Monetary Fund cut its forecast on Tuesday. Growth will \
        slow, the IMF said.\n\n\
        THE BORROWING Back when he wrote his book, Kevin McKinley said that he considered \
        debt a last resort.\n";
    let a = analyse_text(text, None);
    let imf = a
        .entities
        .iter()
        .find(|e| e.name == "International Monetary Fund")
        .expect("the fund is an entity");
    assert!(
        imf.mentions.iter().any(|m| m.text == "IMF"),
        "{:#?}",
        imf.mentions
    );
    let q = a
        .quotes
        .iter()
        .find(|q| text[q.start..q.end].starts_with("Growth will slow"))
        .expect("the fund's forecast is reported speech");
    assert_eq!(q.speaker.as_deref(), Some("International Monetary Fund"));
    let names: Vec<&str> = a.entities.iter().map(|e| e.name.as_str()).collect();
    assert!(!names.iter().any(|n| n.contains("BORROWING")), "{names:?}");
}

#[test]
fn a_headline_verb_between_two_names_belongs_to_neither() {
    let text = "Chris Christie Calls Hillary Clinton \u{2018}A Disgrace\u{2019} Over Police \
        Shooting Comments.\n\n\
        New Jersey Gov. Chris Christie described Democratic presidential nominee Hillary \
        Clinton as a \u{201c}disgrace\u{201d} on Tuesday.\n";
    let a = analyse_text(text, None);
    let names: Vec<&str> = a.entities.iter().map(|e| e.name.as_str()).collect();
    assert!(names.contains(&"Chris Christie"), "{names:?}");
    assert!(names.contains(&"Hillary Clinton"), "{names:?}");
    assert!(!names.iter().any(|n| n.contains("Calls")), "{names:?}");
}

#[test]
fn a_pronoun_in_a_clause_before_the_subject_names_the_subject() {
    let text = "Donald Trump spoke in Ohio on Monday.\n\n\
        Back when he wrote his book, Kevin McKinley said that debt was a last resort. \
        Kevin McKinley learned that in 1990 after he met Donald Trump, the developer.\n";
    let a = analyse_text(text, None);
    let q = a
        .quotes
        .iter()
        .find(|q| q.cue.as_deref() == Some("wrote"))
        .unwrap_or_else(|| panic!("the book is attributed: {:#?}", a.quotes));
    assert_eq!(q.speaker_as_written.as_deref(), Some("he"));
    assert_eq!(q.speaker.as_deref(), Some("Kevin McKinley"), "{q:#?}");
}

#[test]
fn place_words_make_a_place_and_a_first_name_keeps_a_person() {
    let text = "Soldiers at Fort Hood flew to Midway Atoll and then over the Marshall Islands, \
        Sgt. Ann Price said. The director Michael Bay filmed them from a boat on Lake Tahoe.\n";
    let a = analyse_text(text, None);
    let kind = |name: &str| a.entities.iter().find(|e| e.name == name).map(|e| e.kind);
    assert_eq!(
        kind("Fort Hood"),
        Some(EntityKind::Place),
        "{:#?}",
        a.entities
    );
    assert_eq!(kind("Midway Atoll"), Some(EntityKind::Place));
    assert_eq!(kind("Marshall Islands"), Some(EntityKind::Place));
    assert_eq!(kind("Lake Tahoe"), Some(EntityKind::Place));
    assert_eq!(kind("Michael Bay"), Some(EntityKind::Person));
    assert_eq!(kind("Ann Price"), Some(EntityKind::Person));
}

#[test]
fn an_organisation_named_with_to_and_a_verb_is_one_name_and_its_acronym() {
    let text = "The Committee to Protect Journalists (CPJ) condemned the arrest. \
        The CPJ said the reporter had done nothing wrong.\n\n\
        The letter from the Judiciary Committee to President Obama asked for a delay.\n";
    let a = analyse_text(text, None);
    let cpj = a
        .entities
        .iter()
        .find(|e| e.name == "Committee to Protect Journalists")
        .unwrap_or_else(|| panic!("{:#?}", a.entities));
    assert_eq!(cpj.kind, EntityKind::Organization);
    assert!(cpj.mentions.iter().any(|m| m.text == "CPJ"), "{cpj:#?}");
    let q = a
        .quotes
        .iter()
        .find(|q| q.cue.as_deref() == Some("said"))
        .unwrap_or_else(|| panic!("{:#?}", a.quotes));
    assert_eq!(
        q.speaker.as_deref(),
        Some("Committee to Protect Journalists")
    );
    // `to` before a name is not part of an organisation's name.
    assert!(
        !a.entities.iter().any(|e| e.name.contains("to President")),
        "{:#?}",
        a.entities
    );
    assert!(a
        .entities
        .iter()
        .any(|e| e.name == "Barack Obama" || e.name == "Obama"));
}

#[test]
fn a_word_opening_the_sentence_before_a_name_is_not_part_of_it() {
    let text = "Certainly Donald Trump has changed the race. Comedian Sarah Silverman \
        spoke first.\n\nFollow Pam Key on Twitter @pamkeyNEN\n";
    let a = analyse_text(text, None);
    let names: Vec<&str> = a.entities.iter().map(|e| e.name.as_str()).collect();
    for name in ["Donald Trump", "Sarah Silverman", "Pam Key"] {
        assert!(names.contains(&name), "{name} in {names:?}");
    }
    assert!(
        !names.iter().any(|n| n.starts_with("Certainly")
            || n.starts_with("Comedian")
            || n.starts_with("Follow")),
        "{names:?}"
    );
}
