//! The incident timeline: every source merged into one time-ordered story, the incident's
//! journal (markers, notes, pins), and its exports for the postmortem.

pub mod export;
pub mod gather;
pub mod journal;
pub mod merge;
pub mod model;
pub mod pane;
pub mod view;

pub use merge::{Filter, SourceSet, merge};
pub use model::{Source, TimelineEvent};
