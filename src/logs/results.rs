//! A query's rows as the pane shows them: sorted by a column, narrowed by a filter.

use std::cmp::Ordering;

use super::model::{QueryResult, ResultRow};

/// The most rows Logs Insights returns for one query.
pub const MAX_ROWS: usize = 10_000;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Sort {
    pub column: usize,
    pub descending: bool,
}

#[derive(Debug, Default)]
pub struct ResultsTable {
    pub fields: Vec<String>,
    rows: Vec<ResultRow>,
    /// Each row's cells in column order.
    cells: Vec<Vec<String>>,
    /// Each row's cells joined and lowercased, for the filter.
    haystacks: Vec<String>,
    /// Row indices in display order.
    order: Vec<usize>,
    /// Positions in `order` that pass the filter.
    visible: Vec<usize>,
    filter: String,
    pub sort: Option<Sort>,
}

impl ResultsTable {
    pub fn new(result: QueryResult) -> ResultsTable {
        let cells = result.table();
        let haystacks = cells
            .iter()
            .map(|c| c.join("\u{1f}").to_lowercase())
            .collect();
        let order: Vec<usize> = (0..result.rows.len()).collect();
        let mut table = ResultsTable {
            fields: result.fields,
            rows: result.rows,
            cells,
            haystacks,
            visible: Vec::new(),
            order,
            filter: String::new(),
            sort: None,
        };
        table.refilter();
        table
    }

    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    pub fn visible_len(&self) -> usize {
        self.visible.len()
    }

    /// The `n`th visible row's cells.
    pub fn cells(&self, n: usize) -> Option<&[String]> {
        let row = *self.order.get(*self.visible.get(n)?)?;
        self.cells.get(row).map(Vec::as_slice)
    }

    pub fn row(&self, n: usize) -> Option<&ResultRow> {
        let row = *self.order.get(*self.visible.get(n)?)?;
        self.rows.get(row)
    }

    /// Every row in table order, for charts.
    pub fn all_cells(&self) -> &[Vec<String>] {
        &self.cells
    }

    pub fn filter(&self) -> &str {
        &self.filter
    }

    pub fn set_filter(&mut self, text: &str) {
        self.filter = text.to_lowercase();
        self.refilter();
    }

    /// Sorts by `column`: numbers as numbers, the rest as text; the same column again
    /// reverses the order.
    pub fn sort_by(&mut self, column: usize) {
        if column >= self.fields.len() {
            return;
        }
        let descending = match self.sort {
            Some(s) if s.column == column => !s.descending,
            _ => false,
        };
        self.sort(Sort { column, descending });
    }

    pub fn sort(&mut self, sort: Sort) {
        let Sort { column, descending } = sort;
        if column >= self.fields.len() {
            return;
        }
        self.sort = Some(sort);
        let keys: Vec<(Option<f64>, &str)> = self
            .cells
            .iter()
            .map(|row| {
                let text = row.get(column).map(String::as_str).unwrap_or_default();
                (text.trim().parse::<f64>().ok(), text)
            })
            .collect();
        self.order.sort_by(|a, b| {
            let ordering = compare(&keys[*a], &keys[*b]);
            if descending {
                ordering.reverse()
            } else {
                ordering
            }
        });
        self.refilter();
    }

    fn refilter(&mut self) {
        self.visible = if self.filter.is_empty() {
            (0..self.order.len()).collect()
        } else {
            self.order
                .iter()
                .enumerate()
                .filter(|(_, row)| self.haystacks[**row].contains(&self.filter))
                .map(|(at, _)| at)
                .collect()
        };
    }
}

/// Numbers before text, numbers by value, text by its characters.
fn compare(a: &(Option<f64>, &str), b: &(Option<f64>, &str)) -> Ordering {
    match (a.0, b.0) {
        (Some(x), Some(y)) => x.partial_cmp(&y).unwrap_or(Ordering::Equal),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => a.1.cmp(b.1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::logs::model::Statistics;

    fn table(rows: &[(&str, &str)]) -> ResultsTable {
        let rows = rows
            .iter()
            .map(|(path, ms)| ResultRow {
                cells: vec![
                    ("path".to_string(), path.to_string()),
                    ("avg_ms".to_string(), ms.to_string()),
                ],
            })
            .collect();
        ResultsTable::new(QueryResult::new(rows, Statistics::default()))
    }

    fn column(t: &ResultsTable, c: usize) -> Vec<String> {
        (0..t.visible_len())
            .map(|n| t.cells(n).unwrap()[c].clone())
            .collect()
    }

    #[test]
    fn numbers_sort_by_value_and_a_second_press_reverses() {
        let mut t = table(&[("/cart", "95.5"), ("/pay", "1200"), ("/home", "7")]);
        t.sort_by(1);
        assert_eq!(column(&t, 1), ["7", "95.5", "1200"]);
        t.sort_by(1);
        assert_eq!(column(&t, 1), ["1200", "95.5", "7"]);
        t.sort_by(0);
        assert_eq!(column(&t, 0), ["/cart", "/home", "/pay"]);
    }

    #[test]
    fn the_filter_keeps_the_sort_and_matches_any_cell() {
        let mut t = table(&[("/cart", "95"), ("/pay", "1200"), ("/payment", "7")]);
        t.sort_by(1);
        t.set_filter("PAY");
        assert_eq!(column(&t, 0), ["/payment", "/pay"]);
        assert_eq!(
            t.row(1).and_then(|r| r.get("avg_ms")),
            Some("1200"),
            "the row behind a visible line is the one shown"
        );
        t.set_filter("");
        assert_eq!(t.visible_len(), 3);
    }
}
