//! Small shared widgets: choice chips, accessible names, notices, intro text, buttons.

use egui::{Response, RichText, Role, Ui, WidgetInfo};

use super::{Command, Notice, NoticeKind, theme};

/// A toggle chip (a numbered scale step, Yes, No, a bin). `a11y` is the full name a screen
/// reader announces, since "7" or "Yes" alone says nothing about which question it answers.
pub fn chip(ui: &mut Ui, selected: bool, text: &str, a11y: &str) -> Response {
    chip_enabled(ui, true, selected, text, a11y)
}

/// A [`chip`] that can be greyed out. Enabling is done on the button itself, not with a child
/// `Ui`, so chips keep wrapping to the next line in a wrapping row.
pub fn chip_enabled(
    ui: &mut Ui,
    enabled: bool,
    selected: bool,
    text: &str,
    a11y: &str,
) -> Response {
    chip_with_role(ui, Role::RadioButton, enabled, selected, text, a11y)
}

/// A chip that is one of several that can be chosen together (feeling words): a check box to
/// a screen reader, not a radio button.
pub fn check_chip(ui: &mut Ui, enabled: bool, selected: bool, text: &str, a11y: &str) -> Response {
    chip_with_role(ui, Role::CheckBox, enabled, selected, text, a11y)
}

/// A chip that shows one of several panels (the feeling areas): a tab to a screen reader.
pub fn tab_chip(ui: &mut Ui, selected: bool, text: &str, a11y: &str) -> Response {
    chip_with_role(ui, Role::Tab, true, selected, text, a11y)
}

fn chip_with_role(
    ui: &mut Ui,
    role: Role,
    enabled: bool,
    selected: bool,
    text: &str,
    a11y: &str,
) -> Response {
    let p = theme::palette(ui);
    let label = if selected {
        RichText::new(text).color(p.on_accent).strong()
    } else {
        RichText::new(text)
    };
    // A chip never breaks its word across lines; in a wrapping row it moves to the next line.
    let mut button = egui::Button::new(label)
        .wrap_mode(egui::TextWrapMode::Extend)
        .min_size(egui::vec2(theme::TARGET_HEIGHT + 4.0, theme::TARGET_HEIGHT));
    if selected {
        button = button.fill(p.accent);
    }
    let response = ui.add_enabled(enabled, button);
    let a11y = a11y.to_owned();
    let enabled = enabled && ui.is_enabled();
    response.widget_info(|| WidgetInfo::selected(role, enabled, selected, a11y.clone()));
    response
}

/// Gives a widget the accessible name `name`, replacing what it had.
pub fn set_accessible_name(ui: &Ui, response: &Response, name: &str) {
    ui.ctx()
        .accesskit_node_builder(response.id, |node| node.set_label(name.to_owned()));
}

/// A main action button in the accent colour.
pub fn primary_button(ui: &mut Ui, text: &str) -> Response {
    let p = theme::palette(ui);
    ui.add(
        egui::Button::new(RichText::new(text).color(p.on_accent).strong())
            .fill(p.accent)
            .min_size(egui::vec2(96.0, theme::TARGET_HEIGHT)),
    )
}

/// A quieter button.
pub fn secondary_button(ui: &mut Ui, text: &str) -> Response {
    ui.add(egui::Button::new(text).min_size(egui::vec2(0.0, theme::TARGET_HEIGHT)))
}

/// A small text button, for "Clear" and "Remove".
pub fn small_button(ui: &mut Ui, text: &str, a11y: &str) -> Response {
    let response = ui.add(egui::Button::new(RichText::new(text).small()).frame(false));
    set_accessible_name(ui, &response, a11y);
    response
}

/// Guidance text: weaker than the question.
pub fn help_text(ui: &mut Ui, text: &str) {
    if !text.trim().is_empty() {
        let p = theme::palette(ui);
        paragraphs(ui, text, Some(p.weak_text));
    }
}

/// Author text: paragraphs split on blank lines, and `- ` lines as bullets.
pub fn paragraphs(ui: &mut Ui, text: &str, color: Option<egui::Color32>) {
    use crate::workbook::TextBlock;
    for block in crate::workbook::text_blocks(text) {
        let shown = match block {
            TextBlock::Paragraph(text) => text,
            TextBlock::Bullets(items) => items
                .iter()
                .map(|item| format!("  •  {item}"))
                .collect::<Vec<_>>()
                .join("\n"),
        };
        let mut text = RichText::new(shown);
        if let Some(c) = color {
            text = text.color(c);
        }
        ui.label(text);
    }
}

/// Shows notices with a "Dismiss" button each.
pub fn notices_ui(ui: &mut Ui, notices: &[Notice], commands: &mut Vec<Command>) {
    for (i, notice) in notices.iter().enumerate() {
        notice_box(ui, notice.kind, |ui| {
            ui.horizontal_top(|ui| {
                let width = ui.available_width() - 90.0;
                ui.vertical(|ui| {
                    ui.set_width(width);
                    if notice.kind == NoticeKind::Warning {
                        ui.label(RichText::new("Please note").strong());
                    }
                    // Said as it appears: a warning at once, news at the next pause.
                    live_label(ui, &notice.text, notice.kind == NoticeKind::Warning);
                });
                if small_button(ui, "Dismiss", &format!("Dismiss notice {}", i + 1)).clicked() {
                    commands.push(Command::DismissNotice(i));
                }
            });
        });
        ui.add_space(4.0);
    }
}

/// A framed box in the notice colours.
pub fn notice_box<R>(ui: &mut Ui, kind: NoticeKind, add: impl FnOnce(&mut Ui) -> R) -> R {
    let p = theme::palette(ui);
    let (fill, stroke) = match kind {
        NoticeKind::Info => (p.accent_soft, p.accent),
        NoticeKind::Warning => (p.amber_soft, p.amber),
    };
    egui::Frame::new()
        .fill(fill)
        .stroke(egui::Stroke::new(1.0, stroke))
        .corner_radius(6)
        .inner_margin(12)
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            add(ui)
        })
        .inner
}

/// A card: a surface-coloured frame with a thin border.
pub fn card<R>(ui: &mut Ui, add: impl FnOnce(&mut Ui) -> R) -> R {
    let p = theme::palette(ui);
    egui::Frame::new()
        .fill(p.surface)
        .stroke(egui::Stroke::new(1.0, p.border))
        .corner_radius(8)
        .inner_margin(16)
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            add(ui)
        })
        .inner
}

/// Lays out `add` in the centred reading column.
pub fn column<R>(ui: &mut Ui, add: impl FnOnce(&mut Ui) -> R) -> R {
    column_of(ui, theme::COLUMN_WIDTH, add)
}

/// Like [`column`], at most `max_width` wide: the preview has a list of pages beside the page.
pub fn column_of<R>(ui: &mut Ui, max_width: f32, add: impl FnOnce(&mut Ui) -> R) -> R {
    // A child with the full height below, so screens that scroll their own lists can fill it.
    let available = ui.available_rect_before_wrap();
    let width = available.width().min(max_width);
    let rect = egui::Rect::from_min_size(
        egui::pos2(available.center().x - width / 2.0, available.top()),
        egui::vec2(width, available.height()),
    );
    ui.scope_builder(
        egui::UiBuilder::new()
            .max_rect(rect)
            .layout(egui::Layout::top_down(egui::Align::Min)),
        |ui| {
            ui.set_width(width);
            add(ui)
        },
    )
    .inner
}

/// One notice with no dismiss button, for states that end by themselves.
pub fn notice_ui(ui: &mut Ui, kind: NoticeKind, text: &str) {
    notice_box(ui, kind, |ui| {
        ui.label(text);
    });
    ui.add_space(4.0);
}

/// A [`notice_ui`] that a screen reader says as it appears (a warning at once).
pub fn live_notice_ui(ui: &mut Ui, kind: NoticeKind, text: &str) {
    notice_box(ui, kind, |ui| {
        live_label(ui, text, kind == NoticeKind::Warning);
    });
    ui.add_space(4.0);
}

/// "Save to" with a path field and "Choose where…" (which sends `pick`), shared by the share,
/// review and privacy screens.
pub fn save_path_ui(
    ui: &mut Ui,
    label: &str,
    path_text: &mut String,
    dialog_open: bool,
    pick: Command,
    commands: &mut Vec<Command>,
) {
    let label = ui.label(label);
    ui.horizontal(|ui| {
        // Room for the button beside it, so the card is no wider than any other.
        let room = (ui.available_width() - 170.0).max(120.0);
        ui.add(egui::TextEdit::singleline(path_text).desired_width(room))
            .labelled_by(label.id);
        let text = if dialog_open {
            "Choosing…"
        } else {
            "Choose where…"
        };
        if secondary_button(ui, text).clicked() && !dialog_open {
            commands.push(pick);
        }
    });
}

/// An answer shown read-only: on the soft accent, so it never looks like a box to type in.
pub fn answer_box(ui: &mut Ui, text: &str) {
    let p = theme::palette(ui);
    egui::Frame::new()
        .fill(p.accent_soft)
        .corner_radius(6)
        .inner_margin(12)
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.label(text.trim());
        });
}

/// A modal dialog in the house frame, named (and described) for screen readers, which are told
/// it is modal: what is behind it cannot be used until it closes.
pub fn dialog<R>(
    ctx: &egui::Context,
    id: &str,
    name: &str,
    description: Option<&str>,
    content: impl FnOnce(&mut Ui) -> R,
) -> egui::ModalResponse<R> {
    let frame = theme::dialog_frame_of(&ctx.global_style().visuals);
    egui::Modal::new(egui::Id::unique(id))
        .frame(frame)
        .show(ctx, |ui| {
            // The dialog's node is the modal's own `Ui`, a few levels up from its contents.
            let dialog = ui
                .stack()
                .iter()
                .find(|s| s.kind() == Some(egui::UiKind::Modal))
                .map(|s| s.unique_id);
            if let Some(dialog) = dialog {
                ui.ctx().accesskit_node_builder(dialog, |node| {
                    node.set_label(name.to_owned());
                    node.set_modal();
                    if let Some(description) = description {
                        node.set_description(description.to_owned());
                    }
                });
            }
            content(ui)
        })
}

/// Makes a node a live region: a screen reader says its text when it appears or changes, at the
/// next pause (`assertive` false) or at once (true, for what needs attention now).
pub fn announce(ui: &Ui, response: &Response, assertive: bool) {
    let live = if assertive {
        egui::accesskit::Live::Assertive
    } else {
        egui::accesskit::Live::Polite
    };
    ui.ctx()
        .accesskit_node_builder(response.id, |node| node.set_live(live));
}

/// A label that a screen reader says when it appears or changes; see [`announce`].
pub fn live_label(ui: &mut Ui, text: impl Into<egui::WidgetText>, assertive: bool) -> Response {
    let response = ui.label(text);
    announce(ui, &response, assertive);
    response
}

/// Tells a screen reader which value a closed combo box shows.
pub fn combo_value(ui: &Ui, response: &Response, value: &str) {
    ui.ctx()
        .accesskit_node_builder(response.id, |node| node.set_value(value.to_owned()));
}

/// "Replace it" and "Keep it" under the question a form asks when a file is already where it
/// would save; focus waits on keeping the file.
pub fn replace_buttons(ui: &mut Ui, asking: Option<&std::path::Path>, commands: &mut Vec<Command>) {
    let Some(path) = asking else {
        return;
    };
    ui.horizontal(|ui| {
        let keep = secondary_button(ui, "Keep it");
        let asked_id = ui.scope_id().with(("replace-asked", path));
        if !ui.data(|d| d.get_temp::<bool>(asked_id)).unwrap_or(false) {
            keep.request_focus();
            ui.data_mut(|d| d.insert_temp(asked_id, true));
        }
        set_accessible_name(ui, &keep, &format!("Keep {} as it is", path.display()));
        if keep.clicked() {
            commands.push(Command::ReplaceFile(false));
        }
        let replace = primary_button(ui, "Replace it");
        set_accessible_name(ui, &replace, &format!("Replace {}", path.display()));
        if replace.clicked() {
            commands.push(Command::ReplaceFile(true));
        }
    });
}
