//! Follow-ups in the session: which are due today, and opening, postponing or letting one go.

use chrono::{Local, NaiveDate};

use super::{Effect, Notice, Page, Screen, Session};
use crate::journal::{
    EntryId, FollowUpItem, FollowUpState, describe, describe_for, postponed_until, visible_sections,
};

/// The answer a follow-up looks back on, shown above the entry it opened.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LookBack {
    /// The entry the follow-up opened: the card shows only there.
    pub shown_in: EntryId,
    /// The entry that scheduled it.
    pub from: EntryId,
    /// The workbook and prompt looked back on.
    pub workbook_id: String,
    /// The prompt looked back on.
    pub prompt_id: String,
    /// "The promise you made on 1 December".
    pub title: String,
    /// The answer, in words.
    pub text: String,
}

impl Session {
    /// Follow-ups whose day has come, oldest first.
    pub fn due_follow_ups(&self) -> Vec<FollowUpItem> {
        self.due_follow_ups_on(Local::now().date_naive())
    }

    /// Follow-ups due on `today`.
    pub fn due_follow_ups_on(&self, today: NaiveDate) -> Vec<FollowUpItem> {
        self.journal
            .due_follow_ups(self.library.all(), &self.settings.follow_ups, today)
    }

    /// The earlier answer a follow-up brought back, for the entry on screen.
    pub fn look_back(&self) -> Option<&LookBack> {
        let Screen::Runner { entry, .. } = &self.screen else {
            return None;
        };
        self.look_back.as_ref().filter(|l| &l.shown_in == entry)
    }

    /// Opens what a follow-up names, with the answer it looks back on above it. It then counts
    /// as looked back on.
    pub(super) fn open_follow_up(&mut self, key: &str) -> Vec<Effect> {
        let Some(item) = self.due_follow_ups().into_iter().find(|i| i.key == key) else {
            return Vec::new();
        };
        let Some(target) = self.library.get(&item.open).cloned() else {
            self.notices.push(Notice::warning(format!(
                "The workbook \"{}\" that this follows up is not in your library. Add it with \"Open a file\", or let this go.",
                item.open
            )));
            return Vec::new();
        };
        let text = self
            .journal
            .entries
            .get(&item.entry)
            .and_then(|e| e.answers.get(&item.about))
            .map_or_else(
                || "(no answer was written)".to_owned(),
                |value| {
                    self.library
                        .get(&item.entry.workbook_id)
                        .and_then(|w| w.prompt(&item.about))
                        .map_or_else(|| describe(value), |p| describe_for(&p.input, value))
                },
            );

        // The same once-only workbook opens the entry itself; otherwise the workbook opens as it
        // would from the library (a repeated one starts a fresh page).
        if target.id == item.entry.workbook_id && !target.cadence.is_repeated() {
            self.open_entry(item.entry.clone());
        } else if target.cadence.is_repeated() {
            self.start_new_entry(&target.id);
        } else {
            self.open_workbook(&target.id);
        }
        let Screen::Runner { entry, page } = &mut self.screen else {
            return Vec::new();
        };
        if let Some(section) = &item.section {
            let shown = self
                .journal
                .entries
                .get(entry)
                .map(|e| visible_sections(&target, e))
                .unwrap_or_default();
            if let Some(i) = target
                .sections
                .iter()
                .position(|s| &s.id == section)
                .filter(|i| shown.contains(i))
            {
                *page = Page::Section(i);
            }
        }
        let opened_in = entry.stem.clone();
        self.look_back = Some(LookBack {
            shown_in: entry.clone(),
            from: item.entry.clone(),
            workbook_id: item.entry.workbook_id.clone(),
            prompt_id: item.about.clone(),
            title: item.heading(),
            text,
        });
        self.settings
            .follow_ups
            .insert(item.key, FollowUpState::Opened(opened_in));
        self.save_settings()
    }

    /// Shows a follow-up again `days` from today.
    pub(super) fn postpone_follow_up(&mut self, key: &str, days: u64) -> Vec<Effect> {
        let today = Local::now().date_naive();
        let until = postponed_until(today, days);
        self.settings.follow_ups.insert(
            key.to_owned(),
            FollowUpState::Postponed(until.format("%Y-%m-%d").to_string()),
        );
        self.notices.push(Notice::info(format!(
            "It will come back on {}.",
            until.format("%A %-d %B")
        )));
        self.save_settings()
    }

    /// Stops showing a follow-up. The answers it came from stay as they are.
    pub(super) fn let_go_follow_up(&mut self, key: &str) -> Vec<Effect> {
        self.settings
            .follow_ups
            .insert(key.to_owned(), FollowUpState::LetGo);
        self.notices.push(Notice::info(
            "Let go. Your answers are kept as they were; choosing a new date in that entry brings it back.",
        ));
        self.save_settings()
    }
}
