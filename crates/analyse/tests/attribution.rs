//! Attribution on short hand-written news passages: who said each quote.

use dateline_analyse::analyse_text;
use dateline_core::{Analysis, Quote, QuoteKind};

/// The quote that starts with `opening` (its first content span).
fn quote<'a>(a: &'a Analysis, text: &str, opening: &str) -> &'a Quote {
    a.quotes
        .iter()
        .filter(|q| q.kind != QuoteKind::Partial)
        .find(|q| text[q.start..q.end].starts_with(opening))
        .unwrap_or_else(|| panic!("no quote starting {opening:?} in {:#?}", a.quotes))
}

fn speaker(q: &Quote) -> Option<&str> {
    q.speaker.as_deref()
}

#[test]
fn a_verb_of_saying_the_training_data_seldom_shows_is_still_a_cue() {
    let text =
        "\u{201c}That is not going to happen,\u{201d} Sen. Jane Holloway said after the vote.\n\n\
        \u{201c}We will be back next week,\u{201d} retorted Tom Barker, the majority leader.\n\n\
        Opposition leader David Grant countered that the budget was balanced. \
        Holloway whispered that she would not run again.\n";
    let a = analyse_text(text, None);
    // Inverted order with a rare verb: Barker's own words, not a
    // continuation of Holloway's.
    let barker = quote(&a, text, "\u{201c}We will be back");
    assert_eq!(speaker(barker), Some("Tom Barker"));
    assert_eq!(barker.cue.as_deref(), Some("retorted"));
    assert_eq!(barker.kind, QuoteKind::Direct);
    let grant = quote(&a, text, "that the budget");
    assert_eq!(
        &text[grant.start..grant.end],
        "that the budget was balanced"
    );
    assert_eq!(grant.kind, QuoteKind::Indirect);
    assert_eq!(speaker(grant), Some("David Grant"));
    let holloway = quote(&a, text, "that she would not");
    assert_eq!(speaker(holloway), Some("Jane Holloway"));
    assert_eq!(holloway.cue.as_deref(), Some("whispered"));
}

#[test]
fn each_half_of_a_paragraph_goes_to_the_cue_of_its_own_sentence() {
    // The second quotation sits one word from `Warren said.` but its own
    // cue is in its sentence.
    let text = "Senator Elizabeth Warren questioned the bank's chief on Tuesday.\n\n\
        \u{201c}This is not right,\u{201d} Warren said. \u{201c}You squeezed your employees to \
        the breaking point,\u{201d} she said.\n";
    let a = analyse_text(text, None);
    let first = quote(&a, text, "\u{201c}This is not right");
    assert_eq!(
        first.spans.len(),
        1,
        "the next sentence's quotation is not part of this one: {first:#?}"
    );
    assert_eq!(
        first.end,
        first.start + "\u{201c}This is not right,\u{201d}".len()
    );
    let second = quote(&a, text, "\u{201c}You squeezed");
    assert_ne!(first.cue_span, second.cue_span);
    assert_eq!(second.speaker_as_written.as_deref(), Some("she"));
    assert_eq!(speaker(second), Some("Elizabeth Warren"));
}

#[test]
fn a_role_is_not_a_person_who_holds_another_office() {
    let text = "Sen. Jane Holloway said the vote would be close.\n\n\
        \u{201c}That is not going to happen,\u{201d} Holloway said.\n\n\
        The governor countered that the budget was balanced.\n";
    let a = analyse_text(text, None);
    let governor = quote(&a, text, "that the budget");
    assert_eq!(governor.speaker_as_written.as_deref(), Some("The governor"));
    assert_ne!(speaker(governor), Some("Jane Holloway"));
    assert_eq!(governor.speaker_id, None);
    // The same office still resolves: `the senator` is Holloway.
    let text = text.replace("The governor", "The senator");
    let a = analyse_text(&text, None);
    let senator = quote(&a, &text, "that the budget");
    assert_eq!(speaker(senator), Some("Jane Holloway"));
}

#[test]
fn a_quotation_closed_by_a_comma_or_question_mark_keeps_the_cue_after_it() {
    // `said about ...` has words after the cue that look like reported
    // speech; the quotation handed over to `Lichtman said` is his, not a
    // continuation of the paragraph before.
    let text = "In 2008, Arizona Sen. John McCain distanced himself from the outgoing \
        president, whose approval rating had fallen into the mid-20s, according to Gallup.\n\n\
        \"Why in the world would you try to cozy up to an unpopular president?\" Lichtman \
        said about McCain's effort to play down his ties to the administration.\n";
    let a = analyse_text(text, None);
    let q = quote(&a, text, "\"Why in the world");
    assert_eq!(speaker(q), Some("Lichtman"), "{q:#?}");
    assert_eq!(q.cue.as_deref(), Some("said"));
    assert_eq!(q.speaker_as_written.as_deref(), Some("Lichtman"));
}

#[test]
fn a_quotation_in_parentheses_after_a_sentence_is_its_own_attribution() {
    let text = "Not all revivals are created equal. Mr. Nevins said he pursued a new season \
        of the show only because its creator agreed to take part. (\"We've persuaded the \
        original writers to finish their story,\" he said.) Other studios were less lucky.\n";
    let a = analyse_text(text, None);
    let reported = quote(&a, text, "he pursued");
    assert!(
        !text[reported.start..reported.end].contains("persuaded"),
        "the aside is not part of the reported speech: {reported:#?}"
    );
    let aside = quote(&a, text, "\"We've persuaded");
    assert_eq!(aside.kind, QuoteKind::Direct);
    assert_eq!(aside.speaker_as_written.as_deref(), Some("he"));
    assert_eq!(speaker(aside), Some("Nevins"));
}

#[test]
fn a_quotation_box_names_its_speaker_after_a_dash_on_the_next_line() {
    let text = "The convention closed on Thursday night.\n\n\
        \"Great speech. She's tested. She's ready. (She'll get the handle, too).\"\n\n\
        -President Barack Obama, writing after the speech.\n\n\
        \"We hear about it all the time, and it needs to stop.\"\n\n\
        -Michelle Marks, Philadelphia.\n";
    let a = analyse_text(text, None);
    let first = quote(&a, text, "\"Great speech");
    assert!(
        text[first.start..first.end].ends_with("too).\""),
        "a parenthesis inside the quotation stays in it: {first:#?}"
    );
    assert_eq!(speaker(first), Some("Barack Obama"), "{first:#?}");
    let second = quote(&a, text, "\"We hear about it");
    assert_eq!(speaker(second), Some("Michelle Marks"), "{second:#?}");
}

#[test]
fn each_turn_of_an_interview_transcript_is_its_speakers() {
    let text =
        "Gov. Mike Pence spoke to host Chris Wallace on Sunday. A partial transcript follows.\n\n\
        WALLACE: Will she be at the debate?\n\n\
        PENCE: She will not be attending the debate tomorrow night.\n\n\
        WALLACE: Why not?\n\n\
        PENCE: Well, \"the question really should be why they invited him,\" as I said before.\n\n\
        UPDATE: This story has been corrected.\n";
    let a = analyse_text(text, None);
    let turn = |opening: &str| quote(&a, text, opening);
    assert_eq!(speaker(turn("Will she be")), Some("Chris Wallace"));
    assert_eq!(turn("Will she be").cue.as_deref(), Some(":"));
    assert_eq!(speaker(turn("She will not")), Some("Mike Pence"));
    assert_eq!(speaker(turn("Why not?")), Some("Chris Wallace"));
    assert_eq!(speaker(turn("Well, \"the question")), Some("Mike Pence"));
    assert!(
        !a.quotes
            .iter()
            .any(|q| text[q.start..q.end].starts_with("This story")),
        "a lone label that is not a speaker: {:#?}",
        a.quotes
    );
}

/// Links labels written by hand, as the span tagger might give them: each
/// mark is a layer and the words its span runs from and to (the second
/// extended by a number of tokens), and returns the contents of the
/// attributions that have a cue.
fn link_marked(text: &str, marks: &[(usize, &str, &str, usize)]) -> Vec<Vec<String>> {
    use dateline_analyse::tagger::{link, LAYERS};
    use dateline_analyse::tokens::tokenize;
    let t = tokenize(text);
    let at = |w: &str| {
        (0..t.toks.len())
            .find(|&i| t.text(text, i) == w)
            .unwrap_or_else(|| panic!("no token {w}"))
    };
    let mut labels: [Vec<u8>; LAYERS] = std::array::from_fn(|_| vec![0u8; t.toks.len()]);
    for &(layer, from, to, more) in marks {
        let (a, b) = (at(from), at(to) + 1 + more);
        labels[layer][a] = 1;
        for x in labels[layer].iter_mut().take(b).skip(a + 1) {
            *x = 2;
        }
    }
    link(text, &t, &labels, &[])
        .iter()
        .filter(|r| r.cue.is_some())
        .map(|r| {
            r.spans
                .iter()
                .map(|&(a, b)| text[a..b].to_string())
                .collect()
        })
        .collect()
}

#[test]
fn a_content_and_its_cue_stand_inside_the_same_parentheses() {
    use dateline_analyse::tagger::{CONTENT, CUE, SOURCE};
    // A content before an aside, a cue and source inside its parentheses.
    let text = "The crowd booed the chairman loudly. (\"We want a vote,\" said one activist.)\n";
    let found = link_marked(
        text,
        &[
            (CONTENT, "The", "loudly", 0),
            (CONTENT, "\"", "vote", 2),
            (CUE, "said", "said", 0),
            (SOURCE, "one", "activist", 0),
        ],
    );
    assert_eq!(
        found,
        vec![vec!["\"We want a vote,\"".to_string()]],
        "{found:#?}"
    );
}

#[test]
fn a_quotation_closed_by_nested_marks_keeps_the_cue_after_it() {
    let text = "Bryan English, a social-conservative activist, worked with the campaign in Iowa \
        last year.\n\n\
        ''Part of my job is to say: 'Hey, this guy's for real. He's one of us,''' Mr. English \
        said of Mr. Cruz.\n";
    let a = analyse_text(text, None);
    let q = quote(&a, text, "''Part of my job");
    assert_eq!(q.speaker.as_deref(), Some("Bryan English"), "{q:#?}");
    assert_eq!(q.cue.as_deref(), Some("said"));
}

#[test]
fn a_content_span_running_into_a_parenthesised_quotation_stops_before_it() {
    use dateline_analyse::tagger::{CONTENT, CUE, SOURCE};
    let text = "It prompted blowback from members (\"I want my dues back,\" wrote Edward \
        Nelson, a technician), and more will follow.\n";
    // The content layer ran from `blowback` into the quotation.
    let found = link_marked(
        text,
        &[
            (CONTENT, "blowback", "back", 2),
            (CUE, "wrote", "wrote", 0),
            (SOURCE, "Edward", "Nelson", 0),
        ],
    );
    assert_eq!(
        found,
        vec![vec!["\"I want my dues back,\"".to_string()]],
        "{found:#?}"
    );
}

#[test]
fn according_to_at_either_end_of_a_sentence_attributes_the_rest_of_it() {
    let text = "Sanders advisers had said that a win in New York was their best chance.\n\n\
        On Tuesday, however, Mrs. Clinton drew deep support among women and blacks - two \
        groups that have been essential for her in many states - while Mr. Sanders was \
        outpacing her among white men and people under 45, according to exit polls.\n\n\
        According to a recent poll, the billionaire leads the race in Iowa.\n";
    let a = analyse_text(text, None);
    // Where the content starts is the span tagger's call (`support among
    // women ...` or `women ...`); who it belongs to is this rule's.
    let polls = a
        .quotes
        .iter()
        .find(|q| text[q.start..q.end].contains("women and blacks"))
        .unwrap_or_else(|| panic!("{:#?}", a.quotes));
    assert!(text[polls.start..polls.end].ends_with("people under 45"));
    assert_eq!(polls.cue.as_deref(), Some("according to"), "{polls:#?}");
    assert_eq!(polls.speaker_as_written.as_deref(), Some("exit polls"));
    let poll = quote(&a, text, "the billionaire leads");
    assert_eq!(poll.cue.as_deref(), Some("According to"), "{poll:#?}");
    assert_eq!(poll.speaker_as_written.as_deref(), Some("a recent poll"));
    assert_eq!(
        &text[poll.start..poll.end],
        "the billionaire leads the race in Iowa"
    );
}

#[test]
fn a_group_named_for_a_person_is_not_that_person() {
    let text = "Sen. Bernie Sanders spoke in Iowa on Monday.\n\n\
        Sanders advisers said the campaign would go on to the convention.\n\n\
        Sanders and his supporters said the fight was not over.\n";
    let a = analyse_text(text, None);
    let advisers = quote(&a, text, "the campaign would");
    assert_eq!(speaker(advisers), Some("Sanders advisers"), "{advisers:#?}");
    let both = quote(&a, text, "the fight");
    assert_eq!(speaker(both), Some("Bernie Sanders"), "{both:#?}");
}
