//! Mutation tests of every parser a person's files go through: workbooks, entries, settings,
//! answers files and feedback files. Each starts from a good file and damages it in a fixed,
//! repeatable way (flipped, cut, doubled or inserted bytes and tokens), 10,000 times per
//! parser. None may panic; every refusal says where (line and column from 1) and says it in
//! plain words, never a parser's developer hint. `tests/corpus/` keeps inputs worth keeping.
#![expect(
    clippy::unwrap_used,
    reason = "test helpers outside #[test] functions; a panic is the failure report"
)]

use std::collections::BTreeMap;
use std::path::Path;

use chrono::{Local, TimeZone as _};
use trustwork::journal::{Entry, EntryId, Value};
use trustwork::share::{self, FeedbackFile, OpenError};
use trustwork::store::Settings;
use trustwork::workbook::{self, parse_workbook};

/// Damaged versions of each good file, per parser.
const CASES: usize = 10_000;

/// Bits people's files are damaged with: by a hand, an editor, or a copy cut short.
const TOKENS: &[&str] = &[
    "\"",
    ",",
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    ":",
    "Some(",
    "None",
    "\\",
    "\u{feff}",
    "\u{201c}",
    "\u{2019}",
    "'",
    "9999999999999999999999",
    "-1",
    "true",
    "\n",
    "\0",
    "//",
    "/*",
    "é",
];

/// A small deterministic generator, so a failing case can be found again by its number.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        usize::try_from(self.0 >> 33).unwrap_or(0)
    }
}

/// One damaged version of `good`.
fn mutate(good: &str, rng: &mut Lcg) -> String {
    let mut bytes = good.as_bytes().to_vec();
    for _ in 0..=rng.next() % 3 {
        let len = bytes.len().max(1);
        let at = rng.next() % len;
        match rng.next() % 6 {
            0 => {
                // Cut short, as a copy that stopped.
                bytes.truncate(at);
            }
            1 => {
                let end = (at + 1 + rng.next() % 16).min(bytes.len());
                if at < end {
                    bytes.drain(at..end);
                }
            }
            2 => {
                let token = TOKENS[rng.next() % TOKENS.len()];
                let at = at.min(bytes.len());
                bytes.splice(at..at, token.bytes());
            }
            3 => {
                if let Some(b) = bytes.get_mut(at) {
                    *b ^= 1 << (rng.next() % 8);
                }
            }
            4 => {
                let end = (at + 1 + rng.next() % 40).min(bytes.len());
                let piece: Vec<u8> = bytes.get(at..end).unwrap_or_default().to_vec();
                let at = end.min(bytes.len());
                bytes.splice(at..at, piece);
            }
            _ => {
                let token = TOKENS[rng.next() % TOKENS.len()];
                let end = (at + 1 + rng.next() % 8).min(bytes.len());
                if at < end {
                    bytes.splice(at..end, token.bytes());
                }
            }
        }
    }
    // Parsers take text; a file that is not UTF-8 is refused before them, as it is in the app.
    String::from_utf8_lossy(&bytes).into_owned()
}

/// A message a person is shown: not empty, and without a parser's hints for programmers.
fn assert_plain(message: &str, case: usize, what: &str) {
    assert!(
        !message.trim().is_empty(),
        "{what} case {case}: an empty message"
    );
    for hint in ["recursion_limit", "try increasing", "ron::", "serde"] {
        assert!(
            !message.contains(hint),
            "{what} case {case}: a developer hint reached a person: {message}"
        );
    }
}

fn good_entry() -> String {
    let wb = workbook::bundled_workbook("daily-check-in").unwrap();
    let at = Local.with_ymd_and_hms(2026, 11, 20, 21, 30, 0).unwrap();
    let mut entry = Entry::new(&wb, at);
    entry.answers.insert("self-trust".into(), Value::Number(6));
    entry
        .answers
        .insert("one-line".into(), Value::Text("Called my sister.".into()));
    entry.to_ron().unwrap()
}

fn good_answers() -> String {
    let source = std::fs::read_to_string("tests/fixtures/assigned.ron").unwrap();
    let wb = parse_workbook(&source).unwrap();
    let at = Local.with_ymd_and_hms(2026, 11, 20, 21, 30, 0).unwrap();
    let mut entry = Entry::new(&wb, at);
    entry
        .answers
        .insert("moment".into(), Value::Text("I said no.".into()));
    let id = EntryId::new(&wb.id, at, |_| false);
    let chosen = share::choose_all([(&id, &entry)]);
    share::to_ron(&share::build_answers_file(
        &wb,
        &source,
        [(&id, &entry)],
        &chosen,
        at,
    ))
    .unwrap()
}

fn good_feedback() -> String {
    share::to_ron(&FeedbackFile {
        format: 1,
        written_at: Local.with_ymd_and_hms(2026, 11, 21, 9, 0, 0).unwrap(),
        reviewer: "Dr Rivera".into(),
        workbook_id: "weekly-reflection".into(),
        workbook_hash: "sha256:00".into(),
        note: "See you Thursday.".into(),
        entries: vec![share::EntryFeedback {
            entry: "20261120T213000-1".into(),
            comments: BTreeMap::from([("moment".to_owned(), "That took courage.".to_owned())]),
        }],
    })
    .unwrap()
}

/// Runs `parse` on `CASES` damaged versions of `good` (and on each corpus file whose name starts
/// with `kind`), inside `catch_unwind`, and checks each refusal with `check`.
fn hammer(kind: &str, good: &str, seed: u64, parse: &dyn Fn(&str) -> Result<(), String>) {
    let mut rng = Lcg(seed);
    let mut refused = 0;
    let corpus: Vec<String> = std::fs::read_dir("tests/corpus")
        .unwrap()
        .map(|f| f.unwrap().path())
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with(kind))
        })
        .map(|p| String::from_utf8_lossy(&std::fs::read(p).unwrap()).into_owned())
        .collect();
    let inputs = corpus
        .into_iter()
        .chain((0..CASES).map(|_| mutate(good, &mut rng)));
    for (case, input) in inputs.enumerate() {
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| parse(&input)));
        match result {
            Ok(Ok(())) => {}
            Ok(Err(message)) => {
                refused += 1;
                assert_plain(&message, case, kind);
            }
            Err(payload) => panic!(
                "{kind} case {case} panicked ({:?}) on:\n{input}",
                payload.downcast_ref::<String>()
            ),
        }
    }
    assert!(
        refused > CASES / 4,
        "{kind}: only {refused} of {CASES} damaged files were refused"
    );
    eprintln!(
        "mutation test: {kind}: {CASES} damaged files, {refused} refused in plain words, 0 panics"
    );
}

/// Problems carry a place: line and column from 1.
fn located(problems: &[workbook::Problem]) -> Result<(), String> {
    for p in problems {
        if p.line == 0 || p.column == 0 {
            return Err(format!("not located: {}", p.message));
        }
    }
    Err(problems
        .iter()
        .map(|p| p.message.clone())
        .collect::<Vec<_>>()
        .join("\n"))
}

#[test]
fn workbooks() {
    let good = std::fs::read_to_string("tests/fixtures/every-kind.ron").unwrap();
    hammer("workbook", &good, 1, &|text| match parse_workbook(text) {
        Ok(_) => Ok(()),
        Err(problems) => {
            let said = located(&problems).unwrap_err();
            assert!(!said.starts_with("not located"), "{said}");
            Err(said)
        }
    });
}

#[test]
fn entries() {
    hammer(
        "entry",
        &good_entry(),
        2,
        &|text| match Entry::from_ron(text) {
            Ok(_) => Ok(()),
            Err(err) => {
                assert!(err.span.start.line >= 1 && err.span.start.col >= 1);
                Err(workbook::plain_parse_error(text, &err))
            }
        },
    );
}

#[test]
fn settings() {
    let good = Settings::default().to_ron().unwrap();
    hammer("settings", &good, 3, &|text| {
        Settings::from_ron(text).map(|_| ())
    });
}

fn shared(text: &str) -> Result<(), String> {
    match share::open_text(Path::new("file.ron"), text) {
        Ok(_) => Ok(()),
        Err(OpenError::Invalid { problems, .. }) => {
            let said = located(&problems).unwrap_err();
            assert!(!said.starts_with("not located"), "{said}");
            Err(said)
        }
        Err(other) => Err(other.to_string()),
    }
}

#[test]
fn answers_files() {
    hammer("answers", &good_answers(), 4, &shared);
}

#[test]
fn feedback_files() {
    hammer("feedback", &good_feedback(), 5, &shared);
}
