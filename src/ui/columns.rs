//! Plain-text columns for the headless commands, aligned by display width.

use std::io::Write;

use unicode_width::UnicodeWidthStr;

/// Writes `header` and `rows` as space-aligned columns, or `empty` when there are no rows.
pub fn write(
    out: &mut impl Write,
    header: &[&str],
    rows: &[Vec<String>],
    empty: &str,
) -> std::io::Result<()> {
    let mut widths: Vec<usize> = header.iter().map(|h| h.width()).collect();
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.width());
        }
    }
    let header: Vec<String> = header.iter().map(|h| h.to_string()).collect();
    for row in std::iter::once(&header).chain(rows) {
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
