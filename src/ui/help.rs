//! "Get help now": emergency first, then crisis lines, reachable from every screen.
//!
//! Contacts come from the bundled `data/crisis-lines.ron`; the person's country is remembered.

use egui::{RichText, Ui};

use super::focus::heading;
use super::widgets::{card, notice_box, paragraphs, primary_button, secondary_button};
use super::{Command, HelpTopic, NoticeKind, theme};
use crate::crisis::{Checked, CrisisDirectory, Line, LineKind};
use crate::workbook::SafetyHelp;

/// What the help screen shows.
pub struct HelpView<'a> {
    /// Why it is open.
    pub topic: HelpTopic,
    /// The bundled contacts.
    pub directory: &'a CrisisDirectory,
    /// The person's country code, if chosen.
    pub country: Option<&'a str>,
}

/// Draws the help screen inside a modal.
pub fn help_ui(ui: &mut Ui, view: &HelpView<'_>, commands: &mut Vec<Command>) {
    ui.set_max_width(640.0);
    heading(ui, "Get help now");
    // The way back stays in view however small the window; the contacts scroll beneath it.
    let height = (ui.ctx().content_rect().height() - 220.0).max(160.0);
    egui::ScrollArea::vertical()
        .max_height(height)
        .min_scrolled_height(height)
        .show(ui, |ui| help_contents_ui(ui, view, commands));
    ui.add_space(8.0);
    ui.horizontal_wrapped(|ui| {
        if primary_button(ui, "Back to where I was").clicked() {
            commands.push(Command::ShowHelp(None));
        }
        // Everything written is already saved: stopping loses nothing.
        let stop = secondary_button(ui, "Stop for today");
        super::widgets::set_accessible_name(ui, &stop, "Stop for today: your answers are saved");
        if stop.clicked() {
            commands.push(Command::ShowHelp(None));
            commands.push(Command::BackToLibrary);
        }
        if secondary_button(ui, "Steady myself").clicked() {
            commands.push(Command::ShowHelp(None));
            commands.push(Command::ShowGrounding(true));
        }
    });
}

/// Pages of the library that help in a hard moment, by id and with what they are for.
const NEXT_STEPS: [(&str, &str, &str); 2] = [
    (
        "safety-plan",
        "My safety plan",
        "Your plan, if you have written one. If not, leave it for a steadier day: in your own words, what to do and who to turn to. It can be printed.",
    ),
    (
        "hard-night",
        "A hard night",
        "A few quiet minutes: slow breathing, grounding, and nothing to decide tonight.",
    ),
];

const URGENCY_QUESTION: &str =
    "Am I thinking of acting on these thoughts, or have I made a plan or started to get ready?";

fn urgency_id() -> egui::Id {
    egui::Id::unique("trustwork-help-urgency")
}

/// For someone who has just said they think of ending their life: are they in danger now?
/// The answer is not saved; it only changes what this screen says first.
fn urgency_ui(ui: &mut Ui, directory_emergency: Option<&str>) {
    let id = urgency_id();
    // Kept while the screen stays open; opened afresh, it asks again.
    let pass = ui.ctx().cumulative_pass_nr();
    let (mut answer, last_pass): (Option<bool>, u64) =
        ui.data(|d| d.get_temp(id)).unwrap_or((None, 0));
    if last_pass + 1 < pass {
        answer = None;
    }
    card(ui, |ui| {
        ui.label(RichText::new(URGENCY_QUESTION).strong());
        ui.horizontal(|ui| {
            for (value, text) in [(true, "Yes"), (false, "No, not right now")] {
                let chip = super::widgets::chip(
                    ui,
                    answer == Some(value),
                    text,
                    &format!("{text}, {URGENCY_QUESTION}"),
                );
                if chip.clicked() {
                    answer = Some(value);
                }
            }
        });
        let number = directory_emergency.unwrap_or("your emergency number");
        match answer {
            Some(true) => {
                notice_box(ui, NoticeKind::Warning, |ui| {
                    super::widgets::live_label(
                        ui,
                        RichText::new(format!(
                            "Please call {number} now, or go to the nearest emergency department."
                        ))
                        .strong(),
                        true,
                    );
                    ui.label("If you can, ask someone to come and stay with you. Move anything you could use to hurt yourself away: to another room, out of the house, or to someone else to keep.");
                });
            }
            Some(false) => {
                super::widgets::live_label(
                    ui,
                    "Thank you for checking. The lines below are open day and night, and talking to one now can help. It also helps to move anything you could use to hurt yourself out of reach, and to have someone with you.",
                    false,
                );
            }
            None => {
                ui.label(
                    RichText::new(
                        "Your answer here is not saved; it only changes what this page says first.",
                    )
                    .small()
                    .color(theme::palette(ui).weak_text),
                );
            }
        }
    });
    ui.data_mut(|d| d.insert_temp(id, (answer, pass)));
}

fn help_contents_ui(ui: &mut Ui, view: &HelpView<'_>, commands: &mut Vec<Command>) {
    let p = theme::palette(ui);
    topic_ui(ui, view.topic);
    let country = view.country.and_then(|code| view.directory.country(code));

    if view.topic == HelpTopic::Flagged(SafetyHelp::CrisisHelp) {
        ui.add_space(6.0);
        urgency_ui(ui, country.map(|c| c.emergency.as_str()));
    }

    ui.add_space(6.0);
    notice_box(ui, NoticeKind::Warning, |ui| {
        ui.label(
            RichText::new("If you might hurt yourself or someone else, or you are in danger, call your local emergency number now.")
                .strong(),
        );
        match country {
            Some(c) => ui.label(RichText::new(format!("{}: {}", c.name, c.emergency)).text_style(theme::prompt_style())),
            None => ui.label("112 in most of Europe and many other countries · 911 in North America · 999 in the UK · 000 in Australia"),
        };
    });

    ui.add_space(6.0);
    ui.horizontal(|ui| {
        let label = ui.label("Your country");
        let selected = country.map_or("Choose your country", |c| c.name.as_str());
        let combo = egui::ComboBox::from_id_salt("help-country")
            .selected_text(selected)
            .width(260.0)
            .show_ui(ui, |ui| {
                for c in &view.directory.countries {
                    if ui
                        .selectable_label(view.country == Some(c.code.as_str()), &c.name)
                        .clicked()
                    {
                        commands.push(Command::SetCountry(Some(c.code.clone())));
                    }
                }
                if ui.selectable_label(false, "Somewhere else").clicked() {
                    commands.push(Command::SetCountry(None));
                }
            })
            .response
            .labelled_by(label.id);
        super::widgets::combo_value(ui, &combo, selected);
    });

    if let Some(c) = country {
        let mut lines: Vec<&Line> = c.lines.iter().collect();
        // For someone afraid of a partner, abuse support comes first.
        match view.topic {
            HelpTopic::Flagged(SafetyHelp::AbuseSupport) => {
                lines.sort_by_key(|l| l.kind != LineKind::Abuse);
            }
            // For someone frightened by their own urges, the lines for them come first.
            HelpTopic::Flagged(SafetyHelp::UrgeToHurt) => {
                lines.sort_by_key(|l| l.kind != LineKind::Behaviour);
            }
            _ => {}
        }
        if lines.is_empty() {
            ui.label(format!("We don't list helplines for {} yet.", c.name));
        } else {
            ui.label(RichText::new("Someone to talk to").strong());
        }
        for line in lines {
            ui.add_space(2.0);
            ui.label(RichText::new(&line.service).strong());
            ui.label(RichText::new(&line.reach).text_style(theme::prompt_style()));
            ui.label(RichText::new(&line.purpose).color(p.weak_text));
        }
    }
    ui.add_space(6.0);
    coercive_control_ui(ui, view.topic);
    ui.add_space(8.0);
    ui.label(RichText::new("For now, and for next time").strong());
    for (workbook, title, what) in NEXT_STEPS {
        ui.horizontal_wrapped(|ui| {
            let link = ui.add(egui::Button::new(RichText::new(title).color(p.accent)).frame(false));
            super::widgets::set_accessible_name(ui, &link, &format!("Open {title}"));
            if link.clicked() {
                commands.push(Command::ShowHelp(None));
                commands.push(Command::OpenWorkbook(workbook.to_owned()));
            }
            ui.label(RichText::new(what).color(p.weak_text));
        });
    }
    ui.add_space(6.0);
    let intl = &view.directory.international;
    ui.label(format!("Not listed here? {}: {}", intl.name, intl.how));
    ui.label(
        RichText::new("trustwork never goes online itself; use your browser or phone.")
            .color(p.weak_text),
    );
    // Never claim more than was checked.
    let shown: Vec<&Line> = country
        .map(|c| c.lines.iter().collect())
        .unwrap_or_default();
    let unconfirmed = shown
        .iter()
        .filter(|l| matches!(l.checked, Checked::FromReview(_)))
        .map(|l| l.checked.date())
        .min();
    let unconfirmed = match country {
        Some(_) => unconfirmed,
        None => view
            .directory
            .unconfirmed()
            .iter()
            .map(|l| l.checked.date())
            .min(),
    };
    let emergency = country.map_or("your emergency number", |c| c.emergency.as_str());
    let note = match unconfirmed {
        Some(date) => format!(
            "We have not yet rung every number here to check it (they were listed from a clinical review on {date}). If one does not connect, call {emergency} or look on {}.",
            intl.name
        ),
        None => match view.directory.oldest_check() {
            Some(date) => {
                format!("Contacts confirmed as of {date}. Services sometimes change their numbers.")
            }
            None => String::new(),
        },
    };
    if !note.is_empty() {
        ui.label(RichText::new(note).small().color(p.weak_text));
    }
    ui.add_space(8.0);
    ui.label(RichText::new("About trustwork").strong());
    super::widgets::paragraphs(ui, super::ABOUT_NOTE, Some(p.weak_text));
}

fn topic_ui(ui: &mut Ui, topic: HelpTopic) {
    if let HelpTopic::Flagged(help) = topic {
        notice_box(ui, NoticeKind::Info, |ui| {
            paragraphs(ui, help_reason(help), None);
        });
    }
}

/// Why help opened after an answer, in words.
pub fn help_reason(help: SafetyHelp) -> &'static str {
    match help {
        SafetyHelp::CrisisHelp => {
            "Thank you for answering honestly. You don't have to carry this alone. Your answer is kept, and your place in the workbook is saved."
        }
        SafetyHelp::AbuseSupport => {
            "Being afraid of a partner matters more than any exercise here. Support for people living with threats, control or violence is listed below, and it is confidential.\n\nIf you look for help online, a phone or computer your partner doesn't use is safer. \"Quick hide\" at the top clears the screen at once."
        }
        SafetyHelp::UrgeToHurt => {
            "Thank you for being honest about this; noticing it is a strong first step. Urges and anger like this are common after a betrayal, and help is there for exactly this. If you might act on them now, put distance between you and the other person, and call your emergency number. Lines for people worried about their own behaviour come first below. Your answer is kept."
        }
        SafetyHelp::SeeProfessional => {
            "What you describe sounds heavy to carry on your own. A counsellor, therapist or your doctor can help. If it becomes too much, the lines below are there day and night."
        }
    }
}

/// The same words every fear question uses, for anyone unsure whether what happens "counts".
fn coercive_control_ui(ui: &mut Ui, topic: HelpTopic) {
    if matches!(
        topic,
        HelpTopic::General | HelpTopic::Flagged(SafetyHelp::AbuseSupport)
    ) {
        let shown = egui::CollapsingHeader::new("What counts as being hurt or controlled?")
            .id_salt("help-coercive-control")
            .show(ui, |ui| {
                paragraphs(ui, crate::workbook::COERCIVE_CONTROL, None);
            });
        super::widgets::set_accessible_name(
            ui,
            &shown.header_response,
            "What counts as being hurt or controlled?",
        );
    }
}
