//! The command line works without a display: `validate` reports every problem with its place.
#![expect(
    clippy::unwrap_used,
    reason = "test helpers outside #[test] functions; a panic is the failure report"
)]

use std::path::Path;
use std::process::{Command, Output};

fn trustwork() -> Command {
    Command::new(env!("CARGO_BIN_EXE_trustwork"))
}

#[test]
fn validate_accepts_good_files() {
    let out = trustwork()
        .args([
            "validate",
            "tests/fixtures/every-kind.ron",
            "workbooks/daily-check-in.ron",
        ])
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert!(
        stdout.contains(
            "tests/fixtures/every-kind.ron: valid: \"Every kind\", 5 pages, 12 questions"
        ),
        "{stdout}"
    );
    assert!(
        stdout.contains("workbooks/daily-check-in.ron: valid"),
        "{stdout}"
    );
}

#[test]
fn validate_reports_every_bad_file_with_line_and_column() {
    let out = trustwork()
        .args([
            "validate",
            "tests/fixtures/broken.ron",
            "tests/fixtures/every-kind.ron",
            "tests/fixtures/missing.ron",
        ])
        .env_remove("DISPLAY")
        .output()
        .unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr.contains(
            "tests/fixtures/broken.ron:11:29: unknown field `titel` in Prompt; expected one of"
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains("tests/fixtures/missing.ron: cannot read the file"),
        "{stderr}"
    );
    assert!(stderr.contains("2 of 3 files have problems"), "{stderr}");
}

#[test]
fn validate_needs_a_file() {
    let out = trustwork().arg("validate").output().unwrap();
    assert_eq!(out.status.code(), Some(2), "clap's usage error");
}

/// A data folder with one daily check-in from 20 November 2026.
fn data_with_a_check_in() -> tempfile::TempDir {
    use chrono::{Local, TimeZone as _};
    use trustwork::journal::{Entry, EntryId, Value};
    let dir = tempfile::tempdir().unwrap();
    let data = trustwork::store::DataDir::open(dir.path()).unwrap();
    let wb = trustwork::workbook::bundled_workbook("daily-check-in").unwrap();
    let at = Local.with_ymd_and_hms(2026, 11, 20, 21, 0, 0).unwrap();
    let mut entry = Entry::new(&wb, at);
    entry.completed_at = Some(at);
    entry.answers.insert(
        "one-line".into(),
        Value::Text("A walk <b>by the river</b>".into()),
    );
    entry.answers.insert("self-trust".into(), Value::Number(6));
    let id = EntryId::new("daily-check-in", at, |_| false);
    let path = data.entry_path(&id);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    trustwork::store::write_durable(&path, entry.to_ron().unwrap().as_bytes()).unwrap();
    dir
}

/// Runs `export` of the check-ins in folder `cwd`, with `extra` arguments (a date range).
fn export(data: &str, extra: &[&str], format: &str, output: &str, cwd: &Path) -> Output {
    trustwork()
        .args(["--data-dir", data, "export", "--workbook", "daily-check-in"])
        .args(extra)
        .args(["--format", format, "--output", output])
        .current_dir(cwd)
        .env_remove("DISPLAY")
        .output()
        .unwrap()
}

fn assert_success(out: &Output) {
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn export_and_show_work_without_a_display() {
    let data = data_with_a_check_in();
    let out_dir = tempfile::tempdir().unwrap();
    let d = data.path().to_str().unwrap();
    let november = ["--from", "2026-11-01", "--to", "2026-11-30"];
    for (format, name) in [
        ("html", "c.html"),
        ("md", "c.md"),
        ("answers", "c.answers.ron"),
    ] {
        let output = out_dir.path().join(name);
        let out = export(
            d,
            &november,
            format,
            output.to_str().unwrap(),
            out_dir.path(),
        );
        assert_success(&out);
        let text = std::fs::read_to_string(&output).unwrap();
        match format {
            "html" => assert!(
                text.contains("A walk &lt;b&gt;by the river&lt;/b&gt;"),
                "{text}"
            ),
            "md" => assert!(text.contains("> A walk <b>by the river</b>"), "{text}"),
            _ => assert!(
                text.starts_with("AnswersFile(") && text.contains("A walk <b>by the river</b>"),
                "{text}"
            ),
        }
    }

    let show = trustwork()
        .args([
            "show",
            out_dir.path().join("c.answers.ron").to_str().unwrap(),
        ])
        .output()
        .unwrap();
    let stdout = String::from_utf8(show.stdout).unwrap();
    assert_eq!(show.status.code(), Some(0));
    assert!(
        stdout.starts_with("Answers to \"Daily check-in\" (version "),
        "{stdout}"
    );
    assert!(
        stdout.contains("One line about today\n    A walk <b>by the river</b>"),
        "{stdout}"
    );

    // A bare file name writes into the current folder, and says it did.
    assert_success(&export(d, &[], "md", "here.md", out_dir.path()));
    assert!(out_dir.path().join("here.md").exists());

    // An empty range writes nothing and says so.
    let none = out_dir.path().join("none.md");
    let out = export(
        d,
        &["--from", "2027-01-01"],
        "md",
        none.to_str().unwrap(),
        out_dir.path(),
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no entries"));
    assert!(!none.exists());

    // A file of the wrong kind.
    let out = trustwork().args(["show", "Cargo.toml"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("not a workbook, answers or feedback file")
    );
}

#[cfg(unix)]
#[test]
fn a_fifo_a_device_or_a_folder_is_refused_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe.ron");
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    for (command, target) in [
        ("validate", fifo.as_path()),
        ("show", fifo.as_path()),
        ("validate", Path::new("/dev/zero")),
        ("show", dir.path()),
    ] {
        let started = std::time::Instant::now();
        let mut child = trustwork()
            .args([command, target.to_str().unwrap()])
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        // A read that blocked or ran on without end would never come back: give it 10 s.
        let status = loop {
            if let Some(status) = child.try_wait().unwrap() {
                break status;
            }
            if started.elapsed() > std::time::Duration::from_secs(10) {
                child.kill().ok();
                panic!("{command} {} did not return", target.display());
            }
            std::thread::sleep(std::time::Duration::from_millis(20));
        };
        let out = child.wait_with_output().unwrap();
        let said = String::from_utf8_lossy(&out.stdout).to_string()
            + &String::from_utf8_lossy(&out.stderr);
        assert_eq!(status.code(), Some(1), "{said}");
        assert!(said.contains("a folder or a device, not a file"), "{said}");
    }
}

#[test]
fn outline_prints_every_page_with_conditions_in_words() {
    let out = trustwork()
        .args(["outline", "workbooks/couple-sharing-turns.ron"])
        .env_remove("DISPLAY")
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert!(stdout.starts_with("# Sharing turns together"), "{stdout}");
    assert!(
        stdout.contains("*This page is shown when “Do I feel afraid of my partner"),
        "{stdout}"
    );

    let dir = tempfile::tempdir().unwrap();
    let html = dir.path().join("outline.html");
    let out = trustwork()
        .args([
            "outline",
            "workbooks/gut-calls.ron",
            "--format",
            "html",
            "-o",
        ])
        .arg(&html)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(page.starts_with("<!DOCTYPE html>"));
    assert!(
        page.contains("is “I was right”, “Partly right” or “I was wrong”"),
        "{page}"
    );
    // A second outline to the same file is refused, and the first stays as it was.
    refuses_to_write_over(&["outline", "workbooks/daily-check-in.ron", "-o"], &html);

    // A broken file gets its problem, and no outline.
    let bad = dir.path().join("bad.ron");
    std::fs::write(&bad, "Workbook(id: \"x\"").unwrap();
    let out = trustwork().arg("outline").arg(&bad).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8(out.stderr).unwrap().contains("bad.ron:"));
}

#[test]
fn new_writes_a_template_that_validates_and_never_replaces_a_file() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["reflection", "log", "couple"] {
        let file = dir.path().join(format!("{name}.ron"));
        let out = trustwork()
            .args(["new", "--template", name])
            .arg(&file)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{name}");
        let check = trustwork().arg("validate").arg(&file).output().unwrap();
        assert_eq!(check.status.code(), Some(0), "{name} validates");
        // Valid, with a reminder of what is still the template's own.
        let said = String::from_utf8(check.stdout).unwrap();
        assert!(said.contains("is still the template's"), "{said}");
        assert!(said.contains("still says \"Your name\""), "{said}");
    }
    // A copy of one of trustwork's own is valid, with a note to give it an id of its own.
    let copy = dir.path().join("copy.ron");
    std::fs::copy("workbooks/daily-check-in.ron", &copy).unwrap();
    let check = trustwork().arg("validate").arg(&copy).output().unwrap();
    assert_eq!(check.status.code(), Some(0));
    let said = String::from_utf8(check.stdout).unwrap();
    assert!(
        said.contains(
            "note: its id `daily-check-in` is that of trustwork's own \"Daily check-in\""
        ),
        "{said}"
    );
    let file = dir.path().join("log.ron");
    std::fs::write(&file, "mine").unwrap();
    refuses_to_write_over(&["new", "--template", "log"], &file);
    let out = trustwork()
        .args(["new", "--template", "diary"])
        .arg(dir.path().join("d.ron"))
        .output()
        .unwrap();
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("there is no template called \"diary\""),
        "{err}"
    );
    assert!(err.contains("reflection:"), "{err}");
}

/// Runs trustwork, expecting it to refuse because `file` is already there, and leave it alone.
fn refuses_to_write_over(args: &[&str], file: &Path) {
    let before = std::fs::read(file).unwrap();
    let out = trustwork().args(args).arg(file).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8(out.stderr)
            .unwrap()
            .contains("is already there")
    );
    assert_eq!(std::fs::read(file).unwrap(), before);
}
