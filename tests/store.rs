//! The data folder keeps every answer: reloads, stray temp files, quarantine, write failures,
//! and a second instance that must not write.
#![expect(
    clippy::unwrap_used,
    reason = "test helpers outside #[test] functions; a panic is the failure report"
)]

use std::path::Path;
use std::time::Duration;

use chrono::Local;
use trustwork::journal::{Entry, EntryId, Value};
use trustwork::store::{Access, DataDir, SaveJob, SaveKey, Saver};
use trustwork::workbook::{self, Workbook};

fn check_in() -> Workbook {
    workbook::bundled_workbook("daily-check-in").unwrap()
}

fn entry_with(text: &str) -> Entry {
    let mut entry = Entry::new(&check_in(), Local::now());
    entry
        .answers
        .insert("one-line".into(), Value::Text(text.into()));
    entry.answers.insert("self-trust".into(), Value::Number(6));
    entry
}

fn save(data: &DataDir, id: &EntryId, entry: &Entry) {
    let (tx, outcomes) = std::sync::mpsc::channel();
    let saver = Saver::spawn(move |o| tx.send(o).unwrap());
    saver.save(SaveJob {
        key: SaveKey::Entry(id.clone()),
        path: data.entry_path(id),
        bytes: entry.to_ron().unwrap().into_bytes(),
        generation: 1,
    });
    assert!(saver.flush(Duration::from_secs(5)));
    assert!(outcomes.try_iter().all(|o| o.result.is_ok()));
}

fn id(stem: &str) -> EntryId {
    EntryId {
        workbook_id: "daily-check-in".into(),
        stem: stem.into(),
    }
}

/// Every file under `root`, with its bytes, sorted: a snapshot to compare.
fn snapshot(root: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files = Vec::new();
    let mut stack = vec![root.to_owned()];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir).unwrap() {
            let path = e.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                files.push((
                    path.strip_prefix(root).unwrap().display().to_string(),
                    std::fs::read(&path).unwrap(),
                ));
            }
        }
    }
    files.sort();
    files
}

#[test]
fn saves_and_reloads_an_entry() {
    let dir = tempfile::tempdir().unwrap();
    let data = DataDir::open(dir.path()).unwrap();
    let entry = entry_with("a quiet day, \"mostly\"");
    save(&data, &id("20261125T090000-1"), &entry);
    drop(data);

    let report = DataDir::open(dir.path()).unwrap().load();
    assert!(report.quarantined.is_empty());
    assert_eq!(
        report.journal.entries.get(&id("20261125T090000-1")),
        Some(&entry)
    );
}

#[test]
fn stray_temp_files_are_ignored() {
    let dir = tempfile::tempdir().unwrap();
    let data = DataDir::open(dir.path()).unwrap();
    save(&data, &id("20261125T090000-1"), &entry_with("kept"));
    let folder = dir.path().join("entries/daily-check-in");
    std::fs::write(
        folder.join(".tmp-999-0-20261125T100000-1.ron"),
        b"half a wri",
    )
    .unwrap();

    let report = data.load();
    assert_eq!(report.journal.entries.len(), 1);
    assert!(
        report.quarantined.is_empty(),
        "a temp file is not a damaged entry"
    );
}

#[test]
fn a_corrupt_file_is_quarantined_with_a_note_and_never_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    let data = DataDir::open(dir.path()).unwrap();
    save(&data, &id("20261125T090000-1"), &entry_with("fine"));
    let bad = dir
        .path()
        .join("entries/daily-check-in/20261125T100000-1.ron");
    let damaged =
        b"Entry(format: 1, workbook_id: \"daily-check-in\", answers: {\"one-line\": Text(\"cut off";
    std::fs::write(&bad, damaged).unwrap();

    let report = data.load();
    assert_eq!(
        report.journal.entries.len(),
        1,
        "the good entry still loads"
    );
    assert_eq!(report.quarantined.len(), 1);
    let q = &report.quarantined[0];
    assert_eq!(q.original, bad);
    let moved = q.moved_to.clone().unwrap();
    assert!(moved.starts_with(dir.path().join("quarantine")));
    assert_eq!(
        std::fs::read(&moved).unwrap(),
        damaged,
        "moved byte for byte"
    );
    assert!(!bad.exists());
    let mut note = moved.clone().into_os_string();
    note.push(".why.txt");
    let note = std::fs::read_to_string(note).unwrap();
    assert!(note.contains("set it aside, unchanged"), "{note}");
    assert!(!q.reason.is_empty());

    // A second damaged file with the same name does not replace the first in quarantine.
    std::fs::write(&bad, b"also damaged").unwrap();
    let again = data.load();
    let second = again.quarantined[0].moved_to.clone().unwrap();
    assert_ne!(second, moved);
    assert_eq!(std::fs::read(&moved).unwrap(), damaged);
}

#[test]
fn a_failed_write_is_reported_retried_and_the_answers_stay() {
    let dir = tempfile::tempdir().unwrap();
    let data = DataDir::open(dir.path()).unwrap();
    let target = id("20261125T090000-1");
    let folder = dir.path().join("entries/daily-check-in");

    // Make the entry's folder impossible to write. Permission bits do not stop root (CI runs
    // as root), so a plain file is put where the folder should be: every write then fails.
    std::fs::write(&folder, b"not a folder").unwrap();

    let entry = entry_with("written while the disk said no");
    let bytes = entry.to_ron().unwrap().into_bytes();
    let (tx, outcomes) = std::sync::mpsc::channel();
    let saver = Saver::spawn(move |o| tx.send(o).unwrap());
    saver.save(SaveJob {
        key: SaveKey::Entry(target.clone()),
        path: data.entry_path(&target),
        bytes: bytes.clone(),
        generation: 7,
    });
    assert!(
        !saver.flush(Duration::from_secs(5)),
        "the write must not be claimed"
    );
    let outcomes: Vec<_> = outcomes.try_iter().collect();
    assert_eq!(outcomes.len(), 1);
    let message = outcomes[0].result.clone().unwrap_err();
    assert!(message.starts_with("Not saved yet:"), "{message}");
    assert!(
        !message.contains("written while"),
        "messages never hold answer text"
    );

    // Once the folder is usable again, the same job lands on the next try.
    std::fs::remove_file(&folder).unwrap();
    assert!(saver.flush(Duration::from_secs(5)));
    assert_eq!(std::fs::read(data.entry_path(&target)).unwrap(), bytes);
}

#[test]
fn a_second_instance_is_read_only_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let first = DataDir::open(dir.path()).unwrap();
    save(&first, &id("20261125T090000-1"), &entry_with("first"));
    std::fs::write(
        dir.path()
            .join("entries/daily-check-in/20261125T100000-1.ron"),
        b"damaged",
    )
    .unwrap();
    let before = snapshot(dir.path());

    let second = DataDir::open(dir.path()).unwrap();
    assert_eq!(second.access(), Access::ReadOnly);
    let report = second.load();
    assert_eq!(report.journal.entries.len(), 1);
    assert_eq!(report.quarantined.len(), 1);
    assert_eq!(
        report.quarantined[0].moved_to, None,
        "read-only: the damaged file is left in place"
    );
    let imported = second.import_workbook(Path::new("tests/fixtures/every-kind.ron"), &[]);
    assert!(imported.is_err());
    assert_eq!(
        snapshot(dir.path()),
        before,
        "the second instance changed nothing"
    );
}

#[test]
fn import_copies_valid_files_and_refuses_invalid_ones() {
    let dir = tempfile::tempdir().unwrap();
    let data = DataDir::open(dir.path()).unwrap();
    let bundled: Vec<Workbook> = workbook::bundled()
        .into_iter()
        .map(Result::unwrap)
        .collect();

    let err = data
        .import_workbook(Path::new("tests/fixtures/broken.ron"), &bundled)
        .unwrap_err();
    assert!(
        err.to_string()
            .contains("broken.ron:11:29: unknown field `titel`"),
        "{err}"
    );
    assert!(
        std::fs::read_dir(dir.path().join("workbooks"))
            .unwrap()
            .next()
            .is_none(),
        "nothing imported"
    );

    let (wb, replaced) = data
        .import_workbook(Path::new("tests/fixtures/every-kind.ron"), &bundled)
        .unwrap();
    assert_eq!((wb.id.as_str(), replaced), ("every-kind", false));
    let (_, replaced) = data
        .import_workbook(Path::new("tests/fixtures/every-kind.ron"), &bundled)
        .unwrap();
    assert!(replaced);
    assert_eq!(data.load().workbooks.len(), 1);

    let err = data
        .import_workbook(Path::new("workbooks/daily-check-in.ron"), &bundled)
        .unwrap_err();
    assert!(
        err.to_string()
            .contains("already used by the bundled workbook"),
        "{err}"
    );
}

#[test]
fn answers_to_removed_prompts_survive_a_new_version() {
    let dir = tempfile::tempdir().unwrap();
    let data = DataDir::open(dir.path()).unwrap();
    let mut entry = entry_with("today");
    entry.answers.insert(
        "a-question-since-removed".into(),
        Value::Text("still mine".into()),
    );
    save(&data, &id("20261125T090000-1"), &entry);

    let report = data.load();
    let loaded = &report.journal.entries[&id("20261125T090000-1")];
    assert_eq!(
        loaded.orphan_answers(&check_in()),
        [(
            "a-question-since-removed",
            &Value::Text("still mine".into())
        )]
    );
}

#[test]
fn a_byte_order_mark_is_accepted_and_a_newer_format_is_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let data = DataDir::open(dir.path()).unwrap();
    let bom = id("20261101T210000-1");
    save(&data, &bom, &entry_with("written on Windows"));
    let path = data.entry_path(&bom);
    let mut bytes = "\u{feff}".as_bytes().to_vec();
    bytes.extend(std::fs::read(&path).unwrap());
    std::fs::write(&path, &bytes).unwrap();

    let newer = id("20261102T210000-1");
    save(&data, &newer, &entry_with("from next year's trustwork"));
    let newer_path = data.entry_path(&newer);
    let text = std::fs::read_to_string(&newer_path).unwrap().replacen(
        "format: 1,",
        "format: 2,\n    mood_colour: \"blue\",",
        1,
    );
    std::fs::write(&newer_path, &text).unwrap();
    let before = snapshot(dir.path());

    let report = data.load();
    assert!(report.quarantined.is_empty(), "{:?}", report.quarantined);
    assert!(report.journal.entries.contains_key(&bom), "a BOM is fine");
    assert!(
        !report.journal.entries.contains_key(&newer),
        "never read as format 1"
    );
    assert_eq!(report.newer, [(newer_path.clone(), 2)]);
    assert_eq!(snapshot(dir.path()), before, "nothing moved or changed");
}

#[test]
fn export_says_when_it_set_a_damaged_entry_aside() {
    let dir = tempfile::tempdir().unwrap();
    let data = DataDir::open(dir.path()).unwrap();
    save(&data, &id("20261101T210000-1"), &entry_with("fine"));
    let broken = data.entry_path(&id("20261102T210000-1"));
    std::fs::write(&broken, b"Entry(format: 1, workbook_id: \"daily-ch").unwrap();
    drop(data);
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_trustwork"))
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .args([
            "--data-dir",
            dir.path().to_str().unwrap(),
            "export",
            "--workbook",
        ])
        .args(["daily-check-in", "--format", "md", "--output"])
        .arg(dir.path().join("out.md"))
        .output()
        .unwrap();
    let said = String::from_utf8(out.stdout).unwrap();
    assert!(out.status.success(), "{said}");
    assert!(
        said.contains("note: an entry could not be read and was set aside"),
        "{said}"
    );
    assert!(
        said.contains("cut short"),
        "a truncated file is called that: {said}"
    );
}

#[test]
fn settings_from_a_newer_trustwork_are_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let data = DataDir::open(dir.path()).unwrap();
    let text = "Settings(format: 2, first_run_done: true, colour_theme: \"dusk\")";
    std::fs::write(data.settings_path(), text).unwrap();
    let (settings, damaged) = data.load_settings();
    assert!(damaged.is_none(), "not set aside");
    assert_eq!(settings, trustwork::store::Settings::default());
    assert_eq!(data.settings_newer(), Some(2));
    assert_eq!(std::fs::read_to_string(data.settings_path()).unwrap(), text);
    // Settings from before the format was written are ours.
    std::fs::write(data.settings_path(), "Settings(first_run_done: true)").unwrap();
    assert!(data.load_settings().0.first_run_done);
    assert_eq!(data.settings_newer(), None);
}

#[cfg(unix)]
#[test]
fn a_new_workbook_folder_is_private() {
    use std::os::unix::fs::PermissionsExt as _;
    let dir = tempfile::tempdir().unwrap();
    let data = DataDir::open(dir.path()).unwrap();
    let first = id("20261101T210000-1");
    save(&data, &first, &entry_with("the first one"));
    let folder = data.entry_path(&first).parent().unwrap().to_owned();
    let mode = std::fs::metadata(&folder).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o700, "{folder:?} is {mode:o}");
}

/// A logout or shutdown (SIGTERM, SIGHUP) closes the window the careful way: what was typed is
/// written first. (Here, in a test binary of its own kind, no other window can take the signal.)
#[test]
fn ending_the_session_writes_pending_answers_then_closes() {
    use egui_kittest::Harness;
    use egui_kittest::kittest::Queryable as _;
    use trustwork::app::App;
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().to_owned();
    let mut h = Harness::builder()
        .with_size([1000.0, 3000.0])
        .with_max_steps(16)
        .build_eframe(move |cc| App::new(&cc.egui_ctx, Some(data)));
    h.step();
    assert!(h.state_mut().settle());
    h.run();
    h.state_mut()
        .apply(trustwork::session::Command::FirstRunDone);
    h.state_mut()
        .apply(trustwork::session::Command::StartNewEntry(
            "daily-check-in".into(),
        ));
    h.run();
    h.state_mut().apply(trustwork::session::Command::GoTo(
        trustwork::session::Page::Section(0),
    ));
    h.run();
    h.get_by_label("One line about today").focus();
    h.run();
    h.get_by_label("One line about today")
        .type_text("typed a moment before logging out");
    h.step();
    trustwork::app::request_ending();
    h.step();
    assert!(h.state_mut().settle());
    assert!(h.state().session().may_close(), "closing once written");
    let folder = dir.path().join("entries/daily-check-in");
    let saved: Vec<_> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
        .collect();
    assert!(
        saved
            .iter()
            .any(|t| t.contains("typed a moment before logging out")),
        "{saved:?}"
    );
}

#[test]
fn an_entry_changed_by_another_program_is_never_overwritten() {
    use trustwork::store::Fingerprint;
    let dir = tempfile::tempdir().unwrap();
    let data = DataDir::open(dir.path()).unwrap();
    let entry = id("20261101T210000-1");
    let path = data.entry_path(&entry);
    let (tx, outcomes) = std::sync::mpsc::channel();
    let saver = Saver::spawn(move |o| tx.send(o).unwrap());
    let job = |text: &str| SaveJob {
        key: SaveKey::Entry(entry.clone()),
        path: path.clone(),
        bytes: entry_with(text).to_ron().unwrap().into_bytes(),
        generation: 1,
    };
    // Ordinary saves replace the file this window wrote.
    saver.save(job("first"));
    assert!(saver.flush(Duration::from_secs(5)));
    saver.save(job("second"));
    assert!(saver.flush(Duration::from_secs(5)));
    assert!(
        outcomes
            .try_iter()
            .all(|o| o.result.is_ok() && o.conflict.is_none())
    );

    // A sync tool writes its own version; the next save here goes beside it.
    let theirs = entry_with("from the laptop").to_ron().unwrap();
    std::fs::write(&path, &theirs).unwrap();
    saver.save(job("typed here meanwhile"));
    assert!(saver.flush(Duration::from_secs(5)));
    let outcome = outcomes.try_iter().last().unwrap();
    let copy = outcome.conflict.expect("a conflict copy");
    assert!(outcome.result.is_ok());
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        theirs,
        "left as it was"
    );
    assert!(
        std::fs::read_to_string(&copy)
            .unwrap()
            .contains("typed here meanwhile")
    );
    // Saves that follow keep going to the copy, never over their version.
    saver.save(job("and a little more"));
    assert!(saver.flush(Duration::from_secs(5)));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), theirs);
    assert!(
        std::fs::read_to_string(&copy)
            .unwrap()
            .contains("and a little more")
    );
    drop(saver);

    // A new window that read the folder notices an edit made after it read it.
    let (tx, outcomes) = std::sync::mpsc::channel();
    let saver = Saver::spawn(move |o| tx.send(o).unwrap());
    saver.know(data.entry_fingerprints());
    std::thread::sleep(Duration::from_millis(20));
    let edited = theirs.replace("from the laptop", "edited in a text editor");
    std::fs::write(&path, &edited).unwrap();
    saver.save(job("this window's words"));
    assert!(saver.flush(Duration::from_secs(5)));
    let outcome = outcomes.try_iter().last().unwrap();
    assert!(outcome.conflict.is_some());
    assert_eq!(std::fs::read_to_string(&path).unwrap(), edited);
    // The copies are entries like any other, so both versions are in the history.
    let report = data.load();
    assert!(report.quarantined.is_empty(), "{:?}", report.quarantined);
    assert_eq!(report.journal.entries.len(), 3);
    assert!(Fingerprint::of(&path).is_some());
}

/// Writes that fail leave the file already saved byte for byte as it was, and the saver keeps
/// the new version to try again (the window keeps the answers meanwhile). A folder in the way is
/// tried everywhere; a full disk and a read-only disk where a small disk can be mounted (Linux,
/// as root, as in CI here).
#[test]
fn failing_writes_leave_the_saved_file_as_it_was() {
    fn saver_with_outcomes() -> (
        Saver,
        std::sync::mpsc::Receiver<trustwork::store::SaveOutcome>,
    ) {
        let (tx, outcomes) = std::sync::mpsc::channel();
        (Saver::spawn(move |o| tx.send(o).unwrap()), outcomes)
    }
    fn attempt(root: &Path, what: &str) {
        let data = DataDir::open(root).unwrap();
        let entry = id("20261101T210000-1");
        save(&data, &entry, &entry_with("the version on disk"));
        let path = data.entry_path(&entry);
        let before = std::fs::read(&path).unwrap();
        let (saver, outcomes) = saver_with_outcomes();
        saver.know(data.entry_fingerprints());
        // The folder's lock is an open file for writing: a disk cannot turn read-only under it.
        drop(data);
        let make_fail = |what: &str| match what {
            "full" => {
                // Fill what is left of the small disk.
                let filler = root.join("filler");
                let mut file = std::fs::File::create(&filler).unwrap();
                let chunk = vec![0_u8; 4096];
                while std::io::Write::write_all(&mut file, &chunk).is_ok() {}
            }
            "read-only" => {
                assert!(
                    std::process::Command::new("mount")
                        .args(["-o", "remount,ro"])
                        .arg(root)
                        .status()
                        .unwrap()
                        .success()
                );
            }
            _ => {}
        };
        make_fail(what);
        saver.save(SaveJob {
            key: SaveKey::Entry(entry.clone()),
            path: path.clone(),
            bytes: entry_with(&"a much longer new version ".repeat(2000))
                .to_ron()
                .unwrap()
                .into_bytes(),
            generation: 2,
        });
        assert!(
            !saver.flush(Duration::from_secs(5)),
            "{what}: not reported saved"
        );
        let outcome = outcomes.try_iter().last().unwrap();
        let why = outcome.result.unwrap_err();
        assert!(why.starts_with("Not saved yet:"), "{what}: {why}");
        assert!(!why.contains("os error"), "{what}: {why}");
        assert_eq!(
            std::fs::read(&path).unwrap(),
            before,
            "{what}: the saved file is untouched"
        );
        saver.discard();
    }

    // A file where the workbook's folder should be: a new entry cannot be written.
    let dir = tempfile::tempdir().unwrap();
    {
        let data = DataDir::open(dir.path()).unwrap();
        std::fs::write(dir.path().join("entries/blocked-workbook"), b"in the way").unwrap();
        let (saver, outcomes) = saver_with_outcomes();
        let blocked = EntryId {
            workbook_id: "blocked-workbook".into(),
            stem: "20261101T210000-1".into(),
        };
        saver.save(SaveJob {
            key: SaveKey::Entry(blocked.clone()),
            path: data.entry_path(&blocked),
            bytes: b"Entry()".to_vec(),
            generation: 1,
        });
        assert!(!saver.flush(Duration::from_secs(5)));
        assert!(outcomes.try_iter().last().unwrap().result.is_err());
        assert_eq!(
            std::fs::read(dir.path().join("entries/blocked-workbook")).unwrap(),
            b"in the way"
        );
        saver.discard();
    }

    // A full disk, then a read-only one, on a small disk of its own.
    #[cfg(target_os = "linux")]
    for what in ["full", "read-only"] {
        let mount_at = tempfile::tempdir().unwrap();
        let mounted = std::process::Command::new("mount")
            .args(["-t", "tmpfs", "-o", "size=256k", "tmpfs"])
            .arg(mount_at.path())
            .stderr(std::process::Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        eprintln!(
            "io-error test: {what} disk {}",
            if mounted {
                "tested"
            } else {
                "not mountable here"
            }
        );
        if !mounted {
            // Not allowed here (not root, or in a sandbox): the folder case above still ran.
            continue;
        }
        let result = std::panic::catch_unwind(|| attempt(mount_at.path(), what));
        std::process::Command::new("umount")
            .arg(mount_at.path())
            .status()
            .ok();
        if let Err(panic) = result {
            std::panic::resume_unwind(panic);
        }
    }
}

#[test]
fn settings_that_are_not_text_are_set_aside_never_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let data = DataDir::open(dir.path()).unwrap();
    let damaged = b"Settings(country: Some(\"G\xffB\"))".to_vec();
    std::fs::write(data.settings_path(), &damaged).unwrap();
    let (settings, set_aside) = data.load_settings();
    assert_eq!(settings, trustwork::store::Settings::default());
    let set_aside = set_aside.expect("set aside, with a note");
    assert!(
        set_aside.reason.contains("not UTF-8"),
        "{}",
        set_aside.reason
    );
    let moved = set_aside.moved_to.expect("moved to quarantine");
    assert_eq!(
        std::fs::read(&moved).unwrap(),
        damaged,
        "kept byte for byte"
    );
    assert!(
        !data.settings_path().exists(),
        "nothing left to be written over"
    );
}
