//! Themes: semantic colour slots read from TOML files in themes/.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use ratatui::style::{Color, Modifier, Style};
use serde::Deserialize;
use toml::Spanned;

use crate::config::{FileError, parse_toml};

macro_rules! slots {
    ($($slot:ident => $name:literal),* $(,)?) => {
        /// A role a colour plays on screen.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum Slot { $($slot),* }
        impl Slot {
            pub const ALL: &'static [Slot] = &[$(Slot::$slot),*];
            pub fn name(self) -> &'static str { match self { $(Slot::$slot => $name),* } }
        }
    };
}

slots! {
    Text => "text", Dim => "dim", Border => "border", FocusedBorder => "focused_border",
    Title => "title", HeaderFg => "header_fg", HeaderBg => "header_bg", BadgeFg => "badge_fg",
    BadgeBg => "badge_bg", SelectionFg => "selection_fg", SelectionBg => "selection_bg",
    Alarm => "alarm", Ok => "ok", Insufficient => "insufficient", Changed => "changed",
    Error => "error", Warning => "warning", Info => "info", KeyHint => "key_hint",
    ChartMetric => "chart_metric", ChartThreshold => "chart_threshold",
    SeverityCritical => "severity_critical", SeverityHigh => "severity_high",
    SeverityMedium => "severity_medium", SeverityLow => "severity_low",
}

pub const BUILT_IN: &[(&str, &str)] = &[
    ("dark", include_str!("../../themes/dark.toml")),
    ("light", include_str!("../../themes/light.toml")),
    (
        "high-contrast",
        include_str!("../../themes/high-contrast.toml"),
    ),
];

#[derive(Clone, Debug, PartialEq)]
pub struct Theme {
    pub name: String,
    colors: Vec<Color>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ThemeFile {
    /// The theme this one starts from; only the slots it sets differ.
    base: Option<Spanned<String>>,
    #[serde(default)]
    colors: BTreeMap<Spanned<String>, Spanned<toml::Value>>,
}

impl Theme {
    pub fn color(&self, slot: Slot) -> Color {
        self.colors[slot as usize]
    }

    pub fn fg(&self, slot: Slot) -> Style {
        Style::new().fg(self.color(slot))
    }

    pub fn selection(&self) -> Style {
        Style::new()
            .fg(self.color(Slot::SelectionFg))
            .bg(self.color(Slot::SelectionBg))
            .add_modifier(Modifier::BOLD)
    }

    /// The built-in dark theme.
    pub fn dark() -> Theme {
        match Theme::built_in("dark") {
            Some(Ok(t)) => t,
            _ => panic!("the built-in dark theme is invalid"),
        }
    }

    pub fn built_in(name: &str) -> Option<Result<Theme, FileError>> {
        let (_, text) = BUILT_IN.iter().find(|(n, _)| *n == name)?;
        let path = PathBuf::from(format!("themes/{name}.toml"));
        Some(Theme::parse(name, &path, text, None))
    }

    /// `--theme NAME|PATH`: a path when it names a file, else a theme in the user's
    /// `themes/` folder, else a built-in one.
    pub fn resolve(spec: &str, user_dir: Option<&Path>) -> Result<Theme, FileError> {
        let looks_like_path = spec.contains('/') || spec.ends_with(".toml");
        let user_file = user_dir.map(|d| d.join("themes").join(format!("{spec}.toml")));
        let file = if looks_like_path {
            Some(PathBuf::from(spec))
        } else {
            user_file.filter(|f| f.exists())
        };
        if let Some(path) = file {
            let text = std::fs::read_to_string(&path).map_err(|e| {
                FileError::at(&path, "", None, None, format!("cannot read theme: {e}"))
            })?;
            let name = path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            return Theme::parse(&name, &path, &text, Some(Theme::dark()));
        }
        Theme::built_in(spec).unwrap_or_else(|| {
            let names: Vec<&str> = BUILT_IN.iter().map(|(n, _)| *n).collect();
            Err(FileError::at(
                Path::new(spec),
                "",
                None,
                Some("theme".into()),
                format!("no theme named `{spec}` (built in: {})", names.join(", ")),
            ))
        })
    }

    /// Parses a theme file. Slots it leaves out come from its `base`, else from `fallback`.
    fn parse(
        name: &str,
        path: &Path,
        text: &str,
        fallback: Option<Theme>,
    ) -> Result<Theme, FileError> {
        let file: ThemeFile = parse_toml(path, text)?;
        let mut theme = match &file.base {
            Some(base) => match Theme::built_in(base.get_ref()) {
                Some(t) => t?,
                None => {
                    return Err(FileError::at(
                        path,
                        text,
                        Some(base.span()),
                        Some("base".into()),
                        format!("no built-in theme named `{}`", base.get_ref()),
                    ));
                }
            },
            None => fallback.unwrap_or(Theme {
                name: String::new(),
                colors: vec![Color::Reset; Slot::ALL.len()],
            }),
        };
        theme.name = name.to_string();
        let mut set = vec![false; Slot::ALL.len()];
        for (key, value) in &file.colors {
            let key_path = Some(format!("colors.{}", key.get_ref()));
            let slot = Slot::ALL
                .iter()
                .find(|s| s.name() == key.get_ref())
                .ok_or_else(|| {
                    FileError::at(
                        path,
                        text,
                        Some(key.span()),
                        key_path.clone(),
                        "unknown colour slot",
                    )
                })?;
            let toml::Value::String(name) = value.get_ref() else {
                return Err(FileError::at(
                    path,
                    text,
                    Some(value.span()),
                    key_path,
                    format!(
                        "expected a colour string, found {} (in quotes: a name like \"red\", \"#rrggbb\", or \"0\" to \"255\")",
                        found(value.get_ref())
                    ),
                ));
            };
            let color = Color::from_str(name).map_err(|_| {
                FileError::at(
                    path,
                    text,
                    Some(value.span()),
                    key_path.clone(),
                    format!("`{name}` is not a colour (use a name like `red`, `#rrggbb` or 0-255)"),
                )
            })?;
            theme.colors[*slot as usize] = color;
            set[*slot as usize] = true;
        }
        if file.base.is_none() && theme.colors.iter().all(|c| *c == Color::Reset) {
            return Err(FileError::at(
                path,
                text,
                None,
                Some("colors".into()),
                "the theme sets no colours",
            ));
        }
        if let Some(missing) = Slot::ALL
            .iter()
            .find(|s| !set[**s as usize] && theme.colors[**s as usize] == Color::Reset)
        {
            return Err(FileError::at(
                path,
                text,
                None,
                Some(format!("colors.{}", missing.name())),
                "missing colour slot",
            ));
        }
        Ok(theme)
    }
}

/// A TOML value as an error message shows it.
fn found(value: &toml::Value) -> String {
    match value {
        toml::Value::String(s) => format!("{s:?}"),
        toml::Value::Integer(n) => n.to_string(),
        toml::Value::Float(n) => n.to_string(),
        toml::Value::Boolean(b) => b.to_string(),
        toml::Value::Datetime(d) => d.to_string(),
        toml::Value::Array(_) => "an array".into(),
        toml::Value::Table(_) => "a table".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_built_in_theme_sets_every_slot() {
        for (name, _) in BUILT_IN {
            let theme = Theme::built_in(name).unwrap().unwrap();
            assert_eq!(theme.colors.len(), Slot::ALL.len());
        }
    }

    #[test]
    fn a_user_theme_overrides_only_the_slots_it_sets() {
        let text = "[colors]\nalarm = \"magenta\"\n";
        let theme =
            Theme::parse("mine", Path::new("mine.toml"), text, Some(Theme::dark())).unwrap();
        assert_eq!(theme.color(Slot::Alarm), Color::Magenta);
        assert_eq!(theme.color(Slot::Ok), Theme::dark().color(Slot::Ok));
    }

    #[test]
    fn a_bad_colour_names_file_line_and_key() {
        let text = "[colors]\nok = \"green\"\nalarm = \"redd\"\n";
        let err =
            Theme::parse("bad", Path::new("bad.toml"), text, Some(Theme::dark())).unwrap_err();
        assert_eq!(
            err.to_string(),
            "bad.toml:3:9: colors.alarm: `redd` is not a colour (use a name like `red`, `#rrggbb` or 0-255)"
        );
    }
}
