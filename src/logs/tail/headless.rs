//! `warroom tail GROUP…`: Live Tail in the plain terminal, one line per event (UTC time,
//! group, stream, message; or one JSON object a line) until interrupted.

use std::io::{self, Write};

use super::TailEvent;
use super::run::{Began, TailMsg};
use crate::defuse;

/// `2026-11-23T03:02:00.123Z /aws/ecs/checkout-api web/1 the message`, defused.
pub fn text_line(event: &TailEvent) -> String {
    format!(
        "{} {} {} {}",
        event.time.strftime("%Y-%m-%dT%H:%M:%S%.3fZ"),
        defuse::line(&event.group),
        defuse::line(&event.stream),
        defuse::line(&event.message)
    )
}

/// One JSON object: time (UTC), timestamp and ingestionTime (epoch ms), group, stream, message.
pub fn json_line(event: &TailEvent) -> String {
    serde_json::json!({
        "time": event.time.strftime("%Y-%m-%dT%H:%M:%S%.3fZ").to_string(),
        "timestamp": event.time.as_millisecond(),
        "ingestionTime": event.ingested.map(|t| t.as_millisecond()),
        "group": event.group,
        "stream": event.stream,
        "message": event.message,
    })
    .to_string()
}

/// What a message of the tail prints: its events on `out`, what happened to the session
/// on `err`. Err when the tail failed (its message), or the output is gone.
pub fn print(
    msg: TailMsg,
    json: bool,
    out: &mut impl Write,
    err: &mut impl Write,
) -> Result<(), String> {
    match msg {
        TailMsg::Started { began, .. } => {
            let said = match began {
                Began::First => "Live Tail started (billed per minute of session; ctrl-c ends it)",
                Began::Renewed => "Live Tail session renewed before the service's limit",
                Began::Reconnected => "Live Tail reconnected",
            };
            let _ = writeln!(err, "warroom: {said}");
        }
        TailMsg::Update { update, .. } => {
            if update.sampled {
                let _ = writeln!(
                    err,
                    "warroom: AWS sampled this update: more events arrived than Live Tail sends (500 a second)"
                );
            }
            for event in &update.events {
                let line = if json {
                    json_line(event)
                } else {
                    text_line(event)
                };
                writeln!(out, "{line}").map_err(|e| e.to_string())?;
            }
            out.flush().map_err(|e| e.to_string())?;
        }
        TailMsg::Reconnecting {
            attempt, wait, why, ..
        } => {
            let _ = writeln!(
                err,
                "warroom: the Live Tail stream dropped ({}); reconnecting in {} (attempt {attempt})",
                defuse::line(&why),
                crate::aws::attempts::seconds(wait)
            );
        }
        TailMsg::Failed { error, .. } => return Err(error.message),
    }
    Ok(())
}

/// Whether writing failed because the reader went away (`| head`): a clean end.
pub fn reader_gone(message: &str) -> bool {
    message.contains(&io::Error::from(io::ErrorKind::BrokenPipe).to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::logs::tail::TailUpdate;

    #[test]
    fn a_line_says_time_group_stream_and_message_with_controls_defused() {
        let event = TailEvent {
            time: jiff::Timestamp::from_millisecond(1_795_402_920_123).unwrap(),
            ingested: None,
            group: "/aws/app".into(),
            stream: "web/1".into(),
            message: "boom\x1b[2J\nnext".into(),
        };
        assert_eq!(
            text_line(&event),
            "2026-11-23T03:02:00.123Z /aws/app web/1 boom\\x1b[2J\\nnext"
        );
        let json: serde_json::Value = serde_json::from_str(&json_line(&event)).unwrap();
        assert_eq!(json["message"], "boom\x1b[2J\nnext");
        assert_eq!(json["timestamp"], 1_795_402_920_123_i64);
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let msg = TailMsg::Update {
            req: 1,
            update: TailUpdate {
                events: vec![event],
                sampled: true,
            },
        };
        print(msg, false, &mut out, &mut err).unwrap();
        assert_eq!(String::from_utf8(out).unwrap().lines().count(), 1);
        assert!(String::from_utf8(err).unwrap().contains("AWS sampled"));
    }
}
