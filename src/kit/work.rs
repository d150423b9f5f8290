//! How a pane's work runs: a task in a lane (a newer task in the same lane cancels the older
//! one) that answers with the pane's own message, and a way for a long task to answer more
//! than once as it goes.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// A lane of work: at most one task runs in it at a time.
pub type Lane = &'static str;

/// A task to run, in its lane, ending with the message it answers (if any).
pub struct Task<M> {
    pub lane: Lane,
    pub run: BoxFuture<'static, Option<M>>,
    /// Runs to its end: neither a newer task in its lane nor a new session cancels it (a
    /// write to the incident journal, the audit log or an export must not be lost).
    pub kept: bool,
}

impl<M> Task<M> {
    pub fn new(lane: Lane, run: impl Future<Output = Option<M>> + Send + 'static) -> Task<M> {
        Task {
            lane,
            run: Box::pin(run),
            kept: false,
        }
    }

    /// A task that runs to its end, whatever starts after it (see [`Task::kept`]).
    pub fn kept(lane: Lane, run: impl Future<Output = Option<M>> + Send + 'static) -> Task<M> {
        Task {
            kept: true,
            ..Task::new(lane, run)
        }
    }

    /// The same task answering with another message type.
    pub fn map<N: 'static>(self, wrap: fn(M) -> N) -> Task<N>
    where
        M: 'static,
    {
        let run = self.run;
        Task {
            lane: self.lane,
            run: Box::pin(async move { run.await.map(wrap) }),
            kept: self.kept,
        }
    }
}

/// What starting a piece of work does: lanes whose task ends now, then the task to run.
pub struct Started<M> {
    pub cancel: Vec<Lane>,
    pub task: Option<Task<M>>,
}

impl<M> Started<M> {
    pub fn task(task: Task<M>) -> Started<M> {
        Started {
            cancel: Vec::new(),
            task: Some(task),
        }
    }

    /// Nothing runs (the work was done at once, or its source is not there).
    pub fn nothing() -> Started<M> {
        Started {
            cancel: Vec::new(),
            task: None,
        }
    }

    pub fn cancel(lane: Lane) -> Started<M> {
        Started {
            cancel: vec![lane],
            task: None,
        }
    }
}

impl<M> From<Option<Task<M>>> for Started<M> {
    fn from(task: Option<Task<M>>) -> Started<M> {
        Started {
            cancel: Vec::new(),
            task,
        }
    }
}

/// Sends a task's messages as it goes (pages, progress); says whether anyone still listens.
pub struct Reply<M>(Arc<dyn Fn(M) -> bool + Send + Sync>);

impl<M> Clone for Reply<M> {
    fn clone(&self) -> Self {
        Reply(self.0.clone())
    }
}

impl<M> Reply<M> {
    pub fn new(send: impl Fn(M) -> bool + Send + Sync + 'static) -> Reply<M> {
        Reply(Arc::new(send))
    }

    /// Sends one message; false once nobody listens.
    pub fn send(&self, msg: M) -> bool {
        (self.0)(msg)
    }
}
