//! One widget per input kind. Each edits a copy of its answer (`None` when unanswered) and
//! returns whether it changed; every input has an accessible name and can be cleared.

use egui::{RichText, Ui};

use super::widgets::{chip, help_text, set_accessible_name, small_button};
use super::{Command, feelings, records, theme};
use crate::journal::{Value, is_answered, parse_date};
use crate::workbook::{Input, Prompt};

/// Draws one prompt: the question, its guidance and its input. Returns true when the answer changed.
/// `focus_here`: the question takes keyboard focus (and is scrolled into view), as the first
/// required question still unanswered does when Next is refused.
pub fn prompt_ui(
    ui: &mut Ui,
    prompt: &Prompt,
    value: &mut Option<Value>,
    focus_here: bool,
    commands: &mut Vec<Command>,
) -> bool {
    let ask_text = if prompt.required {
        format!("{} (required)", prompt.ask)
    } else {
        prompt.ask.clone()
    };
    // The question itself can hold focus while it is sent there, so a screen reader reads it and
    // the next Tab goes to its answer. It is not a Tab stop otherwise.
    let ask_id = ui.next_auto_id();
    let focusable = focus_here || ui.memory(|m| m.has_focus(ask_id));
    let ask = ui.add(
        egui::Label::new(RichText::new(&ask_text).text_style(theme::prompt_style())).sense(
            if focusable {
                egui::Sense::focusable_noninteractive()
            } else {
                egui::Sense::hover()
            },
        ),
    );
    if focus_here {
        ask.request_focus();
        ask.scroll_to_me(Some(egui::Align::Center));
    }
    help_text(ui, &prompt.help);
    if prompt.not_saved {
        ui.label(
            RichText::new("This answer is not saved. It is used only while this page is open, and you will be asked again next time.")
                .small()
                .color(theme::palette(ui).weak_text),
        );
    }
    let label_id = ask.id;
    let id = &prompt.id;
    let a11y = prompt.ask.as_str();

    let changed = match &prompt.input {
        Input::ShortText => text_ui(ui, value, id, label_id, false),
        Input::LongText => {
            if let Some(minutes) = prompt.time_box_minutes {
                time_box_ui(ui, id, minutes, commands);
            }
            text_ui(ui, value, id, label_id, true)
        }
        Input::Scale {
            min,
            max,
            low,
            high,
        } => scale_ui(ui, value, a11y, (*min, *max), (low, high)),
        Input::YesNo => yes_no_ui(ui, value, a11y),
        Input::Choice { options } => choice_ui(ui, value, a11y, options),
        Input::Checklist { options, other } => checklist_ui(ui, value, id, a11y, options, *other),
        Input::Date => date_ui(ui, value, id, label_id, a11y),
        Input::Feelings {
            pick_up_to,
            intensity,
        } => feelings::feelings_ui(ui, value, id, a11y, usize::from(*pick_up_to), *intensity),
        Input::List { fields, add_label } => {
            records::list_ui(ui, value, id, a11y, fields, add_label)
        }
        Input::Split { total, parts, unit } => {
            records::split_ui(ui, value, a11y, *total, parts, unit)
        }
        Input::Sort { items, bins } => records::sort_ui(ui, value, a11y, items, bins),
    };
    ui.add_space(14.0);
    changed
}

/// Removes an answer; the "Clear" link of every input.
/// Its room is kept while there is nothing to clear, so answering never moves what is below.
fn clear_link(ui: &mut Ui, value: &mut Option<Value>, a11y: &str) -> bool {
    let answered = value.as_ref().is_some_and(is_answered);
    let clicked = ui
        .scope(|ui| {
            if !answered {
                ui.set_invisible();
            }
            small_button(ui, "Clear", &format!("Clear answer: {a11y}")).clicked()
        })
        .inner;
    if answered && clicked {
        *value = None;
        return true;
    }
    false
}

fn text_ui(
    ui: &mut Ui,
    value: &mut Option<Value>,
    id: &str,
    label_id: egui::Id,
    multiline: bool,
) -> bool {
    let mut text = match value.as_ref() {
        Some(Value::Text(t)) => t.clone(),
        _ => String::new(),
    };
    let edit = if multiline {
        egui::TextEdit::multiline(&mut text).desired_rows(5)
    } else {
        egui::TextEdit::singleline(&mut text)
    };
    let response = ui
        .add(
            edit.id_salt(("answer", id))
                .desired_width(ui.available_width()),
        )
        .labelled_by(label_id);
    if response.changed() {
        *value = Some(Value::Text(text));
        return true;
    }
    false
}

fn scale_ui(
    ui: &mut Ui,
    value: &mut Option<Value>,
    a11y: &str,
    (min, max): (i32, i32),
    (low, high): (&str, &str),
) -> bool {
    let current = match value.as_ref() {
        Some(Value::Number(n)) => Some(*n),
        _ => None,
    };
    let mut changed = false;
    ui.horizontal_wrapped(|ui| {
        ui.spacing_mut().item_spacing.x = 4.0;
        for n in min..=max {
            let selected = current == Some(n);
            if chip(ui, selected, &n.to_string(), &format!("{n}, {a11y}")).clicked() {
                if selected {
                    *value = None;
                } else {
                    *value = Some(Value::Number(n));
                }
                changed = true;
            }
        }
    });
    ui.horizontal(|ui| {
        let p = theme::palette(ui);
        ui.label(
            RichText::new(format!("{min} = {low}   ·   {max} = {high}"))
                .small()
                .color(p.weak_text),
        );
        if current.is_none() {
            ui.label(
                RichText::new("· not answered yet")
                    .small()
                    .color(p.weak_text),
            );
        }
        changed |= clear_link(ui, value, a11y);
    });
    changed
}

fn yes_no_ui(ui: &mut Ui, value: &mut Option<Value>, a11y: &str) -> bool {
    let current = match value.as_ref() {
        Some(Value::YesNo(b)) => Some(*b),
        _ => None,
    };
    let mut changed = false;
    ui.horizontal(|ui| {
        for (yes, text) in [(true, "Yes"), (false, "No")] {
            let selected = current == Some(yes);
            if chip(ui, selected, text, &format!("{text}, {a11y}")).clicked() {
                if selected {
                    *value = None;
                } else {
                    *value = Some(Value::YesNo(yes));
                }
                changed = true;
            }
        }
        changed |= clear_link(ui, value, a11y);
    });
    changed
}

fn choice_ui(ui: &mut Ui, value: &mut Option<Value>, a11y: &str, options: &[String]) -> bool {
    let current = match value.as_ref() {
        Some(Value::Choice(c)) => Some(c.clone()),
        _ => None,
    };
    let mut changed = false;
    for option in options {
        let selected = current.as_deref() == Some(option.as_str());
        let response = ui.radio(selected, option);
        // The option and its question, as a chip says them.
        set_accessible_name(ui, &response, &format!("{option}, {a11y}"));
        if response.clicked() {
            *value = Some(Value::Choice(option.clone()));
            changed = true;
        }
    }
    // An answer that is no longer an option (the workbook changed) is shown, not dropped.
    if let Some(c) = current.filter(|c| !options.contains(c)) {
        ui.label(RichText::new(format!("Earlier answer: {c}")).italics());
    }
    changed |= clear_link(ui, value, a11y);
    changed
}

fn checklist_ui(
    ui: &mut Ui,
    value: &mut Option<Value>,
    id: &str,
    a11y: &str,
    options: &[String],
    has_other: bool,
) -> bool {
    let (mut picked, mut other) = match value.as_ref() {
        Some(Value::Checklist { picked, other }) => (picked.clone(), other.clone()),
        _ => (Vec::new(), String::new()),
    };
    let mut changed = false;
    for option in options {
        let mut ticked = picked.contains(option);
        let response = ui.checkbox(&mut ticked, option);
        set_accessible_name(ui, &response, &format!("{option}, {a11y}"));
        if response.changed() {
            changed = true;
            if ticked {
                picked.push(option.clone());
            } else {
                picked.retain(|p| p != option);
            }
        }
    }
    for earlier in picked.iter().filter(|p| !options.contains(p)) {
        ui.label(RichText::new(format!("Earlier answer: {earlier}")).italics());
    }
    if has_other {
        ui.horizontal(|ui| {
            let label = ui.label("Other");
            let response = ui
                .add(
                    egui::TextEdit::singleline(&mut other)
                        .id_salt(("other", id))
                        .hint_text("anything not listed"),
                )
                .labelled_by(label.id);
            set_accessible_name(ui, &response, &format!("Other, {a11y}"));
            changed |= response.changed();
        });
    }
    if changed {
        // Keep the workbook's order so files diff cleanly.
        picked.sort_by_key(|p| options.iter().position(|o| o == p).unwrap_or(usize::MAX));
        *value = Some(Value::Checklist { picked, other });
    }
    changed
}

fn date_ui(
    ui: &mut Ui,
    value: &mut Option<Value>,
    id: &str,
    label_id: egui::Id,
    a11y: &str,
) -> bool {
    let mut text = match value.as_ref() {
        Some(Value::Date(d)) => d.clone(),
        _ => String::new(),
    };
    let mut changed = false;
    ui.horizontal(|ui| {
        let response = ui
            .add(
                egui::TextEdit::singleline(&mut text)
                    .id_salt(("date", id))
                    .hint_text("YYYY-MM-DD")
                    .desired_width(140.0),
            )
            .labelled_by(label_id);
        changed |= response.changed();
        let today = ui.button("Today");
        set_accessible_name(ui, &today, &format!("Today, {a11y}"));
        if today.clicked() {
            text = chrono::Local::now()
                .date_naive()
                .format("%Y-%m-%d")
                .to_string();
            changed = true;
        }
        if let Some(date) = parse_date(&text) {
            ui.label(RichText::new(date.format("%A %-d %B %Y").to_string()).small());
        }
    });
    if !text.trim().is_empty() && parse_date(&text).is_none() {
        let p = theme::palette(ui);
        let example = chrono::Local::now().date_naive().format("%Y-%m-%d");
        ui.label(
            RichText::new(format!(
                "Write the date as year-month-day, like {example}. What you typed is kept."
            ))
            .color(p.amber),
        );
    }
    if changed {
        *value = Some(Value::Date(text));
    }
    changed
}

/// A gentle timer for expressive writing, and the way out to the grounding exercise.
fn time_box_ui(ui: &mut Ui, id: &str, minutes: u32, commands: &mut Vec<Command>) {
    let p = theme::palette(ui);
    // When the timer started is view state: it lives in egui's memory, not in the answers.
    let started_id = ui.scope_id().with(("time-box", id));
    let started: Option<std::time::Instant> = ui.data(|d| d.get_temp(started_id));
    ui.horizontal_wrapped(|ui| {
        match started {
            None => {
                ui.label(
                    RichText::new(format!("Give yourself about {minutes} minutes, no more."))
                        .color(p.weak_text),
                );
                if small_button(
                    ui,
                    "Start the timer",
                    &format!("Start a {minutes} minute timer"),
                )
                .clicked()
                {
                    ui.data_mut(|d| d.insert_temp(started_id, std::time::Instant::now()));
                }
            }
            Some(at) => {
                let total = std::time::Duration::from_secs(u64::from(minutes) * 60);
                let elapsed = at.elapsed();
                if let Some(left) = total.checked_sub(elapsed).filter(|l| !l.is_zero()) {
                    let left_minutes = left.as_secs().div_ceil(60);
                    // Said when the minute changes, at the next pause in typing.
                    super::widgets::live_label(
                        ui,
                        RichText::new(format!("About {left_minutes} min left")).color(p.weak_text),
                        false,
                    );
                    // Wake only when the shown minute changes; nothing repaints in between.
                    ui.ctx()
                        .request_repaint_after(std::time::Duration::from_secs(
                            left.as_secs() % 60 + 1,
                        ));
                } else {
                    super::widgets::live_label(
                        ui,
                        RichText::new("Time is up. Finish your sentence and let the rest wait.")
                            .color(p.accent),
                        false,
                    );
                }
            }
        }
        ui.add_space(12.0);
        if small_button(ui, "Stop and steady myself", "Stop and steady myself").clicked() {
            commands.push(Command::ShowGrounding(true));
        }
    });
}
