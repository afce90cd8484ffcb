//! Rows out as an aligned table (on a terminal), JSON, JSON Lines or CSV,
//! for the commands that list things from the store.

use anyhow::Result;
use serde::Serialize;
use std::io::{IsTerminal, Write};

/// Output format of a listing.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ListFormat {
    /// Aligned columns, long values clipped (the default on a terminal).
    Table,
    /// One JSON array.
    Json,
    /// One JSON object per line (the default in a pipe).
    Jsonl,
    /// Comma-separated values with a header row (RFC 4180 quoting).
    Csv,
}

impl ListFormat {
    /// The format asked for, else a table on a terminal and JSON Lines in a
    /// pipe.
    pub fn or_default(asked: Option<ListFormat>) -> ListFormat {
        asked.unwrap_or(if std::io::stdout().is_terminal() {
            ListFormat::Table
        } else {
            ListFormat::Jsonl
        })
    }
}

/// A column: its header, the widest a table cell may be, and how to read
/// it from a row.
pub struct Column<'a, R> {
    pub name: &'a str,
    pub width: usize,
    pub value: Box<dyn Fn(&R) -> String + 'a>,
}

impl<'a, R> Column<'a, R> {
    pub fn new(name: &'a str, width: usize, value: impl Fn(&R) -> String + 'a) -> Self {
        Column {
            name,
            width,
            value: Box::new(value),
        }
    }
}

/// Writes `rows` in `format`: JSON forms serialise the rows whole, table
/// and CSV forms show `columns`.
pub fn write<R: Serialize>(
    out: &mut impl Write,
    format: ListFormat,
    rows: &[R],
    columns: &[Column<'_, R>],
) -> Result<()> {
    match format {
        ListFormat::Json => {
            serde_json::to_writer_pretty(&mut *out, rows)?;
            writeln!(out)?;
        }
        ListFormat::Jsonl => {
            for r in rows {
                serde_json::to_writer(&mut *out, r)?;
                writeln!(out)?;
            }
        }
        ListFormat::Csv => {
            let header: Vec<String> = columns.iter().map(|c| csv_field(c.name)).collect();
            writeln!(out, "{}", header.join(","))?;
            for r in rows {
                let cells: Vec<String> = columns.iter().map(|c| csv_field(&(c.value)(r))).collect();
                writeln!(out, "{}", cells.join(","))?;
            }
        }
        ListFormat::Table => {
            let cells: Vec<Vec<String>> = rows
                .iter()
                .map(|r| {
                    columns
                        .iter()
                        .map(|c| clip(&one_line(&(c.value)(r)), c.width))
                        .collect()
                })
                .collect();
            let widths: Vec<usize> = columns
                .iter()
                .enumerate()
                .map(|(i, c)| {
                    cells
                        .iter()
                        .map(|row| row[i].chars().count())
                        .chain([c.name.chars().count()])
                        .max()
                        .unwrap_or(0)
                })
                .collect();
            let line = |cells: &[String]| {
                let mut s = String::new();
                for (i, cell) in cells.iter().enumerate() {
                    if i + 1 == cells.len() {
                        s.push_str(cell);
                    } else {
                        s.push_str(cell);
                        let pad = widths[i].saturating_sub(cell.chars().count()) + 2;
                        s.extend(std::iter::repeat_n(' ', pad));
                    }
                }
                s.trim_end().to_string()
            };
            let header: Vec<String> = columns.iter().map(|c| c.name.to_uppercase()).collect();
            writeln!(out, "{}", line(&header))?;
            for row in &cells {
                writeln!(out, "{}", line(row))?;
            }
        }
    }
    Ok(())
}

/// A CSV field, quoted when it holds a comma, quote or line break.
pub fn csv_field(v: &str) -> String {
    if v.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", v.replace('"', "\"\""))
    } else {
        v.to_string()
    }
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `s` cut to `width` characters, with an ellipsis when cut.
pub fn clip(s: &str, width: usize) -> String {
    if s.chars().count() <= width {
        s.to_string()
    } else {
        let mut out: String = s.chars().take(width.saturating_sub(1)).collect();
        out.push('…');
        out
    }
}

/// The day part of a date or date-time (`2017-07-09T06:35:00Z` -> `2017-07-09`).
pub fn day(s: Option<&str>) -> String {
    s.map_or(String::new(), |p| p.get(..10).unwrap_or(p).to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Serialize)]
    struct R {
        a: String,
        n: i64,
    }

    #[test]
    fn csv_quotes_and_tables_align() {
        let rows = vec![
            R {
                a: "x, \"y\"".into(),
                n: 1,
            },
            R {
                a: "long text here".into(),
                n: 22,
            },
        ];
        let cols = [
            Column::new("n", 5, |r: &R| r.n.to_string()),
            Column::new("a", 8, |r: &R| r.a.clone()),
        ];
        let mut out = Vec::new();
        write(&mut out, ListFormat::Csv, &rows, &cols).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "n,a\n1,\"x, \"\"y\"\"\"\n22,long text here\n"
        );
        let mut out = Vec::new();
        write(&mut out, ListFormat::Table, &rows, &cols).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "N   A\n1   x, \"y\"\n22  long te…\n"
        );
        let mut out = Vec::new();
        write(&mut out, ListFormat::Json, &rows, &cols).unwrap();
        let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(v[1]["n"], 22);
    }
}
