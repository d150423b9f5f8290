//! SSM Run Command through the real SDK against the emulator: targets, sending, following,
//! output, cancelling, the audit file, and a whole runbook run driven through the prompts.

use crate::common;

use std::collections::BTreeMap;
use std::path::Path;
use std::time::Duration;

use serde_json::{Value, json};

use common::console::runtime;
use common::emulator::{Emulator, isolate_aws_env};
use warroom::aws::{AwsSession, RetrySettings, SessionSettings};
use warroom::runbook::headless::prompt::Prompter;
use warroom::runbook::headless::{RunEnd, RunEnv, run_runbook};
use warroom::runbook::run::audit::{self, AuditLog, Intent, Record, content_hash};
use warroom::runbook::run::execute::{
    CancelSignal, CommandStatus, Progress, StepPatience, run_command,
};
use warroom::runbook::run::fleet::{CommandRequest, Fleet, InvocationStatus};
use warroom::runbook::run::ssm::SsmFleet;
use warroom::runbook::{Targets, resolve_params, resolve_step};

fn session(url: &str) -> SessionSettings {
    isolate_aws_env();
    SessionSettings {
        endpoint_url: Some(url.to_string()),
        retry: RetrySettings {
            max_attempts: 2,
            initial_backoff: Duration::from_millis(20),
            call_timeout: Duration::from_secs(20),
        },
        ..SessionSettings::in_region("us-east-1")
    }
}

fn id(n: usize) -> String {
    format!("i-0c0ffee{n:010x}")
}

/// Twelve checkout hosts (the third fails `check-db`), two search hosts, one host that lost
/// its connection; outcomes for the commands below.
fn seed(emulator: &Emulator, polls: u64) {
    let mut instances: Vec<Value> = (1..=12)
        .map(|n| json!({"id": id(n), "name": format!("checkout-api-{n}"), "tags": {"Service": "checkout"}}))
        .collect();
    instances.push(json!({"id": id(20), "name": "search-1", "tags": {"Service": "search"}}));
    instances.push(json!({"id": id(21), "name": "search-2", "platform": "Windows", "tags": {"Service": "search"}}));
    instances.push(json!({"id": id(30), "name": "old-host", "ping": "ConnectionLost", "tags": {"Service": "old"}}));
    instances.extend((100..160).map(|n| json!({"id": id(n), "tags": {"Service": "bulk"}})));
    emulator.seed(json!({"ssm": {
        "polls": polls,
        "instances": instances,
        "outcomes": [
            {"match": "check-db", "instances": ["checkout-api-3"], "status": "Failed", "response_code": 1,
             "stdout": "FAIL: no TCP connection to checkout-db:5432 within 5s\n", "stderr": "timeout\n"},
            {"match": "check-db", "stdout": "OK: TCP connection to checkout-db:5432 from {instance_name}\n"},
            {"match": "dump-everything", "stdout": "x".repeat(30_000), "stderr": "e".repeat(9_000)},
        ]
    }}));
}

fn tag(key: &str, value: &str) -> Targets {
    Targets::Tags(BTreeMap::from([(key.to_string(), vec![value.to_string()])]))
}

fn request(commands: &str, targets: Targets) -> CommandRequest {
    CommandRequest {
        document: "AWS-RunShellScript".into(),
        commands: commands.into(),
        targets,
        max_concurrency: "50".into(),
        max_errors: "100%".into(),
        timeout_seconds: 120,
        comment: "warroom checkout-5xx.md db-connectivity".into(),
        stop_on_alarm: vec!["checkout-customer-impact".into()],
    }
}

fn intent(request: &CommandRequest) -> Intent {
    let time = jiff::Timestamp::now();
    Intent {
        id: audit::new_intent_id(time),
        time,
        runbook: "runbooks/checkout-5xx.md".into(),
        content_hash: content_hash(b"test"),
        step: "db-connectivity".into(),
        parameters: BTreeMap::new(),
        document: request.document.clone(),
        commands: request.commands.clone(),
        targets: request.targets.clone(),
        max_concurrency: request.max_concurrency.clone(),
        max_errors: request.max_errors.clone(),
        timeout_seconds: request.timeout_seconds,
        caller_arn: "arn:aws:sts::123456789012:user/moto".into(),
        account: "123456789012".into(),
        region: "us-east-1".into(),
    }
}

fn quick() -> StepPatience {
    StepPatience {
        first_poll: Duration::from_millis(20),
        max_poll: Duration::from_millis(80),
        poll_failures: 3,
        empty_polls: 3,
        settle: Duration::from_secs(2),
    }
}

fn records(path: &Path) -> Vec<Record> {
    let read = audit::read(path).expect("the audit file is readable");
    assert!(read.warnings.is_empty(), "{:?}", read.warnings);
    read.records
}

#[test]
fn targets_by_tag_resolve_to_the_count_and_the_first_instances() {
    let emulator = Emulator::start();
    seed(&emulator, 1);
    runtime().block_on(async {
        let aws = AwsSession::connect(session(&emulator.url)).await;
        let fleet = SsmFleet::new(&aws);
        let preview = fleet.preview(tag("Service", "checkout")).await.unwrap();
        assert_eq!(preview.count, 12);
        assert_eq!(
            preview.instances.len(),
            warroom::runbook::run::fleet::PREVIEW
        );
        let first = &preview.instances[0];
        assert_eq!(first.id, id(1));
        assert_eq!(first.name, "checkout-api-1");
        assert_eq!(first.platform, "Linux (Amazon Linux 2023)");
        assert_eq!(first.ping_status, "Online");

        let search = fleet.preview(tag("Service", "search")).await.unwrap();
        let platforms: Vec<&str> = search
            .instances
            .iter()
            .map(|i| i.platform.as_str())
            .collect();
        assert_eq!(
            platforms,
            [
                "Linux (Amazon Linux 2023)",
                "Windows (Microsoft Windows Server 2022 Datacenter 10.0.20348)"
            ]
        );
        let by_id = fleet
            .preview(Targets::InstanceIds(vec![id(30)]))
            .await
            .unwrap();
        assert_eq!(
            (by_id.count, by_id.instances[0].ping_status.as_str()),
            (1, "ConnectionLost")
        );
        let none = fleet.preview(tag("Service", "nothing")).await.unwrap();
        assert_eq!(none.count, 0);
        let before = emulator.calls_of("DescribeInstanceInformation");
        let bulk = fleet.preview(tag("Service", "bulk")).await.unwrap();
        assert_eq!(bulk.count, 60, "the count covers every page");
        assert_eq!(bulk.instances.len(), warroom::runbook::run::fleet::PREVIEW);
        assert_eq!(emulator.calls_of("DescribeInstanceInformation") - before, 2);
    });
}

#[test]
fn a_command_runs_to_each_instances_end_with_the_audit_file_in_order() {
    let emulator = Emulator::start();
    seed(&emulator, 1);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("state/runbook-audit.jsonl");
    runtime().block_on(async {
        let aws = AwsSession::connect(session(&emulator.url)).await;
        let fleet = SsmFleet::new(&aws);
        let mut log = AuditLog::open(&path).unwrap();
        let request = request("check-db", tag("Service", "checkout"));
        let mut statuses = Vec::new();
        let outcome = run_command(
            &fleet,
            &mut log,
            intent(&request),
            request,
            quick(),
            &CancelSignal::new(),
            |p| {
                if let Progress::Polled { invocations } = p {
                    statuses.push(invocations[0].status);
                }
            },
        )
        .await
        .unwrap();
        assert_eq!(statuses.first(), Some(&InvocationStatus::Pending));
        assert!(
            statuses.contains(&InvocationStatus::InProgress),
            "{statuses:?}"
        );
        assert_eq!(outcome.status, CommandStatus::Failed);
        assert_eq!(
            outcome.invocations.len(),
            12,
            "only the tagged hosts ran it"
        );
        let failed: Vec<&str> = outcome
            .invocations
            .iter()
            .filter(|i| i.status == InvocationStatus::Failed)
            .map(|i| i.instance_name.as_str())
            .collect();
        assert_eq!(failed, ["checkout-api-3"]);
        let third = outcome
            .invocations
            .iter()
            .find(|i| i.instance_name == "checkout-api-3")
            .unwrap();
        assert_eq!(third.response_code, Some(1));
        assert!(
            third.output.contains("FAIL: no TCP connection"),
            "{}",
            third.output
        );

        let ok = fleet
            .output(outcome.command_id.clone(), id(1))
            .await
            .unwrap();
        assert_eq!(ok.status, InvocationStatus::Success);
        assert_eq!(ok.response_code, Some(0));
        assert_eq!(
            ok.stdout,
            "OK: TCP connection to checkout-db:5432 from checkout-api-1\n"
        );
        assert!(!ok.stdout_truncated && !ok.stderr_truncated);

        let records = records(&path);
        let kinds: Vec<&str> = records
            .iter()
            .map(|r| match r {
                Record::Intent(_) => "intent",
                Record::Sent(_) => "sent",
                Record::Finished(_) => "finished",
                _ => "other",
            })
            .collect();
        assert_eq!(kinds, ["intent", "sent", "finished"]);
        let (Record::Intent(intent), Record::Sent(sent), Record::Finished(finished)) =
            (&records[0], &records[1], &records[2])
        else {
            unreachable!()
        };
        assert_eq!(sent.intent, intent.id);
        assert_eq!(sent.command_id, outcome.command_id);
        assert_eq!(finished.command_id, outcome.command_id);
        assert_eq!(finished.status, "Failed");
        assert_eq!(finished.instances.len(), 12);
        assert!(audit::in_flight(&records).is_empty());

        // the command went out as the request said
        let listed = aws
            .ssm
            .list_commands()
            .command_id(&outcome.command_id)
            .send()
            .await
            .unwrap();
        let command = &listed.commands()[0];
        assert_eq!(
            command.comment(),
            Some(format!("warroom {} checkout-5xx.md db-connectivity", intent.id).as_str()),
            "the intent's id, then the runbook and the step"
        );
        assert_eq!(command.max_concurrency(), Some("50"));
        assert_eq!(command.max_errors(), Some("100%"));
        assert_eq!(command.timeout_seconds(), Some(120));
        let parameters = command.parameters().unwrap();
        assert_eq!(parameters["commands"], ["check-db"]);
        assert_eq!(parameters["executionTimeout"], ["120"]);
        assert_eq!(command.targets()[0].key(), Some("tag:Service"));
        assert_eq!(command.targets()[0].values(), ["checkout"]);
        let alarms = command.alarm_configuration().unwrap().alarms();
        assert_eq!(alarms[0].name(), "checkout-customer-impact");
    });
}

#[test]
fn a_step_whose_targets_match_no_instance_cannot_be_sent_and_says_why() {
    let emulator = Emulator::start();
    seed(&emulator, 0);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("nothing.md");
    std::fs::write(
        &file,
        "+++\ntitle = \"nothing\"\n[targets]\ntags = { Service = \"nothing\" }\n+++\n\n## Check\n\n```sh {\"name\":\"check\"}\nuptime\n```\n",
    )
    .unwrap();
    let book = warroom::runbook::load(&file).unwrap();
    let values = resolve_params(&book, &[]).unwrap();
    let resolved: Vec<_> = book
        .steps
        .iter()
        .map(|s| resolve_step(&book, s, &values).unwrap())
        .collect();
    let (end, text) = runtime().block_on(async {
        let aws = AwsSession::connect(session(&emulator.url)).await;
        let identity = warroom::aws::identity::caller_identity(&aws).await.unwrap();
        let fleet = SsmFleet::new(&aws);
        let insights = warroom::logs::CloudWatchInsights::new(&aws);
        let mut log = AuditLog::open(&dir.path().join("audit.jsonl")).unwrap();
        let mut env = RunEnv {
            fleet: &fleet,
            insights: &insights,
            audit: &mut log,
            account: warroom::session::FocusedAccount::named(&[], &identity.account, None),
            identity,
            region: aws.region.clone(),
            read_only: false,
            patience: quick(),
            query_patience: warroom::logs::run::QueryPatience::default(),
        };
        // --yes, then: retry (still nothing), skip
        let mut prompt = Prompter::new(&b"r\ns\n"[..], Vec::new(), true);
        let end = run_runbook(&mut env, &book, b"", &values, &resolved, &mut prompt)
            .await
            .unwrap();
        (end, String::from_utf8(prompt.out).unwrap())
    });
    assert_eq!(
        end,
        RunEnd::Completed {
            skipped: vec!["check".into()]
        },
        "{text}"
    );
    assert_eq!(
        text.matches(
            "Cannot send this step: no managed instance matches instances tagged Service=nothing."
        )
        .count(),
        2,
        "{text}"
    );
    assert!(!text.contains("Send it?"), "{text}");
    assert_eq!(emulator.calls_of("SendCommand"), 0);
    let records = records(&dir.path().join("audit.jsonl"));
    assert!(
        matches!(records.as_slice(), [Record::Skipped(e)] if e.step == "check"),
        "{records:?}"
    );
}

#[test]
fn ssm_keeps_24000_characters_of_stdout_and_8000_of_stderr_and_says_so() {
    let emulator = Emulator::start();
    seed(&emulator, 0);
    runtime().block_on(async {
        let aws = AwsSession::connect(session(&emulator.url)).await;
        let fleet = SsmFleet::new(&aws);
        let dir = tempfile::tempdir().unwrap();
        let mut log = AuditLog::open(&dir.path().join("audit.jsonl")).unwrap();
        let request = request("dump-everything", Targets::InstanceIds(vec![id(2)]));
        let outcome = run_command(
            &fleet,
            &mut log,
            intent(&request),
            request,
            quick(),
            &CancelSignal::new(),
            |_| {},
        )
        .await
        .unwrap();
        assert_eq!(outcome.status, CommandStatus::Success);
        assert_eq!(
            outcome.invocations.len(),
            1,
            "an InstanceIds command reaches that instance only"
        );
        let output = fleet.output(outcome.command_id, id(2)).await.unwrap();
        assert_eq!(output.stdout.len(), 24_000);
        assert_eq!(output.stderr.len(), 8_000);
        assert!(output.stdout_truncated);
        assert!(output.stderr_truncated);
    });
}

#[test]
fn cancelling_a_running_command_sends_cancel_command_and_ends_cancelled() {
    let emulator = Emulator::start();
    seed(&emulator, 50);
    runtime().block_on(async {
        let aws = AwsSession::connect(session(&emulator.url)).await;
        let fleet = SsmFleet::new(&aws);
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("audit.jsonl");
        let mut log = AuditLog::open(&path).unwrap();
        let mut request = request("sleep 600", tag("Service", "checkout"));
        request.max_concurrency = "1".into();
        let cancel = CancelSignal::new();
        let trigger = cancel.clone();
        let outcome = run_command(
            &fleet,
            &mut log,
            intent(&request),
            request,
            quick(),
            &cancel,
            |p| {
                if let Progress::Polled { invocations } = &p
                    && invocations
                        .iter()
                        .any(|i| i.status == InvocationStatus::InProgress)
                {
                    trigger.cancel();
                }
            },
        )
        .await
        .unwrap();
        assert_eq!(outcome.status, CommandStatus::Cancelled);
        assert!(
            outcome
                .invocations
                .iter()
                .all(|i| i.status == InvocationStatus::Cancelled)
        );
        let Some(Record::Finished(finished)) = records(&path).pop() else {
            panic!("no finished record");
        };
        assert_eq!(finished.status, "Cancelled");
    });
    assert_eq!(emulator.calls_of("CancelCommand"), 1);
}

#[test]
fn a_listing_that_fails_once_is_reported_and_the_command_still_followed_to_its_end() {
    let emulator = Emulator::start();
    seed(&emulator, 1);
    emulator.fault(
        json!({"operation": "ListCommandInvocations", "service": "ssm", "times": 1,
        "error": {"code": "InternalServerError", "message": "try again", "status": 400}}),
    );
    runtime().block_on(async {
        let aws = AwsSession::connect(session(&emulator.url)).await;
        let fleet = SsmFleet::new(&aws);
        let dir = tempfile::tempdir().unwrap();
        let mut log = AuditLog::open(&dir.path().join("audit.jsonl")).unwrap();
        let request = request("check-db", Targets::InstanceIds(vec![id(1)]));
        let mut failures = Vec::new();
        let outcome = run_command(
            &fleet,
            &mut log,
            intent(&request),
            request,
            quick(),
            &CancelSignal::new(),
            |p| {
                if let Progress::PollFailed { error, .. } = p {
                    failures.push(error.message);
                }
            },
        )
        .await
        .unwrap();
        assert_eq!(outcome.status, CommandStatus::Success);
        assert_eq!(failures.len(), 1, "{failures:?}");
        assert!(
            failures[0].contains("ssm:ListCommandInvocations"),
            "{failures:?}"
        );
    });
}

#[test]
fn more_than_50_instance_ids_are_refused_before_anything_is_sent() {
    let emulator = Emulator::start();
    seed(&emulator, 0);
    runtime().block_on(async {
        let aws = AwsSession::connect(session(&emulator.url)).await;
        let fleet = SsmFleet::new(&aws);
        let ids = (1..=51).map(id).collect();
        let error = fleet
            .send(request("check-db", Targets::InstanceIds(ids)))
            .await
            .unwrap_err();
        assert!(
            error.message.contains("at most 50 instance ids"),
            "{}",
            error.message
        );
        assert!(error.message.contains("by tag"), "{}", error.message);
    });
    assert_eq!(emulator.calls_of("SendCommand"), 0);
}

/// The demo runbook end to end through the prompts: rows of both queries, the service check,
/// the database check failing everywhere and passing on retry, the manual step, the typed
/// restart that fails on checkout-api-3 and passes on retry, the verify query; then the
/// audit file holds every step.
#[test]
fn the_demo_runbook_runs_end_to_end_through_the_prompts() {
    let emulator = Emulator::start_with(&["--seed", "demo"]);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("runbook-audit.jsonl");
    let file = Path::new("runbooks/checkout-5xx.md");
    let book = warroom::runbook::load(file).unwrap();
    let values = resolve_params(&book, &[]).unwrap();
    let resolved: Vec<_> = book
        .steps
        .iter()
        .map(|s| resolve_step(&book, s, &values).unwrap())
        .collect();
    let source = std::fs::read(file).unwrap();
    // with --yes: plain confirmations answer themselves, typed ones are asked
    let answers = [
        "r",            // db-connectivity failed on every host: retry, OK now
        "y",            // manual: security group reviewed
        "y",            // restart is typed: y is not enough
        "r",            //   retry the confirmation
        "123456789012", //   the account id
        "r",            // checkout-api-3 failed: retry
        "checkout",     //   the target name
    ];
    let input = answers.join("\n") + "\n";
    let (end, text) = runtime().block_on(async {
        let aws = AwsSession::connect(session(&emulator.url)).await;
        let identity = warroom::aws::identity::caller_identity(&aws).await.unwrap();
        let fleet = SsmFleet::new(&aws);
        let insights = warroom::logs::CloudWatchInsights::new(&aws);
        let mut log = AuditLog::open(&path).unwrap();
        let mut env = RunEnv {
            fleet: &fleet,
            insights: &insights,
            audit: &mut log,
            account: warroom::session::FocusedAccount::named(&[], &identity.account, None),
            identity,
            region: aws.region.clone(),
            read_only: false,
            patience: quick(),
            query_patience: warroom::logs::run::QueryPatience {
                first_poll: Duration::from_millis(20),
                max_poll: Duration::from_millis(80),
                queue_wait: Duration::from_millis(50),
                queue_attempts: 3,
            },
        };
        let mut prompt = Prompter::new(input.as_bytes(), Vec::new(), true);
        let end = run_runbook(&mut env, &book, &source, &values, &resolved, &mut prompt)
            .await
            .unwrap();
        (end, String::from_utf8(prompt.out).unwrap())
    });
    assert_eq!(end, RunEnd::Completed { skipped: vec![] }, "{text}");
    assert!(text.contains("Account 123456789012"), "{text}");
    assert!(
        text.contains("instances tagged Service=checkout: 4 instances"),
        "{text}"
    );
    assert!(text.contains("checkout-api-1"), "{text}");
    assert!(text.contains("healthz: HTTP 503"), "{text}");
    assert_eq!(
        text.matches("FAIL: no TCP connection to checkout-db")
            .count(),
        4,
        "{text}"
    );
    assert_eq!(
        text.matches("OK: TCP connection to checkout-db").count(),
        4,
        "{text}"
    );
    assert!(text.contains("--yes does not answer it"), "{text}");
    assert!(
        text.contains("checkout-api is not healthy 30s after the restart"),
        "{text}"
    );
    assert_eq!(text.matches("healthy after 4s").count(), 2 + 4, "{text}");
    assert!(
        text.contains("Runbook finished: every step done."),
        "{text}"
    );

    let records = records(&path);
    let steps: Vec<(String, &str)> = records
        .iter()
        .filter_map(|r| match r {
            Record::Intent(i) => Some((i.step.clone(), "intent")),
            Record::Finished(f) => Some((f.status.clone(), "finished")),
            Record::Acknowledged(e) => Some((e.step.clone(), "acknowledged")),
            _ => None,
        })
        .collect();
    let expected = [
        ("service-status", "intent"),
        ("Success", "finished"),
        ("db-connectivity", "intent"),
        ("Failed", "finished"),
        ("db-connectivity", "intent"),
        ("Success", "finished"),
        ("Review the security group change", "acknowledged"),
        ("restart", "intent"),
        ("Failed", "finished"),
        ("restart", "intent"),
        ("Success", "finished"),
    ];
    let expected: Vec<(String, &str)> = expected.iter().map(|(a, b)| (a.to_string(), *b)).collect();
    assert_eq!(steps, expected);
    assert!(audit::in_flight(&records).is_empty());
    let Record::Intent(restart) = records
        .iter()
        .rev()
        .find(|r| matches!(r, Record::Intent(_)))
        .unwrap()
    else {
        unreachable!()
    };
    assert_eq!(restart.account, "123456789012");
    assert_eq!(restart.max_concurrency, "1");
    assert!(
        restart
            .commands
            .starts_with("systemctl restart checkout-api")
    );
}
