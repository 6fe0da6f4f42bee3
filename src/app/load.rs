//! Reading the data folder at start, on the worker's data thread: the bundled workbooks, the
//! folder and its lock, the settings, every entry (with progress), imported workbooks, the
//! trash. Plain Rust, with no egui.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use crate::session::{FolderInfo, Loaded};
use crate::store::{DataDir, LoadReport, Settings};
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
        report: LoadReport::default(),
        trash: Vec::new(),
    }
}

/// Parses the bundled workbooks, opens the data folder and reads everything in it.
pub(super) fn load(
    root: Option<PathBuf>,
    progress: &mut dyn FnMut(usize, usize),
) -> (Option<DataDir>, Loaded) {
    let opened = root
        .map_or_else(DataDir::default_root, Ok)
        .and_then(|root| DataDir::open(&root));
    let data = match opened {
        Ok(data) => data,
        Err(err) => return (None, without_folder(err.to_string())),
    };
    let (settings, settings_damaged) = data.load_settings();
    let mut last_report = Instant::now();
    let report = data.load_with_progress(&mut |read, total| {
        if last_report.elapsed() >= PROGRESS_EVERY {
            last_report = Instant::now();
            progress(read, total);
        }
    });
    let trash = data.load_trash();
    let (bundled, bundled_problems) = bundled();
    let loaded = Loaded {
        bundled,
        bundled_problems,
        folder: Ok(FolderInfo {
            root: data.root().to_owned(),
            access: data.access(),
        }),
        settings,
        settings_damaged,
        report,
        trash,
    };
    (Some(data), loaded)
}
