//! Entries and answers: what a person wrote, how conditions read it, and summaries for the
//! library.
//!
//! Plain data with no I/O and no egui; the store reads and writes these, the UI edits them.

mod answers;
mod follow_ups;
mod ledger;
mod search;
mod series;

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Local, NaiveDate};
use serde::{Deserialize, Serialize};

pub use answers::{FieldValue, Value, describe, describe_for, is_answered, parse_date, passes};
pub use follow_ups::{FollowUpItem, FollowUpState, POSTPONE_CHOICES, postponed_until};
pub use ledger::{
    Band, Calibration, LedgerSource, Mark, MonthCount, Score, by_month, calibration,
    sources_in_words as ledger_sources_in_words, summary as ledger_summary,
};
pub use search::{Filter, Hit, search};
pub use series::{
    Point, Range, Series, describe_points, number, scale_series, week_start, weekly_medians,
};

use crate::workbook::{Cadence, Prompt, Section, Test, Workbook};

/// The version of the entry file format written by this build.
pub const ENTRY_FORMAT: u32 = 1;

/// Names one entry: its workbook and a file stem unique within that workbook.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct EntryId {
    /// The workbook the entry answers.
    pub workbook_id: String,
    /// `YYYYMMDDTHHMMSS-N`, from the start time; sorts by time.
    pub stem: String,
}

impl EntryId {
    /// A fresh id for an entry started at `started_at`, avoiding `taken`.
    pub fn new(
        workbook_id: &str,
        started_at: DateTime<Local>,
        taken: impl Fn(&Self) -> bool,
    ) -> Self {
        let base = started_at.format("%Y%m%dT%H%M%S").to_string();
        let mut n = 1;
        loop {
            let id = Self {
                workbook_id: workbook_id.to_owned(),
                stem: format!("{base}-{n}"),
            };
            if !taken(&id) {
                return id;
            }
            n += 1;
        }
    }

    /// When the entry was started, read back from its name (as [`EntryId::new`] writes it).
    pub fn started_at(&self) -> Option<chrono::NaiveDateTime> {
        let stamp = self.stem.get(..15)?;
        chrono::NaiveDateTime::parse_from_str(stamp, "%Y%m%dT%H%M%S").ok()
    }
}

impl std::fmt::Display for EntryId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.workbook_id, self.stem)
    }
}

/// One sitting with a workbook: a draft until completed.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// The entry file format; see [`ENTRY_FORMAT`].
    pub format: u32,
    /// The workbook answered.
    pub workbook_id: String,
    /// The workbook version the entry was last edited with.
    pub workbook_version: u32,
    /// When the sitting began.
    pub started_at: DateTime<Local>,
    /// When an answer last changed.
    pub updated_at: DateTime<Local>,
    /// When it was finished, if it was.
    #[serde(default)]
    pub completed_at: Option<DateTime<Local>>,
    /// The section id to resume at; `None` for the workbook's first page.
    #[serde(default)]
    pub position: Option<String>,
    /// Answers by prompt id, including answers to prompts a newer version no longer has.
    #[serde(default)]
    pub answers: BTreeMap<String, Value>,
    /// Comments a reviewer sent back on this entry, oldest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub feedback: Vec<ReceivedFeedback>,
}

/// A reviewer's comments on an entry, as received in a feedback file.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ReceivedFeedback {
    /// When the reviewer wrote it.
    pub written_at: DateTime<Local>,
    /// Who signed it.
    #[serde(default)]
    pub reviewer: String,
    /// Their overall note.
    #[serde(default)]
    pub note: String,
    /// Comments by prompt id.
    #[serde(default)]
    pub comments: BTreeMap<String, String>,
}

impl Entry {
    /// A new, empty draft.
    pub fn new(workbook: &Workbook, now: DateTime<Local>) -> Self {
        Self {
            format: ENTRY_FORMAT,
            workbook_id: workbook.id.clone(),
            workbook_version: workbook.version,
            started_at: now,
            updated_at: now,
            completed_at: None,
            position: None,
            answers: BTreeMap::new(),
            feedback: Vec::new(),
        }
    }

    /// Whether it has been finished.
    pub fn is_completed(&self) -> bool {
        self.completed_at.is_some()
    }

    /// The answer to a prompt, if there is one worth counting.
    pub fn answer(&self, prompt_id: &str) -> Option<&Value> {
        self.answers.get(prompt_id).filter(|v| is_answered(v))
    }

    /// Answers whose prompt is not in this workbook version, sorted by prompt id.
    pub fn orphan_answers<'a>(&'a self, workbook: &Workbook) -> Vec<(&'a str, &'a Value)> {
        self.answers
            .iter()
            .filter(|(id, v)| workbook.prompt(id).is_none() && is_answered(v))
            .map(|(id, v)| (id.as_str(), v))
            .collect()
    }

    /// Serialises the entry as pretty RON; the same entry always gives the same bytes.
    pub fn to_ron(&self) -> Result<String, ron::Error> {
        ron::ser::to_string_pretty(self, ron::ser::PrettyConfig::new().struct_names(true))
    }

    /// Parses an entry file. A byte-order mark (which some editors add) is accepted, as it is
    /// in workbooks.
    pub fn from_ron(text: &str) -> Result<Self, ron::error::SpannedError> {
        ron::Options::default()
            .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
            .from_str(text.trim_start_matches('\u{feff}'))
    }

    /// The format an entry file says it has, read before anything else: a file from a newer
    /// trustwork is never read as this one's format. `None` when it says nothing readable.
    pub fn format_of(text: &str) -> Option<u32> {
        #[derive(serde::Deserialize)]
        #[serde(rename = "Entry")]
        struct Probe {
            format: u32,
        }
        ron::Options::default()
            .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
            .from_str::<Probe>(text.trim_start_matches('\u{feff}'))
            .ok()
            .map(|p| p.format)
    }
}

/// The answer to a prompt while that prompt is shown. An answer to a prompt that is hidden
/// now (its condition no longer holds) is kept in the entry but does not steer other conditions.
pub fn shown_answer<'e>(
    workbook: &Workbook,
    entry: &'e Entry,
    prompt_id: &str,
) -> Option<&'e Value> {
    let (section_index, prompt) = workbook.prompts().find(|(_, p)| p.id == prompt_id)?;
    // Validation guarantees conditions only look back, so this recursion ends.
    let shown = section_visible(workbook, &workbook.sections[section_index], entry)
        && prompt_visible(workbook, prompt, entry);
    if shown { entry.answer(prompt_id) } else { None }
}

/// Whether a section is shown, given the answers so far.
pub fn section_visible(workbook: &Workbook, section: &Section, entry: &Entry) -> bool {
    section
        .show_if
        .as_ref()
        .is_none_or(|c| c.holds(&|leaf| leaf_passes(workbook, entry, leaf)))
}

/// How one test of a condition comes out: on an answer, or on any record of a list.
fn leaf_passes(workbook: &Workbook, entry: &Entry, leaf: crate::workbook::Leaf<'_>) -> bool {
    let value = shown_answer(workbook, entry, leaf.prompt);
    match (leaf.field, value) {
        (None, value) => passes(leaf.test, value),
        (Some(field), Some(Value::List(records))) => records.iter().any(|record| {
            record
                .get(field)
                .is_some_and(|v| passes(leaf.test, Some(&v.to_value())))
        }),
        (Some(_), _) => false,
    }
}

/// Whether a prompt is shown within its section, given the answers so far.
pub fn prompt_visible(workbook: &Workbook, prompt: &Prompt, entry: &Entry) -> bool {
    prompt
        .show_if
        .as_ref()
        .is_none_or(|c| c.holds(&|leaf| leaf_passes(workbook, entry, leaf)))
}

/// Indices of the sections shown for these answers, in order.
pub fn visible_sections(workbook: &Workbook, entry: &Entry) -> Vec<usize> {
    workbook
        .sections
        .iter()
        .enumerate()
        .filter(|(_, s)| section_visible(workbook, s, entry))
        .map(|(i, _)| i)
        .collect()
}

/// Required prompts in a section that are shown but not answered yet.
pub fn missing_required<'w>(
    workbook: &Workbook,
    section: &'w Section,
    entry: &Entry,
) -> Vec<&'w Prompt> {
    section
        .prompts
        .iter()
        .filter(|p| {
            p.required && prompt_visible(workbook, p, entry) && entry.answer(&p.id).is_none()
        })
        .collect()
}

/// What the library says about one workbook.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct WorkbookStatus {
    /// The most recent unfinished entry, to continue.
    pub draft: Option<EntryId>,
    /// When that draft was last changed.
    pub draft_updated: Option<DateTime<Local>>,
    /// How many entries were completed.
    pub completed: usize,
    /// When the last entry was completed.
    pub last_completed: Option<DateTime<Local>>,
}

/// Every entry the app knows, by id.
#[derive(Clone, Debug, Default)]
pub struct Journal {
    /// All entries, sorted by workbook then start time.
    pub entries: BTreeMap<EntryId, Entry>,
}

impl Journal {
    /// How many days in a row, ending on `today` or the day before, an answer to a prompt
    /// passed a test (a day counts when any of its answers passes).
    pub fn days_in_a_row(
        &self,
        workbook_id: &str,
        prompt_id: &str,
        test: &Test,
        today: NaiveDate,
    ) -> usize {
        let passing: BTreeSet<NaiveDate> = self
            .entries_of(workbook_id)
            .filter(|(_, entry)| passes(test, entry.answer(prompt_id)))
            .map(|(_, entry)| entry.started_at.date_naive())
            .collect();
        let mut day = if passing.contains(&today) {
            today
        } else {
            today.pred_opt().unwrap_or(today)
        };
        let mut count = 0;
        while passing.contains(&day) {
            count += 1;
            let Some(previous) = day.pred_opt() else {
                break;
            };
            day = previous;
        }
        count
    }

    /// The library status of one workbook.
    pub fn status(&self, workbook_id: &str) -> WorkbookStatus {
        let mut status = WorkbookStatus::default();
        for (id, entry) in self.entries_of(workbook_id) {
            if let Some(at) = entry.completed_at {
                status.completed += 1;
                status.last_completed = status.last_completed.max(Some(at));
            } else {
                status.draft = Some(id.clone());
                status.draft_updated = Some(entry.updated_at);
            }
        }
        status
    }

    /// The answer a `recall` shows: the latest entry of `workbook_id` started before `before`
    /// that answered `prompt_id`, with when it was started.
    pub fn recall(
        &self,
        workbook_id: &str,
        prompt_id: &str,
        before: DateTime<Local>,
    ) -> Option<(DateTime<Local>, &Value)> {
        self.entries_of(workbook_id)
            .filter(|(_, e)| e.started_at < before)
            .filter_map(|(_, e)| {
                e.answers
                    .get(prompt_id)
                    .filter(|v| is_answered(v))
                    .map(|v| (e.started_at, v))
            })
            .last()
    }

    /// Other versions of the same entry: one another program changed while it was open here
    /// (`…-conflict-…`), or one a backup brought back beside it (`…-from-backup-…`).
    pub fn other_versions(&self, id: &EntryId) -> Vec<&EntryId> {
        let base = |stem: &str| {
            ["-conflict-", "-from-backup-"]
                .iter()
                .filter_map(|mark| stem.find(mark))
                .min()
                .map_or_else(|| stem.to_owned(), |at| stem[..at].to_owned())
        };
        let mine = base(&id.stem);
        self.entries_of(&id.workbook_id)
            .map(|(other, _)| other)
            .filter(|other| *other != id && base(&other.stem) == mine)
            .collect()
    }

    /// Entries of one workbook, oldest first.
    pub fn entries_of(&self, workbook_id: &str) -> impl Iterator<Item = (&EntryId, &Entry)> {
        // Entries sort by workbook id first, so one workbook's entries are one contiguous range.
        let start = EntryId {
            workbook_id: workbook_id.to_owned(),
            stem: String::new(),
        };
        let wanted = workbook_id.to_owned();
        self.entries
            .range(start..)
            .take_while(move |(id, _)| id.workbook_id == wanted)
    }

    /// The entry to open when a person starts a workbook: its draft if any; for a one-off
    /// workbook, the completed entry to revisit; otherwise none, and a fresh one is made.
    pub fn entry_to_open(&self, workbook: &Workbook) -> Option<EntryId> {
        let status = self.status(&workbook.id);
        status.draft.or_else(|| {
            (workbook.cadence == Cadence::Once)
                .then(|| {
                    self.entries_of(&workbook.id)
                        .last()
                        .map(|(id, _)| id.clone())
                })
                .flatten()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workbook::parse_workbook;
    use chrono::TimeZone as _;

    /// Which of `watched` the first section shows, for these answers.
    fn shown_of(wb: &Workbook, answers: &[(&str, Value)], watched: &[&str]) -> Vec<String> {
        let mut entry = Entry::new(wb, Local::now());
        for (id, v) in answers {
            entry.answers.insert((*id).to_owned(), v.clone());
        }
        wb.sections[0]
            .prompts
            .iter()
            .filter(|p| prompt_visible(wb, p, &entry))
            .map(|p| p.id.clone())
            .filter(|id| watched.contains(&id.as_str()))
            .collect()
    }

    #[test]
    fn unless_either_and_both_decide_what_is_shown() {
        let wb = parse_workbook(
            r#"Workbook(id: "w", version: 1, title: "W", summary: "S", audience: Solo, cadence: Daily, minutes: 2,
            sections: [
              Section(id: "a", title: "A", prompts: [
                Prompt(id: "ok", ask: "Okay?", input: YesNo),
                Prompt(id: "n", ask: "How much?", input: Scale(min: 0, max: 10, low: "l", high: "h")),
                Prompt(id: "unless", ask: "U", input: ShortText, show_if: Some(Not(Answer("ok", IsYes)))),
                Prompt(id: "either", ask: "E", input: ShortText, show_if: Some(AnyOf([Answer("ok", IsNo), Answer("n", AtLeast(8))]))),
                Prompt(id: "both", ask: "B", input: ShortText, show_if: Some(AllOf([Answer("ok", IsYes), Answer("n", AtLeast(8))]))),
              ]),
            ])"#,
        )
        .unwrap();
        let shown =
            |answers: &[(&str, Value)]| shown_of(&wb, answers, &["unless", "either", "both"]);
        assert_eq!(shown(&[]), ["unless"], "unless: shown while not yes");
        assert_eq!(shown(&[("ok", Value::YesNo(false))]), ["unless", "either"]);
        assert_eq!(
            shown(&[("ok", Value::YesNo(true)), ("n", Value::Number(9))]),
            ["either", "both"]
        );
        assert_eq!(
            shown(&[("ok", Value::YesNo(true)), ("n", Value::Number(3))]),
            Vec::<String>::new()
        );
    }

    #[test]
    fn a_feelings_strength_and_a_field_of_any_record_decide_what_is_shown() {
        let wb = parse_workbook(
            r#"Workbook(id: "w", version: 1, title: "W", summary: "S", audience: Solo, cadence: Daily, minutes: 2,
            sections: [
              Section(id: "a", title: "A", prompts: [
                Prompt(id: "felt", ask: "Feeling?", input: Feelings(intensity: true)),
                Prompt(id: "moments", ask: "Moments", input: List(fields: [
                  Field(id: "what", label: "What", kind: Text),
                  Field(id: "done", label: "Done?", kind: YesNo),
                ])),
                Prompt(id: "strong", ask: "S", input: ShortText, show_if: Some(Answer("felt", AtLeast(8)))),
                Prompt(id: "word", ask: "W", input: ShortText, show_if: Some(Answer("felt", Includes("calm")))),
                Prompt(id: "any-done", ask: "D", input: ShortText, show_if: Some(AnyRecord("moments", "done", IsYes))),
              ]),
            ])"#,
        )
        .unwrap();
        let shown =
            |answers: &[(&str, Value)]| shown_of(&wb, answers, &["strong", "word", "any-done"]);
        let felt = |word: &str, strength: u8| Value::Feelings {
            words: vec![word.to_owned()],
            intensity: Some(strength),
        };
        let record = |done: bool| {
            BTreeMap::from([
                ("what".to_owned(), FieldValue::Text("a walk".into())),
                ("done".to_owned(), FieldValue::YesNo(done)),
            ])
        };
        assert!(shown(&[]).is_empty());
        assert_eq!(shown(&[("felt", felt("calm", 3))]), ["word"]);
        assert_eq!(shown(&[("felt", felt("tense", 9))]), ["strong"]);
        assert!(shown(&[("moments", Value::List(vec![record(false)]))]).is_empty());
        assert_eq!(
            shown(&[("moments", Value::List(vec![record(false), record(true)]))]),
            ["any-done"]
        );
    }

    #[test]
    fn an_entry_name_says_when_it_was_started() {
        let at = Local.with_ymd_and_hms(2026, 3, 14, 21, 5, 9).unwrap();
        let id = EntryId::new("w", at, |_| false);
        assert_eq!(id.started_at(), Some(at.naive_local()));
        let odd = EntryId {
            workbook_id: "w".into(),
            stem: "not-a-date".into(),
        };
        assert_eq!(odd.started_at(), None);
    }

    fn workbook() -> Workbook {
        parse_workbook(
            r#"Workbook(id: "w", version: 1, title: "W", summary: "S", audience: Solo, cadence: Daily, minutes: 2,
            sections: [
              Section(id: "a", title: "A", prompts: [
                Prompt(id: "ok", ask: "Okay?", input: YesNo, required: true),
                Prompt(id: "why", ask: "Why not?", input: LongText, show_if: Some(Answer("ok", IsNo))),
              ]),
              Section(id: "b", title: "B", show_if: Some(Answer("ok", IsYes)), prompts: [
                Prompt(id: "n", ask: "How much?", input: Scale(min: 0, max: 10, low: "l", high: "h")),
              ]),
            ])"#,
        )
        .unwrap()
    }

    fn at(h: u32) -> DateTime<Local> {
        Local.with_ymd_and_hms(2026, 11, 25, h, 0, 0).unwrap()
    }

    #[test]
    fn conditions_follow_answers() {
        let wb = workbook();
        let mut entry = Entry::new(&wb, at(9));
        assert_eq!(visible_sections(&wb, &entry), [0]);
        assert_eq!(missing_required(&wb, &wb.sections[0], &entry).len(), 1);
        assert!(!prompt_visible(&wb, &wb.sections[0].prompts[1], &entry));

        entry.answers.insert("ok".into(), Value::YesNo(false));
        assert!(prompt_visible(&wb, &wb.sections[0].prompts[1], &entry));
        assert_eq!(visible_sections(&wb, &entry), [0]);
        assert!(missing_required(&wb, &wb.sections[0], &entry).is_empty());

        entry.answers.insert("ok".into(), Value::YesNo(true));
        assert_eq!(visible_sections(&wb, &entry), [0, 1]);
    }

    #[test]
    fn hidden_answers_do_not_steer_conditions() {
        let wb = parse_workbook(
            r#"Workbook(id: "w", version: 1, title: "W", summary: "S", audience: Solo, cadence: Once, minutes: 2,
            sections: [
              Section(id: "a", title: "A", prompts: [
                Prompt(id: "share", ask: "Share today?", input: YesNo),
                Prompt(id: "afraid", ask: "Afraid?", input: YesNo, show_if: Some(Answer("share", IsYes))),
              ]),
              Section(id: "after", title: "After", show_if: Some(Answer("afraid", IsNo)), prompts: [
                Prompt(id: "how", ask: "How was it?", input: LongText),
              ]),
            ])"#,
        )
        .unwrap();
        let mut entry = Entry::new(&wb, at(9));
        entry.answers.insert("share".into(), Value::YesNo(true));
        entry.answers.insert("afraid".into(), Value::YesNo(false));
        assert_eq!(visible_sections(&wb, &entry), [0, 1]);
        entry.answers.insert("share".into(), Value::YesNo(false));
        assert_eq!(
            visible_sections(&wb, &entry),
            [0],
            "the hidden answer is kept but no longer counts"
        );
        assert_eq!(entry.answers.get("afraid"), Some(&Value::YesNo(false)));
    }

    #[test]
    fn entry_round_trips_through_ron() {
        let wb = workbook();
        let mut entry = Entry::new(&wb, at(9));
        entry.answers.insert("ok".into(), Value::YesNo(true));
        entry
            .answers
            .insert("gone".into(), Value::Text("kept \"quoted\"\nline".into()));
        let text = entry.to_ron().unwrap();
        assert_eq!(Entry::from_ron(&text).unwrap(), entry);
        assert_eq!(
            entry.to_ron().unwrap(),
            text,
            "serialisation is deterministic"
        );
        assert_eq!(
            entry.orphan_answers(&wb),
            [("gone", &Value::Text("kept \"quoted\"\nline".into()))]
        );
    }

    #[test]
    fn status_counts_and_picks_the_draft() {
        let wb = workbook();
        let mut journal = Journal::default();
        for (h, done) in [(8, true), (9, true), (10, false)] {
            let mut entry = Entry::new(&wb, at(h));
            if done {
                entry.completed_at = Some(at(h));
            }
            let id = EntryId::new("w", at(h), |id| journal.entries.contains_key(id));
            journal.entries.insert(id, entry);
        }
        let status = journal.status("w");
        assert_eq!(status.completed, 2);
        assert_eq!(status.last_completed, Some(at(9)));
        assert_eq!(
            status.draft.as_ref().map(|d| d.stem.as_str()),
            Some("20261125T100000-1")
        );
        assert_eq!(journal.entry_to_open(&wb), status.draft);
    }

    #[test]
    fn counts_high_days_in_a_row() {
        let wb = workbook();
        let mut journal = Journal::default();
        for (day, value) in [(20, 9), (21, 3), (22, 9), (23, 10), (23, 2), (24, 9)] {
            let at = Local.with_ymd_and_hms(2026, 11, day, 20, 0, 0).unwrap();
            let mut entry = Entry::new(&wb, at);
            entry.answers.insert("n".into(), Value::Number(value));
            let id = EntryId::new("w", at, |id| journal.entries.contains_key(id));
            journal.entries.insert(id, entry);
        }
        let day = |d| NaiveDate::from_ymd_opt(2026, 11, d).unwrap();
        let nine = Test::AtLeast(9);
        assert_eq!(journal.days_in_a_row("w", "n", &nine, day(24)), 3);
        assert_eq!(
            journal.days_in_a_row("w", "n", &nine, day(25)),
            3,
            "yesterday still counts"
        );
        assert_eq!(journal.days_in_a_row("w", "n", &nine, day(26)), 0);
        assert_eq!(
            journal.days_in_a_row("w", "n", &Test::AtLeast(10), day(24)),
            1,
            "the day before, alone"
        );
        assert_eq!(
            journal.days_in_a_row("w", "n", &Test::AtMost(3), day(24)),
            1,
            "the 23rd counts by its 2, though it also had a 10"
        );
    }

    #[test]
    fn entry_ids_do_not_collide() {
        let first = EntryId::new("w", at(9), |_| false);
        let second = EntryId::new("w", at(9), |id| *id == first);
        assert_eq!(first.stem, "20261125T090000-1");
        assert_eq!(second.stem, "20261125T090000-2");
    }
}
