//! A workbook as a blank outline, for paper or for a colleague to review: every page and
//! question with its help, the kind of answer, when it is shown, and what its safety flag does.

use std::fmt::Write as _;

use super::export::{PRINT_CSS, escape_html};
use crate::workbook::{Workbook, input_words, notes, safety_words, shown_when};

/// One question, in words.
struct Item {
    ask: String,
    help: String,
    answer: String,
    shown: Option<String>,
    notes: Vec<String>,
    /// Lines of blank space to leave for writing on paper.
    space: usize,
}

/// One page, in words.
struct Page {
    title: String,
    shown: Option<String>,
    intro: String,
    items: Vec<Item>,
}

fn pages(workbook: &Workbook) -> Vec<Page> {
    workbook
        .sections
        .iter()
        .map(|section| Page {
            title: section.title.clone(),
            shown: section.show_if.as_ref().map(|c| shown_when(workbook, c)),
            intro: section.intro.clone(),
            items: section
                .prompts
                .iter()
                .map(|prompt| {
                    let mut all = notes(workbook, prompt);
                    all.extend(safety_words(prompt));
                    Item {
                        ask: prompt.ask.clone(),
                        help: prompt.help.clone(),
                        answer: input_words(&prompt.input),
                        shown: prompt.show_if.as_ref().map(|c| shown_when(workbook, c)),
                        notes: all,
                        space: match prompt.input {
                            crate::workbook::Input::LongText => 6,
                            crate::workbook::Input::List { .. } => 4,
                            crate::workbook::Input::ShortText => 1,
                            _ => 0,
                        },
                    }
                })
                .collect(),
        })
        .collect()
}

fn about(workbook: &Workbook) -> String {
    format!(
        "About {} minutes · {} · {}",
        workbook.minutes,
        workbook.cadence.label(),
        workbook.audience.label()
    )
}

/// The outline as Markdown.
pub fn outline_markdown(workbook: &Workbook) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# {}\n\n{}\n\n*{}*\n",
        workbook.title,
        workbook.summary,
        about(workbook)
    );
    if let Some(assigned) = workbook.assigned_words() {
        let _ = writeln!(out, "{assigned}\n");
    }
    if let Some(note) = &workbook.content_note {
        let _ = writeln!(
            out,
            "> **Before you begin:** {}\n",
            note.replace('\n', "\n> ")
        );
    }
    if !workbook.intro.trim().is_empty() {
        let _ = writeln!(out, "{}\n", workbook.intro.trim());
    }
    for (i, page) in pages(workbook).iter().enumerate() {
        let _ = writeln!(out, "## Page {}: {}\n", i + 1, page.title);
        if let Some(shown) = &page.shown {
            let _ = writeln!(out, "*This page is {shown}.*\n");
        }
        if !page.intro.trim().is_empty() {
            let _ = writeln!(out, "{}\n", page.intro.trim());
        }
        for item in &page.items {
            let _ = writeln!(out, "### {}\n", item.ask);
            if let Some(shown) = &item.shown {
                let _ = writeln!(out, "*This question is {shown}.*\n");
            }
            if !item.help.trim().is_empty() {
                let _ = writeln!(out, "{}\n", item.help.trim());
            }
            let _ = writeln!(out, "Answer: {}\n", item.answer);
            for note in &item.notes {
                let _ = writeln!(out, "- {note}");
            }
            if !item.notes.is_empty() {
                out.push('\n');
            }
        }
    }
    out
}

/// The outline as one printable HTML page, with room to write on paper.
pub fn outline_html(workbook: &Workbook) -> String {
    let e = escape_html;
    let para = |text: &str| {
        let mut html = String::new();
        for block in crate::workbook::text_blocks(text) {
            match block {
                crate::workbook::TextBlock::Paragraph(p) => {
                    let _ = write!(html, "<p>{}</p>", e(&p));
                }
                crate::workbook::TextBlock::Bullets(items) => {
                    html.push_str("<ul>");
                    for item in items {
                        let _ = write!(html, "<li>{}</li>", e(&item));
                    }
                    html.push_str("</ul>");
                }
            }
        }
        html
    };
    let mut out = String::new();
    let _ = writeln!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n<style>{PRINT_CSS}\n.space {{ border-bottom: 1px solid #dfd8cb; height: 1.6rem; }}\n.kind, .shown {{ color: #5c646c; font-size: .92rem; }}\n</style>\n</head>\n<body>",
        e(&workbook.title)
    );
    let _ = writeln!(
        out,
        "<h1>{}</h1>\n{}<p class=\"note\">{}</p>",
        e(&workbook.title),
        para(&workbook.summary),
        e(&about(workbook))
    );
    if let Some(assigned) = workbook.assigned_words() {
        let _ = writeln!(out, "<p>{}</p>", e(&assigned));
    }
    if let Some(note) = &workbook.content_note {
        let _ = writeln!(out, "<h3>Before you begin</h3>{}", para(note));
    }
    out.push_str(&para(&workbook.intro));
    for (i, page) in pages(workbook).iter().enumerate() {
        let _ = writeln!(out, "<h2>Page {}: {}</h2>", i + 1, e(&page.title));
        if let Some(shown) = &page.shown {
            let _ = writeln!(
                out,
                "<p class=\"shown\"><em>This page is {}.</em></p>",
                e(shown)
            );
        }
        out.push_str(&para(&page.intro));
        for item in &page.items {
            let _ = writeln!(out, "<p class=\"ask\">{}</p>", e(&item.ask));
            if let Some(shown) = &item.shown {
                let _ = writeln!(
                    out,
                    "<p class=\"shown\"><em>This question is {}.</em></p>",
                    e(shown)
                );
            }
            out.push_str(&para(&item.help));
            let _ = writeln!(out, "<p class=\"kind\">Answer: {}</p>", e(&item.answer));
            for note in &item.notes {
                let _ = writeln!(out, "<p class=\"kind\">{}</p>", e(note));
            }
            for _ in 0..item.space {
                out.push_str("<div class=\"space\"></div>");
            }
        }
    }
    out.push_str("</body>\n</html>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workbook::bundled_workbook;

    #[test]
    fn an_outline_has_every_page_question_and_condition_in_words() {
        let wb = bundled_workbook("couple-sharing-turns").unwrap();
        let md = outline_markdown(&wb);
        for section in &wb.sections {
            assert!(md.contains(&section.title), "{}", section.title);
            for prompt in &section.prompts {
                assert!(md.contains(&prompt.ask), "{}", prompt.ask);
            }
        }
        assert!(md.contains("*This page is shown when “Do I feel afraid of my partner"));
        assert!(md.contains(
            "When the answer is Yes: “Get help now” opens with domestic abuse support first."
        ));
        assert!(md.contains("Not saved: used only while the page is open"));
        let html = outline_html(&wb);
        assert!(html.contains("This page is shown when “Do I feel afraid of my partner"));
        assert!(!html.contains("<script"));
        assert!(html.contains("class=\"space\""));
        // The fear question's list of what counts is a list on paper too.
        assert!(
            html.contains("<ul><li>being pushed, hit, held down, or hurt in any other way</li>"),
            "{html}"
        );
    }
}
