//! The key table: the same rows, in the same words, as the README's (a test holds them
//! together). Each row names its commands; the keys come from the live keymap.

use crate::app::panes::PaneId;
use crate::command::Command;
use crate::keymap::Keymap;

use Command::*;

/// The README's key rows: the commands a row's keys run (its keys are shown `a / b` in
/// this order), and what they do.
const ROWS: &[(&[Command], &str)] = &[
    (&[Down, Up], "move down / up (in details: scroll)"),
    (&[Top, Bottom], "first / last row"),
    (&[PageDown, PageUp], "one page down / up"),
    (
        &[Open],
        "open the selected alarm, change, event, result row or runbook",
    ),
    (
        &[Back],
        "close details; else dismiss a notice; else clear the filter",
    ),
    (
        &[Filter],
        "filter as you type (every word must match name, metric, state or reason); `enter` keeps it, `esc` clears it",
    ),
    (
        &[ToggleFiring],
        "show only alarms in ALARM (again to show all)",
    ),
    (
        &[ChangesBefore],
        "Alarms: the changes of the hour before the selected alarm changed state",
    ),
    (
        &[ChartWider, ChartNarrower],
        "Alarms, an alarm open: its chart twice / half as far back (15 minutes to 24 hours)",
    ),
    (
        &[Logs],
        "Alarms: the Logs pane around the selected alarm's last state change; Logs: choose log groups",
    ),
    (&[EditQuery], "Logs: edit the query (`esc` stops editing)"),
    (&[RunQuery], "Logs: run the query (in the editor too)"),
    (
        &[Execute],
        "Runbooks: run the current step (through its confirmation); Logs: run the query",
    ),
    (
        &[Stop],
        "Logs: stop the running query; Runbooks: cancel the running command (confirmed)",
    ),
    (
        &[SkipStep],
        "Runbooks: skip the current step (written to the audit log)",
    ),
    (
        &[Acknowledge],
        "Runbooks: acknowledge a manual step as done (written to the audit log)",
    ),
    (
        &[AbortRunbook],
        "Runbooks: abort the runbook: no further step runs",
    ),
    (
        &[InstanceOutput],
        "Runbooks: the next instance's whole output (GetCommandInvocation)",
    ),
    (
        &[TimeRange],
        "Logs: the next time range (5m 15m 1h 3h 12h 1d)",
    ),
    (
        &[SavedQueries, SaveQuery],
        "Logs: pick a saved query / save the query to the account",
    ),
    (
        &[ToggleChart],
        "Logs: the results as a chart over time, or a table",
    ),
    (
        &[SortNext, SortPrev, SortReverse],
        "Logs: sort by the next / previous column, reverse the sort",
    ),
    (
        &[LiveTail],
        "Logs: Live Tail the chosen log groups (StartLiveTail, billed per minute of session), or end it",
    ),
    (
        &[Pause],
        "Logs, in Live Tail: pause / resume the view (the stream runs on and counts what arrives)",
    ),
    (
        &[SamePrincipal, SameResource],
        "Changes: only the selected change's principal / resource",
    ),
    (
        &[Copy, CopyArn],
        "Changes: copy the CloudTrail record / the resource ARN (OSC 52)",
    ),
    (
        &[Refresh],
        "refresh every pane now, and the opened alarm or event",
    ),
    (
        &[CommandMode],
        "command line (see below); `tab` / `shift-tab` complete",
    ),
    (&[NextPane, PrevPane], "next / previous pane"),
    (
        &[ToggleGrid],
        "all panes in a grid, or the focused one alone (the default)",
    ),
    (&[Note], "add a note to the open incident"),
    (
        &[Pin],
        "pin the selected item of any pane into the open incident, at the item's own time",
    ),
    (
        &[ReplayBack, ReplayForward],
        "in a replay: one minute back / forward",
    ),
    (&[Help], "help, built from the live keymap"),
    (&[Quit], "quit"),
];

/// A key as the README writes it: `ctrl-d`, `pgdn`, `↓`, `shift-tab`.
fn shown(key: &str) -> String {
    let bare = key
        .strip_prefix('<')
        .and_then(|k| k.strip_suffix('>'))
        .unwrap_or(key);
    match bare {
        "down" => "↓".into(),
        "up" => "↑".into(),
        "left" => "←".into(),
        "right" => "→".into(),
        "backtab" => "shift-tab".into(),
        other => other.into(),
    }
}

/// The keys bound to a command, plain keys before ones with ctrl or alt; none when unbound.
fn keys(keymap: &Keymap, command: Command) -> Vec<String> {
    let all = keymap.keys_for(command);
    let (plain, modified): (Vec<_>, Vec<_>) = all
        .iter()
        .partition(|k| !k.starts_with("<ctrl-") && !k.starts_with("<alt-"));
    plain
        .into_iter()
        .chain(modified)
        .map(|k| shown(k))
        .collect()
}

/// Every key row help shows, `(keys, what they do)`, from the live keymap: a row whose
/// commands are all bound as one line; otherwise each bound command of it alone, in its
/// own words; an unbound command nowhere. Then a line per pane there is.
pub fn rows(keymap: &Keymap) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut push = |commands: &[Command], does: String| {
        let keys: Vec<Vec<String>> = commands.iter().map(|c| keys(keymap, *c)).collect();
        if keys.iter().all(|k| !k.is_empty()) {
            let keys: Vec<String> = keys.iter().map(|k| k.join(" ")).collect();
            out.push((keys.join(" / "), does));
        } else {
            for (command, keys) in commands.iter().zip(keys) {
                if !keys.is_empty() {
                    out.push((keys.join(" "), command.description()));
                }
            }
        }
    };
    for (commands, does) in ROWS {
        push(commands, (*does).to_string());
        if *commands == [NextPane, PrevPane] {
            for pane in PaneId::ALL {
                let Ok(n) = u8::try_from(pane.number()) else {
                    continue;
                };
                push(
                    &[Command::FocusPane(n)],
                    format!("focus the {} pane", pane.title()),
                );
            }
        }
    }
    out
}
