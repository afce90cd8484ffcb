//! Writing articles in the formats people use.

use anyhow::Result;
use dateline_core::{Analysis, Article, Block, QuoteKind};
use serde::Serialize;
use std::io::Write;

/// Output format of `dateline extract`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// One pretty-printed JSON object (an array when there are several).
    Json,
    /// One JSON object per line.
    Jsonl,
    /// A readable Markdown document.
    Markdown,
    /// Headline and body as plain text.
    Text,
}

/// The serialised form: the article's fields, plus `analysis` when present
/// (the same shape as `dateline_core::AnalysedArticle`, without copying the article).
#[derive(Serialize)]
struct Record<'a> {
    #[serde(flatten)]
    article: &'a Article,
    #[serde(skip_serializing_if = "Option::is_none")]
    analysis: Option<&'a Analysis>,
}

/// Writes articles one after another, keeping the whole output valid in its format.
pub struct ArticleWriter<W: Write> {
    out: W,
    format: Format,
    count: usize,
    /// More than one article may follow: JSON output becomes an array.
    many: bool,
}

impl<W: Write> ArticleWriter<W> {
    pub fn new(out: W, format: Format, many: bool) -> Self {
        ArticleWriter {
            out,
            format,
            count: 0,
            many,
        }
    }

    /// Writes one article, with its analysis when there is one.
    pub fn write(&mut self, article: &Article, analysis: Option<&Analysis>) -> Result<()> {
        let first = self.count == 0;
        self.count += 1;
        let record = Record { article, analysis };
        match self.format {
            Format::Json if self.many => {
                self.out.write_all(if first { b"[\n" } else { b",\n" })?;
                serde_json::to_writer_pretty(&mut self.out, &record)?;
            }
            Format::Json => {
                serde_json::to_writer_pretty(&mut self.out, &record)?;
                self.out.write_all(b"\n")?;
            }
            Format::Jsonl => {
                serde_json::to_writer(&mut self.out, &record)?;
                self.out.write_all(b"\n")?;
            }
            Format::Markdown => {
                if !first {
                    self.out.write_all(b"\n---\n\n")?;
                }
                self.out.write_all(markdown(article).as_bytes())?;
                if let Some(analysis) = analysis {
                    self.out.write_all(markdown_analysis(analysis).as_bytes())?;
                }
            }
            Format::Text => {
                if !first {
                    self.out.write_all(b"\n\x0c\n")?;
                }
                if let Some(h) = &article.headline {
                    writeln!(self.out, "{h}\n")?;
                }
                writeln!(self.out, "{}", article.body_text())?;
            }
        }
        Ok(())
    }

    pub fn flush(&mut self) -> Result<()> {
        self.out.flush()?;
        Ok(())
    }

    /// Closes the output (the JSON array, when one was opened).
    pub fn finish(mut self) -> Result<()> {
        if self.format == Format::Json && self.many {
            self.out
                .write_all(if self.count == 0 { b"[]\n" } else { b"\n]\n" })?;
        }
        self.flush()
    }
}

/// The article as Markdown: headline, a metadata list, then the body.
pub fn markdown(a: &Article) -> String {
    let mut s = String::new();
    if let Some(h) = &a.headline {
        s.push_str(&format!("# {}\n\n", h));
    }
    let mut meta = Vec::new();
    let mut field = |name: &str, value: Option<&str>| {
        if let Some(v) = value.filter(|v| !v.is_empty()) {
            meta.push(format!("- **{name}:** {v}"));
        }
    };
    field("Section", a.section.as_deref());
    field("Byline", a.byline.as_deref());
    let authors = a.authors.join(", ");
    field("Authors", Some(&authors));
    field("Agency", a.agency.as_deref());
    field("Published", a.published.as_deref());
    field("Updated", a.updated.as_deref());
    field("Story date", a.story_date.as_deref());
    field(
        "Dateline",
        a.dateline.as_ref().map(|d| d.as_written.as_str()),
    );
    field("Site", a.site_name.as_deref());
    field("URL", a.canonical_url.as_deref().or(a.url.as_deref()));
    field("Language", a.language.as_deref());
    if !meta.is_empty() {
        s.push_str(&meta.join("\n"));
        s.push_str("\n\n");
    }
    if let Some(d) = &a.description {
        s.push_str(&format!("*{}*\n\n", d));
    }
    for image in &a.images {
        let caption = image.caption.as_deref().unwrap_or("");
        let credit = image
            .credit
            .as_deref()
            .map(|c| format!(" ({c})"))
            .unwrap_or_default();
        match &image.url {
            Some(url) => s.push_str(&format!("![{caption}]({url}){credit}\n\n")),
            None => s.push_str(&format!("*Image: {caption}*{credit}\n\n")),
        }
    }
    for block in &a.body {
        match block {
            Block::Paragraph { text } => s.push_str(text),
            Block::Heading { level, text } => {
                let hashes = "#".repeat(usize::from((*level).clamp(2, 6)));
                s.push_str(&format!("{hashes} {text}"));
            }
            Block::List { ordered, items } => {
                let lines: Vec<String> = items
                    .iter()
                    .enumerate()
                    .map(|(i, item)| {
                        if *ordered {
                            format!("{}. {item}", i + 1)
                        } else {
                            format!("- {item}")
                        }
                    })
                    .collect();
                s.push_str(&lines.join("\n"));
            }
            Block::Quote { text } => {
                let lines: Vec<String> = text.lines().map(|l| format!("> {l}")).collect();
                s.push_str(&lines.join("\n"));
            }
            Block::Table { rows } => {
                for (i, row) in rows.iter().enumerate() {
                    let cells: Vec<String> = row.iter().map(|c| c.replace('|', "\\|")).collect();
                    s.push_str(&format!("| {} |\n", cells.join(" | ")));
                    if i == 0 {
                        s.push_str(&format!("|{}\n", " --- |".repeat(row.len().max(1))));
                    }
                }
            }
        }
        s.push_str("\n\n");
    }
    s
}

/// Who is in the article and who said what, as Markdown sections.
pub fn markdown_analysis(analysis: &Analysis) -> String {
    let mut s = String::new();
    if !analysis.entities.is_empty() {
        s.push_str("## Entities\n\n");
        for e in &analysis.entities {
            let titles = if e.titles.is_empty() {
                String::new()
            } else {
                format!(" ({})", e.titles.join(", "))
            };
            s.push_str(&format!(
                "- {}{titles}: {:?}, {} mentions\n",
                e.name,
                e.kind,
                e.mentions.len()
            ));
        }
        s.push('\n');
    }
    if !analysis.quotes.is_empty() {
        s.push_str("## Quotes\n\n");
        for q in &analysis.quotes {
            let kind = match q.kind {
                QuoteKind::Direct => "direct",
                QuoteKind::Partial => "partial",
                QuoteKind::Indirect => "indirect",
            };
            let speaker = q
                .speaker
                .as_deref()
                .or(q.speaker_as_written.as_deref())
                .unwrap_or("(unknown)");
            let cue = q
                .cue
                .as_deref()
                .map(|c| format!(", {c}"))
                .unwrap_or_default();
            s.push_str(&format!("- **{speaker}** ({kind}{cue}): {}\n", q.text));
        }
        s.push('\n');
    }
    s
}
