//! What warroom writes in its state directory is private whatever the umask: the console and
//! `runbook run` run in a pseudo-terminal with umask 022 and every folder they leave is 0700,
//! every file 0600 (a folder and files left 0755/0644 by an older warroom are tightened).
//! The same runs show that a recording's header and an incident's `started` record name the
//! account and the region.

use crate::common;

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use common::emulator::Emulator;
use common::terminal::Pty;

const WAIT: Duration = Duration::from_secs(60);
const GROUP: &str = "/aws/ecs/web";

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .permissions()
        .mode()
        & 0o777
}

fn seed(emulator: &Emulator) {
    let now = jiff::Timestamp::now();
    let events: Vec<Value> = (0..5)
        .map(|m| {
            let at = (now - jiff::SignedDuration::from_mins(m)).to_string();
            json!({"timestamp": at, "message": format!("line {m}"), "stream": "web/1"})
        })
        .collect();
    emulator.seed(json!({
        "logs": {"groups": [{"name": GROUP, "events": events}]},
        "ssm": {"polls": 0, "instances": [
            {"id": "i-0aaa000000000001", "name": "web-1", "tags": {"Service": "web"}}
        ], "outcomes": [{"match": "systemctl restart web", "stdout": "restarted\n"}]}
    }));
}

fn wait_until(what: &str, pty: &mut Pty, done: impl Fn() -> bool) {
    let deadline = Instant::now() + WAIT;
    while !done() {
        if Instant::now() > deadline || !pty.running() {
            panic!(
                "waited in vain for {what}. The terminal shows:\n{}",
                pty.text()
            );
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// Lines of a JSONL file, parsed.
fn records(path: &Path) -> Vec<Value> {
    std::fs::read_to_string(path)
        .unwrap_or_default()
        .lines()
        .filter_map(|l| serde_json::from_str(l).ok())
        .collect()
}

fn has_identity(path: &Path) -> bool {
    records(path).iter().any(|r| r["kind"] == "identity")
}

/// The console in a pseudo-terminal, umask 022: once `open` holds, `typed` is typed; once
/// `ready` holds, it quits.
fn console(
    emulator: &Emulator,
    state: &Path,
    args: &[&str],
    open: impl Fn() -> bool,
    typed: &str,
    ready: impl Fn() -> bool,
) {
    let mut all = vec![
        "--endpoint-url",
        emulator.url.as_str(),
        "--region",
        "us-east-1",
    ];
    all.extend_from_slice(args);
    let before = "stty rows 40 cols 120 2>/dev/null; umask 022;";
    let mut pty = Pty::spawn(&common::binary::warroom(Some(state)), &all, before);
    wait_until("the console to open", &mut pty, open);
    pty.type_text(typed);
    wait_until("the files", &mut pty, ready);
    pty.type_text("\x1b");
    std::thread::sleep(Duration::from_millis(300));
    pty.type_text("\x03");
    let deadline = Instant::now() + WAIT;
    while pty.running() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(100));
    }
    assert!(!pty.running(), "the console quit:\n{}", pty.text());
}

/// Every folder and file under `dir`.
fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        out.push(path.clone());
        if path.is_dir() {
            walk(&path, out);
        }
    }
}

/// A state dir as an older warroom left it: open to all, with a torn incident journal.
fn older_state(root: &Path) {
    let warroom = root.join("warroom");
    let torn = warroom.join("incidents").join("ir-torn");
    std::fs::create_dir_all(&torn).unwrap();
    let started = json!({"record": "started", "recorded": "2026-11-23T03:00:00Z", "at": "2026-11-23T03:00:00Z",
        "name": "ir-torn", "account": null, "region": null, "who": "alice"});
    std::fs::write(
        torn.join("journal.jsonl"),
        format!("{started}\n{{\"record\":\"note_added\",\"rec"),
    )
    .unwrap();
    std::fs::write(warroom.join("warroom.log"), "older\n").unwrap();
    for (path, mode) in [
        (warroom.clone(), 0o755),
        (warroom.join("incidents"), 0o755),
        (torn.clone(), 0o755),
        (torn.join("journal.jsonl"), 0o644),
        (warroom.join("warroom.log"), 0o644),
    ] {
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode)).unwrap();
    }
}

#[test]
fn everything_in_the_state_dir_is_private_under_umask_022() {
    let emulator = Emulator::start();
    seed(&emulator);
    let root = tempfile::tempdir().unwrap();
    let state = root.path();
    older_state(state);
    let warroom = state.join("warroom");
    let incidents = warroom.join("incidents");

    // A new incident (journal, its recording), a query (the history), the log.
    let recording = incidents.join("ir-new").join("recording.jsonl");
    let queries = warroom.join("queries.jsonl");
    let query = format!(":logs group={GROUP} run query fields @message | limit 5\r");
    console(
        &emulator,
        state,
        &["--incident", "ir-new"],
        || has_identity(&recording),
        &query,
        || queries.exists(),
    );
    // The torn incident opened again (its tail moved aside), and a recording by --record.
    let elsewhere = tempfile::tempdir().unwrap();
    let recorded = elsewhere.path().join("rec.jsonl");
    console(
        &emulator,
        state,
        &[
            "--incident",
            "ir-torn",
            "--record",
            &recorded.display().to_string(),
        ],
        || has_identity(&recorded) && incidents.join("ir-torn/journal.jsonl.torn").exists(),
        "",
        || true,
    );
    // runbook run: the audit log.
    let runbook = elsewhere.path().join("restart.md");
    std::fs::write(
        &runbook,
        "+++\ntitle = \"restart\"\n[targets]\ntags = { Service = \"web\" }\n+++\n\n## Restart\n\n```sh {\"name\":\"restart\"}\nsystemctl restart web\n```\n",
    )
    .unwrap();
    let settings = common::binary::warroom(Some(state));
    let runbook = runbook.display().to_string();
    let args = [
        "--endpoint-url",
        &emulator.url,
        "--region",
        "us-east-1",
        "runbook",
        "run",
        &runbook,
    ];
    let mut pty = Pty::spawn(&settings, &args, "umask 022;");
    pty.answer("y\n", WAIT);
    let (code, text) = pty.finish();
    assert_eq!(code, 0, "{text}");

    let mut paths = Vec::new();
    walk(&warroom, &mut paths);
    let expected = [
        "warroom.log",
        "queries.jsonl",
        "runbook-audit.jsonl",
        "incidents",
        "incidents/ir-new",
        "incidents/ir-new/journal.jsonl",
        "incidents/ir-new/recording.jsonl",
        "incidents/ir-torn",
        "incidents/ir-torn/journal.jsonl",
        "incidents/ir-torn/journal.jsonl.torn",
    ];
    for name in expected {
        assert!(
            paths.contains(&warroom.join(name)),
            "{name} was written: {paths:?}"
        );
    }
    let modes: Vec<(String, u32)> = std::iter::once(warroom.clone())
        .chain(paths)
        .chain([recorded.clone()])
        .map(|p| (p.display().to_string(), mode(&p)))
        .collect();
    let loose: Vec<String> = modes
        .iter()
        .filter(|(p, m)| *m != if Path::new(p).is_dir() { 0o700 } else { 0o600 })
        .map(|(p, m)| format!("{p} {m:o}"))
        .collect();
    assert!(loose.is_empty(), "not private: {loose:?}");

    // Where they were: the header of each recording and the new incident's `started` record.
    for path in [&recording, &recorded] {
        let header = &records(path)[0];
        assert_eq!(header["kind"], "header", "{}", path.display());
        assert_eq!(header["account"], "123456789012", "{}", path.display());
        assert_eq!(header["region"], "us-east-1", "{}", path.display());
    }
    let started = &records(&incidents.join("ir-new/journal.jsonl"))[0];
    assert_eq!(started["record"], "started");
    assert_eq!(started["account"], "123456789012");
    assert_eq!(started["region"], "us-east-1");
}
