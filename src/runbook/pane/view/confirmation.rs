//! The confirmation a command passes through: the step, the account, the region and the
//! targets stay pinned at the top and the answer at the bottom, whatever the height; what it
//! sends (the commands, the instances, the rate) scrolls between them, wrapped so nothing of
//! a command is cut at the side. Each frame writes down how far it has been read.

use std::time::Instant;

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Clear, Paragraph};
use unicode_width::UnicodeWidthStr;

use super::modal::centered;
use super::wrap::{wrap, wrap_exact};
use crate::defuse;
use crate::kit::Loadable;
use crate::kit::spinner;
use crate::pane::ViewCx;
use crate::runbook::run::confirm::Confirmation;
use crate::theme::{Slot, Theme};

const LABEL: usize = 11;
const KEYS: &str = "j k ↓ ↑ pgdn pgup g G scroll";
const TYPED_KEYS: &str = "↓ ↑ pgdn pgup scroll";

/// Rows pinned at the top, and how much they matter when the screen is short (the answer
/// comes first of all): 2 the account and region, 3 the targets, 4 the step.
struct Pinned {
    lines: Vec<Line<'static>>,
    rank: u8,
}

pub(super) fn draw(frame: &mut Frame, area: Rect, c: &Confirmation, cx: &ViewCx, theme: &Theme) {
    let width = area.width.saturating_sub(4).min(110);
    let inner = usize::from(width.saturating_sub(2));
    let body = body(c, theme, inner);
    let total = body.len();
    let fingerprint = c.fingerprint();
    let top = top(c, cx, theme, inner);
    let most = usize::from(area.height.saturating_sub(2));
    // The answer's wording depends on what this frame shows, and its height on the wording:
    // lay it out again until it settles (only a count and the position row change).
    let mut reading = match c.screen.shown() {
        Some(s) => (s.unread, s.total > s.rows),
        None => (total, false),
    };
    let mut laid = layout(c, theme, inner, &top, total, most, reading);
    for _ in 0..3 {
        let next = (
            c.screen
                .unread_after(fingerprint, total, laid.rows, laid.first),
            total > laid.rows,
        );
        if next == reading {
            break;
        }
        reading = next;
        laid = layout(c, theme, inner, &top, total, most, reading);
    }
    c.screen
        .drawn(Instant::now(), fingerprint, total, laid.rows, laid.first);

    let mut lines: Vec<Line<'static>> = Vec::new();
    for (block, kept) in top.into_iter().zip(laid.kept) {
        if kept {
            lines.extend(block.lines);
        }
    }
    lines.extend(body.into_iter().skip(laid.first).take(laid.rows));
    lines.extend(laid.status);
    let answer_row = lines.len();
    lines.extend(laid.answer);

    let height = (lines.len() as u16).saturating_add(2).min(area.height);
    let boxed = centered(area, width, height);
    frame.render_widget(Clear, boxed);
    let block = Block::bordered()
        .border_type(BorderType::Double)
        .border_style(theme.fg(Slot::Warning));
    let inside = block.inner(boxed);
    frame.render_widget(block, boxed);
    frame.render_widget(Paragraph::new(lines), inside);
    if let Some(offset) = laid.cursor
        && inside.width > 0
    {
        let row = answer_row + offset / usize::from(inside.width);
        let col = offset % usize::from(inside.width);
        if row < usize::from(inside.height) {
            frame.set_cursor_position(Position::new(inside.x + col as u16, inside.y + row as u16));
        }
    }
}

struct Laid {
    /// Which of the step, the account and the targets rows are shown.
    kept: [bool; 3],
    /// Where the scrolled part is, when it does not all fit.
    status: Option<Line<'static>>,
    answer: Vec<Line<'static>>,
    /// The first row of the scrolled part on screen, and how many are.
    first: usize,
    rows: usize,
    /// Where the typed answer's cursor is, in columns from the answer's start.
    cursor: Option<usize>,
}

/// Gives the pinned rows the room they need, most important first, and the scrolled part
/// the rest. `reading` is what the answer says: the rows still unread, and whether it scrolls.
fn layout(
    c: &Confirmation,
    theme: &Theme,
    inner: usize,
    top: &[Pinned; 3],
    total: usize,
    most: usize,
    (unread, scrollable): (usize, bool),
) -> Laid {
    let (mut answer, cursor) = answer(c, theme, inner, unread, scrollable);
    answer.truncate(most);
    let mut used = answer.len();
    let mut kept = [false; 3];
    for rank in 2..=4 {
        for (n, block) in top.iter().enumerate() {
            if block.rank == rank && used + block.lines.len() <= most {
                kept[n] = true;
                used += block.lines.len();
            }
        }
    }
    let with_status = scrollable && used < most;
    if with_status {
        used += 1;
    }
    let rows = total.min(most - used);
    let first = c.screen.scroll().min(total - rows);
    let status = with_status.then(|| position(first, rows, total, c.typed_confirmation(), theme));
    Laid {
        kept,
        status,
        answer,
        first,
        rows,
        cursor,
    }
}

fn position(first: usize, rows: usize, total: usize, typed: bool, theme: &Theme) -> Line<'static> {
    let below = total - (first + rows);
    let more = if below > 0 {
        format!("{below} more below ▼")
    } else {
        "the end".to_string()
    };
    let keys = if typed { TYPED_KEYS } else { KEYS };
    Line::from(Span::styled(
        format!(
            "lines {}–{} of {total} · {more} · {keys}",
            (first + 1).min(first + rows),
            first + rows
        ),
        theme.fg(Slot::Dim),
    ))
}

fn label(text: &str, theme: &Theme) -> Span<'static> {
    Span::styled(format!("{text:<LABEL$}"), theme.fg(Slot::Dim))
}

fn top(c: &Confirmation, cx: &ViewCx, theme: &Theme, inner: usize) -> [Pinned; 3] {
    let strong = |slot: Slot| theme.fg(slot).add_modifier(Modifier::BOLD);
    let title = Span::styled(
        format!("Send step `{}` to the fleet?", defuse::line(&c.step_name)),
        strong(Slot::Title),
    );
    // account: NAME (ID) · region: REGION, as `warroom runbook run` says it.
    let mut account = vec![
        Span::styled("account: ", theme.fg(Slot::Dim)),
        Span::styled(c.account_label(), strong(Slot::Warning)),
        Span::styled(" · region: ", theme.fg(Slot::Dim)),
        Span::styled(c.region.clone(), strong(Slot::Warning)),
    ];
    if c.production {
        account.push(Span::raw(" "));
        account.push(Span::styled(
            " PROD ",
            strong(Slot::Alarm).add_modifier(Modifier::REVERSED),
        ));
    }
    let targets = defuse::line(&c.command.targets.to_string()).into_owned();
    let targets = match &c.preview {
        Loadable::Loading => format!("{targets} → {} resolving…", spinner::at(cx.now)),
        Loadable::Failed(e) => format!("{targets} → ✗ {}", defuse::line(&e.message)),
        Loadable::Ready(p) => format!("{targets} → {} instance(s)", p.count),
    };
    let plain = Span::raw("");
    [
        Pinned {
            lines: wrap(plain.clone(), plain.clone(), vec![title], inner),
            rank: 4,
        },
        Pinned {
            lines: wrap(plain.clone(), indent(LABEL), account, inner),
            rank: 2,
        },
        Pinned {
            lines: wrap(
                label("Targets", theme),
                indent(LABEL),
                vec![Span::styled(targets, theme.fg(Slot::Text))],
                inner,
            ),
            rank: 3,
        },
    ]
}

fn indent(n: usize) -> Span<'static> {
    Span::raw(" ".repeat(n))
}

/// What it sends, row by row: as whom, the document, every line of the commands, the
/// instances, the rate control, and a last row that says it is the end.
fn body(c: &Confirmation, theme: &Theme, inner: usize) -> Vec<Line<'static>> {
    let text =
        |s: &str, slot: Slot| vec![Span::styled(defuse::line(s).into_owned(), theme.fg(slot))];
    let mut rows = Vec::new();
    let field = |rows: &mut Vec<Line<'static>>, name: &str, value: Vec<Span<'static>>| {
        rows.extend(wrap(label(name, theme), indent(LABEL), value, inner));
    };
    field(&mut rows, "As", text(&c.caller_arn, Slot::Text));
    field(&mut rows, "Document", text(&c.request.document, Slot::Text));
    let mut commands: Vec<&str> = c.request.commands.split('\n').collect();
    if commands.len() > 1 && commands.last() == Some(&"") {
        commands.pop();
    }
    let count = format!("{} line(s), exactly as sent", commands.len());
    field(&mut rows, "Commands", text(&count, Slot::Dim));
    for line in commands {
        rows.extend(wrap_exact(
            Span::styled("  │ ", theme.fg(Slot::Dim)),
            Span::styled("  ┆ ", theme.fg(Slot::Dim)),
            text(line, Slot::Info),
            inner,
        ));
    }
    match &c.preview {
        Loadable::Loading => field(
            &mut rows,
            "Instances",
            text("resolving the targets…", Slot::Dim),
        ),
        Loadable::Failed(e) => field(
            &mut rows,
            "Instances",
            text(&format!("✗ cannot be listed: {}", e.message), Slot::Error),
        ),
        Loadable::Ready(p) => {
            let shown = format!("{} of {}", p.instances.len(), p.count);
            field(&mut rows, "Instances", text(&shown, Slot::Dim));
            for i in &p.instances {
                let slot = if i.ping_status == "Online" {
                    Slot::Text
                } else {
                    Slot::Warning
                };
                let row = format!(
                    "{} {:<16} {:<24} {}",
                    defuse::line(&i.id),
                    defuse::line(&i.name),
                    defuse::line(&i.platform),
                    defuse::line(&i.ping_status)
                );
                rows.extend(wrap(
                    indent(2),
                    indent(4),
                    vec![Span::styled(row, theme.fg(slot))],
                    inner,
                ));
            }
            if p.count > p.instances.len() {
                let more = format!("… and {} more", p.count - p.instances.len());
                rows.extend(wrap(indent(2), indent(4), text(&more, Slot::Dim), inner));
            }
        }
    }
    let rate = format!(
        "max concurrency {} · max errors {} · timeout {}s",
        c.request.max_concurrency, c.request.max_errors, c.request.timeout_seconds
    );
    field(&mut rows, "Rate", text(&rate, Slot::Text));
    if !c.request.stop_on_alarm.is_empty() {
        let stops = format!("{} goes to ALARM", c.request.stop_on_alarm.join(", "));
        field(&mut rows, "Stops if", text(&stops, Slot::Text));
    }
    rows.push(Line::from(Span::styled(
        "── end of what is sent ──",
        theme.fg(Slot::Dim),
    )));
    rows
}

/// The answer rows, and where the typed answer's cursor is.
fn answer(
    c: &Confirmation,
    theme: &Theme,
    inner: usize,
    unread: usize,
    scrollable: bool,
) -> (Vec<Line<'static>>, Option<usize>) {
    let strong = |slot: Slot| theme.fg(slot).add_modifier(Modifier::BOLD);
    let plain = Span::raw("");
    let rows = |spans: Vec<Span<'static>>| wrap(plain.clone(), plain.clone(), spans, inner);
    let not_yet = (unread > 0).then(|| super::super::confirm::Reading::Unread(unread).refusal());
    let not_yet = not_yet.flatten();
    let mut lines = Vec::new();
    let mut cursor = None;
    match c.refusal() {
        Some(why) => {
            lines.extend(rows(vec![Span::styled(
                format!("✗ Cannot send: {}", defuse::line(&why)),
                strong(Slot::Error),
            )]));
            let close = if scrollable {
                "any other key closes this"
            } else {
                "any key closes this"
            };
            lines.extend(rows(vec![Span::styled(close, theme.fg(Slot::Dim))]));
        }
        None if c.typed_confirmation() => {
            let prompt = if c.production {
                format!(
                    "A production account: type its name, {}, then enter: ",
                    c.answers().join(" or ")
                )
            } else {
                format!("Type {} then enter: ", c.answers().join(" or "))
            };
            let typed = defuse::line(c.typed.value()).into_owned();
            cursor = Some(prompt.width() + c.typed.visual_cursor());
            lines.extend(rows(vec![
                Span::styled(prompt, strong(Slot::KeyHint)),
                Span::styled(typed, theme.fg(Slot::Text)),
            ]));
            let hint = match &not_yet {
                Some(why) => Span::styled(
                    format!("✗ {why}, then enter sends it · esc cancels"),
                    strong(Slot::Warning),
                ),
                None => Span::styled("esc cancels", theme.fg(Slot::Dim)),
            };
            lines.extend(rows(vec![hint]));
        }
        None => {
            let line = match &not_yet {
                Some(why) => Span::styled(
                    format!("✗ {why}, then y sends it · any other key cancels"),
                    strong(Slot::Warning),
                ),
                None => Span::styled("y sends it · any other key cancels", strong(Slot::KeyHint)),
            };
            lines.extend(rows(vec![line]));
        }
    }
    (lines, cursor)
}
