//! The warroom binary in a pseudo-terminal (util-linux `script`), driven as a person would:
//! wait for a prompt, then type the answer; read everything the terminal was sent.

use std::io::{Read, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

pub struct Pty {
    child: Child,
    stdin: Option<ChildStdin>,
    output: Arc<Mutex<Vec<u8>>>,
}

fn script() -> &'static str {
    ["/usr/bin/script", "/bin/script"]
        .into_iter()
        .find(|p| Path::new(p).exists())
        .unwrap_or_else(|| {
            panic!(
                "these tests drive warroom through a pseudo-terminal with util-linux `script`, which is not installed: install it (Debian/Ubuntu: apt-get install bsdutils; Fedora: dnf install util-linux-script; macOS has a BSD `script` that takes other flags)"
            )
        })
}

pub fn shell_quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', r"'\''"))
}

/// The warroom binary and its arguments, quoted for `sh -c`.
pub fn warroom_line(args: &[&str]) -> String {
    let mut line = shell_quote(env!("CARGO_BIN_EXE_warroom"));
    for arg in args {
        line.push(' ');
        line.push_str(&shell_quote(arg));
    }
    line
}

impl Pty {
    /// Runs `shell` (an `sh -c` line) in a pseudo-terminal of 100x30, with the environment
    /// `settings` would give the binary.
    pub fn spawn(settings: &Command, shell: &str) -> Pty {
        let mut cmd = Command::new(script());
        for (key, value) in settings.get_envs() {
            match value {
                Some(value) => cmd.env(key, value),
                None => cmd.env_remove(key),
            };
        }
        let line = format!("stty cols 100 rows 30; {shell}");
        let mut child = cmd
            .args(["-qec", &line, "/dev/null"])
            .env("TERM", "xterm")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("script runs");
        let mut stdout = child.stdout.take().expect("piped stdout");
        let output = Arc::new(Mutex::new(Vec::new()));
        let sink = output.clone();
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = stdout.read(&mut buf) {
                if n == 0 {
                    break;
                }
                sink.lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .extend_from_slice(&buf[..n]);
            }
        });
        Pty {
            stdin: child.stdin.take(),
            child,
            output,
        }
    }

    /// Everything the terminal was sent so far, carriage returns dropped.
    pub fn text(&self) -> String {
        let bytes = self
            .output
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone();
        String::from_utf8_lossy(&bytes).replace('\r', "")
    }

    /// Waits until the terminal has shown `needle`, or fails with what it showed.
    pub fn expect(&self, needle: &str, timeout: Duration) -> String {
        let deadline = Instant::now() + timeout;
        loop {
            let text = self.text();
            if text.contains(needle) {
                return text;
            }
            if Instant::now() > deadline {
                panic!(
                    "timed out after {timeout:?} waiting for {needle:?}. The terminal showed:\n{text}"
                );
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Types a line, as someone reading the prompt would: a moment after it appeared.
    pub fn type_line(&mut self, line: &str) {
        std::thread::sleep(Duration::from_millis(200));
        if let Some(stdin) = self.stdin.as_mut() {
            stdin
                .write_all(format!("{line}\n").as_bytes())
                .expect("typed into the terminal");
            let _ = stdin.flush();
        }
    }

    /// Waits for the end; its exit code and everything shown.
    pub fn wait(mut self, timeout: Duration) -> (i32, String) {
        drop(self.stdin.take());
        let deadline = Instant::now() + timeout;
        loop {
            if let Some(status) = self.child.try_wait().expect("script's status") {
                std::thread::sleep(Duration::from_millis(100));
                return (status.code().unwrap_or(-1), self.text());
            }
            if Instant::now() > deadline {
                let _ = self.child.kill();
                panic!(
                    "still running after {timeout:?}. The terminal showed:\n{}",
                    self.text()
                );
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Waits for the end without closing the input first.
    pub fn wait_open(mut self, timeout: Duration) -> (i32, String) {
        let stdin = self.stdin.take();
        let deadline = Instant::now() + timeout;
        loop {
            if let Some(status) = self.child.try_wait().expect("script's status") {
                drop(stdin);
                std::thread::sleep(Duration::from_millis(100));
                return (status.code().unwrap_or(-1), self.text());
            }
            if Instant::now() > deadline {
                let _ = self.child.kill();
                panic!(
                    "still running after {timeout:?}. The terminal showed:\n{}",
                    self.text()
                );
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Pty {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}
