//! The session driven by hand, with no window and no disk: commands in, effects out, events
//! back as the worker would send them.

use std::path::{Path, PathBuf};

use chrono::{Duration, Local};

use super::*;
use crate::journal::{Entry, EntryId, Journal, Value};
use crate::share::{self, Opened};
use crate::store::{Access, LoadReport, SaveKey, SaveOutcome, Settings};
use crate::workbook::{self, parse_workbook};

const CHECK_IN: &str = "daily-check-in";

fn loaded(access: Access, journal: Journal, imported: Vec<(Workbook, String)>) -> Loaded {
    Loaded {
        bundled: workbook::bundled_with_sources(),
        bundled_problems: Vec::new(),
        folder: Ok(FolderInfo {
            root: PathBuf::from("/data"),
            access,
            protected: false,
        }),
        settings: Settings {
            first_run_done: true,
            ..Settings::default()
        },
        settings_damaged: None,
        settings_newer: None,
        report: LoadReport {
            journal,
            workbooks: imported,
            ..LoadReport::default()
        },
        trash: Vec::new(),
        protection_problem: None,
        sharing: Ok(None),
        backup_coming: false,
    }
}

fn session_with(access: Access, journal: Journal, imported: Vec<(Workbook, String)>) -> Session {
    let (mut session, effects) = Session::new(Some(PathBuf::from("/data")));
    assert_eq!(effects, [Effect::Load(Some(PathBuf::from("/data")))]);
    let more = session.handle(Event::Loaded(Box::new(loaded(access, journal, imported))));
    assert!(more.is_empty());
    session
}

fn session() -> Session {
    session_with(Access::ReadWrite, Journal::default(), Vec::new())
}

/// A check-in entry started `days_ago` days ago with these answers.
fn check_in(journal: &mut Journal, days_ago: i64, answers: &[(&str, Value)]) -> EntryId {
    let wb = workbook::bundled_workbook(CHECK_IN).unwrap();
    let at = Local::now() - Duration::days(days_ago);
    let mut entry = Entry::new(&wb, at);
    for (prompt, value) in answers {
        entry.answers.insert((*prompt).to_owned(), value.clone());
    }
    let id = EntryId::new(CHECK_IN, at, |id| journal.entries.contains_key(id));
    journal.entries.insert(id.clone(), entry);
    id
}

fn open_entry(session: &mut Session) -> EntryId {
    assert!(
        session
            .apply(Command::OpenWorkbook(CHECK_IN.into()))
            .is_empty()
    );
    match session.screen() {
        Screen::Runner { entry, .. } => entry.clone(),
        other => panic!("not in the runner: {other:?}"),
    }
}

fn set(session: &mut Session, entry: &EntryId, prompt: &str, value: Value) -> Vec<Effect> {
    session.apply(Command::SetAnswer {
        entry: entry.clone(),
        prompt: prompt.into(),
        value: Some(value),
        page: Page::Section(0),
    })
}

fn saved(key: SaveKey, generation: u64, result: Result<(), String>) -> Event {
    Event::Saved(SaveOutcome {
        key,
        generation,
        result,
        at: Local::now(),
        conflict: None,
    })
}

fn flushed(session: &mut Session, request: RequestId, all_saved: bool) -> Vec<Effect> {
    session.handle(Event::Flushed { request, all_saved })
}

fn only<T: std::fmt::Debug>(mut items: Vec<T>) -> T {
    assert_eq!(items.len(), 1, "expected one: {items:?}");
    items.remove(0)
}

/// The request of a flush effect.
fn flush_request(effects: Vec<Effect>) -> RequestId {
    match only(effects) {
        Effect::Flush(request) => request,
        other => panic!("not a flush: {other:?}"),
    }
}

/// An answers file for the check-in, opened as the worker would open it.
fn answers_file() -> Opened {
    let mut journal = Journal::default();
    let id = check_in(&mut journal, 0, &[("self-trust", Value::Number(6))]);
    let wb = workbook::bundled_workbook(CHECK_IN).unwrap();
    let source = workbook::BUNDLED
        .iter()
        .find(|(name, _)| *name == "daily-check-in.ron")
        .unwrap()
        .1;
    let entry = &journal.entries[&id];
    let chosen = share::choose_all([(&id, entry)]);
    let file = share::build_answers_file(&wb, source, [(&id, entry)], &chosen, Local::now());
    share::open_text(Path::new("a.answers.ron"), &share::to_ron(&file).unwrap()).unwrap()
}

/// Opens a file through the session and hands back what the worker read.
fn open(session: &mut Session, opened: Result<Opened, String>) -> Vec<Effect> {
    let request = match only(session.apply(Command::OpenFile("a.ron".into()))) {
        Effect::OpenFile(request, _) => request,
        other => panic!("not a read: {other:?}"),
    };
    session.handle(Event::FileOpened(request, opened))
}

/// Opens "Share or print" on the check-in and returns the request for its path.
fn open_share(session: &mut Session) -> RequestId {
    match only(session.apply(Command::OpenShare(CHECK_IN.into(), None))) {
        Effect::SuggestSharePath(request, name) => {
            assert!(name.starts_with("daily-check-in-") && name.ends_with(".answers.ron"));
            request
        }
        other => panic!("not a path request: {other:?}"),
    }
}

fn write_request(effects: Vec<Effect>) -> RequestId {
    match only(effects) {
        Effect::WriteFile(request, _, _) | Effect::WriteNewFile(request, _, _) => request,
        other => panic!("not a write: {other:?}"),
    }
}

#[test]
fn nothing_but_help_works_until_the_folder_is_read() {
    let (mut session, effects) = Session::new(None);
    assert_eq!(effects, [Effect::Load(None)]);
    assert_eq!(session.screen(), &Screen::Loading);
    assert!(session.is_busy());
    assert!(session.apply(Command::OpenSearch).is_empty());
    assert!(session.apply(Command::SaveNow).is_empty());
    assert_eq!(session.screen(), &Screen::Loading);
    assert!(
        !session.first_run_pending(),
        "the note waits for the settings"
    );
    assert!(
        session
            .apply(Command::ShowHelp(Some(HelpTopic::General)))
            .is_empty()
    );
    assert_eq!(session.help_topic(), Some(HelpTopic::General));
    assert!(session.directory().country("GB").is_some());

    session.handle(Event::LoadProgress {
        read: 10,
        total: 40,
    });
    assert_eq!(session.load_progress(), (10, 40));
    session.handle(Event::Loaded(Box::new(loaded(
        Access::ReadWrite,
        Journal::default(),
        Vec::new(),
    ))));
    assert_eq!(session.screen(), &Screen::Library);
    assert!(!session.is_busy());
    assert!(session.workbook(CHECK_IN).is_some());
}

#[test]
fn an_answer_gives_a_save_and_only_the_newest_write_counts_as_saved() {
    let mut session = session();
    assert_eq!(session.save_status(), SaveStatus::Idle);
    let id = open_entry(&mut session);
    let first = match only(set(&mut session, &id, "self-trust", Value::Number(4))) {
        Effect::Save {
            key,
            bytes,
            generation,
        } => {
            assert_eq!(key, SaveKey::Entry(id.clone()));
            let text = String::from_utf8(bytes).unwrap();
            assert_eq!(
                Entry::from_ron(&text).unwrap().answers["self-trust"],
                Value::Number(4)
            );
            generation
        }
        other => panic!("not a save: {other:?}"),
    };
    assert_eq!(session.save_status(), SaveStatus::Saving);
    let second = match only(set(&mut session, &id, "self-trust", Value::Number(5))) {
        Effect::Save { generation, .. } => generation,
        other => panic!("not a save: {other:?}"),
    };
    assert!(second > first);

    session.handle(saved(SaveKey::Entry(id.clone()), first, Ok(())));
    assert_eq!(
        session.save_status(),
        SaveStatus::Saving,
        "an older write landing does not mean the newest did"
    );
    session.handle(saved(
        SaveKey::Entry(id.clone()),
        second,
        Err("Not saved yet: the disk is full".into()),
    ));
    assert!(matches!(session.save_status(), SaveStatus::Failed(m) if m.contains("disk is full")));
    session.handle(saved(SaveKey::Entry(id), second, Ok(())));
    assert!(matches!(session.save_status(), SaveStatus::Saved(_)));
}

#[test]
fn a_read_only_window_changes_and_saves_nothing() {
    let mut journal = Journal::default();
    check_in(&mut journal, 0, &[("self-trust", Value::Number(3))]);
    let mut session = session_with(Access::ReadOnly, journal, Vec::new());
    assert_eq!(session.save_status(), SaveStatus::ReadOnly);
    let id = open_entry(&mut session);
    assert!(set(&mut session, &id, "self-trust", Value::Number(9)).is_empty());
    assert_eq!(
        session.journal().entries[&id].answers["self-trust"],
        Value::Number(3)
    );
    assert!(session.apply(Command::SaveNow).is_empty());
    assert!(session.apply(Command::FirstRunDone).is_empty());
    assert!(session.apply(Command::DeleteEntry(id.clone())).is_empty());
    assert!(session.apply(Command::Finish).is_empty());
    assert!(
        !session.journal().entries[&id].is_completed(),
        "finishing in a read-only window changes nothing"
    );
    assert!(
        session
            .notices()
            .iter()
            .all(|n| !n.text.starts_with("Finished"))
    );
}

#[test]
fn a_flagged_answer_opens_help_once() {
    let mut session = session();
    let id = open_entry(&mut session);
    let ask = "harm-thoughts";
    let effects = set(&mut session, &id, ask, Value::YesNo(true));
    assert!(matches!(only(effects), Effect::Save { .. }), "saved first");
    assert_eq!(
        session.help_topic(),
        Some(HelpTopic::Flagged(crate::workbook::SafetyHelp::CrisisHelp))
    );
    session.apply(Command::ShowHelp(None));
    set(&mut session, &id, "self-trust", Value::Number(2));
    assert_eq!(
        session.help_topic(),
        None,
        "the same answer does not reopen it"
    );
}

#[test]
fn a_finished_share_write_marks_only_the_share_form_saved() {
    let mut journal = Journal::default();
    check_in(&mut journal, 0, &[("self-trust", Value::Number(7))]);
    let mut session = session_with(Access::ReadWrite, journal, Vec::new());
    assert!(open(&mut session, Ok(answers_file())).is_empty());
    assert_eq!(session.screen(), &Screen::Review);
    session.parts().review.unwrap().unsaved = true;

    // A share opened from the library while the review form still has unsaved comments.
    session.apply(Command::BackToLibrary);
    open_share(&mut session);
    session.parts().share.unwrap().0.path_text = "/exchange/check-in.answers.ron".into();
    session.refresh();
    let request = write_request(session.apply(Command::SaveShare));
    assert_eq!(
        session.share().unwrap().status.as_ref().unwrap().text,
        "Saving…"
    );

    session.handle(Event::Written(
        request,
        Ok(PathBuf::from("/exchange/check-in.answers.ron")),
    ));
    let share_status = &session.share().unwrap().status.as_ref().unwrap().text;
    assert_eq!(
        share_status,
        "Saved to /exchange/check-in.answers.ron. It is not encrypted: anyone who gets this file can read it."
    );
    let review = session.review().unwrap();
    assert!(review.unsaved, "the review's comments are still unsaved");
    assert!(review.status.is_none(), "and it heard nothing");
}

#[test]
fn a_result_for_a_closed_form_is_dropped_never_given_to_the_next() {
    let mut journal = Journal::default();
    check_in(&mut journal, 0, &[("self-trust", Value::Number(7))]);
    let mut session = session_with(Access::ReadWrite, journal, Vec::new());
    let first_path = open_share(&mut session);
    session.parts().share.unwrap().0.path_text = "/exchange/one.answers.ron".into();
    let write = write_request(session.apply(Command::SaveShare));
    let dialog = match only(session.apply(Command::PickSavePath)) {
        Effect::PickFile(request, DialogPurpose::SaveTo, Some(suggested)) => {
            assert_eq!(suggested, PathBuf::from("/exchange/one.answers.ron"));
            request
        }
        other => panic!("not a save dialog: {other:?}"),
    };
    assert!(session.dialog_open());
    session.apply(Command::CloseShare);
    let second_path = open_share(&mut session);

    session.handle(Event::Written(
        write,
        Ok("/exchange/one.answers.ron".into()),
    ));
    session.handle(Event::SharePathFound(
        first_path,
        "/docs/first.answers.ron".into(),
    ));
    session.handle(Event::Picked {
        request: dialog,
        path: Some("/elsewhere/picked.answers.ron".into()),
        failed: false,
    });
    let form = session.share().unwrap();
    assert!(
        form.status.is_none(),
        "the first form's write is not this one's"
    );
    assert!(form.path_text.is_empty(), "nor its path or its dialog");
    assert!(!session.dialog_open(), "the dialog has closed all the same");

    session.handle(Event::SharePathFound(
        second_path,
        "/docs/second.answers.ron".into(),
    ));
    assert_eq!(
        session.share().unwrap().path_text,
        "/docs/second.answers.ron"
    );
}

#[test]
fn a_suggested_path_never_replaces_what_was_typed() {
    let mut session = session();
    let request = open_share(&mut session);
    session.parts().share.unwrap().0.path_text = "/mine.answers.ron".into();
    session.handle(Event::SharePathFound(request, "/docs/x.answers.ron".into()));
    assert_eq!(session.share().unwrap().path_text, "/mine.answers.ron");
}

#[test]
fn a_deleted_entry_is_saved_first_then_moved_and_never_saved_again_meanwhile() {
    let mut journal = Journal::default();
    let id = check_in(&mut journal, 0, &[("self-trust", Value::Number(7))]);
    let mut session = session_with(Access::ReadWrite, journal, Vec::new());
    session.apply(Command::OpenHistory(CHECK_IN.into()));
    let flush = flush_request(session.apply(Command::DeleteEntry(id.clone())));
    assert!(
        session.save_entry(&id).is_empty(),
        "on its way to the trash, it is not written again"
    );

    let trash = match only(flushed(&mut session, flush, true)) {
        Effect::Trash(request, trashed) => {
            assert_eq!(trashed, id);
            request
        }
        other => panic!("not a move: {other:?}"),
    };
    assert!(session.journal().entries.contains_key(&id), "not gone yet");
    session.handle(Event::Trashed(trash, Ok(true)));
    assert!(!session.journal().entries.contains_key(&id));
    assert_eq!(session.trash().len(), 1);

    let restore = match only(session.apply(Command::RestoreEntry(id.clone()))) {
        Effect::Restore(request, _) => request,
        other => panic!("not a restore: {other:?}"),
    };
    session.handle(Event::Restored(restore, Ok(())));
    assert!(session.journal().entries.contains_key(&id));
    assert!(session.trash().is_empty());
}

#[test]
fn an_entry_whose_answers_cannot_be_written_is_not_deleted() {
    let mut journal = Journal::default();
    let id = check_in(&mut journal, 0, &[("self-trust", Value::Number(7))]);
    let mut session = session_with(Access::ReadWrite, journal, Vec::new());
    let flush = flush_request(session.apply(Command::DeleteEntry(id.clone())));
    let effects = flushed(&mut session, flush, false);
    assert!(effects.is_empty(), "nothing is moved");
    assert!(session.journal().entries.contains_key(&id));
    assert!(
        session
            .notices()
            .iter()
            .any(|n| n.text.contains("was not deleted"))
    );
    assert!(
        !session.save_entry(&id).is_empty(),
        "it is saved again as usual"
    );
}

#[test]
fn closing_saves_first_and_asks_when_it_cannot() {
    let mut session = session();
    let flush = flush_request(session.apply(Command::CloseRequested));
    assert_eq!(session.close_guard(), &CloseGuard::Saving);
    assert!(!session.may_close());
    assert!(
        session.apply(Command::CloseRequested).is_empty(),
        "a second click waits for the first"
    );
    session.handle(saved(
        SaveKey::Settings,
        1,
        Err("Not saved yet: disk full".into()),
    ));
    assert!(flushed(&mut session, flush, false).is_empty());
    assert!(matches!(
        session.close_guard(),
        CloseGuard::Blocked { error, retrying: false } if error.contains("disk full")
    ));

    let retry = flush_request(session.apply(Command::CloseGuard(CloseChoice::TryAgain)));
    assert!(matches!(
        session.close_guard(),
        CloseGuard::Blocked { retrying: true, .. }
    ));
    assert_eq!(
        flushed(&mut session, retry, true),
        [Effect::CloseWindow {
            discard_unsaved: false
        }]
    );
    assert!(session.may_close());
}

#[test]
fn keeping_the_window_open_drops_a_retry_still_on_its_way() {
    let mut session = session();
    let flush = flush_request(session.apply(Command::CloseRequested));
    flushed(&mut session, flush, false);
    let retry = flush_request(session.apply(Command::CloseGuard(CloseChoice::TryAgain)));
    session.apply(Command::CloseGuard(CloseChoice::KeepOpen));
    assert!(
        flushed(&mut session, retry, true).is_empty(),
        "the window stays open as the person chose"
    );
    assert_eq!(session.close_guard(), &CloseGuard::Open);

    let flush = flush_request(session.apply(Command::CloseRequested));
    flushed(&mut session, flush, false);
    assert_eq!(
        session.apply(Command::CloseGuard(CloseChoice::CloseAnyway)),
        [Effect::CloseWindow {
            discard_unsaved: true
        }]
    );
}

#[test]
fn review_comments_typed_while_the_feedback_is_written_stay_unsaved() {
    fn review(session: &mut Session) -> &mut ReviewForm {
        session.parts().review.unwrap()
    }
    let mut session = session();
    open(&mut session, Ok(answers_file()));
    review(&mut session).unsaved = true;
    review(&mut session).note = "See you Thursday.".into();
    review(&mut session).path_text = "/exchange/a.feedback.ron".into();
    let first = write_request(session.apply(Command::SaveReview));
    assert!(
        !session.review().unwrap().unsaved,
        "what was typed is in the file"
    );
    session.apply(Command::CloseReview);
    assert_eq!(
        session.screen(),
        &Screen::Review,
        "not closed while the file is still being written"
    );
    review(&mut session).confirm_close = false;
    review(&mut session).unsaved = true;
    session.handle(Event::Written(first, Ok("/exchange/a.feedback.ron".into())));
    assert!(
        session.review().unwrap().unsaved,
        "a comment typed meanwhile is not in the file"
    );

    let second = write_request(session.apply(Command::SaveReview));
    session.handle(Event::Written(
        second,
        Err("Could not save: disk full".into()),
    ));
    let form = session.review().unwrap();
    assert!(form.unsaved, "a failed write leaves the comments unsaved");
    assert_eq!(
        form.status.as_ref().unwrap().text,
        "Could not save: disk full"
    );
}

#[test]
fn unsaved_review_comments_are_asked_about_before_closing() {
    let mut session = session();
    open(&mut session, Ok(answers_file()));
    session.parts().review.unwrap().unsaved = true;
    session.apply(Command::BackToLibrary);
    assert!(session.apply(Command::CloseRequested).is_empty());
    assert_eq!(session.screen(), &Screen::Review);
    assert!(session.review().unwrap().confirm_close);
    session.apply(Command::DiscardReview);
    assert_eq!(session.screen(), &Screen::Library);
    assert!(matches!(
        only(session.apply(Command::CloseRequested)),
        Effect::Flush(_)
    ));
}

#[test]
fn an_answer_nobody_asked_for_is_ignored() {
    let mut session = session();
    let stranger = RequestId(999);
    assert!(flushed(&mut session, stranger, true).is_empty());
    assert!(
        session
            .handle(Event::FileOpened(stranger, Ok(answers_file())))
            .is_empty()
    );
    assert_eq!(session.screen(), &Screen::Library, "no review opened");
    session.handle(Event::Trashed(stranger, Ok(true)));
    session.handle(Event::WorkbookAdded(stranger, Ok(false)));
    assert!(session.notices().is_empty());
}

const MOOD: &str = r#"Workbook(id: "evening-mood", version: 1, title: "Evening mood", summary: "S",
    audience: Solo, cadence: Daily, minutes: 2, partner_exercise: false,
    sections: [Section(id: "a", title: "A", prompts: [
        Prompt(id: "heavy", ask: "How heavy is tonight?", input: Scale(min: 0, max: 10, low: "l", high: "h"),
               sustained: Some(Sustained(when: AtLeast(8), days: 2))),
        Prompt(id: "scared", ask: "Am I scared of him?", input: YesNo,
               safety: Some(SafetyFlag(when: IsYes, show: AbuseSupport))),
    ])])"#;

/// A session with the evening-mood workbook added and entries answering it, each `days_ago`
/// days back.
fn mood_session(answers: &[(i64, &str, Value)]) -> Session {
    let wb = parse_workbook(MOOD).unwrap();
    let mut journal = Journal::default();
    for (days_ago, prompt, value) in answers {
        let at = Local::now() - Duration::days(*days_ago);
        let mut entry = Entry::new(&wb, at);
        entry.answers.insert((*prompt).to_owned(), value.clone());
        let id = EntryId::new(&wb.id, at, |id| journal.entries.contains_key(id));
        journal.entries.insert(id, entry);
    }
    session_with(Access::ReadWrite, journal, vec![(wb, MOOD.to_owned())])
}

#[test]
fn the_gentle_word_follows_a_workbooks_sustained_flag_not_its_id() {
    let heavy = |n| Value::Number(n);
    let session = mood_session(&[(0, "heavy", heavy(9)), (1, "heavy", heavy(8))]);
    let words: Vec<_> = session
        .notices()
        .iter()
        .filter(|n| n.text.contains("How heavy is tonight?"))
        .collect();
    assert_eq!(words.len(), 1, "{:?}", session.notices());
    assert!(words[0].text.contains("8 or more on 2 days in a row"));

    let session = mood_session(&[(0, "heavy", heavy(9)), (1, "heavy", heavy(3))]);
    assert!(session.notices().is_empty(), "one heavy day is not a run");

    // The bundled check-in carries the same kind of flag on its distress question.
    let mut journal = Journal::default();
    for days_ago in 0..3 {
        check_in(&mut journal, days_ago, &[("distress", Value::Number(10))]);
    }
    let session = session_with(Access::ReadWrite, journal, Vec::new());
    assert!(
        session
            .notices()
            .iter()
            .any(|n| n.text.contains("distress") && n.text.contains("3 days in a row"))
    );
}

#[test]
fn fear_reported_follows_the_abuse_flag_in_any_workbook() {
    let session = mood_session(&[(1, "scared", Value::YesNo(true))]);
    assert_eq!(session.fear_reported_in().as_deref(), Some("Evening mood"));

    let session = mood_session(&[
        (1, "scared", Value::YesNo(true)),
        (0, "scared", Value::YesNo(false)),
    ]);
    assert_eq!(session.fear_reported_in(), None, "the latest answer counts");
    let couples: Vec<_> = session
        .library()
        .all()
        .filter(|w| w.partner_exercise)
        .map(|w| w.id.as_str())
        .collect();
    assert_eq!(
        couples,
        [
            "couple-sharing-turns",
            "couple-repair-agreements",
            "couple-new-chapter"
        ]
    );
}

#[test]
fn an_opened_workbook_joins_the_library_once_its_copy_is_written() {
    let mut session = session();
    let workbook = parse_workbook(MOOD).unwrap();
    let effects = open(
        &mut session,
        Ok(Opened::Workbook {
            workbook: Box::new(workbook),
            source: MOOD.to_owned(),
        }),
    );
    let request = match only(effects) {
        Effect::AddWorkbook(request, id, source) => {
            assert_eq!((id.as_str(), source.as_str()), ("evening-mood", MOOD));
            request
        }
        other => panic!("not an add: {other:?}"),
    };
    assert!(
        session.workbook("evening-mood").is_none(),
        "not until written"
    );
    session.handle(Event::WorkbookAdded(request, Ok(false)));
    assert!(session.workbook("evening-mood").is_some());
    assert!(session.notices()[0].text.starts_with("Added the workbook"));

    // trustwork's own id: asked first, never replaced; "Keep both" adds it under a free id.
    let bundled = parse_workbook(workbook::BUNDLED[2].1).unwrap();
    let id = bundled.id.clone();
    let effects = open(
        &mut session,
        Ok(Opened::Workbook {
            workbook: Box::new(bundled),
            source: workbook::BUNDLED[2].1.to_owned(),
        }),
    );
    assert!(effects.is_empty(), "nothing is written before the choice");
    let clash = session.import().clash.as_ref().expect("asked");
    assert!(clash.bundled);
    assert_eq!(clash.free_id, format!("{id}-2"));
    assert!(
        session
            .apply(Command::ResolveClash(crate::session::ClashChoice::Replace))
            .is_empty(),
        "trustwork's own is never replaced"
    );
    match only(session.apply(Command::ResolveClash(crate::session::ClashChoice::KeepBoth))) {
        Effect::AddWorkbook(_, added, source) => {
            assert_eq!(added, format!("{id}-2"));
            assert!(source.contains(&format!("id: \"{id}-2\"")));
        }
        other => panic!("not an add: {other:?}"),
    }

    // The same id from another author: asked too. The same author: updated, as before.
    let mut theirs = parse_workbook(MOOD).unwrap();
    theirs.assigned_by = Some("Dr Other".into());
    assert!(
        open(
            &mut session,
            Ok(Opened::Workbook {
                workbook: Box::new(theirs),
                source: MOOD.to_owned(),
            }),
        )
        .is_empty()
    );
    assert!(session.import().clash.as_ref().is_some_and(|c| !c.bundled));
    session.apply(Command::ResolveClash(crate::session::ClashChoice::Cancel));
    assert!(session.import().clash.is_none());
    let again = open(
        &mut session,
        Ok(Opened::Workbook {
            workbook: Box::new(parse_workbook(MOOD).unwrap()),
            source: MOOD.to_owned(),
        }),
    );
    assert!(matches!(only(again), Effect::AddWorkbook(..)));
    open(&mut session, Err("a.ron: this is not a text file".into()));
    assert_eq!(
        session.import().errors.as_deref(),
        Some("a.ron: this is not a text file")
    );
}

/// A session on a protected folder, unlocked, with one check-in.
fn protected_session() -> (Session, EntryId) {
    let mut journal = Journal::default();
    let id = check_in(
        &mut journal,
        0,
        &[("note", Value::Text("a private line".into()))],
    );
    let (mut session, _) = Session::new(Some(PathBuf::from("/data")));
    let info = FolderInfo {
        root: PathBuf::from("/data"),
        access: Access::ReadWrite,
        protected: true,
    };
    assert!(
        session
            .handle(Event::NeedsPassphrase(info.clone()))
            .is_empty()
    );
    assert_eq!(session.screen(), &Screen::Locked);
    assert!(session.is_locked() && !session.is_loaded());
    let mut data = loaded(Access::ReadWrite, journal, Vec::new());
    data.folder = Ok(info);
    session.handle(Event::Loaded(Box::new(data)));
    (session, id)
}

#[test]
fn the_lock_screen_sends_the_passphrase_once_and_says_calmly_when_it_is_wrong() {
    let (mut session, _) = Session::new(None);
    let info = FolderInfo {
        root: PathBuf::from("/data"),
        access: Access::ReadWrite,
        protected: true,
    };
    session.handle(Event::NeedsPassphrase(info));
    // Nothing else works while locked.
    assert!(session.apply(Command::OpenSearch).is_empty());
    assert_eq!(session.screen(), &Screen::Locked);

    assert!(session.apply(Command::Unlock).is_empty(), "nothing typed");
    assert!(session.lock_form.message.is_some());
    session.lock_form.passphrase = "not it".to_owned();
    let effects = session.apply(Command::Unlock);
    let [Effect::Unlock(request, Unlock::Passphrase(sent))] = &effects[..] else {
        panic!("{effects:?}");
    };
    assert_eq!(sent.expose(), "not it");
    assert!(
        session.lock_form.passphrase.is_empty(),
        "the typed copy is wiped"
    );
    assert!(
        session.apply(Command::Unlock).is_empty(),
        "one try at a time"
    );
    session.handle(Event::Unlocked(
        *request,
        Err("That passphrase did not unlock your answers.".into()),
    ));
    assert!(!session.lock_form.unlocking);
    assert_eq!(
        session.lock_form.message.as_deref(),
        Some("That passphrase did not unlock your answers.")
    );
    assert!(!session.is_busy());

    session.lock_form.passphrase = "right".to_owned();
    let effects = session.apply(Command::Unlock);
    let [Effect::Unlock(request, _)] = &effects[..] else {
        panic!("{effects:?}");
    };
    session.handle(Event::Unlocked(*request, Ok(())));
    assert!(session.is_busy(), "the folder is being read");
    let mut data = loaded(Access::ReadWrite, Journal::default(), Vec::new());
    if let Ok(folder) = &mut data.folder {
        folder.protected = true;
    }
    session.handle(Event::Loaded(Box::new(data)));
    assert_eq!(session.screen(), &Screen::Library);
    assert!(session.is_protected() && !session.is_locked() && !session.is_busy());
}

#[test]
fn locking_drops_every_answer_and_keeps_what_is_being_saved() {
    let (mut session, id) = protected_session();
    session.apply(Command::OpenEntry(id.clone()));
    let saves = session.apply(Command::SetAnswer {
        entry: id.clone(),
        prompt: "note".into(),
        value: Some(Value::Text("more".into())),
        page: Page::Intro,
    });
    assert_eq!(saves.len(), 1);
    let epoch = session.privacy_epoch();
    assert_eq!(session.apply(Command::Lock), [Effect::Lock]);
    assert!(session.journal().entries.is_empty());
    assert_eq!(session.screen(), &Screen::Locked);
    assert_eq!(session.settings(), &Settings::default());
    assert!(session.privacy_epoch() > epoch);
    // The save still on its way counts, so closing still waits for it.
    assert_eq!(session.save_status(), SaveStatus::Idle);
    assert!(session.saving.status() == SaveStatus::Saving);
    // Locked, nothing opens.
    assert!(session.apply(Command::OpenEntry(id)).is_empty());
    assert_eq!(session.screen(), &Screen::Locked);
}

#[test]
fn quick_hide_locks_a_protected_folder_and_only_covers_a_plain_one() {
    let (mut session, _) = protected_session();
    assert_eq!(session.apply(Command::Hide), [Effect::Lock]);
    assert!(session.is_hidden() && session.is_locked());
    session.apply(Command::Unhide);
    assert!(!session.is_hidden());
    assert_eq!(session.screen(), &Screen::Locked);

    let mut plain = session_with(
        Access::ReadWrite,
        {
            let mut journal = Journal::default();
            check_in(&mut journal, 0, &[]);
            journal
        },
        Vec::new(),
    );
    let epoch = plain.privacy_epoch();
    assert!(plain.apply(Command::Hide).is_empty());
    assert!(plain.is_hidden() && plain.privacy_epoch() > epoch);
    assert!(
        plain.apply(Command::Lock).is_empty(),
        "no passphrase, no lock"
    );
    plain.apply(Command::Unhide);
    assert_eq!(plain.journal().entries.len(), 1);
    assert_eq!(plain.screen(), &Screen::Library);
}

#[test]
fn protection_asks_for_the_passphrase_twice_and_shows_the_recovery_key_once() {
    let mut session = session();
    assert_eq!(session.auto_lock_after(), None);
    session.apply(Command::OpenPrivacy);
    assert_eq!(session.screen(), &Screen::Privacy);
    session.privacy.passphrase = "river stone lamp".into();
    session.privacy.again = "river stone lump".into();
    assert!(session.apply(Command::Protect).is_empty());
    assert!(
        session
            .privacy
            .message
            .as_ref()
            .is_some_and(|m| m.text.contains("not the same"))
    );
    session.privacy.passphrase = "short".into();
    session.privacy.again = "short".into();
    assert!(session.apply(Command::Protect).is_empty());
    session.privacy.passphrase = "river stone lamp".into();
    session.privacy.again = "river stone lamp".into();
    let effects = session.apply(Command::Protect);
    let [Effect::Protect(request, passphrase)] = &effects[..] else {
        panic!("{effects:?}");
    };
    assert_eq!(passphrase.expose(), "river stone lamp");
    assert!(session.privacy.passphrase.is_empty() && session.privacy.again.is_empty());
    assert!(session.apply(Command::Protect).is_empty(), "one at a time");
    session.handle(Event::Converting { done: 3, total: 9 });
    assert_eq!(session.privacy.progress, (3, 9));
    session.handle(Event::ProtectionChanged(
        *request,
        Ok(Some(crate::store::Secret::from("AGE-SECRET-KEY-1TEST"))),
    ));
    assert!(session.is_protected());
    assert_eq!(
        session.auto_lock_after(),
        Some(std::time::Duration::from_mins(5))
    );
    assert!(session.privacy.recovery_key.is_some());
    session.apply(Command::RecoveryKeySeen);
    assert!(session.privacy.recovery_key.is_none());
    assert_eq!(session.apply(Command::SetAutoLock(0)).len(), 1);
    assert_eq!(session.auto_lock_after(), None);

    // Off asks once first.
    assert!(session.apply(Command::Unprotect).is_empty());
    let effects = session.apply(Command::Unprotect);
    let [Effect::Unprotect(request)] = &effects[..] else {
        panic!("{effects:?}");
    };
    session.handle(Event::ProtectionChanged(*request, Ok(None)));
    assert!(!session.is_protected());
}

#[test]
fn a_workbook_with_a_reviewer_key_is_shared_encrypted_for_that_reviewer_by_default() {
    let reviewer = age::x25519::Identity::generate();
    let source = include_str!("../../tests/fixtures/assigned.ron").replace(
        "assigned_on: \"2026-11-20\",",
        &format!(
            "assigned_on: \"2026-11-20\",\n    reviewer_key: \"{}\",",
            reviewer.to_public()
        ),
    );
    let wb = workbook::parse_workbook(&source).unwrap();
    let mut journal = Journal::default();
    let at = Local::now();
    let mut entry = Entry::new(&wb, at);
    entry
        .answers
        .insert("moment".into(), Value::Text("I said no.".into()));
    let id = EntryId::new(&wb.id, at, |_| false);
    journal.entries.insert(id, entry);
    let mut session = session_with(Access::ReadWrite, journal, vec![(wb, source)]);

    // Encrypted is the choice to begin with; the client's own key is made for the reply.
    let effects = session.apply(Command::OpenShare("weekly-reflection".into(), None));
    assert!(
        matches!(&effects[0], Effect::SuggestSharePath(_, name) if name.ends_with(".answers.age"))
    );
    let Effect::MakeSharingKey(key_request, name) = &effects[1] else {
        panic!("no key asked for: {effects:?}")
    };
    assert!(name.is_empty());
    assert_eq!(
        session.share().unwrap().format,
        share::ExportFormat::SealedAnswers
    );
    let client = age::x25519::Identity::generate();
    let client_key = client.to_public().to_string();
    session.handle(Event::SharingKeyMade(
        *key_request,
        Ok(crate::store::SharingInfo {
            name: String::new(),
            public_key: client_key.clone(),
        }),
    ));
    session.parts().share.unwrap().0.path_text = "/exchange/r.answers.age".into();
    session.refresh();
    let preview = session.parts().share.unwrap().1.to_owned();
    assert!(
        preview.contains(&client_key),
        "the answers carry the key to reply to"
    );

    let Effect::WriteNewFile(request, _, bytes) = only(session.apply(Command::SaveShare)) else {
        panic!("not a write")
    };
    assert!(crate::store::is_encrypted(&bytes));
    let opened = age::decrypt(&reviewer, &bytes).unwrap();
    assert_eq!(
        String::from_utf8(opened).unwrap(),
        preview,
        "exactly the preview, sealed"
    );
    assert!(
        age::decrypt(&client, &bytes).is_err(),
        "only the reviewer opens it"
    );
    session.handle(Event::Written(
        request,
        Ok("/exchange/r.answers.age".into()),
    ));
    let status = &session.share().unwrap().status.as_ref().unwrap().text;
    assert!(
        status.ends_with("It is encrypted for Dr Rivera: only their trustwork can open it."),
        "{status}"
    );

    // A plain file stays possible as an explicit choice, and says who can read it.
    session
        .parts()
        .share
        .unwrap()
        .0
        .set_format(share::ExportFormat::Answers);
    assert_eq!(
        session.share().unwrap().path_text,
        "/exchange/r.answers.ron"
    );
    session.refresh();
    let Effect::WriteNewFile(request, _, bytes) = only(session.apply(Command::SaveShare)) else {
        panic!("not a write")
    };
    let text = String::from_utf8(bytes).unwrap();
    assert!(text.starts_with("AnswersFile(") && !text.contains("reply_to"));
    session.handle(Event::Written(
        request,
        Ok("/exchange/r.answers.ron".into()),
    ));
    let status = &session.share().unwrap().status.as_ref().unwrap().text;
    assert!(
        status.ends_with("anyone who gets this file can read it."),
        "{status}"
    );
}

#[test]
fn an_old_entry_opens_to_read_saving_nothing_and_edit_goes_to_the_runner() {
    let mut journal = Journal::default();
    let id = check_in(&mut journal, 400, &[("self-trust", Value::Number(3))]);
    let mut session = session_with(Access::ReadWrite, journal, Vec::new());
    session.apply(Command::OpenHistory(CHECK_IN.into()));
    let effects = session.apply(Command::OpenEntry(id.clone()));
    assert!(effects.is_empty(), "reading saves nothing: {effects:?}");
    assert_eq!(
        session.screen(),
        &Screen::Read {
            entry: id.clone(),
            at: None
        }
    );
    session.apply(Command::EditEntry(id.clone(), Some("self-trust".into())));
    assert!(
        matches!(session.screen(), Screen::Runner { entry, page: Page::Section(0) } if *entry == id)
    );
    // From the read view, Back returns to where the person was.
    session.apply(Command::OpenHistory(CHECK_IN.into()));
    session.apply(Command::OpenEntry(id.clone()));
    session.apply(Command::CloseRead);
    assert_eq!(session.screen(), &Screen::History(CHECK_IN.into()));
}

#[test]
fn feedback_is_never_empty_and_a_file_already_there_is_replaced_only_when_asked() {
    fn review(session: &mut Session) -> &mut ReviewForm {
        session.parts().review.unwrap()
    }
    let mut session = session();
    open(&mut session, Ok(answers_file()));
    review(&mut session).path_text = "/exchange/a.feedback.ron".into();
    // Nothing typed: nothing written.
    assert!(session.apply(Command::SaveReview).is_empty());
    assert!(
        session
            .review()
            .unwrap()
            .status
            .as_ref()
            .unwrap()
            .text
            .starts_with("Nothing was saved")
    );

    review(&mut session).note = "See you Thursday.".into();
    let Effect::WriteNewFile(first, path, _) = only(session.apply(Command::SaveReview)) else {
        panic!("not a careful write")
    };
    session.handle(Event::WouldReplace(first, path.clone()));
    assert_eq!(
        session.review().unwrap().asking_replace.as_ref(),
        Some(&path)
    );
    assert!(
        session.review().unwrap().has_unsaved(),
        "the note is not in a file yet"
    );
    // Keep it: nothing is written.
    assert!(session.apply(Command::ReplaceFile(false)).is_empty());
    assert!(session.review().unwrap().asking_replace.is_none());
    // Asked again, and this time replaced.
    let Effect::WriteNewFile(second, path, _) = only(session.apply(Command::SaveReview)) else {
        panic!("not a careful write")
    };
    session.handle(Event::WouldReplace(second, path.clone()));
    let Effect::WriteFile(third, replaced, _) = only(session.apply(Command::ReplaceFile(true)))
    else {
        panic!("not replaced")
    };
    assert_eq!(replaced, path);
    session.handle(Event::Written(third, Ok(path)));
    assert!(!session.review().unwrap().has_unsaved());
}

#[test]
fn earlier_feedback_beside_the_answers_comes_back_into_the_form() {
    let Ok(Opened::Answers(mut review)) = Ok::<_, String>(answers_file()) else {
        panic!("not answers")
    };
    let stem = review.file.entries[0].entry.clone();
    let earlier = share::FeedbackFile {
        format: 1,
        written_at: Local::now(),
        reviewer: "Dr Rivera".into(),
        workbook_id: CHECK_IN.into(),
        workbook_hash: review.file.workbook_hash.clone(),
        note: "Last week's note".into(),
        entries: vec![share::EntryFeedback {
            entry: stem.clone(),
            comments: [("self-trust".to_owned(), "A steady six.".to_owned())].into(),
        }],
    };
    review.earlier = Some((PathBuf::from("/exchange/a.feedback.ron"), earlier));
    let mut session = session();
    open(&mut session, Ok(Opened::Answers(review)));
    let form = session.review().unwrap();
    assert_eq!(form.note, "Last week's note");
    assert_eq!(form.reviewer, "Dr Rivera");
    assert_eq!(
        form.comments[&(stem, "self-trust".to_owned())],
        "A steady six."
    );
    assert_eq!(form.path_text, "/exchange/a.feedback.ron");
    assert!(
        form.status
            .as_ref()
            .unwrap()
            .text
            .contains("is back in the boxes below")
    );
}

#[test]
fn share_ticks_the_newest_finished_entry_not_an_empty_draft() {
    let mut journal = Journal::default();
    let finished = check_in(&mut journal, 1, &[("self-trust", Value::Number(7))]);
    journal.entries.get_mut(&finished).unwrap().completed_at = Some(Local::now());
    let _draft = check_in(&mut journal, 0, &[]);
    let mut session = session_with(Access::ReadWrite, journal, Vec::new());
    session.apply(Command::OpenShare(CHECK_IN.into(), None));
    let form = session.share().unwrap();
    assert_eq!(form.selected, std::collections::BTreeSet::from([finished]));
}

#[test]
fn news_goes_once_the_person_moves_on_and_warnings_stay() {
    let mut session = session();
    session.notices.push(Notice::info("Finished the check-in."));
    session
        .notices
        .push(Notice::warning("A saved entry could not be read."));
    session
        .notices
        .push(Notice::lasting("That is a lot to carry."));
    session.notices_shown();
    assert_eq!(session.notices().len(), 3, "all seen on the library");
    session.notices_shown();
    assert_eq!(session.notices().len(), 3, "still on the library");
    session.apply(Command::OpenSearch);
    session.notices_shown();
    let left: Vec<&str> = session.notices().iter().map(|n| n.text.as_str()).collect();
    assert_eq!(
        left,
        [
            "A saved entry could not be read.",
            "That is a lot to carry."
        ]
    );
}

#[test]
fn newer_settings_are_never_saved_over() {
    let (mut session, _) = Session::new(Some(PathBuf::from("/data")));
    let mut loaded = loaded(Access::ReadWrite, Journal::default(), Vec::new());
    loaded.settings_newer = Some(2);
    session.handle(Event::Loaded(Box::new(loaded)));
    assert!(session.apply(Command::ShowCharts(false)).is_empty());
    assert!(
        session
            .notices()
            .iter()
            .any(|n| n.text.contains("saved by a newer version of trustwork"))
    );
}

#[test]
fn when_the_disk_recovers_the_close_guard_agrees_and_the_window_closes() {
    let mut session = session();
    let id = check_in(&mut session.journal, 0, &[]);
    let effects = set(&mut session, &id, "self-trust", Value::Number(4));
    let Some(Effect::Save { generation, .. }) = effects.into_iter().next() else {
        panic!("not saved")
    };
    session.handle(saved(
        SaveKey::Entry(id.clone()),
        generation,
        Err("Not saved yet: disk full".into()),
    ));
    let flush = flush_request(session.apply(Command::CloseRequested));
    assert!(flushed(&mut session, flush, false).is_empty());
    assert!(matches!(session.close_guard(), CloseGuard::Blocked { .. }));
    // The saver tries again by itself, and this time it works.
    let effects = session.handle(saved(SaveKey::Entry(id), generation, Ok(())));
    assert_eq!(
        effects,
        [Effect::CloseWindow {
            discard_unsaved: false
        }]
    );
    assert!(session.may_close());
}

#[test]
fn a_save_beside_another_programs_version_keeps_both_entries() {
    let mut session = session();
    let id = open_entry(&mut session);
    let effects = set(&mut session, &id, "self-trust", Value::Number(8));
    let Some(Effect::Save { generation, .. }) = effects.into_iter().next() else {
        panic!("not saved")
    };
    let copy = PathBuf::from(format!(
        "/data/entries/{CHECK_IN}/{}-conflict-20261201T120000-1.ron",
        id.stem
    ));
    let effects = session.handle(Event::Saved(SaveOutcome {
        key: SaveKey::Entry(id.clone()),
        generation,
        result: Ok(()),
        at: Local::now(),
        conflict: Some(copy),
    }));
    assert_eq!(effects, [Effect::ReloadEntry(id.clone())]);
    let Screen::Runner { entry: now, .. } = session.screen().clone() else {
        panic!("not in the runner")
    };
    assert_ne!(now, id, "the window goes on in its own copy");
    assert_eq!(
        session.journal().entries[&now].answers.get("self-trust"),
        Some(&Value::Number(8))
    );
    assert!(
        session
            .notices()
            .iter()
            .any(|n| n.text.contains("Nothing was overwritten"))
    );
    let mut theirs = session.journal().entries[&now].clone();
    theirs.answers.insert("self-trust".into(), Value::Number(2));
    session.handle(Event::EntryReloaded(id.clone(), Ok(Box::new(theirs))));
    assert_eq!(
        session.journal().entries[&id].answers.get("self-trust"),
        Some(&Value::Number(2)),
        "their version is there too"
    );
}
