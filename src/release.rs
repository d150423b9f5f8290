//! Freeing large data off the UI thread: dropping a refresh's worth of alarms costs more
//! than everything else the update step does with them.

use std::sync::mpsc::{Sender, SyncSender, channel, sync_channel};
use std::sync::{Mutex, OnceLock};

enum Job {
    Drop(Box<dyn Send>),
    Flush(SyncSender<()>),
}

fn queue() -> &'static Mutex<Sender<Job>> {
    static QUEUE: OnceLock<Mutex<Sender<Job>>> = OnceLock::new();
    QUEUE.get_or_init(|| {
        let (tx, rx) = channel::<Job>();
        std::thread::Builder::new()
            .name("warroom-release".into())
            .spawn(move || {
                for job in rx {
                    match job {
                        Job::Drop(value) => drop(value),
                        Job::Flush(done) => {
                            let _ = done.send(());
                        }
                    }
                }
            })
            .map(|_| ())
            .unwrap_or_else(|e| tracing::warn!("no release thread, freeing inline: {e}"));
        Mutex::new(tx)
    })
}

/// Drops `value` on the release thread (or here, if that thread is gone).
pub fn release<T: Send + 'static>(value: T) {
    let sent = queue().lock().map(|tx| tx.send(Job::Drop(Box::new(value))));
    if let Ok(Err(failed)) = sent {
        drop(failed.0);
    }
}

/// Waits until everything released so far has been dropped.
pub fn flush() {
    let (done, wait) = sync_channel(1);
    let sent = queue().lock().map(|tx| tx.send(Job::Flush(done)).is_ok());
    if sent.unwrap_or(false) {
        let _ = wait.recv();
    }
}
