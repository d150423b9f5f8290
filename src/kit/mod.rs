//! What every pane draws and keeps alike: data that loads, a cursor over a filtered list,
//! the status line over it, text as coloured segments, the spinner. The kit knows no pane
//! and nothing of the app.

pub mod cursor;
pub mod loadable;
pub mod spinner;
pub mod table;
pub mod text;
pub mod work;

pub use loadable::{Loadable, SourceStatus};
