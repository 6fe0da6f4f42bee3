//! Keyboard focus the way a person expects it: a new screen starts at its heading, the focused
//! control is scrolled into view, Page Up/Down and Home/End scroll the page, and one focus ring,
//! from the theme, shows on whatever has focus.

use egui::{Rect, Response, RichText, Ui};

use super::theme;

/// A place focus may go when a screen or dialog opens, noted while the frame is drawn.
#[derive(Clone, Copy, Debug)]
struct Candidate {
    layer: egui::LayerId,
    id: egui::Id,
    /// A control the screen would rather start at than its heading (the one field of the lock
    /// screen, the search box, the button of a note).
    preferred: bool,
}

fn candidates_id() -> egui::Id {
    egui::Id::unique("trustwork-focus-candidates")
}

fn note(ui: &Ui, id: egui::Id, preferred: bool) {
    let candidate = Candidate {
        layer: ui.layer_id(),
        id,
        preferred,
    };
    ui.data_mut(|d| {
        d.get_temp_mut_or_default::<Vec<Candidate>>(candidates_id())
            .push(candidate);
    });
}

/// Marks a control as where focus goes when its screen or dialog opens, instead of the heading.
/// While nothing has focus (the control that had it has gone), it takes focus at once.
pub fn prefer(ui: &Ui, response: &Response) {
    note(ui, response.id, true);
    if ui.memory(|m| m.focused().is_none()) {
        response.request_focus();
    }
}

/// Starts a frame: forgets the places noted in the last one.
pub fn begin_frame(ctx: &egui::Context) {
    ctx.data_mut(|d| d.remove::<Vec<Candidate>>(candidates_id()));
}

/// Ends a frame in which a screen or dialog opened: focus goes to the topmost dialog's (or else
/// the screen's) preferred control, or its first heading, so the next Tab starts there and a
/// screen reader says where the person is.
pub fn focus_opened(ctx: &egui::Context) {
    let candidates = ctx
        .data(|d| d.get_temp::<Vec<Candidate>>(candidates_id()))
        .unwrap_or_default();
    // Dialogs are drawn above the page; of two in the same order, the later one is on top.
    let Some(top) = candidates
        .iter()
        .map(|c| c.layer)
        .max_by_key(|layer| layer.order)
    else {
        return;
    };
    let in_top = candidates.iter().filter(|c| c.layer == top);
    let chosen = in_top
        .clone()
        .find(|c| c.preferred)
        .or_else(|| in_top.clone().next());
    if let Some(chosen) = chosen {
        ctx.memory_mut(|m| m.request_focus(chosen.id));
    }
}

/// A screen or dialog title: a heading to screen readers, and a place keyboard focus can rest.
pub fn heading(ui: &mut Ui, text: impl Into<RichText>) -> Response {
    title(ui, text.into().heading())
}

/// Like [`heading`], in the text's own style.
pub fn title(ui: &mut Ui, text: RichText) -> Response {
    let name = text.text().to_owned();
    // Laid out and painted here rather than as a `Label`, which underlines itself when focused
    // and would look like a link; the focus ring says where focus is.
    let galley = egui::WidgetText::from(text).into_galley(
        ui,
        Some(egui::TextWrapMode::Wrap),
        ui.available_width(),
        egui::TextStyle::Body,
    );
    let (rect, response) =
        ui.allocate_exact_size(galley.size(), egui::Sense::focusable_noninteractive());
    if ui.is_rect_visible(rect) {
        let color = ui.visuals().text_color();
        ui.painter().galley(rect.min, galley, color);
    }
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Heading, true, name.clone()));
    ui.ctx().accesskit_node_builder(response.id, |node| {
        // A heading's name is its text, as a label's is.
        node.set_label(name);
    });
    note(ui, response.id, false);
    response
}

/// Scrolls the page so the control that just took focus from the keyboard (Tab, Shift+Tab) is
/// in view, unless it is outside the page (in the top bar, which is `bar`, or in a dialog). Call
/// inside the page's scroll area, after drawing it.
pub fn keep_focus_in_view(ui: &Ui, bar: Rect, keyboard_in_use: bool) {
    let seen_id = egui::Id::unique("trustwork-focus-seen");
    let focused = ui.memory(egui::Memory::focused);
    let seen = ui
        .data(|d| d.get_temp::<Option<egui::Id>>(seen_id))
        .flatten();
    if focused == seen {
        return;
    }
    ui.data_mut(|d| d.insert_temp(seen_id, focused));
    if !keyboard_in_use {
        // A click, or the app placing focus on a new screen: what is clicked is in view.
        return;
    }
    let Some(response) = focused.and_then(|id| ui.ctx().read_response(id)) else {
        return;
    };
    let in_bar = bar.contains_rect(response.interact_rect) && response.interact_rect.area() > 0.0;
    if response.layer_id == ui.layer_id() && !in_bar {
        // A little room around it, so its label above is seen too.
        ui.scroll_to_rect(response.rect.expand(24.0), None);
    }
}

/// Page Up/Down and Home/End scroll the page when no text field has the keyboard. Call inside
/// the page's scroll area, after drawing it.
pub fn page_keys(ui: &Ui) {
    if ui.ctx().text_edit_focused() {
        return;
    }
    let (up, down, home, end) = ui.input(|i| {
        let plain = i.modifiers.is_none();
        (
            plain && i.key_pressed(egui::Key::PageUp),
            plain && i.key_pressed(egui::Key::PageDown),
            plain && i.key_pressed(egui::Key::Home),
            plain && i.key_pressed(egui::Key::End),
        )
    });
    let page = ui.clip_rect().height() * 0.85;
    let content = ui.min_rect();
    if up {
        ui.scroll_with_delta(egui::vec2(0.0, page));
    }
    if down {
        ui.scroll_with_delta(egui::vec2(0.0, -page));
    }
    if home {
        ui.scroll_to_rect(
            Rect::from_min_size(content.min, egui::vec2(1.0, 1.0)),
            Some(egui::Align::TOP),
        );
    }
    if end {
        ui.scroll_to_rect(
            Rect::from_min_size(content.left_bottom(), egui::vec2(1.0, 1.0)),
            Some(egui::Align::BOTTOM),
        );
    }
}

/// Draws the focus ring around whatever has keyboard focus: the same ring on every kind of
/// widget (frameless and filled buttons, selected chips, plots, headings), drawn just outside
/// it so it shows against any fill. Only while the keyboard is in use, as on the web.
pub fn paint_focus_ring(ctx: &egui::Context, keyboard_in_use: bool) {
    if !keyboard_in_use {
        return;
    }
    let Some(response) = ctx
        .memory(egui::Memory::focused)
        .and_then(|id| ctx.read_response(id))
    else {
        return;
    };
    let p = theme::palette_of(&ctx.global_style().visuals);
    // Only what is in view is ringed; a widget scrolled away is clipped like its content.
    let clip = response.interact_rect;
    if clip.area() <= 0.0 {
        return;
    }
    ctx.layer_painter(response.layer_id)
        .with_clip_rect(clip.expand(theme::FOCUS_RING_GAP + theme::FOCUS_RING_WIDTH + 1.0))
        .rect_stroke(
            response.rect.expand(theme::FOCUS_RING_GAP),
            egui::CornerRadius::same(6),
            egui::Stroke::new(theme::FOCUS_RING_WIDTH, p.focus_ring),
            egui::StrokeKind::Outside,
        );
}
