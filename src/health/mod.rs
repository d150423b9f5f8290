//! The Health pane: AWS Health events that touch this account (or organization).

pub mod detail;
pub mod headless;
mod keys;
pub mod model;
pub mod msg;
pub mod pane;
pub mod source;
pub mod sweep;
pub mod view;
pub mod work;

pub use model::{AffectedEntity, EventDescription, EventStatus, HealthEvent};
pub use msg::HealthMsg;
pub use pane::HealthPane;
pub use source::{AwsHealth, EventQuery, HealthSource};
pub use work::HealthWork;
