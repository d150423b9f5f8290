//! Made-up query results for benches and tests: service log lines as an incident makes them.

use jiff::{SignedDuration, Timestamp};

use super::model::{QueryResult, ResultRow, Statistics};

const PATHS: &[&str] = &[
    "/api/cart",
    "/api/checkout",
    "/api/payment",
    "/api/orders/{id}",
    "/api/inventory",
    "/health",
];

/// `count` rows of `fields @timestamp, level, path, latency_ms, @message, @ptr`, newest first.
pub fn rows(count: usize, now: Timestamp) -> QueryResult {
    let rows = (0..count)
        .map(|i| {
            let at = now - SignedDuration::from_millis(i as i64 * 350);
            let time = at
                .to_zoned(jiff::tz::TimeZone::UTC)
                .strftime("%Y-%m-%d %H:%M:%S%.3f")
                .to_string();
            let failed = i % 7 == 0;
            let level = if failed { "ERROR" } else { "INFO" };
            let path = PATHS[i % PATHS.len()];
            let latency = (i * 7919) % 3000 + 3;
            let message = if failed {
                format!(
                    r#"{{"level":"ERROR","msg":"timeout connecting to database","path":"{path}","latency_ms":{latency},"db":"orders-prod.cluster-c9x.us-east-1.rds.amazonaws.com:5432","request_id":"{i:08x}"}}"#
                )
            } else {
                format!(
                    r#"{{"level":"INFO","msg":"request served","path":"{path}","status":200,"latency_ms":{latency},"request_id":"{i:08x}"}}"#
                )
            };
            ResultRow {
                cells: vec![
                    ("@timestamp".into(), time),
                    ("level".into(), level.into()),
                    ("path".into(), path.into()),
                    ("latency_ms".into(), latency.to_string()),
                    ("@message".into(), message),
                    ("@ptr".into(), format!("CmAKJgoiMTIzNDU2Nzg5MDEyOi9hd3MvZWNzL2NoZWNrb3V0LWFwaRAB{i}")),
                ],
            }
        })
        .collect();
    let statistics = Statistics {
        records_matched: count as f64,
        records_scanned: count as f64 * 12.0,
        bytes_scanned: count as f64 * 2400.0,
    };
    QueryResult::new(rows, statistics)
}
