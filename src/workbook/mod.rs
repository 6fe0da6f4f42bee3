//! Workbook definitions: the types an author writes, RON loading, validation, bundled files.
//!
//! This module knows nothing about answers, storage or the screen, and never imports egui.

mod describe;
mod estimate;
mod feelings;
mod load;
mod syntax;
mod types;
mod validate;

pub use describe::{
    TextBlock, input_words, notes, safety_words, shown_when, test_words, text_blocks,
};
pub use estimate::{Estimate, SLACK_MINUTES, SLACK_SHARE, WORDS_PER_MINUTE, estimate};
pub use feelings::Quadrant;
pub use load::{
    LoadError, MAX_WORKBOOK_BYTES, Problem, format_problems, load_workbook_file, parse_workbook,
    plain_parse_error, plain_ron_error,
};
pub use types::{
    Audience, Cadence, Condition, Field, FieldKind, FollowUp, Input, Leaf, Ledger, Prompt, Recall,
    SafetyFlag, SafetyHelp, Section, Sustained, Test, Theme, Workbook,
};

/// The one definition of coercive control that every bundled fear question uses, word for word
/// (a test checks), and that the abuse-support help screen shows.
pub const COERCIVE_CONTROL: &str = include_str!("../../workbooks/shared/coercive-control.txt");

/// Commented starting files for authors (`trustwork new --template NAME FILE`): name, what it
/// is, and its text. Each one validates as it stands.
pub const TEMPLATES: &[(&str, &str, &str)] = &[
    (
        "reflection",
        "a one-off reflection: a scale, a checklist, a good place to stop, some writing",
        include_str!("../../workbooks/templates/reflection.ron"),
    ),
    (
        "log",
        "a repeated log: last time's plan recalled, how it went, this week's plan and a follow-up",
        include_str!("../../workbooks/templates/log.ron"),
    ),
    (
        "couple",
        "a couple exercise with its safety question first and every couple page gated on it",
        include_str!("../../workbooks/templates/couple.ron"),
    ),
];

/// The workbooks compiled into the binary, in the suggested order: file name and RON source.
pub const BUNDLED: &[(&str, &str)] = &[
    (
        "start-here.ron",
        include_str!("../../workbooks/start-here.ron"),
    ),
    (
        "whats-happening.ron",
        include_str!("../../workbooks/whats-happening.ron"),
    ),
    (
        "self-trust-first.ron",
        include_str!("../../workbooks/self-trust-first.ron"),
    ),
    (
        "self-trust-next.ron",
        include_str!("../../workbooks/self-trust-next.ron"),
    ),
    (
        "daily-check-in.ron",
        include_str!("../../workbooks/daily-check-in.ron"),
    ),
    (
        "keeping-my-word.ron",
        include_str!("../../workbooks/keeping-my-word.ron"),
    ),
    (
        "gut-calls.ron",
        include_str!("../../workbooks/gut-calls.ron"),
    ),
    (
        "trust-experiments.ron",
        include_str!("../../workbooks/trust-experiments.ron"),
    ),
    (
        "thought-record.ron",
        include_str!("../../workbooks/thought-record.ron"),
    ),
    (
        "hard-night.ron",
        include_str!("../../workbooks/hard-night.ron"),
    ),
    (
        "safety-plan.ron",
        include_str!("../../workbooks/safety-plan.ron"),
    ),
    (
        "recognising-the-wound.ron",
        include_str!("../../workbooks/recognising-the-wound.ron"),
    ),
    (
        "writing-it-out.ron",
        include_str!("../../workbooks/writing-it-out.ron"),
    ),
    (
        "grief-and-loss.ron",
        include_str!("../../workbooks/grief-and-loss.ron"),
    ),
    (
        "stay-go-not-yet.ron",
        include_str!("../../workbooks/stay-go-not-yet.ron"),
    ),
    (
        "about-forgiveness.ron",
        include_str!("../../workbooks/about-forgiveness.ron"),
    ),
    (
        "emotional-transparency.ron",
        include_str!("../../workbooks/emotional-transparency.ron"),
    ),
    (
        "honest-communication.ron",
        include_str!("../../workbooks/honest-communication.ron"),
    ),
    (
        "responsibility-and-amends.ron",
        include_str!("../../workbooks/responsibility-and-amends.ron"),
    ),
    (
        "when-i-broke-trust.ron",
        include_str!("../../workbooks/when-i-broke-trust.ron"),
    ),
    (
        "clear-boundaries.ron",
        include_str!("../../workbooks/clear-boundaries.ron"),
    ),
    (
        "time-to-heal.ron",
        include_str!("../../workbooks/time-to-heal.ron"),
    ),
    (
        "new-experiences.ron",
        include_str!("../../workbooks/new-experiences.ron"),
    ),
    (
        "couple-sharing-turns.ron",
        include_str!("../../workbooks/couple-sharing-turns.ron"),
    ),
    (
        "couple-repair-agreements.ron",
        include_str!("../../workbooks/couple-repair-agreements.ron"),
    ),
    (
        "couple-new-chapter.ron",
        include_str!("../../workbooks/couple-new-chapter.ron"),
    ),
];

/// The suggested order through the bundled workbooks, self-trust first. A suggestion only:
/// the library shows it as "Start here", and every workbook stays open.
pub const SUGGESTED_PATH: &[&str] = &[
    "start-here",
    "self-trust-first",
    "whats-happening",
    "daily-check-in",
    "keeping-my-word",
    "self-trust-next",
    "recognising-the-wound",
    "emotional-transparency",
    "honest-communication",
    "responsibility-and-amends",
    "clear-boundaries",
    "time-to-heal",
    "new-experiences",
];

/// Every bundled workbook that parses, with its source text.
pub fn bundled_with_sources() -> Vec<(Workbook, &'static str)> {
    BUNDLED
        .iter()
        .filter_map(|(_, source)| parse_workbook(source).ok().map(|w| (w, *source)))
        .collect()
}

/// The bundled workbook with this id.
pub fn bundled_workbook(id: &str) -> Option<Workbook> {
    bundled().into_iter().flatten().find(|w| w.id == id)
}

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

/// Advice on a valid workbook before it is sent, as sentences: an id that is trustwork's own or
/// still a template's, and a template's "Your name" left in `assigned_by`. Never a reason to
/// refuse the file.
pub fn advice(workbook: &Workbook) -> Vec<String> {
    let mut advice = Vec::new();
    let own = "give it an id of your own, such as one starting with your initials (see the guide, section 8)";
    if let Some(bundled) = bundled_workbook(&workbook.id) {
        advice.push(format!(
            "its id `{}` is that of trustwork's own \"{}\": {own}",
            workbook.id, bundled.title
        ));
    }
    let template = TEMPLATES
        .iter()
        .any(|(_, _, text)| parse_workbook(text).is_ok_and(|t| t.id == workbook.id));
    if template {
        advice.push(format!(
            "its id `{}` is still the template's: {own}",
            workbook.id
        ));
    }
    if workbook.assigned_by.as_deref() == Some("Your name") {
        advice.push(
            "`assigned_by` still says \"Your name\": put your name as clients know you, or delete the line"
                .to_owned(),
        );
    }
    advice.extend(ungated_couple_pages(workbook));
    advice
}

/// In a couple workbook, the pages after its safety question (one whose `safety` flag brings
/// up abuse support) that do not depend on it, directly or through a page that does: each is
/// shown whatever the answer, which is right for a closing page and wrong for an exercise.
fn ungated_couple_pages(workbook: &Workbook) -> Vec<String> {
    if workbook.audience != Audience::Couple {
        return Vec::new();
    }
    let Some((gate_section, gate)) = workbook.prompts().find(|(_, p)| {
        p.safety
            .as_ref()
            .is_some_and(|flag| flag.show == SafetyHelp::AbuseSupport)
    }) else {
        return Vec::new();
    };
    let safe = match gate.safety.as_ref().map(|flag| &flag.when) {
        Some(Test::IsYes) => "IsNo",
        Some(Test::IsNo) => "IsYes",
        _ => "…",
    };
    // Answers that can only be given once the gate said it is safe.
    let mut gated: std::collections::BTreeSet<&str> = [gate.id.as_str()].into();
    let depends = |condition: &Option<Condition>, gated: &std::collections::BTreeSet<&str>| {
        condition
            .as_ref()
            .is_some_and(|c| c.answers().iter().any(|leaf| gated.contains(leaf.prompt)))
    };
    let mut advice = Vec::new();
    for section in &workbook.sections[gate_section + 1..] {
        let page_gated = depends(&section.show_if, &gated);
        let every_prompt_gated = section.prompts.iter().all(|p| depends(&p.show_if, &gated));
        if page_gated || every_prompt_gated {
            gated.extend(section.prompts.iter().map(|p| p.id.as_str()));
        } else {
            gated.extend(
                section
                    .prompts
                    .iter()
                    .filter(|p| depends(&p.show_if, &gated))
                    .map(|p| p.id.as_str())
                    .collect::<Vec<_>>(),
            );
            advice.push(format!(
                "page `{}` (\"{}\") comes after the safety question `{}` but does not depend on it, so it is shown whatever the answer. If it is something to do together, add `show_if: Some(Answer(\"{}\", {safe})),` to it; if it is for everyone, such as a closing page, leave it",
                section.id, section.title, gate.id, gate.id
            ));
        }
    }
    advice
}

impl Workbook {
    /// "Assigned by Dr Jo Hart on 2026-12-01", or the part the workbook gives.
    pub fn assigned_words(&self) -> Option<String> {
        match (&self.assigned_by, &self.assigned_on) {
            (Some(by), Some(on)) => Some(format!("Assigned by {by} on {on}")),
            (Some(by), None) => Some(format!("Assigned by {by}")),
            (None, Some(on)) => Some(format!("Assigned on {on}")),
            (None, None) => None,
        }
    }

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
