//! The self-trust ledger: promises to oneself and how they went, and hunches against how they
//! turned out, from every workbook with a `ledger` question (the bundled "Keeping my word to
//! myself" and "Gut calls", and any a therapist writes).
//!
//! An outcome is marked in one entry about something written in an earlier one: the entry a
//! follow-up looked back on when it opened this one, or else the latest earlier entry that
//! has it (what the page showed as "What you wrote on …").

use std::collections::BTreeMap;
use std::fmt::Write as _;

use chrono::{Datelike, NaiveDate};

use super::{Entry, EntryId, FollowUpState, Journal, Value};
use crate::workbook::Workbook;

/// Where the ledger reads one kind of evidence: a `Choice` or `YesNo` prompt with a `ledger`
/// mark.
#[derive(Clone, Debug, PartialEq)]
pub struct LedgerSource {
    /// Counted as promises; else as gut calls.
    pub promise: bool,
    /// The workbook.
    pub workbook: String,
    /// The prompt where how it went is marked.
    pub outcome: String,
    /// The prompt looked back on (the promise, the hunch): the outcome's `recall`.
    pub about: String,
    /// The workbook whose latest earlier entry is looked back on, when no follow-up says.
    pub about_workbook: String,
    /// The 0–10 scales of how sure the person was, asked beside `about` (the first of these
    /// the earlier entry answered: a follow-up may come from another workbook).
    pub sure: Vec<String>,
    /// Each outcome option and what it counts for: 1 went as meant, ½ partly, 0 not.
    /// Options not listed ("Not clear yet") are left out.
    pub scores: Vec<(String, Score)>,
}

impl LedgerSource {
    /// Every prompt of a workbook that counts in the ledger. One without a `recall` (which
    /// the check refuses) has nothing to look back on, and is left out.
    pub fn of(workbook: &Workbook) -> Vec<Self> {
        workbook
            .prompts()
            .filter_map(|(_, prompt)| {
                let mark = prompt.ledger.as_ref()?;
                let recall = prompt.recall.as_ref()?;
                let scores = [Score::Yes, Score::Partly, Score::No]
                    .into_iter()
                    .zip(mark.options())
                    .filter_map(|(score, option)| Some((option?.to_owned(), score)))
                    .collect();
                Some(Self {
                    promise: mark.is_promise(),
                    workbook: workbook.id.clone(),
                    outcome: prompt.id.clone(),
                    about: recall.prompt.clone(),
                    about_workbook: recall
                        .workbook
                        .clone()
                        .unwrap_or_else(|| workbook.id.clone()),
                    sure: mark.sure().to_vec(),
                    scores,
                })
            })
            .collect()
    }

    /// The ledger's sources in these workbooks: promises, then gut calls.
    pub fn split<'a>(workbooks: impl IntoIterator<Item = &'a Workbook>) -> (Vec<Self>, Vec<Self>) {
        workbooks
            .into_iter()
            .flat_map(Self::of)
            .partition(|source| source.promise)
    }
}

/// How one promise or hunch turned out.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Score {
    /// Kept, or right.
    Yes,
    /// Partly.
    Partly,
    /// Not yet, or wrong.
    No,
}

impl Score {
    /// What it counts for in a share: 1, ½ or 0.
    pub fn value(self) -> f64 {
        match self {
            Self::Yes => 1.0,
            Self::Partly => 0.5,
            Self::No => 0.0,
        }
    }
}

/// One promise or hunch and how it went.
#[derive(Clone, Debug, PartialEq)]
pub struct Mark {
    /// The day it was made, if the earlier entry was found.
    pub made_on: Option<NaiveDate>,
    /// The day how it went was written.
    pub marked_on: NaiveDate,
    /// What was promised or guessed, in the person's words.
    pub what: Option<String>,
    /// How sure the person was, 0 to 10, if they said.
    pub sure: Option<i32>,
    /// How it turned out.
    pub score: Score,
    /// The option chosen, as written in the workbook.
    pub outcome: String,
    /// The workbook it was marked in.
    pub workbook: String,
}

/// A month's marks.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct MonthCount {
    /// Kept or right.
    pub yes: usize,
    /// Partly.
    pub partly: usize,
    /// Not yet, or wrong.
    pub no: usize,
}

impl MonthCount {
    /// All marks in the month.
    pub fn total(&self) -> usize {
        self.yes + self.partly + self.no
    }
}

/// How sure, in three bands, against how it went.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Band {
    /// 0 to 3.
    Unsure,
    /// 4 to 6.
    Middling,
    /// 7 to 10.
    Sure,
}

impl Band {
    /// Every band, least sure first.
    pub const ALL: [Self; 3] = [Self::Unsure, Self::Middling, Self::Sure];

    /// The band of a 0–10 answer.
    pub fn of(sure: i32) -> Self {
        match sure {
            ..=3 => Self::Unsure,
            4..=6 => Self::Middling,
            _ => Self::Sure,
        }
    }

    /// "not very sure (0–3)".
    pub fn label(self) -> &'static str {
        match self {
            Self::Unsure => "not very sure (0–3)",
            Self::Middling => "fairly sure (4–6)",
            Self::Sure => "very sure (7–10)",
        }
    }
}

/// One band's share of marks that went as meant.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Calibration {
    /// The band.
    pub band: Band,
    /// How many marks fall in it.
    pub count: usize,
    /// Their average score, from 0 (none went as meant) to 1 (all did).
    pub share: f64,
}

impl Journal {
    /// Every mark of one source, in the order it was written.
    pub fn ledger(
        &self,
        source: &LedgerSource,
        follow_ups: &BTreeMap<String, FollowUpState>,
    ) -> Vec<Mark> {
        // Entries a follow-up opened, with the entry (of any workbook) it looked back on.
        let mut looked_back: BTreeMap<&str, &Entry> = BTreeMap::new();
        for (key, state) in follow_ups {
            let FollowUpState::Opened(opened) = state else {
                continue;
            };
            let mut parts = key.split('/');
            if let (Some(workbook_id), Some(stem)) = (parts.next(), parts.next()) {
                let from = EntryId {
                    workbook_id: workbook_id.to_owned(),
                    stem: stem.to_owned(),
                };
                if let Some(entry) = self.entries.get(&from) {
                    looked_back.insert(opened.as_str(), entry);
                }
            }
        }
        let entries: Vec<(&EntryId, &Entry)> = self.entries_of(&source.workbook).collect();
        let mut marks = Vec::new();
        for (i, (id, entry)) in entries.iter().enumerate() {
            // Another version of an entry that is here (kept beside it after an outside edit,
            // or brought back from a backup) is the same mark, counted once.
            if let Some(base) = ["-conflict-", "-from-backup-"]
                .iter()
                .filter_map(|mark| id.stem.find(mark))
                .min()
                .map(|at| &id.stem[..at])
                && entries.iter().any(|(other, _)| other.stem == base)
            {
                continue;
            }
            // A Choice counts by its option; a YesNo as "Yes" or "No".
            let outcome = match entry.answers.get(&source.outcome) {
                Some(Value::Choice(option)) => option.clone(),
                Some(Value::YesNo(yes)) => if *yes { "Yes" } else { "No" }.to_owned(),
                _ => continue,
            };
            let Some(score) = source
                .scores
                .iter()
                .find(|(option, _)| *option == outcome)
                .map(|(_, score)| *score)
            else {
                continue;
            };
            let has_about =
                |e: &Entry| e.answers.get(&source.about).is_some_and(super::is_answered);
            // The entry a follow-up opened this one from, if it has the promise (a follow-up
            // from another workbook may name another question); else what the page showed.
            let earlier = looked_back
                .get(id.stem.as_str())
                .copied()
                .filter(|e| has_about(e))
                .or_else(|| {
                    if source.about_workbook == source.workbook {
                        entries[..i]
                            .iter()
                            .rev()
                            .find(|(_, e)| has_about(e))
                            .map(|(_, e)| *e)
                    } else {
                        self.entries_of(&source.about_workbook)
                            .map(|(_, e)| e)
                            .filter(|e| e.started_at < entry.started_at && has_about(e))
                            .last()
                    }
                });
            marks.push(Mark {
                made_on: earlier.map(|e| e.started_at.date_naive()),
                marked_on: entry.started_at.date_naive(),
                what: earlier.and_then(|e| match e.answers.get(&source.about) {
                    Some(Value::Text(text)) if !text.trim().is_empty() => Some(text.clone()),
                    _ => None,
                }),
                sure: earlier.and_then(|e| {
                    source
                        .sure
                        .iter()
                        .find_map(|sure| match e.answers.get(sure) {
                            Some(Value::Number(n)) => Some(*n),
                            _ => None,
                        })
                }),
                score,
                outcome,
                workbook: source.workbook.clone(),
            });
        }
        marks
    }

    /// Every mark of several sources (the promises of every workbook, say), in the order of
    /// the days they were written.
    pub fn ledger_of(
        &self,
        sources: &[LedgerSource],
        follow_ups: &BTreeMap<String, FollowUpState>,
    ) -> Vec<Mark> {
        let mut marks: Vec<Mark> = sources
            .iter()
            .flat_map(|source| self.ledger(source, follow_ups))
            .collect();
        marks.sort_by_key(|mark| mark.marked_on);
        marks
    }
}

/// Marks by the month they were written, oldest first.
pub fn by_month(marks: &[Mark]) -> Vec<(NaiveDate, MonthCount)> {
    let mut months: BTreeMap<NaiveDate, MonthCount> = BTreeMap::new();
    for mark in marks {
        let month = mark.marked_on.with_day(1).unwrap_or(mark.marked_on);
        let count = months.entry(month).or_default();
        match mark.score {
            Score::Yes => count.yes += 1,
            Score::Partly => count.partly += 1,
            Score::No => count.no += 1,
        }
    }
    months.into_iter().collect()
}

/// How sure against how it went, for each band with at least one mark that says how sure.
pub fn calibration(marks: &[Mark]) -> Vec<Calibration> {
    Band::ALL
        .iter()
        .filter_map(|&band| {
            let scores: Vec<f64> = marks
                .iter()
                .filter(|m| m.sure.is_some_and(|s| Band::of(s) == band))
                .map(|m| m.score.value())
                .collect();
            (!scores.is_empty()).then(|| Calibration {
                band,
                count: scores.len(),
                share: scores.iter().sum::<f64>() / scores.len() as f64,
            })
        })
        .collect()
}

/// Where the marks come from, when more than one workbook gave them: "From “Keeping my word
/// to myself” and “Small steps”." `title` names a workbook by its id.
pub fn sources_in_words(marks: &[Mark], title: &dyn Fn(&str) -> String) -> Option<String> {
    let mut ids: Vec<&str> = Vec::new();
    for mark in marks {
        if !ids.contains(&mark.workbook.as_str()) {
            ids.push(&mark.workbook);
        }
    }
    let names: Vec<String> = ids.iter().map(|id| format!("“{}”", title(id))).collect();
    match names.as_slice() {
        [] | [_] => None,
        [rest @ .., last] => Some(format!("From {} and {last}.", rest.join(", "))),
    }
}

/// The ledger in a sentence: "You kept 9 of 12 promises, and partly kept 2 more."
/// `noun` is the word for one and for many; `yes` and `partly` are the verbs.
pub fn summary(marks: &[Mark], noun: (&str, &str), yes: &str, partly: &str) -> String {
    let count = |score| marks.iter().filter(|m| m.score == score).count();
    let (y, p) = (count(Score::Yes), count(Score::Partly));
    let noun = if marks.len() == 1 { noun.0 } else { noun.1 };
    let mut text = format!("You {yes} {y} of {} {noun}", marks.len());
    if p > 0 {
        let _ = write!(text, ", and {partly} {p} more");
    }
    text.push('.');
    text
}

#[cfg(test)]
mod tests {
    use chrono::{Local, TimeZone};

    use super::*;
    use crate::workbook::{bundled_workbook, parse_workbook};

    fn promises() -> LedgerSource {
        let wb = bundled_workbook("keeping-my-word").unwrap_or_else(|| panic!("bundled"));
        let mut sources = LedgerSource::of(&wb);
        assert_eq!(sources.len(), 1);
        sources.remove(0)
    }

    fn entry_on(day: u32, answers: &[(&str, Value)]) -> (EntryId, Entry) {
        let wb = parse_workbook(
            r#"Workbook(id: "keeping-my-word", version: 1, title: "K", summary: "S.",
               theme: SelfTrust, audience: Solo, cadence: Weekly, minutes: 2, intro: "",
               sections: [Section(id: "a", title: "A", prompts: [
                 Prompt(id: "promise", ask: "P", input: ShortText)])])"#,
        )
        .unwrap();
        let at = Local.with_ymd_and_hms(2026, 10, day, 9, 0, 0).unwrap();
        let mut entry = Entry::new(&wb, at);
        for (k, v) in answers {
            entry.answers.insert((*k).to_owned(), v.clone());
        }
        (EntryId::new("keeping-my-word", at, |_| false), entry)
    }

    fn promise(text: &str, sure: i32) -> Vec<(&'static str, Value)> {
        vec![
            ("promise", Value::Text(text.to_owned())),
            ("how-sure", Value::Number(sure)),
        ]
    }

    #[test]
    fn each_outcome_pairs_with_the_promise_before_it() {
        let mut journal = Journal::default();
        let weeks = [
            (1, None, promise("walk", 8)),
            (8, Some("Kept"), promise("bed by eleven", 3)),
            (15, Some("Not yet"), promise("call my sister", 6)),
            (22, Some("Partly kept"), vec![]),
            (29, Some("Not clear"), vec![]),
        ];
        for (day, kept, mut answers) in weeks {
            if let Some(kept) = kept {
                answers.push(("kept", Value::Choice(kept.to_owned())));
            }
            let (id, entry) = entry_on(day, &answers);
            journal.entries.insert(id, entry);
        }
        let marks = journal.ledger(&promises(), &BTreeMap::new());
        assert_eq!(marks.len(), 3, "an option that scores nothing is left out");
        assert_eq!(marks[0].what.as_deref(), Some("walk"));
        assert_eq!(marks[0].sure, Some(8));
        assert_eq!(marks[0].score, Score::Yes);
        assert_eq!(marks[1].what.as_deref(), Some("bed by eleven"));
        assert_eq!(marks[1].score, Score::No);
        assert_eq!(marks[2].what.as_deref(), Some("call my sister"));
        assert_eq!(marks[2].score, Score::Partly);

        let months = by_month(&marks);
        assert_eq!(months.len(), 1);
        assert_eq!(
            months[0].1,
            MonthCount {
                yes: 1,
                partly: 1,
                no: 1
            }
        );
        let bands = calibration(&marks);
        assert_eq!(bands.len(), 3);
        assert_eq!(bands[0].band, Band::Unsure);
        assert!((bands[0].share - 0.0).abs() < 1e-9);
        assert!((bands[1].share - 0.5).abs() < 1e-9);
        assert!((bands[2].share - 1.0).abs() < 1e-9);
        assert_eq!(
            summary(&marks, ("promise", "promises"), "kept", "partly kept"),
            "You kept 1 of 3 promises, and partly kept 1 more."
        );
    }

    #[test]
    fn a_ledger_question_can_look_back_on_another_workbook_and_sources_merge_by_day() {
        let intentions = parse_workbook(
            r#"Workbook(id: "intentions", version: 1, title: "I", summary: "S.", audience: Solo,
               cadence: Weekly, minutes: 2, sections: [Section(id: "a", title: "A", prompts: [
                 Prompt(id: "plan", ask: "P", input: ShortText),
                 Prompt(id: "odds", ask: "O", input: Scale(min: 0, max: 10, low: "l", high: "h"))])])"#,
        )
        .unwrap();
        let review = parse_workbook(
            r#"Workbook(id: "review", version: 1, title: "R", summary: "S.", audience: Solo,
               cadence: Weekly, minutes: 2, sections: [Section(id: "a", title: "A", prompts: [
                 Prompt(id: "how", ask: "H", input: Choice(options: ["Yes", "No"]),
                   recall: Some(Recall(prompt: "plan", workbook: Some("intentions"))),
                   ledger: Some(Promise(kept: "Yes", not_yet: "No", sure: ["odds"])))])])"#,
        )
        .unwrap();
        let bundled = bundled_workbook("keeping-my-word").unwrap_or_else(|| panic!("bundled"));
        let gut = bundled_workbook("gut-calls").unwrap_or_else(|| panic!("bundled"));
        let (promises, hunches) = LedgerSource::split([&intentions, &review, &bundled, &gut]);
        assert_eq!(promises.len(), 2);
        assert_eq!(hunches.len(), 1);
        assert_eq!(promises[0].about_workbook, "intentions");
        assert_eq!(
            promises[0].scores,
            vec![("Yes".to_owned(), Score::Yes), ("No".to_owned(), Score::No)]
        );

        let mut journal = Journal::default();
        let mut put = |wb: &Workbook, day: u32, answers: &[(&str, Value)]| {
            let at = Local.with_ymd_and_hms(2026, 10, day, 9, 0, 0).unwrap();
            let mut entry = Entry::new(wb, at);
            for (k, v) in answers {
                entry.answers.insert((*k).to_owned(), v.clone());
            }
            journal
                .entries
                .insert(EntryId::new(&wb.id, at, |_| false), entry);
        };
        put(
            &intentions,
            1,
            &[
                ("plan", Value::Text("swim".into())),
                ("odds", Value::Number(2)),
            ],
        );
        put(&bundled, 3, &promise("walk", 7));
        put(
            &bundled,
            10,
            &[("kept", Value::Choice("Partly kept".into()))],
        );
        put(&review, 8, &[("how", Value::Choice("Yes".into()))]);
        let marks = journal.ledger_of(&promises, &BTreeMap::new());
        let got: Vec<_> = marks
            .iter()
            .map(|m| (m.what.as_deref(), m.sure, m.score, m.marked_on.day()))
            .collect();
        assert_eq!(
            got,
            vec![
                (Some("swim"), Some(2), Score::Yes, 8),
                (Some("walk"), Some(7), Score::Partly, 10),
            ]
        );
    }

    #[test]
    fn another_version_of_an_entry_is_counted_once() {
        let mut journal = Journal::default();
        let (first, e1) = entry_on(1, &promise("walk", 6));
        let (second, e2) = entry_on(8, &[("kept", Value::Choice("Kept".into()))]);
        let copy = EntryId {
            workbook_id: second.workbook_id.clone(),
            stem: format!("{}-conflict-20261008T100000-1", second.stem),
        };
        journal.entries.insert(first, e1);
        journal.entries.insert(copy.clone(), e2.clone());
        journal.entries.insert(second.clone(), e2.clone());
        assert_eq!(journal.ledger(&promises(), &BTreeMap::new()).len(), 1);
        // A copy whose first version is gone still counts.
        journal.entries.remove(&second);
        assert_eq!(journal.ledger(&promises(), &BTreeMap::new()).len(), 1);
    }

    #[test]
    fn a_follow_up_from_an_entry_without_the_promise_falls_back_to_the_latest() {
        let mut journal = Journal::default();
        let (first, e1) = entry_on(1, &promise("walk", 6));
        let (other, e_other) = entry_on(3, &[("step", Value::Text("elsewhere".into()))]);
        let other = EntryId {
            workbook_id: "another-workbook".into(),
            stem: other.stem,
        };
        let (third, e3) = entry_on(9, &[("kept", Value::Choice("Kept".into()))]);
        journal.entries.insert(first, e1);
        journal.entries.insert(other.clone(), e_other);
        journal.entries.insert(third.clone(), e3);
        let mut states = BTreeMap::new();
        states.insert(
            format!("another-workbook/{}/when/2026-10-08", other.stem),
            FollowUpState::Opened(third.stem.clone()),
        );
        let marks = journal.ledger(&promises(), &states);
        assert_eq!(marks[0].what.as_deref(), Some("walk"));
        assert_eq!(marks[0].sure, Some(6));
    }

    #[test]
    fn the_workbooks_marks_come_from_are_named_when_there_are_several() {
        let mark = |workbook: &str| Mark {
            made_on: None,
            marked_on: NaiveDate::from_ymd_opt(2026, 10, 1).unwrap_or_default(),
            what: None,
            sure: None,
            score: Score::Yes,
            outcome: "Kept".into(),
            workbook: workbook.into(),
        };
        let title = |id: &str| id.to_uppercase();
        assert_eq!(sources_in_words(&[mark("a"), mark("a")], &title), None);
        assert_eq!(
            sources_in_words(&[mark("a"), mark("b"), mark("a"), mark("c")], &title).as_deref(),
            Some("From “A”, “B” and “C”.")
        );
    }

    #[test]
    fn a_yes_no_question_counts_yes_and_no() {
        let wb = parse_workbook(
            r#"Workbook(id: "did-it", version: 1, title: "D", summary: "S.", audience: Solo,
               cadence: Weekly, minutes: 2, sections: [Section(id: "a", title: "A", prompts: [
                 Prompt(id: "done", ask: "Did I?", input: YesNo, recall: Some(Recall(prompt: "plan")),
                   ledger: Some(Promise(kept: "Yes", not_yet: "No"))),
                 Prompt(id: "plan", ask: "P", input: ShortText)])])"#,
        )
        .unwrap();
        let sources = LedgerSource::of(&wb);
        let mut journal = Journal::default();
        for (day, answers) in [
            (1, vec![("plan", Value::Text("rest".into()))]),
            (
                8,
                vec![
                    ("done", Value::YesNo(false)),
                    ("plan", Value::Text("swim".into())),
                ],
            ),
            (15, vec![("done", Value::YesNo(true))]),
        ] {
            let at = Local.with_ymd_and_hms(2026, 10, day, 9, 0, 0).unwrap();
            let mut entry = Entry::new(&wb, at);
            entry
                .answers
                .extend(answers.into_iter().map(|(k, v)| (k.to_owned(), v)));
            journal
                .entries
                .insert(EntryId::new("did-it", at, |_| false), entry);
        }
        let marks = journal.ledger_of(&sources, &BTreeMap::new());
        let got: Vec<_> = marks
            .iter()
            .map(|m| (m.what.as_deref(), m.score, m.outcome.as_str()))
            .collect();
        assert_eq!(
            got,
            vec![
                (Some("rest"), Score::No, "No"),
                (Some("swim"), Score::Yes, "Yes")
            ]
        );
    }

    #[test]
    fn a_follow_up_pairs_the_outcome_with_the_entry_it_opened_from() {
        let mut journal = Journal::default();
        let (first, e1) = entry_on(1, &promise("walk", 9));
        let (_, e2) = entry_on(2, &promise("read", 2));
        let (third, mut e3) = entry_on(9, &[]);
        e3.answers
            .insert("kept".into(), Value::Choice("Kept".into()));
        journal.entries.insert(first.clone(), e1);
        journal.entries.insert(
            EntryId::new("keeping-my-word", e2.started_at, |_| false),
            e2,
        );
        journal.entries.insert(third.clone(), e3);
        let mut states = BTreeMap::new();
        states.insert(
            format!("keeping-my-word/{}/look-back-on/2026-10-08", first.stem),
            FollowUpState::Opened(third.stem.clone()),
        );
        let marks = journal.ledger(&promises(), &states);
        assert_eq!(marks[0].what.as_deref(), Some("walk"));
        let latest = journal.ledger(&promises(), &BTreeMap::new());
        assert_eq!(latest[0].what.as_deref(), Some("read"));
    }
}
