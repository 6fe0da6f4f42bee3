//! The workbook definition as an author writes it in RON.
//!
//! These types are the format: every field here is documented in `workbooks/README.md`, and
//! unknown fields are rejected so a typo never silently drops a question.

use serde::{Deserialize, Serialize};

/// One workbook: a guided exercise made of sections of prompts.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Workbook {
    /// Stable identifier; answers are filed under it. Lowercase letters, digits and `-`.
    pub id: String,

    /// Bumped by the author when the questions change; answers keep working across versions.
    pub version: u32,

    /// Shown in the library and at the top of the runner.
    pub title: String,

    /// One or two sentences for the library card.
    pub summary: String,

    /// Which part of the healing path this belongs to.
    #[serde(default)]
    pub theme: Theme,

    /// Who fills it in.
    pub audience: Audience,

    /// How often it is meant to be done.
    pub cadence: Cadence,

    /// Estimated minutes for one sitting.
    pub minutes: u32,

    /// Shown before starting, for heavier exercises.
    #[serde(default)]
    pub content_note: Option<String>,

    /// Shown on the first page, before the first section. Paragraphs and `- ` bullets.
    #[serde(default)]
    pub intro: String,

    /// Who assigned this workbook, when a therapist sends it, as they sign: "Dr Amal Rivera".
    #[serde(default)]
    pub assigned_by: Option<String>,

    /// When it was assigned, `YYYY-MM-DD`.
    #[serde(default)]
    pub assigned_on: Option<String>,

    /// The public half of the assigning reviewer's key (`age1…`): answers shared from this
    /// workbook are encrypted to it by default, so only that reviewer's trustwork opens them.
    #[serde(default)]
    pub reviewer_key: Option<String>,

    /// An exercise done with a partner, or shared with one. When someone has said (in any
    /// workbook, through an `AbuseSupport` safety flag) that they are afraid of their partner,
    /// the library puts a word of care above these workbooks.
    #[serde(default)]
    pub partner_exercise: bool,

    /// The sections, shown one at a time.
    pub sections: Vec<Section>,
}

/// Which part of the path a workbook belongs to; used to group and order the library.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize)]
pub enum Theme {
    /// Rebuilding trust in your own judgement.
    SelfTrust,
    /// Naming and sharing feelings honestly.
    EmotionalTransparency,
    /// New shared experiences and good memories.
    NewExperiences,
    /// Recognising the wound.
    Wound,
    /// Honest communication.
    Communication,
    /// Taking responsibility and making amends.
    Amends,
    /// Clear boundaries.
    Boundaries,
    /// Time and space to heal.
    Healing,
    /// Short repeated check-ins.
    CheckIn,
    /// Anything else, such as a therapist's own exercise.
    #[default]
    General,
}

impl Theme {
    /// A short human name for the library.
    pub fn label(self) -> &'static str {
        match self {
            Self::SelfTrust => "Self-trust",
            Self::EmotionalTransparency => "Emotional transparency",
            Self::NewExperiences => "New experiences",
            Self::Wound => "Recognising the wound",
            Self::Communication => "Honest communication",
            Self::Amends => "Responsibility and amends",
            Self::Boundaries => "Boundaries",
            Self::Healing => "Time to heal",
            Self::CheckIn => "Check-in",
            Self::General => "General",
        }
    }
}

/// Who a workbook is written for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
pub enum Audience {
    /// One person on their own.
    Solo,
    /// Each partner of a couple fills in their own copy.
    Couple,
    /// Works alone or as a couple.
    SoloOrCouple,
    /// Meant to be assigned and read with a therapist.
    WithTherapist,
}

impl Audience {
    /// A short human name for the library.
    pub fn label(self) -> &'static str {
        match self {
            Self::Solo => "on your own",
            Self::Couple => "for couples, each partner on their own copy",
            Self::SoloOrCouple => "alone or as a couple",
            Self::WithTherapist => "with a therapist",
        }
    }
}

/// How often a workbook is meant to be filled in. Repeated workbooks make a new entry each time.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
pub enum Cadence {
    /// One sitting, maybe revisited later.
    Once,
    /// Once a day.
    Daily,
    /// Once a week.
    Weekly,
    /// Whenever it helps.
    AsOftenAsWanted,
}

impl Cadence {
    /// A short human name for the library.
    pub fn label(self) -> &'static str {
        match self {
            Self::Once => "once",
            Self::Daily => "daily",
            Self::Weekly => "weekly",
            Self::AsOftenAsWanted => "as often as you like",
        }
    }

    /// Whether each sitting starts a fresh entry rather than reopening the last one.
    pub fn is_repeated(self) -> bool {
        !matches!(self, Self::Once)
    }
}

/// A page of the workbook.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Section {
    /// Unique within the workbook.
    pub id: String,

    /// Heading of the page.
    pub title: String,

    /// Text above the prompts. Paragraphs and `- ` bullets.
    #[serde(default)]
    pub intro: String,

    /// Show this section only when an earlier answer passes the test.
    #[serde(default)]
    pub show_if: Option<Condition>,

    /// The questions on this page.
    pub prompts: Vec<Prompt>,
}

/// One question and how it is answered.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Prompt {
    /// Unique within the workbook; answers are keyed by it, so keep it stable across versions.
    pub id: String,

    /// The question, in the person's own voice where possible.
    pub ask: String,

    /// Guidance shown under the question.
    #[serde(default)]
    pub help: String,

    /// The kind of answer.
    pub input: Input,

    /// Whether the section can be left without answering.
    #[serde(default)]
    pub required: bool,

    /// Show this prompt only when an earlier answer passes the test.
    #[serde(default)]
    pub show_if: Option<Condition>,

    /// Show help at once when the answer passes the flag's test.
    #[serde(default)]
    pub safety: Option<SafetyFlag>,

    /// Plot this scale over time in the history.
    #[serde(default)]
    pub chart: bool,

    /// For repeated workbooks: when the answer passes the test on several days in a row, the
    /// library opens with a gentle word suggesting support.
    #[serde(default)]
    pub sustained: Option<Sustained>,

    /// For expressive writing: offer a gentle timer of this many minutes, and a way out to a
    /// grounding exercise. Only on `LongText`.
    #[serde(default)]
    pub time_box_minutes: Option<u32>,

    /// Shows, read-only above this question, an answer from the latest earlier entry: last
    /// week's promise above "Did I keep it?".
    #[serde(default)]
    pub recall: Option<Recall>,

    /// The answer is used while the entry is open (to show or hide pages, to bring up help)
    /// and never written to disk: on a shared computer, a fear question leaves no trace, and
    /// it is asked afresh next time.
    #[serde(default)]
    pub not_saved: bool,

    /// On a `Date`: the chosen day brings a follow-up. From that day the library shows it
    /// quietly at the top, to open, postpone or let go.
    #[serde(default)]
    pub follow_up: Option<FollowUp>,

    /// On a `Choice` (or a `YesNo`) that marks how something looked back on went (with
    /// `recall`): the Self-trust page counts it, as a promise or as a gut call.
    #[serde(default)]
    pub ledger: Option<Ledger>,
}

/// How a `Choice` counts on the Self-trust page: which of its options mean it went as meant,
/// partly, or not (on a `YesNo`, the options are "Yes" and "No"). Options it does not name
/// ("Not clear yet") are left out of the counts.
///
/// `Promise(kept: "Kept", partly: Some("Partly kept"), not_yet: "Not yet", sure: ["how-sure"])`
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub enum Ledger {
    /// A promise to oneself: kept, partly kept, or not yet.
    Promise {
        /// The option that means it was kept.
        kept: String,
        /// The option that means it was partly kept.
        #[serde(default)]
        partly: Option<String>,
        /// The option that means it was not kept (yet).
        not_yet: String,
        /// The 0–10 "how sure am I" questions asked beside the promise, looked for in the
        /// entry looked back on; the first one answered counts.
        #[serde(default)]
        sure: Vec<String>,
    },
    /// A hunch: right, partly right, or wrong.
    Hunch {
        /// The option that means the hunch was right.
        right: String,
        /// The option that means it was partly right.
        #[serde(default)]
        partly: Option<String>,
        /// The option that means it was wrong.
        wrong: String,
        /// As for a promise: how sure the person was, 0 to 10.
        #[serde(default)]
        sure: Vec<String>,
    },
}

impl Ledger {
    /// The options for went as meant, partly (if any) and not, in that order.
    pub fn options(&self) -> [Option<&str>; 3] {
        match self {
            Self::Promise {
                kept,
                partly,
                not_yet,
                ..
            } => [
                Some(kept.as_str()),
                partly.as_deref(),
                Some(not_yet.as_str()),
            ],
            Self::Hunch {
                right,
                partly,
                wrong,
                ..
            } => [
                Some(right.as_str()),
                partly.as_deref(),
                Some(wrong.as_str()),
            ],
        }
    }

    /// The "how sure" questions, in the order they are looked for.
    pub fn sure(&self) -> &[String] {
        match self {
            Self::Promise { sure, .. } | Self::Hunch { sure, .. } => sure,
        }
    }

    /// Whether it counts as a promise (or else as a gut call).
    pub fn is_promise(&self) -> bool {
        matches!(self, Self::Promise { .. })
    }
}

/// A follow-up a `Date` answer schedules: `FollowUp(about: "promise", label: "the promise you
/// made", open: Some("keeping-my-word"))`.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct FollowUp {
    /// The prompt of this workbook whose answer is looked back on; it is shown again when the
    /// follow-up is opened.
    pub about: String,
    /// How the library names it: "To look back on: {label} on 3 December".
    pub label: String,
    /// The workbook to open: this one when left out.
    #[serde(default)]
    pub open: Option<String>,
    /// The section to open at, by id; where the workbook starts when left out.
    #[serde(default)]
    pub section: Option<String>,
}

/// Which earlier answer a prompt shows: `Recall(prompt: "promise")` for this workbook, or
/// `Recall(prompt: "promise", workbook: "weekly-promise")` for another.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Recall {
    /// The prompt whose answer is shown.
    pub prompt: String,
    /// The workbook it is in; this one when left out.
    #[serde(default)]
    pub workbook: Option<String>,
}

/// The kinds of answer a prompt can take.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub enum Input {
    /// One line of text.
    ShortText,

    /// Free writing of any length.
    LongText,

    /// A whole number from `min` to `max`, shown as a row of choices with labelled ends.
    Scale {
        /// Lowest value.
        min: i32,
        /// Highest value.
        max: i32,
        /// What the lowest value means.
        low: String,
        /// What the highest value means.
        high: String,
    },

    /// Yes or no.
    YesNo,

    /// Exactly one of the options.
    Choice {
        /// The options, in order.
        options: Vec<String>,
    },

    /// Any number of the options, optionally with a free "Other".
    Checklist {
        /// The options, in order.
        options: Vec<String>,
        /// Offer an "Other" box.
        #[serde(default)]
        other: bool,
    },

    /// Pick a quadrant (pleasant or unpleasant, high or low energy), then words from it.
    Feelings {
        /// How many words may be picked.
        #[serde(default = "default_pick_up_to")]
        pick_up_to: u8,
        /// Also ask how strong the feeling is, from 1 to 10.
        #[serde(default)]
        intensity: bool,
    },

    /// A calendar date.
    Date,

    /// A growing list of small records, each with the same fields.
    List {
        /// The fields of one record.
        fields: Vec<Field>,
        /// Text of the button that adds a record, such as "Add a moment".
        #[serde(default = "default_add_label")]
        add_label: String,
    },

    /// Share out a total (such as 100 %) between named parts: the responsibility pie.
    Split {
        /// What the parts must add up to.
        total: u32,
        /// The parts, in order.
        parts: Vec<String>,
        /// Unit shown after numbers, such as "%".
        #[serde(default)]
        unit: String,
    },

    /// Put each item into one of the named bins.
    Sort {
        /// The things to sort.
        items: Vec<String>,
        /// Where they can go.
        bins: Vec<String>,
    },
}

fn default_pick_up_to() -> u8 {
    3
}

fn default_add_label() -> String {
    "Add a row".to_owned()
}

impl Input {
    /// The author-facing name of this kind, as written in RON.
    pub fn kind_name(&self) -> &'static str {
        match self {
            Self::ShortText => "ShortText",
            Self::LongText => "LongText",
            Self::Scale { .. } => "Scale",
            Self::YesNo => "YesNo",
            Self::Choice { .. } => "Choice",
            Self::Checklist { .. } => "Checklist",
            Self::Feelings { .. } => "Feelings",
            Self::Date => "Date",
            Self::List { .. } => "List",
            Self::Split { .. } => "Split",
            Self::Sort { .. } => "Sort",
        }
    }
}

/// One field of a [`Input::List`] record.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Field {
    /// Unique within the list; the record's answers are keyed by it.
    pub id: String,
    /// Shown beside the field.
    pub label: String,
    /// What the field holds.
    pub kind: FieldKind,
}

/// What one field of a list record holds.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub enum FieldKind {
    /// One line of text.
    Text,
    /// A few lines of text.
    LongText,
    /// A calendar date.
    Date,
    /// Yes or no.
    YesNo,
    /// A whole number between the bounds.
    Scale {
        /// Lowest value.
        min: i32,
        /// Highest value.
        max: i32,
    },
}

/// Shows a section or prompt only when an earlier answer passes a test.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub enum Condition {
    /// `Answer("prompt-id", Test)`.
    Answer(String, Test),
    /// `Not(…)`: shown unless the condition holds.
    Not(Box<Condition>),
    /// `AnyOf([…])`: shown when at least one holds ("either of").
    AnyOf(Vec<Condition>),
    /// `AllOf([…])`: shown when every one holds.
    AllOf(Vec<Condition>),
    /// `AnyRecord("list-id", "field-id", Test)`: shown when at least one record of a `List`
    /// has a field that passes the test, such as any moment marked `IsYes` in "done".
    AnyRecord(String, String, Test),
}

/// One test inside a condition: on an answer, or on a field of a list's records.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Leaf<'a> {
    /// The prompt whose answer is tested.
    pub prompt: &'a str,
    /// For `AnyRecord`, the field of each record that is tested.
    pub field: Option<&'a str>,
    /// The test.
    pub test: &'a Test,
}

impl Condition {
    /// Every test inside, in order.
    pub fn answers(&self) -> Vec<Leaf<'_>> {
        match self {
            Self::Answer(id, test) => vec![Leaf {
                prompt: id,
                field: None,
                test,
            }],
            Self::AnyRecord(id, field, test) => vec![Leaf {
                prompt: id,
                field: Some(field),
                test,
            }],
            Self::Not(inner) => inner.answers(),
            Self::AnyOf(all) | Self::AllOf(all) => all.iter().flat_map(Self::answers).collect(),
        }
    }

    /// Whether it holds, given how each test inside comes out.
    pub fn holds(&self, answer: &dyn Fn(Leaf<'_>) -> bool) -> bool {
        match self {
            Self::Answer(..) | Self::AnyRecord(..) => answer(self.answers()[0]),
            Self::Not(inner) => !inner.holds(answer),
            Self::AnyOf(all) => all.iter().any(|c| c.holds(answer)),
            Self::AllOf(all) => all.iter().all(|c| c.holds(answer)),
        }
    }

    /// An `AnyOf` or `AllOf` with nothing in it, anywhere inside: always a mistake.
    pub fn has_empty_group(&self) -> bool {
        match self {
            Self::Answer(..) | Self::AnyRecord(..) => false,
            Self::Not(inner) => inner.has_empty_group(),
            Self::AnyOf(all) | Self::AllOf(all) => {
                all.is_empty() || all.iter().any(Self::has_empty_group)
            }
        }
    }
}

/// A test on one answer.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub enum Test {
    /// Any answer at all.
    Answered,
    /// A yes/no answer is yes.
    IsYes,
    /// A yes/no answer is no.
    IsNo,
    /// A choice answer is this option.
    Is(String),
    /// A checklist answer includes this option.
    Includes(String),
    /// A scale answer is this value or more.
    AtLeast(i32),
    /// A scale answer is this value or less.
    AtMost(i32),
}

impl Test {
    /// What an answer passing the test is, in words that follow "has been": "9 or more",
    /// "yes", "\"Often\"".
    pub fn in_words(&self) -> String {
        match self {
            Self::Answered => "answered".to_owned(),
            Self::IsYes => "yes".to_owned(),
            Self::IsNo => "no".to_owned(),
            Self::Is(option) => format!("\"{option}\""),
            Self::Includes(option) => format!("one that includes \"{option}\""),
            Self::AtLeast(n) => format!("{n} or more"),
            Self::AtMost(n) => format!("{n} or less"),
        }
    }
}

/// A prompt whose answer can signal danger.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SafetyFlag {
    /// The answer that should bring up help.
    pub when: Test,
    /// Which help to bring up.
    pub show: SafetyHelp,
}

/// An answer that matters when it lasts: the same test passed on `days` days in a row.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Sustained {
    /// The answer that counts, such as `AtLeast(9)`.
    pub when: Test,
    /// How many days in a row, ending today or yesterday, before the word appears.
    pub days: u32,
}

/// Which help a safety flag brings up.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
pub enum SafetyHelp {
    /// Crisis lines and emergency numbers (thoughts of self-harm, immediate danger).
    CrisisHelp,
    /// Domestic-abuse support (fear of a partner, threats, control, violence).
    AbuseSupport,
    /// A gentle suggestion to talk to a professional.
    SeeProfessional,
    /// Urges to hurt someone else, or fear of one's own anger: lines that help people who
    /// worry about what they might do, with the emergency number first.
    UrgeToHurt,
}
