//! The Timeline pane's sweep of an account set through AWS: alarm transitions, CloudTrail
//! writes and Health events of every (account, region), asked as `timeline --accounts` asks
//! them and merged by the same assembly, each account through its own CloudTrail limiters.

use std::path::PathBuf;
use std::sync::Arc;

use jiff::Timestamp;

use super::reach::{Each, SetReach};
use crate::accounts::aws::Reached;
use crate::accounts::fanout::{Opened, Swept};
use crate::accounts::sweep::Heard;
use crate::accounts::timeline::{Over, ask, assemble};
use crate::kit::work::BoxFuture;
use crate::timeline::gather::{FromAws, Gathered, Settings};
use crate::timeline::work::TimelineSweep;

pub struct AwsTimelineSweep {
    reach: Arc<SetReach>,
    settings: Arc<Settings>,
}

impl AwsTimelineSweep {
    /// Each account's own Health view: the organization view would repeat every account's
    /// events in each of them.
    pub fn new(reach: Arc<SetReach>, settings: Settings) -> Self {
        let settings = Arc::new(Settings {
            organization: false,
            ..settings
        });
        AwsTimelineSweep { reach, settings }
    }
}

/// What each (account, region) answers: what `timeline --accounts` asks there.
fn answering(
    settings: Arc<Settings>,
    regions: Vec<String>,
    window: (Timestamp, Timestamp),
    now: Timestamp,
) -> impl Fn(Arc<Opened<Reached>>, String) -> BoxFuture<'static, Result<FromAws, String>>
+ Send
+ Sync
+ 'static {
    let asked = ask(settings, regions, window, now);
    move |account, region| {
        let answer = asked(account, region);
        Box::pin(async move { Ok(answer.await) })
    }
}

impl TimelineSweep for AwsTimelineSweep {
    fn gather(
        &self,
        window: (Timestamp, Timestamp),
        state_dir: Option<PathBuf>,
        now: Timestamp,
    ) -> BoxFuture<'_, Gathered> {
        let regions = self.reach.set.regions.clone();
        let each = answering(self.settings.clone(), regions, window, now);
        Box::pin(async move {
            let mut answers: Vec<(usize, Swept<FromAws>)> = Vec::new();
            let mut hear = |heard: Heard<FromAws>| {
                if let Heard::Answered { place, result } = heard {
                    let swept = Swept {
                        account: place.account,
                        color: None,
                        production: false,
                        region: place.region,
                        answer: result,
                    };
                    answers.push((place.order, swept));
                }
            };
            if let Err(e) = self.reach.sweep(Each::Region, each, &mut hear).await {
                return Gathered {
                    failures: vec![("every account".to_string(), e.to_string())],
                    ..Gathered::default()
                };
            }
            answers.sort_by_key(|(order, _)| *order);
            let over = Over {
                window,
                state_dir: state_dir.as_deref(),
                incident: None,
                now,
            };
            let swept = answers.into_iter().map(|(_, swept)| swept).collect();
            assemble(&self.reach.set.name, swept, &over).gathered()
        })
    }
}
