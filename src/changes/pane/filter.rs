//! The Changes pane's `/` filter: every word must match a change's text, or its account or
//! region (`account=`, `region=`) over an account set.

use super::ChangesPane;
use crate::accounts::place::passes;
use crate::changes::model::Change;
use crate::kit::cursor::{Cursor, ListPane};

impl ChangesPane {
    pub(super) fn filter_terms(&self) -> Vec<String> {
        self.filter
            .to_lowercase()
            .split_whitespace()
            .map(str::to_string)
            .collect()
    }

    pub(super) fn refilter(&mut self) {
        let keep = self.selected_change().map(Change::key);
        let terms = self.filter_terms();
        let terms: Vec<&str> = terms.iter().map(String::as_str).collect();
        self.visible = (0..self.changes.len())
            .filter(|&i| passes(self.changes[i].place.as_ref(), &self.haystacks[i], &terms))
            .collect();
        let index = keep.and_then(|k| {
            self.visible
                .iter()
                .position(|&i| self.changes[i].key() == k)
        });
        self.cursor.reselect(index);
    }
}

impl ListPane for ChangesPane {
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
        if text != self.filter {
            self.filter = text.to_string();
            self.refilter();
        }
    }

    fn detail_scroll(&mut self) -> Option<&mut usize> {
        self.detail.as_mut().map(|d| &mut d.scroll)
    }

    fn close(&mut self) -> bool {
        self.detail.take().is_some()
    }
}

pub(super) fn haystack(c: &Change) -> String {
    let place = c
        .place
        .as_ref()
        .map(|p| format!(" {} {}", p.account.name, p.region))
        .unwrap_or_default();
    let mut text = format!(
        "{} {} {} {}{place}",
        c.name,
        c.principal,
        c.source,
        c.resources_line()
    );
    for extra in [&c.source_ip, &c.error_code, &c.risk].into_iter().flatten() {
        text.push(' ');
        text.push_str(extra);
    }
    text.to_lowercase()
}
