//! Taking over the terminal, giving it back, and giving it back on a panic too.

use std::io::{self, Write};
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
