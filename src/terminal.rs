//! Taking over the terminal, giving it back, and giving it back on a panic or a stop signal
//! too.

use std::io::{self, Write};
use std::sync::OnceLock;
use std::thread;

use crossterm::event::{self, Event};
use crossterm::{cursor, execute, terminal};
use tokio::sync::mpsc::UnboundedSender;

use crate::app::msg::Msg;

pub fn enter(out: &mut impl Write) -> io::Result<()> {
    terminal::enable_raw_mode()?;
    execute!(out, terminal::EnterAlternateScreen, cursor::Hide)
}

/// Leaves the alternate screen, shows the cursor and ends raw mode.
pub fn restore(out: &mut impl Write) -> io::Result<()> {
    let screen = execute!(out, terminal::LeaveAlternateScreen, cursor::Show);
    let raw = terminal::disable_raw_mode();
    out.flush()?;
    screen.and(raw)
}

/// Restores the terminal before the previous hook prints the panic, so the message is
/// readable and the shell is usable. `out` is where the restoring sequences go.
pub fn install_panic_hook<W: Write + Send + 'static>(make_out: fn() -> W) {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let _ = restore(&mut make_out());
        previous(info);
    }));
}

#[cfg(unix)]
type Settings = rustix::termios::Termios;
#[cfg(not(unix))]
type Settings = ();

/// The terminal's settings as warroom found them (cooked, echo on, as the shell left them).
static FOUND: OnceLock<Option<Settings>> = OnceLock::new();

/// Notes the terminal's settings, to put them back however warroom ends.
pub fn remember() {
    FOUND.get_or_init(|| {
        #[cfg(unix)]
        {
            use std::io::IsTerminal;
            let stdin = io::stdin();
            if stdin.is_terminal() {
                return rustix::termios::tcgetattr(&stdin).ok();
            }
        }
        None
    });
}

/// Gives the terminal back after a stop signal: the main screen and the cursor (when the
/// console had the screen), then raw mode off and the settings warroom found.
pub fn give_back(out: &mut impl Write, had_screen: bool) {
    if had_screen {
        let _ = restore(out);
    } else {
        let _ = terminal::disable_raw_mode();
    }
    #[cfg(unix)]
    if let Some(Some(found)) = FOUND.get() {
        let _ =
            rustix::termios::tcsetattr(io::stdin(), rustix::termios::OptionalActions::Now, found);
    }
}

/// SIGTERM, SIGHUP and SIGINT, caught from the moment this is made.
pub struct StopSignals {
    #[cfg(unix)]
    caught: [(i32, tokio::signal::unix::Signal); 3],
}

impl StopSignals {
    /// Catches the three signals from now on; must be called inside the tokio runtime.
    pub fn catch() -> io::Result<StopSignals> {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{SignalKind, signal};
            Ok(StopSignals {
                caught: [
                    (15, signal(SignalKind::terminate())?),
                    (1, signal(SignalKind::hangup())?),
                    (2, signal(SignalKind::interrupt())?),
                ],
            })
        }
        #[cfg(not(unix))]
        Ok(StopSignals {})
    }

    /// The number of the next signal to arrive.
    pub async fn next(&mut self) -> i32 {
        #[cfg(unix)]
        {
            let [(term, a), (hup, b), (int, c)] = &mut self.caught;
            tokio::select! {
                _ = a.recv() => *term,
                _ = b.recv() => *hup,
                _ = c.recv() => *int,
            }
        }
        #[cfg(not(unix))]
        {
            let _ = tokio::signal::ctrl_c().await;
            2
        }
    }
}

pub fn signal_name(signal: i32) -> String {
    match signal {
        1 => "SIGHUP".into(),
        2 => "SIGINT".into(),
        15 => "SIGTERM".into(),
        n => format!("signal {n}"),
    }
}

/// Reads terminal events on a thread of their own and sends them as messages.
pub fn forward_events(tx: UnboundedSender<Msg>) {
    thread::spawn(move || {
        loop {
            let msg = match event::read() {
                Ok(Event::Key(key)) => Msg::KeyRead {
                    key,
                    at: std::time::Instant::now(),
                },
                Ok(Event::Resize(width, height)) => Msg::Resize { width, height },
                Ok(_) => continue,
                Err(_) => break,
            };
            if tx.send(msg).is_err() {
                break;
            }
        }
    });
}

/// Copies text to the clipboard of the terminal, local or across SSH (OSC 52).
pub fn osc52(out: &mut impl Write, text: &str) -> io::Result<()> {
    use base64::Engine;
    let encoded = base64::engine::general_purpose::STANDARD.encode(text);
    write!(out, "\u{1b}]52;c;{encoded}\u{7}")?;
    out.flush()
}

#[cfg(test)]
mod tests {
    #[test]
    fn osc52_puts_the_text_on_the_clipboard_base64_encoded() {
        let mut out = Vec::new();
        super::osc52(&mut out, "sg-0db5e1c7a9f3b2d41").unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "\u{1b}]52;c;c2ctMGRiNWUxYzdhOWYzYjJkNDE=\u{7}"
        );
    }
}
