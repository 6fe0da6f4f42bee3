//! Reading workbook files: RON parsing with errors an author can act on.
//!
//! Every problem carries a line and column, and reads as `path:line:column: message`.

use std::path::{Path, PathBuf};

use super::{Workbook, validate};

/// The largest workbook file we read; anything bigger is almost certainly the wrong file.
pub const MAX_WORKBOOK_BYTES: u64 = 2 * 1024 * 1024;

/// One thing wrong in a workbook file, with where it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, counted in characters.
    pub column: usize,
    /// What is wrong, in plain words.
    pub message: String,
}

impl Problem {
    /// A problem at a position.
    pub fn new(line: usize, column: usize, message: impl Into<String>) -> Self {
        Self {
            line,
            column,
            message: message.into(),
        }
    }
}

/// Why a workbook file could not be used.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// The file could not be read at all.
    #[error("{}: cannot read the file: {}", path.display(), crate::files::plain(source))]
    Read {
        /// The file.
        path: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },

    /// The file is too large to be a workbook.
    #[error("{}: the file is {size_bytes} bytes, larger than a workbook can be ({MAX_WORKBOOK_BYTES} bytes); is it the right file?", path.display())]
    TooLarge {
        /// The file.
        path: PathBuf,
        /// Its size.
        size_bytes: u64,
    },

    /// The file was read but has problems.
    #[error("{}", format_problems(&path.display().to_string(), problems))]
    Invalid {
        /// The file, or a name standing for it.
        path: PathBuf,
        /// Everything wrong, in file order.
        problems: Vec<Problem>,
    },
}

/// `path:line:column: message`, one problem per line.
pub fn format_problems(path: &str, problems: &[Problem]) -> String {
    // One line per problem, whatever a message quotes: a value with line breaks in it is shown
    // on the same line.
    problems
        .iter()
        .map(|p| {
            let message = p.message.replace(['\r', '\n'], " ");
            format!("{path}:{}:{}: {message}", p.line, p.column)
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Reads, parses and validates a workbook file.
pub fn load_workbook_file(path: &Path) -> Result<(Workbook, String), LoadError> {
    let bytes = crate::files::read_bounded(path, MAX_WORKBOOK_BYTES).map_err(|err| {
        let path = path.to_owned();
        match err {
            crate::files::ReadError::TooLarge { size_bytes, .. } => {
                LoadError::TooLarge { path, size_bytes }
            }
            other => LoadError::Read {
                path,
                source: other.into(),
            },
        }
    })?;
    let source = match String::from_utf8(bytes) {
        Ok(source) => source,
        Err(not_text) => {
            let problem =
                super::syntax::not_plain_bytes(not_text.as_bytes()).unwrap_or_else(|| {
                    Problem::new(
                        1,
                        1,
                        "the file is not UTF-8 text; save it as UTF-8 from your editor",
                    )
                });
            return Err(LoadError::Invalid {
                path: path.to_owned(),
                problems: vec![problem],
            });
        }
    };
    let workbook = parse_workbook(&source).map_err(|problems| LoadError::Invalid {
        path: path.to_owned(),
        problems,
    })?;
    Ok((workbook, source))
}

/// At most this many slips are mended in turn to find the next; after that, the rest wait.
const MAX_SYNTAX_PROBLEMS: usize = 20;

/// Parses and validates workbook text.
pub fn parse_workbook(source: &str) -> Result<Workbook, Vec<Problem>> {
    // Some Windows editors start UTF-8 files with a byte-order mark; it is not content.
    let source = source.strip_prefix('\u{feff}').unwrap_or(source);
    if let Some(problem) = super::syntax::not_plain_text(source) {
        return Err(vec![problem]);
    }
    let options =
        ron::Options::default().with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME);
    // A slip that can be mended for certain is mended in a copy, so reading goes on and every
    // problem is listed, not only the first.
    let mut text = std::borrow::Cow::Borrowed(source);
    let mut problems = Vec::new();
    let workbook: Workbook = loop {
        match options.from_str(&text) {
            Ok(workbook) => break workbook,
            Err(err) => {
                problems.push(problem_from_ron(&text, &err));
                match super::syntax::repair(&text, &err) {
                    Some(mended) if problems.len() < MAX_SYNTAX_PROBLEMS => {
                        text = std::borrow::Cow::Owned(mended);
                    }
                    _ => return Err(problems),
                }
            }
        }
    };
    problems.extend(validate::validate(&workbook, &text));
    if problems.is_empty() {
        Ok(workbook)
    } else {
        Err(problems)
    }
}

fn problem_from_ron(source: &str, err: &ron::error::SpannedError) -> Problem {
    match &err.code {
        ron::Error::Eof => Problem::new(
            err.span.start.line,
            err.span.start.col,
            "the file ends too early; a bracket or parenthesis is probably not closed",
        ),
        _ => super::syntax::syntax_problem(source, err),
    }
}

/// Like [`plain_ron_error`], knowing the text: a complaint at the very end of the file (a text
/// or a bracket left open) means the file was cut short, and says so.
pub fn plain_parse_error(text: &str, err: &ron::error::SpannedError) -> String {
    let offset = |line, column| super::syntax::offset(text, line, column);
    let end = offset(err.span.end.line, err.span.end.col);
    let start = offset(err.span.start.line, err.span.start.col);
    // A text in quotes that never closes runs to the end of the file.
    let unclosed_text = matches!(err.code, ron::Error::ExpectedStringEnd)
        && !text[(start + 1).min(text.len())..].contains('"');
    let at_the_end = unclosed_text || text[end.min(text.len())..].trim().is_empty();
    if at_the_end && !text.trim().is_empty() {
        "the file ends too early: it may have been cut short while it was saved or copied"
            .to_owned()
    } else {
        plain_ron_error(&err.code)
    }
}

/// A parser's complaint in words a person can act on: no developer hints, and a file cut short
/// is called that.
pub fn plain_ron_error(code: &ron::Error) -> String {
    use ron::Error as E;
    match code {
        E::NoSuchStructField {
            expected,
            found,
            outer,
        } => unknown_name("field", found, outer.as_deref(), expected),
        E::NoSuchEnumVariant {
            expected,
            found,
            outer,
        } => unknown_name("kind", found, outer.as_deref(), expected),
        E::MissingStructField { field, outer } => match outer {
            Some(outer) => format!(
                "this {outer} has no `{field}`, which it needs: add a line `{field}: …,` inside it (the {outer} ends here)"
            ),
            None => format!("missing field `{field}`"),
        },
        E::DuplicateStructField { field, outer } => match outer {
            Some(outer) => format!("field `{field}` is given twice in {outer}"),
            None => format!("field `{field}` is given twice"),
        },
        E::Eof => {
            "the file ends too early: it may have been cut short while it was saved or copied"
                .to_owned()
        }
        E::ExceededRecursionLimit => {
            "it is nested far deeper than any trustwork file, so it was not read".to_owned()
        }
        E::Utf8Error(_) => "it is not UTF-8 text".to_owned(),
        E::ExpectedStructLike => {
            "its parts go here, in round brackets after the name: for example Promise(kept: \"…\", not_yet: \"…\") or Recall(prompt: \"…\")"
                .to_owned()
        }
        E::ExpectedArray => {
            "a list is needed here, in square brackets, even for one: [\"…\"] or [\"…\", \"…\"]"
                .to_owned()
        }
        E::ExpectedStringEnd => {
            "a text in quotes is not closed: add the closing double quote \"".to_owned()
        }
        other => {
            let text = other.to_string();
            // ron's own hints name its options; a person cannot act on those.
            let text = text
                .split_once(", try increasing")
                .map_or(text.as_str(), |(head, _)| head)
                .to_owned();
            let mut chars = text.chars();
            match chars.next() {
                Some(first) => first.to_lowercase().chain(chars).collect(),
                None => "the file could not be read".to_owned(),
            }
        }
    }
}

/// Names that look like a real one but mean something else: the near match would mislead.
const FALSE_FRIENDS: &[(&str, &str)] = &[
    (
        "assigned_to",
        "there is no `assigned_to`: a workbook never names the client. `assigned_by` is for your own name, as the therapist who gave it",
    ),
    (
        "IsNot",
        "there is no `IsNot` test. To show something unless an answer is given, wrap the condition in Not: Not(Answer(\"id\", Is(\"…\"))) (see the guide, section 6)",
    ),
];

fn unknown_name(what: &str, found: &str, outer: Option<&str>, expected: &[&str]) -> String {
    if let Some((_, message)) = FALSE_FRIENDS.iter().find(|(name, _)| *name == found) {
        return (*message).to_owned();
    }
    // The two kinds of `ledger` name their options differently.
    match (outer, found) {
        (Some("Hunch"), "kept" | "not_yet") => {
            return format!(
                "`{found}` belongs to a Promise; a Hunch names its options with `right`, `partly` and `wrong`. Write `Promise(…)` if this counts promises"
            );
        }
        (Some("Promise"), "right" | "wrong") => {
            return format!(
                "`{found}` belongs to a Hunch; a Promise names its options with `kept`, `partly` and `not_yet`. Write `Hunch(…)` if this counts gut calls"
            );
        }
        _ => {}
    }
    let place = outer.map(|o| format!(" in {o}")).unwrap_or_default();
    let hint = if let Some(close) = closest(found, expected) {
        format!("; did you mean `{close}`?")
    } else if expected.is_empty() {
        String::new()
    } else {
        let list: Vec<String> = expected.iter().map(|e| format!("`{e}`")).collect();
        format!("; expected one of {}", list.join(", "))
    };
    format!("unknown {what} `{found}`{place}{hint}")
}

/// The expected name nearest to a typo, when it is near enough to be a likely meaning, or the
/// one name that starts with what was written (`not` for `not_yet`).
pub(super) fn closest<'a>(found: &str, expected: &[&'a str]) -> Option<&'a str> {
    let found_lower = found.to_lowercase();
    let starting: Vec<&str> = expected
        .iter()
        .filter(|e| found_lower.len() >= 3 && e.to_lowercase().starts_with(&found_lower))
        .copied()
        .collect();
    if let [only] = starting[..] {
        return Some(only);
    }
    expected
        .iter()
        .map(|e| (strsim::levenshtein(&found_lower, &e.to_lowercase()), *e))
        .filter(|(d, e)| {
            *d <= if e.len() <= 3 {
                1
            } else {
                (e.len() / 3).max(2)
            }
        })
        .min_by_key(|(d, _)| *d)
        .map(|(_, e)| e)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SMALL: &str = r#"Workbook(
    id: "small", version: 1, title: "Small", summary: "A test.",
    audience: Solo, cadence: Once, minutes: 5,
    sections: [
        Section(id: "one", title: "One", prompts: [
            Prompt(id: "name", ask: "Your name?", input: ShortText),
        ]),
    ],
)"#;

    #[test]
    fn every_problem_is_one_line_and_unknown_fields_are_named_kindly() {
        let problems = [Problem::new(3, 9, "workbook id `a\nb` has a line break")];
        assert_eq!(
            format_problems("w.ron", &problems),
            "w.ron:3:9: workbook id `a b` has a line break"
        );
        let err =
            ron::from_str::<crate::share::FeedbackFile>("FeedbackFile(formt: 1)").unwrap_err();
        let said = plain_ron_error(&err.code);
        assert!(said.starts_with("unknown field `formt`"), "{said}");
        assert!(said.contains("did you mean `format`"), "{said}");
    }

    #[test]
    fn parser_complaints_read_plainly_and_a_file_cut_short_says_so() {
        let deep = format!("{}1{}", "[".repeat(200), "]".repeat(200));
        let err = ron::Options::default()
            .from_str::<ron::Value>(&deep)
            .unwrap_err();
        let said = plain_parse_error(&deep, &err);
        assert!(!said.contains("recursion_limit"), "{said}");
        let cut = "Entry(format: 1, workbook_id: \"daily-ch";
        let err = ron::from_str::<ron::Value>(cut).unwrap_err();
        assert!(plain_parse_error(cut, &err).contains("cut short"));
        let open = "(a: \"x, b: 2)";
        let err = ron::from_str::<ron::Value>(open).unwrap_err();
        assert!(!plain_parse_error(open, &err).contains("Expected"));
    }

    #[test]
    fn a_single_option_where_a_list_belongs_asks_for_square_brackets() {
        let source = SMALL.replace("input: ShortText", "input: Checklist(options: \"Yes\")");
        let problems = parse_workbook(&source).unwrap_err();
        assert_eq!(problems.len(), 1);
        assert!(
            problems[0]
                .message
                .starts_with("a list is needed here, in square brackets"),
            "{problems:?}"
        );
        assert_eq!(problems[0].line, 6, "{problems:?}");
    }

    #[test]
    fn parses_a_small_workbook() {
        let workbook = parse_workbook(SMALL).unwrap();
        assert_eq!(workbook.id, "small");
        assert_eq!(workbook.sections[0].prompts[0].id, "name");
    }

    #[test]
    fn unknown_field_has_position_and_suggestion() {
        let source = SMALL.replace("ask: \"Your name?\"", "titel: \"x\", ask: \"Your name?\"");
        let problems = parse_workbook(&source).unwrap_err();
        assert_eq!(problems.len(), 1);
        let p = &problems[0];
        assert_eq!((p.line, p.column), (6, 32), "{p:?}");
        assert_eq!(
            p.message,
            "unknown field `titel` in Prompt; expected one of `id`, `ask`, `help`, `input`, `required`, `show_if`, `safety`, `chart`, `sustained`, `time_box_minutes`, `recall`, `not_saved`, `follow_up`, `ledger`"
        );
    }

    #[test]
    fn suggests_the_nearest_field() {
        let source = SMALL.replace("title: \"One\"", "titel: \"One\"");
        let problems = parse_workbook(&source).unwrap_err();
        assert_eq!(
            problems[0].message,
            "unknown field `titel` in Section; did you mean `title`?"
        );
        assert_eq!(problems[0].line, 5);
    }

    #[test]
    fn unknown_input_kind_is_named() {
        let source = SMALL.replace("ShortText", "ShortTxt");
        let problems = parse_workbook(&source).unwrap_err();
        assert!(
            problems[0].message.contains("did you mean `ShortText`?"),
            "{}",
            problems[0].message
        );
        assert_eq!(problems[0].line, 6);
    }

    #[test]
    fn missing_field_and_truncation_are_plain() {
        let source = SMALL.replace("minutes: 5,", "");
        let problems = parse_workbook(&source).unwrap_err();
        assert_eq!(
            problems[0].message,
            "this Workbook has no `minutes`, which it needs: add a line `minutes: …,` inside it (the Workbook ends here)"
        );

        let truncated = &SMALL[..SMALL.len() - 1];
        let problems = parse_workbook(truncated).unwrap_err();
        assert!(
            problems[0].message.contains("ends too early"),
            "{}",
            problems[0].message
        );
    }

    #[test]
    fn formats_as_path_line_column() {
        let text = format_problems("a.ron", &[Problem::new(3, 7, "bad")]);
        assert_eq!(text, "a.ron:3:7: bad");
    }

    #[test]
    fn the_nearest_name_is_suggested_only_when_near() {
        assert_eq!(closest("titel", &["title", "ask"]), Some("title"));
        assert_eq!(closest("Titel", &["title", "ask"]), Some("title"));
        assert_eq!(closest("zzzzzz", &["title", "ask"]), None);
    }
}
