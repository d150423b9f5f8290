//! The AWS side: session, identity, and errors as the user reads them.

pub mod attempts;
pub mod error;
pub mod identity;
pub mod rate;
pub mod role;
pub mod session;
pub mod unavailable;

pub use error::{AwsError, CallContext, ErrorKind};
pub use identity::{Identity, IdentitySource};
pub use session::{AwsSession, RetrySettings, SessionSettings};
pub use unavailable::Unavailable;
