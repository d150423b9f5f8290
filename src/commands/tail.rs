//! `warroom tail`: Live Tail in the plain terminal until interrupted.

use std::process::ExitCode;

use super::complain;
use crate::aws::{AwsSession, SessionSettings};

/// `warroom tail`: follows until SIGINT (exit 0) or another stop signal; exit 1 when the
/// tail cannot start or gives up, with AWS's error whole on stderr.
pub async fn tail(
    settings: SessionSettings,
    args: crate::cli::TailArgs,
    signals: Option<crate::terminal::StopSignals>,
) -> Result<ExitCode, i32> {
    use crate::logs::tail::headless::{print, reader_gone};
    use crate::logs::tail::{CloudWatchTail, TailPatience, TailRequest, run::follow};
    let request = TailRequest {
        groups: args.groups,
        streams: args.streams,
        prefixes: args.prefixes,
        filter: args.filter,
    };
    if let Err(e) = request.check() {
        complain(e.replace(": press l to choose some", ""));
        return Ok(ExitCode::from(2));
    }
    crate::aws::attempts::say_retries_on_stderr();
    let session = AwsSession::connect(settings).await;
    let source = CloudWatchTail::new(&session);
    let json = args.format == crate::cli::TailFormat::Json;
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let following = follow(&source, request, TailPatience::default(), 1, move |msg| {
        tx.send(msg).is_ok()
    });
    let signal = async move {
        match signals {
            Some(mut s) => s.next().await,
            None => std::future::pending().await,
        }
    };
    tokio::pin!(following, signal);
    let (out, err) = (std::io::stdout(), std::io::stderr());
    loop {
        tokio::select! {
            caught = &mut signal => {
                if caught == 2 {
                    eprintln!("warroom: Live Tail ended (ctrl-c)");
                    return Ok(ExitCode::SUCCESS);
                }
                return Err(caught);
            }
            Some(msg) = rx.recv() => {
                if let Err(message) = print(msg, json, &mut out.lock(), &mut err.lock()) {
                    if reader_gone(&message) {
                        return Ok(ExitCode::SUCCESS);
                    }
                    complain(message);
                    return Ok(ExitCode::FAILURE);
                }
            }
            () = &mut following => {
                while let Ok(msg) = rx.try_recv() {
                    if let Err(message) = print(msg, json, &mut out.lock(), &mut err.lock()) {
                        complain(message);
                        return Ok(ExitCode::FAILURE);
                    }
                }
                return Ok(ExitCode::SUCCESS);
            }
        }
    }
}
