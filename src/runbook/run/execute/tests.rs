use std::collections::BTreeMap;
use std::sync::Mutex;

use super::*;
use crate::aws::ErrorKind;
use crate::kit::work::BoxFuture;
use jiff::Timestamp;

use crate::runbook::language::model::Targets;
use crate::runbook::run::audit::{InFlight, Intent, Sent, content_hash};
use crate::runbook::run::fleet::{
    CommandRequest, Fleet, Invocation, InvocationOutput, InvocationStatus, ListedCommand,
    SendError, TargetPreview,
};

use InvocationStatus::{Cancelled, Failed, InProgress, Pending, Success, TimedOut};

/// A fleet that answers from a script and writes down every call, in order, into the same
/// journal the audit capture writes to.
struct Scripted {
    journal: Arc<Mutex<Vec<String>>>,
    /// SendCommand's answer: a timeout or connection error is a missing answer, any other
    /// error a refusal. After the first, every send answers `cmd-again`.
    send: Mutex<Option<Result<String, AwsError>>>,
    /// One ListCommands lookup's answer each; the last one repeats.
    lookups: Mutex<Vec<Result<Option<ListedCommand>, AwsError>>>,
    /// The Comment of every SendCommand.
    comments: Mutex<Vec<String>>,
    /// One listing per poll; the last one repeats.
    listings: Mutex<Vec<Result<Vec<Invocation>, AwsError>>>,
    /// After CancelCommand, every invocation not ended is listed Cancelled.
    cancelled: AtomicBool,
}

impl Scripted {
    fn new(
        journal: &Arc<Mutex<Vec<String>>>,
        listings: Vec<Vec<(&str, InvocationStatus)>>,
    ) -> Self {
        Scripted {
            journal: journal.clone(),
            send: Mutex::new(Some(Ok("cmd-1".into()))),
            lookups: Mutex::new(vec![Ok(None)]),
            comments: Mutex::default(),
            listings: Mutex::new(
                listings
                    .into_iter()
                    .map(|l| Ok(l.into_iter().map(|(id, s)| inv(id, s)).collect()))
                    .collect(),
            ),
            cancelled: AtomicBool::new(false),
        }
    }

    fn calls(&self, prefix: &str) -> usize {
        let journal = self.journal.lock().unwrap();
        journal.iter().filter(|c| c.starts_with(prefix)).count()
    }
}

fn inv(id: &str, status: InvocationStatus) -> Invocation {
    Invocation {
        instance_id: id.into(),
        instance_name: format!("name-{id}"),
        status,
        status_details: format!("{status:?}"),
        output: String::new(),
        response_code: None,
        started: None,
        ended: None,
    }
}

impl Fleet for Scripted {
    fn preview(&self, _: Targets) -> BoxFuture<'_, Result<TargetPreview, AwsError>> {
        Box::pin(async { Ok(TargetPreview::default()) })
    }
    fn send(&self, request: CommandRequest) -> BoxFuture<'_, Result<String, AwsError>> {
        self.journal.lock().unwrap().push("send".into());
        self.comments.lock().unwrap().push(request.comment);
        let next = self
            .send
            .lock()
            .unwrap()
            .take()
            .unwrap_or_else(|| Ok("cmd-again".into()));
        Box::pin(async move { next })
    }
    fn submit(&self, request: CommandRequest) -> BoxFuture<'_, Result<String, SendError>> {
        let sending = self.send(request);
        Box::pin(async move {
            sending.await.map_err(|e| match e.kind {
                ErrorKind::Timeout | ErrorKind::Connection => SendError::Unanswered(e),
                _ => SendError::Refused(e),
            })
        })
    }
    fn find_sent(
        &self,
        intent_id: String,
        _: Timestamp,
    ) -> BoxFuture<'_, Result<Option<ListedCommand>, AwsError>> {
        self.journal
            .lock()
            .unwrap()
            .push(format!("lookup {intent_id}"));
        let mut lookups = self.lookups.lock().unwrap();
        let next = if lookups.len() > 1 {
            lookups.remove(0)
        } else {
            lookups[0].clone()
        };
        Box::pin(async move { next })
    }
    fn invocations(&self, _: String) -> BoxFuture<'_, Result<Vec<Invocation>, AwsError>> {
        self.journal.lock().unwrap().push("list".into());
        let mut listings = self.listings.lock().unwrap();
        let mut next = if listings.len() > 1 {
            listings.remove(0)
        } else {
            listings[0].clone()
        };
        if self.cancelled.load(Ordering::SeqCst)
            && let Ok(list) = &mut next
        {
            for i in list.iter_mut().filter(|i| !i.status.is_final()) {
                i.status = Cancelled;
            }
        }
        Box::pin(async move { next })
    }
    fn output(&self, _: String, _: String) -> BoxFuture<'_, Result<InvocationOutput, AwsError>> {
        Box::pin(async { Err(throttled()) })
    }
    fn cancel(&self, _: String) -> BoxFuture<'_, Result<(), AwsError>> {
        self.journal.lock().unwrap().push("cancel".into());
        self.cancelled.store(true, Ordering::SeqCst);
        Box::pin(async { Ok(()) })
    }
}

/// Records what was appended into the shared journal, or fails every append.
struct Capture {
    journal: Arc<Mutex<Vec<String>>>,
    records: Vec<Record>,
    broken: bool,
}

impl Capture {
    fn new(journal: &Arc<Mutex<Vec<String>>>) -> Self {
        Capture {
            journal: journal.clone(),
            records: Vec::new(),
            broken: false,
        }
    }
}

impl AuditSink for Capture {
    fn append(&mut self, record: &Record) -> std::io::Result<()> {
        if self.broken {
            return Err(std::io::Error::other("No space left on device"));
        }
        let kind = match record {
            Record::Intent(_) => "audit intent",
            Record::Sent(_) => "audit sent",
            Record::Finished(_) => "audit finished",
            Record::OutcomeUnknown(_) => "audit unknown",
            Record::NotSent(_) => "audit not sent",
            _ => "audit other",
        };
        self.journal.lock().unwrap().push(kind.into());
        self.records.push(record.clone());
        Ok(())
    }

    fn location(&self) -> String {
        "/state/runbook-audit.jsonl".into()
    }
}

fn throttled() -> AwsError {
    AwsError {
        kind: ErrorKind::Throttled,
        code: Some("ThrottlingException".into()),
        message: "AWS throttled ssm:ListCommandInvocations (ThrottlingException) after retries."
            .into(),
    }
}

fn intent() -> Intent {
    Intent {
        id: "intent-1".into(),
        time: Timestamp::UNIX_EPOCH,
        runbook: "runbooks/checkout-5xx.md".into(),
        content_hash: content_hash(b"runbook"),
        step: "restart".into(),
        parameters: BTreeMap::new(),
        document: "AWS-RunShellScript".into(),
        commands: "systemctl restart checkout-api".into(),
        targets: Targets::Tags(BTreeMap::from([(
            "Service".to_string(),
            vec!["checkout".to_string()],
        )])),
        max_concurrency: "1".into(),
        max_errors: "0".into(),
        timeout_seconds: 300,
        caller_arn: "arn:aws:iam::123456789012:user/alice".into(),
        account: "123456789012".into(),
        region: "us-east-1".into(),
    }
}

fn request() -> CommandRequest {
    CommandRequest {
        document: "AWS-RunShellScript".into(),
        commands: "systemctl restart checkout-api".into(),
        targets: intent().targets,
        max_concurrency: "1".into(),
        max_errors: "0".into(),
        timeout_seconds: 300,
        comment: "warroom checkout-5xx.md restart".into(),
        stop_on_alarm: Vec::new(),
    }
}

fn quick() -> StepPatience {
    StepPatience {
        first_poll: Duration::from_millis(10),
        max_poll: Duration::from_millis(40),
        poll_failures: 3,
        empty_polls: 3,
        settle: Duration::from_secs(15),
    }
}

async fn run(
    fleet: &Scripted,
    audit: &mut Capture,
    cancel: &CancelSignal,
) -> (Result<CommandOutcome, ExecuteError>, Vec<Progress>) {
    let mut seen = Vec::new();
    let result = run_command(fleet, audit, intent(), request(), quick(), cancel, |p| {
        seen.push(p)
    })
    .await;
    (result, seen)
}

#[tokio::test(start_paused = true)]
async fn nothing_is_sent_when_the_intent_cannot_be_written() {
    let journal = Arc::default();
    let fleet = Scripted::new(&journal, vec![vec![("i-1", Success)]]);
    let mut audit = Capture::new(&journal);
    audit.broken = true;
    let (result, seen) = run(&fleet, &mut audit, &CancelSignal::new()).await;
    assert_eq!(
        fleet.calls("send"),
        0,
        "SendCommand without the intent on disk"
    );
    assert_eq!(fleet.calls("list"), 0);
    assert!(seen.is_empty());
    let message = result.unwrap_err().to_string();
    assert!(message.starts_with("Nothing was sent"), "{message}");
    assert!(message.contains("/state/runbook-audit.jsonl"), "{message}");
    assert!(message.contains("No space left on device"), "{message}");
}

#[tokio::test(start_paused = true)]
async fn the_intent_is_written_before_the_send_then_sent_and_finished_follow() {
    let journal = Arc::default();
    let fleet = Scripted::new(
        &journal,
        vec![
            vec![("i-1", Pending), ("i-2", Pending)],
            vec![("i-1", InProgress), ("i-2", Pending)],
            vec![("i-1", Success), ("i-2", Success)],
        ],
    );
    let mut audit = Capture::new(&journal);
    let (result, seen) = run(&fleet, &mut audit, &CancelSignal::new()).await;
    let outcome = result.unwrap();
    assert_eq!(outcome.status, CommandStatus::Success);
    assert_eq!(outcome.command_id, "cmd-1");
    assert!(outcome.audit_problems.is_empty());
    let journal = journal.lock().unwrap().clone();
    assert_eq!(
        journal,
        [
            "audit intent",
            "send",
            "audit sent",
            "list",
            "list",
            "list",
            "audit finished"
        ]
    );
    let Record::Finished(finished) = &audit.records[2] else {
        panic!("{:?}", audit.records[2]);
    };
    assert_eq!(finished.status, "Success");
    assert_eq!(finished.intent, "intent-1");
    assert_eq!(
        finished
            .instances
            .iter()
            .map(|i| (i.instance_id.as_str(), i.status.as_str()))
            .collect::<Vec<_>>(),
        [("i-1", "Success"), ("i-2", "Success")]
    );
    let polled: Vec<Vec<InvocationStatus>> = seen
        .iter()
        .filter_map(|p| match p {
            Progress::Polled { invocations } => {
                Some(invocations.iter().map(|i| i.status).collect())
            }
            _ => None,
        })
        .collect();
    assert_eq!(
        polled,
        [
            vec![Pending, Pending],
            vec![InProgress, Pending],
            vec![Success, Success]
        ]
    );
}

#[tokio::test(start_paused = true)]
async fn a_refused_send_records_the_intent_and_not_sent() {
    let journal = Arc::default();
    let fleet = Scripted::new(&journal, vec![vec![]]);
    *fleet.send.lock().unwrap() = Some(Err(AwsError {
        kind: ErrorKind::AccessDenied,
        code: Some("AccessDeniedException".into()),
        message:
            "Access denied (AccessDeniedException): the credentials in use lack ssm:SendCommand."
                .into(),
    }));
    let mut audit = Capture::new(&journal);
    let (result, _) = run(&fleet, &mut audit, &CancelSignal::new()).await;
    let message = result.unwrap_err().to_string();
    assert!(message.contains("Nothing was sent"), "{message}");
    assert!(message.contains("ssm:SendCommand"), "{message}");
    assert_eq!(audit.records.len(), 2);
    let Record::NotSent(not_sent) = &audit.records[1] else {
        panic!("{:?}", audit.records[1]);
    };
    assert!(not_sent.reason.contains("SSM refused it"), "{not_sent:?}");
    assert_eq!(fleet.calls("list"), 0);
    assert_eq!(fleet.calls("lookup"), 0, "a refusal needs no lookup");
}

#[test]
fn the_command_status_is_what_ssm_would_say() {
    let of = |statuses: &[InvocationStatus], cancel| {
        let list: Vec<Invocation> = statuses.iter().map(|s| inv("i", *s)).collect();
        CommandStatus::of(&list, cancel)
    };
    assert_eq!(of(&[Success, Success], false), CommandStatus::Success);
    assert_eq!(of(&[Success, Failed], false), CommandStatus::Failed);
    assert_eq!(of(&[Success, TimedOut], false), CommandStatus::TimedOut);
    assert_eq!(of(&[Failed, TimedOut], false), CommandStatus::Failed);
    // MaxErrors passed: SSM never starts the rest, and the command failed
    assert_eq!(
        of(&[Success, Failed, Cancelled], false),
        CommandStatus::Failed
    );
    assert_eq!(
        of(&[Success, Failed, Cancelled], true),
        CommandStatus::Cancelled
    );
    assert_eq!(
        of(&[InvocationStatus::Undeliverable], false),
        CommandStatus::Failed
    );
}

#[tokio::test(start_paused = true)]
async fn failed_and_timed_out_instances_are_recorded_each_with_its_status() {
    let journal = Arc::default();
    let fleet = Scripted::new(
        &journal,
        vec![vec![("i-1", Success), ("i-2", Failed), ("i-3", TimedOut)]],
    );
    let mut audit = Capture::new(&journal);
    let (result, _) = run(&fleet, &mut audit, &CancelSignal::new()).await;
    assert_eq!(result.unwrap().status, CommandStatus::Failed);
    let Some(Record::Finished(finished)) = audit.records.last() else {
        panic!("no finished record: {:?}", audit.records);
    };
    assert_eq!(finished.status, "Failed");
    let statuses: Vec<&str> = finished
        .instances
        .iter()
        .map(|i| i.status.as_str())
        .collect();
    assert_eq!(statuses, ["Success", "Failed", "TimedOut"]);
}

#[tokio::test(start_paused = true)]
async fn cancelling_sends_cancel_command_and_ends_cancelled() {
    let journal = Arc::default();
    let fleet = Scripted::new(
        &journal,
        vec![vec![
            ("i-1", Success),
            ("i-2", InProgress),
            ("i-3", Pending),
        ]],
    );
    let mut audit = Capture::new(&journal);
    let cancel = CancelSignal::new();
    let trigger = cancel.clone();
    let mut seen = Vec::new();
    let result = run_command(
        &fleet,
        &mut audit,
        intent(),
        request(),
        quick(),
        &cancel,
        |p| {
            if matches!(p, Progress::Polled { .. }) {
                trigger.cancel();
            }
            seen.push(p);
        },
    )
    .await;
    let outcome = result.unwrap();
    assert_eq!(outcome.status, CommandStatus::Cancelled);
    assert_eq!(fleet.calls("cancel"), 1);
    assert!(seen.contains(&Progress::CancelRequested {
        command_id: "cmd-1".into()
    }));
    let statuses: Vec<InvocationStatus> = outcome.invocations.iter().map(|i| i.status).collect();
    assert_eq!(statuses, [Success, Cancelled, Cancelled]);
    let Some(Record::Finished(finished)) = audit.records.last() else {
        panic!("no finished record");
    };
    assert_eq!(finished.status, "Cancelled");
}

#[tokio::test(start_paused = true)]
async fn a_listing_that_keeps_failing_says_the_command_was_sent_and_runs_on() {
    let journal = Arc::default();
    let fleet = Scripted::new(&journal, vec![]);
    *fleet.listings.lock().unwrap() = vec![Err(throttled())];
    let mut audit = Capture::new(&journal);
    let (result, seen) = run(&fleet, &mut audit, &CancelSignal::new()).await;
    let message = result.unwrap_err().to_string();
    assert!(
        message.contains("cmd-1 was sent and keeps running"),
        "{message}"
    );
    assert_eq!(fleet.calls("list"), 3);
    assert_eq!(
        seen.iter()
            .filter(|p| matches!(p, Progress::PollFailed { .. }))
            .count(),
        2
    );
    // intent and sent are written; no finished: the next start shows it in flight
    assert_eq!(audit.records.len(), 2);
    assert_eq!(
        crate::runbook::run::audit::in_flight(&audit.records).len(),
        1
    );
}

#[tokio::test(start_paused = true)]
async fn resume_records_the_end_of_commands_that_have_ended_and_leaves_running_ones() {
    let journal = Arc::default();
    let ended = Scripted::new(&journal, vec![vec![("i-1", Success), ("i-2", Failed)]]);
    let mut audit = Capture::new(&journal);
    let flight = InFlight {
        intent: intent(),
        command_id: "cmd-1".into(),
    };
    let results = resume(&ended, &mut audit, std::slice::from_ref(&flight)).await;
    let Resumed::Finished { outcome, .. } = &results[0].1 else {
        panic!("{:?}", results[0].1);
    };
    assert_eq!(outcome.status, CommandStatus::Failed);
    assert_eq!(audit.records.len(), 1);
    let mut records = vec![
        Record::Intent(Box::new(intent())),
        Record::Sent(Sent {
            intent: "intent-1".into(),
            time: Timestamp::UNIX_EPOCH,
            command_id: "cmd-1".into(),
            resolved: None,
        }),
    ];
    records.extend(audit.records.clone());
    assert!(crate::runbook::run::audit::in_flight(&records).is_empty());

    let running = Scripted::new(&journal, vec![vec![("i-1", Success), ("i-2", InProgress)]]);
    let mut audit = Capture::new(&journal);
    let results = resume(&running, &mut audit, &[flight]).await;
    assert!(matches!(results[0].1, Resumed::Running { .. }));
    assert!(audit.records.is_empty());
}

mod unknown;
