//! Review mode: someone's answers, read-only, each beside the exact question, with a comment
//! box per answer and an overall note. Nothing here touches the reviewer's own entries.

use egui::{RichText, Ui};

use super::focus::heading;
use super::widgets::{
    answer_box, card, notice_box, primary_button, save_path_ui, secondary_button,
    set_accessible_name,
};
use super::{Command, NoticeKind, theme};
use crate::journal::{describe, describe_for};
use crate::session::ReviewForm;
use crate::share::Comments;

/// Draws review mode.
pub fn review_ui(
    ui: &mut Ui,
    form: &mut ReviewForm,
    dialog_open: bool,
    commands: &mut Vec<Command>,
) {
    let p = theme::palette(ui);
    let wb = &form.review.workbook;
    let file = &form.review.file;
    ui.horizontal(|ui| {
        if secondary_button(ui, "Close").clicked() {
            commands.push(Command::CloseReview);
        }
        ui.label(RichText::new("Reviewing answers, read-only").color(p.weak_text));
    });
    if form.confirm_close {
        notice_box(ui, NoticeKind::Warning, |ui| {
            ui.label("Your comments are not saved in a feedback file yet. Close and lose them?");
            ui.horizontal(|ui| {
                if primary_button(ui, "Keep reviewing").clicked() {
                    form.confirm_close = false;
                }
                if secondary_button(ui, "Close without saving").clicked() {
                    commands.push(Command::DiscardReview);
                }
            });
        });
    }
    heading(ui, &wb.title);
    let name = form
        .review
        .path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    ui.label(
        RichText::new(format!(
            "From {name}, written {}. Version {} of the workbook. Nothing here is added to your own entries.",
            file.exported_at.format("%-d %B %Y"),
            file.workbook_version
        ))
        .color(p.weak_text),
    );
    if form.review.encrypted {
        ui.label("These answers came encrypted for your reviewer key: only this trustwork can open them.");
    }
    if !form.review.hash_matches {
        notice_box(ui, NoticeKind::Warning, |ui| {
            ui.label("The questions inside this file were changed after it was written, so they may not be exactly the ones that were answered. Ask the sender for a fresh copy if it matters.");
        });
    }
    if let Some(installed) = form
        .installed_version
        .filter(|v| *v != file.workbook_version)
    {
        notice_box(ui, NoticeKind::Info, |ui| {
            ui.label(format!(
                "You have version {installed} of this workbook; these answers were given to version {}. The questions shown are the ones in the file.",
                file.workbook_version
            ));
        });
    }

    let several = file.entries.len() > 1;
    for shared in &file.entries {
        let when = shared.started_at.format("%-d %b %Y, %H:%M").to_string();
        ui.add_space(8.0);
        ui.label(
            RichText::new(format!("Entry started {when}"))
                .text_style(theme::prompt_style())
                .strong(),
        );
        let mut answered_prompts = Vec::new();
        for section in &wb.sections {
            let answered: Vec<_> = section
                .prompts
                .iter()
                .filter(|pr| shared.answers.contains_key(&pr.id))
                .collect();
            if answered.is_empty() {
                continue;
            }
            ui.label(RichText::new(&section.title).color(p.accent).strong());
            for prompt in answered {
                answered_prompts.push(prompt.id.clone());
                let value = &shared.answers[&prompt.id];
                form.unsaved |= answer_with_comment(
                    ui,
                    form_comment(&mut form.comments, &shared.entry, &prompt.id),
                    &prompt.ask,
                    &describe_for(&prompt.input, value),
                    several.then_some(when.as_str()),
                );
            }
        }
        for (id, value) in shared
            .answers
            .iter()
            .filter(|(id, _)| !answered_prompts.contains(id))
        {
            let ask = format!("(an earlier question, `{id}`)");
            form.unsaved |= answer_with_comment(
                ui,
                form_comment(&mut form.comments, &shared.entry, id),
                &ask,
                &describe(value),
                several.then_some(when.as_str()),
            );
        }
    }

    ui.add_space(8.0);
    card(ui, |ui| {
        let note = ui.label(RichText::new("Overall note").strong());
        form.unsaved |= ui
            .add(
                egui::TextEdit::multiline(&mut form.note)
                    .desired_rows(4)
                    .desired_width(f32::INFINITY),
            )
            .labelled_by(note.id)
            .changed();
        let sign = ui.label("Sign as (optional)");
        ui.add(
            egui::TextEdit::singleline(&mut form.reviewer)
                .hint_text("your name as the client knows it"),
        )
        .labelled_by(sign.id);
        save_path_ui(
            ui,
            "Save feedback to",
            &mut form.path_text,
            dialog_open,
            Command::PickSavePath,
            commands,
        );
        let who_reads = if form.review.file.reply_to.is_some() {
            "The feedback file is encrypted back to the sender: only their trustwork can open it."
        } else {
            "The feedback file is not encrypted: anyone who gets it can read it."
        };
        ui.label(RichText::new(who_reads).color(p.weak_text));
        if primary_button(ui, "Save feedback").clicked() {
            commands.push(Command::SaveReview);
        }
        if let Some(status) = &form.status {
            notice_box(ui, status.kind, |ui| {
                super::widgets::live_label(ui, &status.text, status.kind == NoticeKind::Warning);
                super::widgets::replace_buttons(ui, form.asking_replace.as_deref(), commands);
            });
        }
    });
}

fn form_comment<'a>(comments: &'a mut Comments, entry: &str, prompt: &str) -> &'a mut String {
    comments
        .entry((entry.to_owned(), prompt.to_owned()))
        .or_default()
}

fn answer_with_comment(
    ui: &mut Ui,
    comment: &mut String,
    ask: &str,
    answer: &str,
    when: Option<&str>,
) -> bool {
    ui.label(RichText::new(ask).strong());
    answer_box(ui, answer);
    let label = ui.label(RichText::new("Your comment").small());
    let response = ui
        .add(
            egui::TextEdit::multiline(comment)
                .desired_rows(2)
                .desired_width(f32::INFINITY),
        )
        .labelled_by(label.id);
    let name = match when {
        Some(when) => format!("Comment on: {ask}, {when}"),
        None => format!("Comment on: {ask}"),
    };
    set_accessible_name(ui, &response, &name);
    ui.add_space(6.0);
    response.changed()
}
