//! The Changes pane: what changed in the account, from CloudTrail, risky changes called out.

pub mod detail;
pub mod global;
pub mod headless;
pub mod json;
mod keys;
pub mod model;
pub mod msg;
pub mod pane;
pub mod query;
pub mod risk;
pub mod sample;
pub mod source;
pub mod sweep;
pub mod view;
pub mod work;

pub use model::{Change, Resource};
pub use msg::ChangesMsg;
pub use query::{ChangeQuery, Preset};
pub use source::{ChangeSource, CloudTrailChanges};
pub use work::ChangesWork;
