//! The Logs pane: CloudWatch Logs Insights queries run from the terminal.

pub mod chart;
pub mod chart_view;
pub mod editor;
pub mod epoch;
pub mod headless;
pub mod history;
mod keys;
pub mod model;
pub mod msg;
pub mod pane;
pub mod picker;
pub mod range;
pub mod results;
pub mod run;
pub mod sample;
pub mod source;
pub mod tail;
pub mod time;
pub mod view;
pub mod work;

pub use model::{
    LogGroup, Origin, QueryRequest, QueryResult, QueryStatus, ResultRow, SavedQuery, Statistics,
};
pub use msg::LogsMsg;
pub use source::{CloudWatchInsights, InsightsSource};
pub use work::LogsWork;
