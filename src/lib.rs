//! trustwork: an offline desktop workbook for rebuilding trust after betrayal, self-trust first.
//!
//! The crate is split so that everything but the window can run and be tested without a
//! display:
//! - [`workbook`]: the workbook format, loading with located errors, validation, bundled files.
//! - [`journal`]: entries and answers, conditions, library summaries.
//! - [`share`]: answers and feedback files, Markdown and HTML exports.
//! - [`store`]: the data folder, durable writes, the lock, quarantine, the background saver.
//! - [`cli`]: commands such as `validate` that need no display.
//! - [`generate`]: years of made-up entries, for benchmarks and trying the app at scale.
//! - [`crisis`]: crisis and support contacts by country, for the help screen.
//! - [`files`]: the one bounded file read.
//! - [`session`]: the running app without egui: commands in, effects out, events back.
//! - [`app`] and [`ui`]: the eframe shell and the screens; the only places that use egui.

pub mod app;
pub mod cli;
pub mod crisis;
pub mod files;
pub mod generate;
pub mod journal;
pub mod session;
pub mod share;
pub mod store;
pub mod ui;
pub mod workbook;
