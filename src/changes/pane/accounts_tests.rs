use jiff::{SignedDuration, Timestamp};

use super::*;
use crate::accounts::target::AccountRef;
use crate::changes::sample::change;
use crate::kit::cursor::ListPane;

fn now() -> Timestamp {
    "2026-11-23T03:30:00Z".parse().unwrap()
}

const ACCOUNTS: [&str; 3] = ["production", "staging", "sandbox"];
const REGIONS: [&str; 2] = ["us-east-1", "eu-west-1"];

fn place(account: usize, region: usize) -> Place {
    Place {
        account: AccountRef {
            id: Some(format!("{account}00000000000")),
            name: ACCOUNTS[account].into(),
        },
        region: REGIONS[region].into(),
        order: account * REGIONS.len() + region,
    }
}

fn plan() -> Plan {
    Plan {
        set: "demo".into(),
        accounts: (0..ACCOUNTS.len()).map(|a| place(a, 0).account).collect(),
        regions: REGIONS.len(),
    }
}

/// Changes as a sweep places them, `minutes` ago each: each (account, region)'s own events,
/// their ids apart as CloudTrail's are.
fn placed(at: &Place, changes: &[(&str, i64)]) -> Result<Vec<Change>, String> {
    Ok(changes
        .iter()
        .map(|(name, minutes)| Change {
            id: format!("{}-{name}-{minutes}", at.region),
            place: Some(at.clone()),
            ..change(
                name,
                "alice",
                "ec2.amazonaws.com",
                "sg-1",
                now() - SignedDuration::from_mins(*minutes),
            )
        })
        .collect())
}

fn rows(pane: &ChangesPane) -> Vec<String> {
    pane.visible_rows(0, usize::MAX)
        .map(|c| {
            let p = c.place.as_ref().expect("a placed change");
            format!("{} {} {}", p.account.name, p.region, c.name)
        })
        .collect()
}

fn pane() -> ChangesPane {
    ChangesPane::new(SignedDuration::from_hours(3), now())
}

/// A pane that planned the set and heard every (account, region): sandbox refused.
fn swept(req: u64) -> ChangesPane {
    let mut p = pane();
    p.load(req, now());
    p.planned(req, Ok(plan()), now());
    p.target_answered(req, place(1, 1), placed(&place(1, 1), &[("B", 5)]), now());
    p.target_answered(
        req,
        place(0, 0),
        placed(&place(0, 0), &[("A", 5), ("C", 50)]),
        now(),
    );
    p.target_answered(req, place(2, 0), Err("AccessDenied".into()), now());
    p.target_answered(req, place(2, 1), Err("AccessDenied".into()), now());
    p.target_answered(req, place(0, 1), placed(&place(0, 1), &[("D", 1)]), now());
    p
}

#[test]
fn answers_show_as_they_arrive_newest_first_across_all_ties_in_the_sets_order() {
    let mut p = pane();
    p.load(1, now());
    p.planned(1, Ok(plan()), now());
    p.target_answered(1, place(1, 1), placed(&place(1, 1), &[("B", 5)]), now());
    assert_eq!(
        rows(&p),
        ["staging eu-west-1 B"],
        "shown before the others answer"
    );
    assert_eq!(
        p.tally(),
        Some(Tally {
            answered: 0,
            failed: 0,
            loading: 3
        })
    );
    let p = swept(1);
    assert_eq!(
        rows(&p),
        [
            "production eu-west-1 D",
            "production us-east-1 A",
            "staging eu-west-1 B",
            "production us-east-1 C",
        ],
        "newest first; A and B at the same time in the set's order"
    );
    assert_eq!(
        p.tally(),
        Some(Tally {
            answered: 1,
            failed: 1,
            loading: 1
        }),
        "staging's us-east-1 has not answered"
    );
    let failed = crate::accounts::sweep::failed_lines(p.over());
    assert_eq!(failed.len(), 1);
    assert_eq!(
        failed[0][0].0,
        "✗ sandbox (200000000000) · us-east-1, eu-west-1 not answered: "
    );
    assert!(p.status.in_flight());
}

#[test]
fn a_refresh_keeps_the_list_until_every_target_answered_then_swaps_it() {
    let mut p = swept(1);
    p.target_answered(1, place(1, 0), placed(&place(1, 0), &[]), now());
    assert!(!p.status.in_flight() && p.progress.done);
    let later = now() + SignedDuration::from_mins(2);
    p.refresh(2, later);
    p.planned(2, Ok(plan()), later);
    for (account, region) in [(0, 0), (0, 1), (1, 0), (2, 0), (2, 1)] {
        let answer = if account == 2 {
            Err("AccessDenied".into())
        } else {
            placed(&place(account, region), &[("New", 0)])
        };
        p.target_answered(2, place(account, region), answer, later);
        assert_eq!(rows(&p).len(), 4, "the last whole list stays on screen");
    }
    p.target_answered(2, place(1, 1), placed(&place(1, 1), &[("New", 0)]), later);
    assert_eq!(
        rows(&p),
        [
            "production us-east-1 New",
            "production eu-west-1 New",
            "staging us-east-1 New",
            "staging eu-west-1 New",
        ]
    );
    assert!(!p.status.in_flight());
}

#[test]
fn account_and_region_words_narrow_the_rows_in_the_filter_and_the_query() {
    let mut p = swept(1);
    p.set_filter("account=production region=us-east-1");
    assert_eq!(
        rows(&p),
        ["production us-east-1 A", "production us-east-1 C"]
    );
    p.set_filter("");
    let mut query = p.query.clone();
    query.apply(&["account=staging"], now()).unwrap();
    assert!(query.unplaced().filters.places.is_none());
    p.set_query(query, p.relative, 2, now());
    p.planned(2, Ok(plan()), now());
    p.target_answered(2, place(0, 0), placed(&place(0, 0), &[("A", 5)]), now());
    p.target_answered(2, place(1, 1), placed(&place(1, 1), &[("B", 5)]), now());
    assert_eq!(rows(&p), ["staging eu-west-1 B"]);
}

#[test]
fn a_global_event_asked_from_two_regions_is_one_row_the_copy_us_east_1_recorded() {
    let global = |at: &Place, marked: bool| {
        let mut c = change(
            "PutRolePolicy",
            "alice",
            "iam.amazonaws.com",
            "checkout-api",
            now() - SignedDuration::from_mins(7),
        );
        c.id = "iam-event-1".into();
        c.global = marked;
        c.place = Some(at.clone());
        c
    };
    let mut p = pane();
    p.load(1, now());
    p.planned(1, Ok(plan()), now());
    // eu-west-1 answers first with its copy marked global, then us-east-1 with its own.
    p.target_answered(1, place(0, 1), Ok(vec![global(&place(0, 1), true)]), now());
    p.target_answered(1, place(0, 0), Ok(vec![global(&place(0, 0), false)]), now());
    // Another account's event of the same id is its own.
    p.target_answered(1, place(1, 1), Ok(vec![global(&place(1, 1), true)]), now());
    assert_eq!(
        rows(&p),
        [
            "production us-east-1 PutRolePolicy",
            "staging eu-west-1 PutRolePolicy"
        ]
    );
    assert!(!p.visible_rows(0, 1).any(|c| c.global));
}
