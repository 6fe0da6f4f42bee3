//! Taking in what the data folder held: the library, the entries, the settings, and a notice
//! for everything that could not be read or needs saying.

use chrono::Local;

use super::library::Library;
use super::{Folder, Loaded, Notice, Screen, Session, safety};
use crate::store::Access;

impl Session {
    /// Takes in what the data folder held and opens the library.
    pub(super) fn loaded(&mut self, loaded: Loaded) {
        let Loaded {
            bundled,
            bundled_problems,
            folder,
            settings,
            settings_damaged,
            settings_newer,
            report,
            trash,
            protection_problem,
            sharing,
            backup_coming,
        } = loaded;
        if backup_coming {
            // Counted as waited for, so `App::settle` and closing see it through.
            self.request(super::Asker::Backup);
        }
        match sharing {
            Ok(info) => self.sharing = info,
            Err(problem) => self.notices.push(Notice::warning(problem)),
        }
        if let Some(problem) = protection_problem {
            self.notices.push(Notice::warning(problem));
        }
        for problems in bundled_problems {
            self.notices.push(Notice::warning(format!(
                "A bundled workbook has problems:\n{problems}"
            )));
        }
        if !self.safety.directory_problems.is_empty() {
            self.notices.push(Notice::warning(format!(
                "The bundled help contacts have problems:\n{}",
                self.safety.directory_problems.join("\n")
            )));
        }
        match folder {
            Ok(info) => {
                if info.access == Access::ReadOnly {
                    self.notices.push(Notice::warning(
                        "trustwork is already open in another window, so this one is read-only: you can read, but changes here are not saved. Close this window and use the other one.",
                    ));
                }
                self.folder = Folder::Open(info);
            }
            Err(message) => {
                self.notices.push(Notice::warning(format!(
                    "{message}. You can read the workbooks, but answers cannot be written until the folder can be opened."
                )));
                self.folder = Folder::Missing;
            }
        }
        if let Some(format) = settings_newer {
            self.settings_frozen = true;
            self.notices.push(Notice::warning(format!(
                "Your settings were saved by a newer version of trustwork (format {format}), so this version left them untouched and uses its defaults; changes to settings here are not kept. Update trustwork to use them."
            )));
        }
        if let Some(q) = settings_damaged {
            self.notices.push(Notice::warning(format!(
                "The settings file could not be read, so the defaults are used. It was set aside unchanged. Why: {}",
                q.reason
            )));
        }
        for q in &report.quarantined {
            self.notices.push(Notice::warning(match &q.moved_to {
                Some(to) => format!(
                    "A saved entry could not be read, so it was set aside unchanged in {}. Nothing was deleted. Why: {}",
                    to.display(),
                    q.reason
                ),
                None => format!(
                    "A saved entry could not be read and was left as it is: {}. Why: {}",
                    q.original.display(),
                    q.reason
                ),
            }));
        }
        for (path, format) in &report.newer {
            self.notices.push(Notice::warning(format!(
                "An entry was saved by a newer version of trustwork (its format is {format}), so this version left it untouched and does not show it. Update trustwork to read it: {}",
                path.display()
            )));
        }
        for broken in &report.broken_workbooks {
            self.notices.push(Notice::warning(format!(
                "An imported workbook has problems and is hidden until fixed:\n{}",
                broken.problems
            )));
        }
        self.library = Library::new(bundled, report.workbooks);
        self.journal = report.journal;
        self.trash = trash;
        self.settings = settings;
        let today = Local::now().date_naive();
        self.notices.extend(safety::sustained_notices(
            self.library.all(),
            &self.journal,
            today,
        ));
        if matches!(self.screen, Screen::Loading | Screen::Locked) {
            self.screen = Screen::Library;
        }
    }
}
