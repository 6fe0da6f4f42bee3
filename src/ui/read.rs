//! Reading an entry: its day, every answer beside its question, and the reviewer's comments and
//! note, with "Edit" to change it. Nothing here changes the entry, and opening it saves nothing.

use egui::{RichText, Ui};

use super::focus::heading;
use super::runner::{comments_ui, entry_day, notes_ui, orphans_ui};
use super::widgets::{answer_box, card, primary_button, secondary_button};
use super::{Command, theme};
use crate::journal::{Entry, EntryId, describe_for, is_answered, visible_sections};
use crate::session::Screen;
use crate::workbook::Workbook;

/// What the read view shows.
pub struct ReadView<'a> {
    /// The workbook.
    pub workbook: &'a Workbook,
    /// The entry's id.
    pub id: &'a EntryId,
    /// The entry.
    pub entry: &'a Entry,
    /// An answer to show first and mark (a search hit).
    pub at: Option<&'a str>,
    /// Where Back goes, to name the button.
    pub back_to: Option<&'a Screen>,
    /// Whether this window can save (Edit needs it).
    pub editable: bool,
    /// Other versions of this entry (another program's, or one a backup brought back).
    pub versions: Vec<(&'a EntryId, &'a Entry)>,
}

/// Draws the read view.
pub fn read_ui(ui: &mut Ui, view: &ReadView<'_>, commands: &mut Vec<Command>) {
    let p = theme::palette(ui);
    let ReadView {
        workbook,
        id,
        entry,
        at,
        back_to,
        editable,
        ..
    } = *view;
    let back = match back_to {
        Some(Screen::Search) => "Back to the results",
        Some(Screen::History(_)) => "Back to past entries",
        _ => "Back to library",
    };
    ui.horizontal_wrapped(|ui| {
        if secondary_button(ui, back).clicked() {
            commands.push(Command::CloseRead);
        }
        edit_button(ui, view, commands);
        if entry.answers.values().any(is_answered)
            && secondary_button(ui, "Share or print…").clicked()
        {
            commands.push(Command::OpenShare(workbook.id.clone(), Some(id.clone())));
        }
    });
    ui.add_space(8.0);
    heading(ui, &workbook.title);
    let state = if entry.is_completed() {
        "finished"
    } else {
        "a draft"
    };
    ui.label(
        RichText::new(format!("Entry from {}, {state}", entry_day(entry)))
            .text_style(theme::prompt_style())
            .color(p.accent),
    );
    if !editable {
        ui.label(
            RichText::new("This window cannot save, so the entry can be read but not changed.")
                .color(p.weak_text),
        );
    }
    super::runner::versions_ui(ui, &view.versions, commands);
    notes_ui(ui, entry);

    let mut any = false;
    for index in visible_sections(workbook, entry) {
        let section = &workbook.sections[index];
        let answered: Vec<_> = section
            .prompts
            .iter()
            .filter(|pr| entry.answers.get(&pr.id).is_some_and(is_answered))
            .collect();
        if answered.is_empty() {
            continue;
        }
        any = true;
        ui.add_space(10.0);
        ui.label(
            RichText::new(&section.title)
                .text_style(theme::prompt_style())
                .strong(),
        );
        for prompt in answered {
            let value = &entry.answers[&prompt.id];
            let marked = at == Some(prompt.id.as_str());
            let shown = |ui: &mut Ui| {
                ui.label(RichText::new(&prompt.ask).strong());
                answer_box(ui, &describe_for(&prompt.input, value));
                comments_ui(ui, entry, &prompt.id);
            };
            if marked {
                // The answer a search hit pointed at: framed, in view, and where focus starts.
                let framed = egui::Frame::new()
                    .stroke(egui::Stroke::new(2.0, p.accent))
                    .corner_radius(8)
                    .inner_margin(8)
                    .show(ui, shown);
                let seen_id = ui.scope_id().with(("read-at-shown", id, &prompt.id));
                if !ui.data(|d| d.get_temp::<bool>(seen_id)).unwrap_or(false) {
                    ui.data_mut(|d| d.insert_temp(seen_id, true));
                    framed.response.scroll_to_me(Some(egui::Align::Center));
                }
            } else {
                shown(ui);
            }
            ui.add_space(6.0);
        }
    }
    if !any {
        card(ui, |ui| {
            ui.label("Nothing was answered in this entry yet.");
        });
    }
    orphans_ui(ui, workbook, entry);
    ui.add_space(12.0);
    edit_button(ui, view, commands);
}

fn edit_button(ui: &mut Ui, view: &ReadView<'_>, commands: &mut Vec<Command>) {
    if !view.editable {
        return;
    }
    let edit = primary_button(ui, "Edit");
    super::widgets::set_accessible_name(
        ui,
        &edit,
        &format!("Edit the entry from {}", entry_day(view.entry)),
    );
    if edit.clicked() {
        commands.push(Command::EditEntry(
            view.id.clone(),
            view.at.map(str::to_owned),
        ));
    }
}
