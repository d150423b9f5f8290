#![allow(dead_code)]

pub mod console;
pub mod emulator;
