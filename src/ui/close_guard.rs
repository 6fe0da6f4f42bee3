//! The close guard: when the window is asked to close and the latest answers cannot be
//! written, it stays open and asks what to do. Nothing is lost without asking.

use super::Command;
use super::focus::heading;
use super::widgets::{primary_button, secondary_button};
use crate::session::{CloseChoice, CloseGuard};

/// Draws the close guard when closing is blocked.
pub fn close_guard_ui(ui: &egui::Ui, guard: &CloseGuard, commands: &mut Vec<Command>) {
    let CloseGuard::Blocked { error, retrying } = guard else {
        return;
    };
    super::widgets::dialog(
        ui.ctx(),
        "close-blocked",
        "Your latest answers are not saved yet",
        Some(error),
        |ui| {
            ui.set_max_width(520.0);
            heading(ui, "Your latest answers are not saved yet");
            ui.label(error);
            ui.label("If you close now, what you wrote since the last save is lost. Free some space or fix the folder, then try again, or keep the window open.");
            ui.horizontal(|ui| {
                let again = if *retrying {
                    "Saving…"
                } else {
                    "Try saving again"
                };
                if ui
                    .add_enabled_ui(!retrying, |ui| primary_button(ui, again))
                    .inner
                    .clicked()
                {
                    commands.push(Command::CloseGuard(CloseChoice::TryAgain));
                }
                if secondary_button(ui, "Keep the window open").clicked() {
                    commands.push(Command::CloseGuard(CloseChoice::KeepOpen));
                }
                if secondary_button(ui, "Close without saving").clicked() {
                    commands.push(Command::CloseGuard(CloseChoice::CloseAnyway));
                }
            });
        },
    );
}
