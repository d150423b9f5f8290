#![allow(dead_code)]

pub mod binary;
pub mod console;
pub mod emulator;
pub mod pty;
pub mod solo;
pub mod terminal;
pub mod timesketch;
