//! An honest estimate of one sitting: reading every word shown, plus answering each prompt.
//!
//! `trustwork validate` prints it beside the workbook's own `minutes`, and a test holds every
//! bundled workbook to it. The rule is written out in `workbooks/README.md` §11, so an author
//! can check a figure by hand.

use super::types::{FieldKind, Input, Prompt, Workbook};

/// Reading speed, in words a minute: slower than the usual 200, for someone tired or upset.
pub const WORDS_PER_MINUTE: f32 = 150.0;

/// How far the stated `minutes` may be from the estimate before `validate` says so: this
/// share of the estimate, or [`SLACK_MINUTES`], whichever is more.
pub const SLACK_SHARE: f32 = 0.3;

/// The smallest allowed difference, in minutes, for short workbooks.
pub const SLACK_MINUTES: f32 = 3.0;

/// One sitting's length, split into its parts.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Estimate {
    /// Words a person reads: intros, questions, help, options.
    pub words: usize,
    /// Minutes answering.
    pub answering_minutes: f32,
}

impl Estimate {
    /// Minutes reading, at [`WORDS_PER_MINUTE`].
    pub fn reading_minutes(&self) -> f32 {
        self.words as f32 / WORDS_PER_MINUTE
    }

    /// The whole sitting, rounded to the nearest minute and at least one.
    #[expect(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        reason = "a positive number of minutes, far below u32::MAX"
    )]
    pub fn minutes(&self) -> u32 {
        ((self.reading_minutes() + self.answering_minutes).round() as u32).max(1)
    }

    /// Whether `stated` minutes is close enough to this estimate.
    pub fn agrees_with(&self, stated: u32) -> bool {
        let estimate = self.reading_minutes() + self.answering_minutes;
        let slack = (estimate * SLACK_SHARE).max(SLACK_MINUTES);
        (stated as f32 - estimate).abs() <= slack
    }
}

/// Estimates a first sitting of `workbook`. Parts shown only on some paths (a `show_if` on the
/// section or the prompt) count half, since a person meets some of them and not others; a timed
/// writing box always counts whole, since a workbook that has one is opened for it.
#[expect(
    clippy::cast_possible_truncation,
    clippy::cast_sign_loss,
    reason = "word counts are positive and small"
)]
pub fn estimate(workbook: &Workbook) -> Estimate {
    let mut words =
        count_words(&workbook.intro) + workbook.content_note.as_deref().map_or(0, count_words);
    let mut answering = 0.0;
    for section in &workbook.sections {
        let timed = |p: &Prompt| p.time_box_minutes.is_some();
        let section_weight = if section.show_if.is_some() && !section.prompts.iter().any(timed) {
            0.5
        } else {
            1.0
        };
        let mut section_words = (count_words(&section.title) + count_words(&section.intro)) as f32;
        let mut section_answering = 0.0;
        for prompt in &section.prompts {
            let weight = if prompt.show_if.is_some() && !timed(prompt) {
                0.5
            } else {
                1.0
            };
            section_words += weight * prompt_words(prompt) as f32;
            section_answering += weight * answering_seconds(prompt) / 60.0;
        }
        words += (section_weight * section_words).round() as usize;
        answering += section_weight * section_answering;
    }
    Estimate {
        words,
        answering_minutes: answering,
    }
}

fn count_words(text: &str) -> usize {
    text.split_whitespace().count()
}

/// The words of a prompt's question, help and any options or parts to read.
fn prompt_words(prompt: &Prompt) -> usize {
    let listed = |items: &[String]| items.iter().map(|s| count_words(s)).sum::<usize>();
    let input = match &prompt.input {
        Input::Scale { low, high, .. } => count_words(low) + count_words(high),
        Input::Choice { options } | Input::Checklist { options, .. } => listed(options),
        Input::List { fields, .. } => fields.iter().map(|f| count_words(&f.label)).sum(),
        Input::Split { parts, .. } => listed(parts),
        Input::Sort { items, bins } => listed(items) + listed(bins),
        Input::ShortText
        | Input::LongText
        | Input::YesNo
        | Input::Feelings { .. }
        | Input::Date => 0,
    };
    count_words(&prompt.ask) + count_words(&prompt.help) + input
}

/// Seconds to answer one prompt the first time. A timed writing box counts its whole time.
fn answering_seconds(prompt: &Prompt) -> f32 {
    if let Some(minutes) = prompt.time_box_minutes {
        return minutes as f32 * 60.0;
    }
    match &prompt.input {
        Input::ShortText => 30.0,
        Input::LongText => 180.0,
        Input::Scale { .. } | Input::Choice { .. } => 10.0,
        Input::YesNo => 5.0,
        Input::Checklist { options, .. } => 5.0 + 2.0 * options.len() as f32,
        Input::Feelings { intensity, .. } => {
            if *intensity {
                40.0
            } else {
                30.0
            }
        }
        Input::Date => 15.0,
        // Two records, the usual first go at a list.
        Input::List { fields, .. } => 2.0 * fields.iter().map(field_seconds).sum::<f32>(),
        Input::Split { parts, .. } => 15.0 + 10.0 * parts.len() as f32,
        Input::Sort { items, .. } => 5.0 * items.len() as f32,
    }
}

fn field_seconds(field: &super::types::Field) -> f32 {
    match field.kind {
        FieldKind::Text => 30.0,
        FieldKind::LongText => 90.0,
        FieldKind::Date => 15.0,
        FieldKind::YesNo => 5.0,
        FieldKind::Scale { .. } => 10.0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workbook::parse_workbook;

    fn workbook(sections: &str) -> Workbook {
        parse_workbook(&format!(
            r#"Workbook(id: "t", version: 1, title: "T", summary: "One two.", theme: General,
               audience: Solo, cadence: Once, minutes: 1, intro: "", sections: [{sections}])"#
        ))
        .expect("test workbook parses")
    }

    #[test]
    fn words_and_answers_add_up_and_a_condition_counts_half() {
        let plain = workbook(
            r#"Section(id: "a", title: "Two words", prompts: [
                Prompt(id: "p", ask: "One two three four", input: LongText),
            ])"#,
        );
        let got = estimate(&plain);
        assert_eq!(got.words, 6);
        assert!((got.answering_minutes - 3.0).abs() < 1e-6);

        let conditional = workbook(
            r#"Section(id: "a", title: "Two words", prompts: [
                Prompt(id: "q", ask: "Yes?", input: YesNo),
                Prompt(id: "p", ask: "One two three four", input: LongText,
                       show_if: Some(Answer("q", IsYes))),
            ])"#,
        );
        let got = estimate(&conditional);
        assert_eq!(got.words, 2 + 1 + 2);
        let expected = (5.0 + 180.0 / 2.0) / 60.0;
        assert!((got.answering_minutes - expected).abs() < 1e-6);
    }

    #[test]
    fn a_timed_box_counts_its_whole_time() {
        let timed = workbook(
            r#"Section(id: "a", title: "W", prompts: [
                Prompt(id: "p", ask: "Write", input: LongText, time_box_minutes: Some(15)),
            ])"#,
        );
        assert_eq!(estimate(&timed).minutes(), 15);
        let gated = workbook(
            r#"Section(id: "a", title: "W", prompts: [
                Prompt(id: "ready", ask: "Ready?", input: YesNo),
            ]),
            Section(id: "b", title: "W", show_if: Some(Answer("ready", IsYes)), prompts: [
                Prompt(id: "p", ask: "Write", input: LongText, time_box_minutes: Some(15)),
            ])"#,
        );
        assert_eq!(estimate(&gated).minutes(), 15);
    }

    #[test]
    fn agreement_allows_a_share_or_three_minutes() {
        let short = Estimate {
            words: 0,
            answering_minutes: 4.0,
        };
        assert!(short.agrees_with(7));
        assert!(short.agrees_with(1));
        assert!(!short.agrees_with(8));
        let long = Estimate {
            words: 0,
            answering_minutes: 40.0,
        };
        assert!(long.agrees_with(28));
        assert!(!long.agrees_with(25));
        assert!(!long.agrees_with(53));
    }
}
