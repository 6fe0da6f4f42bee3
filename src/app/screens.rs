//! Drawing a frame: the top bar, the screen on display and the dialogs over it, each built from
//! what the session lends for that frame. Screens return commands; nothing here changes the
//! session except through the forms it lends.

use std::time::Duration;

use chrono::Local;

use super::App;
use crate::session::{Command, HelpTopic, NoticeKind, SaveStatus, Screen};
use crate::ui::{self, HistoryView, LibraryView, RunnerView, SearchView, ShareView};

/// Reading the data folder shows its progress only after this long; a quick read shows none.
pub(super) const PROGRESS_AFTER: Duration = Duration::from_millis(300);

impl App {
    /// Everything in the window.
    /// `new_screen`: the screen changed since the last frame, so the page opens at its top.
    pub(super) fn frame_ui(
        &mut self,
        ui: &mut egui::Ui,
        commands: &mut Vec<Command>,
        new_screen: bool,
    ) {
        let ctx = ui.ctx().clone();
        // The window's name, as a screen reader says it.
        ctx.accesskit_node_builder(egui::accesskit_root_id(), |node| {
            node.set_label("trustwork".to_owned());
        });
        let keyboard_in_use = self.view.keyboard_in_use;
        // A preview saves nothing, so the top bar does not say "Saved" there (a settings save,
        // such as the welcome note's, would read as the preview's); trouble is still shown.
        let status = match self.session.save_status() {
            SaveStatus::Saved(_) | SaveStatus::Saving
                if *self.session.screen() == Screen::Preview =>
            {
                SaveStatus::Idle
            }
            status => status,
        };
        let p = ui::theme::palette(ui);
        if self.session.is_hidden() {
            // Quick hide: nothing of trustwork's pages, only a neutral page.
            egui::CentralPanel::default()
                .frame(egui::Frame::new().fill(p.background))
                .show(ui, |ui| ui::hidden_ui(ui, commands));
            ui::close_guard_ui(ui, self.session.close_guard(), commands);
            return;
        }
        let bar = egui::Panel::top("top-bar")
            .frame(
                egui::Frame::new()
                    .fill(p.surface)
                    .inner_margin(egui::Margin::symmetric(16, 8)),
            )
            .show(ui, |ui| {
                let bar = ui::TopBar {
                    status: &status,
                    open: self.session.is_loaded(),
                    can_lock: self.session.is_protected() && !self.session.is_locked(),
                };
                ui::top_bar_ui(ui, &bar, commands);
            })
            .response
            .rect;

        egui::CentralPanel::default()
            .frame(
                egui::Frame::new()
                    .fill(p.background)
                    .inner_margin(egui::Margin::symmetric(16, 16)),
            )
            .show(ui, |ui| {
                // A new notice is shown where the person is looking: the page goes to its top.
                let notices = self.session.notices().len();
                let new_notice = notices > self.view.notices_shown;
                self.view.notices_shown = notices;
                // Long lists come in pages laid out whole, so every screen scrolls as one page.
                let width = if *self.session.screen() == Screen::Preview {
                    ui::PREVIEW_WIDTH
                } else {
                    ui::theme::COLUMN_WIDTH
                };
                let mut page = |ui: &mut egui::Ui| {
                    ui::column_of(ui, width, |ui| {
                        if let SaveStatus::Failed(message) = &status {
                            ui::live_notice_ui(ui, NoticeKind::Warning, message);
                        }
                        ui::notices_ui(ui, self.session.notices(), commands);
                        self.screen_ui(ui, commands);
                        ui.add_space(24.0);
                    });
                };
                let mut area = egui::ScrollArea::vertical().auto_shrink(false);
                if new_screen || new_notice {
                    area = area.vertical_scroll_offset(0.0);
                }
                area.show(ui, |ui| {
                    page(ui);
                    ui::keep_focus_in_view(ui, bar, keyboard_in_use);
                    ui::page_keys(ui);
                });
            });

        if self.session.grounding_open() {
            ui::dialog(&ctx, "grounding", "Steadying yourself", None, |ui| {
                ui::grounding_ui(ui, commands);
            });
        }
        if let Some(topic) = self.session.help_topic() {
            let view = ui::HelpView {
                topic,
                directory: self.session.directory(),
                country: self.session.country(),
            };
            // Opened by an answer, it says so first: what it is and why it came up.
            let (name, why) = match topic {
                HelpTopic::General => ("Get help now", None),
                HelpTopic::Flagged(help) => (
                    "Get help now: support after what you answered",
                    Some(ui::help_reason(help)),
                ),
            };
            let modal = ui::dialog(&ctx, "help", name, why, |ui| {
                ui::help_ui(ui, &view, commands);
            });
            if modal.should_close() {
                commands.push(Command::ShowHelp(None));
            }
        } else if self.session.first_run_pending() {
            ui::dialog(&ctx, "first-run", "Welcome to trustwork", None, |ui| {
                ui::first_run_ui(ui, commands);
            });
        }
        ui::close_guard_ui(ui, self.session.close_guard(), commands);
    }

    /// The screen on display.
    fn screen_ui(&mut self, ui: &mut egui::Ui, commands: &mut Vec<Command>) {
        let screen = self.session.screen().clone();
        let fear_reported_in = match screen {
            Screen::Library => self.session.fear_reported_in(),
            _ => None,
        };
        let load_progress = self.session.load_progress();
        let parts = self.session.parts();
        let today = Local::now().date_naive();
        match screen {
            Screen::Loading => {
                let waited = self.view.opened_at.elapsed() >= PROGRESS_AFTER;
                ui::loading_ui(ui, waited.then_some(load_progress));
            }
            Screen::Locked => {
                let (lock, _) = self.session.protection_forms();
                ui::lock_ui(ui, lock, Some(load_progress), commands);
            }
            Screen::Privacy => {
                let view = ui::PrivacyView {
                    protected: self.session.is_protected(),
                    editable: self.session.editable(),
                    auto_lock_minutes: self.session.settings().auto_lock_minutes,
                    dialog_open: self.session.dialog_open(),
                };
                let (_, form) = self.session.protection_forms();
                ui::privacy_ui(ui, &view, form, commands);
                let editable = self.session.editable();
                ui::backups_ui(ui, self.session.backups_form(), editable, commands);
            }
            Screen::Library => {
                let path = (!parts.settings.hide_path).then(|| parts.library.path(parts.journal));
                ui::library_ui(
                    ui,
                    &mut LibraryView {
                        path,
                        cards: parts.library.cards(parts.journal),
                        import: parts.import,
                        editable: parts.editable,
                        dialog_open: parts.dialog_open,
                        fear_reported_in,
                        follow_ups: &parts.due_follow_ups,
                    },
                    commands,
                );
            }
            Screen::Read { entry, at } => {
                let workbook = parts.library.get(&entry.workbook_id);
                let open = parts.journal.entries.get(&entry);
                let (Some(workbook), Some(open)) = (workbook, open) else {
                    commands.push(Command::BackToLibrary);
                    return;
                };
                let versions = parts
                    .journal
                    .other_versions(&entry)
                    .into_iter()
                    .filter_map(|id| parts.journal.entries.get(id).map(|e| (id, e)))
                    .collect();
                let view = ui::ReadView {
                    workbook,
                    id: &entry,
                    entry: open,
                    at: at.as_deref(),
                    back_to: parts.read_return,
                    editable: parts.editable,
                    versions,
                };
                ui::read_ui(ui, &view, commands);
            }
            Screen::Runner { entry, page } => {
                let workbook = parts.library.get(&entry.workbook_id);
                let open = parts.journal.entries.get(&entry);
                let (Some(workbook), Some(open)) = (workbook, open) else {
                    commands.push(Command::BackToLibrary);
                    return;
                };
                let versions = parts
                    .journal
                    .other_versions(&entry)
                    .into_iter()
                    .filter_map(|id| parts.journal.entries.get(id).map(|e| (id, e)))
                    .collect();
                // Earlier answers that prompts look back at, from before this entry began.
                // A follow-up's own answer takes the place of "the latest earlier one" where a
                // prompt recalls the same thing; the card above the page is then not needed.
                let look_back = parts.look_back;
                let mut look_back_recalled = false;
                let recalled = workbook
                    .prompts()
                    .filter_map(|(_, prompt)| {
                        let recall = prompt.recall.as_ref()?;
                        let from = recall.workbook.as_deref().unwrap_or(&workbook.id);
                        let scheduled = look_back
                            .filter(|l| l.workbook_id == from && l.prompt_id == recall.prompt)
                            .and_then(|l| {
                                let e = parts.journal.entries.get(&l.from)?;
                                Some((e.started_at, e.answers.get(&l.prompt_id)?))
                            });
                        look_back_recalled |= scheduled.is_some();
                        let (when, value) = scheduled.or_else(|| {
                            parts.journal.recall(from, &recall.prompt, open.started_at)
                        })?;
                        let text = parts
                            .library
                            .get(from)
                            .and_then(|w| w.prompt(&recall.prompt))
                            .map_or_else(
                                || crate::journal::describe(value),
                                |p| crate::journal::describe_for(&p.input, value),
                            );
                        Some((prompt.id.clone(), (when, text)))
                    })
                    .collect();
                ui::runner_ui(
                    ui,
                    &RunnerView {
                        workbook,
                        entry_id: &entry,
                        entry: open,
                        page,
                        editable: parts.editable,
                        versions,
                        recalled,
                        look_back: look_back.filter(|_| !look_back_recalled),
                        preview: None,
                    },
                    commands,
                );
            }
            Screen::Share => {
                let Some((form, preview)) = parts.share else {
                    commands.push(Command::BackToLibrary);
                    return;
                };
                if let Some(workbook) = parts.library.get(&form.workbook_id) {
                    let mut entries: Vec<_> = parts.journal.entries_of(&form.workbook_id).collect();
                    entries.reverse();
                    let view = ShareView {
                        workbook,
                        entries,
                        preview,
                        dialog_open: parts.dialog_open,
                    };
                    ui::share_ui(ui, &view, form, commands);
                }
            }
            Screen::History(workbook_id) => {
                let (Some(form), Some(workbook)) = (parts.history, parts.library.get(&workbook_id))
                else {
                    commands.push(Command::BackToLibrary);
                    return;
                };
                let mut entries: Vec<_> = parts.journal.entries_of(&workbook_id).collect();
                entries.reverse();
                let trash = parts
                    .trash
                    .iter()
                    .filter(|(id, _)| id.workbook_id == workbook_id)
                    .map(|(id, e)| (id, e))
                    .collect();
                let series = if form.tab == crate::session::HistoryTab::Charts {
                    crate::journal::scale_series(parts.journal, workbook)
                } else {
                    Vec::new()
                };
                let view = HistoryView {
                    workbook,
                    entries,
                    trash,
                    series: &series,
                    show_charts: !parts.settings.hide_charts,
                    today,
                };
                ui::history_ui(ui, &view, form, commands);
            }
            Screen::Search => {
                let library = parts.library;
                let (form, hits, took_ms) = parts.search;
                let workbooks: Vec<(&str, &str)> = library
                    .all()
                    .map(|w| (w.id.as_str(), w.title.as_str()))
                    .collect();
                let describe = |hit: &crate::journal::Hit| -> (String, String) {
                    let wb = library.get(&hit.entry.workbook_id);
                    let title =
                        wb.map_or_else(|| hit.entry.workbook_id.clone(), |w| w.title.clone());
                    let ask = wb
                        .and_then(|w| w.prompt(&hit.prompt_id))
                        .map_or_else(|| hit.prompt_id.clone(), |p| p.ask.clone());
                    (title, ask)
                };
                let view = SearchView {
                    workbooks,
                    hits,
                    describe: &describe,
                    took_ms,
                };
                ui::search_ui(ui, &view, form, commands);
            }
            Screen::Preview => match parts.preview {
                Some(preview) => ui::preview_ui(ui, preview, commands),
                None => commands.push(Command::BackToLibrary),
            },
            Screen::SelfTrust => {
                let follow_ups = &parts.settings.follow_ups;
                let (promises, hunches) = crate::journal::LedgerSource::split(parts.library.all());
                let promises = parts.journal.ledger_of(&promises, follow_ups);
                let hunches = parts.journal.ledger_of(&hunches, follow_ups);
                let library = parts.library;
                let title = |id: &str| {
                    library
                        .get(id)
                        .map_or_else(|| id.to_owned(), |w| w.title.clone())
                };
                let view = ui::LedgerView {
                    promises: &promises,
                    hunches: &hunches,
                    hide_charts: parts.settings.hide_charts,
                    title: &title,
                };
                ui::ledger_ui(ui, &view, commands);
            }
            Screen::ReviewerKey => {
                let protected = self.session.is_protected();
                let editable = self.session.editable();
                let (form, key) = self.session.reviewer_key_parts();
                let view = ui::ReviewerKeyView {
                    key,
                    protected,
                    editable,
                };
                ui::reviewer_key_ui(ui, &view, form, commands);
            }
            Screen::Review => match parts.review {
                Some(form) => ui::review_ui(ui, form, parts.dialog_open, commands),
                None => commands.push(Command::BackToLibrary),
            },
        }
    }
}
