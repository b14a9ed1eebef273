//! The rule of what the editor says and does with a draft kept on the device: pure, so it
//! is tested without a browser. `browser` carries the steps out.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The prefix of every draft's key in the device's local storage.
pub const PREFIX: &str = "cip-draft:";

/// A draft kept on the device: the editor's fields as typed, by one member, for one idea
/// (`None`: a new one).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LocalDraft {
    pub member: String,
    pub idea: Option<String>,
    /// The revision the editor started from (0 for a new idea): a save carries it, so a
    /// server that moved on meanwhile merges instead of overwriting.
    pub base: i32,
    /// The form's fields by name (`title`, `teaser`, …).
    pub fields: BTreeMap<String, String>,
    /// Saved by the member, not yet on the server: sent when the network allows.
    pub pending: bool,
    /// Last change, in milliseconds since the epoch: pending saves are sent oldest first.
    pub at: f64,
}

impl LocalDraft {
    /// Where the draft of `member` for `idea` is kept.
    pub fn key(member: &str, idea: Option<&str>) -> String {
        format!("{PREFIX}{member}:{}", idea.unwrap_or("new"))
    }

    /// Whether `key` holds a draft of `member` (another account's drafts in the same
    /// browser are never read, shown or sent).
    pub fn is_of(key: &str, member: &str) -> bool {
        key.strip_prefix(PREFIX)
            .and_then(|rest| rest.split_once(':'))
            .is_some_and(|(m, _)| m == member)
    }

    /// Reads a stored draft; `None` for text that is not one of `member`'s drafts for this
    /// key (corrupted, or written by another version or account).
    pub fn parse(key: &str, text: &str, member: &str) -> Option<Self> {
        let d: Self = serde_json::from_str(text).ok()?;
        (Self::is_of(key, member)
            && d.member == member
            && key == Self::key(member, d.idea.as_deref()))
        .then_some(d)
    }

    /// `member`'s pending drafts among `stored` (key, text), oldest first: the order they
    /// are sent in. Unreadable ones are returned apart, to be set aside and reported.
    pub fn pending_of(stored: Vec<(String, String)>, member: &str) -> (Vec<Self>, Vec<String>) {
        let mut pending = Vec::new();
        let mut broken = Vec::new();
        for (key, text) in stored {
            if !Self::is_of(&key, member) {
                continue;
            }
            match Self::parse(&key, &text, member) {
                Some(d) if d.pending => pending.push(d),
                Some(_) => {}
                None => broken.push(key),
            }
        }
        pending.sort_by(|a, b| a.at.total_cmp(&b.at));
        (pending, broken)
    }
}

/// A one-off message beside the editor's status or in the member header.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Notice {
    /// The editor shows text kept on this device, not the server's.
    Restored,
    /// What was saved on this device while offline is on the server now.
    Synced,
    /// A stored draft could not be read; it was set aside.
    Unreadable,
    /// A waiting save met newer changes: its editor shows the merge.
    Merge,
    /// A waiting save was refused (e.g. a title too long): its editor says why.
    Refused,
    /// A waiting save's idea was deleted on the server; the text stays on this device.
    Gone,
}

/// What the editor tells the member about the text (in words, beside the Save button).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Status {
    /// A new idea's form before its first save: nothing of it is on the server yet.
    Unsaved,
    /// The form shows what the server has.
    Saved,
    /// Typed, kept on this device, not saved yet.
    Kept,
    /// Saved without a network: kept on this device, sent when the network is back.
    WillSync,
    Syncing,
    /// The idea moved on meanwhile: the editor opens with the merge to decide.
    Conflict,
    /// The server would not take it; the text stays on the device.
    Problem(Problem),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Problem {
    /// The session ended: log in again, the save is sent then.
    LoggedOut,
    /// The idea was deleted on the server.
    Gone,
    /// Too many saves, or the server failed: tried again later.
    Busy,
    /// The device's storage is full: what was typed last is not kept there.
    Full,
}

/// What happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Event {
    /// The editor woke up with this draft kept on the device (or none).
    Opened {
        kept: Option<bool>,
        online: bool,
        /// A new idea's editor (no idea on the server yet).
        new: bool,
    },
    Typed,
    /// The member pressed Save.
    Save {
        online: bool,
    },
    /// The network is back.
    Online,
    /// The server answered a save.
    Answer(Answer),
    /// Writing to the device's storage failed.
    StorageFull,
}

/// The server's answer to a save.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    Saved,
    /// 409: the idea moved on; the server kept the save as the member's unmerged edit.
    Stale,
    /// 400/422: the server's messages are shown with the form.
    Invalid,
    LoggedOut,
    /// 403/404: deleted, or no longer the member's to edit.
    Gone,
    /// 429 or 5xx.
    Busy,
    /// No answer: the network is down.
    Unreachable,
}

impl Answer {
    pub fn of_status(code: u16) -> Self {
        match code {
            200..=399 => Answer::Saved,
            409 => Answer::Stale,
            400 | 422 => Answer::Invalid,
            401 => Answer::LoggedOut,
            403 | 404 | 410 => Answer::Gone,
            _ => Answer::Busy,
        }
    }
}

/// What the editor does next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Nothing,
    /// Keep the form's text on the device, as a pending save or not.
    Keep {
        pending: bool,
    },
    /// Keep it as pending and send it.
    Send,
    /// Drop the kept draft and open the saved idea (as a plain form post does).
    Done,
    /// Drop the kept draft (the server keeps it) and open the editor, which shows the merge.
    Merge,
    /// Keep the text (not pending) and post the form the plain way, for the server's messages.
    ShowErrors,
}

/// The next status and step. While a save is on its way the form is read-only, so nothing
/// is typed that its answer could lose.
pub fn next(status: Status, event: Event) -> (Status, Step) {
    use Status::*;
    match event {
        Event::Opened {
            kept: None,
            new: true,
            ..
        } => (Unsaved, Step::Nothing),
        Event::Opened { kept: None, .. } => (Saved, Step::Nothing),
        Event::Opened {
            kept: Some(false), ..
        } => (Kept, Step::Nothing),
        Event::Opened {
            kept: Some(true),
            online: true,
            ..
        } => (Syncing, Step::Send),
        Event::Opened {
            kept: Some(true),
            online: false,
            ..
        } => (WillSync, Step::Nothing),
        Event::Typed => match status {
            // Typed after saving offline: the save that waits is the newest text.
            WillSync | Problem(self::Problem::LoggedOut | self::Problem::Busy) => {
                (status, Step::Keep { pending: true })
            }
            Syncing => (Syncing, Step::Nothing),
            _ => (Kept, Step::Keep { pending: false }),
        },
        Event::Save { online: false } => (WillSync, Step::Keep { pending: true }),
        Event::Save { online: true } => (Syncing, Step::Send),
        Event::Online => match status {
            WillSync | Problem(self::Problem::Busy) => (Syncing, Step::Send),
            _ => (status, Step::Nothing),
        },
        Event::StorageFull => (Problem(self::Problem::Full), Step::Nothing),
        Event::Answer(a) => match a {
            Answer::Saved => (Saved, Step::Done),
            Answer::Stale => (Conflict, Step::Merge),
            Answer::Invalid => (Kept, Step::ShowErrors),
            Answer::LoggedOut => (
                Problem(self::Problem::LoggedOut),
                Step::Keep { pending: true },
            ),
            Answer::Gone => (Problem(self::Problem::Gone), Step::Keep { pending: false }),
            Answer::Busy => (Problem(self::Problem::Busy), Step::Keep { pending: true }),
            Answer::Unreachable => (WillSync, Step::Keep { pending: true }),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft(member: &str, idea: Option<&str>, pending: bool, at: f64) -> (String, String) {
        let d = LocalDraft {
            member: member.into(),
            idea: idea.map(Into::into),
            base: 3,
            fields: BTreeMap::from([("title".into(), "Benches".into())]),
            pending,
            at,
        };
        (
            LocalDraft::key(member, idea),
            serde_json::to_string(&d).expect("json"),
        )
    }

    #[test]
    fn a_save_without_network_waits_and_is_sent_when_the_network_is_back() {
        let (s, step) = next(Status::Kept, Event::Save { online: false });
        assert_eq!((s, step), (Status::WillSync, Step::Keep { pending: true }));
        // Typing on keeps the newest text as the save that waits.
        assert_eq!(
            next(s, Event::Typed),
            (Status::WillSync, Step::Keep { pending: true })
        );
        let (s, step) = next(s, Event::Online);
        assert_eq!((s, step), (Status::Syncing, Step::Send));
        assert_eq!(
            next(s, Event::Answer(Answer::Saved)),
            (Status::Saved, Step::Done)
        );
    }

    #[test]
    fn typing_is_kept_at_once_and_a_reload_finds_it() {
        assert_eq!(
            next(Status::Saved, Event::Typed),
            (Status::Kept, Step::Keep { pending: false })
        );
        let reopened = |kept, online| {
            next(
                Status::Saved,
                Event::Opened {
                    kept,
                    online,
                    new: false,
                },
            )
        };
        assert_eq!(reopened(None, true), (Status::Saved, Step::Nothing));
        // A new idea's empty form is not "saved": nothing of it is on the server.
        let fresh = Event::Opened {
            kept: None,
            online: true,
            new: true,
        };
        assert_eq!(next(Status::Saved, fresh), (Status::Unsaved, Step::Nothing));
        assert_eq!(
            next(Status::Unsaved, Event::Typed),
            (Status::Kept, Step::Keep { pending: false })
        );
        assert_eq!(reopened(Some(false), false), (Status::Kept, Step::Nothing));
        // A save that waited is sent as soon as the editor opens online.
        assert_eq!(reopened(Some(true), true), (Status::Syncing, Step::Send));
        assert_eq!(
            reopened(Some(true), false),
            (Status::WillSync, Step::Nothing)
        );
    }

    #[test]
    fn a_server_that_moved_on_merges_and_nothing_is_overwritten() {
        assert_eq!(
            next(Status::Syncing, Event::Answer(Answer::Stale)),
            (Status::Conflict, Step::Merge)
        );
        assert_eq!(Answer::of_status(409), Answer::Stale);
    }

    #[test]
    fn what_the_server_refuses_stays_on_the_device() {
        let answer = |a| next(Status::Syncing, Event::Answer(a));
        assert_eq!(answer(Answer::Invalid), (Status::Kept, Step::ShowErrors));
        assert_eq!(
            answer(Answer::Gone),
            (
                Status::Problem(Problem::Gone),
                Step::Keep { pending: false }
            )
        );
        assert_eq!(
            answer(Answer::LoggedOut),
            (
                Status::Problem(Problem::LoggedOut),
                Step::Keep { pending: true }
            )
        );
        assert_eq!(
            answer(Answer::Unreachable),
            (Status::WillSync, Step::Keep { pending: true })
        );
        let (busy, _) = answer(Answer::Busy);
        assert_eq!(next(busy, Event::Online), (Status::Syncing, Step::Send));
        assert_eq!(
            next(Status::Kept, Event::StorageFull).0,
            Status::Problem(Problem::Full)
        );
        for (code, a) in [
            (200, Answer::Saved),
            (422, Answer::Invalid),
            (400, Answer::Invalid),
            (401, Answer::LoggedOut),
            (403, Answer::Gone),
            (404, Answer::Gone),
            (429, Answer::Busy),
            (500, Answer::Busy),
        ] {
            assert_eq!(Answer::of_status(code), a, "{code}");
        }
    }

    #[test]
    fn typing_during_a_send_changes_nothing_it_could_lose() {
        assert_eq!(
            next(Status::Syncing, Event::Typed),
            (Status::Syncing, Step::Nothing)
        );
    }

    #[test]
    fn only_the_members_own_readable_drafts_are_sent_oldest_first() {
        let stored = vec![
            draft("anna", Some("i2"), true, 20.0),
            draft("anna", Some("i1"), true, 10.0),
            draft("anna", None, false, 5.0),
            draft("ben", Some("i3"), true, 1.0),
            ("cip-draft:anna:i4".into(), "{not json".into()),
            ("other-key".into(), "x".into()),
        ];
        let (pending, broken) = LocalDraft::pending_of(stored, "anna");
        let ideas: Vec<_> = pending.iter().map(|d| d.idea.clone()).collect();
        assert_eq!(ideas, [Some("i1".to_owned()), Some("i2".to_owned())]);
        assert_eq!(broken, ["cip-draft:anna:i4"]);
    }

    #[test]
    fn a_draft_under_another_accounts_key_is_not_read() {
        let (_, text) = draft("ben", Some("i1"), true, 1.0);
        assert!(LocalDraft::parse("cip-draft:anna:i1", &text, "anna").is_none());
        assert!(LocalDraft::parse("cip-draft:ben:i1", &text, "anna").is_none());
        assert!(LocalDraft::parse("cip-draft:ben:i1", &text, "ben").is_some());
        assert!(!LocalDraft::is_of("cip-draft:anna:i1", "ann"));
    }
}
