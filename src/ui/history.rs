//! A workbook's past entries, newest first: open one to read or keep writing, or share them.

use egui::{RichText, Ui};

use super::widgets::{card, secondary_button, set_accessible_name};
use super::{Command, entry_label, theme};
use crate::journal::{Entry, EntryId};
use crate::workbook::Workbook;

/// What the history screen shows.
pub struct HistoryView<'a> {
    /// The workbook.
    pub workbook: &'a Workbook,
    /// Its entries, newest first.
    pub entries: Vec<(&'a EntryId, &'a Entry)>,
}

/// Draws the history of one workbook.
pub fn history_ui(ui: &mut Ui, view: &HistoryView<'_>, commands: &mut Vec<Command>) {
    let p = theme::palette(ui);
    ui.horizontal(|ui| {
        if secondary_button(ui, "Back to library").clicked() {
            commands.push(Command::BackToLibrary);
        }
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if secondary_button(ui, "Share or print…").clicked() {
                commands.push(Command::OpenShare(view.workbook.id.clone(), None));
            }
        });
    });
    ui.heading(&view.workbook.title);
    ui.label(RichText::new("Your entries, newest first.").color(p.weak_text));
    if view.entries.is_empty() {
        ui.label("Nothing here yet.");
    }
    for (id, entry) in &view.entries {
        card(ui, |ui| {
            ui.horizontal(|ui| {
                let label = entry_label(entry);
                ui.label(RichText::new(&label).strong());
                let comments: usize = entry
                    .feedback
                    .iter()
                    .map(|f| f.comments.len() + usize::from(!f.note.is_empty()))
                    .sum();
                if comments > 0 {
                    ui.label(
                        RichText::new(format!("· {comments} from your reviewer")).color(p.accent),
                    );
                }
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                    let open = secondary_button(ui, "Open");
                    set_accessible_name(ui, &open, &format!("Open entry {label}"));
                    if open.clicked() {
                        commands.push(Command::OpenEntry((*id).clone()));
                    }
                });
            });
        });
        ui.add_space(4.0);
    }
}
