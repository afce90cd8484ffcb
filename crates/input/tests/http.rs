//! Fetching over real HTTP on 127.0.0.1 with a random port.

use dateline_input::{Input, Limits, Reason};
use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::thread;
use std::time::Duration;

/// Serves `count` connections, answering each request path through `respond`.
fn serve(count: usize, respond: fn(&str, u16) -> Vec<u8>) -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    thread::spawn(move || {
        for stream in listener.incoming().take(count) {
            let Ok(mut stream) = stream else { continue };
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut request_line = String::new();
            if reader.read_line(&mut request_line).is_err() {
                continue;
            }
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
                    break;
                }
            }
            let path = request_line.split(' ').nth(1).unwrap_or("/").to_string();
            let _ = stream.write_all(&respond(&path, port));
        }
    });
    port
}

fn ok(body: &str, content_type: &str) -> Vec<u8> {
    format!(
        "HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
}

fn loopback() -> Limits {
    Limits {
        allow_private: true,
        timeout: Duration::from_secs(5),
        ..Limits::default()
    }
}

#[test]
fn fetches_a_page_with_its_content_type_and_final_url() {
    let port = serve(2, |path, port| {
        match path {
        "/old" => format!(
            "HTTP/1.1 301 Moved\r\nLocation: http://127.0.0.1:{port}/new\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
        )
        .into_bytes(),
        _ => ok("<p>caf\u{e9}</p>", "text/html; charset=utf-8"),
    }
    });
    let url = format!("http://127.0.0.1:{port}/old");
    let page = Input::parse(&url).read(&loopback()).unwrap();
    assert_eq!(
        page.url.as_deref(),
        Some(&*format!("http://127.0.0.1:{port}/new"))
    );
    assert_eq!(
        page.content_type.as_deref(),
        Some("text/html; charset=utf-8")
    );
    assert_eq!(page.bytes, "<p>caf\u{e9}</p>".as_bytes());
    assert_eq!(page.source, url);
}

#[test]
fn refuses_loopback_unless_allowed() {
    let err = Input::parse("http://127.0.0.1:9/x")
        .read(&Limits::default())
        .unwrap_err();
    assert!(matches!(err.reason, Reason::PrivateAddress(_)), "{err}");
    assert!(
        err.to_string().starts_with("http://127.0.0.1:9/x: refused"),
        "{err}"
    );
    let err = Input::parse("http://localhost:9/x")
        .read(&Limits::default())
        .unwrap_err();
    assert!(matches!(err.reason, Reason::PrivateAddress(_)), "{err}");
}

#[test]
fn stops_redirect_loops() {
    let port = serve(20, |path, port| {
        let n: u32 = path.trim_start_matches("/r").parse().unwrap_or(0);
        format!(
            "HTTP/1.1 302 Found\r\nLocation: http://127.0.0.1:{port}/r{}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
            n + 1
        )
        .into_bytes()
    });
    let limits = Limits {
        max_redirects: 3,
        ..loopback()
    };
    let err = Input::parse(&format!("http://127.0.0.1:{port}/r0"))
        .read(&limits)
        .unwrap_err();
    assert!(err.to_string().contains("redirects"), "{err}");
}

#[test]
fn reports_status_size_and_timeout() {
    let port = serve(3, |path, _| match path {
        "/missing" => {
            b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".to_vec()
        }
        "/big" => ok(&"x".repeat(5000), "text/html"),
        _ => {
            thread::sleep(Duration::from_secs(3));
            ok("late", "text/html")
        }
    });
    let base = format!("http://127.0.0.1:{port}");
    let err = Input::parse(&format!("{base}/missing"))
        .read(&loopback())
        .unwrap_err();
    assert!(matches!(err.reason, Reason::Status(404)), "{err}");

    let small = Limits {
        max_bytes: 1000,
        ..loopback()
    };
    let err = Input::parse(&format!("{base}/big"))
        .read(&small)
        .unwrap_err();
    assert!(
        matches!(err.reason, Reason::TooLarge { limit: 1000 }),
        "{err}"
    );

    let impatient = Limits {
        timeout: Duration::from_millis(300),
        ..loopback()
    };
    let err = Input::parse(&format!("{base}/slow"))
        .read(&impatient)
        .unwrap_err();
    assert!(matches!(err.reason, Reason::Http(_)), "{err}");
}

#[test]
fn rejects_other_schemes() {
    let err = dateline_input::Input::Url("ftp://example.com/a".into())
        .read(&Limits::default())
        .unwrap_err();
    assert!(matches!(err.reason, Reason::BadUrl(_)), "{err}");
}
