//! The person's settings: small, plain, and saved like an entry.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use super::{Access, DataDir, Quarantined};
use crate::journal::FollowUpState;

/// The settings format this build writes. A settings file saying more was written by a newer
/// trustwork: it is left untouched, and this window does not save over it.
pub const SETTINGS_FORMAT: u32 = 1;

/// What the app remembers between runs, apart from answers.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(default)]
pub struct Settings {
    /// See [`SETTINGS_FORMAT`]; files from before it was written count as 1.
    pub format: u32,
    /// The first-run note has been read.
    pub first_run_done: bool,
    /// Country code (such as "GB") for the help screen's contacts.
    pub country: Option<String>,
    /// Hide the suggested path at the top of the library.
    pub hide_path: bool,
    /// Hide charts, for people who would rather not see numbers.
    pub hide_charts: bool,
    /// Lock after this many minutes without a key press or a click; 0 never locks by itself.
    /// Only a protected folder locks.
    pub auto_lock_minutes: u32,
    /// The zoom chosen with Ctrl+plus and Ctrl+minus, in percent (100 is as designed).
    pub zoom_percent: u32,
    /// What was done with each follow-up (postponed, opened, let go), by its key.
    pub follow_ups: BTreeMap<String, FollowUpState>,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            format: SETTINGS_FORMAT,
            first_run_done: false,
            country: None,
            hide_path: false,
            hide_charts: false,
            auto_lock_minutes: 5,
            zoom_percent: 100,
            follow_ups: BTreeMap::new(),
        }
    }
}

impl Settings {
    /// Parses a settings file's text; the error says where and what, in plain words.
    pub fn from_ron(text: &str) -> Result<Self, String> {
        let text = text.trim_start_matches('\u{feff}');
        ron::Options::default()
            .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
            .from_str::<Self>(text)
            .map_err(|err| {
                format!(
                    "line {}, column {}: {}",
                    err.span.start.line,
                    err.span.start.col,
                    crate::workbook::plain_parse_error(text, &err)
                )
            })
    }

    /// Serialises the settings as pretty RON.
    pub fn to_ron(&self) -> Result<String, ron::Error> {
        ron::ser::to_string_pretty(self, ron::ser::PrettyConfig::new().struct_names(true))
    }
}

impl DataDir {
    /// Where the settings live.
    pub fn settings_path(&self) -> PathBuf {
        self.root().join("settings.ron")
    }

    /// Reads the settings. A missing file gives the defaults; a damaged one is set aside in
    /// `quarantine/` (when we may write) and the defaults are used.
    pub fn load_settings(&self) -> (Settings, Option<Quarantined>) {
        let path = self.settings_path();
        // Settings are a few lines; a file a thousand times larger is not ours.
        let text = match self.read_sealed(&path, 64 * 1024) {
            Ok(bytes) => String::from_utf8(bytes).map_err(|_| "it is not UTF-8 text".to_owned()),
            Err(super::OpenError::Read(err)) if err.is_not_found() => {
                return (Settings::default(), None);
            }
            // Locked: nothing wrong with the file, and nothing to read yet.
            Err(super::OpenError::Locked) => return (Settings::default(), None),
            Err(err) => Err(err.to_string()),
        };
        let text = match text {
            Ok(text) => text,
            Err(reason) => return (Settings::default(), Some(self.set_aside(path, reason))),
        };
        if settings_format(&text).is_some_and(|f| f > SETTINGS_FORMAT) {
            // A newer trustwork's settings: not read as ours, not set aside, not replaced.
            return (Settings::default(), None);
        }
        match Settings::from_ron(&text) {
            Ok(settings) => (settings, None),
            Err(reason) => (Settings::default(), Some(self.set_aside(path, reason))),
        }
    }

    /// The format of a settings file written by a newer trustwork, if the file is one.
    pub fn settings_newer(&self) -> Option<u32> {
        let bytes = self.read_sealed(&self.settings_path(), 64 * 1024).ok()?;
        let text = String::from_utf8(bytes).ok()?;
        settings_format(&text).filter(|f| *f > SETTINGS_FORMAT)
    }

    /// Sets a settings file that cannot be read aside (when we may write).
    fn set_aside(&self, path: PathBuf, reason: String) -> Quarantined {
        if self.access() == Access::ReadWrite {
            self.quarantine(&path, "settings", reason)
        } else {
            Quarantined {
                original: path,
                moved_to: None,
                reason,
            }
        }
    }
}

/// The format a settings file says it has, read before anything else.
fn settings_format(text: &str) -> Option<u32> {
    #[derive(Deserialize)]
    #[serde(rename = "Settings")]
    struct Probe {
        #[serde(default)]
        format: Option<u32>,
    }
    ron::Options::default()
        .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
        .from_str::<Probe>(text.trim_start_matches('\u{feff}'))
        .ok()
        .and_then(|p| p.format)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_damaged_settings_are_set_aside() {
        let (_dir, data) = DataDir::temporary();
        assert_eq!(data.load_settings(), (Settings::default(), None));

        let settings = Settings {
            first_run_done: true,
            country: Some("GB".into()),
            ..Settings::default()
        };
        super::super::write_durable(&data.settings_path(), settings.to_ron().unwrap().as_bytes())
            .unwrap();
        assert_eq!(data.load_settings().0, settings);

        std::fs::write(data.settings_path(), b"Settings(first_run_done: tru").unwrap();
        let (loaded, q) = data.load_settings();
        assert_eq!(loaded, Settings::default());
        let moved = q.unwrap().moved_to.unwrap();
        assert_eq!(
            std::fs::read(moved).unwrap(),
            b"Settings(first_run_done: tru"
        );
        assert!(!data.settings_path().exists());
    }
}
