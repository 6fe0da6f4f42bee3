//! Storage figures from DESIGN.md, as medians: a durable save of one entry, and reading a data
//! folder with ten years of daily entries at start. Run with `cargo bench`.
#![expect(
    clippy::print_stdout,
    reason = "a benchmark reports its figures on standard output"
)]

use std::time::{Duration, Instant};

use chrono::{Duration as Days, Local};
use trustwork::journal::{Entry, EntryId, Value};
use trustwork::store::{DataDir, write_durable};
use trustwork::workbook;

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn entry(day: i64) -> (EntryId, Entry) {
    let check_in =
        workbook::bundled_workbook("daily-check-in").expect("the bundled check-in is valid");
    let at = Local::now() - Days::days(day);
    let mut entry = Entry::new(&check_in, at);
    entry.completed_at = Some(at);
    entry.answers.insert(
        "self-trust".into(),
        Value::Number(i32::try_from(day % 11).unwrap_or(5)),
    );
    entry.answers.insert(
        "distress".into(),
        Value::Number(i32::try_from((day * 7) % 11).unwrap_or(5)),
    );
    entry.answers.insert(
        "feelings".into(),
        Value::Feelings {
            words: vec!["calm".into(), "hopeful".into()],
            intensity: Some(4),
        },
    );
    entry.answers.insert(
        "one-line".into(),
        Value::Text(format!(
            "Day {day}: a walk, a call with my sister, early night."
        )),
    );
    let id = EntryId::new("daily-check-in", at, |_| false);
    (id, entry)
}

fn main() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let data = DataDir::open(dir.path()).expect("the data folder opens");

    // One durable save: temp file, fsync, rename, fsync folder.
    let (id, one) = entry(0);
    let bytes = one.to_ron().expect("serialises").into_bytes();
    let path = data.entry_path(&id);
    std::fs::create_dir_all(path.parent().expect("has a folder")).expect("folder");
    let saves: Vec<Duration> = (0..200)
        .map(|_| {
            let start = Instant::now();
            write_durable(&path, &bytes).expect("write");
            start.elapsed()
        })
        .collect();
    println!(
        "durable save of one entry ({} bytes): median {:?} over 200",
        bytes.len(),
        median(saves)
    );

    // Ten years of daily check-ins, written plainly (not durably) to set up the folder.
    for day in 1..=3650 {
        let (id, entry) = entry(day);
        std::fs::write(data.entry_path(&id), entry.to_ron().expect("serialises")).expect("write");
    }
    let loads: Vec<Duration> = (0..7)
        .map(|_| {
            let start = Instant::now();
            let report = data.load();
            let elapsed = start.elapsed();
            assert_eq!(report.journal.entries.len(), 3651);
            elapsed
        })
        .collect();
    println!(
        "load 3,651 entries at start: median {:?} over 7",
        median(loads)
    );

    let parses: Vec<Duration> = (0..50)
        .map(|_| {
            let start = Instant::now();
            let all = workbook::bundled();
            assert!(all.iter().all(Result::is_ok));
            start.elapsed()
        })
        .collect();
    println!(
        "parse and validate every bundled workbook: median {:?} over 50",
        median(parses)
    );
}
