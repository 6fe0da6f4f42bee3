//! Numbers over time: every charted scale as a series of points, and its weekly medians.

use chrono::{Datelike as _, Duration, NaiveDate};

use super::{Journal, Value};
use crate::workbook::{Input, Workbook};

/// One answer on a scale, on the day its entry was started.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Point {
    /// The day.
    pub day: NaiveDate,
    /// The value.
    pub value: i32,
}

/// A charted scale and its points, oldest first.
#[derive(Clone, Debug, PartialEq)]
pub struct Series {
    /// The prompt's id.
    pub prompt_id: String,
    /// Its question.
    pub ask: String,
    /// The scale's ends.
    pub min: i32,
    /// The scale's top.
    pub max: i32,
    /// Every answer, oldest first.
    pub points: Vec<Point>,
}

/// Every scale with `chart: true` in the workbook, with the answers given to it.
pub fn scale_series(journal: &Journal, workbook: &Workbook) -> Vec<Series> {
    workbook
        .prompts()
        .filter(|(_, p)| p.chart)
        .filter_map(|(_, p)| match p.input {
            Input::Scale { min, max, .. } => Some(Series {
                prompt_id: p.id.clone(),
                ask: p.ask.clone(),
                min,
                max,
                points: journal
                    .entries_of(&workbook.id)
                    .filter_map(|(_, e)| match e.answer(&p.id) {
                        Some(Value::Number(n)) => Some(Point {
                            day: e.started_at.date_naive(),
                            value: *n,
                        }),
                        _ => None,
                    })
                    .collect(),
            }),
            _ => None,
        })
        .collect()
}

/// The Monday of the week a day falls in.
pub fn week_start(day: NaiveDate) -> NaiveDate {
    day - Duration::days(i64::from(day.weekday().num_days_from_monday()))
}

/// The median of each week's values, by the week's Monday, oldest first. An even count takes
/// the mean of the middle two.
pub fn weekly_medians(points: &[Point]) -> Vec<(NaiveDate, f64)> {
    let mut weeks: std::collections::BTreeMap<NaiveDate, Vec<i32>> =
        std::collections::BTreeMap::new();
    for p in points {
        weeks.entry(week_start(p.day)).or_default().push(p.value);
    }
    weeks
        .into_iter()
        .map(|(week, mut values)| {
            values.sort_unstable();
            let mid = values.len() / 2;
            let median = if values.len() % 2 == 0 {
                f64::midpoint(f64::from(values[mid - 1]), f64::from(values[mid]))
            } else {
                f64::from(values[mid])
            };
            (week, median)
        })
        .collect()
}

/// A chart in words, for a screen reader and anyone who would rather read than look: how many
/// answers over which days, where the weekly middle value started and ended, and the range.
pub fn describe_points(points: &[Point]) -> String {
    let (Some(first), Some(last)) = (points.first(), points.last()) else {
        return "No answers in this range yet.".to_owned();
    };
    let count = points.len();
    let answers = if count == 1 { "answer" } else { "answers" };
    let mut text = format!(
        "{count} {answers} from {} to {}.",
        first.day.format("%-d %B %Y"),
        last.day.format("%-d %B %Y")
    );
    let medians = weekly_medians(points);
    if let (Some((_, from)), Some((_, to))) = (medians.first(), medians.last())
        && medians.len() > 1
    {
        text.push_str(" The weekly middle value went from ");
        text.push_str(&number(*from));
        text.push_str(" to ");
        text.push_str(&number(*to));
        text.push('.');
    }
    let low = points.iter().map(|p| p.value).min().unwrap_or(0);
    let high = points.iter().map(|p| p.value).max().unwrap_or(0);
    text.push_str(" Lowest ");
    text.push_str(&low.to_string());
    text.push_str(", highest ");
    text.push_str(&high.to_string());
    text.push('.');
    text
}

/// A median as people write it: 6, or 6.5.
pub fn number(value: f64) -> String {
    if value.fract() == 0.0 {
        format!("{value:.0}")
    } else {
        format!("{value:.1}")
    }
}

/// How far back a chart looks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Range {
    /// The last four weeks.
    FourWeeks,
    /// The last three months.
    ThreeMonths,
    /// The last year.
    Year,
    /// Everything.
    All,
}

impl Range {
    /// All ranges, shortest first.
    pub const ALL: [Self; 4] = [Self::FourWeeks, Self::ThreeMonths, Self::Year, Self::All];

    /// The button text.
    pub fn label(self) -> &'static str {
        match self {
            Self::FourWeeks => "4 weeks",
            Self::ThreeMonths => "3 months",
            Self::Year => "A year",
            Self::All => "All",
        }
    }

    /// The first day inside the range, counting back from `today`.
    pub fn start(self, today: NaiveDate) -> Option<NaiveDate> {
        match self {
            Self::FourWeeks => Some(today - Duration::days(27)),
            Self::ThreeMonths => today.checked_sub_months(chrono::Months::new(3)),
            Self::Year => today.checked_sub_months(chrono::Months::new(12)),
            Self::All => None,
        }
    }

    /// The points inside the range.
    pub fn filter(self, points: &[Point], today: NaiveDate) -> Vec<Point> {
        let start = self.start(today);
        points
            .iter()
            .copied()
            .filter(|p| start.is_none_or(|s| p.day >= s) && p.day <= today)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, d).unwrap()
    }

    #[test]
    fn a_chart_in_words_counts_dates_the_weekly_change_and_the_range() {
        let points = [(2, 1), (3, 9), (4, 5), (16, 2), (17, 3)]
            .map(|(d, value)| Point { day: day(d), value });
        assert_eq!(
            describe_points(&points),
            "5 answers from 2 November 2026 to 17 November 2026. The weekly middle value went from 5 to 2.5. Lowest 1, highest 9."
        );
        assert_eq!(
            describe_points(&points[..1]),
            "1 answer from 2 November 2026 to 2 November 2026. Lowest 1, highest 1."
        );
        assert_eq!(describe_points(&[]), "No answers in this range yet.");
    }

    #[test]
    fn weekly_medians_group_by_monday() {
        // 2 November 2026 is a Monday; the 15th is a Sunday and belongs to the week of the 9th.
        let points = [
            (2, 1),
            (3, 9),
            (4, 5),
            (9, 4),
            (10, 6),
            (15, 7),
            (16, 2),
            (17, 3),
        ]
        .map(|(d, value)| Point { day: day(d), value });
        assert_eq!(week_start(day(15)), day(9));
        assert_eq!(
            weekly_medians(&points),
            [(day(2), 5.0), (day(9), 6.0), (day(16), 2.5)]
        );
        assert!(weekly_medians(&[]).is_empty());
    }

    #[test]
    fn ranges_count_back_from_today() {
        let points: Vec<Point> = (1..=25)
            .map(|d| Point {
                day: day(d),
                value: 1,
            })
            .collect();
        assert_eq!(Range::FourWeeks.filter(&points, day(25)).len(), 25);
        assert_eq!(
            Range::FourWeeks
                .filter(&points, NaiveDate::from_ymd_opt(2026, 12, 20).unwrap())
                .len(),
            3,
            "23 to 25 November"
        );
        assert_eq!(
            Range::All.filter(&points, day(10)).len(),
            10,
            "nothing after today"
        );
    }
}
