//! `warroom query`: one Logs Insights query, its rows printed as a table, JSON or CSV. Each
//! CSV cell of a row is defused and guarded against spreadsheet formulas.

use std::io::Write;

use super::model::QueryResult;
use crate::defuse;
use crate::ui::columns;

/// What the rows cannot say themselves, for stderr: rows that came back without fields,
/// statistics the service did not report.
pub fn notes(result: &QueryResult) -> Vec<String> {
    let mut notes = Vec::new();
    notes.extend(result.fieldless_note());
    if !result.statistics_reported {
        notes
            .push("statistics not reported: the service sent no records matched or scanned".into());
    }
    notes
}

/// The rows as columns; rows without fields are said in words, as the only line.
pub fn write_table(out: &mut impl Write, result: &QueryResult) -> std::io::Result<()> {
    if let Some(note) = result.fieldless_note() {
        return writeln!(out, "({note})");
    }
    let header: Vec<&str> = result.fields.iter().map(String::as_str).collect();
    columns::write(out, &header, &result.table(), "(no rows)")
}

/// An array of objects, each row's fields in the query's order.
pub fn write_json(out: &mut impl Write, result: &QueryResult) -> std::io::Result<()> {
    let rows: Vec<serde_json::Map<String, serde_json::Value>> = result
        .table()
        .into_iter()
        .map(|cells| {
            result
                .fields
                .iter()
                .cloned()
                .zip(cells.into_iter().map(serde_json::Value::String))
                .collect()
        })
        .collect();
    columns::write_json(out, &rows)
}

/// The rows as CSV; no rows, or rows without fields, write nothing (the note on stderr says
/// why).
pub fn write_csv(out: &mut impl Write, result: &QueryResult) -> std::io::Result<()> {
    if result.fieldless_note().is_some() || result.fields.is_empty() {
        return Ok(());
    }
    let mut writer = csv::Writer::from_writer(out);
    // The header holds the query's own field names (`@timestamp`, `count(*)`): defused, and
    // left unguarded so that scripts find `@message` under its name.
    writer.write_record(result.fields.iter().map(|f| defuse::line(f).into_owned()))?;
    for row in result.table() {
        writer.write_record(row.iter().map(|cell| defuse::csv_field(cell).into_owned()))?;
    }
    writer.flush()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::logs::model::Statistics;

    fn csv_of(result: &QueryResult) -> String {
        let mut out = Vec::new();
        write_csv(&mut out, result).expect("written");
        String::from_utf8(out).expect("UTF-8")
    }

    #[test]
    fn no_rows_write_no_csv_at_all() {
        let empty = QueryResult::new(Vec::new(), Statistics::default());
        assert_eq!(csv_of(&empty), "");
    }
}
