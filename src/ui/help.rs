//! "Get help now": emergency first, then crisis lines, reachable from every screen.
//!
//! The contact list is deliberately short until the country-by-country data file arrives.

use egui::{RichText, Ui};

use super::widgets::{NoticeKind, notice_box, paragraphs, primary_button};
use super::{Command, theme};
use crate::workbook::SafetyHelp;

/// Why the help screen is open.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HelpTopic {
    /// The person pressed "Get help now".
    General,
    /// An answer asked for help (a safety flag).
    Flagged(SafetyHelp),
}

/// When the contacts below were compiled.
const COMPILED: &str = "2026-11";

/// Country, service, how to reach it.
const CONTACTS: &[(&str, &str, &str)] = &[
    (
        "United States",
        "988 Suicide & Crisis Lifeline",
        "call or text 988",
    ),
    (
        "United States",
        "National Domestic Violence Hotline",
        "call 1-800-799-7233",
    ),
    ("Canada", "Suicide crisis helpline", "call or text 988"),
    ("United Kingdom and Ireland", "Samaritans", "call 116 123"),
    (
        "United Kingdom",
        "National Domestic Abuse Helpline",
        "call 0808 2000 247",
    ),
    ("Australia", "Lifeline", "call 13 11 14"),
    (
        "Australia",
        "1800RESPECT (domestic and sexual violence)",
        "call 1800 737 732",
    ),
];

/// Draws the help screen inside a modal.
pub fn help_ui(ui: &mut Ui, topic: HelpTopic, commands: &mut Vec<Command>) {
    ui.set_max_width(640.0);
    ui.heading("Get help now");
    // The way back stays in view however small the window; the contacts scroll beneath it.
    let height = (ui.ctx().content_rect().height() - 220.0).max(160.0);
    egui::ScrollArea::vertical()
        .max_height(height)
        .min_scrolled_height(height)
        .show(ui, |ui| help_contents_ui(ui, topic));
    ui.add_space(8.0);
    if primary_button(ui, "Back to where I was").clicked() {
        commands.push(Command::ShowHelp(None));
    }
}

fn help_contents_ui(ui: &mut Ui, topic: HelpTopic) {
    let p = theme::palette(ui);
    match topic {
        HelpTopic::General => {}
        HelpTopic::Flagged(SafetyHelp::CrisisHelp) => {
            notice_box(ui, NoticeKind::Info, |ui| {
                paragraphs(
                    ui,
                    "Thank you for answering honestly. You don't have to carry this alone. Your answer is kept, and your place in the workbook is saved.",
                    None,
                );
            });
        }
        HelpTopic::Flagged(SafetyHelp::AbuseSupport) => {
            notice_box(ui, NoticeKind::Info, |ui| {
                paragraphs(
                    ui,
                    "Being afraid of a partner matters more than any exercise here. Support for people living with threats, control or violence is listed below, and it is confidential. Your answer is kept.",
                    None,
                );
            });
        }
        HelpTopic::Flagged(SafetyHelp::SeeProfessional) => {
            notice_box(ui, NoticeKind::Info, |ui| {
                paragraphs(
                    ui,
                    "What you describe sounds heavy to carry on your own. A counsellor, therapist or your doctor can help. If it becomes too much, the lines below are there day and night.",
                    None,
                );
            });
        }
    }
    ui.add_space(6.0);
    notice_box(ui, NoticeKind::Warning, |ui| {
        ui.label(RichText::new("If you might hurt yourself or someone else, or you are in danger, call your local emergency number now.").strong());
        ui.label("112 in most of Europe · 911 in North America · 999 in the UK · 000 in Australia");
    });
    ui.add_space(6.0);
    ui.label(RichText::new("Someone to talk to, day and night").strong());
    egui::Grid::new("contacts")
        .num_columns(3)
        .spacing([16.0, 6.0])
        .striped(false)
        .show(ui, |ui| {
            for (country, service, how) in CONTACTS {
                ui.label(RichText::new(*country).color(p.weak_text));
                ui.label(*service);
                ui.label(RichText::new(*how).strong());
                ui.end_row();
            }
        });
    ui.add_space(4.0);
    ui.label("Elsewhere: findahelpline.com lists free, confidential lines in many countries. Type the address into a browser yourself; trustwork never goes online.");
    ui.label(
        RichText::new(format!(
            "This list was put together in {COMPILED}; services sometimes change their numbers."
        ))
        .small()
        .color(p.weak_text),
    );
    ui.add_space(6.0);
    ui.label(
        RichText::new(
            "trustwork supports reflection. It is not therapy, diagnosis or a crisis service.",
        )
        .color(p.weak_text),
    );
}
