//! Scales over time: each day's answers as dots and the weekly median as a line, over four
//! weeks, three months, a year or everything. Hovering says the day and the value.

use chrono::{Duration, NaiveDate};
use egui::{RichText, Ui};
use egui_plot::{HoverPosition, Line, Plot, PlotPoints, Points};

use super::widgets::{chip, secondary_button};
use super::{Command, theme};
use crate::journal::{Range, Series, weekly_medians};

/// Days are plotted as whole numbers counted from this day.
fn epoch() -> NaiveDate {
    NaiveDate::from_ymd_opt(2000, 1, 1).unwrap_or_default()
}

fn to_x(day: NaiveDate) -> f64 {
    (day - epoch()).num_days() as f64
}

fn from_x(x: f64) -> NaiveDate {
    #[expect(
        clippy::cast_possible_truncation,
        reason = "plot positions are whole days within a lifetime"
    )]
    let days = x.round() as i64;
    epoch() + Duration::days(days)
}

/// What the charts screen shows.
pub struct ChartsView<'a> {
    /// Its charted scales.
    pub series: &'a [Series],
    /// The range chosen.
    pub range: Range,
    /// Today, for counting back.
    pub today: NaiveDate,
}

/// Draws every charted scale of a workbook. Returns a new range if one was chosen.
pub fn charts_ui(ui: &mut Ui, view: &ChartsView<'_>, commands: &mut Vec<Command>) -> Option<Range> {
    let p = theme::palette(ui);
    let mut chosen = None;
    ui.horizontal(|ui| {
        for range in Range::ALL {
            if chip(
                ui,
                view.range == range,
                range.label(),
                &format!("Show {}", range.label()),
            )
            .clicked()
            {
                chosen = Some(range);
            }
        }
        ui.add_space(12.0);
        if secondary_button(ui, "Hide charts").clicked() {
            commands.push(Command::ShowCharts(false));
        }
    });
    ui.label(
        RichText::new("Dots are single days; the line is each week's middle value, which is steadier than any one day. These are personal check-ins, not scores.")
            .small()
            .color(p.weak_text),
    );
    if view.series.is_empty() {
        ui.label("This workbook has no scales to chart.");
    }
    for (i, series) in view.series.iter().enumerate() {
        let points = view.range.filter(&series.points, view.today);
        ui.add_space(8.0);
        ui.label(RichText::new(&series.ask).strong());
        if points.is_empty() {
            ui.label(RichText::new("No answers in this range yet.").color(p.weak_text));
            continue;
        }
        let dots: Vec<[f64; 2]> = points
            .iter()
            .map(|pt| [to_x(pt.day), f64::from(pt.value)])
            .collect();
        // A week's middle value sits mid-week, but never past today.
        let today = to_x(view.today);
        let medians: Vec<[f64; 2]> = weekly_medians(&points)
            .iter()
            .map(|(week, m)| [(to_x(*week) + 3.0).min(today), *m])
            .collect();
        // The chart spans the window chosen and stops at today, however few the answers.
        let start = view
            .range
            .start(view.today)
            .map_or_else(|| points.first().map_or(today, |p| to_x(p.day)), to_x);
        let (min, max) = (f64::from(series.min), f64::from(series.max));
        let summary = crate::journal::describe_points(&points);
        ui.label(RichText::new(&summary).small().color(p.weak_text));
        let plot = Plot::new(("chart", i))
            .height(180.0)
            .include_y(min)
            .include_y(max)
            .include_x(start)
            .include_x(today)
            .allow_zoom(false)
            .allow_scroll(false)
            .allow_drag(false)
            .allow_boxed_zoom(false)
            .allow_double_click_reset(false)
            // Days and months within a year; months and whole years beyond one, never a
            // two-digit year that reads like a day.
            .x_axis_formatter(move |mark, _| {
                let day = from_x(mark.value);
                if today - start > 330.0 {
                    day.format("%b %Y").to_string()
                } else {
                    day.format("%-d %b").to_string()
                }
            })
            .label_formatter(|hover| match hover {
                HoverPosition::NearDataPoint {
                    position,
                    plot_name,
                    ..
                } => {
                    let day = from_x(position.x);
                    Some(if *plot_name == "Weekly median" {
                        format!(
                            "Week of {}: median {:.1}",
                            (day - Duration::days(3)).format("%-d %b %Y"),
                            position.y
                        )
                    } else {
                        format!("{}: {}", day.format("%A %-d %b %Y"), position.y)
                    })
                }
                HoverPosition::Elsewhere { .. } => None,
            })
            .show(ui, |plot| {
                plot.points(
                    Points::new("Day", PlotPoints::from(dots))
                        .radius(2.5)
                        .color(p.accent.gamma_multiply(0.55)),
                );
                plot.line(
                    Line::new("Weekly median", PlotPoints::from(medians))
                        .width(2.0)
                        .color(p.accent),
                );
            });
        // The plot is a figure with its words, not an unnamed blob; the table below has every
        // value for anyone who would rather read them.
        ui.ctx().accesskit_node_builder(plot.response.id, |node| {
            node.set_role(egui::accesskit::Role::Figure);
            node.set_label(format!("Chart of {}", series.ask));
            node.set_description(summary.clone());
        });
        table_ui(ui, i, &series.ask, &points);
    }
    chosen
}

/// Every week's middle value and number of answers, newest first, behind a closed header.
fn table_ui(ui: &mut Ui, index: usize, ask: &str, points: &[crate::journal::Point]) {
    let p = theme::palette(ui);
    let medians = weekly_medians(points);
    let mut counts = std::collections::BTreeMap::<NaiveDate, usize>::new();
    for point in points {
        *counts
            .entry(crate::journal::week_start(point.day))
            .or_default() += 1;
    }
    let shown = egui::CollapsingHeader::new("Show the values as a table")
        .id_salt(("chart-table", index))
        .show(ui, |ui| {
            ui.label(
                RichText::new("Each week, newest first: its middle value, and how many answers.")
                    .small()
                    .color(p.weak_text),
            );
            egui::ScrollArea::vertical()
                .id_salt(("chart-table-rows", index))
                .max_height(240.0)
                .show(ui, |ui| {
                    for (week, median) in medians.iter().rev() {
                        let n = counts.get(week).copied().unwrap_or(0);
                        ui.label(format!(
                            "Week of {}: {}, from {n} {}",
                            week.format("%-d %b %Y"),
                            crate::journal::number(*median),
                            if n == 1 { "answer" } else { "answers" }
                        ));
                    }
                });
        });
    super::widgets::set_accessible_name(
        ui,
        &shown.header_response,
        &format!("Show the values of {ask} as a table"),
    );
}
