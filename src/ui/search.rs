//! Search every answer: words, a workbook, a date range; hits with the words highlighted.
//! Opening a hit goes to that answer.

use egui::text::{LayoutJob, TextFormat};
use egui::{RichText, Ui};

use super::focus::heading;
use super::widgets::{secondary_button, set_accessible_name};
use super::{Command, theme};
use crate::journal::Hit;
use crate::session::SearchForm;

/// What the search screen shows.
pub struct SearchView<'a> {
    /// Workbooks to filter by: id and title.
    pub workbooks: Vec<(&'a str, &'a str)>,
    /// The hits for the form as it is.
    pub hits: &'a [Hit],
    /// The title and question of a hit, by workbook and prompt id.
    pub describe: &'a dyn Fn(&Hit) -> (String, String),
    /// How long the search took, in milliseconds.
    pub took_ms: f64,
}

/// Draws the search screen.
pub fn search_ui(
    ui: &mut Ui,
    view: &SearchView<'_>,
    form: &mut SearchForm,
    commands: &mut Vec<Command>,
) {
    let p = theme::palette(ui);
    ui.horizontal(|ui| {
        if secondary_button(ui, "Back to library").clicked() {
            commands.push(Command::BackToLibrary);
        }
    });
    heading(ui, "Search my answers");
    let label = ui.label("Words to find");
    let field = ui
        .add(
            egui::TextEdit::singleline(&mut form.query)
                .hint_text("for example: sister walk")
                .desired_width(f32::INFINITY),
        )
        .labelled_by(label.id);
    super::focus::prefer(ui, &field);
    ui.horizontal(|ui| {
        let which = ui.label("Workbook");
        let selected = form
            .workbook_id
            .as_deref()
            .and_then(|id| view.workbooks.iter().find(|(w, _)| *w == id))
            .map_or("All workbooks", |(_, t)| *t);
        let combo = egui::ComboBox::from_id_salt("search-workbook")
            .selected_text(selected)
            .width(240.0)
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut form.workbook_id, None, "All workbooks");
                for (id, title) in &view.workbooks {
                    ui.selectable_value(&mut form.workbook_id, Some((*id).to_owned()), *title);
                }
            })
            .response
            .labelled_by(which.id);
        super::widgets::combo_value(ui, &combo, selected);
        let from = ui.label("From");
        ui.add(
            egui::TextEdit::singleline(&mut form.from)
                .hint_text("YYYY-MM-DD")
                .desired_width(130.0),
        )
        .labelled_by(from.id);
        let to = ui.label("To");
        ui.add(
            egui::TextEdit::singleline(&mut form.to)
                .hint_text("YYYY-MM-DD")
                .desired_width(130.0),
        )
        .labelled_by(to.id);
    });
    if form.query.trim().is_empty() {
        ui.label(
            RichText::new("Type a word or two. Every word must appear in an answer.")
                .color(p.weak_text),
        );
        return;
    }
    let count = view.hits.len();
    // Said at the next pause while typing, so the count is heard without leaving the field.
    super::widgets::live_label(
        ui,
        RichText::new(format!(
            "{count} {} found",
            if count == 1 { "answer" } else { "answers" }
        ))
        .color(p.weak_text),
        false,
    );
    // A page of hits at a time, laid out whole: each is reachable by Tab and screen reader.
    let key = {
        use std::hash::{Hash as _, Hasher as _};
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        (&form.query, &form.workbook_id, &form.from, &form.to).hash(&mut hasher);
        hasher.finish()
    };
    let mut pager = super::paging::Pager::new(ui, "search-hits", view.hits.len(), key, "answers");
    pager.controls(ui);
    for hit in &view.hits[pager.rows()] {
        let (title, ask) = (view.describe)(hit);
        ui.add_space(6.0);
        ui.horizontal_wrapped(|ui| {
            let open = ui.add(
                egui::Button::new(
                    RichText::new(format!("{} · {title}", hit.day.format("%-d %b %Y")))
                        .color(p.accent),
                )
                .frame(false),
            );
            set_accessible_name(
                ui,
                &open,
                &format!("Open answer: {ask}, {}", hit.day.format("%-d %b %Y")),
            );
            if open.clicked() {
                commands.push(Command::OpenAnswer(
                    hit.entry.clone(),
                    hit.prompt_id.clone(),
                ));
            }
            ui.label(RichText::new(ask).small().color(p.weak_text));
        });
        ui.label(highlighted(ui, hit));
    }
    pager.controls(ui);
}

/// The hit's text, shortened around the first match, with every match on the accent colour.
fn highlighted(ui: &Ui, hit: &Hit) -> LayoutJob {
    let p = theme::palette(ui);
    let font = egui::TextStyle::Body.resolve(ui.style());
    let plain = TextFormat {
        font_id: font.clone(),
        color: p.text,
        ..Default::default()
    };
    let marked = TextFormat {
        font_id: font,
        color: p.on_accent,
        background: p.accent,
        ..Default::default()
    };
    let text = &hit.text;
    // Start a little before the first match so it is in view on one line.
    let first = hit.highlights.first().map_or(0, |r| r.start);
    let mut start = first.saturating_sub(60);
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    let mut job = LayoutJob::default();
    if start > 0 {
        job.append("…", 0.0, plain.clone());
    }
    let mut at = start;
    for range in &hit.highlights {
        if range.start < at {
            continue;
        }
        job.append(
            &text[at..range.start].replace('\n', " "),
            0.0,
            plain.clone(),
        );
        job.append(&text[range.clone()], 0.0, marked.clone());
        at = range.end;
    }
    let rest: String = text[at..].chars().take(200).collect();
    job.append(&rest.replace('\n', " "), 0.0, plain);
    job.wrap.max_rows = 2;
    job.wrap.max_width = ui.available_width();
    job
}
