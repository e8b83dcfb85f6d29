//! When an edge was seen: the dates of all its evidence.

use crate::text::Date;

/// The dates of an edge's evidence, all of it (not only the items kept): the first and last
/// document date and the number of pieces of evidence per month. Adding and merging take the
/// minimum, the maximum and sums, so a graph's timelines do not depend on the order documents
/// came in, and [`Graph::merge`](super::Graph::merge) stays associative and commutative.
///
/// ```
/// use relgraph::graph::Timeline;
/// use relgraph::Date;
/// let d = |s| Date::parse(s).unwrap();
/// let mut t = Timeline::new(d("2020-12-22"));
/// t.add(d("2020-11-03"));
/// t.add(d("2020-12-01"));
/// assert_eq!((t.first.to_string(), t.last.to_string()), ("2020-11-03".into(), "2020-12-22".into()));
/// assert_eq!(t.months, [(d("2020-11"), 1), (d("2020-12"), 2)]);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Timeline {
    /// The earliest date (a partial date sorts before the full dates it covers).
    pub first: Date,
    /// The latest date.
    pub last: Date,
    /// Pieces of evidence per month (`2020-12`), in month order; a document dated by its year
    /// alone counts in none.
    pub months: Vec<(Date, usize)>,
}

impl Timeline {
    /// The timeline of one piece of evidence dated `date`.
    pub fn new(date: Date) -> Timeline {
        let mut t = Timeline {
            first: date,
            last: date,
            months: Vec::new(),
        };
        t.count(date, 1);
        t
    }

    /// Adds one piece of evidence dated `date`.
    pub fn add(&mut self, date: Date) {
        self.first = self.first.min(date);
        self.last = self.last.max(date);
        self.count(date, 1);
    }

    fn count(&mut self, date: Date, n: usize) {
        let Some(month) = date.month_of() else {
            return;
        };
        match self.months.binary_search_by_key(&month, |&(m, _)| m) {
            Ok(i) => self.months[i].1 += n,
            Err(i) => self.months.insert(i, (month, n)),
        }
    }

    /// Takes out `n` pieces of evidence dated `date` (the first and last dates stay).
    pub(super) fn uncount(&mut self, date: Date, n: usize) {
        let Some(month) = date.month_of() else {
            return;
        };
        if let Ok(i) = self.months.binary_search_by_key(&month, |&(m, _)| m) {
            self.months[i].1 = self.months[i].1.saturating_sub(n);
            if self.months[i].1 == 0 {
                self.months.remove(i);
            }
        }
    }

    /// Adds everything in `other`.
    pub fn merge(&mut self, other: &Timeline) {
        self.first = self.first.min(other.first);
        self.last = self.last.max(other.last);
        for &(m, n) in &other.months {
            self.count(m, n);
        }
    }

    /// The pieces of evidence counted in months (all of them but those dated by year alone).
    pub fn counted(&self) -> usize {
        self.months.iter().map(|&(_, n)| n).sum()
    }
}

/// The timeline of pieces of evidence counted by date (`(date, how many)`), or `None` if
/// there are none: what an edge's timeline is rebuilt from when a document is taken out,
/// since its first and last dates cannot be taken back by subtraction.
pub(super) fn timeline_of(dated: impl IntoIterator<Item = (Date, usize)>) -> Option<Box<Timeline>> {
    let mut timeline: Option<Box<Timeline>> = None;
    for (date, n) in dated.into_iter().filter(|&(_, n)| n > 0) {
        match &mut timeline {
            Some(t) => {
                t.first = t.first.min(date);
                t.last = t.last.max(date);
            }
            None => {
                timeline = Some(Box::new(Timeline {
                    first: date,
                    last: date,
                    months: Vec::new(),
                }))
            }
        }
        if let Some(t) = &mut timeline {
            t.count(date, n);
        }
    }
    timeline
}

/// Adds `date` to an edge's timeline, starting one if there is none.
pub(super) fn add_date(timeline: &mut Option<Box<Timeline>>, date: Date) {
    match timeline {
        Some(t) => t.add(date),
        None => *timeline = Some(Box::new(Timeline::new(date))),
    }
}
