//! Every bundled workbook validates, and together they use every input kind.

use std::collections::BTreeSet;

use trustwork::workbook::{
    BUNDLED, COERCIVE_CONTROL, Input, SafetyHelp, Test, estimate, parse_workbook,
};

#[test]
fn every_bundled_workbook_validates() {
    for (name, source) in BUNDLED {
        if let Err(problems) = parse_workbook(source) {
            panic!("workbooks/{name} has problems:\n{problems:#?}");
        }
    }
}

#[test]
fn bundled_workbooks_use_every_input_kind() {
    let all = [
        "ShortText",
        "LongText",
        "Scale",
        "YesNo",
        "Choice",
        "Checklist",
        "Feelings",
        "Date",
        "List",
        "Split",
        "Sort",
    ];
    let used: BTreeSet<&str> = BUNDLED
        .iter()
        .flat_map(|(_, source)| {
            let workbook = parse_workbook(source).unwrap();
            workbook
                .prompts()
                .map(|(_, p)| p.input.kind_name())
                .collect::<Vec<_>>()
        })
        .collect();
    for kind in all {
        assert!(used.contains(kind), "no bundled workbook uses {kind}");
    }
    // The list above must name every kind there is; this match fails to compile when one is added.
    let _: fn(&Input) = |input| match input {
        Input::ShortText
        | Input::LongText
        | Input::Scale { .. }
        | Input::YesNo
        | Input::Choice { .. }
        | Input::Checklist { .. }
        | Input::Feelings { .. }
        | Input::Date
        | Input::List { .. }
        | Input::Split { .. }
        | Input::Sort { .. } => {}
    };
}

#[test]
fn bundled_ids_are_unique_and_match_file_names() {
    let mut ids = BTreeSet::new();
    for (name, source) in BUNDLED {
        let workbook = parse_workbook(source).unwrap();
        assert_eq!(format!("{}.ron", workbook.id), *name);
        assert!(ids.insert(workbook.id));
    }
}

#[test]
fn the_library_carries_the_whole_path_and_couple_versions() {
    use trustwork::workbook::{Audience, SUGGESTED_PATH, bundled_workbook};
    assert!(
        BUNDLED.len() >= 12,
        "three pieces, five steps, check-in, couple versions, start here"
    );
    assert_eq!(
        &SUGGESTED_PATH[..2],
        ["start-here", "self-trust-first"],
        "self-trust first"
    );
    for id in SUGGESTED_PATH {
        assert!(
            bundled_workbook(id).is_some(),
            "{id} is on the path but not bundled"
        );
    }
    let couples: Vec<_> = BUNDLED
        .iter()
        .map(|(_, source)| parse_workbook(source).unwrap())
        .filter(|w| w.audience == Audience::Couple)
        .collect();
    assert!(couples.len() >= 3);
    for workbook in couples {
        // Every couple page waits for a "No" to the safety question, which comes first.
        let first = &workbook.sections[0].prompts[0];
        assert!(
            first.required && first.safety.is_some(),
            "{} starts with a required safety check",
            workbook.id
        );
        for section in &workbook.sections[1..] {
            assert!(
                section.show_if.is_some()
                    || section.title.contains("close")
                    || section.title.contains("Before"),
                "{}: section `{}` is shown whatever the safety answer",
                workbook.id,
                section.id
            );
        }
    }
}

/// Each workbook's `minutes` is an honest figure for reading plus answering a first sitting,
/// by the rule in the guide's section 11 (`trustwork validate` prints the same estimate).
#[test]
fn every_bundled_workbook_states_honest_minutes() {
    let mut wrong = Vec::new();
    for (name, source) in BUNDLED {
        let workbook = parse_workbook(source).unwrap();
        let estimate = estimate(&workbook);
        eprintln!(
            "{name}: states {}, estimate {} ({} words)",
            workbook.minutes,
            estimate.minutes(),
            estimate.words
        );
        if !estimate.agrees_with(workbook.minutes) {
            wrong.push(format!(
                "{name}: minutes {} but the estimate is {}",
                workbook.minutes,
                estimate.minutes()
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// Every bundled fear question (a yes brings abuse support) gives the one shared definition of
/// coercive control, word for word.
#[test]
fn every_fear_question_uses_the_shared_definition() {
    let definition = COERCIVE_CONTROL.trim();
    let mut asked = 0;
    for (name, source) in BUNDLED {
        let workbook = parse_workbook(source).unwrap();
        for (_, prompt) in workbook.prompts() {
            let Some(flag) = &prompt.safety else { continue };
            if flag.show != SafetyHelp::AbuseSupport || flag.when != Test::IsYes {
                continue;
            }
            asked += 1;
            assert!(
                prompt.help.contains(definition),
                "workbooks/{name}: the help of `{}` does not hold the shared definition in workbooks/shared/coercive-control.txt",
                prompt.id
            );
        }
    }
    assert!(asked >= 10, "only {asked} fear questions found");
}

/// The authoring guide's table lists every bundled workbook, in the library's order, with its
/// title and `minutes` as the file has them.
#[test]
fn the_guides_table_matches_the_bundled_workbooks() {
    let guide = std::fs::read_to_string("workbooks/README.md").unwrap();
    let rows: Vec<(String, String, u32)> = guide
        .lines()
        .filter_map(|line| {
            let cells: Vec<&str> = line.split('|').map(str::trim).collect();
            let file = cells.get(1)?.strip_prefix('`')?.strip_suffix(".ron`")?;
            let minutes = cells.get(3)?.parse().ok()?;
            Some((file.to_owned(), cells.get(2)?.to_string(), minutes))
        })
        .collect();
    let bundled: Vec<(String, String, u32)> = BUNDLED
        .iter()
        .map(|(name, source)| {
            let workbook = parse_workbook(source).unwrap();
            (
                name.trim_end_matches(".ron").to_owned(),
                workbook.title,
                workbook.minutes,
            )
        })
        .collect();
    assert_eq!(rows, bundled);
}

/// Every template validates as it stands, with honest minutes, and is not a bundled id.
#[test]
fn every_template_validates() {
    for (name, _, source) in trustwork::workbook::TEMPLATES {
        let workbook = parse_workbook(source)
            .unwrap_or_else(|problems| panic!("template {name}: {problems:#?}"));
        assert!(
            estimate(&workbook).agrees_with(workbook.minutes),
            "template {name}: minutes"
        );
        assert!(
            BUNDLED
                .iter()
                .all(|(file, _)| *file != format!("{}.ron", workbook.id)),
            "template {name} uses a bundled id"
        );
    }
}

/// The guide's worked example for the repeated log shows the two problems a renamed plan
/// question brings, with their lines in the template as it is now.
#[test]
fn the_guides_worked_log_example_matches_the_template() {
    let source = trustwork::workbook::template("log").expect("the log template");
    let edited = source
        .replacen("id: \"plan\",", "id: \"wind-down\",", 1)
        .replacen(
            "ask: \"One small plan for this week\",",
            "ask: \"One small change to my evenings this week\",",
            1,
        );
    assert_ne!(&edited, source, "the example's edit applies");
    let problems = parse_workbook(&edited).expect_err("a renamed plan leaves two references");
    let guide = include_str!("../workbooks/README.md");
    for problem in &problems {
        let line = format!(
            "my-log.ron:{}:{}: {}",
            problem.line, problem.column, problem.message
        );
        assert!(guide.contains(&line), "the guide should show: {line}");
    }
    assert_eq!(problems.len(), 2, "{problems:#?}");
}

/// A couple page that does not depend on the safety question is pointed out, as advice: the
/// template's pages all do, the bundled couple workbooks' closing pages are for everyone, and a
/// page added without its gate is named.
#[test]
fn a_couple_page_without_its_safety_gate_is_pointed_out() {
    let gate_advice = |source: &str| -> Vec<String> {
        let workbook = parse_workbook(source).unwrap_or_else(|p| panic!("{p:#?}"));
        trustwork::workbook::advice(&workbook)
            .into_iter()
            .filter(|a| a.contains("safety question"))
            .collect()
    };
    let couple = trustwork::workbook::template("couple").expect("the couple template");
    assert!(gate_advice(couple).is_empty(), "{:#?}", gate_advice(couple));

    // A page added at the end without the gate's line.
    let end = couple.rfind("    ],").expect("the end of the sections");
    let added = format!(
        "{}        (id: \"plans\", title: \"Plans together\", prompts: [(id: \"plan\", ask: \"A plan\", input: ShortText)]),\n{}",
        &couple[..end],
        &couple[end..]
    );
    let got = gate_advice(&added);
    assert_eq!(got.len(), 1, "{got:#?}");
    assert!(
        got[0].starts_with(
            "page `plans` (\"Plans together\") comes after the safety question `feel-safe-check`"
        ) && got[0].contains("add `show_if: Some(Answer(\"feel-safe-check\", IsNo)),`"),
        "{got:#?}"
    );

    // Small couple workbooks: the safety page, the support page, then the page under test.
    let small = |gate: &str, page: &str| {
        format!(
            r#"Workbook(id: "jh-t", version: 1, title: "T", summary: "S", audience: Couple, cadence: Once, minutes: 1, sections: [
  Section(id: "check", title: "Check", prompts: [Prompt(id: "afraid", ask: "Afraid?", input: {gate})]),
  Section(id: "support", title: "Support", show_if: Some(Answer("afraid", {unsafe_test})), prompts: [Prompt(id: "s", ask: "S", input: ShortText)]),
  Section(id: "ex", title: "Together", {page}),
])"#,
            unsafe_test = if gate.contains("Choice") {
                "Is(\"Not safe\")"
            } else {
                "IsYes"
            },
        )
    };
    let yes_no = "YesNo, safety: Some(SafetyFlag(when: IsYes, show: AbuseSupport))";
    let choice = "Choice(options: [\"Safe\", \"Not safe\"]), safety: Some(SafetyFlag(when: Is(\"Not safe\"), show: AbuseSupport))";
    let cases = [
        // Gated on the safe answer: no note.
        (
            yes_no,
            r#"show_if: Some(Answer("afraid", IsNo)), prompts: [Prompt(id: "p", ask: "P", input: ShortText)]"#,
            None,
        ),
        // Every question gated, one through another: no note.
        (
            yes_no,
            r#"prompts: [Prompt(id: "y", ask: "Y", input: YesNo, show_if: Some(Answer("afraid", IsNo))), Prompt(id: "z", ask: "Z", input: ShortText, show_if: Some(Answer("y", Answered)))]"#,
            None,
        ),
        // The wrong way round.
        (
            yes_no,
            r#"show_if: Some(Answer("afraid", IsYes)), prompts: [Prompt(id: "p", ask: "P", input: ShortText)]"#,
            Some("is shown only after the answer"),
        ),
        // Either of two, one of which always holds.
        (
            yes_no,
            r#"show_if: Some(AnyOf([Answer("afraid", IsNo), Answer("afraid", Answered)])), prompts: [Prompt(id: "p", ask: "P", input: ShortText)]"#,
            Some("is shown whatever its answer"),
        ),
        // A gate on a Choice: the suggestion is a `Not`.
        (
            choice,
            r#"prompts: [Prompt(id: "p", ask: "P", input: ShortText)]"#,
            Some("add `show_if: Some(Not(Answer(\"afraid\", Is(\"Not safe\")))),`"),
        ),
        (
            choice,
            r#"show_if: Some(Not(Answer("afraid", Is("Not safe")))), prompts: [Prompt(id: "p", ask: "P", input: ShortText)]"#,
            None,
        ),
    ];
    for (gate, page, expected) in cases {
        let got = gate_advice(&small(gate, page));
        match expected {
            None => assert!(got.is_empty(), "{page}: {got:#?}"),
            Some(words) => assert!(
                got.len() == 1 && got[0].starts_with("page `ex`") && got[0].contains(words),
                "{page}: {got:#?}"
            ),
        }
    }

    for (file, source) in BUNDLED {
        let workbook = parse_workbook(source).unwrap_or_else(|p| panic!("{file}: {p:#?}"));
        for advice in gate_advice(source) {
            assert!(
                advice.starts_with("page `close`"),
                "{file}: only a closing page is for everyone: {advice}"
            );
        }
        if workbook.audience != trustwork::workbook::Audience::Couple {
            assert!(gate_advice(source).is_empty(), "{file}");
        }
    }
}

/// The guide's worked couple example shows the note its forgotten gate brings, word for word.
#[test]
fn the_guides_worked_couple_example_matches_the_advice() {
    let couple = trustwork::workbook::template("couple").expect("the couple template");
    let page = "(\n    id: \"a-small-thanks\",\n    title: \"A small thanks\",\n    prompts: [\n        (\n            id: \"thanks\",\n            ask: \"One small thing I could thank my partner for\",\n            input: ShortText,\n        ),\n    ],\n),\n";
    let guide = include_str!("../workbooks/README.md");
    assert!(guide.contains(page.trim_end()), "the guide shows the page");
    let at = couple
        .find("        // PAGE 4")
        .expect("the note before page 4");
    let edited = format!("{}{page}{}", &couple[..at], &couple[at..]);
    let workbook = parse_workbook(&edited).unwrap_or_else(|p| panic!("{p:#?}"));
    let notes: Vec<_> = trustwork::workbook::advice(&workbook)
        .into_iter()
        .filter(|a| a.contains("safety question"))
        .collect();
    assert_eq!(notes.len(), 1, "{notes:#?}");
    assert!(
        guide.contains(&format!("note: {}", notes[0])),
        "the guide should show: note: {}",
        notes[0]
    );
}

/// A "how sure" id the ledger cannot find in the workbook is a note, not a refusal.
#[test]
fn a_misspelt_how_sure_id_gets_a_note() {
    let source = r#"Workbook(id: "jh-steps", version: 1, title: "Steps", summary: "S", audience: Solo, cadence: Weekly, minutes: 1, sections: [
  Section(id: "a", title: "A", prompts: [
    Prompt(id: "went", ask: "Did I?", input: YesNo, recall: Some(Recall(prompt: "step")), ledger: Some(Promise(kept: "Yes", not_yet: "No", sure: ["how-likly"]))),
    Prompt(id: "step", ask: "A step", input: ShortText),
    Prompt(id: "how-likely", ask: "How likely?", input: Scale(min: 0, max: 10, low: "no", high: "yes")),
  ]),
])"#;
    let workbook = parse_workbook(source).unwrap_or_else(|p| panic!("{p:#?}"));
    let advice = trustwork::workbook::advice(&workbook);
    assert_eq!(advice.len(), 1, "{advice:#?}");
    assert!(
        advice[0].starts_with("the `ledger` of `went` takes how sure from `how-likly`, which is not a question in this workbook"),
        "{advice:#?}"
    );
    let fixed = parse_workbook(&source.replace("how-likly", "how-likely"))
        .unwrap_or_else(|p| panic!("{p:#?}"));
    assert!(trustwork::workbook::advice(&fixed).is_empty());
}
