//! Protection with a passphrase, in the app and on the command line: protect at first run, a
//! word typed never reaches any file in the clear, lock and unlock, quick hide, and the command
//! line asking for the passphrase on standard input.
#![expect(
    clippy::unwrap_used,
    reason = "test helpers outside #[test] functions; a panic is the failure report"
)]

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _};
use trustwork::app::App;
use trustwork::session::Screen;

fn harness(data: &Path) -> Harness<'static, App> {
    let data = data.to_owned();
    let mut h = Harness::builder()
        .with_size([1000.0, 2400.0])
        .with_max_steps(16)
        .build_eframe(move |cc| App::new(&cc.egui_ctx, Some(data)));
    settle(&mut h);
    h
}

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

fn type_into(h: &mut Harness<'_, App>, label: &str, text: &str) {
    h.get_by_label(label).focus();
    h.run();
    h.get_by_label(label).type_text(text);
    settle(h);
}

/// Every regular file under `root` whose bytes hold `word`.
fn files_holding(root: &Path, word: &str) -> Vec<PathBuf> {
    files_holding_since(root, word, std::time::SystemTime::UNIX_EPOCH)
}

/// Every regular file under `root` changed since `since` whose bytes hold `word`.
fn files_holding_since(root: &Path, word: &str, since: std::time::SystemTime) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut folders = vec![root.to_owned()];
    while let Some(folder) = folders.pop() {
        let Ok(children) = std::fs::read_dir(&folder) else {
            continue;
        };
        for child in children.flatten() {
            let Ok(kind) = child.file_type() else {
                continue;
            };
            if kind.is_dir() {
                folders.push(child.path());
            } else if kind.is_file()
                && child.metadata().is_ok_and(|m| {
                    m.len() < 16 * 1024 * 1024 && m.modified().is_ok_and(|t| t >= since)
                })
                && std::fs::read(child.path())
                    .is_ok_and(|b| b.windows(word.len()).any(|w| w == word.as_bytes()))
            {
                found.push(child.path());
            }
        }
    }
    found
}

const PASSPHRASE: &str = "lantern over quiet water";

#[test]
fn protect_at_first_run_then_lock_unlock_and_hide_without_a_word_in_the_clear() {
    // A word nobody else writes, so the search of the temp folder finds only ours.
    let canary = format!("tangerine-{}", std::process::id());
    let started = std::time::SystemTime::now() - std::time::Duration::from_secs(1);
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(dir.path());

    // First run offers protection in plain words.
    h.get_by_label_contains("recommended");
    click(&mut h, "Protect my answers first");
    assert_eq!(h.state().screen(), &Screen::Privacy);
    type_into(&mut h, "Passphrase", PASSPHRASE);
    type_into(&mut h, "Passphrase again", PASSPHRASE);
    click(&mut h, "Protect my answers");
    assert!(h.state().session().is_protected());
    // The recovery key shows once.
    let node = h.get_by_label_contains("AGE-SECRET-KEY-1");
    let node = node.accesskit_node();
    let key = node.label().or_else(|| node.value()).unwrap_or_default();
    assert!(key.starts_with("AGE-SECRET-KEY-1"), "{key}");
    click(&mut h, "I have kept it somewhere safe");
    assert!(h.query_by_label_contains("AGE-SECRET-KEY-1").is_none());

    click(&mut h, "Back to library");
    click(&mut h, "Start Daily check-in");
    click(&mut h, "Begin");
    type_into(&mut h, "One line about today", &canary);
    assert!(h.state_mut().flush());
    assert_eq!(files_holding(dir.path(), &canary), Vec::<PathBuf>::new());
    assert_eq!(
        files_holding_since(&std::env::temp_dir(), &canary, started),
        Vec::<PathBuf>::new()
    );

    // Ctrl+L locks: nothing of the entry is left on screen or in the session.
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::L);
    settle(&mut h);
    assert_eq!(h.state().screen(), &Screen::Locked);
    assert!(h.state().journal().entries.is_empty());
    assert!(h.query_by_label_contains(&canary).is_none());
    assert!(h.query_by_label("One line about today").is_none());

    // A wrong passphrase gets a calm word and changes nothing.
    type_into(&mut h, "Passphrase", "not the one");
    h.key_press(egui::Key::Enter);
    settle(&mut h);
    h.get_by_label_contains("did not unlock");
    assert_eq!(h.state().screen(), &Screen::Locked);

    type_into(&mut h, "Passphrase", PASSPHRASE);
    click(&mut h, "Unlock");
    assert_eq!(h.state().screen(), &Screen::Library);
    let entry = h.state().journal().entries.values().next().unwrap();
    assert_eq!(
        entry.answers.get("one-line"),
        Some(&trustwork::journal::Value::Text(canary.clone()))
    );

    // Quick hide: a neutral page, and locked.
    h.key_press_modifiers(
        egui::Modifiers::COMMAND | egui::Modifiers::SHIFT,
        egui::Key::H,
    );
    settle(&mut h);
    assert!(h.state().session().is_hidden() && h.state().session().is_locked());
    assert!(h.query_by_label_contains("Daily check-in").is_none());
    assert!(h.query_by_label("Search").is_none());
    assert!(
        h.query_by_label("Passphrase").is_none(),
        "not even the lock screen"
    );
    click(&mut h, "Continue");
    assert_eq!(h.state().screen(), &Screen::Locked);
    h.get_by_label("Passphrase");
}

#[test]
fn the_hide_button_covers_an_unprotected_window_and_continue_brings_it_back() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(dir.path());
    click(&mut h, "I understand, let's begin");
    click(&mut h, "Hide everything now");
    assert!(h.query_by_label("Start Daily check-in").is_none());
    click(&mut h, "Continue");
    h.get_by_label("Start Daily check-in");
}

fn trustwork() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_trustwork"));
    command.env_remove("DISPLAY").env_remove("WAYLAND_DISPLAY");
    command
}

/// Runs the command line with `input` on standard input; returns stdout, and stderr on failure.
fn run(args: &[&str], input: &str) -> Result<String, String> {
    let mut child = trustwork()
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    if out.status.success() {
        Ok(stdout)
    } else {
        Err(stderr)
    }
}

#[test]
fn the_command_line_protects_generates_exports_and_unprotects_with_the_passphrase_on_stdin() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let data_arg = data.to_str().unwrap();
    run(&["--data-dir", data_arg, "generate", "--years", "1"], "").unwrap();
    let twice = format!("{PASSPHRASE}\n{PASSPHRASE}\n");
    let said = run(&["--data-dir", data_arg, "protect"], &twice).unwrap();
    let key = said
        .lines()
        .find(|l| l.starts_with("AGE-SECRET-KEY-1"))
        .unwrap();
    assert!(!key.is_empty());
    // Every plain entry names its workbook; no entry is left in the clear.
    assert_eq!(
        files_holding(&data.join("entries"), "daily-check-in"),
        Vec::<PathBuf>::new()
    );

    // Writers need no passphrase: a second generated folder can be protected, then filled.
    let fresh = dir.path().join("fresh");
    let fresh_arg = fresh.to_str().unwrap();
    std::fs::create_dir_all(&fresh).unwrap();
    run(&["--data-dir", fresh_arg, "protect"], &twice).unwrap();
    run(&["--data-dir", fresh_arg, "generate", "--years", "1"], "").unwrap();
    assert!(files_holding(&fresh.join("entries"), "daily-check-in").is_empty());

    let output = dir.path().join("week.md");
    let export = [
        "--data-dir",
        data_arg,
        "export",
        "--workbook",
        "daily-check-in",
        "--format",
        "md",
        "--output",
        output.to_str().unwrap(),
    ];
    let wrong = run(&export, "not it\n").unwrap_err();
    assert!(wrong.contains("did not unlock"), "{wrong}");
    assert!(!output.exists());
    let refused = run(&export, "").unwrap_err();
    assert!(refused.contains("standard input had nothing"), "{refused}");
    run(&export, &format!("{PASSPHRASE}\n")).unwrap();
    assert!(
        std::fs::read_to_string(&output)
            .unwrap()
            .contains("Daily check-in")
    );

    let changed = run(
        &["--data-dir", data_arg, "passphrase"],
        &format!("{PASSPHRASE}\nsomething new entirely\nsomething new entirely\n"),
    );
    changed.unwrap();
    run(
        &["--data-dir", data_arg, "unprotect"],
        "something new entirely\n",
    )
    .unwrap();
    assert!(files_holding(&data.join("entries"), "daily-check-in").len() >= 365);
    assert!(!data.join("identity.age").exists());
}

/// The fixture workbook from a reviewer, carrying their key.
fn workbook_with_key(dir: &Path, public_key: &str) -> PathBuf {
    let text = std::fs::read_to_string("tests/fixtures/assigned.ron")
        .unwrap()
        .replace(
            "assigned_on: \"2026-11-20\",",
            &format!("assigned_on: \"2026-11-20\",\n    reviewer_key: \"{public_key}\","),
        );
    let path = dir.join("weekly-reflection.ron");
    std::fs::write(&path, text).unwrap();
    path
}

fn open_path(h: &mut Harness<'_, App>, path: &Path) {
    let field = h.get_by_label("File path");
    field.focus();
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.get_by_label("File path")
        .type_text(path.to_str().unwrap());
    h.run();
    click(h, "Open");
}

#[test]
fn answers_go_to_the_reviewer_encrypted_and_the_feedback_comes_back_encrypted() {
    let reviewer_dir = tempfile::tempdir().unwrap();
    let client_dir = tempfile::tempdir().unwrap();
    let stranger_dir = tempfile::tempdir().unwrap();
    let exchange = tempfile::tempdir().unwrap();
    let canary = "QUIETCANARY";

    // The therapist makes a reviewer key in their own trustwork and copies its lines.
    let public_key = {
        let mut h = harness(reviewer_dir.path());
        click(&mut h, "I understand, let's begin");
        click(
            &mut h,
            "Reading answers for clients? Make your reviewer key…",
        );
        assert_eq!(h.state().screen(), &Screen::ReviewerKey);
        type_into(&mut h, "Your name, as your clients know you", "Dr Rivera");
        click(&mut h, "Make my reviewer key");
        let node = h.get_by_label_contains("reviewer_key: \"age1");
        let lines = node
            .value()
            .or_else(|| node.accesskit_node().label())
            .unwrap();
        assert!(
            lines.starts_with("assigned_by: \"Dr Rivera\",\n"),
            "{lines}"
        );
        let key = lines.split('"').nth(3).unwrap().to_owned();
        assert!(key.starts_with("age1"));
        key
    };
    let workbook = workbook_with_key(exchange.path(), &public_key);

    // The client answers the assigned workbook and shares it: encrypted by default.
    let answers = exchange.path().join("reflection.answers.age");
    {
        let mut h = harness(client_dir.path());
        click(&mut h, "I understand, let's begin");
        open_path(&mut h, &workbook);
        h.get_by_label_contains("assigned by Dr Rivera");
        click(&mut h, "Start A weekly reflection");
        click(&mut h, "Begin");
        type_into(
            &mut h,
            "One moment this week when I trusted myself",
            &format!("{canary} I said no and meant it"),
        );
        click(&mut h, "Finish");
        click(&mut h, "Share or print A weekly reflection");
        let sealed = h.get_by_label_contains("encrypted for Dr Rivera: only their trustwork");
        assert_eq!(
            sealed.accesskit_node().toggled(),
            Some(egui::accesskit::Toggled::True),
            "encrypted is the default"
        );
        let field = h.get_by_label("Save to");
        field.focus();
        h.run();
        h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
        h.get_by_label("Save to")
            .type_text(answers.to_str().unwrap());
        h.run();
        click(&mut h, "Save");
        h.state_mut().wait_for_share_write();
        h.run();
        h.get_by_label_contains("It is encrypted for Dr Rivera: only their trustwork can open it");
        let bytes = std::fs::read(&answers).unwrap();
        assert!(trustwork::store::is_encrypted(&bytes));
        assert!(files_holding(exchange.path(), canary).is_empty());
    }

    // Anyone else's trustwork cannot open it, and says why.
    {
        let mut h = harness(stranger_dir.path());
        click(&mut h, "I understand, let's begin");
        open_path(&mut h, &answers);
        h.get_by_label_contains("this file is encrypted, and this trustwork has no reviewer key");
        assert_eq!(h.state().screen(), &Screen::Library);
    }

    // The reviewer opens it in review mode and comments; the feedback goes back encrypted.
    let feedback = exchange.path().join("reflection.feedback.age");
    {
        let mut h = harness(reviewer_dir.path());
        open_path(&mut h, &answers);
        assert_eq!(h.state().screen(), &Screen::Review);
        h.get_by_label_contains("came encrypted for your reviewer key");
        h.get_by_label(&format!("{canary} I said no and meant it"));
        type_into(
            &mut h,
            "Comment on: One moment this week when I trusted myself",
            "That took courage.",
        );
        assert_eq!(
            h.get_by_label("Save feedback to").value().as_deref(),
            feedback.to_str()
        );
        click(&mut h, "Save feedback");
        h.state_mut().wait_for_share_write();
        h.run();
        h.get_by_label_contains("It is encrypted back to the sender");
        assert!(trustwork::store::is_encrypted(
            &std::fs::read(&feedback).unwrap()
        ));
        click(&mut h, "Close");
    }
    assert!(files_holding(exchange.path(), "That took courage").is_empty());

    // The client's own trustwork opens the feedback beside the answers.
    let mut h = harness(client_dir.path());
    open_path(&mut h, &feedback);
    h.get_by_label_contains("Comments from Dr Rivera are now beside your answers");
    let entry = h
        .state()
        .journal()
        .entries_of("weekly-reflection")
        .next()
        .unwrap()
        .1;
    assert_eq!(entry.feedback[0].comments["moment"], "That took courage.");
}

#[test]
fn the_command_line_makes_a_reviewer_key_and_shows_an_encrypted_file_with_it() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("therapist");
    let data_arg = data.to_str().unwrap();
    std::fs::create_dir_all(&data).unwrap();
    let twice = format!("{PASSPHRASE}\n{PASSPHRASE}\n");
    run(&["--data-dir", data_arg, "protect"], &twice).unwrap();
    let said = run(
        &[
            "--data-dir",
            data_arg,
            "reviewer-key",
            "--name",
            "Dr Rivera",
        ],
        &format!("{PASSPHRASE}\n"),
    )
    .unwrap();
    assert!(
        !said.contains("AGE-SECRET-KEY"),
        "the secret half never prints"
    );
    let key = said.lines().find(|l| l.starts_with("age1")).unwrap();
    assert!(
        said.contains(&format!("reviewer_key: \"{key}\",")),
        "{said}"
    );
    // Asked again, the same key.
    let again = run(
        &["--data-dir", data_arg, "reviewer-key"],
        &format!("{PASSPHRASE}\n"),
    )
    .unwrap();
    assert!(again.contains(key));

    // Answers encrypted to it, as a client's trustwork writes them.
    let plain = std::fs::read_to_string("tests/fixtures/assigned.ron").unwrap();
    let wb = trustwork::workbook::parse_workbook(&plain).unwrap();
    let file = trustwork::share::AnswersFile {
        format: 1,
        exported_at: chrono::Local::now(),
        workbook_id: wb.id.clone(),
        workbook_version: wb.version,
        workbook_hash: trustwork::share::workbook_hash(&plain),
        workbook: plain,
        entries: vec![trustwork::share::SharedEntry {
            entry: "2026-11-20T21-30-00".to_owned(),
            started_at: chrono::Local::now(),
            completed_at: None,
            answers: [(
                "moment".to_owned(),
                trustwork::journal::Value::Text("A CLI-CANARY moment".to_owned()),
            )]
            .into(),
        }],
        reply_to: None,
    };
    let text = trustwork::share::to_ron(&file).unwrap();
    let sealed = trustwork::share::seal_for(key, text.as_bytes()).unwrap();
    let path = dir.path().join("client.answers.age");
    std::fs::write(&path, sealed).unwrap();
    let shown = run(
        &["--data-dir", data_arg, "show", path.to_str().unwrap()],
        &format!("{PASSPHRASE}\n"),
    )
    .unwrap();
    assert!(shown.contains("A CLI-CANARY moment"), "{shown}");
    // Without the folder that holds the key, it is refused with a plain reason.
    let other = dir.path().join("other");
    std::fs::create_dir_all(&other).unwrap();
    let refused = run(
        &[
            "--data-dir",
            other.to_str().unwrap(),
            "show",
            path.to_str().unwrap(),
        ],
        "",
    )
    .unwrap_err();
    assert!(refused.contains("no reviewer key to open it"), "{refused}");
}
