//! The reviewer key screen: a therapist makes the key their clients' answers are encrypted to,
//! and copies its public half into the workbooks they send.

use egui::{RichText, Ui};

use super::focus::heading;
use super::widgets::{card, notice_ui, paragraphs, primary_button, secondary_button};
use super::{Command, NoticeKind, theme};
use crate::session::ReviewerKeyForm;
use crate::store::SharingInfo;

/// What the reviewer key screen shows besides its form.
pub struct ReviewerKeyView<'a> {
    /// The key, once made.
    pub key: Option<&'a SharingInfo>,
    /// The folder is protected with a passphrase.
    pub protected: bool,
    /// This window can save.
    pub editable: bool,
}

const ABOUT: &str = "For therapists, and anyone who reads answers others send them. Put your reviewer key into the workbooks you give out: your clients' trustwork then encrypts the answers they share with you, so only this trustwork, with this data folder, can open them. Your feedback goes back encrypted to them in the same way.

The key is kept in this data folder. Keep the folder (and its backups): if the key is lost, answers encrypted to it cannot be opened by anyone.";

/// Draws the reviewer key screen.
pub fn reviewer_key_ui(
    ui: &mut Ui,
    view: &ReviewerKeyView<'_>,
    form: &mut ReviewerKeyForm,
    commands: &mut Vec<Command>,
) {
    let p = theme::palette(ui);
    if secondary_button(ui, "Back to library").clicked() {
        commands.push(Command::BackToLibrary);
    }
    ui.add_space(8.0);
    heading(ui, "Reviewer key");
    ui.add_space(4.0);
    paragraphs(ui, ABOUT, Some(p.weak_text));
    ui.add_space(8.0);
    if view.protected {
        ui.label("Your key is kept encrypted under your passphrase, like your answers.");
    } else {
        notice_ui(
            ui,
            NoticeKind::Info,
            "This data folder is not protected with a passphrase, so anyone who can open it could use the key to read answers sent to you. Turning protection on (in Privacy) keeps the key under your passphrase.",
        );
        if secondary_button(ui, "Privacy…").clicked() {
            commands.push(Command::OpenPrivacy);
        }
    }
    ui.add_space(8.0);

    card(ui, |ui| {
        let label = ui.label("Your name, as your clients know you");
        ui.add(
            egui::TextEdit::singleline(&mut form.name)
                .hint_text("for example, Dr Amal Rivera")
                .desired_width(320.0),
        )
        .labelled_by(label.id);
        ui.label(
            RichText::new("It goes into the workbooks as assigned_by, and the client's trustwork says the answers are encrypted for this name.")
                .small()
                .color(p.weak_text),
        );
        let unchanged = view.key.is_some_and(|key| key.name == form.name.trim());
        // Once the key is made, the button only comes back to save a changed name.
        if !unchanged {
            let text = match (form.busy.is_some(), view.key.is_some()) {
                (true, _) => "Saving…",
                (false, false) => "Make my reviewer key",
                (false, true) => "Save the name",
            };
            let enabled = view.editable && form.busy.is_none();
            if ui
                .add_enabled_ui(enabled, |ui| primary_button(ui, text))
                .inner
                .clicked()
            {
                commands.push(Command::MakeReviewerKey);
            }
        }
        if let Some(message) = &form.message {
            notice_ui(ui, message.kind, &message.text);
        }
    });

    let Some(key) = view.key else {
        return;
    };
    ui.add_space(8.0);
    card(ui, |ui| {
        ui.label(RichText::new("Lines to add to each workbook you send").strong());
        ui.label(
            RichText::new("Paste them into the workbook file among its first fields, for example after minutes. They hold only the public half of your key: it is safe to send.")
                .color(p.weak_text),
        );
        let lines = crate::share::workbook_lines(key);
        ui.add(egui::Label::new(RichText::new(&lines).monospace()).selectable(true));
        copy_button(ui, "Copy the lines", lines);
        ui.add_space(8.0);
        ui.label(RichText::new("The public key on its own").strong());
        ui.add(egui::Label::new(RichText::new(&key.public_key).monospace()).selectable(true));
        copy_button(ui, "Copy the key", key.public_key.clone());
    });
}

/// A button that copies `text`, saying "Copied" beside it once it has.
fn copy_button(ui: &mut Ui, label: &str, text: String) {
    let id = ui.scope_id().with(("copied", label));
    ui.horizontal(|ui| {
        if secondary_button(ui, label).clicked() {
            ui.ctx().copy_text(text);
            ui.data_mut(|d| d.insert_temp(id, true));
        }
        if ui.data(|d| d.get_temp::<bool>(id)).unwrap_or(false) {
            ui.label(RichText::new("Copied").color(theme::palette(ui).weak_text));
        }
    });
}
