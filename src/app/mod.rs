//! The egui shell: the session, a worker that runs its effects, and egui-only view state.
//!
//! Each frame takes in the worker's events, draws the screens from the session (they return
//! commands), applies the commands, and hands the effects to the worker. The shell never touches
//! the disk, and the first frame paints before the data folder is read: the read is held back
//! until that frame is on screen.

mod load;
mod screens;
mod worker;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

pub use worker::{Wake, Worker};

use crate::journal::Journal;
use crate::session::{Command, Effect, HelpTopic, Notice, SaveStatus, Screen, Session};
use crate::ui;
use crate::workbook::Workbook;

/// How long, at most, [`App::settle`] waits for the answers it expects.
const SETTLE_TIMEOUT: Duration = Duration::from_secs(10);

/// Set when the system asks the app to end (SIGTERM at shutdown, SIGHUP at logout): the next
/// frame closes the window the usual way, writing every pending answer first.
static ENDING: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Asks the window to close as a logout or shutdown does: answers are written first.
pub fn request_ending() {
    ENDING.store(true, std::sync::atomic::Ordering::SeqCst);
}

/// Turns SIGTERM and SIGHUP into a careful close, waking the window for it. Without this, the
/// system's default ends the process at once and the last second of typing can be lost.
fn listen_for_ending(ctx: &egui::Context) {
    #[cfg(unix)]
    {
        use signal_hook::consts::{SIGHUP, SIGTERM};
        let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGTERM, SIGHUP]) else {
            return;
        };
        let ctx = ctx.clone();
        std::thread::Builder::new()
            .name("trustwork-signals".to_owned())
            .spawn(move || {
                for _ in signals.forever() {
                    request_ending();
                    ctx.request_repaint();
                }
            })
            .ok();
    }
    #[cfg(not(unix))]
    let _ = ctx;
}

/// The whole app.
pub struct App {
    /// The running app without egui: what is on screen, every entry, what is being saved.
    session: Session,
    /// Runs the session's effects off the UI thread and hands back their results.
    worker: Worker,
    /// Effects held back until the first frame is on screen, so the window appears before any
    /// entry is read; `None` once they have been sent.
    held: Option<Vec<Effect>>,
    /// State only the window has: the egui context, when it opened, frames drawn.
    view: ViewState,
}

/// Egui-only state.
struct ViewState {
    /// For sending the window commands (close) and waking it.
    ctx: egui::Context,
    /// When the window opened: progress shows only if reading takes a while.
    opened_at: Instant,
    /// Frames drawn so far.
    frames: u64,
    /// The last key press, click, scroll or pointer move: locking by itself counts from here.
    last_input: Instant,
    /// The session's privacy epoch last seen: when it rises (a lock, a hide), what egui
    /// remembers (text being edited, undo) is cleared.
    privacy_epoch: u64,
    /// The screen and dialog of the last frame: when they change, the new one opens at its
    /// top with focus on its heading.
    last_view: Option<ViewKey>,
    /// Where focus was when a dialog opened, to go back to when it closes.
    focus_before_dialog: Option<egui::Id>,
    /// The keyboard was used since the last click: the focus ring shows.
    keyboard_in_use: bool,
    /// The zoom last set from the settings or noticed, in percent.
    zoom_percent: Option<u32>,
    /// How many notices were above the page last frame: a new one scrolls the page to it.
    notices_shown: usize,
}

/// What is on display, as far as focus and scrolling care.
#[derive(Clone, Debug, PartialEq, Eq)]
struct ViewKey {
    /// The screen.
    screen: Screen,
    /// The dialog over it, if one is open.
    dialog: Option<&'static str>,
}

/// Opens the window and runs until it is closed.
pub fn run_window(data_root: Option<PathBuf>, preview: Option<PathBuf>) -> eframe::Result<()> {
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
        Box::new(|cc| {
            listen_for_ending(&cc.egui_ctx);
            let mut app = App::new(&cc.egui_ctx, data_root);
            if let Some(path) = preview {
                app.preview_when_open(path);
            }
            Ok(Box::new(app))
        }),
    )
}

impl App {
    /// The app on a data folder (the platform's usual one unless `data_root` is given). Reads
    /// nothing yet: the folder is read once the first frame is on screen.
    pub fn new(ctx: &egui::Context, data_root: Option<PathBuf>) -> Self {
        ui::theme::apply(ctx);
        let (session, effects) = Session::new(data_root);
        let wake_ctx = ctx.clone();
        let worker = Worker::spawn(Arc::new(move || wake_ctx.request_repaint()));
        Self {
            session,
            worker,
            held: Some(effects),
            view: ViewState {
                ctx: ctx.clone(),
                opened_at: Instant::now(),
                frames: 0,
                last_input: Instant::now(),
                privacy_epoch: 0,
                last_view: None,
                focus_before_dialog: None,
                keyboard_in_use: false,
                zoom_percent: None,
                notices_shown: 0,
            },
        }
    }

    /// Opens a workbook file in the preview as soon as the data folder is open (after the
    /// passphrase, for a protected one): `trustwork preview FILE`.
    pub fn preview_when_open(&mut self, path: PathBuf) {
        self.session.preview_when_loaded(path);
    }

    /// The session: everything the app knows and shows.
    pub fn session(&self) -> &Session {
        &self.session
    }

    /// Every entry.
    pub fn journal(&self) -> &Journal {
        self.session.journal()
    }

    /// What is on screen.
    pub fn screen(&self) -> &Screen {
        self.session.screen()
    }

    /// Why the help screen is open, if it is.
    pub fn help_topic(&self) -> Option<HelpTopic> {
        self.session.help_topic()
    }

    /// Notices on screen.
    pub fn notices(&self) -> &[Notice] {
        self.session.notices()
    }

    /// The workbook with this id, bundled or imported.
    pub fn workbook(&self, id: &str) -> Option<&Workbook> {
        self.session.workbook(id)
    }

    /// Carries out a command, as if a screen had returned it.
    pub fn apply(&mut self, command: Command) {
        let effects = self.session.apply(command);
        self.run(effects);
    }

    /// Waits until every request the session has sent is answered (the data folder read, files
    /// opened and written, flushes), taking in each answer. For tests and scripts: the window
    /// itself never waits. False if answers were still missing after ten seconds.
    pub fn settle(&mut self) -> bool {
        self.release_held();
        let deadline = Instant::now() + SETTLE_TIMEOUT;
        loop {
            self.take_events();
            if !self.session.is_busy() {
                return true;
            }
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return false;
            }
            if let Some(event) = self.worker.wait_event(left) {
                let effects = self.session.handle(event);
                self.run(effects);
            }
        }
    }

    /// Writes everything now and waits for it, as Ctrl+S does without the wait. True when
    /// nothing is left unsaved. For tests and scripts, like [`App::settle`].
    pub fn flush(&mut self) -> bool {
        self.apply(Command::SaveNow);
        self.settle()
            && !matches!(
                self.session.save_status(),
                SaveStatus::Failed(_) | SaveStatus::Saving
            )
    }

    /// Waits for a shared file being written; for tests, like [`App::settle`].
    pub fn wait_for_share_write(&mut self) {
        self.settle();
    }

    /// Sends the effects held back for the first frame.
    fn release_held(&mut self) {
        if let Some(effects) = self.held.take() {
            self.run(effects);
        }
    }

    /// Takes in every event that has arrived.
    fn take_events(&mut self) {
        for event in self.worker.events() {
            let effects = self.session.handle(event);
            self.run(effects);
        }
    }

    /// Hands effects to the worker (or holds them until the first frame is out); closes the
    /// window when asked.
    fn run(&mut self, effects: Vec<Effect>) {
        for effect in effects {
            match effect {
                Effect::CloseWindow { discard_unsaved } => {
                    if discard_unsaved {
                        self.worker.discard_unsaved();
                    }
                    self.view
                        .ctx
                        .send_viewport_cmd(egui::ViewportCommand::Close);
                }
                effect => match &mut self.held {
                    Some(held) => held.push(effect),
                    None => self.worker.run(effect),
                },
            }
        }
    }

    /// Locks after the idle time the person chose, and wakes the window when that time comes.
    fn auto_lock(&mut self, ctx: &egui::Context, commands: &mut Vec<Command>) {
        let active = ctx.input(|i| {
            i.events.iter().any(|e| {
                matches!(
                    e,
                    egui::Event::Key { .. }
                        | egui::Event::Text(_)
                        | egui::Event::PointerButton { .. }
                        | egui::Event::PointerMoved(_)
                        | egui::Event::MouseWheel { .. }
                )
            })
        });
        if active {
            self.view.last_input = Instant::now();
        }
        let Some(after) = self.session.auto_lock_after() else {
            return;
        };
        let idle = self.view.last_input.elapsed();
        if idle >= after {
            commands.push(Command::Lock);
        } else {
            ctx.request_repaint_after(after.saturating_sub(idle));
        }
    }

    /// After a lock or a hide, clears what egui remembers: text being edited and its undo,
    /// scroll positions, open menus. The look (zoom, theme) stays.
    fn forget_if_locked(&mut self, ctx: &egui::Context) {
        let epoch = self.session.privacy_epoch();
        if epoch == self.view.privacy_epoch {
            return;
        }
        self.view.privacy_epoch = epoch;
        ctx.memory_mut(|memory| {
            let options = memory.options.clone();
            *memory = egui::Memory::default();
            memory.options = options;
        });
        ctx.request_repaint();
    }

    /// The screen and dialog on display now.
    fn view_key(&self) -> ViewKey {
        let s = &self.session;
        let dialog = if s.is_hidden() {
            Some("hidden")
        } else if matches!(s.close_guard(), crate::session::CloseGuard::Blocked { .. }) {
            Some("close guard")
        } else if s.grounding_open() {
            Some("grounding")
        } else if s.help_topic().is_some() {
            Some("help")
        } else if s.first_run_pending() {
            Some("welcome")
        } else {
            None
        };
        ViewKey {
            screen: s.screen().clone(),
            dialog,
        }
    }

    /// After a frame in which a screen or dialog opened: focus goes to its heading (or the
    /// control it prefers); after a dialog closed over the same screen, back to where it was.
    fn place_focus(&mut self, ctx: &egui::Context, view: &ViewKey) {
        let last = self.view.last_view.replace(view.clone());
        let same_screen = last.as_ref().is_some_and(|l| l.screen == view.screen);
        match (last.and_then(|l| l.dialog), view.dialog) {
            (Some(_), None) if same_screen => {
                // Back where it was, if that control is still on the page.
                match self
                    .view
                    .focus_before_dialog
                    .take()
                    .filter(|id| ctx.read_response(*id).is_some())
                {
                    Some(id) => ctx.memory_mut(|m| m.request_focus(id)),
                    None => ui::focus_opened(ctx),
                }
                return;
            }
            (None, Some(_)) => {
                self.view.focus_before_dialog = if same_screen {
                    ctx.memory(egui::Memory::focused)
                } else {
                    None
                };
            }
            _ => {}
        }
        ui::focus_opened(ctx);
    }

    /// Keeps the zoom between runs: the remembered zoom is applied once the settings are read,
    /// and a zoom changed with Ctrl+plus or Ctrl+minus is remembered.
    fn sync_zoom(&mut self, ctx: &egui::Context, commands: &mut Vec<Command>) {
        if !self.session.is_loaded() {
            // Locked or still reading: the settings are not known; the zoom stays as it is.
            return;
        }
        let wanted = self.session.settings().zoom_percent;
        if self.view.zoom_percent.is_none() {
            self.view.zoom_percent = Some(wanted);
            ctx.set_zoom_factor(wanted as f32 / 100.0);
            return;
        }
        #[expect(
            clippy::cast_possible_truncation,
            clippy::cast_sign_loss,
            reason = "egui keeps the zoom between 0.2 and 5"
        )]
        let now = (ctx.zoom_factor() * 100.0).round() as u32;
        if Some(now) != self.view.zoom_percent {
            self.view.zoom_percent = Some(now);
            commands.push(Command::SetZoom(now));
        }
    }

    /// Whether the keyboard or the pointer was used last: the focus ring is for the keyboard.
    fn note_input_kind(&mut self, ctx: &egui::Context) {
        ctx.input(|i| {
            for event in &i.events {
                match event {
                    egui::Event::Key { pressed: true, .. } => self.view.keyboard_in_use = true,
                    egui::Event::PointerButton { pressed: true, .. } => {
                        self.view.keyboard_in_use = false;
                    }
                    _ => {}
                }
            }
        });
    }

    fn handle_input(ctx: &egui::Context, commands: &mut Vec<Command>) {
        let dropped: Vec<PathBuf> = ctx.input(|i| {
            i.raw
                .dropped_files
                .iter()
                .map(|f| f.path().to_owned())
                .collect()
        });
        commands.extend(dropped.into_iter().map(Command::OpenFile));
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
            // Before any widget sees them: a text field takes Ctrl+H as backspace.
            if i.consume_shortcut(&ui::HIDE_SHORTCUT) {
                commands.push(Command::Hide);
            }
            if i.consume_shortcut(&ui::LOCK_SHORTCUT) {
                commands.push(Command::Lock);
            }
        });
        // Closing waits for the answers to be written; the session says when it may go on.
        // A logout or shutdown closes the same way.
        if ctx.input(|i| i.viewport().close_requested())
            || ENDING.swap(false, std::sync::atomic::Ordering::SeqCst)
        {
            commands.push(Command::CloseRequested);
        }
    }
}

impl eframe::App for App {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        let ctx = ui.ctx().clone();
        // The first frame is on screen by the second: only now is the data folder read.
        if self.view.frames > 0 {
            self.release_held();
        }
        self.take_events();
        if ctx.input(|i| i.viewport().close_requested()) && !self.session.may_close() {
            ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
        }

        let mut commands = Vec::new();
        Self::handle_input(&ctx, &mut commands);
        self.auto_lock(&ctx, &mut commands);
        self.note_input_kind(&ctx);
        self.sync_zoom(&ctx, &mut commands);
        ui::begin_frame(&ctx);
        self.session.notices_shown();
        let view = self.view_key();
        let opened = self.view.last_view.as_ref() != Some(&view);
        let new_screen = self
            .view
            .last_view
            .as_ref()
            .is_none_or(|last| last.screen != view.screen);
        self.frame_ui(ui, &mut commands, new_screen);
        if opened {
            self.place_focus(&ctx, &view);
            // The focus ring and the screen reader follow on the next frame.
            ctx.request_repaint();
        }
        ui::paint_focus_ring(&ctx, self.view.keyboard_in_use);
        if !commands.is_empty() {
            // What the commands changed (a follow-up question, a new page) shows next frame.
            ctx.request_repaint();
        }
        for command in commands {
            self.apply(command);
        }
        self.forget_if_locked(&ctx);
        // What depends on the forms (the share preview, search hits) is rebuilt for the next
        // frame, which is asked for only when something changed.
        if self.session.refresh() {
            ctx.request_repaint();
        }
        if self.view.frames == 0 {
            ctx.request_repaint();
        } else if *self.session.screen() == Screen::Loading {
            // Progress appears after a moment even if no event comes.
            ctx.request_repaint_after(screens::PROGRESS_AFTER);
        }
        self.view.frames += 1;
    }
}
