//! Keys as written in config (`q`, `G`, `<ctrl-d>`, `<pgdn>`) and what they are bound to.

use std::collections::BTreeMap;
use std::fmt;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::command::Command;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Key {
    code: KeyCodeOrd,
    ctrl: bool,
    alt: bool,
}

/// `KeyCode` without the variants a keymap cannot name, ordered for stable help output.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum KeyCodeOrd {
    Char(char),
    F(u8),
    Named(NamedKey),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum NamedKey {
    Enter,
    Esc,
    Tab,
    BackTab,
    Backspace,
    Up,
    Down,
    Left,
    Right,
    PageUp,
    PageDown,
    Home,
    End,
    Delete,
    Insert,
}

const NAMES: &[(NamedKey, &str)] = &[
    (NamedKey::Enter, "enter"),
    (NamedKey::Esc, "esc"),
    (NamedKey::Tab, "tab"),
    (NamedKey::BackTab, "backtab"),
    (NamedKey::Backspace, "backspace"),
    (NamedKey::Up, "up"),
    (NamedKey::Down, "down"),
    (NamedKey::Left, "left"),
    (NamedKey::Right, "right"),
    (NamedKey::PageUp, "pgup"),
    (NamedKey::PageDown, "pgdn"),
    (NamedKey::Home, "home"),
    (NamedKey::End, "end"),
    (NamedKey::Delete, "del"),
    (NamedKey::Insert, "ins"),
];

impl Key {
    /// Parses `q`, `G`, `?`, `<space>`, `<ctrl-d>`, `<alt-x>`, `<f5>`, `<shift-tab>`.
    pub fn parse(text: &str) -> Result<Key, String> {
        let bad = || format!("`{text}` is not a key (try `q`, `G`, `<ctrl-d>`, `<pgdn>`, `<f5>`)");
        let mut chars = text.chars();
        if let (Some(c), None) = (chars.next(), chars.next()) {
            return Ok(Key {
                code: KeyCodeOrd::Char(c),
                ctrl: false,
                alt: false,
            });
        }
        let inner = text
            .strip_prefix('<')
            .and_then(|t| t.strip_suffix('>'))
            .ok_or_else(bad)?
            .to_ascii_lowercase();
        let (mut ctrl, mut alt, mut shift) = (false, false, false);
        let mut rest = inner.as_str();
        loop {
            if let Some(r) = rest.strip_prefix("ctrl-") {
                ctrl = true;
                rest = r;
            } else if let Some(r) = rest.strip_prefix("alt-") {
                alt = true;
                rest = r;
            } else if let Some(r) = rest.strip_prefix("shift-") {
                shift = true;
                rest = r;
            } else {
                break;
            }
        }
        let code = if rest == "space" {
            KeyCodeOrd::Char(' ')
        } else if shift && rest == "tab" {
            shift = false;
            KeyCodeOrd::Named(NamedKey::BackTab)
        } else if let Some((named, _)) = NAMES.iter().find(|(_, n)| *n == rest) {
            KeyCodeOrd::Named(*named)
        } else if let Some(n) = rest.strip_prefix('f').and_then(|n| n.parse::<u8>().ok()) {
            KeyCodeOrd::F(n)
        } else {
            let original = &text[text.len() - 1 - rest.len()..text.len() - 1];
            let mut cs = original.chars();
            match (cs.next(), cs.next()) {
                (Some(c), None) => KeyCodeOrd::Char(c),
                _ => return Err(bad()),
            }
        };
        let code = match (code, shift) {
            (KeyCodeOrd::Char(c), true) => KeyCodeOrd::Char(c.to_ascii_uppercase()),
            (_, true) => return Err(bad()),
            (code, false) => code,
        };
        Ok(Key { code, ctrl, alt })
    }

    pub fn from_event(event: &KeyEvent) -> Option<Key> {
        let code = match event.code {
            KeyCode::Char(c) => KeyCodeOrd::Char(c),
            KeyCode::F(n) => KeyCodeOrd::F(n),
            KeyCode::Enter => KeyCodeOrd::Named(NamedKey::Enter),
            KeyCode::Esc => KeyCodeOrd::Named(NamedKey::Esc),
            KeyCode::Tab => KeyCodeOrd::Named(NamedKey::Tab),
            KeyCode::BackTab => KeyCodeOrd::Named(NamedKey::BackTab),
            KeyCode::Backspace => KeyCodeOrd::Named(NamedKey::Backspace),
            KeyCode::Up => KeyCodeOrd::Named(NamedKey::Up),
            KeyCode::Down => KeyCodeOrd::Named(NamedKey::Down),
            KeyCode::Left => KeyCodeOrd::Named(NamedKey::Left),
            KeyCode::Right => KeyCodeOrd::Named(NamedKey::Right),
            KeyCode::PageUp => KeyCodeOrd::Named(NamedKey::PageUp),
            KeyCode::PageDown => KeyCodeOrd::Named(NamedKey::PageDown),
            KeyCode::Home => KeyCodeOrd::Named(NamedKey::Home),
            KeyCode::End => KeyCodeOrd::Named(NamedKey::End),
            KeyCode::Delete => KeyCodeOrd::Named(NamedKey::Delete),
            KeyCode::Insert => KeyCodeOrd::Named(NamedKey::Insert),
            _ => return None,
        };
        Some(Key {
            code,
            ctrl: event.modifiers.contains(KeyModifiers::CONTROL),
            alt: event.modifiers.contains(KeyModifiers::ALT),
        })
    }
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let base = match self.code {
            KeyCodeOrd::Char(' ') => "space".to_string(),
            KeyCodeOrd::Char(c) => c.to_string(),
            KeyCodeOrd::F(n) => format!("f{n}"),
            KeyCodeOrd::Named(named) => NAMES
                .iter()
                .find(|(k, _)| *k == named)
                .map(|(_, n)| (*n).to_string())
                .unwrap_or_default(),
        };
        let plain_char = matches!(self.code, KeyCodeOrd::Char(c) if c != ' ');
        if plain_char && !self.ctrl && !self.alt {
            return f.write_str(&base);
        }
        let ctrl = if self.ctrl { "ctrl-" } else { "" };
        let alt = if self.alt { "alt-" } else { "" };
        write!(f, "<{ctrl}{alt}{base}>")
    }
}

/// The live keymap: defaults from the embedded config with the user's entries over them.
#[derive(Clone, Debug, Default)]
pub struct Keymap {
    bindings: BTreeMap<Key, Command>,
}

impl Keymap {
    pub fn bind(&mut self, key: Key, command: Option<Command>) {
        match command {
            Some(c) => self.bindings.insert(key, c),
            None => self.bindings.remove(&key),
        };
    }

    pub fn command_for(&self, event: &KeyEvent) -> Option<Command> {
        Key::from_event(event).and_then(|k| self.bindings.get(&k).copied())
    }

    /// The keys bound to a command, as written in config.
    pub fn keys_for(&self, command: Command) -> Vec<String> {
        self.bindings
            .iter()
            .filter(|(_, c)| **c == command)
            .map(|(k, _)| k.to_string())
            .collect()
    }

    /// The shortest key bound to a command, for hints.
    pub fn hint(&self, command: Command) -> Option<String> {
        self.keys_for(command).into_iter().min_by_key(|k| k.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_parse_and_print_back() {
        for text in [
            "q",
            "G",
            "?",
            ":",
            "<ctrl-d>",
            "<pgdn>",
            "<backtab>",
            "<f5>",
            "<space>",
            "<alt-x>",
        ] {
            let key = Key::parse(text).unwrap();
            assert_eq!(key.to_string(), text);
        }
        assert_eq!(Key::parse("<shift-tab>").unwrap().to_string(), "<backtab>");
        assert_eq!(Key::parse("<shift-g>").unwrap().to_string(), "G");
        assert!(Key::parse("<hyper-q>").unwrap_err().contains("not a key"));
        assert!(Key::parse("qq").is_err());
    }

    #[test]
    fn events_find_their_binding() {
        let mut map = Keymap::default();
        map.bind(Key::parse("<ctrl-d>").unwrap(), Some(Command::PageDown));
        map.bind(Key::parse("G").unwrap(), Some(Command::Bottom));
        let ctrl_d = KeyEvent::new(KeyCode::Char('d'), KeyModifiers::CONTROL);
        let shift_g = KeyEvent::new(KeyCode::Char('G'), KeyModifiers::SHIFT);
        assert_eq!(map.command_for(&ctrl_d), Some(Command::PageDown));
        assert_eq!(map.command_for(&shift_g), Some(Command::Bottom));
        map.bind(Key::parse("G").unwrap(), None);
        assert_eq!(map.command_for(&shift_g), None);
    }
}
