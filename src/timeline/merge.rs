//! Per-source lists merged into one time-ordered timeline, and the timeline's filter.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashSet};

use jiff::Timestamp;

use super::export::Origin;
use super::model::{Source, TimelineEvent};

/// Merges lists each sorted by time (a list that is not is sorted first) into one list in
/// time order. Stable: rows of the same instant keep the order of their lists, then their
/// order within a list. A key seen before is dropped, so a pinned item shows once.
pub fn merge(mut lists: Vec<Vec<TimelineEvent>>) -> Vec<TimelineEvent> {
    for list in &mut lists {
        if !list.is_sorted_by_key(|e| e.time) {
            list.sort_by_key(|e| e.time);
        }
    }
    let total = lists.iter().map(Vec::len).sum();
    // First the order, on borrowed rows (no key is copied); then the rows move into it.
    let order: Vec<(usize, usize)> = {
        let mut heap: BinaryHeap<Reverse<(Timestamp, usize, usize)>> = lists
            .iter()
            .enumerate()
            .filter_map(|(i, list)| list.first().map(|e| Reverse((e.time, i, 0))))
            .collect();
        let mut seen: HashSet<&str> = HashSet::with_capacity(total);
        let mut order = Vec::with_capacity(total);
        while let Some(Reverse((_, i, j))) = heap.pop() {
            if seen.insert(lists[i][j].key.as_str()) {
                order.push((i, j));
            }
            if let Some(next) = lists[i].get(j + 1) {
                heap.push(Reverse((next.time, i, j + 1)));
            }
        }
        order
    };
    let mut slots: Vec<Vec<Option<TimelineEvent>>> = lists
        .into_iter()
        .map(|list| list.into_iter().map(Some).collect())
        .collect();
    order
        .into_iter()
        .filter_map(|(i, j)| slots[i][j].take())
        .collect()
}

/// The rows of an account set (in time order, each with its origin, none dropped: two
/// accounts may have an alarm of the same name) and the incident's rows not among them, in
/// time order; a row of the set comes before an incident's row of the same instant.
pub fn merge_placed(
    fetched: &[TimelineEvent],
    origins: &[Origin],
    incident: Vec<TimelineEvent>,
) -> (Vec<TimelineEvent>, Vec<Origin>) {
    let shown: HashSet<&str> = fetched.iter().map(|e| e.key.as_str()).collect();
    let mut own = merge(vec![incident])
        .into_iter()
        .filter(|e| !shown.contains(e.key.as_str()))
        .peekable();
    let mut events = Vec::with_capacity(fetched.len());
    let mut placed = Vec::with_capacity(fetched.len());
    for (e, origin) in fetched.iter().zip(origins) {
        while let Some(earlier) = own.next_if(|o| o.time < e.time) {
            events.push(earlier);
            placed.push(Origin::default());
        }
        events.push(e.clone());
        placed.push(origin.clone());
    }
    for rest in own {
        events.push(rest);
        placed.push(Origin::default());
    }
    (events, placed)
}

/// A set of sources, as bits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SourceSet(u8);

impl SourceSet {
    pub fn all() -> SourceSet {
        SourceSet(Source::ALL.iter().fold(0, |bits, s| bits | Self::bit(*s)))
    }

    pub fn only(sources: &[Source]) -> SourceSet {
        SourceSet(sources.iter().fold(0, |bits, s| bits | Self::bit(*s)))
    }

    fn bit(source: Source) -> u8 {
        1 << source as u8
    }

    pub fn contains(self, source: Source) -> bool {
        self.0 & Self::bit(source) != 0
    }

    pub fn toggle(&mut self, source: Source) {
        self.0 ^= Self::bit(source);
    }
}

impl Default for SourceSet {
    fn default() -> Self {
        SourceSet::all()
    }
}

/// Which rows to show: some sources, and text found (ignoring case) in the source, event,
/// actor or detail.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Filter {
    pub sources: SourceSet,
    text: String,
}

impl Filter {
    pub fn new(sources: SourceSet, text: &str) -> Filter {
        Filter {
            sources,
            text: text.trim().to_lowercase(),
        }
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn matches(&self, e: &TimelineEvent) -> bool {
        if !self.sources.contains(e.source) {
            return false;
        }
        if self.text.is_empty() {
            return true;
        }
        [e.source.label(), &e.what, &e.who, &e.detail]
            .iter()
            .any(|field| contains_ignoring_case(field, &self.text))
    }

    /// Indexes of the matching rows, in order.
    pub fn apply(&self, events: &[TimelineEvent]) -> Vec<usize> {
        events
            .iter()
            .enumerate()
            .filter(|(_, e)| self.matches(e))
            .map(|(i, _)| i)
            .collect()
    }
}

/// `needle` is already lowercase.
fn contains_ignoring_case(haystack: &str, needle: &str) -> bool {
    if needle.is_ascii() {
        let n = needle.as_bytes();
        haystack.len() >= n.len()
            && haystack
                .as_bytes()
                .windows(n.len())
                .any(|w| w.eq_ignore_ascii_case(n))
    } else {
        haystack.to_lowercase().contains(needle)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(source: Source, minute: i64, key: &str, what: &str) -> TimelineEvent {
        TimelineEvent {
            time: Timestamp::from_second(1_795_000_000 + minute * 60).unwrap(),
            source,
            what: what.into(),
            who: "alice".into(),
            detail: String::new(),
            risky: false,
            key: key.into(),
        }
    }

    #[test]
    fn merging_orders_by_time_keeps_ties_stable_and_drops_repeated_keys() {
        let alarms = vec![
            row(Source::Alarm, 1, "a1", "a1"),
            row(Source::Alarm, 5, "a5", "a5"),
        ];
        let changes = vec![
            row(Source::Change, 0, "c0", "c0"),
            row(Source::Change, 5, "c5", "c5"),
            row(Source::Change, 9, "c9", "c9"),
        ];
        // Unsorted on purpose, and with a pin of a5 (same key, same time).
        let notes = vec![
            row(Source::Note, 7, "n7", "n7"),
            row(Source::Alarm, 5, "a5", "pinned a5"),
            row(Source::Note, 5, "n5", "n5"),
        ];
        let merged = merge(vec![alarms, changes, notes]);
        let whats: Vec<&str> = merged.iter().map(|e| e.what.as_str()).collect();
        assert_eq!(whats, ["c0", "a1", "a5", "c5", "n5", "n7", "c9"]);
    }

    #[test]
    fn a_sets_rows_keep_their_origins_among_the_incidents_and_none_is_dropped() {
        let at = |account: &str, region: &str| Origin {
            account: account.into(),
            region: region.into(),
        };
        // The same alarm name in two accounts: one key, two rows.
        let fetched = vec![
            row(Source::Alarm, 1, "a1", "staging a1"),
            row(Source::Alarm, 1, "a1", "production a1"),
            row(Source::Change, 6, "c6", "c6"),
        ];
        let origins = vec![
            at("staging", "us-east-1"),
            at("production", "us-east-1"),
            at("production", "eu-west-1"),
        ];
        let incident = vec![
            row(Source::Note, 6, "n6", "n6"),
            row(Source::Change, 6, "c6", "pinned c6"),
            row(Source::Note, 0, "n0", "n0"),
        ];
        let (events, placed) = merge_placed(&fetched, &origins, incident);
        let whats: Vec<&str> = events.iter().map(|e| e.what.as_str()).collect();
        assert_eq!(whats, ["n0", "staging a1", "production a1", "c6", "n6"]);
        let accounts: Vec<&str> = placed.iter().map(|o| o.account.as_str()).collect();
        assert_eq!(accounts, ["", "staging", "production", "production", ""]);
        assert_eq!(placed[3].region, "eu-west-1");
    }

    #[test]
    fn the_filter_takes_sources_and_text_in_any_case() {
        let rows = vec![
            row(
                Source::Change,
                0,
                "c0",
                "RevokeSecurityGroupIngress sg-0db5",
            ),
            row(Source::Alarm, 1, "a1", "checkout-api-5xx OK → ALARM"),
            row(Source::Note, 2, "n2", "Rolled back the SG change"),
        ];
        let text = Filter::new(SourceSet::all(), "  sg ");
        assert_eq!(text.apply(&rows), [0, 2]);
        let changes_only = Filter::new(SourceSet::only(&[Source::Change]), "sg");
        assert_eq!(changes_only.apply(&rows), [0]);
        let by_label = Filter::new(SourceSet::all(), "ALARM");
        assert_eq!(by_label.apply(&rows), [1]);
        let mut not_notes = SourceSet::all();
        not_notes.toggle(Source::Note);
        assert_eq!(Filter::new(not_notes, "").apply(&rows), [0, 1]);
        assert_eq!(Filter::new(SourceSet::all(), "→ alarm").apply(&rows), [1]);
    }
}
