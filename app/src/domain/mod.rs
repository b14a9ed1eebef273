//! Domain rules, compiled for the server and the browser alike, so a form shows the same
//! error the server enforces. Values of these types can only be made through `parse`.

mod account;
mod choices;
mod contact;
mod group;
mod redirect;
pub mod revision;
mod tags;
mod text;

pub use account::{Email, Password};
pub use choices::{
    ContactPolicy, ContentLanguage, Delivery, IdeaField, IdeaStatus, InvitationStatus, MatchTarget,
    Maturity, NotificationKind, OrganisationType, RequestStatus, TagKind,
};
pub use contact::{Contact, Refusal};
pub use group::{Group, Invitation};
pub use redirect::local_path;
pub use revision::{IdeaVersion, unresolved};
pub use tags::{Tag, TagList};
pub use text::{
    CommentBody, Description, DisplayName, IdeaTitle, LongText, MessageBody, RequestNote,
    ShortText, Teaser, grapheme_len,
};

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
    #[error(
        "Marked differences (<<<<<<< … >>>>>>>) are still in the text: keep what should stay and delete the marker lines."
    )]
    Unresolved,
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
