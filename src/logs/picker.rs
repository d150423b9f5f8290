//! Choosing log groups (fuzzy, recent first, up to 50) and saved queries.

use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher};
use tui_input::Input;

use super::model::{LogGroup, SavedQuery};
use crate::kit::cursor::Cursor;

/// The most log groups one query may search.
pub const MAX_CHOSEN: usize = 50;

pub struct GroupPicker {
    pub input: Input,
    catalog: Vec<LogGroup>,
    /// Indices into `catalog`, best first.
    matches: Vec<usize>,
    pub chosen: Vec<String>,
    /// Groups of past queries, most recent first.
    recent: Vec<String>,
    pub cursor: Cursor,
    pub loading: bool,
    pub error: Option<String>,
    matcher: Matcher,
}

impl GroupPicker {
    pub fn new(chosen: Vec<String>, recent: Vec<String>) -> GroupPicker {
        GroupPicker {
            input: Input::default(),
            catalog: Vec::new(),
            matches: Vec::new(),
            chosen,
            recent,
            cursor: Cursor::default(),
            loading: true,
            error: None,
            matcher: Matcher::new(Config::DEFAULT.match_paths()),
        }
    }

    /// Adds groups from a DescribeLogGroups answer (the full list or a prefix search).
    pub fn add(&mut self, groups: Vec<LogGroup>) {
        for group in groups {
            match self.catalog.iter_mut().find(|g| g.name == group.name) {
                Some(known) => *known = group,
                None => self.catalog.push(group),
            }
        }
        self.loading = false;
        self.error = None;
        self.refilter();
    }

    pub fn failed(&mut self, message: String) {
        self.loading = false;
        self.error = Some(message);
    }

    /// The prefix to ask AWS for: typed text that starts like a log group name.
    pub fn prefix(&self) -> Option<String> {
        let text = self.input.value();
        text.starts_with('/').then(|| text.to_string())
    }

    pub fn refilter(&mut self) {
        let recent_rank = |name: &str| self.recent.iter().position(|r| r == name);
        let text = self.input.value().trim();
        let mut scored: Vec<(usize, u32)> = if text.is_empty() {
            (0..self.catalog.len()).map(|i| (i, 0)).collect()
        } else {
            let pattern = Pattern::parse(text, CaseMatching::Ignore, Normalization::Smart);
            let mut buf = Vec::new();
            self.catalog
                .iter()
                .enumerate()
                .filter_map(|(i, g)| {
                    let haystack = nucleo_matcher::Utf32Str::new(&g.name, &mut buf);
                    pattern.score(haystack, &mut self.matcher).map(|s| (i, s))
                })
                .collect()
        };
        scored.sort_by(|(a, sa), (b, sb)| {
            let (ga, gb) = (&self.catalog[*a], &self.catalog[*b]);
            let (ra, rb) = (recent_rank(&ga.name), recent_rank(&gb.name));
            let recent_first = match (ra, rb) {
                (Some(x), Some(y)) => x.cmp(&y),
                (Some(_), None) => std::cmp::Ordering::Less,
                (None, Some(_)) => std::cmp::Ordering::Greater,
                (None, None) => std::cmp::Ordering::Equal,
            };
            recent_first
                .then(sb.cmp(sa))
                .then_with(|| ga.name.cmp(&gb.name))
        });
        self.matches = scored.into_iter().map(|(i, _)| i).collect();
        self.cursor.reselect(None);
    }

    pub fn len(&self) -> usize {
        self.matches.len()
    }

    pub fn is_empty(&self) -> bool {
        self.matches.is_empty()
    }

    pub fn get(&self, n: usize) -> Option<&LogGroup> {
        self.matches.get(n).map(|i| &self.catalog[*i])
    }

    pub fn is_chosen(&self, name: &str) -> bool {
        self.chosen.iter().any(|c| c == name)
    }

    pub fn is_recent(&self, name: &str) -> bool {
        self.recent.iter().any(|r| r == name)
    }

    /// Chooses or unchooses the highlighted group; an error when 50 are chosen already.
    pub fn toggle(&mut self) -> Result<(), String> {
        let Some(name) = self.get(self.cursor.selected).map(|g| g.name.clone()) else {
            return Ok(());
        };
        if let Some(at) = self.chosen.iter().position(|c| *c == name) {
            self.chosen.remove(at);
        } else if self.chosen.len() >= MAX_CHOSEN {
            return Err(format!(
                "A query searches at most {MAX_CHOSEN} log groups: unchoose one first (space)"
            ));
        } else {
            self.chosen.push(name);
        }
        Ok(())
    }
}

/// The saved queries to pick from: warroom's config first, then the account's.
#[derive(Default)]
pub struct SavedPicker {
    pub items: Vec<SavedQuery>,
    pub cursor: Cursor,
    pub loading: bool,
    pub error: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn group(name: &str, retention: Option<i32>) -> LogGroup {
        LogGroup {
            name: name.into(),
            retention_days: retention,
            stored_bytes: 0,
        }
    }

    fn names(p: &GroupPicker) -> Vec<&str> {
        (0..p.len())
            .map(|n| p.get(n).unwrap().name.as_str())
            .collect()
    }

    #[test]
    fn recent_groups_come_first_then_fuzzy_matches() {
        let mut p = GroupPicker::new(Vec::new(), vec!["/aws/rds/orders".into()]);
        p.add(vec![
            group("/aws/ecs/checkout-api", Some(30)),
            group("/aws/lambda/checkout-receipts", None),
            group("/aws/rds/orders", Some(7)),
        ]);
        assert_eq!(names(&p)[0], "/aws/rds/orders");
        p.input = Input::new("chkapi".into());
        p.refilter();
        assert_eq!(names(&p), ["/aws/ecs/checkout-api"]);
        p.input = Input::new("/aws/lambda".into());
        assert_eq!(p.prefix().as_deref(), Some("/aws/lambda"));
    }

    #[test]
    fn at_most_fifty_groups_are_chosen() {
        let mut p = GroupPicker::new(Vec::new(), Vec::new());
        p.add(
            (0..51)
                .map(|i| group(&format!("/g/{i:02}"), None))
                .collect(),
        );
        for n in 0..50 {
            p.cursor.selected = n;
            p.toggle().unwrap();
        }
        p.cursor.selected = 50;
        assert!(p.toggle().unwrap_err().contains("at most 50"));
        assert_eq!(p.chosen.len(), 50);
        p.cursor.selected = 0;
        p.toggle().unwrap();
        assert!(!p.is_chosen("/g/00"), "space again unchooses");
    }
}
