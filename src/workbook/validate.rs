//! Checks a parsed workbook for mistakes serde cannot see: ids, conditions, bounds, options.
//!
//! Problems point at the id of the section or prompt they concern, found in the source text,
//! so an author can jump straight to the line.

use std::collections::{BTreeMap, BTreeSet};

use super::{Condition, FieldKind, Input, Problem, Prompt, Sustained, Test, Workbook};

/// The most steps a scale may have; more would not fit as a row of choices.
const MAX_SCALE_STEPS: i32 = 21;

/// Every problem in the workbook, in file order.
pub fn validate(workbook: &Workbook, source: &str) -> Vec<Problem> {
    let mut v = Validator {
        locator: Locator::new(source),
        problems: Vec::new(),
        prompt_ids: workbook.prompts().map(|(_, p)| p.id.clone()).collect(),
    };
    v.workbook(workbook);
    v.problems.sort_by_key(|p| (p.line, p.column));
    v.problems
}

struct Validator<'a> {
    locator: Locator<'a>,
    problems: Vec<Problem>,
    /// Every prompt id, to tell a condition on a later prompt from one on none.
    prompt_ids: BTreeSet<String>,
}

impl Validator<'_> {
    fn report(&mut self, at: (usize, usize), message: String) {
        self.problems.push(Problem::new(at.0, at.1, message));
    }

    fn workbook(&mut self, wb: &Workbook) {
        let at = self.locator.next_id(&wb.id);
        // A workbook's own field is pointed at on its line, not at the id.
        let field = |name: &str| self.locator.field(name).unwrap_or(at);
        let (title_at, summary_at, minutes_at) =
            (field("title"), field("summary"), field("minutes"));
        let (assigned_at, key_at, sections_at) = (
            field("assigned_on"),
            field("reviewer_key"),
            field("sections"),
        );
        if let Some(why) = id_problem(&wb.id) {
            self.report(at, format!("workbook id `{}` {why}", wb.id));
        }
        if wb.title.trim().is_empty() {
            self.report(title_at, "the workbook needs a `title`".to_owned());
        }
        if wb.summary.trim().is_empty() {
            self.report(
                summary_at,
                "the workbook needs a `summary` for the library".to_owned(),
            );
        }
        if !(1..=240).contains(&wb.minutes) {
            self.report(
                minutes_at,
                format!(
                    "`minutes` is {}; give an estimate from 1 to 240",
                    wb.minutes
                ),
            );
        }
        if let Some(day) = &wb.assigned_on
            && chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d").is_err()
        {
            self.report(
                assigned_at,
                format!("`assigned_on` is \"{day}\", which is not a real date; write a date that exists, as YYYY-MM-DD"),
            );
        }
        if let Some(key) = &wb.reviewer_key {
            self.reviewer_key(key_at, key);
        }
        if wb.sections.is_empty() {
            self.report(
                sections_at,
                "the workbook has no sections; add at least one".to_owned(),
            );
        }

        let mut section_ids = BTreeSet::new();
        let mut prompts: BTreeMap<&str, &Prompt> = BTreeMap::new();
        for section in &wb.sections {
            let at = self.locator.next_id(&section.id);
            if let Some(why) = id_problem(&section.id) {
                self.report(at, format!("section id `{}` {why}", section.id));
            }
            if !section_ids.insert(section.id.as_str()) {
                self.report(
                    at,
                    format!(
                        "section id `{}` is used twice; ids must be unique",
                        section.id
                    ),
                );
            }
            if section.title.trim().is_empty() {
                self.report(at, format!("section `{}` needs a `title`", section.id));
            }
            if section.prompts.is_empty() {
                self.report(
                    at,
                    format!("section `{}` has no prompts; add at least one", section.id),
                );
            }
            if let Some(condition) = &section.show_if {
                // Only earlier sections' prompts are known here, so a section cannot depend on itself.
                self.show_if(at, condition, &prompts, None, "section");
            }

            for prompt in &section.prompts {
                let at = self.locator.next_id(&prompt.id);
                self.prompt(at, prompt);
                if let Some(condition) = &prompt.show_if {
                    self.show_if(at, condition, &prompts, Some(&prompt.id), "prompt");
                }
                if let Some(flag) = &prompt.safety
                    && let Some(why) = test_problem(&flag.when, &prompt.input)
                {
                    self.report(at, format!("the safety flag of `{}` {why}", prompt.id));
                }
                if let Some(sustained) = &prompt.sustained {
                    self.sustained(at, wb, prompt, sustained);
                }
                if let Some(recall) = &prompt.recall {
                    self.recall(at, wb, recall);
                }
                if let Some(follow_up) = &prompt.follow_up {
                    self.follow_up(at, wb, prompt, follow_up);
                }
                if let Some(mark) = &prompt.ledger {
                    self.ledger(at, wb, prompt, mark);
                }
                if prompt.not_saved
                    && (prompt.chart
                        || prompt.sustained.is_some()
                        || prompt.follow_up.is_some()
                        || prompt.ledger.is_some())
                {
                    self.report(
                        at,
                        format!("`{}` has `not_saved: true`, so there is no history for a `chart`, `sustained`, `follow_up` or `ledger` to use; take one of them out", prompt.id),
                    );
                }
                if prompts.contains_key(prompt.id.as_str()) {
                    self.report(
                        at,
                        format!(
                            "prompt id `{}` is used twice; ids must be unique",
                            prompt.id
                        ),
                    );
                } else {
                    prompts.insert(&prompt.id, prompt);
                }
            }
        }
    }

    /// A `reviewer_key` must be a public key; a secret key pasted by mistake is never echoed.
    fn reviewer_key(&mut self, at: (usize, usize), key: &str) {
        let trimmed = key.trim();
        if trimmed.parse::<age::x25519::Recipient>().is_ok() {
            return;
        }
        let at = (!trimmed.is_empty())
            .then(|| self.locator.source.find(trimmed))
            .flatten()
            .map_or(at, |offset| line_column(self.locator.source, offset));
        let message = if trimmed.to_ascii_uppercase().starts_with("AGE-SECRET-KEY-") {
            "`reviewer_key` holds a secret key: never send that to anyone. Delete it from this file, and copy the public key from the \"Reviewer key\" screen instead (it starts with age1)".to_owned()
        } else {
            "`reviewer_key` is not a reviewer key: copy the whole public key from the \"Reviewer key\" screen (one line starting with age1), between double quotes".to_owned()
        };
        self.report(at, message);
    }

    /// Every `Answer` inside a `show_if` must name an earlier prompt, with a test that fits it.
    fn show_if(
        &mut self,
        at: (usize, usize),
        condition: &Condition,
        earlier: &BTreeMap<&str, &Prompt>,
        own: Option<&str>,
        what: &str,
    ) {
        if condition.has_empty_group() {
            self.report(
                at,
                format!("the `show_if` of this {what} has an `AnyOf` or `AllOf` with nothing in it; put at least one `Answer(…)` inside"),
            );
        }
        for leaf in condition.answers() {
            let id = leaf.prompt;
            match earlier.get(id) {
                Some(target) => {
                    let problem = match leaf.field {
                        None => test_problem(leaf.test, &target.input),
                        Some(field) => record_test_problem(id, field, leaf.test, &target.input),
                    };
                    if let Some(why) = problem {
                        self.report(at, format!("the `show_if` of this {what} {why}"));
                    }
                }
                None if own == Some(id) => {
                    self.report(at, format!("prompt `{id}` cannot depend on its own answer"));
                }
                None => {
                    let exists = self.prompt_ids.contains(id);
                    self.report(at, missing_condition_target(id, what, exists));
                }
            }
        }
    }

    /// A `recall` names a prompt of this workbook (any, itself included: last time's answer),
    /// or of another by a valid id.
    fn recall(&mut self, at: (usize, usize), wb: &Workbook, recall: &crate::workbook::Recall) {
        match recall.workbook.as_deref() {
            None | Some("") => {
                if wb.prompt(&recall.prompt).is_none() {
                    self.report(
                        at,
                        format!(
                            "the `recall` of this prompt names `{}`, which is not a prompt of this workbook; to recall from another, add `workbook: \"its-id\"`",
                            recall.prompt
                        ),
                    );
                }
            }
            Some(other) => {
                if let Some(why) = id_problem(other) {
                    self.report(at, format!("the `recall` workbook id `{other}` {why}"));
                }
                if let Some(why) = id_problem(&recall.prompt) {
                    self.report(
                        at,
                        format!("the `recall` prompt id `{}` {why}", recall.prompt),
                    );
                }
            }
        }
    }

    /// A `follow_up` hangs on a `Date`, looks back on a prompt of this workbook, has words for
    /// the library, and opens a workbook (by a valid id) at a section that exists.
    fn follow_up(
        &mut self,
        at: (usize, usize),
        wb: &Workbook,
        prompt: &Prompt,
        follow_up: &crate::workbook::FollowUp,
    ) {
        if !matches!(prompt.input, Input::Date) {
            self.report(
                at,
                format!(
                    "`follow_up` needs a `Date` prompt, to know when; `{}` is {}",
                    prompt.id,
                    prompt.input.kind_name()
                ),
            );
        }
        if wb.prompt(&follow_up.about).is_none() {
            self.report(
                at,
                format!(
                    "the `follow_up` of `{}` is `about: \"{}\"`, which is not a prompt of this workbook",
                    prompt.id, follow_up.about
                ),
            );
        }
        if follow_up.label.trim().is_empty() {
            self.report(
                at,
                "the `follow_up` needs a `label`, such as \"the promise you made\": the library shows \"To look back on: the promise you made on 3 December\"".to_owned(),
            );
        }
        let opens_here = match follow_up.open.as_deref() {
            None => true,
            Some(other) => {
                if let Some(why) = id_problem(other) {
                    self.report(at, format!("the `follow_up` workbook id `{other}` {why}"));
                }
                other == wb.id
            }
        };
        if let Some(section) = &follow_up.section {
            // A section of another workbook is checked when that workbook is opened.
            if opens_here && !wb.sections.iter().any(|s| &s.id == section) {
                self.report(
                    at,
                    format!(
                        "the `follow_up` opens at section `{section}`, which is not a section of this workbook"
                    ),
                );
            }
        }
    }

    /// A `ledger` marks how a recalled promise or hunch went: on a `Choice` (or a `YesNo`, whose
    /// options are "Yes" and "No") with a `recall`,
    /// naming its own options, each once; a "how sure" question of this workbook is a 0–10
    /// scale (one of another workbook is looked for in the entry a follow-up came from).
    fn ledger(
        &mut self,
        at: (usize, usize),
        wb: &Workbook,
        prompt: &Prompt,
        mark: &crate::workbook::Ledger,
    ) {
        // Pointed at the `ledger` line itself, which may be far below the prompt's id.
        let at = self.locator.field_here("ledger").unwrap_or(at);
        let id = &prompt.id;
        let what = if mark.is_promise() {
            "promise"
        } else {
            "hunch"
        };
        let yes_no = ["Yes".to_owned(), "No".to_owned()];
        let options = match &prompt.input {
            Input::Choice { options } => options.as_slice(),
            Input::YesNo => yes_no.as_slice(),
            other => {
                self.report(
                    at,
                    format!(
                        "`ledger` goes on a question answered by picking an option (`Choice`) or by Yes or No (`YesNo`), whose answer says how it went; `{id}` is {}",
                        other.kind_name()
                    ),
                );
                return;
            }
        };
        if prompt.recall.is_none() {
            self.report(
                at,
                format!(
                    "`{id}` has a `ledger` but no `recall`: add `recall: Some(Recall(prompt: \"…\"))` naming the {what} it looks back on"
                ),
            );
        }
        let (yes, partly, no) = if mark.is_promise() {
            ("kept", "partly", "not_yet")
        } else {
            ("right", "partly", "wrong")
        };
        let mut named: Vec<&str> = Vec::new();
        for (field, option) in [yes, partly, no].into_iter().zip(mark.options()) {
            let Some(option) = option else { continue };
            if !options.iter().any(|o| o == option) {
                self.report(
                    at,
                    format!(
                        "the `ledger` of `{id}` says `{field}: \"{option}\"`, which is not one of its options ({}); copy the option exactly",
                        options
                            .iter()
                            .map(|o| format!("\"{o}\""))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                );
            } else if named.contains(&option) {
                self.report(
                    at,
                    format!(
                        "the `ledger` of `{id}` names \"{option}\" twice; each way it went needs its own option"
                    ),
                );
            }
            named.push(option);
        }
        for sure in mark.sure() {
            match wb.prompt(sure).map(|p| &p.input) {
                None | Some(Input::Scale { min: 0, max: 10, .. }) => {}
                Some(_) => self.report(
                    at,
                    format!(
                        "the `ledger` of `{id}` takes how sure from `{sure}`, which needs to be a `Scale` from 0 to 10"
                    ),
                ),
            }
        }
    }

    fn sustained(
        &mut self,
        at: (usize, usize),
        wb: &Workbook,
        prompt: &Prompt,
        sustained: &Sustained,
    ) {
        let id = &prompt.id;
        if let Some(why) = test_problem(&sustained.when, &prompt.input) {
            self.report(at, format!("the `sustained` test of `{id}` {why}"));
        }
        if !(2..=30).contains(&sustained.days) {
            self.report(
                at,
                format!(
                    "`days` in the `sustained` of `{id}` is {}; use 2 to 30",
                    sustained.days
                ),
            );
        }
        if !wb.cadence.is_repeated() {
            self.report(
                at,
                format!(
                    "prompt `{id}` has `sustained` but the workbook is done once; it needs a `cadence` of Daily, Weekly or AsOftenAsWanted"
                ),
            );
        }
    }

    fn prompt(&mut self, at: (usize, usize), prompt: &Prompt) {
        let id = &prompt.id;
        if let Some(why) = id_problem(id) {
            self.report(at, format!("prompt id `{id}` {why}"));
        }
        if prompt.ask.trim().is_empty() {
            self.report(
                at,
                format!("prompt `{id}` needs an `ask`: the question itself"),
            );
        }
        if let Some(minutes) = prompt.time_box_minutes {
            if !matches!(prompt.input, Input::LongText) {
                self.report(
                    at,
                    format!(
                        "prompt `{id}` has `time_box_minutes` but only a LongText can be timed"
                    ),
                );
            } else if !(1..=60).contains(&minutes) {
                self.report(
                    at,
                    format!("`time_box_minutes` of `{id}` is {minutes}; use 1 to 60"),
                );
            }
        }
        if prompt.chart && !matches!(prompt.input, Input::Scale { .. }) {
            self.report(
                at,
                format!("prompt `{id}` has `chart: true` but only a Scale can be charted"),
            );
        }
        match &prompt.input {
            Input::ShortText | Input::LongText | Input::YesNo | Input::Date => {}
            Input::Scale {
                min,
                max,
                low,
                high,
            } => {
                if let Some(why) = scale_problem(*min, *max) {
                    self.report(at, format!("the scale of `{id}` {why}"));
                }
                if low.trim().is_empty() || high.trim().is_empty() {
                    self.report(
                        at,
                        format!("the scale of `{id}` needs words for both ends (`low` and `high`)"),
                    );
                }
            }
            Input::Choice { options } => {
                if options.len() < 2 {
                    self.report(at, format!("the choice `{id}` needs at least two options"));
                }
                self.names(at, id, "option", options);
            }
            Input::Checklist { options, .. } => {
                if options.is_empty() {
                    self.report(
                        at,
                        format!("the checklist `{id}` needs at least one option"),
                    );
                }
                self.names(at, id, "option", options);
            }
            Input::Feelings { pick_up_to, .. } => {
                if !(1..=10).contains(pick_up_to) {
                    self.report(
                        at,
                        format!("`pick_up_to` of `{id}` is {pick_up_to}; use 1 to 10"),
                    );
                }
            }
            Input::List { fields, add_label } => {
                if fields.is_empty() {
                    self.report(at, format!("the list `{id}` needs at least one field"));
                }
                if add_label.trim().is_empty() {
                    self.report(at, format!("the list `{id}` has an empty `add_label`"));
                }
                let mut seen = BTreeSet::new();
                for field in fields {
                    if let Some(why) = id_problem(&field.id) {
                        self.report(at, format!("field id `{}` in `{id}` {why}", field.id));
                    }
                    if !seen.insert(field.id.as_str()) {
                        self.report(
                            at,
                            format!("field id `{}` is used twice in `{id}`", field.id),
                        );
                    }
                    if field.label.trim().is_empty() {
                        self.report(
                            at,
                            format!("field `{}` in `{id}` needs a `label`", field.id),
                        );
                    }
                    if let FieldKind::Scale { min, max } = field.kind
                        && let Some(why) = scale_problem(min, max)
                    {
                        self.report(
                            at,
                            format!("the scale of field `{}` in `{id}` {why}", field.id),
                        );
                    }
                }
            }
            Input::Split { total, parts, .. } => {
                if parts.len() < 2 {
                    self.report(at, format!("the split `{id}` needs at least two parts"));
                }
                if !(1..=10_000).contains(total) {
                    self.report(
                        at,
                        format!("the split `{id}` has total {total}; use 1 to 10000"),
                    );
                }
                self.names(at, id, "part", parts);
            }
            Input::Sort { items, bins } => {
                if items.is_empty() {
                    self.report(at, format!("the sort `{id}` needs at least one item"));
                }
                if bins.len() < 2 {
                    self.report(at, format!("the sort `{id}` needs at least two bins"));
                }
                self.names(at, id, "item", items);
                self.names(at, id, "bin", bins);
            }
        }
    }

    /// Options, parts, items and bins: none empty, none repeated.
    fn names(&mut self, at: (usize, usize), id: &str, what: &str, names: &[String]) {
        let mut seen = BTreeSet::new();
        for name in names {
            if name.trim().is_empty() {
                self.report(at, format!("`{id}` has an empty {what}"));
            } else if !seen.insert(name.as_str()) {
                self.report(at, format!("`{id}` lists the {what} \"{name}\" twice"));
            }
        }
    }
}

fn missing_condition_target(prompt_id: &str, what: &str, exists: bool) -> String {
    let start = format!("the `show_if` of this {what} refers to `{prompt_id}`");
    match (exists, what) {
        (false, _) => format!(
            "{start}, but no prompt in the workbook has that id: check its spelling against the prompt's `id`"
        ),
        (true, "section") => format!(
            "{start}, which is not on an earlier page: a page can only depend on a question on a page before it, not on its own"
        ),
        (true, _) => format!(
            "{start}, which comes after it: a question can only depend on one before it (on its page or an earlier one)"
        ),
    }
}

/// Why `test` cannot apply to an answer of `input`, if it cannot.
fn test_problem(test: &Test, input: &Input) -> Option<String> {
    let kind = input.kind_name();
    match (test, input) {
        (Test::Answered, _) | (Test::IsYes | Test::IsNo, Input::YesNo) => None,
        (Test::Is(option), Input::Choice { options })
        | (Test::Includes(option), Input::Checklist { options, .. }) => (!options.contains(option))
            .then(|| format!("tests for \"{option}\", which is not one of its options")),
        (Test::AtLeast(n) | Test::AtMost(n), Input::Scale { min, max, .. }) => (!(min..=max)
            .contains(&n))
        .then(|| format!("tests for {n}, outside the scale's {min} to {max}")),
        (Test::AtLeast(n) | Test::AtMost(n), Input::Feelings { intensity, .. }) => {
            if !intensity {
                Some("tests how strong a feeling is, but the Feelings prompt does not ask: add `intensity: true`".to_owned())
            } else if !(1..=10).contains(n) {
                Some(format!(
                    "tests for {n}, outside the feelings strength of 1 to 10"
                ))
            } else {
                None
            }
        }
        (Test::Includes(word), Input::Feelings { .. }) => {
            let known = crate::workbook::Quadrant::ALL
                .iter()
                .any(|q| q.words().contains(&word.as_str()));
            (!known).then(|| format!("tests for the feeling \"{word}\", which is not one of the feeling words (see the guide's list)"))
        }
        (Test::IsYes | Test::IsNo, _) => {
            Some(format!("uses IsYes/IsNo on a {kind}; those work on YesNo"))
        }
        (Test::Is(_), _) => Some(format!("uses Is on a {kind}; it works on Choice")),
        (Test::Includes(_), _) => Some(format!(
            "uses Includes on a {kind}; it works on Checklist and Feelings"
        )),
        (Test::AtLeast(_) | Test::AtMost(_), _) => Some(format!(
            "uses AtLeast/AtMost on a {kind}; they work on Scale and on Feelings with intensity"
        )),
    }
}

/// What is wrong with `AnyRecord(list, field, test)`, if anything: the prompt must be a `List`
/// with that field, and the test must suit the field.
fn record_test_problem(list: &str, field: &str, test: &Test, input: &Input) -> Option<String> {
    let Input::List { fields, .. } = input else {
        return Some(format!(
            "uses AnyRecord on `{list}`, a {}; it works on List",
            input.kind_name()
        ));
    };
    let Some(found) = fields.iter().find(|f| f.id == field) else {
        let known: Vec<&str> = fields.iter().map(|f| f.id.as_str()).collect();
        return Some(format!(
            "tests field `{field}` of `{list}`, which has no such field (its fields are {})",
            known.join(", ")
        ));
    };
    let as_input = match &found.kind {
        FieldKind::Text => Input::ShortText,
        FieldKind::LongText => Input::LongText,
        FieldKind::Date => Input::Date,
        FieldKind::YesNo => Input::YesNo,
        FieldKind::Scale { min, max } => Input::Scale {
            min: *min,
            max: *max,
            low: String::new(),
            high: String::new(),
        },
    };
    test_problem(test, &as_input).map(|why| format!("(field `{field}` of `{list}`) {why}"))
}

fn scale_problem(min: i32, max: i32) -> Option<String> {
    if min >= max {
        Some(format!(
            "goes from {min} to {max}; `min` must be below `max`"
        ))
    } else if i64::from(max) - i64::from(min) + 1 > i64::from(MAX_SCALE_STEPS) {
        Some(format!(
            "has {} steps; at most {MAX_SCALE_STEPS} fit",
            i64::from(max) - i64::from(min) + 1
        ))
    } else {
        None
    }
}

/// Why an id is not usable, if it is not.
fn id_problem(id: &str) -> Option<&'static str> {
    if id.is_empty() {
        Some("is empty")
    } else if !id
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    {
        Some("may only use lowercase letters, digits and `-`")
    } else if id.starts_with('-') || id.ends_with('-') {
        Some("may not start or end with `-`")
    } else if id.len() > 64 {
        Some("is longer than 64 characters")
    } else {
        None
    }
}

/// Finds `id: "…"` definitions in the source, moving forward in document order.
struct Locator<'a> {
    source: &'a str,
    cursor: usize,
}

impl<'a> Locator<'a> {
    fn new(source: &'a str) -> Self {
        Self { source, cursor: 0 }
    }

    /// Line and column of the next definition of `id`, or of the cursor if it cannot be found.
    fn next_id(&mut self, id: &str) -> (usize, usize) {
        let found = find_id_definition(self.source, self.cursor, id)
            .or_else(|| find_id_definition(self.source, 0, id));
        if let Some(offset) = found {
            self.cursor = offset + id.len() + 2;
            line_column(self.source, offset)
        } else {
            line_column(self.source, self.cursor)
        }
    }
}

impl Locator<'_> {
    /// Line and column of a field of the workbook itself (`minutes: 500`), if it is written.
    fn field(&self, name: &str) -> Option<(usize, usize)> {
        find_field(self.source, 0, name, 1).map(|offset| line_column(self.source, offset))
    }

    /// Line and column of a field of the prompt or section whose id was found last
    /// (`ledger: …`), if it is written after its id.
    fn field_here(&self, name: &str) -> Option<(usize, usize)> {
        find_field(self.source, self.cursor, name, 0).map(|offset| line_column(self.source, offset))
    }
}

/// Byte offset of `name` in the first `name:` from `from` on, at bracket depth `depth`
/// (counted from `from`), outside texts and comments; the search ends where the brackets
/// around `from` close.
fn find_field(source: &str, from: usize, name: &str, depth: i32) -> Option<usize> {
    let bytes = source.as_bytes();
    let is_ident = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    let mut level = 0i32;
    let mut i = from;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => {
                // A text: skip to its closing quote, past escaped ones.
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
            }
            b'r' if !(i > 0 && is_ident(bytes[i - 1]))
                && matches!(bytes.get(i + 1), Some(b'#' | b'"')) =>
            {
                // A raw text, r"…" or r#"…"#: it ends at a quote and as many #.
                let hashes = bytes[i + 1..].iter().take_while(|b| **b == b'#').count();
                if bytes.get(i + 1 + hashes) == Some(&b'"') {
                    let mut close = vec![b'"'];
                    close.extend(std::iter::repeat_n(b'#', hashes));
                    let body = i + 2 + hashes;
                    i = bytes
                        .get(body..)
                        .and_then(|rest| rest.windows(close.len()).position(|w| w == close))
                        .map_or(bytes.len(), |at| body + at + close.len() - 1);
                }
            }
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                // Block comments nest in RON.
                let mut open = 0;
                while i < bytes.len() {
                    if bytes[i] == b'/' && bytes.get(i + 1) == Some(&b'*') {
                        open += 1;
                        i += 2;
                    } else if bytes[i] == b'*' && bytes.get(i + 1) == Some(&b'/') {
                        open -= 1;
                        i += 2;
                        if open == 0 {
                            break;
                        }
                    } else {
                        i += 1;
                    }
                }
                continue;
            }
            b'(' | b'[' | b'{' => level += 1,
            b')' | b']' | b'}' => {
                level -= 1;
                if level < 0 {
                    return None;
                }
            }
            _ if level == depth
                && source.get(i..).is_some_and(|rest| rest.starts_with(name))
                && !(i > 0 && is_ident(bytes[i - 1]))
                && !source[i + name.len()..]
                    .bytes()
                    .next()
                    .is_some_and(is_ident)
                && source[i + name.len()..].trim_start().starts_with(':') =>
            {
                return Some(i);
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// Byte offset of the quoted `"id"` in the first `id: "id"` at or after `from`.
fn find_id_definition(source: &str, from: usize, id: &str) -> Option<usize> {
    let quoted = format!("\"{id}\"");
    let mut start = from;
    while let Some(found) = source.get(start..)?.find(&quoted) {
        let offset = start + found;
        let before = source[..offset].trim_end();
        if let Some(before) = before.strip_suffix(':') {
            let before = before.trim_end();
            if before.ends_with("id")
                && !before[..before.len() - 2]
                    .chars()
                    .next_back()
                    .is_some_and(|c| c.is_alphanumeric() || c == '_')
            {
                return Some(offset);
            }
        }
        start = offset + quoted.len();
    }
    None
}

fn line_column(source: &str, offset: usize) -> (usize, usize) {
    let before = &source[..offset.min(source.len())];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

#[cfg(test)]
mod tests {
    use super::{find_field, line_column};
    use crate::workbook::parse_workbook;

    fn wb(sections: &str) -> String {
        format!(
            "Workbook(id: \"t\", version: 1, title: \"T\", summary: \"S\", audience: Solo, cadence: Once, minutes: 5,\n sections: [\n{sections}\n])"
        )
    }

    fn messages(source: &str) -> Vec<String> {
        parse_workbook(source)
            .err()
            .unwrap_or_default()
            .into_iter()
            .map(|p| format!("{}:{}: {}", p.line, p.column, p.message))
            .collect()
    }

    #[test]
    fn a_reviewer_key_must_be_a_public_key_and_a_secret_one_is_never_echoed() {
        let with_key = |key: &str| {
            wb(r#"(id: "a", title: "A", prompts: [(id: "p", ask: "?", input: LongText)])"#)
                .replacen(
                    "minutes: 5,",
                    &format!("minutes: 5,\n reviewer_key: \"{key}\","),
                    1,
                )
        };
        let public = age::x25519::Identity::generate().to_public().to_string();
        assert_eq!(messages(&with_key(&public)), Vec::<String>::new());
        let wrong = messages(&with_key("age1notakey"));
        assert_eq!(wrong.len(), 1);
        assert!(
            wrong[0].starts_with("2:17: `reviewer_key` is not a reviewer key"),
            "{wrong:?}"
        );
        let secret =
            "AGE-SECRET-KEY-1QQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQ";
        let leaked = messages(&with_key(secret));
        assert!(leaked[0].contains("holds a secret key"), "{leaked:?}");
        assert!(!leaked[0].contains("QQQQ"));
    }

    #[test]
    fn duplicate_prompt_id_points_at_the_second() {
        let source = wb(r#"Section(id: "a", title: "A", prompts: [
  Prompt(id: "x", ask: "One", input: ShortText),
  Prompt(id: "x", ask: "Two", input: LongText),
])"#);
        assert_eq!(
            messages(&source),
            ["5:14: prompt id `x` is used twice; ids must be unique"]
        );
    }

    #[test]
    fn a_recall_names_a_prompt_of_this_workbook_or_another_by_id() {
        let source = wb(r#"Section(id: "a", title: "A", prompts: [
  Prompt(id: "promise", ask: "Q", input: ShortText, recall: Some(Recall(prompt: "promise"))),
  Prompt(id: "kept", ask: "Q", input: YesNo, recall: Some(Recall(prompt: "promis"))),
  Prompt(id: "gut", ask: "Q", input: YesNo, recall: Some(Recall(prompt: "hunch", workbook: Some("gut-calls")))),
  Prompt(id: "odd", ask: "Q", input: YesNo, recall: Some(Recall(prompt: "hunch", workbook: Some("Gut Calls")))),
])"#);
        let got = messages(&source);
        assert_eq!(got.len(), 2, "{got:#?}");
        assert!(
            got[0].starts_with("5:14: the `recall` of this prompt names `promis`"),
            "{got:#?}"
        );
        assert!(
            got[1].starts_with("7:14: the `recall` workbook id `Gut Calls`"),
            "{got:#?}"
        );
    }

    #[test]
    fn a_follow_up_hangs_on_a_date_and_names_what_it_looks_back_on() {
        let source = wb(r#"Section(id: "a", title: "A", prompts: [
  Prompt(id: "promise", ask: "Q", input: ShortText),
  Prompt(id: "when", ask: "Q", input: Date, follow_up: Some(FollowUp(about: "promise", label: "the promise you made", section: Some("a")))),
  Prompt(id: "text", ask: "Q", input: ShortText, follow_up: Some(FollowUp(about: "promise", label: "it"))),
  Prompt(id: "typo", ask: "Q", input: Date, follow_up: Some(FollowUp(about: "promis", label: " ", section: Some("b")))),
  Prompt(id: "other", ask: "Q", input: Date, follow_up: Some(FollowUp(about: "promise", label: "it", open: Some("keeping-my-word"), section: Some("anywhere")))),
])"#);
        let got = messages(&source);
        assert_eq!(got.len(), 4, "{got:#?}");
        assert!(
            got[0].starts_with("6:14: `follow_up` needs a `Date` prompt"),
            "{got:#?}"
        );
        assert!(
            got[1].starts_with("7:14: the `follow_up` of `typo` is `about: \"promis\"`"),
            "{got:#?}"
        );
        assert!(got[2].contains("needs a `label`"), "{got:#?}");
        assert!(got[3].contains("section `b`"), "{got:#?}");
    }

    #[test]
    fn fields_are_found_past_raw_texts_and_nested_comments_and_not_inside_them() {
        let source = "(\n  title: r#\"Say \"minutes: 9\" now\"#, /* a /* nested */ minutes: 1 */\n  minutes: 0,\n  sections: [(id: \"a\", minutes: 3)],\n)";
        assert_eq!(
            find_field(source, 0, "minutes", 1).map(|at| line_column(source, at)),
            Some((3, 3))
        );
        assert_eq!(
            find_field(source, 0, "id", 1),
            None,
            "only at the top level"
        );
        // From inside a section, its own field; the search ends where it closes.
        let inside = source.find("(id").unwrap_or_default() + 1;
        assert_eq!(
            find_field(source, inside, "minutes", 0).map(|at| line_column(source, at)),
            Some((4, 24))
        );
        assert_eq!(find_field(source, inside, "title", 0), None);
        // Unclosed texts and comments end the search without a panic.
        for odd in ["(minutes \"", "(r#\"minutes: 1", "(/* minutes: 1", "(\"\\"] {
            assert_eq!(find_field(odd, 0, "minutes", 1), None, "{odd}");
        }
    }

    #[test]
    fn a_workbook_field_is_pointed_at_on_its_own_line() {
        let source = "Workbook(\n  // minutes: 3, in a comment\n  id: \"x\", version: 1, title: \"minutes: in a text\",\n  summary: \" \", audience: Solo, cadence: Once,\n  minutes: 0, assigned_on: \"2026-02-30\",\n  sections: [],\n)";
        let got = messages(source);
        assert_eq!(
            got,
            vec![
                "4:3: the workbook needs a `summary` for the library",
                "5:3: `minutes` is 0; give an estimate from 1 to 240",
                "5:15: `assigned_on` is \"2026-02-30\", which is not a real date; write a date that exists, as YYYY-MM-DD",
                "6:3: the workbook has no sections; add at least one",
            ]
        );
    }

    #[test]
    fn a_ledger_names_options_of_its_choice_and_looks_back_on_a_recall() {
        let source = wb(r#"Section(id: "a", title: "A", prompts: [
  Prompt(id: "promise", ask: "Q", input: ShortText),
  Prompt(id: "sure", ask: "Q", input: Scale(min: 0, max: 10, low: "l", high: "h")),
  Prompt(id: "kept", ask: "Q", input: Choice(options: ["Kept", "Partly", "Not yet", "Not clear"]), recall: Some(Recall(prompt: "promise")), ledger: Some(Promise(kept: "Kept", partly: Some("Partly"), not_yet: "Not yet", sure: ["sure", "elsewhere"]))),
  Prompt(id: "typo", ask: "Q", input: Choice(options: ["Right", "Wrong"]), recall: Some(Recall(prompt: "promise")), ledger: Some(Hunch(right: "Right", wrong: "wrong"))),
  Prompt(id: "twice", ask: "Q", input: Choice(options: ["Yes", "No"]), ledger: Some(Promise(kept: "Yes", not_yet: "Yes", sure: ["promise"]))),
  Prompt(id: "yesno", ask: "Q", input: YesNo, recall: Some(Recall(prompt: "promise")), ledger: Some(Hunch(right: "Yes", wrong: "No"))),
  Prompt(id: "text", ask: "Q", input: ShortText, recall: Some(Recall(prompt: "promise")), ledger: Some(Hunch(right: "Yes", wrong: "No"))),
  Prompt(id: "yesno2", ask: "Q", input: YesNo, recall: Some(Recall(prompt: "promise")), ledger: Some(Hunch(right: "Yes", wrong: "Nope"))),
  Prompt(id: "gone", ask: "Q", input: YesNo, not_saved: true, recall: Some(Recall(prompt: "promise")), ledger: Some(Hunch(right: "Yes", wrong: "No"))),
])"#);
        let got = messages(&source);
        assert_eq!(got.len(), 7, "{got:#?}");
        assert!(
            got[6].starts_with("12:14: `gone` has `not_saved: true`")
                && got[6].contains("`follow_up` or `ledger`"),
            "{got:#?}"
        );
        assert!(
            got[0].starts_with("7:117: the `ledger` of `typo` says `wrong: \"wrong\"`")
                && got[0].contains("(\"Right\", \"Wrong\")"),
            "{got:#?}"
        );
        assert!(
            got[1].starts_with("8:72: `twice` has a `ledger` but no `recall`")
                && got[1].contains("the promise it looks back on"),
            "{got:#?}"
        );
        assert!(got[2].contains("names \"Yes\" twice"), "{got:#?}");
        assert!(
            got[3].contains("how sure from `promise`, which needs to be a `Scale` from 0 to 10"),
            "{got:#?}"
        );
        // A YesNo counts too, with "Yes" and "No" as its options.
        assert!(
            got[4].starts_with("10:91: `ledger` goes on a question answered by picking")
                && got[4].ends_with("`text` is ShortText"),
            "{got:#?}"
        );
        assert!(
            got[5].starts_with("11:89: the `ledger` of `yesno2` says `wrong: \"Nope\"`")
                && got[5].contains("(\"Yes\", \"No\")"),
            "{got:#?}"
        );
    }

    #[test]
    fn feelings_and_list_field_conditions_are_checked() {
        let source = wb(r#"Section(id: "a", title: "A", prompts: [
  Prompt(id: "felt", ask: "Q", input: Feelings(intensity: true)),
  Prompt(id: "plain", ask: "Q", input: Feelings(pick_up_to: 3)),
  Prompt(id: "list", ask: "Q", input: List(fields: [Field(id: "done", label: "Done?", kind: YesNo), Field(id: "how", label: "How", kind: Scale(min: 0, max: 5))])),
  Prompt(id: "ok1", ask: "Q", input: ShortText, show_if: Some(Answer("felt", AtLeast(7)))),
  Prompt(id: "ok2", ask: "Q", input: ShortText, show_if: Some(AnyRecord("list", "done", IsYes))),
  Prompt(id: "bad1", ask: "Q", input: ShortText, show_if: Some(Answer("plain", AtLeast(7)))),
  Prompt(id: "bad2", ask: "Q", input: ShortText, show_if: Some(Answer("felt", Includes("blorp")))),
  Prompt(id: "bad3", ask: "Q", input: ShortText, show_if: Some(AnyRecord("list", "dun", IsYes))),
  Prompt(id: "bad4", ask: "Q", input: ShortText, show_if: Some(AnyRecord("list", "how", AtLeast(9)))),
  Prompt(id: "bad5", ask: "Q", input: ShortText, show_if: Some(AnyRecord("felt", "done", IsYes))),
])"#);
        let got = messages(&source);
        assert_eq!(got.len(), 5, "{got:#?}");
        assert!(got[0].contains("add `intensity: true`"), "{got:#?}");
        assert!(got[1].contains("\"blorp\""), "{got:#?}");
        assert!(
            got[2].contains("no such field (its fields are done, how)"),
            "{got:#?}"
        );
        assert!(
            got[3].contains("(field `how` of `list`) tests for 9, outside the scale's 0 to 5"),
            "{got:#?}"
        );
        assert!(
            got[4].contains("uses AnyRecord on `felt`, a Feelings"),
            "{got:#?}"
        );
    }

    #[test]
    fn not_any_of_and_all_of_are_checked_inside() {
        let source = wb(r#"Section(id: "a", title: "A", prompts: [
  Prompt(id: "yn", ask: "Q", input: YesNo),
  Prompt(id: "s", ask: "Q", input: Scale(min: 0, max: 10, low: "l", high: "h")),
  Prompt(id: "unless", ask: "Q", input: ShortText, show_if: Some(Not(Answer("yn", IsYes)))),
  Prompt(id: "either", ask: "Q", input: ShortText, show_if: Some(AnyOf([Answer("yn", IsNo), Answer("s", AtLeast(7))]))),
  Prompt(id: "both", ask: "Q", input: ShortText, show_if: Some(AllOf([Answer("yn", IsYes), Answer("nope", Answered)]))),
  Prompt(id: "none", ask: "Q", input: ShortText, show_if: Some(AnyOf([]))),
  Prompt(id: "wrong", ask: "Q", input: ShortText, show_if: Some(Not(AnyOf([Answer("s", IsYes)])))),
])"#);
        let got = messages(&source);
        assert_eq!(got.len(), 3, "{got:#?}");
        assert!(
            got[0].starts_with("8:14: the `show_if` of this prompt refers to `nope`"),
            "{got:#?}"
        );
        assert!(
            got[1].starts_with(
                "9:14: the `show_if` of this prompt has an `AnyOf` or `AllOf` with nothing in it"
            ),
            "{got:#?}"
        );
        assert!(
            got[2].starts_with("10:14: the `show_if` of this prompt uses IsYes/IsNo on a Scale"),
            "{got:#?}"
        );
    }

    #[test]
    fn conditions_must_point_back_and_fit() {
        let source = wb(r#"Section(id: "a", title: "A", prompts: [
  Prompt(id: "later", ask: "Q", input: ShortText, show_if: Some(Answer("yn", IsYes))),
  Prompt(id: "yn", ask: "Q", input: YesNo),
  Prompt(id: "text", ask: "Q", input: ShortText, show_if: Some(Answer("yn", Is("maybe")))),
  Prompt(id: "c", ask: "Q", input: Choice(options: ["a", "b"])),
  Prompt(id: "d", ask: "Q", input: Date, show_if: Some(Answer("c", Is("z")))),
  Prompt(id: "s", ask: "Q", input: Scale(min: 0, max: 10, low: "l", high: "h")),
  Prompt(id: "e", ask: "Q", input: Date, show_if: Some(Answer("s", AtLeast(11)))),
])"#);
        let got = messages(&source);
        assert_eq!(got.len(), 4, "{got:#?}");
        assert!(
            got[0].starts_with(
                "4:14: the `show_if` of this prompt refers to `yn`, which comes after it"
            ),
            "{got:#?}"
        );
        assert_eq!(
            got[1],
            "6:14: the `show_if` of this prompt uses Is on a YesNo; it works on Choice"
        );
        assert_eq!(
            got[2],
            "8:14: the `show_if` of this prompt tests for \"z\", which is not one of its options"
        );
        assert_eq!(
            got[3],
            "10:14: the `show_if` of this prompt tests for 11, outside the scale's 0 to 10"
        );
    }

    #[test]
    fn a_condition_on_no_prompt_at_all_says_to_check_the_spelling() {
        let source = wb(r#"Section(id: "a", title: "A", prompts: [
  Prompt(id: "yn", ask: "Q", input: YesNo),
  Prompt(id: "more", ask: "Q", input: ShortText, show_if: Some(Answer("y-n", IsYes))),
])"#);
        let got = messages(&source);
        assert_eq!(got.len(), 1, "{got:#?}");
        assert!(
            got[0].contains("refers to `y-n`, but no prompt in the workbook has that id"),
            "{got:#?}"
        );
    }

    #[test]
    fn section_condition_cannot_use_its_own_prompts() {
        let source = wb(
            r#"Section(id: "a", title: "A", show_if: Some(Answer("yn", IsYes)), prompts: [
  Prompt(id: "yn", ask: "Q", input: YesNo),
])"#,
        );
        let got = messages(&source);
        assert_eq!(got.len(), 1, "{got:#?}");
        assert!(
            got[0].contains("which is not on an earlier page"),
            "{got:#?}"
        );
    }

    #[test]
    fn shapes_are_checked() {
        let source = wb(r#"Section(id: "Bad Id", title: "A", prompts: [
  Prompt(id: "s", ask: "Q", input: Scale(min: 5, max: 5, low: "l", high: "h")),
  Prompt(id: "c", ask: "Q", input: Choice(options: ["one"])),
  Prompt(id: "k", ask: "Q", input: Checklist(options: ["a", "a"])),
  Prompt(id: "p", ask: "Q", input: Split(total: 100, parts: ["only"])),
  Prompt(id: "o", ask: "Q", input: Sort(items: ["x"], bins: ["one"])),
  Prompt(id: "l", ask: "Q", input: List(fields: [])),
  Prompt(id: "f", ask: "Q", input: Feelings(pick_up_to: 0)),
  Prompt(id: "t", ask: "", input: ShortText, chart: true),
  Prompt(id: "w", ask: "Q", input: ShortText, time_box_minutes: Some(15)),
  Prompt(id: "x", ask: "Q", input: LongText, time_box_minutes: Some(90)),
])"#);
        let got = messages(&source);
        let expected = [
            "3:13: section id `Bad Id` may only use lowercase letters, digits and `-`",
            "4:14: the scale of `s` goes from 5 to 5; `min` must be below `max`",
            "5:14: the choice `c` needs at least two options",
            "6:14: `k` lists the option \"a\" twice",
            "7:14: the split `p` needs at least two parts",
            "8:14: the sort `o` needs at least two bins",
            "9:14: the list `l` needs at least one field",
            "10:14: `pick_up_to` of `f` is 0; use 1 to 10",
            "11:14: prompt `t` needs an `ask`: the question itself",
            "11:14: prompt `t` has `chart: true` but only a Scale can be charted",
            "12:14: prompt `w` has `time_box_minutes` but only a LongText can be timed",
            "13:14: `time_box_minutes` of `x` is 90; use 1 to 60",
        ];
        assert_eq!(got, expected);
    }

    #[test]
    fn sustained_flags_fit_their_prompt_and_a_repeated_workbook() {
        let source = wb(r#"Section(id: "a", title: "A", prompts: [
  Prompt(id: "d", ask: "Q", input: Scale(min: 0, max: 10, low: "l", high: "h"),
         sustained: Some(Sustained(when: IsYes, days: 1))),
])"#);
        assert_eq!(
            messages(&source),
            [
                "4:14: the `sustained` test of `d` uses IsYes/IsNo on a Scale; those work on YesNo",
                "4:14: `days` in the `sustained` of `d` is 1; use 2 to 30",
                "4:14: prompt `d` has `sustained` but the workbook is done once; it needs a `cadence` of Daily, Weekly or AsOftenAsWanted",
            ]
        );
        let daily = source
            .replace("cadence: Once", "cadence: Daily")
            .replace("when: IsYes, days: 1", "when: AtLeast(9), days: 3");
        assert!(messages(&daily).is_empty(), "{:?}", messages(&daily));
    }

    #[test]
    fn safety_flag_must_fit_its_prompt() {
        let source = wb(r#"Section(id: "a", title: "A", prompts: [
  Prompt(id: "t", ask: "Q", input: ShortText, safety: Some(SafetyFlag(when: IsYes, show: CrisisHelp))),
])"#);
        assert_eq!(
            messages(&source),
            ["4:14: the safety flag of `t` uses IsYes/IsNo on a ShortText; those work on YesNo"]
        );
    }
}
