//! A program in a pseudo-terminal (util-linux `script`), typed into as a person would: each
//! answer only once its question is on the screen.

use std::io::{Read, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// util-linux `script`; fails, saying how to install it, when it is missing.
pub fn script() -> &'static str {
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

pub struct Pty {
    child: Child,
    stdin: Option<ChildStdin>,
    output: Arc<Mutex<Vec<u8>>>,
    /// How much output there was when something was last typed.
    typed_at: usize,
}

impl Pty {
    /// Runs `settings`' program with `args` in a pseudo-terminal, with `settings`' environment.
    /// `before` is shell run first in the terminal (such as `umask 022`).
    pub fn spawn(settings: &Command, args: &[&str], before: &str) -> Pty {
        let mut line = format!(
            "{before} exec {}",
            shell_quote(&settings.get_program().to_string_lossy())
        );
        for arg in args {
            line.push(' ');
            line.push_str(&shell_quote(arg));
        }
        let mut cmd = Command::new(script());
        for (key, value) in settings.get_envs() {
            match value {
                Some(value) => cmd.env(key, value),
                None => cmd.env_remove(key),
            };
        }
        let mut child = cmd
            .args(["-qec", &line, "/dev/null"])
            .env("TERM", "dumb")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("script runs");
        let stdin = child.stdin.take();
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
            child,
            stdin,
            output,
            typed_at: 0,
        }
    }

    fn len(&self) -> usize {
        self.output.lock().unwrap_or_else(|e| e.into_inner()).len()
    }

    /// Everything printed so far, carriage returns removed.
    pub fn text(&self) -> String {
        let bytes = self
            .output
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone();
        String::from_utf8_lossy(&bytes).replace('\r', "")
    }

    pub fn running(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(None))
    }

    /// Waits until the output holds `needle` `times` times.
    pub fn wait_for(&mut self, needle: &str, times: usize, timeout: Duration) -> String {
        let deadline = Instant::now() + timeout;
        loop {
            let text = self.text();
            if text.matches(needle).count() >= times {
                return text;
            }
            if Instant::now() > deadline || !self.running() {
                panic!("waited for {needle:?} ({times}x) in vain. The terminal shows:\n{text}");
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Waits until a question is on the screen: output since the last answer that ends
    /// without a newline, and nothing more for a moment. False when the program ended.
    pub fn wait_for_question(&mut self, timeout: Duration) -> bool {
        let deadline = Instant::now() + timeout;
        let mut last = (self.len(), Instant::now());
        loop {
            if !self.running() {
                return false;
            }
            let len = self.len();
            if len != last.0 {
                last = (len, Instant::now());
            }
            let waiting = len > self.typed_at
                && !self.text().ends_with('\n')
                && last.1.elapsed() > Duration::from_millis(300);
            if waiting {
                return true;
            }
            if Instant::now() > deadline {
                panic!("no question came. The terminal shows:\n{}", self.text());
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    pub fn type_text(&mut self, text: &str) {
        self.typed_at = self.len();
        if let Some(stdin) = &mut self.stdin {
            stdin.write_all(text.as_bytes()).expect("typed");
            stdin.flush().expect("typed");
        }
    }

    /// Types each line of `input` once a question waits for it.
    pub fn answer(&mut self, input: &str, timeout: Duration) {
        for line in input.split_inclusive('\n') {
            if !self.wait_for_question(timeout) {
                return;
            }
            self.type_text(line);
        }
    }

    /// Closes the keyboard and waits for the end: the exit code and everything printed.
    pub fn finish(self) -> (i32, String) {
        let (code, bytes) = self.finish_bytes();
        (code, String::from_utf8_lossy(&bytes).replace('\r', ""))
    }

    /// As `finish`, with the bytes as the terminal received them.
    pub fn finish_bytes(mut self) -> (i32, Vec<u8>) {
        drop(self.stdin.take());
        let status = self.child.wait().expect("script ends");
        // The reader thread drains what is left once the pty closes.
        let deadline = Instant::now() + Duration::from_secs(5);
        let mut len = self.len();
        while Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(50));
            let now = self.len();
            if now == len {
                break;
            }
            len = now;
        }
        let bytes = self
            .output
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone();
        (status.code().unwrap_or(-1), bytes)
    }
}

impl Drop for Pty {
    fn drop(&mut self) {
        if matches!(self.child.try_wait(), Ok(None)) {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}
