//! "Share or print": choose entries and answers, see exactly what will be written, save it.

use egui::{RichText, Ui};

use super::focus::heading;
use super::widgets::{
    card, help_text, notice_box, primary_button, save_path_ui, secondary_button,
    set_accessible_name,
};
use super::{Command, NoticeKind, theme};
use crate::journal::{Entry, EntryId, describe, is_answered};
use crate::session::ShareForm;
use crate::share::ExportFormat;
use crate::workbook::Workbook;

/// What the share screen shows.
pub struct ShareView<'a> {
    /// The workbook.
    pub workbook: &'a Workbook,
    /// All its entries, newest first.
    pub entries: Vec<(&'a EntryId, &'a Entry)>,
    /// Exactly the text that would be written now.
    pub preview: &'a str,
    /// Whether a file dialog is open.
    pub dialog_open: bool,
}

/// A short, answer-free name for an entry: its start and whether it was finished.
pub fn entry_label(entry: &Entry) -> String {
    let state = if entry.is_completed() {
        "finished"
    } else {
        "draft"
    };
    format!("{} · {state}", entry.started_at.format("%-d %b %Y, %H:%M"))
}

/// Draws the share screen.
pub fn share_ui(
    ui: &mut Ui,
    view: &ShareView<'_>,
    form: &mut ShareForm,
    commands: &mut Vec<Command>,
) {
    let p = theme::palette(ui);
    ui.horizontal(|ui| {
        if secondary_button(ui, "Back").clicked() {
            commands.push(Command::CloseShare);
        }
        ui.label(RichText::new(&view.workbook.title).color(p.weak_text));
    });
    heading(ui, "Share or print");
    help_text(
        ui,
        "Choose what to include. Nothing you leave unticked is written anywhere. The preview at the bottom is exactly what the file will hold.",
    );

    card(ui, |ui| {
        ui.label(RichText::new("1. Which entries").strong());
        let range_changed = ui
            .horizontal(|ui| {
                let from = ui.label("From");
                let from_edit = ui
                    .add(
                        egui::TextEdit::singleline(&mut form.from)
                            .hint_text("YYYY-MM-DD")
                            .desired_width(140.0),
                    )
                    .labelled_by(from.id);
                let to = ui.label("To");
                let to_edit = ui
                    .add(
                        egui::TextEdit::singleline(&mut form.to)
                            .hint_text("YYYY-MM-DD")
                            .desired_width(140.0),
                    )
                    .labelled_by(to.id);
                from_edit.changed() || to_edit.changed()
            })
            .inner;
        let in_range_now: Vec<_> = view
            .entries
            .iter()
            .filter(|(_, e)| form.in_range(e))
            .collect();
        // A range typed in full ticks what it shows (with the usual answers: safety answers stay
        // unticked), so sharing a month is one step, not thirty.
        let range_typed = crate::journal::parse_date(&form.from).is_some()
            || crate::journal::parse_date(&form.to).is_some();
        if range_changed && range_typed {
            form.selected.clear();
            form.chosen.clear();
            for (id, entry) in &in_range_now {
                form.selected.insert((*id).clone());
                form.chosen
                    .extend(crate::share::choose_default(view.workbook, [(*id, *entry)]));
            }
        }
        // The range ticks what it shows: every entry in it at once, or none.
        if in_range_now.len() > 1 {
            ui.horizontal_wrapped(|ui| {
                let all = in_range_now
                    .iter()
                    .all(|(id, _)| form.selected.contains(*id));
                let tick = format!("Tick all {} shown", in_range_now.len());
                if ui
                    .add_enabled_ui(!all, |ui| secondary_button(ui, &tick))
                    .inner
                    .clicked()
                {
                    for (id, entry) in &in_range_now {
                        if form.selected.insert((*id).clone()) {
                            form.chosen.extend(crate::share::choose_default(
                                view.workbook,
                                [(*id, *entry)],
                            ));
                        }
                    }
                }
                let none = in_range_now
                    .iter()
                    .all(|(id, _)| !form.selected.contains(*id));
                if ui
                    .add_enabled_ui(!none, |ui| secondary_button(ui, "Untick all shown"))
                    .inner
                    .clicked()
                {
                    for (id, _) in &in_range_now {
                        form.selected.remove(*id);
                        form.chosen.retain(|(e, _)| e != *id);
                    }
                }
            });
        }
        // A page at a time, laid out whole, so every entry is reachable by keyboard.
        let key = {
            use std::hash::{Hash as _, Hasher as _};
            let mut hasher = std::collections::hash_map::DefaultHasher::new();
            (&form.workbook_id, &form.from, &form.to).hash(&mut hasher);
            hasher.finish()
        };
        let mut pager =
            super::paging::Pager::new(ui, "share-entries", in_range_now.len(), key, "entries");
        pager.controls(ui);
        for (id, entry) in &in_range_now[pager.rows()] {
            let mut ticked = form.selected.contains(*id);
            if ui.checkbox(&mut ticked, entry_label(entry)).changed() {
                if ticked {
                    form.selected.insert((*id).clone());
                    form.chosen
                        .extend(crate::share::choose_default(view.workbook, [(*id, *entry)]));
                } else {
                    form.selected.remove(*id);
                    form.chosen.retain(|(e, _)| e != *id);
                }
            }
        }
        pager.controls(ui);
    });

    card(ui, |ui| {
        ui.label(RichText::new("2. What to include").strong());
        let shown: Vec<_> = view
            .entries
            .iter()
            .filter(|(id, e)| form.selected.contains(*id) && form.in_range(e))
            .collect();
        if shown.is_empty() {
            ui.label(RichText::new("Tick at least one entry above.").color(p.weak_text));
        }
        for (id, entry) in shown {
            let when = entry_label(entry);
            ui.label(RichText::new(&when).text_style(theme::prompt_style()));
            for section in &view.workbook.sections {
                let answered: Vec<_> = section
                    .prompts
                    .iter()
                    .filter(|pr| entry.answers.get(&pr.id).is_some_and(is_answered))
                    .collect();
                if answered.is_empty() {
                    continue;
                }
                let keys: Vec<(EntryId, String)> = answered
                    .iter()
                    .map(|pr| ((*id).clone(), pr.id.clone()))
                    .collect();
                // The section box never takes a safety answer along: those are ticked one by
                // one, on purpose. Its state still shows every answer under it.
                let plain_keys: Vec<(EntryId, String)> = answered
                    .iter()
                    .filter(|pr| pr.safety.is_none())
                    .map(|pr| ((*id).clone(), pr.id.clone()))
                    .collect();
                let mut all = keys.iter().all(|k| form.chosen.contains(k));
                let some = !all && keys.iter().any(|k| form.chosen.contains(k));
                // Partly ticked shows as such, so a box never hides what it leaves out.
                let section_box = ui.add(
                    egui::Checkbox::new(&mut all, RichText::new(&section.title).strong())
                        .indeterminate(some),
                );
                set_accessible_name(ui, &section_box, &format!("{}, {when}", section.title));
                if section_box.changed() {
                    if all {
                        form.chosen.extend(plain_keys);
                    } else {
                        for k in keys {
                            form.chosen.remove(&k);
                        }
                    }
                }
                ui.indent(("share-section", &section.id, &id.stem), |ui| {
                    for prompt in answered {
                        let key = ((*id).clone(), prompt.id.clone());
                        let mut ticked = form.chosen.contains(&key);
                        let answer = entry
                            .answers
                            .get(&prompt.id)
                            .map(|v| crate::journal::describe_for(&prompt.input, v))
                            .unwrap_or_default();
                        let short: String = answer.chars().take(90).collect();
                        let text = format!(
                            "{} · {}{}",
                            prompt.ask,
                            short.replace('\n', " "),
                            if answer.chars().count() > 90 {
                                "…"
                            } else {
                                ""
                            }
                        );
                        let response = ui.checkbox(&mut ticked, text);
                        // What is shared, not only which question: the answer is in the name.
                        set_accessible_name(
                            ui,
                            &response,
                            &format!("{}: {}, {when}", prompt.ask, short.replace('\n', " ")),
                        );
                        if response.changed() {
                            if ticked {
                                form.chosen.insert(key);
                            } else {
                                form.chosen.remove(&key);
                            }
                        }
                    }
                });
            }
            let earlier = entry.orphan_answers(view.workbook);
            if !earlier.is_empty() {
                ui.label(
                    RichText::new("Earlier answers, to questions this version no longer asks")
                        .strong(),
                );
                for (prompt_id, value) in earlier {
                    let key = ((*id).clone(), prompt_id.to_owned());
                    let mut ticked = form.chosen.contains(&key);
                    let short: String = describe(value).chars().take(90).collect();
                    let response = ui.checkbox(
                        &mut ticked,
                        format!("({prompt_id}) · {}", short.replace('\n', " ")),
                    );
                    set_accessible_name(
                        ui,
                        &response,
                        &format!("Earlier answer {prompt_id}, {when}"),
                    );
                    if response.changed() {
                        if ticked {
                            form.chosen.insert(key);
                        } else {
                            form.chosen.remove(&key);
                        }
                    }
                }
            }
        }
    });

    card(ui, |ui| {
        ui.label(RichText::new("3. What kind of file").strong());
        let reviewer = view.workbook.reviewer_key.is_some().then(|| {
            view.workbook
                .assigned_by
                .as_deref()
                .unwrap_or("your reviewer")
        });
        let mut choices = Vec::new();
        if let Some(name) = reviewer {
            choices.push((
                ExportFormat::SealedAnswers,
                format!("An answers file encrypted for {name}: only their trustwork can open it (.answers.age)"),
            ));
        }
        let anyone = "anyone who gets it can read it";
        choices.extend([
            (
                ExportFormat::Answers,
                if reviewer.is_some() {
                    format!("An answers file that is not encrypted: {anyone} (.answers.ron)")
                } else {
                    format!("An answers file for my therapist or partner; {anyone} (.answers.ron)")
                },
            ),
            (
                ExportFormat::Html,
                format!("A page to read or print; {anyone} (.html)"),
            ),
            (
                ExportFormat::Markdown,
                format!("Plain text with light formatting; {anyone} (.md)"),
            ),
        ]);
        for (format, text) in choices {
            if ui.radio(form.format == format, text).clicked() {
                form.set_format(format);
            }
        }
        if form.format == ExportFormat::SealedAnswers {
            ui.label(
                RichText::new("The file is encrypted for the key in this workbook, and carries your own key so the feedback comes back encrypted to you.")
                    .color(p.weak_text),
            );
        } else {
            notice_box(ui, NoticeKind::Info, |ui| {
                ui.label("This file is not encrypted: anyone who gets it, or finds it on this computer, can read it. Keep it somewhere private and delete it once it has been read.");
            });
        }
    });

    card(ui, |ui| {
        ui.label(RichText::new("4. Preview").strong());
        ui.label(
            RichText::new("What the reader will see: only what is ticked.").color(p.weak_text),
        );
        reader_preview_ui(ui, view, form);
        let exactly = if form.format == ExportFormat::SealedAnswers {
            "The file's exact text, as it will be once opened (on disk it is encrypted)"
        } else {
            "The file's exact text"
        };
        egui::CollapsingHeader::new(exactly)
            .id_salt("share-exact-text")
            .show(ui, |ui| {
                egui::ScrollArea::vertical()
                    .max_height(320.0)
                    .id_salt("share-preview")
                    .show(ui, |ui| {
                        ui.add(
                            egui::Label::new(RichText::new(view.preview).monospace().size(12.5))
                                .selectable(true),
                        );
                    });
            });
    });

    card(ui, |ui| {
        ui.label(RichText::new("5. Save").strong());
        save_path_ui(
            ui,
            "Save to",
            &mut form.path_text,
            view.dialog_open,
            Command::PickSavePath,
            commands,
        );
        let nothing = form.chosen.is_empty() || form.selected.is_empty();
        if ui
            .add_enabled_ui(!nothing, |ui| primary_button(ui, "Save"))
            .inner
            .clicked()
        {
            commands.push(Command::SaveShare);
        }
        if nothing {
            ui.label(
                RichText::new("Nothing is ticked, so there is nothing to save.").color(p.weak_text),
            );
        }
        if let Some(status) = &form.status {
            notice_box(ui, status.kind, |ui| {
                super::widgets::live_label(ui, &status.text, status.kind == NoticeKind::Warning);
                super::widgets::replace_buttons(ui, form.asking_replace.as_deref(), commands);
            });
        }
    });
}

/// The ticked answers as the reader will meet them: each entry, each question and its answer.
fn reader_preview_ui(ui: &mut Ui, view: &ShareView<'_>, form: &ShareForm) {
    let p = theme::palette(ui);
    let shown: Vec<_> = view
        .entries
        .iter()
        .rev()
        .filter(|(id, e)| form.selected.contains(*id) && form.in_range(e))
        .collect();
    let mut any = false;
    for (id, entry) in shown {
        let ticked: Vec<_> = view
            .workbook
            .prompts()
            .map(|(_, pr)| pr)
            .filter(|pr| form.chosen.contains(&((*id).clone(), pr.id.clone())))
            .filter_map(|pr| entry.answers.get(&pr.id).map(|v| (pr, v)))
            .filter(|(_, v)| is_answered(v))
            .collect();
        if ticked.is_empty() {
            continue;
        }
        any = true;
        ui.add_space(4.0);
        ui.label(RichText::new(entry_label(entry)).strong());
        for (prompt, value) in ticked {
            ui.label(RichText::new(&prompt.ask).color(p.weak_text));
            super::widgets::answer_box(ui, &crate::journal::describe_for(&prompt.input, value));
        }
    }
    if !any {
        ui.label(RichText::new("Nothing is ticked yet.").color(p.weak_text));
    }
}
