//! The incident timeline: every source merged into one time-ordered story, the incident's
//! journal (markers, notes, pins), and its exports for the postmortem.

pub mod export;
pub mod gather;
pub mod journal;
mod keys;
pub mod merge;
pub mod model;
pub mod msg;
pub mod pane;
pub mod replayed;
pub mod view;
pub mod work;

pub use merge::{Filter, SourceSet, merge};
pub use model::{Source, TimelineEvent};
pub use msg::TimelineMsg;
pub use work::{IncidentAction, TimelineWork};
