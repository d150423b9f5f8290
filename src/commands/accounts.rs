//! The headless commands over an account set (`--accounts NAME`).

use std::io::Write;
use std::process::ExitCode;

use super::{complain, finish};
use crate::accounts::aws::Caller;
use crate::accounts::session_name::{caller_user, session_name};
use crate::accounts::triage::{self, ChangeSettings};
use crate::aws::SessionSettings;
use crate::cli::{AlarmsArgs, ChangesArgs, Format, HealthArgs, StateArg, TimelineArgs, TriageArgs};

/// `warroom triage --accounts NAME`: exit 2 when any account has an alarm in ALARM, else 1
/// when an account or a section failed, else 0; an unknown set is 2, with the known ones.
pub async fn print_triage_accounts(
    settings: SessionSettings,
    args: TriageArgs,
    config: &crate::config::Config,
    set_name: &str,
) -> ExitCode {
    use crate::changes::query::parse_moment;
    let set = match named_set(config, set_name) {
        Ok(set) => set,
        Err(code) => return code,
    };
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
    let caller = connect(settings).await;
    let result = match triage::run(set, caller, change_settings(config), since, now).await {
        Ok(result) => result,
        Err(e) => {
            complain(format_args!("account set {set_name}: {e}"));
            return ExitCode::FAILURE;
        }
    };
    for line in result.complaints() {
        complain(line);
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

/// `warroom alarms --accounts NAME`: exit 1 when an account or region could not be asked.
pub async fn print_alarms_accounts(
    settings: SessionSettings,
    args: AlarmsArgs,
    config: &crate::config::Config,
    set_name: &str,
) -> ExitCode {
    use crate::accounts::alarms;
    let set = match named_set(config, set_name) {
        Ok(set) => set,
        Err(code) => return code,
    };
    let caller = connect(settings).await;
    let state = args.state.map(StateArg::state);
    let result = match alarms::run(set, caller, config.changes.lookups_per_second, state).await {
        Ok(result) => result,
        Err(e) => {
            complain(format_args!("account set {set_name}: {e}"));
            return ExitCode::FAILURE;
        }
    };
    for u in &result.unanswered {
        complain(format_args!(
            "alarms without {} {}: {}",
            u.account.label(),
            u.regions.join(", "),
            u.error
        ));
    }
    let mut out = std::io::stdout().lock();
    let written = match args.format {
        Format::Table => alarms::write_table(&mut out, &result, jiff::Timestamp::now()),
        Format::Json => alarms::write_json(&mut out, &result),
    };
    match finish(written.and_then(|_| out.flush())) {
        code if code != ExitCode::SUCCESS => code,
        _ => ExitCode::from(result.exit_code()),
    }
}

/// `warroom changes --accounts NAME`: exit 1 when an account or region could not be asked,
/// 2 for a bad window or an unknown set.
pub async fn print_changes_accounts(
    settings: SessionSettings,
    args: ChangesArgs,
    config: &crate::config::Config,
    set_name: &str,
) -> ExitCode {
    use crate::accounts::changes;
    use crate::changes::ChangeQuery;
    let set = match named_set(config, set_name) {
        Ok(set) => set,
        Err(code) => return code,
    };
    let now = jiff::Timestamp::now();
    let mut query = ChangeQuery::last(jiff::SignedDuration::from_hours(3), now);
    let words = args.words();
    let words: Vec<&str> = words.iter().map(String::as_str).collect();
    if let Err(e) = query.apply(&words, now) {
        complain(e);
        return ExitCode::from(2);
    }
    crate::aws::attempts::say_retries_on_stderr();
    let caller = connect(settings).await;
    let result = match changes::run(set, caller, change_settings(config), query).await {
        Ok(result) => result,
        Err(e) => {
            complain(format_args!("account set {set_name}: {e}"));
            return ExitCode::FAILURE;
        }
    };
    for u in &result.unanswered {
        complain(format_args!(
            "changes without {} {}: {}",
            u.account.label(),
            u.regions.join(", "),
            u.error
        ));
    }
    let mut out = std::io::stdout().lock();
    let written = match args.format {
        Format::Table => changes::write_table(&mut out, &result),
        Format::Json => changes::write_json(&mut out, &result),
    };
    match finish(written.and_then(|_| out.flush())) {
        code if code != ExitCode::SUCCESS => code,
        _ => ExitCode::from(result.exit_code()),
    }
}

/// `warroom health --accounts NAME`: exit 1 when an account could not be asked, as `health`
/// does; 2 for an unknown set.
pub async fn print_health_accounts(
    settings: SessionSettings,
    args: HealthArgs,
    config: &crate::config::Config,
    set_name: &str,
) -> ExitCode {
    use crate::accounts::health;
    let set = match named_set(config, set_name) {
        Ok(set) => set,
        Err(code) => return code,
    };
    let caller = connect(settings).await;
    let regions = match (args.all_regions, set.regions.is_empty()) {
        (true, _) => Vec::new(),
        (false, false) => set.regions.clone(),
        (false, true) => vec![caller.region()],
    };
    let now = jiff::Timestamp::now();
    let lookups = config.changes.lookups_per_second;
    let result = match health::run(set, caller, lookups, regions, now).await {
        Ok(result) => result,
        Err(e) => {
            complain(format_args!("account set {set_name}: {e}"));
            return ExitCode::FAILURE;
        }
    };
    if let Some(why) = &result.fallback {
        complain(format_args!(
            "account set {set_name}: {why}; asking each account's Health instead"
        ));
    }
    for u in &result.listing.unanswered {
        complain(format_args!(
            "health without {}: {}",
            u.account.label(),
            u.error
        ));
    }
    let mut out = std::io::stdout().lock();
    let written = match args.format {
        Format::Table => health::write_table(&mut out, &result),
        Format::Json => health::write_json(&mut out, &result),
    };
    match finish(written.and_then(|_| out.flush())) {
        code if code != ExitCode::SUCCESS => code,
        _ => ExitCode::from(result.exit_code()),
    }
}

/// The account set a command is run over, and what reaching it needs.
pub struct SetArgs<'a> {
    pub settings: SessionSettings,
    pub config: &'a crate::config::Config,
    pub set: &'a str,
}

/// `warroom timeline --accounts NAME`: exit 1 when a source of an account or region could
/// not be read (the rest is written), 2 for an unknown set.
pub async fn print_timeline_accounts(
    args: SetArgs<'_>,
    timeline: &TimelineArgs,
    gather: crate::timeline::gather::Settings,
    over: crate::accounts::timeline::Over<'_>,
) -> ExitCode {
    use crate::timeline::export;
    let set = match named_set(args.config, args.set) {
        Ok(set) => set,
        Err(code) => return code,
    };
    let caller = connect(args.settings).await;
    let (window, incident) = (over.window, over.incident);
    let result = match crate::accounts::timeline::run(set, caller, gather, over).await {
        Ok(result) => result,
        Err(e) => {
            complain(format_args!("account set {}: {e}", args.set));
            return ExitCode::FAILURE;
        }
    };
    for warning in &result.warnings {
        complain(warning);
    }
    for (source, error) in &result.failures {
        complain(format_args!("timeline without {source}: {error}"));
    }
    let header = export::Header {
        incident: incident.map(|i| i.name.clone()),
        account: Some(result.heading()),
        region: result.regions.join(", "),
        window: Some(window),
        key_times: incident.map(|i| crate::timeline::journal::KeyTimes::derive(i, &result.events)),
        failures: result.failures.clone(),
    };
    let written = super::timeline::write_to(timeline.output.as_deref(), |out| {
        let origins = Some(result.origins.as_slice());
        export::write_placed(out, timeline.format, &header, &result.events, origins)
    });
    match finish(written) {
        code if code != ExitCode::SUCCESS => code,
        _ if !result.failures.is_empty() => ExitCode::FAILURE,
        _ => ExitCode::SUCCESS,
    }
}

/// The set `name` of the config, or exit code 2 with the sentence naming the sets there are.
fn named_set<'a>(
    config: &'a crate::config::Config,
    name: &str,
) -> Result<&'a crate::accounts::AccountSet, ExitCode> {
    crate::accounts::find(&config.accounts, name).map_err(|e| {
        complain(format_args!("--accounts: {e}"));
        ExitCode::from(2)
    })
}

/// The caller's credentials, with the session name warroom assumes roles under.
async fn connect(settings: SessionSettings) -> Caller {
    Caller::connect(settings, session_name(caller_user().as_deref())).await
}

fn change_settings(config: &crate::config::Config) -> ChangeSettings {
    ChangeSettings {
        risk: config.changes.risk.clone(),
        lookups_per_second: config.changes.lookups_per_second,
        global_sources: config.changes.global_sources.clone(),
    }
}
