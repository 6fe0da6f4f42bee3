//! Fills a data folder with years of made-up entries: daily check-ins, two weekly workbooks,
//! and a weekly promise and gut call each marked the week after (the self-trust ledger), for
//! benchmarks and for trying the app at scale. Never imports egui.
//!
//! The values drift slowly (self-trust up, distress down) with day-to-day noise, from a fixed
//! seed, so the same call always writes the same folder.

use chrono::{Duration, Local, NaiveDate, TimeZone as _};

use crate::journal::{Entry, EntryId, Value};
use crate::store::DataDir;
use crate::workbook::{Quadrant, bundled_workbook};

/// A small, seedable generator (xorshift64*): enough for plausible test data.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A whole number in `0..n`.
    fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % n as u64).unwrap_or(0)
    }
}

const LINES: &[&str] = &[
    "A walk by the river before work.",
    "Called my sister and laughed for the first time in a while.",
    "Hard morning; the memories came back at the bus stop.",
    "Cooked something new and ate it slowly.",
    "Said no to an extra shift and did not apologise.",
    "Slept badly, but the afternoon was gentler.",
    "Noticed I trusted my gut about a small thing and it was right.",
    "Quiet evening with a book and tea.",
    "Argued, then stepped away and came back calmer.",
    "Wrote down three things I handled well today.",
];

const PROMISE_LINES: &[&str] = &[
    "Go to bed by eleven on two nights.",
    "Take a walk on Saturday morning.",
    "Say no to one thing I don't want to do.",
    "Drink a glass of water before coffee.",
    "Reply to one friend's message.",
    "Ten minutes outside at lunch, three days.",
];

const HUNCH_LINES: &[&str] = &[
    "The meeting on Friday will go better than I fear.",
    "My sister will call back this week.",
    "I'll feel calmer after the weekend away.",
    "The new neighbour is someone I can trust with a key.",
    "The job interview went well.",
];

/// Writes `years` of daily check-ins ending on `end`, two weekly workbooks a week, and the
/// self-trust ledger's weekly promise and gut call, each marked the week after.
/// Returns how many entries were written.
pub fn generate(data: &DataDir, years: u32, end: NaiveDate, seed: u64) -> std::io::Result<usize> {
    let check_in = bundled_workbook("daily-check-in")
        .ok_or_else(|| std::io::Error::other("the check-in is missing"))?;
    let heal = bundled_workbook("time-to-heal")
        .ok_or_else(|| std::io::Error::other("time-to-heal is missing"))?;
    let novelty = bundled_workbook("new-experiences")
        .ok_or_else(|| std::io::Error::other("new-experiences is missing"))?;
    let promises = bundled_workbook("keeping-my-word")
        .ok_or_else(|| std::io::Error::other("keeping-my-word is missing"))?;
    let gut_calls = bundled_workbook("gut-calls")
        .ok_or_else(|| std::io::Error::other("gut-calls is missing"))?;
    let mut rng = Rng(seed | 1);
    // How sure the last promise and hunch were, for marking them the week after.
    let mut last_promise: Option<i32> = None;
    let mut last_hunch: Option<i32> = None;
    let days = i64::from(years) * 365;
    let mut written = 0;
    for back in (0..days).rev() {
        let day = end - Duration::days(back);
        let progress = 1.0 - back as f64 / days as f64;
        let at = Local
            .from_local_datetime(&day.and_hms_opt(21, 0, 0).unwrap_or_default())
            .earliest()
            .unwrap_or_else(Local::now);
        let noisy = |rng: &mut Rng, centre: f64| {
            let noise = rng.below(5) as f64 - 2.0;
            // Clamped to the 0 to 10 scale first, so the conversion is exact.
            #[expect(
                clippy::cast_possible_truncation,
                reason = "clamped to 0..=10 just before"
            )]
            let value = (centre + noise).round().clamp(0.0, 10.0) as i32;
            value
        };

        let mut entry = Entry::new(&check_in, at);
        entry.completed_at = Some(at + Duration::minutes(2));
        entry.answers.insert(
            "self-trust".into(),
            Value::Number(noisy(&mut rng, 3.0 + 5.0 * progress)),
        );
        entry.answers.insert(
            "distress".into(),
            Value::Number(noisy(&mut rng, 7.0 - 4.5 * progress)),
        );
        let quadrant = Quadrant::ALL[rng.below(4)];
        let words = quadrant.words();
        entry.answers.insert(
            "feelings".into(),
            Value::Feelings {
                words: vec![words[rng.below(words.len())].to_owned()],
                intensity: Some(1 + u8::try_from(rng.below(10)).unwrap_or(0)),
            },
        );
        entry.answers.insert(
            "one-line".into(),
            Value::Text(LINES[rng.below(LINES.len())].to_owned()),
        );
        entry
            .answers
            .insert("harm-thoughts".into(), Value::YesNo(false));
        written += write(data, &entry)?;

        if day.format("%u").to_string() == "7" {
            let mut weekly = Entry::new(&heal, at + Duration::minutes(10));
            weekly.completed_at = Some(at + Duration::minutes(20));
            weekly.answers.insert(
                "painful-thoughts".into(),
                Value::Number(noisy(&mut rng, 7.0 - 5.0 * progress)),
            );
            weekly
                .answers
                .insert("used-window".into(), Value::YesNo(rng.below(3) > 0));
            weekly.answers.insert(
                "parked-thoughts".into(),
                Value::Text(LINES[rng.below(LINES.len())].to_owned()),
            );
            written += write(data, &weekly)?;

            let mut outing = Entry::new(&novelty, at + Duration::minutes(30));
            outing.completed_at = Some(at + Duration::minutes(45));
            outing.answers.insert(
                "chosen-activity".into(),
                Value::Text("A new walking route".into()),
            );
            outing
                .answers
                .insert("activity-happened".into(), Value::YesNo(true));
            outing.answers.insert(
                "closeness-after".into(),
                Value::Number(noisy(&mut rng, 4.0 + 4.0 * progress)),
            );
            outing.answers.insert(
                "good-moment".into(),
                Value::Text(LINES[rng.below(LINES.len())].to_owned()),
            );
            written += write(data, &outing)?;

            let mut promise = Entry::new(&promises, at + Duration::minutes(50));
            promise.completed_at = Some(at + Duration::minutes(55));
            // Last week's promise: kept more often as the months go by, and more often when
            // the person was surer.
            if let Some(sure) = last_promise {
                let chance = 0.35 + 0.35 * progress + 0.02 * f64::from(sure);
                let roll = rng.below(100) as f64 / 100.0;
                let kept = if roll < chance {
                    "Kept"
                } else if roll < chance + 0.15 {
                    "Partly kept"
                } else {
                    "Not yet"
                };
                promise
                    .answers
                    .insert("kept".into(), Value::Choice(kept.to_owned()));
                promise.answers.insert(
                    "what-helped".into(),
                    Value::Text(LINES[rng.below(LINES.len())].to_owned()),
                );
            }
            let sure = noisy(&mut rng, 4.0 + 4.0 * progress);
            promise.answers.insert(
                "promise".into(),
                Value::Text(PROMISE_LINES[rng.below(PROMISE_LINES.len())].to_owned()),
            );
            promise
                .answers
                .insert("how-sure".into(), Value::Number(sure));
            promise.answers.insert(
                "look-back-on".into(),
                Value::Date((day + Duration::days(7)).format("%Y-%m-%d").to_string()),
            );
            last_promise = Some(sure);
            written += write(data, &promise)?;
        }

        if day.format("%u").to_string() == "3" {
            let mut hunch = Entry::new(&gut_calls, at + Duration::minutes(5));
            hunch.completed_at = Some(at + Duration::minutes(8));
            // Last week's hunch: right more often when the person was surer, with false
            // alarms early on.
            if let Some(sure) = last_hunch {
                let chance = 0.2 + 0.06 * f64::from(sure) + 0.1 * progress;
                let roll = rng.below(100) as f64 / 100.0;
                let outcome = if roll < chance {
                    "I was right"
                } else if roll < chance + 0.1 {
                    "Partly right"
                } else if roll < 0.95 {
                    "I was wrong"
                } else {
                    "Not clear yet"
                };
                hunch
                    .answers
                    .insert("outcome".into(), Value::Choice(outcome.to_owned()));
            }
            let sure = noisy(&mut rng, 5.0 + 2.0 * progress);
            hunch.answers.insert(
                "hunch".into(),
                Value::Text(HUNCH_LINES[rng.below(HUNCH_LINES.len())].to_owned()),
            );
            hunch
                .answers
                .insert("hunch-sure".into(), Value::Number(sure));
            hunch.answers.insert(
                "know-by".into(),
                Value::Date((day + Duration::days(7)).format("%Y-%m-%d").to_string()),
            );
            last_hunch = Some(sure);
            written += write(data, &hunch)?;
        }
    }
    Ok(written)
}

fn write(data: &DataDir, entry: &Entry) -> std::io::Result<usize> {
    let id = EntryId::new(&entry.workbook_id, entry.started_at, |id| {
        data.entry_path(id).exists()
    });
    let path = data.entry_path(&id);
    if let Some(folder) = path.parent() {
        std::fs::create_dir_all(folder)?;
    }
    let text = entry.to_ron().map_err(std::io::Error::other)?;
    // Made-up data for measuring: writes without fsync keep generating ten years quick. A
    // protected folder gets encrypted files, like any other writer's.
    let mut file = crate::store::create_private(&path)?;
    std::io::Write::write_all(&mut file, &data.seal(text.as_bytes())?)?;
    Ok(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_a_year_that_loads_back() {
        let (_dir, data) = DataDir::temporary();
        let end = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
        let written = generate(&data, 1, end, 7).unwrap();
        let report = data.load();
        assert!(report.quarantined.is_empty());
        assert_eq!(report.journal.entries.len(), written);
        assert_eq!(report.journal.entries_of("daily-check-in").count(), 365);
        assert_eq!(report.journal.entries_of("time-to-heal").count(), 52);
        assert_eq!(report.journal.entries_of("keeping-my-word").count(), 52);
        // 365 days hold 52 or 53 Wednesdays.
        let wednesdays = (0..365)
            .filter(|back| (end - Duration::days(*back)).format("%u").to_string() == "3")
            .count();
        assert_eq!(report.journal.entries_of("gut-calls").count(), wednesdays);
        // Every promise but the first is marked the week after, and nothing generated is left
        // waiting as a follow-up except what is still to come.
        let states = std::collections::BTreeMap::new();
        let workbooks = crate::workbook::bundled();
        let workbooks: Vec<_> = workbooks.iter().flatten().collect();
        let (promises, hunches) = crate::journal::LedgerSource::split(workbooks.iter().copied());
        let promises = report.journal.ledger_of(&promises, &states);
        assert_eq!(promises.len(), 51);
        assert!(
            promises
                .iter()
                .all(|m| m.sure.is_some() && m.what.is_some())
        );
        let hunches = report.journal.ledger_of(&hunches, &states);
        assert!(hunches.len() > 40, "{} hunches marked", hunches.len());
        let due = report
            .journal
            .due_follow_ups(workbooks.into_iter(), &states, end);
        assert!(due.len() <= 3, "{due:#?}");
    }
}
