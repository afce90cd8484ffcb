//! The `dateline` binary as a user runs it.

mod support;
use support::*;

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

#[test]
fn extracts_the_seed_as_one_json_object() {
    let out = dateline(&["extract", seed()]);
    let out = ok(out);
    let article: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(article["schema"], "dateline.article/1");
    assert_eq!(
        article["headline"],
        "Putin hails meeting, thinks Trump accepted election denials"
    );
    assert_eq!(article["agency"], "Associated Press");
    assert_eq!(article["dateline"]["city"], "Hamburg");
    assert_eq!(article["body"].as_array().unwrap().len(), 14);
}

#[test]
fn markdown_and_text_formats() {
    let out = dateline(&["extract", seed(), "--format", "markdown"]);
    let md = String::from_utf8(out.stdout).unwrap();
    assert!(md.starts_with("# Putin hails meeting"), "{md}");
    assert!(md.contains("- **Agency:** Associated Press"));
    assert!(md.contains("He particularly hailed the U.S.-Russian deal"));
    assert!(!md.contains("Sign Up"));

    let out = dateline(&["extract", seed(), "--format", "text"]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("Putin hails meeting"));
    assert!(!text.contains("\"kind\""));
}

#[test]
fn a_failed_input_is_named_and_the_rest_go_on() {
    let dir = temp_dir("batch");
    std::fs::write(dir.join("empty.html"), b"").unwrap();
    std::fs::write(dir.join("binary.html"), [0u8, 159, 146, 150, 0, 0, 1, 2, 3]).unwrap();
    std::fs::copy(seed(), dir.join("seed.txt")).unwrap();
    let missing = dir.join("missing.html");
    let out = dateline(&[
        "extract",
        dir.to_str().unwrap(),
        missing.to_str().unwrap(),
        "--quiet",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("empty.html: the page is empty"), "{stderr}");
    assert!(stderr.contains("binary.html: "), "{stderr}");
    assert!(stderr.contains("missing.html: "), "{stderr}");
    let lines: Vec<&str> = std::str::from_utf8(&out.stdout).unwrap().lines().collect();
    assert_eq!(lines.len(), 1, "one article, as JSON Lines");
    let article: serde_json::Value = serde_json::from_str(lines[0]).unwrap();
    assert_eq!(article["agency"], "Associated Press");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn reads_gzip_and_stdin_with_a_given_url() {
    let dir = temp_dir("gz");
    let html = "<html><head><title>Storm closes port - The Gazette</title></head><body>\
        <article><h1>Storm closes port</h1><p>By Ann Lee</p>\
        <p>HALIFAX, Nova Scotia (AP) — A storm closed the port on Tuesday, officials said, \
        and ferries stayed at their docks through the night while crews waited.</p>\
        <p>Officials said the port would reopen when the winds dropped below the limit \
        set for the cranes, which could take until Thursday morning.</p></article></body></html>";
    let gz = dir.join("page.html.gz");
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    enc.write_all(html.as_bytes()).unwrap();
    std::fs::write(&gz, enc.finish().unwrap()).unwrap();
    let out = dateline(&["extract", gz.to_str().unwrap()]);
    let out = ok(out);
    let a: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(a["headline"], "Storm closes port");
    assert!(a["body"][0]["text"]
        .as_str()
        .unwrap()
        .starts_with("A storm closed the port"));

    let mut child = Command::new(env!("CARGO_BIN_EXE_dateline"))
        .args(["extract", "-", "--url", "https://example.com/storm"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(html.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let a: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(a["url"], "https://example.com/storm");
    assert_eq!(a["source"], "-");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn usage_errors_exit_2_and_help_explains() {
    let out = dateline(&["extract"]);
    assert_eq!(out.status.code(), Some(2));
    let out = dateline(&["extract", "--help"]);
    let help = String::from_utf8(out.stdout).unwrap();
    assert!(help.contains("--format"));
    assert!(help.contains("Examples:"));
    assert!(Path::new(seed()).exists());
}

#[test]
fn analyse_reads_what_extract_writes() {
    let extracted = dateline(&["extract", seed(), "--format", "jsonl"]);
    assert!(extracted.status.success());
    let mut child = Command::new(env!("CARGO_BIN_EXE_dateline"))
        .arg("analyse")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(&extracted.stdout)
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    let record: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(record["agency"], "Associated Press", "article fields kept");
    let quotes = record["analysis"]["quotes"].as_array().unwrap();
    assert!(!quotes.is_empty());
    for q in quotes {
        assert_eq!(q["speaker"], "Vladimir Putin", "{q}");
    }

    // The same analysis comes out of `extract --analyse`.
    let direct = dateline(&["extract", seed(), "--analyse"]);
    let direct: serde_json::Value = serde_json::from_slice(&direct.stdout).unwrap();
    assert_eq!(direct["analysis"], record["analysis"]);
}

#[test]
fn analyse_names_a_bad_record_and_goes_on() {
    let dir = temp_dir("analyse");
    let file = dir.join("mixed.jsonl");
    std::fs::write(&file, "{\"schema\":\"dateline.article/1\",\"body\":[{\"kind\":\"paragraph\",\"text\":\"\\\"Yes,\\\" she said.\"}]}\n[1,2]\n").unwrap();
    let out = dateline(&["analyse", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("mixed.jsonl: record 2: not an article"),
        "{stderr}"
    );
    assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), 1);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn ingest_then_search_finds_the_seed_by_field() {
    let dir = temp_dir("store");
    let data = dir.join("data");
    let out = dateline(&["ingest", seed(), "--data", data.to_str().unwrap(), "-q"]);
    ok(out);
    // The same page again is one article, not two.
    let out = dateline(&["ingest", seed(), "--data", data.to_str().unwrap(), "-q"]);
    assert!(out.status.success());
    let out = dateline(&[
        "search",
        "agency:\"associated press\" headline:putin",
        "--data",
        data.to_str().unwrap(),
        "--format",
        "json",
    ]);
    let out = ok(out);
    let hits: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let hits = hits.as_array().expect("a JSON array of hits");
    assert_eq!(hits.len(), 1, "{hits:?}");
    assert_eq!(
        hits[0]["headline"],
        "Putin hails meeting, thinks Trump accepted election denials"
    );
    let out = dateline(&[
        "search",
        "headline:nonexistentword",
        "--data",
        data.to_str().unwrap(),
        "--format",
        "json",
    ]);
    let hits: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(hits.as_array().map(Vec::len), Some(0));
    std::fs::remove_dir_all(&dir).unwrap();
}

/// `dateline bench ... | head -1`: the reader goes away before the results
/// are written; the command ends quietly instead of panicking.
#[test]
fn a_closed_output_pipe_is_not_a_crash() {
    use std::process::{Command, Stdio};
    let mut child = Command::new(env!("CARGO_BIN_EXE_dateline"))
        .args(["bench", "extract", "examples", "--repeat", "3"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run dateline");
    // Close the reading end before the command has written anything.
    drop(child.stdout.take());
    let out = child.wait_with_output().expect("wait for dateline");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "stderr: {stderr}");
    assert_eq!(out.status.code(), Some(0), "stderr: {stderr}");
}
