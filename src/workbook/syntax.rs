//! Slips in typing a workbook, in words for someone who does not program: what is wrong, what
//! to type instead, and where the mistake is (which is not always where the reader noticed it:
//! a missing comma is noticed at the next item, but belongs at the end of the one before).

use super::load::{Problem, plain_ron_error};

/// The place of a byte offset, as a 1-based line and column (in characters).
fn place(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before
        .rsplit_once('\n')
        .map_or(before, |(_, tail)| tail)
        .chars()
        .count()
        + 1;
    (line, column)
}

/// The byte offset of a 1-based line and column.
pub(super) fn offset(text: &str, line: usize, column: usize) -> usize {
    let line_start: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    let rest = &text[line_start.min(text.len())..];
    rest.char_indices()
        .nth(column.saturating_sub(1))
        .map_or(text.len(), |(i, _)| line_start + i)
}

/// A file that is not a workbook's text at all: empty, rich text, a word processor's file.
pub fn not_plain_text(text: &str) -> Option<Problem> {
    let start = text.trim_start_matches('\u{feff}').trim_start();
    let message = if start.is_empty() {
        "the file is empty: paste or type the workbook into it and save it as plain text"
    } else if start.starts_with("{\\rtf") {
        "this is a rich-text file (RTF), not plain text. In TextEdit choose Format ▸ Make Plain Text, then save it again; in Word, save it as Plain Text (.txt)"
    } else if start.starts_with("PK") || starts_like_markup(start) {
        WORD_PROCESSOR_OR_WEB
    } else {
        return None;
    };
    Some(Problem::new(1, 1, message))
}

const WORD_PROCESSOR_OR_WEB: &str = "this looks like a word-processor or web file, not plain text: open it in a plain-text editor (TextEdit in plain-text mode, Notepad, or any code editor) and save it as plain text";

/// `<?xml`, `<!DOCTYPE html>`, `<html>` and the like, in any case.
fn starts_like_markup(start: &str) -> bool {
    let head: String = start
        .chars()
        .take(9)
        .collect::<String>()
        .to_ascii_lowercase();
    ["<?xml", "<!doctype", "<html", "<!--"]
        .iter()
        .any(|tag| head.starts_with(tag))
}

/// A file that is not text at all but a word processor's own (an old Word `.doc`, a `.docx`,
/// `.odt` or `.pages`), told by its first bytes.
pub fn not_plain_bytes(bytes: &[u8]) -> Option<Problem> {
    let office = bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) || bytes.starts_with(b"PK");
    office.then(|| Problem::new(1, 1, WORD_PROCESSOR_OR_WEB))
}

/// The parser's complaint about a workbook's text, as a problem a person can act on.
pub fn syntax_problem(text: &str, err: &ron::error::SpannedError) -> Problem {
    use ron::Error as E;
    let start = offset(text, err.span.start.line, err.span.start.col);
    // The parser's place can sit just before the spaces in front of the slip.
    let at = start
        + (text[start.min(text.len())..].len() - text[start.min(text.len())..].trim_start().len());
    let rest = &text[at.min(text.len())..];
    let next = rest.chars().next();
    let at_place = place(text, at);
    let problem = |(line, column): (usize, usize), message: &str| {
        Problem::new(line, column, message.to_owned())
    };

    // Quotes first: they cause most of the other complaints.
    if matches!(next, Some('“' | '”' | '„')) {
        return problem(
            at_place,
            "this text starts with a curly quote; texts need straight double quotes \"…\". Your editor may be changing them as you type: turn off smart quotes (in TextEdit: Edit ▸ Substitutions ▸ Smart Quotes), or use a code editor",
        );
    }
    if matches!(next, Some('\'' | '‘' | '’')) {
        return problem(
            at_place,
            "texts need straight double quotes \"…\", not single quotes '…'",
        );
    }

    match &err.code {
        E::ExpectedComma => comma_problem(text, start, err),
        E::ExpectedBoolean => problem(
            at_place,
            "write true or false here, in small letters and without quotes",
        ),
        E::ExpectedInteger | E::IntegerOutOfBounds | E::InvalidIntegerDigit { .. } => {
            let example = number_example(text, at);
            if next == Some('"') {
                problem(
                    at_place,
                    &format!("a whole number goes here, without quotes: for example {example}"),
                )
            } else {
                problem(
                    at_place,
                    &format!(
                        "a whole number goes here, for example {example} (no words, no decimal point)"
                    ),
                )
            }
        }
        E::ExpectedIdentifier if next == Some('"') => problem(
            at_place,
            "a name goes here without quotes, such as SelfTrust or YesNo (only texts are in quotes)",
        ),
        E::ExpectedString if next.is_some_and(char::is_alphanumeric) => {
            // The word written without quotes, to show it with them: `kept: Yes` → "Yes".
            let word: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | ' '))
                .collect();
            let word = word.trim_end();
            problem(
                at_place,
                &format!("this should be a text in straight double quotes: write \"{word}\""),
            )
        }
        E::ExpectedString => problem(at_place, "a text in straight double quotes \"…\" goes here"),
        E::TrailingCharacters => problem(
            at_place,
            "there is something after the workbook's last closing bracket: delete it, so the file ends with the workbook's )",
        ),
        _ => problem(at_place, &plain_ron_error(&err.code)),
    }
}

/// What an "expected comma" really is.
enum CommaSlip {
    /// A text left open, from this offset: it ran on to a later quote.
    OpenText(usize),
    /// A double quote inside a text, at this offset, closed it early.
    QuoteInText(usize),
    /// Words or a decimal point after a whole number.
    WordsAfterNumber,
    /// The item ending at this offset has no comma after it.
    Missing(usize),
}

fn comma_slip(text: &str, at: usize) -> CommaSlip {
    let before = &text[..at.min(text.len())];
    let rest = &text[at.min(text.len())..];
    let same_line_before = before.rsplit_once('\n').map_or(before, |(_, tail)| tail);
    if before.ends_with('"') && rest.starts_with(|c: char| c.is_alphanumeric()) {
        // A text left open runs on to the next quote, lines later: the slip is where it began.
        if let Some(opening) = before[..before.len() - 1].rfind('"')
            && before[opening + 1..before.len() - 1]
                .lines()
                .skip(1)
                .any(looks_like_a_field)
        {
            return CommaSlip::OpenText(opening);
        }
        return CommaSlip::QuoteInText(at.saturating_sub(1));
    }
    if same_line_before
        .trim_end()
        .ends_with(|c: char| c.is_ascii_digit())
        && rest.starts_with(|c: char| c.is_alphabetic() || c == '.')
    {
        return CommaSlip::WordsAfterNumber;
    }
    CommaSlip::Missing(before.trim_end().len())
}

/// "minutes: 10," for the field a number was wrong in (the last `name:` on its line before
/// it), or "10" when there is none.
fn number_example(text: &str, at: usize) -> String {
    let line =
        &text[text[..at.min(text.len())].rfind('\n').map_or(0, |i| i + 1)..at.min(text.len())];
    let name = line
        .rfind(':')
        .map(|colon| line[..colon].trim_end())
        .map(|before| {
            let start = before
                .rfind(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .map_or(0, |i| i + 1);
            &before[start..]
        })
        .filter(|name| !name.is_empty());
    match name {
        Some(name) => format!("{name}: 10,"),
        None => "10".to_owned(),
    }
}

/// "expected comma": a missing comma at the end of the item before, a quote inside a text, a
/// text left open, or words after a number.
fn comma_problem(text: &str, at: usize, err: &ron::error::SpannedError) -> Problem {
    let (line, column, message) = match comma_slip(text, at) {
        CommaSlip::OpenText(opening) => {
            let (line, column) = place(text, opening);
            (
                line,
                column,
                "the text that starts here is not closed: add the closing double quote \" at its end",
            )
        }
        CommaSlip::QuoteInText(quote) => {
            let (line, column) = place(text, quote);
            (
                line,
                column,
                "a double quote inside a text ends the text early. Inside a text, write \\\" for a quotation mark, or use curly quotes “ ” instead",
            )
        }
        CommaSlip::WordsAfterNumber => {
            let message = format!(
                "a whole number goes here with nothing after it: for example {} (no words, no decimal point)",
                number_example(text, at)
            );
            return Problem::new(err.span.start.line, err.span.start.col, message);
        }
        CommaSlip::Missing(end) => {
            let (line, column) = place(text, end);
            let message = match text[..end].chars().last() {
                Some(')') => "a comma is missing after this ), between two items",
                Some('"') => "a comma is missing at the end of this line, after the closing quote",
                _ => "a comma is missing at the end of this line",
            };
            (line, column, message)
        }
    };
    Problem::new(line, column, message.to_owned())
}

/// The text with the slip `err` found mended, when it is one that can be mended for certain
/// (a missing comma, curly or single quotes around a text), so that reading can go on and find
/// the next problem. Lines stay where they were.
pub fn repair(text: &str, err: &ron::error::SpannedError) -> Option<String> {
    let start = offset(text, err.span.start.line, err.span.start.col);
    let at = start
        + (text[start.min(text.len())..].len() - text[start.min(text.len())..].trim_start().len());
    let rest = &text[at.min(text.len())..];
    let next = rest.chars().next()?;
    let straighten = |closing: &[char]| -> Option<String> {
        let line_end = rest.find('\n').unwrap_or(rest.len());
        let after_open = next.len_utf8();
        let close = rest[after_open..line_end].find(closing)? + after_open;
        let close_len = rest[close..].chars().next()?.len_utf8();
        let mut mended = String::with_capacity(text.len());
        mended.push_str(&text[..at]);
        mended.push('"');
        mended.push_str(&rest[after_open..close]);
        mended.push('"');
        mended.push_str(&rest[close + close_len..]);
        Some(mended)
    };
    match next {
        '“' | '”' | '„' => return straighten(&['“', '”', '"']),
        '\'' | '‘' | '’' => return straighten(&['\'', '‘', '’']),
        _ => {}
    }
    // A misspelt name with one clear match: read on as if it were spelt so.
    if let ron::Error::NoSuchEnumVariant {
        expected, found, ..
    }
    | ron::Error::NoSuchStructField {
        expected, found, ..
    } = &err.code
    {
        let close = super::load::closest(found, expected)?;
        let found_at = at + rest.find(found.as_str())?;
        let mut mended = text.to_owned();
        mended.replace_range(found_at..found_at + found.len(), close);
        return (mended != text).then_some(mended);
    }
    match (&err.code, comma_slip(text, start)) {
        (ron::Error::ExpectedComma, CommaSlip::Missing(end)) => {
            let mut mended = text.to_owned();
            mended.insert(end, ',');
            Some(mended)
        }
        _ => None,
    }
}

/// A line such as `    audience: Solo,`: inside a text, a sign that the text was left open.
fn looks_like_a_field(line: &str) -> bool {
    let line = line.trim_start();
    line.split_once(':').is_some_and(|(name, _)| {
        !name.is_empty() && name.chars().all(|c| c.is_ascii_lowercase() || c == '_')
    }) || line.starts_with("Prompt(")
        || line.starts_with("Section(")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workbook::parse_workbook;

    const GOOD: &str = r#"Workbook(
    id: "small",
    version: 1,
    title: "Small",
    summary: "A test.",
    audience: Solo,
    cadence: Once,
    minutes: 2,
    sections: [
        Section(id: "one", title: "One", prompts: [
            Prompt(id: "name", ask: "Your name?", input: ShortText, required: false),
            Prompt(id: "more", ask: "More?", input: YesNo),
        ]),
    ],
)
"#;

    /// The one problem a changed file has.
    fn problem(from: &str, to: &str) -> Problem {
        assert!(GOOD.contains(from), "{from}");
        let text = GOOD.replacen(from, to, 1);
        let problems = parse_workbook(&text).expect_err("the slip is refused");
        assert_eq!(problems.len(), 1, "{problems:#?}");
        problems.into_iter().next().unwrap()
    }

    #[test]
    fn the_good_file_is_good() {
        assert!(parse_workbook(GOOD).is_ok());
    }

    #[test]
    fn a_text_without_quotes_is_shown_with_them() {
        let p = problem("title: \"Small\",", "title: A small one,");
        assert_eq!((p.line, p.column), (4, 12), "{p:?}");
        assert_eq!(
            p.message,
            "this should be a text in straight double quotes: write \"A small one\""
        );
    }

    #[test]
    fn the_two_kinds_of_ledger_and_a_bare_name_are_explained() {
        let with = |ledger: &str| {
            problem(
                "input: YesNo),",
                &format!(
                    "input: YesNo, recall: Some(Recall(prompt: \"name\")), ledger: Some({ledger})),"
                ),
            )
            .message
        };
        assert!(
            with("Hunch(kept: \"Yes\", wrong: \"No\")")
                .starts_with("`kept` belongs to a Promise; a Hunch names its options with `right`")
        );
        assert!(
            with("Promise(right: \"Yes\", not_yet: \"No\")")
                .starts_with("`right` belongs to a Hunch; a Promise names its options with `kept`")
        );
        assert!(
            with("Promise(kept: \"Yes\", not: \"No\")").ends_with("did you mean `not_yet`?"),
            "a name begun is finished"
        );
        assert!(with("Hunch").starts_with("its parts go here, in round brackets after the name"));
    }

    #[test]
    fn a_missing_comma_points_at_the_end_of_the_line_before() {
        let p = problem("title: \"Small\",", "title: \"Small\"");
        assert_eq!((p.line, p.column), (4, 19), "{p:?}");
        assert!(
            p.message
                .contains("a comma is missing at the end of this line"),
            "{p:?}"
        );
        let p = problem(
            "input: ShortText, required: false),",
            "input: ShortText, required: false)",
        );
        assert_eq!(p.line, 11, "{p:?}");
        assert!(
            p.message.contains("a comma is missing after this )"),
            "{p:?}"
        );
    }

    #[test]
    fn curly_and_single_quotes_say_to_use_straight_double_quotes() {
        let p = problem("title: \"Small\"", "title: “Small”");
        assert_eq!((p.line, p.column), (4, 12), "{p:?}");
        assert!(p.message.contains("curly quote"), "{p:?}");
        assert!(p.message.contains("Smart Quotes"), "{p:?}");
        let p = problem("title: \"Small\"", "title: 'Small'");
        assert_eq!((p.line, p.column), (4, 12), "{p:?}");
        assert!(p.message.contains("not single quotes"), "{p:?}");
    }

    #[test]
    fn a_quote_inside_a_text_and_an_unclosed_one_are_named() {
        let p = problem("ask: \"More?\"", "ask: \"Say \"more\" please\"");
        assert_eq!(p.line, 12, "{p:?}");
        assert!(
            p.message
                .contains("a double quote inside a text ends the text early"),
            "{p:?}"
        );
        let p = problem("summary: \"A test.\",", "summary: \"A test.,");
        assert_eq!((p.line, p.column), (5, 14), "{p:?}");
        assert!(
            p.message
                .contains("the text that starts here is not closed"),
            "{p:?}"
        );
    }

    #[test]
    fn numbers_and_true_false_say_what_to_type() {
        let p = problem("minutes: 2,", "minutes: 10 minutes,");
        assert_eq!(p.line, 8, "{p:?}");
        assert!(
            p.message.contains(
                "a whole number goes here with nothing after it: for example minutes: 10,"
            ),
            "{p:?}"
        );
        let p = problem("minutes: 2,", "minutes: \"10\",");
        assert_eq!((p.line, p.column), (8, 14), "{p:?}");
        assert!(
            p.message
                .contains("without quotes: for example minutes: 10,"),
            "{p:?}"
        );
        // The example names the field the number is for.
        let p = problem("version: 1,", "version: 1.5,");
        assert_eq!(p.line, 3, "{p:?}");
        assert!(p.message.contains("for example version: 10,"), "{p:?}");
        let p = problem("required: false", "required: yes");
        assert_eq!(p.line, 11, "{p:?}");
        assert!(p.message.contains("write true or false"), "{p:?}");
        let p = problem("audience: Solo", "audience: \"Solo\"");
        assert!(
            p.message.contains("a name goes here without quotes"),
            "{p:?}"
        );
    }

    #[test]
    fn every_mendable_slip_is_listed_not_only_the_first() {
        let text = GOOD
            .replacen("title: \"Small\",", "title: “Small”", 1)
            .replacen("minutes: 2,", "minutes: 2", 1)
            .replacen("ask: \"More?\"", "ask: 'More?'", 1)
            .replacen("cadence: Once,", "cadence: Onse,", 1);
        let problems = parse_workbook(&text).unwrap_err();
        let places: Vec<(usize, usize)> = problems.iter().map(|p| (p.line, p.column)).collect();
        assert_eq!(problems.len(), 5, "{problems:#?}");
        assert!(problems[0].message.contains("curly quote"), "{problems:#?}");
        assert!(
            problems[1].message.contains("a comma is missing"),
            "{problems:#?}"
        );
        assert_eq!(places[1], (4, 19), "{problems:#?}");
        assert!(
            problems[2].message.contains("did you mean `Once`"),
            "{problems:#?}"
        );
        assert_eq!(places[3], (8, 15), "{problems:#?}");
        assert!(
            problems[4].message.contains("not single quotes"),
            "{problems:#?}"
        );
    }

    #[test]
    fn a_near_name_that_means_something_else_is_not_suggested() {
        let p = problem("minutes: 2,", "minutes: 2,\n    assigned_to: \"Sam\",");
        assert_eq!(p.line, 9, "{p:?}");
        assert!(p.message.contains("there is no `assigned_to`"), "{p:?}");
        assert!(!p.message.contains("did you mean"), "{p:?}");
        let text = GOOD.replacen(
            "Prompt(id: \"more\", ask: \"More?\", input: YesNo),",
            "Prompt(id: \"more\", ask: \"More?\", input: YesNo, show_if: Some(Answer(\"name\", IsNot(\"x\")))),",
            1,
        );
        let problems = parse_workbook(&text).unwrap_err();
        assert!(
            problems[0].message.contains("there is no `IsNot` test"),
            "{problems:#?}"
        );
        assert!(problems[0].message.contains("Not(Answer("), "{problems:#?}");
        let p = problem(
            "minutes: 2,",
            "minutes: 2,\n    assigned_on: \"2026-02-30\",",
        );
        assert!(p.message.contains("not a real date"), "{p:?}");
    }

    #[test]
    fn text_after_the_end_and_files_that_are_not_plain_text() {
        let text = format!("{GOOD}Thanks, Jo\n");
        let p = &parse_workbook(&text).unwrap_err()[0];
        assert_eq!(p.line, 16, "{p:?}");
        assert!(
            p.message
                .contains("after the workbook's last closing bracket"),
            "{p:?}"
        );
        let p = &parse_workbook("").unwrap_err()[0];
        assert!(p.message.contains("the file is empty"), "{p:?}");
        let p = &parse_workbook("{\\rtf1\\ansi Workbook(").unwrap_err()[0];
        assert!(p.message.contains("rich-text file"), "{p:?}");
        for web in [
            "<!DOCTYPE html>\n<html>",
            "<HTML><body>",
            "<?xml version=\"1.0\"?>",
        ] {
            let p = &parse_workbook(web).unwrap_err()[0];
            assert!(
                p.message.contains("word-processor or web file"),
                "{web}: {p:?}"
            );
        }
        // An old Word file is not UTF-8 at all: its first bytes say what it is.
        let doc = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0xFF];
        assert!(String::from_utf8(doc.to_vec()).is_err());
        let p = not_plain_bytes(&doc).unwrap();
        assert!(p.message.contains("word-processor"), "{p:?}");
        assert!(not_plain_bytes(&[0xFF, 0xFE, b'W']).is_none());
    }
}
