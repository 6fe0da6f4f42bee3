//! Full-text search over every answer: case-insensitive, every word of the query must appear.
//!
//! A plain scan of the answers themselves, with no copy of them kept: ten years of answers
//! scan in a few milliseconds, a copy would cost as much memory again as the answers, and the
//! answers stay the only place the words live.

use std::borrow::Cow;

use chrono::NaiveDate;

use super::{EntryId, Journal, Value, describe, is_answered};

/// Which answers a search looks at.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Filter {
    /// Only this workbook.
    pub workbook_id: Option<String>,
    /// Only entries started on or after this day.
    pub from: Option<NaiveDate>,
    /// Only entries started on or before this day.
    pub to: Option<NaiveDate>,
}

/// One answer that matches, with where the words are.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hit {
    /// The entry.
    pub entry: EntryId,
    /// The prompt answered.
    pub prompt_id: String,
    /// The entry's day.
    pub day: NaiveDate,
    /// The answer's text.
    pub text: String,
    /// Byte ranges in `text` to highlight, sorted.
    pub highlights: Vec<std::ops::Range<usize>>,
}

/// The text a search reads in an answer: the answer itself where it is text.
fn searchable(value: &Value) -> Cow<'_, str> {
    match value {
        Value::Text(text) | Value::Choice(text) | Value::Date(text) => Cow::Borrowed(text),
        other => Cow::Owned(describe(other)),
    }
}

/// A lower-cased copy of one text at a time, reused from answer to answer.
#[derive(Default)]
struct Folded {
    lower: String,
    /// The byte offset in the original of each byte of `lower` (and one past the end), for
    /// texts whose lower case has other lengths; empty when the offsets are the same.
    offsets: Vec<usize>,
}

impl Folded {
    fn fold(&mut self, text: &str) {
        self.lower.clear();
        self.offsets.clear();
        if text.is_ascii() {
            self.lower.push_str(text);
            self.lower.make_ascii_lowercase();
            return;
        }
        for (at, c) in text.char_indices() {
            for l in c.to_lowercase() {
                self.lower.push(l);
                self.offsets.extend(std::iter::repeat_n(at, l.len_utf8()));
            }
        }
        self.offsets.push(text.len());
    }

    fn original(&self, at: usize) -> usize {
        if self.offsets.is_empty() {
            at
        } else {
            self.offsets[at]
        }
    }

    /// Where every word is in the original text, or `None` when a word is missing.
    fn find_all(&self, words: &[String]) -> Option<Vec<std::ops::Range<usize>>> {
        let mut highlights = Vec::new();
        for word in words {
            let before = highlights.len();
            highlights.extend(
                self.lower
                    .match_indices(word.as_str())
                    .map(|(at, w)| self.original(at)..self.original(at + w.len())),
            );
            if highlights.len() == before {
                return None;
            }
        }
        highlights.sort_by_key(|r| (r.start, r.end));
        Some(highlights)
    }
}

/// Answers containing every word of `query` (case-insensitive), newest first.
pub fn search(journal: &Journal, query: &str, filter: &Filter) -> Vec<Hit> {
    let words: Vec<String> = query.split_whitespace().map(str::to_lowercase).collect();
    if words.is_empty() {
        return Vec::new();
    }
    let entries: Box<dyn Iterator<Item = _>> = match &filter.workbook_id {
        Some(id) => Box::new(journal.entries_of(id)),
        None => Box::new(journal.entries.iter()),
    };
    let mut folded = Folded::default();
    let mut hits = Vec::new();
    for (id, entry) in entries {
        let day = entry.started_at.date_naive();
        if filter.from.is_some_and(|f| day < f) || filter.to.is_some_and(|t| day > t) {
            continue;
        }
        for (prompt_id, value) in entry.answers.iter().filter(|(_, v)| is_answered(v)) {
            let text = searchable(value);
            folded.fold(&text);
            if let Some(highlights) = folded.find_all(&words) {
                hits.push(Hit {
                    entry: id.clone(),
                    prompt_id: prompt_id.clone(),
                    day,
                    text: text.into_owned(),
                    highlights,
                });
            }
        }
    }
    // Newest first across workbooks: by day, then by the entry's start time within the day.
    hits.sort_by(|a, b| {
        (b.day, &b.entry.stem, &b.entry.workbook_id)
            .cmp(&(a.day, &a.entry.stem, &a.entry.workbook_id))
            .then_with(|| a.prompt_id.cmp(&b.prompt_id))
    });
    hits
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::journal::{Entry, Value};
    use crate::workbook::parse_workbook;
    use chrono::{Local, TimeZone as _};

    fn journal() -> Journal {
        let wb = parse_workbook(
            r#"Workbook(id: "w", version: 1, title: "W", summary: "S", audience: Solo, cadence: Daily, minutes: 2,
            sections: [Section(id: "a", title: "A", prompts: [Prompt(id: "line", ask: "Line", input: ShortText)])])"#,
        )
        .unwrap();
        let mut journal = Journal::default();
        for (day, text) in [
            (1, "A walk by the river"),
            (2, "Called my SISTER; walked home"),
            (3, "Straße und Fluss"),
        ] {
            let at = Local.with_ymd_and_hms(2026, 11, day, 20, 0, 0).unwrap();
            let mut entry = Entry::new(&wb, at);
            entry
                .answers
                .insert("line".into(), Value::Text(text.into()));
            journal
                .entries
                .insert(EntryId::new("w", at, |_| false), entry);
        }
        journal
    }

    #[test]
    fn finds_every_word_case_insensitively_newest_first() {
        let journal = journal();
        let hits = search(&journal, "WALK", &Filter::default());
        assert_eq!(hits.len(), 2);
        assert_eq!(
            hits[0].text, "Called my SISTER; walked home",
            "newest first"
        );
        assert_eq!(&hits[0].text[hits[0].highlights[0].clone()], "walk");
        let both = search(&journal, "sister walk", &Filter::default());
        assert_eq!(both.len(), 1);
        assert_eq!(both[0].highlights.len(), 2);
        assert!(search(&journal, "ocean", &Filter::default()).is_empty());
        assert!(search(&journal, "   ", &Filter::default()).is_empty());
    }

    #[test]
    fn filters_and_highlights_survive_case_changes() {
        let journal = journal();
        let day = |d| NaiveDate::from_ymd_opt(2026, 11, d);
        let filter = Filter {
            workbook_id: Some("w".into()),
            from: day(2),
            to: day(2),
        };
        assert_eq!(search(&journal, "walk", &filter).len(), 1);
        assert!(
            search(
                &journal,
                "walk",
                &Filter {
                    workbook_id: Some("other".into()),
                    ..Filter::default()
                }
            )
            .is_empty()
        );
        let hit = &search(&journal, "fluss", &Filter::default())[0];
        assert_eq!(&hit.text[hit.highlights[0].clone()], "Fluss");
        let hit = &search(&journal, "straße", &Filter::default())[0];
        assert_eq!(&hit.text[hit.highlights[0].clone()], "Straße");
    }

    #[test]
    fn changes_and_removals_are_found_at_once() {
        let mut journal = journal();
        let id = journal.entries.keys().next().unwrap().clone();
        journal
            .entries
            .get_mut(&id)
            .unwrap()
            .answers
            .insert("line".into(), Value::Text("a quiet lake".into()));
        assert!(search(&journal, "river", &Filter::default()).is_empty());
        assert_eq!(search(&journal, "lake", &Filter::default()).len(), 1);
        journal.entries.remove(&id);
        assert!(search(&journal, "lake", &Filter::default()).is_empty());
        assert_eq!(search(&journal, "walked", &Filter::default()).len(), 1);
    }
}
