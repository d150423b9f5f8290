//! A source that is not there (in a replay, or before a source of its kind exists): every
//! call fails, saying which and why.

use super::error::{AwsError, ErrorKind};

#[derive(Clone, Copy, Debug)]
pub struct Unavailable {
    /// Why, as the end of a sentence: "in a replay".
    pub why: &'static str,
}

impl Unavailable {
    pub fn error(&self, what: &str) -> AwsError {
        AwsError {
            kind: ErrorKind::Service,
            code: None,
            message: format!("{what} is not available {}", self.why),
        }
    }

    /// A call's answer: this source's error.
    pub fn fail<T>(&self, what: &str) -> crate::kit::work::BoxFuture<'static, Result<T, AwsError>>
    where
        T: Send + 'static,
    {
        let error = self.error(what);
        Box::pin(async move { Err(error) })
    }
}
