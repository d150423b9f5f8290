//! The Logs pane: CloudWatch Logs Insights queries run from the terminal.

pub mod chart;
pub mod chart_view;
pub mod editor;
pub mod headless;
pub mod history;
pub mod model;
pub mod pane;
pub mod picker;
pub mod range;
pub mod results;
pub mod run;
pub mod sample;
pub mod source;
pub mod time;
pub mod view;

pub use model::{
    LogGroup, Origin, QueryRequest, QueryResult, QueryStatus, ResultRow, SavedQuery, Statistics,
};
pub use source::{CloudWatchInsights, InsightsSource};
