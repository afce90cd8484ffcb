use super::*;

fn dom(html: &str) -> Dom<'_> {
    Dom::parse(html, &Options::default())
}

/// A compact dump of the tree: `tag(children)`, text in quotes.
fn shape(d: &Dom, id: NodeId) -> String {
    let mut out = String::new();
    for c in d.children(id) {
        if let Some(t) = d.tag(c) {
            out.push_str(t);
            let inner = shape(d, c);
            if !inner.is_empty() {
                out.push('(');
                out.push_str(&inner);
                out.push(')');
            }
        } else if let Some(t) = d.text(c) {
            out.push_str(&format!("{t:?}"));
        }
        out.push(' ');
    }
    out.trim_end().to_string()
}

#[test]
fn basic_tree_attributes_and_text() {
    let d = dom(
        r#"<!DOCTYPE html><html><head><title>T &amp; U</title></head>
<body class=main><p id="x" data-a='1'>Hello <b>world</b>&nbsp;&rsquo;</p><!-- c --></body></html>"#,
    );
    let p = d.elements("p").next().unwrap();
    assert_eq!(d.attr(p, "id"), Some("x"));
    assert_eq!(d.attr(p, "data-a"), Some("1"));
    assert_eq!(d.text_content(p), "Hello world ’");
    let body = d.elements("body").next().unwrap();
    assert_eq!(d.attr(body, "class"), Some("main"));
    let title = d.elements("title").next().unwrap();
    assert_eq!(d.raw_text(title), "T & U");
    assert_eq!(d.parent(p), Some(body));
    assert_eq!(d.tag(d.root()), None);
    assert!(d.descendants(d.root()).any(|n| d.text(n) == Some("world")));
}

#[test]
fn implied_end_tags() {
    let d = dom("<p>a<p>b<div>c</div><ul><li>1<li>2</ul><table><tr><td>x<td>y<tr><td>z</table>");
    assert_eq!(
        shape(&d, d.root()),
        r#"p("a") p("b") div("c") ul(li("1") li("2")) table(tr(td("x") td("y")) tr(td("z")))"#
    );
    let d = dom("<dl><dt>a<dd>b<dt>c</dl><select><option>1<option>2</select><h1>x<h2>y");
    assert_eq!(
        shape(&d, d.root()),
        r#"dl(dt("a") dd("b") dt("c")) select(option("1") option("2")) h1("x") h2("y")"#
    );
}

#[test]
fn raw_text_and_comments() {
    let d = dom("<script>if (a < b && c) { x = '</div>'; }</script><style>p{}</STYLE ><p>t<!-->u");
    let s = d.elements("script").next().unwrap();
    assert_eq!(d.raw_text(s), "if (a < b && c) { x = '</div>'; }");
    assert_eq!(d.raw_text(d.elements("style").next().unwrap()), "p{}");
    assert_eq!(d.text_content(d.root()), "tu");
    let d = dom("<textarea>&lt;b&gt;</textarea><script>unterminated <p>");
    assert_eq!(d.raw_text(d.elements("textarea").next().unwrap()), "<b>");
    assert_eq!(d.elements("p").count(), 0);
}

#[test]
fn void_self_closing_and_stray_end_tags() {
    let d = dom("<div><img src=a.jpg alt=x><br/>t</span></div><p>after</p></p>");
    assert_eq!(shape(&d, d.root()), r#"div(img br "t") p("after")"#);
    let d = dom("<svg><path d='M0'/><circle/></svg><div/>x");
    assert_eq!(shape(&d, d.root()), r#"svg(path circle) div("x")"#);
    let d = dom("<a href=1><div>card</a><p>next</p>");
    assert_eq!(shape(&d, d.root()), r#"a(div("card")) p("next")"#);
}

#[test]
fn text_content_spaces_blocks_and_skips_invisible() {
    let d = dom(
        "<div><p>One</p><p>Two<br>three</p><script>x</script><noscript>n</noscript>  four</div>",
    );
    assert_eq!(d.text_content(d.root()), "One Two three four");
}

#[test]
fn uppercase_and_odd_markup() {
    let d = dom("<DIV CLASS=\"A\">x < y <3 <? pi ?></ >z</DIV><![CDATA[hidden]]>");
    let div = d.elements("div").next().unwrap();
    assert_eq!(d.attr(div, "class"), Some("A"));
    assert_eq!(d.text_content(div), "x < y <3 z");
}

#[test]
fn depth_and_node_limits() {
    let deep = "<div>".repeat(100_000) + "x" + &"</div>".repeat(100_000);
    let d = dom(&deep);
    assert!(d.len() > 100_000);
    assert_eq!(d.text_content(d.root()), "x");
    let opts = Options {
        max_nodes: 100,
        ..Options::default()
    };
    let html = "<p>a</p>".repeat(1000);
    let d = Dom::parse(&html, &opts);
    assert!(d.len() <= 100);
    assert!(d.truncated());
}

#[test]
fn descendants_are_contiguous_and_exclude_self() {
    let d = dom("<div><p>a<b>b</b></p><p>c</p></div><span>d</span>");
    let div = d.elements("div").next().unwrap();
    let texts: Vec<_> = d.descendants(div).filter_map(|n| d.text(n)).collect();
    assert_eq!(texts, ["a", "b", "c"]);
    assert!(!d.descendants(div).any(|n| n == div));
}

#[test]
fn head_is_closed_by_body_content() {
    let d = dom("<html><head><meta charset=utf-8><title>t</title><div>body text</div>");
    let div = d.elements("div").next().unwrap();
    assert!(!d.ancestors(div).any(|a| d.is(a, "head")));
}

#[test]
fn text_around_comments_and_references_is_one_node() {
    for (html, want) in [
        ("<p>a<!-- c -->b</p>", r#"p("ab")"#),
        ("<p>a &lt; b</p>", r#"p("a < b")"#),
        ("<p>a < b</p>", r#"p("a < b")"#),
        (
            "<p>x &amp; y<!--c--> z &gt;<!--d-->w</p>",
            r#"p("x & y z >w")"#,
        ),
        (
            "<p>&amp;<!---->&amp;<!---->plain<!---->&lt;</p>",
            r#"p("&&plain<")"#,
        ),
        ("<p>one<!--c-->two<!--c-->three</p>", r#"p("onetwothree")"#),
        // Source text merged with decoded text, and decoded text merged
        // with source text, at the very end of the page.
        ("<p>a<!--c-->&amp;", r#"p("a&")"#),
        ("<p>&amp;<!--c-->a", r#"p("&a")"#),
    ] {
        let d = dom(html);
        let body = d.elements("body").next().unwrap_or(d.root());
        assert_eq!(shape(&d, body), want, "{html}");
    }
}

#[test]
fn attribute_names_lowercased_and_values_decoded() {
    let d = dom(r#"<a HREF="/x?a=1&amp;b=2" Data-X=plain title='T &quot;q&quot;'>t</a>"#);
    let a = d.elements("a").next().unwrap();
    assert_eq!(d.attr(a, "href"), Some("/x?a=1&b=2"));
    assert_eq!(d.attr(a, "data-x"), Some("plain"));
    assert_eq!(d.attr(a, "title"), Some("T \"q\""));
    let names: Vec<&str> = d.attrs(a).map(|(n, _)| n).collect();
    assert_eq!(names, ["href", "data-x", "title"]);
}

#[test]
fn elements_by_name_groups_in_document_order() {
    let d = dom("<p>a</p><div><p>b<a href=x>c</a></p></div><custom-el></custom-el><a>d</a>");
    let got = d.elements_by_name(&["a", "p", "nosuch", "a", "custom-el"]);
    let count: Vec<usize> = got.iter().map(Vec::len).collect();
    // A name asked for twice is filled in its first place only.
    assert_eq!(count, [2, 2, 0, 0, 1]);
    assert_eq!(got[0], d.elements("a").collect::<Vec<_>>());
    assert_eq!(got[1], d.elements("p").collect::<Vec<_>>());
    assert!(got[1][0] < got[1][1]);
}

#[test]
fn children_and_siblings_agree_with_parents() {
    let html = "<html><head><title>t</title><meta a=1>x</head><body><p>a<b>b<i>c</p>d</b>\
        <table><tr><td>1<td>2</table><ul><li>x<li>y</ul><script>s</script><svg><path/></svg>\
        <textarea>q</textarea><br></br></i>end";
    let d = dom(html);
    for i in 0..d.len() {
        let id = NodeId::from_index(i);
        let by_parent: Vec<NodeId> = (0..d.len())
            .map(NodeId::from_index)
            .filter(|&c| d.parent(c) == Some(id))
            .collect();
        let kids: Vec<NodeId> = d.children(id).collect();
        assert_eq!(kids, by_parent, "children of {i}");
        assert_eq!(
            d.first_child(id),
            by_parent.first().copied(),
            "first child of {i}"
        );
        for pair in by_parent.windows(2) {
            assert_eq!(d.next_sibling(pair[0]), Some(pair[1]));
        }
        if let Some(&last) = by_parent.last() {
            assert_eq!(d.next_sibling(last), None);
        }
    }
    assert_eq!(d.next_sibling(d.root()), None);
    assert_eq!(d.first_child(NodeId::from_index(d.len() + 5)), None);
    assert_eq!(d.children(NodeId::from_index(d.len() + 5)).count(), 0);
}

/// Every subtree end must be one past the last node that has the node as
/// an ancestor (or is the node).
fn check_subtree_ends(d: &Dom) {
    let mut expected: Vec<usize> = (0..d.len()).map(|i| i + 1).collect();
    for j in 0..d.len() {
        for a in d.ancestors(NodeId::from_index(j)) {
            let e = &mut expected[a.index()];
            *e = (*e).max(j + 1);
        }
    }
    for (i, e) in expected.iter().enumerate() {
        assert_eq!(d.subtree_end(NodeId::from_index(i)), *e, "node {i}");
    }
}

#[test]
fn subtree_ends_match_the_tree() {
    let docs = [
        "<html><head><title>t &amp; u</title><meta a=1>x</head><body><p>a<b>b<i>c</p>d</b>\
         <table><tr><td>1<td>2</table><ul><li>x<li>y</ul><script>s</script><svg><path/>\
         <style>a{}</style></svg><textarea>q</textarea><br></br></i>end<plaintext>rest",
        "<div><div><div><script>x</script><style>y</style><title>z</title>text",
        "<p>a<!-- c -->b<p>c</p></p></div></body></html>trailing",
        "",
        "plain text only",
    ];
    for html in docs {
        check_subtree_ends(&dom(html));
        for (max_depth, max_nodes) in [(1, 1000), (2, 1000), (3, 1000), (512, 5), (2, 7)] {
            let opts = Options {
                max_depth,
                max_nodes,
                ..Options::default()
            };
            check_subtree_ends(&Dom::parse(html, &opts));
        }
    }
}

#[test]
fn text_around_attribute_only_tags_stays_apart_and_merging_is_linear() {
    // A second <body> makes no node, but its attributes separate the text.
    let d = dom("<body>a<body class=x>b<!--c-->c");
    let body = d.elements("body").next().unwrap();
    assert_eq!(shape(&d, body), r#""a" "bc""#);
    // Many pieces around comments and ignored tags with decoded attributes
    // must not copy the text again and again.
    let piece = "some text here &amp; there<!-- c --><body data-x='&amp;'>";
    let html = format!("<body>{}", piece.repeat(20_000));
    let start = std::time::Instant::now();
    let d = dom(&html);
    assert!(d.len() > 20_000);
    assert!(start.elapsed().as_secs() < 20, "{:?}", start.elapsed());
    let long = "x<!-- c -->".repeat(200_000);
    let d = dom(&long);
    assert_eq!(d.text(NodeId::from_index(1)).map(str::len), Some(200_000));
}
