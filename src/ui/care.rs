//! Care screens: the first-run note and the grounding exercise behind "Stop and steady myself".

use egui::{RichText, Ui};

use super::focus::heading;
use super::widgets::{paragraphs, primary_button, secondary_button};
use super::{Command, theme};

/// The first-run note; also shown on the help screen.
pub const ABOUT_NOTE: &str = "trustwork is a private workbook for reflection after a betrayal. It is not therapy, diagnosis or a crisis service, and it cannot respond if you are in danger.

Everything you write stays on this computer, in files you own. Nothing is sent anywhere.

If you might hurt yourself or someone else, or you are in danger, contact your local emergency number now. \"Get help now\", at the top right of every screen, lists emergency numbers and people to talk to.

Go at your own pace. Skip anything, stop whenever you like: what you have written is kept.";

/// The note shown once, the first time the app opens.
pub fn first_run_ui(ui: &mut Ui, commands: &mut Vec<Command>) {
    ui.set_max_width(560.0);
    heading(ui, "Welcome");
    ui.add_space(4.0);
    paragraphs(ui, ABOUT_NOTE, None);
    ui.add_space(8.0);
    ui.label(
        "If anyone else can use this computer, protecting your answers with a passphrase is recommended: they are then stored encrypted, and trustwork asks for the passphrase when it opens. You can turn it on or off later under \"Privacy\".",
    );
    ui.add_space(8.0);
    ui.horizontal_wrapped(|ui| {
        let begin = primary_button(ui, "I understand, let's begin");
        // Keyboard first: Enter or Space answers the note without hunting for the button.
        super::focus::prefer(ui, &begin);
        if begin.clicked() {
            commands.push(Command::FirstRunDone);
        }
        if secondary_button(ui, "Protect my answers first").clicked() {
            commands.push(Command::FirstRunDone);
            commands.push(Command::OpenPrivacy);
        }
        // Help is one press away even before the note is read.
        let help = secondary_button(ui, "Get help now");
        super::widgets::set_accessible_name(ui, &help, "Open Get help now");
        if help.clicked() {
            commands.push(Command::ShowHelp(Some(crate::session::HelpTopic::General)));
        }
    });
}

/// Steps for coming back to the present, written for this app.
const GROUNDING_STEPS: &[&str] = &[
    "Put both feet flat on the floor and feel the ground holding you up.",
    "Breathe out slowly, a little longer than you breathe in. Do this three times.",
    "Look around and name, quietly, five things you can see.",
    "Notice four things you can touch: the chair, your sleeve, the table, your hands.",
    "Listen for three sounds, near or far.",
    "Say to yourself where you are, today's date, and that this moment is safe enough.",
];

/// The grounding exercise: a way out of heavy writing that keeps every word.
pub fn grounding_ui(ui: &mut Ui, commands: &mut Vec<Command>) {
    let p = theme::palette(ui);
    ui.set_max_width(560.0);
    heading(ui, "Steadying yourself");
    ui.label(
        RichText::new("Your writing is saved. Take as long as you need with these steps.")
            .color(p.weak_text),
    );
    ui.add_space(6.0);
    for (i, step) in GROUNDING_STEPS.iter().enumerate() {
        ui.label(format!("{}.  {step}", i + 1));
    }
    ui.add_space(6.0);
    ui.label(
        RichText::new(
            "If the feelings stay very strong, \"Get help now\" lists people you can talk to, day and night.",
        )
        .color(p.weak_text),
    );
    ui.add_space(8.0);
    ui.horizontal(|ui| {
        if primary_button(ui, "Back to the writing").clicked() {
            commands.push(Command::ShowGrounding(false));
        }
        if secondary_button(ui, "Stop for today").clicked() {
            commands.push(Command::ShowGrounding(false));
            commands.push(Command::BackToLibrary);
        }
        if secondary_button(ui, "Get help now").clicked() {
            commands.push(Command::ShowGrounding(false));
            commands.push(Command::ShowHelp(Some(super::HelpTopic::General)));
        }
    });
}
