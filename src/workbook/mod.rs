//! Workbook definitions: the types an author writes, RON loading, validation, bundled files.
//!
//! This module knows nothing about answers, storage or the screen, and never imports egui.

mod feelings;
mod load;
mod types;
mod validate;

pub use feelings::Quadrant;
pub use load::{
    LoadError, MAX_WORKBOOK_BYTES, Problem, format_problems, load_workbook_file, parse_workbook,
};
pub use types::{
    Audience, Cadence, Condition, Field, FieldKind, Input, Prompt, SafetyFlag, SafetyHelp, Section,
    Test, Theme, Workbook,
};

/// The workbooks compiled into the binary: file name and RON source.
pub const BUNDLED: &[(&str, &str)] = &[
    (
        "self-trust-first.ron",
        include_str!("../../workbooks/self-trust-first.ron"),
    ),
    (
        "emotional-transparency.ron",
        include_str!("../../workbooks/emotional-transparency.ron"),
    ),
    (
        "new-experiences.ron",
        include_str!("../../workbooks/new-experiences.ron"),
    ),
    (
        "daily-check-in.ron",
        include_str!("../../workbooks/daily-check-in.ron"),
    ),
];

/// Parses every bundled workbook, with problems formatted as `workbooks/FILE:line:column: …`.
pub fn bundled() -> Vec<Result<Workbook, String>> {
    BUNDLED
        .iter()
        .map(|(name, source)| {
            parse_workbook(source)
                .map_err(|problems| format_problems(&format!("workbooks/{name}"), &problems))
        })
        .collect()
}

impl Workbook {
    /// Every prompt in document order, with the index of its section.
    pub fn prompts(&self) -> impl Iterator<Item = (usize, &Prompt)> {
        self.sections
            .iter()
            .enumerate()
            .flat_map(|(i, s)| s.prompts.iter().map(move |p| (i, p)))
    }

    /// The prompt with this id.
    pub fn prompt(&self, id: &str) -> Option<&Prompt> {
        self.prompts().map(|(_, p)| p).find(|p| p.id == id)
    }
}
