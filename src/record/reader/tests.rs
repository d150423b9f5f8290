use super::*;
use crate::alarms::AlarmState;
use crate::alarms::sample::metric_alarm;

fn at(hm: &str) -> Timestamp {
    format!("2026-11-23T{hm}:00Z").parse().unwrap()
}

fn alarm(state: AlarmState, since: &str) -> Alarm {
    metric_alarm(
        "checkout-api-5xx",
        state,
        at(since),
        ("AWS/ApplicationELB", "HTTPCode_Target_5XX_Count"),
        10.0,
    )
}

fn file(lines: &[Entry], tail: &str) -> std::path::PathBuf {
    let path = std::env::temp_dir().join(format!(
        "warroom-replay-{}-{}.jsonl",
        std::process::id(),
        tail.len()
    ));
    let mut text: String = lines
        .iter()
        .map(|e| serde_json::to_string(e).unwrap() + "\n")
        .collect();
    text.push_str(tail);
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn the_alarms_are_as_they_were_at_each_instant_and_damage_stops_the_replay_there() {
    let entries = [
        Entry::Header {
            version: VERSION,
            started: at("02:55"),
            account: Some("123456789012".into()),
            region: "us-east-1".into(),
        },
        Entry::Alarms {
            t: at("03:00"),
            upsert: vec![alarm(AlarmState::Ok, "01:00")],
            remove: vec![],
        },
        Entry::Alarms {
            t: at("03:03"),
            upsert: vec![alarm(AlarmState::Alarm, "03:02")],
            remove: vec![],
        },
    ];
    let path = file(&entries, "{\"kind\":\"alarms\",\"t\":\"2026-11-23T03:0");
    let recording = Recording::read(&path).unwrap();
    assert_eq!(recording.alarms_at(at("02:59")), None, "nothing known yet");
    let state = |t| recording.alarms_at(at(t)).unwrap()[0].state;
    assert_eq!(state("03:01"), AlarmState::Ok);
    assert_eq!(state("03:05"), AlarmState::Alarm);
    assert_eq!(recording.instant(Some("03:01")), Ok(at("03:01")));
    assert_eq!(recording.instant(None), Ok(at("03:03")));
    assert!(
        recording
            .instant(Some("04:00"))
            .unwrap_err()
            .contains("outside the recording")
    );
    let damage = recording.damage.clone().unwrap();
    assert!(
        damage.ends_with(":4: the file is cut short; replaying up to 2026-11-23 03:03:00 UTC"),
        "{damage}"
    );
    let _ = std::fs::remove_file(&path);
    let path = file(&[], "not json\n");
    assert!(
        Recording::read(&path)
            .unwrap_err()
            .contains(":1: not a warroom recording")
    );
    let _ = std::fs::remove_file(&path);
}

fn header() -> String {
    let entry = Entry::Header {
        version: VERSION,
        started: at("02:55"),
        account: Some("123456789012".into()),
        region: "us-east-1".into(),
    };
    serde_json::to_string(&entry).unwrap() + "\n"
}

fn alarms_line(t: &str) -> String {
    let entry = Entry::Alarms {
        t: at(t),
        upsert: vec![alarm(AlarmState::Ok, "01:00")],
        remove: vec![],
    };
    serde_json::to_string(&entry).unwrap() + "\n"
}

#[test]
fn a_line_that_goes_back_in_time_stops_the_replay_there_and_says_so() {
    let text = header() + &alarms_line("03:00") + &alarms_line("03:05") + &alarms_line("03:01");
    let recording = Recording::parse(Path::new("rec.jsonl"), text.as_bytes()).unwrap();
    assert_eq!(recording.entries.len(), 2);
    assert_eq!(recording.span(), Some((at("03:00"), at("03:05"))));
    assert_eq!(
        recording.damage.as_deref(),
        Some(
            "rec.jsonl:4: a line that goes back in time (2026-11-23 03:01:00 UTC after 2026-11-23 03:05:00 UTC); replaying up to 2026-11-23 03:05:00 UTC"
        )
    );
    assert_eq!(recording.account.as_deref(), Some("123456789012"));
}

#[test]
fn times_a_replay_cannot_show_and_huge_lines_are_refused_with_their_line() {
    let far = alarms_line("03:00").replace("2026-11-23T03:00:00Z", "2300-01-01T00:00:00Z");
    let text = header() + &alarms_line("03:00") + &far;
    let recording = Recording::parse(Path::new("rec.jsonl"), text.as_bytes()).unwrap();
    assert_eq!(
        recording.damage.as_deref(),
        Some(
            "rec.jsonl:3: a time a replay cannot show (2300-01-01T00:00:00Z); replaying up to 2026-11-23 03:00:00 UTC"
        )
    );
    let long = alarms_line("03:05").replace("\"remove\":[]", "\"remove\":[\"gone\"]");
    let text = header() + &alarms_line("03:00") + &long;
    let recording =
        Recording::parse_with(Path::new("rec.jsonl"), text.as_bytes(), long.len() - 1).unwrap();
    assert_eq!(
        recording.damage.as_deref(),
        Some(&*format!(
            "rec.jsonl:3: a line of {} bytes, longer than a recording line may be ({}); replaying up to 2026-11-23 03:00:00 UTC",
            long.len(),
            long.len() - 1
        ))
    );
    let bad_start = header().replace("2026-11-23T02:55:00Z", "1600-01-01T00:00:00Z");
    assert_eq!(
        Recording::parse(Path::new("rec.jsonl"), bad_start.as_bytes()).unwrap_err(),
        "rec.jsonl:1: the recording starts at 1600-01-01T00:00:00Z, a time a replay cannot show"
    );
}
