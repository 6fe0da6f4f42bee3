//! The command line works without a display: `validate` reports every problem with its place.

use std::process::Command;

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
            "tests/fixtures/every-kind.ron: valid: \"Every kind\", 5 sections, 12 prompts"
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
