//! Closing the window: everything is written first, while the window keeps painting; if the
//! disk refuses, the close guard asks what to do, and nothing is lost without asking.

use super::{Asker, CloseChoice, Effect, Screen, Session};

/// Where closing stands.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CloseGuard {
    /// Nothing is closing.
    Open,
    /// The window was asked to close; everything waiting is being written first.
    Saving,
    /// Writing failed: the guard is on screen with the reason, and `retrying` while "Try
    /// saving again" is writing.
    Blocked {
        /// What the disk said, as a sentence.
        error: String,
        /// A retry is being written.
        retrying: bool,
    },
    /// Everything is written, or the person chose to close anyway: the window may close.
    Closing,
}

impl Session {
    /// The window was asked to close: write everything first, unless unsaved review comments
    /// should be asked about.
    pub(super) fn close_requested(&mut self) -> Vec<Effect> {
        match self.close {
            CloseGuard::Saving | CloseGuard::Closing | CloseGuard::Blocked { .. } => {
                return Vec::new();
            }
            CloseGuard::Open => {}
        }
        if let Some(form) = self.review.as_mut().filter(|f| f.has_unsaved()) {
            // Unsaved review comments: stay open on the review and ask.
            form.confirm_close = true;
            self.screen = Screen::Review;
            return Vec::new();
        }
        if !self.editable() {
            self.close = CloseGuard::Closing;
            return vec![Effect::CloseWindow {
                discard_unsaved: false,
            }];
        }
        self.close = CloseGuard::Saving;
        vec![Effect::Flush(self.request(Asker::Close))]
    }

    /// The writes before closing are done, or some failed.
    pub(super) fn close_flushed(&mut self, all_saved: bool) -> Vec<Effect> {
        if all_saved {
            self.close = CloseGuard::Closing;
            return vec![Effect::CloseWindow {
                discard_unsaved: false,
            }];
        }
        let error = self
            .saving
            .first_error()
            .unwrap_or("The answers could not be written.")
            .to_owned();
        self.close = CloseGuard::Blocked {
            error,
            retrying: false,
        };
        Vec::new()
    }

    /// A save landed while the close guard was up (the saver tries again by itself): once
    /// nothing is left unsaved, the guard agrees with the top bar and the window closes, as
    /// was asked.
    pub(super) fn saved_while_closing(&mut self) -> Vec<Effect> {
        if !matches!(self.close, CloseGuard::Blocked { .. })
            || !matches!(self.saving.status(), super::SaveStatus::Saved(_))
        {
            return Vec::new();
        }
        self.pending
            .retain(|_, asker| !matches!(asker, Asker::Close));
        self.close = CloseGuard::Closing;
        vec![Effect::CloseWindow {
            discard_unsaved: false,
        }]
    }

    /// What the person chose on the close guard.
    pub(super) fn close_choice(&mut self, choice: CloseChoice) -> Vec<Effect> {
        let CloseGuard::Blocked { error, retrying } = &self.close else {
            return Vec::new();
        };
        match choice {
            CloseChoice::TryAgain if !retrying => {
                self.close = CloseGuard::Blocked {
                    error: error.clone(),
                    retrying: true,
                };
                vec![Effect::Flush(self.request(Asker::Close))]
            }
            CloseChoice::TryAgain => Vec::new(),
            CloseChoice::KeepOpen => {
                self.close = CloseGuard::Open;
                // A retry still on its way must not close the window after all.
                self.pending
                    .retain(|_, asker| !matches!(asker, Asker::Close));
                Vec::new()
            }
            CloseChoice::CloseAnyway => {
                self.close = CloseGuard::Closing;
                vec![Effect::CloseWindow {
                    discard_unsaved: true,
                }]
            }
        }
    }
}
