//! Unlocking ten protected years, as medians: the key derivation alone, and from pressing
//! Unlock to the library being ready (derive the key, decrypt and read every file on the data
//! thread, take it into the session), against reading the same ten years unprotected.
//! Run with `cargo bench --bench unlock`.
#![expect(
    clippy::print_stdout,
    reason = "a benchmark reports its figures on standard output"
)]
#![expect(
    clippy::unwrap_used,
    reason = "a benchmark that cannot set up should stop loudly"
)]

use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::Local;
use trustwork::app::Worker;
use trustwork::session::{Command, Event, Screen, Session};
use trustwork::store::{DataDir, Secret};

const PASSPHRASE: &str = "a bench passphrase";

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn ms(d: Duration) -> String {
    format!("{:.0} ms", d.as_secs_f64() * 1000.0)
}

/// Opens the folder as the app does; returns the time from Unlock (or from the start, for a
/// plain folder) to the library, and the time the key derivation took.
fn open_once(root: &Path) -> (Duration, Option<Duration>) {
    let worker = Worker::spawn(Arc::new(|| {}));
    let (mut session, effects) = Session::new(Some(root.to_owned()));
    let mut start = Instant::now();
    let mut derived = None;
    let mut pending = effects;
    loop {
        for effect in pending.drain(..) {
            worker.run(effect);
        }
        let event = worker.wait_event(Duration::from_mins(1)).unwrap();
        let is_lock = matches!(event, Event::NeedsPassphrase(_));
        if matches!(event, Event::Unlocked(_, Ok(()))) {
            derived = Some(start.elapsed());
        }
        pending = session.handle(event);
        if is_lock {
            PASSPHRASE.clone_into(&mut session.protection_forms().0.passphrase);
            start = Instant::now();
            pending.extend(session.apply(Command::Unlock));
        }
        if *session.screen() == Screen::Library {
            return (start.elapsed(), derived);
        }
    }
}

fn main() {
    let dir = tempfile::tempdir().unwrap();
    let plain = dir.path().join("plain");
    let protected = dir.path().join("protected");
    let data = DataDir::open(&plain).unwrap();
    let written = trustwork::generate::generate(&data, 10, Local::now().date_naive(), 1).unwrap();
    drop(data);
    let mut data = DataDir::open(&protected).unwrap();
    let started = Instant::now();
    data.protect(&Secret::from(PASSPHRASE), &mut |_, _| {})
        .unwrap();
    let protect_took = started.elapsed();
    trustwork::generate::generate(&data, 10, Local::now().date_naive(), 1).unwrap();
    drop(data);
    println!(
        "generated {written} entries (10 years) in each folder; protecting the empty one took {}",
        ms(protect_took)
    );

    let mut plain_opens = Vec::new();
    let mut unlocks = Vec::new();
    let mut derivations = Vec::new();
    for _ in 0..7 {
        plain_opens.push(open_once(&plain).0);
        let (unlock, derived) = open_once(&protected);
        unlocks.push(unlock);
        derivations.push(derived.unwrap());
    }
    let (plain_open, unlock, derive) = (median(plain_opens), median(unlocks), median(derivations));
    println!(
        "key derivation (scrypt, tuned to about 1 s here): median {}",
        ms(derive)
    );
    println!(
        "Unlock pressed to library, ten years: median {} = key derivation + {} (target: + 300 ms or less)",
        ms(unlock),
        ms(unlock.saturating_sub(derive))
    );
    println!(
        "the same ten years unprotected, start to library: median {}",
        ms(plain_open)
    );
}
