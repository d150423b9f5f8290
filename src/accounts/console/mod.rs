//! The console over an account set: the panes' sources that sweep every (account, region)
//! of it, each account reached once and remembered for the sweeps that follow and for the
//! items opened in it.

mod alarms;
mod remember;

pub use alarms::AwsAlarmSweep;
pub use remember::{Known, Remembering};
