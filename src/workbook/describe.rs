//! A workbook in words, for people who do not read RON: when a page or question is shown
//! ("shown when “Is it safe to do this together?” is No"), what kind of answer it takes, and
//! what a safety flag does. The preview and the printable outline use these.

use std::fmt::Write as _;

use super::types::{Condition, Input, Leaf, Prompt, SafetyHelp, Test, Workbook};

/// The longest question quoted inside a sentence before it is shortened with "…".
const QUOTE_CHARS: usize = 70;

/// "shown when “Is it safe to do this together?” is No", or "shown unless …".
pub fn shown_when(workbook: &Workbook, condition: &Condition) -> String {
    match condition {
        Condition::Not(inner) => format!("shown unless {}", phrase(workbook, inner, false)),
        _ => format!("shown when {}", phrase(workbook, condition, false)),
    }
}

fn phrase(workbook: &Workbook, condition: &Condition, nested: bool) -> String {
    let group = |all: &[Condition], word: &str| {
        let text = all
            .iter()
            .map(|c| phrase(workbook, c, true))
            .collect::<Vec<_>>()
            .join(word);
        if nested && all.len() > 1 {
            format!("({text})")
        } else {
            text
        }
    };
    match condition {
        Condition::Answer(..) | Condition::AnyRecord(..) => {
            leaf_words(workbook, condition.answers()[0], false)
        }
        Condition::Not(inner) => match inner.as_ref() {
            Condition::Answer(..) | Condition::AnyRecord(..) => {
                leaf_words(workbook, inner.answers()[0], true)
            }
            _ => format!("not {}", phrase(workbook, inner, true)),
        },
        Condition::AnyOf(all) => {
            same_question_options(workbook, all).unwrap_or_else(|| group(all, " or "))
        }
        Condition::AllOf(all) => group(all, " and "),
    }
}

/// "“How did it go?” is “Kept” or “Partly kept”": one question, several options.
fn same_question_options(workbook: &Workbook, all: &[Condition]) -> Option<String> {
    let mut id = None;
    let mut options = Vec::new();
    for condition in all {
        let Condition::Answer(prompt, Test::Is(option)) = condition else {
            return None;
        };
        if id.is_some_and(|id| id != prompt) {
            return None;
        }
        id = Some(prompt);
        options.push(quote(option));
    }
    let asked = workbook.prompt(id?).map_or_else(
        || format!("`{}`", id.unwrap_or(&String::new())),
        |p| quote(&p.ask),
    );
    let last = options.pop()?;
    if options.is_empty() {
        return Some(format!("{asked} is {last}"));
    }
    Some(format!("{asked} is {} or {last}", options.join(", ")))
}

/// One test in words; `negated` for a `Not` inside a group ("is not “Kept”").
fn leaf_words(workbook: &Workbook, leaf: Leaf<'_>, negated: bool) -> String {
    let prompt = workbook.prompt(leaf.prompt);
    let asked = prompt.map_or_else(|| format!("`{}`", leaf.prompt), |p| quote(&p.ask));
    let feelings = prompt.is_some_and(|p| matches!(p.input, Input::Feelings { .. }));
    match leaf.field {
        None if negated => format!("{asked} {}", negated_test_words(leaf.test, feelings)),
        None => format!("{asked} {}", test_words(leaf.test, feelings)),
        Some(field) => {
            let label = prompt
                .and_then(|p| match &p.input {
                    Input::List { fields, .. } => fields.iter().find(|f| f.id == field),
                    _ => None,
                })
                .map_or_else(|| format!("`{field}`"), |f| quote(&f.label));
            format!(
                "{label} {} in {} row of {asked}",
                test_words(leaf.test, false),
                if negated { "no" } else { "at least one" },
            )
        }
    }
}

/// "is No", "is “Kept”", "is 7 or more", "includes the feeling “calm”".
pub fn test_words(test: &Test, feelings: bool) -> String {
    match test {
        Test::Answered => "is answered".to_owned(),
        Test::IsYes => "is Yes".to_owned(),
        Test::IsNo => "is No".to_owned(),
        Test::Is(option) => format!("is {}", quote(option)),
        Test::Includes(option) if feelings => format!("includes the feeling {}", quote(option)),
        Test::Includes(option) => format!("includes {}", quote(option)),
        Test::AtLeast(n) if feelings => format!("is felt at strength {n} or more"),
        Test::AtMost(n) if feelings => format!("is felt at strength {n} or less"),
        Test::AtLeast(n) => format!("is {n} or more"),
        Test::AtMost(n) => format!("is {n} or less"),
    }
}

/// "is not Yes", "is not “Kept”", "does not include the feeling “calm”".
fn negated_test_words(test: &Test, feelings: bool) -> String {
    match test {
        Test::Includes(option) if feelings => {
            format!("does not include the feeling {}", quote(option))
        }
        Test::Includes(option) => format!("does not include {}", quote(option)),
        _ => test_words(test, feelings).replacen("is ", "is not ", 1),
    }
}

/// A part of an author's text (an `intro`, a `help`, a content note), as the guide's §7 says
/// it reads: paragraphs split on blank lines with their lines joined, and a block whose lines
/// all start with `- ` as bullets.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TextBlock {
    Paragraph(String),
    Bullets(Vec<String>),
}

/// An author's text as paragraphs and bullet lists.
pub fn text_blocks(text: &str) -> Vec<TextBlock> {
    let text = text.replace("\r\n", "\n");
    text.split("\n\n")
        .map(str::trim)
        .filter(|b| !b.is_empty())
        .map(|block| {
            let lines: Vec<&str> = block.lines().map(str::trim).collect();
            if lines.iter().all(|l| l.starts_with("- ")) {
                TextBlock::Bullets(lines.iter().map(|l| l[2..].to_owned()).collect())
            } else {
                TextBlock::Paragraph(lines.join(" "))
            }
        })
        .collect()
}

/// A text in curly quotes, shortened if long.
fn quote(text: &str) -> String {
    let text = text.trim();
    if text.chars().count() > QUOTE_CHARS {
        let cut: String = text.chars().take(QUOTE_CHARS - 1).collect();
        format!("“{}…”", cut.trim_end())
    } else {
        format!("“{text}”")
    }
}

/// What kind of answer a question takes, in words.
pub fn input_words(input: &Input) -> String {
    let list = |items: &[String]| items.join(", ");
    match input {
        Input::ShortText => "a line of text".to_owned(),
        Input::LongText => "free writing".to_owned(),
        Input::Scale {
            min,
            max,
            low,
            high,
        } => format!("a number from {min} ({low}) to {max} ({high})"),
        Input::YesNo => "yes or no".to_owned(),
        Input::Choice { options } => format!("one of: {}", list(options)),
        Input::Checklist { options, other } => format!(
            "any of: {}{}",
            list(options),
            if *other { ", or something else" } else { "" }
        ),
        Input::Feelings {
            pick_up_to,
            intensity,
        } => format!(
            "up to {pick_up_to} feeling words{}",
            if *intensity {
                ", and how strong, from 1 to 10"
            } else {
                ""
            }
        ),
        Input::Date => "a date".to_owned(),
        Input::List { fields, .. } => format!(
            "a list of rows, each with: {}",
            fields
                .iter()
                .map(|f| f.label.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ),
        Input::Split { total, parts, unit } => {
            format!("{total}{unit} shared out between: {}", list(parts))
        }
        Input::Sort { items, bins } => {
            format!("each of {} sorted into: {}", list(items), list(bins))
        }
    }
}

/// What a safety flag does, in words, such as "If Yes: “Get help now” opens with crisis
/// lines".
pub fn safety_words(prompt: &Prompt) -> Option<String> {
    let flag = prompt.safety.as_ref()?;
    let feelings = matches!(prompt.input, Input::Feelings { .. });
    let what = match flag.show {
        SafetyHelp::CrisisHelp => "crisis lines and the emergency number",
        SafetyHelp::AbuseSupport => "domestic abuse support first",
        SafetyHelp::SeeProfessional => "a word about seeing a professional, and the lines",
        SafetyHelp::UrgeToHurt => "lines for people worried about their own behaviour first",
    };
    Some(format!(
        "When the answer {}: “Get help now” opens with {what}.",
        test_words(&flag.when, feelings)
    ))
}

/// Everything else worth knowing about a question: recall, follow-up, not saved, timer, chart.
pub fn notes(workbook: &Workbook, prompt: &Prompt) -> Vec<String> {
    let mut notes = Vec::new();
    if let Some(recall) = &prompt.recall {
        let from = recall.workbook.as_deref().unwrap_or(&workbook.id);
        let asked = if from == workbook.id {
            workbook
                .prompt(&recall.prompt)
                .map_or_else(|| format!("`{}`", recall.prompt), |p| quote(&p.ask))
        } else {
            format!("`{}` in the workbook `{from}`", recall.prompt)
        };
        notes.push(format!(
            "Shows, above it, the last answer to {asked} from an earlier entry."
        ));
    }
    if let Some(follow_up) = &prompt.follow_up {
        notes.push(format!(
            "On the date chosen, the library shows “To look back on: {} on …”.",
            follow_up.label
        ));
    }
    if let Some(mark) = &prompt.ledger {
        let [yes, partly, no] = mark.options().map(|o| o.map(quote));
        let (kind, yes_word, partly_word, no_word) = if mark.is_promise() {
            ("a promise", "kept", "partly kept", "not kept")
        } else {
            ("a gut call", "right", "partly right", "wrong")
        };
        let mut counts = format!("{} counts as {yes_word}", yes.unwrap_or_default());
        if let Some(partly) = partly {
            let _ = write!(counts, ", {partly} as {partly_word}");
        }
        let _ = write!(counts, ", {} as {no_word}", no.unwrap_or_default());
        let named = mark.options().iter().flatten().count();
        let options = match &prompt.input {
            Input::Choice { options } => options.len(),
            _ => 2,
        };
        let rest = if named < options {
            " Other answers are not counted."
        } else {
            ""
        };
        notes.push(format!(
            "On the Self-trust page, as {kind}: {counts}.{rest}"
        ));
    }
    if prompt.not_saved {
        notes.push(
            "Not saved: used only while the page is open, and asked again next time.".to_owned(),
        );
    }
    if let Some(minutes) = prompt.time_box_minutes {
        notes.push(format!(
            "Offers a {minutes}-minute timer and a way out to a grounding exercise."
        ));
    }
    if prompt.chart {
        notes.push("Charted over time in Past entries.".to_owned());
    }
    if prompt.required {
        notes.push("Needs an answer before moving on.".to_owned());
    }
    notes
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workbook::parse_workbook;

    fn workbook() -> Workbook {
        parse_workbook(
            r#"Workbook(id: "w", version: 1, title: "W", summary: "S.", audience: Solo, cadence: Once, minutes: 1, intro: "",
            sections: [
              Section(id: "a", title: "A", prompts: [
                Prompt(id: "safe", ask: "Is it safe to do this together?", input: YesNo,
                       safety: Some(SafetyFlag(when: IsNo, show: AbuseSupport))),
                Prompt(id: "felt", ask: "How do I feel?", input: Feelings(intensity: true)),
                Prompt(id: "moments", ask: "Moments", input: List(fields: [Field(id: "done", label: "Done?", kind: YesNo)])),
                Prompt(id: "kept", ask: "How did it go?", input: Choice(options: ["Kept", "Not yet"])),
              ]),
            ])"#,
        )
        .unwrap()
    }

    fn words(condition: &str) -> String {
        let wb = workbook();
        let condition: Condition = ron::from_str(condition).unwrap();
        shown_when(&wb, &condition)
    }

    #[test]
    fn author_text_reads_as_paragraphs_and_bullets() {
        assert_eq!(
            text_blocks("One line\r\nand the next.\n\n- tea\n- a walk\n\n\n"),
            vec![
                TextBlock::Paragraph("One line and the next.".to_owned()),
                TextBlock::Bullets(vec!["tea".to_owned(), "a walk".to_owned()]),
            ]
        );
        assert_eq!(
            text_blocks("Lead-in:\n- not a list alone"),
            vec![TextBlock::Paragraph(
                "Lead-in: - not a list alone".to_owned()
            )]
        );
    }

    #[test]
    fn conditions_read_as_sentences() {
        assert_eq!(
            words(r#"Answer("safe", IsNo)"#),
            "shown when “Is it safe to do this together?” is No"
        );
        assert_eq!(
            words(r#"Not(Answer("kept", Is("Kept")))"#),
            "shown unless “How did it go?” is “Kept”"
        );
        assert_eq!(
            words(
                r#"AnyOf([Answer("felt", AtLeast(8)), AllOf([Answer("safe", IsYes), AnyRecord("moments", "done", IsYes)])])"#
            ),
            "shown when “How do I feel?” is felt at strength 8 or more or (“Is it safe to do this together?” is Yes and “Done?” is Yes in at least one row of “Moments”)"
        );
        assert_eq!(
            words(
                r#"AllOf([Answer("kept", Answered), Not(Answer("kept", Is("Kept"))), Not(AnyRecord("moments", "done", IsYes)), Not(Answer("felt", Includes("calm")))])"#
            ),
            "shown when “How did it go?” is answered and “How did it go?” is not “Kept” and “Done?” is Yes in no row of “Moments” and “How do I feel?” does not include the feeling “calm”"
        );
        assert_eq!(
            words(r#"AnyOf([Answer("kept", Is("Kept")), Answer("kept", Is("Not yet"))])"#),
            "shown when “How did it go?” is “Kept” or “Not yet”"
        );
        assert_eq!(
            words(r#"Answer("felt", Includes("calm"))"#),
            "shown when “How do I feel?” includes the feeling “calm”"
        );
    }

    #[test]
    fn a_safety_flag_says_what_opens() {
        let wb = workbook();
        assert_eq!(
            safety_words(&wb.sections[0].prompts[0]).unwrap(),
            "When the answer is No: “Get help now” opens with domestic abuse support first."
        );
    }

    #[test]
    fn a_ledger_question_says_how_each_answer_counts() {
        let wb =
            crate::workbook::bundled_workbook("gut-calls").unwrap_or_else(|| panic!("bundled"));
        let outcome = wb.prompt("outcome").unwrap_or_else(|| panic!("outcome"));
        let notes = notes(&wb, outcome);
        assert!(
            notes.contains(&"On the Self-trust page, as a gut call: “I was right” counts as right, “Partly right” as partly right, “I was wrong” as wrong. Other answers are not counted.".to_owned()),
            "{notes:#?}"
        );
    }
}
