//! The Alarms pane's state and how messages change it.

use std::collections::{HashMap, HashSet};

use jiff::{SignedDuration, Timestamp};

use super::chart_window::ChartWindow;
use super::list::AlarmList;
use super::model::{Alarm, AlarmKey, AlarmState, HistoryItem, MetricSeries, MetricStat};
use super::work::AlarmsWork;
use crate::aws::AwsError;
use crate::kit::cursor::{Cursor, ListPane};
use crate::kit::{Loadable, SourceStatus};

mod accounts;
mod loading;

pub use crate::accounts::sweep::{Failed, Over, Tally};

pub use loading::{Loading, Stopped};

/// How far back the detail's chart reaches for an alarm with no state change time (see
/// `chart_window` for the others), and how far back its history reaches.
pub const CHART_WINDOW: SignedDuration = super::chart_window::DEFAULT;
pub const HISTORY_WINDOW: SignedDuration = SignedDuration::from_hours(24);

#[derive(Default)]
pub struct AlarmsPane {
    list: AlarmList,
    changed: HashSet<AlarmKey>,
    filter: String,
    firing_only: bool,
    visible: Vec<usize>,
    pub cursor: Cursor,
    pub status: SourceStatus,
    pub detail: Option<Detail>,
    /// Whether the list shown is a whole one (a load that finished): a refresh then keeps
    /// it on screen until the new list is whole; otherwise pages go on screen as they come.
    whole: bool,
    /// The load in flight, as far as it got.
    loading: Option<Loading>,
    /// The last load, when a page of it failed.
    stopped: Option<Stopped>,
    /// How many whole lists arrived.
    loads: u64,
    /// Over an account set: the sweep on screen, and a refresh's, held until it is whole.
    over: Option<Over>,
    next: Option<Over>,
}

/// The opened alarm.
pub struct Detail {
    pub name: String,
    /// Its account and region, over an account set: the chart is asked there.
    pub place: Option<crate::accounts::place::Place>,
    pub history: Loadable<Vec<HistoryItem>>,
    pub history_req: u64,
    /// None for alarms without a single metric to draw (composites, metric math).
    pub series: Option<Loadable<MetricSeries>>,
    pub series_req: u64,
    /// How far back the chart reaches; its metric is `stat` at that window's period.
    pub chart: ChartWindow,
    pub stat: Option<MetricStat>,
    pub scroll: usize,
}

impl AlarmsPane {
    pub fn all(&self) -> &[Alarm] {
        self.list.alarms()
    }

    pub fn visible_len(&self) -> usize {
        self.visible.len()
    }

    /// The rows from `start`, at most `count` of them: only what fits on screen is touched.
    pub fn visible_rows(&self, start: usize, count: usize) -> impl Iterator<Item = &Alarm> {
        self.visible
            .iter()
            .skip(start)
            .take(count)
            .map(|&i| &self.list.alarms()[i])
    }

    pub fn selected_alarm(&self) -> Option<&Alarm> {
        self.visible
            .get(self.cursor.selected)
            .map(|&i| &self.list.alarms()[i])
    }

    /// Selects the alarm among the rows shown; false when it is not shown.
    pub fn select(&mut self, name: &str) -> bool {
        let alarms = self.list.alarms();
        match self.visible.iter().position(|&i| alarms[i].name == name) {
            Some(at) => {
                self.cursor.selected = at;
                true
            }
            None => false,
        }
    }

    pub fn find(&self, name: &str) -> Option<&Alarm> {
        self.list.alarms().iter().find(|a| a.name == name)
    }

    /// The alarm `detail` shows, in its own account and region.
    pub fn opened(&self, detail: &Detail) -> Option<&Alarm> {
        self.list
            .alarms()
            .iter()
            .find(|a| a.name == detail.name && a.place == detail.place)
    }

    /// Names of the alarms in ALARM.
    pub fn firing_names(&self) -> Vec<String> {
        self.list
            .alarms()
            .iter()
            .filter(|a| a.state == super::AlarmState::Alarm)
            .map(|a| a.name.clone())
            .collect()
    }

    pub fn is_changed(&self, alarm: &Alarm) -> bool {
        self.changed.contains(&alarm.key())
    }

    pub fn filter(&self) -> &str {
        &self.filter
    }

    pub fn firing_only(&self) -> bool {
        self.firing_only
    }

    pub fn count(&self, state: AlarmState) -> usize {
        self.list.count(state)
    }

    pub fn busy(&self) -> bool {
        self.status.in_flight()
            || self.detail.as_ref().is_some_and(|d| {
                matches!(d.history, Loadable::Loading)
                    || matches!(d.series, Some(Loadable::Loading))
            })
    }

    /// Forgets everything: the session changed and this data belongs to another account or region.
    pub fn reset(&mut self) {
        *self = AlarmsPane {
            loads: self.loads,
            filter: std::mem::take(&mut self.filter),
            firing_only: self.firing_only,
            ..Default::default()
        };
    }

    pub fn request(&mut self, req: u64, now: Timestamp) -> AlarmsWork {
        self.status.start(req, now);
        self.loading = Some(Loading::new(req, !self.whole));
        AlarmsWork::Load { req }
    }

    /// A whole list arrived at once. Returns false for a stale answer, which is dropped.
    pub fn loaded(
        &mut self,
        req: u64,
        result: Result<AlarmList, AwsError>,
        now: Timestamp,
    ) -> bool {
        if !self.status.accept(req) {
            return false;
        }
        self.loading = None;
        self.status.finish(&result, now);
        let Ok(list) = result else { return true };
        self.stopped = None;
        self.replace(list);
        true
    }

    /// How many whole lists arrived (a recording keeps each).
    pub fn loads(&self) -> u64 {
        self.loads
    }

    /// The load in flight, as far as it got.
    pub fn loading(&self) -> Option<&Loading> {
        self.loading.as_ref()
    }

    /// The last load, when a page of it failed.
    pub fn stopped(&self) -> Option<&Stopped> {
        self.stopped.as_ref()
    }

    /// A whole list takes the place of the one shown, marking the alarms whose state changed.
    fn replace(&mut self, list: AlarmList) {
        let before: HashMap<AlarmKey, AlarmState> = self
            .list
            .alarms()
            .iter()
            .map(|a| (a.key(), a.state))
            .collect();
        let changed: HashSet<AlarmKey> = list
            .alarms()
            .iter()
            .filter(|a| before.get(&a.key()).is_some_and(|s| *s != a.state))
            .map(Alarm::key)
            .collect();
        let keep = self.selected_alarm().map(Alarm::key);
        let previous = std::mem::replace(&mut self.list, list);
        crate::release::release(previous);
        self.changed = changed;
        self.refilter(keep);
        self.whole = true;
        self.loads += 1;
    }

    pub fn set_filter(&mut self, text: &str) {
        if text != self.filter {
            let keep = self.selected_alarm().map(Alarm::key);
            self.filter = text.to_string();
            self.refilter(keep);
        }
    }

    pub fn toggle_firing(&mut self) {
        let keep = self.selected_alarm().map(Alarm::key);
        self.firing_only = !self.firing_only;
        self.refilter(keep);
    }

    fn refilter(&mut self, keep: Option<AlarmKey>) {
        let needle = self.filter.to_lowercase();
        let terms: Vec<&str> = needle.split_whitespace().collect();
        self.visible = (0..self.list.alarms().len())
            .filter(|&i| !self.firing_only || self.list.alarms()[i].state == AlarmState::Alarm)
            .filter(|&i| self.list.matches(i, &terms))
            .collect();
        let index = keep.and_then(|key| {
            self.visible
                .iter()
                .position(|&i| self.list.alarms()[i].key() == key)
        });
        self.cursor.reselect(index);
    }

    /// Moves the selection by `delta` rows within a list showing `rows` rows.
    pub fn move_by(&mut self, delta: isize, rows: usize) {
        self.cursor.move_by(delta, self.visible.len(), rows);
    }

    /// Opens the selected alarm, asking for its history and, if it has one metric, its chart.
    pub fn open(&mut self, now: Timestamp, history_req: u64, series_req: u64) -> Vec<AlarmsWork> {
        let Some(alarm) = self.selected_alarm() else {
            return Vec::new();
        };
        let name = alarm.name.clone();
        let place = alarm.place.clone();
        let chart = ChartWindow::around(alarm.state_updated, now);
        let stat = alarm.chart_stat();
        let mut effects = vec![AlarmsWork::LoadHistory {
            req: history_req,
            place: place.clone(),
            alarm: name.clone(),
            start: now - HISTORY_WINDOW,
            end: now,
        }];
        if let Some(stat) = &stat {
            effects.push(AlarmsWork::LoadMetric {
                req: series_req,
                place: place.clone(),
                stat: chart.stat(stat),
                start: chart.start(now),
                end: now,
            });
        }
        self.detail = Some(Detail {
            name,
            place,
            history: Loadable::Loading,
            history_req,
            series: stat.as_ref().map(|_| Loadable::Loading),
            series_req,
            chart,
            stat,
            scroll: 0,
        });
        effects
    }

    /// Doubles (`wider`) or halves the open alarm's chart window and asks for its metric
    /// again; the error says why nothing changed.
    pub fn rechart(&mut self, wider: bool, now: Timestamp, req: u64) -> Result<AlarmsWork, String> {
        let Some(detail) = self.detail.as_mut() else {
            return Err("Open an alarm first: the window is its chart's".to_string());
        };
        let Some(stat) = detail.stat.as_ref() else {
            return Err(format!("{} has no single metric to chart", detail.name));
        };
        let chart = if wider {
            detail.chart.wider()
        } else {
            detail.chart.narrower()
        };
        let Some(chart) = chart else {
            return Err(format!(
                "The chart already covers the {}, the {} it shows",
                detail.chart.label(),
                if wider { "most" } else { "least" }
            ));
        };
        let stat = chart.stat(stat);
        detail.chart = chart;
        detail.series = Some(Loadable::Loading);
        detail.series_req = req;
        Ok(AlarmsWork::LoadMetric {
            req,
            place: detail.place.clone(),
            stat,
            start: chart.start(now),
            end: now,
        })
    }

    pub fn history_loaded(&mut self, req: u64, result: Result<Vec<HistoryItem>, AwsError>) {
        if let Some(d) = self.detail.as_mut().filter(|d| d.history_req == req) {
            d.history = match result {
                Ok(items) => Loadable::Ready(items),
                Err(e) => Loadable::Failed(e),
            };
        }
    }

    pub fn metric_loaded(&mut self, req: u64, result: Result<MetricSeries, AwsError>) {
        if let Some(d) = self
            .detail
            .as_mut()
            .filter(|d| d.series_req == req && d.series.is_some())
        {
            d.series = Some(match result {
                Ok(series) => Loadable::Ready(series),
                Err(e) => Loadable::Failed(e),
            });
        }
    }
}

impl ListPane for AlarmsPane {
    fn cursor_mut(&mut self) -> &mut Cursor {
        &mut self.cursor
    }

    fn visible_len(&self) -> usize {
        self.visible.len()
    }

    fn filter(&self) -> &str {
        &self.filter
    }

    fn set_filter(&mut self, text: &str) {
        AlarmsPane::set_filter(self, text);
    }

    fn detail_scroll(&mut self) -> Option<&mut usize> {
        self.detail.as_mut().map(|d| &mut d.scroll)
    }

    fn close(&mut self) -> bool {
        self.detail.take().is_some()
    }
}

#[cfg(test)]
mod tests;
