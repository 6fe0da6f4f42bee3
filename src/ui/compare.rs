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
    let pick = |ui: &mut Ui,
                label: &str,
                salt: &str,
                chosen: &mut Option<EntryId>,
                fallback: Option<&EntryId>| {
        let current = chosen.clone().or_else(|| fallback.cloned());
        let text = current
            .as_ref()
            .and_then(|id| with_answer.iter().find(|(i, _)| *i == id))
            .map_or_else(String::new, |(_, e)| entry_label(e));
        let label = ui.label(label);
        let combo = egui::ComboBox::from_id_salt(salt)
            .selected_text(&text)
            .width(220.0)
            .show_ui(ui, |ui| {
                for (id, e) in &with_answer {
                    if ui
                        .selectable_label(current.as_ref() == Some(*id), entry_label(e))
                        .clicked()
                    {
                        *chosen = Some((*id).clone());
                    }
                }
            })
            .response
            .labelled_by(label.id);
        super::widgets::combo_value(ui, &combo, &text);
        current
    };
    let (left, right) = ui
        .horizontal(|ui| {
            let left = pick(
                ui,
                "Earlier",
                "compare-left",
                &mut form.left,
                with_answer.first().map(|(id, _)| *id),
            );
            let right = pick(
                ui,
                "Later",
                "compare-right",
                &mut form.right,
                with_answer.last().map(|(id, _)| *id),
            );
            (left, right)
        })
        .inner;

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
    let row_height = 26.0;
    egui::ScrollArea::vertical()
        .id_salt("compare-all")
        .max_height(360.0)
        .show_rows(ui, row_height, with_answer.len(), |ui, rows| {
            for (_, entry) in &with_answer[rows] {
                ui.horizontal(|ui| {
                    ui.label(
                        RichText::new(entry.started_at.format("%-d %b %Y").to_string())
                            .color(p.weak_text),
                    );
                    let text = entry
                        .answer(&prompt.id)
                        .map(|v| describe_for(&prompt.input, v))
                        .unwrap_or_default();
                    ui.add(egui::Label::new(text.replace('\n', " · ")).truncate());
                });
            }
        });
}
