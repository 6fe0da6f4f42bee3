//! Design tokens: every colour, size and spacing the UI uses, and the calm egui style built
//! from them. UI code asks this module for colours; it never writes one itself.

use egui::{Color32, CornerRadius, FontFamily, FontId, Stroke, TextStyle, Theme, Visuals};

/// Widest the reading column gets, in points.
pub const COLUMN_WIDTH: f32 = 720.0;

/// Height of buttons, choice chips and text fields, in points.
pub const TARGET_HEIGHT: f32 = 32.0;

/// Body text size, in points.
pub const BODY_SIZE: f32 = 16.0;

/// The colours of one theme.
#[derive(Clone, Copy, Debug)]
pub struct Palette {
    /// Window background.
    pub background: Color32,
    /// Cards and text fields.
    pub surface: Color32,
    /// Main text.
    pub text: Color32,
    /// Help text and quiet labels.
    pub weak_text: Color32,
    /// Muted accent: progress, selected chips, primary buttons.
    pub accent: Color32,
    /// Text on the accent colour.
    pub on_accent: Color32,
    /// Soft accent background: hovered chips, selected cards.
    pub accent_soft: Color32,
    /// Thin borders.
    pub border: Color32,
    /// Warnings and errors: amber, always with words.
    pub amber: Color32,
    /// Background behind amber notices.
    pub amber_soft: Color32,
    /// The "Get help now" button.
    pub help: Color32,
    /// The keyboard focus ring, drawn just outside whatever has focus.
    pub focus_ring: Color32,
}

/// Width of the keyboard focus ring, in points.
pub const FOCUS_RING_WIDTH: f32 = 2.5;

/// Space between a widget and its focus ring, so the ring shows against any fill.
pub const FOCUS_RING_GAP: f32 = 2.5;

/// The light palette: warm paper and slate ink.
pub const LIGHT: Palette = Palette {
    background: Color32::from_rgb(0xF6, 0xF2, 0xEA),
    surface: Color32::from_rgb(0xFF, 0xFD, 0xF8),
    text: Color32::from_rgb(0x2E, 0x35, 0x3D),
    weak_text: Color32::from_rgb(0x5C, 0x64, 0x6C),
    accent: Color32::from_rgb(0x3F, 0x6F, 0x66),
    on_accent: Color32::from_rgb(0xFB, 0xFA, 0xF6),
    accent_soft: Color32::from_rgb(0xDC, 0xE8, 0xE3),
    border: Color32::from_rgb(0xDF, 0xD8, 0xCB),
    amber: Color32::from_rgb(0x8A, 0x5A, 0x00),
    amber_soft: Color32::from_rgb(0xFB, 0xEF, 0xD2),
    help: Color32::from_rgb(0x8C, 0x3B, 0x2E),
    focus_ring: Color32::from_rgb(0x1F, 0x4E, 0x8C),
};

/// The dark palette: the same calm, for night.
pub const DARK: Palette = Palette {
    background: Color32::from_rgb(0x1D, 0x20, 0x23),
    surface: Color32::from_rgb(0x26, 0x2A, 0x2E),
    text: Color32::from_rgb(0xE3, 0xE0, 0xDA),
    weak_text: Color32::from_rgb(0xA8, 0xA6, 0xA0),
    accent: Color32::from_rgb(0x7F, 0xB3, 0xA6),
    on_accent: Color32::from_rgb(0x13, 0x1A, 0x18),
    accent_soft: Color32::from_rgb(0x2F, 0x40, 0x3C),
    border: Color32::from_rgb(0x3A, 0x3F, 0x44),
    amber: Color32::from_rgb(0xE6, 0xB8, 0x5C),
    amber_soft: Color32::from_rgb(0x3D, 0x33, 0x20),
    help: Color32::from_rgb(0xF0, 0x9A, 0x8A),
    focus_ring: Color32::from_rgb(0x9C, 0xC8, 0xFF),
};

/// The palette in use for a `Ui`.
pub fn palette(ui: &egui::Ui) -> &'static Palette {
    palette_of(ui.visuals())
}

/// The palette that goes with these visuals.
pub fn palette_of(visuals: &Visuals) -> &'static Palette {
    if visuals.dark_mode { &DARK } else { &LIGHT }
}

/// Sets the light and dark styles; egui follows the system's choice between them.
pub fn apply(ctx: &egui::Context) {
    ctx.options_mut(|o| {
        o.theme_preference = egui::ThemePreference::System;
        // When the system does not say, the paper look is the default.
        o.fallback_theme = Theme::Light;
    });
    ctx.set_visuals_of(Theme::Light, visuals(&LIGHT, Visuals::light()));
    ctx.set_visuals_of(Theme::Dark, visuals(&DARK, Visuals::dark()));
    ctx.all_styles_mut(|style| {
        style.text_styles = [
            (
                TextStyle::Heading,
                FontId::new(24.0, FontFamily::Proportional),
            ),
            (
                TextStyle::Body,
                FontId::new(BODY_SIZE, FontFamily::Proportional),
            ),
            (
                TextStyle::Button,
                FontId::new(BODY_SIZE, FontFamily::Proportional),
            ),
            (
                TextStyle::Small,
                FontId::new(13.5, FontFamily::Proportional),
            ),
            (
                TextStyle::Monospace,
                FontId::new(14.0, FontFamily::Monospace),
            ),
            (prompt_style(), FontId::new(18.5, FontFamily::Proportional)),
        ]
        .into();
        style.spacing.item_spacing = egui::vec2(8.0, 10.0);
        style.spacing.button_padding = egui::vec2(14.0, 6.0);
        style.spacing.interact_size.y = TARGET_HEIGHT;
        style.spacing.text_edit_width = COLUMN_WIDTH;
        style.spacing.slider_width = 280.0;
        // Tick boxes and radio buttons large enough to see and hit at night.
        style.spacing.icon_width = 20.0;
        style.spacing.icon_width_inner = 11.0;
        style.spacing.icon_spacing = 8.0;
        // Calm: nothing slides or fades longer than it must.
        style.animation_time = 0.08;
    });
}

/// The text style of a prompt's question: larger than body text.
pub fn prompt_style() -> TextStyle {
    TextStyle::Name("Prompt".into())
}

fn visuals(p: &Palette, mut v: Visuals) -> Visuals {
    let radius = CornerRadius::same(6);
    v.panel_fill = p.background;
    v.window_fill = p.surface;
    v.window_stroke = Stroke::new(1.0, p.border);
    v.extreme_bg_color = p.surface;
    v.text_edit_bg_color = Some(p.surface);
    v.faint_bg_color = p.surface;
    v.override_text_color = Some(p.text);
    v.weak_text_color = Some(p.weak_text);
    v.hyperlink_color = p.accent;
    v.warn_fg_color = p.amber;
    v.error_fg_color = p.amber;
    v.selection.bg_fill = p.accent_soft;
    v.selection.stroke = Stroke::new(2.0, p.accent);
    v.window_corner_radius = CornerRadius::same(10);

    let w = &mut v.widgets;
    w.noninteractive.bg_stroke = Stroke::new(1.0, p.border);
    w.noninteractive.fg_stroke = Stroke::new(1.0, p.text);
    for (state, fill) in [
        (&mut w.inactive, p.surface),
        (&mut w.hovered, p.accent_soft),
        (&mut w.active, p.accent_soft),
        (&mut w.open, p.accent_soft),
    ] {
        state.bg_fill = fill;
        state.weak_bg_fill = fill;
        state.corner_radius = radius;
        state.fg_stroke = Stroke::new(1.5, p.text);
        state.expansion = 0.0;
    }
    w.inactive.bg_stroke = Stroke::new(1.0, p.border);
    w.hovered.bg_stroke = Stroke::new(1.5, p.accent);
    w.active.bg_stroke = Stroke::new(2.0, p.accent);
    w.open.bg_stroke = Stroke::new(1.0, p.accent);
    v
}

/// The frame of dialogs such as the help screen: surface colour, soft corners, room to breathe.
pub fn dialog_frame(ui: &egui::Ui) -> egui::Frame {
    dialog_frame_of(ui.visuals())
}

/// [`dialog_frame`] for these visuals.
pub fn dialog_frame_of(visuals: &Visuals) -> egui::Frame {
    let p = palette_of(visuals);
    egui::Frame::new()
        .fill(p.surface)
        .stroke(Stroke::new(1.0, p.border))
        .corner_radius(10)
        .inner_margin(24)
}
