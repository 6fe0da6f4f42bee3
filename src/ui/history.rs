//! A workbook's history: its entries (newest first, with delete to a trash that can be
//! restored), charts of its scales, answers compared over time, and a year calendar.

use chrono::NaiveDate;
use egui::{RichText, Ui};

use super::calendar::{CalendarView, calendar_ui};
use super::charts::{ChartsView, charts_ui};
use super::compare::compare_ui;
use super::focus::heading;
use super::widgets::{chip, primary_button, secondary_button, set_accessible_name};
use super::{Command, entry_label, theme};
use crate::journal::{Entry, EntryId, Series};
use crate::session::{HistoryForm, HistoryTab};
use crate::workbook::Workbook;

/// What the history screen shows.
pub struct HistoryView<'a> {
    /// The workbook.
    pub workbook: &'a Workbook,
    /// Its entries, newest first.
    pub entries: Vec<(&'a EntryId, &'a Entry)>,
    /// Its entries in the trash.
    pub trash: Vec<(&'a EntryId, &'a Entry)>,
    /// Its charted scales (filled only when the charts tab is open).
    pub series: &'a [Series],
    /// Whether the person chose to see charts.
    pub show_charts: bool,
    /// Today.
    pub today: NaiveDate,
}

/// Draws the history screen; it scrolls its own lists so long histories stay fast.
pub fn history_ui(
    ui: &mut Ui,
    view: &HistoryView<'_>,
    form: &mut HistoryForm,
    commands: &mut Vec<Command>,
) {
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
    heading(ui, &view.workbook.title);
    ui.horizontal(|ui| {
        for (tab, text) in [
            (HistoryTab::Entries, "Entries"),
            (HistoryTab::Charts, "Charts"),
            (HistoryTab::Compare, "Compare over time"),
            (HistoryTab::Calendar, "Calendar"),
        ] {
            if chip(ui, form.tab == tab, text, &format!("{text} tab")).clicked() {
                form.tab = tab;
            }
        }
    });
    ui.add_space(6.0);
    match form.tab {
        HistoryTab::Entries => entries_ui(ui, view, form, commands),
        HistoryTab::Charts if !view.show_charts => {
            ui.label(
                RichText::new("Charts are hidden, as you chose. Your answers are all still here.")
                    .color(p.weak_text),
            );
            if secondary_button(ui, "Show charts").clicked() {
                commands.push(Command::ShowCharts(true));
            }
        }
        HistoryTab::Charts => {
            let charts = ChartsView {
                series: view.series,
                range: form.range,
                today: view.today,
            };
            if let Some(range) = charts_ui(ui, &charts, commands) {
                form.range = range;
            }
        }
        HistoryTab::Compare => {
            let mut oldest_first = view.entries.clone();
            oldest_first.reverse();
            compare_ui(ui, view.workbook, &oldest_first, &mut form.compare);
        }
        HistoryTab::Calendar => {
            let mut days = std::collections::BTreeMap::new();
            for (id, entry) in view.entries.iter().rev() {
                days.entry(entry.started_at.date_naive())
                    .or_insert_with(|| (*id).clone());
            }
            let calendar = CalendarView {
                year: form.year,
                days,
            };
            if let Some(year) = calendar_ui(ui, &calendar, commands) {
                form.year = year;
            }
        }
    }
}

fn entries_ui(
    ui: &mut Ui,
    view: &HistoryView<'_>,
    form: &mut HistoryForm,
    commands: &mut Vec<Command>,
) {
    let p = theme::palette(ui);
    let count = view.entries.len();
    ui.label(
        RichText::new(format!(
            "{count} {}, newest first.",
            if count == 1 { "entry" } else { "entries" }
        ))
        .color(p.weak_text),
    );
    if view.entries.is_empty() {
        ui.label("Nothing here yet.");
    }
    let key = {
        use std::hash::{Hash as _, Hasher as _};
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        view.workbook.id.hash(&mut hasher);
        hasher.finish()
    };
    let mut pager = super::paging::Pager::new(ui, "entries", count, key, "entries");
    // Ten years are browsed by jumping: to a day, or a month, whose newest entry then has focus.
    let focus_id = ui.scope_id().with("entries-focus");
    if count > super::paging::PAGE_SIZE
        && let Some(jump) = super::paging::jump_ui(ui, "entries", "Go to a date or month")
    {
        let index = view
            .entries
            .iter()
            .position(|(_, e)| e.started_at.date_naive() <= jump.to)
            .unwrap_or(count - 1);
        pager.show_row(ui, index);
        let (id, _) = view.entries[index];
        ui.data_mut(|d| d.insert_temp(focus_id, Some((*id).clone())));
    }
    pager.controls(ui);
    let focus = ui
        .data_mut(|d| d.remove_temp::<Option<EntryId>>(focus_id))
        .flatten();
    for (id, entry) in &view.entries[pager.rows()] {
        entry_row_ui(ui, id, entry, form, focus.as_ref() == Some(*id), commands);
    }
    pager.controls(ui);
    if !view.trash.is_empty() {
        ui.add_space(8.0);
        ui.label(RichText::new("Trash").strong());
        ui.label(
            RichText::new("Entries you deleted. Restore puts one back exactly as it was.")
                .small()
                .color(p.weak_text),
        );
        for (id, entry) in &view.trash {
            ui.horizontal(|ui| {
                let label = entry_label(entry);
                ui.label(&label);
                let restore = secondary_button(ui, "Restore");
                set_accessible_name(ui, &restore, &format!("Restore entry {label}"));
                if restore.clicked() {
                    commands.push(Command::RestoreEntry((*id).clone()));
                }
            });
        }
    }
}

fn entry_row_ui(
    ui: &mut Ui,
    id: &EntryId,
    entry: &Entry,
    form: &mut HistoryForm,
    focus: bool,
    commands: &mut Vec<Command>,
) {
    let p = theme::palette(ui);
    let label = entry_label(entry);
    ui.horizontal_wrapped(|ui| {
        // A fixed width for the date, so the buttons of every row line up.
        let width = 230.0_f32.min(ui.available_width());
        ui.allocate_ui_with_layout(
            egui::vec2(width, theme::TARGET_HEIGHT),
            egui::Layout::left_to_right(egui::Align::Center),
            |ui| {
                ui.set_min_width(width);
                ui.label(RichText::new(&label).strong());
            },
        );
        let comments: usize = entry
            .feedback
            .iter()
            .map(|f| f.comments.len() + usize::from(!f.note.is_empty()))
            .sum();
        if comments > 0 {
            let what = if comments == 1 { "comment" } else { "comments" };
            ui.label(
                RichText::new(format!("· {comments} {what} from your reviewer")).color(p.accent),
            );
        }
        // In reading order, as on screen: Open, then Delete.
        let open = secondary_button(ui, "Open");
        set_accessible_name(ui, &open, &format!("Open entry {label}"));
        if focus {
            open.request_focus();
            open.scroll_to_me(Some(egui::Align::Center));
        }
        if open.clicked() {
            commands.push(Command::OpenEntry(id.clone()));
        }
        let delete = secondary_button(ui, "Delete…");
        set_accessible_name(ui, &delete, &format!("Delete entry {label}"));
        if delete.clicked() {
            form.confirm_delete = Some(id.clone());
        }
    });
    if form.confirm_delete.as_ref() == Some(id) {
        // The question first, then its answers, on a line of its own: nothing overlaps the date,
        // and focus waits on the safe choice.
        super::widgets::notice_box(ui, crate::session::NoticeKind::Warning, |ui| {
            super::widgets::live_label(
                ui,
                format!(
                    "Move the entry from {} to the trash? You can restore it.",
                    entry.started_at.format("%-d %b %Y, %H:%M")
                ),
                true,
            );
            ui.horizontal(|ui| {
                let keep = secondary_button(ui, "Keep it");
                let asked_id = ui.scope_id().with(("confirm-asked", id));
                if !ui.data(|d| d.get_temp::<bool>(asked_id)).unwrap_or(false) {
                    keep.request_focus();
                    ui.data_mut(|d| d.insert_temp(asked_id, true));
                }
                if keep.clicked() {
                    form.confirm_delete = None;
                    ui.data_mut(|d| d.remove::<bool>(asked_id));
                }
                let confirm = primary_button(ui, "Move to trash");
                set_accessible_name(ui, &confirm, &format!("Move entry {label} to the trash"));
                if confirm.clicked() {
                    form.confirm_delete = None;
                    ui.data_mut(|d| d.remove::<bool>(asked_id));
                    commands.push(Command::DeleteEntry(id.clone()));
                }
            });
        });
    }
}
