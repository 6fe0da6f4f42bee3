//! The command line: argument parsing and the commands that need no display.
//!
//! Never imports egui; `main.rs` opens the window only when no command is given.

use std::io::Write;
use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::workbook::load_workbook_file;

/// An offline workbook for rebuilding trust after betrayal, self-trust first.
#[derive(Debug, Parser)]
#[command(name = "trustwork", version, about)]
pub struct Args {
    /// Keep answers in this folder instead of the usual place for app data.
    #[arg(long, value_name = "DIR", global = true)]
    pub data_dir: Option<PathBuf>,

    /// A command to run without opening the window.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Commands that run without a display.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check workbook files; prints every problem as <FILE:LINE:COLUMN>: MESSAGE.
    Validate {
        /// The workbook files to check.
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
    },
}

/// Runs a command, writing to `out` and `err`. Returns the process exit code.
pub fn run(command: &Command, out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    match command {
        Command::Validate { files } => validate(files, out, err),
    }
}

/// `trustwork validate FILE...`: 0 when every file is valid, 1 otherwise.
fn validate(files: &[PathBuf], out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    let mut failed = 0;
    for path in files {
        match load_workbook_file(path) {
            Ok((workbook, _)) => {
                let prompts = workbook.prompts().count();
                let sections = workbook.sections.len();
                writeln!(
                    out,
                    "{}: valid: \"{}\", {}, {}",
                    path.display(),
                    workbook.title,
                    count(sections, "section"),
                    count(prompts, "prompt"),
                )
                .ok();
            }
            Err(error) => {
                failed += 1;
                writeln!(err, "{error}").ok();
            }
        }
    }
    if failed > 0 {
        writeln!(err, "{failed} of {} files have problems", files.len()).ok();
        1
    } else {
        0
    }
}

/// "1 section", "3 sections".
fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}
