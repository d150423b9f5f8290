//! The local AWS emulator (tests/emulator/) as a test fixture: started on a free loopback
//! port, stopped by its process id.

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use serde_json::Value;

pub struct Emulator {
    child: Option<Child>,
    pub url: String,
    port: u16,
    log: PathBuf,
}

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The emulator's Python: `WARROOM_EMULATOR_PYTHON`, else the venv that `scripts/test` makes.
pub fn python() -> PathBuf {
    if let Some(p) = std::env::var_os("WARROOM_EMULATOR_PYTHON") {
        return PathBuf::from(p);
    }
    let venv = repo().join("tests/emulator/.venv/bin/python");
    if !venv.exists() {
        panic!(
            "\nThe AWS emulator is not installed ({} is missing).\n\
             Install it with `scripts/test` (it creates the venv), or by hand:\n  \
             python3 -m venv tests/emulator/.venv && tests/emulator/.venv/bin/pip install -r tests/emulator/requirements.txt\n",
            venv.display()
        );
    }
    venv
}

impl Emulator {
    pub fn start() -> Emulator {
        Self::start_with(&[])
    }

    /// Starts with extra arguments, such as `["--seed", "demo"]`.
    pub fn start_with(args: &[&str]) -> Emulator {
        let log = std::env::temp_dir().join(format!(
            "warroom-emulator-{}-{}.log",
            std::process::id(),
            unique()
        ));
        let (child, url, port) = spawn(0, args, &log);
        Emulator {
            child: Some(child),
            url,
            port,
            log,
        }
    }

    pub fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// Starts it again on the same port, empty.
    pub fn restart(&mut self) {
        self.stop();
        let (child, url, _) = spawn(self.port, &[], &self.log);
        assert_eq!(url, self.url);
        self.child = Some(child);
    }

    pub fn post(&self, path: &str, body: Value) -> Value {
        let url = format!("{}{path}", self.url);
        let mut response = ureq::post(&url)
            .send_json(&body)
            .unwrap_or_else(|e| panic!("POST {path} to the emulator failed: {e}"));
        response.body_mut().read_json().unwrap_or(Value::Null)
    }

    pub fn seed(&self, body: Value) {
        self.post("/_emulator/seed", body);
    }

    pub fn fault(&self, body: Value) {
        self.post("/_emulator/faults", body);
    }

    /// Every AWS request the emulator received since it started or was reset.
    pub fn requests(&self) -> Vec<Value> {
        let url = format!("{}/_emulator/requests", self.url);
        let mut response = ureq::get(&url)
            .call()
            .unwrap_or_else(|e| panic!("GET /_emulator/requests failed: {e}"));
        match response.body_mut().read_json::<Value>() {
            Ok(Value::Array(items)) => items,
            other => panic!("unexpected request log: {other:?}"),
        }
    }

    pub fn calls_of(&self, operation: &str) -> usize {
        self.requests()
            .iter()
            .filter(|r| r["operation"] == operation)
            .count()
    }
}

impl Drop for Emulator {
    fn drop(&mut self) {
        self.stop();
        let _ = std::fs::remove_file(&self.log);
    }
}

fn unique() -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(0);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

fn spawn(port: u16, args: &[&str], log: &PathBuf) -> (Child, String, u16) {
    let python = python();
    let server = repo().join("tests/emulator/server.py");
    let log_file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(log)
        .unwrap_or_else(|e| panic!("cannot create the emulator log {}: {e}", log.display()));
    let mut child = Command::new(&python)
        .arg(&server)
        .args(["--host", "127.0.0.1", "--port", &port.to_string()])
        .args(args)
        .stdout(Stdio::piped())
        .stderr(log_file)
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start the emulator with {}: {e}", python.display()));
    let stdout = child.stdout.take().expect("piped stdout");
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            if let Some(url) = line.strip_prefix("READY ") {
                let _ = tx.send(url.trim().to_string());
            }
        }
    });
    match rx.recv_timeout(Duration::from_secs(30)) {
        Ok(url) => {
            let port = url
                .rsplit(':')
                .next()
                .and_then(|p| p.parse().ok())
                .expect("a port in the READY line");
            (child, url, port)
        }
        Err(_) => {
            let _ = child.kill();
            let text = std::fs::read_to_string(log).unwrap_or_default();
            panic!("the emulator did not start within 30 s. Its log:\n{text}");
        }
    }
}

/// Credentials and settings the SDK needs to talk to the emulator, and nothing from the
/// developer's own AWS or warroom setup: no config file, no read-only from the environment,
/// and a state directory of the test process's own.
pub fn isolate_aws_env() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        // SAFETY: runs once, before any test in this binary reads the environment
        // through anything but std's own locked accessors.
        unsafe {
            std::env::set_var("AWS_ACCESS_KEY_ID", "testing");
            std::env::set_var("AWS_SECRET_ACCESS_KEY", "testing");
            std::env::remove_var("AWS_SESSION_TOKEN");
            std::env::remove_var("AWS_PROFILE");
            std::env::remove_var("AWS_ENDPOINT_URL");
            std::env::set_var("AWS_CONFIG_FILE", "/nonexistent/warroom-test/config");
            std::env::set_var(
                "AWS_SHARED_CREDENTIALS_FILE",
                "/nonexistent/warroom-test/credentials",
            );
            std::env::set_var("AWS_EC2_METADATA_DISABLED", "true");
            let state =
                std::env::temp_dir().join(format!("warroom-test-state-{}", std::process::id()));
            std::env::set_var("XDG_STATE_HOME", state);
            std::env::set_var("XDG_CONFIG_HOME", "/nonexistent/warroom-test/xdg");
            std::env::remove_var("WARROOM_CONFIG");
            std::env::remove_var("WARROOM_READ_ONLY");
        }
    });
}
