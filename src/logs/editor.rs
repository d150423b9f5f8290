//! The query editor: multi-line text (ratatui-textarea does the editing), this account's
//! past queries under up and down, and the words of the query language told apart.

use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui_textarea::TextArea;

/// What a piece of a query is, for colouring.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Token {
    Command,
    Keyword,
    Function,
    Field,
    Text,
    Number,
    Pipe,
    Plain,
}

const COMMANDS: &[&str] = &[
    "fields",
    "filter",
    "stats",
    "sort",
    "limit",
    "parse",
    "display",
    "dedup",
    "unmask",
    "pattern",
    "diff",
    "anomaly",
    "unnest",
    "filterIndex",
    "source",
    "lookup",
];

const KEYWORDS: &[&str] = &[
    "by", "as", "and", "or", "not", "in", "like", "asc", "desc", "with",
];

/// Splits one line into (text, token) pieces that join back to the line.
pub fn highlight(line: &str) -> Vec<(&str, Token)> {
    let mut out = Vec::new();
    let bytes = line.as_bytes();
    let mut at = 0;
    let mut after_like = false;
    while at < line.len() {
        let rest = &line[at..];
        let first = rest.chars().next().unwrap_or(' ');
        let (len, token) = if first == '"' || first == '\'' || first == '`' {
            (quoted(rest, first), Token::Text)
        } else if first == '/' && after_like {
            (quoted(rest, '/'), Token::Text)
        } else if first.is_ascii_digit() {
            let len = rest
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '.'))
                .unwrap_or(rest.len());
            (len, Token::Number)
        } else if first.is_alphabetic() || first == '@' || first == '_' || first == '$' {
            let len = rest
                .find(|c: char| !(c.is_alphanumeric() || matches!(c, '_' | '@' | '.' | '$' | '-')))
                .unwrap_or(rest.len());
            let word = &rest[..len];
            let token = if word.starts_with('@') {
                Token::Field
            } else if bytes.get(at + len) == Some(&b'(') {
                Token::Function
            } else if COMMANDS.contains(&word) {
                Token::Command
            } else if KEYWORDS.contains(&word.to_ascii_lowercase().as_str()) {
                Token::Keyword
            } else {
                Token::Plain
            };
            (len, token)
        } else if first == '|' {
            (1, Token::Pipe)
        } else {
            (first.len_utf8(), Token::Plain)
        };
        let piece = &line[at..at + len];
        if !piece.trim().is_empty() {
            after_like = matches!(piece, "like" | "=~");
        }
        out.push((piece, token));
        at += len;
    }
    out
}

/// The length of a quoted piece starting with `quote`, closing quote included when present.
fn quoted(rest: &str, quote: char) -> usize {
    let mut escaped = false;
    for (i, c) in rest.char_indices().skip(1) {
        match c {
            '\\' if !escaped => escaped = true,
            c if c == quote && !escaped => return i + c.len_utf8(),
            _ => escaped = false,
        }
    }
    rest.len()
}

pub struct QueryEditor {
    area: TextArea<'static>,
    /// This account's past queries, oldest first.
    history: Vec<String>,
    /// Which past query is shown while browsing, and the text it replaced.
    browsing: Option<(usize, String)>,
}

impl QueryEditor {
    pub fn new(text: &str) -> QueryEditor {
        QueryEditor {
            area: TextArea::new(text.lines().map(str::to_string).collect()),
            history: Vec::new(),
            browsing: None,
        }
    }

    pub fn text(&self) -> String {
        self.area.lines().join("\n")
    }

    pub fn lines(&self) -> &[String] {
        self.area.lines()
    }

    /// (row, column in characters).
    pub fn cursor(&self) -> (usize, usize) {
        let c = self.area.cursor();
        (c.0, c.1)
    }

    pub fn set_text(&mut self, text: &str) {
        self.area = TextArea::new(text.lines().map(str::to_string).collect());
        self.browsing = None;
    }

    pub fn set_history(&mut self, history: Vec<String>) {
        self.history = history;
        self.browsing = None;
    }

    /// Remembers a query that ran, most recent last, without repeats.
    pub fn remember(&mut self, query: &str) {
        self.history.retain(|q| q != query);
        self.history.push(query.to_string());
        self.browsing = None;
    }

    /// Up on the first line and down on the last walk through past queries; everything
    /// else edits.
    pub fn key(&mut self, key: KeyEvent) {
        let (row, _) = self.cursor();
        let last = self.area.lines().len().saturating_sub(1);
        match key.code {
            KeyCode::Up if row == 0 && !self.history.is_empty() => self.back(),
            KeyCode::Down if row == last && self.browsing.is_some() => self.forward(),
            _ => {
                self.area.input(key);
            }
        }
    }

    fn back(&mut self) {
        let at = match &self.browsing {
            Some((at, _)) => at.saturating_sub(1),
            None => self.history.len() - 1,
        };
        let draft = match self.browsing.take() {
            Some((_, draft)) => draft,
            None => self.text(),
        };
        self.area = TextArea::new(self.history[at].lines().map(str::to_string).collect());
        self.browsing = Some((at, draft));
    }

    fn forward(&mut self) {
        let Some((at, draft)) = self.browsing.take() else {
            return;
        };
        if at + 1 < self.history.len() {
            self.area = TextArea::new(self.history[at + 1].lines().map(str::to_string).collect());
            self.browsing = Some((at + 1, draft));
        } else {
            self.area = TextArea::new(draft.lines().map(str::to_string).collect());
        }
        self.area.move_cursor(ratatui_textarea::CursorMove::Bottom);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::crossterm::event::KeyModifiers;

    fn press(editor: &mut QueryEditor, code: KeyCode) {
        editor.key(KeyEvent::new(code, KeyModifiers::NONE));
    }

    #[test]
    fn the_query_language_is_told_apart() {
        let pieces: Vec<(&str, Token)> =
            highlight(r#"filter level = "ERROR" | stats count(*) as n by bin(5m)"#)
                .into_iter()
                .filter(|(t, _)| !t.trim().is_empty())
                .collect();
        assert_eq!(pieces[0], ("filter", Token::Command));
        assert!(pieces.contains(&("\"ERROR\"", Token::Text)));
        assert!(pieces.contains(&("|", Token::Pipe)));
        assert!(pieces.contains(&("count", Token::Function)));
        assert!(pieces.contains(&("as", Token::Keyword)));
        assert!(pieces.contains(&("bin", Token::Function)));
        assert!(pieces.contains(&("5m", Token::Number)));
        let line = "fields @timestamp, @message | filter @message like /time(out)?/";
        let joined: String = highlight(line).iter().map(|(t, _)| *t).collect();
        assert_eq!(joined, line, "the pieces are the whole line");
        assert!(highlight(line).contains(&("/time(out)?/", Token::Text)));
        assert!(highlight(line).contains(&("@timestamp", Token::Field)));
    }

    #[test]
    fn up_and_down_walk_through_past_queries_and_back_to_the_draft() {
        let mut editor = QueryEditor::new("fields @message");
        editor.set_history(vec!["stats count(*)".into(), "limit 5".into()]);
        press(&mut editor, KeyCode::Up);
        assert_eq!(editor.text(), "limit 5");
        press(&mut editor, KeyCode::Up);
        assert_eq!(editor.text(), "stats count(*)");
        press(&mut editor, KeyCode::Down);
        press(&mut editor, KeyCode::Down);
        assert_eq!(editor.text(), "fields @message", "the draft comes back");
        press(&mut editor, KeyCode::End);
        press(&mut editor, KeyCode::Enter);
        press(&mut editor, KeyCode::Char('|'));
        assert_eq!(
            editor.text(),
            "fields @message\n|",
            "enter starts a new line"
        );
    }
}
