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
                RichText::new(format!(
                    "{} of {} entries read",
                    grouped(read),
                    grouped(total)
                ))
                .small()
                .color(p.weak_text),
            );
        }
    });
}

/// A count with its thousands grouped, as people read it: 12,345.
fn grouped(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn thousands_are_grouped() {
        assert_eq!(super::grouped(7), "7");
        assert_eq!(super::grouped(4_694), "4,694");
        assert_eq!(super::grouped(1_070_394), "1,070,394");
    }
}
