//! Synthetic changes, for tests and benchmarks.

use std::sync::Arc;

use jiff::{SignedDuration, Timestamp};

use super::model::{Change, Resource};

pub fn change(
    name: &str,
    principal: &str,
    source: &str,
    resource: &str,
    time: Timestamp,
) -> Change {
    Change {
        id: format!("{name}-{principal}-{}", time.as_second()),
        time,
        name: name.to_string(),
        source: source.to_string(),
        principal: principal.to_string(),
        identity_type: Some("IAMUser".to_string()),
        principal_arn: Some(format!("arn:aws:iam::123456789012:user/{principal}")),
        access_key: Some(format!("AKIA{}", principal.to_uppercase())),
        source_ip: Some("198.51.100.23".to_string()),
        resources: vec![Resource {
            kind: "AWS::EC2::SecurityGroup".to_string(),
            name: resource.to_string(),
        }],
        error_code: None,
        read_only: false,
        risk: None,
        global: false,
        place: None,
        record: Arc::from("{}"),
    }
}

/// `count` changes over the 3 hours before `now`, newest first.
pub fn generate(count: usize, now: Timestamp) -> Vec<Change> {
    let names = [
        "RunInstances",
        "CreateTags",
        "PutParameter",
        "UpdateFunctionCode20150331v2",
        "AuthorizeSecurityGroupIngress",
    ];
    let users = ["alice", "bob", "carol", "deploy-pipeline", "dave"];
    (0..count)
        .map(|i| {
            let time =
                now - SignedDuration::from_millis((i as i64 * 10_800_000) / count.max(1) as i64);
            let sample = change(
                names[i % 5],
                users[i % 5],
                "ec2.amazonaws.com",
                &format!("sg-{i:08x}"),
                time,
            );
            Change {
                id: format!("event-{i:06}"),
                ..sample
            }
        })
        .collect()
}
