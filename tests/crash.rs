//! Crash durability, with no display: a child process saves entries through the real saver
//! and is killed with SIGKILL at a random moment, again and again. After every kill, every
//! entry file parses, none is empty, no temporary file is read as an entry, and no save the
//! saver had reported done is lost.

use std::collections::BTreeMap;
use std::io::{BufRead as _, Write as _};
use std::path::Path;
use std::time::Duration;

use chrono::Local;
use trustwork::journal::{Entry, EntryId, Value};
use trustwork::store::{DataDir, SaveJob, SaveKey, Saver};

/// How many times the child is killed.
const KILLS: usize = 200;

/// Entries the child keeps saving, round and round.
const ENTRIES: usize = 6;

const CHILD: &str = "TRUSTWORK_CRASH_CHILD";

/// The child: saves new versions of a few entries as fast as the saver takes them, printing
/// `saved <stem> <generation>` once the saver says a version is on disk. Runs until killed.
/// Does nothing as an ordinary test.
#[test]
fn crash_child() {
    let Ok(root) = std::env::var(CHILD) else {
        return;
    };
    let data = DataDir::open(Path::new(&root)).unwrap();
    let workbook = trustwork::workbook::bundled_workbook("daily-check-in").unwrap();
    let saver = Saver::spawn(|outcome| {
        if let (Ok(()), SaveKey::Entry(id)) = (&outcome.result, &outcome.key) {
            let mut out = std::io::stdout().lock();
            if outcome.conflict.is_some() {
                writeln!(out, "conflict {}", id.stem).unwrap();
            } else {
                writeln!(out, "saved {} {}", id.stem, outcome.generation).unwrap();
            }
            out.flush().unwrap();
        }
    });
    // As the app does after reading the folder: these files are the ones it goes on from.
    saver.know(data.entry_fingerprints());
    let ids: Vec<EntryId> = (0..ENTRIES)
        .map(|n| EntryId {
            workbook_id: "daily-check-in".into(),
            stem: format!("20261101T21000{n}-1"),
        })
        .collect();
    let start: u64 = std::env::var("TRUSTWORK_CRASH_FROM")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1);
    for generation in start.. {
        let id = &ids[usize::try_from(generation).unwrap_or(0) % ENTRIES];
        let mut entry = Entry::new(&workbook, Local::now());
        // Long enough that a write takes a little while, so kills land inside them too.
        let text = format!("generation {generation} {}", "steady words ".repeat(200));
        entry.answers.insert("one-line".into(), Value::Text(text));
        saver.save(SaveJob {
            key: SaveKey::Entry(id.clone()),
            path: data.entry_path(id),
            bytes: entry.to_ron().unwrap().into_bytes(),
            generation,
        });
        if generation % 3 == 0 {
            saver.flush(Duration::from_secs(5));
        }
    }
}

/// A small deterministic generator, so a failing run can be repeated.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }
}

/// The generation written in an entry file, or why the file is not a whole entry.
fn generation_in(path: &Path) -> Result<u64, String> {
    let text = std::fs::read_to_string(path).map_err(|e| e.to_string())?;
    if text.trim().is_empty() {
        return Err("empty".into());
    }
    let entry = Entry::from_ron(&text).map_err(|e| e.to_string())?;
    match entry.answers.get("one-line") {
        Some(Value::Text(t)) => t
            .split_whitespace()
            .nth(1)
            .and_then(|g| g.parse().ok())
            .ok_or_else(|| "no generation".into()),
        _ => Err("no answer".into()),
    }
}

#[test]
fn two_hundred_kills_while_saving_lose_nothing_that_was_reported_saved() {
    let dir = tempfile::tempdir().unwrap();
    let exe = std::env::current_exe().unwrap();
    let mut rng = Lcg(0x7275_7374);
    // The newest generation the saver reported done, per entry, over every run so far.
    let mut acknowledged: BTreeMap<String, u64> = BTreeMap::new();
    let mut next_generation = 1_u64;
    let mut kills = 0;
    let mut reported = 0_usize;
    let started = std::time::Instant::now();
    for _ in 0..KILLS {
        let mut child = std::process::Command::new(&exe)
            .args(["crash_child", "--exact", "--nocapture", "--test-threads=1"])
            .env(CHILD, dir.path())
            .env("TRUSTWORK_CRASH_FROM", next_generation.to_string())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(5 + rng.next() % 60));
        child.kill().unwrap();
        kills += 1;
        let out = child.wait_with_output().unwrap();
        for line in out.stdout.lines() {
            let line = line.unwrap();
            assert!(
                !line.starts_with("conflict"),
                "after kill {kills}: a file this process wrote was taken for another program's edit"
            );
            let mut words = line.split_whitespace();
            if let (Some("saved"), Some(stem), Some(generation)) =
                (words.next(), words.next(), words.next())
            {
                let generation: u64 = generation.parse().unwrap();
                reported += 1;
                let newest = acknowledged.entry(stem.to_owned()).or_default();
                *newest = (*newest).max(generation);
                next_generation = next_generation.max(generation + 1);
            }
        }
        // Later runs carry on with higher generations, so "lost" is well defined.
        next_generation += 1000;

        let folder = dir.path().join("entries/daily-check-in");
        let Ok(files) = std::fs::read_dir(&folder) else {
            continue;
        };
        for file in files {
            let path = file.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            if trustwork::store::is_temp_name(&name) {
                // A kill inside a save can leave its temporary file: never an entry, and
                // removed the next time the folder opens.
                continue;
            }
            let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
            let on_disk = generation_in(&path)
                .unwrap_or_else(|why| panic!("after kill {kills}: {name} is torn: {why}"));
            if let Some(acked) = acknowledged.get(&stem) {
                assert!(
                    on_disk >= *acked,
                    "after kill {kills}: {name} holds generation {on_disk}, but {acked} was reported saved"
                );
            }
        }
    }
    // Opening the folder clears what the kills left behind, and reads every entry whole.
    let data = DataDir::open(dir.path()).unwrap();
    let report = data.load();
    assert!(report.quarantined.is_empty(), "{:?}", report.quarantined);
    assert_eq!(report.journal.entries.len(), acknowledged.len());
    let temps = std::fs::read_dir(dir.path().join("entries/daily-check-in"))
        .unwrap()
        .filter(|f| {
            trustwork::store::is_temp_name(&f.as_ref().unwrap().file_name().to_string_lossy())
        })
        .count();
    assert_eq!(temps, 0, "no answer text is left in temporary files");
    eprintln!(
        "crash test: {kills} kills, {reported} saves reported done, 0 torn or lost, {:.1} s",
        started.elapsed().as_secs_f64()
    );
    assert!(!acknowledged.is_empty(), "the child saved something");
}
