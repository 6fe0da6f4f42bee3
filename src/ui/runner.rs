//! The runner: a workbook's first page, then one section at a time with Back and Next.

use egui::{Key, KeyboardShortcut, Modifiers, RichText, Ui};

use super::focus::heading;
use super::inputs::prompt_ui;
use super::widgets::{
    card, help_text, live_label, notice_box, paragraphs, primary_button, secondary_button,
};
use super::{Command, NoticeKind, Page, theme};
use crate::journal::{
    Entry, EntryId, describe, missing_required, prompt_visible, section_visible, visible_sections,
};
use crate::session::LookBack;
use crate::workbook::Workbook;

/// What the runner shows.
pub struct RunnerView<'a> {
    /// The workbook being filled in.
    pub workbook: &'a Workbook,
    /// The entry's id, for sharing it.
    pub entry_id: &'a EntryId,
    /// The entry; answers change through [`Command::SetAnswer`].
    pub entry: &'a Entry,
    /// The page on screen.
    pub page: Page,
    /// False when another window holds the data folder.
    pub editable: bool,
    /// Other versions of this entry (another program's, or one a backup brought back).
    pub versions: Vec<(&'a EntryId, &'a Entry)>,
    /// For prompts with a `recall`: when the earlier answer was given, and the answer in words.
    pub recalled: std::collections::BTreeMap<String, (chrono::DateTime<chrono::Local>, String)>,
    /// The earlier answer a follow-up opened this entry to look back on, unless a prompt here
    /// already recalls it.
    pub look_back: Option<&'a LookBack>,
    /// In a preview: whether every hidden page and question is shown too. A preview also says
    /// when each conditional part is shown, in words, and offers no sharing.
    pub preview: Option<bool>,
}

/// Next: moves to the next page, or finishes, or only reminds about required prompts.
pub const NEXT_SHORTCUT: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::Enter);

/// Draws the runner.
pub fn runner_ui(ui: &mut Ui, view: &RunnerView<'_>, commands: &mut Vec<Command>) {
    let RunnerView {
        workbook,
        entry_id,
        entry,
        page,
        editable,
        ..
    } = *view;
    let p = theme::palette(ui);
    // Taken before any widget is drawn: Ctrl+Enter is Next only, and never also presses the
    // focused chip or button (which would undo the answer just given).
    let next_pressed = ui.input_mut(|i| i.consume_shortcut(&NEXT_SHORTCUT));
    ui.horizontal(|ui| {
        // A preview has its own way back, above it.
        if view.preview.is_none() && secondary_button(ui, "Back to library").clicked() {
            commands.push(Command::BackToLibrary);
        }
        // An entry from another day says so, so nobody takes it for today's.
        let today = chrono::Local::now().date_naive();
        let title = if entry.started_at.date_naive() == today {
            workbook.title.clone()
        } else {
            format!("{} · entry from {}", workbook.title, entry_day(entry))
        };
        ui.label(RichText::new(title).color(p.weak_text));
        if view.preview.is_none() && entry.answers.values().any(crate::journal::is_answered) {
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                if secondary_button(ui, "Share or print…").clicked() {
                    commands.push(Command::OpenShare(
                        workbook.id.clone(),
                        Some(entry_id.clone()),
                    ));
                }
            });
        }
    });
    ui.add_space(8.0);
    versions_ui(ui, &view.versions, commands);
    if let Some(look_back) = view.look_back {
        look_back_ui(ui, look_back);
    }

    match page {
        Page::Intro => intro_ui(ui, workbook, entry, next_pressed, commands),
        Page::Section(index) => {
            // Every widget's state (a text field's undo history, an open list of feelings) is
            // the entry's own: a new entry never brings back another entry's words.
            ui.push_id(("entry", entry_id), |ui| {
                let at = SectionAt {
                    entry_id,
                    index,
                    editable,
                    next_pressed,
                    recalled: &view.recalled,
                    preview: view.preview,
                };
                section_ui(ui, workbook, entry, &at, commands);
            });
        }
    }
}

fn intro_ui(
    ui: &mut Ui,
    workbook: &Workbook,
    entry: &Entry,
    next_pressed: bool,
    commands: &mut Vec<Command>,
) {
    let p = theme::palette(ui);
    heading(ui, &workbook.title);
    ui.label(
        RichText::new(format!(
            "About {} minutes · {} · {}",
            workbook.minutes,
            workbook.cadence.label(),
            workbook.audience.label()
        ))
        .color(p.weak_text),
    );
    ui.add_space(6.0);
    paragraphs(ui, &workbook.summary, None);
    if !workbook.intro.trim().is_empty() {
        ui.add_space(4.0);
        paragraphs(ui, &workbook.intro, None);
    }
    if let Some(note) = &workbook.content_note {
        ui.add_space(6.0);
        notice_box(ui, NoticeKind::Info, |ui| {
            ui.label(RichText::new("Before you begin").strong());
            paragraphs(ui, note, None);
            ui.label("You can stop at any time; what you have written is kept.");
        });
    }
    ui.add_space(12.0);
    let label = if entry.answers.is_empty() {
        "Begin"
    } else {
        "Continue"
    };
    let begin = primary_button(ui, label);
    if (begin.clicked() || next_pressed)
        && let Some(first) = visible_sections(workbook, entry).first()
    {
        commands.push(Command::GoTo(Page::Section(*first)));
    }
    if entry.is_completed() {
        ui.label(
            RichText::new("You finished this entry before. Changes you make now are saved to it.")
                .color(p.weak_text),
        );
    }
    notes_ui(ui, entry);
}

/// Each reviewer's overall note on this entry.
pub(super) fn notes_ui(ui: &mut Ui, entry: &Entry) {
    for f in entry.feedback.iter().filter(|f| !f.note.trim().is_empty()) {
        notice_box(ui, NoticeKind::Info, |ui| {
            ui.label(RichText::new(format!("A note from {}", reviewer_name(&f.reviewer))).strong());
            ui.label(&f.note);
        });
    }
}

/// "Thursday 18 June 2026, 21:00": the day an entry was started, in full.
pub fn entry_day(entry: &Entry) -> String {
    entry.started_at.format("%A %-d %B %Y, %H:%M").to_string()
}

/// Where the runner keeps the id of a required question to move focus to.
fn missing_focus_id() -> egui::Id {
    egui::Id::unique("trustwork-missing-required-focus")
}

/// Which section of which entry is drawn, and how.
struct SectionAt<'a> {
    entry_id: &'a EntryId,
    index: usize,
    editable: bool,
    /// Ctrl+Enter was pressed this frame.
    next_pressed: bool,
    /// Earlier answers shown above prompts with a `recall`.
    recalled: &'a std::collections::BTreeMap<String, (chrono::DateTime<chrono::Local>, String)>,
    /// In a preview, whether hidden parts are shown too.
    preview: Option<bool>,
}

fn section_ui(
    ui: &mut Ui,
    workbook: &Workbook,
    entry: &Entry,
    at: &SectionAt<'_>,
    commands: &mut Vec<Command>,
) {
    let &SectionAt {
        entry_id,
        index,
        editable,
        next_pressed,
        recalled,
        preview,
    } = at;
    let show_hidden = preview == Some(true);
    let p = theme::palette(ui);
    let Some(section) = workbook.sections.get(index) else {
        commands.push(Command::GoTo(Page::Intro));
        return;
    };
    let visible = if show_hidden {
        (0..workbook.sections.len()).collect()
    } else {
        visible_sections(workbook, entry)
    };
    // Counted among the sections shown; a hidden one (reached from a search hit) sits where it
    // would be, and Back and Next go to the shown sections around it.
    let position = visible.iter().filter(|i| **i < index).count();
    let previous = visible.iter().rev().find(|i| **i < index).copied();
    let next = visible.iter().find(|i| **i > index).copied();
    let is_last = next.is_none();

    // A one-page workbook has no "Section 1 of 1" and no bar that is full before anything is
    // answered.
    if visible.len() > 1 {
        let where_text = format!("Section {} of {}", position + 1, visible.len());
        ui.label(RichText::new(&where_text).color(p.weak_text));
        let bar = egui::ProgressBar::new((position + 1) as f32 / visible.len() as f32)
            .desired_height(4.0)
            .fill(p.accent);
        let bar = ui.add(bar);
        // Named, and counted in sections from 1 to the last, not as a fraction of nothing.
        ui.ctx().accesskit_node_builder(bar.id, |node| {
            node.set_label(where_text.clone());
            node.set_min_numeric_value(1.0);
            node.set_max_numeric_value(visible.len() as f64);
            node.set_numeric_value((position + 1) as f64);
            node.set_value(where_text);
        });
        ui.add_space(8.0);
    }
    heading(ui, &section.title);
    if preview.is_some()
        && let Some(condition) = &section.show_if
    {
        condition_note(
            ui,
            "This page is",
            condition,
            workbook,
            section_visible(workbook, section, entry),
        );
    }
    help_text(ui, &section.intro);
    ui.add_space(8.0);

    ui.add_enabled_ui(editable, |ui| {
        for prompt in &section.prompts {
            let shown = prompt_visible(workbook, prompt, entry);
            if !shown && !show_hidden {
                continue;
            }
            if preview.is_some()
                && let Some(condition) = &prompt.show_if
            {
                condition_note(ui, "This question is", condition, workbook, shown);
            }
            // Each input edits a copy; the new answer goes to the session, which saves it.
            if prompt.recall.is_some() {
                recall_ui(ui, recalled.get(&prompt.id));
            }
            let mut value = entry.answers.get(&prompt.id).cloned();
            let focus_here = ui
                .data(|d| d.get_temp::<String>(missing_focus_id()))
                .is_some_and(|id| id == prompt.id);
            if focus_here {
                ui.data_mut(|d| d.remove::<String>(missing_focus_id()));
            }
            if prompt_ui(ui, prompt, &mut value, focus_here, commands) {
                commands.push(Command::SetAnswer {
                    entry: entry_id.clone(),
                    prompt: prompt.id.clone(),
                    value,
                    page: Page::Section(index),
                });
            }
            comments_ui(ui, entry, &prompt.id);
        }
    });

    if is_last {
        orphans_ui(ui, workbook, entry);
    }

    let missing = missing_required(workbook, section, entry);
    let reminder_id = ui.scope_id().with(("required-reminder", index));
    let reminded = ui
        .data(|d| d.get_temp::<bool>(reminder_id))
        .unwrap_or(false);
    if reminded && !missing.is_empty() {
        notice_box(ui, NoticeKind::Warning, |ui| {
            // One label, said at once: why the page did not move on, and what is missing.
            let mut text = "To go on, answer the questions marked required:".to_owned();
            for prompt in &missing {
                text.push_str("\n•  ");
                text.push_str(&prompt.ask);
            }
            live_label(ui, text, true);
        });
    }

    ui.add_space(12.0);
    ui.horizontal(|ui| {
        let back = secondary_button(ui, "Back");
        if back.clicked() {
            let target = previous.map_or(Page::Intro, Page::Section);
            commands.push(Command::GoTo(target));
        }
        let next_label = if is_last { "Finish" } else { "Next" };
        let next_button = primary_button(ui, next_label);
        if next_button.clicked() || next_pressed {
            if missing.is_empty() {
                ui.data_mut(|d| d.remove::<bool>(reminder_id));
                if is_last {
                    commands.push(Command::Finish);
                } else {
                    commands.push(Command::GoTo(next.map_or(Page::Intro, Page::Section)));
                }
            } else {
                ui.data_mut(|d| {
                    d.insert_temp(reminder_id, true);
                    // The first question still to answer takes focus next frame.
                    d.insert_temp(missing_focus_id(), missing[0].id.clone());
                });
                ui.ctx().request_repaint();
            }
        }
        ui.label(RichText::new("Ctrl+Enter").small().color(p.weak_text));
    });
}

pub(super) fn reviewer_name(name: &str) -> &str {
    if name.trim().is_empty() {
        "your reviewer"
    } else {
        name
    }
}

/// Comments a reviewer sent back about this prompt's answer.
pub(super) fn comments_ui(ui: &mut Ui, entry: &Entry, prompt_id: &str) {
    for f in &entry.feedback {
        if let Some(comment) = f.comments.get(prompt_id).filter(|c| !c.trim().is_empty()) {
            notice_box(ui, NoticeKind::Info, |ui| {
                ui.label(
                    RichText::new(format!("{} wrote", reviewer_name(&f.reviewer)))
                        .small()
                        .strong(),
                );
                ui.label(comment);
            });
            ui.add_space(6.0);
        }
    }
}

/// Answers to prompts this workbook version no longer asks: kept, and shown read-only.
pub(super) fn orphans_ui(ui: &mut Ui, workbook: &Workbook, entry: &Entry) {
    let orphans = entry.orphan_answers(workbook);
    if orphans.is_empty() {
        return;
    }
    ui.add_space(8.0);
    card(ui, |ui| {
        ui.label(RichText::new("Earlier answers").strong());
        help_text(
            ui,
            "This workbook has changed since you wrote these. The questions are no longer asked, but your answers are kept here.",
        );
        for (id, value) in orphans {
            ui.label(RichText::new(id).italics());
            ui.label(describe(value));
        }
    });
}

/// Says that this entry has other versions (another program changed it while it was open, or a
/// backup brought one back), with a way to each.
pub(super) fn versions_ui(
    ui: &mut Ui,
    versions: &[(&EntryId, &Entry)],
    commands: &mut Vec<Command>,
) {
    if versions.is_empty() {
        return;
    }
    notice_box(ui, NoticeKind::Info, |ui| {
        ui.label(
            "There is more than one version of this entry: another program changed it while it was open, or a backup brought an older one back. Nothing was overwritten; each is kept as an entry of its own.",
        );
        for (id, other) in versions {
            let when = other.updated_at.format("%-d %B %Y, %H:%M");
            let open = super::widgets::secondary_button(ui, "Read the other version");
            super::widgets::set_accessible_name(
                ui,
                &open,
                &format!("Read the other version, last changed {when}"),
            );
            if open.clicked() {
                commands.push(Command::OpenEntry((*id).clone()));
            }
        }
    });
}

/// In a preview: when a page or question is shown, in words, and whether it is hidden now.
fn condition_note(
    ui: &mut Ui,
    what: &str,
    condition: &crate::workbook::Condition,
    workbook: &Workbook,
    shown: bool,
) {
    let p = theme::palette(ui);
    let words = crate::workbook::shown_when(workbook, condition);
    let now = if shown { "shown now" } else { "hidden now" };
    ui.label(
        RichText::new(format!("{what} {words} ({now})."))
            .small()
            .italics()
            .color(if shown { p.weak_text } else { p.accent }),
    );
}

/// The answer a follow-up brought back, above the page: read-only, in the person's own words.
fn look_back_ui(ui: &mut Ui, look_back: &LookBack) {
    card(ui, |ui| {
        ui.label(RichText::new(&look_back.title).strong());
        super::widgets::answer_box(ui, &look_back.text);
        help_text(
            ui,
            "Whatever happened since is worth knowing. What went as you hoped is evidence you can trust yourself; what didn't is information about what gets in the way, not a failure.",
        );
    });
    ui.add_space(8.0);
}

fn recall_ui(ui: &mut Ui, recalled: Option<&(chrono::DateTime<chrono::Local>, String)>) {
    let p = theme::palette(ui);
    match recalled {
        Some((when, text)) => {
            ui.label(
                RichText::new(format!("What you wrote on {}:", when.format("%A %-d %B")))
                    .small()
                    .color(p.weak_text),
            );
            super::widgets::answer_box(ui, text);
        }
        None => {
            ui.label(
                RichText::new("There is no earlier answer to look back on yet.")
                    .small()
                    .color(p.weak_text),
            );
        }
    }
}
