//! Full-text search over every answer: an index built once at start (and kept up to date as
//! answers change), case-insensitive, every word of the query must appear.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::{EntryId, Journal, describe, is_answered};

/// One answer, ready to search.
#[derive(Clone, Debug)]
struct Doc {
    entry: EntryId,
    prompt_id: String,
    day: NaiveDate,
    text: String,
    /// `text` in lower case, with the byte offset in `text` of each of its characters, so a
    /// match found in `lower` maps back to the original exactly (lower-casing can change
    /// lengths).
    lower: String,
    offsets: Vec<usize>,
}

/// Every answer's text, for searching.
#[derive(Clone, Debug, Default)]
pub struct SearchIndex {
    docs: Vec<Doc>,
    /// Which slots of `docs` hold each entry's answers, for updates.
    by_entry: BTreeMap<EntryId, Vec<usize>>,
    /// Slots emptied by updates; the index is rebuilt when they outnumber the live ones.
    dead: usize,
}

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

fn make_doc(entry: &EntryId, prompt_id: &str, day: NaiveDate, text: String) -> Doc {
    let mut lower = String::with_capacity(text.len());
    let mut offsets = Vec::with_capacity(text.len());
    for (at, c) in text.char_indices() {
        for l in c.to_lowercase() {
            lower.push(l);
            offsets.extend(std::iter::repeat_n(at, l.len_utf8()));
        }
    }
    offsets.push(text.len());
    Doc {
        entry: entry.clone(),
        prompt_id: prompt_id.to_owned(),
        day,
        text,
        lower,
        offsets,
    }
}

impl SearchIndex {
    /// Indexes every answer in the journal.
    pub fn build(journal: &Journal) -> Self {
        let mut index = Self::default();
        for id in journal.entries.keys() {
            index.update(journal, id);
        }
        index
    }

    /// Re-indexes one entry (after it changed, or was removed).
    pub fn update(&mut self, journal: &Journal, id: &EntryId) {
        if let Some(slots) = self.by_entry.remove(id) {
            // Leave the slots empty rather than shifting every later doc.
            self.dead += slots.len();
            for slot in slots {
                // Free the text, not just empty it: a long answer edited keystroke by keystroke
                // must not pile up copies.
                self.docs[slot].text = String::new();
                self.docs[slot].lower = String::new();
                self.docs[slot].offsets = Vec::new();
            }
        }
        if self.dead > 64 && self.dead > self.docs.len() / 2 {
            *self = Self::build(journal);
            return;
        }
        let Some(entry) = journal.entries.get(id) else {
            return;
        };
        let day = entry.started_at.date_naive();
        let mut slots = Vec::new();
        for (prompt_id, value) in entry.answers.iter().filter(|(_, v)| is_answered(v)) {
            slots.push(self.docs.len());
            self.docs
                .push(make_doc(id, prompt_id, day, describe(value)));
        }
        self.by_entry.insert(id.clone(), slots);
    }

    /// How many answers are indexed.
    pub fn len(&self) -> usize {
        self.by_entry.values().map(Vec::len).sum()
    }

    /// Whether nothing is indexed.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Answers containing every word of `query` (case-insensitive), newest first.
    pub fn search(&self, query: &str, filter: &Filter) -> Vec<Hit> {
        let words: Vec<String> = query.split_whitespace().map(str::to_lowercase).collect();
        if words.is_empty() {
            return Vec::new();
        }
        let mut hits: Vec<Hit> = self
            .docs
            .iter()
            .filter(|d| !d.lower.is_empty())
            .filter(|d| {
                filter
                    .workbook_id
                    .as_ref()
                    .is_none_or(|w| *w == d.entry.workbook_id)
            })
            .filter(|d| {
                filter.from.is_none_or(|f| d.day >= f) && filter.to.is_none_or(|t| d.day <= t)
            })
            .filter_map(|d| {
                let mut highlights = Vec::new();
                for word in &words {
                    let found: Vec<_> = d.lower.match_indices(word.as_str()).collect();
                    if found.is_empty() {
                        return None;
                    }
                    highlights.extend(
                        found
                            .into_iter()
                            .map(|(at, w)| d.offsets[at]..d.offsets[at + w.len()]),
                    );
                }
                highlights.sort_by_key(|r| (r.start, r.end));
                Some(Hit {
                    entry: d.entry.clone(),
                    prompt_id: d.prompt_id.clone(),
                    day: d.day,
                    text: d.text.clone(),
                    highlights,
                })
            })
            .collect();
        // Newest first across workbooks: by day, then by the entry's start time within the day.
        hits.sort_by(|a, b| {
            (b.day, &b.entry.stem, &b.entry.workbook_id)
                .cmp(&(a.day, &a.entry.stem, &a.entry.workbook_id))
                .then_with(|| a.prompt_id.cmp(&b.prompt_id))
        });
        hits
    }
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
        let index = SearchIndex::build(&journal);
        assert_eq!(index.len(), 3);
        let hits = index.search("WALK", &Filter::default());
        assert_eq!(hits.len(), 2);
        assert_eq!(
            hits[0].text, "Called my SISTER; walked home",
            "newest first"
        );
        assert_eq!(&hits[0].text[hits[0].highlights[0].clone()], "walk");
        let both = index.search("sister walk", &Filter::default());
        assert_eq!(both.len(), 1);
        assert_eq!(both[0].highlights.len(), 2);
        assert!(index.search("ocean", &Filter::default()).is_empty());
        assert!(index.search("   ", &Filter::default()).is_empty());
    }

    #[test]
    fn filters_and_highlights_survive_case_changes() {
        let journal = journal();
        let index = SearchIndex::build(&journal);
        let day = |d| NaiveDate::from_ymd_opt(2026, 11, d);
        let filter = Filter {
            workbook_id: Some("w".into()),
            from: day(2),
            to: day(2),
        };
        assert_eq!(index.search("walk", &filter).len(), 1);
        assert!(
            index
                .search(
                    "walk",
                    &Filter {
                        workbook_id: Some("other".into()),
                        ..Filter::default()
                    }
                )
                .is_empty()
        );
        let hit = &index.search("fluss", &Filter::default())[0];
        assert_eq!(&hit.text[hit.highlights[0].clone()], "Fluss");
        let hit = &index.search("straße", &Filter::default())[0];
        assert_eq!(&hit.text[hit.highlights[0].clone()], "Straße");
    }

    #[test]
    fn updates_follow_changes_and_removals() {
        let mut journal = journal();
        let mut index = SearchIndex::build(&journal);
        let id = journal.entries.keys().next().unwrap().clone();
        journal
            .entries
            .get_mut(&id)
            .unwrap()
            .answers
            .insert("line".into(), Value::Text("a quiet lake".into()));
        index.update(&journal, &id);
        assert!(index.search("river", &Filter::default()).is_empty());
        assert_eq!(index.search("lake", &Filter::default()).len(), 1);
        journal.entries.remove(&id);
        index.update(&journal, &id);
        assert!(index.search("lake", &Filter::default()).is_empty());
        assert_eq!(index.len(), 2);
    }
}
