//! Long lists in pages: ten years of entries, hundreds of search hits. A page is laid out whole,
//! so every row on it is reachable by Tab and by a screen reader (a virtual list only ever has
//! the rows on screen), and the page scrolls like any other.

use std::hash::Hash;
use std::ops::Range;

use chrono::{Datelike as _, NaiveDate};
use egui::{RichText, Ui};

use super::theme;
use super::widgets::secondary_button;

/// Rows on one page.
pub const PAGE_SIZE: usize = 50;

/// Where a list is: its page, and what it was built from (a new search starts again at the top).
#[derive(Clone, Copy, Default)]
struct Place {
    page: usize,
    key: u64,
}

/// One long list's paging, kept in egui's memory for the window's life.
pub struct Pager {
    id: egui::Id,
    total: usize,
    page: usize,
    /// How the rows are named: "entries", "answers".
    what: &'static str,
    /// The words for moving: towards the start and towards the end of the list.
    back: &'static str,
    on: &'static str,
}

impl Pager {
    /// The pager of the list `salt` with `total` rows; `key` says what the rows are, and a new
    /// key starts at the first page.
    pub fn new(
        ui: &Ui,
        salt: impl Hash + std::fmt::Debug,
        total: usize,
        key: u64,
        what: &'static str,
    ) -> Self {
        let id = ui.scope_id().with(("pager", salt));
        let place = ui.data(|d| d.get_temp::<Place>(id)).unwrap_or_default();
        let page = if place.key == key { place.page } else { 0 };
        let last_page = total.div_ceil(PAGE_SIZE).max(1) - 1;
        let pager = Self {
            id,
            total,
            page: page.min(last_page),
            what,
            back: "Newer",
            on: "Older",
        };
        ui.data_mut(|d| {
            d.insert_temp(
                id,
                Place {
                    page: pager.page,
                    key,
                },
            )
        });
        pager
    }

    /// Names the two directions (the default is "Newer" and "Older", for newest-first lists).
    pub fn directions(mut self, back: &'static str, on: &'static str) -> Self {
        self.back = back;
        self.on = on;
        self
    }

    /// The rows on the current page.
    pub fn rows(&self) -> Range<usize> {
        let start = self.page * PAGE_SIZE;
        start.min(self.total)..(start + PAGE_SIZE).min(self.total)
    }

    /// Moves to the page holding row `index`.
    pub fn show_row(&mut self, ui: &Ui, index: usize) {
        self.page = index / PAGE_SIZE;
        let key = ui
            .data(|d| d.get_temp::<Place>(self.id))
            .unwrap_or_default()
            .key;
        ui.data_mut(|d| {
            d.insert_temp(
                self.id,
                Place {
                    page: self.page,
                    key,
                },
            )
        });
    }

    /// "Showing 51–100 of 3,650 entries", with buttons to the pages before and after. Nothing
    /// when everything fits on one page.
    pub fn controls(&mut self, ui: &mut Ui) {
        if self.total <= PAGE_SIZE {
            return;
        }
        let p = theme::palette(ui);
        let rows = self.rows();
        let pages = self.total.div_ceil(PAGE_SIZE);
        ui.horizontal_wrapped(|ui| {
            let back = self.page > 0;
            let on = self.page + 1 < pages;
            let back_text = format!("{} {}", self.back, self.what);
            if ui
                .add_enabled_ui(back, |ui| secondary_button(ui, &back_text))
                .inner
                .clicked()
            {
                self.page -= 1;
            }
            let on_text = format!("{} {}", self.on, self.what);
            if ui
                .add_enabled_ui(on, |ui| secondary_button(ui, &on_text))
                .inner
                .clicked()
            {
                self.page += 1;
            }
            ui.label(
                RichText::new(format!(
                    "Showing {}–{} of {} {}",
                    rows.start + 1,
                    rows.end,
                    self.total,
                    self.what
                ))
                .color(p.weak_text),
            );
        });
        let key = ui
            .data(|d| d.get_temp::<Place>(self.id))
            .unwrap_or_default()
            .key;
        ui.data_mut(|d| {
            d.insert_temp(
                self.id,
                Place {
                    page: self.page,
                    key,
                },
            )
        });
    }
}

/// What "Go to" understood: a day, or a whole month.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Jump {
    /// The first day meant.
    pub from: NaiveDate,
    /// The last day meant.
    pub to: NaiveDate,
}

/// Reads `2026-03-14`, or `2026-03` for the whole month.
pub fn parse_jump(text: &str) -> Option<Jump> {
    let text = text.trim();
    if let Some(day) = crate::journal::parse_date(text) {
        return Some(Jump { from: day, to: day });
    }
    let (year, month) = text.split_once('-')?;
    let from = NaiveDate::from_ymd_opt(year.parse().ok()?, month.parse().ok()?, 1)?;
    let to = from
        .checked_add_months(chrono::Months::new(1))
        .and_then(|next| next.pred_opt())?;
    debug_assert_eq!(from.month(), to.month());
    Some(Jump { from, to })
}

/// A "Go to a date or month" field with its button (`name` is what a screen reader calls the
/// field). Returns what was asked for when the person presses Enter or Go, and says so when it
/// cannot be read.
pub fn jump_ui(ui: &mut Ui, salt: impl Hash + std::fmt::Debug, name: &str) -> Option<Jump> {
    let id = ui.scope_id().with(("jump", salt));
    let mut text = ui.data(|d| d.get_temp::<String>(id)).unwrap_or_default();
    let mut asked = None;
    ui.horizontal(|ui| {
        let label = ui.label("Go to a date or month");
        let field = ui
            .add(
                egui::TextEdit::singleline(&mut text)
                    .hint_text("YYYY-MM-DD or YYYY-MM")
                    .desired_width(220.0)
                    .return_key(None),
            )
            .labelled_by(label.id);
        super::widgets::set_accessible_name(ui, &field, name);
        let enter = field.has_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        let go = secondary_button(ui, "Go");
        super::widgets::set_accessible_name(ui, &go, &format!("Go: {name}"));
        if go.clicked() || enter {
            asked = Some(parse_jump(&text));
        }
    });
    ui.data_mut(|d| d.insert_temp(id, text));
    let error_id = id.with("error");
    match asked {
        Some(Some(jump)) => {
            ui.data_mut(|d| d.remove::<bool>(error_id));
            return Some(jump);
        }
        Some(None) => ui.data_mut(|d| {
            d.insert_temp(error_id, true);
        }),
        None => {}
    }
    if ui.data(|d| d.get_temp::<bool>(error_id)).unwrap_or(false) {
        let p = theme::palette(ui);
        super::widgets::live_label(
            ui,
            RichText::new("Write a day as 2026-03-14, or a month as 2026-03.").color(p.amber),
            true,
        );
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_day_or_a_month_is_understood() {
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert_eq!(
            parse_jump(" 2024-02-29 "),
            Some(Jump {
                from: day(2024, 2, 29),
                to: day(2024, 2, 29)
            })
        );
        assert_eq!(
            parse_jump("2024-02"),
            Some(Jump {
                from: day(2024, 2, 1),
                to: day(2024, 2, 29)
            })
        );
        assert_eq!(
            parse_jump("2026-12"),
            Some(Jump {
                from: day(2026, 12, 1),
                to: day(2026, 12, 31)
            })
        );
        assert_eq!(parse_jump("March"), None);
        assert_eq!(parse_jump("2026-13"), None);
        assert_eq!(parse_jump(""), None);
    }
}
