//! The Alarms pane: CloudWatch metric and composite alarms.

mod chart_view;
pub mod chart_window;
pub mod detail;
pub mod headless;
mod keys;
pub mod list;
mod list_view;
pub mod model;
pub mod msg;
pub mod pane;
pub mod sample;
pub mod source;
mod status;
pub mod sweep;
pub mod view;
pub mod work;

pub use list::AlarmList;
pub use model::{Alarm, AlarmKind, AlarmState, HistoryItem, MetricSeries};
pub use msg::AlarmsMsg;
pub use pane::AlarmsPane;
pub use source::{AlarmSource, CloudWatchAlarms};
pub use sweep::AlarmSweep;
pub use work::AlarmsWork;
