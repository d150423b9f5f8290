//! `?`: every key from the live keymap, and the `:` commands.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Clear, Paragraph};

use crate::app::cmdline::COMMANDS;
use crate::app::panes::PaneId;
use crate::command::Command;
use crate::keymap::Keymap;
use crate::theme::{Slot, Theme};

pub fn lines(keymap: &Keymap, theme: &Theme) -> Vec<Line<'static>> {
    let key_style = theme.fg(Slot::KeyHint).add_modifier(Modifier::BOLD);
    let heading = theme.fg(Slot::Title).add_modifier(Modifier::BOLD);
    let mut out = vec![Line::from(Span::styled("Keys", heading))];
    for command in Command::all() {
        let keys = keymap.keys_for(command);
        if keys.is_empty() {
            continue;
        }
        let description = match command {
            Command::FocusPane(n) => match PaneId::numbered(usize::from(n)) {
                Some(pane) => format!("focus the {} pane", pane.title()),
                None => continue,
            },
            _ => command.description(),
        };
        out.push(Line::from(vec![
            Span::styled(format!("  {:<18}", keys.join(" ")), key_style),
            Span::styled(description, theme.fg(Slot::Text)),
        ]));
    }
    out.push(Line::default());
    out.push(Line::from(Span::styled(
        "Commands (type : first, tab completes)",
        heading,
    )));
    for (name, description) in COMMANDS {
        out.push(Line::from(vec![
            Span::styled(format!("  :{name:<17}"), key_style),
            Span::styled(*description, theme.fg(Slot::Text)),
        ]));
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
        out.push(Line::from(vec![
            Span::styled(format!("  {mark:<18}"), key_style),
            Span::styled(meaning, theme.fg(Slot::Text)),
        ]));
    }
    out
}

pub fn draw(frame: &mut Frame, area: Rect, scroll: u16, keymap: &Keymap, theme: &Theme) {
    let content = lines(keymap, theme);
    let width = area.width.saturating_sub(4).min(76);
    let height = (content.len() as u16 + 2).min(area.height.saturating_sub(2));
    let popup = Rect::new(area.x + (area.width - width) / 2, area.y + 1, width, height);
    let max_scroll = (content.len() as u16 + 2).saturating_sub(height);
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
    use crate::config::Config;

    #[test]
    fn help_lists_a_key_for_each_pane_there_is_and_none_for_one_there_is_not() {
        let text: Vec<String> = lines(&Config::defaults().keymap, &Theme::dark())
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
