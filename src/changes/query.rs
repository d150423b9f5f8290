//! Which changes to show: a time window, field filters and a preset. LookupEvents honours
//! only its first lookup attribute, so the most selective exact filter goes to AWS and the
//! rest apply here.

use jiff::{SignedDuration, Timestamp};
use wildmatch::WildMatch;

use super::model::Change;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Preset {
    /// Write events (the default).
    #[default]
    Writes,
    /// Failed calls only.
    Errors,
    Iam,
    Network,
    Root,
    /// Reads too.
    Everything,
}

impl Preset {
    pub fn name(self) -> &'static str {
        match self {
            Preset::Writes => "writes",
            Preset::Errors => "errors",
            Preset::Iam => "iam",
            Preset::Network => "network",
            Preset::Root => "root",
            Preset::Everything => "all",
        }
    }
}

/// The LookupEvents attributes, most selective first.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Attribute {
    AccessKeyId,
    ResourceName,
    EventName,
    Username,
    EventSource,
    ReadOnly,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Filters {
    pub user: Option<String>,
    pub event: Option<String>,
    pub resource: Option<String>,
    /// `ec2` or `ec2.amazonaws.com`
    pub source: Option<String>,
    pub access_key: Option<String>,
    /// Over an account set: `account=NAME` (name or id) and `region=NAME`, matched here.
    pub places: Option<Box<PlaceWords>>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PlaceWords {
    pub account: Option<String>,
    pub region: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChangeQuery {
    pub start: Timestamp,
    pub end: Timestamp,
    pub filters: Filters,
    pub preset: Preset,
}

const NETWORK_EVENTS: &[&str] = &[
    "*SecurityGroup*",
    "*NetworkAcl*",
    "*Route*",
    "*Vpc*",
    "*Subnet*",
    "*NetworkInterface*",
    "*InternetGateway*",
    "*NatGateway*",
    "*TransitGateway*",
    "*VpcEndpoint*",
    "*LoadBalancer*",
    "*TargetGroup*",
    "*Listener*",
];

fn is_exact(value: &str) -> bool {
    !value.contains(['*', '?'])
}

pub(super) fn full_source(source: &str) -> String {
    if source.contains('.') {
        source.to_string()
    } else {
        format!("{source}.amazonaws.com")
    }
}

impl ChangeQuery {
    /// The last `window` before `now`, writes only.
    pub fn last(window: SignedDuration, now: Timestamp) -> ChangeQuery {
        ChangeQuery {
            start: now - window,
            end: now,
            filters: Filters::default(),
            preset: Preset::Writes,
        }
    }

    /// The query each (account, region) of a set is asked: without `account=` and
    /// `region=`, which only the pane can match (a change learns its place once it arrives).
    pub fn unplaced(&self) -> ChangeQuery {
        let mut query = self.clone();
        query.filters.places = None;
        query
    }

    /// The one attribute LookupEvents will honour: the most selective exact filter, else
    /// ReadOnly=false unless reads are wanted too.
    pub fn server_attribute(&self) -> Option<(Attribute, String)> {
        let f = &self.filters;
        let exact = |v: &Option<String>| v.clone().filter(|v| is_exact(v));
        exact(&f.access_key)
            .map(|v| (Attribute::AccessKeyId, v))
            .or_else(|| exact(&f.resource).map(|v| (Attribute::ResourceName, v)))
            .or_else(|| exact(&f.event).map(|v| (Attribute::EventName, v)))
            .or_else(|| exact(&f.user).map(|v| (Attribute::Username, v)))
            .or_else(|| exact(&f.source).map(|v| (Attribute::EventSource, full_source(&v))))
            .or_else(|| {
                (self.preset != Preset::Everything)
                    .then(|| (Attribute::ReadOnly, "false".to_string()))
            })
    }

    /// Whether a change passes every filter and the preset (whatever AWS already applied).
    pub fn matches(&self, c: &Change) -> bool {
        let f = &self.filters;
        let glob = |want: &Option<String>, have: &str| {
            want.as_ref()
                .is_none_or(|w| WildMatch::new(w).matches(have))
        };
        let in_window = c.time >= self.start && c.time <= self.end;
        let resource_ok = f.resource.as_ref().is_none_or(|w| {
            let pattern = WildMatch::new(w);
            c.resources.iter().any(|r| pattern.matches(&r.name))
        });
        let source_ok = f
            .source
            .as_ref()
            .is_none_or(|w| WildMatch::new(&full_source(w)).matches(&c.source));
        let preset_ok = match self.preset {
            Preset::Writes => !c.read_only,
            Preset::Errors => c.error_code.is_some(),
            Preset::Iam => !c.read_only && c.source == "iam.amazonaws.com",
            Preset::Network => {
                !c.read_only
                    && NETWORK_EVENTS
                        .iter()
                        .any(|p| WildMatch::new(p).matches(&c.name))
            }
            Preset::Root => c.identity_type.as_deref() == Some("Root"),
            Preset::Everything => true,
        };
        let none = PlaceWords::default();
        let places = f.places.as_deref().unwrap_or(&none);
        let place_ok = [("account", &places.account), ("region", &places.region)]
            .into_iter()
            .filter_map(|(key, want)| want.as_ref().map(|w| format!("{key}={}", w.to_lowercase())))
            .all(|word| c.place.as_ref().and_then(|p| p.matches(&word)) == Some(true));
        in_window
            && place_ok
            && preset_ok
            && resource_ok
            && source_ok
            && glob(&f.user, &c.principal)
            && glob(&f.event, &c.name)
            && glob(&f.access_key, c.access_key.as_deref().unwrap_or(""))
    }

    /// `user=alice event=Authorize*`, the preset and the window, for the status line.
    pub fn describe(&self) -> String {
        let f = &self.filters;
        let mut parts: Vec<String> = [
            ("user", &f.user),
            ("event", &f.event),
            ("resource", &f.resource),
            ("source", &f.source),
            ("key", &f.access_key),
            (
                "account",
                &f.places.as_ref().and_then(|p| p.account.clone()),
            ),
            ("region", &f.places.as_ref().and_then(|p| p.region.clone())),
        ]
        .into_iter()
        .filter_map(|(k, v)| v.as_ref().map(|v| format!("{k}={v}")))
        .collect();
        parts.insert(0, self.preset.name().to_string());
        parts.join(" ")
    }

    /// Applies the words of `:changes ...` (or the headless flags) to this query:
    /// `since 6h`, `since 2026-11-23T02:00Z`, `until 03:00`, `user=alice`, `event=Authorize*`,
    /// `resource=sg-0abc`, `source=ec2`, `key=AKIA...`, and the presets `writes`, `errors`,
    /// `iam`, `network`, `root`, `all`; `clear` drops the field filters.
    pub fn apply(&mut self, words: &[&str], now: Timestamp) -> Result<(), String> {
        let mut words = words.iter();
        while let Some(word) = words.next() {
            match *word {
                "since" | "until" => {
                    let value = words.next().ok_or_else(|| {
                        format!("`{word}` needs a time: 6h, 02:30 or 2026-11-23T02:30:00Z")
                    })?;
                    let at = parse_moment(value, now)?;
                    if *word == "since" {
                        self.start = at;
                        if self.end <= at {
                            self.end = now;
                        }
                    } else {
                        self.end = at;
                    }
                }
                "writes" => self.preset = Preset::Writes,
                "errors" => self.preset = Preset::Errors,
                "iam" => self.preset = Preset::Iam,
                "network" => self.preset = Preset::Network,
                "root" => self.preset = Preset::Root,
                "all" | "everything" => self.preset = Preset::Everything,
                "clear" => self.filters = Filters::default(),
                _ => {
                    let (key, value) = word
                        .split_once('=')
                        .filter(|(_, v)| !v.is_empty())
                        .ok_or_else(|| format!("`{word}` is not a filter: use user=, event=, resource=, source=, key=, account=, region=, a preset or since"))?;
                    let slot = match key {
                        "user" => &mut self.filters.user,
                        "event" => &mut self.filters.event,
                        "resource" => &mut self.filters.resource,
                        "source" => &mut self.filters.source,
                        "key" => &mut self.filters.access_key,
                        "account" => &mut self.filters.places.get_or_insert_default().account,
                        "region" => &mut self.filters.places.get_or_insert_default().region,
                        other => {
                            return Err(format!(
                                "`{other}` is not a change filter (user, event, resource, source, key, account, region)"
                            ));
                        }
                    };
                    *slot = Some(value.to_string());
                }
            }
        }
        if self.start >= self.end {
            return Err("the window is empty: `since` must come before `until`".to_string());
        }
        Ok(())
    }
}

/// `6h` (ago), `02:30` (the last such time, UTC) or an RFC 3339 timestamp.
pub fn parse_moment(text: &str, now: Timestamp) -> Result<Timestamp, String> {
    if let Ok(span) = crate::time::parse_interval(text) {
        return SignedDuration::try_from(span)
            .map(|d| now - d)
            .map_err(|e| e.to_string());
    }
    if let Ok(ts) = text.parse::<Timestamp>() {
        return Ok(ts);
    }
    if let Ok(time) = text.parse::<jiff::civil::Time>() {
        let today = now
            .to_zoned(jiff::tz::TimeZone::UTC)
            .date()
            .to_datetime(time);
        let at = today
            .to_zoned(jiff::tz::TimeZone::UTC)
            .map_err(|e| e.to_string())?
            .timestamp();
        return Ok(if at > now {
            at - SignedDuration::from_hours(24)
        } else {
            at
        });
    }
    Err(format!(
        "`{text}` is not a time: use 6h, 02:30 (UTC) or 2026-11-23T02:30:00Z"
    ))
}

#[cfg(test)]
mod tests;
