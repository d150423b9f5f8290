//! What the Alarms pane does with its messages and keys, and what it tells the other panes
//! (the alarms firing; "the changes before this alarm", "the logs around it").

use super::msg::AlarmsMsg;
use super::pane::AlarmsPane;
use super::work::AlarmsWork;
use crate::command::Command;
use crate::pane::{Component, Cx, News};
use crate::timeline::model::{self, Source, TimelineEvent};

impl Component for AlarmsPane {
    type Msg = AlarmsMsg;
    type Work = AlarmsWork;

    fn update(&mut self, msg: AlarmsMsg, cx: &mut Cx<AlarmsWork>) {
        match msg {
            AlarmsMsg::Loaded { req, result } => {
                if self.loaded(req, result, cx.now) {
                    cx.tell(News::Firing(self.firing_names()));
                }
            }
            AlarmsMsg::Firing { req, result } => {
                // The whole list tells the others in any case; this first answer only when
                // it found alarms firing.
                if let Some(firing) = self.firing_loaded(req, result, cx.now)
                    && !firing.is_empty()
                {
                    cx.tell(News::Firing(firing));
                }
            }
            AlarmsMsg::Page {
                req,
                page,
                result,
                more,
            } => {
                if let Some(firing) = self.page_loaded(req, page, result, more, cx.now) {
                    cx.tell(News::Firing(firing));
                }
            }
            AlarmsMsg::Planned { req, result } => self.planned(req, result, cx.now),
            AlarmsMsg::Answered { req, place, result } => {
                if let Some(firing) = self.target_answered(req, place, result, cx.now) {
                    cx.tell(News::Firing(firing));
                }
            }
            AlarmsMsg::HistoryLoaded { req, result } => self.history_loaded(req, result),
            AlarmsMsg::MetricLoaded { req, result } => self.metric_loaded(req, result),
        }
    }

    fn command(&mut self, command: Command, cx: &mut Cx<AlarmsWork>) -> bool {
        match command {
            Command::ToggleFiring => self.toggle_firing(),
            Command::ChartWider | Command::ChartNarrower => {
                let req = cx.req();
                match self.rechart(command == Command::ChartWider, cx.now, req) {
                    Ok(work) => cx.work(work),
                    Err(why) => cx.info(why),
                }
            }
            Command::ChangesBefore | Command::Logs => {
                let Some(alarm) = self.selected_alarm() else {
                    cx.info(if command == Command::Logs {
                        "l works on an alarm: select one first"
                    } else {
                        "c works on an alarm: select one in the Alarms pane"
                    });
                    return true;
                };
                let Some(at) = alarm.state_updated else {
                    cx.error(format!("{} has no state change time", alarm.name));
                    return true;
                };
                if command == Command::Logs {
                    let alarm = alarm.name.clone();
                    cx.tell(News::LogsAround { alarm, at });
                } else {
                    cx.info(format!(
                        "Changes in the hour before {} went {}",
                        alarm.name,
                        alarm.state.as_aws()
                    ));
                    cx.tell(News::ChangesBefore { at });
                }
            }
            _ => return false,
        }
        true
    }

    fn open(&mut self, cx: &mut Cx<AlarmsWork>) {
        if self.detail.is_none() {
            let (first, second) = (cx.req(), cx.req());
            let work = AlarmsPane::open(self, cx.now, first, second);
            cx.works(work);
        }
    }

    /// `:alarms WORDS`: the filter, as `/` sets it (`account=`, `region=` and text).
    fn line(&mut self, args: &[String], _: &mut Cx<AlarmsWork>) {
        if !args.is_empty() {
            self.set_filter(&args.join(" "));
        }
    }

    fn schedule(&mut self, force: bool, cx: &mut Cx<AlarmsWork>) {
        if force || self.status.due(cx.now, cx.refresh.alarms) {
            let req = cx.req();
            let work = self.request(req, cx.now);
            cx.work(work);
        }
    }

    fn reset(&mut self, _: &mut Cx<AlarmsWork>) {
        AlarmsPane::reset(self);
    }

    fn show(&mut self, key: &str) -> bool {
        key.strip_prefix("alarm:")
            .and_then(|k| k.rsplit_once('@'))
            .is_some_and(|(name, _)| self.select(name))
    }

    fn pin(&self, _: jiff::Timestamp) -> Result<TimelineEvent, String> {
        let alarm = self.selected_alarm().ok_or("No alarm selected")?;
        let at = alarm
            .state_updated
            .ok_or_else(|| format!("{} has no state change time", alarm.name))?;
        Ok(TimelineEvent {
            time: at,
            source: Source::Alarm,
            what: format!("{} is {}", alarm.name, alarm.state.as_aws()),
            who: model::CLOUDWATCH.to_string(),
            detail: alarm.state_reason.clone(),
            risky: false,
            key: format!("alarm:{}@{at}", alarm.name),
        })
    }
}
