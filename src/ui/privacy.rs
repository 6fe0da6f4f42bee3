//! The privacy screen: protection with a passphrase (on, changed, off), the recovery key shown
//! once, locking by itself, and the keys that lock and hide.

use egui::{RichText, Ui};

use super::focus::heading;
use super::widgets::{card, notice_ui, paragraphs, primary_button, save_path_ui, secondary_button};
use super::{Command, NoticeKind, theme};
use crate::session::{AUTO_LOCK_CHOICES, PrivacyForm};

/// The key that locks.
pub const LOCK_SHORTCUT: egui::KeyboardShortcut =
    egui::KeyboardShortcut::new(egui::Modifiers::COMMAND, egui::Key::L);

/// The key that hides everything at once (and locks).
pub const HIDE_SHORTCUT: egui::KeyboardShortcut = egui::KeyboardShortcut::new(
    egui::Modifiers::COMMAND.plus(egui::Modifiers::SHIFT),
    egui::Key::H,
);

/// What the privacy screen shows besides its form.
pub struct PrivacyView {
    /// The folder is protected.
    pub protected: bool,
    /// Answers can be written (this window holds the folder).
    pub editable: bool,
    /// Lock after this many idle minutes; 0 never.
    pub auto_lock_minutes: u32,
    /// A file dialog is open.
    pub dialog_open: bool,
}

const ABOUT: &str = "Protection is recommended if anyone else can use this computer. With it on, everything you write (answers, drafts, the trash, feedback, imported workbooks, your settings) is stored encrypted, and trustwork asks for your passphrase each time it opens.

Choose a passphrase you can remember and others cannot guess: a few ordinary words in a row work well. You will also get a recovery key, for the day the passphrase is forgotten. Without both, nobody can open your answers, not even you.";

/// Draws the privacy screen.
pub fn privacy_ui(
    ui: &mut Ui,
    view: &PrivacyView,
    form: &mut PrivacyForm,
    commands: &mut Vec<Command>,
) {
    let p = theme::palette(ui);
    ui.horizontal(|ui| {
        if secondary_button(ui, "Back to library").clicked() {
            commands.push(Command::BackToLibrary);
        }
    });
    ui.add_space(8.0);
    heading(ui, "Privacy");
    ui.add_space(4.0);

    if let Some(key) = &form.recovery_key {
        recovery_key_ui(ui, key.expose(), &mut form.recovery_path, view, commands);
        ui.add_space(12.0);
    }
    if let Some(message) = &form.message {
        notice_ui(ui, message.kind, &message.text);
    }
    if let Some(busy) = form.busy {
        ui.horizontal(|ui| {
            ui.spinner();
            let (done, total) = form.progress;
            if total > 0 {
                ui.label(format!("{busy} {done} of {total} files"));
            } else {
                ui.label(busy);
            }
        });
        ui.add_space(8.0);
    }
    let idle = form.busy.is_none() && view.editable;

    card(ui, |ui| {
        if view.protected {
            ui.label(RichText::new("Your answers are protected with a passphrase.").strong());
            ui.label(
                RichText::new("Every file in the data folder is encrypted. The passphrase is asked for when trustwork opens and after it locks.")
                    .color(p.weak_text),
            );
            ui.add_space(8.0);
            ui.label(RichText::new("Change the passphrase").strong());
            passphrase_fields(ui, form, "New passphrase");
            ui.add_enabled_ui(idle, |ui| {
                if primary_button(ui, "Change the passphrase").clicked() {
                    commands.push(Command::ChangePassphrase);
                }
            });
        } else {
            ui.label(RichText::new("Protect my answers with a passphrase").strong());
            paragraphs(ui, ABOUT, Some(p.weak_text));
            passphrase_fields(ui, form, "Passphrase");
            ui.add_enabled_ui(idle, |ui| {
                if primary_button(ui, "Protect my answers").clicked() {
                    commands.push(Command::Protect);
                }
            });
        }
    });
    ui.add_space(8.0);

    if view.protected {
        card(ui, |ui| {
            ui.label(RichText::new("Locking").strong());
            let label = ui.label("Lock by itself after");
            let minutes = view.auto_lock_minutes;
            let combo = egui::ComboBox::from_id_salt("auto-lock")
                .selected_text(minutes_text(minutes))
                .show_ui(ui, |ui| {
                    for choice in AUTO_LOCK_CHOICES {
                        if ui
                            .selectable_label(choice == minutes, minutes_text(choice))
                            .clicked()
                        {
                            commands.push(Command::SetAutoLock(choice));
                        }
                    }
                })
                .response
                .labelled_by(label.id);
            super::widgets::combo_value(ui, &combo, &minutes_text(minutes));
            ui.label(
                RichText::new(format!(
                    "{} locks at once. {} hides everything at once and locks; \"Quick hide\" at the top does the same.",
                    ui.ctx().format_shortcut(&LOCK_SHORTCUT),
                    ui.ctx().format_shortcut(&HIDE_SHORTCUT)
                ))
                .color(p.weak_text),
            );
            if secondary_button(ui, "Lock now").clicked() {
                commands.push(Command::Lock);
            }
        });
        ui.add_space(8.0);
        card(ui, |ui| {
            ui.label(RichText::new("Turn protection off").strong());
            ui.label(
                RichText::new("Your answers are then stored as plain files that anyone using this account can read.")
                    .color(p.weak_text),
            );
            let text = if form.confirm_off {
                "Yes, store my answers unprotected"
            } else {
                "Turn protection off…"
            };
            ui.add_enabled_ui(idle, |ui| {
                if secondary_button(ui, text).clicked() {
                    commands.push(Command::Unprotect);
                }
            });
        });
    } else {
        ui.label(
            RichText::new(format!(
                "{} hides everything at once; \"Quick hide\" at the top does the same.",
                ui.ctx().format_shortcut(&HIDE_SHORTCUT)
            ))
            .color(p.weak_text),
        );
    }
}

fn passphrase_fields(ui: &mut Ui, form: &mut PrivacyForm, first: &str) {
    let label = ui.label(first);
    ui.add(
        egui::TextEdit::singleline(&mut form.passphrase)
            .password(true)
            .desired_width(320.0),
    )
    .labelled_by(label.id);
    let label = ui.label(format!("{first} again"));
    ui.add(
        egui::TextEdit::singleline(&mut form.again)
            .password(true)
            .desired_width(320.0),
    )
    .labelled_by(label.id);
    ui.add_space(6.0);
}

fn recovery_key_ui(
    ui: &mut Ui,
    key: &str,
    path: &mut String,
    view: &PrivacyView,
    commands: &mut Vec<Command>,
) {
    super::widgets::notice_box(ui, NoticeKind::Warning, |ui| {
        ui.label(RichText::new("Your recovery key: keep it now, it is shown only once").strong());
        ui.label("It opens your answers if the passphrase is forgotten, in trustwork or with the standard age tool. Write it down or save it to a stick only you have, not on this computer.");
        ui.add_space(6.0);
        // A selectable label, not a text field: nothing of it stays in egui's edit memory.
        ui.add(egui::Label::new(RichText::new(key).monospace().strong()).selectable(true));
        ui.horizontal(|ui| {
            if secondary_button(ui, "Copy").clicked() {
                ui.ctx().copy_text(key.to_owned());
            }
        });
        ui.add_space(6.0);
        save_path_ui(
            ui,
            "Save it to a file",
            path,
            view.dialog_open,
            Command::PickRecoveryKeyPath,
            commands,
        );
        ui.horizontal(|ui| {
            if secondary_button(ui, "Save the key to this file").clicked() {
                commands.push(Command::SaveRecoveryKey);
            }
            if primary_button(ui, "I have kept it somewhere safe").clicked() {
                commands.push(Command::RecoveryKeySeen);
            }
        });
    });
}

fn minutes_text(minutes: u32) -> String {
    match minutes {
        0 => "Never".to_owned(),
        1 => "1 minute".to_owned(),
        60 => "1 hour".to_owned(),
        m => format!("{m} minutes"),
    }
}
