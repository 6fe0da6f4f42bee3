//! Answer values, one shape per input kind, and the tests conditions apply to them.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::workbook::{Input, Test};

/// One answer. Kept exactly as given, even when a newer workbook asks differently.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub enum Value {
    /// Short or long text.
    Text(String),
    /// A point on a scale.
    Number(i32),
    /// Yes or no.
    YesNo(bool),
    /// The chosen option.
    Choice(String),
    /// Ticked options and the free "Other" text.
    Checklist {
        /// Ticked options, in the workbook's order.
        picked: Vec<String>,
        /// What was written under "Other".
        #[serde(default)]
        other: String,
    },
    /// Feeling words and how strong they are.
    Feelings {
        /// The chosen words.
        words: Vec<String>,
        /// From 1 to 10, if asked and given.
        #[serde(default)]
        intensity: Option<u8>,
    },
    /// A date as typed, `YYYY-MM-DD` when valid; kept as text so nothing typed is lost.
    Date(String),
    /// Records of a list, each a map from field id to value.
    List(Vec<BTreeMap<String, FieldValue>>),
    /// Amount per part of a split.
    Split(BTreeMap<String, u32>),
    /// Bin per sorted item.
    Sort(BTreeMap<String, String>),
}

/// One field of a list record.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub enum FieldValue {
    /// Text.
    Text(String),
    /// A date as typed.
    Date(String),
    /// Yes or no.
    YesNo(bool),
    /// A number on a scale.
    Number(i32),
}

impl FieldValue {
    /// The same value as an answer of its own, for the tests conditions use.
    pub fn to_value(&self) -> Value {
        match self {
            Self::Text(s) => Value::Text(s.clone()),
            Self::Date(s) => Value::Date(s.clone()),
            Self::YesNo(b) => Value::YesNo(*b),
            Self::Number(n) => Value::Number(*n),
        }
    }

    fn is_answered(&self) -> bool {
        match self {
            Self::Text(s) | Self::Date(s) => !s.trim().is_empty(),
            Self::YesNo(_) | Self::Number(_) => true,
        }
    }
}

/// Whether a value holds anything; an empty text box is not an answer.
pub fn is_answered(value: &Value) -> bool {
    match value {
        Value::Text(s) | Value::Choice(s) | Value::Date(s) => !s.trim().is_empty(),
        Value::Number(_) | Value::YesNo(_) => true,
        Value::Checklist { picked, other } => !picked.is_empty() || !other.trim().is_empty(),
        Value::Feelings { words, .. } => !words.is_empty(),
        Value::List(rows) => rows.iter().any(|r| r.values().any(FieldValue::is_answered)),
        Value::Split(parts) => parts.values().any(|n| *n > 0),
        Value::Sort(bins) => !bins.is_empty(),
    }
}

/// Whether an answer (or its absence) passes a condition's test.
pub fn passes(test: &Test, value: Option<&Value>) -> bool {
    let Some(value) = value.filter(|v| is_answered(v)) else {
        return false;
    };
    match (test, value) {
        (Test::Answered, _) => true,
        (Test::IsYes, Value::YesNo(yes)) => *yes,
        (Test::IsNo, Value::YesNo(yes)) => !*yes,
        (Test::Is(option), Value::Choice(chosen)) => option == chosen,
        (Test::Includes(option), Value::Checklist { picked, .. }) => picked.contains(option),
        (Test::AtLeast(n), Value::Number(v)) => v >= n,
        (Test::AtMost(n), Value::Number(v)) => v <= n,
        // On feelings, a number tests how strong, and Includes tests the words picked.
        (
            Test::AtLeast(n),
            Value::Feelings {
                intensity: Some(v), ..
            },
        ) => i32::from(*v) >= *n,
        (
            Test::AtMost(n),
            Value::Feelings {
                intensity: Some(v), ..
            },
        ) => i32::from(*v) <= *n,
        (Test::Includes(word), Value::Feelings { words, .. }) => words.contains(word),
        _ => false,
    }
}

/// Reads a typed date: `YYYY-MM-DD`, with `/` or `.` accepted as separators.
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    let normalised: String = text
        .trim()
        .chars()
        .map(|c| if c == '/' || c == '.' { '-' } else { c })
        .collect();
    NaiveDate::parse_from_str(&normalised, "%Y-%m-%d").ok()
}

/// Like [`describe`], with what the question's input adds: the ends of a scale, the unit and
/// order of a split.
pub fn describe_for(input: &Input, value: &Value) -> String {
    match (input, value) {
        (
            Input::Scale {
                min,
                max,
                low,
                high,
            },
            Value::Number(n),
        ) => {
            format!("{n}  (on a scale from {min}, {low}, to {max}, {high})")
        }
        (Input::Split { parts, unit, total }, Value::Split(amounts)) => {
            let mut lines: Vec<String> = parts
                .iter()
                .filter_map(|part| amounts.get(part).map(|n| format!("{part}: {n}{unit}")))
                .collect();
            lines.extend(
                amounts
                    .iter()
                    .filter(|(k, _)| !parts.contains(k))
                    .map(|(k, n)| format!("{k}: {n}{unit}")),
            );
            // Summed wide: a file edited by hand cannot make it wrap round.
            let placed: u64 = amounts.values().map(|v| u64::from(*v)).sum();
            if placed < u64::from(*total) {
                lines.push(format!("not placed: {}{unit}", u64::from(*total) - placed));
            } else if placed > u64::from(*total) {
                lines.push(format!(
                    "more than the whole: {placed}{unit} of {total}{unit} (the file was changed by hand)"
                ));
            }
            lines.join("\n")
        }
        // Each row with its fields' labels, in the workbook's order; a field it no longer
        // has comes last, by its id.
        (Input::List { fields, .. }, Value::List(rows)) => rows
            .iter()
            .enumerate()
            .map(|(i, row)| {
                let mut parts: Vec<String> = fields
                    .iter()
                    .filter_map(|f| {
                        row.get(&f.id)
                            .filter(|v| v.is_answered())
                            .map(|v| format!("{}: {}", f.label, field_text(v)))
                    })
                    .collect();
                parts.extend(
                    row.iter()
                        .filter(|(k, v)| v.is_answered() && !fields.iter().any(|f| &f.id == *k))
                        .map(|(k, v)| format!("{k}: {}", field_text(v))),
                );
                format!("{}. {}", i + 1, parts.join("; "))
            })
            .collect::<Vec<_>>()
            .join("\n"),
        // Bin by bin, in the workbook's order, each with what was put in it.
        (Input::Sort { items, bins }, Value::Sort(placed)) => {
            let mut lines: Vec<String> = bins
                .iter()
                .filter_map(|bin| {
                    let mut inside: Vec<&str> = items
                        .iter()
                        .filter(|item| placed.get(*item) == Some(bin))
                        .map(String::as_str)
                        .collect();
                    inside.extend(
                        placed
                            .iter()
                            .filter(|(item, b)| *b == bin && !items.contains(item))
                            .map(|(item, _)| item.as_str()),
                    );
                    (!inside.is_empty()).then(|| format!("{bin}: {}", inside.join(", ")))
                })
                .collect();
            lines.extend(
                placed
                    .iter()
                    .filter(|(_, b)| !bins.contains(b))
                    .map(|(item, b)| format!("{b}: {item}")),
            );
            lines.join("\n")
        }
        _ => describe(value),
    }
}

/// A list field's value as text.
fn field_text(value: &FieldValue) -> String {
    match value {
        FieldValue::Text(s) | FieldValue::Date(s) => s.clone(),
        FieldValue::YesNo(b) => if *b { "yes" } else { "no" }.to_owned(),
        FieldValue::Number(n) => n.to_string(),
    }
}

/// A plain-text rendering of an answer, for read-only display.
pub fn describe(value: &Value) -> String {
    match value {
        Value::Text(s) | Value::Choice(s) | Value::Date(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        Value::YesNo(b) => if *b { "Yes" } else { "No" }.to_owned(),
        Value::Checklist { picked, other } => {
            let mut all = picked.clone();
            if !other.trim().is_empty() {
                all.push(other.clone());
            }
            all.join(", ")
        }
        Value::Feelings { words, intensity } => match intensity {
            Some(n) => format!("{} ({n}/10)", words.join(", ")),
            None => words.join(", "),
        },
        Value::List(rows) => rows
            .iter()
            .map(|row| {
                row.iter()
                    .map(|(k, v)| format!("{k}: {}", field_text(v)))
                    .collect::<Vec<_>>()
                    .join("; ")
            })
            .collect::<Vec<_>>()
            .join("\n"),
        Value::Split(parts) => parts
            .iter()
            .map(|(k, v)| format!("{k}: {v}"))
            .collect::<Vec<_>>()
            .join(", "),
        Value::Sort(bins) => bins
            .iter()
            .map(|(k, v)| format!("{k}: {v}"))
            .collect::<Vec<_>>()
            .join(", "),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_and_sorts_read_in_the_workbooks_order_with_labels() {
        let wb = crate::workbook::parse_workbook(
            r#"Workbook(id: "t", version: 1, title: "T", summary: "S", audience: Solo, cadence: Once, minutes: 5, sections: [
  Section(id: "s", title: "S", prompts: [
    Prompt(id: "moments", ask: "Moments", input: List(fields: [
      Field(id: "when", label: "Roughly when", kind: Text),
      Field(id: "noticed", label: "What I noticed", kind: LongText),
    ])),
    Prompt(id: "sort", ask: "Sort", input: Sort(items: ["Fear", "Hope", "Guilt"], bins: ["Share", "Private"])),
  ]),
])"#,
        )
        .unwrap();
        let input = |id: &str| wb.prompt(id).unwrap().input.clone();
        let rows = Value::List(vec![BTreeMap::from([
            (
                "noticed".to_owned(),
                FieldValue::Text("phone face down".into()),
            ),
            ("when".to_owned(), FieldValue::Text("Spring 2024".into())),
        ])]);
        assert_eq!(
            describe_for(&input("moments"), &rows),
            "1. Roughly when: Spring 2024; What I noticed: phone face down"
        );
        let sorted = Value::Sort(BTreeMap::from([
            ("Guilt".to_owned(), "Private".to_owned()),
            ("Hope".to_owned(), "Share".to_owned()),
            ("Fear".to_owned(), "Private".to_owned()),
        ]));
        assert_eq!(
            describe_for(&input("sort"), &sorted),
            "Share: Hope\nPrivate: Fear, Guilt"
        );
    }

    #[test]
    fn a_split_edited_by_hand_never_wraps_round() {
        let input = Input::Split {
            total: 100,
            parts: vec!["A".into(), "B".into()],
            unit: "%".into(),
        };
        let huge = Value::Split(BTreeMap::from([
            ("A".to_owned(), u32::MAX),
            ("B".to_owned(), 2),
        ]));
        let said = describe_for(&input, &huge);
        assert!(!said.contains("not placed"), "{said}");
        assert!(
            said.contains("more than the whole: 4294967297% of 100%"),
            "{said}"
        );
    }

    #[test]
    fn empty_values_are_not_answers() {
        assert!(!is_answered(&Value::Text("  ".into())));
        assert!(is_answered(&Value::Number(0)), "zero is an answer");
        assert!(!is_answered(&Value::Checklist {
            picked: vec![],
            other: String::new()
        }));
        assert!(is_answered(&Value::Checklist {
            picked: vec![],
            other: "x".into()
        }));
        assert!(!is_answered(&Value::List(vec![BTreeMap::new()])));
        assert!(!is_answered(&Value::Split(BTreeMap::from([(
            "a".into(),
            0
        )]))));
    }

    #[test]
    fn tests_read_the_right_kind() {
        assert!(passes(&Test::IsNo, Some(&Value::YesNo(false))));
        assert!(!passes(&Test::IsYes, None));
        assert!(passes(&Test::AtLeast(7), Some(&Value::Number(7))));
        assert!(!passes(&Test::AtMost(3), Some(&Value::Number(4))));
        assert!(passes(
            &Test::Is("b".into()),
            Some(&Value::Choice("b".into()))
        ));
        let list = Value::Checklist {
            picked: vec!["x".into()],
            other: String::new(),
        };
        assert!(passes(&Test::Includes("x".into()), Some(&list)));
        assert!(!passes(&Test::IsYes, Some(&Value::Number(1))));
    }

    #[test]
    fn dates_accept_common_separators() {
        let expected = NaiveDate::from_ymd_opt(2026, 11, 25);
        assert_eq!(parse_date("2026-11-25"), expected);
        assert_eq!(parse_date(" 2026/11/25 "), expected);
        assert_eq!(parse_date("25 Nov"), None);
    }
}
