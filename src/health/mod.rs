//! The Health pane: AWS Health events that touch this account (or organization).

pub mod headless;
pub mod model;
pub mod pane;
pub mod source;
pub mod view;

pub use model::{AffectedEntity, EventDescription, EventStatus, HealthEvent};
pub use pane::HealthPane;
pub use source::{AwsHealth, EventQuery, HealthSource};
