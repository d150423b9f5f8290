//! Choosing log groups (fuzzy, recent first, up to 50) and saved queries.

use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher};
use tui_input::Input;

use super::model::{LogGroup, SavedQuery};
use crate::kit::cursor::Cursor;

/// The most log groups one query may search.
pub const MAX_CHOSEN: usize = super::source::MAX_QUERY_GROUPS;

pub struct GroupPicker {
    pub input: Input,
    catalog: Vec<LogGroup>,
    /// Indices into `catalog`, best first.
    matches: Vec<usize>,
    /// Each chosen group as a query names it (see [`LogGroup::identifier`]).
    pub chosen: Vec<String>,
    /// The caller's account: a group of another (a linked source account's) is chosen by
    /// its ARN.
    pub own_account: String,
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
            own_account: String::new(),
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
            let same = |g: &&mut LogGroup| g.name == group.name && g.account == group.account;
            match self.catalog.iter_mut().find(same) {
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

    pub fn is_chosen(&self, group: &LogGroup) -> bool {
        let id = self.identifier(group);
        self.chosen.contains(&id)
    }

    /// Whether any listed group is another account's (the caller is a monitoring account).
    /// While the caller's account is not known yet: whether the groups are of several.
    pub fn has_linked(&self) -> bool {
        match self.own_account.is_empty() {
            false => self.catalog.iter().any(|g| g.is_linked(&self.own_account)),
            true => {
                let first = self.catalog.first().map(|g| &g.account);
                self.catalog.iter().any(|g| Some(&g.account) != first)
            }
        }
    }

    /// How a query names the group: its name, or its ARN when it is another account's (every
    /// group by ARN while the caller's account is not known and the groups are of several).
    pub fn identifier(&self, group: &LogGroup) -> String {
        match self.has_linked() {
            true => group.identifier(&self.own_account),
            false => group.name.clone(),
        }
    }

    /// The listed group a chosen identifier names.
    pub fn chosen_group(&self, identifier: &str) -> Option<&LogGroup> {
        self.catalog
            .iter()
            .find(|g| self.identifier(g) == identifier)
    }

    pub fn is_recent(&self, name: &str) -> bool {
        self.recent.iter().any(|r| r == name)
    }

    /// Chooses or unchooses the highlighted group; an error when 50 are chosen already.
    pub fn toggle(&mut self) -> Result<(), String> {
        let Some(name) = self.get(self.cursor.selected).map(|g| self.identifier(g)) else {
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
            ..LogGroup::default()
        }
    }

    fn in_account(name: &str, account: &str) -> LogGroup {
        LogGroup {
            name: name.into(),
            arn: Some(format!("arn:aws:logs:us-east-1:{account}:log-group:{name}")),
            account: Some(account.into()),
            ..LogGroup::default()
        }
    }

    #[test]
    fn a_linked_account_s_group_is_listed_beside_the_same_name_and_chosen_by_its_arn() {
        let mut p = GroupPicker::new(Vec::new(), Vec::new());
        p.own_account = "123456789012".into();
        p.add(vec![in_account("/ecs/checkout-api", "123456789012")]);
        assert!(!p.has_linked());
        p.add(vec![
            in_account("/ecs/checkout-api", "123456789012"),
            in_account("/ecs/checkout-api", "210987654321"),
        ]);
        assert_eq!(p.len(), 2, "one group a name and account");
        assert!(p.has_linked());
        for n in 0..2 {
            p.cursor.selected = n;
            p.toggle().unwrap();
        }
        let mut chosen = p.chosen.clone();
        chosen.sort();
        assert_eq!(
            chosen,
            [
                "/ecs/checkout-api",
                "arn:aws:logs:us-east-1:210987654321:log-group:/ecs/checkout-api"
            ]
        );
        let linked = p.chosen_group(&chosen[1]).unwrap();
        assert_eq!(linked.account.as_deref(), Some("210987654321"));
        assert!(p.is_chosen(linked));
    }

    #[test]
    fn before_the_account_is_known_one_account_s_groups_go_by_name_and_several_by_arn() {
        let mut p = GroupPicker::new(Vec::new(), Vec::new());
        p.add(vec![in_account("/ecs/checkout-api", "123456789012")]);
        p.toggle().unwrap();
        assert_eq!(p.chosen, ["/ecs/checkout-api"]);
        assert!(!p.has_linked());
        p.add(vec![in_account("/ecs/checkout-api", "210987654321")]);
        assert!(p.has_linked());
        let own = p.get(0).unwrap().clone();
        assert_eq!(p.identifier(&own), own.arn.clone().unwrap());
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
        assert!(!p.is_chosen(&group("/g/00", None)), "space again unchooses");
    }
}
