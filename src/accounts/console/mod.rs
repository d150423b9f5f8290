//! The console over an account set: the panes' sources that sweep every (account, region)
//! of it (`reach.rs`), each account reached once and remembered for the sweeps that follow,
//! every pane's (the Timeline's too), and for the items opened in it.

mod alarms;
mod changes;
mod health;
mod reach;
mod remember;
mod timeline;

pub use alarms::AwsAlarmSweep;
pub use changes::AwsChangeSweep;
pub use health::AwsHealthSweep;
pub use reach::{Each, SetReach};
pub use remember::{Known, Remembering};
pub use timeline::AwsTimelineSweep;
