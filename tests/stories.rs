//! Stories end to end: the seed and copies of it edited as other outlets
//! would run it, among unrelated news, ingested into a real store by the
//! `dateline` binary, come out as one story holding one AP copy group.

mod support;
use support::*;

use serde_json::Value;
use std::path::Path;
use std::process::Output;

fn seed_text() -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(seed())).unwrap()
}

/// The seed's story paragraphs: from the dateline paragraph to the last
/// paragraph before the sign-up line.
fn seed_paragraphs() -> Vec<String> {
    let text = seed_text();
    let paras: Vec<String> = text
        .split("\n\n")
        .map(|p| p.trim().to_string())
        .filter(|p| !p.is_empty())
        .collect();
    let start = paras
        .iter()
        .position(|p| p.starts_with("HAMBURG, Germany >>"))
        .unwrap();
    let end = paras.iter().position(|p| p.contains("Sign Up")).unwrap();
    let mut body = paras[start..end].to_vec();
    body[0] = body[0].replacen("HAMBURG, Germany >> ", "", 1);
    body
}

fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// The wire story as another outlet's web page: its own headline, site
/// name, navigation, related links and footer; the story trimmed at the end
/// and a paragraph of local interest added.
fn outlet_page(
    site: &str,
    url: &str,
    published: &str,
    headline: &str,
    paragraphs: &[String],
) -> String {
    let body: String = paragraphs
        .iter()
        .map(|p| format!("      <p>{}</p>\n", html_escape(p)))
        .collect();
    format!(
        r#"<!DOCTYPE html>
<html lang="en"><head>
<meta charset="utf-8">
<title>{headline} | {site}</title>
<meta property="og:site_name" content="{site}">
<meta property="og:title" content="{headline}">
<meta property="og:type" content="article">
<meta property="article:published_time" content="{published}">
<link rel="canonical" href="{url}">
</head><body>
<header><nav><ul><li><a href="/">Home</a></li><li><a href="/local">Local</a></li><li><a href="/world">World</a></li><li><a href="/sports">Sports</a></li><li><a href="/subscribe">Subscribe</a></li></ul></nav></header>
<main>
  <article>
    <h1>{headline}</h1>
    <p class="byline">By VLADIMIR ISACHENKOV, Associated Press</p>
    <div class="article-body">
{body}    </div>
  </article>
  <aside><h2>Most read</h2><ul><li><a href="/a">School board delays vote on new calendar</a></li><li><a href="/b">Weekend forecast: sun and mild temperatures</a></li></ul></aside>
</main>
<footer><p>Copyright 2017 {site}. All rights reserved.</p><p><a href="/privacy">Privacy policy</a> | <a href="/terms">Terms of use</a></p></footer>
</body></html>
"#
    )
}

/// Unrelated news of the same days, as text dumps of pages.
fn unrelated(headline: &str, date: &str, paragraphs: &[&str]) -> String {
    format!(
        "Local News\n\n{headline}\n\nBy Staff Writer\n\nPosted {date}\n\n{}\n\nShare this story\n",
        paragraphs.join("\n\n")
    )
}

fn write_inputs(first: &Path, second: &Path) {
    std::fs::write(first.join("seed.txt"), seed_text()).unwrap();
    std::fs::write(
        first.join("council.txt"),
        unrelated(
            "Council votes to repave Main Street next spring",
            "July 08, 2017",
            &[
                "The Millbrook town council voted 5-2 on Saturday to repave Main Street next spring, after years of complaints from business owners about potholes.",
                "Council president Ellen Marsh said the $1.2 million project would be paid for from the road fund without raising property taxes.",
                "Work is expected to take eight weeks, and the street will stay open to one lane of traffic.",
            ],
        ),
    )
    .unwrap();
    std::fs::write(
        first.join("swim.txt"),
        unrelated(
            "Lifeguard shortage shortens hours at public pools",
            "July 09, 2017",
            &[
                "Three public pools in Fairview will open only on weekends this summer because the parks department could not hire enough lifeguards.",
                "Parks director Sam Okafor said the city received 14 applications for 40 positions and will offer free certification classes next year.",
            ],
        ),
    )
    .unwrap();

    let paras = seed_paragraphs();
    // Outlet 1: new headline, the last three paragraphs trimmed, a local
    // paragraph added.
    let mut one: Vec<String> = paras[..paras.len() - 3].to_vec();
    one.push("Local Russian-American groups in Springfield said they hoped the new working group would ease tensions that have hurt cultural exchanges with sister city Tula.".into());
    std::fs::write(
        second.join("springfield-herald.html"),
        outlet_page(
            "Springfield Herald",
            "https://springfield-herald.example/world/2017/07/09/putin-trump-meeting",
            "2017-07-09T08:10:00-05:00",
            "Putin says Trump accepted his denial of election meddling",
            &one,
        ),
    )
    .unwrap();
    // Outlet 2: another headline, a local paragraph first, the story
    // trimmed after its ninth paragraph, a typo fixed.
    let mut two: Vec<String> =
        vec!["Editor's note: Riverside Post readers can follow our full G-20 coverage on our World page.".into()];
    two.extend(
        paras[..9]
            .iter()
            .map(|p| p.replace("cyberspace", "cyber space")),
    );
    std::fs::write(
        second.join("riverside-post.html"),
        outlet_page(
            "Riverside Post",
            "https://riversidepost.example/news/putin-hails-first-meeting-with-trump",
            "2017-07-09T11:00:00Z",
            "Putin hails first meeting with Trump as a model for ties",
            &two,
        ),
    )
    .unwrap();
}

fn json(out: Output) -> Value {
    serde_json::from_slice(&ok(out).stdout).expect("JSON output")
}

#[test]
fn the_seed_and_its_edited_copies_make_one_story_with_one_ap_copy_group() {
    let dir = temp_dir("seed");
    let (first, second, data) = (dir.join("first"), dir.join("second"), dir.join("data"));
    for d in [&first, &second] {
        std::fs::create_dir_all(d).unwrap();
    }
    write_inputs(&first, &second);
    let data_s = data.to_str().unwrap();
    // Two runs: the copies arrive after a restart, so the clusterer must
    // have been rebuilt from the store.
    ok(dateline(&[
        "ingest",
        first.to_str().unwrap(),
        "--data",
        data_s,
        "-q",
    ]));
    ok(dateline(&[
        "ingest",
        second.to_str().unwrap(),
        "--data",
        data_s,
        "-q",
    ]));

    let top = json(dateline(&[
        "stories", "--top", "--format", "json", "--data", data_s,
    ]));
    let top = top.as_array().unwrap();
    assert_eq!(top.len(), 3, "five articles in three stories: {top:#?}");
    let putin: Vec<&Value> = top
        .iter()
        .filter(|s| s["title"].as_str().unwrap_or("").contains("Putin"))
        .collect();
    assert_eq!(
        putin.len(),
        1,
        "exactly one story about the meeting: {top:#?}"
    );
    let story = putin[0];
    assert_eq!(
        top[0]["id"], story["id"],
        "the story three outlets ran ranks first"
    );
    assert_eq!(story["stats"]["articles"], 3);
    assert_eq!(
        story["stats"]["outlets"], 3,
        "two named outlets and the seed's unnamed one"
    );

    // In a pipe the default is JSON Lines: the same stories, one a line.
    let lines = ok(dateline(&["stories", "--top", "--data", data_s]));
    let ids: Vec<Value> = String::from_utf8_lossy(&lines.stdout)
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap()["id"].clone())
        .collect();
    let want: Vec<Value> = top.iter().map(|s| s["id"].clone()).collect();
    assert_eq!(ids, want);

    let id = story["id"].as_i64().unwrap().to_string();
    let full = json(dateline(&[
        "stories", &id, "--format", "json", "--data", data_s,
    ]));
    let heads: Vec<&str> = full["articles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["headline"].as_str().unwrap())
        .collect();
    assert_eq!(heads.len(), 3, "{heads:?}");
    assert!(heads.contains(&"Putin hails meeting, thinks Trump accepted election denials"));
    assert!(heads.contains(&"Putin says Trump accepted his denial of election meddling"));
    assert!(heads.contains(&"Putin hails first meeting with Trump as a model for ties"));
    let groups = full["copy_groups"].as_array().unwrap();
    assert_eq!(groups.len(), 1, "{groups:#?}");
    assert_eq!(groups[0]["articles"].as_array().unwrap().len(), 3);
    assert_eq!(groups[0]["agency"], "Associated Press");
    assert!(full["speakers"][0]["name"]
        .as_str()
        .unwrap()
        .contains("Putin"));
    let entities: Vec<&str> = full["entities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["name"].as_str().unwrap())
        .collect();
    assert!(entities.contains(&"Donald Trump"), "{entities:?}");

    // Who said what across the corpus: the seed's quotes, attributed to
    // Putin, each listed once although three outlets ran them.
    let quotes = json(dateline(&[
        "quotes",
        "--speaker",
        "Putin",
        "--format",
        "json",
        "-n",
        "200",
        "--data",
        data_s,
    ]));
    let quotes = quotes.as_array().unwrap();
    for expected in [
        "I tried to answer them all",
        "he has taken note of that and agreed",
        "he was satisfied with the answers",
    ] {
        let found: Vec<&Value> = quotes
            .iter()
            .filter(|q| q["quote"].as_str().unwrap_or("").contains(expected))
            .collect();
        assert_eq!(found.len(), 1, "{expected:?} once in {quotes:#?}");
    }
    assert!(
        quotes.iter().all(|q| q["speaker"] == "Vladimir Putin"),
        "{quotes:#?}"
    );

    // Any member's id leads to the same story; the table names it.
    let member = full["articles"][2]["id"].as_i64().unwrap().to_string();
    let table = ok(dateline(&[
        "stories", &member, "--format", "table", "--data", data_s,
    ]));
    let table = String::from_utf8(table.stdout).unwrap();
    assert!(table.starts_with(&format!("Story {id}: ")), "{table}");
    assert!(table.contains("Associated Press"), "{table}");
    let csv = ok(dateline(&[
        "stories", "--top", "--format", "csv", "--data", data_s,
    ]));
    let csv = String::from_utf8(csv.stdout).unwrap();
    assert!(
        csv.starts_with("rank,id,score,articles,outlets,newest,title\n1,"),
        "{csv}"
    );
    assert_eq!(csv.lines().count(), 4);

    // As of the day before, the meeting story had not happened yet.
    let before = json(dateline(&[
        "stories",
        "--top",
        "--now",
        "2017-07-08",
        "--format",
        "json",
        "--data",
        data_s,
    ]));
    assert!(
        before
            .as_array()
            .unwrap()
            .iter()
            .all(|s| !s["title"].as_str().unwrap_or("").contains("Putin")),
        "{before:#?}"
    );

    // Clustering again from the store, in time order, agrees.
    ok(dateline(&[
        "stories",
        "--rebuild",
        "--format",
        "json",
        "--data",
        data_s,
    ]));
    let again = json(dateline(&[
        "stories", "--top", "--format", "json", "--data", data_s,
    ]));
    assert_eq!(again.as_array().unwrap().len(), 3);
    assert_eq!(again[0]["stats"]["articles"], 3);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn stories_without_a_store_says_what_to_do() {
    let dir = temp_dir("nostore");
    let out = dateline(&[
        "stories",
        "--top",
        "--data",
        dir.join("none").to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("dateline ingest"));
    let _ = std::fs::remove_dir_all(&dir);
}
