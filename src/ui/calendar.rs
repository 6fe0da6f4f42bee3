//! A year of check-ins as a grid: a column a week, a row a weekday, a filled square a day with
//! a check-in. Hovering a day says what it is; clicking a filled day opens that entry.

use std::collections::BTreeMap;

use chrono::{Datelike as _, Duration, NaiveDate};
use egui::{RichText, Sense, Ui, vec2};

use super::widgets::secondary_button;
use super::{Command, theme};
use crate::journal::EntryId;

/// Days with an entry in the year shown, and which entry to open.
pub struct CalendarView {
    /// The year shown.
    pub year: i32,
    /// The first entry of each day.
    pub days: BTreeMap<NaiveDate, EntryId>,
}

/// Draws the year grid. Returns the year to show next if the person moved.
pub fn calendar_ui(ui: &mut Ui, view: &CalendarView, commands: &mut Vec<Command>) -> Option<i32> {
    let p = theme::palette(ui);
    let mut year = None;
    ui.horizontal(|ui| {
        if secondary_button(ui, "Previous year").clicked() {
            year = Some(view.year - 1);
        }
        ui.label(
            RichText::new(view.year.to_string())
                .text_style(theme::prompt_style())
                .strong(),
        );
        if secondary_button(ui, "Next year").clicked() {
            year = Some(view.year + 1);
        }
        let count = view.days.keys().filter(|d| d.year() == view.year).count();
        let days = if count == 1 { "day" } else { "days" };
        ui.label(RichText::new(format!("{count} {days} with a check-in")).color(p.weak_text));
    });
    let Some(first) = NaiveDate::from_ymd_opt(view.year, 1, 1) else {
        return year;
    };
    let start = first - Duration::days(i64::from(first.weekday().num_days_from_monday()));
    let cell = 11.0_f32;
    let gap = 2.0_f32;
    // Clicked with the pointer, but not a Tab stop: by keyboard and screen reader the months
    // below say the same, and past entries open each day.
    let (rect, response) = ui.allocate_exact_size(
        vec2(53.0 * (cell + gap) + 30.0, 7.0 * (cell + gap) + 18.0),
        Sense::CLICK | Sense::HOVER,
    );
    let count = view.days.keys().filter(|d| d.year() == view.year).count();
    ui.ctx().accesskit_node_builder(response.id, |node| {
        node.set_role(egui::accesskit::Role::Figure);
        node.set_label(format!(
            "Calendar of {}: {count} {} with a check-in",
            view.year,
            if count == 1 { "day" } else { "days" }
        ));
    });
    let painter = ui.painter_at(rect);
    let origin = rect.min + vec2(30.0, 18.0);
    for (row, name) in ["Mon", "", "Wed", "", "Fri", "", "Sun"].iter().enumerate() {
        painter.text(
            rect.min + vec2(0.0, 18.0 + row as f32 * (cell + gap)),
            egui::Align2::LEFT_TOP,
            *name,
            egui::FontId::proportional(9.5),
            p.weak_text,
        );
    }
    let mut hovered_day = None;
    let hover_at = response.hover_pos();
    for week in 0..53 {
        for weekday in 0..7 {
            let day = start + Duration::days(week * 7 + weekday);
            if day.year() != view.year {
                continue;
            }
            let min = origin + vec2(week as f32 * (cell + gap), weekday as f32 * (cell + gap));
            let square = egui::Rect::from_min_size(min, vec2(cell, cell));
            let filled = view.days.contains_key(&day);
            let fill = if filled { p.accent } else { p.surface };
            painter.rect_filled(square, 2, fill);
            painter.rect_stroke(
                square,
                2,
                egui::Stroke::new(0.5, p.border),
                egui::StrokeKind::Inside,
            );
            if day.day() == 1 {
                // Month names sit above the grid, over the week where the month starts.
                painter.text(
                    egui::pos2(min.x, origin.y - 3.0),
                    egui::Align2::LEFT_BOTTOM,
                    day.format("%b").to_string(),
                    egui::FontId::proportional(9.5),
                    p.weak_text,
                );
            }
            if hover_at.is_some_and(|pos| square.expand(gap / 2.0).contains(pos)) {
                hovered_day = Some(day);
            }
        }
    }
    if let Some(day) = hovered_day {
        let text = if view.days.contains_key(&day) {
            format!("{}: a check-in (click to open)", day.format("%A %-d %B %Y"))
        } else {
            format!("{}: no check-in", day.format("%A %-d %B %Y"))
        };
        response.clone().on_hover_text_at_pointer(text);
        if let Some(id) = view.days.get(&day).filter(|_| response.clicked()) {
            commands.push(Command::OpenEntry(id.clone()));
        }
    }
    ui.label(
        RichText::new("A filled square is a day with a check-in. Empty days are fine.")
            .small()
            .color(p.weak_text),
    );
    months_ui(ui, view);
    year
}

/// The year in words: each month with its number of days with a check-in.
fn months_ui(ui: &mut Ui, view: &CalendarView) {
    let mut by_month = [0_usize; 12];
    for day in view.days.keys().filter(|d| d.year() == view.year) {
        by_month[day.month0() as usize] += 1;
    }
    egui::CollapsingHeader::new("Show the year as a list of months")
        .id_salt(("calendar-months", view.year))
        .show(ui, |ui| {
            for (month, count) in (1..=12).zip(by_month.iter()) {
                let Some(first) = NaiveDate::from_ymd_opt(view.year, month, 1) else {
                    continue;
                };
                ui.label(format!(
                    "{}: {count} {}",
                    first.format("%B"),
                    if *count == 1 { "day" } else { "days" }
                ));
            }
        });
}
