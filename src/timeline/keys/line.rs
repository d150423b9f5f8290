//! The Timeline pane's `:` lines: `:incident`, `:note`, `:export` and `:timeline`.

use jiff::Timestamp;

use super::{NO_INCIDENT, incident as journal, load};
use crate::changes::query::parse_moment;
use crate::kit::Loadable;
use crate::pane::{Ask, Cx};
use crate::timeline::IncidentAction;
use crate::timeline::SourceSet;
use crate::timeline::TimelineWork;
use crate::timeline::export::{Format as ExportFormat, Header};
use crate::timeline::journal::{KeyTimes, Marker};
use crate::timeline::model::{Source, TimelineEvent};
use crate::timeline::pane::TimelinePane;

/// `at T` at the front of the words: the moment, and the words after it.
fn leading_time(words: &[String], now: Timestamp) -> Result<(Timestamp, &[String]), String> {
    match words {
        [at, time, rest @ ..] if at == "at" => Ok((parse_moment(time, now)?, rest)),
        rest => Ok((now, rest)),
    }
}

/// `:incident start NAME [at T]`, `:incident open [NAME]`, `:incident detected|mitigated|resolved
/// [at T]`.
pub(super) fn incident(_: &mut TimelinePane, args: &[String], cx: &mut Cx<TimelineWork>) {
    let now = cx.now;
    let words: Vec<&str> = args.iter().map(String::as_str).collect();
    let result = match words.as_slice() {
        ["start", name, rest @ ..] => {
            let rest: Vec<String> = rest.iter().map(|s| s.to_string()).collect();
            leading_time(&rest, now).map(|(at, _)| {
                let account = match &cx.session.identity {
                    Loadable::Ready(identity) => Some(identity.account.clone()),
                    _ => None,
                };
                IncidentAction::Start {
                    name: name.to_string(),
                    at,
                    account,
                    region: Some(cx.session.region.clone()),
                }
            })
        }
        ["open"] | ["list"] => Ok(IncidentAction::List),
        ["open", name] => Ok(IncidentAction::Open {
            name: name.to_string(),
        }),
        [marker, rest @ ..] if Marker::parse(marker).is_some() => {
            let rest: Vec<String> = rest.iter().map(|s| s.to_string()).collect();
            leading_time(&rest, now).map(|(at, _)| IncidentAction::Mark {
                marker: Marker::parse(marker).unwrap_or(Marker::Detected),
                at,
            })
        }
        _ => Err(
            "`:incident start NAME [at 03:00]`, `:incident open [NAME]`, or `:incident detected|mitigated|resolved [at T]`"
                .to_string(),
        ),
    };
    match result {
        Ok(action) => {
            cx.ask(Ask::Focus);
            journal(cx, action);
        }
        Err(message) => cx.error(message),
    }
}

/// `:note TEXT`, `:note at 03:05 TEXT`, `:note edit ID TEXT`, `:note delete ID`.
pub(super) fn note(pane: &mut TimelinePane, args: &[String], cx: &mut Cx<TimelineWork>) {
    if pane.incident.is_none() {
        cx.error(NO_INCIDENT);
        return;
    }
    let action = match args.first().map(String::as_str) {
        Some("edit") if args.len() >= 3 => Ok(IncidentAction::EditNote {
            id: args[1].clone(),
            text: args[2..].join(" "),
        }),
        Some("delete") if args.len() == 2 => Ok(IncidentAction::DeleteNote {
            id: args[1].clone(),
        }),
        _ => leading_time(args, cx.now).and_then(|(at, rest)| {
            let text = rest.join(" ");
            if text.trim().is_empty() {
                Err("`:note TEXT`, or `:note at 03:05 TEXT`".to_string())
            } else {
                Ok(IncidentAction::Note { at, text })
            }
        }),
    };
    match action {
        Ok(action) => journal(cx, action),
        Err(message) => cx.error(message),
    }
}

/// `:timeline since 2h [until T]`, `:timeline alarm,change`, `:timeline all`, `:timeline incident`.
pub(super) fn timeline(pane: &mut TimelinePane, args: &[String], cx: &mut Cx<TimelineWork>) {
    let now = cx.now;
    let words: Vec<&str> = args.iter().map(String::as_str).collect();
    match words.as_slice() {
        [] => {}
        ["all"] => pane.set_sources(SourceSet::all()),
        ["incident"] => {
            pane.chosen = None;
            load(pane, cx);
        }
        ["since", since, rest @ ..] => {
            let until = match rest {
                ["until", until] => parse_moment(until, now).map(Some),
                [] => Ok(None),
                _ => Err("`:timeline since 2h until 03:00`".to_string()),
            };
            match (parse_moment(since, now), until) {
                (Ok(start), Ok(until)) if start < until.unwrap_or(now) => {
                    pane.chosen = Some((start, until.unwrap_or(now)));
                    load(pane, cx);
                }
                (Err(e), _) | (_, Err(e)) => cx.error(e),
                _ => cx.error("the window is empty: `since` must come before `until`"),
            }
        }
        [list] => {
            let sources: Option<Vec<Source>> = list.split(',').map(Source::parse).collect();
            match sources {
                Some(sources) if !sources.is_empty() => {
                    pane.set_sources(SourceSet::only(&sources))
                }
                _ => cx.error(
                    "`:timeline alarm,change,health,query,runbook,note,marker`, `all`, `since 2h`, or `incident`",
                ),
            }
        }
        _ => cx.error("`:timeline since 2h [until T]`, a list of sources, `all`, or `incident`"),
    }
}

/// `:export md|jsonl|csv [FILE | -o FILE]`: the rows shown, with the incident's key times in
/// Markdown. Without a file, the work writes into the incident's folder in the state directory.
pub(super) fn export(pane: &mut TimelinePane, args: &[String], cx: &mut Cx<TimelineWork>) {
    const USAGE: &str = "`:export md|jsonl|csv [FILE]` or `:export md -o FILE`";
    let words: Vec<&str> = args.iter().map(String::as_str).collect();
    let (format, path) = match words.as_slice() {
        [] => (Some(ExportFormat::Md), None),
        [format] => (ExportFormat::parse(format), None),
        [format, "-o", path] | [format, path] if *path != "-o" => (
            ExportFormat::parse(format),
            Some(std::path::PathBuf::from(path)),
        ),
        _ => (None, None),
    };
    let Some(format) = format else {
        cx.error(USAGE);
        return;
    };
    let events: Vec<TimelineEvent> = pane.shown().cloned().collect();
    let origins = pane.placed().then(|| {
        let origins = pane
            .shown_placed()
            .map(|(_, o)| o.cloned().unwrap_or_default());
        origins.collect()
    });
    let header = Header {
        incident: pane.incident.as_ref().map(|i| i.name.clone()),
        account: pane.account.clone(),
        region: pane
            .regions
            .clone()
            .unwrap_or_else(|| cx.session.region.clone()),
        window: pane.window,
        key_times: pane
            .incident
            .as_ref()
            .map(|i| KeyTimes::derive(i, pane.all())),
        failures: pane.failures.clone(),
    };
    cx.work(TimelineWork::Export {
        format,
        path,
        header: Box::new(header),
        events,
        origins,
    });
}
