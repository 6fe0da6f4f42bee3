//! The library: every workbook with where the person is in it, and importing new ones.

use std::path::PathBuf;

use egui::{RichText, Ui};

use super::focus::heading;
use super::widgets::{card, live_label, notice_box, primary_button, secondary_button};
use super::{Command, NoticeKind, theme};
use crate::journal::{FollowUpItem, POSTPONE_CHOICES, WorkbookStatus};
use crate::session::{ImportForm, WorkbookCard};
use crate::workbook::Audience;

/// Which cards belong in a group of the library.
type CardFilter = fn(&WorkbookCard<'_>) -> bool;

/// What the library shows.
pub struct LibraryView<'a> {
    /// The suggested path, in order; `None` when the person hid it.
    pub path: Option<Vec<WorkbookCard<'a>>>,
    /// Cards in display order.
    pub cards: Vec<WorkbookCard<'a>>,
    /// The import form.
    pub import: &'a mut ImportForm,
    /// False when another window holds the data folder.
    pub editable: bool,
    /// Whether the file dialog is open.
    pub dialog_open: bool,
    /// The workbook in which fear of a partner was last reported, if it was: groups holding
    /// partner exercises then carry a word of care.
    pub fear_reported_in: Option<String>,
    /// Follow-ups whose day has come, oldest first.
    pub follow_ups: &'a [FollowUpItem],
}

/// Draws the library.
pub fn library_ui(ui: &mut Ui, view: &mut LibraryView<'_>, commands: &mut Vec<Command>) {
    let p = theme::palette(ui);
    if !view.follow_ups.is_empty() {
        follow_ups_ui(ui, view.follow_ups, view.editable, commands);
        ui.add_space(8.0);
    }
    match &view.path {
        Some(path) => path_ui(ui, path, commands),
        None => {
            if super::widgets::small_button(
                ui,
                "Show the suggested path",
                "Show the suggested path",
            )
            .clicked()
            {
                commands.push(Command::ShowPath(true));
            }
        }
    }
    ui.add_space(8.0);
    card(ui, |ui| {
        ui.horizontal_wrapped(|ui| {
            ui.label(
                RichText::new("Self-trust")
                    .text_style(theme::prompt_style())
                    .strong(),
            );
            ui.label(
                RichText::new("The promises you kept, and the hunches you checked, over time.")
                    .color(p.weak_text),
            );
            let open = secondary_button(ui, "Open");
            super::widgets::set_accessible_name(ui, &open, "Open Self-trust");
            if open.clicked() {
                commands.push(Command::OpenSelfTrust);
            }
        });
    });
    ui.add_space(8.0);

    let groups: [(&str, &str, CardFilter); 3] = [
        (
            "Your workbooks",
            "Take your time; any workbook is a fine place to start.",
            |c| !c.imported && c.workbook.audience != Audience::Couple,
        ),
        (
            "For couples",
            "Each partner fills in their own copy, on their own device, and you share only what you choose. Each begins with a short safety check.",
            |c| !c.imported && c.workbook.audience == Audience::Couple,
        ),
        (
            "Added workbooks",
            "Workbooks you or your therapist added.",
            |c| c.imported,
        ),
    ];
    for (title, hint, belongs) in groups {
        let cards: Vec<&WorkbookCard<'_>> = view.cards.iter().filter(|c| belongs(c)).collect();
        if cards.is_empty() {
            continue;
        }
        ui.add_space(8.0);
        heading(ui, title);
        ui.label(RichText::new(hint).color(p.weak_text));
        let partner = cards.iter().any(|c| c.workbook.partner_exercise);
        // Anyone walking past may read this: it says nothing of what was answered.
        if view.fear_reported_in.is_some() && partner {
            notice_box(ui, NoticeKind::Warning, |ui| {
                ui.label(
                    "A word of care: these exercises are meant for times when you feel safe with your partner. If you do not, support for you comes first, and \"Get help now\" lists people to talk to.",
                );
            });
        }
        ui.add_space(4.0);
        for card_data in cards {
            workbook_card_ui(ui, card_data, view.editable, commands);
            ui.add_space(6.0);
        }
    }

    ui.add_space(12.0);
    import_ui(ui, view.import, view.editable, view.dialog_open, commands);
}

fn workbook_card_ui(
    ui: &mut Ui,
    c: &WorkbookCard<'_>,
    editable: bool,
    commands: &mut Vec<Command>,
) {
    let p = theme::palette(ui);
    let wb = c.workbook;
    card(ui, |ui| {
        ui.horizontal(|ui| {
            ui.label(
                RichText::new(&wb.title)
                    .text_style(theme::prompt_style())
                    .strong(),
            );
            if c.imported {
                ui.label(RichText::new("added").small().color(p.weak_text));
            }
        });
        if let Some(assigned) = wb.assigned_words() {
            ui.label(RichText::new(assigned).color(p.accent));
        }
        ui.label(&wb.summary);
        ui.label(
            RichText::new(format!(
                "{} · about {} min · {} · {}",
                wb.theme.label(),
                wb.minutes,
                wb.cadence.label(),
                wb.audience.label()
            ))
            .small()
            .color(p.weak_text),
        );
        ui.label(RichText::new(status_text(&c.status)).color(p.accent));
        ui.horizontal(|ui| {
            let id = wb.id.clone();
            if c.status.draft.is_some() {
                let open = primary_button(ui, "Continue");
                super::widgets::set_accessible_name(ui, &open, &format!("Continue {}", wb.title));
                if open.clicked() {
                    commands.push(Command::OpenWorkbook(id));
                }
            } else if c.status.completed == 0 {
                let start = primary_button(ui, "Start");
                super::widgets::set_accessible_name(ui, &start, &format!("Start {}", wb.title));
                if start.clicked() {
                    commands.push(Command::OpenWorkbook(id));
                }
            } else {
                let again = primary_button(
                    ui,
                    if wb.cadence.is_repeated() {
                        "Start a new entry"
                    } else {
                        "Start again"
                    },
                );
                super::widgets::set_accessible_name(
                    ui,
                    &again,
                    &format!("Start a new entry of {}", wb.title),
                );
                if again.clicked() && editable {
                    commands.push(Command::StartNewEntry(id.clone()));
                }
                if !wb.cadence.is_repeated() {
                    let review = secondary_button(ui, "Read my answers");
                    super::widgets::set_accessible_name(
                        ui,
                        &review,
                        &format!("Read my answers to {}", wb.title),
                    );
                    if review.clicked() {
                        commands.push(Command::ReadLatest(id.clone()));
                    }
                }
            }
            if c.status.completed > 0 || c.status.draft.is_some() {
                let past = secondary_button(ui, "Past entries");
                super::widgets::set_accessible_name(
                    ui,
                    &past,
                    &format!("Past entries of {}", wb.title),
                );
                if past.clicked() {
                    commands.push(Command::OpenHistory(wb.id.clone()));
                }
                let share = secondary_button(ui, "Share or print…");
                super::widgets::set_accessible_name(
                    ui,
                    &share,
                    &format!("Share or print {}", wb.title),
                );
                if share.clicked() {
                    commands.push(Command::OpenShare(wb.id.clone(), None));
                }
            }
        });
    });
}

/// The "Start here" card: the suggested order, self-trust first, with where the person is.
/// What is due to look back on, quietly at the top: it names what without showing it (anyone
/// passing may see the library), with a way to open it, postpone it or let it go.
fn follow_ups_ui(ui: &mut Ui, items: &[FollowUpItem], editable: bool, commands: &mut Vec<Command>) {
    let p = theme::palette(ui);
    card(ui, |ui| {
        for (i, item) in items.iter().enumerate() {
            if i > 0 {
                ui.add_space(6.0);
            }
            let title = item.title();
            super::focus::title(ui, RichText::new(&title).strong());
            ui.horizontal_wrapped(|ui| {
                ui.add_enabled_ui(editable, |ui| {
                    let open = primary_button(ui, "Look back now");
                    super::widgets::set_accessible_name(
                        ui,
                        &open,
                        &format!("Look back now: {}", item.heading()),
                    );
                    if open.clicked() {
                        commands.push(Command::OpenFollowUp(item.key.clone()));
                    }
                    for (days, label) in POSTPONE_CHOICES {
                        let later = secondary_button(ui, label);
                        super::widgets::set_accessible_name(
                            ui,
                            &later,
                            &format!("{label}: show {} again then", item.heading()),
                        );
                        if later.clicked() {
                            commands.push(Command::PostponeFollowUp(item.key.clone(), days));
                        }
                    }
                    let go = secondary_button(ui, "Let it go");
                    super::widgets::set_accessible_name(
                        ui,
                        &go,
                        &format!("Let it go: stop showing {}", item.heading()),
                    );
                    if go.clicked() {
                        commands.push(Command::LetGoFollowUp(item.key.clone()));
                    }
                });
            });
        }
        ui.label(
            RichText::new(
                "Whenever you're ready. There is no wrong way for it to have turned out.",
            )
            .color(p.weak_text),
        );
    });
}

/// A workbook whose id is taken: what is there already, and the choice, with nothing replaced
/// until it is made.
fn clash_ui(ui: &mut Ui, clash: &crate::session::Clash, commands: &mut Vec<Command>) {
    let title = &clash.workbook.title;
    let by = clash
        .workbook
        .assigned_by
        .as_deref()
        .map_or_else(String::new, |b| format!(" from {b}"));
    let there = if clash.bundled {
        format!(
            "trustwork's own workbook \"{}\" already uses the id \"{}\".",
            clash.existing_title, clash.workbook.id
        )
    } else {
        let existing_by = clash.existing_by.as_deref().map_or_else(
            || " with no author named".to_owned(),
            |b| format!(" from {b}"),
        );
        format!(
            "Your library already has \"{}\"{existing_by} under the id \"{}\".",
            clash.existing_title, clash.workbook.id
        )
    };
    notice_box(ui, NoticeKind::Warning, |ui| {
        live_label(
            ui,
            format!("\"{title}\"{by} was not added yet. {there} Nothing has been replaced."),
            true,
        );
        ui.horizontal_wrapped(|ui| {
            let keep = primary_button(ui, "Keep both");
            super::widgets::set_accessible_name(
                ui,
                &keep,
                &format!("Keep both: add \"{title}\" as \"{}\"", clash.free_id),
            );
            if keep.clicked() {
                commands.push(Command::ResolveClash(crate::session::ClashChoice::KeepBoth));
            }
            if !clash.bundled {
                let replace = secondary_button(ui, "Replace the earlier one");
                super::widgets::set_accessible_name(
                    ui,
                    &replace,
                    &format!(
                        "Replace the earlier \"{}\"; its answers stay, under the new questions",
                        clash.existing_title
                    ),
                );
                if replace.clicked() {
                    commands.push(Command::ResolveClash(crate::session::ClashChoice::Replace));
                }
            }
            if secondary_button(ui, "Cancel").clicked() {
                commands.push(Command::ResolveClash(crate::session::ClashChoice::Cancel));
            }
        });
        ui.label(
            RichText::new(format!(
                "Keeping both adds it as \"{}\". Authors can avoid this by starting ids with their initials.",
                clash.free_id
            ))
            .small(),
        );
    });
}

fn path_ui(ui: &mut Ui, path: &[WorkbookCard<'_>], commands: &mut Vec<Command>) {
    let p = theme::palette(ui);
    card(ui, |ui| {
        ui.horizontal(|ui| {
            super::focus::title(
                ui,
                RichText::new("Start here")
                    .text_style(theme::prompt_style())
                    .strong(),
            );
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                if super::widgets::small_button(ui, "Hide", "Hide the suggested path").clicked() {
                    commands.push(Command::ShowPath(false));
                }
            });
        });
        ui.label(
            RichText::new("A suggested order, beginning with trust in yourself. Follow it, skip around, or ignore it: every workbook is open to you.")
                .color(p.weak_text),
        );
        ui.add_space(4.0);
        let next = path.iter().position(|c| c.status.completed == 0);
        // Rows that wrap, not a grid: zoomed in, a long title moves its mark to the next line
        // instead of pushing the card past the window's edge.
        for (i, c) in path.iter().enumerate() {
            let mark = if c.status.completed > 0 {
                "done"
            } else if next == Some(i) {
                "suggested next"
            } else if c.status.draft.is_some() {
                "in progress"
            } else {
                ""
            };
            ui.horizontal_wrapped(|ui| {
                ui.label(RichText::new(format!("{}.", i + 1)).color(p.weak_text));
                let link = ui.add(
                    egui::Button::new(RichText::new(&c.workbook.title).color(p.accent))
                        .frame(false),
                );
                super::widgets::set_accessible_name(
                    ui,
                    &link,
                    &format!("Step {}: {}", i + 1, c.workbook.title),
                );
                if link.clicked() {
                    commands.push(Command::OpenWorkbook(c.workbook.id.clone()));
                }
                if !mark.is_empty() {
                    ui.label(RichText::new(mark).small().color(p.accent));
                }
            });
        }
    });
}

/// "Not started", "Draft", or "Completed 3 times, last on 25 Nov 2026".
pub fn status_text(status: &WorkbookStatus) -> String {
    let completed = match (status.completed, status.last_completed) {
        (0, _) | (_, None) => None,
        (1, Some(at)) => Some(format!("Completed once, on {}", at.format("%-d %b %Y"))),
        (n, Some(at)) => Some(format!(
            "Completed {n} times, last on {}",
            at.format("%-d %b %Y")
        )),
    };
    let draft = status
        .draft_updated
        .map(|at| format!("Draft, last changed {}", at.format("%-d %b %Y")));
    match (draft, completed) {
        (None, None) => "Not started".to_owned(),
        (Some(d), None) => d,
        (None, Some(c)) => c,
        (Some(d), Some(c)) => format!("{c} · {d}"),
    }
}

fn import_ui(
    ui: &mut Ui,
    form: &mut ImportForm,
    editable: bool,
    dialog_open: bool,
    commands: &mut Vec<Command>,
) {
    let p = theme::palette(ui);
    card(ui, |ui| {
        ui.label(RichText::new("Open a file").strong());
        ui.label(
            RichText::new("A workbook a therapist assigned, answers someone sent you to read, or feedback on your own answers (.ron files, or .age when encrypted). Choose it, drop it onto this window, or type where it is.")
                .color(p.weak_text),
        );
        ui.add_enabled_ui(editable, |ui| {
            ui.horizontal(|ui| {
                let choose = secondary_button(
                    ui,
                    if dialog_open {
                        "Choosing…"
                    } else {
                        "Choose a file…"
                    },
                );
                if choose.clicked() && !dialog_open {
                    commands.push(Command::PickImportFile);
                }
            });
            let label = ui.label("File path");
            ui.horizontal(|ui| {
                let field = ui
                    .add(
                        egui::TextEdit::singleline(&mut form.path_text)
                            .hint_text("/home/me/Downloads/exercise.ron")
                            .desired_width(ui.available_width() - 110.0),
                    )
                    .labelled_by(label.id);
                let submitted = field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
                let import = secondary_button(ui, "Open");
                if (import.clicked() || submitted) && !form.path_text.trim().is_empty() {
                    commands.push(Command::OpenFile(PathBuf::from(form.path_text.trim())));
                }
            });
            // For authors: see a workbook before a client does, or check it, adding nothing.
            ui.horizontal_wrapped(|ui| {
                let typed = form.path_text.trim();
                let preview = secondary_button(ui, "Preview a workbook file…");
                super::widgets::set_accessible_name(
                    ui,
                    &preview,
                    if typed.is_empty() {
                        "Preview a workbook file: choose it; nothing is added or saved"
                    } else {
                        "Preview the workbook file typed above; nothing is added or saved"
                    },
                );
                if preview.clicked() {
                    if typed.is_empty() {
                        if !dialog_open {
                            commands.push(Command::PickPreviewFile);
                        }
                    } else {
                        commands.push(Command::OpenPreview(PathBuf::from(typed)));
                    }
                }
                let check = secondary_button(ui, "Check a workbook file…");
                super::widgets::set_accessible_name(
                    ui,
                    &check,
                    if typed.is_empty() {
                        "Check a workbook file: choose it; nothing is added"
                    } else {
                        "Check the workbook file typed above; nothing is added"
                    },
                );
                if check.clicked() {
                    if typed.is_empty() {
                        if !dialog_open {
                            commands.push(Command::PickCheckFile);
                        }
                    } else {
                        commands.push(Command::CheckWorkbookFile(PathBuf::from(typed)));
                    }
                }
            });
            super::preview::templates_row(ui, commands);
            if let Some(clash) = &form.clash {
                clash_ui(ui, clash, commands);
            }
            match &form.checked {
                Some((true, summary)) => notice_box(ui, NoticeKind::Info, |ui| {
                    live_label(ui, format!("Checked; nothing was added. {summary}"), false);
                }),
                Some((false, problems)) => notice_box(ui, NoticeKind::Warning, |ui| {
                    live_label(
                        ui,
                        "Checked; nothing was added. This file has problems to fix first:",
                        true,
                    );
                    ui.label(RichText::new(problems).monospace());
                }),
                None => {}
            }
        });
        let reviewer = ui.add(
            egui::Button::new(
                RichText::new("Reading answers for clients? Make your reviewer key…")
                    .color(p.accent),
            )
            .frame(false),
        );
        if reviewer.clicked() {
            commands.push(Command::OpenReviewerKey);
        }
        if let Some(errors) = &form.errors {
            notice_box(ui, NoticeKind::Warning, |ui| {
                live_label(
                    ui,
                    "This file could not be opened, and nothing was changed:",
                    true,
                );
                ui.label(RichText::new(errors).monospace());
            });
        }
    });
}
