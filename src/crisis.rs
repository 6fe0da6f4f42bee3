//! Crisis and support contacts by country, from the bundled `data/crisis-lines.ron`.
//!
//! Plain data with its own checks; the help screen in `ui/help.rs` shows it. Never imports egui.

use chrono::NaiveDate;
use serde::Deserialize;

/// The bundled contacts file.
pub const CRISIS_LINES: &str = include_str!("../data/crisis-lines.ron");

/// Every country we list, and where to look for the rest.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CrisisDirectory {
    /// A directory for countries not listed.
    pub international: Directory,
    /// Countries, in the order shown in the picker.
    pub countries: Vec<Country>,
}

/// A directory of helplines covering many countries.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Directory {
    /// Its name.
    pub name: String,
    /// How to reach it, in words.
    pub how: String,
}

/// One country's emergency number and lines.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Country {
    /// ISO 3166 two-letter code, such as "GB".
    pub code: String,
    /// Its name.
    pub name: String,
    /// The emergency number, shown first.
    pub emergency: String,
    /// Crisis and support lines.
    pub lines: Vec<Line>,
}

/// One service.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Line {
    /// The service's name.
    pub service: String,
    /// How to reach it, such as "Call or text 988".
    pub reach: String,
    /// What it is for.
    pub purpose: String,
    /// Which kind of help it gives.
    pub kind: LineKind,
    /// How far its details were checked, and when.
    pub checked: Checked,
}

/// How far a line's details were checked. The help screen never claims more than this.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub enum Checked {
    /// Listed from a clinical review on this day, `YYYY-MM-DD`; still to be confirmed by
    /// calling it before a release.
    FromReview(String),
    /// Confirmed by calling it (or by the service's own page) on this day, `YYYY-MM-DD`.
    Phoned(String),
}

impl Checked {
    /// The day, as written.
    pub fn date(&self) -> &str {
        match self {
            Self::FromReview(date) | Self::Phoned(date) => date,
        }
    }
}

/// Which kind of help a line gives.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
pub enum LineKind {
    /// Suicidal thoughts, emotional crisis.
    Crisis,
    /// Domestic abuse: fear of a partner, threats, control, violence.
    Abuse,
    /// For people worried about their own anger or behaviour towards a partner.
    Behaviour,
    /// Other support.
    Support,
}

impl CrisisDirectory {
    /// Parses and checks the bundled file.
    pub fn bundled() -> Result<Self, Vec<String>> {
        Self::parse(CRISIS_LINES)
    }

    /// Parses and checks a contacts file: every field filled, codes unique, dates real.
    pub fn parse(text: &str) -> Result<Self, Vec<String>> {
        let directory: Self = ron::from_str(text).map_err(|e| vec![e.to_string()])?;
        let problems = directory.problems();
        if problems.is_empty() {
            Ok(directory)
        } else {
            Err(problems)
        }
    }

    fn problems(&self) -> Vec<String> {
        let mut problems = Vec::new();
        let mut codes = std::collections::BTreeSet::new();
        if self.international.name.trim().is_empty() || self.international.how.trim().is_empty() {
            problems
                .push("the international directory needs a name and how to reach it".to_owned());
        }
        for country in &self.countries {
            let c = &country.code;
            if c.len() != 2 || !c.chars().all(|ch| ch.is_ascii_uppercase()) {
                problems.push(format!("country code `{c}` is not two capital letters"));
            }
            if !codes.insert(c.as_str()) {
                problems.push(format!("country `{c}` is listed twice"));
            }
            if country.name.trim().is_empty() || country.emergency.trim().is_empty() {
                problems.push(format!(
                    "country `{c}` needs a name and an emergency number"
                ));
            }
            for line in &country.lines {
                let complete = [&line.service, &line.reach, &line.purpose]
                    .iter()
                    .all(|s| !s.trim().is_empty());
                if !complete {
                    problems.push(format!(
                        "a line in `{c}` has an empty service, reach or purpose"
                    ));
                }
                if NaiveDate::parse_from_str(line.checked.date(), "%Y-%m-%d").is_err() {
                    problems.push(format!(
                        "`{}` in `{c}` was checked on \"{}\"; write a date as YYYY-MM-DD",
                        line.service,
                        line.checked.date()
                    ));
                }
            }
        }
        problems
    }

    /// Used only if the bundled file were broken: emergency numbers and the directory, no lines.
    pub fn fallback() -> Self {
        Self {
            international: Directory {
                name: "Find A Helpline".to_owned(),
                how: "Type findahelpline.com into a web browser.".to_owned(),
            },
            countries: Vec::new(),
        }
    }

    /// The country with this code.
    pub fn country(&self, code: &str) -> Option<&Country> {
        self.countries.iter().find(|c| c.code == code)
    }

    /// The oldest date any line was checked: how fresh the list is at worst.
    pub fn oldest_check(&self) -> Option<&str> {
        self.lines().map(|l| l.checked.date()).min()
    }

    /// Every line of every country.
    pub fn lines(&self) -> impl Iterator<Item = &Line> {
        self.countries.iter().flat_map(|c| &c.lines)
    }

    /// Lines listed from a review and not yet confirmed by calling them: to do before a
    /// release.
    pub fn unconfirmed(&self) -> Vec<&Line> {
        self.lines()
            .filter(|l| matches!(l.checked, Checked::FromReview(_)))
            .collect()
    }
}

/// A country code guessed from a locale such as `en-GB`, `zh-Hant-TW` or `en_GB.UTF-8`, if it
/// names one.
pub fn guess_country(locale: &str) -> Option<String> {
    let tag = locale.split(['.', '@']).next()?;
    // The language comes first; the region is the first later part of two letters.
    tag.split(['_', '-'])
        .skip(1)
        .find(|part| part.len() == 2 && part.chars().all(|c| c.is_ascii_alphabetic()))
        .map(str::to_ascii_uppercase)
}

/// The country of the person's preferred locales, as the system reports them (the locale
/// variables on Linux, the user's language settings on Windows and macOS).
pub fn country_from_system() -> Option<String> {
    sys_locale::get_locales().find_map(|locale| guess_country(&locale))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_file_is_complete() {
        let directory = CrisisDirectory::bundled().unwrap();
        assert!(directory.countries.len() >= 6);
        assert!(
            directory
                .country("GB")
                .is_some_and(|c| c.emergency == "999")
        );
        assert!(directory.oldest_check().is_some());
        // Each country the review named has its abuse line, and the perpetrator lines exist.
        for code in [
            "US", "CA", "GB", "IE", "AU", "NZ", "DE", "FR", "ES", "IT", "NL", "IN",
        ] {
            let country = directory.country(code).unwrap();
            assert!(
                country.lines.iter().any(|l| l.kind == LineKind::Crisis),
                "{code} has a crisis line"
            );
            assert!(
                country.lines.iter().any(|l| l.kind == LineKind::Abuse),
                "{code} has an abuse line"
            );
        }
        let behaviour = directory
            .lines()
            .filter(|l| l.kind == LineKind::Behaviour)
            .count();
        assert!(
            behaviour >= 4,
            "lines for people worried about their own behaviour"
        );
        // Not a failure: the release checklist. The help screen says these are unconfirmed.
        let unconfirmed = directory.unconfirmed();
        eprintln!(
            "{} of {} crisis lines are listed from a review and still to be confirmed by calling them before a release",
            unconfirmed.len(),
            directory.lines().count()
        );
    }

    #[test]
    fn incomplete_entries_are_refused() {
        let text = r#"CrisisDirectory(
            international: Directory(name: "X", how: "Y"),
            countries: [
                Country(code: "gb", name: "A", emergency: "", lines: [
                    Line(service: "S", reach: "", purpose: "P", kind: Crisis, checked: FromReview("soon")),
                ]),
            ],
        )"#;
        let problems = CrisisDirectory::parse(text).unwrap_err();
        assert_eq!(problems.len(), 4, "{problems:#?}");
    }

    #[test]
    fn countries_come_from_locales() {
        assert_eq!(guess_country("en_GB.UTF-8").as_deref(), Some("GB"));
        assert_eq!(guess_country("de_DE@euro").as_deref(), Some("DE"));
        assert_eq!(guess_country("en-GB").as_deref(), Some("GB"));
        assert_eq!(guess_country("zh-Hant-TW").as_deref(), Some("TW"));
        assert_eq!(guess_country("fr").as_deref(), None);
        assert_eq!(guess_country("C.UTF-8"), None);
        assert_eq!(guess_country("POSIX"), None);
    }
}
