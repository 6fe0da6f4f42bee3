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

/// The text of the template called `name`, if there is one.
pub fn template(name: &str) -> Option<&'static str> {
    TEMPLATES
        .iter()
        .find(|(n, _, _)| *n == name)
        .map(|(_, _, text)| *text)
}

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
    // A "how sure" question the ledger cannot find here is most often a misspelt id; it can
    // also be asked in the workbook a follow-up comes from, so this is only a note.
    for (_, prompt) in workbook.prompts() {
        let Some(ledger) = &prompt.ledger else {
            continue;
        };
        for sure in ledger.sure() {
            if workbook.prompt(sure).is_none() {
                advice.push(format!(
                    "the `ledger` of `{}` takes how sure from `{sure}`, which is not a question in this workbook: it counts only when the promise or hunch looked back on comes from a workbook that asks it. If you meant a question here, copy its id exactly",
                    prompt.id
                ));
            }
        }
    }
    advice.extend(ungated_couple_pages(workbook));
    advice
}

/// In a couple workbook, the pages after its safety question (one whose `safety` flag brings
/// up abuse support) that could be shown to a person who has just given the answer that
/// brings up help: a page shown whatever the answer (right for a closing page, wrong for an
/// exercise), and any page after the support page shown only for that answer (a test the
/// wrong way round). Worked out from the conditions, with hidden questions unanswered, as the
/// runner does.
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
    let Some(when) = gate.safety.as_ref().map(|flag| &flag.when) else {
        return Vec::new();
    };
    let id = &gate.id;
    let safe_test = match when {
        Test::IsYes => format!("Answer(\"{id}\", IsNo)"),
        Test::IsNo => format!("Answer(\"{id}\", IsYes)"),
        Test::Is(option) => format!("Not(Answer(\"{id}\", Is(\"{option}\")))"),
        // Other tests leave too much open to say anything useful.
        _ => return Vec::new(),
    };
    // How a test on the safety question comes out when its answer is the one that brings up
    // help (`flagged`) or another one; `None` when it could go either way.
    let on_gate = |test: &Test, flagged: bool| -> Option<bool> {
        match (when, test) {
            (_, Test::Answered) => Some(true),
            (Test::IsYes, Test::IsYes) | (Test::IsNo, Test::IsNo) => Some(flagged),
            (Test::IsYes, Test::IsNo) | (Test::IsNo, Test::IsYes) => Some(!flagged),
            (Test::Is(chosen), Test::Is(option)) if flagged => Some(option == chosen),
            (Test::Is(chosen), Test::Is(option)) if option == chosen => Some(false),
            _ => None,
        }
    };
    let for_flagged = pages_that_can_show(workbook, id, &|test| on_gate(test, true));
    let for_other = pages_that_can_show(workbook, id, &|test| on_gate(test, false));
    let mut advice = Vec::new();
    let mut support_seen = false;
    for (i, section) in workbook.sections.iter().enumerate().skip(gate_section + 1) {
        let page = format!("page `{}` (\"{}\")", section.id, section.title);
        match (for_flagged[i], for_other[i]) {
            (true, true) => advice.push(format!(
                "{page} comes after the safety question `{id}` and is shown whatever its answer. If it is something to do together, add `show_if: Some({safe_test}),` to it; if it is for everyone, such as a closing page, leave it"
            )),
            (true, false) if support_seen => advice.push(format!(
                "{page} is shown only after the answer to the safety question `{id}` that brings up help, as the support page is. If it is something to do together, its test is the wrong way round: use `show_if: Some({safe_test}),`; if it is more support, leave it"
            )),
            (true, false) => support_seen = true,
            _ => {}
        }
    }
    advice
}

/// Which pages could be shown (with a question or an intro on screen) when the safety question
/// `gate` comes out as `on_gate` says, every other shown question answered in any way, and a
/// hidden one unanswered.
fn pages_that_can_show(
    workbook: &Workbook,
    gate: &str,
    on_gate: &dyn Fn(&Test) -> Option<bool>,
) -> Vec<bool> {
    let mut answerable: std::collections::BTreeSet<&str> = [gate].into();
    let mut pages = Vec::new();
    for section in &workbook.sections {
        let mut shows = can_hold(section.show_if.as_ref(), &|l| {
            leaf_outcome(l, gate, on_gate, &answerable)
        });
        if shows {
            // In order, so a question can depend on one before it on the same page.
            let mut any_question = false;
            for prompt in &section.prompts {
                if can_hold(prompt.show_if.as_ref(), &|l| {
                    leaf_outcome(l, gate, on_gate, &answerable)
                }) {
                    answerable.insert(&prompt.id);
                    any_question = true;
                }
            }
            shows = any_question || !section.intro.trim().is_empty();
        }
        pages.push(shows);
    }
    pages
}

/// How one test comes out: on the safety question as `on_gate` says; on a question that can be
/// shown, either way (`None`); on one that cannot, as unanswered.
fn leaf_outcome(
    leaf: &Leaf<'_>,
    gate: &str,
    on_gate: &dyn Fn(&Test) -> Option<bool>,
    answerable: &std::collections::BTreeSet<&str>,
) -> Option<bool> {
    if leaf.prompt == gate && leaf.field.is_none() {
        on_gate(leaf.test)
    } else if answerable.contains(leaf.prompt) {
        None
    } else {
        Some(false)
    }
}

/// Whether a condition can hold, each test inside coming out as `leaf` says, or either way
/// where it says `None`. With more than 12 open tests, it is taken that it can.
fn can_hold(condition: Option<&Condition>, leaf: &dyn Fn(&Leaf<'_>) -> Option<bool>) -> bool {
    let Some(condition) = condition else {
        return true;
    };
    let leaves = condition.answers();
    let open: Vec<*const Test> = leaves
        .iter()
        .filter(|l| leaf(l).is_none())
        .map(|l| std::ptr::from_ref(l.test))
        .collect();
    if open.len() > 12 {
        return true;
    }
    (0..1u32 << open.len()).any(|mask| {
        condition.holds(&|l| {
            leaf(&l).unwrap_or_else(|| {
                let i = open
                    .iter()
                    .position(|t| std::ptr::eq(*t, l.test))
                    .unwrap_or(0);
                mask & (1 << i) != 0
            })
        })
    })
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
