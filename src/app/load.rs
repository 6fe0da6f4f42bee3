//! Reading the data folder, on the worker's data thread: the bundled workbooks, the folder and
//! its lock, then (once unlocked, if it is protected) a conversion cut short, the settings,
//! every entry (with progress), imported workbooks and the trash. Plain Rust, with no egui.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use crate::session::{FolderInfo, Loaded};
use crate::store::{Access, DataDir, LoadReport, Settings};
use crate::workbook;

/// How often, at most, reading the folder reports its progress.
const PROGRESS_EVERY: Duration = Duration::from_millis(50);

/// The bundled workbooks that parse, with their text, and the problems of those that do not.
fn bundled() -> (Vec<(workbook::Workbook, &'static str)>, Vec<String>) {
    let mut bundled = Vec::new();
    let mut problems = Vec::new();
    for (parsed, (_, source)) in workbook::bundled().into_iter().zip(workbook::BUNDLED) {
        match parsed {
            Ok(workbook) => bundled.push((workbook, *source)),
            Err(why) => problems.push(why),
        }
    }
    (bundled, problems)
}

/// What the app can show when the data folder cannot be used: the bundled workbooks, and why.
pub(super) fn without_folder(why: String) -> Loaded {
    let (bundled, bundled_problems) = bundled();
    Loaded {
        bundled,
        bundled_problems,
        folder: Err(why),
        settings: Settings::default(),
        settings_damaged: None,
        settings_newer: None,
        report: LoadReport::default(),
        trash: Vec::new(),
        protection_problem: None,
        sharing: Ok(None),
        backup_coming: false,
    }
}

/// The folder as the session knows it.
pub(super) fn info(data: &DataDir) -> FolderInfo {
    FolderInfo {
        root: data.root().to_owned(),
        access: data.access(),
        protected: data.is_protected(),
    }
}

/// Opens the data folder (the platform's usual one unless `root` is given) and takes its lock
/// if it is free. Reads nothing of what the person wrote.
pub(super) fn open(root: Option<PathBuf>) -> Result<DataDir, Box<Loaded>> {
    root.map_or_else(DataDir::default_root, Ok)
        .and_then(|root| DataDir::open(&root))
        .map_err(|err| Box::new(without_folder(err.to_string())))
}

/// Reads everything in an open (and, if protected, unlocked) folder: first finishing a
/// conversion a kill cut short, and encrypting any plain file found in a protected folder.
pub(super) fn read(data: &mut DataDir, progress: &mut dyn FnMut(usize, usize)) -> Loaded {
    let writer = data.access() == Access::ReadWrite;
    let mut last_report = Instant::now();
    let mut throttled = |read, total| {
        if last_report.elapsed() >= PROGRESS_EVERY {
            last_report = Instant::now();
            progress(read, total);
        }
    };
    let mut protection_problem = None;
    if writer && data.unfinished_conversion().is_some() {
        protection_problem = data
            .finish_conversion(&mut throttled)
            .err()
            .map(|e| e.to_string());
    }
    let (settings, settings_damaged) = data.load_settings();
    let settings_newer = data.settings_newer();
    let report = data.load_with_progress(&mut throttled);
    if writer && report.plain_in_protected > 0 {
        data.seal_plain_files(&mut |_, _| {});
    }
    let trash = data.load_trash();
    let (bundled, bundled_problems) = bundled();
    Loaded {
        bundled,
        bundled_problems,
        folder: Ok(info(data)),
        settings,
        settings_damaged,
        settings_newer,
        report,
        trash,
        protection_problem,
        // Read by the worker, which keeps the key itself.
        sharing: Ok(None),
        backup_coming: false,
    }
}
