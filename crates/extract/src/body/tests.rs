use crate::html::Dom;
use crate::Options;
use dateline_core::{Article, Block};

#[test]
fn tail_word_reads_as_a_padded_copy() {
    let bytes: Vec<u8> = (1..=20u8).map(|b| b.wrapping_mul(37) | 0x80).collect();
    for len in 0..=bytes.len() {
        let b = &bytes[..len];
        for i in 0..=len + 2 {
            let mut buf = [0u8; 8];
            for (d, s) in buf.iter_mut().zip(b.get(i..).unwrap_or(&[])) {
                *d = *s;
            }
            assert_eq!(super::tail_word(b, i), u64::from_le_bytes(buf), "{len} {i}");
        }
    }
}

fn run(html: &str) -> Article {
    let dom = Dom::parse(html, &Options::default());
    let mut a = Article::new();
    a.headline = Some("The Headline".into());
    super::extract(&dom, &mut a);
    a
}

const PARA: &str = "The council voted on Tuesday to approve the plan, which had been debated for months, and officials said work would begin next year.";

#[test]
fn keeps_article_and_drops_furniture() {
    let html = format!(
        r#"<html><body><nav><a href=/>Home</a><a href=/news>News</a></nav>
<div class="article"><h1>The Headline</h1>
<p>{PARA}</p><div class="share-tools"><a href=#>Share on Facebook</a></div>
<p>{PARA} Second.</p><h2>A subheading</h2><p>{PARA} Third.</p>
<p>Get the latest news by email <a href=/s>Sign Up</a></p>
<figure><img src="a.jpg"><figcaption>Putin and Trump meet. (AP Photo/Evan Vucci)</figcaption></figure>
</div><div class="comments"><p>{PARA} A comment.</p></div>
<footer><p>Copyright 2017</p></footer></body></html>"#
    );
    let a = run(&html);
    let text = a.body_text();
    assert!(text.starts_with(PARA), "{text}");
    assert!(text.contains("Third."));
    assert!(text.contains("A subheading"));
    assert!(!text.contains("Headline"));
    assert!(!text.contains("Facebook"));
    assert!(!text.contains("Sign Up"));
    assert!(!text.contains("A comment"));
    assert!(!text.contains("Copyright"));
    assert!(matches!(a.body[2], Block::Heading { level: 2, .. }));
    assert_eq!(a.images.len(), 1);
    assert_eq!(a.images[0].url.as_deref(), Some("a.jpg"));
    assert_eq!(
        a.images[0].caption.as_deref(),
        Some("Putin and Trump meet.")
    );
    assert_eq!(a.images[0].credit.as_deref(), Some("AP Photo/Evan Vucci"));
}

#[test]
fn gathers_blocks_split_by_an_ad() {
    let html = format!(
        r#"<body><div id=main><div class="story-part"><p>{PARA} One.</p><p>{PARA} Two.</p></div>
<div class="ad-slot">Advertisement</div>
<div class="story-part"><p>{PARA} Three.</p><p>{PARA} Four.</p></div></div>
<div class="more"><a href=1>Other story one</a> <a href=2>Other story two</a></div></body>"#
    );
    let text = run(&html).body_text();
    assert!(text.contains("One.") && text.contains("Four."), "{text}");
    assert!(!text.contains("Advertisement"));
    assert!(!text.contains("Other story"));
}

#[test]
fn gathers_a_continuation_in_a_differently_named_container() {
    // The story's second half sits in its own wrapper after a newsletter box
    // and a related-links block, one level further down than the first half.
    let html = format!(
        r#"<body><main><div class="story-top"><p>{PARA} One.</p><p>{PARA} Two.</p><p>{PARA} Three.</p></div>
<div class="newsletter-signup"><p>Get the latest news by email</p><a href=/s>Sign Up</a></div>
<div class="related"><ul><li><a href=1>Another story about councils</a></li><li><a href=2>More on the plan</a></li></ul></div>
<div class="rest"><div class="inner"><p>{PARA} Four.</p><p>{PARA} Five.</p></div></div>
</main><footer>About us</footer></body>"#
    );
    let text = run(&html).body_text();
    for n in ["One.", "Three.", "Four.", "Five."] {
        assert!(text.contains(n), "missing {n}: {text}");
    }
    assert!(
        !text.contains("Sign Up") && !text.contains("Another story"),
        "{text}"
    );
}

#[test]
fn lists_tables_quotes_and_credits() {
    let html = format!(
        r#"<body><article><p>{PARA}</p><ul><li>First point</li><li>Second point</li></ul>
<blockquote><p>A quoted passage from the report.</p></blockquote>
<table><tr><th>Year</th><th>Votes</th></tr><tr><td>2016</td><td>120</td></tr></table>
<p>{PARA} Again.</p><p>Photo: Jane Doe/Reuters</p></article></body>"#
    );
    let a = run(&html);
    assert!(a
        .body
        .iter()
        .any(|b| matches!(b, Block::List { items, .. } if items.len() == 2)));
    assert!(a.body.iter().any(|b| matches!(b, Block::Quote { .. })));
    assert!(a
        .body
        .iter()
        .any(|b| matches!(b, Block::Table { rows } if rows.len() == 2)));
    assert!(!a.body_text().contains("Jane Doe"));
}

#[test]
fn photos_in_caption_named_wrappers_keep_their_images_not_their_text() {
    let html = format!(
        r#"<body><article><p>{PARA}</p><div class="photo"><p class="withoutCaption"><picture>
<img class=lazy src="loading.gif" data-src="real.jpg" alt="x"></picture></p>
<span class="newsCaption">Crowds gathered outside <span class="caption">(Image: GETTY)</span></span></div>
<p>{PARA} Later.</p><img src="pixel.gif" width="1" height="1"></article></body>"#
    );
    let a = run(&html);
    let text = a.body_text();
    assert!(!text.contains("Crowds"), "{text}");
    assert!(text.contains("Later."));
    assert_eq!(a.images.len(), 1, "{:?}", a.images);
    assert_eq!(a.images[0].url.as_deref(), Some("real.jpg"));
    assert_eq!(
        a.images[0].caption.as_deref(),
        Some("Crowds gathered outside")
    );
    assert_eq!(a.images[0].credit.as_deref(), Some("Image: GETTY"));
}

#[test]
fn a_long_comment_thread_does_not_win_over_the_article() {
    let comments: String = (0..40)
        .map(|i| {
            format!(
                r#"<li class="comment"><div class="comment-body"><p>Comment {i}: I think, honestly, that this plan is wrong, and the council should reconsider it before spending money.</p></div></li>"#
            )
        })
        .collect();
    let html = format!(
        r#"<body><div id="page"><article class="post"><div class="entry-content"><p>{PARA} One.</p><p>{PARA} Two.</p><p>{PARA} Three.</p></div></article>
<section id="comments" class="comments-area"><h2>40 comments</h2><ol class="comment-list">{comments}</ol></section></div></body>"#
    );
    let text = run(&html).body_text();
    assert!(text.contains("One.") && text.contains("Three."), "{text}");
    assert!(!text.contains("Comment 1"), "{text}");
}
