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
