//! Bounded HTTP GET that refuses private addresses unless allowed.

use crate::{read_limited, Limits, Reason};
use dateline_core::Page;
use std::net::{IpAddr, SocketAddr, ToSocketAddrs};
use std::sync::Arc;

/// Fetches `url` within `limits`. The returned page's `url` is the final URL
/// after redirects and `content_type` is the response's header.
pub(crate) fn fetch(url: &str, limits: &Limits) -> Result<Page, Reason> {
    let response = fetch_with(url, &[], limits)?;
    if !(200..300).contains(&response.status) {
        return Err(Reason::Status(response.status));
    }
    Ok(response.page)
}

/// A response of any status, with its headers: what conditional and polite
/// fetching need to see (304, 429, `ETag`, `Retry-After`).
#[derive(Debug, Clone)]
pub struct Response {
    /// The HTTP status code.
    pub status: u16,
    /// The response headers, names in lower case, in the order received.
    pub headers: Vec<(String, String)>,
    /// The body (un-gzipped, within the size limit), the final URL after
    /// redirects and the `Content-Type`. Empty for 304 Not Modified.
    pub page: Page,
}

impl Response {
    /// The first value of header `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// Fetches `url` with extra request `headers` (for example `If-None-Match`)
/// within `limits`, returning the response whatever its status; only
/// failures to get a response at all are errors.
pub(crate) fn fetch_with(
    url: &str,
    headers: &[(&str, &str)],
    limits: &Limits,
) -> Result<Response, Reason> {
    let parsed = url::Url::parse(url).map_err(|e| Reason::BadUrl(e.to_string()))?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(Reason::BadUrl(format!(
            "scheme {} is not http or https",
            parsed.scheme()
        )));
    }
    if !limits.allow_private {
        check_public(&parsed)?;
    }
    let client = client(limits)?;
    let mut request = client.get(parsed);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let response = request.send().map_err(http_error)?;
    let status = response.status().as_u16();
    if let Some(len) = response.content_length() {
        if len > limits.max_bytes {
            return Err(Reason::TooLarge {
                limit: limits.max_bytes,
            });
        }
    }
    let final_url = response.url().to_string();
    let response_headers: Vec<(String, String)> = response
        .headers()
        .iter()
        .filter_map(|(n, v)| Some((n.as_str().to_string(), v.to_str().ok()?.to_string())))
        .collect();
    let content_type = response
        .headers()
        .get(reqwest::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let body = read_limited(response, limits.max_bytes)?;
    // Some servers send pre-gzipped files without Content-Encoding.
    let bytes = crate::read_maybe_gzip(&body[..], limits.max_bytes)?;
    Ok(Response {
        status,
        headers: response_headers,
        page: Page {
            source: url.to_string(),
            url: Some(final_url),
            content_type,
            bytes,
        },
    })
}

fn client(limits: &Limits) -> Result<reqwest::blocking::Client, Reason> {
    let max_redirects = limits.max_redirects;
    let allow_private = limits.allow_private;
    let policy = reqwest::redirect::Policy::custom(move |attempt| {
        if attempt.previous().len() > max_redirects {
            let n = attempt.previous().len();
            attempt.error(format!("more than {max_redirects} redirects ({n})"))
        } else if !allow_private && check_public(attempt.url()).is_err() {
            let target = attempt.url().to_string();
            attempt.error(format!("redirect to a private address refused: {target}"))
        } else {
            attempt.follow()
        }
    });
    let mut builder = reqwest::blocking::Client::builder()
        .timeout(limits.timeout)
        .connect_timeout(limits.timeout)
        .redirect(policy)
        .user_agent(crate::USER_AGENT);
    if !allow_private {
        // Resolving again at connect time and filtering there closes the gap
        // where a name resolves to a public address when checked and to a
        // private one when connected (DNS rebinding).
        builder = builder.dns_resolver(Arc::new(PublicOnly));
    }
    builder.build().map_err(|e| Reason::Http(e.to_string()))
}

fn http_error(e: reqwest::Error) -> Reason {
    // reqwest's Display hides the cause ("error sending request"); the chain
    // says what actually happened (timeout, refused, too many redirects).
    let mut msg = e.to_string();
    let mut source = std::error::Error::source(&e);
    while let Some(s) = source {
        msg.push_str(": ");
        msg.push_str(&s.to_string());
        source = s.source();
    }
    Reason::Http(msg)
}

/// Refuses URLs whose host is, or resolves to, a non-public address.
fn check_public(url: &url::Url) -> Result<(), Reason> {
    let host = match url.host() {
        Some(url::Host::Ipv4(ip)) => return public_or_refuse(IpAddr::V4(ip)),
        Some(url::Host::Ipv6(ip)) => return public_or_refuse(IpAddr::V6(ip)),
        Some(url::Host::Domain(d)) => d.to_string(),
        None => return Err(Reason::BadUrl("no host".into())),
    };
    let port = url.port_or_known_default().unwrap_or(80);
    let addrs = (host.as_str(), port)
        .to_socket_addrs()
        .map_err(|e| Reason::Http(format!("cannot resolve {host}: {e}")))?;
    for addr in addrs {
        public_or_refuse(addr.ip())?;
    }
    Ok(())
}

fn public_or_refuse(ip: IpAddr) -> Result<(), Reason> {
    if is_public(ip) {
        Ok(())
    } else {
        Err(Reason::PrivateAddress(ip.to_string()))
    }
}

/// Whether an address is on the public internet (not loopback, private,
/// link-local, carrier-grade NAT, multicast or unspecified).
pub(crate) fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => {
            let [a, b, ..] = v4.octets();
            !(v4.is_loopback()
                || v4.is_private()
                || v4.is_link_local()
                || v4.is_unspecified()
                || v4.is_broadcast()
                || v4.is_multicast()
                || v4.is_documentation()
                || a == 0
                || (a == 100 && (64..128).contains(&b)))
        }
        IpAddr::V6(v6) => {
            if let Some(v4) = v6.to_ipv4_mapped() {
                return is_public(IpAddr::V4(v4));
            }
            let first = v6.segments()[0];
            !(v6.is_loopback()
                || v6.is_unspecified()
                || v6.is_multicast()
                || (first & 0xfe00) == 0xfc00
                || (first & 0xffc0) == 0xfe80)
        }
    }
}

struct PublicOnly;

impl reqwest::dns::Resolve for PublicOnly {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        let host = name.as_str().to_string();
        Box::pin(async move {
            let addrs: Vec<SocketAddr> = (host.as_str(), 0)
                .to_socket_addrs()?
                .filter(|a| is_public(a.ip()))
                .collect();
            if addrs.is_empty() {
                return Err(format!("{host} has no public address").into());
            }
            Ok(Box::new(addrs.into_iter()) as reqwest::dns::Addrs)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_addresses() {
        for ip in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "0.0.0.0",
            "::1",
            "fd00::1",
            "fe80::1",
            "::ffff:127.0.0.1",
        ] {
            assert!(!is_public(ip.parse().unwrap()), "{ip}");
        }
        for ip in ["93.184.216.34", "8.8.8.8", "2606:4700::1111"] {
            assert!(is_public(ip.parse().unwrap()), "{ip}");
        }
    }
}
