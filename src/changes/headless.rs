//! `warroom changes`: the pane's rows printed once.

use std::io::Write;

use super::model::Change;
use super::query::ChangeQuery;
use super::source::ChangeSource;
use crate::aws::AwsError;
use crate::time::utc;
use crate::ui::columns;

/// Every page of the query, filtered as the pane filters; newest first (a view outside
/// us-east-1 gets the global services' events after the region's own, so they are sorted in).
pub async fn collect(
    source: &dyn ChangeSource,
    query: &ChangeQuery,
) -> Result<Vec<Change>, AwsError> {
    let mut changes = Vec::new();
    let mut token = None;
    loop {
        let page = source.page(query.clone(), token).await?;
        changes.extend(page.changes.into_iter().filter(|c| query.matches(c)));
        match page.next {
            Some(next) => token = Some(next),
            None => {
                changes.sort_by_key(|c| std::cmp::Reverse(c.time));
                return Ok(changes);
            }
        }
    }
}

pub fn write_table(out: &mut impl Write, changes: &[Change]) -> std::io::Result<()> {
    let rows: Vec<Vec<String>> = changes
        .iter()
        .map(|c| {
            vec![
                utc(c.time).trim_end_matches(" UTC").to_string(),
                c.name.clone(),
                c.principal.clone(),
                c.service_label(),
                c.resources_line(),
                c.source_ip.clone().unwrap_or_default(),
                c.error_code.clone().unwrap_or_default(),
                c.risk
                    .as_ref()
                    .map(|r| format!("⚠ {r}"))
                    .unwrap_or_default(),
            ]
        })
        .collect();
    let header = [
        "TIME (UTC)",
        "EVENT",
        "PRINCIPAL",
        "SOURCE",
        "RESOURCES",
        "SOURCE IP",
        "ERROR",
        "RISK",
    ];
    columns::write(out, &header, &rows, "(no changes in the window)")
}

/// The changes with their whole CloudTrail records.
pub fn write_json(out: &mut impl Write, changes: &[Change]) -> std::io::Result<()> {
    let rows: Vec<serde_json::Value> = changes
        .iter()
        .map(|c| {
            let mut row = serde_json::to_value(c).unwrap_or_default();
            let record = serde_json::from_str(&c.record).unwrap_or(serde_json::Value::Null);
            if let Some(map) = row.as_object_mut() {
                map.insert("record".to_string(), record);
            }
            row
        })
        .collect();
    columns::write_json(out, &rows)
}
