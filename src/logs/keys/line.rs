//! The `:logs` line: the range, the groups, the query, run, stop and save.

use super::super::pane::LogsPane;
use super::super::work::LogsWork;
use super::super::{Origin, SavedQuery};
use crate::command::Command;
use crate::pane::Cx;

impl LogsPane {
    /// `:logs since 2h`, `:logs 15m`, `:logs since 02:00 until 03:00`, `:logs group=/aws/x`,
    /// `:logs groups=/a,/b`, `:logs run`, `:logs stop`, `:logs save NAME`, and `query TEXT` last
    /// (the rest of the line is the query).
    pub(super) fn logs_line(&mut self, args: &[String], cx: &mut Cx<LogsWork>) {
        if args.first().map(String::as_str) == Some("save") {
            return self.save_query(args[1..].join(" "), cx);
        }
        let (mut since, mut until, mut run) = (None, None, false);
        let mut groups = self.groups.clone();
        let mut words = args.iter().map(String::as_str);
        while let Some(word) = words.next() {
            match word {
                "since" | "until" => {
                    let Some(value) = words.next() else {
                        cx.error(format!(
                            "`{word}` needs a time: 1h, 02:30 or 2026-11-23T02:30:00Z"
                        ));
                        return;
                    };
                    if word == "since" {
                        since = Some(value.to_string());
                    } else {
                        until = Some(value.to_string());
                    }
                }
                "run" => run = true,
                "query" => {
                    let text = words.by_ref().collect::<Vec<_>>().join(" ");
                    self.editor.set_text(&text.replace(" | ", "\n| "));
                }
                "stop" => {
                    self.logs_command(Command::Stop, cx);
                    return;
                }
                w if w.starts_with("group=") => {
                    let group = w["group=".len()..].to_string();
                    if !groups.contains(&group) {
                        groups.push(group);
                    }
                }
                w if w.starts_with("groups=") => {
                    groups = w["groups=".len()..]
                        .split(',')
                        .filter(|g| !g.is_empty())
                        .map(str::to_string)
                        .collect();
                }
                w if crate::time::parse_interval(w).is_ok() => since = Some(w.to_string()),
                w => {
                    cx.error(format!("`{w}` is not a :logs word: use since, until, 15m, group=, groups=, run, stop, query TEXT or save NAME"),
                    );
                    return;
                }
            }
        }
        if since.is_some() || until.is_some() {
            match self.range.apply(since.as_deref(), until.as_deref(), cx.now) {
                Ok(range) => self.range = range,
                Err(message) => {
                    cx.error(message);
                    return;
                }
            }
        }
        if groups.len() > crate::logs::picker::MAX_CHOSEN {
            cx.error("A query searches at most 50 log groups".to_string());
            return;
        }
        if groups != self.groups {
            self.groups = groups;
            self.group_info.clear();
        }
        if run {
            self.run_query(cx);
        }
    }

    fn save_query(&mut self, name: String, cx: &mut Cx<LogsWork>) {
        if cx.session.settings.read_only {
            cx.error("Read-only: warroom saves nothing to AWS (started with --read-only or read_only = true)",
            );
            return;
        }
        let name = name.trim().to_string();
        if name.is_empty() {
            cx.error("Name the query: `:logs save checkout errors`");
            return;
        }
        let query = self.editor.text();
        if query.trim().is_empty() {
            cx.error("The query is empty: nothing to save");
            return;
        }
        cx.info(format!("Saving \"{name}\" to the account…"));
        cx.work(LogsWork::Save {
            query: SavedQuery {
                name,
                query,
                log_groups: self.groups.clone(),
                origin: Origin::Account,
            },
        });
    }
}
