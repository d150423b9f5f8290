//! Markdown to a runbook: each `##` heading starts a step, a fenced block with attributes is
//! what the step runs.

use std::ops::Range;
use std::path::Path;

use pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use super::attributes;
use super::block::{self, Fence, Runnable};
use super::error::{Problems, RunbookError};
use super::front_matter;
use super::hidden;
use super::model::{Action, Prose, Runbook, Step};

/// The runbook as far as it can be read, and every problem met on the way.
pub fn parse(path: &Path, source: &str) -> (Runbook, Vec<RunbookError>) {
    let mut problems = Problems::new(path, source);
    let split = front_matter::split(source, &mut problems);
    let front = split
        .toml
        .map(|(offset, text)| front_matter::parse(text, offset, &mut problems))
        .unwrap_or_default();
    let walked = walk(source, split.body_offset, &mut problems);
    hidden::report(&walked.fences, "this block", &mut problems);
    let title = front.title.clone().or(walked.h1).unwrap_or_else(|| {
        path.file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default()
    });
    let first_step = walked
        .sections
        .first()
        .map(|s| s.heading.start)
        .unwrap_or(source.len());
    let introduction = prose(source, split.body_offset..first_step, &problems);
    let mut steps = Vec::new();
    for (i, section) in walked.sections.iter().enumerate() {
        let end = walked
            .sections
            .get(i + 1)
            .map(|next| next.heading.start)
            .unwrap_or(source.len());
        let (instruction, notes) = match &section.runnable {
            Some((_, range)) => (
                prose(source, section.heading.end..range.start, &problems),
                prose(source, range.end..end, &problems),
            ),
            None => (prose(source, section.heading.end..end, &problems), None),
        };
        let (name, action) = match &section.runnable {
            Some((runnable, _)) => (runnable.name.clone(), runnable.action.clone()),
            None => (None, Action::Manual),
        };
        steps.push(Step {
            name: name.unwrap_or_else(|| section.text.clone()),
            heading: section.text.clone(),
            at: problems.at(section.heading.start),
            instruction,
            notes,
            action,
        });
    }
    let runbook = Runbook {
        path: path.to_path_buf(),
        title,
        front,
        introduction,
        steps,
    };
    (runbook, problems.found)
}

struct Section {
    text: String,
    /// Byte range of the heading in the file.
    heading: Range<usize>,
    runnable: Option<(Runnable, Range<usize>)>,
}

struct Walked {
    h1: Option<String>,
    sections: Vec<Section>,
    /// Byte range of every fenced block, fences included: what lint reads for hidden text.
    fences: Vec<Range<usize>>,
}

struct OpenBlock {
    info: String,
    range: Range<usize>,
    body: String,
    body_offset: Option<usize>,
}

fn walk(source: &str, body_offset: usize, problems: &mut Problems) -> Walked {
    let body = &source[body_offset..];
    let options =
        Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS;
    let mut walked = Walked {
        h1: None,
        sections: Vec::new(),
        fences: Vec::new(),
    };
    let mut heading: Option<(HeadingLevel, Range<usize>, String)> = None;
    let mut code: Option<OpenBlock> = None;
    for (event, range) in Parser::new_ext(body, options).into_offset_iter() {
        let range = range.start + body_offset..range.end + body_offset;
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                heading = Some((level, range, String::new()))
            }
            Event::End(TagEnd::Heading(_)) => {
                let Some((level, range, text)) = heading.take() else {
                    continue;
                };
                let text = text.trim().to_string();
                if level == HeadingLevel::H1 && walked.h1.is_none() && walked.sections.is_empty() {
                    walked.h1 = Some(text);
                } else if level == HeadingLevel::H2 {
                    if text.is_empty() {
                        problems.add(range.start, "this ## heading has no text: name the step");
                    }
                    walked.sections.push(Section {
                        text,
                        heading: range,
                        runnable: None,
                    });
                }
            }
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) => {
                walked.fences.push(range.clone());
                code = Some(OpenBlock {
                    info: info.to_string(),
                    range,
                    body: String::new(),
                    body_offset: None,
                });
            }
            Event::End(TagEnd::CodeBlock) => {
                if let Some(open) = code.take() {
                    close_block(source, open, &mut walked, problems);
                }
            }
            Event::Text(text) | Event::Code(text) => {
                if let Some(open) = &mut code {
                    open.body_offset.get_or_insert(range.start);
                    open.body.push_str(&text);
                } else if let Some((_, _, heading_text)) = &mut heading {
                    heading_text.push_str(&text);
                }
            }
            _ => {}
        }
    }
    walked
}

fn close_block(source: &str, open: OpenBlock, walked: &mut Walked, problems: &mut Problems) {
    let first_line = source[open.range.clone()].lines().next().unwrap_or("");
    let info_offset = open.range.start
        + first_line
            .find(open.info.trim())
            .filter(|_| !open.info.trim().is_empty())
            .unwrap_or(0);
    let info = match attributes::parse(&open.info) {
        Ok(info) => info,
        Err(message) => {
            let language = open.info.split_whitespace().next().unwrap_or("");
            if block::is_runnable_language(language) {
                problems.add(info_offset, message);
            }
            return;
        }
    };
    let fence = Fence {
        at: problems.at(open.range.start),
        info_offset,
        body: &open.body,
        body_offset: open.body_offset.unwrap_or(open.range.start),
    };
    let Some(runnable) = block::read(&info, &fence, problems) else {
        return;
    };
    let Some(section) = walked.sections.last_mut() else {
        problems.add(
            open.range.start,
            "this runnable block is not in a step: put a ## heading above it",
        );
        return;
    };
    if let Some((_, first)) = &section.runnable {
        let first_line = problems.at(first.start).line;
        problems.add(
            open.range.start,
            format!(
                "step `{}` already runs the block on line {first_line}: give this one a ## heading of its own",
                section.text
            ),
        );
        return;
    }
    section.runnable = Some((runnable, open.range));
}

/// The trimmed markdown of a range, or `None` if it is blank.
fn prose(source: &str, range: Range<usize>, problems: &Problems) -> Option<Prose> {
    let text = source.get(range.clone())?;
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return None;
    }
    let start = range.start + (text.len() - text.trim_start().len());
    Some(Prose {
        text: trimmed.to_string(),
        line: problems.at(start).line,
    })
}
