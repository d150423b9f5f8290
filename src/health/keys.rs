//! What the Health pane does with its messages, keys and `:health` line.

use super::msg::HealthMsg;
use super::pane::{Facets, HealthPane};
use super::work::HealthWork;
use crate::command::Command;
use crate::pane::{Component, Cx};
use crate::timeline::model;

impl Component for HealthPane {
    type Msg = HealthMsg;
    type Work = HealthWork;

    fn update(&mut self, msg: HealthMsg, cx: &mut Cx<HealthWork>) {
        match msg {
            HealthMsg::OpenLoaded { req, events } => self.open_loaded(req, events),
            HealthMsg::EventsLoaded { req, result } => {
                self.loaded(req, result, cx.now);
            }
            HealthMsg::DescriptionLoaded { req, result } => {
                let more = self.description_loaded(req, result);
                cx.works(more);
            }
            HealthMsg::EntitiesLoaded { req, result } => self.entities_loaded(req, result),
            HealthMsg::Planned { req, result } => self.planned(req, result, cx.now),
            HealthMsg::Answered { req, place, result } => {
                self.target_answered(req, place, result, cx.now)
            }
        }
    }

    fn command(&mut self, command: Command, cx: &mut Cx<HealthWork>) -> bool {
        match command {
            Command::ToggleFiring => {
                cx.info("f shows only firing alarms; in Health use :health category=issue");
                true
            }
            _ => false,
        }
    }

    fn open(&mut self, cx: &mut Cx<HealthWork>) {
        if self.detail.is_none() {
            let (first, second) = (cx.req(), cx.req());
            let work = HealthPane::open(self, first, second);
            cx.works(work);
        }
    }

    /// `:health org`, `:health account`, `:health all`, `:health service=EC2 category=issue`.
    fn line(&mut self, args: &[String], cx: &mut Cx<HealthWork>) {
        let words: Vec<&str> = args.iter().map(String::as_str).collect();
        let view = match words.first() {
            Some(&"org") => Some(true),
            Some(&"account") => Some(false),
            _ => None,
        };
        if let Some(organization) = view {
            if self.organization != organization {
                self.organization = organization;
                self.detail = None;
                let req = cx.req();
                let work = self.request(req, &cx.session.region, cx.now);
                cx.work(work);
            }
            return;
        }
        let facets = if words == ["all"] {
            Ok(Facets::default())
        } else {
            Facets::parse(&words)
        };
        match facets {
            Ok(facets) => self.set_facets(facets),
            Err(message) => cx.error(message),
        }
    }

    fn schedule(&mut self, force: bool, cx: &mut Cx<HealthWork>) {
        if force || self.status.due(cx.now, cx.refresh.health) {
            let req = cx.req();
            let work = self.request(req, &cx.session.region, cx.now);
            cx.work(work);
        }
    }

    fn reset(&mut self, _: &mut Cx<HealthWork>) {
        HealthPane::reset(self);
    }

    fn show(&mut self, key: &str) -> bool {
        key.strip_prefix("health:")
            .and_then(|k| k.split('#').next())
            .is_some_and(|arn| self.select(arn))
    }

    fn pin(&self, _: jiff::Timestamp) -> Result<model::TimelineEvent, String> {
        self.selected_event()
            .and_then(|e| model::from_health(e).into_iter().next())
            .ok_or_else(|| "No Health event selected".to_string())
    }
}
