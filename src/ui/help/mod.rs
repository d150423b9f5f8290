//! `?`: every key from the live keymap, and the `:` commands.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Clear, Paragraph};

use crate::app::cmdline::COMMANDS;
use crate::keymap::Keymap;
use crate::theme::{Slot, Theme};

mod rows;

pub use rows::rows;

/// Where the key column ends: keys wider than this stand on a line of their own.
const KEY_COLUMN: usize = 18;

/// `text` cut at spaces into lines of at most `width` characters (a longer word is split).
fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut out = Vec::new();
    let mut line = String::new();
    for word in text.split(' ') {
        let mut word: Vec<char> = word.chars().collect();
        while word.len() > width {
            if !line.is_empty() {
                out.push(std::mem::take(&mut line));
            }
            out.push(word.drain(..width).collect());
        }
        let word: String = word.into_iter().collect();
        let len = line.chars().count();
        if len > 0 && len + 1 + word.chars().count() > width {
            out.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(&word);
    }
    if !line.is_empty() || out.is_empty() {
        out.push(line);
    }
    out
}

/// A row `keys  what they do`, wrapped to `width`: the words go on under the key column,
/// after the keys' own line when the keys are too wide for it.
fn row(
    out: &mut Vec<Line<'static>>,
    keys: &str,
    does: &str,
    width: usize,
    styles: (ratatui::style::Style, ratatui::style::Style),
) {
    let (key_style, text_style) = styles;
    let column = if width >= KEY_COLUMN + 20 {
        KEY_COLUMN
    } else {
        4
    };
    let keys = format!("  {keys}");
    let mut words = wrap(does, width.saturating_sub(column)).into_iter();
    let first = if keys.chars().count() < column {
        let pad = column - keys.chars().count();
        let first = words.next().unwrap_or_default();
        Line::from(vec![
            Span::styled(format!("{keys}{}", " ".repeat(pad)), key_style),
            Span::styled(first, text_style),
        ])
    } else {
        Line::from(Span::styled(keys, key_style))
    };
    out.push(first);
    for rest in words {
        out.push(Line::from(vec![
            Span::raw(" ".repeat(column)),
            Span::styled(rest, text_style),
        ]));
    }
}

/// Help's lines, `width` wide: every bound key, the `:` commands, the marks, and where the
/// console keeps its files.
pub fn lines(
    keymap: &Keymap,
    theme: &Theme,
    width: usize,
    state_dir: Option<&std::path::Path>,
) -> Vec<Line<'static>> {
    let key_style = theme.fg(Slot::KeyHint).add_modifier(Modifier::BOLD);
    let heading = theme.fg(Slot::Title).add_modifier(Modifier::BOLD);
    let styles = (key_style, theme.fg(Slot::Text));
    let mut out = vec![Line::from(Span::styled("Keys", heading))];
    for (keys, does) in rows(keymap) {
        row(&mut out, &keys, &does, width, styles);
    }
    out.push(Line::default());
    out.push(Line::from(Span::styled(
        "Commands (type : first, tab completes)",
        heading,
    )));
    for (name, description) in COMMANDS {
        row(&mut out, &format!(":{name}"), description, width, styles);
    }
    out.push(Line::default());
    out.push(Line::from(Span::styled("Marks", heading)));
    for (mark, meaning) in [
        ("● ALARM", "the alarm is firing"),
        (
            "◌ NO DATA",
            "INSUFFICIENT_DATA: the metric has too few points",
        ),
        ("✓ OK", "within its threshold"),
        ("*", "state changed at the last refresh"),
    ] {
        row(&mut out, mark, meaning, width, styles);
    }
    if let Some(dir) = state_dir {
        out.push(Line::default());
        let text = format!("state: {}", crate::defuse::line(&dir.display().to_string()));
        for part in wrap(&text, width) {
            out.push(Line::from(Span::styled(part, theme.fg(Slot::Text))));
        }
    }
    out
}

/// The help window's place on a screen `area`.
fn popup(area: Rect, rows: usize) -> Rect {
    let width = area.width.saturating_sub(4).min(76);
    let height = (rows as u16 + 2).min(area.height.saturating_sub(2));
    Rect::new(area.x + (area.width - width) / 2, area.y + 1, width, height)
}

pub fn draw(
    frame: &mut Frame,
    area: Rect,
    scroll: u16,
    keymap: &Keymap,
    theme: &Theme,
    state_dir: Option<&std::path::Path>,
) {
    let inner = usize::from(popup(area, 0).width.saturating_sub(2));
    let content = lines(keymap, theme, inner, state_dir);
    let popup = popup(area, content.len());
    let max_scroll = (content.len() as u16 + 2).saturating_sub(popup.height);
    let block = Block::bordered()
        .border_type(BorderType::Rounded)
        .border_style(theme.fg(Slot::FocusedBorder))
        .title(Span::styled(" Help — esc to close ", theme.fg(Slot::Title)));
    frame.render_widget(Clear, popup);
    frame.render_widget(
        Paragraph::new(content)
            .block(block)
            .scroll((scroll.min(max_scroll), 0)),
        popup,
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::panes::PaneId;
    use crate::config::Config;

    #[test]
    fn help_lists_a_key_for_each_pane_there_is_and_none_for_one_there_is_not() {
        let text: Vec<String> = lines(&Config::defaults().keymap, &Theme::dark(), 76, None)
            .iter()
            .map(|l| l.spans.iter().map(|s| s.content.as_ref()).collect())
            .collect();
        for pane in PaneId::ALL {
            let want = format!("focus the {} pane", pane.title());
            assert!(
                text.iter()
                    .any(|l| l.trim_start().starts_with(&pane.number().to_string())
                        && l.ends_with(&want)),
                "{want}: {text:#?}"
            );
        }
        let beyond = (PaneId::ALL.len() + 1).to_string();
        assert!(
            !text
                .iter()
                .any(|l| l.trim_start().starts_with(&format!("{beyond} "))),
            "no key for pane {beyond}: {text:#?}"
        );
    }
}

#[cfg(test)]
mod screen_tests {
    use super::*;
    use crate::command::Command;
    use crate::config::Config;
    use crate::keymap::Key;
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;

    /// Everything help shows on a `w`x`h` screen, scrolled through to its end.
    fn shown(keymap: &Keymap, w: u16, h: u16) -> Vec<String> {
        let mut seen = Vec::new();
        for scroll in 0..200 {
            let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
            terminal
                .draw(|f| draw(f, f.area(), scroll, keymap, &Theme::dark(), None))
                .unwrap();
            let buffer = terminal.backend().buffer();
            let rows: Vec<String> = (0..h)
                .map(|y| {
                    (0..w)
                        .map(|x| buffer[(x, y)].symbol().to_string())
                        .collect::<String>()
                })
                .collect();
            let inner: Vec<String> = rows
                .iter()
                .filter(|r| r.contains('│'))
                .map(|r| r.trim().trim_matches('│').trim_end().to_string())
                .collect();
            if seen.ends_with(&inner) {
                break;
            }
            seen.extend(inner);
        }
        seen
    }

    fn words(text: &str) -> Vec<&str> {
        text.split_whitespace().collect()
    }

    #[test]
    fn help_at_80x24_and_60x20_shows_every_bound_commands_words_whole() {
        let keymap = Config::defaults().keymap;
        for (w, h) in [(80, 24), (60, 20)] {
            let all = shown(&keymap, w, h).join(" ");
            let all = words(&all).join(" ");
            for (keys, does) in rows(&keymap) {
                let line = format!("{} {}", words(&keys).join(" "), words(&does).join(" "));
                assert!(all.contains(&line), "{w}x{h}: {line:?} not whole in\n{all}");
            }
            for (name, does) in COMMANDS {
                let line = format!(":{name} {}", words(does).join(" "));
                assert!(all.contains(&line), "{w}x{h}: {line:?} not whole");
            }
        }
    }

    #[test]
    fn a_rebound_key_shows_its_new_key_and_an_unbound_one_is_absent() {
        let mut keymap = Config::defaults().keymap;
        keymap.bind(Key::parse("v").unwrap(), None);
        keymap.bind(Key::parse("r").unwrap(), None);
        keymap.bind(Key::parse("<ctrl-g>").unwrap(), Some(Command::Refresh));
        let rows = rows(&keymap);
        assert!(
            !rows.iter().any(|(_, does)| does.contains("as a chart")),
            "{rows:#?}"
        );
        assert!(
            rows.contains(&(
                "ctrl-g".into(),
                "refresh every pane now, and the opened alarm or event".into()
            )),
            "{rows:#?}"
        );
        assert!(!rows.iter().any(|(keys, _)| keys == "r"), "{rows:#?}");
    }
}
