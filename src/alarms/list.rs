//! A refreshed set of alarms made ready for the pane off the UI thread: sorted, with the
//! text each is filtered on and the count per state.

use super::model::{Alarm, AlarmState, display_order};

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

    pub fn alarms(&self) -> &[Alarm] {
        &self.alarms
    }

    pub fn count(&self, state: AlarmState) -> usize {
        self.counts[state as usize]
    }

    /// Whether alarm `index` matches every lower-cased term.
    pub fn matches(&self, index: usize, terms: &[&str]) -> bool {
        terms.iter().all(|t| self.haystacks[index].contains(t))
    }
}

fn haystack(alarm: &Alarm) -> String {
    format!(
        "{} {} {} {}",
        alarm.name,
        alarm.what(),
        alarm.state.as_aws(),
        alarm.state_reason
    )
    .to_lowercase()
}
