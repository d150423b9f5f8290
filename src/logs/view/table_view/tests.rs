use super::*;

fn fields(names: &[&str]) -> Vec<String> {
    names.iter().map(|n| n.to_string()).collect()
}

fn shown(columns: &[(usize, Constraint)], names: &[&str]) -> Vec<(String, Constraint)> {
    columns
        .iter()
        .map(|(i, c)| (names[*i].to_string(), *c))
        .collect()
}

const LOCALSTACK: [&str; 4] = ["@timestamp", "@message", "@logStream", "@log"];
/// `2026-11-23 03:00:00.000`, a long message, a long stream, `123456789012:/aws/ecs/...`.
const NATURAL: [usize; 4] = [23, 160, 64, 36];

#[test]
fn the_message_takes_the_widest_share_and_provenance_gives_way() {
    let columns = layout(&fields(&LOCALSTACK), &NATURAL, 140);
    assert_eq!(
        shown(&columns, &LOCALSTACK),
        [
            ("@timestamp".to_string(), Constraint::Length(23)),
            ("@message".to_string(), Constraint::Fill(1)),
            ("@logStream".to_string(), Constraint::Length(40)),
        ]
    );
    let others: usize = columns
        .iter()
        .filter_map(|(_, c)| match c {
            Constraint::Length(w) => Some(*w as usize + 1),
            _ => None,
        })
        .sum();
    assert!(
        140 - others >= 70,
        "@message keeps at least half: {columns:?}"
    );
}

#[test]
fn a_narrow_pane_keeps_the_timestamp_and_the_message() {
    for width in [40, 60, 70] {
        let columns = layout(&fields(&LOCALSTACK), &NATURAL, width);
        let names: Vec<String> = shown(&columns, &LOCALSTACK)
            .into_iter()
            .map(|(n, _)| n)
            .collect();
        assert_eq!(names, ["@timestamp", "@message"], "at {width} columns");
    }
}

#[test]
fn a_wide_pane_shows_every_column_at_its_natural_width() {
    let columns = layout(&fields(&LOCALSTACK), &[23, 60, 30, 36], 200);
    assert_eq!(
        columns,
        [
            (0, Constraint::Length(23)),
            (1, Constraint::Fill(1)),
            (2, Constraint::Length(30)),
            (3, Constraint::Length(36)),
        ]
    );
}

#[test]
fn a_result_without_a_message_fills_its_last_column_as_before() {
    let names = ["bin(5m)", "count(*)"];
    assert_eq!(
        layout(&fields(&names), &[23, 8], 80),
        [(0, Constraint::Length(23)), (1, Constraint::Fill(1))]
    );
}

#[test]
fn rows_without_fields_are_said_in_words() {
    assert_eq!(
        fieldless_note(0, 51).as_deref(),
        Some("the service returned 51 rows with no fields")
    );
    assert_eq!(
        fieldless_note(0, 1).as_deref(),
        Some("the service returned 1 row with no fields")
    );
    assert_eq!(fieldless_note(2, 51), None);
    assert_eq!(fieldless_note(0, 0), None);
    assert_eq!(capitalised("the service"), "The service");
}
