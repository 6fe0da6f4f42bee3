//! Follow-ups: a `Date` answer with a `follow_up` brings something to look back on, on or after
//! that day. What the person chose (postponed, let go, opened) is kept in the settings.

use std::collections::BTreeMap;

use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};

use super::{Entry, EntryId, Journal, Value, parse_date};
use crate::workbook::Workbook;

/// What the person did with a follow-up.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
pub enum FollowUpState {
    /// Not before this day, `YYYY-MM-DD`.
    Postponed(String),
    /// Opened: looked back on, in the entry with this file stem (of the workbook it opened).
    Opened(String),
    /// Let go: not shown again.
    LetGo,
}

/// One follow-up an answer scheduled.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FollowUpItem {
    /// Names it in the settings: the entry, the prompt and the date chosen, so choosing another
    /// date brings it back as new.
    pub key: String,
    /// The entry whose answer scheduled it.
    pub entry: EntryId,
    /// The day it was written.
    pub written_on: NaiveDate,
    /// The day chosen.
    pub on: NaiveDate,
    /// The day it shows from: the day chosen, or the later day it was postponed to.
    pub shows_from: NaiveDate,
    /// The library's words for it, such as "the promise you made".
    pub label: String,
    /// The prompt looked back on, in the scheduling workbook.
    pub about: String,
    /// The workbook to open.
    pub open: String,
    /// The section to open at, if one was named.
    pub section: Option<String>,
}

impl FollowUpItem {
    /// "To look back on: the promise you made on 3 December".
    pub fn title(&self) -> String {
        format!(
            "To look back on: {} on {}",
            self.label,
            self.written_on.format("%-d %B")
        )
    }
}

impl FollowUpItem {
    /// "The promise you made on 3 December", above the answer when it is opened.
    pub fn heading(&self) -> String {
        let mut chars = self.label.chars();
        let label: String = chars
            .next()
            .map(|first| first.to_uppercase().chain(chars).collect())
            .unwrap_or_default();
        format!("{label} on {}", self.written_on.format("%-d %B"))
    }
}

/// How many days "Postpone" moves a follow-up, by the person's choice.
pub const POSTPONE_CHOICES: [(u64, &str); 2] = [(1, "Tomorrow"), (7, "In a week")];

impl Journal {
    /// Follow-ups due on `today`: the date chosen has come, and they were neither opened, let
    /// go, nor postponed past today. Oldest first. A date that is not a real date schedules
    /// nothing.
    pub fn due_follow_ups<'w>(
        &self,
        workbooks: impl Iterator<Item = &'w Workbook>,
        states: &BTreeMap<String, FollowUpState>,
        today: NaiveDate,
    ) -> Vec<FollowUpItem> {
        let workbooks: Vec<&Workbook> = workbooks.collect();
        // Which follow-up opened each entry, by the entry's file stem.
        let opened_by: BTreeMap<&str, &str> = states
            .iter()
            .filter_map(|(key, state)| match state {
                FollowUpState::Opened(stem) => Some((stem.as_str(), key.as_str())),
                _ => None,
            })
            .collect();
        let mut due = Vec::new();
        for &workbook in &workbooks {
            for (_, prompt) in workbook.prompts() {
                let Some(follow_up) = &prompt.follow_up else {
                    continue;
                };
                for (id, entry) in self.entries_of(&workbook.id) {
                    let Some(Value::Date(text)) = entry.answers.get(&prompt.id) else {
                        continue;
                    };
                    let Some(on) = parse_date(text) else {
                        continue;
                    };
                    let key = format!("{}/{}/{}/{on}", id.workbook_id, id.stem, prompt.id);
                    let open = follow_up
                        .open
                        .clone()
                        .unwrap_or_else(|| workbook.id.clone());
                    let shows_from = match states.get(&key) {
                        Some(FollowUpState::LetGo) => continue,
                        // Opened and written in: done. Opened and left empty: still to do.
                        Some(FollowUpState::Opened(stem)) => {
                            let opened = EntryId {
                                workbook_id: open.clone(),
                                stem: stem.clone(),
                            };
                            let written = self
                                .entries
                                .get(&opened)
                                .is_some_and(|e| e.answers.values().any(super::is_answered));
                            if written {
                                continue;
                            }
                            on
                        }
                        Some(FollowUpState::Postponed(until)) => {
                            parse_date(until).map_or(on, |until| until.max(on))
                        }
                        None => on,
                    };
                    if shows_from > today {
                        continue;
                    }
                    let target = workbooks.iter().copied().find(|w| w.id == open);
                    if self.answered_later(target, id, entry, &follow_up.about, &opened_by) {
                        continue;
                    }
                    due.push(FollowUpItem {
                        key,
                        entry: id.clone(),
                        written_on: entry.started_at.date_naive(),
                        on,
                        shows_from,
                        label: follow_up.label.clone(),
                        about: follow_up.about.clone(),
                        open,
                        section: follow_up.section.clone(),
                    });
                }
            }
        }
        due.sort_by(|a, b| (a.on, &a.key).cmp(&(b.on, &b.key)));
        due
    }
}

impl Journal {
    /// Whether a later entry of the workbook a follow-up opens has already answered, about
    /// this entry, a prompt that recalls what it looks back on: the person looked back without
    /// the follow-up (opened the weekly page from the library, say).
    fn answered_later(
        &self,
        target: Option<&Workbook>,
        from: &EntryId,
        entry: &Entry,
        about: &str,
        opened_by: &BTreeMap<&str, &str>,
    ) -> bool {
        let Some(target) = target else {
            return false;
        };
        let recalling: Vec<&str> = target
            .prompts()
            .filter(|(_, p)| {
                p.recall.as_ref().is_some_and(|r| {
                    r.workbook.as_deref().unwrap_or(&target.id) == from.workbook_id
                        && r.prompt == about
                })
            })
            .map(|(_, p)| p.id.as_str())
            .collect();
        if recalling.is_empty() {
            return false;
        }
        // An entry a follow-up opened looked back on that follow-up's entry, whatever came
        // in between.
        let prefix = format!("{}/{}/", from.workbook_id, from.stem);
        let opened_for_another = |later: &EntryId| {
            opened_by
                .get(later.stem.as_str())
                .is_some_and(|key| !key.starts_with(&prefix))
        };
        let same_workbook = target.id == from.workbook_id;
        // Entry names sort by when they began, so the later ones start after this one's name.
        let start = EntryId {
            workbook_id: target.id.clone(),
            stem: from.stem.clone(),
        };
        let later_entries = self
            .entries
            .range((std::ops::Bound::Excluded(start), std::ops::Bound::Unbounded))
            .take_while(|(id, _)| id.workbook_id == target.id)
            .filter(|(_, later)| later.started_at > entry.started_at);
        for (id, later) in later_entries {
            let answered = recalling
                .iter()
                .any(|p| later.answers.get(*p).is_some_and(super::is_answered));
            if answered
                && !opened_for_another(id)
                && (same_workbook
                    || self.latest_with(&from.workbook_id, about, later.started_at) == Some(from))
            {
                return true;
            }
            // Later pages recall this one's answer instead: none of them looked back on ours.
            if same_workbook && later.answers.get(about).is_some_and(super::is_answered) {
                return false;
            }
        }
        false
    }

    /// The latest entry of a workbook, begun before `before`, that answered `prompt`: the one
    /// a `recall` shows.
    fn latest_with(
        &self,
        workbook_id: &str,
        prompt: &str,
        before: chrono::DateTime<chrono::Local>,
    ) -> Option<&EntryId> {
        self.entries_of(workbook_id)
            .filter(|(_, e)| e.started_at < before)
            .filter(|(_, e)| e.answers.get(prompt).is_some_and(super::is_answered))
            .map(|(id, _)| id)
            .last()
    }
}

/// The day a follow-up postponed on `today` by `days` comes back.
pub fn postponed_until(today: NaiveDate, days: u64) -> NaiveDate {
    today.checked_add_days(Days::new(days)).unwrap_or(today)
}

#[cfg(test)]
mod tests {
    use chrono::{Local, TimeZone};

    use super::*;
    use crate::journal::Entry;
    use crate::workbook::parse_workbook;

    fn workbook() -> Workbook {
        parse_workbook(
            r#"Workbook(id: "promise", version: 1, title: "P", summary: "S.", theme: SelfTrust,
               audience: Solo, cadence: Weekly, minutes: 2, intro: "", sections: [
                 Section(id: "a", title: "A", prompts: [
                   Prompt(id: "promise", ask: "What will I do?", input: ShortText),
                   Prompt(id: "when", ask: "When shall I look back?", input: Date,
                          follow_up: Some(FollowUp(about: "promise", label: "the promise you made"))),
                 ]),
               ])"#,
        )
        .expect("parses")
    }

    fn journal_with(dates: &[&str]) -> Journal {
        let wb = workbook();
        let mut journal = Journal::default();
        for (day, date) in (1..).zip(dates) {
            let started = Local.with_ymd_and_hms(2026, 11, day, 9, 0, 0).unwrap();
            let mut entry = Entry::new(&wb, started);
            entry
                .answers
                .insert("promise".into(), Value::Text(format!("walk {day}")));
            entry
                .answers
                .insert("when".into(), Value::Date((*date).to_owned()));
            let id = EntryId::new("promise", started, |_| false);
            journal.entries.insert(id, entry);
        }
        journal
    }

    fn day(text: &str) -> NaiveDate {
        parse_date(text).unwrap()
    }

    #[test]
    fn a_follow_up_is_due_from_its_day_and_not_before() {
        let wb = workbook();
        let journal = journal_with(&["2026-12-03", "2026-12-10", "not a date"]);
        let states = BTreeMap::new();
        let due = |today| journal.due_follow_ups(std::iter::once(&wb), &states, day(today));
        assert!(due("2026-12-02").is_empty());
        let on_the_day = due("2026-12-03");
        assert_eq!(on_the_day.len(), 1);
        assert_eq!(
            on_the_day[0].title(),
            "To look back on: the promise you made on 1 November"
        );
        assert_eq!(
            on_the_day[0].heading(),
            "The promise you made on 1 November"
        );
        assert_eq!(on_the_day[0].open, "promise");
        assert_eq!(due("2026-12-20").len(), 2);
    }

    #[test]
    fn looking_back_from_the_library_counts_as_done() {
        let wb = parse_workbook(
            r#"Workbook(id: "promise", version: 1, title: "P", summary: "S.", theme: SelfTrust,
               audience: Solo, cadence: Weekly, minutes: 2, intro: "", sections: [
                 Section(id: "a", title: "A", prompts: [
                   Prompt(id: "kept", ask: "Kept?", input: YesNo,
                          recall: Some(Recall(prompt: "promise"))),
                   Prompt(id: "promise", ask: "What will I do?", input: ShortText),
                   Prompt(id: "when", ask: "When shall I look back?", input: Date,
                          follow_up: Some(FollowUp(about: "promise", label: "the promise"))),
                 ]),
               ])"#,
        )
        .expect("parses");
        let mut journal = journal_with(&["2026-12-03", "2026-12-10"]);
        let states = BTreeMap::new();
        let due = |journal: &Journal| {
            journal
                .due_follow_ups(std::iter::once(&wb), &states, day("2026-12-20"))
                .len()
        };
        assert_eq!(due(&journal), 2);
        // The second week's page said how the first week's promise went.
        let second = journal.entries.keys().nth(1).expect("two entries").clone();
        journal
            .entries
            .get_mut(&second)
            .expect("there")
            .answers
            .insert("kept".into(), Value::YesNo(true));
        assert_eq!(due(&journal), 1);
    }

    #[test]
    fn postponed_comes_back_later_and_let_go_or_opened_never() {
        let wb = workbook();
        let journal = journal_with(&["2026-12-03"]);
        let key = journal.due_follow_ups(std::iter::once(&wb), &BTreeMap::new(), day("2026-12-03"))
            [0]
        .key
        .clone();
        let mut states = BTreeMap::new();
        let until = postponed_until(day("2026-12-03"), 7);
        states.insert(key.clone(), FollowUpState::Postponed(until.to_string()));
        let due = |states: &BTreeMap<_, _>, today| {
            journal
                .due_follow_ups(std::iter::once(&wb), states, day(today))
                .len()
        };
        assert_eq!(due(&states, "2026-12-09"), 0);
        assert_eq!(due(&states, "2026-12-10"), 1);
        states.insert(key.clone(), FollowUpState::LetGo);
        assert_eq!(due(&states, "2027-01-01"), 0);
        // Opened in an entry that was never written in: it stays to be looked back on.
        states.insert(key.clone(), FollowUpState::Opened("20261210T090000".into()));
        assert_eq!(due(&states, "2027-01-01"), 1);
        let opened = journal
            .entries
            .keys()
            .next()
            .expect("one entry")
            .stem
            .clone();
        states.insert(key, FollowUpState::Opened(opened));
        assert_eq!(due(&states, "2027-01-01"), 0);
    }
}
