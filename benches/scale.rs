//! Ten years at scale, as medians: reading every entry at start, a search, and the
//! CPU one frame of the history, chart and search screens takes (egui's own pass, headless).
//! Run with `cargo bench --bench scale`.
#![expect(
    clippy::print_stdout,
    reason = "a benchmark reports its figures on standard output"
)]
#![expect(
    clippy::unwrap_used,
    reason = "a benchmark that cannot set up should stop loudly"
)]

use std::time::{Duration, Instant};

use chrono::Local;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use trustwork::app::App;
use trustwork::journal::{Filter, search};
use trustwork::session::Command;
use trustwork::store::DataDir;

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

/// Median time of one frame, after the screen has settled.
fn frame_cost(h: &mut Harness<'_, App>) -> Duration {
    h.run();
    let samples = (0..60)
        .map(|_| {
            let start = Instant::now();
            h.step();
            start.elapsed()
        })
        .collect();
    median(samples)
}

fn main() {
    let dir = tempfile::tempdir().unwrap();
    let data = DataDir::open(dir.path()).unwrap();
    let written = trustwork::generate::generate(&data, 10, Local::now().date_naive(), 1).unwrap();
    drop(data);
    println!(
        "generated {written} entries (10 years of daily check-ins, two weekly workbooks, and a weekly promise and gut call)"
    );

    let data = DataDir::open(dir.path()).unwrap();
    let loads: Vec<Duration> = (0..7)
        .map(|_| {
            let start = Instant::now();
            let report = data.load();
            let elapsed = start.elapsed();
            assert_eq!(report.journal.entries.len(), written);
            elapsed
        })
        .collect();
    println!(
        "load {written} entries: median {} over 7 (target 100 ms)",
        ms(median(loads))
    );

    let journal = data.load().journal;
    let answers: usize = journal.entries.values().map(|e| e.answers.len()).sum();
    let queries = [
        "sister",
        "walk river",
        "quiet evening tea",
        "trusted gut",
        "nothing matches this",
    ];
    let filters = [
        Filter::default(),
        Filter {
            workbook_id: Some("daily-check-in".into()),
            ..Filter::default()
        },
    ];
    let mut searches = Vec::new();
    let mut hits = 0;
    for _ in 0..10 {
        for q in queries {
            for f in &filters {
                let start = Instant::now();
                hits += search(&journal, q, f).len();
                searches.push(start.elapsed());
            }
        }
    }
    println!(
        "search over {} answers: median {} over {} searches ({hits} hits in all; target 20 ms)",
        answers,
        ms(median(searches.clone())),
        searches.len()
    );
    drop(data);

    let root = dir.path().to_owned();
    let mut h = Harness::builder()
        .with_size([1100.0, 900.0])
        .build_eframe(move |cc| App::new(&cc.egui_ctx, Some(root)));
    h.run();
    assert!(h.state_mut().settle(), "the folder is read");
    h.run();
    h.state_mut().apply(Command::FirstRunDone);
    h.run();
    assert!(
        h.query_by_label("Past entries of Daily check-in").is_some(),
        "the library is on screen"
    );
    let cost = frame_cost(&mut h);
    println!(
        "library frame: median {} (no target; it sums every workbook's entries)",
        ms(cost)
    );
    h.state_mut()
        .apply(Command::OpenHistory("daily-check-in".into()));
    h.run();
    let rows = h.query_all_by_label_contains("Open entry").count();
    assert!(rows > 5, "the history list is on screen");
    let cost = frame_cost(&mut h);
    println!(
        "history frame ({rows} rows in view of 3,650): median {} (target 2 ms)",
        ms(cost)
    );
    h.get_by_label("Charts tab").click();
    h.run();
    h.get_by_label("Show All").click();
    println!(
        "chart frame, ten years: median {} (target 2 ms)",
        ms(frame_cost(&mut h))
    );
    h.state_mut().apply(Command::OpenSearch);
    h.run();
    h.get_by_label("Words to find").focus();
    h.run();
    h.get_by_label("Words to find").type_text("walk");
    h.run();
    let shown = h.query_all_by_label_contains("Open answer").count();
    assert!(shown > 5, "search hits are on screen");
    let cost = frame_cost(&mut h);
    println!(
        "search screen frame ({shown} hits in view): median {} (target 2 ms)",
        ms(cost)
    );
    println!("the generated folder can be kept for trying the window at scale: TRUSTWORK_KEEP=1");
    if std::env::var_os("TRUSTWORK_KEEP").is_some() {
        println!("kept at {}", dir.keep().display());
    }
}
