//! A panic gives the terminal back before its message is printed. The hook is the whole
//! process's, so the test runs in one of its own.

use std::io::Write;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

use crate::common::solo;

static WRITTEN: Mutex<Vec<u8>> = Mutex::new(Vec::new());
static PREVIOUS_HOOK_RAN: AtomicBool = AtomicBool::new(false);

struct Capture;

impl Write for Capture {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        WRITTEN
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
fn the_terminal_is_restored_then_the_panic_reported() {
    if !solo::alone("panic_hook::the_terminal_is_restored_then_the_panic_reported") {
        return;
    }
    std::panic::set_hook(Box::new(|_| {
        let restored = WRITTEN.lock().map(|w| !w.is_empty()).unwrap_or(false);
        PREVIOUS_HOOK_RAN.store(restored, Ordering::SeqCst);
    }));
    warroom::terminal::install_panic_hook(|| Capture);
    let result = std::panic::catch_unwind(|| panic!("boom"));
    assert!(result.is_err());
    let written = String::from_utf8(WRITTEN.lock().unwrap().clone()).unwrap();
    assert!(
        written.contains("\u{1b}[?1049l"),
        "leaves the alternate screen: {written:?}"
    );
    assert!(
        written.contains("\u{1b}[?25h"),
        "shows the cursor: {written:?}"
    );
    assert!(
        PREVIOUS_HOOK_RAN.load(Ordering::SeqCst),
        "the panic message is printed after the terminal is restored"
    );
}
