//! Text dumps in layouts other than the seed's, invented for these tests:
//! a wire story with a Reuters dateline, a markdown page with a `#` headline
//! and a "By" byline, and a hard-wrapped dump with a caption under its
//! credit line.

use dateline_core::{Article, Page};
use dateline_extract::{extract, Options};

fn run(text: &str) -> Article {
    let page = Page {
        source: "test".into(),
        bytes: text.as_bytes().to_vec(),
        ..Default::default()
    };
    extract(&page, &Options::default()).expect("extracts")
}

const REUTERS_STYLE: &str = "\
Business News

Harbour city bank raises rates for third time this year

By Maria Lindqvist, Tomasz Nowak

Reuters

Published 3:05 PM GMT Mar 14, 2019

STOCKHOLM, March 14 (Reuters) - The central bank of the fictional harbour city raised its main rate on Thursday, saying inflation had stayed above target for longer than expected.

The move was widely expected by economists polled last week.

\"We see no reason to wait,\" the governor told reporters at a briefing.

Markets barely moved after the announcement.

Reporting by Maria Lindqvist; Editing by Some Editor

Our Standards: The Thomson Reuters Trust Principles.
";

#[test]
fn reuters_style_dump() {
    let a = run(REUTERS_STYLE);
    assert_eq!(a.section.as_deref(), Some("Business News"));
    assert_eq!(
        a.headline.as_deref(),
        Some("Harbour city bank raises rates for third time this year")
    );
    assert_eq!(a.authors, ["Maria Lindqvist", "Tomasz Nowak"]);
    assert_eq!(a.agency.as_deref(), Some("Reuters"));
    assert_eq!(a.published.as_deref(), Some("2019-03-14T15:05:00+00:00"));
    let d = a.dateline.as_ref().expect("dateline");
    assert_eq!(d.city.as_deref(), Some("Stockholm"));
    assert_eq!(d.date.as_deref(), Some("2019-03-14"));
    let paras: Vec<&str> = a.paragraphs().collect();
    assert!(
        paras[0].starts_with("The central bank of the fictional"),
        "{paras:?}"
    );
    assert!(paras.iter().any(|p| p.starts_with("Markets barely moved")));
    assert_eq!(a.provenance["headline"].detail.as_deref(), Some("line 3"));
}

const MARKDOWN: &str = "\
[Home](/) > [World](/world)

# Volunteers rebuild village library after spring flood

*A small town pulls together to save its books*

By **JANE O'NEILL** and Sam Park | The Valley Courier

Updated: 9 June 2021, 14:20 BST

![Volunteers carry boxes of books](https://example.org/img/library.jpg)

RIVERTON, Vt. — Dozens of volunteers spent the weekend carrying boxes of
dried books back into the village library, which reopened on Saturday
after the spring flood.

## A long clean-up

The water rose to nearly a metre inside the building, the librarian said.

- 4,000 books saved
- 600 books lost

Share this article [Facebook](https://facebook.com) [Twitter](https://twitter.com)

Related stories
";

#[test]
fn markdown_dump() {
    let a = run(MARKDOWN);
    assert_eq!(
        a.headline.as_deref(),
        Some("Volunteers rebuild village library after spring flood")
    );
    assert_eq!(a.section.as_deref(), Some("World"));
    assert_eq!(
        a.description.as_deref(),
        Some("A small town pulls together to save its books")
    );
    assert_eq!(a.authors, ["Jane O'Neill", "Sam Park"]);
    assert_eq!(a.agency, None);
    assert_eq!(a.updated.as_deref(), Some("2021-06-09T14:20:00+01:00"));
    assert_eq!(a.published, None);
    let d = a.dateline.as_ref().expect("dateline");
    assert_eq!(d.city.as_deref(), Some("Riverton"));
    assert_eq!(d.region.as_deref(), Some("Vt."));
    assert_eq!(a.images.len(), 1);
    assert_eq!(
        a.images[0].caption.as_deref(),
        Some("Volunteers carry boxes of books")
    );
    let first = a.paragraphs().next().unwrap();
    assert!(
        first.starts_with("Dozens of volunteers spent the weekend carrying boxes of dried books"),
        "{first}"
    );
    assert!(a.body.iter().any(|b| matches!(b, dateline_core::Block::Heading { level: 2, text } if text == "A long clean-up")));
    assert!(a
        .body
        .iter()
        .any(|b| matches!(b, dateline_core::Block::List { items, .. } if items.len() == 2)));
    let body = a.body_text();
    assert!(!body.contains("Share this"));
    assert!(!body.contains("Related"));
    assert!(!body.contains("Home"));
}

const WRAPPED_WITH_CAPTION: &str = "\
Local

Council approves new cycle lanes on the ring road

May 2, 2018

Posted by Staff

AP PHOTO/JOHN SMITH

A cyclist rides along the ring road in the early morning, Tuesday, May 1, 2018, where the new lanes will run.

The city council voted 7-2 on Wednesday night to paint protected cycle lanes
along the full length of the ring road, ending a debate that lasted two years.

Supporters filled the chamber. Opponents said the lanes would slow traffic.

Work is due to start in the summer.

Get our free newsletter [Subscribe](#)
";

#[test]
fn wrapped_dump_with_caption_under_credit() {
    let a = run(WRAPPED_WITH_CAPTION);
    assert_eq!(a.section.as_deref(), Some("Local"));
    assert_eq!(
        a.headline.as_deref(),
        Some("Council approves new cycle lanes on the ring road")
    );
    assert_eq!(a.published.as_deref(), Some("2018-05-02"));
    assert!(a.authors.is_empty(), "{:?}", a.authors);
    assert_eq!(a.images.len(), 1);
    assert_eq!(a.images[0].credit.as_deref(), Some("AP PHOTO/JOHN SMITH"));
    assert!(a.images[0]
        .caption
        .as_deref()
        .unwrap()
        .starts_with("A cyclist rides"));
    let paras: Vec<&str> = a.paragraphs().collect();
    assert_eq!(paras.len(), 3, "{paras:?}");
    assert!(paras[0].starts_with("The city council voted 7-2"));
    assert!(
        paras[0].contains("ring road, ending a debate"),
        "lines joined"
    );
    assert!(!a.body_text().contains("newsletter"));
    assert!(a.dateline.is_none());
}

#[test]
fn one_paragraph_per_line_without_blank_lines() {
    let long = "The council voted on Tuesday to approve the new budget, which raises spending on roads, schools and parks while cutting the cost of running the town hall by a tenth.";
    let text =
        format!("Town approves budget\nBy Jane Doe\nMarch 3, 2020\n{long}\n{long}\n{long}\n");
    let a = run(&text);
    assert_eq!(a.headline.as_deref(), Some("Town approves budget"));
    assert_eq!(a.authors, ["Jane Doe"]);
    assert_eq!(a.published.as_deref(), Some("2020-03-03"));
    assert_eq!(a.paragraphs().count(), 3, "{:?}", a.body);
}
