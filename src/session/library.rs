//! The library: every workbook the app knows, bundled or added, with the text of each (answers
//! files embed it), and how the library screen lists them.

use std::collections::BTreeMap;

use crate::journal::{Journal, WorkbookStatus};
use crate::workbook::{self, Workbook};

/// Every workbook, with its text.
#[derive(Debug, Default)]
pub struct Library {
    /// Workbooks compiled into the binary, in the suggested order.
    bundled: Vec<Workbook>,
    /// Workbooks added to the data folder, in the order they were read or added.
    imported: Vec<Workbook>,
    /// The text of every workbook, by id.
    sources: BTreeMap<String, String>,
}

/// One workbook in the library.
pub struct WorkbookCard<'a> {
    /// The workbook.
    pub workbook: &'a Workbook,
    /// Drafts and completions.
    pub status: WorkbookStatus,
    /// Whether it came from the data folder rather than the app.
    pub imported: bool,
}

impl Library {
    /// The library of the bundled workbooks and those read from the data folder. An added
    /// workbook with a bundled workbook's id is left out: the bundled one wins.
    pub fn new(bundled: Vec<(Workbook, &'static str)>, imported: Vec<(Workbook, String)>) -> Self {
        let mut library = Self::default();
        for (workbook, source) in bundled {
            library
                .sources
                .insert(workbook.id.clone(), source.to_owned());
            library.bundled.push(workbook);
        }
        for (workbook, source) in imported {
            if !library.is_bundled(&workbook.id) {
                library.add(workbook, source);
            }
        }
        library
    }

    /// The workbook with this id.
    pub fn get(&self, id: &str) -> Option<&Workbook> {
        self.all().find(|w| w.id == id)
    }

    /// Every workbook, bundled first.
    pub fn all(&self) -> impl Iterator<Item = &Workbook> {
        self.bundled.iter().chain(&self.imported)
    }

    /// The bundled workbook with this id, if there is one.
    pub fn bundled(&self, id: &str) -> Option<&Workbook> {
        self.bundled.iter().find(|w| w.id == id)
    }

    fn is_bundled(&self, id: &str) -> bool {
        self.bundled(id).is_some()
    }

    /// The text of a workbook, as embedded in answers files.
    pub fn source(&self, id: &str) -> Option<&str> {
        self.sources.get(id).map(String::as_str)
    }

    /// Adds a workbook, replacing an added one with the same id.
    pub fn add(&mut self, workbook: Workbook, source: String) {
        self.sources.insert(workbook.id.clone(), source);
        self.imported.retain(|w| w.id != workbook.id);
        self.imported.push(workbook);
    }

    /// Every workbook with where the person is in it: bundled ones in the suggested order,
    /// added ones after them by title.
    pub fn cards<'a>(&'a self, journal: &Journal) -> Vec<WorkbookCard<'a>> {
        let mut cards: Vec<WorkbookCard<'a>> = self
            .bundled
            .iter()
            .map(|wb| (wb, false))
            .chain(self.imported.iter().map(|wb| (wb, true)))
            .map(|(workbook, imported)| WorkbookCard {
                workbook,
                status: journal.status(&workbook.id),
                imported,
            })
            .collect();
        cards.sort_by(|a, b| {
            (a.imported, a.imported.then_some(&a.workbook.title))
                .cmp(&(b.imported, b.imported.then_some(&b.workbook.title)))
        });
        cards
    }

    /// The suggested path through the bundled workbooks, with where the person is in each.
    pub fn path<'a>(&'a self, journal: &Journal) -> Vec<WorkbookCard<'a>> {
        workbook::SUGGESTED_PATH
            .iter()
            .filter_map(|id| self.bundled(id))
            .map(|workbook| WorkbookCard {
                workbook,
                status: journal.status(&workbook.id),
                imported: false,
            })
            .collect()
    }
}
