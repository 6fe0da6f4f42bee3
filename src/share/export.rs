//! Markdown and self-contained HTML exports of entries, for reading and printing without the app.

use std::fmt::Write as _;

use super::Chosen;
use crate::journal::{Entry, EntryId, Value, describe, describe_for, is_answered};
use crate::workbook::Workbook;

/// The formats an export can take.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ExportFormat {
    /// An answers file to send to a reviewer, readable by anyone who has it.
    Answers,
    /// An answers file encrypted for the reviewer named in the workbook.
    SealedAnswers,
    /// Markdown, for reading or pasting.
    Markdown,
    /// One self-contained HTML page, for printing.
    Html,
}

impl ExportFormat {
    /// Whether anyone who gets the file can read it.
    pub fn is_plain(self) -> bool {
        self != Self::SealedAnswers
    }

    /// The file name ending.
    pub fn extension(self) -> &'static str {
        match self {
            Self::Answers => "answers.ron",
            Self::SealedAnswers => "answers.age",
            Self::Markdown => "md",
            Self::Html => "html",
        }
    }
}

/// One answered question, ready to print.
struct Item<'a> {
    ask: String,
    answer: String,
    comments: Vec<(&'a str, &'a str)>,
}

/// The answered, chosen questions of an entry in workbook order, then answers to questions this
/// version no longer asks.
fn items<'a>(
    workbook: &Workbook,
    id: &EntryId,
    entry: &'a Entry,
    chosen: Option<&Chosen>,
) -> Vec<(String, Vec<Item<'a>>)> {
    let included = |prompt: &str, value: &Value| {
        is_answered(value) && chosen.is_none_or(|c| c.contains(&(id.clone(), prompt.to_owned())))
    };
    let comments_for = |prompt: &str| -> Vec<(&'a str, &'a str)> {
        entry
            .feedback
            .iter()
            .filter_map(|f| {
                f.comments
                    .get(prompt)
                    .map(|c| (f.reviewer.as_str(), c.as_str()))
            })
            .filter(|(_, c)| !c.trim().is_empty())
            .collect()
    };
    let mut sections = Vec::new();
    for section in &workbook.sections {
        let list: Vec<Item<'a>> = section
            .prompts
            .iter()
            .filter_map(|p| {
                let value = entry.answers.get(&p.id)?;
                included(&p.id, value).then(|| Item {
                    ask: p.ask.clone(),
                    answer: describe_for(&p.input, value),
                    comments: comments_for(&p.id),
                })
            })
            .collect();
        if !list.is_empty() {
            sections.push((section.title.clone(), list));
        }
    }
    let earlier: Vec<Item<'a>> = entry
        .orphan_answers(workbook)
        .into_iter()
        .filter(|(prompt, value)| included(prompt, value))
        .map(|(prompt, value)| Item {
            ask: format!("(an earlier question, `{prompt}`)"),
            answer: describe(value),
            comments: comments_for(prompt),
        })
        .collect();
    if !earlier.is_empty() {
        sections.push(("Earlier answers".to_owned(), earlier));
    }
    sections
}

fn entry_heading(entry: &Entry) -> String {
    let started = entry.started_at.format("%A %-d %B %Y, %H:%M");
    match entry.completed_at {
        Some(done) => format!("{started} (finished {})", done.format("%-d %B %Y")),
        None => format!("{started} (a draft)"),
    }
}

/// Markdown for the given entries; `chosen` limits the answers, `None` means all.
pub fn export_markdown(
    workbook: &Workbook,
    entries: &[(&EntryId, &Entry)],
    chosen: Option<&Chosen>,
) -> String {
    let mut out = String::new();
    writeln!(out, "# {}\n", workbook.title).ok();
    writeln!(out, "_Private reflections written with trustwork. Not therapy, diagnosis or a crisis service._\n").ok();
    for (id, entry) in entries {
        let sections = items(workbook, id, entry, chosen);
        if sections.is_empty() {
            continue;
        }
        writeln!(out, "## {}\n", entry_heading(entry)).ok();
        for (title, list) in sections {
            writeln!(out, "### {title}\n").ok();
            for item in list {
                writeln!(out, "**{}**\n", item.ask.trim()).ok();
                for line in item.answer.lines() {
                    writeln!(out, "> {line}").ok();
                }
                writeln!(out).ok();
                for (who, comment) in item.comments {
                    let who = if who.is_empty() { "Reviewer" } else { who };
                    writeln!(out, "*{who}:* {comment}\n").ok();
                }
            }
        }
        for f in entry.feedback.iter().filter(|f| !f.note.trim().is_empty()) {
            let who = if f.reviewer.is_empty() {
                "Reviewer"
            } else {
                f.reviewer.as_str()
            };
            writeln!(out, "*Note from {who}:* {}\n", f.note).ok();
        }
    }
    out
}

/// Escapes text for HTML element content and attribute values.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

pub(super) const PRINT_CSS: &str = "
body { font-family: Georgia, 'Times New Roman', serif; color: #2e353d; background: #fbf9f4; max-width: 44rem; margin: 2rem auto; padding: 0 1.5rem; line-height: 1.55; }
h1 { font-weight: normal; font-size: 1.9rem; margin-bottom: .2rem; }
h2 { font-weight: normal; font-size: 1.35rem; border-bottom: 1px solid #dfd8cb; padding-bottom: .3rem; margin-top: 2.2rem; }
h3 { font-size: 1.05rem; color: #3f6f66; margin-top: 1.6rem; }
.note { color: #5c646c; font-style: italic; }
.ask { font-weight: bold; margin: 1rem 0 .3rem; }
.answer { white-space: pre-wrap; margin: 0 0 .6rem; padding: .4rem .8rem; border-left: 3px solid #3f6f66; background: #fffdf8; }
.comment { margin: 0 0 .8rem 1rem; color: #4a4f55; }
@media print { body { background: white; margin: 0; max-width: none; } h2 { break-before: auto; } .answer, .comment { break-inside: avoid; } }
";

/// One self-contained HTML page: no scripts, no external files, every text escaped.
pub fn export_html(
    workbook: &Workbook,
    entries: &[(&EntryId, &Entry)],
    chosen: Option<&Chosen>,
) -> String {
    let e = escape_html;
    let mut out = String::new();
    writeln!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<style>{PRINT_CSS}</style>\n</head>\n<body>",
        e(&workbook.title)
    )
    .ok();
    writeln!(out, "<h1>{}</h1>", e(&workbook.title)).ok();
    writeln!(out, "<p class=\"note\">Private reflections written with trustwork. Not therapy, diagnosis or a crisis service.</p>").ok();
    for (id, entry) in entries {
        let sections = items(workbook, id, entry, chosen);
        if sections.is_empty() {
            continue;
        }
        writeln!(out, "<h2>{}</h2>", e(&entry_heading(entry))).ok();
        for (title, list) in sections {
            writeln!(out, "<h3>{}</h3>", e(&title)).ok();
            for item in list {
                writeln!(
                    out,
                    "<p class=\"ask\">{}</p>\n<p class=\"answer\">{}</p>",
                    e(&item.ask),
                    e(&item.answer)
                )
                .ok();
                for (who, comment) in item.comments {
                    let who = if who.is_empty() { "Reviewer" } else { who };
                    writeln!(
                        out,
                        "<p class=\"comment\"><em>{}:</em> {}</p>",
                        e(who),
                        e(comment)
                    )
                    .ok();
                }
            }
        }
        for f in entry.feedback.iter().filter(|f| !f.note.trim().is_empty()) {
            let who = if f.reviewer.is_empty() {
                "Reviewer"
            } else {
                f.reviewer.as_str()
            };
            writeln!(
                out,
                "<p class=\"comment\"><em>Note from {}:</em> {}</p>",
                e(who),
                e(&f.note)
            )
            .ok();
        }
    }
    out.push_str("</body>\n</html>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_everything_that_could_become_markup() {
        assert_eq!(
            escape_html("<script>alert('x')</script> & \"q\""),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;"
        );
    }
}
