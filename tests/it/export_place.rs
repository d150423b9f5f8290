//! `:export` writes into the open incident's folder in the state directory unless told a
//! path, and says the absolute path it wrote.

use crate::common;

use std::path::Path;
use std::time::Duration;

use common::console::{Console, runtime};

const WAIT: Duration = Duration::from_secs(20);

/// A console on an endpoint that answers nothing: an export needs no AWS. It waits for the
/// session to be set up, since setting it up ends the tasks of the one before.
async fn console(state_dir: &Path) -> Console {
    let mut console = Console::open("http://127.0.0.1:9", Duration::from_secs(300));
    console.app.set_state_dir(state_dir.to_path_buf());
    console
        .wait_until("the session", WAIT, |s| s.session.connected)
        .await;
    console
}

async fn export(console: &mut Console, line: &str) -> String {
    console.app.state.flash = None;
    console.command(line);
    console
        .wait_until("the export's message", WAIT, |s| {
            s.flash
                .as_ref()
                .is_some_and(|f| f.text.starts_with("Exported") || f.text.contains("cannot"))
        })
        .await;
    console
        .app
        .state
        .flash
        .as_ref()
        .map(|f| f.text.clone())
        .unwrap_or_default()
}

#[test]
fn export_md_writes_into_the_incidents_folder_and_says_its_absolute_path() {
    let state = std::env::temp_dir().join(format!("warroom-export-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&state);
    runtime().block_on(async {
        let mut console = console(&state).await;
        console.command("incident start checkout-5xx");
        console
            .wait_until("the incident", WAIT, |s| {
                s.panes.timeline.incident.is_some()
            })
            .await;
        let said = export(&mut console, "export md").await;
        let want = state.join("incidents/checkout-5xx/checkout-5xx-timeline.md");
        assert_eq!(said, format!("Exported the timeline to {}", want.display()));
        assert!(want.is_absolute() && want.exists(), "{}", want.display());
        let text = std::fs::read_to_string(&want).expect("the export");
        assert!(text.contains("checkout-5xx"), "{text}");
        assert!(
            !Path::new("checkout-5xx-timeline.md").exists(),
            "nothing lands in the current folder"
        );
    });
    let _ = std::fs::remove_dir_all(&state);
}

#[test]
fn export_to_a_relative_path_resolves_it_from_the_current_folder_and_says_it_whole() {
    let state = std::env::temp_dir().join(format!("warroom-export-rel-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&state);
    let relative = format!("target/export-test-{}/t.csv", std::process::id());
    let absolute = std::env::current_dir()
        .expect("a current folder")
        .join(&relative);
    runtime().block_on(async {
        let mut console = console(&state).await;
        let said = export(&mut console, &format!("export csv -o {relative}")).await;
        assert_eq!(
            said,
            format!("Exported the timeline to {}", absolute.display())
        );
        assert!(absolute.exists(), "{}", absolute.display());
        let said = export(&mut console, "export jsonl").await;
        let want = state.join("exports/timeline-timeline.jsonl");
        assert_eq!(said, format!("Exported the timeline to {}", want.display()));
        assert!(want.exists());
    });
    if let Some(dir) = absolute.parent() {
        let _ = std::fs::remove_dir_all(dir);
    }
    let _ = std::fs::remove_dir_all(&state);
}
