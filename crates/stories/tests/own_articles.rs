//! Story clustering on articles written for these tests: two outlets' own
//! reports of one event, a different event on the same topic, wire copies,
//! a roundup that touches two events, and unrelated news around them.

use dateline_core::{Article, Block};
use dateline_stories::{summarize, Clusterer, Features, Join, Member, Params};

struct Doc {
    id: u64,
    outlet: &'static str,
    published: &'static str,
    headline: &'static str,
    paragraphs: &'static [&'static str],
}

fn article(d: &Doc) -> Article {
    let mut a = Article::new();
    a.site_name = Some(d.outlet.to_string());
    a.published = Some(d.published.to_string());
    a.headline = Some(d.headline.to_string());
    a.body = d
        .paragraphs
        .iter()
        .map(|p| Block::Paragraph {
            text: p.to_string(),
        })
        .collect();
    a.word_count = dateline_core::word_count(&a.body_text());
    a
}

fn features(d: &Doc) -> Features {
    let a = article(d);
    let analysis = dateline_analyse::analyse(&a);
    Features::of(&a, &analysis, 0)
}

/// Unrelated news of the same days, so word rarity is learned from more
/// than the articles under test.
const BACKGROUND: &[Doc] = &[
    Doc {
        id: 1,
        outlet: "Valley Courier",
        published: "2024-03-11T08:00:00Z",
        headline: "City council approves budget with raise for teachers",
        paragraphs: &[
            "The Brookfield city council approved a $412 million budget on Monday that gives public school teachers a 4 percent raise and delays repairs to the central library.",
            "Council member Dana Ortiz said the raise was overdue after two years of frozen salaries. The vote was 7 to 2.",
        ],
    },
    Doc {
        id: 2,
        outlet: "Northern Ledger",
        published: "2024-03-11T10:00:00Z",
        headline: "Hawks beat Falcons in overtime thriller",
        paragraphs: &[
            "Marcus Bell scored with four seconds left in overtime as the Hawks beat the Falcons 98-96 on Monday night to stay in the playoff race.",
            "Coach Linda Park praised the defense, which held the Falcons scoreless for the final three minutes of regulation.",
        ],
    },
    Doc {
        id: 3,
        outlet: "Valley Courier",
        published: "2024-03-12T07:00:00Z",
        headline: "Mortgage rates fall for third straight week",
        paragraphs: &[
            "Average rates on 30-year mortgages fell to 6.1 percent this week, the lowest level since August, according to a survey of lenders.",
            "Economists said falling inflation gave the central bank room to cut interest rates later this year, which would help home buyers.",
        ],
    },
    Doc {
        id: 4,
        outlet: "Harbor Times",
        published: "2024-03-12T09:00:00Z",
        headline: "New bakery opens in renovated train station",
        paragraphs: &[
            "A family bakery opened Tuesday in the renovated waiting hall of the old Elm Street train station, the first tenant since the restoration finished.",
            "Owner Rosa Mendes said she kept the original oak benches and the station clock above the counter.",
        ],
    },
    Doc {
        id: 5,
        outlet: "Northern Ledger",
        published: "2024-03-13T06:00:00Z",
        headline: "Hospital workers vote to authorize strike",
        paragraphs: &[
            "Nurses and technicians at St. Anne's Hospital voted to authorize a strike if contract talks fail, their union said Wednesday.",
            "The union is asking for higher staffing levels on night shifts and a cap on mandatory overtime.",
        ],
    },
    Doc {
        id: 6,
        outlet: "Harbor Times",
        published: "2024-03-13T08:00:00Z",
        headline: "Storm brings heavy snow to mountain passes",
        paragraphs: &[
            "A late winter storm dropped more than two feet of snow on the mountain passes overnight, closing Route 9 for several hours.",
            "Forecasters expect the snow to turn to rain in the valleys by Thursday.",
        ],
    },
];

/// The event: a bridge collapse in Portsmouth, reported by two outlets.
const OWN_REPORT_1: Doc = Doc {
    id: 10,
    outlet: "Harbor Times",
    published: "2024-03-12T14:00:00Z",
    headline: "Harbor Street Bridge collapses into Piscataqua River, three hurt",
    paragraphs: &[
        "PORTSMOUTH — A section of the Harbor Street Bridge collapsed into the Piscataqua River on Tuesday afternoon, sending a delivery truck into the water and injuring three people.",
        "Mayor Jane Whitfield said divers pulled the truck's driver from the cab within minutes. Two pedestrians were treated for cuts at Portsmouth Regional Hospital.",
        "The 1938 steel bridge had been rated in poor condition in an inspection last year, according to state records. Its replacement was scheduled to begin in 2026.",
        "\"We are lucky nobody died,\" Whitfield said at the scene.",
    ],
};

const OWN_REPORT_2: Doc = Doc {
    id: 11,
    outlet: "Seacoast Daily",
    published: "2024-03-12T19:30:00Z",
    headline: "Portsmouth bridge gives way, truck plunges into river",
    paragraphs: &[
        "A span of Portsmouth's aging Harbor Street Bridge gave way Tuesday, dropping a delivery truck into the Piscataqua River. Three people were injured, none seriously, officials said.",
        "Fire Chief Tom Reyes said rescue divers reached the driver in under five minutes. Mayor Jane Whitfield ordered the remaining spans closed to all traffic.",
        "State transportation officials had listed the Harbor Street Bridge as structurally deficient after last year's inspection.",
    ],
};

/// Same topic, different event: an overpass collapse in another city.
const OTHER_EVENT: Doc = Doc {
    id: 12,
    outlet: "Seacoast Daily",
    published: "2024-03-13T12:00:00Z",
    headline: "Highway overpass partly collapses in Dayton after crash",
    paragraphs: &[
        "DAYTON, Ohio — Part of an Interstate 75 overpass collapsed Wednesday morning after a tanker truck struck a support column, closing the highway in both directions.",
        "Ohio Department of Transportation spokeswoman Karen Lee said engineers would inspect the remaining structure before any lanes reopen. No one was seriously injured.",
        "Police Chief Mark Dunn said the tanker's driver was cited for following too closely.",
    ],
};

/// A wire story and two outlets' copies of it.
const WIRE: Doc = Doc {
    id: 20,
    outlet: "Valley Courier",
    published: "2024-03-13T15:00:00Z",
    headline: "Drought forces water limits across three counties",
    paragraphs: &[
        "SACRAMENTO (AP) — Water officials ordered mandatory limits on lawn watering in three counties on Wednesday as reservoirs fell to their lowest levels in a decade.",
        "Residents of Placer, Yolo and Sutter counties may water lawns only twice a week under the order, which takes effect Monday.",
        "State hydrologist Aaron Kim said the snowpack stands at 41 percent of normal.",
    ],
};

const WIRE_COPY: Doc = Doc {
    id: 21,
    outlet: "Northern Ledger",
    published: "2024-03-13T16:00:00Z",
    headline: "Lawn watering cut to twice a week as reservoirs drop",
    paragraphs: &[
        "SACRAMENTO (AP) — Water officials ordered mandatory limits on lawn watering in three counties on Wednesday as reservoirs fell to their lowest levels in a decade.",
        "Residents of Placer, Yolo and Sutter counties may water lawns only twice a week under the order, which takes effect Monday.",
    ],
};

/// A roundup that touches the bridge and the drought.
const ROUNDUP: Doc = Doc {
    id: 30,
    outlet: "Valley Courier",
    published: "2024-03-13T20:00:00Z",
    headline: "Evening briefing: bridge collapse, water limits",
    paragraphs: &[
        "Portsmouth's Harbor Street Bridge collapsed into the Piscataqua River on Tuesday, injuring three people; Mayor Jane Whitfield closed the remaining spans.",
        "Water officials in Sacramento ordered limits on lawn watering in Placer, Yolo and Sutter counties as reservoirs fell.",
    ],
};

fn place_all(
    docs: &[&Doc],
    groups: &[(u64, u64)],
) -> (Clusterer, Vec<(u64, dateline_stories::Assignment)>) {
    let mut c = Clusterer::new(Params::default());
    let mut out = Vec::new();
    for d in docs {
        let group = groups.iter().find(|(id, _)| *id == d.id).map(|(_, g)| *g);
        let a = c.add(d.id, &features(d), group);
        out.push((d.id, a));
    }
    (c, out)
}

fn story_of(placed: &[(u64, dateline_stories::Assignment)], id: u64) -> u64 {
    placed.iter().find(|(i, _)| *i == id).unwrap().1.story
}

fn all_docs() -> Vec<&'static Doc> {
    let mut docs: Vec<&Doc> = BACKGROUND.iter().collect();
    docs.extend([
        &OWN_REPORT_1,
        &OWN_REPORT_2,
        &OTHER_EVENT,
        &WIRE,
        &WIRE_COPY,
    ]);
    docs
}

#[test]
fn two_outlets_own_reports_of_one_event_make_one_story() {
    let (_, placed) = place_all(&all_docs(), &[]);
    assert_eq!(story_of(&placed, 11), story_of(&placed, 10));
    let second = placed.iter().find(|(i, _)| *i == 11).unwrap().1;
    assert_eq!(second.join, Join::Similar);
}

#[test]
fn a_different_event_on_the_same_topic_is_kept_apart() {
    let (_, placed) = place_all(&all_docs(), &[]);
    assert_ne!(story_of(&placed, 12), story_of(&placed, 10));
    assert_eq!(
        story_of(&placed, 12),
        12,
        "the overpass starts its own story"
    );
}

#[test]
fn background_news_stays_in_stories_of_its_own() {
    let (_, placed) = place_all(&all_docs(), &[]);
    for d in BACKGROUND {
        assert_eq!(story_of(&placed, d.id), d.id, "{}", d.headline);
    }
}

#[test]
fn wire_copies_share_a_story_by_text_and_by_copy_group() {
    // By text alone.
    let (_, placed) = place_all(&all_docs(), &[]);
    assert_eq!(story_of(&placed, 21), story_of(&placed, 20));
    // A copy group always decides, even for a copy whose words were all
    // rewritten (here: the overpass report declared a copy of the wire).
    let mut docs = all_docs();
    docs.retain(|d| d.id != 12);
    docs.push(&OTHER_EVENT);
    let (_, placed) = place_all(&docs, &[(21, 20), (12, 20)]);
    let copy = placed.iter().find(|(i, _)| *i == 12).unwrap().1;
    assert_eq!(copy.join, Join::Copy);
    assert_eq!(copy.story, story_of(&placed, 20));
}

#[test]
fn a_roundup_does_not_chain_two_events_together() {
    let mut docs = all_docs();
    docs.push(&ROUNDUP);
    let (_, placed) = place_all(&docs, &[]);
    assert_ne!(story_of(&placed, 10), story_of(&placed, 20));
    // Whatever the roundup joins, the two events stay apart.
    let r = story_of(&placed, 30);
    assert!(r != story_of(&placed, 10) || r != story_of(&placed, 20));
}

#[test]
fn the_same_report_weeks_later_is_a_new_story() {
    let mut late = OWN_REPORT_2;
    late.id = 40;
    late.published = "2024-04-20T10:00:00Z";
    let mut docs = all_docs();
    docs.push(&late);
    let (_, placed) = place_all(&docs, &[]);
    assert_eq!(story_of(&placed, 40), 40);
}

#[test]
fn restoring_from_stored_memberships_gives_the_same_later_decisions() {
    let docs = all_docs();
    let (_, whole) = place_all(&docs, &[(21, 20)]);
    let (first, rest) = docs.split_at(7);
    let mut c = Clusterer::new(Params::default());
    for d in first {
        let story = story_of(&whole, d.id);
        c.restore(d.id, story, &features(d), None);
    }
    for d in rest {
        let group = (d.id == 21).then_some(20);
        let a = c.add(d.id, &features(d), group);
        assert_eq!(a.story, story_of(&whole, d.id), "{}", d.headline);
    }
}

#[test]
fn summary_titles_the_story_and_lists_entities_and_speakers() {
    let docs = [&OWN_REPORT_1, &OWN_REPORT_2];
    let members: Vec<Member> = docs
        .iter()
        .map(|d| Member {
            article_id: d.id as i64,
            outlet: Some(d.outlet.to_string()),
            headline: Some(d.headline.to_string()),
            agency: None,
            copy_group: None,
            features: features(d),
        })
        .collect();
    let now = dateline_stories::parse_time_ms("2024-03-13T19:30:00Z").unwrap();
    let s = summarize(10, &members, now);
    assert_eq!(s.stats.articles, 2);
    assert_eq!(s.stats.outlets, 2);
    assert_eq!(s.outlets, ["Harbor Times", "Seacoast Daily"]);
    assert!(s.title.as_deref().unwrap().contains("Harbor Street Bridge"));
    assert!(
        s.entities
            .iter()
            .any(|e| e.name.contains("Whitfield") && e.count == 2),
        "{:?}",
        s.entities
    );
    assert!(
        s.speakers.iter().any(|e| e.name.contains("Whitfield")),
        "{:?}",
        s.speakers
    );
    // A day after its newest article, the score is half what it was.
    let fresh = dateline_stories::rank(&s.stats, s.stats.newest_ms);
    assert!((s.score - fresh / 2.0).abs() < 1e-9);
}

#[test]
fn ranking_prefers_more_outlets_then_fresher_then_longer() {
    use dateline_stories::{rank, StoryStats};
    let now = 100 * dateline_stories::DAY_MS;
    let base = StoryStats {
        articles: 3,
        outlets: 3,
        newest_ms: now,
        words: 2000,
    };
    let fewer = StoryStats {
        outlets: 1,
        articles: 1,
        ..base
    };
    let older = StoryStats {
        newest_ms: now - dateline_stories::DAY_MS,
        ..base
    };
    let shorter = StoryStats { words: 200, ..base };
    assert!(rank(&base, now) > rank(&fewer, now));
    assert!(rank(&base, now) > rank(&older, now));
    assert!(rank(&base, now) > rank(&shorter, now));
    // Three outlets a day ago still beat one article now.
    assert!(rank(&older, now) > rank(&fewer, now));
}
