//! Domain rules, compiled for the server and the browser alike, so a form shows the same
//! error the server enforces. Values of these types can only be made through `parse`.

mod account;
mod choices;
mod comment;
mod contact;
pub mod contest;
mod group;
pub mod idea;
pub mod jury;
pub mod moderation;
mod notification;
mod redirect;
mod refusal;
pub mod revision;
pub mod showcase;
mod tags;
mod text;
pub mod time_zone;
pub mod vocabulary;
pub mod workshop;

pub use account::{Caller, Email, IdeaFate, Password, accept_terms};
pub use choices::{
    AuditAction, ContentLanguage, IdeaStatus, MatchTarget, Maturity, OrganisationType, TagKind,
    UserRole,
};
pub use comment::CommentRefusal;
pub use contact::{Contact, ContactRefusal, within_daily_limit};
pub use contact::{ContactPolicy, RequestStatus};
pub use contest::ContestRefusal;
pub use contest::{CallField, CallKind};
pub use contest::{Phase, Schedule};
pub use group::GroupRefusal;
pub use group::InvitationStatus;
pub use group::{Group, Invitation};
pub use jury::JuryRefusal;
pub use jury::{Conflict, Criterion};
pub use moderation::ModerationRefusal;
pub use moderation::{HoldCause, ReportStatus, ReportTarget};
pub use notification::{Delivery, NotificationKind};
pub use redirect::{back_to, local_path};
pub use refusal::Refusal;
pub use revision::IdeaField;
pub use revision::{IdeaVersion, unresolved};
pub use showcase::ShowcaseRefusal;
pub use showcase::Stage;
pub use tags::{Tag, TagList};
pub use text::{
    Answer, CallText, CallTitle, CommentBody, Description, DisplayName, FeedbackText, IdeaTitle,
    LongText, MessageBody, Place, ProgressText, ReportReason, RequestNote, RetroText, ShortText,
    Teaser, counted_len, grapheme_len,
};
pub use workshop::WorkshopRefusal;
pub use workshop::{Audience, SignupStatus, WorkshopFormat};

use serde::{Deserialize, Serialize};

/// Why a single value was rejected. Display is the message shown next to the field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum Invalid {
    #[error("This field is required.")]
    Required,
    #[error("At most {max} characters, this has {actual}.")]
    TooLong { max: usize, actual: usize },
    #[error(
        "This text has too many accents, marks or joined symbols to store (at most {max} code points)."
    )]
    TooComplex { max: usize },
    #[error("This text is too large to store (at most {max_kib} KiB).")]
    TooLarge { max_kib: usize },
    #[error("At least {min} characters, please.")]
    TooShort { min: usize },
    #[error("Line breaks and control characters are not allowed here.")]
    ControlCharacters,
    #[error("Please enter an e-mail address such as name@example.org.")]
    Email,
    #[error("The password must not contain your e-mail address.")]
    PasswordContainsEmail,
    #[error("Please choose one of the offered options.")]
    UnknownChoice,
    #[error("At most {max} tags, please.")]
    TooManyTags { max: usize },
    #[error("Tags have 2 to 40 letters, digits, spaces or - + . & / characters: “{tag}” does not.")]
    BadTag { tag: String },
    #[error("This is not your current password.")]
    WrongPassword,
    #[error("The two passwords do not match.")]
    PasswordsDiffer,
    #[error("This is already your e-mail address.")]
    SameEmail,
    #[error("Please accept the terms of use to register.")]
    TermsNotAccepted,
    #[error(
        "Marked differences (<<<<<<< … >>>>>>>) are still in the text: keep what should stay and delete the marker lines."
    )]
    Unresolved,
    #[error("Please enter a date and time, such as 2027-03-31 18:00.")]
    DateTime,
    #[error("This time does not exist in Germany (the clocks go forward then).")]
    NoSuchTime,
    #[error("This date must come after the one before it.")]
    NotAfterPrevious,
    #[error("Please enter a whole number of euros, such as 20000.")]
    Amount,
    #[error("At most {max_cents} cents.")]
    OverMax { max_cents: i64 },
    #[error("Please choose a whole number from the scale.")]
    OutOfScale,
    #[error("No member has this e-mail address.")]
    NoSuchMember,
    #[error("Please enter a web address starting with https://, such as https://example.org.")]
    Link,
    #[error("Please enter a whole number of seats from 1 to {max}.")]
    Capacity { max: i32 },
    #[error("{taken} seats are already taken: at least that many, please.")]
    BelowTaken { taken: i32 },
}

/// One rejected field of a form: `field` is the input's `name`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: String,
    pub error: Invalid,
}

/// Every rejected field of one submission, so the user can fix them all at once.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldErrors(pub Vec<FieldError>);

impl FieldErrors {
    /// Parses `value`, recording an error under `field` on failure.
    pub fn check<T>(&mut self, field: &str, value: Result<T, Invalid>) -> Option<T> {
        match value {
            Ok(v) => Some(v),
            Err(error) => {
                self.0.push(FieldError {
                    field: field.to_owned(),
                    error,
                });
                None
            }
        }
    }

    pub fn for_field(&self, field: &str) -> Option<&Invalid> {
        self.0.iter().find(|e| e.field == field).map(|e| &e.error)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn single(field: &str, error: Invalid) -> Self {
        Self(vec![FieldError {
            field: field.to_owned(),
            error,
        }])
    }
}

impl std::fmt::Display for FieldErrors {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (i, e) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str(" ")?;
            }
            write!(f, "{}", e.error)?;
        }
        Ok(())
    }
}
