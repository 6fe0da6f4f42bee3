//! The compound inputs: a list of small records, a split of a total, a sort into bins.

use std::collections::BTreeMap;

use egui::{RichText, Ui};

use super::theme;
use super::widgets::{card, chip, secondary_button, set_accessible_name, small_button};
use crate::journal::{FieldValue, Value, parse_date};
use crate::workbook::{Field, FieldKind};

/// A growing list of records. Returns true when the answer changed.
pub fn list_ui(
    ui: &mut Ui,
    value: &mut Option<Value>,
    id: &str,
    a11y: &str,
    fields: &[Field],
    add_label: &str,
) -> bool {
    let mut rows = match value.as_ref() {
        Some(Value::List(rows)) => rows.clone(),
        _ => Vec::new(),
    };
    let mut changed = false;
    let mut remove = None;
    // A row just added takes focus in its first field, so typing can start at once.
    let focus_key = ui.scope_id().with(("focus-new-row", id));
    let focus_row = ui.data_mut(|d| d.remove_temp::<usize>(focus_key));
    for (i, row) in rows.iter_mut().enumerate() {
        let n = i + 1;
        card(ui, |ui| {
            ui.horizontal(|ui| {
                ui.label(RichText::new(format!("{n}.")).strong());
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                    if small_button(ui, "Remove", &format!("Remove row {n}, {a11y}")).clicked() {
                        remove = Some(i);
                    }
                });
            });
            for (f, field) in fields.iter().enumerate() {
                let focus = f == 0 && focus_row == Some(n);
                changed |= field_ui(ui, row, field, (n, focus), id);
            }
        });
        ui.add_space(4.0);
    }
    if let Some(i) = remove {
        rows.remove(i);
        changed = true;
    }
    let add = secondary_button(ui, &format!("+ {add_label}"));
    if add.clicked() {
        rows.push(BTreeMap::new());
        changed = true;
        let n = rows.len();
        ui.data_mut(|d| d.insert_temp(focus_key, n));
        ui.ctx().request_repaint();
    }
    if changed {
        if rows.is_empty() {
            *value = None;
        } else {
            *value = Some(Value::List(rows));
        }
    }
    changed
}

/// One field of row `n`; `focus`: it takes keyboard focus (the first field of a new row).
fn field_ui(
    ui: &mut Ui,
    row: &mut BTreeMap<String, FieldValue>,
    field: &Field,
    (n, focus): (usize, bool),
    list_id: &str,
) -> bool {
    let name = format!("{}, row {n}", field.label);
    let label = ui.label(&field.label);
    let salt = (list_id, n, field.id.as_str());
    let mut changed = false;
    match &field.kind {
        FieldKind::Text | FieldKind::LongText | FieldKind::Date => {
            let mut text = match row.get(&field.id) {
                Some(FieldValue::Text(t) | FieldValue::Date(t)) => t.clone(),
                _ => String::new(),
            };
            let edit = match field.kind {
                FieldKind::LongText => egui::TextEdit::multiline(&mut text).desired_rows(3),
                FieldKind::Date => egui::TextEdit::singleline(&mut text)
                    .hint_text("YYYY-MM-DD")
                    .desired_width(140.0),
                _ => egui::TextEdit::singleline(&mut text),
            };
            let response = ui.add(edit.id_salt(salt)).labelled_by(label.id);
            set_accessible_name(ui, &response, &name);
            if focus {
                response.request_focus();
                response.scroll_to_me(None);
            }
            if response.changed() {
                let value = if field.kind == FieldKind::Date {
                    FieldValue::Date(text.clone())
                } else {
                    FieldValue::Text(text.clone())
                };
                row.insert(field.id.clone(), value);
                changed = true;
            }
            if field.kind == FieldKind::Date
                && !text.trim().is_empty()
                && parse_date(&text).is_none()
            {
                let p = theme::palette(ui);
                ui.label(
                    RichText::new("Write the date as year-month-day, like 2026-11-25")
                        .small()
                        .color(p.amber),
                );
            }
        }
        FieldKind::YesNo => {
            let current = match row.get(&field.id) {
                Some(FieldValue::YesNo(b)) => Some(*b),
                _ => None,
            };
            ui.horizontal(|ui| {
                for (value, text) in [(true, "Yes"), (false, "No")] {
                    let selected = current == Some(value);
                    let response = chip(ui, selected, text, &format!("{text}, {name}"));
                    if focus && value {
                        response.request_focus();
                    }
                    if response.clicked() {
                        if selected {
                            row.remove(&field.id);
                        } else {
                            row.insert(field.id.clone(), FieldValue::YesNo(value));
                        }
                        changed = true;
                    }
                }
            });
        }
        FieldKind::Scale { min, max } => {
            let current = match row.get(&field.id) {
                Some(FieldValue::Number(v)) => Some(*v),
                _ => None,
            };
            ui.horizontal_wrapped(|ui| {
                ui.spacing_mut().item_spacing.x = 4.0;
                for v in *min..=*max {
                    let selected = current == Some(v);
                    let response = chip(ui, selected, &v.to_string(), &format!("{v}, {name}"));
                    if focus && v == *min {
                        response.request_focus();
                    }
                    if response.clicked() {
                        if selected {
                            row.remove(&field.id);
                        } else {
                            row.insert(field.id.clone(), FieldValue::Number(v));
                        }
                        changed = true;
                    }
                }
            });
        }
    }
    changed
}

/// Shares a total between parts with one slider each; a part can only take what is left.
pub fn split_ui(
    ui: &mut Ui,
    value: &mut Option<Value>,
    a11y: &str,
    total: u32,
    parts: &[String],
    unit: &str,
) -> bool {
    let mut amounts = match value.as_ref() {
        Some(Value::Split(map)) => map.clone(),
        _ => BTreeMap::new(),
    };
    let mut changed = false;
    for (i, part) in parts.iter().enumerate() {
        let others = amounts
            .iter()
            .filter(|(k, _)| *k != part)
            .fold(0_u32, |sum, (_, v)| sum.saturating_add(*v));
        let room = total.saturating_sub(others);
        let mut value = amounts.get(part).copied().unwrap_or(0);
        let label = ui.label(format!("{}. {part}", i + 1));
        ui.spacing_mut().slider_width = (ui.available_width() - 120.0).clamp(120.0, 480.0);
        let response = ui
            // Every slider spans the whole total so they line up; a part stops at what is left.
            .add(egui::Slider::new(&mut value, 0..=total).suffix(format!(" {unit}")))
            .labelled_by(label.id);
        set_accessible_name(ui, &response, &format!("{part}, {a11y}"));
        // Asking for more than is left is not silently cut down: it says why.
        let over_id = ui.scope_id().with(("split-over", part));
        if response.changed() {
            amounts.insert(part.clone(), value.min(room));
            changed = true;
            ui.data_mut(|d| d.insert_temp(over_id, value > room));
        }
        if ui.data(|d| d.get_temp::<bool>(over_id)).unwrap_or(false) {
            let p = theme::palette(ui);
            super::widgets::live_label(
                ui,
                RichText::new(format!(
                    "Only {room} {unit} were left for this part, so it has {room}. To give it more, lower another part first."
                ))
                .small()
                .color(p.amber),
                false,
            );
        }
        ui.add_space(4.0);
    }
    split_bar(ui, &amounts, parts, total);
    let placed = amounts
        .values()
        .fold(0_u32, |sum, v| sum.saturating_add(*v));
    let p = theme::palette(ui);
    ui.horizontal(|ui| {
        let text = if placed == total {
            format!("All {total} {unit} shared out.")
        } else {
            format!(
                "Shared out {placed} of {total} {unit}; {} {unit} left.",
                total - placed.min(total)
            )
        };
        ui.label(RichText::new(text).color(p.weak_text));
        if !amounts.is_empty()
            && small_button(ui, "Clear", &format!("Clear answer: {a11y}")).clicked()
        {
            amounts.clear();
            changed = true;
        }
    });
    if changed {
        amounts.retain(|_, v| *v > 0);
        if amounts.is_empty() {
            *value = None;
        } else {
            *value = Some(Value::Split(amounts));
        }
    }
    changed
}

/// A bar showing each part's share, with the part's position number written on it, so the
/// shares can be read without telling colours apart.
fn split_bar(ui: &mut Ui, amounts: &BTreeMap<String, u32>, parts: &[String], total: u32) {
    let p = theme::palette(ui);
    let width = ui.available_width().min(theme::COLUMN_WIDTH);
    let (rect, _) = ui.allocate_exact_size(egui::vec2(width, 22.0), egui::Sense::hover());
    let painter = ui.painter_at(rect);
    painter.rect_filled(rect, 4, p.surface);
    let mut x = rect.left();
    for (i, part) in parts.iter().enumerate() {
        let amount = amounts.get(part).copied().unwrap_or(0);
        if amount == 0 || total == 0 {
            continue;
        }
        let w = rect.width() * amount as f32 / total as f32;
        let segment =
            egui::Rect::from_min_size(egui::pos2(x, rect.top()), egui::vec2(w, rect.height()));
        let fill = if i % 2 == 0 { p.accent } else { p.accent_soft };
        let text = if i % 2 == 0 { p.on_accent } else { p.text };
        painter.rect_filled(segment.shrink2(egui::vec2(1.0, 0.0)), 3, fill);
        if w > 18.0 {
            painter.text(
                segment.center(),
                egui::Align2::CENTER_CENTER,
                (i + 1).to_string(),
                egui::FontId::proportional(13.0),
                text,
            );
        }
        x += w;
    }
    painter.rect_stroke(
        rect,
        4,
        egui::Stroke::new(1.0, p.border),
        egui::StrokeKind::Inside,
    );
}

/// Puts each item into one bin, with a row of bin chips per item.
pub fn sort_ui(
    ui: &mut Ui,
    value: &mut Option<Value>,
    a11y: &str,
    items: &[String],
    bins: &[String],
) -> bool {
    let mut placed = match value.as_ref() {
        Some(Value::Sort(map)) => map.clone(),
        _ => BTreeMap::new(),
    };
    let mut changed = false;
    for item in items {
        ui.label(RichText::new(item).strong());
        ui.horizontal_wrapped(|ui| {
            ui.spacing_mut().item_spacing.x = 6.0;
            for bin in bins {
                let selected = placed.get(item) == Some(bin);
                if chip(ui, selected, bin, &format!("{bin}, {item}")).clicked() {
                    if selected {
                        placed.remove(item);
                    } else {
                        placed.insert(item.clone(), bin.clone());
                    }
                    changed = true;
                }
            }
        });
        ui.add_space(2.0);
    }
    if !placed.is_empty() && small_button(ui, "Clear", &format!("Clear answer: {a11y}")).clicked() {
        placed.clear();
        changed = true;
    }
    if changed {
        if placed.is_empty() {
            *value = None;
        } else {
            *value = Some(Value::Sort(placed));
        }
    }
    changed
}
