//! The runbook language: markdown with TOML front matter and fenced, runnable blocks.

mod attributes;
mod block;
pub mod error;
pub mod file;
mod front_matter;
pub mod hidden;
pub mod lint;
pub mod model;
pub mod params;
mod parse;
pub mod render;
pub mod resolve;
pub mod unquoted;
mod values;

#[cfg(test)]
mod tests;
