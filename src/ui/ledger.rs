//! The self-trust ledger: promises kept over time, and how sure the person was against how
//! things turned out, for promises and for gut calls. Every chart has its words and a table.

use chrono::NaiveDate;
use egui::{RichText, Ui};
use egui_plot::{Bar, BarChart, Plot};

use super::focus::heading;
use super::widgets::{card, paragraphs, primary_button, secondary_button};
use super::{Command, theme};
use crate::journal::{Calibration, Mark, MonthCount, by_month, calibration, ledger_summary};

/// What the ledger shows.
pub struct LedgerView<'a> {
    /// Promises and how they went, in the order marked.
    pub promises: &'a [Mark],
    /// Hunches and how they turned out.
    pub hunches: &'a [Mark],
    /// The person would rather not see charts: only the words and tables show.
    pub hide_charts: bool,
}

const ABOUT: &str = "Trust in yourself grows from evidence: things you said you would do, and did; hunches you had, and how they turned out. This page gathers yours.

A kept promise is evidence you can rely on yourself. One that didn't happen is information about what gets in the way, not a failure. There are no streaks and no scores here.";

const CALIBRATION_NOTE: &str = "After a betrayal many people stop trusting their own sense of things, or feel on alert all the time. Setting how sure you were beside how it turned out shows both: the hunches that were right, and the false alarms. Nobody can reliably tell when someone is lying, so this is about your own judgement, not about catching anyone.";

/// Draws the ledger.
pub fn ledger_ui(ui: &mut Ui, view: &LedgerView<'_>, commands: &mut Vec<Command>) {
    let p = theme::palette(ui);
    if secondary_button(ui, "Back to library").clicked() {
        commands.push(Command::BackToLibrary);
    }
    ui.add_space(8.0);
    heading(ui, "Self-trust");
    paragraphs(ui, ABOUT, Some(p.weak_text));
    ui.add_space(8.0);

    card(ui, |ui| {
        ui.label(
            RichText::new("Promises to myself")
                .text_style(theme::prompt_style())
                .strong(),
        );
        if view.promises.is_empty() {
            empty_ui(
                ui,
                "Make one small promise in \"Keeping my word to myself\". Next time, you mark how it went, and it shows here.",
                "keeping-my-word",
                "Open Keeping my word to myself",
                commands,
            );
            return;
        }
        ui.label(ledger_summary(
            view.promises,
            "promise",
            "kept",
            "partly kept",
        ));
        months_ui(ui, view.promises, view.hide_charts, "promises");
        calibration_ui(
            ui,
            view.promises,
            view.hide_charts,
            ("promise", "promises"),
            "kept, as a share",
        );
        marks_table_ui(ui, view.promises, "promises", "Promise");
    });
    ui.add_space(8.0);
    card(ui, |ui| {
        ui.label(
            RichText::new("Gut calls")
                .text_style(theme::prompt_style())
                .strong(),
        );
        if view.hunches.is_empty() {
            empty_ui(
                ui,
                "Note a hunch in \"Gut calls\", with how sure you are. When it becomes clear, write down what happened, and it shows here.",
                "gut-calls",
                "Open Gut calls",
                commands,
            );
            return;
        }
        ui.label(ledger_summary(
            view.hunches,
            "hunch",
            "were right about",
            "partly right about",
        ));
        paragraphs(ui, CALIBRATION_NOTE, Some(p.weak_text));
        months_ui(ui, view.hunches, view.hide_charts, "hunches");
        calibration_ui(
            ui,
            view.hunches,
            view.hide_charts,
            ("hunch", "hunches"),
            "right, as a share",
        );
        marks_table_ui(ui, view.hunches, "hunches", "Hunch");
    });
}

fn empty_ui(ui: &mut Ui, text: &str, workbook: &str, button: &str, commands: &mut Vec<Command>) {
    ui.label(text);
    let open = primary_button(ui, button.trim_start_matches("Open "));
    super::widgets::set_accessible_name(ui, &open, button);
    if open.clicked() {
        commands.push(Command::OpenWorkbook(workbook.to_owned()));
    }
}

/// Days are plotted as whole months counted from year 0, so bars sit a month apart.
fn month_x(month: NaiveDate) -> f64 {
    use chrono::Datelike;
    f64::from(month.year() * 12 + month.month0().cast_signed())
}

fn month_label(x: f64) -> String {
    #[expect(
        clippy::cast_possible_truncation,
        reason = "plot positions are whole months within a lifetime"
    )]
    let n = x.round() as i32;
    let (year, month0) = (n.div_euclid(12), n.rem_euclid(12));
    NaiveDate::from_ymd_opt(year, month0.cast_unsigned() + 1, 1)
        .map_or_else(String::new, |d| d.format("%b %Y").to_string())
}

/// Each month: how many went as meant, partly, or not, stacked; then the same as sentences.
fn months_ui(ui: &mut Ui, marks: &[Mark], hide_charts: bool, noun: &str) {
    let p = theme::palette(ui);
    let months = by_month(marks);
    ui.add_space(6.0);
    ui.label(RichText::new("Month by month").strong());
    let summary = months_summary(&months, noun);
    ui.label(RichText::new(&summary).small().color(p.weak_text));
    if !hide_charts {
        let bars = |pick: fn(&MonthCount) -> usize| -> Vec<Bar> {
            months
                .iter()
                .map(|(month, count)| {
                    #[expect(clippy::cast_precision_loss, reason = "small counts")]
                    let height = pick(count) as f64;
                    Bar::new(month_x(*month), height).width(0.7)
                })
                .collect()
        };
        let yes = BarChart::new("Went as meant", bars(|c| c.yes)).color(p.accent);
        let partly = BarChart::new("Partly", bars(|c| c.partly))
            .color(p.accent.gamma_multiply(0.5))
            .stack_on(&[&yes]);
        let no = BarChart::new("Not this time", bars(|c| c.no))
            .color(p.weak_text.gamma_multiply(0.6))
            .stack_on(&[&yes, &partly]);
        let plot = Plot::new(("ledger-months", noun))
            .height(160.0)
            .include_y(0.0)
            .allow_zoom(false)
            .allow_scroll(false)
            .allow_drag(false)
            .allow_boxed_zoom(false)
            .allow_double_click_reset(false)
            .show_x(false)
            .x_axis_formatter(|mark, _| month_label(mark.value))
            .legend(egui_plot::Legend::default())
            .show(ui, |plot| {
                plot.bar_chart(yes);
                plot.bar_chart(partly);
                plot.bar_chart(no);
            });
        ui.ctx().accesskit_node_builder(plot.response.id, |node| {
            node.set_role(egui::accesskit::Role::Figure);
            node.set_label(format!("Chart of {noun}, month by month"));
            node.set_description(summary.clone());
        });
    }
    let shown = egui::CollapsingHeader::new("Show the months as a table")
        .id_salt(("ledger-months-table", noun))
        .show(ui, |ui| {
            for (month, count) in months.iter().rev() {
                ui.label(format!(
                    "{}: {} in all; {} as meant, {} partly, {} not this time",
                    month.format("%B %Y"),
                    count.total(),
                    count.yes,
                    count.partly,
                    count.no
                ));
            }
        });
    super::widgets::set_accessible_name(
        ui,
        &shown.header_response,
        &format!("Show the {noun} month by month as a table"),
    );
}

fn months_summary(months: &[(NaiveDate, MonthCount)], noun: &str) -> String {
    match (months.first(), months.last()) {
        (Some((first, _)), Some((last, latest))) => {
            let span = if first == last {
                format!("In {}", last.format("%B %Y"))
            } else {
                format!(
                    "From {} to {}, over {} months",
                    first.format("%B %Y"),
                    last.format("%B %Y"),
                    months.len()
                )
            };
            format!(
                "{span}. Most recently, in {}: {} of {} {noun} went as meant.",
                last.format("%B"),
                latest.yes,
                latest.total()
            )
        }
        _ => String::new(),
    }
}

/// How sure, in three bands, against the share that went as meant.
fn calibration_ui(
    ui: &mut Ui,
    marks: &[Mark],
    hide_charts: bool,
    noun: (&str, &str),
    measure: &str,
) {
    let p = theme::palette(ui);
    let bands = calibration(marks);
    ui.add_space(6.0);
    ui.label(RichText::new("How sure I was, and how it turned out").strong());
    if bands.is_empty() {
        ui.label(RichText::new("None of these says how sure you were yet.").color(p.weak_text));
        return;
    }
    let summary = calibration_summary(&bands, noun);
    let noun = noun.1;
    ui.label(RichText::new(&summary).small().color(p.weak_text));
    if !hide_charts {
        let bars: Vec<Bar> = bands
            .iter()
            .enumerate()
            .map(|(i, b)| {
                #[expect(clippy::cast_precision_loss, reason = "three bands")]
                let x = i as f64;
                Bar::new(x, b.share * 100.0).width(0.6).name(b.band.label())
            })
            .collect();
        let labels: Vec<&str> = bands.iter().map(|b| b.band.label()).collect();
        let plot = Plot::new(("ledger-calibration", noun))
            .height(150.0)
            .include_y(0.0)
            .include_y(100.0)
            .allow_zoom(false)
            .allow_scroll(false)
            .allow_drag(false)
            .allow_boxed_zoom(false)
            .allow_double_click_reset(false)
            .show_x(false)
            .x_axis_formatter(move |mark, _| {
                let i = mark.value.round();
                if (mark.value - i).abs() > 0.01 || i < 0.0 {
                    return String::new();
                }
                #[expect(
                    clippy::cast_possible_truncation,
                    clippy::cast_sign_loss,
                    reason = "checked whole and positive"
                )]
                labels
                    .get(i as usize)
                    .map_or_else(String::new, |l| (*l).to_owned())
            })
            .y_axis_formatter(|mark, _| format!("{:.0} %", mark.value))
            .show(ui, |plot| {
                plot.bar_chart(BarChart::new(measure.to_owned(), bars).color(p.accent));
            });
        ui.ctx().accesskit_node_builder(plot.response.id, |node| {
            node.set_role(egui::accesskit::Role::Figure);
            node.set_label(format!(
                "Chart of how sure I was against how {noun} turned out"
            ));
            node.set_description(summary.clone());
        });
    }
}

fn calibration_summary(bands: &[Calibration], noun: (&str, &str)) -> String {
    bands
        .iter()
        .map(|b| {
            format!(
                "When you were {}, {:.0} % of {} {} went as meant.",
                b.band.label(),
                b.share * 100.0,
                b.count,
                if b.count == 1 { noun.0 } else { noun.1 }
            )
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Every mark, newest first, in the person's own words.
fn marks_table_ui(ui: &mut Ui, marks: &[Mark], noun: &str, what: &str) {
    let shown = egui::CollapsingHeader::new(format!("Show every one of my {noun}"))
        .id_salt(("ledger-marks", noun))
        .show(ui, |ui| {
            egui::ScrollArea::vertical()
                .id_salt(("ledger-marks-rows", noun))
                .max_height(260.0)
                .show(ui, |ui| {
                    for mark in marks.iter().rev() {
                        let made = mark.made_on.map_or_else(String::new, |d| {
                            format!("made {}, ", d.format("%-d %b %Y"))
                        });
                        let sure = mark
                            .sure
                            .map_or_else(String::new, |s| format!(", {s} of 10 sure"));
                        ui.label(format!(
                            "{what}: {} ({made}looked back on {}{sure}): {}",
                            mark.what.as_deref().unwrap_or("(not written down)"),
                            mark.marked_on.format("%-d %b %Y"),
                            mark.outcome,
                        ));
                    }
                });
        });
    super::widgets::set_accessible_name(
        ui,
        &shown.header_response,
        &format!("Show every one of my {noun}, as a list"),
    );
}
