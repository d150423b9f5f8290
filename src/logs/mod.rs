//! Logs Insights: queries run from the terminal. The Logs pane builds on this.

pub mod headless;
pub mod model;
pub mod run;
pub mod source;

pub use model::{QueryRequest, QueryResult, QueryStatus, ResultRow, Statistics};
pub use source::{CloudWatchInsights, InsightsSource};
