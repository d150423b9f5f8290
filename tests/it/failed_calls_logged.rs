//! Every failed AWS call is written to the log once, with its operation, AWS's error code and
//! request id, and the pane or command whose work made it.

use std::io::Write;
use std::sync::{Arc, Mutex};

use serde_json::json;
use warroom::aws::AwsSession;
use warroom::changes::{ChangeQuery, ChangeSource, CloudTrailChanges};
use warroom::logging::CALLER;

use crate::common::console::test_settings;
use crate::common::emulator::Emulator;

#[derive(Clone, Default)]
struct Lines(Arc<Mutex<Vec<u8>>>);

impl Write for Lines {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[test]
fn a_failed_lookup_events_is_logged_once_with_its_operation_code_request_id_and_pane() {
    let emulator = Emulator::start();
    emulator.fault(json!({"operation": "LookupEvents", "times": 1,
        "error": {"code": "AccessDeniedException", "message": "not allowed to look up events", "status": 400}}));
    let lines = Lines::default();
    let writer = lines.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let answer = tracing::subscriber::with_default(subscriber, || {
        runtime.block_on(async {
            let session = AwsSession::connect(test_settings(&emulator.url)).await;
            let changes = CloudTrailChanges::new(&session, Arc::new(Vec::new()), 10.0);
            let query =
                ChangeQuery::last(jiff::SignedDuration::from_hours(1), jiff::Timestamp::now());
            CALLER.scope("changes", changes.page(query, None)).await
        })
    });
    let Err(error) = answer else {
        panic!("LookupEvents was refused by the fault, yet it answered");
    };
    let log = String::from_utf8(lines.0.lock().unwrap().clone()).unwrap();
    let logged: Vec<&str> = log
        .lines()
        .filter(|l| l.contains("cloudtrail:LookupEvents"))
        .collect();
    assert_eq!(logged.len(), 1, "logged once:\n{log}");
    let line = logged[0];
    assert!(line.contains("WARN"), "{line}");
    assert!(line.contains("code=\"AccessDeniedException\""), "{line}");
    assert!(
        line.contains("caller=\"changes\""),
        "the pane is named: {line}"
    );
    assert!(line.contains(&error.message), "{line}");
    let request_id = line
        .split("request_id=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap_or("-");
    assert_ne!(request_id, "-", "AWS's request id is kept: {line}");
}
