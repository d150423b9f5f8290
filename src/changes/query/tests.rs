use jiff::{SignedDuration, Timestamp};

use super::*;
use crate::changes::sample::change;

fn now() -> Timestamp {
    "2026-11-23T03:30:00Z".parse().unwrap()
}

fn query(words: &[&str]) -> ChangeQuery {
    let mut q = ChangeQuery::last(SignedDuration::from_hours(3), now());
    q.apply(words, now()).unwrap();
    q
}

#[test]
fn the_most_selective_exact_filter_goes_to_aws() {
    assert_eq!(
        query(&[]).server_attribute(),
        Some((Attribute::ReadOnly, "false".into()))
    );
    assert_eq!(query(&["all"]).server_attribute(), None);
    assert_eq!(
        query(&["user=alice", "source=ec2"]).server_attribute(),
        Some((Attribute::Username, "alice".into()))
    );
    assert_eq!(
        query(&["source=ec2"]).server_attribute(),
        Some((Attribute::EventSource, "ec2.amazonaws.com".into()))
    );
    assert_eq!(
        query(&[
            "user=alice",
            "event=RevokeSecurityGroupIngress",
            "resource=sg-0abc"
        ])
        .server_attribute(),
        Some((Attribute::ResourceName, "sg-0abc".into()))
    );
    assert_eq!(
        query(&["user=alice", "event=Authorize*"]).server_attribute(),
        Some((Attribute::Username, "alice".into())),
        "a pattern cannot be sent; the next exact filter is"
    );
    assert_eq!(
        query(&["key=AKIAX", "resource=sg-1"])
            .server_attribute()
            .map(|a| a.0),
        Some(Attribute::AccessKeyId)
    );
}

#[test]
fn two_filters_keep_exactly_the_changes_matching_both() {
    let q = query(&["user=alice", "event=Authorize*"]);
    let at = now() - SignedDuration::from_mins(10);
    let both = change(
        "AuthorizeSecurityGroupIngress",
        "alice",
        "ec2.amazonaws.com",
        "sg-1",
        at,
    );
    let only_user = change(
        "RevokeSecurityGroupIngress",
        "alice",
        "ec2.amazonaws.com",
        "sg-1",
        at,
    );
    let only_event = change(
        "AuthorizeSecurityGroupEgress",
        "bob",
        "ec2.amazonaws.com",
        "sg-1",
        at,
    );
    assert!(q.matches(&both));
    assert!(!q.matches(&only_user));
    assert!(!q.matches(&only_event));
}

#[test]
fn presets_and_the_window_apply_locally() {
    let at = now() - SignedDuration::from_mins(10);
    let mut read = change("DescribeInstances", "alice", "ec2.amazonaws.com", "i-1", at);
    read.read_only = true;
    assert!(!query(&[]).matches(&read), "writes only by default");
    assert!(query(&["all"]).matches(&read));
    let mut failed = change("PutBucketPolicy", "dave", "s3.amazonaws.com", "bucket", at);
    failed.error_code = Some("AccessDenied".into());
    assert!(query(&["errors"]).matches(&failed));
    assert!(!query(&["errors"]).matches(&change(
        "PutBucketPolicy",
        "dave",
        "s3.amazonaws.com",
        "bucket",
        at
    )));
    assert!(query(&["network"]).matches(&change(
        "RevokeSecurityGroupIngress",
        "a",
        "ec2.amazonaws.com",
        "sg",
        at
    )));
    assert!(!query(&["network"]).matches(&change(
        "PutParameter",
        "a",
        "ssm.amazonaws.com",
        "p",
        at
    )));
    let old = change(
        "CreateTags",
        "a",
        "ec2.amazonaws.com",
        "i",
        now() - SignedDuration::from_hours(4),
    );
    assert!(!query(&[]).matches(&old), "outside the window");
    assert!(query(&["since", "6h"]).matches(&old));
}

#[test]
fn times_are_relative_clock_or_absolute() {
    assert_eq!(
        parse_moment("2h", now()),
        Ok(now() - SignedDuration::from_hours(2))
    );
    assert_eq!(
        parse_moment("02:58", now()),
        Ok("2026-11-23T02:58:00Z".parse().unwrap())
    );
    assert_eq!(
        parse_moment("04:00", now()),
        Ok("2026-11-22T04:00:00Z".parse().unwrap()),
        "the last 04:00"
    );
    assert_eq!(
        parse_moment("2026-11-20T10:00:00Z", now()),
        Ok("2026-11-20T10:00:00Z".parse().unwrap())
    );
    assert!(
        parse_moment("yesterday", now())
            .unwrap_err()
            .contains("not a time")
    );
}

#[test]
fn bad_words_are_explained() {
    let mut q = ChangeQuery::last(SignedDuration::from_hours(3), now());
    assert!(
        q.apply(&["colour=red"], now())
            .unwrap_err()
            .contains("not a change filter")
    );
    assert!(
        q.apply(&["alice"], now())
            .unwrap_err()
            .contains("not a filter")
    );
    assert!(
        q.apply(&["since"], now())
            .unwrap_err()
            .contains("needs a time")
    );
    assert!(
        q.apply(&["since", "1h", "until", "2h"], now())
            .unwrap_err()
            .contains("window is empty")
    );
}
