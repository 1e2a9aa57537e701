//! End-to-end tests: each runs the real `claimcheck` binary.
//!
//! One test binary with a module per feature area, as ripgrep does.
//! Snapshots are re-blessed with `UPDATE_EXPECT=1 cargo test`.

mod check;
mod config;
mod extract;
mod formats;
mod faults;
mod index;
mod network;
#[path = "../support/pdf.rs"]
mod pdf;
mod support;
