//! Page metadata from markup: JSON-LD, OpenGraph, meta tags, itemprop,
//! `<time>`, visible bylines, `<title>`.
//!
//! Priority, field by field (the first source that gives a usable value
//! wins; every value set is recorded in `article.provenance`):
//!
//! | field | sources, best first |
//! | --- | --- |
//! | headline | the visible `<h1>` when it agrees with a declared title; JSON-LD `headline`/`name`; `og:title`; `twitter:title`; `itemprop=headline`; `meta` title tags (`parsely-title`, `sailthru.title`, `dc.title`, `title`); `<title>`; each with the site name suffix removed |
//! | authors, byline | JSON-LD `author` (people only, `@id` references resolved); visible byline elements (`class`/`id`/`rel`/`itemprop` with "byline"/"author"); `meta` author tags (`author`, `article:author`, `parsely-author`, `sailthru.author`, `dc.creator`, `byl`) |
//! | agency | a known wire agency among JSON-LD authors, the byline or author meta tags |
//! | published | JSON-LD `datePublished`; `article:published_time` and its kin; `meta` date tags (`pubdate`, `date`, `dc.date`, `parsely-pub-date`, `sailthru.date`...); `itemprop=datePublished`; `<time datetime>` marked as publication; the first `<time datetime>`; a date in the URL path |
//! | updated | JSON-LD `dateModified`; `article:modified_time`, `og:updated_time`; `meta` modified tags; `itemprop=dateModified`; `<time>` marked as update |
//! | description | `og:description`; `meta description`; JSON-LD `description`; `twitter:description` |
//! | site_name | `og:site_name`; JSON-LD `publisher.name`; `application-name` |
//! | section | `article:section`; JSON-LD `articleSection`; `parsely-section`, `section` meta tags |
//! | tags | `article:tag`; `news_keywords`; `keywords`; JSON-LD `keywords`; `parsely-tags`, `sailthru.tags` |
//! | canonical_url | `<link rel=canonical>`; `og:url`; JSON-LD `url` / `mainEntityOfPage` |
//! | language | `<html lang>`; `content-language`; `og:locale`; JSON-LD `inLanguage` |

use crate::byline;
use crate::dates;
use crate::html::{Dom, NodeId};
use ld::{Ld, LdMap};

mod ld;
use dateline_core::hash::FnvBuild;
use dateline_core::{fold_whitespace, Article, Signal};
use regex::Regex;
use std::borrow::Cow;
use std::collections::HashMap;
use std::hash::BuildHasher;
use std::sync::LazyLock;

/// JSON-LD types that describe the story itself.
const ARTICLE_TYPES: &[&str] = &[
    "NewsArticle",
    "Article",
    "ReportageNewsArticle",
    "AnalysisNewsArticle",
    "OpinionNewsArticle",
    "BackgroundNewsArticle",
    "ReviewNewsArticle",
    "AskPublicNewsArticle",
    "BlogPosting",
    "LiveBlogPosting",
    "SocialMediaPosting",
    "Report",
    "ScholarlyArticle",
    "TechArticle",
    "Blog",
];

/// Every name in [`ARTICLE_TYPES`] holds one of these.
const ARTICLE_TYPE_WORDS: [&str; 4] = ["Article", "Posting", "Report", "Blog"];

/// Bounds on the work spent on JSON-LD (hostile pages can carry megabytes).
const MAX_JSONLD_BYTES: usize = 2_000_000;
const MAX_JSON_NODES: usize = 50_000;

/// A candidate value with its origin.
#[derive(Debug, Clone)]
struct Cand {
    value: String,
    signal: Signal,
    detail: String,
}

fn cand(value: impl Into<String>, signal: Signal, detail: impl Into<String>) -> Cand {
    Cand {
        value: value.into(),
        signal,
        detail: detail.into(),
    }
}

/// Everything one JSON-LD article object says.
#[derive(Debug, Default)]
struct LdArticle {
    type_name: String,
    headline: Option<String>,
    description: Option<String>,
    authors: Vec<String>,
    /// Authors given as objects typed `Person` (a one-word name is taken
    /// from these only).
    typed_people: Vec<String>,
    author_orgs: Vec<String>,
    published: Option<String>,
    modified: Option<String>,
    section: Option<String>,
    keywords: Vec<String>,
    url: Option<String>,
    publisher: Option<String>,
    language: Option<String>,
}

/// The elements metadata is read from, found in one pass over the page.
struct Elements {
    title: Vec<NodeId>,
    h1: Vec<NodeId>,
    link: Vec<NodeId>,
    html: Vec<NodeId>,
    meta: Vec<NodeId>,
    time: Vec<NodeId>,
    script: Vec<NodeId>,
    /// Elements other than `<meta>` with an `itemprop` attribute.
    itemprop: Vec<NodeId>,
    /// Elements whose `class`, `id`, `rel` or `itemprop` holds a word every
    /// byline hint holds (see [`visible_byline`]).
    byline: Vec<NodeId>,
}

impl Elements {
    /// One walk over the page: the named elements, and the few elements
    /// the itemprop and byline readers look at (each of those walked the
    /// whole page on its own before).
    fn find(dom: &Dom) -> Elements {
        const NAMES: [&str; 7] = ["title", "h1", "link", "html", "meta", "time", "script"];
        // Name id -> 1 + index in NAMES (0: none of them); a few kinds of
        // element do not hold a visible byline.
        const NO_BYLINE: u8 = 0x80;
        let mut slot = vec![0u8; dom.names().len()];
        for (i, n) in dom.names().iter().enumerate() {
            let mut v = NAMES
                .iter()
                .position(|t| **t == **n)
                .map_or(0, |k| k as u8 + 1);
            if matches!(
                &**n,
                "meta" | "link" | "script" | "style" | "img" | "html" | "body"
            ) {
                v |= NO_BYLINE;
            }
            if let Some(s) = slot.get_mut(i) {
                *s = v;
            }
        }
        let meta_slot = 5;
        // Room for a typical page's elements of each kind, in the order of
        // NAMES: growing the lists one doubling at a time showed in profiles.
        let room = [4, 4, 32, 2, 64, 8, 32];
        let mut lists: [Vec<NodeId>; 7] = room.map(Vec::with_capacity);
        let mut itemprop = Vec::with_capacity(32);
        let mut byline = Vec::with_capacity(64);
        for id in dom.descendants(dom.root()) {
            let Some(name) = dom.name_id(id) else {
                continue;
            };
            let s = slot.get(name as usize).copied().unwrap_or(0);
            let k = s & !NO_BYLINE;
            if let Some(list) = (k as usize).checked_sub(1).and_then(|k| lists.get_mut(k)) {
                list.push(id);
            }
            // One pass over the attributes; the first of a repeated
            // attribute counts, as with `Dom::attr`.
            let mut found: [Option<&str>; 4] = [None; 4];
            let which = |name: &[u8]| match name {
                b"class" => Some(0),
                b"id" => Some(1),
                b"rel" => Some(2),
                b"itemprop" => Some(3),
                _ => None,
            };
            for (slot, v) in dom.attrs_by(id, which) {
                if let Some(slot @ None) = found.get_mut(slot) {
                    *slot = Some(v);
                }
            }
            if found[3].is_some() && k != meta_slot {
                itemprop.push(id);
            }
            if s & NO_BYLINE == 0 && found.into_iter().any(|v| v.is_some_and(has_byline_word)) {
                byline.push(id);
            }
        }
        let [title, h1, link, html, meta, time, script] = lists;
        Elements {
            title,
            h1,
            link,
            html,
            meta,
            time,
            script,
            itemprop,
            byline,
        }
    }
}

/// Reads the page's metadata into `article`, noting the source of each field.
pub fn read(dom: &Dom, article: &mut Article) {
    let els = Elements::find(dom);
    let metas = meta_tags(dom, &els.meta, &els.itemprop);
    // (hash of key, position) sorted: the tags of one key, in page order,
    // are found by binary search (dozens of keys are looked up on every
    // page). Sorting and searching numbers spares the string compares;
    // keys that share a hash are told apart after.
    let hash = |k: &str| FnvBuild::default().hash_one(k);
    let mut by_key: Vec<(u64, usize)> = metas
        .iter()
        .enumerate()
        .map(|(i, (k, _, _))| (hash(k), i))
        .collect();
    by_key.sort_unstable();
    let get = |keys: &[&str]| -> Option<Cand> {
        for k in keys {
            let h = hash(k);
            let from = by_key.partition_point(|&(key, _)| key < h);
            let tags = by_key
                .get(from..)
                .unwrap_or(&[])
                .iter()
                .take_while(|&&(key, _)| key == h)
                .filter_map(|&(_, i)| metas.get(i))
                .filter(|(key, _, _)| key == k);
            for (_, value, signal) in tags {
                if !value.trim().is_empty() {
                    let kind = if *signal == Signal::OpenGraph {
                        "property"
                    } else if *signal == Signal::Markup {
                        "itemprop"
                    } else {
                        "name"
                    };
                    return Some(cand(
                        fold_whitespace(value),
                        *signal,
                        format!("meta[{kind}={k}]"),
                    ));
                }
            }
        }
        None
    };
    let all = |keys: &[&str]| -> Vec<Cand> {
        let mut out = Vec::new();
        for (key, value, signal) in &metas {
            if keys.contains(&&**key) && !value.trim().is_empty() {
                out.push(cand(
                    fold_whitespace(value),
                    *signal,
                    format!("meta[{key}]"),
                ));
            }
        }
        out
    };
    let ld = json_ld(dom, &els.script);
    let ld_main = ld.first();
    let ld_detail =
        |field: &str| ld_main.map_or_else(String::new, |a| format!("{}.{field}", a.type_name));

    // Site name first: the headline's suffix is cut with it.
    let site = get(&["og:site_name"])
        .or_else(|| {
            ld_main
                .and_then(|a| a.publisher.clone())
                .map(|p| cand(p, Signal::JsonLd, ld_detail("publisher.name")))
        })
        .or_else(|| get(&["application-name", "apple-mobile-web-app-title"]));
    if let Some(c) = site {
        set(article, "site_name", c);
    }

    // Headline.
    let mut declared: Vec<Cand> = Vec::new();
    if let Some(h) = ld_main.and_then(|a| a.headline.clone()) {
        declared.push(cand(h, Signal::JsonLd, ld_detail("headline")));
    }
    for keys in [
        &["og:title"][..],
        &["twitter:title"],
        &["headline"],
        &["parsely-title", "sailthru.title", "dc.title", "title"],
    ] {
        if let Some(c) = get(keys) {
            declared.push(c);
        }
    }
    if let Some(&t) = els.title.first() {
        let raw = fold_whitespace(dom.raw_text(t));
        if !raw.is_empty() {
            declared.push(cand(raw, Signal::Markup, "title"));
        }
    }
    let site_name = article.site_name.clone();
    for c in &mut declared {
        c.value = strip_site_suffix(&c.value, site_name.as_deref());
    }
    declared.retain(|c| !c.value.is_empty());
    let h1 = {
        // Each title's words once, not once per pair compared.
        let declared_words: Vec<_> = declared.iter().map(|c| similar_words(&c.value)).collect();
        els.h1
            .iter()
            .filter_map(|&h| small_text(dom, h))
            .filter(|t| (3..=400).contains(&t.len()))
            .find(|t| {
                let words = similar_words(t);
                declared_words.iter().any(|d| similar_sets(&words, d))
            })
    };
    if let Some(h) = h1 {
        set(article, "headline", cand(h, Signal::Markup, "h1"));
    } else if let Some(c) = declared.into_iter().next() {
        set(article, "headline", c);
    } else if let Some(h) = els
        .h1
        .iter()
        .filter_map(|&h| small_text(dom, h))
        .find(|t| (10..=400).contains(&t.len()))
    {
        set(article, "headline", cand(h, Signal::Markup, "h1"));
    }

    // Description.
    let description = get(&["og:description"])
        .or_else(|| get(&["description"]))
        .or_else(|| {
            ld_main
                .and_then(|a| a.description.clone())
                .map(|d| cand(d, Signal::JsonLd, ld_detail("description")))
        })
        .or_else(|| get(&["twitter:description"]));
    if let Some(c) = description {
        set(article, "description", c);
    }

    // Authors, byline, agency.
    read_people(dom, &els.byline, article, ld_main, &get, &all);

    // Dates.
    let published = ld
        .iter()
        .find_map(|a| {
            a.published
                .as_deref()
                .and_then(dates::parse)
                .map(|d| cand(d, Signal::JsonLd, format!("{}.datePublished", a.type_name)))
        })
        .or_else(|| {
            date_meta(
                &get,
                &[
                    &[
                        "article:published_time",
                        "og:published_time",
                        "article:published",
                    ],
                    &["datepublished"],
                    &[
                        "pubdate",
                        "publishdate",
                        "publish-date",
                        "publish_date",
                        "published_time",
                        "date",
                        "dc.date",
                        "dc.date.issued",
                        "dc.date.created",
                        "dcterms.date",
                        "dcterms.created",
                        "dcterms.issued",
                        "parsely-pub-date",
                        "sailthru.date",
                        "article.published",
                        "article_date_original",
                        "original-publish-date",
                        "cxenseparse:recs:publishtime",
                        "displaydate",
                        "release_date",
                        "citation_publication_date",
                        "created",
                    ],
                ],
            )
        })
        .or_else(|| time_element(dom, &els.time, true, false))
        .or_else(|| visible_date(dom))
        .or_else(|| time_element(dom, &els.time, true, true))
        .or_else(|| url_date(article));
    if let Some(c) = published {
        set(article, "published", c);
    }
    let updated = ld
        .iter()
        .find_map(|a| {
            a.modified
                .as_deref()
                .and_then(dates::parse)
                .map(|d| cand(d, Signal::JsonLd, format!("{}.dateModified", a.type_name)))
        })
        .or_else(|| {
            date_meta(
                &get,
                &[
                    &[
                        "article:modified_time",
                        "og:updated_time",
                        "article:modified",
                    ],
                    &["datemodified"],
                    &[
                        "last-modified",
                        "lastmod",
                        "dc.date.modified",
                        "dcterms.modified",
                        "updated",
                        "modified",
                        "article.updated",
                    ],
                ],
            )
        })
        .or_else(|| time_element(dom, &els.time, false, false));
    if let Some(c) = updated {
        set(article, "updated", c);
    }

    // Section and tags.
    let section = get(&["article:section"])
        .or_else(|| {
            ld_main
                .and_then(|a| a.section.clone())
                .map(|s| cand(s, Signal::JsonLd, ld_detail("articleSection")))
        })
        .or_else(|| get(&["parsely-section", "section", "sailthru.section", "category"]));
    if let Some(c) = section {
        set(article, "section", c);
    }
    let mut tags: Vec<String> = Vec::new();
    let mut tag_source: Option<Cand> = None;
    for c in all(&["article:tag"]) {
        tag_source.get_or_insert_with(|| c.clone());
        tags.push(c.value);
    }
    if tags.is_empty() {
        if let Some(c) = get(&["news_keywords", "keywords"]) {
            tags = split_list(&c.value);
            tag_source = Some(c);
        }
    }
    if tags.is_empty() {
        if let Some(a) = ld_main.filter(|a| !a.keywords.is_empty()) {
            tags = a.keywords.iter().flat_map(|k| split_list(k)).collect();
            tag_source = Some(cand("", Signal::JsonLd, ld_detail("keywords")));
        }
    }
    if tags.is_empty() {
        if let Some(c) = get(&["parsely-tags", "sailthru.tags"]) {
            tags = split_list(&c.value);
            tag_source = Some(c);
        }
    }
    tags.retain(|t| !t.is_empty() && t.len() <= 100);
    let mut seen = std::collections::HashSet::new();
    tags.retain(|t| seen.insert(t.to_lowercase()));
    if let (false, Some(src)) = (tags.is_empty(), tag_source) {
        article.tags = tags;
        article.note_source("tags", src.signal, src.detail);
    }

    // Canonical URL.
    let canonical = els
        .link
        .iter()
        .copied()
        .find(|&l| rel_has(dom, l, "canonical"))
        .and_then(|l| dom.attr(l, "href"))
        .filter(|h| !h.trim().is_empty())
        .map(|h| cand(h.trim(), Signal::Markup, "link[rel=canonical]"))
        .or_else(|| get(&["og:url"]))
        .or_else(|| {
            ld_main
                .and_then(|a| a.url.clone())
                .map(|u| cand(u, Signal::JsonLd, ld_detail("url")))
        });
    if let Some(mut c) = canonical {
        c.value = absolute(&c.value, article.url.as_deref());
        set(article, "canonical_url", c);
    }

    // Language hint.
    let lang = els
        .html
        .first()
        .copied()
        .and_then(|h| dom.attr(h, "lang").or_else(|| dom.attr(h, "xml:lang")))
        .map(|l| cand(l, Signal::Markup, "html[lang]"))
        .or_else(|| get(&["content-language", "og:locale", "language", "dc.language"]))
        .or_else(|| {
            ld_main
                .and_then(|a| a.language.clone())
                .map(|l| cand(l, Signal::JsonLd, ld_detail("inLanguage")))
        });
    if let Some(mut c) = lang {
        if let Some(code) = language_code(&c.value) {
            c.value = code;
            set(article, "language", c);
        }
    }
}

/// Elements with more nodes below them than this are not read as a byline,
/// date or headline: those are short, and reading big subtrees for every
/// hinted element would make hostile pages quadratic.
const MAX_SMALL_SUBTREE: usize = 400;

/// Visible text of a small element; `None` for big subtrees.
fn small_text(dom: &Dom, id: NodeId) -> Option<String> {
    let size = dom.subtree_end(id).saturating_sub(id.index());
    (size <= MAX_SMALL_SUBTREE).then(|| dom.text_content(id))
}

/// `fold_whitespace(s)`, without a copy when `s` is folded already (most
/// values are: they were folded where they were read).
fn folded(s: String) -> String {
    let mut prev_space = true;
    let already = s.chars().all(|c| {
        let ok = if c == ' ' {
            !prev_space
        } else {
            !c.is_whitespace()
        };
        prev_space = c == ' ';
        ok
    }) && !prev_space;
    if already {
        s
    } else {
        fold_whitespace(&s)
    }
}

fn set(article: &mut Article, field: &str, c: Cand) {
    let value = folded(c.value);
    if value.is_empty() {
        return;
    }
    let slot = match field {
        "headline" => &mut article.headline,
        "description" => &mut article.description,
        "site_name" => &mut article.site_name,
        "section" => &mut article.section,
        "byline" => &mut article.byline,
        "agency" => &mut article.agency,
        "published" => &mut article.published,
        "updated" => &mut article.updated,
        "canonical_url" => &mut article.canonical_url,
        "language" => &mut article.language,
        _ => return,
    };
    if slot.is_some() {
        return;
    }
    *slot = Some(value);
    article.note_source(field, c.signal, c.detail);
}

/// Collects `<meta>` tags as (lowercase key, content, signal); `itemprop`
/// elements with a `content` or `datetime` attribute are included as
/// markup.
/// A meta tag's lowercase key, its value and its kind, borrowed from the
/// page where they can be.
type MetaTag<'a> = (Cow<'a, str>, Cow<'a, str>, Signal);

/// `s` in ASCII lower case, copied only when it has capitals.
fn ascii_lower(s: &str) -> Cow<'_, str> {
    if s.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Owned(s.to_ascii_lowercase())
    } else {
        Cow::Borrowed(s)
    }
}

fn meta_tags<'a>(dom: &'a Dom, metas: &[NodeId], itemprops: &[NodeId]) -> Vec<MetaTag<'a>> {
    // Most tags give one entry: room for those spares the list its growing.
    let mut out: Vec<MetaTag<'a>> = Vec::with_capacity(metas.len() + itemprops.len());
    for &m in metas {
        let Some(content) = dom.attr(m, "content") else {
            continue;
        };
        if let Some(p) = dom.attr(m, "property") {
            let p = ascii_lower(p.trim());
            let signal = if p.starts_with("og:") || p.starts_with("article:") {
                Signal::OpenGraph
            } else {
                Signal::MetaTag
            };
            out.push((p, Cow::Borrowed(content), signal));
        }
        if let Some(n) = dom.attr(m, "name").or_else(|| dom.attr(m, "http-equiv")) {
            let n = ascii_lower(n.trim());
            let signal = if n.starts_with("og:") || n.starts_with("article:") {
                Signal::OpenGraph
            } else {
                Signal::MetaTag
            };
            out.push((n, Cow::Borrowed(content), signal));
        }
        if let Some(ip) = dom.attr(m, "itemprop") {
            out.push((
                ascii_lower(ip.trim()),
                Cow::Borrowed(content),
                Signal::Markup,
            ));
        }
    }
    // Parse.ly's older single tag holds JSON: spread it into the
    // parsely-* names the newer tags use.
    let parsely: Vec<MetaTag<'a>> = out
        .iter()
        .filter(|(k, _, _)| k == "parsely-page" || k == "parsely-metadata")
        .filter_map(|(_, v, _)| serde_json::from_str::<Ld<'_>>(v).ok())
        .flat_map(|v| {
            let mut found = Vec::new();
            for (key, name) in [
                ("title", "parsely-title"),
                ("pub_date", "parsely-pub-date"),
                ("section", "parsely-section"),
                ("author", "parsely-author"),
            ] {
                if let Some(t) = v.get(key).and_then(text_of) {
                    found.push((Cow::Borrowed(name), Cow::Owned(t), Signal::MetaTag));
                }
            }
            if let Some(Ld::Array(list)) = v.get("authors") {
                for a in list.iter().take(20).filter_map(text_of) {
                    found.push((
                        Cow::Borrowed("parsely-author"),
                        Cow::Owned(a),
                        Signal::MetaTag,
                    ));
                }
            }
            found
        })
        .collect();
    out.extend(parsely);
    // itemprop on other elements: <time itemprop=datePublished datetime=..>,
    // <h1 itemprop=headline>.
    for &id in itemprops {
        let Some(ip) = dom.attr(id, "itemprop") else {
            continue;
        };
        let ip = ascii_lower(ip.trim());
        if !matches!(
            &*ip,
            "headline" | "datepublished" | "datemodified" | "datecreated"
        ) {
            continue;
        }
        let value = dom
            .attr(id, "datetime")
            .or_else(|| dom.attr(id, "content"))
            .map(Cow::Borrowed)
            .or_else(|| small_text(dom, id).map(Cow::Owned))
            .unwrap_or_default();
        let key = if ip == "datecreated" {
            Cow::Borrowed("datepublished")
        } else {
            ip
        };
        out.push((key, value, Signal::Markup));
    }
    out
}

fn date_meta(get: &dyn Fn(&[&str]) -> Option<Cand>, groups: &[&[&str]]) -> Option<Cand> {
    for keys in groups {
        for k in *keys {
            if let Some(mut c) = get(&[k]) {
                if let Some(iso) = dates::parse(&c.value) {
                    c.value = iso;
                    return Some(c);
                }
            }
        }
    }
    None
}

static PUBLISH_HINT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)publish|posted|pubdate|created|date-?line|timestamp").expect("static regex")
});
static UPDATE_HINT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)updat|modif|revis").expect("static regex"));

/// A `<time datetime>` (or an element with a date class) that says it is the
/// publication (or update) time; for publication the first `<time>` of the
/// page is the fallback.
fn time_element(dom: &Dom, times: &[NodeId], published: bool, first_will_do: bool) -> Option<Cand> {
    let mut first: Option<Cand> = None;
    for &t in times {
        let Some(dt) = dom.attr(t, "datetime").and_then(dates::parse) else {
            continue;
        };
        if in_comments(dom, t) {
            continue;
        }
        let hints: String = [
            dom.attr(t, "class").unwrap_or(""),
            dom.attr(t, "itemprop").unwrap_or(""),
            dom.attr(t, "pubdate").map_or("", |_| "pubdate"),
            dom.parent(t)
                .and_then(|p| dom.attr(p, "class"))
                .unwrap_or(""),
        ]
        .join(" ");
        let text = small_text(dom, t).unwrap_or_default();
        let is_update = UPDATE_HINT.is_match(&hints) || UPDATE_HINT.is_match(&text);
        let is_publish =
            PUBLISH_HINT.is_match(&hints) || (!is_update && PUBLISH_HINT.is_match(&text));
        if published && is_publish && !is_update {
            return Some(cand(dt, Signal::Markup, "time[datetime]"));
        }
        if !published && is_update {
            return Some(cand(dt, Signal::Markup, "time[datetime]"));
        }
        if first_will_do && published && !is_update && first.is_none() {
            first = Some(cand(dt, Signal::Markup, "time[datetime] (first)"));
        }
    }
    first
}

static DATE_HINT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)date|time|publish|posted|dateline|byline|author|article-?info|meta")
        .expect("static regex")
});
static ELSEWHERE_HINT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)related|recommend|sidebar|widget|footer|promo|teaser|trending|popular|more-?stories|most-?read|comment|copyright|event|weather|nav")
        .expect("static regex")
});

/// Words of which every `DATE_HINT` match holds one.
const DATE_WORDS: &[&[u8]] = &[
    b"date",
    b"time",
    b"publish",
    b"posted",
    b"byline",
    b"author",
    b"articleinfo",
    b"article-info",
    b"meta",
];

/// Per byte, bit `k` of the first table is set when the byte is, in either
/// ASCII case, the first letter of word `k`, and of the second table when
/// it is its second letter: one lookup per byte finds the places where a
/// word may start (words of two letters or more, at most 32 of them).
struct PairTable([u32; 256], [u32; 256]);

impl PairTable {
    fn new(words: &[&[u8]]) -> PairTable {
        let mut t = PairTable([0; 256], [0; 256]);
        for (k, w) in words.iter().enumerate().take(32) {
            for (table, letter) in [(&mut t.0, w.first()), (&mut t.1, w.get(1))] {
                if let Some(&c) = letter {
                    table[c.to_ascii_lowercase() as usize] |= 1 << k;
                    table[c.to_ascii_uppercase() as usize] |= 1 << k;
                }
            }
        }
        t
    }
}

static DATE_PAIRS: LazyLock<PairTable> = LazyLock::new(|| PairTable::new(DATE_WORDS));

/// Whether `v` contains one of the lowercase ASCII `words` (of two letters
/// or more), in any ASCII case; `pairs` is their [`PairTable`]. One pass
/// over the bytes, no allocation.
fn has_any_word(v: &str, words: &[&[u8]], pairs: &PairTable) -> bool {
    let b = v.as_bytes();
    b.windows(2).enumerate().any(|(i, p)| {
        let may = pairs.0[p[0] as usize] & pairs.1[p[1] as usize];
        may != 0
            && words.iter().enumerate().any(|(k, w)| {
                may >> k & 1 != 0
                    && b.get(i..i + w.len())
                        .is_some_and(|s| s.eq_ignore_ascii_case(w))
            })
    })
}

/// A date a reader sees in an element whose class or id says it holds the
/// date ("article-publish-date", "storyDate"), outside related-story lists
/// and comments: the first one in the page, not marked as an update.
fn visible_date(dom: &Dom) -> Option<Cand> {
    for id in dom.descendants(dom.root()) {
        let Some(tag) = dom.tag(id) else { continue };
        if matches!(
            tag,
            "html" | "body" | "script" | "style" | "meta" | "link" | "head"
        ) {
            continue;
        }
        // One pass over the attributes (this loop visits every element);
        // the first of a repeated attribute counts, as with `Dom::attr`.
        let [mut class, mut idv, mut itemprop] = [None; 3];
        let which = |name: &[u8]| match name {
            b"class" => Some(0),
            b"id" => Some(1),
            b"itemprop" => Some(2),
            _ => None,
        };
        for (k, v) in dom.attrs_by(id, which) {
            let slot = match k {
                0 => &mut class,
                1 => &mut idv,
                _ => &mut itemprop,
            };
            if slot.is_none() {
                *slot = Some(v);
            }
        }
        let parts = [
            class.unwrap_or(""),
            idv.unwrap_or(""),
            itemprop.unwrap_or(""),
        ];
        // Every match of DATE_HINT in ASCII text holds one of these words:
        // most elements are ruled out before building the hint string.
        // (Unicode case folding lets "ſ" match "s", so other text goes on.)
        if !parts
            .iter()
            .any(|v| !v.is_ascii() || has_any_word(v, DATE_WORDS, &DATE_PAIRS))
        {
            continue;
        }
        let hint = parts.join(" ");
        if !DATE_HINT.is_match(&hint) || ELSEWHERE_HINT.is_match(&hint) {
            continue;
        }
        // No ELSEWHERE_HINT match holds a space, so class and id are
        // searched one by one rather than joined.
        let elsewhere = dom.ancestors(id).take(40).any(|a| {
            matches!(dom.tag(a), Some("aside" | "footer" | "nav"))
                || [dom.attr(a, "class"), dom.attr(a, "id")]
                    .into_iter()
                    .flatten()
                    .any(|v| !v.is_empty() && ELSEWHERE_HINT.is_match(v))
        });
        if elsewhere {
            continue;
        }
        let Some(text) = small_text(dom, id) else {
            continue;
        };
        if text.is_empty() || text.len() > 160 {
            continue;
        }
        let Some(found) = dates::find(&text) else {
            continue;
        };
        if found.role == dates::DateRole::Updated {
            // "Updated ... Published ...": look for the published one.
            let rest = text.get(found.end..).unwrap_or("");
            if let Some(p) = dates::find(rest).filter(|f| f.role == dates::DateRole::Published) {
                return Some(cand(
                    p.iso,
                    Signal::VisibleText,
                    format!("{tag}.{}", first_class(dom, id)),
                ));
            }
            continue;
        }
        return Some(cand(
            found.iso,
            Signal::VisibleText,
            format!("{tag}.{}", first_class(dom, id)),
        ));
    }
    None
}

fn first_class(dom: &Dom, id: NodeId) -> String {
    dom.attr(id, "class")
        .and_then(|c| c.split_whitespace().next())
        .unwrap_or("")
        .to_string()
}

fn in_comments(dom: &Dom, id: NodeId) -> bool {
    dom.ancestors(id).take(30).any(|a| {
        let c = dom.attr(a, "class").unwrap_or("");
        let i = dom.attr(a, "id").unwrap_or("");
        contains_ignore_ascii_case(c, "comment")
            || contains_ignore_ascii_case(i, "comment")
            || dom.is(a, "aside")
    })
}

static URL_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"/((?:19|20)\d{2})[/-]?(0[1-9]|1[0-2])[/-]?(0[1-9]|[12]\d|3[01])(?:/|[-_]|$)")
        .expect("static regex")
});

fn url_date(article: &Article) -> Option<Cand> {
    let url = article
        .url
        .as_deref()
        .or(article.canonical_url.as_deref())?;
    let c = URL_DATE.captures(url)?;
    let y: i32 = c[1].parse().ok()?;
    let m: u32 = c[2].parse().ok()?;
    let d: u32 = c[3].parse().ok()?;
    dates::valid_date(y, m, d)
        .then(|| cand(format!("{y:04}-{m:02}-{d:02}"), Signal::Url, "url path"))
}

static BYLINE_HINT: LazyLock<Regex> = LazyLock::new(|| {
    // ASCII word boundaries (`-u`) keep the match in the fast DFA; class
    // names are ASCII in practice.
    Regex::new(r"(?i-u)byline|\bauthor|author-?name|\bby-?line|\bwriter|contributor|\bcreator")
        .expect("static regex")
});
static NOT_BYLINE_HINT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i-u)comment|avatar|credit|caption|photo|image|bio\b|biography|author-?(?:image|img|photo|pic|desc|info|box|card|about|social|twitter|email)|related|more-from|share|follow")
        .expect("static regex")
});

fn read_people(
    dom: &Dom,
    byline_candidates: &[NodeId],
    article: &mut Article,
    ld: Option<&LdArticle>,
    get: &dyn Fn(&[&str]) -> Option<Cand>,
    all: &dyn Fn(&[&str]) -> Vec<Cand>,
) {
    let mut agency: Option<Cand> = None;
    // JSON-LD authors.
    if let Some(a) = ld {
        let mut people = Vec::new();
        for name in &a.authors {
            if let Some(ag) = byline::agency_name(name) {
                agency.get_or_insert(cand(ag, Signal::JsonLd, format!("{}.author", a.type_name)));
                continue;
            }
            let parsed = byline::parse(name);
            if let Some(ag) = parsed.agency {
                agency.get_or_insert(cand(ag, Signal::JsonLd, format!("{}.author", a.type_name)));
            }
            people.extend(parsed.authors);
        }
        for org in &a.author_orgs {
            if let Some(ag) = byline::agency_name(org) {
                agency.get_or_insert(cand(ag, Signal::JsonLd, format!("{}.author", a.type_name)));
            }
        }
        if people.is_empty() {
            people.extend(
                a.typed_people
                    .iter()
                    .filter(|n| plausible_mononym(n, article))
                    .cloned(),
            );
        }
        if !people.is_empty() && article.authors.is_empty() {
            dedupe(&mut people);
            article.authors = people;
            article.note_source("authors", Signal::JsonLd, format!("{}.author", a.type_name));
        }
    }
    // Visible byline elements.
    if let Some((text, detail, parsed)) = visible_byline(dom, byline_candidates) {
        if article.byline.is_none() {
            set(
                article,
                "byline",
                cand(text.clone(), Signal::VisibleText, detail.clone()),
            );
        }
        // The visible byline wins when it names everyone the metadata names
        // and more: JSON-LD often lists only the first of several writers.
        let superset = !article.authors.is_empty()
            && parsed.authors.len() > article.authors.len()
            && article
                .authors
                .iter()
                .all(|a| parsed.authors.iter().any(|p| p.eq_ignore_ascii_case(a)));
        if (article.authors.is_empty() || superset) && !parsed.authors.is_empty() {
            article.authors = parsed.authors;
            article.note_source("authors", Signal::VisibleText, detail.clone());
        }
        if let Some(ag) = parsed.agency {
            agency.get_or_insert(cand(ag, Signal::VisibleText, detail));
        }
    }
    // Author meta tags.
    let mut meta_people = Vec::new();
    let mut meta_detail = None;
    for c in all(&[
        "author",
        "article:author",
        "parsely-author",
        "sailthru.author",
        "dc.creator",
        "dcterms.creator",
        "byl",
        "citation_author",
    ]) {
        if c.value.contains("://") || c.value.starts_with("www.") {
            continue;
        }
        let parsed = byline::parse(&c.value);
        if let Some(ag) = parsed
            .agency
            .or_else(|| byline::agency_name(&c.value).map(str::to_string))
        {
            agency.get_or_insert(cand(ag, c.signal, c.detail.clone()));
        }
        if !parsed.authors.is_empty() {
            meta_detail.get_or_insert((c.signal, c.detail.clone()));
            meta_people.extend(parsed.authors);
        }
    }
    if article.authors.is_empty() && !meta_people.is_empty() {
        dedupe(&mut meta_people);
        article.authors = meta_people;
        if let Some((s, d)) = meta_detail.clone() {
            article.note_source("authors", s, d);
        }
    }
    if article.byline.is_none() {
        if let Some(c) = get(&["byl"]) {
            set(article, "byline", c);
        }
    }
    if let Some(c) = agency {
        set(article, "agency", c);
    }
}

/// A one-word name given as a JSON-LD `Person` ("Regan") is a person when
/// it is a capitalised word, not a role ("admin"), and not the site's own
/// name or domain (blogs often list the site as the author).
fn plausible_mononym(name: &str, article: &Article) -> bool {
    let n = name.trim();
    if !byline::looks_like_mononym(n) {
        return false;
    }
    let lower = n.to_lowercase();
    let in_site = [
        article.site_name.as_deref(),
        article.url.as_deref(),
        article.canonical_url.as_deref(),
    ]
    .iter()
    .flatten()
    .any(|s| s.to_lowercase().contains(&lower));
    !in_site
}

fn dedupe(names: &mut Vec<String>) {
    let mut seen = std::collections::HashSet::new();
    names.retain(|n| seen.insert(n.to_lowercase()));
}

/// The page's byline as a reader sees it: the first short element whose
/// class, id, rel or itemprop says "byline" or "author", outside comment
/// sections, that reads as people or an agency: its text, where it was
/// found, and what it says.
///
/// `candidates` are the elements, in page order, that [`Elements::find`]
/// found with a byline word in those attributes.
fn visible_byline(dom: &Dom, candidates: &[NodeId]) -> Option<(String, String, byline::Byline)> {
    let mut best: Option<(String, String, byline::Byline)> = None;
    for &id in candidates {
        let Some(tag) = dom.tag(id) else { continue };
        // One pass over the attributes (this loop visits every element);
        // the first of a repeated attribute counts, as with `Dom::attr`.
        let (mut class, mut idv, mut rel, mut itemprop) = (None, None, None, None);
        for (k, v) in dom.attrs(id) {
            let slot = match k {
                "class" => &mut class,
                "id" => &mut idv,
                "rel" => &mut rel,
                "itemprop" => &mut itemprop,
                _ => continue,
            };
            if slot.is_none() {
                *slot = Some(v);
            }
        }
        let class = class.unwrap_or("");
        let idv = idv.unwrap_or("");
        let rel = rel.unwrap_or("");
        let itemprop = itemprop.unwrap_or("");
        // Every match of BYLINE_HINT holds one of the words the candidates
        // were chosen by; the hint string and the regexes are for them only.
        let hint = format!("{class} {idv} {rel} {itemprop}");
        // A "byline" container beats a lone author link inside it: it holds
        // every name and the agency. Once a byline is found, only such a
        // container can still replace it, so other elements are not read.
        let is_byline_class = contains_ignore_ascii_case(&hint, "byline");
        if best.is_some() && !is_byline_class {
            continue;
        }
        if !BYLINE_HINT.is_match(&hint) || NOT_BYLINE_HINT.is_match(&hint) {
            continue;
        }
        if in_comments(dom, id) {
            continue;
        }
        let Some(text) = small_text(dom, id) else {
            continue;
        };
        if text.is_empty() || text.len() > 200 {
            continue;
        }
        let parsed = byline::parse(&text);
        if parsed.authors.is_empty() && parsed.agency.is_none() {
            continue;
        }
        let which = if !class.is_empty() {
            format!("{tag}.{}", class.split_whitespace().next().unwrap_or(""))
        } else if !rel.is_empty() {
            format!("{tag}[rel={rel}]")
        } else if !itemprop.is_empty() {
            format!("{tag}[itemprop={itemprop}]")
        } else {
            format!("{tag}#{idv}")
        };
        match &best {
            None => best = Some((text, which, parsed)),
            Some(_) if is_byline_class => {
                return Some((text, which, parsed));
            }
            _ => {}
        }
        if is_byline_class {
            return best;
        }
    }
    best
}

/// Whether `hay` contains the lowercase ASCII `needle`, ignoring ASCII case,
/// without allocating a lowercased copy.
pub(crate) fn contains_ignore_ascii_case(hay: &str, needle: &str) -> bool {
    let (h, n) = (hay.as_bytes(), needle.as_bytes());
    let Some(&first) = n.first() else {
        return true;
    };
    memchr::memchr2_iter(first, first.to_ascii_uppercase(), h).any(|i| {
        h.get(i..i + n.len())
            .is_some_and(|w| w.eq_ignore_ascii_case(n))
    })
}

/// The words every `BYLINE_HINT` match holds, lower case.
const BYLINE_WORDS: [&[u8]; 6] = [
    b"author",
    b"byline",
    b"by-line",
    b"writer",
    b"contributor",
    b"creator",
];

/// A letter's code for [`BYLINE_PAIRS`]: 1 to 26 for `a` to `z` in either
/// ASCII case, 27 for `-`, 0 for any other byte.
static BYLINE_CODE: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut c = 0;
    while c < 26 {
        t[b'a' as usize + c] = c as u8 + 1;
        t[b'A' as usize + c] = c as u8 + 1;
        c += 1;
    }
    t[b'-' as usize] = 27;
    t
};

/// For each pair of letter codes (at `32 * first + second`: an index
/// masked to the table's size needs no bounds check), bit `6 * k + o` is
/// set when word `k` of [`BYLINE_WORDS`] has that pair at offset `o` (0 to
/// 4).
static BYLINE_PAIRS: [u64; 32 * 32] = {
    // Built at compile time: no lazy initialisation check on every call.
    let mut t = [0u64; 32 * 32];
    let mut k = 0;
    while k < BYLINE_WORDS.len() {
        let w = BYLINE_WORDS[k];
        let mut o = 0;
        while o < 5 && o + 1 < w.len() {
            let at =
                BYLINE_CODE[w[o] as usize] as usize * 32 + BYLINE_CODE[w[o + 1] as usize] as usize;
            t[at] |= 1 << (6 * k + o);
            o += 1;
        }
        k += 1;
    }
    t
};

/// The bits of [`BYLINE_PAIRS`] for offsets 0 to 3.
const BYLINE_FIRST_FOUR: u64 = 0o17_17_17_17_17_17;

/// Whether `v` holds, in any ASCII case, one of [`BYLINE_WORDS`]. No
/// allocation: this runs on the attributes of every element. Every word
/// has six letters or more, so any place it is written covers three
/// letters starting at a multiple of four, at one of its offsets 0 to 3:
/// only those places are looked at, as two overlapping letter pairs
/// (common pairs such as "er" or "in" alone would call for many
/// comparisons), and a word is compared only where both pairs sit in it
/// one after the other.
/// Kept out of line: inlined at its four call sites it ran slower.
#[inline(never)]
fn has_byline_word(v: &str) -> bool {
    let b = v.as_bytes();
    if b.len() < 6 {
        return false;
    }
    let code = |c: u8| BYLINE_CODE[c as usize] as usize;
    let pair = |x: usize, y: usize| BYLINE_PAIRS[(x << 5 | y) & (32 * 32 - 1)];
    let mut p = 0;
    while let Some(&[x, y, z]) = b.get(p..p + 3) {
        let (x, y, z) = (code(x), code(y), code(z));
        let mut bits = pair(x, y) & (pair(y, z) >> 1) & BYLINE_FIRST_FOUR;
        while bits != 0 {
            let bit = bits.trailing_zeros() as usize;
            bits &= bits - 1;
            let (k, o) = (bit / 6, bit % 6);
            let found = p
                .checked_sub(o)
                .zip(BYLINE_WORDS.get(k))
                .is_some_and(|(s, w)| {
                    b.get(s..s + w.len())
                        .is_some_and(|t| t.eq_ignore_ascii_case(w))
                });
            if found {
                return true;
            }
        }
        p += 4;
    }
    false
}

fn rel_has(dom: &Dom, id: NodeId, value: &str) -> bool {
    dom.attr(id, "rel")
        .is_some_and(|r| r.split_whitespace().any(|v| v.eq_ignore_ascii_case(value)))
}

fn split_list(s: &str) -> Vec<String> {
    s.split([',', ';', '|'])
        .map(fold_whitespace)
        .filter(|t| !t.is_empty())
        .collect()
}

fn absolute(url: &str, base: Option<&str>) -> String {
    let url = url.trim();
    if url.starts_with("http://") || url.starts_with("https://") {
        return url.to_string();
    }
    let Some(base) = base else {
        return url.to_string();
    };
    let scheme_end = base.find("://").map_or(0, |i| i + 3);
    if let Some(rest) = url.strip_prefix("//") {
        let scheme = base.get(..scheme_end).unwrap_or("https://");
        return format!("{scheme}{rest}");
    }
    if url.starts_with('/') {
        let host_end = base[scheme_end..]
            .find('/')
            .map_or(base.len(), |i| scheme_end + i);
        return format!("{}{url}", &base[..host_end]);
    }
    url.to_string()
}

/// "en-US" -> "en", "pt_BR" -> "pt"; anything that is not a two- or
/// three-letter code is refused.
fn language_code(value: &str) -> Option<String> {
    let v = value.trim();
    let primary = v.split(['-', '_']).next()?.to_ascii_lowercase();
    ((2..=3).contains(&primary.len()) && primary.chars().all(|c| c.is_ascii_alphabetic()))
        .then_some(primary)
}

static SUFFIX_SEP: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\s+(?:\||-|–|—|::|·|•|»|/)\s+").expect("static regex"));

/// "Headline | Site Name" -> "Headline". A part equal to the site name goes;
/// otherwise a trailing (or leading) short part goes when the rest is
/// clearly the longer, headline part.
pub fn strip_site_suffix(title: &str, site: Option<&str>) -> String {
    let title = fold_whitespace(title);
    // Every separator holds one of these characters.
    if !title.contains(['|', '-', '–', '—', ':', '·', '•', '»', '/']) {
        return title;
    }
    let parts: Vec<&str> = SUFFIX_SEP.split(&title).collect();
    if parts.len() < 2 {
        return title;
    }
    let norm = |s: &str| {
        s.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect::<String>()
    };
    if let Some(site) = site {
        let site_n = norm(site);
        if !site_n.is_empty() {
            let kept: Vec<&&str> = parts
                .iter()
                .filter(|p| {
                    let pn = norm(p);
                    !(pn == site_n
                        || (pn.len() >= 4
                            && (site_n.contains(&pn) || pn.contains(&site_n))
                            && dateline_core::word_count(p) <= 5))
                })
                .collect();
            if kept.len() < parts.len() && !kept.is_empty() {
                // Rebuild from the original text between the first and last
                // kept parts so inner separators of the headline survive.
                return join_between(&title, &parts, &kept);
            }
        }
    }
    // No site name match: drop a short last part ("... - Reuters") when the
    // first part is much longer.
    let last = parts[parts.len() - 1];
    let wc = dateline_core::word_count;
    let cut = title.len() - last.len();
    let head = &title[..cut];
    if wc(last) <= 4 && wc(head) >= 2 * wc(last).max(2) {
        return SUFFIX_SEP
            .find_iter(head)
            .last()
            .map_or(head.trim().to_string(), |m| {
                head[..m.start()].trim().to_string()
            });
    }
    title
}

fn join_between(title: &str, parts: &[&str], kept: &[&&str]) -> String {
    let start = kept
        .first()
        .and_then(|k| parts.iter().position(|p| std::ptr::eq(*p, **k)))
        .unwrap_or(0);
    let end = kept
        .last()
        .and_then(|k| parts.iter().position(|p| std::ptr::eq(*p, **k)))
        .unwrap_or(parts.len() - 1);
    // Offsets of parts inside `title` (they are sub-slices of it).
    let base = title.as_ptr() as usize;
    let s = parts[start].as_ptr() as usize - base;
    let e = parts[end].as_ptr() as usize - base + parts[end].len();
    title.get(s..e).unwrap_or(title).trim().to_string()
}

/// The reference for [`similar_sets`]: the words lowered into copies.
#[cfg(test)]
fn similar_by_copies(a: &str, b: &str) -> bool {
    fn words(s: &str) -> Vec<String> {
        let mut w: Vec<String> = s
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect();
        w.sort_unstable();
        w.dedup();
        w
    }
    let (sa, sb) = (words(a), words(b));
    if sa.is_empty() || sb.is_empty() {
        return false;
    }
    let common = sa.iter().filter(|w| sb.contains(w)).count();
    let min = sa.len().min(sb.len());
    let max = sa.len().max(sb.len());
    (common == min && min * 2 >= max) || common * 10 >= max * 7
}

/// A title word compared as its lowercase: ASCII words are kept as
/// written and lowered byte by byte when compared (no copy), others are
/// lowered copies (which hold no ASCII capitals).
struct LowerWord<'a>(Cow<'a, str>);

impl LowerWord<'_> {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.0
            .as_bytes()
            .iter()
            .map(u8::to_ascii_lowercase)
            .cmp(other.0.as_bytes().iter().map(u8::to_ascii_lowercase))
    }
}

/// The distinct lowercase words of `s`, sorted.
fn similar_words(s: &str) -> Vec<LowerWord<'_>> {
    let mut w: Vec<LowerWord<'_>> = s
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| {
            LowerWord(if w.is_ascii() {
                Cow::Borrowed(w)
            } else {
                Cow::Owned(w.to_lowercase())
            })
        })
        .collect();
    w.sort_unstable_by(LowerWord::cmp);
    w.dedup_by(|a, b| a.cmp(b).is_eq());
    w
}

/// Loose headline equality of two titles' [`similar_words`]: one holds the
/// other's words, or most words are shared.
fn similar_sets(sa: &[LowerWord<'_>], sb: &[LowerWord<'_>]) -> bool {
    if sa.is_empty() || sb.is_empty() {
        return false;
    }
    let (mut i, mut j, mut common) = (0, 0, 0);
    while let (Some(x), Some(y)) = (sa.get(i), sb.get(j)) {
        match x.cmp(y) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                common += 1;
                i += 1;
                j += 1;
            }
        }
    }
    let min = sa.len().min(sb.len());
    let max = sa.len().max(sb.len());
    (common == min && min * 2 >= max) || common * 10 >= max * 7
}

// ---------------------------------------------------------------- JSON-LD

/// Every article object in the page's JSON-LD, best first (objects of a
/// news type with a headline before the rest).
fn json_ld(dom: &Dom, scripts: &[NodeId]) -> Vec<LdArticle> {
    let mut docs: Vec<Ld<'_>> = Vec::new();
    let mut budget = MAX_JSONLD_BYTES;
    for &s in scripts {
        if !contains_ignore_ascii_case(dom.attr(s, "type").unwrap_or(""), "ld+json") {
            continue;
        }
        let raw = dom.raw_text(s);
        if raw.len() > budget {
            break;
        }
        budget -= raw.len();
        // A document holds an article object only if an article type's name
        // is written in it (every one holds one of these words), unless a
        // `\u` escape could spell it: the others are not parsed at all.
        let may_hold_article = ARTICLE_TYPE_WORDS
            .iter()
            .chain(&["\\u"])
            .any(|w| memchr::memmem::find(raw.as_bytes(), w.as_bytes()).is_some());
        if !may_hold_article {
            continue;
        }
        if let Some(v) = parse_json_lenient(raw) {
            docs.push(v);
        }
    }
    let mut out = Vec::new();
    for doc in &docs {
        let objs = objects(doc);
        let ids = index_ids(&objs);
        for obj in objs.iter().filter_map(|o| match o {
            Ld::Object(m) => Some(m),
            _ => None,
        }) {
            let types = type_names(obj);
            if let Some(t) = types.iter().find(|t| ARTICLE_TYPES.contains(&t.as_str())) {
                out.push(ld_article(obj, t, &ids));
            }
        }
    }
    // News types with a headline first; among them keep page order.
    out.sort_by_key(|a| {
        (
            a.headline.is_none(),
            !a.type_name.contains("NewsArticle") && a.type_name != "Article",
        )
    });
    out
}

fn parse_json_lenient(raw: &str) -> Option<Ld<'_>> {
    let t = raw.trim();
    let t = t
        .trim_start_matches("<!--")
        .trim_end_matches("-->")
        .trim()
        .trim_start_matches("//<![CDATA[")
        .trim_start_matches("<![CDATA[")
        .trim_end_matches("//]]>")
        .trim_end_matches("]]>")
        .trim()
        .trim_end_matches(';');
    if let Ok(v) = serde_json::from_str::<Ld<'_>>(t) {
        return Some(v);
    }
    // Raw control characters inside strings are the commonest breakage.
    let cleaned: String = t
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    serde_json::from_str::<Ld<'_>>(&cleaned)
        .ok()
        .map(Ld::into_owned)
}

/// All JSON objects in `v` (each an `Ld::Object`), walked iteratively
/// (no recursion), in document order, bounded.
fn objects<'b, 'a>(v: &'b Ld<'a>) -> Vec<&'b Ld<'a>> {
    let mut out = Vec::new();
    let mut stack: Vec<&Ld<'a>> = vec![v];
    let mut seen = 0usize;
    while let Some(x) = stack.pop() {
        seen += 1;
        if seen > MAX_JSON_NODES {
            break;
        }
        match x {
            Ld::Object(m) => {
                out.push(x);
                // Push in reverse so the walk stays in document order.
                stack.extend(m.values().rev());
            }
            Ld::Array(a) => stack.extend(a.iter().rev()),
            _ => {}
        }
    }
    out
}

/// The objects of a document by `@id`.
fn index_ids<'b, 'a>(objs: &[&'b Ld<'a>]) -> HashMap<&'b str, &'b Ld<'a>> {
    let mut ids: HashMap<&str, &Ld<'a>> = HashMap::new();
    let len = |v: &Ld<'_>| match v {
        Ld::Object(m) => m.len(),
        _ => 0,
    };
    for &o in objs {
        if let Some(Ld::Str(id)) = o.get("@id") {
            // The fullest object for an id wins (references are bare).
            let entry = ids.entry(&**id).or_insert(o);
            if len(o) > len(entry) {
                *entry = o;
            }
        }
    }
    ids
}

fn type_names(o: &LdMap<'_>) -> Vec<String> {
    match o.get("@type") {
        Some(Ld::Str(s)) => vec![short_type(s)],
        Some(Ld::Array(a)) => a
            .iter()
            .filter_map(|t| t.as_str().map(short_type))
            .collect(),
        _ => Vec::new(),
    }
}

fn short_type(s: &str) -> String {
    s.rsplit(['/', ':']).next().unwrap_or(s).trim().to_string()
}

/// A text value: a string, the first string of an array, or an object's
/// `name`/`@value`.
fn text_of(v: &Ld<'_>) -> Option<String> {
    let s: Cow<'_, str> = match v {
        Ld::Str(s) => Cow::Borrowed(s),
        Ld::Array(a) => return a.iter().find_map(text_of),
        Ld::Object(o) => return o.get("name").or_else(|| o.get("@value")).and_then(text_of),
        Ld::Number(n) => Cow::Owned(n.to_string()),
        _ => return None,
    };
    let s = fold_whitespace(&decode_entities(&s));
    (!s.is_empty()).then_some(s)
}

fn ld_article(o: &LdMap<'_>, type_name: &str, ids: &HashMap<&str, &Ld<'_>>) -> LdArticle {
    let mut a = LdArticle {
        type_name: type_name.to_string(),
        headline: o
            .get("headline")
            .or_else(|| o.get("name"))
            .and_then(text_of),
        description: o.get("description").and_then(text_of),
        published: o
            .get("datePublished")
            .or_else(|| o.get("dateCreated"))
            .and_then(text_of),
        modified: o.get("dateModified").and_then(text_of),
        section: o.get("articleSection").and_then(text_of),
        url: o
            .get("url")
            .and_then(text_of)
            .or_else(|| match o.get("mainEntityOfPage") {
                Some(Ld::Object(m)) => m.get("@id").and_then(text_of),
                Some(Ld::Str(s)) => Some(s.to_string()),
                _ => None,
            }),
        language: o.get("inLanguage").and_then(text_of),
        ..Default::default()
    };
    if let Some(p) = o.get("publisher") {
        a.publisher = text_of(resolve(p, ids));
    }
    match o.get("keywords") {
        Some(Ld::Array(k)) => a.keywords = k.iter().filter_map(text_of).collect(),
        Some(v) => a.keywords = text_of(v).into_iter().collect(),
        None => {}
    }
    let mut authors: Vec<&Ld<'_>> = Vec::new();
    for key in ["author", "creator"] {
        match o.get(key) {
            Some(Ld::Array(list)) => authors.extend(list.iter().take(50)),
            Some(v) => authors.push(v),
            None => {}
        }
        if !authors.is_empty() {
            break;
        }
    }
    for v in authors {
        let v = resolve(v, ids);
        let is_org = match v {
            Ld::Object(m) => type_names(m).iter().any(|t| {
                t == "Organization" || t == "NewsMediaOrganization" || t.ends_with("Organization")
            }),
            _ => false,
        };
        let is_person = match v {
            Ld::Object(m) => type_names(m).iter().any(|t| t == "Person"),
            _ => false,
        };
        let Some(name) = text_of(v) else { continue };
        if is_org {
            a.author_orgs.push(name);
        } else {
            if is_person {
                a.typed_people.push(name.clone());
            }
            a.authors.push(name);
        }
    }
    a
}

/// Follows an `{"@id": ...}` reference to the full object when the page has
/// it.
fn resolve<'b, 'a>(v: &'b Ld<'a>, ids: &HashMap<&str, &'b Ld<'a>>) -> &'b Ld<'a> {
    if let Ld::Object(m) = v {
        if m.get("name").is_none() {
            if let Some(Ld::Str(id)) = m.get("@id") {
                if let Some(full) = ids.get(&**id) {
                    return full;
                }
            }
        }
    }
    v
}

/// HTML entities left in JSON-LD strings ("Rock &amp; Roll", "&#8217;").
fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        let after = &rest[i..];
        let end = after.find(';').filter(|&e| e <= 10);
        let decoded = end.and_then(|e| {
            let name = &after[1..e];
            let c = if let Some(num) = name.strip_prefix("#x").or_else(|| name.strip_prefix("#X")) {
                u32::from_str_radix(num, 16).ok().and_then(char::from_u32)
            } else if let Some(num) = name.strip_prefix('#') {
                num.parse::<u32>().ok().and_then(char::from_u32)
            } else {
                match name {
                    "amp" => Some('&'),
                    "quot" => Some('"'),
                    "apos" => Some('\''),
                    "lt" => Some('<'),
                    "gt" => Some('>'),
                    "nbsp" => Some(' '),
                    "rsquo" => Some('\u{2019}'),
                    "lsquo" => Some('\u{2018}'),
                    "rdquo" => Some('\u{201d}'),
                    "ldquo" => Some('\u{201c}'),
                    "mdash" => Some('\u{2014}'),
                    "ndash" => Some('\u{2013}'),
                    "hellip" => Some('\u{2026}'),
                    _ => None,
                }
            };
            c.map(|c| (c, e))
        });
        match decoded {
            Some((c, e)) => {
                out.push(c);
                rest = &after[e + 1..];
            }
            None => {
                out.push('&');
                rest = &after[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Options;

    fn read_html(html: &str) -> Article {
        let dom = Dom::parse(html, &Options::default());
        let mut a = Article::new();
        read(&dom, &mut a);
        a
    }

    #[test]
    fn similar_sets_agree_with_lowered_copies() {
        let words = [
            "Storm",
            "storm",
            "STORM",
            "hits",
            "Hits",
            "coast",
            "Coast",
            "Ärger",
            "ärger",
            "ÄRGER",
            "İstanbul",
            "istanbul",
            "Σοφία",
            "ΣΟΦΊΑ",
            "k",
            "\u{212A}",
            "2024",
            "a",
        ];
        let mut seed = 7u64;
        let mut next = || {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) as usize
        };
        let title = |n: usize, next: &mut dyn FnMut() -> usize| {
            let sep = if next() % 2 == 0 { " " } else { ", " };
            (0..n)
                .map(|_| words[next() % words.len()])
                .collect::<Vec<_>>()
                .join(sep)
        };
        for _ in 0..4000 {
            let (na, nb) = (1 + next() % 6, next() % 6);
            let a = title(na, &mut next);
            let b = title(nb, &mut next);
            assert_eq!(
                similar_sets(&similar_words(&a), &similar_words(&b)),
                similar_by_copies(&a, &b),
                "{a:?} / {b:?}"
            );
        }
    }

    #[test]
    fn json_ld_graph_with_author_references() {
        let a = read_html(
            r##"<html lang="en-GB"><head><title>Ignored | Site</title>
            <script type="application/ld+json">{"@context":"https://schema.org","@graph":[
              {"@type":"WebSite","@id":"#site","name":"The Daily Example"},
              {"@type":["NewsArticle"],"headline":"Flood waters recede &amp; towns count cost",
               "datePublished":"2021-06-09T08:00:00+01:00","dateModified":"2021-06-09T14:20:00+01:00",
               "author":[{"@id":"#jane"},{"@type":"Organization","name":"Reuters"}],
               "publisher":{"@id":"#org"},"articleSection":"World","keywords":["floods","weather"]},
              {"@type":"Person","@id":"#jane","name":"Jane Doe"},
              {"@type":"Organization","@id":"#org","name":"The Daily Example"}]}</script>
            </head><body><h1>Flood waters recede &amp; towns count cost</h1></body></html>"##,
        );
        assert_eq!(
            a.headline.as_deref(),
            Some("Flood waters recede & towns count cost")
        );
        assert_eq!(a.authors, ["Jane Doe"]);
        assert_eq!(a.agency.as_deref(), Some("Reuters"));
        assert_eq!(a.published.as_deref(), Some("2021-06-09T08:00:00+01:00"));
        assert_eq!(a.updated.as_deref(), Some("2021-06-09T14:20:00+01:00"));
        assert_eq!(a.section.as_deref(), Some("World"));
        assert_eq!(a.site_name.as_deref(), Some("The Daily Example"));
        assert_eq!(a.tags, ["floods", "weather"]);
        assert_eq!(a.language.as_deref(), Some("en"));
        assert_eq!(a.provenance["published"].signal, Signal::JsonLd);
        assert_eq!(a.provenance["headline"].detail.as_deref(), Some("h1"));
    }

    #[test]
    fn opengraph_and_meta_fallbacks() {
        let a = read_html(
            r#"<html><head>
            <meta property="og:title" content="Council backs cycle lanes - Riverton Courier">
            <meta property="og:site_name" content="Riverton Courier">
            <meta property="article:published_time" content="2018-05-02T21:10:00-04:00">
            <meta property="article:section" content="Local">
            <meta property="article:tag" content="transport"><meta property="article:tag" content="council">
            <meta name="author" content="By SAM PARK and The Associated Press">
            <meta name="description" content="The vote was 7-2.">
            <link rel="canonical" href="/local/cycle-lanes">
            </head><body><h1 class="logo">Riverton Courier</h1></body></html>"#,
        );
        assert_eq!(a.headline.as_deref(), Some("Council backs cycle lanes"));
        assert_eq!(a.provenance["headline"].signal, Signal::OpenGraph);
        assert_eq!(a.authors, ["Sam Park"]);
        assert_eq!(a.agency.as_deref(), Some("Associated Press"));
        assert_eq!(a.published.as_deref(), Some("2018-05-02T21:10:00-04:00"));
        assert_eq!(a.section.as_deref(), Some("Local"));
        assert_eq!(a.tags, ["transport", "council"]);
        assert_eq!(a.description.as_deref(), Some("The vote was 7-2."));
        assert_eq!(a.canonical_url.as_deref(), Some("/local/cycle-lanes"));
    }

    #[test]
    fn visible_byline_and_time() {
        let a = read_html(
            r#"<html><head><title>Bank raises rates | Example News</title></head><body>
            <h1>Bank raises rates</h1>
            <div class="byline">By <a rel="author" href="/a/x">Maria Lindqvist</a> and <a rel="author" href="/a/y">Tomasz Nowak</a>, Reuters</div>
            <time class="published" datetime="2019-03-14T15:05:00Z">March 14</time>
            <div class="comments"><span class="author">Random Commenter</span></div>
            </body></html>"#,
        );
        assert_eq!(a.headline.as_deref(), Some("Bank raises rates"));
        assert_eq!(a.authors, ["Maria Lindqvist", "Tomasz Nowak"]);
        assert_eq!(a.agency.as_deref(), Some("Reuters"));
        assert_eq!(a.published.as_deref(), Some("2019-03-14T15:05:00Z"));
        assert_eq!(a.provenance["authors"].signal, Signal::VisibleText);
    }

    #[test]
    fn visible_byline_with_more_names_beats_short_json_ld() {
        let a = read_html(
            r#"<html><head><script type="application/ld+json">{"@type":"NewsArticle","headline":"H","author":{"@type":"Person","name":"Ann Lee"}}</script></head>
            <body><p class="byline">By Ann Lee, Bo Chan and Cy Diaz</p></body></html>"#,
        );
        assert_eq!(a.authors, ["Ann Lee", "Bo Chan", "Cy Diaz"]);
    }

    #[test]
    fn parsely_page_json() {
        let a = read_html(
            r#"<html><head><meta name="parsely-page" content='{"title": "Storm hits coast", "pub_date": "2016-02-03T10:00:00Z", "authors": ["Jane Doe"], "section": "Weather"}'></head></html>"#,
        );
        assert_eq!(a.headline.as_deref(), Some("Storm hits coast"));
        assert_eq!(a.published.as_deref(), Some("2016-02-03T10:00:00Z"));
        assert_eq!(a.authors, ["Jane Doe"]);
        assert_eq!(a.section.as_deref(), Some("Weather"));
    }

    #[test]
    fn word_checks_ignore_ascii_case_only() {
        assert!(has_byline_word("post-AUTHOR-name"));
        assert!(has_byline_word("By-Line"));
        assert!(!has_byline_word("authr contrib"));
        // Words at every place relative to the sixteen-byte blocks.
        for n in 0..40 {
            let pad = "x-".repeat(n / 2) + &"q".repeat(n % 2);
            for w in [
                "AUTHOR",
                "byLine",
                "by-line",
                "Writer",
                "contributor",
                "creatoR",
            ] {
                assert!(has_byline_word(&format!("{pad}{w}")), "{pad}{w}");
                assert!(has_byline_word(&format!("{pad}{w}{pad}")), "{pad}{w}{pad}");
                let cut = &w[..w.len() - 1];
                assert!(!has_byline_word(&format!("{pad}{cut}")), "{pad}{cut}");
            }
            assert!(!has_byline_word(&format!("{pad}aubywrcocr-au")));
        }
        let date = |v: &str| has_any_word(v, DATE_WORDS, &DATE_PAIRS);
        assert!(date("storyDate"));
        assert!(date("ARTICLE-INFO"));
        assert!(date("x-meta"));
        assert!(!date("héader [] @{}"));
        assert!(!date("dat tim publis poste autho metta"));
    }

    #[test]
    fn byline_word_check_matches_a_plain_search() {
        let plain = |v: &str| {
            let b = v.as_bytes();
            (0..b.len()).any(|i| {
                BYLINE_WORDS.iter().any(|w| {
                    b.get(i..i + w.len())
                        .is_some_and(|t| t.eq_ignore_ascii_case(w))
                })
            })
        };
        // Strings from the letters of the words, so that near misses and
        // overlaps are common; a fixed pseudo-random sequence.
        let letters = b"aAuUtThHoOrRbByYlLiInNeEwWcC-x _";
        let mut state = 0x2545_f491_4f6c_dd1du64;
        for _ in 0..40_000 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let len = (state % 40) as usize;
            let s: String = (0..len)
                .map(|i| {
                    let r = state.rotate_left(i as u32 * 5) as usize;
                    letters[r % letters.len()] as char
                })
                .collect();
            // Half the strings get a word (some letters capitalised) at a
            // random place.
            let mut s = s;
            if state & 1 == 0 {
                let w = BYLINE_WORDS[(state >> 8) as usize % BYLINE_WORDS.len()];
                let w: String = w
                    .iter()
                    .enumerate()
                    .map(|(i, &c)| {
                        let c = c as char;
                        if state >> (16 + i) & 1 == 1 {
                            c.to_ascii_uppercase()
                        } else {
                            c
                        }
                    })
                    .collect();
                // Sometimes cut short by one letter: a near miss.
                let w = if state >> 30 & 1 == 1 {
                    &w[..w.len() - 1]
                } else {
                    &w[..]
                };
                s.insert_str((state >> 40) as usize % (s.len() + 1), w);
            }
            assert_eq!(has_byline_word(&s), plain(&s), "{s:?}");
        }
        for w in [
            "author",
            "xbyline",
            "By-Line",
            "xxWRITER",
            "contributors",
            "co-creator",
        ] {
            assert!(has_byline_word(w), "{w}");
        }
    }

    #[test]
    fn byline_candidates_are_the_elements_with_a_byline_word() {
        let dom = Dom::parse(
            "<html><body><div class=AUTH id=or>x</div><span class=x-ByLine>y</span>\
             <p rel=author>z</p><a itemprop=creatoR>w</a><i class=writ id=er>q</i>\
             <b id=contributor class=a></b><img class=author><em class='by-line'></em>\
             <u class='writer\0'></u><s class=\"auth\u{e9}or writr\"></s></body></html>",
            &Options::default(),
        );
        let want: Vec<NodeId> = dom
            .descendants(dom.root())
            .filter(|&id| {
                dom.tag(id).is_some_and(|t| {
                    !matches!(
                        t,
                        "meta" | "link" | "script" | "style" | "img" | "html" | "body"
                    )
                }) && ["class", "id", "rel", "itemprop"]
                    .iter()
                    .any(|a| dom.attr(id, a).is_some_and(has_byline_word))
            })
            .collect();
        assert_eq!(Elements::find(&dom).byline, want);
        assert_eq!(want.len(), 6);
    }

    #[test]
    fn every_article_type_holds_a_type_word() {
        for t in ARTICLE_TYPES {
            assert!(ARTICLE_TYPE_WORDS.iter().any(|w| t.contains(w)), "{t}");
        }
    }

    #[test]
    fn folded_is_fold_whitespace() {
        for t in [
            "", " ", "a", "a b", " a", "a ", "a  b", "a\tb", "a\u{a0}b", "x y z",
        ] {
            assert_eq!(folded(t.to_string()), fold_whitespace(t), "{t:?}");
        }
    }

    #[test]
    fn strips_site_suffixes() {
        assert_eq!(
            strip_site_suffix("Big story | The Site", Some("The Site")),
            "Big story"
        );
        assert_eq!(
            strip_site_suffix("The Site - Big story here", Some("The Site")),
            "Big story here"
        );
        assert_eq!(
            strip_site_suffix("Why X - and Y - matter so much today - Reuters", None),
            "Why X - and Y - matter so much today"
        );
        assert_eq!(strip_site_suffix("Left - Right", None), "Left - Right");
    }

    #[test]
    fn broken_json_ld_does_not_break_the_rest() {
        let deep = "[".repeat(100_000);
        let a = read_html(&format!(
            r#"<html><head><script type="application/ld+json">{deep}</script>
            <script type="application/ld+json">{{"@type":"NewsArticle","headline":"A
            line break inside","datePublished":"1499582100"}}</script></head></html>"#
        ));
        assert_eq!(a.headline.as_deref(), Some("A line break inside"));
        assert_eq!(a.published.as_deref(), Some("2017-07-09T06:35:00Z"));
    }
}
