//! Whole-app flows through the real `App`, driven headless by accessible labels.

use std::collections::BTreeMap;
use std::path::Path;

use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _};
use trustwork::app::App;
use trustwork::journal::{FieldValue, Value, visible_sections};
use trustwork::session::{HelpTopic, Page, Screen};
use trustwork::workbook::SafetyHelp;

/// The app on `data`, with the folder read, past the first-run note if it shows.
fn harness(data: &Path) -> Harness<'static, App> {
    let mut h = bare_harness(data);
    settle(&mut h);
    if h.query_by_label(WELCOME).is_some() {
        click(&mut h, WELCOME);
    }
    h
}

/// The app on `data`, before its first frame.
fn bare_harness(data: &Path) -> Harness<'static, App> {
    let data = data.to_owned();
    Harness::builder()
        .with_size([1000.0, 3200.0])
        // A save landing while frames run wakes the window once more.
        .with_max_steps(16)
        .build_eframe(move |cc| App::new(&cc.egui_ctx, Some(data)))
}

/// Draws a frame (taking in any click or typing), waits until every file the app asked for has
/// been read or written, then runs frames until the screen is still: what a person waiting a
/// moment would see.
fn settle(h: &mut Harness<'_, App>) {
    h.step();
    assert!(h.state_mut().settle(), "the worker answered");
    h.run();
}

const WELCOME: &str = "I understand, let's begin";

fn type_into(h: &mut Harness<'_, App>, label: &str, text: &str) {
    h.get_by_label(label).focus();
    h.run();
    h.get_by_label(label).type_text(text);
    settle(h);
}

/// Scrolls the widget into view, as a person would, then clicks it with the pointer.
fn click(h: &mut Harness<'_, App>, label: &str) {
    h.get_by_label(label).scroll_to_me();
    h.run();
    h.get_by_label(label).click();
    settle(h);
}

/// The first (oldest) entry of a workbook.
fn first_entry<'a>(h: &'a Harness<'_, App>, workbook_id: &str) -> &'a trustwork::journal::Entry {
    h.state()
        .journal()
        .entries_of(workbook_id)
        .next()
        .map(|(_, entry)| entry)
        .expect("the workbook has an entry")
}

fn section(h: &Harness<'_, App>) -> Option<usize> {
    match h.state().screen() {
        Screen::Runner {
            page: Page::Section(i),
            ..
        } => Some(*i),
        _ => None,
    }
}

#[test]
fn complete_a_workbook_of_every_kind_and_find_it_after_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let fixture = std::fs::canonicalize("tests/fixtures/every-kind.ron").unwrap();
    {
        let mut h = harness(dir.path());
        h.run();
        // The library lists the bundled workbooks.
        h.get_by_label("Start Rebuilding self-trust first");

        // Import by typed path.
        type_into(&mut h, "File path", &fixture.display().to_string());
        click(&mut h, "Open");
        assert!(h.state().workbook("every-kind").is_some());
        click(&mut h, "Start Every kind");
        click(&mut h, "Begin");
        assert_eq!(section(&h), Some(0));

        // Next without the required answer only reminds.
        click(&mut h, "Next");
        assert_eq!(section(&h), Some(0));
        h.get_by_label_contains("To go on, answer the questions marked required:");

        type_into(&mut h, "Your name (required)", "Ana");
        type_into(&mut h, "A longer thought", "Slowly, slowly.");
        type_into(&mut h, "A date", "2026-11-20");
        click(&mut h, "Next");
        assert_eq!(section(&h), Some(1));

        click(&mut h, "7, Trust today");
        click(&mut h, "Yes, Did you rest");
        click(&mut h, "Green, Pick a colour");
        click(&mut h, "Music, Pick helpers");
        type_into(&mut h, "Other, Pick helpers", "Friends");
        click(&mut h, "Next");
        assert_eq!(
            section(&h),
            Some(2),
            "the conditional section follows a yes"
        );

        type_into(&mut h, "What helped you rest", "Tea");
        click(&mut h, "Next");
        click(
            &mut h,
            "Unpleasant, low energy (heavy, drained), How do you feel",
        );
        click(&mut h, "exhausted, How do you feel");
        click(&mut h, "hurt, How do you feel");
        click(&mut h, "Strength 6, How do you feel");
        click(&mut h, "Next");
        assert_eq!(section(&h), Some(4));

        click(&mut h, "+ Add a moment");
        assert_eq!(
            focused(&h),
            "What happened, row 1",
            "the new row's first field takes focus"
        );
        type_into(&mut h, "What happened, row 1", "A call");
        type_into(&mut h, "When, row 1", "2026-11-01");
        click(&mut h, "Yes, Shared, row 1");
        click(&mut h, "2, Weight, row 1");
        h.get_by_label("Them, Share of blame")
            .set_value_accesskit(60.0);
        h.run();
        h.get_by_label("Me, Share of blame")
            .set_value_accesskit(15.0);
        h.run();
        click(&mut h, "Private, Fear");
        click(&mut h, "Share, Hope");
        click(&mut h, "Finish");
        assert_eq!(h.state().screen(), &Screen::Library);
    }

    // A restart on the same folder finds every answer.
    let h = harness(dir.path());
    let entries: Vec<_> = h.state().journal().entries_of("every-kind").collect();
    assert_eq!(entries.len(), 1);
    let entry = entries[0].1;
    assert!(entry.is_completed());
    let text = |s: &str| Value::Text(s.to_owned());
    let expected: BTreeMap<String, Value> = [
        ("name", text("Ana")),
        ("thought", text("Slowly, slowly.")),
        ("day", Value::Date("2026-11-20".into())),
        ("trust", Value::Number(7)),
        ("rested", Value::YesNo(true)),
        ("colour", Value::Choice("Green".into())),
        (
            "helpers",
            Value::Checklist {
                picked: vec!["Music".into()],
                other: "Friends".into(),
            },
        ),
        ("rest-help", text("Tea")),
        (
            "feel",
            Value::Feelings {
                words: vec!["exhausted".into(), "hurt".into()],
                intensity: Some(6),
            },
        ),
        (
            "moments",
            Value::List(vec![BTreeMap::from([
                ("what".to_owned(), FieldValue::Text("A call".into())),
                ("when".to_owned(), FieldValue::Date("2026-11-01".into())),
                ("shared".to_owned(), FieldValue::YesNo(true)),
                ("weight".to_owned(), FieldValue::Number(2)),
            ])]),
        ),
        (
            "pie",
            Value::Split(BTreeMap::from([
                ("Them".to_owned(), 60),
                ("Me".to_owned(), 15),
            ])),
        ),
        (
            "sort",
            Value::Sort(BTreeMap::from([
                ("Fear".to_owned(), "Private".to_owned()),
                ("Hope".to_owned(), "Share".to_owned()),
            ])),
        ),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v))
    .collect();
    assert_eq!(entry.answers, expected);
    let status = format!(
        "Completed once, on {}",
        entry.completed_at.unwrap().format("%-d %b %Y")
    );
    h.get_by_label(&status);
}

#[test]
fn a_draft_resumes_where_it_was_left() {
    let dir = tempfile::tempdir().unwrap();
    {
        let mut h = harness(dir.path());
        h.run();
        click(&mut h, "Start Daily check-in");
        click(&mut h, "Begin");
        click(&mut h, "4, Today I trusted my own judgement.");
    }
    let mut h = harness(dir.path());
    h.run();
    let draft = first_entry(&h, "daily-check-in");
    let status = format!(
        "Draft, last changed {}",
        draft.updated_at.format("%-d %b %Y")
    );
    h.get_by_label(&status);
    click(&mut h, "Continue Daily check-in");
    assert_eq!(section(&h), Some(0), "back on the section, not the intro");
    let entry = first_entry(&h, "daily-check-in");
    assert_eq!(entry.answers.get("self-trust"), Some(&Value::Number(4)));
    assert!(!entry.is_completed());
}

#[test]
fn a_flagged_answer_brings_up_help_and_keeps_the_place() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(dir.path());
    h.run();
    click(&mut h, "Start Daily check-in");
    click(&mut h, "Begin");
    let ask = "Have I had thoughts of harming myself or ending my life today?";
    click(&mut h, &format!("Yes, {ask}"));
    assert!(h.state().help_topic().is_some(), "help opens at once");
    // A screen reader hears what opened and why, and the dialog takes focus.
    let dialog = h.get_by_role(egui::accesskit::Role::Dialog);
    let node = dialog.accesskit_node();
    assert_eq!(
        node.label().as_deref(),
        Some("Get help now: support after what you answered")
    );
    assert!(node.is_modal());
    assert!(
        node.description()
            .is_some_and(|d| d.starts_with("Thank you for answering honestly"))
    );
    assert_eq!(focused(&h), "Get help now");
    assert_eq!(
        h.root().accesskit_node().label().as_deref(),
        Some("trustwork"),
        "the window has a name"
    );
    h.get_by_label("Back to where I was").click();
    h.run();
    assert!(h.state().help_topic().is_none());
    assert_eq!(section(&h), Some(0));
    let entry = first_entry(&h, "daily-check-in");
    assert_eq!(
        entry.answers.get("harm-thoughts"),
        Some(&Value::YesNo(true)),
        "the answer is kept"
    );
}

#[test]
fn help_is_reachable_from_the_library_and_the_runner() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(dir.path());
    h.run();
    click(&mut h, "Get help now");
    h.get_by_label("Back to where I was").click();
    h.run();
    click(&mut h, "Start Daily check-in");
    click(&mut h, "Get help now");
    assert!(h.state().help_topic().is_some());
}

#[test]
fn an_invalid_import_shows_the_errors_and_imports_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let broken = std::fs::canonicalize("tests/fixtures/broken.ron").unwrap();
    let mut h = harness(dir.path());
    h.run();
    type_into(&mut h, "File path", &broken.display().to_string());
    click(&mut h, "Open");
    h.get_by_label("This file could not be opened, and nothing was changed:");
    assert!(h.state().workbook("broken").is_none());
    assert!(
        std::fs::read_dir(dir.path().join("workbooks"))
            .unwrap()
            .next()
            .is_none()
    );
}

#[test]
fn a_second_window_is_read_only_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let mut first = harness(dir.path());
    first.run();
    let mut second = harness(dir.path());
    second.run();
    second.get_by_label("Read-only: open in another window");
    click(&mut second, "Start Daily check-in");
    click(&mut second, "Begin");
    second
        .get_by_label("4, Today I trusted my own judgement.")
        .click();
    second.run();
    let entry = first_entry(&second, "daily-check-in");
    assert!(
        entry.answers.is_empty(),
        "inputs are disabled in a read-only window"
    );
    drop(second);
    assert!(
        !dir.path().join("entries/daily-check-in").exists(),
        "nothing was written"
    );
}

#[test]
fn every_page_of_every_bundled_workbook_renders() {
    use trustwork::session::Command;
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(dir.path());
    h.run();
    for workbook in trustwork::workbook::bundled()
        .into_iter()
        .map(Result::unwrap)
    {
        h.state_mut()
            .apply(Command::OpenWorkbook(workbook.id.clone()));
        h.run();
        // The intro, then every section, hidden or not: any glyph the fonts lack panics here.
        assert!(h.query_all_by_label(&workbook.title).next().is_some());
        for i in 0..workbook.sections.len() {
            h.state_mut().apply(Command::GoTo(Page::Section(i)));
            h.run();
            assert!(
                h.query_all_by_label(&workbook.sections[i].title)
                    .next()
                    .is_some()
            );
        }
        h.state_mut().apply(Command::BackToLibrary);
        h.run();
    }
}

#[test]
fn a_failed_save_is_shown_and_the_answers_stay_until_it_works() {
    let dir = tempfile::tempdir().unwrap();
    // A file where the entry's folder should be makes every write fail (permission bits would
    // not stop root, which CI runs as).
    std::fs::create_dir_all(dir.path().join("entries")).unwrap();
    let blocker = dir.path().join("entries/daily-check-in");
    std::fs::write(&blocker, b"in the way").unwrap();

    let mut h = harness(dir.path());
    h.run();
    click(&mut h, "Start Daily check-in");
    click(&mut h, "Begin");
    type_into(&mut h, "One line about today", "Held steady");
    assert!(!h.state_mut().flush(), "the write cannot succeed");
    h.run();
    h.get_by_label("Not saved yet, see the note below");
    let note = h
        .query_all_by_label_contains("Not saved yet: check the data folder")
        .count();
    assert_eq!(note, 1, "the note says what to do");
    let entry = first_entry(&h, "daily-check-in");
    assert_eq!(
        entry.answers.get("one-line"),
        Some(&Value::Text("Held steady".into()))
    );

    std::fs::remove_file(&blocker).unwrap();
    assert!(
        h.state_mut().flush(),
        "the retry lands once the folder is usable"
    );
    h.run();
    assert!(h.query_all_by_label_contains("Saved ").next().is_some());
    let saved = std::fs::read_dir(&blocker).unwrap().count();
    assert_eq!(saved, 1);
}

#[test]
fn a_repeated_workbook_starts_a_fresh_entry_each_time() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(dir.path());
    h.run();
    click(&mut h, "Start Daily check-in");
    click(&mut h, "Begin");
    click(&mut h, "6, Today I trusted my own judgement.");
    click(&mut h, "Finish");
    assert_eq!(h.state().screen(), &Screen::Library);

    click(&mut h, "Start a new entry of Daily check-in");
    assert_eq!(
        section(&h),
        Some(0),
        "the second time skips the introduction"
    );
    click(&mut h, "8, Today I trusted my own judgement.");
    click(&mut h, "Finish");
    let values: Vec<_> = h
        .state()
        .journal()
        .entries_of("daily-check-in")
        .map(|(_, e)| (e.is_completed(), e.answers.get("self-trust").cloned()))
        .collect();
    assert_eq!(
        values,
        [
            (true, Some(Value::Number(6))),
            (true, Some(Value::Number(8)))
        ]
    );
}

#[test]
fn the_first_run_note_appears_once() {
    let dir = tempfile::tempdir().unwrap();
    {
        let mut h = bare_harness(dir.path());
        settle(&mut h);
        h.get_by_label_contains("It is not therapy, diagnosis or a crisis service");
        click(&mut h, WELCOME);
        assert!(h.query_by_label(WELCOME).is_none());
    }
    let mut h = bare_harness(dir.path());
    settle(&mut h);
    assert!(
        h.query_by_label(WELCOME).is_none(),
        "not shown a second time"
    );
    // It can still be read from the help screen.
    click(&mut h, "Get help now");
    h.get_by_label_contains("It is not therapy, diagnosis or a crisis service");
}

#[test]
fn the_chosen_country_is_remembered_on_the_help_screen() {
    use trustwork::session::Command;
    let dir = tempfile::tempdir().unwrap();
    {
        let mut h = harness(dir.path());
        click(&mut h, "Get help now");
        h.state_mut().apply(Command::SetCountry(Some("AU".into())));
        h.run();
        h.get_by_label("Australia: 000");
        assert!(h.state_mut().flush());
    }
    let mut h = harness(dir.path());
    click(&mut h, "Get help now");
    h.get_by_label("Australia: 000");
    h.get_by_label("Call 13 11 14, or text 0477 13 11 14");
}

#[test]
fn timed_writing_offers_a_timer_and_a_grounding_exit_that_keeps_the_words() {
    use trustwork::session::Command;
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(dir.path());
    h.state_mut()
        .apply(Command::OpenWorkbook("writing-it-out".into()));
    h.state_mut().apply(Command::GoTo(Page::Section(0)));
    h.run();
    click(
        &mut h,
        "Yes, Would I like to try a short, timed piece of writing today?",
    );
    click(&mut h, "Next");
    assert_eq!(
        section(&h),
        Some(1),
        "the optional writing page appears after a yes"
    );

    click(&mut h, "Start a 15 minute timer");
    h.get_by_label("About 15 min left");
    type_into(
        &mut h,
        "What happened, and how it has touched me",
        "It still catches me off guard.",
    );
    click(&mut h, "Stop and steady myself");
    h.get_by_role_and_label(egui::accesskit::Role::Heading, "Steadying yourself");
    click(&mut h, "Back to the writing");
    assert!(h.query_all_by_label("Steadying yourself").next().is_none());
    assert_eq!(section(&h), Some(1), "still on the writing page");

    click(&mut h, "Stop and steady myself");
    click(&mut h, "Stop for today");
    assert_eq!(h.state().screen(), &Screen::Library);
    let entry = first_entry(&h, "writing-it-out");
    assert_eq!(
        entry.answers.get("writing"),
        Some(&Value::Text("It still catches me off guard.".into()))
    );
}

#[test]
fn a_couple_workbook_sets_its_exercises_aside_when_fear_is_reported() {
    use trustwork::session::Command;
    let fear = "Do I feel afraid of my partner, or have they threatened, hurt or controlled me?";
    for id in [
        "couple-sharing-turns",
        "couple-repair-agreements",
        "couple-new-chapter",
    ] {
        let dir = tempfile::tempdir().unwrap();
        let mut h = harness(dir.path());
        h.state_mut().apply(Command::OpenWorkbook(id.into()));
        h.run();
        click(&mut h, "Begin");
        assert_eq!(section(&h), Some(0), "{id} begins with the safety check");
        click(&mut h, &format!("Yes, {fear}"));
        assert_eq!(
            h.state().help_topic(),
            Some(HelpTopic::Flagged(SafetyHelp::AbuseSupport)),
            "{id}: abuse support opens at once"
        );
        click(&mut h, "Back to where I was");
        click(&mut h, "Next");
        let shown = h
            .get_all_by_label("Looking after your safety first")
            .count();
        assert!(shown > 0, "{id}: the support page follows");

        let workbook = h.state().workbook(id).unwrap().clone();
        let entry = first_entry(&h, id);
        let visible = visible_sections(&workbook, entry);
        let titles: Vec<&str> = visible
            .iter()
            .map(|i| workbook.sections[*i].title.as_str())
            .collect();
        assert!(
            titles.len() <= 3,
            "{id}: only the check, the support page and a closing page: {titles:?}"
        );

        // "No" brings the couple pages back.
        click(&mut h, "Back");
        click(&mut h, &format!("No, {fear}"));
        let entry = first_entry(&h, id);
        let after_no: Vec<&str> = visible_sections(&workbook, entry)
            .iter()
            .map(|i| workbook.sections[*i].title.as_str())
            .collect();
        assert!(
            !after_no.contains(&"Looking after your safety first"),
            "{id}: {after_no:?}"
        );
        assert!(
            after_no.len() >= 3,
            "{id}: the couple pages open: {after_no:?}"
        );
    }
}

/// Replaces the text of a field: select all, then type.
fn replace_text(h: &mut Harness<'_, App>, label: &str, text: &str) {
    h.get_by_label(label).focus();
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.run();
    h.get_by_label(label).type_text(text);
    h.run();
}

#[test]
fn a_client_and_a_reviewer_exchange_answers_and_feedback_in_the_app() {
    let client_dir = tempfile::tempdir().unwrap();
    let reviewer_dir = tempfile::tempdir().unwrap();
    let exchange = tempfile::tempdir().unwrap();
    let answers_path = exchange.path().join("check-in.answers.ron");
    let feedback_path = exchange.path().join("check-in.feedback.ron");
    let trust = "Today I trusted my own judgement.";

    // The client fills in a check-in, then shares it without the one-line answer.
    {
        let mut h = harness(client_dir.path());
        click(&mut h, "Start Daily check-in");
        click(&mut h, "Begin");
        click(&mut h, &format!("7, {trust}"));
        type_into(
            &mut h,
            "One line about today",
            "PRIVATE-LINE about the argument",
        );
        click(&mut h, "Finish");
        click(&mut h, "Share or print Daily check-in");
        let entry = first_entry(&h, "daily-check-in");
        let when = trustwork::ui::entry_label(entry);
        // In the preview, and in the name of its box, so a screen reader hears what is shared.
        assert_eq!(
            h.query_all_by_label_contains("PRIVATE-LINE").count(),
            2,
            "previewed before unticking"
        );
        click(
            &mut h,
            &format!("One line about today: PRIVATE-LINE about the argument, {when}"),
        );
        assert_eq!(
            h.query_all_by_label_contains("PRIVATE-LINE").count(),
            1,
            "gone from what the reader will see; only its box still names it"
        );
        click(&mut h, "The file's exact text");
        let node = h.get_by_label_contains("AnswersFile(");
        let preview = node
            .value()
            .or_else(|| node.accesskit_node().label())
            .unwrap_or_default();
        assert!(
            !preview.contains("PRIVATE-LINE"),
            "the preview drops the unticked answer at once"
        );
        assert!(preview.contains("\"self-trust\": Number(7)"), "{preview}");
        replace_text(&mut h, "Save to", answers_path.to_str().unwrap());
        click(&mut h, "Save");
        h.state_mut().wait_for_share_write();
        h.run();
        h.get_by_label_contains("Saved to");
        let bytes = std::fs::read_to_string(&answers_path).unwrap();
        assert_eq!(
            bytes, preview,
            "the file holds exactly what the preview showed"
        );
        assert!(!bytes.contains("PRIVATE-LINE"));
    }

    // The reviewer reads it beside the questions, comments, and saves feedback.
    {
        let mut h = harness(reviewer_dir.path());
        type_into(&mut h, "File path", answers_path.to_str().unwrap());
        click(&mut h, "Open");
        assert_eq!(h.state().screen(), &Screen::Review);
        h.get_by_label(trust);
        type_into(
            &mut h,
            &format!("Comment on: {trust}"),
            "A steady seven. Well noticed.",
        );
        type_into(&mut h, "Overall note", "See you Thursday.");
        type_into(&mut h, "Sign as (optional)", "Dr Rivera");
        assert_eq!(
            h.get_by_label("Save feedback to").value().as_deref(),
            feedback_path.to_str()
        );
        click(&mut h, "Save feedback");
        h.state_mut().wait_for_share_write();
        h.run();
        assert!(feedback_path.exists());
        assert!(
            h.state().journal().entries.is_empty(),
            "nothing mixed into the reviewer's entries"
        );
        click(&mut h, "Close");

        // Opened again, the answers come back with the feedback already written for them;
        // saving again asks before replacing that file.
        type_into(&mut h, "File path", answers_path.to_str().unwrap());
        click(&mut h, "Open");
        h.get_by_label_contains("is back in the boxes below");
        assert_eq!(
            h.get_by_label(&format!("Comment on: {trust}"))
                .value()
                .as_deref(),
            Some("A steady seven. Well noticed.")
        );
        assert_eq!(
            h.get_by_label("Overall note").value().as_deref(),
            Some("See you Thursday.")
        );
        let before = std::fs::read(&feedback_path).unwrap();
        click(&mut h, "Save feedback");
        h.state_mut().wait_for_share_write();
        h.run();
        h.get_by_label_contains("A file is already at");
        assert_eq!(
            std::fs::read(&feedback_path).unwrap(),
            before,
            "not replaced yet"
        );
        click(&mut h, &format!("Replace {}", feedback_path.display()));
        h.state_mut().wait_for_share_write();
        h.run();
        h.get_by_label_contains("Saved to");
        click(&mut h, "Close");
    }
    assert!(!reviewer_dir.path().join("entries/daily-check-in").exists());

    // The client opens the feedback and finds the comment beside the answer.
    let mut h = harness(client_dir.path());
    type_into(&mut h, "File path", feedback_path.to_str().unwrap());
    click(&mut h, "Open");
    h.get_by_label_contains("Comments from Dr Rivera are now beside your answers");
    click(&mut h, "Past entries of Daily check-in");
    h.get_by_label_contains("2 comments from your reviewer");
    let entry = first_entry(&h, "daily-check-in");
    let label = format!("Open entry {}", trustwork::ui::entry_label(entry));
    click(&mut h, &label);
    // The entry opens to read: the overall note and each comment beside its answer, together.
    assert!(matches!(h.state().screen(), Screen::Read { .. }));
    h.get_by_label("A note from Dr Rivera");
    h.get_by_label("See you Thursday.");
    h.get_by_label("Dr Rivera wrote");
    h.get_by_label("A steady seven. Well noticed.");
    assert!(h.state_mut().flush());
    drop(h);
    let h = harness(client_dir.path());
    let entry = first_entry(&h, "daily-check-in");
    assert_eq!(
        entry.feedback[0].comments["self-trust"], "A steady seven. Well noticed.",
        "kept after a restart"
    );
}

#[test]
fn an_assigned_workbook_says_who_assigned_it() {
    let dir = tempfile::tempdir().unwrap();
    let file = std::fs::canonicalize("tests/fixtures/assigned.ron").unwrap();
    let mut h = harness(dir.path());
    type_into(&mut h, "File path", file.to_str().unwrap());
    click(&mut h, "Open");
    h.get_by_label_contains(
        "Added the workbook \"A weekly reflection\", assigned by Dr Rivera on 2026-11-20",
    );
    h.get_by_label("Assigned by Dr Rivera on 2026-11-20");
    drop(h);
    // Still there, still marked, after a restart.
    let h = harness(dir.path());
    h.get_by_label("Assigned by Dr Rivera on 2026-11-20");
}

#[test]
fn fear_reported_anywhere_puts_a_word_of_care_over_the_couple_workbooks() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(dir.path());
    assert!(h.query_by_label_contains("A word of care").is_none());
    click(&mut h, "Start Start here");
    click(&mut h, "Begin");
    click(&mut h, "Next");
    click(
        &mut h,
        "Yes, Am I afraid of my partner, or have I been threatened, hurt or controlled?",
    );
    assert_eq!(
        h.state().help_topic(),
        Some(HelpTopic::Flagged(SafetyHelp::AbuseSupport))
    );
    click(&mut h, "Back to where I was");
    click(&mut h, "Back to library");
    let care = h.get_by_label_contains("A word of care");
    // Anyone walking past may read the library: the word of care repeats nothing answered.
    let said = care.accesskit_node().label().unwrap_or_default();
    assert!(
        !said.contains("afraid") && !said.contains("Start here"),
        "{said}"
    );
    // Changing the answer lifts it.
    h.state_mut()
        .apply(trustwork::session::Command::OpenWorkbook(
            "start-here".into(),
        ));
    h.run();
    click(
        &mut h,
        "No, Am I afraid of my partner, or have I been threatened, hurt or controlled?",
    );
    click(&mut h, "Back to library");
    assert!(h.query_by_label_contains("A word of care").is_none());
}

#[test]
fn a_reviewer_is_asked_before_unsaved_comments_are_dropped() {
    let dir = tempfile::tempdir().unwrap();
    let exchange = tempfile::tempdir().unwrap();
    let wb = trustwork::workbook::bundled_workbook("daily-check-in").unwrap();
    let source = trustwork::workbook::BUNDLED
        .iter()
        .find(|(n, _)| *n == "daily-check-in.ron")
        .unwrap()
        .1;
    let mut entry = trustwork::journal::Entry::new(&wb, chrono::Local::now());
    entry.answers.insert("self-trust".into(), Value::Number(6));
    let id = trustwork::journal::EntryId::new("daily-check-in", entry.started_at, |_| false);
    let chosen = trustwork::share::choose_all([(&id, &entry)]);
    let file = trustwork::share::build_answers_file(
        &wb,
        source,
        [(&id, &entry)],
        &chosen,
        chrono::Local::now(),
    );
    let path = exchange.path().join("a.answers.ron");
    std::fs::write(&path, trustwork::share::to_ron(&file).unwrap()).unwrap();

    let mut h = harness(dir.path());
    type_into(&mut h, "File path", path.to_str().unwrap());
    click(&mut h, "Open");
    type_into(
        &mut h,
        "Comment on: Today I trusted my own judgement.",
        "Good.",
    );
    click(&mut h, "Close");
    assert_eq!(h.state().screen(), &Screen::Review, "not closed yet");
    h.get_by_label("Your comments are not saved in a feedback file yet. Close and lose them?");
    click(&mut h, "Keep reviewing");
    click(&mut h, "Save feedback");
    h.state_mut().wait_for_share_write();
    h.run();
    click(&mut h, "Close");
    assert_eq!(
        h.state().screen(),
        &Screen::Library,
        "saved, so it closes at once"
    );
}

#[test]
fn undo_in_a_new_entry_never_brings_back_another_entrys_words() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(dir.path());
    click(&mut h, "Start Daily check-in");
    click(&mut h, "Begin");
    click(&mut h, "6, Today I trusted my own judgement.");
    type_into(&mut h, "One line about today", "words from the first entry");
    click(&mut h, "Finish");

    click(&mut h, "Start a new entry of Daily check-in");
    h.get_by_label("One line about today").focus();
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    settle(&mut h);
    let answers: Vec<_> = h
        .state()
        .journal()
        .entries_of("daily-check-in")
        .map(|(_, e)| e.answers.get("one-line").cloned())
        .collect();
    assert_eq!(
        answers,
        [Some(Value::Text("words from the first entry".into())), None],
        "the new entry's line stays empty"
    );
    assert_eq!(
        h.get_by_label("One line about today").value().as_deref(),
        Some("")
    );
}

/// Asks the window to close, as the window manager's close button does, and says whether the
/// app held the window open.
fn ask_to_close(h: &mut Harness<'_, App>) -> bool {
    h.input_mut()
        .viewports
        .entry(egui::ViewportId::ROOT)
        .or_default()
        .events
        .push(egui::ViewportEvent::Close);
    h.step();
    let held = h.output().viewport_output[&egui::ViewportId::ROOT]
        .commands
        .contains(&egui::ViewportCommand::CancelClose);
    settle(h);
    held
}

#[test]
fn closing_while_the_disk_refuses_asks_first_and_loses_nothing() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("entries")).unwrap();
    let blocker = dir.path().join("entries/daily-check-in");
    std::fs::write(&blocker, b"in the way").unwrap();
    let guard = "Your latest answers are not saved yet";

    let mut h = harness(dir.path());
    click(&mut h, "Start Daily check-in");
    click(&mut h, "Begin");
    type_into(&mut h, "One line about today", "Still here");
    assert!(ask_to_close(&mut h), "the window stays open while it saves");
    h.get_by_role_and_label(egui::accesskit::Role::Heading, guard);
    let reasons = h
        .query_all_by_label_contains("Not saved yet: check the data folder")
        .count();
    assert_eq!(
        reasons, 2,
        "the guard says why, as the note on the page does"
    );
    click(&mut h, "Try saving again");
    h.get_by_role_and_label(egui::accesskit::Role::Heading, guard);
    assert!(!h.state().session().may_close());
    click(&mut h, "Keep the window open");
    assert!(h.query_all_by_label(guard).next().is_none());
    let entry = first_entry(&h, "daily-check-in");
    assert_eq!(
        entry.answers.get("one-line"),
        Some(&Value::Text("Still here".into())),
        "the words are still in the window"
    );

    // Once the folder is usable, closing saves and then lets the window go.
    std::fs::remove_file(&blocker).unwrap();
    assert!(ask_to_close(&mut h), "held until the save is confirmed");
    assert!(h.query_all_by_label(guard).next().is_none());
    assert!(h.state().session().may_close());
    let saved = std::fs::read_dir(&blocker).unwrap().count();
    assert_eq!(saved, 1, "the entry is on disk");
}

/// The label of the node that has keyboard focus.
fn focused(h: &Harness<'_, App>) -> String {
    #[expect(
        clippy::redundant_closure_for_method_calls,
        reason = "the method alone is not general enough over the node's lifetime"
    )]
    let node = h.get_by(|node| node.is_focused());
    node.accesskit_node()
        .label()
        .or_else(|| node.value())
        .unwrap_or_default()
}

#[test]
fn ctrl_enter_on_a_chosen_chip_keeps_the_answer_and_moves_on() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(dir.path());
    click(&mut h, "Start Daily check-in");
    click(&mut h, "Begin");
    // By keyboard: the chip is focused and chosen with Space, then Ctrl+Enter.
    let chip = "5, Today I trusted my own judgement.";
    h.get_by_label(chip).focus();
    h.run();
    h.key_press(egui::Key::Space);
    h.run();
    assert_eq!(
        first_entry(&h, "daily-check-in").answers.get("self-trust"),
        Some(&Value::Number(5))
    );
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Enter);
    settle(&mut h);
    assert_eq!(
        h.state().screen(),
        &Screen::Library,
        "the page was finished"
    );
    let entry = first_entry(&h, "daily-check-in");
    assert!(entry.is_completed());
    assert_eq!(
        entry.answers.get("self-trust"),
        Some(&Value::Number(5)),
        "Ctrl+Enter did not also press the chip"
    );
}

#[test]
fn a_new_screen_opens_at_its_top_with_focus_on_its_heading() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().to_owned();
    // A window short enough that pages scroll.
    let mut h = Harness::builder()
        .with_size([1000.0, 700.0])
        .with_max_steps(16)
        .build_eframe(move |cc| App::new(&cc.egui_ctx, Some(data)));
    settle(&mut h);
    click(&mut h, WELCOME);
    assert_eq!(
        focused(&h),
        "Start here",
        "the library starts at its first heading"
    );

    click(&mut h, "Start Rebuilding self-trust first");
    assert_eq!(focused(&h), "Rebuilding self-trust first");
    click(&mut h, "Begin");
    let wb = h.state().workbook("self-trust-first").unwrap().clone();
    assert_eq!(focused(&h), wb.sections[0].title);
    // The next Tab starts on the page, after the heading, not back in the top bar.
    h.key_press(egui::Key::Tab);
    h.run();
    let next = focused(&h);
    assert!(
        !["Search", "Privacy", "Hide everything now", "Get help now"].contains(&next.as_str()),
        "Tab went to {next}"
    );

    // Scrolled to the bottom of the page, Next opens the next section at its top.
    h.get_by_label("Next").scroll_to_me();
    h.run();
    click(&mut h, "Next");
    assert_eq!(section(&h), Some(1));
    let title = &wb.sections[1].title;
    assert_eq!(&focused(&h), title);
    let heading = h.get_by_label(title);
    let top = heading.accesskit_node().bounding_box().unwrap().y0;
    assert!(
        top < 250.0,
        "the heading is at the top of the window, at y={top}"
    );

    // Tab through the whole page: whatever takes focus is scrolled into the window.
    let mut seen = std::collections::BTreeSet::new();
    for _ in 0..40 {
        h.key_press(egui::Key::Tab);
        h.run();
        let label = focused(&h);
        #[expect(
            clippy::redundant_closure_for_method_calls,
            reason = "the method alone is not general enough over the node's lifetime"
        )]
        let node = h.get_by(|node| node.is_focused());
        let bounds = node.accesskit_node().bounding_box().unwrap();
        assert!(
            bounds.y0 >= 0.0 && bounds.y1 <= 700.0,
            "{label} is out of view at {bounds:?}"
        );
        seen.insert(label);
    }
    assert!(seen.len() > 5, "focus moved through the page");

    // Page Down and Home scroll the page when no text field has the keyboard.
    h.get_by_label("Back to library").focus();
    h.run();
    let at = |h: &Harness<'_, App>| {
        h.get_by_label(title)
            .accesskit_node()
            .bounding_box()
            .unwrap()
            .y0
    };
    let before = at(&h);
    h.key_press(egui::Key::PageDown);
    h.run();
    assert!(
        at(&h) < before - 200.0,
        "Page Down scrolled the page: {before} to {}",
        at(&h)
    );
    h.key_press(egui::Key::Home);
    h.run();
    assert!((at(&h) - before).abs() < 1.0, "Home went back to the top");
}

#[test]
fn help_takes_focus_and_gives_it_back_when_it_closes() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(dir.path());
    click(&mut h, "Start Daily check-in");
    click(&mut h, "Begin");
    let chip = "5, Today I trusted my own judgement.";
    h.get_by_label(chip).focus();
    h.run();
    h.key_press(egui::Key::F1);
    h.run();
    h.run();
    assert_eq!(
        focused(&h),
        "Get help now",
        "the dialog's heading has focus"
    );
    h.key_press(egui::Key::Escape);
    h.run();
    h.run();
    assert_eq!(h.state().help_topic(), None);
    assert_eq!(focused(&h), chip, "focus is back where it was");
}

#[test]
fn a_refused_next_is_said_at_once_and_focus_goes_to_the_question() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(dir.path());
    click(&mut h, "Start Daily check-in");
    click(&mut h, "Begin");
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Enter);
    h.run();
    h.run();
    let reminder = h.get_by_label_contains("To go on, answer the questions marked required:");
    assert_eq!(
        reminder.accesskit_node().live(),
        egui::accesskit::Live::Assertive,
        "a live region, said at once"
    );
    assert_eq!(section(&h), Some(0), "the page stayed");
    assert_eq!(focused(&h), "Today I trusted my own judgement. (required)");
    // The next Tab goes to its answer.
    h.key_press(egui::Key::Tab);
    h.run();
    assert!(
        focused(&h).ends_with("Today I trusted my own judgement."),
        "{}",
        focused(&h)
    );
}

#[test]
fn the_save_status_and_notices_are_live_regions() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(dir.path());
    click(&mut h, "Start Daily check-in");
    click(&mut h, "Begin");
    click(&mut h, "4, Today I trusted my own judgement.");
    assert!(h.state_mut().flush());
    h.run();
    let status = h.get_by_label_contains("Saved ");
    assert_eq!(
        status.accesskit_node().live(),
        egui::accesskit::Live::Polite
    );
    click(&mut h, "Finish");
    let notice = h.get_by_label_contains("Finished \"Daily check-in\"");
    assert_eq!(
        notice.accesskit_node().live(),
        egui::accesskit::Live::Polite
    );
}

#[test]
fn roles_and_names_say_what_each_control_is() {
    use egui::accesskit::Role;
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(dir.path());
    click(&mut h, "Start Daily check-in");
    click(&mut h, "Begin");
    // Feeling words, several of which can be chosen, are check boxes; the areas are tabs.
    let feelings = h
        .state()
        .workbook("daily-check-in")
        .unwrap()
        .prompts()
        .find(|(_, p)| p.id == "feelings")
        .map(|(_, p)| p.ask.clone())
        .unwrap();
    let area_name = format!("Unpleasant, low energy (heavy, drained), {feelings}");
    let area = h.get_by_label(&area_name);
    assert_eq!(area.accesskit_node().role(), Role::Tab);
    click(
        &mut h,
        &format!("Unpleasant, low energy (heavy, drained), {feelings}"),
    );
    let word_name = format!("sad, {feelings}");
    let word = h.get_by_label(&word_name);
    assert_eq!(word.accesskit_node().role(), Role::CheckBox);
    // A one-page workbook shows no "Section 1 of 1" and no full bar.
    assert!(h.query_by_role(Role::ProgressIndicator).is_none());
    assert!(
        h.query_all_by_label_contains("Section 1 of")
            .next()
            .is_none()
    );
    // A closed combo box says what it shows.
    h.key_press(egui::Key::F1);
    h.run();
    let combo = h.get_by_role(Role::ComboBox);
    assert!(
        combo.value().is_some_and(|v| !v.is_empty()),
        "the country combo box has a value"
    );
}

/// In a workbook of several pages, the progress bar is named and counts them.
#[test]
fn the_progress_bar_counts_the_pages_shown() {
    use egui::accesskit::Role;
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(dir.path());
    click(&mut h, "Start Keeping my word to myself");
    click(&mut h, "Begin");
    let bar = h.get_by_role(Role::ProgressIndicator);
    let node = bar.accesskit_node();
    let pages = node.max_numeric_value().unwrap_or_default();
    assert!(pages >= 2.0, "{pages}");
    assert_eq!(
        node.label().as_deref(),
        Some(format!("Section 1 of {pages}").as_str())
    );
    assert_eq!(node.min_numeric_value(), Some(1.0));
    assert_eq!(node.numeric_value(), Some(1.0));
}

#[test]
fn the_zoom_is_kept_between_runs() {
    let dir = tempfile::tempdir().unwrap();
    {
        let mut h = harness(dir.path());
        for _ in 0..3 {
            h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Plus);
            h.run();
        }
        let zoom = h.ctx.zoom_factor();
        assert!(zoom > 1.2, "Ctrl+plus zooms: {zoom}");
        h.run();
        assert!(h.state_mut().flush());
    }
    let h = harness(dir.path());
    let zoom = h.ctx.zoom_factor();
    assert!(zoom > 1.2, "the zoom came back: {zoom}");
    let kept = h.state().session().settings().zoom_percent as f32 / 100.0;
    assert!((kept - zoom).abs() < 0.01, "{kept} kept, {zoom} applied");
}

#[test]
fn at_twice_the_size_nothing_runs_off_the_right_edge() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().to_owned();
    let mut h = Harness::builder()
        .with_size([1000.0, 760.0])
        .with_max_steps(16)
        .build_eframe(move |cc| App::new(&cc.egui_ctx, Some(data)));
    settle(&mut h);
    click(&mut h, WELCOME);
    h.ctx.set_zoom_factor(2.0);
    h.run();
    let past_the_edge = |h: &Harness<'_, App>| -> Vec<String> {
        // In points: the window is 500 points wide at twice the size.
        let right = f64::from(h.ctx.content_rect().right()) + 1.0;
        h.query_all(egui_kittest::kittest::By::new())
            .filter_map(|n| {
                let b = n.accesskit_node().bounding_box()?;
                (b.x1 > right * 2.0).then(|| format!("{:?} {b:?}", n.accesskit_node().label()))
            })
            .collect()
    };
    assert_eq!(past_the_edge(&h), Vec::<String>::new(), "the library");
    // Measured in the right units: "Get help now" ends near the right edge of the window.
    let help = h
        .get_by_label("Get help now")
        .accesskit_node()
        .bounding_box()
        .unwrap();
    assert!(help.x1 > 900.0 && help.x1 <= 1000.0, "{help:?}");
    click(&mut h, "Start Daily check-in");
    click(&mut h, "Begin");
    let feelings = h
        .state()
        .workbook("daily-check-in")
        .unwrap()
        .prompts()
        .find(|(_, p)| p.id == "feelings")
        .map(|(_, p)| p.ask.clone())
        .unwrap();
    click(
        &mut h,
        &format!("Unpleasant, high energy (stirred up, on edge), {feelings}"),
    );
    assert_eq!(
        past_the_edge(&h),
        Vec::<String>::new(),
        "the check-in, with the feelings open and the safety question"
    );
}

#[test]
fn help_opens_from_the_welcome_note() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = bare_harness(dir.path());
    settle(&mut h);
    click(&mut h, "Open Get help now");
    assert_eq!(h.state().help_topic(), Some(HelpTopic::General));
    click(&mut h, "Back to where I was");
    h.get_by_label(WELCOME);
}

#[test]
fn an_outside_edit_to_an_open_entry_is_kept_and_both_versions_are_shown() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(dir.path());
    click(&mut h, "Start Daily check-in");
    click(&mut h, "Begin");
    type_into(&mut h, "One line about today", "typed here first");
    assert!(h.state_mut().flush());
    let folder = dir.path().join("entries/daily-check-in");
    let file = std::fs::read_dir(&folder)
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    // A sync tool brings in another computer's version of the same entry.
    std::thread::sleep(std::time::Duration::from_millis(20));
    let theirs = std::fs::read_to_string(&file)
        .unwrap()
        .replace("typed here first", "written on the laptop");
    std::fs::write(&file, &theirs).unwrap();

    type_into(&mut h, "One line about today", " and then more");
    assert!(h.state_mut().flush());
    // The changed file is read again on the data thread: wait for it, as a person would.
    settle(&mut h);
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        theirs,
        "never overwritten"
    );
    h.get_by_label_contains("was changed by another program");
    let lines: Vec<String> = h
        .state()
        .journal()
        .entries_of("daily-check-in")
        .filter_map(|(_, e)| match e.answers.get("one-line") {
            Some(Value::Text(t)) => Some(t.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert!(lines.iter().any(|t| t == "written on the laptop"));
    assert!(lines.iter().any(|t| t == "typed here first and then more"));
    assert_eq!(std::fs::read_dir(&folder).unwrap().count(), 2);
    // Both versions are shown in the entry: it says there is another, and opens it.
    h.get_by_label_contains("There is more than one version of this entry");
    h.get_all_by_label_contains("Read the other version, last changed ")
        .next()
        .unwrap()
        .click();
    h.run();
    h.get_by_label("written on the laptop");
}

#[test]
fn a_backup_is_made_on_opening_and_restoring_brings_back_a_lost_entry() {
    let dir = tempfile::tempdir().unwrap();
    {
        // An entry from an earlier day.
        let data = trustwork::store::DataDir::open(dir.path()).unwrap();
        let wb = trustwork::workbook::bundled_workbook("daily-check-in").unwrap();
        let at = chrono::Local::now() - chrono::Duration::days(3);
        let mut entry = trustwork::journal::Entry::new(&wb, at);
        entry
            .answers
            .insert("one-line".into(), Value::Text("a day worth keeping".into()));
        let id = trustwork::journal::EntryId::new("daily-check-in", at, |_| false);
        let path = data.entry_path(&id);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        data.write_sealed(&path, entry.to_ron().unwrap().as_bytes())
            .unwrap();
    }
    let mut h = harness(dir.path());
    let backups: Vec<_> = std::fs::read_dir(dir.path().join("backups"))
        .unwrap()
        .flatten()
        .collect();
    assert_eq!(backups.len(), 1, "one backup, made as the folder opened");

    // The entry's file is lost (deleted by hand, a sync gone wrong).
    let folder = dir.path().join("entries/daily-check-in");
    for file in std::fs::read_dir(&folder).unwrap().flatten() {
        std::fs::remove_file(file.path()).unwrap();
    }
    click(&mut h, "Privacy");
    let restore = h
        .get_all_by_label_contains("Restore from the backup of ")
        .next()
        .unwrap();
    restore.click();
    h.run();
    click(&mut h, "Restore");
    settle(&mut h);
    h.get_by_label_contains("Restored. 1 file came back");
    assert_eq!(std::fs::read_dir(&folder).unwrap().count(), 1);
    assert!(
        h.state()
            .journal()
            .entries_of("daily-check-in")
            .any(|(_, e)| e.answers.get("one-line")
                == Some(&Value::Text("a day worth keeping".into()))),
        "back in the window too"
    );
}

#[test]
fn last_weeks_promise_is_shown_above_did_i_keep_it() {
    let dir = tempfile::tempdir().unwrap();
    let source = std::fs::read_to_string("tests/fixtures/recall.ron").unwrap();
    let wb = trustwork::workbook::parse_workbook(&source).unwrap();
    {
        let data = trustwork::store::DataDir::open(dir.path()).unwrap();
        data.write_workbook(&wb.id, &source).unwrap();
        let at = chrono::Local::now() - chrono::Duration::days(7);
        let mut entry = trustwork::journal::Entry::new(&wb, at);
        entry.answers.insert(
            "promise".into(),
            Value::Text("take a walk on my own".into()),
        );
        entry.completed_at = Some(at);
        let id = trustwork::journal::EntryId::new(&wb.id, at, |_| false);
        let path = data.entry_path(&id);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        data.write_sealed(&path, entry.to_ron().unwrap().as_bytes())
            .unwrap();
    }
    let mut h = harness(dir.path());
    click(&mut h, "Start a new entry of A weekly promise");
    if h.query_by_label("Begin").is_some() {
        click(&mut h, "Begin");
    }
    assert_eq!(section(&h), Some(0));
    h.get_by_label_contains("What you wrote on ");
    h.get_by_label("take a walk on my own");
}

#[test]
fn a_new_notice_is_shown_where_the_person_is_looking() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().to_owned();
    let mut h = Harness::builder()
        .with_size([1000.0, 700.0])
        .with_max_steps(16)
        .build_eframe(move |cc| App::new(&cc.egui_ctx, Some(data)));
    settle(&mut h);
    click(&mut h, WELCOME);
    // "Open a file" is at the bottom of the library.
    let file = std::fs::canonicalize("tests/fixtures/assigned.ron").unwrap();
    type_into(&mut h, "File path", file.to_str().unwrap());
    click(&mut h, "Open");
    h.run();
    let notice = h.get_by_label_contains("Added the workbook");
    let top = notice.accesskit_node().bounding_box().unwrap().y0;
    assert!(
        (0.0..700.0).contains(&top),
        "the notice is in view, at y={top}"
    );
}

/// Writes a "Keeping my word to myself" entry made `days_ago`, promising `promise`, to look
/// back on `on`.
fn write_promise(dir: &Path, days_ago: i64, promise: &str, on: chrono::NaiveDate) {
    let wb = trustwork::workbook::bundled_workbook("keeping-my-word").expect("bundled");
    let data = trustwork::store::DataDir::open(dir).expect("a data folder");
    let at = chrono::Local::now() - chrono::Duration::days(days_ago);
    let mut entry = trustwork::journal::Entry::new(&wb, at);
    entry
        .answers
        .insert("promise".into(), Value::Text(promise.into()));
    entry.answers.insert("how-sure".into(), Value::Number(7));
    entry.answers.insert(
        "look-back-on".into(),
        Value::Date(on.format("%Y-%m-%d").to_string()),
    );
    entry.completed_at = Some(at);
    let id = trustwork::journal::EntryId::new(&wb.id, at, |_| false);
    let path = data.entry_path(&id);
    std::fs::create_dir_all(path.parent().expect("in a folder")).expect("made");
    data.write_sealed(&path, entry.to_ron().expect("RON").as_bytes())
        .expect("written");
}

#[test]
fn a_follow_up_appears_on_its_day_opens_with_the_promise_and_then_goes() {
    let dir = tempfile::tempdir().unwrap();
    let today = chrono::Local::now().date_naive();
    write_promise(dir.path(), 7, "walk before work twice", today);
    write_promise(
        dir.path(),
        1,
        "ring my sister",
        today + chrono::Duration::days(6),
    );
    let mut h = harness(dir.path());

    // Today's is shown, quietly and without the promise itself; next week's is not yet.
    let written = (chrono::Local::now() - chrono::Duration::days(7))
        .format("%-d %B")
        .to_string();
    let title = format!("To look back on: the promise you made on {written}");
    h.get_by_label(&title);
    assert_eq!(h.query_all_by_label_contains("To look back on").count(), 1);
    assert!(h.query_by_label("walk before work twice").is_none());

    click(
        &mut h,
        &format!("Look back now: The promise you made on {written}"),
    );
    let Screen::Runner { entry, page } = h.state().screen().clone() else {
        panic!("the runner is open");
    };
    assert_eq!(entry.workbook_id, "keeping-my-word");
    assert_eq!(page, Page::Section(0), "opens at \"Last time's promise\"");
    // The promise it looks back on is shown above the question, in the person's words.
    h.get_by_label("walk before work twice");
    click(&mut h, "Kept, How did last time's promise go?");
    click(&mut h, "Back to library");
    assert!(
        h.query_all_by_label_contains("To look back on")
            .next()
            .is_none(),
        "looked back on, it goes"
    );
    // Six days on, the second one is due.
    let later = h
        .state()
        .session()
        .due_follow_ups_on(today + chrono::Duration::days(6));
    assert_eq!(later.len(), 1);
    assert!(
        later[0]
            .title()
            .starts_with("To look back on: the promise you made on")
    );
}

#[test]
fn a_follow_up_can_wait_a_week_or_be_let_go() {
    let dir = tempfile::tempdir().unwrap();
    let today = chrono::Local::now().date_naive();
    write_promise(dir.path(), 7, "walk before work twice", today);
    write_promise(dir.path(), 8, "bed by eleven", today);
    let mut h = harness(dir.path());
    assert_eq!(h.query_all_by_label_contains("To look back on").count(), 2);
    let first = (chrono::Local::now() - chrono::Duration::days(8))
        .format("%-d %B")
        .to_string();
    click(
        &mut h,
        &format!("In a week: show The promise you made on {first} again then"),
    );
    h.get_by_label_contains("It will come back on");
    assert_eq!(h.query_all_by_label_contains("To look back on").count(), 1);
    let second = (chrono::Local::now() - chrono::Duration::days(7))
        .format("%-d %B")
        .to_string();
    click(
        &mut h,
        &format!("Let it go: stop showing The promise you made on {second}"),
    );
    assert!(
        h.query_all_by_label_contains("To look back on")
            .next()
            .is_none()
    );
    let session = h.state().session();
    assert_eq!(
        session
            .due_follow_ups_on(today + chrono::Duration::days(7))
            .len(),
        1,
        "the postponed one comes back in a week; the one let go never"
    );
    // Both choices are kept for the next run.
    assert!(h.state_mut().flush());
    drop(h);
    let h = harness(dir.path());
    assert!(
        h.query_all_by_label_contains("To look back on")
            .next()
            .is_none()
    );
}

#[test]
fn the_ledger_shows_a_year_of_promises_and_gut_calls_with_words_for_each_chart() {
    let dir = tempfile::tempdir().unwrap();
    let end = chrono::Local::now().date_naive();
    {
        let data = trustwork::store::DataDir::open(dir.path()).unwrap();
        trustwork::generate::generate(&data, 1, end, 3).unwrap();
    }
    let mut h = harness(dir.path());
    click(&mut h, "Open Self-trust");
    assert_eq!(h.state().screen(), &Screen::SelfTrust);
    h.get_by_role_and_label(egui::accesskit::Role::Heading, "Self-trust");

    let journal = h.state().session().journal().clone();
    let states = std::collections::BTreeMap::new();
    let workbooks: Vec<_> = trustwork::workbook::bundled()
        .into_iter()
        .flatten()
        .collect();
    let (promises, hunches) = trustwork::journal::LedgerSource::split(workbooks.iter());
    let promises = journal.ledger_of(&promises, &states);
    let hunches = journal.ledger_of(&hunches, &states);
    assert!(promises.len() >= 50);
    h.get_by_label(&trustwork::journal::ledger_summary(
        &promises,
        ("promise", "promises"),
        "kept",
        "partly kept",
    ));
    h.get_by_label(&trustwork::journal::ledger_summary(
        &hunches,
        ("hunch", "hunches"),
        "were right about",
        "partly right about",
    ));
    // Every chart is a named figure whose description says what it shows.
    for name in [
        "Chart of promises, month by month",
        "Chart of how sure I was against how promises turned out",
        "Chart of hunches, month by month",
        "Chart of how sure I was against how hunches turned out",
    ] {
        let figure = h.get_by_role_and_label(egui::accesskit::Role::Figure, name);
        let description = figure.accesskit_node().description().unwrap_or_default();
        assert!(!description.is_empty(), "{name} has words");
    }
    // The text alternative lists every month.
    click(&mut h, "Show the promises month by month as a table");
    let months = trustwork::journal::by_month(&promises);
    let (latest, count) = months.last().unwrap();
    h.get_by_label_contains(&format!(
        "{}: {} in all;",
        latest.format("%B %Y"),
        count.total()
    ));
}

/// A therapist's own promise workbook counts on the Self-trust page beside the bundled one,
/// in its own words for how it went.
#[test]
fn a_therapists_own_promise_workbook_feeds_the_ledger() {
    use chrono::{Local, TimeZone as _};
    use trustwork::journal::{Entry, EntryId, Value};
    let dir = tempfile::tempdir().unwrap();
    let data = trustwork::store::DataDir::open(dir.path()).unwrap();
    let text = r#"Workbook(id: "hart-small-steps", version: 1, title: "Small steps", summary: "One step a week.",
  audience: Solo, cadence: Weekly, minutes: 3, sections: [
  Section(id: "back", title: "Last week", prompts: [
    Prompt(id: "went", ask: "Did I take last week's step?", input: Choice(options: ["I did it", "Some of it", "Not this time", "Not sure"]),
      recall: Some(Recall(prompt: "step")),
      ledger: Some(Promise(kept: "I did it", partly: Some("Some of it"), not_yet: "Not this time", sure: ["likely"]))),
  ]),
  Section(id: "next", title: "This week", prompts: [
    Prompt(id: "step", ask: "One small step", input: ShortText),
    Prompt(id: "likely", ask: "How likely?", input: Scale(min: 0, max: 10, low: "not at all", high: "certain")),
  ]),
])"#;
    let wb = trustwork::workbook::parse_workbook(text).unwrap();
    data.write_workbook(&wb.id, text).unwrap();
    let weeks: [(u32, &[(&str, Value)]); 3] = [
        (
            2,
            &[
                ("step", Value::Text("Eat lunch away from my desk".into())),
                ("likely", Value::Number(4)),
            ],
        ),
        (
            9,
            &[
                ("went", Value::Choice("I did it".into())),
                ("step", Value::Text("Phone my brother".into())),
                ("likely", Value::Number(9)),
            ],
        ),
        (16, &[("went", Value::Choice("Not sure".into()))]),
    ];
    for (day, answers) in weeks {
        let at = Local.with_ymd_and_hms(2026, 11, day, 20, 0, 0).unwrap();
        let mut entry = Entry::new(&wb, at);
        entry.completed_at = Some(at);
        for (id, value) in answers {
            entry.answers.insert((*id).to_owned(), value.clone());
        }
        let path = data.entry_path(&EntryId::new(&wb.id, at, |_| false));
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        trustwork::store::write_durable(&path, entry.to_ron().unwrap().as_bytes()).unwrap();
    }
    let mut h = harness(dir.path());
    click(&mut h, "Open Self-trust");
    // "Not sure" is not one of the ledger's options, so only one promise has been marked.
    h.get_by_label("You kept 1 of 1 promise.");
    // One workbook alone is not named.
    assert!(h.query_all_by_label_contains("From “").next().is_none());
    drop(h);

    // A promise in the bundled workbook too: both count, and the page says where from.
    let bundled = trustwork::workbook::bundled_workbook("keeping-my-word").unwrap();
    for (day, id, value) in [
        (3, "promise", Value::Text("Go to bed by eleven".into())),
        (10, "kept", Value::Choice("Partly kept".into())),
    ] {
        let at = Local.with_ymd_and_hms(2026, 11, day, 20, 0, 0).unwrap();
        let mut entry = Entry::new(&bundled, at);
        entry.completed_at = Some(at);
        entry.answers.insert(id.to_owned(), value);
        let path = data.entry_path(&EntryId::new(&bundled.id, at, |_| false));
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        trustwork::store::write_durable(&path, entry.to_ron().unwrap().as_bytes()).unwrap();
    }
    drop(data);
    let mut h = harness(dir.path());
    click(&mut h, "Open Self-trust");
    h.get_by_label("You kept 1 of 2 promises, and partly kept 1 more.");
    h.get_by_label("From “Small steps” and “Keeping my word to myself”.");
    click(&mut h, "Show every one of my promises, as a list");
    h.get_by_label(
        "Eat lunch away from my desk (made 2 Nov 2026, looked back on 9 Nov 2026, 4 of 10 sure): I did it",
    );
    assert!(
        h.query_all_by_label_contains("Phone my brother")
            .next()
            .is_none(),
        "a promise not yet looked back on is not counted"
    );
}

#[test]
fn an_empty_ledger_says_how_to_begin() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(dir.path());
    click(&mut h, "Open Self-trust");
    h.get_by_label_contains("Make one small promise");
    click(&mut h, "Open Keeping my word to myself");
    let Screen::Runner { entry, .. } = h.state().screen().clone() else {
        panic!("the runner is open");
    };
    assert_eq!(entry.workbook_id, "keeping-my-word");
}

#[test]
fn the_crisis_screen_asks_about_danger_now_and_offers_the_safety_plan() {
    use trustwork::session::Command;
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(dir.path());
    h.state_mut().apply(Command::SetCountry(Some("GB".into())));
    h.state_mut()
        .apply(Command::ShowHelp(Some(HelpTopic::Flagged(
            SafetyHelp::CrisisHelp,
        ))));
    h.run();
    h.get_by_label_contains("not saved");
    click(
        &mut h,
        "Yes, Am I thinking of acting on these thoughts, or have I made a plan or started to get ready?",
    );
    h.get_by_label("Please call 999 now, or go to the nearest emergency department.");
    click(&mut h, "Open My safety plan");
    assert_eq!(h.state().session().help_topic(), None);
    let Screen::Runner { entry, .. } = h.state().screen().clone() else {
        panic!("the safety plan is open");
    };
    assert_eq!(entry.workbook_id, "safety-plan");

    // Opened afresh, it asks again; and "Stop for today" goes to the library.
    h.state_mut()
        .apply(Command::ShowHelp(Some(HelpTopic::Flagged(
            SafetyHelp::CrisisHelp,
        ))));
    h.run();
    assert!(h.query_by_label_contains("Please call 999").is_none());
    click(&mut h, "Stop for today: your answers are saved");
    assert_eq!(h.state().screen(), &Screen::Library);
}

#[test]
fn urges_to_hurt_someone_put_the_lines_for_that_first() {
    use trustwork::session::Command;
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(dir.path());
    h.state_mut().apply(Command::SetCountry(Some("GB".into())));
    h.state_mut()
        .apply(Command::ShowHelp(Some(HelpTopic::Flagged(
            SafetyHelp::UrgeToHurt,
        ))));
    h.run();
    let top = |h: &Harness<'_, App>, label: &str| {
        h.get_by_label(label)
            .accesskit_node()
            .bounding_box()
            .unwrap()
            .y0
    };
    assert!(
        top(&h, "Respect Phoneline") < top(&h, "Samaritans"),
        "the line for people worried about their own behaviour comes first"
    );
    h.get_by_label_contains("We have not yet rung every number here");
}

#[test]
fn a_couple_fear_answer_works_while_open_and_never_reaches_the_disk() {
    use trustwork::session::Command;
    let fear = "Do I feel afraid of my partner, or have they threatened, hurt or controlled me?";
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(dir.path());
    h.state_mut()
        .apply(Command::OpenWorkbook("couple-sharing-turns".into()));
    h.run();
    click(&mut h, "Begin");
    h.get_by_label_contains("This answer is not saved.");
    click(&mut h, &format!("Yes, {fear}"));
    click(&mut h, "Back to where I was");
    click(&mut h, "Next");
    assert!(
        h.query_all_by_label("Looking after your safety first")
            .next()
            .is_some(),
        "the answer still sets the couple pages aside while the entry is open"
    );
    type_into(
        &mut h,
        "One small, safe step I could take for myself",
        "call the helpline",
    );
    assert!(h.state_mut().flush());
    let folder = dir.path().join("entries/couple-sharing-turns");
    let file = std::fs::read_dir(&folder)
        .unwrap()
        .next()
        .expect("the entry was saved")
        .unwrap()
        .path();
    let text = std::fs::read_to_string(file).unwrap();
    assert!(
        text.contains("call the helpline"),
        "other answers are saved"
    );
    assert!(
        !text.contains("feel-safe-check"),
        "the fear answer is not: {text}"
    );
}

#[test]
fn a_couple_draft_reopened_asks_the_safety_question_again_before_any_couple_page() {
    use trustwork::session::Command;
    let fear = "Do I feel afraid of my partner, or have they threatened, hurt or controlled me?";
    let dir = tempfile::tempdir().unwrap();
    {
        let mut h = harness(dir.path());
        h.state_mut()
            .apply(Command::OpenWorkbook("couple-sharing-turns".into()));
        h.run();
        click(&mut h, "Begin");
        click(&mut h, &format!("No, {fear}"));
        click(&mut h, "Next");
        let Some(page) = section(&h) else {
            panic!("on a page")
        };
        assert!(page > 0, "a couple page follows a no");
        // Something is written on the couple page, so the draft is saved there.
        h.state_mut().apply(Command::GoTo(Page::Section(page)));
        assert!(h.state_mut().flush());
    }
    let mut h = harness(dir.path());
    click(&mut h, "Continue Sharing turns together");
    assert_eq!(
        section(&h),
        Some(0),
        "the answer was not saved, so the safety check comes first again"
    );
}

const PREVIEWED: &str = r#"Workbook(id: "jh-together", version: 1, title: "Time together", summary: "A try-out.",
    audience: Couple, cadence: Once, minutes: 2, intro: "Hello.",
    sections: [
        Section(id: "check", title: "First, a check", prompts: [
            Prompt(id: "safe", ask: "Is it safe to do this together?", input: YesNo),
            Prompt(id: "note", ask: "A note to myself", input: ShortText),
        ]),
        Section(id: "together", title: "Together", show_if: Some(Answer("safe", IsYes)), prompts: [
            Prompt(id: "plan", ask: "What shall we do?", input: ShortText),
        ]),
    ])"#;

/// Runs frames until `done` holds, taking in what the worker sends (the watched file), for
/// up to five seconds.
fn wait_until(h: &mut Harness<'_, App>, done: impl Fn(&Harness<'_, App>) -> bool) {
    for _ in 0..100 {
        if done(h) {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
        assert!(h.state_mut().settle());
        h.run();
    }
    assert!(done(h), "gave up waiting");
}

/// Opens `file` in the preview and waits until a version of it is on screen.
fn open_preview(h: &mut Harness<'_, App>, file: &Path) {
    h.state_mut()
        .apply(trustwork::session::Command::OpenPreview(file.to_owned()));
    let name = format!(
        "Preview of {}",
        file.file_name().unwrap_or_default().to_string_lossy()
    );
    wait_until(h, |h| {
        h.query_by_label(&name).is_some()
            && h.state()
                .session()
                .preview()
                .is_some_and(|p| p.workbook.is_some())
    });
}

#[test]
fn a_preview_reloads_on_save_shows_hidden_parts_in_words_and_saves_nothing() {
    let data = tempfile::tempdir().unwrap();
    let authoring = tempfile::tempdir().unwrap();
    let file = authoring.path().join("together.ron");
    std::fs::write(&file, PREVIEWED).unwrap();
    let mut h = harness(data.path());
    open_preview(&mut h, &file);
    h.get_by_label_contains("Nothing you type here is saved");
    // A settings save while the preview is open is not shown as "Saved", which would read as
    // the preview's.
    h.state_mut()
        .apply(trustwork::session::Command::SetCountry(Some("GB".into())));
    assert!(h.state_mut().flush());
    h.run();
    assert!(h.query_all_by_label_contains("Saved ").next().is_none());
    // The side list says when the couple page is shown, and that it is hidden for now.
    h.get_by_label(
        "Page 2. Together, hidden now: shown when “Is it safe to do this together?” is Yes",
    );

    click(&mut h, "Page 1. First, a check");
    type_into(&mut h, "A note to myself", "try this first");

    // The author saves a change in the editor: the preview reads it, on the same page, with
    // the answer still there.
    std::thread::sleep(std::time::Duration::from_millis(20));
    let saved = std::time::Instant::now();
    std::fs::write(
        &file,
        PREVIEWED.replace("A note to myself", "A note for later"),
    )
    .unwrap();
    wait_until(&mut h, |h| h.query_by_label("A note for later").is_some());
    // The watcher looks every 250 ms; a generous bound keeps a busy machine from failing it.
    let took = saved.elapsed();
    eprintln!("preview reload after a save: {} ms", took.as_millis());
    assert!(took < std::time::Duration::from_secs(3), "{took:?}");
    let preview = h.state().session().preview().unwrap();
    assert_eq!(preview.page, Page::Section(0), "the page stays");
    assert_eq!(
        preview.entry.answers.get("note"),
        Some(&Value::Text("try this first".into()))
    );

    // A page added above the one on screen: the preview stays on the same page, by its id.
    let later = PREVIEWED.replace("A note to myself", "A note for later");
    let added = later.replace(
        "sections: [\n",
        "sections: [\n        Section(id: \"welcome\", title: \"Welcome\", prompts: [Prompt(id: \"hi\", ask: \"Hello?\", input: ShortText)]),\n",
    );
    assert_ne!(added, later);
    std::fs::write(&file, &added).unwrap();
    wait_until(&mut h, |h| h.query_by_label("Page 1. Welcome").is_some());
    assert_eq!(
        h.state().session().preview().unwrap().page,
        Page::Section(1)
    );
    h.get_by_label("A note for later");
    std::fs::write(&file, &later).unwrap();
    wait_until(&mut h, |h| {
        h.query_by_label("Page 1. First, a check").is_some()
    });
    assert_eq!(
        h.state().session().preview().unwrap().page,
        Page::Section(0)
    );

    // The hidden page, shown with the switch, says when it appears.
    assert!(h.query_by_label("What shall we do?").is_none());
    click(&mut h, "Show every hidden page and question");
    click(
        &mut h,
        "Page 2. Together, hidden now: shown when “Is it safe to do this together?” is Yes",
    );
    h.get_by_label("What shall we do?");
    h.get_by_label(
        "This page is shown when “Is it safe to do this together?” is Yes (hidden now).",
    );

    // A slip in the file: the problem with its place, and the last good version stays.
    std::fs::write(
        &file,
        PREVIEWED.replace("title: \"Together\",", "title: \"Together\""),
    )
    .unwrap();
    wait_until(&mut h, |h| {
        h.query_by_label_contains("The file has problems now")
            .is_some()
    });
    h.get_by_label_contains("together.ron:");
    h.get_by_label("What shall we do?");

    // Nothing of it reached the data folder, and leaving ends it.
    click(&mut h, "Finish");
    h.get_by_label_contains("This is a preview, so nothing was saved.");
    assert!(h.state_mut().flush());
    let entries = data.path().join("entries");
    let written = std::fs::read_dir(&entries).map_or(0, Iterator::count);
    assert_eq!(written, 0, "no entry folder was filled");
    assert!(
        !data
            .path()
            .join("workbooks")
            .join("jh-together.ron")
            .exists()
    );
    click(&mut h, "Back to library");
    assert!(h.state().session().preview().is_none());
    h.get_by_label_contains("Saved ");
}

#[test]
fn every_template_previews_with_every_page_and_question_on_screen() {
    use trustwork::session::Command;
    let data = tempfile::tempdir().unwrap();
    let authoring = tempfile::tempdir().unwrap();
    let mut h = harness(data.path());
    for (name, _, text) in trustwork::workbook::TEMPLATES {
        let workbook = trustwork::workbook::parse_workbook(text).unwrap();
        let file = authoring.path().join(format!("{name}.ron"));
        std::fs::write(&file, text).unwrap();
        open_preview(&mut h, &file);
        h.state_mut().apply(Command::PreviewShowHidden(true));
        settle(&mut h);
        assert!(
            h.query_by_label_contains("The file has problems").is_none(),
            "{name} reads without problems"
        );
        for (i, section) in workbook.sections.iter().enumerate() {
            h.state_mut().apply(Command::GoTo(Page::Section(i)));
            settle(&mut h);
            for prompt in &section.prompts {
                assert!(
                    h.query_all_by_label_contains(&prompt.ask).next().is_some(),
                    "{name}, page {}: “{}” is on screen",
                    i + 1,
                    prompt.ask
                );
            }
        }
        click(&mut h, "Back to library");
        assert!(h.state().session().preview().is_none());
    }
    assert!(h.state_mut().flush());
    let entries = data.path().join("entries");
    assert_eq!(std::fs::read_dir(&entries).map_or(0, Iterator::count), 0);
}

#[test]
fn a_workbook_whose_id_is_taken_is_never_added_silently_and_both_can_be_kept() {
    use trustwork::session::Command;
    let data = tempfile::tempdir().unwrap();
    let sent = tempfile::tempdir().unwrap();
    let by = |author: &str| {
        PREVIEWED.replace(
            "minutes: 2,",
            &format!("minutes: 2, assigned_by: \"{author}\","),
        )
    };
    let jo = sent.path().join("jo.ron");
    let amal = sent.path().join("amal.ron");
    std::fs::write(&jo, by("Dr Jo Hart")).unwrap();
    std::fs::write(&amal, by("Dr Amal Rivera")).unwrap();
    let mut h = harness(data.path());
    let open = |h: &mut Harness<'_, App>, file: &Path| {
        h.state_mut().apply(Command::OpenFile(file.to_owned()));
        assert!(h.state_mut().settle());
        h.run();
    };
    open(&mut h, &jo);
    h.get_by_label_contains("Added the workbook \"Time together\", assigned by Dr Jo Hart");

    // The same id from another author: asked, nothing replaced.
    open(&mut h, &amal);
    h.get_by_label_contains("\"Time together\" from Dr Amal Rivera was not added yet. Your library already has \"Time together\" from Dr Jo Hart under the id \"jh-together\". Nothing has been replaced.");
    let by_of =
        |h: &Harness<'_, App>, id: &str| h.state().workbook(id).and_then(|w| w.assigned_by.clone());
    assert_eq!(by_of(&h, "jh-together").as_deref(), Some("Dr Jo Hart"));
    click(&mut h, "Cancel");
    assert!(h.query_by_label_contains("was not added yet").is_none());
    assert_eq!(by_of(&h, "jh-together").as_deref(), Some("Dr Jo Hart"));

    // Asked again, both are kept: the second under a free id, in its own file.
    open(&mut h, &amal);
    click(
        &mut h,
        "Keep both: add \"Time together\" as \"jh-together-2\"",
    );
    assert!(h.state_mut().settle());
    h.run();
    assert_eq!(by_of(&h, "jh-together").as_deref(), Some("Dr Jo Hart"));
    assert_eq!(
        by_of(&h, "jh-together-2").as_deref(),
        Some("Dr Amal Rivera")
    );
    assert!(h.state_mut().flush());
    let kept =
        std::fs::read_to_string(data.path().join("workbooks").join("jh-together-2.ron")).unwrap();
    assert!(kept.contains("id: \"jh-together-2\""), "{kept}");

    // trustwork's own id: asked too, and Replace is not offered.
    let own = sent.path().join("own.ron");
    std::fs::write(
        &own,
        PREVIEWED.replace("\"jh-together\"", "\"daily-check-in\""),
    )
    .unwrap();
    open(&mut h, &own);
    h.get_by_label_contains("trustwork's own workbook \"Daily check-in\" already uses the id");
    assert!(h.query_by_label_contains("Replace the earlier").is_none());
    assert_eq!(
        h.state()
            .workbook("daily-check-in")
            .map(|w| w.title.as_str()),
        Some("Daily check-in")
    );
}

#[test]
fn checking_a_workbook_file_lists_its_problems_and_adds_nothing() {
    let data = tempfile::tempdir().unwrap();
    let authoring = tempfile::tempdir().unwrap();
    let bad = authoring.path().join("slip.ron");
    std::fs::write(
        &bad,
        PREVIEWED.replace("title: \"Time together\",", "title: “Time together”,"),
    )
    .unwrap();
    let mut h = harness(data.path());
    type_into(&mut h, "File path", bad.to_str().unwrap());
    click(
        &mut h,
        "Check the workbook file typed above; nothing is added",
    );
    h.get_by_label("Checked; nothing was added. This file has problems to fix first:");
    h.get_by_label_contains("slip.ron:1:");
    h.get_by_label_contains("curly quote");

    let good = authoring.path().join("good.ron");
    std::fs::write(&good, PREVIEWED).unwrap();
    h.state_mut()
        .apply(trustwork::session::Command::CheckWorkbookFile(good.clone()));
    assert!(h.state_mut().settle());
    h.run();
    h.get_by_label_contains("\"Time together\" is ready to send: 2 pages, 3 questions");
    assert!(
        h.state().workbook("jh-together").is_none(),
        "checking adds nothing to the library"
    );
    // With advice, the file is not called ready to send, and the notes follow.
    let noted = authoring.path().join("noted.ron");
    std::fs::write(
        &noted,
        PREVIEWED.replace("id: \"jh-together\"", "id: \"daily-check-in\""),
    )
    .unwrap();
    h.state_mut()
        .apply(trustwork::session::Command::CheckWorkbookFile(noted));
    assert!(h.state_mut().settle());
    h.run();
    h.get_by_label_contains(
        "\"Time together\" opens as it is: 2 pages, 3 questions, about 1 minute by the estimate. Before you send it, look at these notes. Its id",
    );
    h.get_by_label_contains("Its id `daily-check-in` is that of trustwork's own");
    assert!(
        !data
            .path()
            .join("workbooks")
            .join("jh-together.ron")
            .exists()
    );
}

#[test]
fn the_preview_saves_an_outline_and_starts_from_a_template_never_over_a_file() {
    let data = tempfile::tempdir().unwrap();
    let authoring = tempfile::tempdir().unwrap();
    let file = authoring.path().join("together.ron");
    std::fs::write(&file, PREVIEWED).unwrap();
    let mut h = harness(data.path());
    open_preview(&mut h, &file);
    let outline = "Save an outline to print: every page and question, with conditions in words, as a web page beside the file";
    click(&mut h, outline);
    let first = authoring.path().join("together-outline.html");
    let page = std::fs::read_to_string(&first).unwrap();
    assert!(page.contains("This page is shown when “Is it safe to do this together?” is Yes"));
    h.get_by_label_contains("Saved the outline to");
    click(&mut h, outline);
    assert!(authoring.path().join("together-outline-2.html").exists());
    assert_eq!(
        std::fs::read_to_string(&first).unwrap(),
        page,
        "never replaced"
    );

    std::fs::write(authoring.path().join("my-reflection.ron"), "mine").unwrap();
    h.get_all_by_label_contains("Start a new workbook from the One-off reflection template")
        .next()
        .unwrap()
        .click();
    settle(&mut h);
    let written = authoring.path().join("my-reflection-2.ron");
    wait_until(&mut h, |h| {
        h.state()
            .session()
            .preview()
            .is_some_and(|p| p.path == written && p.workbook.is_some())
    });
    assert_eq!(
        std::fs::read_to_string(authoring.path().join("my-reflection.ron")).unwrap(),
        "mine"
    );
    h.get_by_label("Preview of my-reflection-2.ron");
}
