//! What is process-wide (the allocator's count, the panic hook) is tested in a process of its
//! own: the test runs this binary again with only itself, and passes when that run passed it.

use std::process::Command;

const SOLO: &str = "WARROOM_TEST_SOLO";

/// True inside the process that runs the test `name` alone: its body runs there. Elsewhere,
/// runs that process, fails with its output unless it passed exactly this test, and is false.
pub fn alone(name: &str) -> bool {
    if std::env::var(SOLO).is_ok_and(|n| n == name) {
        return true;
    }
    let exe = std::env::current_exe().expect("the test binary knows its path");
    let out = Command::new(exe)
        .args([name, "--exact", "--test-threads=1", "--nocapture"])
        .env(SOLO, name)
        .output()
        .expect("the test binary runs again");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success() && stdout.contains("1 passed"),
        "{name} in its own process:\n{stdout}\n{stderr}"
    );
    false
}
