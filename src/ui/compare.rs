//! Compare over time: the answers to one question side by side (week 1 beside week 8), and
//! every answer to it in order.

use egui::{RichText, Ui};

use super::widgets::answer_box;
use super::{entry_label, theme};
use crate::journal::{Entry, EntryId, describe_for};
use crate::session::CompareForm;
use crate::workbook::Workbook;

/// Draws the comparison for a workbook's entries (oldest first).
pub fn compare_ui(
    ui: &mut Ui,
    workbook: &Workbook,
    entries: &[(&EntryId, &Entry)],
    form: &mut CompareForm,
) {
    let p = theme::palette(ui);
    let answered: Vec<_> = workbook
        .prompts()
        .map(|(_, pr)| pr)
        .filter(|pr| entries.iter().any(|(_, e)| e.answer(&pr.id).is_some()))
        .collect();
    let Some(first) = answered.first() else {
        ui.label(RichText::new("Nothing answered yet to compare.").color(p.weak_text));
        return;
    };
    let prompt = answered
        .iter()
        .find(|pr| form.prompt_id.as_deref() == Some(pr.id.as_str()))
        .copied()
        .unwrap_or(first);
    let with_answer: Vec<&(&EntryId, &Entry)> = entries
        .iter()
        .filter(|(_, e)| e.answer(&prompt.id).is_some())
        .collect();

    ui.horizontal(|ui| {
        let label = ui.label("Question");
        let combo = egui::ComboBox::from_id_salt("compare-prompt")
            .selected_text(&prompt.ask)
            .width(ui.available_width().min(520.0))
            .show_ui(ui, |ui| {
                for pr in &answered {
                    if ui.selectable_label(pr.id == prompt.id, &pr.ask).clicked() {
                        form.prompt_id = Some(pr.id.clone());
                    }
                }
            })
            .response
            .labelled_by(label.id);
        super::widgets::combo_value(ui, &combo, &prompt.ask);
    });
    // Years of entries do not fit in one menu: each side is chosen by stepping through the
    // entries, or by typing the day or month to go to.
    let left = pick_ui(
        ui,
        "Earlier",
        &with_answer,
        &mut form.left,
        with_answer.first().map(|(id, _)| *id),
    );
    let right = pick_ui(
        ui,
        "Later",
        &with_answer,
        &mut form.right,
        with_answer.last().map(|(id, _)| *id),
    );

    let column_width = (ui.available_width() - 16.0) / 2.0;
    ui.horizontal_top(|ui| {
        for id in [left, right].into_iter().flatten() {
            if let Some((_, entry)) = with_answer.iter().find(|(i, _)| **i == id) {
                ui.vertical(|ui| {
                    ui.set_width(column_width);
                    ui.label(RichText::new(entry_label(entry)).strong());
                    let text = entry
                        .answer(&prompt.id)
                        .map(|v| describe_for(&prompt.input, v))
                        .unwrap_or_default();
                    answer_box(ui, &text);
                });
            }
        }
    });

    ui.add_space(8.0);
    ui.label(
        RichText::new(format!(
            "Every answer to this question ({})",
            with_answer.len()
        ))
        .strong(),
    );
    let key = {
        use std::hash::{Hash as _, Hasher as _};
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        prompt.id.hash(&mut hasher);
        hasher.finish()
    };
    let mut pager = super::paging::Pager::new(ui, "compare-all", with_answer.len(), key, "answers")
        .directions("Earlier", "Later");
    pager.controls(ui);
    for (_, entry) in &with_answer[pager.rows()] {
        ui.horizontal(|ui| {
            ui.label(
                RichText::new(entry.started_at.format("%-d %b %Y").to_string()).color(p.weak_text),
            );
            let text = entry
                .answer(&prompt.id)
                .map(|v| describe_for(&prompt.input, v))
                .unwrap_or_default();
            ui.add(egui::Label::new(text.replace('\n', " · ")).wrap());
        });
    }
    pager.controls(ui);
}

/// One side of the comparison: the entry shown, the entries before and after it, and a day or
/// month to go to. Returns the entry shown.
fn pick_ui(
    ui: &mut Ui,
    side: &str,
    with_answer: &[&(&EntryId, &Entry)],
    chosen: &mut Option<EntryId>,
    fallback: Option<&EntryId>,
) -> Option<EntryId> {
    let current = chosen
        .clone()
        .filter(|id| with_answer.iter().any(|(i, _)| *i == id))
        .or_else(|| fallback.cloned());
    let index = current
        .as_ref()
        .and_then(|id| with_answer.iter().position(|(i, _)| *i == id));
    let shown = index.map_or_else(String::new, |i| entry_label(with_answer[i].1));
    let mut go_to = None;
    ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new(format!("{side}:")).strong());
        ui.label(&shown);
        let before = index.filter(|i| *i > 0);
        let step_back = ui.add_enabled_ui(before.is_some(), |ui| {
            super::widgets::secondary_button(ui, "Previous entry")
        });
        super::widgets::set_accessible_name(
            ui,
            &step_back.inner,
            &format!("{side}: the entry before {shown}"),
        );
        if step_back.inner.clicked() {
            go_to = before.map(|i| i - 1);
        }
        let after = index.filter(|i| i + 1 < with_answer.len());
        let step_on = ui.add_enabled_ui(after.is_some(), |ui| {
            super::widgets::secondary_button(ui, "Next entry")
        });
        super::widgets::set_accessible_name(
            ui,
            &step_on.inner,
            &format!("{side}: the entry after {shown}"),
        );
        if step_on.inner.clicked() {
            go_to = after.map(|i| i + 1);
        }
    });
    ui.push_id(side, |ui| {
        if let Some(jump) =
            super::paging::jump_ui(ui, side, &format!("{side}: go to a date or month"))
        {
            // The first entry on or after the day asked for, or the last one before it.
            go_to = with_answer
                .iter()
                .position(|(_, e)| e.started_at.date_naive() >= jump.from)
                .or_else(|| with_answer.len().checked_sub(1));
        }
    });
    if let Some(i) = go_to {
        *chosen = Some(with_answer[i].0.clone());
        return chosen.clone();
    }
    current
}
