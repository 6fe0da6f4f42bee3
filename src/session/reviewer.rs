//! The reviewer key: this data folder's sharing key. A therapist makes it on the reviewer key
//! screen and copies its public half into the workbooks they send; a client's trustwork makes
//! one quietly when it first shares answers encrypted, so feedback comes back encrypted too.

use super::{Asker, Effect, FormId, Notice, NoticeKind, ReviewerKeyForm, Screen, Session};
use crate::store::SharingInfo;

impl Session {
    /// The reviewer key screen's form, and the key once made.
    pub fn reviewer_key_parts(&mut self) -> (&mut ReviewerKeyForm, Option<&SharingInfo>) {
        (&mut self.reviewer, self.sharing.as_ref())
    }

    /// Opens the reviewer key screen, with the key's name to start from.
    pub(super) fn open_reviewer_key(&mut self) {
        if self.reviewer.name.is_empty()
            && let Some(info) = &self.sharing
        {
            self.reviewer.name = info.name.clone();
        }
        self.reviewer.message = None;
        self.screen = Screen::ReviewerKey;
    }

    /// Makes the reviewer key, or gives the existing one the name typed.
    pub(super) fn make_reviewer_key(&mut self) -> Vec<Effect> {
        if self.reviewer.busy.is_some() {
            return Vec::new();
        }
        if !self.editable() {
            self.reviewer.message = Some(Notice::warning(
                "This window cannot save (another trustwork window is open, or there is no data folder), so no key can be kept. Make it from the window that can save.",
            ));
            return Vec::new();
        }
        let request = self.request(Asker::MakeSharingKey(None));
        self.reviewer.busy = Some(request);
        self.reviewer.message = None;
        vec![Effect::MakeSharingKey(
            request,
            self.reviewer.name.trim().to_owned(),
        )]
    }

    /// Makes the key quietly for a share form, so the answers it writes can carry it.
    pub(super) fn make_reply_key(&mut self, form: FormId) -> Vec<Effect> {
        if self.sharing.is_some() || !self.editable() {
            return Vec::new();
        }
        let request = self.request(Asker::MakeSharingKey(Some(form)));
        vec![Effect::MakeSharingKey(request, String::new())]
    }

    /// The key was made (or could not be).
    pub(super) fn sharing_key_made(
        &mut self,
        form: Option<FormId>,
        result: Result<SharingInfo, String>,
    ) {
        match (form, result) {
            (None, Ok(info)) => {
                self.reviewer.busy = None;
                self.reviewer.name.clone_from(&info.name);
                self.reviewer.message = Some(Notice::info(
                    "Your reviewer key is ready. Copy the lines below into the workbooks you send.",
                ));
                self.sharing = Some(info);
            }
            (None, Err(message)) => {
                self.reviewer.busy = None;
                self.reviewer.message = Some(Notice::warning(message));
            }
            (Some(_), Ok(info)) => self.sharing = Some(info),
            (Some(form), Err(message)) => self.set_status(
                form,
                NoticeKind::Warning,
                format!(
                    "Your own key for replies could not be made, so feedback on these answers would come back unencrypted. {message}"
                ),
            ),
        }
    }
}
