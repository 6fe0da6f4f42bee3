//! The lock screen, the first window of a protected folder, and the neutral screen of quick
//! hide. Neither shows anything of what was written.

use egui::{RichText, Ui};

use super::focus::heading;
use super::widgets::{notice_ui, primary_button, secondary_button, small_button};
use super::{Command, NoticeKind, theme};
use crate::session::LockForm;

/// Draws the lock screen. `progress` is the folder being read after the key was derived.
pub fn lock_ui(
    ui: &mut Ui,
    form: &mut LockForm,
    progress: Option<(usize, usize)>,
    commands: &mut Vec<Command>,
) {
    let p = theme::palette(ui);
    ui.add_space(32.0);
    heading(ui, "Your answers are locked");
    ui.label(
        RichText::new("Type your passphrase to open them. Nothing is shown until you do.")
            .color(p.weak_text),
    );
    ui.add_space(12.0);
    if form.unlocking {
        ui.horizontal(|ui| {
            ui.spinner();
            ui.label(match progress {
                Some((read, total)) if total > 0 => {
                    format!("Opening your answers: {read} of {total} read")
                }
                _ => "Unlocking… this takes about a second, on purpose, to slow down guessing."
                    .to_owned(),
            });
        });
        return;
    }
    let mut submit = false;
    if form.use_recovery {
        let label = ui.label("Recovery key (the line that starts with AGE-SECRET-KEY-1)");
        let key = ui
            .add(
                egui::TextEdit::singleline(&mut form.recovery_key)
                    .password(true)
                    .desired_width(460.0),
            )
            .labelled_by(label.id);
        let label = ui.label("New passphrase");
        ui.add(
            egui::TextEdit::singleline(&mut form.new_passphrase)
                .password(true)
                .desired_width(320.0),
        )
        .labelled_by(label.id);
        let label = ui.label("New passphrase again");
        let again = ui
            .add(
                egui::TextEdit::singleline(&mut form.new_again)
                    .password(true)
                    .return_key(None)
                    .desired_width(320.0),
            )
            .labelled_by(label.id);
        super::focus::prefer(ui, &key);
        submit |= again.has_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        ui.add_space(8.0);
        ui.horizontal(|ui| {
            submit |= primary_button(ui, "Unlock and set the new passphrase").clicked();
            if secondary_button(ui, "Use my passphrase instead").clicked() {
                commands.push(Command::UseRecoveryKey(false));
            }
        });
    } else {
        let label = ui.label("Passphrase");
        let field = ui
            .add(
                egui::TextEdit::singleline(&mut form.passphrase)
                    .password(true)
                    // Enter unlocks; the field keeps focus, so a wrong try is typed again at once.
                    .return_key(None)
                    .desired_width(320.0),
            )
            .labelled_by(label.id);
        // The one thing to do here: the field has focus from the start.
        super::focus::prefer(ui, &field);
        submit |= field.has_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        ui.add_space(8.0);
        ui.horizontal(|ui| {
            submit |= primary_button(ui, "Unlock").clicked();
            if small_button(
                ui,
                "Forgot it? Use the recovery key",
                "Forgot the passphrase? Use the recovery key",
            )
            .clicked()
            {
                commands.push(Command::UseRecoveryKey(true));
            }
        });
    }
    if let Some(message) = &form.message {
        ui.add_space(8.0);
        notice_ui(ui, NoticeKind::Warning, message);
    }
    if submit {
        commands.push(Command::Unlock);
    }
}

/// The neutral screen of quick hide: an empty page and a way back.
pub fn hidden_ui(ui: &mut Ui, commands: &mut Vec<Command>) {
    ui.add_space(ui.available_height() / 2.0 - 24.0);
    ui.vertical_centered(|ui| {
        if secondary_button(ui, "Continue").clicked() {
            commands.push(Command::Unhide);
        }
    });
}
