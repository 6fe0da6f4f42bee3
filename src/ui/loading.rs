//! The first screen, while the data folder is read: a calm line, and progress only if the
//! reading takes long enough to wonder about.

use egui::{RichText, Ui};

use super::theme;

/// Draws the loading screen; `progress` (entries read, of how many) once it has taken a while.
pub fn loading_ui(ui: &mut Ui, progress: Option<(usize, usize)>) {
    let p = theme::palette(ui);
    ui.add_space(48.0);
    ui.vertical_centered(|ui| {
        ui.label(
            RichText::new("Opening your workbooks…")
                .text_style(theme::prompt_style())
                .color(p.weak_text),
        );
        if let Some((read, total)) = progress.filter(|(_, total)| *total > 0) {
            ui.add_space(12.0);
            let fraction = read as f32 / total as f32;
            let bar = egui::ProgressBar::new(fraction)
                .desired_width(320.0)
                .desired_height(6.0)
                .fill(p.accent);
            ui.add(bar);
            ui.label(
                RichText::new(format!("{read} of {total} entries read"))
                    .small()
                    .color(p.weak_text),
            );
        }
    });
}
