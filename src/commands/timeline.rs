//! `warroom timeline` and `warroom triage`.

use std::io::Write;
use std::process::ExitCode;

use super::{complain, finish};
use crate::alarms::CloudWatchAlarms;
use crate::aws::{AwsSession, SessionSettings};
use crate::cli::{Format, TimelineArgs, TriageArgs};
use crate::health::AwsHealth;
use crate::logging;

/// `warroom timeline`: every source over the window, merged and exported. A source that
/// fails is said on stderr and in the Markdown header; the rest is still written (exit 1).
pub async fn print_timeline(
    settings: SessionSettings,
    args: TimelineArgs,
    config: &crate::config::Config,
    organization: bool,
    accounts: Option<&str>,
) -> ExitCode {
    use crate::changes::query::parse_moment;
    use crate::timeline::{export, gather, journal};
    let now = jiff::Timestamp::now();
    let moment = |text: &Option<String>| text.as_ref().map(|t| parse_moment(t, now)).transpose();
    let (since, until) = match (moment(&args.since), moment(&args.until)) {
        (Ok(since), Ok(until)) => (since, until),
        (Err(e), _) | (_, Err(e)) => {
            complain(e);
            return ExitCode::from(2);
        }
    };
    let state_dir = logging::state_dir();
    let incident = match (&args.incident, &state_dir) {
        (None, _) => None,
        (Some(_), None) => {
            eprintln!("warroom: no state directory: neither XDG_STATE_HOME nor HOME is set");
            return ExitCode::FAILURE;
        }
        (Some(name), Some(dir)) => match journal::read(dir, name) {
            Ok((incident, warning)) => {
                if let Some(warning) = warning {
                    complain(warning);
                }
                Some(incident)
            }
            Err(e) => {
                complain(e);
                return ExitCode::FAILURE;
            }
        },
    };
    let window = match gather::window(incident.as_ref(), since, until, now) {
        Ok(window) => window,
        Err(e) => {
            complain(e);
            return ExitCode::from(2);
        }
    };
    crate::aws::attempts::say_retries_on_stderr();
    let gather_settings = gather::Settings {
        risk: config.changes.risk.clone(),
        lookups_per_second: config.changes.lookups_per_second,
        global_sources: config.changes.global_sources.clone(),
        organization,
    };
    if let Some(set) = accounts {
        let over = crate::accounts::timeline::Over {
            window,
            state_dir: state_dir.as_deref(),
            incident: incident.as_ref(),
            now,
        };
        let set = super::accounts::SetArgs {
            settings,
            config,
            set,
        };
        return super::accounts::print_timeline_accounts(set, &args, gather_settings, over).await;
    }
    let session = AwsSession::connect(settings).await;
    let gathered = gather::gather(
        &session,
        &gather_settings,
        window,
        state_dir.as_deref(),
        incident.as_ref(),
        now,
    )
    .await;
    for warning in &gathered.warnings {
        complain(warning);
    }
    for (source, error) in &gathered.failures {
        complain(format_args!("timeline without {source}: {error}"));
    }
    let header = export::Header {
        incident: incident.as_ref().map(|i| i.name.clone()),
        account: gathered.account.clone(),
        region: gathered.region.clone(),
        window: Some(window),
        key_times: incident
            .as_ref()
            .map(|i| journal::KeyTimes::derive(i, &gathered.events)),
        failures: gathered.failures.clone(),
    };
    let written = write_to(args.output.as_deref(), |out| {
        export::write(out, args.format, &header, &gathered.events)
    });
    match finish(written) {
        code if code != ExitCode::SUCCESS => code,
        _ if !gathered.failures.is_empty() => ExitCode::FAILURE,
        _ => ExitCode::SUCCESS,
    }
}

/// Writes through `write` to the file at `path` (made anew, synced), else to stdout.
pub(super) fn write_to(
    path: Option<&std::path::Path>,
    write: impl Fn(&mut std::io::BufWriter<&mut dyn Write>) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let buffered = |out: &mut dyn Write| -> std::io::Result<()> {
        let mut out = std::io::BufWriter::new(out);
        write(&mut out)?;
        out.flush()
    };
    match path {
        Some(path) => std::fs::File::create(path)
            .and_then(|mut file| buffered(&mut file).and_then(|_| file.sync_data()))
            .map_err(|e| std::io::Error::new(e.kind(), format!("{}: {e}", path.display()))),
        None => buffered(&mut std::io::stdout().lock()),
    }
}

/// `warroom triage`: exit 2 when an alarm is in ALARM, 1 when a section failed, 0 when calm.
pub async fn print_triage(
    settings: SessionSettings,
    args: TriageArgs,
    config: &crate::config::Config,
) -> ExitCode {
    use crate::changes::CloudTrailChanges;
    use crate::changes::query::parse_moment;
    use crate::triage;
    let now = jiff::Timestamp::now();
    let since = match parse_moment(&args.since, now) {
        Ok(since) if since < now => since,
        Ok(_) => {
            eprintln!("warroom: --since must be in the past");
            return ExitCode::FAILURE;
        }
        Err(e) => {
            complain(e);
            return ExitCode::FAILURE;
        }
    };
    crate::aws::attempts::say_retries_on_stderr();
    let session = AwsSession::connect(settings).await;
    let alarms = CloudWatchAlarms::new(&session);
    let changes = CloudTrailChanges::new(
        &session,
        config.changes.risk.clone(),
        config.changes.lookups_per_second,
    )
    .with_global(&session, &config.changes.global_sources);
    let health = AwsHealth::new(&session);
    let sources = triage::TriageSources {
        alarms: &alarms,
        changes: &changes,
        health: &health,
        region: session.region.clone(),
    };
    let result = triage::sweep(&sources, since, now).await;
    for (name, error) in [
        ("alarms", result.alarms.error()),
        ("risky changes", result.risky_changes.error()),
        ("health issues", result.health_issues.error()),
    ] {
        if let Some(error) = error {
            complain(format_args!("triage without the {name}: {error}"));
        }
    }
    let mut out = std::io::stdout().lock();
    let written = match args.format {
        Format::Table => triage::write_table(&mut out, &result),
        Format::Json => triage::write_json(&mut out, &result),
    };
    match finish(written.and_then(|_| out.flush())) {
        code if code != ExitCode::SUCCESS => code,
        _ => ExitCode::from(result.exit_code()),
    }
}
