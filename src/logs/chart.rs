//! `stats ... by bin(...)` results as series over time, for the chart view.

use jiff::Timestamp;

use super::results::ResultsTable;

/// The most series one chart draws; more would be unreadable.
pub const MAX_SERIES: usize = 6;

#[derive(Clone, Debug, PartialEq)]
pub struct Series {
    pub name: String,
    /// (seconds since the epoch, value), in time order.
    pub points: Vec<(f64, f64)>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct BinChart {
    pub time_field: String,
    pub series: Vec<Series>,
    pub start: Timestamp,
    pub end: Timestamp,
    pub max: f64,
}

pub use super::time::parse_time;
use super::time::{Form, parse_with_form};

/// The chart of a `by bin(...)` result, or why there is none.
pub fn bin_chart(table: &ResultsTable, query: &str) -> Result<BinChart, String> {
    let not_binned = || {
        "a chart needs a `stats ... by bin(...)` result, such as `stats count(*) by bin(5m)`"
            .to_string()
    };
    if !query.contains("bin(") || table.is_empty() {
        return Err(not_binned());
    }
    let rows = table.all_cells();
    let all = |column: usize, test: &dyn Fn(&str) -> bool| {
        rows.iter()
            .all(|r| r.get(column).is_some_and(|v| v.is_empty() || test(v)))
    };
    // A column of written-out times wins over one of epoch numbers, a column named like a
    // time over another, then the leftmost.
    let time_column = (0..table.fields.len())
        .filter(|c| all(*c, &|v| parse_time(v).is_some()))
        .min_by_key(|c| {
            let epoch = !all(*c, &|v| {
                parse_with_form(v).is_some_and(|(_, form)| form == Form::Text)
            });
            let field = &table.fields[*c];
            let unnamed = !(field.contains("bin(") || field == "@timestamp");
            (epoch, unnamed, *c)
        })
        .ok_or_else(not_binned)?;
    let numeric: Vec<usize> = (0..table.fields.len())
        .filter(|c| *c != time_column && all(*c, &|v| v.trim().parse::<f64>().is_ok()))
        .collect();
    if numeric.is_empty() {
        return Err("the result has no numbers to draw".to_string());
    }
    let groups: Vec<usize> = (0..table.fields.len())
        .filter(|c| *c != time_column && !numeric.contains(c))
        .collect();
    let mut series: Vec<Series> = Vec::new();
    let (mut start, mut end, mut max) = (None::<Timestamp>, None::<Timestamp>, 0f64);
    for row in rows {
        let Some(at) = row.get(time_column).and_then(|t| parse_time(t)) else {
            continue;
        };
        start = Some(start.map_or(at, |s| s.min(at)));
        end = Some(end.map_or(at, |e| e.max(at)));
        let group: Vec<&str> = groups
            .iter()
            .filter_map(|g| row.get(*g).map(String::as_str))
            .collect();
        for column in &numeric {
            let value = row
                .get(*column)
                .and_then(|v| v.trim().parse::<f64>().ok())
                .unwrap_or(0.0);
            max = max.max(value);
            let mut name = table.fields[*column].clone();
            if !group.is_empty() {
                name = format!("{name} {}", group.join(" "));
            }
            let at_secs = at.as_second() as f64;
            match series.iter().position(|s| s.name == name) {
                Some(at) => series[at].points.push((at_secs, value)),
                None if series.len() < MAX_SERIES => series.push(Series {
                    name,
                    points: vec![(at_secs, value)],
                }),
                None => {}
            }
        }
    }
    for s in &mut series {
        s.points.sort_by(|a, b| a.0.total_cmp(&b.0));
    }
    match (start, end) {
        (Some(start), Some(end)) => Ok(BinChart {
            time_field: table.fields[time_column].clone(),
            series,
            start,
            end,
            max,
        }),
        _ => Err(not_binned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::logs::model::{QueryResult, ResultRow, Statistics};

    fn table(rows: &[&[(&str, &str)]]) -> ResultsTable {
        let rows = rows
            .iter()
            .map(|cells| ResultRow {
                cells: cells
                    .iter()
                    .map(|(f, v)| (f.to_string(), v.to_string()))
                    .collect(),
            })
            .collect();
        ResultsTable::new(QueryResult::new(rows, Statistics::default()))
    }

    #[test]
    fn binned_counts_become_one_series_in_time_order() {
        let t = table(&[
            &[("bin(5m)", "2026-11-23 03:00:00.000"), ("count(*)", "25")],
            &[("bin(5m)", "2026-11-23 02:55:00.000"), ("count(*)", "5")],
        ]);
        let chart = bin_chart(&t, "stats count(*) by bin(5m)").unwrap();
        assert_eq!(chart.time_field, "bin(5m)");
        assert_eq!(chart.series.len(), 1);
        assert_eq!(chart.series[0].name, "count(*)");
        let values: Vec<f64> = chart.series[0].points.iter().map(|p| p.1).collect();
        assert_eq!(values, [5.0, 25.0]);
        assert_eq!(chart.max, 25.0);
        assert_eq!(chart.start.to_string(), "2026-11-23T02:55:00Z");
    }

    #[test]
    fn a_second_group_by_field_splits_the_series() {
        let t = table(&[
            &[
                ("t", "2026-11-23 03:00:00.000"),
                ("service", "api"),
                ("errors", "3"),
            ],
            &[
                ("t", "2026-11-23 03:00:00.000"),
                ("service", "web"),
                ("errors", "1"),
            ],
        ]);
        let chart = bin_chart(&t, "stats count(*) as errors by bin(5m) as t, service").unwrap();
        let names: Vec<&str> = chart.series.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["errors api", "errors web"]);
    }

    #[test]
    fn bins_in_epoch_milliseconds_chart_on_the_same_time_axis() {
        let t = table(&[
            &[("bin(5m)", "1795402800000"), ("count(*)", "25")],
            &[("bin(5m)", "1795402500000"), ("count(*)", "5")],
        ]);
        let chart = bin_chart(&t, "stats count(*) by bin(5m)").unwrap();
        assert_eq!(chart.time_field, "bin(5m)");
        assert_eq!(chart.start.to_string(), "2026-11-23T02:55:00Z");
        assert_eq!(chart.end.to_string(), "2026-11-23T03:00:00Z");
        let values: Vec<f64> = chart.series[0].points.iter().map(|p| p.1).collect();
        assert_eq!(values, [5.0, 25.0]);
    }

    #[test]
    fn rows_without_bins_say_why_there_is_no_chart() {
        let t = table(&[&[("@timestamp", "2026-11-23 03:00:00.000"), ("@message", "x")]]);
        assert!(
            bin_chart(&t, "fields @timestamp, @message")
                .unwrap_err()
                .contains("by bin(")
        );
    }
}
