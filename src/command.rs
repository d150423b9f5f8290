//! What a key can be bound to: the user's vocabulary, by name.

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Command {
    Quit,
    Help,
    CommandMode,
    Filter,
    NextPane,
    PrevPane,
    FocusPane(u8),
    Down,
    Up,
    Top,
    Bottom,
    PageDown,
    PageUp,
    Open,
    Back,
    Refresh,
    ToggleFiring,
    ToggleGrid,
    ChangesBefore,
    ChartWider,
    ChartNarrower,
    SamePrincipal,
    SameResource,
    Copy,
    CopyArn,
    Logs,
    EditQuery,
    RunQuery,
    Execute,
    Stop,
    SkipStep,
    Acknowledge,
    AbortRunbook,
    InstanceOutput,
    ReplayBack,
    ReplayForward,
    Note,
    Pin,
    TimeRange,
    SavedQueries,
    SaveQuery,
    ToggleChart,
    SortNext,
    SortPrev,
    SortReverse,
    LiveTail,
    Pause,
}

const NAMED: &[(Command, &str, &str)] = &[
    (Command::Quit, "quit", "quit warroom"),
    (Command::Help, "help", "show this help"),
    (Command::CommandMode, "command_mode", "enter a : command"),
    (Command::Filter, "filter", "filter the focused pane"),
    (Command::NextPane, "next_pane", "focus the next pane"),
    (Command::PrevPane, "prev_pane", "focus the previous pane"),
    (Command::Down, "down", "move down"),
    (Command::Up, "up", "move up"),
    (Command::Top, "top", "go to the first row"),
    (Command::Bottom, "bottom", "go to the last row"),
    (Command::PageDown, "page_down", "one page down"),
    (Command::PageUp, "page_up", "one page up"),
    (
        Command::Open,
        "open",
        "open the details of the selected row",
    ),
    (Command::Back, "back", "close details, clear the filter"),
    (Command::Refresh, "refresh", "refresh the focused pane now"),
    (
        Command::ToggleFiring,
        "toggle_firing",
        "show only alarms in ALARM",
    ),
    (
        Command::ToggleGrid,
        "toggle_grid",
        "all panes in a grid, or the focused one alone",
    ),
    (
        Command::ChangesBefore,
        "changes_before",
        "Alarms: the changes of the hour before the alarm fired",
    ),
    (
        Command::ChartWider,
        "chart_wider",
        "Alarms: the open chart twice as far back",
    ),
    (
        Command::ChartNarrower,
        "chart_narrower",
        "Alarms: the open chart half as far back",
    ),
    (
        Command::SamePrincipal,
        "same_principal",
        "Changes: only the selected change's principal",
    ),
    (
        Command::SameResource,
        "same_resource",
        "Changes: only the selected change's resource",
    ),
    (
        Command::Copy,
        "copy",
        "Changes: copy the CloudTrail record (OSC 52)",
    ),
    (
        Command::CopyArn,
        "copy_arn",
        "Changes: copy the resource ARN",
    ),
    (
        Command::Logs,
        "logs",
        "Alarms: logs near its last change; Logs: log groups",
    ),
    (Command::EditQuery, "edit_query", "Logs: edit the query"),
    (
        Command::RunQuery,
        "run_query",
        "Logs: run the query (also while editing)",
    ),
    (
        Command::Execute,
        "execute",
        "Runbooks: run the current step; Logs: run the query",
    ),
    (
        Command::Stop,
        "stop",
        "Logs: stop the query; Runbooks: cancel the command",
    ),
    (
        Command::SkipStep,
        "skip_step",
        "Runbooks: skip the current step",
    ),
    (
        Command::Acknowledge,
        "acknowledge",
        "Runbooks: acknowledge a manual step as done",
    ),
    (
        Command::AbortRunbook,
        "abort_runbook",
        "Runbooks: abort the runbook (no further step runs)",
    ),
    (
        Command::Note,
        "note",
        "Timeline: add a note to the incident",
    ),
    (
        Command::Pin,
        "pin",
        "pin the selected item into the incident at its own time",
    ),
    (
        Command::ReplayBack,
        "replay_back",
        "Replay: one minute back",
    ),
    (
        Command::ReplayForward,
        "replay_forward",
        "Replay: one minute forward",
    ),
    (
        Command::InstanceOutput,
        "instance_output",
        "Runbooks: the next instance's whole output",
    ),
    (
        Command::TimeRange,
        "time_range",
        "Logs: next time range (5m 15m 1h 3h 12h 1d)",
    ),
    (
        Command::SavedQueries,
        "saved_queries",
        "Logs: pick a saved query",
    ),
    (
        Command::SaveQuery,
        "save_query",
        "Logs: save the query to the account",
    ),
    (
        Command::ToggleChart,
        "toggle_chart",
        "Logs: results as a chart over time, or a table",
    ),
    (
        Command::SortNext,
        "sort_next",
        "Logs: sort by the next column",
    ),
    (
        Command::SortPrev,
        "sort_prev",
        "Logs: sort by the previous column",
    ),
    (
        Command::SortReverse,
        "sort_reverse",
        "Logs: reverse the sort",
    ),
    (
        Command::LiveTail,
        "live_tail",
        "Logs: Live Tail the chosen log groups, or end it (billed per minute)",
    ),
    (
        Command::Pause,
        "pause",
        "Logs: pause or resume the Live Tail view (the stream runs on)",
    ),
];

impl Command {
    pub fn from_name(name: &str) -> Option<Command> {
        if let Some(n) = name.strip_prefix("pane_") {
            return n
                .parse::<u8>()
                .ok()
                .filter(|n| (1..=9).contains(n))
                .map(Command::FocusPane);
        }
        NAMED
            .iter()
            .find(|(_, n, _)| *n == name)
            .map(|(c, _, _)| *c)
    }

    pub fn name(self) -> String {
        match self {
            Command::FocusPane(n) => format!("pane_{n}"),
            other => NAMED
                .iter()
                .find(|(c, _, _)| *c == other)
                .map(|(_, n, _)| (*n).to_string())
                .unwrap_or_default(),
        }
    }

    pub fn description(self) -> String {
        match self {
            Command::FocusPane(n) => format!("focus pane {n}"),
            other => NAMED
                .iter()
                .find(|(c, _, _)| *c == other)
                .map(|(_, _, d)| (*d).to_string())
                .unwrap_or_default(),
        }
    }

    /// Every bindable command, in the order help lists them.
    pub fn all() -> impl Iterator<Item = Command> {
        NAMED
            .iter()
            .map(|(c, _, _)| *c)
            .chain((1..=9).map(Command::FocusPane))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for command in Command::all() {
            assert_eq!(
                Command::from_name(&command.name()),
                Some(command),
                "{command:?}"
            );
        }
        assert_eq!(Command::from_name("pane_0"), None);
        assert_eq!(Command::from_name("explode"), None);
    }
}
