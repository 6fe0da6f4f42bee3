//! The safety state: crisis contacts, the country for them, which flagged answers have already
//! brought up help, and the words of care the library shows. Everything here is driven by the
//! workbooks' own flags (`safety`, `sustained`, `partner_exercise`), never by their ids or
//! headings.

use std::collections::BTreeSet;

use chrono::NaiveDate;

use super::library::Library;
use super::{HelpTopic, Notice};
use crate::crisis::CrisisDirectory;
use crate::journal::{EntryId, Journal, passes, shown_answer};
use crate::workbook::{SafetyHelp, Workbook};

/// What the session knows about safety.
#[derive(Debug)]
pub struct Safety {
    /// Crisis and support contacts, compiled in.
    pub directory: CrisisDirectory,
    /// Problems in the compiled-in contacts, if any (shown as a notice once loaded).
    pub directory_problems: Vec<String>,
    /// The country guessed from the system's locale, until one is chosen.
    pub guessed_country: Option<String>,
    /// The help screen, when open, and why it opened.
    pub help: Option<HelpTopic>,
    /// Flagged prompts already answered in the flagged way, per entry, so help opens once per
    /// answer.
    raised: BTreeSet<(EntryId, String)>,
}

impl Safety {
    /// The compiled-in contacts and the system's country: no disk is read.
    pub fn new() -> Self {
        let (directory, directory_problems) = match CrisisDirectory::bundled() {
            Ok(directory) => (directory, Vec::new()),
            Err(problems) => (CrisisDirectory::fallback(), problems),
        };
        Self {
            directory,
            directory_problems,
            guessed_country: crate::crisis::country_from_system(),
            help: None,
            raised: BTreeSet::new(),
        }
    }

    /// Opens help when a flagged prompt of an entry is newly answered in the flagged way. With
    /// `quiet` (an entry being opened), only records what is raised, so old answers do not
    /// reopen help.
    pub fn check(&mut self, library: &Library, journal: &Journal, id: &EntryId, quiet: bool) {
        let raised = flags_raised(library, journal, id);
        let newly = raised
            .iter()
            .find(|(prompt, _)| !self.raised.contains(&(id.clone(), prompt.clone())));
        if let (Some((_, show)), false) = (newly, quiet) {
            self.help = Some(HelpTopic::Flagged(*show));
        }
        self.raised.retain(|(entry, _)| entry != id);
        self.raised
            .extend(raised.into_iter().map(|(prompt, _)| (id.clone(), prompt)));
    }
}

/// Safety-flagged prompts of an entry whose shown answer is the flagged one.
fn flags_raised(library: &Library, journal: &Journal, id: &EntryId) -> Vec<(String, SafetyHelp)> {
    let (Some(entry), Some(wb)) = (journal.entries.get(id), library.get(&id.workbook_id)) else {
        return Vec::new();
    };
    wb.prompts()
        .filter_map(|(_, prompt)| {
            let flag = prompt.safety.as_ref()?;
            passes(&flag.when, shown_answer(wb, entry, &prompt.id))
                .then(|| (prompt.id.clone(), flag.show))
        })
        .collect()
}

/// The title of a workbook whose most recent answer to an abuse-support question (fear of a
/// partner, threats, control) is the flagged one, if any is. Entries that left the question
/// unanswered do not count either way.
pub fn fear_reported_in(library: &Library, journal: &Journal) -> Option<String> {
    library.all().find_map(|wb| {
        let flagged: Vec<_> = wb
            .prompts()
            .filter_map(|(_, p)| {
                p.safety
                    .as_ref()
                    .filter(|f| f.show == SafetyHelp::AbuseSupport)
                    .map(|f| (p, f))
            })
            .collect();
        if flagged.is_empty() {
            return None;
        }
        let latest = journal
            .entries_of(&wb.id)
            .filter(|(_, e)| flagged.iter().any(|(p, _)| e.answer(&p.id).is_some()))
            .last()?;
        let raised = flagged
            .iter()
            .any(|(p, f)| passes(&f.when, shown_answer(wb, latest.1, &p.id)));
        raised.then(|| wb.title.clone())
    })
}

/// A gentle word for every `sustained` flag whose answers have passed its test on enough
/// days in a row, ending today or yesterday.
pub fn sustained_notices<'a>(
    workbooks: impl Iterator<Item = &'a Workbook>,
    journal: &Journal,
    today: NaiveDate,
) -> Vec<Notice> {
    let mut notices = Vec::new();
    for wb in workbooks {
        for (_, prompt) in wb.prompts() {
            let Some(sustained) = &prompt.sustained else {
                continue;
            };
            let days = journal.days_in_a_row(&wb.id, &prompt.id, &sustained.when, today);
            if days >= sustained.days as usize {
                notices.push(Notice::lasting(format!(
                        "Your answer to \"{}\" has been {} on {days} days in a row. That is a lot to carry on your own. A counsellor, therapist or your doctor can help, and \"Get help now\" lists people you can talk to, day and night.",
                        prompt.ask,
                        sustained.when.in_words(),
                    )));
            }
        }
    }
    notices
}
