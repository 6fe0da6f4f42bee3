//! The command line: argument parsing and the commands that need no display.
//!
//! Never imports egui; `main.rs` opens the window only when no command is given.

use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::{Local, NaiveDate};
use clap::{Parser, Subcommand};

use crate::journal::{Entry, EntryId, describe, describe_for, parse_date};
use crate::share::{
    Opened, build_answers_file, choose_all, export_html, export_markdown, open_file_with, to_ron,
    workbook_lines,
};
use crate::store::{Access, DataDir, Secret, write_durable};
use crate::workbook::{Workbook, bundled_with_sources, estimate, load_workbook_file};

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
    /// Export entries of one workbook as Markdown, a printable HTML page, or an answers file.
    Export {
        /// The workbook's id, such as daily-check-in.
        #[arg(long, value_name = "ID")]
        workbook: String,
        /// First day to include, YYYY-MM-DD (by the day an entry was started).
        #[arg(long, value_name = "DATE")]
        from: Option<String>,
        /// Last day to include, YYYY-MM-DD.
        #[arg(long, value_name = "DATE")]
        to: Option<String>,
        /// md, html or answers.
        #[arg(long, value_name = "FORMAT")]
        format: Format,
        /// Where to write.
        #[arg(long, short, value_name = "FILE")]
        output: PathBuf,
    },
    /// Fill --data-dir with years of made-up check-ins and weekly workbooks, for trying the app
    /// at scale. Refuses a folder that already has entries.
    Generate {
        /// How many years, ending today.
        #[arg(long, default_value_t = 10)]
        years: u32,
        /// The same seed writes the same entries.
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
    /// Print an answers or feedback file as plain text. An encrypted one is opened with the
    /// reviewer key of --data-dir (asking for its passphrase if it is protected).
    Show {
        /// The file.
        #[arg(value_name = "FILE")]
        file: PathBuf,
    },
    /// Protect --data-dir with a passphrase: every file is encrypted (age format). Asks for the
    /// passphrase on the terminal (or reads it from standard input) and prints the recovery key.
    Protect,
    /// Turn protection off: every file is decrypted back to plain text. Asks for the passphrase.
    Unprotect,
    /// Change the passphrase of a protected folder. Asks for the current one, then the new one.
    Passphrase,
    /// Make the reviewer key of --data-dir (or show the one it has), for workbooks you send:
    /// answers shared from them come back encrypted to it. Prints the lines to add to a workbook.
    ReviewerKey {
        /// Your name as your clients know you, for the workbook's `assigned_by`.
        #[arg(long, value_name = "NAME")]
        name: Option<String>,
    },
    /// Open a workbook file in the app's preview: see every page as a client would, with
    /// conditions in words. Nothing typed is saved; it reloads each time you save the file.
    Preview {
        /// The workbook file.
        #[arg(value_name = "FILE")]
        file: PathBuf,
    },
    /// Write a commented starting workbook from a template, to edit in a text editor. Never
    /// replaces a file that is already there.
    New {
        /// reflection, log or couple.
        #[arg(long, value_name = "NAME")]
        template: String,
        /// The file to write, such as my-reflection.ron.
        #[arg(value_name = "FILE")]
        file: PathBuf,
    },
    /// Print a workbook file as a blank outline: every page and question with its help, the
    /// kind of answer, and when it is shown, in words. For paper, or for a colleague to review.
    Outline {
        /// The workbook file.
        #[arg(value_name = "FILE")]
        file: PathBuf,
        /// md or html.
        #[arg(long, value_name = "FORMAT", default_value = "md")]
        format: OutlineFormat,
        /// Where to write; printed here when left out.
        #[arg(long, short, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Check workbook files; prints every problem as <FILE:LINE:COLUMN>: MESSAGE.
    Validate {
        /// The workbook files to check.
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
    },
}

/// Outline formats on the command line.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum OutlineFormat {
    /// Markdown.
    Md,
    /// A self-contained HTML page for printing, with room to write.
    Html,
}

/// Export formats on the command line.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Markdown.
    Md,
    /// A self-contained HTML page for printing.
    Html,
    /// An answers file for a reviewer.
    Answers,
}

/// Runs a command, writing to `out` and `err`. Returns the process exit code.
///
/// `ask` is asked for each secret with a prompt: the passphrase of a protected folder, a new
/// one. Secrets never come from arguments or the environment.
pub fn run(
    command: &Command,
    data_dir: Option<&Path>,
    ask: &mut dyn FnMut(&str) -> Result<Secret, String>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> i32 {
    let result = match command {
        Command::Validate { files } => return validate(files, out, err),
        Command::Export {
            workbook,
            from,
            to,
            format,
            output,
        } => export(
            data_dir,
            workbook,
            (from.as_deref(), to.as_deref()),
            *format,
            output,
            ask,
            out,
        ),
        Command::Show { file } => show(file, data_dir, ask, out),
        Command::New { template, file } => new_from_template(template, file, out),
        // The window opens it; here only for completeness (`main` never sends it here).
        Command::Preview { file } => Err(format!(
            "the preview opens a window; run `trustwork preview {}` on a desktop",
            file.display()
        )),
        Command::Outline {
            file,
            format,
            output,
        } => outline(file, *format, output.as_deref(), out),
        Command::ReviewerKey { name } => reviewer_key(data_dir, name.as_deref(), ask, out),
        Command::Generate { years, seed } => generate(data_dir, *years, *seed, out),
        Command::Protect => protect(data_dir, ask, out),
        Command::Unprotect => unprotect(data_dir, ask, out),
        Command::Passphrase => change_passphrase(data_dir, ask, out),
    };
    match result {
        Ok(()) => 0,
        Err(message) => {
            writeln!(err, "{message}").ok();
            1
        }
    }
}

fn parse_day(text: Option<&str>, what: &str) -> Result<Option<NaiveDate>, String> {
    text.map(|t| {
        parse_date(t)
            .ok_or_else(|| format!("--{what} \"{t}\" is not a date; write it as YYYY-MM-DD"))
    })
    .transpose()
}

/// `trustwork export`: every answer of the workbook's entries in the date range.
fn export(
    data_dir: Option<&Path>,
    workbook_id: &str,
    (from, to): (Option<&str>, Option<&str>),
    format: Format,
    output: &Path,
    ask: &mut dyn FnMut(&str) -> Result<Secret, String>,
    out: &mut dyn Write,
) -> Result<(), String> {
    let (from, to) = (parse_day(from, "from")?, parse_day(to, "to")?);
    // Reading works beside a running trustwork: a locked folder opens read-only.
    let mut data = open_existing(data_dir)?;
    unlock(&mut data, ask)?;
    let report = data.load();
    // Reading may set a damaged entry aside; that is never done without a word.
    for q in &report.quarantined {
        match &q.moved_to {
            Some(to) => writeln!(
                out,
                "note: an entry could not be read and was set aside unchanged in {} ({})",
                to.display(),
                q.reason
            ),
            None => writeln!(
                out,
                "note: an entry could not be read and was left as it is: {} ({})",
                q.original.display(),
                q.reason
            ),
        }
        .ok();
    }
    for (path, format) in &report.newer {
        writeln!(
            out,
            "note: {} was saved by a newer trustwork (format {format}); it was left untouched and is not exported",
            path.display()
        )
        .ok();
    }
    let workbooks: Vec<(Workbook, String)> = bundled_with_sources()
        .into_iter()
        .map(|(w, s)| (w, s.to_owned()))
        .chain(report.workbooks)
        .collect();
    let Some((workbook, source)) = workbooks.iter().find(|(w, _)| w.id == workbook_id) else {
        let ids: Vec<&str> = workbooks.iter().map(|(w, _)| w.id.as_str()).collect();
        return Err(format!(
            "no workbook with the id `{workbook_id}`; the ids are: {}",
            ids.join(", ")
        ));
    };
    let entries: Vec<(&EntryId, &Entry)> = report
        .journal
        .entries_of(workbook_id)
        .filter(|(_, e)| {
            let day = e.started_at.date_naive();
            from.is_none_or(|f| day >= f) && to.is_none_or(|t| day <= t)
        })
        .collect();
    if entries.is_empty() {
        return Err(format!(
            "no entries of \"{}\" in that date range, so nothing was written",
            workbook.title
        ));
    }
    let text = match format {
        Format::Md => export_markdown(workbook, &entries, None),
        Format::Html => export_html(workbook, &entries, None),
        Format::Answers => {
            let chosen = choose_all(entries.iter().copied());
            to_ron(&build_answers_file(
                workbook,
                source,
                entries.iter().copied(),
                &chosen,
                Local::now(),
            ))
            .map_err(|e| format!("could not write the answers file: {e}"))?
        }
    };
    write_durable(output, text.as_bytes()).map_err(|e| {
        format!(
            "could not write {}: {e}. Check the folder exists and you may write to it",
            output.display()
        )
    })?;
    writeln!(
        out,
        "wrote {} {} of \"{}\" to {}. It is not encrypted: anyone who can open it can read it.",
        entries.len(),
        if entries.len() == 1 {
            "entry"
        } else {
            "entries"
        },
        workbook.title,
        output.display()
    )
    .ok();
    Ok(())
}

/// `trustwork reviewer-key`: makes the folder's sharing key if it has none, and prints its
/// public half with the lines for a workbook. The secret half never leaves the folder.
fn reviewer_key(
    data_dir: Option<&Path>,
    name: Option<&str>,
    ask: &mut dyn FnMut(&str) -> Result<Secret, String>,
    out: &mut dyn Write,
) -> Result<(), String> {
    let root = match data_dir {
        Some(dir) => dir.to_owned(),
        None => DataDir::default_root().map_err(|e| e.to_string())?,
    };
    let mut data = DataDir::open(&root).map_err(|e| e.to_string())?;
    unlock(&mut data, ask)?;
    let key = match data.sharing_key().map_err(|e| e.to_string())? {
        Some(key) if name.is_none_or(|n| n.trim().is_empty() || n.trim() == key.info().name) => key,
        _ => data
            .make_sharing_key(name.unwrap_or_default())
            .map_err(|e| e.to_string())?,
    };
    let info = key.info();
    writeln!(
        out,
        "Your reviewer key (the public half; safe to send):\n{}\n\nAdd these lines to each workbook you send, among its first fields:\n{}",
        info.public_key,
        workbook_lines(&info)
    )
    .ok();
    if !data.is_protected() {
        writeln!(out, "\nThis data folder is not protected with a passphrase, so anyone who can open it could use the key. `trustwork --data-dir DIR protect` keeps it under a passphrase.").ok();
    }
    Ok(())
}

/// Opens a data folder that must already exist.
fn open_existing(data_dir: Option<&Path>) -> Result<DataDir, String> {
    let root = match data_dir {
        Some(dir) => dir.to_owned(),
        None => DataDir::default_root().map_err(|e| e.to_string())?,
    };
    if !root.is_dir() {
        return Err(format!(
            "there is no data folder at {}; give the right one with --data-dir",
            root.display()
        ));
    }
    DataDir::open(&root).map_err(|e| e.to_string())
}

/// Opens the folder as its only writer, or says why not.
fn open_for_writing(data_dir: Option<&Path>) -> Result<DataDir, String> {
    let data = open_existing(data_dir)?;
    if data.access() != Access::ReadWrite {
        return Err("another trustwork window has that folder open; close it first".to_owned());
    }
    Ok(data)
}

/// Asks for the passphrase if the folder is protected, and unlocks it.
fn unlock(
    data: &mut DataDir,
    ask: &mut dyn FnMut(&str) -> Result<Secret, String>,
) -> Result<(), String> {
    if data.is_locked() {
        let passphrase = ask("Passphrase: ")?;
        data.unlock(&passphrase).map_err(|e| e.to_string())?;
    }
    Ok(())
}

/// `trustwork protect`: encrypts every file and prints the recovery key.
fn protect(
    data_dir: Option<&Path>,
    ask: &mut dyn FnMut(&str) -> Result<Secret, String>,
    out: &mut dyn Write,
) -> Result<(), String> {
    let mut data = open_for_writing(data_dir)?;
    if data.is_protected() {
        return Err(
            "that folder is already protected; use `passphrase` to change the passphrase"
                .to_owned(),
        );
    }
    let passphrase = ask("New passphrase: ")?;
    let again = ask("The same passphrase again: ")?;
    if passphrase != again {
        return Err("the two passphrases are not the same; nothing was changed".to_owned());
    }
    let recovery = data
        .protect(&passphrase, &mut |_, _| {})
        .map_err(|e| e.to_string())?;
    writeln!(
        out,
        "{} is protected: every file in it is encrypted.
         Your recovery key is below. It opens every file without the passphrase, in trustwork or
         with `age -d -i KEYFILE FILE`. Keep it away from this computer; it is shown only once.

{}",
        data.root().display(),
        recovery.expose()
    )
    .ok();
    Ok(())
}

/// `trustwork unprotect`: decrypts every file and removes the keys.
fn unprotect(
    data_dir: Option<&Path>,
    ask: &mut dyn FnMut(&str) -> Result<Secret, String>,
    out: &mut dyn Write,
) -> Result<(), String> {
    let mut data = open_for_writing(data_dir)?;
    if !data.is_protected() {
        return Err("that folder is not protected".to_owned());
    }
    unlock(&mut data, ask)?;
    let done = data.unprotect(&mut |_, _| {}).map_err(|e| e.to_string())?;
    writeln!(
        out,
        "{} is no longer protected: {} files are plain text again.",
        data.root().display(),
        done.changed
    )
    .ok();
    Ok(())
}

/// `trustwork passphrase`: stores the key under a new passphrase.
fn change_passphrase(
    data_dir: Option<&Path>,
    ask: &mut dyn FnMut(&str) -> Result<Secret, String>,
    out: &mut dyn Write,
) -> Result<(), String> {
    let mut data = open_for_writing(data_dir)?;
    if !data.is_protected() {
        return Err("that folder is not protected; use `protect` to protect it".to_owned());
    }
    unlock(&mut data, ask)?;
    let passphrase = ask("New passphrase: ")?;
    let again = ask("The same passphrase again: ")?;
    if passphrase != again {
        return Err("the two passphrases are not the same; nothing was changed".to_owned());
    }
    data.change_passphrase(&passphrase)
        .map_err(|e| e.to_string())?;
    writeln!(out, "The passphrase is changed; no entry was touched.").ok();
    Ok(())
}

/// `trustwork generate`: made-up entries in a folder of their own.
fn generate(
    data_dir: Option<&Path>,
    years: u32,
    seed: u64,
    out: &mut dyn Write,
) -> Result<(), String> {
    let Some(root) = data_dir else {
        return Err("give the folder to fill with --data-dir DIR; made-up entries never go into your own data folder".to_owned());
    };
    let data = DataDir::open(root).map_err(|e| e.to_string())?;
    if data.access() != crate::store::Access::ReadWrite {
        return Err("another trustwork window has that folder open; close it first".to_owned());
    }
    // A protected folder is not unlocked: its entries are counted, not read.
    if data.has_entry_files() {
        return Err(format!(
            "{} already has entries; choose an empty folder",
            root.display()
        ));
    }
    let start = std::time::Instant::now();
    let written = crate::generate::generate(&data, years, Local::now().date_naive(), seed)
        .map_err(|e| format!("could not write the entries: {e}"))?;
    writeln!(
        out,
        "wrote {written} entries ({years} years) to {} in {:.1} s",
        root.display(),
        start.elapsed().as_secs_f64()
    )
    .ok();
    Ok(())
}

/// `trustwork show FILE`: an answers or feedback file as plain text.
fn show(
    path: &Path,
    data_dir: Option<&Path>,
    ask: &mut dyn FnMut(&str) -> Result<Secret, String>,
    out: &mut dyn Write,
) -> Result<(), String> {
    let encrypted = crate::files::read_bounded(path, crate::share::MAX_SHARE_BYTES)
        .is_ok_and(|bytes| crate::store::is_encrypted(&bytes));
    // Only an encrypted file needs the data folder and its reviewer key.
    let key = if encrypted {
        let mut data = open_existing(data_dir)?;
        unlock(&mut data, ask)?;
        data.sharing_key().map_err(|e| e.to_string())?
    } else {
        None
    };
    match open_file_with(path, key.as_ref()).map_err(|e| e.to_string())? {
        Opened::Answers(review) => {
            let wb = &review.workbook;
            writeln!(
                out,
                "Answers to \"{}\" (version {}), written {}",
                wb.title,
                wb.version,
                review.file.exported_at.format("%-d %B %Y %H:%M")
            )
            .ok();
            if !review.hash_matches {
                writeln!(
                    out,
                    "Warning: the questions in this file were changed after it was written."
                )
                .ok();
            }
            for shared in &review.file.entries {
                writeln!(
                    out,
                    "\n== Entry started {} ==",
                    shared.started_at.format("%-d %B %Y %H:%M")
                )
                .ok();
                for (_, prompt) in wb.prompts() {
                    if let Some(value) = shared.answers.get(&prompt.id) {
                        writeln!(
                            out,
                            "\n{}\n{}",
                            prompt.ask,
                            indent(&describe_for(&prompt.input, value))
                        )
                        .ok();
                    }
                }
                for (id, value) in shared
                    .answers
                    .iter()
                    .filter(|(id, _)| wb.prompt(id).is_none())
                {
                    writeln!(
                        out,
                        "\n(an earlier question, `{id}`)\n{}",
                        indent(&describe(value))
                    )
                    .ok();
                }
            }
        }
        Opened::Feedback(file) => {
            let who = if file.reviewer.is_empty() {
                "a reviewer"
            } else {
                file.reviewer.as_str()
            };
            // Titles and questions where the workbook is one trustwork knows; ids otherwise.
            let known = bundled_with_sources()
                .into_iter()
                .map(|(w, _)| w)
                .find(|w| w.id == file.workbook_id);
            let title = known
                .as_ref()
                .map_or(file.workbook_id.as_str(), |w| w.title.as_str());
            writeln!(
                out,
                "Feedback from {who} on \"{title}\", written {}",
                file.written_at.format("%-d %B %Y %H:%M")
            )
            .ok();
            if !file.note.is_empty() {
                writeln!(out, "\n{}", file.note).ok();
            }
            for entry in &file.entries {
                let started = crate::journal::EntryId {
                    workbook_id: file.workbook_id.clone(),
                    stem: entry.entry.clone(),
                }
                .started_at();
                let heading = started.map_or_else(
                    || entry.entry.clone(),
                    |at| format!("started {}", at.format("%-d %B %Y %H:%M")),
                );
                writeln!(out, "\n== Entry {heading} ==").ok();
                for (prompt, comment) in &entry.comments {
                    let ask = known
                        .as_ref()
                        .and_then(|w| w.prompt(prompt))
                        .map_or(prompt.as_str(), |p| p.ask.as_str());
                    writeln!(out, "{ask}\n    {comment}").ok();
                }
            }
        }
        Opened::Workbook { workbook, .. } => {
            writeln!(
                out,
                "This is a workbook, \"{}\"; check it with `trustwork validate`.",
                workbook.title
            )
            .ok();
        }
    }
    Ok(())
}

fn indent(text: &str) -> String {
    text.lines()
        .map(|l| format!("    {l}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// `trustwork new --template NAME FILE`: a starting file that validates, never over another.
fn new_from_template(name: &str, file: &Path, out: &mut dyn Write) -> Result<(), String> {
    let Some(text) = crate::workbook::template(name) else {
        let names: Vec<String> = crate::workbook::TEMPLATES
            .iter()
            .map(|(n, what, _)| format!("  {n}: {what}"))
            .collect();
        return Err(format!(
            "there is no template called \"{name}\". The templates are:\n{}",
            names.join("\n")
        ));
    };
    not_there(file)?;
    write_durable(file, text.as_bytes()).map_err(|e| {
        format!(
            "could not write {}: {e}. Check the folder exists and you may write to it",
            file.display()
        )
    })?;
    writeln!(
        out,
        "wrote a starting workbook to {}. Open it in a text editor and change its id and title first (the notes at the top say how); see it as a client would with `trustwork preview {}` (it reads the file again each time you save), or check it with `trustwork validate {}`.",
        file.display(),
        file.display(),
        file.display()
    )
    .ok();
    Ok(())
}

/// A file these commands would write is not there yet: they never write over one.
fn not_there(file: &Path) -> Result<(), String> {
    if file.exists() {
        return Err(format!(
            "{} is already there, so nothing was written. Choose another file name, or move that file first",
            file.display()
        ));
    }
    Ok(())
}

/// `trustwork outline FILE`: the workbook as a blank outline, printed or written to a file.
fn outline(
    file: &Path,
    format: OutlineFormat,
    output: Option<&Path>,
    out: &mut dyn Write,
) -> Result<(), String> {
    let (workbook, _) = load_workbook_file(file).map_err(|e| e.to_string())?;
    let text = match format {
        OutlineFormat::Md => crate::share::outline_markdown(&workbook),
        OutlineFormat::Html => crate::share::outline_html(&workbook),
    };
    match output {
        None => {
            out.write_all(text.as_bytes()).map_err(|e| e.to_string())?;
        }
        Some(path) => {
            not_there(path)?;
            write_durable(path, text.as_bytes()).map_err(|e| {
                format!(
                    "could not write {}: {e}. Check the folder exists and you may write to it",
                    path.display()
                )
            })?;
            writeln!(
                out,
                "wrote the outline of \"{}\" ({}) to {}",
                workbook.title,
                count(workbook.sections.len(), "page"),
                path.display()
            )
            .ok();
        }
    }
    Ok(())
}

/// `trustwork validate FILE...`: 0 when every file is valid, 1 otherwise.
fn validate(files: &[PathBuf], out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    let mut failed = 0;
    for path in files {
        match load_workbook_file(path) {
            Ok((workbook, _)) => {
                let prompts = workbook.prompts().count();
                let sections = workbook.sections.len();
                let estimate = estimate(&workbook);
                writeln!(
                    out,
                    "{}: valid: \"{}\", {}, {}, about {} by the estimate ({} words to read)",
                    path.display(),
                    workbook.title,
                    count(sections, "page"),
                    count(prompts, "question"),
                    count(estimate.minutes() as usize, "minute"),
                    estimate.words,
                )
                .ok();
                if !estimate.agrees_with(workbook.minutes) {
                    writeln!(
                        out,
                        "{}: note: `minutes` says {}, but reading and answering come to about {}; change `minutes`, or split the workbook (see the guide, section 11)",
                        path.display(),
                        workbook.minutes,
                        estimate.minutes(),
                    )
                    .ok();
                }
                for advice in crate::workbook::advice(&workbook) {
                    writeln!(out, "{}: note: {advice}", path.display()).ok();
                }
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
pub(crate) fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}
