use jiff::{SignedDuration, Timestamp};

use super::*;
use crate::changes::ChangesWork;
use crate::changes::sample::change;

fn now() -> Timestamp {
    "2026-11-23T03:30:00Z".parse().unwrap()
}

fn ago(minutes: i64) -> Timestamp {
    now() - SignedDuration::from_mins(minutes)
}

fn pane() -> ChangesPane {
    ChangesPane::new(SignedDuration::from_hours(3), now())
}

fn names(pane: &ChangesPane) -> Vec<String> {
    pane.visible_rows(0, usize::MAX)
        .map(|c| c.name.clone())
        .collect()
}

#[test]
fn pages_stream_in_and_the_progress_says_how_far() {
    let mut p = pane();
    let ChangesWork::Load { req, .. } = p.load(1, now()) else {
        panic!("no load")
    };
    p.page(
        req,
        Ok(vec![change(
            "CreateTags",
            "bob",
            "ec2.amazonaws.com",
            "i-1",
            ago(5),
        )]),
        true,
        now(),
    );
    assert_eq!(
        names(&p),
        ["CreateTags"],
        "the first page shows before the rest"
    );
    assert!(p.status.in_flight());
    assert_eq!(p.progress.reached, Some(ago(5)));
    p.page(
        req,
        Ok(vec![change(
            "PutParameter",
            "bob",
            "ssm.amazonaws.com",
            "p",
            ago(50),
        )]),
        false,
        now(),
    );
    assert_eq!(names(&p), ["CreateTags", "PutParameter"]);
    assert_eq!(
        (p.progress.pages, p.progress.events, p.progress.done),
        (2, 2, true)
    );
    assert!(!p.status.in_flight());
}

#[test]
fn a_page_of_a_superseded_query_is_dropped() {
    let mut p = pane();
    p.load(1, now());
    p.load(2, now());
    p.page(
        1,
        Ok(vec![change("Old", "x", "ec2.amazonaws.com", "r", ago(1))]),
        false,
        now(),
    );
    assert!(p.all().is_empty());
}

#[test]
fn what_aws_could_not_filter_is_filtered_here() {
    let mut p = pane();
    let mut query = p.query.clone();
    query
        .apply(&["user=alice", "event=Authorize*"], now())
        .unwrap();
    let ChangesWork::Load { req, query: sent } = p.set_query(query, None, 1, now()) else {
        panic!("no load")
    };
    assert_eq!(
        sent.server_attribute().map(|a| a.1),
        Some("alice".to_string())
    );
    let page = vec![
        change(
            "AuthorizeSecurityGroupIngress",
            "alice",
            "ec2.amazonaws.com",
            "sg-1",
            ago(3),
        ),
        change(
            "RevokeSecurityGroupIngress",
            "alice",
            "ec2.amazonaws.com",
            "sg-1",
            ago(4),
        ),
    ];
    p.page(req, Ok(page), false, now());
    assert_eq!(names(&p), ["AuthorizeSecurityGroupIngress"]);
}

#[test]
fn a_refresh_asks_only_for_what_is_newer_and_puts_it_first() {
    let mut p = pane();
    p.load(1, now());
    p.page(
        1,
        Ok(vec![change(
            "CreateTags",
            "bob",
            "ec2.amazonaws.com",
            "i-1",
            ago(5),
        )]),
        false,
        now(),
    );
    let later = now() + SignedDuration::from_mins(2);
    let ChangesWork::Load { req, query } = p.refresh(2, later) else {
        panic!("no load")
    };
    assert_eq!((query.start, query.end), (ago(5), later));
    p.page(
        req,
        Ok(vec![
            change("RunInstances", "carol", "ec2.amazonaws.com", "i-2", ago(1)),
            change("CreateTags", "bob", "ec2.amazonaws.com", "i-1", ago(5)),
        ]),
        false,
        later,
    );
    assert_eq!(
        names(&p),
        ["RunInstances", "CreateTags"],
        "newest first, no duplicate"
    );
}

#[test]
fn a_refresh_adds_no_page_and_counts_only_the_events_it_found_new() {
    let mut p = pane();
    p.load(1, now());
    let tags = change("CreateTags", "bob", "ec2.amazonaws.com", "i-1", ago(5));
    p.page(1, Ok(vec![tags.clone()]), false, now());
    assert_eq!((p.progress.pages, p.progress.events), (1, 1));
    let later = now() + SignedDuration::from_mins(2);
    let ChangesWork::Load { req, .. } = p.refresh(2, later) else {
        panic!("no load")
    };
    p.page(req, Ok(vec![tags.clone()]), false, later);
    assert_eq!(
        (p.progress.pages, p.progress.events),
        (1, 1),
        "r found nothing new"
    );
    let even_later = later + SignedDuration::from_mins(2);
    let ChangesWork::Load { req, .. } = p.refresh(3, even_later) else {
        panic!("no load")
    };
    let run = change("RunInstances", "carol", "ec2.amazonaws.com", "i-2", ago(1));
    p.page(req, Ok(vec![run, tags]), false, even_later);
    assert_eq!(
        (p.progress.pages, p.progress.events),
        (1, 2),
        "one new event"
    );
}
