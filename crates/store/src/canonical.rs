//! Canonical URLs: one spelling for every way a page's address is written.
//!
//! The same article reaches the store through feed links with campaign
//! parameters, share links, `http` and `https`, with and without `www.` and a
//! trailing slash. Its identity must not depend on which of these arrived.

use url::Url;

/// Query parameters that only track how a reader arrived, never which page
/// they get. Matched case-insensitively; `utm_*` and a few other prefixes are
/// handled in [`is_tracking_param`].
const TRACKING_PARAMS: &[&str] = &[
    "fbclid",
    "gclid",
    "gclsrc",
    "dclid",
    "gbraid",
    "wbraid",
    "msclkid",
    "yclid",
    "igshid",
    "twclid",
    "ttclid",
    "li_fat_id",
    "mc_cid",
    "mc_eid",
    "_ga",
    "_gl",
    "_hsenc",
    "_hsmi",
    "mkt_tok",
    "oly_anon_id",
    "oly_enc_id",
    "vero_id",
    "rb_clickid",
    "s_cid",
    "s_kwcid",
    "cmpid",
    "cmp",
    "ocid",
    "smid",
    "smtyp",
    "taid",
    "ito",
    "ncid",
    "mbid",
    "ref",
    "ref_src",
    "ref_url",
    "referrer",
    "share",
    "sr_share",
    "spm",
    "amp",
    "outputtype",
    "__twitter_impression",
    "at_medium",
    "at_campaign",
    "at_custom1",
    "at_custom2",
    "at_custom3",
    "at_custom4",
    "partner",
    "via",
];

/// Prefixes of tracking parameter families (`utm_source`, `ns_campaign`...).
const TRACKING_PREFIXES: &[&str] = &["utm_", "ns_", "pk_", "mtm_", "hsa_", "trk_", "icid"];

/// Whether a query parameter name only tracks the visit.
pub fn is_tracking_param(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    TRACKING_PARAMS.contains(&lower.as_str())
        || TRACKING_PREFIXES.iter().any(|p| lower.starts_with(p))
}

/// The canonical form of an `http(s)` URL, or `None` when `raw` is not one.
///
/// Rules: scheme `https` for both `http` and `https`; host lowercased, without
/// a leading `www.` and a trailing dot; default ports, user info and the
/// fragment dropped; tracking parameters dropped and the rest sorted (by name,
/// then value, keeping repeated names); a trailing `index.html`/`index.htm`/
/// `index.php`/`default.aspx` and a trailing slash removed (the root path
/// stays `/`).
///
/// ```
/// use dateline_store::canonical_url;
/// assert_eq!(
///     canonical_url("HTTP://www.Example.com/News/Story/?utm_source=x&b=2&a=1#top").as_deref(),
///     Some("https://example.com/News/Story?a=1&b=2"),
/// );
/// ```
pub fn canonical_url(raw: &str) -> Option<String> {
    let url = Url::parse(raw.trim()).ok()?;
    if url.scheme() != "http" && url.scheme() != "https" {
        return None;
    }
    let host = url.host_str()?.trim_end_matches('.').to_ascii_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host);
    if host.is_empty() {
        return None;
    }
    let mut out = String::with_capacity(raw.len());
    out.push_str("https://");
    out.push_str(host);
    // An explicit non-default port names a different server.
    if let Some(port) = url.port() {
        if !(port == 80 || port == 443) {
            out.push(':');
            out.push_str(&port.to_string());
        }
    }
    let mut path = url.path().to_string();
    for index in [
        "index.html",
        "index.htm",
        "index.php",
        "default.aspx",
        "default.asp",
    ] {
        if path.len() > index.len()
            && path.ends_with(index)
            && path.as_bytes().get(path.len() - index.len() - 1) == Some(&b'/')
        {
            path.truncate(path.len() - index.len());
            break;
        }
    }
    while path.len() > 1 && path.ends_with('/') {
        path.pop();
    }
    if path.is_empty() {
        path.push('/');
    }
    out.push_str(&path);
    let mut params: Vec<(String, String)> = url
        .query_pairs()
        .filter(|(k, _)| !k.is_empty() && !is_tracking_param(k))
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    if !params.is_empty() {
        params.sort();
        let query = url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs(params.iter())
            .finish();
        out.push('?');
        out.push_str(&query);
    }
    Some(out)
}

/// The host of a canonical URL without `www.`, used as the outlet's name when
/// the page names none.
pub fn host_of(url: &str) -> Option<String> {
    let url = Url::parse(url).ok()?;
    let host = url.host_str()?.to_ascii_lowercase();
    Some(host.strip_prefix("www.").unwrap_or(&host).to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(s: &str) -> String {
        canonical_url(s).unwrap_or_else(|| format!("<none for {s}>"))
    }

    #[test]
    fn equivalent_spellings_meet() {
        let forms = [
            "https://www.example.com/politics/story-1",
            "http://example.com/politics/story-1/",
            "https://EXAMPLE.com/politics/story-1#comments",
            "https://example.com:443/politics/story-1?utm_source=twitter&utm_medium=social",
            "https://example.com/politics/story-1/?fbclid=IwAR0abc&gclid=xyz",
            "https://user:pw@example.com./politics/story-1/index.html",
        ];
        for f in forms {
            assert_eq!(c(f), "https://example.com/politics/story-1", "{f}");
        }
    }

    #[test]
    fn meaningful_query_and_case_kept() {
        assert_eq!(
            c("https://example.com/article.php?story=B&id=7&utm_campaign=x"),
            "https://example.com/article.php?id=7&story=B"
        );
        assert_ne!(c("https://example.com/A"), c("https://example.com/a"));
        assert_eq!(
            c("https://example.com:8080/x"),
            "https://example.com:8080/x"
        );
        assert_eq!(c("https://example.com"), "https://example.com/");
        assert_eq!(c("https://example.com/?"), "https://example.com/");
    }

    #[test]
    fn rejects_non_web_urls() {
        for bad in [
            "",
            "example.com/x",
            "ftp://example.com/x",
            "mailto:a@b.c",
            "file:///etc/passwd",
            "https://",
        ] {
            assert!(canonical_url(bad).is_none(), "{bad}");
        }
    }
}
