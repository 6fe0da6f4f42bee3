//! The preview: a workbook file as a client will see it, in a sandbox that saves nothing. A
//! side list jumps to any page and says when each is shown; a switch shows every hidden part.

use egui::{RichText, Ui};

use super::focus::heading;
use super::runner::{RunnerView, runner_ui};
use super::widgets::{live_label, notice_box, secondary_button};
use super::{Command, NoticeKind, Page, theme};
use crate::journal::{section_visible, visible_sections};
use crate::session::Preview;
use crate::workbook::shown_when;

/// Width of the list of pages beside the workbook.
const SIDE_WIDTH: f32 = 230.0;

/// The preview's whole width: the page as a client sees it, and the list beside it.
pub const PREVIEW_WIDTH: f32 = theme::COLUMN_WIDTH + SIDE_WIDTH + 12.0;

/// Draws the preview.
pub fn preview_ui(ui: &mut Ui, preview: &Preview, commands: &mut Vec<Command>) {
    let p = theme::palette(ui);
    if secondary_button(ui, "Back to library").clicked() {
        commands.push(Command::BackToLibrary);
    }
    ui.add_space(6.0);
    let name = preview.path.file_name().map_or_else(
        || preview.path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    heading(ui, format!("Preview of {name}"));
    notice_box(ui, NoticeKind::Info, |ui| {
        ui.label(
            "Nothing you type here is saved: it is a try-out, as a client would see it. The file is read again when you save it in your editor, and you stay on the page you were on.",
        );
        ui.label(
            RichText::new(preview.path.display().to_string())
                .small()
                .color(p.weak_text),
        );
    });
    if let Some(problems) = &preview.problems {
        notice_box(ui, NoticeKind::Warning, |ui| {
            let lead = if preview.workbook.is_some() {
                "The file has problems now, so the last version that worked is still shown below. Fix these and save:"
            } else {
                "The file cannot be shown yet. Fix these and save:"
            };
            live_label(ui, lead, true);
            ui.label(RichText::new(problems).monospace());
        });
    }
    let Some(workbook) = &preview.workbook else {
        if preview.problems.is_none() {
            ui.label(RichText::new("Reading the file…").color(p.weak_text));
        }
        return;
    };

    ui.horizontal_wrapped(|ui| {
        let mut show = preview.show_hidden;
        let switch = ui.checkbox(&mut show, "Show every hidden page and question");
        if switch.changed() {
            commands.push(Command::PreviewShowHidden(show));
        }
        if secondary_button(ui, "Clear my answers").clicked() {
            commands.push(Command::PreviewClear);
        }
        let outline = secondary_button(ui, "Save an outline to print");
        super::widgets::set_accessible_name(
            ui,
            &outline,
            "Save an outline to print: every page and question, with conditions in words, as a web page beside the file",
        );
        if outline.clicked() {
            commands.push(Command::SaveOutline);
        }
        let reloads = preview.reloads.saturating_sub(1);
        if reloads > 0 {
            live_label(
                ui,
                RichText::new(format!(
                    "Read again {reloads} {}",
                    if reloads == 1 { "time" } else { "times" }
                ))
                .small()
                .color(p.weak_text),
                false,
            );
        }
    });
    templates_row(ui, commands);
    ui.add_space(6.0);

    let entry_id = Preview::entry_id();
    ui.horizontal_top(|ui| {
        ui.vertical(|ui| {
            ui.set_width(SIDE_WIDTH);
            pages_ui(ui, preview, commands);
        });
        ui.add_space(12.0);
        ui.vertical(|ui| {
            let view = RunnerView {
                workbook,
                entry_id: &entry_id,
                entry: &preview.entry,
                page: preview.page,
                editable: true,
                versions: Vec::new(),
                recalled: std::collections::BTreeMap::new(),
                look_back: None,
                preview: Some(preview.show_hidden),
            };
            runner_ui(ui, &view, commands);
        });
    });
}

/// "Start a new workbook from a template": one button a template; the file is written beside
/// the previewed one (or in Documents), never over another, and opened in the preview.
pub(super) fn templates_row(ui: &mut Ui, commands: &mut Vec<Command>) {
    ui.horizontal_wrapped(|ui| {
        ui.label("Start a new workbook from a template:");
        for (name, what, _) in crate::workbook::TEMPLATES {
            let label = match *name {
                "reflection" => "One-off reflection",
                "log" => "Repeated log",
                "couple" => "Couple exercise",
                other => other,
            };
            let button = secondary_button(ui, label);
            super::widgets::set_accessible_name(
                ui,
                &button,
                &format!("Start a new workbook from the {label} template: {what}"),
            );
            if button.clicked() {
                commands.push(Command::StartFromTemplate((*name).to_owned()));
            }
        }
    });
}

/// Every page, to jump to, with when it is shown.
fn pages_ui(ui: &mut Ui, preview: &Preview, commands: &mut Vec<Command>) {
    let p = theme::palette(ui);
    let Some(workbook) = &preview.workbook else {
        return;
    };
    ui.label(RichText::new("Pages").strong());
    let shown = visible_sections(workbook, &preview.entry);
    let intro = ui.selectable_label(preview.page == Page::Intro, "Introduction");
    if intro.clicked() {
        commands.push(Command::GoTo(Page::Intro));
    }
    for (i, section) in workbook.sections.iter().enumerate() {
        let here = preview.page == Page::Section(i);
        let text = format!("{}. {}", i + 1, section.title);
        let link = ui.selectable_label(here, &text);
        let hidden = !shown.contains(&i);
        let condition = section.show_if.as_ref().map(|c| shown_when(workbook, c));
        let name = match (&condition, hidden) {
            (Some(words), true) => format!("Page {text}, hidden now: {words}"),
            (Some(words), false) => format!("Page {text}: {words}"),
            (None, _) => format!("Page {text}"),
        };
        super::widgets::set_accessible_name(ui, &link, &name);
        if link.clicked() {
            commands.push(Command::GoTo(Page::Section(i)));
        }
        if let Some(words) = condition {
            let visible = section_visible(workbook, section, &preview.entry);
            ui.label(
                RichText::new(format!(
                    "{}{words}",
                    if visible { "" } else { "hidden now: " }
                ))
                .small()
                .color(if visible { p.weak_text } else { p.accent }),
            );
        }
    }
}
