//! The self-trust ledger: promises kept over time, and how sure the person was against how
//! things turned out, for promises and for gut calls. Every chart has its words and a table.

use chrono::NaiveDate;
use egui::{RichText, Ui};
use egui_plot::{Bar, BarChart, Plot};

use super::focus::heading;
use super::widgets::{card, paragraphs, primary_button, secondary_button};
use super::{Command, theme};
use crate::journal::{
    Band, Calibration, Mark, MonthCount, by_month, calibration, ledger_sources_in_words,
    ledger_summary,
};

/// What the ledger shows.
pub struct LedgerView<'a> {
    /// Promises and how they went, in the order marked.
    pub promises: &'a [Mark],
    /// Hunches and how they turned out.
    pub hunches: &'a [Mark],
    /// The person would rather not see charts: only the words and tables show.
    pub hide_charts: bool,
    /// A workbook's title, by its id.
    pub title: &'a dyn Fn(&str) -> String,
}

/// How one kind of evidence is spoken of.
struct Words {
    /// "promise".
    one: &'static str,
    /// "promises".
    many: &'static str,
    /// "kept", after "you" and before a count.
    yes: &'static str,
    /// "partly kept", after "and".
    partly_more: &'static str,
    /// The three outcomes, as the legend and the table say them.
    outcomes: [&'static str; 3],
}

const PROMISE_WORDS: Words = Words {
    one: "promise",
    many: "promises",
    yes: "kept",
    partly_more: "partly kept",
    outcomes: ["Kept", "Partly kept", "Not yet"],
};

const HUNCH_WORDS: Words = Words {
    one: "hunch",
    many: "hunches",
    yes: "were right about",
    partly_more: "partly right about",
    outcomes: ["Right", "Partly right", "Wrong"],
};

impl Words {
    fn noun(&self, n: usize) -> &'static str {
        if n == 1 { self.one } else { self.many }
    }
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
        evidence_ui(ui, view.promises, view, &PROMISE_WORDS);
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
        paragraphs(ui, CALIBRATION_NOTE, Some(p.weak_text));
        evidence_ui(ui, view.hunches, view, &HUNCH_WORDS);
    });
}

/// One kind of evidence: the sentence, the months, how sure against how it went, every one.
fn evidence_ui(ui: &mut Ui, marks: &[Mark], view: &LedgerView<'_>, words: &Words) {
    let hide_charts = view.hide_charts;
    ui.label(ledger_summary(
        marks,
        (words.one, words.many),
        words.yes,
        words.partly_more,
    ));
    if let Some(from) = ledger_sources_in_words(marks, view.title) {
        ui.label(
            RichText::new(from)
                .small()
                .color(theme::palette(ui).weak_text),
        );
    }
    months_ui(ui, marks, hide_charts, words);
    calibration_ui(ui, marks, hide_charts, words);
    marks_table_ui(ui, marks, words);
}

fn empty_ui(ui: &mut Ui, text: &str, workbook: &str, button: &str, commands: &mut Vec<Command>) {
    ui.label(text);
    let open = primary_button(ui, button.trim_start_matches("Open "));
    super::widgets::set_accessible_name(ui, &open, button);
    if open.clicked() {
        commands.push(Command::OpenWorkbook(workbook.to_owned()));
    }
}

/// Months are plotted as whole numbers counted from year 0, so bars sit one apart.
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

/// The three colours of the outcomes: strong, lighter, and grey.
fn outcome_colours(ui: &Ui) -> [egui::Color32; 3] {
    let p = theme::palette(ui);
    [
        p.accent,
        p.accent.gamma_multiply(0.45),
        p.weak_text.gamma_multiply(0.45),
    ]
}

/// The key to the colours, as words beside small squares (not inside the chart, where it
/// would cover bars).
fn key_ui(ui: &mut Ui, words: &Words) {
    let colours = outcome_colours(ui);
    ui.horizontal_wrapped(|ui| {
        for (word, colour) in words.outcomes.iter().zip(colours) {
            let (rect, _) = ui.allocate_exact_size(egui::vec2(10.0, 10.0), egui::Sense::hover());
            ui.painter().rect_filled(rect, 1.0, colour);
            ui.label(RichText::new(*word).small());
            ui.add_space(6.0);
        }
    });
}

fn plot(id: impl std::hash::Hash + std::fmt::Debug, height: f32) -> Plot<'static> {
    Plot::new(id)
        .height(height)
        .include_y(0.0)
        .allow_zoom(false)
        .allow_scroll(false)
        .allow_drag(false)
        .allow_boxed_zoom(false)
        .allow_double_click_reset(false)
        .show_x(false)
}

/// Each month: how many went as meant, partly, or not, stacked; then the same as sentences.
fn months_ui(ui: &mut Ui, marks: &[Mark], hide_charts: bool, words: &Words) {
    let p = theme::palette(ui);
    let months = by_month(marks);
    ui.add_space(6.0);
    ui.label(RichText::new("Month by month").strong());
    let summary = months_summary(&months, words);
    ui.label(RichText::new(&summary).small().color(p.weak_text));
    if !hide_charts {
        key_ui(ui, words);
        let [c_yes, c_partly, c_no] = outcome_colours(ui);
        let bars = |pick: fn(&MonthCount) -> usize, colour: egui::Color32| -> Vec<Bar> {
            months
                .iter()
                .map(|(month, count)| {
                    #[expect(clippy::cast_precision_loss, reason = "small counts")]
                    let height = pick(count) as f64;
                    Bar::new(month_x(*month), height)
                        .width(0.7)
                        .fill(colour)
                        .stroke(egui::Stroke::NONE)
                })
                .collect()
        };
        let [yes_word, partly_word, no_word] = words.outcomes;
        let yes = BarChart::new(yes_word, bars(|c| c.yes, c_yes)).color(c_yes);
        let partly = BarChart::new(partly_word, bars(|c| c.partly, c_partly))
            .color(c_partly)
            .stack_on(&[&yes]);
        let no = BarChart::new(no_word, bars(|c| c.no, c_no))
            .color(c_no)
            .stack_on(&[&yes, &partly]);
        // Labels every month, every quarter or every year, as the span allows.
        #[expect(clippy::cast_precision_loss, reason = "a lifetime of months")]
        let span = months.len() as f64;
        let every = if span <= 8.0 {
            1.0
        } else if span <= 36.0 {
            3.0
        } else {
            12.0
        };
        // At least six months wide, ending at the latest, so one early month is a bar among
        // months to come rather than a block across the whole chart.
        let latest = months.last().map_or(0.0, |(month, _)| month_x(*month));
        let plot = plot(("ledger-months", words.many), 160.0)
            .include_x(latest - 5.5)
            .x_grid_spacer(egui_plot::uniform_grid_spacer(|_| [12.0, 3.0, 1.0]))
            .x_axis_formatter(move |mark, _| {
                let whole = (mark.value / every).round() * every;
                if (mark.value - whole).abs() < 0.01 && mark.step_size >= every - 0.01 {
                    month_label(mark.value)
                } else {
                    String::new()
                }
            })
            .show(ui, |plot| {
                plot.bar_chart(yes);
                plot.bar_chart(partly);
                plot.bar_chart(no);
            });
        ui.ctx().accesskit_node_builder(plot.response.id, |node| {
            node.set_role(egui::accesskit::Role::Figure);
            node.set_label(format!("Chart of {}, month by month", words.many));
            node.set_description(summary.clone());
        });
    }
    let shown = egui::CollapsingHeader::new("Show the months as a table")
        .id_salt(("ledger-months-table", words.many))
        .show(ui, |ui| {
            let [yes, partly, no] = words.outcomes;
            for (month, count) in months.iter().rev() {
                ui.label(format!(
                    "{}: {} in all; {} {}, {} {}, {} {}",
                    month.format("%B %Y"),
                    count.total(),
                    yes.to_lowercase(),
                    count.yes,
                    partly.to_lowercase(),
                    count.partly,
                    no.to_lowercase(),
                    count.no
                ));
            }
        });
    super::widgets::set_accessible_name(
        ui,
        &shown.header_response,
        &format!("Show the {} month by month as a table", words.many),
    );
}

fn months_summary(months: &[(NaiveDate, MonthCount)], words: &Words) -> String {
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
                "{span}. Most recently, in {}, you {} {} of {} {}.",
                last.format("%B"),
                words.yes,
                latest.yes,
                latest.total(),
                words.noun(latest.total())
            )
        }
        _ => String::new(),
    }
}

/// How sure, in three bands, against the share that went as meant.
fn calibration_ui(ui: &mut Ui, marks: &[Mark], hide_charts: bool, words: &Words) {
    let p = theme::palette(ui);
    let bands = calibration(marks);
    ui.add_space(6.0);
    ui.label(RichText::new("How sure I was, and how it turned out").strong());
    if bands.is_empty() {
        ui.label(RichText::new("None of these says how sure you were yet.").color(p.weak_text));
        return;
    }
    let summary = calibration_summary(&bands, words);
    ui.label(RichText::new(&summary).small().color(p.weak_text));
    if !hide_charts {
        let colour = outcome_colours(ui)[0];
        let bars: Vec<Bar> = bands
            .iter()
            .map(|b| {
                let x = match b.band {
                    Band::Unsure => 0.0,
                    Band::Middling => 1.0,
                    Band::Sure => 2.0,
                };
                Bar::new(x, b.share * 100.0)
                    .width(0.6)
                    .fill(colour)
                    .stroke(egui::Stroke::NONE)
                    .name(b.band.label())
            })
            .collect();
        let plot = plot(("ledger-calibration", words.many), 150.0)
            .include_y(100.0)
            .include_x(-0.5)
            .include_x(2.5)
            .x_grid_spacer(egui_plot::uniform_grid_spacer(|_| [1.0, 1.0, 1.0]))
            .x_axis_formatter(|mark, _| {
                let band = match mark.value.round() {
                    0.0 => Band::Unsure,
                    1.0 => Band::Middling,
                    2.0 => Band::Sure,
                    _ => return String::new(),
                };
                if (mark.value - mark.value.round()).abs() > 0.01 {
                    return String::new();
                }
                band.label().to_owned()
            })
            .y_axis_formatter(|mark, _| format!("{:.0} %", mark.value))
            .show(ui, |plot| {
                plot.bar_chart(
                    BarChart::new(format!("{} as a share", words.outcomes[0]), bars).color(colour),
                );
            });
        ui.ctx().accesskit_node_builder(plot.response.id, |node| {
            node.set_role(egui::accesskit::Role::Figure);
            node.set_label(format!(
                "Chart of how sure I was against how {} turned out",
                words.many
            ));
            node.set_description(summary.clone());
        });
    }
}

fn calibration_summary(bands: &[Calibration], words: &Words) -> String {
    let mut text = bands
        .iter()
        .map(|b| {
            format!(
                "When you were {}, you {} {:.0} % of {} {}.",
                b.band.label(),
                words.yes,
                b.share * 100.0,
                b.count,
                words.noun(b.count)
            )
        })
        .collect::<Vec<_>>()
        .join(" ");
    text.push_str(" \"");
    text.push_str(words.outcomes[1]);
    text.push_str("\" counts as half.");
    text
}

/// Every mark, newest first, in the person's own words.
fn marks_table_ui(ui: &mut Ui, marks: &[Mark], words: &Words) {
    let shown = egui::CollapsingHeader::new(format!("Show every one of my {}", words.many))
        .id_salt(("ledger-marks", words.many))
        .show(ui, |ui| {
            egui::ScrollArea::vertical()
                .id_salt(("ledger-marks-rows", words.many))
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
                            "{} ({made}looked back on {}{sure}): {}",
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
        &format!("Show every one of my {}, as a list", words.many),
    );
}
