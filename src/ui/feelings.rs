//! The two-step feelings picker: choose how the feeling sits, then the words for it.

use egui::{RichText, Ui};

use super::theme;
use super::widgets::{check_chip, chip, small_button, tab_chip};
use crate::journal::Value;
use crate::workbook::Quadrant;

/// Draws the picker. Returns true when the answer changed.
pub fn feelings_ui(
    ui: &mut Ui,
    value: &mut Option<Value>,
    id: &str,
    a11y: &str,
    pick_up_to: usize,
    ask_intensity: bool,
) -> bool {
    let (mut words, mut intensity) = match value.as_ref() {
        Some(Value::Feelings { words, intensity }) => (words.clone(), *intensity),
        _ => (Vec::new(), None),
    };
    // Which quadrant's words are open lives in egui's memory: it is view state, not an answer.
    let open_id = ui.scope_id().with(("feelings-open", id));
    let mut open: Option<Quadrant> = ui
        .data(|d| d.get_temp(open_id))
        .or_else(|| words.last().and_then(|w| Quadrant::of_word(w)));
    let mut changed = false;
    let p = theme::palette(ui);

    ui.label(
        RichText::new("First, how does it feel?")
            .small()
            .color(p.weak_text),
    );
    // Wrapping, not a fixed grid: zoomed in, the areas go one per line instead of running off
    // the right edge.
    ui.horizontal_wrapped(|ui| {
        ui.spacing_mut().item_spacing = egui::vec2(8.0, 8.0);
        for quadrant in Quadrant::ALL {
            let text = format!("{} ({})", quadrant.label(), quadrant.hint());
            // Each area shows its own words, like a tab; it is not an answer itself.
            if tab_chip(
                ui,
                open == Some(quadrant),
                &text,
                &format!("{text}, {a11y}"),
            )
            .clicked()
            {
                open = Some(quadrant);
            }
        }
    });

    if let Some(quadrant) = open {
        ui.label(
            RichText::new(format!("Then, which words fit? Pick up to {pick_up_to}."))
                .small()
                .color(p.weak_text),
        );
        ui.horizontal_wrapped(|ui| {
            ui.spacing_mut().item_spacing.x = 6.0;
            for word in quadrant.words() {
                let selected = words.iter().any(|w| w == word);
                let full = !selected && words.len() >= pick_up_to;
                let response = check_chip(ui, !full, selected, word, &format!("{word}, {a11y}"));
                if full {
                    // Why it cannot be chosen, where a screen reader meets it.
                    ui.ctx().accesskit_node_builder(response.id, |node| {
                        node.set_description(format!(
                            "up to {pick_up_to} can be chosen; un-choose one to choose this"
                        ));
                    });
                }
                if response.clicked() {
                    if selected {
                        words.retain(|w| w != word);
                    } else {
                        words.push((*word).to_owned());
                    }
                    changed = true;
                }
            }
        });
    }
    ui.data_mut(|d| {
        if let Some(q) = open {
            d.insert_temp(open_id, q);
        }
    });

    if !words.is_empty() {
        ui.horizontal_wrapped(|ui| {
            ui.label(RichText::new(format!("Chosen: {}", words.join(", "))).strong());
            if small_button(ui, "Clear", &format!("Clear answer: {a11y}")).clicked() {
                words.clear();
                intensity = None;
                changed = true;
            }
        });
        if ask_intensity {
            ui.label(
                RichText::new("How strong is it, from 1 (faint) to 10 (as strong as it gets)?")
                    .small()
                    .color(p.weak_text),
            );
            ui.horizontal_wrapped(|ui| {
                ui.spacing_mut().item_spacing.x = 4.0;
                for n in 1..=10u8 {
                    let selected = intensity == Some(n);
                    if chip(
                        ui,
                        selected,
                        &n.to_string(),
                        &format!("Strength {n}, {a11y}"),
                    )
                    .clicked()
                    {
                        intensity = if selected { None } else { Some(n) };
                        changed = true;
                    }
                }
            });
        }
    }

    if changed {
        if words.is_empty() {
            *value = None;
        } else {
            *value = Some(Value::Feelings { words, intensity });
        }
    }
    changed
}
