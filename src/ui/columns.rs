//! Plain-text output of the headless commands: columns aligned by display width, and JSON.
//! Every cell is outside text (AWS answers, log lines), so each is defused to one line
//! before it is measured.

use std::io::Write;

use unicode_width::UnicodeWidthStr;

use crate::defuse;

/// Writes `header` and `rows` as space-aligned columns, or `empty` when there are no rows.
pub fn write(
    out: &mut impl Write,
    header: &[&str],
    rows: &[Vec<String>],
    empty: &str,
) -> std::io::Result<()> {
    let header: Vec<_> = header.iter().map(|h| defuse::line(h)).collect();
    let rows: Vec<Vec<_>> = rows
        .iter()
        .map(|row| row.iter().map(|cell| defuse::line(cell)).collect())
        .collect();
    let mut widths: Vec<usize> = header.iter().map(|h| h.width()).collect();
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.width());
        }
    }
    for row in std::iter::once(&header).chain(&rows) {
        let mut line = String::new();
        for (i, cell) in row.iter().enumerate() {
            line.push_str(cell);
            if i + 1 < row.len() {
                line.push_str(&" ".repeat(widths[i].saturating_sub(cell.width()) + 2));
            }
        }
        writeln!(out, "{}", line.trim_end())?;
    }
    if rows.is_empty() {
        writeln!(out, "{empty}")?;
    }
    Ok(())
}

/// Pretty JSON and a newline; what serde leaves raw and a terminal would act on is written
/// as `\u` escapes (see [`defuse::json`]), so the value is the same.
pub fn write_json<T: serde::Serialize + ?Sized>(
    out: &mut impl Write,
    value: &T,
) -> std::io::Result<()> {
    let text = serde_json::to_string_pretty(value)?;
    out.write_all(defuse::json(&text).as_bytes())?;
    writeln!(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_cells_are_shown_escaped_and_the_columns_stay_aligned() {
        let rows = vec![
            vec!["a\u{1b}[2J".to_string(), "x".to_string()],
            vec!["two\nlines\u{202e}".to_string(), "y".to_string()],
        ];
        let mut out = Vec::new();
        write(&mut out, &["NAME", "V"], &rows, "(none)").unwrap();
        let text = String::from_utf8(out).unwrap();
        assert_eq!(
            text,
            "NAME                V\na\\x1b[2J            x\ntwo\\nlines\\u{202e}  y\n"
        );
    }

    #[test]
    fn json_is_the_same_value_with_nothing_raw() {
        let mut out = Vec::new();
        write_json(&mut out, &vec!["evil\u{202e}", "\u{9b}2J"]).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(
            text.contains("evil\\u202e") && text.contains("\\u009b2J"),
            "{text}"
        );
        let back: Vec<String> = serde_json::from_str(&text).unwrap();
        assert_eq!(back, ["evil\u{202e}", "\u{9b}2J"]);
    }
}
