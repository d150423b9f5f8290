//! Where a row of a pane over an account set lives: its account, its region, and where that
//! (account, region) comes in the set.

use ratatui::text::Span;
use ratatui::widgets::Cell;
use serde::{Deserialize, Serialize};

use super::target::AccountRef;
use crate::theme::{Slot, Theme};

#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Place {
    pub account: AccountRef,
    pub region: String,
    /// The (account, region)'s place in the set's order: accounts first, then regions.
    pub order: usize,
}

impl Place {
    /// Whether the filter word `account=NAME` or `region=NAME` (lower-cased) holds for this
    /// place: the account by its name or its id, the region by its name; `None` for any
    /// other word.
    pub fn matches(&self, word: &str) -> Option<bool> {
        if let Some(wanted) = word.strip_prefix("account=") {
            let id = self.account.id.as_deref().unwrap_or_default();
            return Some(self.account.name.to_lowercase() == wanted || id == wanted);
        }
        let wanted = word.strip_prefix("region=")?;
        Some(self.region.to_lowercase() == wanted)
    }
}

/// Whether a row passes every lower-cased filter term: `account=` and `region=` its place
/// (a row without one matches neither), any other its text.
pub fn passes(place: Option<&Place>, haystack: &str, terms: &[&str]) -> bool {
    terms.iter().all(|t| {
        if is_place_word(t) {
            place.and_then(|p| p.matches(t)).unwrap_or(false)
        } else {
            haystack.contains(t)
        }
    })
}

/// The widest an ACCOUNT cell gets; longer names are cut.
const ACCOUNT_WIDTH: u16 = 20;

/// The widths of the ACCOUNT and REGION columns for the places of the rows on screen.
pub fn place_widths<'a>(places: impl Iterator<Item = &'a Place>) -> (u16, u16) {
    widths(places.map(|p| (p.account.name.as_str(), p.region.as_str())))
}

/// The widths of the ACCOUNT and REGION columns for these (account, region) names.
pub fn widths<'a>(names: impl Iterator<Item = (&'a str, &'a str)>) -> (u16, u16) {
    let (mut account, mut region) = (0, 0);
    for (a, r) in names {
        account = account.max(a.chars().count());
        region = region.max(r.chars().count());
    }
    let width =
        |w: usize, least: u16, most: u16| u16::try_from(w).unwrap_or(most).clamp(least, most);
    (width(account, 7, ACCOUNT_WIDTH), width(region, 6, 14))
}

/// The ACCOUNT and REGION cells of a row (empty for a row without a place).
pub fn place_cells(place: Option<&Place>, theme: &Theme) -> [Cell<'static>; 2] {
    match place {
        Some(p) => [
            Cell::from(Span::styled(p.account.name.clone(), theme.fg(Slot::Text))),
            Cell::from(Span::styled(p.region.clone(), theme.fg(Slot::Dim))),
        ],
        None => [Cell::from(""), Cell::from("")],
    }
}

/// Whether a filter word is about the place (`account=`, `region=`) rather than the text.
pub fn is_place_word(word: &str) -> bool {
    word.starts_with("account=") || word.starts_with("region=")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn account_matches_its_name_or_id_and_region_its_name() {
        let place = Place {
            account: AccountRef {
                id: Some("210987654321".into()),
                name: "Staging".into(),
            },
            region: "eu-west-1".into(),
            order: 3,
        };
        assert_eq!(place.matches("account=staging"), Some(true));
        assert_eq!(place.matches("account=210987654321"), Some(true));
        assert_eq!(place.matches("account=stag"), Some(false));
        assert_eq!(place.matches("region=eu-west-1"), Some(true));
        assert_eq!(place.matches("region=us-east-1"), Some(false));
        assert_eq!(place.matches("checkout"), None);
        assert!(is_place_word("region=x") && !is_place_word("regional"));
    }
}
