//! Global-service events outside us-east-1. CloudTrail records IAM, STS, console sign-in,
//! Organizations, CloudFront and Route 53 events in us-east-1 only, so a view of another
//! region also asks us-east-1, one LookupEvents per event source (LookupEvents honours one
//! attribute), through us-east-1's own limiter, and keeps only those sources' events: never
//! us-east-1's regional ones. The region's own pages come first, then each source's; the
//! consumers put them in time order.

use std::sync::Arc;

use aws_config::Region;
use wildmatch::WildMatch;

use super::query::{ChangeQuery, full_source};
use super::risk::RiskRule;
use super::source::{CloudTrailChanges, Page};
use crate::aws::{AwsError, AwsSession};

/// Where CloudTrail records the global services' events.
pub const GLOBAL_REGION: &str = "us-east-1";

pub struct Global {
    sources: Vec<String>,
    trail: Box<CloudTrailChanges>,
}

/// Which lookup a page token continues.
#[derive(Debug, PartialEq, Eq)]
enum Step {
    Regional(Option<String>),
    Source(usize, Option<String>),
}

impl Step {
    fn decode(token: Option<String>) -> Step {
        let Some(token) = token else {
            return Step::Regional(None);
        };
        if let Some(inner) = token.strip_prefix("r:") {
            return Step::Regional((!inner.is_empty()).then(|| inner.to_string()));
        }
        let source = token.strip_prefix("g:").and_then(|rest| {
            let (index, inner) = rest.split_once(':')?;
            let inner = (!inner.is_empty()).then(|| inner.to_string());
            Some(Step::Source(index.parse().ok()?, inner))
        });
        source.unwrap_or(Step::Regional(Some(token)))
    }

    fn encode(&self) -> String {
        match self {
            Step::Regional(inner) => format!("r:{}", inner.as_deref().unwrap_or("")),
            Step::Source(index, inner) => format!("g:{index}:{}", inner.as_deref().unwrap_or("")),
        }
    }
}

impl Global {
    /// None in us-east-1 itself or with no global sources configured.
    pub fn for_session(
        session: &AwsSession,
        sources: &[String],
        rules: Arc<Vec<RiskRule>>,
        per_second: f64,
    ) -> Option<Global> {
        if session.region == GLOBAL_REGION || sources.is_empty() {
            return None;
        }
        let config = session
            .cloudtrail
            .config()
            .to_builder()
            .region(Region::new(GLOBAL_REGION))
            .build();
        let client = aws_sdk_cloudtrail::Client::from_conf(config);
        Some(Global {
            sources: sources.iter().map(|s| full_source(s)).collect(),
            trail: Box::new(CloudTrailChanges::with_client(
                client, session, rules, per_second,
            )),
        })
    }

    /// Waits at the account's us-east-1 limiter.
    pub fn share(&mut self, limiters: &crate::aws::rate::RegionLimiters) {
        self.trail.set_limiter(limiters.of(GLOBAL_REGION));
    }

    /// The first global source from `index` on that the query can match.
    fn next_source(&self, index: usize, query: &ChangeQuery) -> Option<usize> {
        (index..self.sources.len()).find(|&i| {
            query
                .filters
                .source
                .as_ref()
                .is_none_or(|w| WildMatch::new(&full_source(w)).matches(&self.sources[i]))
        })
    }

    pub async fn page(
        &self,
        regional: &CloudTrailChanges,
        query: ChangeQuery,
        token: Option<String>,
    ) -> Result<Page, AwsError> {
        let (index, inner) = match Step::decode(token) {
            Step::Regional(inner) => {
                let page = regional.fetch(query.clone(), inner).await?;
                let next = match page.next {
                    Some(next) => Some(Step::Regional(Some(next))),
                    None => self.next_source(0, &query).map(|i| Step::Source(i, None)),
                };
                return Ok(Page {
                    changes: page.changes,
                    next: next.map(|s| s.encode()),
                });
            }
            Step::Source(index, inner) => (index, inner),
        };
        let Some(source) = self.sources.get(index) else {
            return Ok(Page {
                changes: Vec::new(),
                next: None,
            });
        };
        let mut lookup = query.clone();
        lookup.filters.source = Some(source.clone());
        let page = self
            .trail
            .fetch(lookup, inner)
            .await
            .map_err(|e| AwsError {
                message: format!(
                    "{} (asking {GLOBAL_REGION} for {source} events, which CloudTrail records there only; `global_sources = []` under [changes] stops it)",
                    e.message
                ),
                ..e
            })?;
        let changes = page
            .changes
            .into_iter()
            .filter(|c| c.source == *source)
            .map(|c| super::Change { global: true, ..c })
            .collect();
        let next = match page.next {
            Some(next) => Some(Step::Source(index, Some(next))),
            None => self
                .next_source(index + 1, &query)
                .map(|i| Step::Source(i, None)),
        };
        Ok(Page {
            changes,
            next: next.map(|s| s.encode()),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_tokens_say_which_lookup_they_continue() {
        for step in [
            Step::Regional(None),
            Step::Regional(Some("abc:def".into())),
            Step::Source(0, None),
            Step::Source(3, Some("x:y".into())),
        ] {
            assert_eq!(Step::decode(Some(step.encode())), step);
        }
        assert_eq!(Step::decode(None), Step::Regional(None));
        assert_eq!(
            Step::decode(Some("plain".into())),
            Step::Regional(Some("plain".into()))
        );
    }
}
