//! One error type for every server function: `texts::error` is its message for the user
//! (in their language; Display is English, for logs), `status()` the HTTP status, and
//! server-side causes are logged where they happen.

use crate::domain::{FieldErrors, Invalid, Refusal};
use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    #[error("Please correct the marked fields: {0}")]
    Invalid(FieldErrors),
    #[error("Please log in to continue.")]
    Unauthenticated,
    #[error("Please confirm your e-mail address first — we sent you a link.")]
    Unverified,
    #[error("You are not allowed to do that.")]
    Forbidden,
    #[error("We could not find that page or item.")]
    NotFound,
    #[error("E-mail address or password is not correct.")]
    BadCredentials,
    #[error("This link is invalid or has expired. Request a new one from your account page.")]
    BadToken,
    #[error("This idea was changed elsewhere in the meantime. Reload it to see the newer version.")]
    Stale,
    /// The groups a choice was made for changed before it was carried out (a member left,
    /// an idea gained a group): the choice is asked again.
    #[error("Your groups changed in the meantime. Look at them again and choose again.")]
    GroupsChanged,
    #[error("The request could not be understood. Please reload the page and try again.")]
    BadRequest,
    #[error("Too many attempts. Please wait {retry_after_secs} seconds and try again.")]
    TooManyRequests { retry_after_secs: u64 },
    #[error("{0}")]
    Refused(Refusal),
    #[error("We could not reach the server. Check your connection and try again.")]
    Offline,
    #[error("Something went wrong on our side. Please try again in a moment.")]
    Internal,
}

impl AppError {
    pub fn invalid(field: &str, error: Invalid) -> Self {
        Self::Invalid(FieldErrors::single(field, error))
    }

    pub fn status(&self) -> u16 {
        match self {
            Self::Invalid(_) => 422,
            Self::Unauthenticated | Self::BadCredentials => 401,
            Self::Unverified | Self::Forbidden => 403,
            Self::NotFound => 404,
            Self::Stale | Self::GroupsChanged => 409,
            Self::BadToken | Self::BadRequest => 400,
            Self::TooManyRequests { .. } => 429,
            Self::Refused(r) => r.status(),
            Self::Offline | Self::Internal => 500,
        }
    }
}

impl From<Refusal> for AppError {
    fn from(r: Refusal) -> Self {
        Self::Refused(r)
    }
}

/// Each feature's refusal is an `AppError` as it is: `Err(GroupRefusal::GroupFull)?`.
macro_rules! refused {
    ($($t:ty),*) => {$(
        impl From<$t> for AppError {
            fn from(r: $t) -> Self {
                Self::Refused(r.into())
            }
        }
    )*};
}
refused!(
    crate::domain::CommentRefusal,
    crate::domain::ContactRefusal,
    crate::domain::ContestRefusal,
    crate::domain::GroupRefusal,
    crate::domain::JuryRefusal,
    crate::domain::ModerationRefusal,
    crate::domain::ShowcaseRefusal,
    crate::domain::WorkshopRefusal
);

impl From<FieldErrors> for AppError {
    fn from(errors: FieldErrors) -> Self {
        Self::Invalid(errors)
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            ServerFnErrorErr::Request(_) => Self::Offline,
            ServerFnErrorErr::Args(_)
            | ServerFnErrorErr::MissingArg(_)
            | ServerFnErrorErr::Deserialization(_)
            | ServerFnErrorErr::UnsupportedRequestMethod(_) => Self::BadRequest,
            _ => Self::Internal,
        }
    }
}

#[cfg(feature = "ssr")]
impl From<sea_orm::DbErr> for AppError {
    /// Logged with where the statement failed (`at`: the `?` that converted it) inside the
    /// span of the function that ran it, whose fields name what it acted on.
    #[track_caller]
    fn from(err: sea_orm::DbErr) -> Self {
        let at = std::panic::Location::caller();
        tracing::error!(error = %err, %at, "database error");
        Self::Internal
    }
}

#[cfg(feature = "ssr")]
impl<E: std::fmt::Display> From<sea_orm::TransactionError<E>> for AppError
where
    E: Into<AppError> + std::error::Error,
{
    #[track_caller]
    fn from(err: sea_orm::TransactionError<E>) -> Self {
        match err {
            sea_orm::TransactionError::Connection(e) => e.into(),
            sea_orm::TransactionError::Transaction(e) => e.into(),
        }
    }
}
