//! A refreshed set of alarms made ready for the pane off the UI thread: sorted, with the
//! text each is filtered on and the count per state. Lists that arrive in parts (the firing
//! alarms first, then page by page) are merged into it without duplicates.

use std::cmp::Ordering;
use std::collections::{HashMap, HashSet};

use super::model::{Alarm, AlarmKey, AlarmState, display_order};

#[derive(Clone, Debug, Default)]
pub struct AlarmList {
    alarms: Vec<Alarm>,
    /// Lower-cased text each alarm is filtered on, parallel to `alarms`.
    haystacks: Vec<String>,
    counts: [usize; 3],
}

impl AlarmList {
    pub fn new(mut alarms: Vec<Alarm>) -> AlarmList {
        alarms.sort_by(display_order);
        let haystacks = alarms.iter().map(haystack).collect();
        AlarmList::from_sorted(alarms, haystacks)
    }

    fn from_sorted(alarms: Vec<Alarm>, haystacks: Vec<String>) -> AlarmList {
        let mut counts = [0; 3];
        for alarm in &alarms {
            counts[alarm.state as usize] += 1;
        }
        AlarmList {
            alarms,
            haystacks,
            counts,
        }
    }

    /// Lists that arrived in parts (pages, or accounts and regions) as one: an alarm in
    /// more than one part is kept once, as the last part has it.
    pub fn join(parts: Vec<AlarmList>) -> AlarmList {
        let total = parts.iter().map(|p| p.alarms.len()).sum();
        let mut rows: Vec<(Alarm, String)> = Vec::with_capacity(total);
        for part in parts {
            rows.extend(part.alarms.into_iter().zip(part.haystacks));
        }
        let mut seen = HashSet::with_capacity(rows.len());
        let mut last = vec![false; rows.len()];
        for (i, (alarm, _)) in rows.iter().enumerate().rev() {
            last[i] = seen.insert(alarm.key());
        }
        let mut keep = last.into_iter();
        rows.retain(|_| keep.next().unwrap_or(false));
        rows.sort_by(|a, b| display_order(&a.0, &b.0));
        let (alarms, haystacks) = rows.into_iter().unzip();
        AlarmList::from_sorted(alarms, haystacks)
    }

    /// Puts `part`'s alarms in their places, each replacing the alarm of the same name (in
    /// the same account and region); returns the keys of those whose state is not the one
    /// they replaced.
    pub fn merge(&mut self, part: AlarmList) -> Vec<AlarmKey> {
        let incoming: HashMap<AlarmKey, AlarmState> =
            part.alarms.iter().map(|a| (a.key(), a.state)).collect();
        let mut changed = Vec::new();
        let old = std::mem::take(&mut self.alarms)
            .into_iter()
            .zip(std::mem::take(&mut self.haystacks));
        let kept: Vec<(Alarm, String)> = old
            .filter(|(alarm, _)| match incoming.get(&alarm.key()) {
                Some(state) => {
                    if *state != alarm.state {
                        changed.push(alarm.key());
                    }
                    false
                }
                None => true,
            })
            .collect();
        drop(incoming);
        let total = kept.len() + part.alarms.len();
        let (mut alarms, mut haystacks) = (Vec::with_capacity(total), Vec::with_capacity(total));
        let mut left = kept.into_iter().peekable();
        let mut right = part.alarms.into_iter().zip(part.haystacks).peekable();
        loop {
            let from_left = match (left.peek(), right.peek()) {
                (Some(l), Some(r)) => display_order(&l.0, &r.0) != Ordering::Greater,
                (Some(_), None) => true,
                (None, Some(_)) => false,
                (None, None) => break,
            };
            let next = if from_left { left.next() } else { right.next() };
            if let Some((alarm, text)) = next {
                alarms.push(alarm);
                haystacks.push(text);
            }
        }
        *self = AlarmList::from_sorted(alarms, haystacks);
        changed
    }

    /// Keeps only the alarms `keep` says yes to.
    pub fn retain(&mut self, keep: impl Fn(&Alarm) -> bool) {
        let rows = std::mem::take(&mut self.alarms)
            .into_iter()
            .zip(std::mem::take(&mut self.haystacks))
            .filter(|(alarm, _)| keep(alarm));
        let (alarms, haystacks) = rows.unzip();
        *self = AlarmList::from_sorted(alarms, haystacks);
    }

    pub fn alarms(&self) -> &[Alarm] {
        &self.alarms
    }

    pub fn len(&self) -> usize {
        self.alarms.len()
    }

    pub fn is_empty(&self) -> bool {
        self.alarms.is_empty()
    }

    pub fn count(&self, state: AlarmState) -> usize {
        self.counts[state as usize]
    }

    /// Whether alarm `index` matches every lower-cased term: `account=` and `region=` its
    /// place (an alarm without one matches neither), any other its text.
    pub fn matches(&self, index: usize, terms: &[&str]) -> bool {
        let place = self.alarms[index].place.as_ref();
        crate::accounts::place::passes(place, &self.haystacks[index], terms)
    }
}

fn haystack(alarm: &Alarm) -> String {
    let place = alarm
        .place
        .as_ref()
        .map(|p| format!(" {} {}", p.account.name, p.region))
        .unwrap_or_default();
    format!(
        "{} {} {} {}{place}",
        alarm.name,
        alarm.what(),
        alarm.state.as_aws(),
        alarm.state_reason
    )
    .to_lowercase()
}

#[cfg(test)]
mod tests;
