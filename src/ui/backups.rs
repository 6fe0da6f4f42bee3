//! The backups card of the privacy screen: what is kept, and restoring one (asked first).

use egui::{RichText, Ui};

use super::widgets::{card, live_label, primary_button, secondary_button};
use super::{Command, NoticeKind, theme};
use crate::session::BackupsForm;

/// Draws the backups card.
pub fn backups_ui(ui: &mut Ui, form: &BackupsForm, editable: bool, commands: &mut Vec<Command>) {
    let p = theme::palette(ui);
    ui.add_space(8.0);
    card(ui, |ui| {
        ui.label(RichText::new("Backups").strong());
        ui.label(
            RichText::new("Once a day, when trustwork opens, everything in your data folder is copied into one backup file in its backups folder (encrypted, if your answers are protected). The last seven are kept, and the first of each month for a year. Restoring puts back what is missing and never replaces anything you have now: an entry that differs is added beside yours as an entry of its own.")
                .color(p.weak_text),
        );
        if form.list.is_empty() {
            ui.label(
                RichText::new("No backup yet: the first is made the next time trustwork opens.")
                    .color(p.weak_text),
            );
        }
        for backup in &form.list {
            ui.horizontal_wrapped(|ui| {
                let when = backup.made_at.format("%-d %B %Y, %H:%M").to_string();
                let entries = if backup.entries == 1 {
                    "entry"
                } else {
                    "entries"
                };
                ui.label(format!("{when} · {} {entries}", backup.entries));
                let restore = ui.add_enabled_ui(editable && !form.busy, |ui| {
                    secondary_button(ui, "Restore…")
                });
                super::widgets::set_accessible_name(
                    ui,
                    &restore.inner,
                    &format!("Restore from the backup of {when}"),
                );
                if restore.inner.clicked() {
                    commands.push(Command::RestoreBackup(backup.path.clone()));
                }
            });
            if form.confirm.as_ref() == Some(&backup.path) {
                super::widgets::notice_box(ui, NoticeKind::Warning, |ui| {
                    live_label(
                        ui,
                        "Restore from this backup? Nothing you have now is replaced: what is missing comes back, and entries that differ are added beside yours.",
                        true,
                    );
                    ui.horizontal(|ui| {
                        let keep = secondary_button(ui, "Not now");
                        if keep.clicked() {
                            commands.push(Command::ConfirmRestore(false));
                        }
                        if primary_button(ui, "Restore").clicked() {
                            commands.push(Command::ConfirmRestore(true));
                        }
                    });
                });
            }
        }
        if let Some(message) = &form.message {
            super::widgets::live_notice_ui(ui, message.kind, &message.text);
        }
    });
}
