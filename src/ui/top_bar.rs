//! The bar across the top: the app's name, quiet save status, and "Get help now" always in
//! the same place.

use egui::{RichText, Ui};

use super::{Command, HelpTopic, SaveStatus, theme};

/// What the top bar offers.
pub struct TopBar<'a> {
    /// What the save indicator says.
    pub status: &'a SaveStatus,
    /// The answers are open: search and privacy are offered.
    pub open: bool,
    /// The folder is protected and unlocked: "Lock" is offered.
    pub can_lock: bool,
}

/// Below this width (in points, so zooming in narrows it) the bar takes two rows: "Get help
/// now" stays at the top right, and nothing overlaps.
const COMPACT_BELOW: f32 = 700.0;

/// Draws the top bar.
pub fn top_bar_ui(ui: &mut Ui, bar: &TopBar<'_>, commands: &mut Vec<Command>) {
    if ui.available_width() >= COMPACT_BELOW {
        ui.horizontal(|ui| {
            name_ui(ui);
            links_ui(ui, bar, commands);
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                help_button(ui, commands);
                ui.add_space(12.0);
                status_ui(ui, bar.status);
            });
        });
    } else {
        ui.horizontal(|ui| {
            name_ui(ui);
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                help_button(ui, commands);
            });
        });
        ui.horizontal_wrapped(|ui| {
            links_ui(ui, bar, commands);
            ui.add_space(12.0);
            status_ui(ui, bar.status);
        });
    }
}

fn name_ui(ui: &mut Ui) {
    let p = theme::palette(ui);
    ui.label(RichText::new("trustwork").strong().color(p.accent));
    ui.add_space(12.0);
}

/// Search, Privacy, Quick hide and Lock.
fn links_ui(ui: &mut Ui, bar: &TopBar<'_>, commands: &mut Vec<Command>) {
    if bar.open {
        if ui
            .add(egui::Button::new("Search").frame(false))
            .on_hover_text("Search my answers (Ctrl+F)")
            .clicked()
        {
            commands.push(Command::OpenSearch);
        }
        if ui
            .add(egui::Button::new("Privacy").frame(false))
            .on_hover_text("Protect my answers with a passphrase, and locking")
            .clicked()
        {
            commands.push(Command::OpenPrivacy);
        }
    }
    let hide = ui
        .add(egui::Button::new("Quick hide").frame(false))
        .on_hover_text(format!(
            "Hide everything at once ({})",
            ui.ctx().format_shortcut(&super::privacy::HIDE_SHORTCUT)
        ));
    super::widgets::set_accessible_name(ui, &hide, "Hide everything now");
    if hide.clicked() {
        commands.push(Command::Hide);
    }
    if bar.can_lock
        && ui
            .add(egui::Button::new("Lock").frame(false))
            .on_hover_text(format!(
                "Lock now ({})",
                ui.ctx().format_shortcut(&super::privacy::LOCK_SHORTCUT)
            ))
            .clicked()
    {
        commands.push(Command::Lock);
    }
}

fn help_button(ui: &mut Ui, commands: &mut Vec<Command>) {
    let p = theme::palette(ui);
    let help = ui.add(
        egui::Button::new(RichText::new("Get help now").strong().color(p.on_accent))
            .fill(p.help)
            .min_size(egui::vec2(0.0, theme::TARGET_HEIGHT)),
    );
    if help.clicked() {
        commands.push(Command::ShowHelp(Some(HelpTopic::General)));
    }
}

/// "Saved 14:02", or why not.
fn status_ui(ui: &mut Ui, status: &SaveStatus) {
    let p = theme::palette(ui);
    let (text, color) = match status {
        SaveStatus::Idle => (String::new(), p.weak_text),
        SaveStatus::Saving => ("Saving…".to_owned(), p.weak_text),
        SaveStatus::Saved(at) => (format!("Saved {}", at.format("%H:%M")), p.weak_text),
        SaveStatus::Failed(_) => ("Not saved yet, see the note below".to_owned(), p.amber),
        SaveStatus::ReadOnly => ("Read-only: open in another window".to_owned(), p.amber),
        SaveStatus::NoFolder => (
            "Not saving: no data folder, see the note".to_owned(),
            p.amber,
        ),
    };
    if text.is_empty() && !matches!(status, SaveStatus::Saving) {
        // Nothing to say yet: no empty label for a screen reader to stumble on.
        return;
    }
    let label = ui.label(RichText::new(&text).color(color));
    // Said when it changes, but not at every keystroke's save: while saving, a screen reader
    // keeps hearing the last "Saved" time, so it speaks at most once a minute.
    let spoken_id = egui::Id::unique("trustwork-save-status-spoken");
    let spoken = if matches!(status, SaveStatus::Saving) {
        ui.data(|d| d.get_temp::<String>(spoken_id))
            .unwrap_or_default()
    } else {
        ui.data_mut(|d| d.insert_temp(spoken_id, text.clone()));
        text
    };
    super::widgets::set_accessible_name(ui, &label, &spoken);
    super::widgets::announce(ui, &label, false);
}
