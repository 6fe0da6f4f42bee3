//! History, trash, charts, compare, calendar and search, driven through the real app on a
//! folder filled by the generator.
#![expect(
    clippy::unwrap_used,
    reason = "test helpers outside #[test] functions; a panic is the failure report"
)]

use std::path::Path;

use chrono::Local;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _};
use trustwork::app::App;
use trustwork::session::{Command, Page, Screen};
use trustwork::store::DataDir;
use trustwork::ui::entry_label;

fn filled(years: u32) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let data = DataDir::open(dir.path()).unwrap();
    trustwork::generate::generate(&data, years, Local::now().date_naive(), 3).unwrap();
    dir
}

fn harness(data: &Path) -> Harness<'static, App> {
    let data = data.to_owned();
    let mut h = Harness::builder()
        .with_size([1100.0, 900.0])
        // A save landing while frames run wakes the window once more.
        .with_max_steps(16)
        .build_eframe(move |cc| App::new(&cc.egui_ctx, Some(data)));
    settle(&mut h);
    h.state_mut().apply(Command::FirstRunDone);
    h.run();
    h
}

/// Draws a frame, waits for the worker's answers, then runs until the screen is still.
fn settle(h: &mut Harness<'_, App>) {
    h.step();
    assert!(h.state_mut().settle(), "the worker answered");
    h.run();
}

fn click(h: &mut Harness<'_, App>, label: &str) {
    h.get_by_label(label).scroll_to_me();
    h.run();
    h.get_by_label(label).click();
    settle(h);
}

#[test]
fn history_lists_newest_first_and_deleted_entries_can_be_restored() {
    let dir = filled(1);
    let mut h = harness(dir.path());
    click(&mut h, "Past entries of Daily check-in");
    h.run();
    let newest = h
        .state()
        .journal()
        .entries_of("daily-check-in")
        .last()
        .map(|(id, e)| (id.clone(), entry_label(e)))
        .unwrap();
    let oldest = h
        .state()
        .journal()
        .entries_of("daily-check-in")
        .next()
        .map(|(_, e)| entry_label(e))
        .unwrap();
    let rows: Vec<String> = h
        .get_all_by_label_contains("Open entry ")
        .filter_map(|n| n.accesskit_node().label())
        .collect();
    assert_eq!(rows[0], format!("Open entry {}", newest.1), "newest first");
    let days: Vec<&str> = rows.iter().map(String::as_str).collect();
    let mut sorted = h
        .state()
        .journal()
        .entries_of("daily-check-in")
        .map(|(_, e)| format!("Open entry {}", entry_label(e)))
        .collect::<Vec<_>>();
    sorted.reverse();
    assert_eq!(
        days,
        sorted[..days.len()]
            .iter()
            .map(String::as_str)
            .collect::<Vec<_>>(),
        "in date order, newest first"
    );
    assert!(
        rows.len() > 10,
        "the list fills the screen: {} rows",
        rows.len()
    );
    assert!(
        h.query_by_label(&format!("Open entry {oldest}")).is_none(),
        "a year back is far below: not laid out"
    );

    click(&mut h, &format!("Delete entry {}", newest.1));
    click(&mut h, &format!("Move entry {} to the trash", newest.1));
    assert!(!h.state().journal().entries.contains_key(&newest.0));
    assert!(
        dir.path()
            .join("trash/daily-check-in")
            .join(format!("{}.ron", newest.0.stem))
            .exists()
    );
    assert!(
        !dir.path()
            .join("entries/daily-check-in")
            .join(format!("{}.ron", newest.0.stem))
            .exists()
    );

    click(&mut h, &format!("Restore entry {}", newest.1));
    assert!(h.state().journal().entries.contains_key(&newest.0));
    assert!(
        dir.path()
            .join("entries/daily-check-in")
            .join(format!("{}.ron", newest.0.stem))
            .exists()
    );
}

#[test]
fn charts_compare_and_calendar_show_and_charts_can_be_hidden() {
    let dir = filled(1);
    let mut h = harness(dir.path());
    click(&mut h, "Past entries of Daily check-in");
    h.run();
    click(&mut h, "Charts tab");
    h.get_by_label("Today I trusted my own judgement.");
    // Each chart is a named figure with its summary in words, and a table of its values.
    let chart = h.get_by_role_and_label(
        egui::accesskit::Role::Figure,
        "Chart of Today I trusted my own judgement.",
    );
    let said = chart.accesskit_node().description().unwrap_or_default();
    assert!(
        said.contains(" answers from ") && said.contains("Lowest"),
        "{said}"
    );
    click(
        &mut h,
        "Show the values of Today I trusted my own judgement. as a table",
    );
    assert!(h.query_all_by_label_contains("Week of ").count() > 1);
    click(&mut h, "Show A year");
    click(&mut h, "Hide charts");
    h.get_by_label("Charts are hidden, as you chose. Your answers are all still here.");
    drop(h);
    let mut h = harness(dir.path());
    click(&mut h, "Past entries of Daily check-in");
    h.run();
    click(&mut h, "Charts tab");
    click(&mut h, "Show charts");
    h.get_by_label("Today I trusted my own judgement.");

    click(&mut h, "Compare over time tab");
    h.get_by_label_contains("Every answer to this question (365)");
    click(&mut h, "Calendar tab");
    let calendar = h.get_by_role(egui::accesskit::Role::Figure);
    let name = calendar.accesskit_node().label().unwrap_or_default();
    assert!(
        name.starts_with("Calendar of ") && name.ends_with("with a check-in"),
        "{name}"
    );
    click(&mut h, "Show the year as a list of months");
    assert!(h.query_all_by_label_contains(" days").count() >= 12);
}

#[test]
fn search_finds_highlights_and_opens_the_answer() {
    let dir = filled(1);
    let mut h = harness(dir.path());
    click(&mut h, "Search");
    assert_eq!(h.state().screen(), &Screen::Search);
    h.get_by_label("Words to find").focus();
    h.run();
    h.get_by_label("Words to find").type_text("sister laughed");
    h.run();
    let count = h.get_by_label_contains(" found");
    assert_eq!(
        count.accesskit_node().live(),
        egui::accesskit::Live::Polite,
        "the count is said while typing"
    );
    let said = count
        .value()
        .or_else(|| count.accesskit_node().label())
        .unwrap_or_default();
    assert!(
        said.ends_with(" answers found") && !said.contains("ms"),
        "{said}"
    );
    // The newest hit comes first; which workbook it is in depends on the day.
    let first = h.get_all_by_label_contains("Open answer: ").next().unwrap();
    first.click();
    h.run();
    // It opens to read, at the answer, with the day it was written and a way back.
    let Screen::Read { entry, at } = h.state().screen().clone() else {
        panic!("not reading the entry")
    };
    let prompt = at.expect("the answer to show");
    let answers = &h.state().journal().entries[&entry].answers;
    assert!(
        format!("{:?}", answers[&prompt])
            .to_lowercase()
            .contains("sister"),
        "the answer that matched"
    );
    let day = h.state().journal().entries[&entry]
        .started_at
        .format("%A %-d %B %Y")
        .to_string();
    h.get_by_label_contains(&format!("Entry from {day}"));
    click(&mut h, "Back to the results");
    assert_eq!(h.state().screen(), &Screen::Search);
    h.get_all_by_label_contains("Open answer: ").next().unwrap();

    // Edit goes to the section that holds the answer.
    let first = h.get_all_by_label_contains("Open answer: ").next().unwrap();
    first.click();
    h.run();
    h.get_all_by_label_contains("Edit the entry from ")
        .next()
        .unwrap()
        .click();
    h.run();
    let Screen::Runner { entry, page } = h.state().screen().clone() else {
        panic!("not in the runner")
    };
    let workbook = h.state().workbook(&entry.workbook_id).unwrap();
    let section = workbook
        .sections
        .iter()
        .position(|s| s.prompts.iter().any(|p| p.id == prompt))
        .unwrap();
    assert_eq!(
        page,
        Page::Section(section),
        "the section that holds the answer"
    );
    let started = h.state().journal().entries[&entry].started_at.date_naive();
    if started != Local::now().date_naive() {
        h.get_by_label_contains(" · entry from ");
    }
}

#[test]
fn a_year_of_entries_is_browsed_by_pages_and_by_jumping_to_a_month() {
    let dir = filled(1);
    let mut h = harness(dir.path());
    click(&mut h, "Past entries of Daily check-in");
    let total = h.state().journal().entries_of("daily-check-in").count();
    assert!(total > 300);
    // A whole page is in the tree, so every row on it can be reached.
    assert_eq!(h.query_all_by_label_contains("Open entry ").count(), 50);
    h.get_all_by_label_contains(&format!("Showing 1–50 of {total} entries"))
        .next()
        .unwrap();
    h.get_all_by_label("Older entries").next().unwrap().click();
    h.run();
    h.get_all_by_label_contains(&format!("Showing 51–100 of {total} entries"))
        .next()
        .unwrap();

    // Jump to the month of the oldest entry: its newest entry then has focus.
    let oldest = h
        .state()
        .journal()
        .entries_of("daily-check-in")
        .next()
        .map(|(_, e)| e.started_at)
        .unwrap();
    let month = oldest.format("%Y-%m").to_string();
    h.get_by_label("Go to a date or month").focus();
    h.run();
    h.get_by_label("Go to a date or month").type_text(&month);
    h.run();
    h.key_press(egui::Key::Enter);
    h.run();
    h.run();
    #[expect(
        clippy::redundant_closure_for_method_calls,
        reason = "the method alone is not general enough over the node's lifetime"
    )]
    let focused = h.get_by(|node| node.is_focused());
    let name = focused.accesskit_node().label().unwrap_or_default();
    assert!(
        name.starts_with("Open entry ") && name.contains(&oldest.format("%b %Y").to_string()),
        "{name}"
    );

    // Compare: each side steps through the entries instead of one menu of hundreds.
    click(&mut h, "Compare over time tab");
    let before = h
        .get_all_by_label_contains("Earlier: the entry after ")
        .next()
        .unwrap()
        .accesskit_node()
        .label()
        .unwrap_or_default();
    h.get_all_by_label_contains("Earlier: the entry after ")
        .next()
        .unwrap()
        .click();
    h.run();
    let after = h
        .get_all_by_label_contains("Earlier: the entry after ")
        .next()
        .unwrap()
        .accesskit_node()
        .label()
        .unwrap_or_default();
    assert_ne!(before, after, "the earlier side moved on one entry");
    assert!(h.query_all_by_role(egui::accesskit::Role::ComboBox).count() <= 1);
}

#[test]
fn an_old_entry_opens_to_read_with_its_day_and_edit() {
    let dir = filled(1);
    let mut h = harness(dir.path());
    click(&mut h, "Past entries of Daily check-in");
    h.get_all_by_label("Older entries").next().unwrap().click();
    h.run();
    let open = h.get_all_by_label_contains("Open entry ").next().unwrap();
    open.click();
    h.run();
    let Screen::Read { entry, at: None } = h.state().screen().clone() else {
        panic!("not reading the entry")
    };
    let started = h.state().journal().entries[&entry].started_at;
    assert!(started.date_naive() < Local::now().date_naive() - chrono::Duration::days(40));
    h.get_by_label_contains(&format!("Entry from {}", started.format("%A %-d %B %Y")));
    assert!(
        h.query_all_by_label_contains("Today I trusted my own judgement.")
            .next()
            .is_some(),
        "its answers, to read"
    );
    assert!(
        h.query_all_by_role(egui::accesskit::Role::TextInput)
            .next()
            .is_none(),
        "nothing to type into while reading"
    );
    h.get_all_by_label_contains("Edit the entry from ")
        .next()
        .unwrap()
        .click();
    h.run();
    assert!(matches!(h.state().screen(), Screen::Runner { .. }));
    h.get_by_label_contains(" · entry from ");
}

/// Interactive nodes on screen that a screen reader could not name, and how many were looked at.
fn unnamed(h: &Harness<'_, App>) -> (Vec<String>, usize) {
    use egui::accesskit::Role;
    let interactive = [
        Role::Button,
        Role::CheckBox,
        Role::RadioButton,
        Role::TextInput,
        Role::MultilineTextInput,
        Role::ComboBox,
        Role::Slider,
        Role::SpinButton,
        Role::Tab,
        Role::Link,
        Role::Dialog,
        Role::Window,
    ];
    let nodes: Vec<_> = h
        .query_all(egui_kittest::kittest::By::new())
        .filter(|n| interactive.contains(&n.accesskit_node().role()))
        .collect();
    let count = nodes.len();
    let nameless = nodes
        .into_iter()
        .filter(|n| {
            n.accesskit_node()
                .label()
                .is_none_or(|l| l.trim().is_empty())
        })
        .map(|n| format!("{:?}", n.accesskit_node().role()))
        .collect();
    (nameless, count)
}

#[test]
fn every_screen_names_every_control() {
    let dir = filled(1);
    let mut h = harness(dir.path());
    let visit = |h: &mut Harness<'_, App>, what: &str| {
        h.run();
        let (nameless, count) = unnamed(h);
        assert_eq!(nameless, Vec::<String>::new(), "{what}");
        assert!(count >= 5, "{what}: only {count} controls seen");
    };
    visit(&mut h, "library");
    h.key_press(egui::Key::F1);
    visit(&mut h, "help");
    click(&mut h, "Back to where I was");
    assert!(h.state().help_topic().is_none());
    click(&mut h, "Past entries of Daily check-in");
    visit(&mut h, "past entries");
    for tab in ["Charts tab", "Compare over time tab", "Calendar tab"] {
        click(&mut h, tab);
        visit(&mut h, tab);
    }
    click(&mut h, "Entries tab");
    h.get_all_by_label_contains("Open entry ")
        .next()
        .unwrap()
        .click();
    visit(&mut h, "read view");
    h.get_all_by_label_contains("Edit the entry from ")
        .next()
        .unwrap()
        .click();
    visit(&mut h, "runner");
    click(&mut h, "Back to library");
    click(&mut h, "Share or print Daily check-in");
    visit(&mut h, "share");
    h.state_mut().apply(Command::OpenSearch);
    h.run();
    h.get_by_label("Words to find").focus();
    h.run();
    h.get_by_label("Words to find").type_text("sister");
    visit(&mut h, "search");
    h.state_mut().apply(Command::OpenPrivacy);
    visit(&mut h, "privacy");
    h.state_mut().apply(Command::OpenReviewerKey);
    visit(&mut h, "reviewer key");
    h.state_mut().apply(Command::OpenSelfTrust);
    h.run();
    for header in [
        "Show the promises month by month as a table",
        "Show every one of my promises, as a list",
    ] {
        click(&mut h, header);
    }
    visit(&mut h, "self-trust ledger");
    h.state_mut().apply(Command::ShowHelp(Some(
        trustwork::session::HelpTopic::Flagged(trustwork::workbook::SafetyHelp::CrisisHelp),
    )));
    visit(&mut h, "crisis help");
    h.state_mut().apply(Command::ShowHelp(None));
    h.state_mut()
        .apply(Command::OpenPreview(std::path::PathBuf::from(
            "workbooks/couple-sharing-turns.ron",
        )));
    for _ in 0..100 {
        if h.state()
            .session()
            .preview()
            .is_some_and(|p| p.workbook.is_some())
        {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
        settle(&mut h);
    }
    visit(&mut h, "preview");
    h.state_mut().apply(Command::PreviewShowHidden(true));
    h.state_mut().apply(Command::GoTo(Page::Section(2)));
    visit(&mut h, "preview with every hidden part");
    h.state_mut().apply(Command::BackToLibrary);
    for id in [
        "self-trust-first",
        "emotional-transparency",
        "start-here",
        "keeping-my-word",
        "safety-plan",
        "hard-night",
    ] {
        h.state_mut().apply(Command::StartNewEntry(id.into()));
        h.run();
        let sections = h.state().workbook(id).unwrap().sections.len();
        for i in 0..sections {
            h.state_mut().apply(Command::GoTo(Page::Section(i)));
            visit(&mut h, &format!("{id} section {i}"));
        }
    }
}

#[test]
fn a_date_range_in_share_ticks_the_entries_it_shows() {
    let dir = filled(1);
    let mut h = harness(dir.path());
    click(&mut h, "Share or print Daily check-in");
    let today = Local::now().date_naive();
    let from = (today - chrono::Duration::days(9))
        .format("%Y-%m-%d")
        .to_string();
    h.get_by_label("From").focus();
    h.run();
    h.get_by_label("From").type_text(&from);
    h.run();
    h.run();
    let form = h.state().session().share().unwrap();
    let expected = h
        .state()
        .journal()
        .entries_of("daily-check-in")
        .filter(|(_, e)| e.started_at.date_naive() >= today - chrono::Duration::days(9))
        .count();
    assert!(expected >= 9);
    assert_eq!(
        form.selected.len(),
        expected,
        "every entry in the range is ticked"
    );
    assert!(
        !form.chosen.iter().any(|(_, p)| p == "harm-thoughts"),
        "safety answers stay unticked"
    );
    h.get_by_label_contains("Untick all shown");
}

/// The library works out what is due, and the ledger its marks, on every frame they are
/// shown: both stay far inside a frame at ten years of entries.
#[test]
fn follow_ups_and_the_ledger_stay_quick_at_ten_years() {
    use std::time::Instant;
    use trustwork::journal::LedgerSource;
    let dir = filled(10);
    let journal = trustwork::store::DataDir::open(dir.path())
        .unwrap()
        .load()
        .journal;
    let empty = trustwork::journal::Journal::default();
    let workbooks: Vec<_> = trustwork::workbook::bundled()
        .into_iter()
        .flatten()
        .collect();
    let states = std::collections::BTreeMap::new();
    let today = Local::now().date_naive();
    let median_ms = |journal: &trustwork::journal::Journal| {
        let mut times: Vec<f64> = (0..7)
            .map(|_| {
                let start = Instant::now();
                let due = journal.due_follow_ups(workbooks.iter(), &states, today);
                // As the Self-trust page does on every frame: find the sources, then the marks.
                let (promises, hunches) = LedgerSource::split(workbooks.iter());
                let promises = journal.ledger_of(&promises, &states);
                let hunches = journal.ledger_of(&hunches, &states);
                std::hint::black_box((due, promises, hunches));
                start.elapsed().as_secs_f64() * 1000.0
            })
            .collect();
        times.sort_by(f64::total_cmp);
        times[times.len() / 2]
    };
    let (full, none) = (median_ms(&journal), median_ms(&empty));
    let promises = journal
        .ledger_of(&LedgerSource::split(workbooks.iter()).0, &states)
        .len();
    eprintln!(
        "follow-ups due and the ledger, {} entries ({promises} promises marked): {full:.2} ms a frame against {none:.3} ms empty (median of 7)",
        journal.entries.len()
    );
    assert!(promises > 500, "ten years of weekly promises: {promises}");
    assert!(full < 20.0, "{full:.2} ms is too slow for a frame");
}
