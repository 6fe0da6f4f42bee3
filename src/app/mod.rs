//! The eframe application: owns the state, draws the screens, applies their commands.
//!
//! `commands.rs` applies what screens ask for; `saving.rs` talks to the saver.
//!
//! Disk work happens on the saver thread and the file-dialog thread; this file only sends
//! them work and reads their results, so the UI never waits on the disk.

mod commands;
mod history;
mod saving;
mod sharing;

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::sync::mpsc::Receiver;
use std::time::Instant;

use chrono::{DateTime, Local};

use crate::crisis::CrisisDirectory;
use crate::journal::{Entry, EntryId, Journal, SearchIndex};
use crate::store::{Access, DataDir, SaveKey, Saver, Settings};
use crate::ui::{
    self, Command, HelpTopic, ImportForm, LibraryView, Notice, NoticeKind, Page, RunnerView,
    SaveStatus, WorkbookCard,
};
use crate::workbook::{self, Workbook};

/// What is on screen.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Screen {
    /// All workbooks.
    Library,
    /// One entry being filled in.
    Runner {
        /// The entry.
        entry: EntryId,
        /// The page on screen.
        page: Page,
    },
    /// Choosing what to share or print.
    Share,
    /// Reading someone's answers file.
    Review,
    /// Searching every answer.
    Search,
    /// One workbook's past entries.
    History(String),
}

/// What a search asked: words, workbook, and the typed dates.
pub(crate) type SearchKey = (String, Option<String>, String, String);

/// What a file dialog was opened for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum DialogPurpose {
    /// Choosing a file to open.
    Open,
    /// Choosing where to save.
    SaveTo,
}

/// The whole app.
pub struct App {
    /// The data folder; `None` when it could not be opened, and then nothing is saved.
    data: Option<DataDir>,
    /// Workbooks compiled into the binary.
    bundled: Vec<Workbook>,
    /// Workbooks imported into the data folder.
    imported: Vec<Workbook>,
    /// Every entry read from disk or made since.
    journal: Journal,
    /// Writes entries durably off the UI thread; `None` when read-only.
    saver: Option<Saver>,
    /// What is on screen.
    screen: Screen,
    /// Messages shown above the page until dismissed.
    notices: Vec<Notice>,
    /// The help screen, when open, and why it was opened.
    help: Option<HelpTopic>,
    /// Counts changes; each save job carries the count at the time.
    generation: u64,
    /// Entries with changes not yet confirmed on disk, with the newest generation sent.
    unsaved: BTreeMap<SaveKey, u64>,
    /// When the last write was confirmed.
    last_saved: Option<DateTime<Local>>,
    /// The last write error of each file that is failing, cleared when that file is written.
    save_errors: BTreeMap<SaveKey, String>,
    /// Safety flags already answered in the flagged way, so help opens once per answer.
    safety_raised: BTreeSet<(EntryId, String)>,
    /// The "Add a workbook" form.
    import: ImportForm,
    /// What the person chose: first-run note read, country, library options.
    settings: Settings,
    /// The country guessed from the system's locale, until one is chosen.
    guessed_country: Option<String>,
    /// Crisis and support contacts.
    directory: CrisisDirectory,
    /// The grounding exercise is open.
    grounding_open: bool,
    /// The file dialog's answer, while it is open, when it was opened, and what for.
    dialog: Option<(Receiver<Option<PathBuf>>, Instant, DialogPurpose)>,
    /// The text of every workbook, by id: embedded in answers files.
    sources: BTreeMap<String, String>,
    /// The "Share or print" form, while open.
    share: Option<ui::ShareForm>,
    /// The screen to go back to when "Share or print" closes.
    return_screen: Option<Screen>,
    /// Review mode's form, while open.
    review: Option<ui::ReviewForm>,
    /// The history screen's view state.
    history: Option<ui::HistoryForm>,
    /// Entries in the trash.
    trash: Vec<(EntryId, Entry)>,
    /// Every answer indexed for search.
    index: SearchIndex,
    /// The search form.
    search: ui::SearchForm,
    /// The last search: what was asked, the hits, and how long it took in milliseconds.
    search_results: Option<(SearchKey, Vec<crate::journal::Hit>, f64)>,
    /// The share preview and the form state it was built from.
    share_preview: Option<(u64, String)>,
    /// A file being written for sharing, off the UI thread.
    pending_write: Option<Receiver<Result<PathBuf, String>>>,
    /// Set when closing was stopped because answers could not be written.
    close_blocked: bool,
    /// Set when the person chose to close even so.
    close_anyway: bool,
    /// For waking the UI from other threads.
    ctx: egui::Context,
}

/// Opens the window and runs until it is closed.
pub fn run_window(data_root: Option<PathBuf>) -> eframe::Result<()> {
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("trustwork")
            .with_app_id("trustwork")
            .with_inner_size([1000.0, 760.0])
            .with_min_inner_size([560.0, 420.0])
            .with_drag_and_drop(true),
        renderer: eframe::Renderer::Glow,
        ..Default::default()
    };
    eframe::run_native(
        "trustwork",
        options,
        Box::new(|cc| Ok(Box::new(App::new(&cc.egui_ctx, data_root)))),
    )
}

impl App {
    /// Opens the data folder (the platform's usual one unless `data_root` is given) and reads it.
    pub fn new(ctx: &egui::Context, data_root: Option<PathBuf>) -> Self {
        ui::theme::apply(ctx);
        let mut notices = Vec::new();
        let bundled: Vec<Workbook> = workbook::bundled()
            .into_iter()
            .filter_map(|result| {
                result
                    .map_err(|problems| {
                        notices.push(warning(format!(
                            "A bundled workbook has problems:\n{problems}"
                        )));
                    })
                    .ok()
            })
            .collect();

        let data = data_root
            .map_or_else(DataDir::default_root, Ok)
            .and_then(|root| DataDir::open(&root));
        let data = match data {
            Ok(data) => Some(data),
            Err(err) => {
                notices.push(warning(format!(
                    "{err}. You can read the workbooks, but answers cannot be written until the folder can be opened."
                )));
                None
            }
        };

        let directory = CrisisDirectory::bundled().unwrap_or_else(|problems| {
            notices.push(warning(format!(
                "The bundled help contacts have problems:\n{}",
                problems.join("\n")
            )));
            CrisisDirectory::fallback()
        });

        let mut journal = Journal::default();
        let mut imported = Vec::new();
        let mut sources: BTreeMap<String, String> = workbook::bundled_with_sources()
            .into_iter()
            .map(|(w, s)| (w.id, s.to_owned()))
            .collect();
        let mut settings = Settings::default();
        if let Some(data) = &data {
            let (loaded, damaged) = data.load_settings();
            settings = loaded;
            if let Some(q) = damaged {
                notices.push(warning(format!("The settings file could not be read, so the defaults are used. It was set aside unchanged. Why: {}", q.reason)));
            }
            let report = data.load();
            journal = report.journal;
            for (wb, source) in report.workbooks {
                if !bundled.iter().any(|b| b.id == wb.id) {
                    sources.insert(wb.id.clone(), source);
                    imported.push(wb);
                }
            }
            for q in &report.quarantined {
                let text = match &q.moved_to {
                    Some(to) => format!(
                        "A saved entry could not be read, so it was set aside unchanged in {}. Nothing was deleted. Why: {}",
                        to.display(),
                        q.reason
                    ),
                    None => format!(
                        "A saved entry could not be read and was left as it is: {}. Why: {}",
                        q.original.display(),
                        q.reason
                    ),
                };
                notices.push(warning(text));
            }
            for broken in &report.broken_workbooks {
                notices.push(warning(format!(
                    "An imported workbook has problems and is hidden until fixed:\n{}",
                    broken.problems
                )));
            }
            if data.access() == Access::ReadOnly {
                notices.push(warning(
                    "trustwork is already open in another window, so this one is read-only: you can read, but changes here are not saved. Close this window and use the other one.".to_owned(),
                ));
            }
        }

        let trash = data.as_ref().map(DataDir::load_trash).unwrap_or_default();
        let index = SearchIndex::build(&journal);

        // Distress at 9 or 10 on the daily check-in for three days running: a gentle word.
        let today = Local::now().date_naive();
        if journal.days_in_a_row_at_least("daily-check-in", "distress", 9, today) >= 3 {
            notices.push(Notice {
                kind: NoticeKind::Info,
                text: "Your check-ins show very high distress for several days in a row. That is a lot to carry on your own. A counsellor, therapist or your doctor can help, and \"Get help now\" lists people you can talk to, day and night.".to_owned(),
            });
        }

        let saver = data
            .as_ref()
            .filter(|d| d.access() == Access::ReadWrite)
            .map(|_| {
                let ctx = ctx.clone();
                Saver::spawn(Box::new(move || ctx.request_repaint()))
            });

        Self {
            data,
            bundled,
            imported,
            journal,
            saver,
            screen: Screen::Library,
            notices,
            help: None,
            generation: 0,
            unsaved: BTreeMap::new(),
            last_saved: None,
            save_errors: BTreeMap::new(),
            safety_raised: BTreeSet::new(),
            import: ImportForm::default(),
            settings,
            guessed_country: crate::crisis::country_from_system(),
            directory,
            grounding_open: false,
            dialog: None,
            sources,
            share: None,
            return_screen: None,
            review: None,
            pending_write: None,
            share_preview: None,
            history: None,
            trash,
            index,
            search: ui::SearchForm::default(),
            search_results: None,
            close_blocked: false,
            close_anyway: false,
            ctx: ctx.clone(),
        }
    }

    /// Every entry.
    pub fn journal(&self) -> &Journal {
        &self.journal
    }

    /// What is on screen.
    pub fn screen(&self) -> &Screen {
        &self.screen
    }

    /// Whether the help screen is open.
    pub fn help_topic(&self) -> Option<HelpTopic> {
        self.help
    }

    /// Notices on screen.
    pub fn notices(&self) -> &[Notice] {
        &self.notices
    }

    /// The workbook with this id, bundled or imported.
    pub fn workbook(&self, id: &str) -> Option<&Workbook> {
        self.bundled
            .iter()
            .chain(&self.imported)
            .find(|w| w.id == id)
    }

    /// Whether answers can be changed and saved.
    fn editable(&self) -> bool {
        self.saver.is_some()
    }

    fn cards(&self) -> Vec<WorkbookCard<'_>> {
        let mut cards: Vec<WorkbookCard<'_>> = self
            .bundled
            .iter()
            .map(|wb| (wb, false))
            .chain(self.imported.iter().map(|wb| (wb, true)))
            .map(|(workbook, imported)| WorkbookCard {
                workbook,
                status: self.journal.status(&workbook.id),
                imported,
            })
            .collect();
        // Bundled workbooks keep the suggested order; added ones follow by title.
        cards.sort_by(|a, b| {
            (a.imported, a.imported.then_some(&a.workbook.title))
                .cmp(&(b.imported, b.imported.then_some(&b.workbook.title)))
        });
        cards
    }

    /// The suggested path, or `None` when hidden.
    fn path(&self) -> Option<Vec<WorkbookCard<'_>>> {
        if self.settings.hide_path {
            return None;
        }
        let path = workbook::SUGGESTED_PATH
            .iter()
            .filter_map(|id| self.bundled.iter().find(|w| w.id == *id))
            .map(|workbook| WorkbookCard {
                workbook,
                status: self.journal.status(&workbook.id),
                imported: false,
            })
            .collect();
        Some(path)
    }

    fn handle_input(ctx: &egui::Context, commands: &mut Vec<Command>) {
        let dropped: Vec<PathBuf> = ctx.input(|i| {
            i.raw
                .dropped_files
                .iter()
                .map(|f| f.path().to_owned())
                .collect()
        });
        for path in dropped {
            commands.push(Command::OpenFile(path));
        }
        ctx.input_mut(|i| {
            if i.consume_key(egui::Modifiers::NONE, egui::Key::F1) {
                commands.push(Command::ShowHelp(Some(HelpTopic::General)));
            }
            if i.consume_key(egui::Modifiers::COMMAND, egui::Key::F) {
                commands.push(Command::OpenSearch);
            }
            if i.consume_key(egui::Modifiers::COMMAND, egui::Key::S) {
                commands.push(Command::SaveNow);
            }
        });
    }
}

fn warning(text: String) -> Notice {
    Notice {
        kind: NoticeKind::Warning,
        text,
    }
}

impl eframe::App for App {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.poll_saver();
        self.poll_dialog();
        self.poll_write();
        let mut commands = Vec::new();
        let ctx = ui.ctx().clone();
        Self::handle_input(&ctx, &mut commands);

        let status = self.save_status();
        let p = ui::theme::palette(ui);
        egui::Panel::top("top-bar")
            .frame(
                egui::Frame::new()
                    .fill(p.surface)
                    .inner_margin(egui::Margin::symmetric(16, 8)),
            )
            .show(ui, |ui| ui::top_bar_ui(ui, &status, &mut commands));

        egui::CentralPanel::default()
            .frame(
                egui::Frame::new()
                    .fill(p.background)
                    .inner_margin(egui::Margin::symmetric(16, 16)),
            )
            .show(ui, |ui| {
                // Screens with long lists scroll them themselves, showing only the rows in view.
                let own_scrolling = matches!(self.screen, Screen::History(_) | Screen::Search);
                let mut page = |ui: &mut egui::Ui| {
                    ui::column(ui, |ui| {
                        if let SaveStatus::Failed(message) = &status {
                            ui::notice_ui(ui, NoticeKind::Warning, message);
                        }
                        ui::notices_ui(ui, &self.notices, &mut commands);
                        self.screen_ui(ui, &mut commands);
                        ui.add_space(24.0);
                    });
                };
                if own_scrolling {
                    page(ui);
                } else {
                    egui::ScrollArea::vertical()
                        .auto_shrink(false)
                        .show(ui, page);
                }
            });

        if self.grounding_open {
            egui::Modal::new(egui::Id::unique("grounding"))
                .frame(ui::theme::dialog_frame(ui))
                .show(&ctx, |ui| ui::grounding_ui(ui, &mut commands));
        }
        if let Some(topic) = self.help {
            let country = match self.settings.country.as_deref() {
                Some("") => None,
                Some(code) => Some(code),
                None => self.guessed_country.as_deref(),
            };
            let view = ui::HelpView {
                topic,
                directory: &self.directory,
                country,
            };
            let modal = egui::Modal::new(egui::Id::unique("help"))
                .frame(ui::theme::dialog_frame(ui))
                .show(&ctx, |ui| ui::help_ui(ui, &view, &mut commands));
            if modal.should_close() {
                commands.push(Command::ShowHelp(None));
            }
        } else if !self.settings.first_run_done {
            egui::Modal::new(egui::Id::unique("first-run"))
                .frame(ui::theme::dialog_frame(ui))
                .show(&ctx, |ui| ui::first_run_ui(ui, &mut commands));
        }

        self.close_guard_ui(&ctx);

        for command in commands {
            self.apply(command);
        }
    }

    fn on_exit(&mut self, _gl: Option<&eframe::glow::Context>) {
        self.flush();
    }
}

impl App {
    /// Closing writes everything first; if that fails, the window stays open and says why.
    fn close_guard_ui(&mut self, ctx: &egui::Context) {
        if ctx.input(|i| i.viewport().close_requested()) && !self.close_anyway {
            if let Some(form) = self.review.as_mut().filter(|f| f.unsaved) {
                // Unsaved review comments: stay open on the review and ask.
                ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
                form.confirm_close = true;
                self.screen = Screen::Review;
            } else if !self.flush() {
                ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
                self.close_blocked = true;
            }
        }
        if !self.close_blocked {
            return;
        }
        let error = self
            .save_errors
            .values()
            .next()
            .cloned()
            .unwrap_or_default();
        let frame = ctx.global_style().visuals.window_fill;
        let frame = egui::Frame::new()
            .fill(frame)
            .corner_radius(10)
            .inner_margin(24);
        egui::Modal::new(egui::Id::unique("close-blocked")).frame(frame).show(ctx, |ui| {
            ui.set_max_width(520.0);
            ui.heading("Your latest answers are not saved yet");
            ui.label(error);
            ui.label("If you close now, what you wrote since the last save is lost. Free some space or fix the folder, then try again, or keep the window open.");
            ui.horizontal(|ui| {
                if ui::primary_button(ui, "Try saving again").clicked() && self.flush() {
                    // Saved after all: finish the close the person asked for.
                    self.close_blocked = false;
                    ctx.send_viewport_cmd(egui::ViewportCommand::Close);
                }
                if ui::secondary_button(ui, "Keep the window open").clicked() {
                    self.close_blocked = false;
                }
                if ui::secondary_button(ui, "Close without saving").clicked() {
                    self.close_anyway = true;
                    ctx.send_viewport_cmd(egui::ViewportCommand::Close);
                }
            });
        });
    }

    fn screen_ui(&mut self, ui: &mut egui::Ui, commands: &mut Vec<Command>) {
        let editable = self.editable();
        match self.screen.clone() {
            Screen::Library => {
                let mut import = std::mem::take(&mut self.import);
                let cards = self.cards();
                let path = self.path();
                ui::library_ui(
                    ui,
                    &mut LibraryView {
                        path,
                        cards,
                        import: &mut import,
                        editable,
                        fear_reported_in: self.fear_reported_in(),
                    },
                    commands,
                );
                self.import = import;
            }
            Screen::Runner { entry, page } => {
                let Some(workbook) = self
                    .bundled
                    .iter()
                    .chain(&self.imported)
                    .find(|w| w.id == entry.workbook_id)
                else {
                    commands.push(Command::BackToLibrary);
                    return;
                };
                let Some(entry_mut) = self.journal.entries.get_mut(&entry) else {
                    commands.push(Command::BackToLibrary);
                    return;
                };
                ui::runner_ui(
                    ui,
                    RunnerView {
                        workbook,
                        entry_id: &entry,
                        entry: entry_mut,
                        page,
                        editable,
                    },
                    commands,
                );
            }
            Screen::Share => {
                let Some(mut form) = self.share.take() else {
                    commands.push(Command::BackToLibrary);
                    return;
                };
                // The preview is rebuilt only when the form changes, not every frame.
                let key = share_key(&form);
                if self.share_preview.as_ref().is_none_or(|(k, _)| *k != key) {
                    let text = self.share_text(&form).unwrap_or_else(|e| e);
                    self.share_preview = Some((key, text));
                }
                let preview = self
                    .share_preview
                    .as_ref()
                    .map(|(_, t)| t.clone())
                    .unwrap_or_default();
                if let Some(workbook) = self.workbook(&form.workbook_id) {
                    let mut entries: Vec<_> = self.journal.entries_of(&form.workbook_id).collect();
                    entries.reverse();
                    let view = ui::ShareView {
                        workbook,
                        entries,
                        preview: &preview,
                        dialog_open: self.dialog.is_some(),
                    };
                    ui::share_ui(ui, &view, &mut form, commands);
                }
                self.share = Some(form);
            }
            Screen::History(workbook_id) => {
                let Some(mut form) = self.history.take().filter(|f| f.workbook_id == workbook_id)
                else {
                    self.history = Some(ui::HistoryForm::new(
                        &workbook_id,
                        Local::now().date_naive(),
                    ));
                    ui.ctx().request_repaint();
                    return;
                };
                if let Some(workbook) = self.workbook(&workbook_id) {
                    let mut entries: Vec<_> = self.journal.entries_of(&workbook_id).collect();
                    entries.reverse();
                    let trash = self
                        .trash
                        .iter()
                        .filter(|(id, _)| id.workbook_id == workbook_id)
                        .map(|(id, e)| (id, e))
                        .collect();
                    let series = if form.tab == ui::HistoryTab::Charts {
                        crate::journal::scale_series(&self.journal, workbook)
                    } else {
                        Vec::new()
                    };
                    let view = ui::HistoryView {
                        workbook,
                        entries,
                        trash,
                        series: &series,
                        show_charts: !self.settings.hide_charts,
                        today: Local::now().date_naive(),
                    };
                    ui::history_ui(ui, &view, &mut form, commands);
                } else {
                    commands.push(Command::BackToLibrary);
                }
                self.history = Some(form);
            }
            Screen::Search => {
                let mut form = std::mem::take(&mut self.search);
                self.refresh_search(&form);
                let workbooks: Vec<(&str, &str)> = self
                    .bundled
                    .iter()
                    .chain(&self.imported)
                    .map(|w| (w.id.as_str(), w.title.as_str()))
                    .collect();
                let all = |hit: &crate::journal::Hit| -> (String, String) {
                    let wb = self
                        .bundled
                        .iter()
                        .chain(&self.imported)
                        .find(|w| w.id == hit.entry.workbook_id);
                    let title =
                        wb.map_or_else(|| hit.entry.workbook_id.clone(), |w| w.title.clone());
                    let ask = wb
                        .and_then(|w| w.prompt(&hit.prompt_id))
                        .map_or_else(|| hit.prompt_id.clone(), |p| p.ask.clone());
                    (title, ask)
                };
                let (hits, took_ms) = self
                    .search_results
                    .as_ref()
                    .map_or((&[][..], 0.0), |(_, h, t)| (&h[..], *t));
                let view = ui::SearchView {
                    workbooks,
                    hits,
                    describe: &all,
                    took_ms,
                };
                ui::search_ui(ui, &view, &mut form, commands);
                self.search = form;
            }
            Screen::Review => {
                let dialog_open = self.dialog.is_some();
                match &mut self.review {
                    Some(form) => ui::review_ui(ui, form, dialog_open, commands),
                    None => commands.push(Command::BackToLibrary),
                }
            }
        }
    }
}

/// What the share preview depends on, hashed.
fn share_key(form: &ui::ShareForm) -> u64 {
    use std::hash::{Hash as _, Hasher as _};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    (
        &form.workbook_id,
        &form.from,
        &form.to,
        &form.selected,
        &form.chosen,
        form.format,
        form.prepared_at,
    )
        .hash(&mut hasher);
    hasher.finish()
}
